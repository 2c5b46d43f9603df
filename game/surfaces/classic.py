"""Classic optimisation test functions: rosenbrock, himmelblau, beale, camel, rastrigin.

Pure numpy; conventions in :mod:`game.surfaces.base`.
"""
from __future__ import annotations

import numpy as np

from .base import CriticalPoint, Surface, _const, _critical, _hess, _xy


# --- rosenbrock: the banana valley ------------------------------------------

def rosenbrock_f(p):
    """Rosenbrock ``(1 - x)^2 + 100 (y - x^2)^2``.

    >>> float(rosenbrock_f([1.0, 1.0])), float(rosenbrock_f([0.0, 0.0]))
    (0.0, 1.0)
    """
    x, y = _xy(p)
    return (1.0 - x) ** 2 + 100.0 * (y - x * x) ** 2


def rosenbrock_grad(p):
    """Gradient of Rosenbrock, ``(-2(1 - x) - 400 x (y - x^2), 200 (y - x^2))``.

    >>> rosenbrock_grad([0.0, 0.0]).tolist()
    [-2.0, 0.0]
    """
    x, y = _xy(p)
    r = y - x * x
    return np.array([-2.0 * (1.0 - x) - 400.0 * x * r, 200.0 * r])


def rosenbrock_hess(p):
    """Hessian of Rosenbrock, ``[[1200x^2 - 400y + 2, -400x], [-400x, 200]]``.

    >>> rosenbrock_hess([1.0, 1.0]).tolist()
    [[802.0, -400.0], [-400.0, 200.0]]
    """
    x, y = _xy(p)
    return _hess(1200.0 * x * x - 400.0 * y + 2.0, -400.0 * x, _const(x, 200.0))


# --- himmelblau: four equal minima ------------------------------------------

def himmelblau_f(p):
    """Himmelblau ``(x^2 + y - 11)^2 + (x + y^2 - 7)^2``.

    >>> float(himmelblau_f([3.0, 2.0])), float(himmelblau_f([0.0, 0.0]))
    (0.0, 170.0)
    """
    x, y = _xy(p)
    return (x * x + y - 11.0) ** 2 + (x + y * y - 7.0) ** 2


def himmelblau_grad(p):
    """Gradient of Himmelblau, ``(4xu + 2v, 2u + 4yv)`` with u, v the two squares' bases.

    >>> himmelblau_grad([0.0, 0.0]).tolist()
    [-14.0, -22.0]
    """
    x, y = _xy(p)
    u = x * x + y - 11.0
    v = x + y * y - 7.0
    return np.array([4.0 * x * u + 2.0 * v, 2.0 * u + 4.0 * y * v])


def himmelblau_hess(p):
    """Hessian of Himmelblau, ``[[12x^2 + 4y - 42, 4x + 4y], [4x + 4y, 4x + 12y^2 - 26]]``.

    >>> himmelblau_hess([0.0, 0.0]).tolist()
    [[-42.0, 0.0], [0.0, -26.0]]
    """
    x, y = _xy(p)
    return _hess(12.0 * x * x + 4.0 * y - 42.0, 4.0 * (x + y),
                 4.0 * x + 12.0 * y * y - 26.0)


# Seeds to 6 decimals, refined to full precision by Newton at import.
_HIMMELBLAU_SEEDS = (
    (3.0, 2.0, "minimum"),
    (-2.805118, 3.131312, "minimum"),
    (-3.779310, -3.283186, "minimum"),
    (3.584428, -1.848126, "minimum"),
    (-0.270845, -0.923039, "maximum"),
    (0.086678, 2.884255, "saddle"),
    (-3.073026, -0.081353, "saddle"),
    (3.385154, 0.073852, "saddle"),
    (-0.127961, -1.953715, "saddle"),
)


# --- beale: plateaus and sharp ridges ---------------------------------------

_BEALE_C = (1.5, 2.25, 2.625)


def beale_f(p):
    """Beale ``sum_i (c_i - x + x y^i)^2`` for i = 1, 2, 3 and c = (1.5, 2.25, 2.625).

    >>> float(beale_f([3.0, 0.5])), float(beale_f([0.0, 0.0]))
    (0.0, 14.203125)
    """
    x, y = _xy(p)
    return sum((c - x + x * y ** i) ** 2 for i, c in enumerate(_BEALE_C, start=1))


