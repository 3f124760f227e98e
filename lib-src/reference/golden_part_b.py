"""Golden fixtures for Part B (the character-level language model), from lm_reference.py.

Small inputs are stored in the fixtures. The assignment's 100-unit tests draw ~13,000 numbers:
for those the fixture stores the seed and the draw order, and the Java test re-creates the
inputs with NumpyRandom; a summary of the drawn inputs ("check") lets it confirm it did.
Large outputs are stored as a summary (shape, sum, Frobenius norm, first and last entries)
plus the values the assignment's test cell prints.
"""
import pathlib

import numpy as np

import fixtures
import lm_reference as lm

DATA = pathlib.Path(__file__).resolve().parents[2] / "data"
PARAM_NAMES = ["Wax", "Waa", "Wya", "b", "by"]
GRAD_NAMES = lm.GRADIENT_NAMES


def summary(a):
    a = np.asarray(a, dtype=np.float64)
    flat = a.ravel()
    return {"shape": list(a.shape), "sum": float(flat.sum()), "norm": float(np.linalg.norm(flat)),
            "first": [float(v) for v in flat[:5]], "last": [float(v) for v in flat[-5:]]}


def arrays(d, names):
    return {k: fixtures.arr(d[k]) for k in names}


def sequence(X):
    """X with None written as null."""
    return [None if v is None else int(v) for v in X]


def random_parameters(n_a, vocab_size, scale):
    return {"Wax": np.random.randn(n_a, vocab_size) * scale, "Waa": np.random.randn(n_a, n_a) * scale,
            "Wya": np.random.randn(vocab_size, n_a) * scale, "b": np.random.randn(n_a, 1) * scale,
            "by": np.random.randn(vocab_size, 1) * scale}


def newline_first_vocab(vocab_size):
    chars = ["\n"] + [chr(ord("a") + i) for i in range(vocab_size - 1)]
    return {ch: i for i, ch in enumerate(chars)}, {i: ch for i, ch in enumerate(chars)}


# ---------------------------------------------------------------------------------------- clip

def clip_inputs(seed, shapes, scale):
    np.random.seed(seed)
    return {k: np.random.randn(*shapes[k]) * scale for k in ["dWax", "dWaa", "dWya", "db", "dby"]}


def clip_fixture():
    official_shapes = {"dWax": (5, 3), "dWaa": (5, 5), "dWya": (2, 5), "db": (5, 1), "dby": (2, 1)}
    official = {"seed": 3, "scale": 10, "draw_order": ["dWax", "dWaa", "dWya", "db", "dby"],
                "inputs": arrays(clip_inputs(3, official_shapes, 10), GRAD_NAMES)}
    for max_value in (10, 5):
        g = lm.clip(clip_inputs(3, official_shapes, 10), max_value)
        official["max%d" % max_value] = {
            "maxValue": max_value, "gradients": arrays(g, GRAD_NAMES),
            "printed": {"dWaa[1][2]": float(g["dWaa"][1][2]), "dWax[3][1]": float(g["dWax"][3][1]),
                        "dWya[1][2]": float(g["dWya"][1][2]), "db[4]": float(g["db"][4][0]),
                        "dby[1]": float(g["dby"][1][0])}}
    extra = []
    for seed, n_a, n_x, scale, max_value in [(0, 7, 4, 3.0, 1.5), (11, 3, 9, 0.5, 0.25),
                                             (42, 10, 6, 20.0, 5.0), (5, 4, 4, 1.0, 100.0)]:
        shapes = {"dWax": (n_a, n_x), "dWaa": (n_a, n_a), "dWya": (n_x, n_a), "db": (n_a, 1),
                  "dby": (n_x, 1)}
        inputs = clip_inputs(seed, shapes, scale)
        clipped = lm.clip({k: v.copy() for k, v in inputs.items()}, max_value)
        extra.append({"seed": seed, "maxValue": max_value, "inputs": arrays(inputs, GRAD_NAMES),
                      "gradients": arrays(clipped, GRAD_NAMES)})
    return {"official": official, "extra": extra}


# -------------------------------------------------------------------------------------- sample

