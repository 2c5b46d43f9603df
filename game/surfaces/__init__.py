"""Surfaces f(x, y): value, analytic gradient and Hessian, domain, critical points.

Pure numpy (no pygame). Coordinates go on axis 0, in the style of
``scipy.optimize.rosen``: ``f(p)`` takes ``p`` of shape ``(2, ...)`` and returns
shape ``(...)``; ``grad(p)`` returns ``(2, ...)``; ``hess(p)`` returns
``(2, 2, ...)``. One function therefore serves a single point, N balls and a
whole pixel grid.
"""
from __future__ import annotations

from .base import Array, CriticalPoint, Surface
from .classic import BEALE, CAMEL, HIMMELBLAU, RASTRIGIN, ROSENBROCK
from .lesson import BOWL, CUBIC, HILL, MONKEY, ROUND, SADDLE
from .regression import REGRESSION

__all__ = ["Array", "CriticalPoint", "Surface", "SURFACES", "names", "get"]

SURFACES: dict[str, Surface] = {
    s.name: s
    for s in (HILL, BOWL, ROUND, CUBIC, SADDLE, MONKEY, ROSENBROCK, HIMMELBLAU,
              BEALE, CAMEL, RASTRIGIN, REGRESSION)
}


def names() -> list[str]:
    """The registered surface names, in menu order.

    >>> names()[:3]
    ['hill', 'bowl', 'round']
    """
    return list(SURFACES)


def get(name: str) -> Surface:
    """The surface called ``name``; ``KeyError`` names the valid ones."""
    try:
        return SURFACES[name]
    except KeyError:
        raise KeyError(
            f"unknown surface {name!r}; choose one of: {', '.join(SURFACES)}"
        ) from None