def beale_grad(p):
    """Gradient of Beale: ``sum_i 2 r_i (y^i - 1)`` and ``sum_i 2 r_i i x y^(i-1)``.

    >>> beale_grad([0.0, 0.0]).tolist()
    [-12.75, 0.0]
    """
    x, y = _xy(p)
    gx = gy = 0.0
    for i, c in enumerate(_BEALE_C, start=1):
        r = c - x + x * y ** i
        gx = gx + 2.0 * r * (y ** i - 1.0)
        gy = gy + 2.0 * r * i * x * y ** (i - 1)
    return np.array([gx, gy])


def beale_hess(p):
    """Hessian of Beale (Gauss-Newton part plus residual times second derivatives).

    >>> beale_hess([0.0, 1.0]).tolist()
    [[0.0, 27.75], [27.75, 0.0]]
    """
    x, y = _xy(p)
    hxx = hxy = hyy = _const(x, 0.0)
    for i, c in enumerate(_BEALE_C, start=1):
        r = c - x + x * y ** i
        rx = y ** i - 1.0
        ry = i * x * y ** (i - 1)
        hxx = hxx + 2.0 * rx * rx
        hxy = hxy + 2.0 * (rx * ry + r * i * y ** (i - 1))
        hyy = hyy + 2.0 * (ry * ry + r * i * (i - 1) * x * y ** max(i - 2, 0))
    return _hess(hxx, hxy, hyy)


# (3, 0.5) and (0, 1) are exact; the third was found by multi-start Newton.
_BEALE_SEEDS = (
    (3.0, 0.5, "minimum"),
    (0.0, 1.0, "saddle"),
    (0.100538, -2.644514, "saddle"),
)


# --- camel: three-hump camel ------------------------------------------------

def camel_f(p):
    """Three-hump camel ``2x^2 - 1.05x^4 + x^6/6 + xy + y^2``.

    >>> float(camel_f([0.0, 0.0])), float(camel_f([1.0, 1.0]))
    (0.0, 3.1166666666666667)
    """
    x, y = _xy(p)
    x2 = x * x
    return 2.0 * x2 - 1.05 * x2 * x2 + x2 * x2 * x2 / 6.0 + x * y + y * y


def camel_grad(p):
    """Gradient of the camel, ``(4x - 4.2x^3 + x^5 + y, x + 2y)``.

    >>> camel_grad([1.0, 1.0]).round(12).tolist()
    [1.8, 3.0]
    """
    x, y = _xy(p)
    x2 = x * x
    return np.array([4.0 * x - 4.2 * x2 * x + x2 * x2 * x + y, x + 2.0 * y])


def camel_hess(p):
    """Hessian of the camel, ``[[4 - 12.6x^2 + 5x^4, 1], [1, 2]]``.

    >>> camel_hess([0.0, 0.0]).tolist()
    [[4.0, 1.0], [1.0, 2.0]]
    """
    x, _ = _xy(p)
    x2 = x * x
    return _hess(4.0 - 12.6 * x2 + 5.0 * x2 * x2, _const(x, 1.0), _const(x, 2.0))


def _camel_critical() -> tuple[CriticalPoint, ...]:
    # grad = 0 gives y = -x/2 and x (x^4 - 4.2x^2 + 3.5) = 0, so
    # x^2 = 2.1 ± sqrt(0.91): the outer pair are minima, the inner pair saddles.
    outer = np.sqrt(2.1 + np.sqrt(0.91))
    inner = np.sqrt(2.1 - np.sqrt(0.91))
    found = [(0.0, "minimum"), (outer, "minimum"), (-outer, "minimum"),
             (inner, "saddle"), (-inner, "saddle")]
    return tuple(CriticalPoint(float(x), -x / 2.0 + 0.0, float(camel_f([x, -x / 2.0])), kind)
                 for x, kind in found)


# --- rastrigin: a sea of local minima ---------------------------------------

def rastrigin_f(p):
    """Rastrigin ``20 + x^2 + y^2 - 10 (cos 2πx + cos 2πy)``.

    >>> float(rastrigin_f([0.0, 0.0])), float(rastrigin_f([0.5, 0.5]))
    (0.0, 40.5)
    """
    x, y = _xy(p)
    return 20.0 + x * x + y * y - 10.0 * (np.cos(2.0 * np.pi * x) + np.cos(2.0 * np.pi * y))


def rastrigin_grad(p):
    """Gradient of Rastrigin, ``(2x + 20π sin 2πx, 2y + 20π sin 2πy)``.

    >>> rastrigin_grad([0.0, 0.0]).tolist()
    [0.0, 0.0]
    """
    x, y = _xy(p)
    k = 20.0 * np.pi
    return np.array([2.0 * x + k * np.sin(2.0 * np.pi * x),
                     2.0 * y + k * np.sin(2.0 * np.pi * y)])


