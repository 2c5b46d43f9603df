"""The gradient of a real loss: mean squared error of a tiny linear fit.

Pure numpy; conventions in :mod:`game.surfaces.base`.
"""
from __future__ import annotations

import numpy as np

from .base import Array, CriticalPoint, Surface, _const, _hess, _xy


# --- regression: the loss of a real (tiny) linear fit -----------------------

_REG_SEED = 7
_REG_N = 50
_REG_TRUE_W = (1.5, -0.7)


def _regression_data(seed: int = _REG_SEED, n: int = _REG_N):
    """Features ``a``, ``b`` (correlation about 0.5) and targets ``t``."""
    rng = np.random.default_rng(seed)
    a = rng.normal(size=n)
    b = 0.5 * a + np.sqrt(0.75) * rng.normal(size=n)
    t = _REG_TRUE_W[0] * a + _REG_TRUE_W[1] * b + 0.5 * rng.normal(size=n)
    return a, b, t


_REG_A, _REG_B, _REG_T = _regression_data()
_REG_X = np.stack([_REG_A, _REG_B], axis=1)            # (n, 2) design matrix
_REG_GRAM = _REG_X.T @ _REG_X / _REG_N                  # XᵀX / n
_REG_XT = _REG_X.T @ _REG_T / _REG_N                    # Xᵀt / n
_REG_W_STAR = np.linalg.solve(_REG_GRAM, _REG_XT)       # least squares, closed form
_REG_F_STAR = float(np.mean((_REG_X @ _REG_W_STAR - _REG_T) ** 2))
for _arr in (_REG_A, _REG_B, _REG_T, _REG_W_STAR):
    _arr.setflags(write=False)


def _column(v: Array, like: Array) -> Array:
    """``v`` of shape (2,) reshaped to broadcast against ``like`` of shape (2, ...)."""
    return v.reshape((2,) + (1,) * (np.ndim(like) - 1))


def _typed_quadratic() -> str:
    """The loss as the editor can type it: the mean of the squares expanded
    into a quadratic in x = w₁, y = w₂ with the data's sums as coefficients
    (equal to :func:`regression_f` up to rounding)."""
    a, b, t = _REG_A, _REG_B, _REG_T
    coeffs = ((np.mean(a * a), "x^2"), (2 * np.mean(a * b), "x*y"), (np.mean(b * b), "y^2"),
              (-2 * np.mean(a * t), "x"), (-2 * np.mean(b * t), "y"), (np.mean(t * t), ""))
    text = ""
    for c, term in coeffs:
        c = float(c)
        sign = "-" if c < 0 else "+"
        body = f"{abs(c):.12g}" + (f"*{term}" if term else "")
        text = (f"-{body}" if c < 0 else body) if not text else f"{text} {sign} {body}"
    return text


def regression_f(p):
    """Mean squared error ``mean((w1 a + w2 b - t)^2)`` of the seeded data set.

    Evaluated through the exact identity ``f(w) = f(w*) + (w - w*)ᵀ (XᵀX/n) (w - w*)``
    so that a whole pixel grid costs O(pixels), not O(pixels × samples).

    >>> bool(np.isclose(regression_f(_REG_W_STAR), _REG_F_STAR))
    True
    """
    w = np.asarray(p, dtype=float)
    d = w - _column(_REG_W_STAR, w)
    return _REG_F_STAR + np.einsum("i...,ij,j...->...", d, _REG_GRAM, d)


def regression_grad(p):
    """Gradient of the MSE, ``(2/n) Xᵀ(Xw - t) = 2 (XᵀX/n) w - 2 Xᵀt/n``.

    >>> bool(np.allclose(regression_grad(_REG_W_STAR), 0.0))
    True
    """
    w = np.asarray(p, dtype=float)
    return 2.0 * (np.tensordot(_REG_GRAM, w, axes=1) - _column(_REG_XT, w))


def regression_hess(p):
    """Hessian of the MSE, the constant ``(2/n) XᵀX``.

    >>> bool(np.allclose(regression_hess([0.0, 0.0]), 2 * _REG_X.T @ _REG_X / _REG_N))
    True
    """
    x, _ = _xy(p)
    g = 2.0 * _REG_GRAM
    return _hess(_const(x, g[0, 0]), _const(x, g[0, 1]), _const(x, g[1, 1]))



REGRESSION = Surface(
    name="regression",
    formula="f = mean((w₁a + w₂b − t)²)",
    f=regression_f,
    grad=regression_grad,
    hess=regression_hess,
    domain=(float(_REG_W_STAR[0]) - 3.0, float(_REG_W_STAR[0]) + 3.0,
            float(_REG_W_STAR[1]) - 3.0, float(_REG_W_STAR[1]) + 3.0),
    critical_points=(CriticalPoint(float(_REG_W_STAR[0]), float(_REG_W_STAR[1]),
                                   _REG_F_STAR, "minimum"),),
    about=f"loss of a linear fit ŷ = w₁a + w₂b to {_REG_N} data points: "
          "its minimum is the least-squares solution",
    extra={"a": _REG_A, "b": _REG_B, "t": _REG_T, "w_star": _REG_W_STAR,
           "typed": _typed_quadratic()},
)
