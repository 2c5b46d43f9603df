"""Default learning rates per rule and surface, chosen so that a race is worth watching.

Pure numpy. torch's lr defaults (1e-3 for SGD and Adam) suit a network, not a
plane a few units wide at 60 ticks per second. The goal, tested on every named
surface by ``tests/test_optim_defaults.py`` for a race from the default start
(7/8 of the way across each axis):

* every ball visibly moves within the first second (60 ticks): by at least
  1.5 % of the domain's width, about 12 pixels on a 1280×800 window;
* the fastest of the default race converges (see :mod:`game.optim.tick`)
  within about 20 s (1200 ticks), where a minimum can be reached at all.

For a surface without a table entry (a typed function) :func:`formula_lr` gives:

* gd ``0.1/L``, momentum and Nesterov ``0.02/L`` (so η/(1 − μ) = 0.2/L at
  μ = 0.9), with ``L`` the median over the domain of the Hessian's largest
  |eigenvalue|: about a tenth of the stability limit 2/L, calm enough that the
  zig-zag stays readable;
* adagrad ``0.05·W``, rmsprop ``0.0025·W``, adam ``0.005·W``, with ``W`` the
  domain's width: their first steps are about lr long, whatever the slope, so
  Adam crosses 0.3 of the width in the first second;
* newton ``0.05``: damped twentyfold so its straight path to the critical
  point is seen (the error shrinks by 0.95 per tick, 95 % of the way in the
  first second); ``lr = 1`` (pure Newton) would jump there in one tick.

Values are rounded to two significant digits and are always a valid lr, finite
and > 0, even on a domain or a Hessian near the float range: ``W·width`` is
computed as ``2W·(xmax/2 − xmin/2)``, the curvature from halved Hessian entries,
and an lr past ``LR_CEILING`` (a curvature below about 1e-309) is ``LR_CEILING``. The named surfaces use ``TABLE``:
the formula where it meets the goal, and hand-tuned values where it does not.

The hill is the first screen, and its momentum ball is tuned for the lesson
("it accelerates, oscillates and eventually settles due to friction") rather
than for a race: lr 0.0011 with momentum 0.98 (``OTHER``), and walls of
restitution 0.97 (``game.optim.tick.WALLS``). A ball dropped on the hill
accelerates away from the peak, bounces off the walls and comes to rest in a
corner 2 to 6 s later (:mod:`game.optim.rest` measures it). Gradient descent
there takes lr 0.01: x grows by 2 % a tick, from 0.3 to the wall in about 1.6 s
(at 0.05 it took a quarter of that, too quick to watch).
"""
from __future__ import annotations

import numpy as np

# Rounded formula values, except three rows where the formula's race is dull or never ends:
# rosenbrock (formula steps ≤ 0.02 crawl: 2–7 % of the width in a second, nobody converges) is
#   tuned so that Adam wins at tick ~1135 and momentum/Nesterov end within 1e-5 of f*;
# beale (the start sits on a wall where |∇f| ≈ 3e4) is tuned so that RMSprop converges at ~1176;
# rastrigin keeps the formula for the SGD family (trapped in the pit next to the start: the
#   lesson) and gives the adaptive rules long steps: Adagrad at 2.0 anneals into the global
#   minimum at ~337 (at 1.8 it settles at (2, 2), at 2.2 at (1, 1): luck, Rastrigin's lesson).
TABLE: dict[str, dict[str, float]] = {
    "hill":       {"gd": 0.01, "momentum": 0.0011, "nesterov": 0.01,
                   "adagrad": 0.2, "rmsprop": 0.01, "adam": 0.02, "newton": 0.05},
    "bowl":       {"gd": 0.01, "momentum": 0.002, "nesterov": 0.002,
                   "adagrad": 0.2, "rmsprop": 0.01, "adam": 0.02, "newton": 0.05},
    "round":      {"gd": 0.05, "momentum": 0.01, "nesterov": 0.01,
                   "adagrad": 0.2, "rmsprop": 0.01, "adam": 0.02, "newton": 0.05},
    "cubic":      {"gd": 0.0093, "momentum": 0.0019, "nesterov": 0.0019,
                   "adagrad": 0.2, "rmsprop": 0.01, "adam": 0.02, "newton": 0.05},
    "saddle":     {"gd": 0.05, "momentum": 0.01, "nesterov": 0.01,
                   "adagrad": 0.2, "rmsprop": 0.01, "adam": 0.02, "newton": 0.05},
    "monkey":     {"gd": 0.014, "momentum": 0.0027, "nesterov": 0.0027,
                   "adagrad": 0.15, "rmsprop": 0.0075, "adam": 0.015, "newton": 0.05},
    "rosenbrock": {"gd": 0.001, "momentum": 0.0012, "nesterov": 0.001,
                   "adagrad": 1.0, "rmsprop": 0.05, "adam": 0.14, "newton": 0.05},
    "himmelblau": {"gd": 0.00077, "momentum": 0.00015, "nesterov": 0.00015,
                   "adagrad": 0.5, "rmsprop": 0.025, "adam": 0.05, "newton": 0.05},
    "beale":      {"gd": 0.00005, "momentum": 0.00005, "nesterov": 0.00011,
                   "adagrad": 2.0, "rmsprop": 0.4, "adam": 0.5, "newton": 0.05},
    "camel":      {"gd": 0.027, "momentum": 0.0053, "nesterov": 0.0053,
                   "adagrad": 0.2, "rmsprop": 0.01, "adam": 0.02, "newton": 0.05},
    "rastrigin":  {"gd": 0.00029, "momentum": 0.000057, "nesterov": 0.000057,
                   "adagrad": 2.0, "rmsprop": 0.2, "adam": 0.5, "newton": 0.05},
    "regression": {"gd": 0.041, "momentum": 0.0082, "nesterov": 0.0082,
                   "adagrad": 0.3, "rmsprop": 0.015, "adam": 0.03, "newton": 0.05},
}

