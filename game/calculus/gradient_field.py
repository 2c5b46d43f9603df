"""The gradient field sampled on a grid of cell centres (``quiver``)."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ._sampling import _eval, _norm


@dataclass(frozen=True)
class Quiver:
    """Gradient arrows on a grid (see `quiver`)."""
    points: np.ndarray         # (2, ny, nx) cell centres; row j has y increasing
    grad: np.ndarray           # (2, ny, nx), 0 where invalid
    norm: np.ndarray           # (ny, nx) |grad f|, 0 where invalid
    valid: np.ndarray          # (ny, nx) bool, gradient and its length finite


def quiver(surface, view, nx: int, ny: int) -> Quiver:
    """Gradient at the cell centres of an ``nx`` by ``ny`` grid over ``view``.

    ``view`` is ``(xmin, xmax, ymin, ymax)`` (e.g. ``surface.domain``).

    >>> from game.surfaces import get
    >>> q = quiver(get("hill"), (0, 2, 0, 1), 2, 1)
    >>> q.points[:, 0].tolist(), q.grad[:, 0].tolist()
    ([[0.5, 1.5], [0.5, 0.5]], [[-1.0, -3.0], [-1.0, -1.0]])
    """
    xmin, xmax, ymin, ymax = (float(v) for v in view)
    xs = xmin + (np.arange(nx) + 0.5) * (xmax - xmin) / nx
    ys = ymin + (np.arange(ny) + 0.5) * (ymax - ymin) / ny
    pts = np.stack(np.meshgrid(xs, ys))
    g = _eval(surface.grad, pts) * np.ones((2, ny, nx))
    finite = np.all(np.isfinite(g), axis=0)
    norm = _norm(*np.where(finite, g, 0.0))   # inf where |grad f| overflows: not drawable
    valid = finite & np.isfinite(norm)
    g = np.where(valid, g, 0.0)
    return Quiver(pts, g, np.where(valid, norm, 0.0), valid)
