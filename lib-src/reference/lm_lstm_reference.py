"""NumPy reference for the LSTM character-level language model (`--cell lstm`).

The same model as lm_reference.py with the Part A LSTM cell (rnn_reference.lstm_cell_forward, whose
output is already a softmax) in place of the tanh RNN; everything else (data, shuffling, smoothed
loss, checkpoints, clipping at 5, SGD) is lm_reference's. Both the hidden state a and the memory
cell c are carried from one example to the next, and sampling starts both at zero. Parameters are a
dictionary keyed "Wf", "bf", "Wi", "bi", "Wc", "bc", "Wo", "bo", "Wy", "by"; gradients the same
names with a "d" in front.

Initialisation (the assignment gives none for an LSTM language model, so this is the project's
choice, made to mirror the GRU's): np.random.seed(1); Wf, Wi, Wc, Wo = randn(n_a, n_a + V) * 0.01 in
that order (the order of the gate equations); Wy = randn(V, n_a) * 0.01; every bias zero, the
forget gate's included.
"""
import sys

import numpy as np

import lm_reference as lm
import rnn_reference as cells

PARAMETER_NAMES = ["Wf", "bf", "Wi", "bi", "Wc", "bc", "Wo", "bo", "Wy", "by"]
GRADIENT_NAMES = ["d" + k for k in PARAMETER_NAMES]
GATE_GRADIENT_NAMES = ["dWf", "dbf", "dWi", "dbi", "dWc", "dbc", "dWo", "dbo"]


def initialize_parameters(n_a, n_x, n_y, seed=1):
    np.random.seed(seed)
    Wf = np.random.randn(n_a, n_a + n_x) * 0.01
    Wi = np.random.randn(n_a, n_a + n_x) * 0.01
    Wc = np.random.randn(n_a, n_a + n_x) * 0.01
    Wo = np.random.randn(n_a, n_a + n_x) * 0.01
    Wy = np.random.randn(n_y, n_a) * 0.01
    return {"Wf": Wf, "bf": np.zeros((n_a, 1)), "Wi": Wi, "bi": np.zeros((n_a, 1)),
            "Wc": Wc, "bc": np.zeros((n_a, 1)), "Wo": Wo, "bo": np.zeros((n_a, 1)),
            "Wy": Wy, "by": np.zeros((n_y, 1))}


def one_hot(ix, vocab_size):
    """The input vector: zeros for None, else one-hot."""
    x = np.zeros((vocab_size, 1))
    if ix is not None:
        x[ix] = 1
    return x


def lstm_lm_forward(X, Y, a0, c0, parameters):
    """Loss -sum_t log y_hat[t][Y[t]] and the caches (cell caches, y_hat)."""
    vocab_size = parameters["Wy"].shape[0]
    a_prev = np.copy(a0)
    c_prev = np.copy(c0)
    caches, y_hat = [], []
    loss = 0
    for t in range(len(X)):
        a_prev, c_prev, y_t, cache = cells.lstm_cell_forward(one_hot(X[t], vocab_size), a_prev, c_prev,
                                                             parameters)
        caches.append(cache)
        y_hat.append(y_t)
        loss -= np.log(y_t[Y[t], 0])
    return loss, (caches, y_hat)


def lstm_lm_backward(Y, parameters, cache):
    """BPTT: dy = y_hat - onehot(Y) feeds dWy, dby and da; the cell's backward does the rest.

    Each step receives Wy.T dy + da_next and dc_next from the step after it (both zero at the end);
    "da_next" and "dc_next" of the result are the gradients with respect to a0 and c0.
    """
    caches, y_hat = cache
    Wy = parameters["Wy"]
    gradients = {k: np.zeros_like(parameters[k[1:]]) for k in GRADIENT_NAMES}
    n_a = Wy.shape[1]
    da_next = np.zeros((n_a, 1))
    dc_next = np.zeros((n_a, 1))
    for t in reversed(range(len(caches))):
        dy = np.copy(y_hat[t])
        dy[Y[t]] -= 1
        a_t = caches[t][0]
        gradients["dWy"] += np.dot(dy, a_t.T)
        gradients["dby"] += dy
        da = np.dot(Wy.T, dy) + da_next
        step = cells.lstm_cell_backward(da, dc_next, caches[t])
        for k in GATE_GRADIENT_NAMES:
            gradients[k] += step[k]
        da_next = step["da_prev"]
        dc_next = step["dc_prev"]
    gradients["da_next"] = da_next
    gradients["dc_next"] = dc_next
    return gradients


def clip(gradients, maxValue):
    for k in GRADIENT_NAMES:
        np.clip(gradients[k], -maxValue, maxValue, out=gradients[k])
    return gradients


def update_parameters(parameters, gradients, lr):
    for k in PARAMETER_NAMES:
        parameters[k] += -lr * gradients["d" + k]
    return parameters


