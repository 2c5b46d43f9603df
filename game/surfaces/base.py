"""The Surface record and the helpers every surface module shares.

Pure numpy (no pygame). Coordinates go on axis 0, in the style of
``scipy.optimize.rosen``: ``f(p)`` takes ``p`` of shape ``(2, ...)`` and returns
shape ``(...)``; ``grad(p)`` returns ``(2, ...)``; ``hess(p)`` returns
``(2, 2, ...)``. One function therefore serves a single point, N balls and a
whole pixel grid.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

import numpy as np

Array = np.ndarray


@dataclass(frozen=True)
class CriticalPoint:
    """A point where the gradient vanishes, with its value and curvature class."""

    x: float
    y: float
    f: float
    kind: str  # "minimum", "maximum", "saddle" or "degenerate"


@dataclass(frozen=True)
class Surface:
    """One surface of the lesson.

    ``domain`` is ``(xmin, xmax, ymin, ymax)``; balls never leave it.
    ``log_color`` asks the colormap to follow log(1 + f - fmin), for surfaces
    whose range is huge.
    """

    name: str
    formula: str
    f: Callable[[Array], Array]
    grad: Callable[[Array], Array]
    hess: Callable[[Array], Array]
    domain: tuple[float, float, float, float]
    critical_points: tuple[CriticalPoint, ...] = ()
    log_color: bool = False
    about: str = ""
    extra: dict = field(default_factory=dict, compare=False)

    def contains(self, x: float, y: float) -> bool:
        xmin, xmax, ymin, ymax = self.domain
        return xmin <= x <= xmax and ymin <= y <= ymax


def _xy(p) -> tuple[Array, Array]:
    p = np.asarray(p, dtype=float)
    return p[0], p[1]


def _const(x: Array, c: float) -> Array:
    """``c`` with the shape of ``x`` (so that Hessians broadcast)."""
    return np.full(np.shape(x), float(c))


def _hess(hxx, hxy, hyy) -> Array:
    return np.array([[hxx, hxy], [hxy, hyy]], dtype=float)


def _newton(grad, hess, p0, *, steps: int = 60) -> Array:
    """Refine an approximate critical point ``p0`` with Newton's method on ∇f.

    Stops when a step no longer moves the point (relative 1e-15) and raises
    ``RuntimeError`` if that never happens, so a bad seed fails at import.

    >>> bowl_grad = lambda p: np.array([2.0 * p[0], 10.0 * p[1]])
    >>> _newton(bowl_grad, lambda p: np.diag([2.0, 10.0]), [0.3, -0.2]).tolist()
    [0.0, 0.0]
    """
    p = np.array(p0, dtype=float)
    for _ in range(steps):
        step = np.linalg.solve(hess(p), grad(p))
        p = p - step
        if np.max(np.abs(step)) <= 1e-15 * (1.0 + np.max(np.abs(p))):
            return p
    raise RuntimeError(f"Newton did not converge from {p0!r}")


def _critical(surface_f, grad, hess, seeds) -> tuple[CriticalPoint, ...]:
    """``CriticalPoint``s from ``(x0, y0, kind)`` seeds, refined by Newton."""
    points = []
    for x0, y0, kind in seeds:
        x, y = _newton(grad, hess, [x0, y0])
        points.append(CriticalPoint(float(x), float(y), float(surface_f([x, y])), kind))
    return tuple(points)
