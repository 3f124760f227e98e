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
    fixtures.write(out_dir, "numpy_format.json", {"arrays": cases, "scalars": scalar_cases})
