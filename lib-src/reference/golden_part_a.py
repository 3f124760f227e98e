"""Golden fixtures for Part A: RNN, LSTM and GRU cells and sequences, forward and backward.

One JSON file per function, e.g. rnn_cell_forward.json:

  {"function": "rnn_cell_forward",
   "cases": [{"name": "assignment", "seed": 1,
              "draws": [{"name": "xt", "shape": [3, 10]}, ...],   # np.random.randn, in this order
              "zeros": [{"name": "Wy", "shape": [2, 5]}],        # inputs that are zeros, not drawn
              "options": {"softmax_output": false},               # GRU only
              "inputs": {"xt": {"shape": [...], "data": [...]}, ...},
              "outputs": {"a_next": {...}, ...}}, ...]}

Inputs are stored as well as described, so the tests need no random generator; "draws" says how
to re-create them with np.random.seed(seed) followed by one randn call per entry.

Cases: the assignment's test cell ("assignment"), the revised assignment's public tests where there
is one ("public"), and seeded cases of other shapes (including m = 1 and T = 1) named "shape-<seed>".
Backward fixtures hold the forward inputs followed by the upstream gradient; the forward pass is
re-run from those inputs.
"""
import numpy as np

import fixtures
import rnn_reference as ref

# (seed, n_x, n_a, n_y, m, T_x): small shapes that cover m = 1 and T_x = 1.
SHAPES = [
    (2, 2, 3, 4, 1, 1),
    (3, 4, 6, 3, 1, 5),
    (4, 1, 2, 2, 7, 3),
    (5, 3, 4, 5, 6, 1),
]


def draw(seed, spec):
    """np.random.seed(seed), then randn(*shape) for each (name, shape) in order."""
    np.random.seed(seed)
    values = {}
    for name, shape in spec:
        values[name] = np.random.randn(*shape)
    return values, [{"name": name, "shape": list(shape)} for name, shape in spec]


def case(name, seed, spec, outputs_of, zeros=(), options=None, note=None):
    """Draws the inputs, adds the zero ones, runs outputs_of(inputs) and encodes the case."""
    inputs, draws = draw(seed, spec)
    for z_name, z_shape in zeros:
        inputs[z_name] = np.zeros(z_shape)
    outputs = outputs_of(inputs)
    c = {"name": name, "seed": seed, "draws": draws,
         "inputs": {k: fixtures.arr(v) for k, v in inputs.items()},
         "outputs": {k: fixtures.arr(v) for k, v in outputs.items()}}
    if zeros:
        c["zeros"] = [{"name": z_name, "shape": list(z_shape)} for z_name, z_shape in zeros]
    if options is not None:
        c["options"] = options
    if note is not None:
        c["note"] = note
    return c


def write(out_dir, function, cases):
    fixtures.write(out_dir, function + ".json", {"function": function, "cases": cases})


def pick(d, *names):
    return {k: d[k] for k in names}


# --- parameter specs, in the assignment's draw orders ----------------------------------------

def rnn_params(n_x, n_a, n_y, wax_first=False):
    waa = ("Waa", (n_a, n_a))
    wax = ("Wax", (n_a, n_x))
    first = [wax, waa] if wax_first else [waa, wax]
    return first + [("Wya", (n_y, n_a)), ("ba", (n_a, 1)), ("by", (n_y, 1))]


def lstm_gates(n_x, n_a):
    spec = []
    for g in "fioc":  # the assignment draws Wo, bo before Wc, bc
        spec += [("W" + g, (n_a, n_a + n_x)), ("b" + g, (n_a, 1))]
    return spec


def lstm_params(n_x, n_a, n_y):
    return lstm_gates(n_x, n_a) + [("Wy", (n_y, n_a)), ("by", (n_y, 1))]


def gru_params(n_x, n_a, n_y):
    return [("Wz", (n_a, n_a + n_x)), ("Wr", (n_a, n_a + n_x)), ("Wh", (n_a, n_a + n_x)),
            ("Wy", (n_y, n_a)), ("by", (n_y, 1))]


