"""Reads a model file written by Java with numpy.load, checks it, and writes it back with NumPy.

Usage: npz_roundtrip.py MODEL.npz OUT_SAVEZ.npz OUT_COMPRESSED.npz

Checks, stopping with exit status 1 and a message at the first failure:
- numpy.load opens the file without allow_pickle;
- Wax, Waa, Wya, b, by and every state_<name> are little-endian float64 stored in C order, finite,
  with shapes that agree: Wax (n_a, V), Waa (n_a, n_a), Wya (V, n_a), b (n_a, 1), by (V, 1);
- vocabulary holds V int32 code points; config and format are JSON strings; format lists every entry.

Then writes the same model twice, the way a NumPy user might:
- OUT_SAVEZ with np.savez: the vocabulary as np.array(list(chars)) (dtype <U1), the config as a
  0-d unicode string, Wya transposed in memory (so it is stored in Fortran order), no format entry;
- OUT_COMPRESSED with np.savez_compressed: the vocabulary as int32 code points, the config as bytes,
  by big-endian, the format entry kept.
The Java test loads both and compares them with the model it saved, bit for bit.
"""
import json
import sys
import zipfile

import numpy as np

PARAMETERS = ["Wax", "Waa", "Wya", "b", "by"]


def fail(message):
    print("npz_roundtrip: " + message, file=sys.stderr)
    sys.exit(1)


def stored_header(path, name):
    """(shape, fortran_order, dtype) exactly as the .npy header of one entry says."""
    with zipfile.ZipFile(path) as archive, archive.open(name + ".npy") as f:
        version = np.lib.format.read_magic(f)
        if version == (1, 0):
            return np.lib.format.read_array_header_1_0(f)
        return np.lib.format.read_array_header_2_0(f)


def check(path):
    with np.load(path) as z:  # allow_pickle is False by default
        arrays = {name: z[name] for name in z.files}

    float_entries = PARAMETERS + [name for name in arrays if name.startswith("state_")]
    for name in float_entries:
        if name not in arrays:
            fail(f"entry {name} is missing")
        shape, fortran_order, dtype = stored_header(path, name)
        if dtype != np.dtype("<f8"):
            fail(f"{name} has dtype {dtype.str}, expected <f8")
        if fortran_order:
            fail(f"{name} is stored in Fortran order")
        if not np.all(np.isfinite(arrays[name])):
            fail(f"{name} has values that are not finite")

    n_a = arrays["Waa"].shape[0]
    V = arrays["Wax"].shape[1]
    expected = {"Wax": (n_a, V), "Waa": (n_a, n_a), "Wya": (V, n_a), "b": (n_a, 1), "by": (V, 1)}
    for name, shape in expected.items():
        if arrays[name].shape != shape:
            fail(f"{name} is {arrays[name].shape}, expected {shape}")

    codes = arrays["vocabulary"]
    if codes.dtype != np.dtype("<i4") or codes.shape != (V,):
        fail(f"vocabulary is {codes.dtype.str} {codes.shape}, expected <i4 ({V},)")
    vocabulary = "".join(chr(c) for c in codes)

    config = json.loads(arrays["config"][0])
    if not all(isinstance(v, str) for v in config.values()):
        fail(f"config values are not all strings: {config}")

    fmt = json.loads(arrays["format"][0])
    if fmt["format"] != "rnn-workbench model" or fmt["version"] != 1:
        fail(f"unexpected format entry {fmt}")
    if sorted(fmt["entries"]) != sorted(arrays):
        fail(f"format lists {fmt['entries']} but the file has {sorted(arrays)}")
    return arrays, vocabulary, config


def write_back(arrays, vocabulary, config, out_savez, out_compressed):
    state = {name: a for name, a in arrays.items() if name.startswith("state_")}

    params = {name: arrays[name] for name in PARAMETERS}
    params["Wya"] = np.asfortranarray(params["Wya"])
    np.savez(out_savez, **params, **state,
             vocabulary=np.array(list(vocabulary)),
             config=np.array(json.dumps(config)))

    params = {name: arrays[name] for name in PARAMETERS}
    params["by"] = params["by"].astype(">f8")
    np.savez_compressed(out_compressed, **params, **state,
                        vocabulary=np.array([ord(c) for c in vocabulary], dtype=np.int32),
                        config=np.array([json.dumps(config).encode("ascii")]),
                        format=arrays["format"])

    # Make sure the variants the Java reader must handle really are in the files.
    if stored_header(out_savez, "Wya")[1] is not True and min(arrays["Wya"].shape) > 1:
        fail("Wya was not stored in Fortran order")
    if stored_header(out_savez, "vocabulary")[2] != np.dtype("<U1"):
        fail("the vocabulary was not stored as <U1")
    if stored_header(out_compressed, "by")[2] != np.dtype(">f8"):
        fail("by was not stored big-endian")


def main(argv):
    if len(argv) != 4:
        fail("usage: npz_roundtrip.py MODEL.npz OUT_SAVEZ.npz OUT_COMPRESSED.npz")
    arrays, vocabulary, config = check(argv[1])
    write_back(arrays, vocabulary, config, argv[2], argv[3])
    n_a, V = arrays["Wax"].shape
    states = sorted(name for name in arrays if name.startswith("state_"))
    print(f"npz_roundtrip: ok: n_a={n_a}, V={V}, config keys {list(config)}, state {states}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