def sample_fixture():
    n_a, vocab_size = 100, 27
    char_to_ix, ix_to_char = newline_first_vocab(vocab_size)
    np.random.seed(24)
    Wax, Waa = np.random.randn(n_a, vocab_size), np.random.randn(n_a, n_a)
    Wya, b, by = np.random.randn(vocab_size, n_a), np.random.randn(n_a, 1), np.random.randn(vocab_size, 1)
    parameters = {"Wax": Wax, "Waa": Waa, "Wya": Wya, "b": b, "by": by}
    by_seed = {}
    for seed in (0, 1, 2, 3, 7, 24, 1000):
        by_seed[str(seed)] = [int(i) for i in lm.sample(parameters, char_to_ix, seed)]
    indices = by_seed["0"]
    official = {"seed": 24, "n_a": n_a, "vocab_size": vocab_size, "draw_order": PARAM_NAMES,
                "check": {k: summary(parameters[k]) for k in PARAM_NAMES},
                "indices": indices, "chars": "".join(ix_to_char[i] for i in indices),
                "by_seed": by_seed}

    small = []
    for seed, n_a, vocab_size, scale, newline_bias in [(2, 5, 7, 1.0, 0.0), (9, 12, 11, 0.5, 0.0),
                                                       (13, 4, 6, 2.0, -40.0)]:
        char_to_ix, _ = newline_first_vocab(vocab_size)
        np.random.seed(seed)
        p = random_parameters(n_a, vocab_size, scale)
        # A strongly negative newline bias never lets the name end: the 50-character cap applies.
        p["by"][char_to_ix["\n"]] += newline_bias
        samples = {str(s): [int(i) for i in lm.sample(p, char_to_ix, s)] for s in range(6)}
        small.append({"parameters": arrays(p, PARAM_NAMES), "samples": samples})
    assert any(len(v) == 51 for case in small for v in case["samples"].values())
    return {"official": official, "small": small}


# ------------------------------------------------------------------------- forward / backward

def rnn_fixture():
    cases = []
    for seed, n_a, vocab_size, length, first_none in [(1, 6, 5, 4, True), (4, 3, 8, 1, True),
                                                      (8, 9, 4, 9, False), (21, 5, 6, 15, True)]:
        np.random.seed(seed)
        p = random_parameters(n_a, vocab_size, 0.8)
        a0 = np.random.randn(n_a, 1)
        X = [int(v) for v in np.random.randint(0, vocab_size, size=length)]
        if first_none:
            X[0] = None
        Y = X[1:] + [0]
        loss, cache = lm.rnn_forward(X, Y, a0, p, vocab_size)
        y_hat, a, _ = cache
        gradients, _ = lm.rnn_backward(X, Y, p, cache)
        T = len(X)
        cases.append({
            "parameters": arrays(p, PARAM_NAMES), "a0": fixtures.arr(a0), "X": sequence(X), "Y": Y,
            "loss": float(loss),
            "a": fixtures.arr(np.stack([a[t][:, 0] for t in range(T)], axis=1)),
            "y_hat": fixtures.arr(np.stack([y_hat[t][:, 0] for t in range(T)], axis=1)),
            "gradients": arrays(gradients, GRAD_NAMES), "da_next": fixtures.arr(gradients["da_next"])})
    return {"cases": cases, "note": "a and y_hat are (n, T): column t is step t"}


# ------------------------------------------------------------------------------------ optimize

