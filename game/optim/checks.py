"""The tick's cheap questions: is every step inside the walls, is every number finite.

Pure numpy and the standard library. Each asks the cheapest form first (one
reduction, or Python floats for a few balls, :data:`~game.optim.exact.FEW`)
and answers exactly: a "no" from a shortcut (a sum that overflowed) only
sends the tick to the element-by-element check.

>>> import numpy as np
>>> inside_few(np.array([[0.5], [2.0]]), -1.0, -1.0, 1.0, 1.0)
False
>>> finite_sum([np.array([[1e308, 1e308]])]), state_ok({"m": np.array([[1e308, 1e308]])}, 2)
(False, None)
"""
from __future__ import annotations

import math

import numpy as np

from .exact import FEW


def inside_few(x, l0, l1, h0, h1) -> bool:
    """Whether every coordinate of the few points ``x`` lies within the box
    ``[l0, h0] × [l1, h1]`` (so none is NaN or past a wall), asked of Python floats."""
    r0, r1 = x.tolist()
    if len(r0) == 1:
        return l0 <= r0[0] <= h0 and l1 <= r1[0] <= h1
    return all(l0 <= v <= h0 for v in r0) and all(l1 <= v <= h1 for v in r1)


def finite_sum(arrays) -> bool:
    """Whether the sum of every element of ``arrays`` is finite: then every
    element is (no NaN, no ±inf). False may also mean a sum that overflowed:
    ask again."""
    total = 0.0
    for a in arrays:
        if a.size <= FEW and a.ndim == 2:
            total += sum(map(sum, a.tolist()))
        else:
            total += float(np.add.reduce(a, None))
    return math.isfinite(total)


def state_ok(state: dict, m: int):
    """None if every float state array is finite, else (m,) True where a ball's is."""
    bad = [a for a in state.values() if a.dtype.kind == "f" and not np.isfinite(a).all()]
    if not bad:
        return None
    ok = np.ones(m, dtype=bool)
    for a in bad:
        ok &= np.isfinite(a).reshape(-1, m).all(axis=0)
    return ok
