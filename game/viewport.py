"""World ↔ screen transforms and sample grids. Pure numpy (no pygame).

The map keeps one scale for both axes, so that angles on screen are angles in
the plane: the gradient arrow meets the level curves at a right angle on
screen too. The y axis points up on screen.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np


def usable_view(view, domain):
    """``view`` when it is a finite rectangle of positive width and height
    whose reciprocal sizes are finite too (so pixel scales are finite),
    else ``domain``.

    >>> usable_view((0.0, 1.0, 0.0, 2.0), (-2, 2, -2, 2))
    (0.0, 1.0, 0.0, 2.0)
    >>> usable_view((1.0, 1.0, 0.0, 2.0), (-2, 2, -2, 2))
    (-2, 2, -2, 2)
    >>> usable_view((-1e308, 1e308, 0.0, 1.0), (-2, 2, -2, 2))
    (-2, 2, -2, 2)
    """
    if view is None:
        return domain
    try:
        xmin, xmax, ymin, ymax = (float(c) for c in view)
    except (TypeError, ValueError):
        return domain
    for lo, hi in ((xmin, xmax), (ymin, ymax)):
        span = hi - lo
        if not (math.isfinite(lo) and math.isfinite(hi) and math.isfinite(span) and span > 0
                and math.isfinite(1.0 / span)):
            return domain
    return view


@dataclass(frozen=True)
class Viewport:
    """A world rectangle ``view = (xmin, xmax, ymin, ymax)`` shown in the
    screen rectangle ``rect = (left, top, width, height)`` in pixels.

    >>> vp = Viewport.fit((-2.0, 2.0, -2.0, 2.0), (0, 0, 400, 400))
    >>> vp.to_screen([0.0, 0.0]).tolist()
    [200.0, 200.0]
    >>> vp.to_world([0.0, 0.0]).tolist()
    [-2.0, 2.0]
    """

    view: tuple[float, float, float, float]
    rect: tuple[int, int, int, int]

    @classmethod
    def fit(cls, view, area) -> "Viewport":
        """The largest rectangle with the view's aspect ratio, centred in
        ``area = (left, top, width, height)``."""
        xmin, xmax, ymin, ymax = (float(c) for c in view)
        left, top, aw, ah = area
        aw, ah = max(int(aw), 1), max(int(ah), 1)
        scale = min(aw / (xmax - xmin), ah / (ymax - ymin))
        w = max(int(round((xmax - xmin) * scale)), 1)
        h = max(int(round((ymax - ymin) * scale)), 1)
        return cls((xmin, xmax, ymin, ymax),
                   (int(left + (aw - w) // 2), int(top + (ah - h) // 2), w, h))

    @property
    def size(self) -> tuple[int, int]:
        return self.rect[2], self.rect[3]

    @property
    def scale(self) -> float:
        """Pixels per world unit."""
        return self.rect[2] / (self.view[1] - self.view[0])

    def to_screen(self, p) -> np.ndarray:
        """World points ``(2, ...)`` → pixel coordinates ``(2, ...)`` (floats)."""
        p = np.asarray(p, dtype=float)
        xmin, xmax, ymin, ymax = self.view
        left, top, w, h = self.rect
        with np.errstate(over="ignore"):     # far outside a deep zoom: ±inf pixels
            sx = left + (p[0] - xmin) * (w / (xmax - xmin))
            sy = top + (ymax - p[1]) * (h / (ymax - ymin))
        return np.array([sx, sy])

    def to_world(self, s) -> np.ndarray:
        """Pixel coordinates ``(2, ...)`` → world points ``(2, ...)``."""
        s = np.asarray(s, dtype=float)
        xmin, xmax, ymin, ymax = self.view
        left, top, w, h = self.rect
        x = xmin + (s[0] - left) * ((xmax - xmin) / w)
        y = ymax - (s[1] - top) * ((ymax - ymin) / h)
        return np.array([x, y])

    def contains_screen(self, sx: float, sy: float) -> bool:
        left, top, w, h = self.rect
        return left <= sx < left + w and top <= sy < top + h

    def pixel_grid(self) -> np.ndarray:
        """World coordinates of every pixel centre, shape ``(2, W, H)``.

        Axis order ``(W, H)`` matches ``pygame.surfarray`` (x first).
        """
        xmin, xmax, ymin, ymax = self.view
        w, h = self.size
        xs = xmin + (np.arange(w) + 0.5) * ((xmax - xmin) / w)
        ys = ymax - (np.arange(h) + 0.5) * ((ymax - ymin) / h)
        grid = np.empty((2, w, h))
        grid[0] = xs[:, None]
        grid[1] = ys[None, :]
        return grid
