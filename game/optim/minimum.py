"""What is known about a surface's minimum: f*, x*, and whether H is constant.

Pure numpy (no pygame). The loss plot and the convergence rule read f*
(the lowest value of f over the domain); the theory panel reads x* and the
constant Hessian. Both are *known* only when they can be stated honestly:

* a constant, positive-definite Hessian whose minimizer
  ``x* = x − H⁻¹∇f(x)`` lies inside the domain (bowl, round, regression,
  typed quadratics): f* = f(x*);
* otherwise the lowest minimum the surface lists among its critical points,
  provided that a grid sample of f over the domain finds nothing lower
  (rosenbrock, himmelblau, beale, camel, rastrigin);
* otherwise unknown (hill, saddle, cubic, monkey: their lowest value on the
  domain lies on its boundary; typed functions that are not quadratics).

``surface.extra["f_star"]`` (and ``"x_star"``), when a surface sets them, win.
"""
from __future__ import annotations

from typing import NamedTuple

import numpy as np

from . import theory

F_GRID = 101      # f samples per axis for the "nothing lower" check


class Minimum(NamedTuple):
    """f* and x* where known (else None), and the constant Hessian (or None)."""

    f_star: float | None
    x_star: np.ndarray | None
    hessian: np.ndarray | None


def _grid(domain, n):
    xmin, xmax, ymin, ymax = domain
    return np.array(np.meshgrid(np.linspace(xmin, xmax, n), np.linspace(ymin, ymax, n)))


def _inside(domain, p, tol=1e-12):
    xmin, xmax, ymin, ymax = domain
    wx, wy = xmax - xmin, ymax - ymin
    return (xmin - tol * wx <= p[0] <= xmax + tol * wx) and (ymin - tol * wy <= p[1] <= ymax + tol * wy)


def _quadratic_minimum(surface, H):
    """x* of a constant-Hessian surface if H is positive definite and x* lies
    in the domain, else None."""
    if not (np.linalg.det(H) > 0 and np.trace(H) > 0):
        return None
    with np.errstate(all="ignore"):
        x = theory.quadratic_minimum(surface, H)
    if x is None or not np.isfinite(x).all() or not _inside(surface.domain, x):
        return None
    return x


def _listed_minimum(surface):
    """The lowest listed minimum, if no grid sample of f lies below it."""
    minima = [cp for cp in surface.critical_points if cp.kind == "minimum"]
    if not minima:
        return None
    best = min(minima, key=lambda cp: cp.f)
    with np.errstate(all="ignore"):
        fv = np.asarray(surface.f(_grid(surface.domain, F_GRID)), dtype=float)
    fv = fv[np.isfinite(fv)]
    if fv.size == 0:
        return None
    tol = 1e-9 * (1.0 + float(fv.max() - fv.min()))
    if fv.min() < best.f - tol:
        return None
    return best


def known_minimum(surface) -> Minimum:
    """f*, x* and the constant Hessian of ``surface`` (None where unknown);
    no warning even on a domain near the float range.

    >>> from game import surfaces
    >>> m = known_minimum(surfaces.get("bowl")); m.f_star, m.x_star.tolist()
    (0.0, [0.0, 0.0])
    >>> known_minimum(surfaces.get("hill")).f_star is None
    True
    """
    with np.errstate(all="ignore"):
        return _known_minimum(surface)


def _known_minimum(surface) -> Minimum:
    H = theory.constant_hessian(surface)
    extra = getattr(surface, "extra", None) or {}
    if "f_star" in extra:
        xs = extra.get("x_star")
        return Minimum(float(extra["f_star"]), None if xs is None else np.asarray(xs, float), H)
    listed = _listed_minimum(surface)
    if listed is not None:
        return Minimum(float(listed.f), np.array([listed.x, listed.y], dtype=float), H)
    if H is not None:
        x = _quadratic_minimum(surface, H)
        if x is not None:
            with np.errstate(all="ignore"):
                fx = float(np.asarray(surface.f(x), dtype=float))
            if np.isfinite(fx):
                return Minimum(fx, x, H)
    return Minimum(None, None, H)
