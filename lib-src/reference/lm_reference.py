"""NumPy reference for Part B: the character-level language model ("Dinosaurus Island").

Plain NumPy, written to mirror the assignment's code function by function, so that the Java
library can be compared with it number for number. Parameters and gradients are dictionaries
keyed as in the assignment ("Wax", "Waa", "Wya", "b", "by"; "dWax", ...). Two small additions,
both off by default, let the fixture generator look inside: `optimize(..., observe=f)` calls
`f(gradients)` before clipping, and `model(..., history=d)` fills `d` with what it computed.
"""
import sys

import numpy as np


def softmax(x):
    e_x = np.exp(x - np.max(x))
    return e_x / e_x.sum(axis=0)


def smooth(loss, cur_loss):
    return loss * 0.999 + cur_loss * 0.001


def get_initial_loss(vocab_size, seq_length):
    return -np.log(1.0 / vocab_size) * seq_length


def sample_text(sample_ix, ix_to_char):
    """What print_sample prints: the characters, first one uppercased."""
    txt = "".join(ix_to_char[ix] for ix in sample_ix)
    return txt[0].upper() + txt[1:]


def print_sample(sample_ix, ix_to_char):
    print("%s" % (sample_text(sample_ix, ix_to_char),), end="")


def vocabulary(text):
    """(char_to_ix, ix_to_char) from the whole text: sorted set of its lowercased characters."""
    chars = sorted(set(text.lower()))
    char_to_ix = {ch: i for i, ch in enumerate(chars)}
    ix_to_char = {i: ch for i, ch in enumerate(chars)}
    return char_to_ix, ix_to_char


def clip(gradients, maxValue):
    """Clips every gradient to [-maxValue, maxValue], in place (as the assignment does)."""
    dWaa, dWax, dWya, db, dby = (gradients["dWaa"], gradients["dWax"], gradients["dWya"],
                                 gradients["db"], gradients["dby"])
    for gradient in [dWax, dWaa, dWya, db, dby]:
        np.clip(gradient, -maxValue, maxValue, out=gradient)
    gradients = {"dWaa": dWaa, "dWax": dWax, "dWya": dWya, "db": db, "dby": dby}
    return gradients


def sample(parameters, char_to_ix, seed):
    """Indices of a sampled name; re-seeds NumPy with counter + seed before each draw."""
    Waa, Wax, Wya, by, b = (parameters["Waa"], parameters["Wax"], parameters["Wya"],
                            parameters["by"], parameters["b"])
    vocab_size = by.shape[0]
    n_a = Waa.shape[1]

    x = np.zeros((vocab_size, 1))
    a_prev = np.zeros((n_a, 1))
    indices = []
    idx = -1
    counter = 0
    newline_character = char_to_ix["\n"]

    while idx != newline_character and counter != 50:
        a = np.tanh(np.dot(Wax, x) + np.dot(Waa, a_prev) + b)
        z = np.dot(Wya, a) + by
        y = softmax(z)

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


def rnn_step_forward(parameters, a_prev, x):
    Waa, Wax, Wya, by, b = (parameters["Waa"], parameters["Wax"], parameters["Wya"],
                            parameters["by"], parameters["b"])
    a_next = np.tanh(np.dot(Wax, x) + np.dot(Waa, a_prev) + b)
    p_t = softmax(np.dot(Wya, a_next) + by)
    return a_next, p_t


def rnn_step_backward(dy, gradients, parameters, x, a, a_prev):
    gradients["dWya"] += np.dot(dy, a.T)
    gradients["dby"] += dy
    da = np.dot(parameters["Wya"].T, dy) + gradients["da_next"]
    daraw = (1 - a * a) * da
    gradients["db"] += daraw
    gradients["dWax"] += np.dot(daraw, x.T)
    gradients["dWaa"] += np.dot(daraw, a_prev.T)
    gradients["da_next"] = np.dot(parameters["Waa"].T, daraw)
    return gradients


def update_parameters(parameters, gradients, lr):
    parameters["Wax"] += -lr * gradients["dWax"]
    parameters["Waa"] += -lr * gradients["dWaa"]
    parameters["Wya"] += -lr * gradients["dWya"]
    parameters["b"] += -lr * gradients["db"]
    parameters["by"] += -lr * gradients["dby"]
    return parameters


