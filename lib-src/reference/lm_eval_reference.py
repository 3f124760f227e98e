"""NumPy reference for held-out evaluation of the character-level language models.

The loss of a trained model on examples it did not train on, in nats, for the tanh RNN
(lm_reference), the GRU (lm_gru_reference) and the LSTM (lm_lstm_reference). The hidden state is
computed by the models' own step functions; the log-probability of a target is taken in log space,
z[y] - logsumexp(z) on the logits z = Wy.a + by, never as the log of a softmax (a softmax entry that
underflows to 0 would give -inf where the true value is finite).

Examples are read as in training: X = [None] + indices(example), Y = indices(example) + [index("\\n")].
carry=False starts every example from zero state (as sample does); carry=True carries the state from one
example to the next, starting from zero (as model does). stream_loss reads one index stream with the
state carried throughout.
"""
import numpy as np

import lm_reference as lm
import rnn_reference as cells


def log_softmax_at(z, y):
    """log softmax(z)[y] for a column vector z, by log-sum-exp."""
    m = np.max(z)
    return float(z[y, 0] - m - np.log(np.sum(np.exp(z - m))))


def one_hot(ix, vocab_size):
    x = np.zeros((vocab_size, 1))
    if ix is not None:
        x[ix] = 1
    return x


def step(cell, parameters, a, c, ix):
    """One step of the model: the new state (a, c) and the logits."""
    vocab_size = parameters["by"].shape[0]
    x = one_hot(ix, vocab_size)
    if cell == "rnn":
        p = parameters
        a = np.tanh(np.dot(p["Wax"], x) + np.dot(p["Waa"], a) + p["b"])
        return a, c, np.dot(p["Wya"], a) + p["by"]
    if cell == "gru":
        a, _, _ = cells.gru_cell_forward(x, a, parameters, softmax_output=False)
        return a, c, np.dot(parameters["Wy"], a) + parameters["by"]
    if cell == "lstm":
        a, c, _, _ = cells.lstm_cell_forward(x, a, c, parameters)
        return a, c, np.dot(parameters["Wy"], a) + parameters["by"]
    raise ValueError("unknown cell " + cell)


def n_a_of(cell, parameters):
    return parameters["Waa" if cell == "rnn" else ("Wz" if cell == "gru" else "Wf")].shape[0]


def heldout_loss(cell, parameters, examples, char_to_ix, carry):
    """(total nats, number of predicted characters) over the examples."""
    n_a = n_a_of(cell, parameters)
    a = np.zeros((n_a, 1))
    c = np.zeros((n_a, 1))
    nats, characters = 0.0, 0
    for example in examples:
        if not carry:
            a = np.zeros((n_a, 1))
            c = np.zeros((n_a, 1))
        X = [None] + [char_to_ix[ch] for ch in example]
        Y = X[1:] + [char_to_ix["\n"]]
        for t in range(len(X)):
            a, c, z = step(cell, parameters, a, c, X[t])
            nats -= log_softmax_at(z, Y[t])
        characters += len(Y)
    return nats, characters


def stream_loss(cell, parameters, inputs, targets):
    """(total nats, steps) over a stream of indices, the state carried from zero."""
    n_a = n_a_of(cell, parameters)
    a = np.zeros((n_a, 1))
    c = np.zeros((n_a, 1))
    nats = 0.0
    for x, y in zip(inputs, targets):
        a, c, z = step(cell, parameters, a, c, x)
        nats -= log_softmax_at(z, y)
    return nats, len(inputs)


def log_of_softmax_loss(cell, parameters, examples, char_to_ix):
    """The loss as the log of a softmax (the training code's way), zero state: can be inf when the softmax underflows."""
    n_a = n_a_of(cell, parameters)
    nats = 0.0
    with np.errstate(divide="ignore"):
        for example in examples:
            a = np.zeros((n_a, 1))
            c = np.zeros((n_a, 1))
            X = [None] + [char_to_ix[ch] for ch in example]
            Y = X[1:] + [char_to_ix["\n"]]
            for t in range(len(X)):
                a, c, z = step(cell, parameters, a, c, X[t])
                nats -= float(np.log(lm.softmax(z)[Y[t], 0]))
    return nats