# Hyperparameters other than lr that differ from torch's defaults on a named surface. On the
# hill, the heavy ball's momentum 0.98 (friction: without the walls its velocity would halve in
# 34 ticks, 0.6 s) with lr 0.0011 gives a visible start from near the peak (the distance from it
# grows by about 4 % a tick), the first wall 0.3 to 2.5 s after the click, a first bounce back
# of 0.34 to 0.6 (a tenth of the width or more), and rest in a corner 2.3 to 5.5 s after the
# click. With the torch default 0.9 the friction is too strong for a lively bounce at any lr
# that takes 2 s, and larger lrs end in a fraction of a second.
OTHER: dict[str, dict[str, dict]] = {
    "hill": {"momentum": {"momentum": 0.98}},
}

CURVATURE = {"gd": 0.1, "momentum": 0.02, "nesterov": 0.02}
WIDTH = {"adagrad": 0.05, "rmsprop": 0.0025, "adam": 0.005}
NEWTON_LR = 0.05
FALLBACK_L = 2.0     # curvature assumed where the Hessian says nothing (flat or undefined)
LR_CEILING = 1.7e308  # the largest lr of two significant digits that is a float
_MAX = float(np.finfo(float).max)


def _two_digits(v: float) -> float:
    """``v`` rounded to two significant digits, never past ``LR_CEILING``.

    >>> _two_digits(0.012345), _two_digits(1.79e308)
    (0.012, 1.7e+308)
    """
    return min(float(f"{min(v, LR_CEILING):.2g}"), LR_CEILING)


def half_width(surface) -> float:
    """Half the domain's width along x, ``xmax/2 − xmin/2``: finite for any
    finite domain, where ``xmax − xmin`` overflows past 1.8e308.

    >>> half_width(type("S", (), {"domain": (-1.5e308, 1.5e308, 0.0, 1.0)})())
    1.5e+308
    """
    xmin, xmax, _, _ = surface.domain
    return xmax / 2 - xmin / 2


def curvature(surface, n: int = 33) -> float:
    """Median over an ``n × n`` grid of the Hessian's largest |eigenvalue|.

    The eigenvalue ``|a + c|/2 + hypot((a − c)/2, b)`` is computed from the
    halves ``a/2``, ``c/2``, so that Hessian entries near the float range do
    not overflow. Points where it is not finite are left out.

    >>> from game import surfaces
    >>> curvature(surfaces.get("bowl"))
    10.0
    """
    xmin, xmax, ymin, ymax = surface.domain
    with np.errstate(all="ignore"):
        grid = np.array(np.meshgrid(np.linspace(xmin, xmax, n), np.linspace(ymin, ymax, n)))
        h = np.asarray(surface.hess(grid), float)
        a, b, c = h[0, 0] / 2, h[0, 1], h[1, 1] / 2
        lam = np.abs(a + c) + np.hypot(a - c, b)
        lam = lam[np.isfinite(lam) & (lam > 0)]
        return min(float(np.median(lam)), _MAX) if lam.size else FALLBACK_L


def formula_lr(name: str, surface) -> float:
    """The learning rate the module's formula gives (any surface, typed ones too):
    finite and > 0 on any surface with a finite domain.

    >>> from game import surfaces
    >>> formula_lr("gd", surfaces.get("bowl")), formula_lr("adam", surfaces.get("bowl"))
    (0.01, 0.02)
    """
    if name in CURVATURE:
        k, lam = CURVATURE[name], curvature(surface)
        return _two_digits(k / lam if lam > k / LR_CEILING else LR_CEILING)
    if name in WIDTH:
        return _two_digits((2 * WIDTH[name]) * half_width(surface))   # = W·width, rounded once
    if name == "newton":
        return NEWTON_LR
    raise ValueError(f"no default learning rate for {name!r}")


def default_lr(name: str, surface) -> float:
    """The default lr of rule ``name`` on ``surface``: ``TABLE`` for the named
    surfaces (matched by name and domain), else :func:`formula_lr`.

    >>> from game import surfaces
    >>> default_lr("adam", surfaces.get("rosenbrock"))
    0.14
    """
    row = TABLE.get(getattr(surface, "name", None))
    if row is not None and name in row and _is_named(surface):
        return row[name]
    return formula_lr(name, surface)


def default_hyper(name: str, surface) -> dict:
    """The default hyperparameters of rule ``name`` on ``surface`` that are
    not torch's: ``{"lr": default_lr(...)}`` and the surface's ``OTHER``
    values (named surfaces only). A rule completes the rest with its own
    defaults (``rule.check``).

    >>> from game import surfaces
    >>> default_hyper("momentum", surfaces.get("hill")), default_hyper("momentum", surfaces.get("bowl"))
    ({'lr': 0.0011, 'momentum': 0.98}, {'lr': 0.002})
    """
    hp = {"lr": default_lr(name, surface)}
    row = OTHER.get(getattr(surface, "name", None))
    if row is not None and name in row and _is_named(surface):
        hp.update(row[name])
    return hp


def _is_named(surface) -> bool:
    from game import surfaces as named
    try:
        return named.get(surface.name).domain == tuple(surface.domain)
    except KeyError:
        return False
