"""Golden fixtures for NumpyRandom: NumPy's legacy stream (np.random.seed + RandomState, MT19937).

For every seed and every stream below, the fixture stores the SHA-256 of the values as big-endian
64-bit patterns (doubles by their IEEE bits, integers as int64) and the first 8 values. The Java
test makes the same calls in the same order and hashes its own values, so equal hashes mean equal
bits.

Normal draws need one more piece of information. NumPy's polar method calls the C library's log,
and glibc's log is not correctly rounded: on about 0.08% of arguments it returns the neighbouring
double. NumpyRandom uses the correctly rounded log instead. So this generator also replays every
normal draw with the correctly rounded log (Python's decimal module) and records, as "patches", the
positions where that replay differs from NumPy: NumPy's value and the correctly rounded one. The Java
test checks its value equals the correctly rounded one there, puts NumPy's value in its place, and
then compares hashes, so every other value is still compared bit for bit. The same replay with
math.log (the C library's log) must reproduce NumPy exactly, which this script asserts.
"""
import decimal
import hashlib
import math
import struct

import numpy as np

import fixtures

SEEDS = [0, 1, 2, 3, 4, 5, 6, 7, 10, 17, 24, 42, 45, 100, 212, 1000, 12345,
         123456789, 2**31 - 1, 2**31, 3141592653, 2**32 - 1]
COUNT = 10_000
FIRST = 8

# (name, low, high): one stream each. Together they reach every branch of NumPy's bounded integers:
# 32-bit masked rejection, the 2**32-value span taken as one 32-bit output, 64-bit masked rejection.
RANDINT_RANGES = [
    ("randint_0_27", 0, 27),
    ("randint_m5_5", -5, 5),
    ("randint_0_2p32", 0, 2**32),
    ("randint_0_2p32p1", 0, 2**32 + 1),
    ("randint_0_2p40", 0, 2**40),
    ("randint_int64", -2**63, 2**63 - 1),
]
# randint_mixed cycles through these; (0, 1) and (7, 8) have one value and draw nothing.
MIXED_RANGES = [(0, 27), (0, 1), (-5, 5), (7, 8), (0, 2**32), (0, 2**40), (-2**63, 2**63 - 1), (3, 1000)]

# randn call shapes, cycled after a first call of 7 values; () is a scalar call. When a shape would
# overshoot the total, the last call is 1-D with the values still needed.
RANDN_FIRST = (7,)
RANDN_SHAPES = [(), (3,), (2, 5), (5,), (1,), (3, 1, 3), (13,), (2,), (), (4, 3)]
RANDN_TOTAL = COUNT + 1

_CTX = decimal.Context(prec=40)


def correctly_rounded_log(x):
    """log(x) rounded to the nearest double (decimal's ln is correctly rounded at 40 digits)."""
    return float(_CTX.ln(decimal.Decimal(x)))


class Replay:
    """A RandomState whose randn is written out (legacy polar method), with the logarithm as a parameter.

    Every other method is the RandomState's own, so calls interleave exactly as with np.random.
    """

    def __init__(self, seed, log):
        self.rs = np.random.RandomState(seed)
        self.log = log
        self.cached = None

    def _gauss(self):
        if self.cached is not None:
            value, self.cached = self.cached, None
            return value
        while True:
            x1 = 2.0 * self.rs.random_sample() - 1.0
            x2 = 2.0 * self.rs.random_sample() - 1.0
            r2 = x1 * x1 + x2 * x2
            if r2 < 1.0 and r2 != 0.0:
                break
        f = math.sqrt(-2.0 * self.log(r2) / r2)
        self.cached = f * x1
        return f * x2

    def randn(self, *shape):
        if not shape:
            return self._gauss()
        return np.array([self._gauss() for _ in range(int(np.prod(shape)))]).reshape(shape)

    def __getattr__(self, name):
        return getattr(self.rs, name)


class Values:
    """A stream of 64-bit values: doubles are stored by their bits, integers as int64."""

    def __init__(self):
        self.kinds = []
        self.values = []

    def doubles(self, a):
        for v in np.ravel(a):
            self.kinds.append("d")
            self.values.append(float(v))

    def ints(self, a):
        for v in np.ravel(a):
            self.kinds.append("q")
            self.values.append(int(v))

    def pattern(self, i):
        return struct.pack(">" + self.kinds[i], self.values[i])

    def sha256(self):
        h = hashlib.sha256()
        for i in range(len(self.values)):
            h.update(self.pattern(i))
        return h.hexdigest()

    def hex(self, i):
        return self.pattern(i).hex()


