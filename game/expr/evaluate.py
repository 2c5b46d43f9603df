"""f evaluated by walking the tree with numpy (so its domain is exactly what
was typed), and the cleaning that turns complex and infinite values into NaN."""
from __future__ import annotations

import math

import numpy as np

from .tree import CONSTANTS, Node

_NUMPY = {"sin": np.sin, "cos": np.cos, "tan": np.tan, "exp": np.exp, "log": np.log,
          "sqrt": np.sqrt, "abs": np.abs, "tanh": np.tanh, "sinh": np.sinh,
          "cosh": np.cosh, "atan": np.arctan, "sign": np.sign}
_NP_BINARY = {"+": np.add, "-": np.subtract, "*": np.multiply, "/": np.divide,
              "^": np.power}


def _eval_tree(node: Node, x, y):
    if node.kind == "var":
        return x if node.value == "x" else y
    if node.kind == "num":
        return float(node.value)
    if node.kind == "const":
        return CONSTANTS[node.value]
    if node.kind == "neg":
        return np.negative(_eval_tree(node.args[0], x, y))
    if node.kind == "call":
        return _NUMPY[node.value](_eval_tree(node.args[0], x, y))
    a, b = node.args
    return _NP_BINARY[node.kind](_eval_tree(a, x, y), _eval_tree(b, x, y))


def _real(z) -> float:
    """One Python number as a float: complex with an imaginary part, and
    numbers beyond the float range, give NaN (never OverflowError)."""
    try:
        z = complex(z)
        return z.real if z.imag == 0 else math.nan
    except (OverflowError, TypeError, ValueError):
        return math.nan


def _clean(value, shape) -> np.ndarray:
    """``value`` as a float array of ``shape``: complex, ±inf → NaN.

    An object array (Python ints beyond float64 would make one) is converted
    one element at a time, so that a number too large for a float becomes
    NaN instead of raising.

    >>> _clean(10 ** 400, (2,)).tolist(), _clean(1j, ()).tolist()
    ([nan, nan], nan)
    """
    v = np.asarray(value)
    if v.dtype == object:
        v = np.vectorize(_real, otypes=[float])(v) if v.size else v.astype(float)
    if np.iscomplexobj(v):
        v = np.where(v.imag == 0, v.real, np.nan)
    v = np.array(np.broadcast_to(v.astype(float, copy=False), shape))
    v[~np.isfinite(v)] = np.nan
    return v
