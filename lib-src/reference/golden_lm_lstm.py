"""Golden fixtures for the LSTM character-level language model, from lm_lstm_reference.py."""
import pathlib

import numpy as np

import fixtures
import lm_lstm_reference as lstm
import lm_reference as lm

DATA = pathlib.Path(__file__).resolve().parents[2] / "data"
PARAM_NAMES = lstm.PARAMETER_NAMES
GRAD_NAMES = lstm.GRADIENT_NAMES


def arrays(d, names):
    return {k: fixtures.arr(d[k]) for k in names}


def sequence(X):
    return [None if v is None else int(v) for v in X]


def random_parameters(n_a, vocab_size, scale):
    """Every parameter drawn, biases included, in the order of PARAMETER_NAMES."""
    k = n_a + vocab_size
    shapes = {"Wf": (n_a, k), "bf": (n_a, 1), "Wi": (n_a, k), "bi": (n_a, 1), "Wc": (n_a, k), "bc": (n_a, 1),
              "Wo": (n_a, k), "bo": (n_a, 1), "Wy": (vocab_size, n_a), "by": (vocab_size, 1)}
    return {name: np.random.randn(*shapes[name]) * scale for name in PARAM_NAMES}


def newline_first_vocab(vocab_size):
    chars = ["\n"] + [chr(ord("a") + i) for i in range(vocab_size - 1)]
    return {ch: i for i, ch in enumerate(chars)}


def forward_backward_fixture():
    cases = []
    for seed, n_a, vocab_size, length, first_none in [(1, 6, 5, 4, True), (4, 3, 8, 1, True),
                                                      (8, 9, 4, 9, False), (21, 5, 6, 15, True)]:
        np.random.seed(seed)
        p = random_parameters(n_a, vocab_size, 0.8)
        a0 = np.random.randn(n_a, 1)
        c0 = np.random.randn(n_a, 1)
        X = [int(v) for v in np.random.randint(0, vocab_size, size=length)]
        if first_none:
            X[0] = None
        Y = X[1:] + [0]
        loss, cache = lstm.lstm_lm_forward(X, Y, a0, c0, p)
        caches, y_hat = cache
        g = lstm.lstm_lm_backward(Y, p, cache)
        cases.append({
            "parameters": arrays(p, PARAM_NAMES), "a0": fixtures.arr(a0), "c0": fixtures.arr(c0),
            "X": sequence(X), "Y": Y, "loss": float(loss),
            "a": fixtures.arr(np.stack([c[0][:, 0] for c in caches], axis=1)),
            "c": fixtures.arr(np.stack([c[1][:, 0] for c in caches], axis=1)),
            "y_hat": fixtures.arr(np.stack([y[:, 0] for y in y_hat], axis=1)),
            "gradients": arrays(g, GRAD_NAMES), "da0": fixtures.arr(g["da_next"]),
            "dc0": fixtures.arr(g["dc_next"])})
    return {"cases": cases, "note": "a, c and y_hat are (n, T): column t is step t"}


def optimize_fixture():
    cases = []
    clipped_somewhere = False
    for seed, n_a, vocab_size, length, lr, scale in [(5, 6, 5, 12, 0.01, 1.5), (6, 4, 7, 3, 0.1, 1.5),
                                                     (7, 8, 4, 20, 0.05, 1.5)]:
        np.random.seed(seed)
        p = random_parameters(n_a, vocab_size, scale)
        a_prev = np.random.randn(n_a, 1)
        c_prev = np.random.randn(n_a, 1)
        X = [None] + [int(v) for v in np.random.randint(0, vocab_size, size=length - 1)]
        Y = X[1:] + [0]
        inputs = arrays(p, PARAM_NAMES)
        raw = {}
        loss, g, a_last, c_last = lstm.optimize(
            X, Y, a_prev.copy(), c_prev.copy(), p, lr,
            observe=lambda gr: raw.update({k: gr[k].copy() for k in GRAD_NAMES}))
        clipped_somewhere |= any(np.any(np.abs(raw[k]) > 5) for k in GRAD_NAMES)
        cases.append({"parameters": inputs, "a_prev": fixtures.arr(a_prev), "c_prev": fixtures.arr(c_prev),
                      "X": sequence(X), "Y": Y, "learning_rate": lr, "loss": float(loss),
                      "gradients": arrays(g, GRAD_NAMES), "a_last": fixtures.arr(a_last),
                      "c_last": fixtures.arr(c_last), "updated": arrays(p, PARAM_NAMES)})
    assert clipped_somewhere, "no LSTM optimize case exercises clipping"
    return {"cases": cases}


def sample_fixture():
    cases = []
    for seed, n_a, vocab_size, scale, newline_bias in [(2, 5, 7, 1.0, 0.0), (9, 12, 11, 1.5, 0.0),
                                                       (13, 4, 6, 2.0, -40.0)]:
        char_to_ix = newline_first_vocab(vocab_size)
        np.random.seed(seed)
        p = random_parameters(n_a, vocab_size, scale)
        # A strongly negative newline bias never lets the name end: the 50-character cap applies.
        p["by"][char_to_ix["\n"]] += newline_bias
        samples = {str(s): [int(i) for i in lstm.sample(p, char_to_ix, s)] for s in range(6)}
        cases.append({"parameters": arrays(p, PARAM_NAMES), "samples": samples})
    assert any(len(v) == 51 for case in cases for v in case["samples"].values())
    return {"cases": cases}


def model_fixture(file_name, iterations, n_a, samples, keep_norms=100):
    path = DATA / file_name
    with open(path, encoding="utf-8") as f:
        char_to_ix, ix_to_char = lm.vocabulary(f.read())
    history = {}
    parameters = lstm.model(str(path), ix_to_char, char_to_ix, num_iterations=iterations, n_a=n_a,
                            dino_names=samples, vocab_size=len(char_to_ix), verbose=False, history=history)
    initial = lstm.initialize_parameters(n_a, len(char_to_ix), len(char_to_ix))
    return {
        "data": "data/" + file_name, "iterations": iterations, "n_a": n_a, "samples": samples,
        "learning_rate": 0.01, "vocabulary": "".join(ix_to_char[i] for i in range(len(ix_to_char))),
        "initial_parameters": arrays(initial, PARAM_NAMES),
        "loss": history["loss"], "smoothed_loss": history["smoothed_loss"],
        "checkpoints": [{"iteration": j, "indices": s} for j, s in history["checkpoints"]],
        "log": history["log"],
        "norms": [[float(v) for v in row] for row in history["norms"][:keep_norms]],
        "clipped_norms": [[float(v) for v in row] for row in history["clipped_norms"][:keep_norms]],
        "clipped_fraction": [float(v) for v in history["clipped_fraction"][:keep_norms]],
        "norm_columns": GRAD_NAMES,
        "a_last": fixtures.arr(history["a_last"]), "c_last": fixtures.arr(history["c_last"]),
        "final_parameters": arrays(parameters, PARAM_NAMES)}


def generate(out_dir):
    fixtures.write(out_dir, "lm_lstm_forward_backward.json", forward_backward_fixture())
    fixtures.write(out_dir, "lm_lstm_optimize.json", optimize_fixture())
    fixtures.write(out_dir, "lm_lstm_sample.json", sample_fixture())
    # 2,001 iterations: the first 2,000 plus the checkpoint printed at iteration 2,000.
    fixtures.write(out_dir, "lm_lstm_model_elements.json", model_fixture("element_list.txt", 2001, 32, 7))
