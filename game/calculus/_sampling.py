"""One point and one warning-free evaluation, shared by the calculus rooms.

``_p(x, y)`` is the ``(2,)`` point; ``_eval(fn, p)`` calls a surface function
with numpy's floating-point warnings silenced and returns a float array.
"""
from __future__ import annotations

import numpy as np


def _p(x, y) -> np.ndarray:
    return np.array([float(x), float(y)])


def _eval(fn, p) -> np.ndarray:
    with np.errstate(all="ignore"):
        return np.asarray(fn(p), dtype=float)