RNN_NAMES = ("Waa", "Wax", "Wya", "ba", "by")
LSTM_NAMES = ("Wf", "bf", "Wi", "bi", "Wc", "bc", "Wo", "bo", "Wy", "by")
GRU_NAMES = ("Wz", "Wr", "Wh", "Wy", "by")


# --- RNN ---------------------------------------------------------------------------------------

def rnn_cell_forward_out(v):
    a_next, yt_pred, _ = ref.rnn_cell_forward(v["xt"], v["a_prev"], pick(v, *RNN_NAMES))
    return {"a_next": a_next, "yt_pred": yt_pred}


def rnn_forward_out(v):
    a, y_pred, _ = ref.rnn_forward(v["x"], v["a0"], pick(v, *RNN_NAMES))
    return {"a": a, "y_pred": y_pred}


def rnn_cell_backward_out(v):
    _, _, cache = ref.rnn_cell_forward(v["xt"], v["a_prev"], pick(v, *RNN_NAMES))
    return ref.rnn_cell_backward(v["da_next"], cache)


def rnn_backward_out(v):
    _, _, caches = ref.rnn_forward(v["x"], v["a0"], pick(v, *RNN_NAMES))
    return ref.rnn_backward(v["da"], caches)


def rnn_cases(out_dir):
    cell = [case("assignment", 1, [("xt", (3, 10)), ("a_prev", (5, 10))] + rnn_params(3, 5, 2),
                 rnn_cell_forward_out)]
    seq = [case("assignment", 1, [("x", (3, 10, 4)), ("a0", (5, 10))] + rnn_params(3, 5, 2),
                rnn_forward_out),
           case("public", 17, [("x", (4, 8, 13)), ("a0", (7, 8))] + rnn_params(4, 7, 3),
                rnn_forward_out)]
    cell_b = [case("assignment", 1, [("xt", (3, 10)), ("a_prev", (5, 10))]
                   + rnn_params(3, 5, 2, wax_first=True) + [("da_next", (5, 10))],
                   rnn_cell_backward_out, note="Wax is drawn before Waa, as in the assignment")]
    seq_b = [case("assignment", 1, [("x", (3, 10, 4)), ("a0", (5, 10))]
                  + rnn_params(3, 5, 2, wax_first=True) + [("da", (5, 10, 4))],
                  rnn_backward_out, note="Wax is drawn before Waa, as in the assignment")]
    for seed, n_x, n_a, n_y, m, T in SHAPES:
        name = "shape-%d" % seed
        cell.append(case(name, seed, [("xt", (n_x, m)), ("a_prev", (n_a, m))] + rnn_params(n_x, n_a, n_y),
                         rnn_cell_forward_out))
        seq.append(case(name, seed, [("x", (n_x, m, T)), ("a0", (n_a, m))] + rnn_params(n_x, n_a, n_y),
                        rnn_forward_out))
        cell_b.append(case(name, seed, [("xt", (n_x, m)), ("a_prev", (n_a, m))]
                           + rnn_params(n_x, n_a, n_y, wax_first=True) + [("da_next", (n_a, m))],
                           rnn_cell_backward_out))
        seq_b.append(case(name, seed, [("x", (n_x, m, T)), ("a0", (n_a, m))]
                          + rnn_params(n_x, n_a, n_y, wax_first=True) + [("da", (n_a, m, T))],
                          rnn_backward_out))
    seq_b.append(case("short-da", 6, [("x", (2, 3, 5)), ("a0", (4, 3))]
                      + rnn_params(2, 4, 3, wax_first=True) + [("da", (4, 3, 2))],
                      rnn_backward_out, note="da covers the first 2 of 5 steps"))
    write(out_dir, "rnn_cell_forward", cell)
    write(out_dir, "rnn_forward", seq)
    write(out_dir, "rnn_cell_backward", cell_b)
    write(out_dir, "rnn_backward", seq_b)


