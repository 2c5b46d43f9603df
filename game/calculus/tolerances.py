"""The yardsticks for "zero": when a Hessian counts as flat or too
ill-conditioned for a Newton step, and when a gradient counts as zero
(``gradient_scale``, ``is_critical``).
"""
from __future__ import annotations

import functools

import numpy as np

from ._sampling import _norm

FLAT_TOL = 1e-9       # |lambda|_min <= FLAT_TOL * max(1, |lambda|_max) -> "flat"
COND_MAX = 1e12       # Newton step only where cond(H) <= COND_MAX
CRITICAL_TOL = 1e-9   # critical where |grad f| <= CRITICAL_TOL * max(1, G), G = gradient_scale


@functools.lru_cache(maxsize=64)
def gradient_norms(surface, n: int) -> np.ndarray:
    """The finite values of |grad f| on an ``n`` by ``n`` grid of the domain
    (cached; read-only; a norm beyond the float range is left out, like an
    undefined one). The yardsticks below and the cursor arrow's length
    are percentiles of it.

    >>> from game.surfaces import get
    >>> float(gradient_norms(get("round"), 3).max()) == float(np.hypot(4.0, 4.0))
    True
    """
    xmin, xmax, ymin, ymax = surface.domain
    grid = np.array(np.meshgrid(np.linspace(xmin, xmax, n), np.linspace(ymin, ymax, n)))
    with np.errstate(all="ignore"):
        g = np.asarray(surface.grad(grid), float)
    norm = _norm(g[0], g[1])            # inf where |grad f| is beyond the float range
    norm = norm[np.isfinite(norm)]
    norm.flags.writeable = False
    return norm


@functools.lru_cache(maxsize=64)
def gradient_scale(surface, n: int = 33) -> float:
    """G, the median |grad f| over an ``n`` by ``n`` grid of the domain: the
    yardstick for "the gradient is zero here". Adding a constant to f does
    not change it, unlike a yardstick made of |f|.

    >>> from game.surfaces import get
    >>> round(gradient_scale(get("round")), 3) == round(gradient_scale(get("hill")), 3)
    True
    """
    norm = gradient_norms(surface, n)
    return float(np.median(norm)) if norm.size else 1.0


def is_critical(surface, grad_norm: float, tol: float = CRITICAL_TOL) -> bool:
    """Whether ``|grad f| = grad_norm`` counts as zero on ``surface``."""
    return bool(grad_norm <= tol * max(1.0, gradient_scale(surface)))
