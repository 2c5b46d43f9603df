"""Newton's method with a step size: ``x ← x − η·H⁻¹∇f``; η = 1 is pure Newton.

Pure numpy. Conventions in :mod:`game.optim.base`. There is no torch.optim
counterpart; the rule is written so that it can be followed by hand:

* the 2×2 system is solved by the adjugate,
  ``H⁻¹g = (h₂₂·g₁ − h₁₂·g₂, h₁₁·g₂ − h₂₁·g₁) / det H`` with
  ``det H = h₁₁·h₂₂ − h₁₂·h₂₁``, each operation rounded once, no fma;
* then ``x ← x − η·(H⁻¹g)`` (a product, then a difference);
* where ``H`` is singular or nearly so (``|det H| ≤ 1e-12·max|hᵢⱼ|²``, which
  also catches ``H = 0``, or anything not finite) the ball does not move and
  ``state["singular"]`` is set for it, so the HUD and legend can say
  "singular Hessian: stopped". The flag is recomputed on every step.

Newton heads for the nearest critical point of any kind: on the hill it climbs
to the peak, on Himmelblau it may land on a saddle. That is the lesson, so the
rule does not guard against it. On a quadratic the error shrinks by exactly
``|1 − η|`` per step. Newton keeps no velocity: ``bounce = ()``.
"""
from __future__ import annotations

import math

import numpy as np

from .base import OKABE_ITO, Rule, lr_hyper
from .exact import FEW

SINGULAR_RCOND = 1e-12


def newton_init(n: int) -> dict:
    """``singular``: per ball, whether its last step found H (nearly) singular."""
    return {"singular": np.zeros(n, dtype=bool)}


def newton_direction(g, H):
    """``(H⁻¹g, singular)`` for every ball, by the adjugate formula.

    ``H⁻¹g`` is 0 where ``singular``.

    >>> s, bad = newton_direction(np.array([[2.0], [10.0]]),
    ...                           np.array([[[2.0], [0.0]], [[0.0], [10.0]]]))
    >>> s.ravel().tolist(), bad.tolist()
    ([1.0, 1.0], [False])
    >>> newton_direction(np.array([[1.0], [1.0]]), np.zeros((2, 2, 1)))[1].tolist()
    [True]
    """
    a, b, c, d = H[0, 0], H[0, 1], H[1, 0], H[1, 1]
    with np.errstate(all="ignore"):
        det = a * d - b * c
        scale = np.maximum(np.maximum(np.abs(a), np.abs(b)), np.maximum(np.abs(c), np.abs(d)))
        singular = ~np.isfinite(det) | ~np.isfinite(scale) | (np.abs(det) <= SINGULAR_RCOND * scale * scale)
        s = np.array([(d * g[0] - b * g[1]) / det, (a * g[1] - c * g[0]) / det])
    return np.where(singular, 0.0, s), singular


def newton_step(x, g, H, state, t, hp):
    """One damped Newton step ``x ← x − η·(H⁻¹g)``; a singular H leaves x as it is.

    >>> x, s = newton_step(np.array([[1.0], [1.0]]), np.array([[2.0], [10.0]]),
    ...                    np.array([[[2.0], [0.0]], [[0.0], [10.0]]]), newton_init(1),
    ...                    np.array([1]), {"lr": 0.5})
    >>> x.ravel().tolist(), s["singular"].tolist()
    ([0.5, 0.5], [False])
    """
    if x.size <= FEW:
        return _newton_few(x, g, H, state, hp["lr"])
    s, singular = newton_direction(g, H)
    state["singular"][...] = singular
    with np.errstate(all="ignore"):
        x_new = x - hp["lr"] * s
    return np.where(singular, x, x_new), state


def _newton_few(x, g, H, state, lr):
    """:func:`newton_step` for a few balls on Python floats, operation for
    operation as over arrays (the same doubles). Where ``det H`` is not finite
    the ball is singular, and so where any entry of ``H`` is NaN or ±inf:
    ``max`` need not carry a NaN as ``np.maximum`` does."""
    (ax, bx), (cx, dx) = H.tolist()
    (x0s, x1s), (g0s, g1s) = x.tolist(), g.tolist()
    out0, out1, singular = [], [], []
    for x0, x1, g0, g1, a, b, c, d in zip(x0s, x1s, g0s, g1s, ax, bx, cx, dx):
        det = a * d - b * c
        scale = max(abs(a), abs(b), abs(c), abs(d))
        bad = not math.isfinite(det) or abs(det) <= SINGULAR_RCOND * scale * scale
        if not bad:
            x0 = x0 - lr * ((d * g0 - b * g1) / det)
            x1 = x1 - lr * ((a * g1 - c * g0) / det)
        out0.append(x0)
        out1.append(x1)
        singular.append(bad)
    state["singular"][...] = singular
    return np.array([out0, out1]), state


NEWTON = Rule(
    name="newton", label="Newton", colour=OKABE_ITO["yellow"],
    hyper=(lr_hyper(1.0),),
    second=None, needs_hess=True, bounce=(),
    rule_text="x ← x − η·H⁻¹g;  stops where |det H| ≤ 1e-12·max|hᵢⱼ|² (singular H)",
    note="H⁻¹g = (h₂₂g₁ − h₁₂g₂, h₁₁g₂ − h₂₁g₁)/det H, rounded per operation (no fma)",
    init=newton_init, step=newton_step,
)