# --- LSTM --------------------------------------------------------------------------------------

def lstm_cell_forward_out(v):
    a_next, c_next, yt, cache = ref.lstm_cell_forward(v["xt"], v["a_prev"], v["c_prev"],
                                                      pick(v, *LSTM_NAMES))
    ft, it, cct, ot = cache[4:8]
    return {"a_next": a_next, "c_next": c_next, "yt_pred": yt, "ft": ft, "it": it, "cct": cct, "ot": ot}


def lstm_forward_out(v):
    a, y, c, _ = ref.lstm_forward(v["x"], v["a0"], pick(v, *LSTM_NAMES))
    return {"a": a, "y": y, "c": c}


def lstm_cell_backward_out(v):
    _, _, _, cache = ref.lstm_cell_forward(v["xt"], v["a_prev"], v["c_prev"], pick(v, *LSTM_NAMES))
    return ref.lstm_cell_backward(v["da_next"], v["dc_next"], cache)


def lstm_backward_out(v):
    _, _, _, caches = ref.lstm_forward(v["x"], v["a0"], pick(v, *LSTM_NAMES))
    return ref.lstm_backward(v["da"], caches)


def lstm_cases(out_dir):
    cell_in = [("xt", (3, 10)), ("a_prev", (5, 10)), ("c_prev", (5, 10))] + lstm_params(3, 5, 2)
    cell = [case("assignment", 1, cell_in, lstm_cell_forward_out),
            case("public", 212, [("xt", (4, 8)), ("a_prev", (7, 8)), ("c_prev", (7, 8))]
                 + lstm_params(4, 7, 3), lstm_cell_forward_out)]
    seq = [case("assignment", 1, [("x", (3, 10, 7)), ("a0", (5, 10))] + lstm_params(3, 5, 2),
                lstm_forward_out),
           case("public", 45, [("x", (4, 13, 16)), ("a0", (3, 13))] + lstm_params(4, 3, 2),
                lstm_forward_out)]
    cell_b = [case("assignment", 1, cell_in + [("da_next", (5, 10)), ("dc_next", (5, 10))],
                   lstm_cell_backward_out)]
    seq_b = [case("assignment", 1, [("x", (3, 10, 7)), ("a0", (5, 10))] + lstm_gates(3, 5)
                  + [("da", (5, 10, 4))], lstm_backward_out,
                  zeros=[("Wy", (2, 5)), ("by", (2, 1))],
                  note="no draws for Wy, by (zeros); da has 4 of the 7 steps, so dx is (3,10,4)")]
    for seed, n_x, n_a, n_y, m, T in SHAPES:
        name = "shape-%d" % seed
        c_in = [("xt", (n_x, m)), ("a_prev", (n_a, m)), ("c_prev", (n_a, m))] + lstm_params(n_x, n_a, n_y)
        cell.append(case(name, seed, c_in, lstm_cell_forward_out))
        seq.append(case(name, seed, [("x", (n_x, m, T)), ("a0", (n_a, m))] + lstm_params(n_x, n_a, n_y),
                        lstm_forward_out))
        cell_b.append(case(name, seed, c_in + [("da_next", (n_a, m)), ("dc_next", (n_a, m))],
                           lstm_cell_backward_out))
        seq_b.append(case(name, seed, [("x", (n_x, m, T)), ("a0", (n_a, m))] + lstm_gates(n_x, n_a)
                          + [("da", (n_a, m, T))], lstm_backward_out,
                          zeros=[("Wy", (n_y, n_a)), ("by", (n_y, 1))]))
    write(out_dir, "lstm_cell_forward", cell)
    write(out_dir, "lstm_forward", seq)
    write(out_dir, "lstm_cell_backward", cell_b)
    write(out_dir, "lstm_backward", seq_b)


# --- GRU ---------------------------------------------------------------------------------------

