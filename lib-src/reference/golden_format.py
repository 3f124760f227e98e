"""Fixtures for NumpyFormat: how NumPy prints arrays and scalars with its default options."""
import numpy as np

import fixtures


def generate(out_dir):
    np.random.seed(1)
    cases = []
    arrays = [
        np.random.randn(10),
        np.random.randn(10) * 100,
        np.abs(np.random.randn(7)),
        np.array([0.5, 0.25, 1.0, 2.0]),
        np.array([-1.5, 3.0, 0.0]),
        np.random.randn(4, 3),
        np.random.randn(5, 1),
        np.random.randn(2, 12),
    ]
    for a in arrays:
        cases.append({"array": fixtures.arr(a), "str": str(a)})
    scalars = [0.1, -2.5, 1e-20, 123456789.125, 3.0, -0.0, 1.7976931348623157e308, 5e-324,
               float(np.random.randn()), 2.0 ** 70, 1e16, 1.5e-5, 0.0001]
    scalar_cases = [{"value": float(s), "repr": repr(np.float64(s).item())} for s in scalars]
    # Drawn after the cases above, so adding these left the earlier ones unchanged.
    more = [
        np.random.randn(2, 3, 4),
        np.random.randn(2, 2, 30),
        np.random.randn(3, 10, 4),
        np.arange(2000.0).reshape(100, 20) / 7,
        np.random.randn(65, 65) * 0.01,
        np.random.randn(5, 40, 10),
        np.random.randn(4, 3) * 1e-5,
        np.array([1e-5, 2.5e-5, -3.0]),
        np.array([1.0, 2.0, 3e9]),
        np.random.randn(2001),
        np.zeros((2, 3)),
    ]
    more_cases = [{"array": fixtures.arr(a), "str": str(a)} for a in more]
    fixtures.write(out_dir, "numpy_format.json", {"arrays": cases, "scalars": scalar_cases, "more": more_cases})