def rastrigin_hess(p):
    """Hessian of Rastrigin, diagonal ``2 + 40π^2 cos 2π·``.

    >>> bool(np.allclose(rastrigin_hess([0.0, 0.0]), [[2 + 40 * np.pi**2, 0], [0, 2 + 40 * np.pi**2]]))
    True
    """
    x, y = _xy(p)
    k = 40.0 * np.pi * np.pi
    return _hess(2.0 + k * np.cos(2.0 * np.pi * x), _const(x, 0.0),
                 2.0 + k * np.cos(2.0 * np.pi * y))


def _rastrigin_critical() -> tuple[CriticalPoint, ...]:
    # f is separable, so its minima sit at (r_i, r_j) where r_k solves the 1-D
    # problem 2r + 20π sin 2πr = 0 next to the integer k.  We list the global
    # minimum and its eight neighbours (there are 121 minima in the domain).
    roots = {}
    for k in (-1, 0, 1):
        r = float(k)
        for _ in range(60):
            step = ((2.0 * r + 20.0 * np.pi * np.sin(2.0 * np.pi * r))
                    / (2.0 + 40.0 * np.pi ** 2 * np.cos(2.0 * np.pi * r)))
            r -= step
            if abs(step) <= 1e-16 * (1.0 + abs(r)):
                break
        roots[k] = float(r)
    order = sorted(((i, j) for i in (-1, 0, 1) for j in (-1, 0, 1)),
                   key=lambda ij: (abs(ij[0]) + abs(ij[1]), ij))
    return tuple(CriticalPoint(roots[i], roots[j], float(rastrigin_f([roots[i], roots[j]])),
                               "minimum") for i, j in order)



ROSENBROCK = Surface(
    name="rosenbrock",
    formula="f = (1 − x)² + 100(y − x²)²",
    f=rosenbrock_f,
    grad=rosenbrock_grad,
    hess=rosenbrock_hess,
    domain=(-2.0, 2.0, -1.0, 3.0),
    critical_points=(CriticalPoint(1.0, 1.0, 0.0, "minimum"),),
    log_color=True,
    about="banana valley: easy to fall into, slow to follow to the minimum at (1, 1)",
    extra={"typed": "(1 - x)^2 + 100*(y - x^2)^2"},
)

HIMMELBLAU = Surface(
    name="himmelblau",
    formula="f = (x² + y − 11)² + (x + y² − 7)²",
    f=himmelblau_f,
    grad=himmelblau_grad,
    hess=himmelblau_hess,
    domain=(-5.0, 5.0, -5.0, 5.0),
    critical_points=_critical(himmelblau_f, himmelblau_grad, himmelblau_hess,
                              _HIMMELBLAU_SEEDS),
    log_color=True,
    about="four equally deep minima: where a ball starts decides where it ends",
    extra={"typed": "(x^2 + y - 11)^2 + (x + y^2 - 7)^2"},
)

BEALE = Surface(
    name="beale",
    formula="f = (1.5 − x + xy)² + (2.25 − x + xy²)² + (2.625 − x + xy³)²",
    f=beale_f,
    grad=beale_grad,
    hess=beale_hess,
    domain=(-4.5, 4.5, -4.5, 4.5),
    critical_points=_critical(beale_f, beale_grad, beale_hess, _BEALE_SEEDS),
    log_color=True,
    about="flat plateaus and steep walls around a narrow minimum at (3, 0.5)",
    extra={"typed": "(1.5 - x + x*y)^2 + (2.25 - x + x*y^2)^2 + (2.625 - x + x*y^3)^2"},
)

CAMEL = Surface(
    name="camel",
    formula="f = 2x² − 1.05x⁴ + x⁶/6 + xy + y²",
    f=camel_f,
    grad=camel_grad,
    hess=camel_hess,
    domain=(-2.0, 2.0, -2.0, 2.0),
    critical_points=_camel_critical(),
    about="three-hump camel: a global minimum at 0 and two local minima that trap balls",
    extra={"typed": "2*x^2 - 1.05*x^4 + x^6/6 + x*y + y^2"},
)

RASTRIGIN = Surface(
    name="rastrigin",
    formula="f = 20 + x² + y² − 10(cos 2πx + cos 2πy)",
    f=rastrigin_f,
    grad=rastrigin_grad,
    hess=rastrigin_hess,
    domain=(-5.12, 5.12, -5.12, 5.12),
    critical_points=_rastrigin_critical(),
    about="a bowl under ripples: 121 minima in the domain, the global one at 0",
    extra={"typed": "20 + x^2 + y^2 - 10*(cos(2*pi*x) + cos(2*pi*y))"},
)