# Each stream function makes the calls on r (np.random after np.random.seed, or a Replay) and
# records the results. The Java test makes the same calls in the same order.

def stream_rand(r, p):
    v = Values()
    for _ in range(100):
        v.doubles(r.rand())
    v.doubles(r.rand(50, 20))
    v.doubles(r.random_sample(COUNT - 1100))
    return v


def stream_randn(r, p):
    v = Values()
    remaining = RANDN_TOTAL
    shapes = [RANDN_FIRST] + RANDN_SHAPES * RANDN_TOTAL
    for shape in shapes:
        if remaining == 0:
            break
        if int(np.prod(shape)) > remaining:
            shape = (remaining,)
        v.doubles(r.randn(*shape))
        remaining -= int(np.prod(shape))
    return v


def stream_randint(low, high):
    def draw(r, p):
        v = Values()
        for _ in range(100):
            v.ints(r.randint(low, high))
        v.ints(r.randint(low, high, size=COUNT - 100))
        return v
    return draw


def stream_randint_mixed(r, p):
    v = Values()
    for i in range(COUNT):
        low, high = MIXED_RANGES[i % len(MIXED_RANGES)]
        v.ints(r.randint(low, high))
    return v


def stream_choice(key):
    def draw(r, p):
        v = Values()
        for _ in range(100):
            v.ints(r.choice(27, p=p[key]))
        v.ints(r.choice(27, size=COUNT - 100, p=p[key]))
        return v
    return draw


def stream_choice_uniform(r, p):
    v = Values()
    for _ in range(COUNT):
        v.ints(r.choice(27))
    return v


