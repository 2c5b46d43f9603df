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
    formula="f = 4 − (x² + y²)",
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

def _newton(grad, hess, p0, *, steps: int = 60) -> Array:
    """Refine an approximate critical point ``p0`` with Newton's method on ∇f.

    Stops when a step no longer moves the point (relative 1e-15) and raises
    ``RuntimeError`` if that never happens, so a bad seed fails at import.

    >>> _newton(bowl_grad, bowl_hess, [0.3, -0.2]).tolist()
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


# --- the library -------------------------------------------------------------

ROUND = Surface(
    name="round",
    formula="f = x² + y²",
    f=round_f,
    grad=round_grad,
    hess=round_hess,
    domain=(-2.0, 2.0, -2.0, 2.0),
    critical_points=(CriticalPoint(0.0, 0.0, 0.0, "minimum"),),
    about="the lesson's first loss w₁² + w₂²: round contours, descent heads straight in",
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
)

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
)

RASTRIGIN = Surface(
    name="rastrigin",
    formula="f = 20 + x² + y² − 10(cos 2πx + cos 2πy)",
    f=rastrigin_f,
    grad=rastrigin_grad,
    hess=rastrigin_hess,
    domain=(-5.12, 5.12, -5.12, 5.12),
    critical_points=_rastrigin_critical(),
    about="a bowl under ripples: 121 local minima around the global one at 0",
)

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
    extra={"a": _REG_A, "b": _REG_B, "t": _REG_T, "w_star": _REG_W_STAR},
)

SURFACES: dict[str, Surface] = {
    s.name: s
    for s in (HILL, BOWL, ROUND, CUBIC, SADDLE, MONKEY, ROSENBROCK, HIMMELBLAU,
              BEALE, CAMEL, RASTRIGIN, REGRESSION)
}


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