def gru_cell_forward_out(softmax_output):
    def run(v):
        a_next, yt_pred, cache = ref.gru_cell_forward(v["xt"], v["a_prev"], pick(v, *GRU_NAMES),
                                                      softmax_output)
        zt, rt, hht = cache[3:6]
        return {"a_next": a_next, "yt_pred": yt_pred, "zt": zt, "rt": rt, "hht": hht}
    return run


def gru_forward_out(softmax_output):
    def run(v):
        a, y_pred, _ = ref.gru_forward(v["x"], v["a0"], pick(v, *GRU_NAMES), softmax_output)
        return {"a": a, "y_pred": y_pred}
    return run


def gru_cell_backward_out(v):
    _, _, cache = ref.gru_cell_forward(v["xt"], v["a_prev"], pick(v, *GRU_NAMES))
    return ref.gru_cell_backward(v["da_next"], cache)


def gru_backward_out(v):
    _, _, caches = ref.gru_forward(v["x"], v["a0"], pick(v, *GRU_NAMES))
    return ref.gru_backward(v["da"], caches)


def gru_cases(out_dir):
    linear, soft = {"softmax_output": False}, {"softmax_output": True}
    cell_in = [("xt", (3, 10)), ("a_prev", (5, 10))] + gru_params(3, 5, 2)
    seq_in = [("x", (3, 10, 4)), ("a0", (5, 10))] + gru_params(3, 5, 2)
    cell = [case("assignment", 1, cell_in, gru_cell_forward_out(False), options=linear),
            case("assignment-softmax", 1, cell_in, gru_cell_forward_out(True), options=soft)]
    seq = [case("assignment", 1, seq_in, gru_forward_out(False), options=linear),
           case("assignment-softmax", 1, seq_in, gru_forward_out(True), options=soft)]
    cell_b = [case("assignment", 1, cell_in + [("da_next", (5, 10))], gru_cell_backward_out)]
    seq_b = [case("assignment", 1, seq_in + [("da", (5, 10, 4))], gru_backward_out)]
    for seed, n_x, n_a, n_y, m, T in SHAPES:
        name = "shape-%d" % seed
        c_in = [("xt", (n_x, m)), ("a_prev", (n_a, m))] + gru_params(n_x, n_a, n_y)
        s_in = [("x", (n_x, m, T)), ("a0", (n_a, m))] + gru_params(n_x, n_a, n_y)
        cell.append(case(name, seed, c_in, gru_cell_forward_out(False), options=linear))
        seq.append(case(name, seed, s_in, gru_forward_out(False), options=linear))
        cell_b.append(case(name, seed, c_in + [("da_next", (n_a, m))], gru_cell_backward_out))
        seq_b.append(case(name, seed, s_in + [("da", (n_a, m, T))], gru_backward_out))
    seed, n_x, n_a, n_y, m, T = SHAPES[2]
    cell.append(case("shape-%d-softmax" % seed, seed, [("xt", (n_x, m)), ("a_prev", (n_a, m))]
                     + gru_params(n_x, n_a, n_y), gru_cell_forward_out(True), options=soft))
    seq.append(case("shape-%d-softmax" % seed, seed, [("x", (n_x, m, T)), ("a0", (n_a, m))]
                    + gru_params(n_x, n_a, n_y), gru_forward_out(True), options=soft))
    seq_b.append(case("short-da", 6, [("x", (2, 3, 5)), ("a0", (4, 3))] + gru_params(2, 4, 3)
                      + [("da", (4, 3, 2))], gru_backward_out, note="da covers the first 2 of 5 steps"))
    write(out_dir, "gru_cell_forward", cell)
    write(out_dir, "gru_forward", seq)
    write(out_dir, "gru_cell_backward", cell_b)
    write(out_dir, "gru_backward", seq_b)


def generate(out_dir):
    rnn_cases(out_dir)
    lstm_cases(out_dir)
    gru_cases(out_dir)
