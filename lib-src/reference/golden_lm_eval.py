"""Golden fixture for held-out evaluation (lm_eval_reference.py): RNN, GRU and LSTM, zero and carried state."""
import numpy as np

import fixtures
import lm_eval_reference as ev

CHARS = "\nabc"
CHAR_TO_IX = {ch: i for i, ch in enumerate(CHARS)}


def random_parameters(cell, n_a, v, scale, output_scale):
    k = n_a + v
    if cell == "rnn":
        p = {"Wax": np.random.randn(n_a, v) * scale, "Waa": np.random.randn(n_a, n_a) * scale,
             "Wya": np.random.randn(v, n_a) * scale, "b": np.random.randn(n_a, 1) * scale,
             "by": np.random.randn(v, 1) * scale}
        p["Wya"] *= output_scale
        return p
    if cell == "gru":
        p = {"Wz": np.random.randn(n_a, k) * scale, "Wr": np.random.randn(n_a, k) * scale,
             "Wh": np.random.randn(n_a, k) * scale, "Wy": np.random.randn(v, n_a) * scale,
             "by": np.random.randn(v, 1) * scale}
    else:
        p = {}
        for g in "fico":
            p["W" + g] = np.random.randn(n_a, k) * scale
            p["b" + g] = np.random.randn(n_a, 1) * scale
        p["Wy"] = np.random.randn(v, n_a) * scale
        p["by"] = np.random.randn(v, 1) * scale
    p["Wy"] *= output_scale
    return p


def generate(out_dir):
    cases = []
    seed = 10
    for cell in ["rnn", "gru", "lstm"]:
        for output_scale, note in [(1.0, "ordinary"), (400.0, "underflow")]:
            seed += 1
            np.random.seed(seed)
            p = random_parameters(cell, 4, len(CHARS), 0.8, output_scale)
            examples = ["".join(CHARS[1 + i] for i in np.random.randint(0, 3, size=n))
                        for n in [3, 0, 5, 1, 4]]
            text = [int(v) for v in np.random.randint(0, len(CHARS), size=13)]
            stream_in, stream_out = text[:-1], text[1:]
            zero = ev.heldout_loss(cell, p, examples, CHAR_TO_IX, carry=False)
            carried = ev.heldout_loss(cell, p, examples, CHAR_TO_IX, carry=True)
            stream = ev.stream_loss(cell, p, stream_in, stream_out)
            cases.append({"cell": cell, "note": note, "seed": seed,
                          "parameters": {k: fixtures.arr(v) for k, v in p.items()},
                          "examples": examples, "zero_nats": zero[0], "carried_nats": carried[0],
                          "characters": zero[1], "stream_text": "".join(CHARS[i] for i in text),
                          "stream_nats": stream[0],
                          "log_of_softmax_nats": ev.log_of_softmax_loss(cell, p, examples, CHAR_TO_IX)})
    fixtures.write(out_dir, "lm_heldout.json", {
        "vocabulary": CHARS, "cases": cases,
        "note": "nats are totals; log_of_softmax_nats is the same zero-state loss computed as the log of a "
                "softmax (inf where a softmax entry underflows to 0; log-sum-exp stays finite)"})
