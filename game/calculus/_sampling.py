"""One point and one warning-free evaluation, shared by the calculus rooms,
and the arithmetic that keeps huge values from overflowing.

``_p(x, y)`` is the ``(2,)`` point; ``_eval(fn, p)`` calls a surface function
with numpy's floating-point warnings silenced and returns a float array.
``_norm`` is |(a, b)| with ``inf`` where the length itself is beyond the float
range; ``_pow4`` and ``_unscale`` move a finite array to magnitudes near 1 and
back by a power of 4, which float arithmetic (square roots included) commutes
with exactly: results computed on the scaled array are bit-identical to the
plain computation wherever that one does not overflow.
"""
from __future__ import annotations

import math

import numpy as np


def _p(x, y) -> np.ndarray:
    return np.array([float(x), float(y)])


def _eval(fn, p) -> np.ndarray:
    with np.errstate(all="ignore"):
        return np.asarray(fn(p), dtype=float)


def _norm(a, b):
    """|(a, b)| elementwise: ``inf`` where it is beyond the float range
    (``hypot`` rounds that to inf, which is the answer, not an accident).

    >>> float(_norm(3.0, 4.0)), float(_norm(1.5e308, 1.5e308))
    (5.0, inf)
    """
    with np.errstate(over="ignore"):
        return np.hypot(a, b)


def _pow4(a) -> tuple[np.ndarray, int]:
    """``(a·2⁻ᵏ, k)`` for a finite array ``a``, with ``k`` even and the largest
    |entry| of the result in [1/4, 1) (``k = 0`` for an all-zero ``a``).

    >>> b, k = _pow4(np.array([3e300, -1.0]))
    >>> k % 2, 0.25 <= float(abs(b).max()) < 1.0, _unscale(b, k).tolist() == [3e300, -1.0]
    (0, True, True)
    """
    a = np.asarray(a, dtype=float)
    top = None
    if 0 < a.size <= 4:                 # a point's ∇f or H: Python floats beat a reduction
        vals = a.ravel().tolist()
        total = sum(vals)
        if total - total == 0:          # all finite (NaN, ±inf or overflow: numpy's way)
            top = max(map(abs, vals))
    if top is None:
        top = float(np.max(np.abs(a))) if a.size else 0.0
    if top == 0.0:
        return a.copy(), 0
    e = math.frexp(top)[1]            # top = m·2^e with m in [1/2, 1)
    k = e if e % 2 == 0 else e + 1
    return np.ldexp(a, -k), k


def _unscale(a, k: int) -> np.ndarray:
    """``a·2ᵏ``, the inverse of `_pow4`; ``±inf`` where that is beyond the
    float range (the true value, rounded)."""
    with np.errstate(over="ignore"):
        return np.ldexp(np.asarray(a, dtype=float), k)
