"""Reads a model file written by Java with numpy.load, checks it, and writes it back with NumPy.

Usage: npz_roundtrip.py MODEL.npz OUT_SAVEZ.npz OUT_COMPRESSED.npz

The file holds an RNN (no "cell" entry), a GRU (cell "gru") or an LSTM (cell "lstm").

Checks, stopping with exit status 1 and a message at the first failure:
- numpy.load opens the file without allow_pickle;
- the cell entry, when present, is one ASCII string naming a GRU or LSTM, and the format version is
  1 for an RNN and 2 for the others;
- the cell's parameters and every state_<name> are little-endian float64 stored in C order, finite,
  with shapes that agree: for the RNN Wax (n_a, V), Waa (n_a, n_a), Wya (V, n_a), b (n_a, 1),
  by (V, 1); for the GRU Wz, Wr, Wh (n_a, n_a + V), Wy (V, n_a), by (V, 1); for the LSTM Wf, Wi, Wc,
  Wo (n_a, n_a + V), bf, bi, bc, bo (n_a, 1), Wy (V, n_a), by (V, 1);
- vocabulary holds V int32 code points; config and format are JSON strings; format lists every entry.

Then writes the same model twice, the way a NumPy user might:
- OUT_SAVEZ with np.savez: the cell as a 0-d unicode string (cell="gru"), the vocabulary as
  np.array(list(chars)) (dtype <U1), the config as a 0-d unicode string, the output weights (Wya or
  Wy) transposed in memory (so they are stored in Fortran order), no format entry;
- OUT_COMPRESSED with np.savez_compressed: the cell as bytes, the vocabulary as int32 code points,
  the config as bytes, by big-endian, the format entry kept.
The Java test loads both and compares them with the model it saved, bit for bit.
"""
import json
import sys
import zipfile

import numpy as np

PARAMETERS = {
    "rnn": ["Wax", "Waa", "Wya", "b", "by"],
    "gru": ["Wz", "Wr", "Wh", "Wy", "by"],
    "lstm": ["Wf", "bf", "Wi", "bi", "Wc", "bc", "Wo", "bo", "Wy", "by"],
}
OUTPUT_WEIGHTS = {"rnn": "Wya", "gru": "Wy", "lstm": "Wy"}


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


def expected_shapes(cell, n_a, V):
    """Every parameter's shape for the cell."""
    if cell == "rnn":
        return {"Wax": (n_a, V), "Waa": (n_a, n_a), "Wya": (V, n_a), "b": (n_a, 1), "by": (V, 1)}
    shapes = {}
    for name in PARAMETERS[cell]:
        if name == "Wy":
            shapes[name] = (V, n_a)
        elif name == "by":
            shapes[name] = (V, 1)
        elif name.startswith("W"):
            shapes[name] = (n_a, n_a + V)  # a gate, acting on [a; x]
        else:
            shapes[name] = (n_a, 1)  # a gate's bias
    return shapes


def check(path):
    with np.load(path) as z:  # allow_pickle is False by default
        arrays = {name: z[name] for name in z.files}

    cell = "rnn"
    if "cell" in arrays:
        stored = arrays["cell"]
        if stored.dtype.kind != "S" or stored.shape != (1,):
            fail(f"cell is {stored.dtype.str} {stored.shape}, expected |S (1,)")
        cell = stored[0].decode("ascii")
        if cell not in ("gru", "lstm"):
            fail(f"cell is {cell!r}, expected gru or lstm (an RNN's file has no cell entry)")
    parameters = PARAMETERS[cell]

    float_entries = parameters + [name for name in arrays if name.startswith("state_")]
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

    n_a = arrays[parameters[0]].shape[0]  # Wax, Wz or Wf: n_a rows
    V = arrays[OUTPUT_WEIGHTS[cell]].shape[0]
    for name, shape in expected_shapes(cell, n_a, V).items():
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
    version = 1 if cell == "rnn" else 2
    if fmt["format"] != "rnn-workbench model" or fmt["version"] != version:
        fail(f"unexpected format entry {fmt}, expected version {version} for the {cell} cell")
    if sorted(fmt["entries"]) != sorted(arrays):
        fail(f"format lists {fmt['entries']} but the file has {sorted(arrays)}")
    return cell, arrays, vocabulary, config


def write_back(cell, arrays, vocabulary, config, out_savez, out_compressed):
    state = {name: a for name, a in arrays.items() if name.startswith("state_")}
    output = OUTPUT_WEIGHTS[cell]
    named_cell = {} if cell == "rnn" else {"cell": cell}

    params = {name: arrays[name] for name in PARAMETERS[cell]}
    params[output] = np.asfortranarray(params[output])
    np.savez(out_savez, **named_cell, **params, **state,
             vocabulary=np.array(list(vocabulary)),
             config=np.array(json.dumps(config)))

    named_cell = {} if cell == "rnn" else {"cell": np.array([cell.encode("ascii")])}
    params = {name: arrays[name] for name in PARAMETERS[cell]}
    params["by"] = params["by"].astype(">f8")
    np.savez_compressed(out_compressed, **named_cell, **params, **state,
                        vocabulary=np.array([ord(c) for c in vocabulary], dtype=np.int32),
                        config=np.array([json.dumps(config).encode("ascii")]),
                        format=arrays["format"])

    # Make sure the variants the Java reader must handle really are in the files.
    if stored_header(out_savez, output)[1] is not True and min(arrays[output].shape) > 1:
        fail(f"{output} was not stored in Fortran order")
    if stored_header(out_savez, "vocabulary")[2] != np.dtype("<U1"):
        fail("the vocabulary was not stored as <U1")
    if stored_header(out_compressed, "by")[2] != np.dtype(">f8"):
        fail("by was not stored big-endian")


def main(argv):
    if len(argv) != 4:
        fail("usage: npz_roundtrip.py MODEL.npz OUT_SAVEZ.npz OUT_COMPRESSED.npz")
    cell, arrays, vocabulary, config = check(argv[1])
    write_back(cell, arrays, vocabulary, config, argv[2], argv[3])
    V, n_a = arrays[OUTPUT_WEIGHTS[cell]].shape
    states = sorted(name for name in arrays if name.startswith("state_"))
    print(f"npz_roundtrip: ok: n_a={n_a}, V={V}, cell {cell}, config keys {list(config)}, state {states}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
