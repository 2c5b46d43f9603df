"""Update rules: each one small pure function of positions, state and gradient.

Pure numpy (no pygame). Positions ``x`` and velocities ``v`` have shape
``(2, N)``: coordinates on axis 0, one column per ball. Every rule returns new
arrays and leaves its inputs untouched.

The rules, exactly as they run (one call = one physics tick):

* gradient descent ("gd"):   x ← x − η·∇f(x)
* heavy ball ("momentum"):   v ← μ·v − η·∇f(x),  then  x ← x + v

Up to the sign of ``v`` the heavy ball is PyTorch's ``SGD(lr=η, momentum=μ)``
with dampening 0 and no Nesterov: torch keeps ``b ← μ·b + g`` and steps
``x ← x − η·b``, so ``v = −η·b`` and both produce the same iterates.
"""
from __future__ import annotations

import numpy as np

MODES = ("momentum", "gd")
MODE_LABELS = {"momentum": "momentum (heavy ball)", "gd": "gradient descent"}


def gd_step(x, v, g, lr, mu):
    """One gradient-descent step ``x ← x − η·g``; the velocity is zero.

    ``v`` and ``mu`` are accepted so that every rule has the same signature.
    The returned velocity is the displacement of this step, which the walls use.

    >>> x, v = gd_step(np.array([[1.0], [2.0]]), None, np.array([[2.0], [4.0]]), 0.25, 0.9)
    >>> x.ravel().tolist(), v.ravel().tolist()
    ([0.5, 1.0], [-0.5, -1.0])
    """
    step = -lr * g
    return x + step, step


def momentum_step(x, v, g, lr, mu):
    """One heavy-ball step: ``v ← μ·v − η·g``, then ``x ← x + v``.

    >>> x, v = momentum_step(np.array([[1.0]]), np.array([[0.5]]), np.array([[2.0]]), 0.1, 0.5)
    >>> x.ravel().tolist(), v.ravel().tolist()
    ([1.05], [0.04999999999999999])
    """
    v_new = mu * v - lr * g
    return x + v_new, v_new


RULES = {"gd": gd_step, "momentum": momentum_step}

LR_DEFAULT = 0.005
LR_MIN, LR_MAX = 1e-5, 10.0       # the range the keys keep η in


def suggested_lr(surface, n: int = 33) -> float:
    """A learning rate that suits ``surface``: ``0.05 / L`` with L the median
    of the Hessian's largest |eigenvalue| over the domain, kept within
    ``LR_MIN`` … ``LR_DEFAULT`` and rounded to two significant digits.

    >>> from game import surfaces
    >>> suggested_lr(surfaces.get("bowl")), suggested_lr(surfaces.get("hill"))
    (0.005, 0.005)
    """
    xmin, xmax, ymin, ymax = surface.domain
    g = np.array(np.meshgrid(np.linspace(xmin, xmax, n), np.linspace(ymin, ymax, n)))
    with np.errstate(all="ignore"):
        h = np.asarray(surface.hess(g), float)
    # largest |eigenvalue| of [[a, b], [b, c]]: |mean| + sqrt(((a − c)/2)² + b²),
    # computed as L/16 from a/32, b/16, c/32 (exact power-of-2 scalings): every
    # sum below, and the median's mean of two, stays finite for Hessians up to 1e308
    a, b, c = h[0, 0] / 32, h[0, 1] / 16, h[1, 1] / 32
    lam16 = np.abs(a + c) + np.hypot(a - c, b)
    lam16 = lam16[np.isfinite(lam16)]
    big16 = float(np.median(lam16)) if lam16.size else 0.0
    # 0.05 / L = 0.003125 / (L/16); a Python float, so 1/tiny is inf, not a warning
    lr = LR_DEFAULT if big16 <= 0 else min(max(0.003125 / big16, LR_MIN), LR_DEFAULT)
    return float(f"{lr:.2g}")


def step(mode, x, v, g, lr, mu):
    """Apply the update rule called ``mode`` (one of ``MODES``)."""
    try:
        rule = RULES[mode]
    except KeyError:
        raise KeyError(
            f"unknown optimizer {mode!r}; choose one of: {', '.join(MODES)}"
        ) from None
    return rule(x, v, g, lr, mu)
