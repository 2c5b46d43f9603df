"""Every read-out at one point from one evaluation of f, ∇f and H there.

The overlays read the curvature, the rose, the lens, the level and the
slices at the cursor; each of the `pointwise` functions evaluates ∇f (and
H) there again. :class:`PointReadout` evaluates f, ∇f and H once, when first
asked, and hands the same arrays to `curvature_of`, `rose_of`, `lens_of` and
`slices_of`, remembering each result by its arguments: the numbers are those
of the separate functions, bit for bit.

>>> from game.surfaces import get
>>> at = PointReadout(get("bowl"), 1.0, 2.0)
>>> at.f, at.grad.tolist(), at.curvature().kind, at.curvature() is at.curvature()
(21.0, [2.0, 20.0], 'bowl', True)
"""
from __future__ import annotations

import numpy as np

from ._sampling import _eval, _p
from .pointwise import Curvature, Lens, Rose, Slices, curvature_of, lens_of, rose_of, slices_of


def _frozen(a: np.ndarray) -> np.ndarray:
    a.flags.writeable = False          # shared by every read-out: nobody may change it
    return a


class PointReadout:
    """f, ∇f and H at ``(x, y)`` on ``surface``, each evaluated at most once
    (``f`` a float, ``grad`` (2,) and ``hess`` (2, 2) read-only arrays), and
    the read-outs made from them, each made at most once per arguments."""

    __slots__ = ("surface", "x", "y", "p", "_f", "_g", "_H", "_memo")

    def __init__(self, surface, x: float, y: float):
        self.surface, self.x, self.y = surface, float(x), float(y)
        self.p = _frozen(_p(x, y))
        self._f = self._g = self._H = None
        self._memo: dict = {}

    @property
    def f(self) -> float:
        """``f(x, y)`` (NaN or ±inf where undefined or beyond the float range)."""
        if self._f is None:
            self._f = float(_eval(self.surface.f, self.p))
        return self._f

    @property
    def grad(self) -> np.ndarray:
        """``∇f(x, y)``, (2,)."""
        if self._g is None:
            self._g = _frozen(_eval(self.surface.grad, self.p))
        return self._g

    @property
    def hess(self) -> np.ndarray:
        """The Hessian at ``(x, y)``, (2, 2)."""
        if self._H is None:
            self._H = _frozen(_eval(self.surface.hess, self.p))
        return self._H

    def curvature(self) -> Curvature:
        """:func:`~.pointwise.curvature` at the point."""
        out = self._memo.get("curvature")
        if out is None:
            out = self._memo["curvature"] = curvature_of(self.hess, self.grad)
        return out

    def rose(self, n: int = 180) -> Rose:
        """:func:`~.pointwise.rose` at the point."""
        key = ("rose", n)
        out = self._memo.get(key)
        if out is None:
            out = self._memo[key] = rose_of(self.grad, n)
        return out

    def lens(self, radius: float, n: int = 64) -> Lens:
        """:func:`~.pointwise.jacobian_lens` at the point."""
        key = ("lens", radius, n)
        out = self._memo.get(key)
        if out is None:
            out = self._memo[key] = lens_of(self.surface, self.p, self.grad, self.hess, radius, n)
        return out

    def slices(self, n: int = 200, span: float = 0.15) -> Slices:
        """:func:`~.pointwise.slices` through the point."""
        key = ("slices", n, span)
        out = self._memo.get(key)
        if out is None:
            out = self._memo[key] = slices_of(self.surface, self.x, self.y, self.f, self.grad,
                                              n, span)
        return out
