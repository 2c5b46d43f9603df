"""The lesson's own surfaces: hill, bowl, round, cubic, saddle, monkey.

Pure numpy; conventions in :mod:`game.surfaces.base`.
"""
from __future__ import annotations

import numpy as np

from .base import CriticalPoint, Surface, _const, _hess, _xy


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
    formula="f = 4 − (x² + y²)",
    f=hill_f,
    grad=hill_grad,
    hess=hill_hess,
    domain=(-2.0, 2.0, -2.0, 2.0),
    critical_points=(CriticalPoint(0.0, 0.0, 4.0, "maximum"),),
    about="the lesson's own picture: a peak at the origin",
    extra={"typed": "4 - (x^2 + y^2)"},
)

BOWL = Surface(
    name="bowl",
    formula="f = x² + 5y²",
    f=bowl_f,
    grad=bowl_grad,
    hess=bowl_hess,
    domain=(-2.0, 2.0, -2.0, 2.0),
    critical_points=(CriticalPoint(0.0, 0.0, 0.0, "minimum"),),
    about="elongated valley: with η > 0.1 gradient descent zig-zags; momentum shines",
    extra={"typed": "x^2 + 5*y^2"},
)


# --- round: the lesson's first loss -----------------------------------------

def round_f(p):
    """Round bowl ``x^2 + y^2`` (the lesson's ``w1^2 + w2^2``).

    >>> float(round_f([1.0, -2.0]))
    5.0
    """
    x, y = _xy(p)
    return x * x + y * y


def round_grad(p):
    """Gradient of the round bowl, ``(2x, 2y)``: straight away from 0.

    >>> round_grad([1.0, -0.5]).tolist()
    [2.0, -1.0]
    """
    x, y = _xy(p)
    return np.array([2.0 * x, 2.0 * y])


def round_hess(p):
    """Hessian of the round bowl, ``[[2, 0], [0, 2]]``.

    >>> round_hess([0.3, 0.1]).tolist()
    [[2.0, 0.0], [0.0, 2.0]]
    """
    x, _ = _xy(p)
    return _hess(_const(x, 2.0), _const(x, 0.0), _const(x, 2.0))


# --- cubic: the lesson's worked partial-derivative example -------------------

def cubic_f(p):
    """Cubic ``3 x^2 y``.

    >>> float(cubic_f([2.0, 1.0]))
    12.0
    """
    x, y = _xy(p)
    return 3.0 * x * x * y


def cubic_grad(p):
    """Gradient of the cubic, ``(6xy, 3x^2)``; it vanishes on the line x = 0.

    >>> cubic_grad([2.0, 1.0]).tolist()
    [12.0, 12.0]
    """
    x, y = _xy(p)
    return np.array([6.0 * x * y, 3.0 * x * x])


def cubic_hess(p):
    """Hessian of the cubic, ``[[6y, 6x], [6x, 0]]``.

    >>> cubic_hess([1.0, 0.5]).tolist()
    [[3.0, 6.0], [6.0, 0.0]]
    """
    x, y = _xy(p)
    return _hess(6.0 * y, 6.0 * x, _const(x, 0.0))


# --- saddle -----------------------------------------------------------------

def saddle_f(p):
    """Saddle ``x^2 - y^2``.

    >>> float(saddle_f([1.0, 2.0]))
    -3.0
    """
    x, y = _xy(p)
    return x * x - y * y


def saddle_grad(p):
    """Gradient of the saddle, ``(2x, -2y)``.

    >>> saddle_grad([1.0, 2.0]).tolist()
    [2.0, -4.0]
    """
    x, y = _xy(p)
    return np.array([2.0 * x, -2.0 * y])


def saddle_hess(p):
    """Hessian of the saddle, ``[[2, 0], [0, -2]]``: indefinite.

    >>> saddle_hess([0.0, 0.0]).tolist()
    [[2.0, 0.0], [0.0, -2.0]]
    """
    x, _ = _xy(p)
    return _hess(_const(x, 2.0), _const(x, 0.0), _const(x, -2.0))


# --- monkey saddle ----------------------------------------------------------

def monkey_f(p):
    """Monkey saddle ``x^3 - 3 x y^2``.

    >>> float(monkey_f([1.0, 1.0]))
    -2.0
    """
    x, y = _xy(p)
    return x * x * x - 3.0 * x * y * y


def monkey_grad(p):
    """Gradient of the monkey saddle, ``(3x^2 - 3y^2, -6xy)``.

    >>> monkey_grad([1.0, 0.5]).tolist()
    [2.25, -3.0]
    """
    x, y = _xy(p)
    return np.array([3.0 * (x * x - y * y), -6.0 * x * y])


def monkey_hess(p):
    """Hessian of the monkey saddle, ``[[6x, -6y], [-6y, -6x]]``; zero at 0.

    >>> monkey_hess([1.0, 0.5]).tolist()
    [[6.0, -3.0], [-3.0, -6.0]]
    """
    x, y = _xy(p)
    return _hess(6.0 * x, -6.0 * y, -6.0 * x)



ROUND = Surface(
    name="round",
    formula="f = x² + y²",
    f=round_f,
    grad=round_grad,
    hess=round_hess,
    domain=(-2.0, 2.0, -2.0, 2.0),
    critical_points=(CriticalPoint(0.0, 0.0, 0.0, "minimum"),),
    about="the lesson's first loss w₁² + w₂²: round contours, descent heads straight in",
    extra={"typed": "x^2 + y^2"},
)

CUBIC = Surface(
    name="cubic",
    formula="f = 3x²y",
    f=cubic_f,
    grad=cubic_grad,
    hess=cubic_hess,
    domain=(-2.0, 2.0, -2.0, 2.0),
    critical_points=(CriticalPoint(0.0, 0.0, 0.0, "degenerate"),),
    about="the lesson's worked example: ∂f/∂x = 6xy, ∂f/∂y = 3x², flat along x = 0",
    extra={"typed": "3*x^2*y"},
)

SADDLE = Surface(
    name="saddle",
    formula="f = x² − y²",
    f=saddle_f,
    grad=saddle_grad,
    hess=saddle_hess,
    domain=(-2.0, 2.0, -2.0, 2.0),
    critical_points=(CriticalPoint(0.0, 0.0, 0.0, "saddle"),),
    about="zero gradient that is neither a minimum nor a maximum",
    extra={"typed": "x^2 - y^2"},
)

MONKEY = Surface(
    name="monkey",
    formula="f = x³ − 3xy²",
    f=monkey_f,
    grad=monkey_grad,
    hess=monkey_hess,
    domain=(-1.5, 1.5, -1.5, 1.5),
    critical_points=(CriticalPoint(0.0, 0.0, 0.0, "degenerate"),),
    about="monkey saddle: three valleys meet where even the Hessian is zero",
    extra={"typed": "x^3 - 3*x*y^2"},
)