def optimize(X, Y, a_prev, c_prev, parameters, learning_rate=0.01, observe=None):
    """One SGD step: forward, backward, clip to [-5, 5], update. Returns (loss, gradients, a_last, c_last)."""
    loss, cache = lstm_lm_forward(X, Y, a_prev, c_prev, parameters)
    gradients = lstm_lm_backward(Y, parameters, cache)
    if observe is not None:
        observe(gradients)
    gradients = clip(gradients, 5)
    parameters = update_parameters(parameters, gradients, learning_rate)
    last = cache[0][-1]
    return loss, gradients, last[0], last[1]


def sample(parameters, char_to_ix, seed):
    """lm_reference.sample with the LSTM step (a and c start at zero and are carried)."""
    vocab_size = parameters["by"].shape[0]
    n_a = parameters["Wy"].shape[1]
    x = np.zeros((vocab_size, 1))
    a_prev = np.zeros((n_a, 1))
    c_prev = np.zeros((n_a, 1))
    indices = []
    idx = -1
    counter = 0
    newline_character = char_to_ix["\n"]

    while idx != newline_character and counter != 50:
        a, c, y, _ = cells.lstm_cell_forward(x, a_prev, c_prev, parameters)

        np.random.seed(counter + seed)
        idx = np.random.choice(list(range(vocab_size)), p=y.ravel())
        indices.append(idx)

        x = np.zeros((vocab_size, 1))
        x[idx] = 1
        a_prev = a
        c_prev = c

        seed += 1
        counter += 1

    if counter == 50:
        indices.append(char_to_ix["\n"])
    return indices


def model(data_path, ix_to_char, char_to_ix, num_iterations=35000, n_a=50, dino_names=7,
          vocab_size=27, learning_rate=0.01, verbose=True, history=None, sample_every=2000, init_seed=1):
    """lm_reference.model with the LSTM; `history` receives the same keys, norms in GRADIENT_NAMES order."""
    log = []

    def emit(text):
        log.append(text)
        if verbose:
            sys.stdout.write(text)

    parameters = initialize_parameters(n_a, vocab_size, vocab_size, init_seed)
    loss = lm.get_initial_loss(vocab_size, dino_names)

    with open(data_path, encoding="utf-8") as f:
        examples = f.readlines()
    examples = [x.lower().strip() for x in examples]
    np.random.seed(0)
    np.random.shuffle(examples)

    a_prev = np.zeros((n_a, 1))
    c_prev = np.zeros((n_a, 1))
    losses, smoothed, checkpoints = [], [], []
    norms, clipped_norms, clipped_fraction = [], [], []

    def observe(gradients):
        norms.append([np.linalg.norm(gradients[k]) for k in GRADIENT_NAMES])
        total = sum(gradients[k].size for k in GRADIENT_NAMES)
        outside = sum(int(np.count_nonzero(np.abs(gradients[k]) > 5)) for k in GRADIENT_NAMES)
        clipped_fraction.append(outside / total)

    for j in range(num_iterations):
        index = j % len(examples)
        X = [None] + [char_to_ix[ch] for ch in examples[index]]
        Y = X[1:] + [char_to_ix["\n"]]

        curr_loss, gradients, a_prev, c_prev = optimize(X, Y, a_prev, c_prev, parameters, learning_rate,
                                                        observe if history is not None else None)
        loss = lm.smooth(loss, curr_loss)
        losses.append(float(curr_loss))
        smoothed.append(float(loss))
        if history is not None:
            clipped_norms.append([np.linalg.norm(gradients[k]) for k in GRADIENT_NAMES])

        if j % sample_every == 0:
            emit("Iteration: %d, Loss: %f" % (j, loss) + "\n" + "\n")
            seed = 0
            samples = []
            for name in range(dino_names):
                sampled_indices = sample(parameters, char_to_ix, seed)
                samples.append([int(i) for i in sampled_indices])
                emit("%s" % (lm.sample_text(sampled_indices, ix_to_char),))
                seed += 1
            checkpoints.append([j, samples])
            emit("\n" + "\n")

    if history is not None:
        history.update(loss=losses, smoothed_loss=smoothed, checkpoints=checkpoints,
                       log="".join(log), norms=norms, clipped_norms=clipped_norms,
                       clipped_fraction=clipped_fraction, a_last=a_prev, c_last=c_prev)
    return parameters


if __name__ == "__main__":
    path = sys.argv[1] if len(sys.argv) > 1 else "data/element_list.txt"
    iterations = int(sys.argv[2]) if len(sys.argv) > 2 else 100000
    with open(path, encoding="utf-8") as f:
        c2i, i2c = lm.vocabulary(f.read())
    model(path, i2c, c2i, num_iterations=iterations, n_a=65, vocab_size=len(c2i))
