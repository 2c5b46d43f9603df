"""Geometry behind the lesson's overlays, in world coordinates.

Pure numpy (no pygame). A renderer turns these arrays into pixels. Points are
``(2,)`` arrays, point sets ``(2, ...)`` (coordinates on axis 0, like
``surfaces``). The rooms:

- ``tolerances``: what counts as flat, ill-conditioned or critical
  (``FLAT_TOL``, ``COND_MAX``, ``CRITICAL_TOL``, ``gradient_scale``,
  ``is_critical``);
- ``pointwise``: read-outs at one point: curvature class and Newton step,
  the compass rose of directional derivatives, the partial slices, the
  Jacobian lens of the gradient map, the ``--probe`` read-out;
- ``levels``: the level curve through the cursor and the level-set segments
  of a sampled grid (marching squares);
- ``atpoint``: :class:`PointReadout`, every read-out at one point from one
  evaluation of f, ∇f and H there (the overlays' cursor);
- ``gradient_field``: the quiver grid.

Everything is re-exported here, so ``game.calculus.X`` is the public name:

>>> from game.surfaces import get
>>> d = probe(get("hill"), 0.0, 0.0)
>>> d["curvature"], d["critical"], d["grad"]
('dome', True, [0.0, 0.0])
"""
from .atpoint import PointReadout
from .gradient_field import Quiver, quiver
from .levels import LevelCurve, level_curve, level_set_segments
from .pointwise import (
    Curvature,
    Lens,
    Rose,
    Slices,
    classify,
    curvature,
    jacobian_lens,
    probe,
    rose,
    slices,
)
from .tolerances import (COND_MAX, CRITICAL_TOL, FLAT_TOL, gradient_norms, gradient_scale,
                         is_critical)

__all__ = [
    "COND_MAX", "CRITICAL_TOL", "FLAT_TOL",
    "Curvature", "Lens", "LevelCurve", "PointReadout", "Quiver", "Rose", "Slices",
    "classify", "curvature", "gradient_norms", "gradient_scale", "is_critical", "jacobian_lens",
    "level_curve", "level_set_segments", "probe", "quiver", "rose", "slices",
]