def rnn_forward(X, Y, a0, parameters, vocab_size=27):
    """Loss -sum_t log y_hat[t][Y[t]] and cache (y_hat, a, x); X[t] None is the zero input."""
    x, a, y_hat = {}, {}, {}
    a[-1] = np.copy(a0)
    loss = 0
    for t in range(len(X)):
        x[t] = np.zeros((vocab_size, 1))
        if X[t] is not None:
            x[t][X[t]] = 1
        a[t], y_hat[t] = rnn_step_forward(parameters, a[t - 1], x[t])
        loss -= np.log(y_hat[t][Y[t], 0])
    cache = (y_hat, a, x)
    return loss, cache


def rnn_backward(X, Y, parameters, cache):
    gradients = {}
    (y_hat, a, x) = cache
    Waa, Wax, Wya, by, b = (parameters["Waa"], parameters["Wax"], parameters["Wya"],
                            parameters["by"], parameters["b"])
    gradients["dWax"], gradients["dWaa"], gradients["dWya"] = (np.zeros_like(Wax), np.zeros_like(Waa),
                                                               np.zeros_like(Wya))
    gradients["db"], gradients["dby"] = np.zeros_like(b), np.zeros_like(by)
    gradients["da_next"] = np.zeros_like(a[0])
    for t in reversed(range(len(X))):
        dy = np.copy(y_hat[t])
        dy[Y[t]] -= 1
        gradients = rnn_step_backward(dy, gradients, parameters, x[t], a[t], a[t - 1])
    return gradients, a


def optimize(X, Y, a_prev, parameters, learning_rate=0.01, observe=None):
    """One SGD step: forward, backward, clip to [-5, 5], update. Returns (loss, gradients, a_last)."""
    # The original relies on rnn_forward's default vocab_size=27; the element names have 25
    # characters and the movie titles 53, so the size is taken from the parameters.
    vocab_size = parameters["Wax"].shape[1]
    loss, cache = rnn_forward(X, Y, a_prev, parameters, vocab_size)
    gradients, a = rnn_backward(X, Y, parameters, cache)
    if observe is not None:
        observe(gradients)
    gradients = clip(gradients, 5)
    parameters = update_parameters(parameters, gradients, learning_rate)
    return loss, gradients, a[len(X) - 1]


def initialize_parameters(n_a, n_x, n_y):
    np.random.seed(1)
    Wax = np.random.randn(n_a, n_x) * 0.01
    Waa = np.random.randn(n_a, n_a) * 0.01
    Wya = np.random.randn(n_y, n_a) * 0.01
    b = np.zeros((n_a, 1))
    by = np.zeros((n_y, 1))
    return {"Wax": Wax, "Waa": Waa, "Wya": Wya, "b": b, "by": by}


GRADIENT_NAMES = ["dWaa", "dWax", "dWya", "db", "dby"]


def model(data_path, ix_to_char, char_to_ix, num_iterations=35000, n_a=50, dino_names=7,
          vocab_size=27, learning_rate=0.01, verbose=True, history=None, sample_every=2000):
    """The training loop. Prints like the assignment when verbose; returns the parameters.

    When `history` is a dict it receives: "loss" and "smoothed_loss" (one per iteration),
    "order" (the shuffled example order), "checkpoints" ([iteration, [indices, ...]] pairs),
    "log" (everything printed, as one string), "norms" and "clipped_norms" (per iteration, the
    Frobenius norm of each gradient in GRADIENT_NAMES order before and after clipping) and
    "clipped_fraction" (share of gradient entries outside [-5, 5]).
    """
    log = []

    def emit(text):
        log.append(text)
        if verbose:
            sys.stdout.write(text)

    n_x, n_y = vocab_size, vocab_size
    parameters = initialize_parameters(n_a, n_x, n_y)
    loss = get_initial_loss(vocab_size, dino_names)

    with open(data_path, encoding="utf-8") as f:
        examples = f.readlines()
    examples = [x.lower().strip() for x in examples]
    if history is not None:
        # Shuffling a list draws the same numbers whatever it holds: the order of the indices
        # is the order the names end up in.
        order = list(range(len(examples)))
        np.random.RandomState(0).shuffle(order)
        history["order"] = order

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
        loss = smooth(loss, curr_loss)
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
                emit("%s" % (sample_text(sampled_indices, ix_to_char),))
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
        c2i, i2c = vocabulary(f.read())
    model(path, i2c, c2i, num_iterations=iterations, n_a=65, vocab_size=len(c2i))
