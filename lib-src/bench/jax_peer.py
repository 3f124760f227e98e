"""The character-level RNN of the assignment as a jit-compiled JAX step: the peer `make bench` sets
beside NumPy and Java.

One example per step, as the assignment trains: the example is padded to the longest name and a
mask keeps the padded steps out of the loss and the hidden state, so one compiled function serves
every example. float64 throughout (jax_enable_x64), the NumPy reference's initial parameters, its
shuffled order, clipping to [-5, 5] and SGD with learning rate 0.01; the hidden state is carried
from one example to the next. The loss of the first iterations is compared with the NumPy reference
before anything is timed. Sampling at the checkpoints is left out (7 names every 2,000 iterations,
well under 1% of the work).

Prints one JSON object: seconds per run (the first run includes compiling), iterations, JAX version.
Runs in the bench-only environment (target/bench-venv) that `make bench` installs from PyPI.
"""
import json
import pathlib
import sys
import time

import jax
import jax.numpy as jnp
import numpy as np

jax.config.update("jax_enable_x64", True)

ROOT = pathlib.Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "lib-src" / "reference"))
import lm_reference as lm  # noqa: E402


def loss_and_state(params, a0, X, Y, mask):
    Wax, Waa, Wya, b, by = params

    def step(a, inputs):
        x, y, m = inputs
        wx = jnp.where(x >= 0, Wax[:, jnp.maximum(x, 0)], 0.0)
        a_new = jnp.tanh(wx + Waa @ a + b)
        logp = jax.nn.log_softmax(Wya @ a_new + by)[y]
        return jnp.where(m, a_new, a), -logp * m

    a_last, losses = jax.lax.scan(step, a0, (X, Y, mask))
    return losses.sum(), a_last


@jax.jit
def optimize(params, a0, X, Y, mask):
    (loss, a_last), grads = jax.value_and_grad(loss_and_state, has_aux=True)(params, a0, X, Y, mask)
    params = tuple(p - 0.01 * jnp.clip(g, -5.0, 5.0) for p, g in zip(params, grads))
    return params, a_last, loss


def examples_of(path, char_to_ix):
    with open(ROOT / path, encoding="utf-8") as f:
        examples = [x.lower().strip() for x in f.readlines()]
    np.random.seed(0)
    np.random.shuffle(examples)
    t_max = max(len(e) for e in examples) + 1
    padded = []
    for e in examples:
        X = [-1] + [char_to_ix[ch] for ch in e]
        Y = X[1:] + [char_to_ix["\n"]]
        n = len(X)
        padded.append((np.array(X + [0] * (t_max - n)), np.array(Y + [0] * (t_max - n)),
                       np.array([True] * n + [False] * (t_max - n))))
    return padded


def initial(n_a, v):
    p = lm.initialize_parameters(n_a, v, v)
    return tuple(jnp.asarray(p[k]) for k in ("Wax", "Waa", "Wya")) + (jnp.asarray(p["b"][:, 0]),
                                                                       jnp.asarray(p["by"][:, 0]))


def run(examples, n_a, v, iterations):
    params = initial(n_a, v)
    a = jnp.zeros(n_a)
    losses = []
    for j in range(iterations):
        X, Y, m = examples[j % len(examples)]
        params, a, loss = optimize(params, a, X, Y, m)
        if j < 20:
            losses.append(float(loss))
    jax.block_until_ready(params)
    return losses


def main():
    path, n_a, iterations, reps = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
    with open(ROOT / path, encoding="utf-8") as f:
        char_to_ix, _ = lm.vocabulary(f.read())
    v = len(char_to_ix)
    examples = examples_of(path, char_to_ix)
    reference = {}
    _, i2c = lm.vocabulary(open(ROOT / path, encoding="utf-8").read())
    lm.model(str(ROOT / path), i2c, char_to_ix, num_iterations=20, n_a=n_a, vocab_size=v, verbose=False,
             history=reference)
    seconds = []
    for r in range(reps):
        t0 = time.perf_counter()
        losses = run(examples, n_a, v, iterations)
        seconds.append(time.perf_counter() - t0)
        if r == 0:
            diff = max(abs(a - b) / abs(b) for a, b in zip(losses, reference["loss"]))
            if diff > 1e-9:
                raise SystemExit("the JAX step's losses differ from NumPy's by %g relative" % diff)
    print(json.dumps({"mode": "lm", "trainer": "jax", "data": path, "n_a": n_a, "vocabulary": v,
                      "iterations": iterations, "seconds": seconds, "first_includes_compile": True,
                      "max_relative_loss_difference_first_20": diff, "jax": jax.__version__}))


if __name__ == "__main__":
    main()
