"""Helpers shared by the golden generators: array encoding and atomic JSON writes."""
import json
import os
import pathlib
import tempfile

import numpy as np


def arr(a):
    """A NumPy array (or scalar) as {"shape": [...], "data": [...]} in C order."""
    a = np.asarray(a, dtype=np.float64)
    return {"shape": list(a.shape), "data": [float(v) for v in a.ravel(order="C")]}


def write(out_dir, name, obj):
    """Writes obj as JSON to out_dir/name, atomically (temporary file, then rename)."""
    out_dir = pathlib.Path(out_dir)
    fd, tmp = tempfile.mkstemp(dir=out_dir, prefix="." + name, suffix=".tmp")
    os.chmod(tmp, 0o644)  # mkstemp makes the file private; fixtures are ordinary files
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        json.dump(obj, f, indent=1, sort_keys=True)
        f.write("\n")
    os.replace(tmp, out_dir / name)