def stream_shuffle(r, p):
    v = Values()
    a = np.arange(100)
    for _ in range(COUNT // 100):
        r.shuffle(a)
        v.ints(a)
    return v


def stream_permutation(r, p):
    v = Values()
    for _ in range(COUNT // 1000):
        v.ints(r.permutation(1000))
    return v


def stream_mixed(r, p):
    """Every method interleaved, so a cached normal value survives calls to the others."""
    v = Values()
    for _ in range(500):
        v.doubles(r.randn(3))
        v.doubles(r.rand())
        v.ints(r.randint(0, 27))
        v.ints(r.choice(27, p=p["p27"]))
        v.doubles(r.randn())
        v.ints(r.randint(-5, 5, size=2))
        v.doubles(r.rand(2))
        v.ints(r.choice(27))
        v.doubles(r.randn(2, 2))
        v.ints(r.permutation(5))
    return v


STREAMS = {
    "rand": stream_rand,
    "randn": stream_randn,
    **{name: stream_randint(low, high) for name, low, high in RANDINT_RANGES},
    "randint_mixed": stream_randint_mixed,
    "choice_p27": stream_choice("p27"),
    "choice_p27_zeros": stream_choice("p27_zeros"),
    "choice_uniform": stream_choice_uniform,
    "shuffle": stream_shuffle,
    "permutation": stream_permutation,
    "mixed": stream_mixed,
}
NORMAL_STREAMS = {"randn", "mixed"}


def probabilities():
    """Two 27-entry p vectors: a Dirichlet draw, and one with zeros that sums to 1 only within tolerance."""
    p27 = np.random.RandomState(2024).dirichlet(np.ones(27))
    zeros = p27.copy()
    zeros[[0, 5, 13, 14, 26]] = 0.0
    zeros = zeros / zeros.sum() * (1 + 1e-9)
    return {"p27": p27, "p27_zeros": zeros}


def patches(numpy_values, replayed):
    """Positions where the correctly rounded replay differs from NumPy (normal draws only)."""
    out = []
    for i in range(len(numpy_values.values)):
        if numpy_values.pattern(i) != replayed.pattern(i):
            out.append({"index": i, "numpy": numpy_values.hex(i), "correctly_rounded": replayed.hex(i)})
    return out


def entry(values, patch_list=None):
    kinds = set(values.kinds)
    kind = "float64" if kinds == {"d"} else "int64" if kinds == {"q"} else "mixed"
    first = [values.values[i] if kind == "int64" else values.hex(i) for i in range(FIRST)]
    e = {"count": len(values.values), "type": kind, "sha256": values.sha256(), "first": first}
    if patch_list is not None:
        e["patches"] = patch_list
    return e


def run(name, seed, p):
    np.random.seed(seed)
    values = STREAMS[name](np.random, p)
    if name not in NORMAL_STREAMS:
        return entry(values)
    libc = STREAMS[name](Replay(seed, math.log), p)
    assert libc.values == values.values and libc.kinds == values.kinds, \
        f"replay of {name} with the C library's log differs from NumPy for seed {seed}"
    exact = STREAMS[name](Replay(seed, correctly_rounded_log), p)
    return entry(values, patches(values, exact))


def log_fixture():
    """Correctly rounded logs of 20,000 arguments built from a uniform stream (the Java test rebuilds them)."""
    u = np.random.RandomState(7).random_sample(20_000)
    xs = []
    for i, ui in enumerate(u):
        kind = i % 4
        if kind == 0:
            x = ui if ui > 0 else 1.0           # like the polar method's r2
        elif kind == 1:
            x = 1.0 + (ui - 0.5) * 0.25         # near 1, where glibc has a separate path
        elif kind == 2:
            x = math.ldexp(0.5 + ui / 2, i % 2001 - 1000)   # exponents -1000..1000
        else:
            x = 1.0 + (ui - 0.5) * 2.0**-30     # very close to 1
        xs.append(x)
    v = Values()
    v.doubles([correctly_rounded_log(x) for x in xs])
    libc_differs = sum(math.log(x) != y for x, y in zip(xs, v.values))
    return {"count": len(xs), "sha256": v.sha256(), "first_x": [struct.pack(">d", x).hex() for x in xs[:FIRST]],
            "first": [v.hex(i) for i in range(FIRST)], "libc_log_differs": libc_differs}


def fill_fixture():
    """The assignment's rnn_forward draws: seed(1); x = randn(3,10,4); a0 = randn(5,10)."""
    np.random.seed(1)
    x = np.random.randn(3, 10, 4)
    a0 = np.random.randn(5, 10)
    replay = Replay(1, correctly_rounded_log)
    numpy_values, exact = Values(), Values()
    numpy_values.doubles(x)
    numpy_values.doubles(a0)
    exact.doubles(replay.randn(3, 10, 4))
    exact.doubles(replay.randn(5, 10))
    return {"x": fixtures.arr(x), "a0": fixtures.arr(a0), "patches": patches(numpy_values, exact)}


def choice_edges():
    """Single choices whose draw u sits exactly on, or within 1e-8 of, a cumulative probability.

    Random streams almost never hit these, yet they are where NumPy's details show: the search is
    side='right' (u equal to cdf[0] gives index 1), and the cumulative sum is divided by its last
    entry (p sums to 1 + 1e-8, allowed by the tolerance, which moves cdf[0] across u).
    """
    cases = []
    for seed in (0, 1, 42):
        u = np.random.RandomState(seed).random_sample()
        on_boundary = [u, 1.0 - u]
        in_window = [u + 2e-9, (1.0 + 1e-8) - (u + 2e-9)]
        for p in (on_boundary, in_window):
            np.random.seed(seed)
            index = int(np.random.choice(2, p=p))
            cdf = np.cumsum(p)
            if p is on_boundary:
                other = int(np.searchsorted(cdf / cdf[-1], u, side="left"))
            else:
                other = int(np.searchsorted(cdf, u, side="right"))
            assert other != index, f"edge case {p} for seed {seed} does not discriminate"
            cases.append({"seed": seed, "p": [float(v) for v in p], "index": index})
    return cases


def generate(out_dir):
    p = probabilities()
    streams = {str(seed): {name: run(name, seed, p) for name in STREAMS} for seed in SEEDS}
    fixtures.write(out_dir, "numpy_random.json", {
        "numpy_version": np.__version__,
        "seeds": SEEDS,
        "count": COUNT,
        "randn_first": list(RANDN_FIRST),
        "randn_shapes": [list(s) for s in RANDN_SHAPES],
        "randn_total": RANDN_TOTAL,
        "randint_ranges": [[name, low, high] for name, low, high in RANDINT_RANGES],
        "mixed_ranges": [list(r) for r in MIXED_RANGES],
        "p27": [float(v) for v in p["p27"]],
        "p27_zeros": [float(v) for v in p["p27_zeros"]],
        "streams": streams,
        "choice_edges": choice_edges(),
        "randn_fill": fill_fixture(),
        "log": log_fixture(),
    })
