"""Surfaces f(x, y): value, analytic gradient and Hessian, domain, critical points.

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


# --- hill: the lesson's own picture -----------------------------------------

def hill_f(p):
    """Hill ``4 - (x^2 + y^2)``.

    >>> float(hill_f([1.0, 1.0]))
    2.0
    """
    x, y = _xy(p)
    return 4.0 - (x * x + y * y)


def hill_grad(p):
    """Gradient of the hill, ``(-2x, -2y)``: it points at the peak.

    >>> hill_grad([1.0, -0.5]).tolist()
    [-2.0, 1.0]
    """
    x, y = _xy(p)
    return np.array([-2.0 * x, -2.0 * y])


def hill_hess(p):
    """Hessian of the hill, ``[[-2, 0], [0, -2]]`` everywhere.

    >>> hill_hess([0.3, 0.1]).tolist()
    [[-2.0, 0.0], [0.0, -2.0]]
    """
    x, _ = _xy(p)
    return _hess(_const(x, -2.0), _const(x, 0.0), _const(x, -2.0))


# --- bowl: the elongated valley ---------------------------------------------

def bowl_f(p):
    """Bowl ``x^2 + 5 y^2``.

    >>> float(bowl_f([1.0, 1.0]))
    6.0
    """
    x, y = _xy(p)
    return x * x + 5.0 * y * y


def bowl_grad(p):
    """Gradient of the bowl, ``(2x, 10y)``.

    >>> bowl_grad([1.0, 0.5]).tolist()
    [2.0, 5.0]
    """
    x, y = _xy(p)
    return np.array([2.0 * x, 10.0 * y])


def bowl_hess(p):
    """Hessian of the bowl, ``[[2, 0], [0, 10]]``.

    >>> bowl_hess([0.0, 0.0]).tolist()
    [[2.0, 0.0], [0.0, 10.0]]
    """
    x, _ = _xy(p)
    return _hess(_const(x, 2.0), _const(x, 0.0), _const(x, 10.0))


HILL = Surface(
    name="hill",
    formula="f = 4 - (x² + y²)",
    f=hill_f,
    grad=hill_grad,
    hess=hill_hess,
    domain=(-2.0, 2.0, -2.0, 2.0),
    critical_points=(CriticalPoint(0.0, 0.0, 4.0, "maximum"),),
    about="the lesson's own picture: a peak at the origin",
)

BOWL = Surface(
    name="bowl",
    formula="f = x² + 5y²",
    f=bowl_f,
    grad=bowl_grad,
    hess=bowl_hess,
    domain=(-2.0, 2.0, -2.0, 2.0),
    critical_points=(CriticalPoint(0.0, 0.0, 0.0, "minimum"),),
    about="elongated valley: gradient descent zig-zags, momentum shines",
)

SURFACES: dict[str, Surface] = {s.name: s for s in (HILL, BOWL)}


def names() -> list[str]:
    """The registered surface names, in menu order."""
    return list(SURFACES)


def get(name: str) -> Surface:
    """The surface called ``name``; ``KeyError`` names the valid ones."""
    try:
        return SURFACES[name]
    except KeyError:
        raise KeyError(
            f"unknown surface {name!r}; choose one of: {', '.join(SURFACES)}"
        ) from None