def optimize_fixture():
    n_a, vocab_size = 100, 27
    np.random.seed(1)
    a_prev = np.random.randn(n_a, 1)
    Wax, Waa = np.random.randn(n_a, vocab_size), np.random.randn(n_a, n_a)
    Wya, b, by = np.random.randn(vocab_size, n_a), np.random.randn(n_a, 1), np.random.randn(vocab_size, 1)
    parameters = {"Wax": Wax, "Waa": Waa, "Wya": Wya, "b": b, "by": by}
    check = {k: summary(parameters[k]) for k in PARAM_NAMES}
    check["a_prev"] = summary(a_prev)
    X = [12, 3, 5, 11, 22, 3]
    Y = [4, 14, 11, 22, 25, 26]
    loss, g, a_last = lm.optimize(X, Y, a_prev, parameters, learning_rate=0.01)
    official = {
        "seed": 1, "n_a": n_a, "vocab_size": vocab_size,
        "draw_order": ["a_prev"] + PARAM_NAMES, "X": X, "Y": Y, "learning_rate": 0.01, "check": check,
        "printed": {"loss": float(loss), "dWaa[1][2]": float(g["dWaa"][1][2]),
                    "argmax(dWax)": int(np.argmax(g["dWax"])), "dWya[1][2]": float(g["dWya"][1][2]),
                    "db[4]": float(g["db"][4][0]), "dby[1]": float(g["dby"][1][0]),
                    "a_last[4]": float(a_last[4][0])},
        "gradients": {k: summary(g[k]) for k in GRAD_NAMES},
        "db": fixtures.arr(g["db"]), "dby": fixtures.arr(g["dby"]), "a_last": fixtures.arr(a_last),
        "updated": {k: summary(parameters[k]) for k in PARAM_NAMES}}

    small = []
    clipped_somewhere = False
    for seed, n_a, vocab_size, length, lr in [(5, 6, 5, 12, 0.01), (6, 4, 7, 3, 0.1), (7, 8, 4, 20, 0.05)]:
        np.random.seed(seed)
        p = random_parameters(n_a, vocab_size, 1.5)
        a_prev = np.random.randn(n_a, 1)
        X = [None] + [int(v) for v in np.random.randint(0, vocab_size, size=length - 1)]
        Y = X[1:] + [0]
        inputs = arrays(p, PARAM_NAMES)
        raw = {}
        loss, g, a_last = lm.optimize(X, Y, a_prev.copy(), p, lr,
                                      observe=lambda gr: raw.update({k: gr[k].copy() for k in GRAD_NAMES}))
        clipped_somewhere |= any(np.any(np.abs(raw[k]) > 5) for k in GRAD_NAMES)
        small.append({"parameters": inputs, "a_prev": fixtures.arr(a_prev), "X": sequence(X), "Y": Y,
                      "learning_rate": lr, "loss": float(loss), "gradients": arrays(g, GRAD_NAMES),
                      "a_last": fixtures.arr(a_last), "updated": arrays(p, PARAM_NAMES)})
    assert clipped_somewhere, "no small optimize case exercises clipping"
    return {"official": official, "small": small}


# ------------------------------------------------------------------------------------- model

def model_fixture(file_name, iterations, n_a, samples, keep_norms=100):
    path = DATA / file_name
    with open(path, encoding="utf-8") as f:
        char_to_ix, ix_to_char = lm.vocabulary(f.read())
    history = {}
    parameters = lm.model(str(path), ix_to_char, char_to_ix, num_iterations=iterations, n_a=n_a,
                          dino_names=samples, vocab_size=len(char_to_ix), verbose=False, history=history)
    initial = lm.initialize_parameters(n_a, len(char_to_ix), len(char_to_ix))
    return {
        "data": "data/" + file_name, "iterations": iterations, "n_a": n_a, "samples": samples,
        "learning_rate": 0.01, "vocabulary": "".join(ix_to_char[i] for i in range(len(ix_to_char))),
        "initial_loss": float(lm.get_initial_loss(len(char_to_ix), samples)),
        "initial_parameters": {k: summary(initial[k]) for k in PARAM_NAMES},
        "order": history["order"], "loss": history["loss"], "smoothed_loss": history["smoothed_loss"],
        "checkpoints": [{"iteration": j, "indices": s} for j, s in history["checkpoints"]],
        "log": history["log"],
        "norms": [[float(v) for v in row] for row in history["norms"][:keep_norms]],
        "clipped_norms": [[float(v) for v in row] for row in history["clipped_norms"][:keep_norms]],
        "clipped_fraction": [float(v) for v in history["clipped_fraction"][:keep_norms]],
        "norm_columns": GRAD_NAMES,
        "final_parameters": {k: summary(parameters[k]) for k in PARAM_NAMES}}


def generate(out_dir):
    fixtures.write(out_dir, "lm_clip.json", clip_fixture())
    fixtures.write(out_dir, "lm_sample.json", sample_fixture())
    fixtures.write(out_dir, "lm_rnn.json", rnn_fixture())
    fixtures.write(out_dir, "lm_optimize.json", optimize_fixture())
    # 2,001 iterations: the first 2,000 plus the checkpoint printed at iteration 2,000.
    fixtures.write(out_dir, "lm_model_elements.json", model_fixture("element_list.txt", 2001, 65, 7))
    fixtures.write(out_dir, "lm_model_movies.json", model_fixture("movie_titles.txt", 2001, 30, 10))
