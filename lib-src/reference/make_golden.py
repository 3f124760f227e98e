"""Writes the golden JSON fixtures used by the Java tests (`make golden`).

Every module `golden_<topic>.py` beside this file defines `generate(out_dir)`, which computes
expected values with the NumPy reference and writes one or more JSON files into `out_dir`.
Arrays are written as {"shape": [...], "data": [... C order ...]}; Python writes floats with
repr(), so Java reads every double back exactly. Inputs are not stored where Java can re-create
them from a seed with NumpyRandom.
"""
import importlib
import pathlib
import sys

HERE = pathlib.Path(__file__).resolve().parent
DEFAULT_OUT = HERE.parent / "test" / "resources" / "golden"


def main(argv):
    out = pathlib.Path(argv[1]) if len(argv) > 1 else DEFAULT_OUT
    out.mkdir(parents=True, exist_ok=True)
    sys.path.insert(0, str(HERE))
    modules = sorted(p.stem for p in HERE.glob("golden_*.py"))
    if not modules:
        print("no golden_*.py generators found", file=sys.stderr)
        return 1
    for name in modules:
        importlib.import_module(name).generate(out)
        print(f"{name}: done")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
