"""NumPy reference for the GRU character-level language model (the issue's `--cell gru`).

The same model as lm_reference.py with the Part A GRU cell (rnn_reference.gru_cell_forward with a
softmax output) in place of the tanh RNN; everything else (data, shuffling, carried hidden state,
smoothed loss, checkpoints, clipping at 5, SGD) is lm_reference's. Parameters are a dictionary
keyed "Wz", "Wr", "Wh", "Wy", "by"; gradients "dWz", "dWr", "dWh", "dWy", "dby".

Initialisation (the assignment gives none for a GRU language model, so this is the project's
choice, made to mirror the RNN's): np.random.seed(1); Wz, Wr, Wh = randn(n_a, n_a + V) * 0.01 in
that order; Wy = randn(V, n_a) * 0.01; by zeros. The gates have no biases, as in Part A.
"""
import sys

import numpy as np

import lm_reference as lm
import rnn_reference as cells

PARAMETER_NAMES = ["Wz", "Wr", "Wh", "Wy", "by"]
GRADIENT_NAMES = ["dWz", "dWr", "dWh", "dWy", "dby"]


def initialize_parameters(n_a, n_x, n_y):
    np.random.seed(1)
    Wz = np.random.randn(n_a, n_a + n_x) * 0.01
    Wr = np.random.randn(n_a, n_a + n_x) * 0.01
    Wh = np.random.randn(n_a, n_a + n_x) * 0.01
    Wy = np.random.randn(n_y, n_a) * 0.01
    by = np.zeros((n_y, 1))
    return {"Wz": Wz, "Wr": Wr, "Wh": Wh, "Wy": Wy, "by": by}


def one_hot(ix, vocab_size):
    """The input vector: zeros for None, else one-hot."""
    x = np.zeros((vocab_size, 1))
    if ix is not None:
        x[ix] = 1
    return x


def gru_lm_forward(X, Y, a0, parameters):
    """Loss -sum_t log y_hat[t][Y[t]] and the caches (cell caches, y_hat)."""
    vocab_size = parameters["Wy"].shape[0]
    a_prev = np.copy(a0)
    caches, y_hat = [], []
    loss = 0
    for t in range(len(X)):
        a_prev, y_t, cache = cells.gru_cell_forward(one_hot(X[t], vocab_size), a_prev, parameters,
                                                    softmax_output=True)
        caches.append(cache)
        y_hat.append(y_t)
        loss -= np.log(y_t[Y[t], 0])
    return loss, (caches, y_hat)


def gru_lm_backward(Y, parameters, cache):
    """BPTT: dy = y_hat - onehot(Y) feeds dWy, dby and da; the cell's backward does the rest."""
    caches, y_hat = cache
    Wy = parameters["Wy"]
    gradients = {"dWz": np.zeros_like(parameters["Wz"]), "dWr": np.zeros_like(parameters["Wr"]),
                 "dWh": np.zeros_like(parameters["Wh"]), "dWy": np.zeros_like(Wy),
                 "dby": np.zeros_like(parameters["by"])}
    da_next = np.zeros((Wy.shape[1], 1))
    for t in reversed(range(len(caches))):
        dy = np.copy(y_hat[t])
        dy[Y[t]] -= 1
        a_t = caches[t][0]
        gradients["dWy"] += np.dot(dy, a_t.T)
        gradients["dby"] += dy
        da = np.dot(Wy.T, dy) + da_next
        step = cells.gru_cell_backward(da, caches[t])
        gradients["dWz"] += step["dWz"]
        gradients["dWr"] += step["dWr"]
        gradients["dWh"] += step["dWh"]
        da_next = step["da_prev"]
    gradients["da_next"] = da_next
    return gradients


def clip(gradients, maxValue):
    for k in GRADIENT_NAMES:
        np.clip(gradients[k], -maxValue, maxValue, out=gradients[k])
    return gradients


def update_parameters(parameters, gradients, lr):
    for k in PARAMETER_NAMES:
        parameters[k] += -lr * gradients["d" + k]
    return parameters


def optimize(X, Y, a_prev, parameters, learning_rate=0.01, observe=None):
    """One SGD step: forward, backward, clip to [-5, 5], update. Returns (loss, gradients, a_last)."""
    loss, cache = gru_lm_forward(X, Y, a_prev, parameters)
    gradients = gru_lm_backward(Y, parameters, cache)
    if observe is not None:
        observe(gradients)
    gradients = clip(gradients, 5)
    parameters = update_parameters(parameters, gradients, learning_rate)
    return loss, gradients, cache[0][-1][0]


def sample(parameters, char_to_ix, seed):
    """lm_reference.sample with the GRU step: re-seeds NumPy with counter + seed before each draw."""
    vocab_size = parameters["by"].shape[0]
    n_a = parameters["Wy"].shape[1]
    x = np.zeros((vocab_size, 1))
    a_prev = np.zeros((n_a, 1))
    indices = []
    idx = -1
    counter = 0
    newline_character = char_to_ix["\n"]

    while idx != newline_character and counter != 50:
        a, y, _ = cells.gru_cell_forward(x, a_prev, parameters, softmax_output=True)

        np.random.seed(counter + seed)
        idx = np.random.choice(list(range(vocab_size)), p=y.ravel())
        indices.append(idx)

        x = np.zeros((vocab_size, 1))
        x[idx] = 1
        a_prev = a

        seed += 1
        counter += 1

    if counter == 50:
        indices.append(char_to_ix["\n"])
    return indices


def model(data_path, ix_to_char, char_to_ix, num_iterations=35000, n_a=50, dino_names=7,
          vocab_size=27, learning_rate=0.01, verbose=True, history=None, sample_every=2000):
    """lm_reference.model with the GRU; `history` receives the same keys, norms in GRADIENT_NAMES order."""
    log = []

    def emit(text):
        log.append(text)
        if verbose:
            sys.stdout.write(text)

    parameters = initialize_parameters(n_a, vocab_size, vocab_size)
    loss = lm.get_initial_loss(vocab_size, dino_names)

    with open(data_path, encoding="utf-8") as f:
        examples = f.readlines()
    examples = [x.lower().strip() for x in examples]
    np.random.seed(0)
    np.random.shuffle(examples)

    a_prev = np.zeros((n_a, 1))
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

        curr_loss, gradients, a_prev = optimize(X, Y, a_prev, parameters, learning_rate,
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
                       clipped_fraction=clipped_fraction)
    return parameters


if __name__ == "__main__":
    path = sys.argv[1] if len(sys.argv) > 1 else "data/element_list.txt"
    iterations = int(sys.argv[2]) if len(sys.argv) > 2 else 100000
    with open(path, encoding="utf-8") as f:
        c2i, i2c = lm.vocabulary(f.read())
    model(path, i2c, c2i, num_iterations=iterations, n_a=65, vocab_size=len(c2i))
