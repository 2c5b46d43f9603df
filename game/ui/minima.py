"""Known minima on the map: a small star at each minimum the surface lists
(white with a dark edge, so that it shows on any colours), and, when the
cursor comes near one, a label with its coordinates and value.

:func:`star_points` and :func:`nearest` are pure arithmetic.
"""
from __future__ import annotations

import math

import numpy as np
import pygame

from ..overlays.drawing import _fmt

STAR_RGB, STAR_EDGE = (255, 255, 255), (10, 10, 14)
LOCAL_RGB = (200, 204, 214)
STAR_PX = 8.0                # outer radius at scale 1
HOVER_PX = 16.0              # the cursor within this of a star shows its label


def star_points(c, r_out: float, r_in: float | None = None, n: int = 5):
    """The ``2n`` corners of an ``n``-pointed star centred at ``c``, its
    first point straight up (screen y down).

    >>> [tuple(round(v, 6) for v in p) for p in star_points((0, 0), 2, 1)[:2]]
    [(0.0, -2.0), (0.587785, -0.809017)]
    """
    r_in = 0.45 * r_out if r_in is None else r_in
    out = []
    for k in range(2 * n):
        r = r_out if k % 2 == 0 else r_in
        a = math.pi * k / n
        out.append((c[0] + r * math.sin(a), c[1] - r * math.cos(a)))
    return out


def nearest(p, points, radius: float):
    """The index of the point of ``points`` nearest ``p`` within ``radius``, or None.

    >>> nearest((0, 0), [(5, 0), (1, 1), (0, 9)], 3)
    1
    >>> nearest((0, 0), [(5, 0)], 3) is None
    True
    """
    best, best_d = None, radius
    for i, q in enumerate(points):
        d = math.hypot(q[0] - p[0], q[1] - p[1])
        if d <= best_d:
            best, best_d = i, d
    return best


def minima(surface):
    """The surface's listed minima, lowest f first: ``[(x, y, f, is_global)]``."""
    pts = [c for c in surface.critical_points if c.kind == "minimum"]
    if not pts:
        return []
    low = min(float(c.f) for c in pts)
    tol = 1e-9 * max(1.0, abs(low))
    return sorted(((float(c.x), float(c.y), float(c.f), float(c.f) <= low + tol) for c in pts),
                  key=lambda m: m[2])


class MinimaPainter:
    """Draws the stars and the hover label."""

    def __init__(self):
        self._key = None
        self._list: list = []

    def stars(self, surface, vp):
        """``[(screen point, (x, y, f, is_global))]`` of the minima on the map."""
        key = (surface.name, surface.formula, vp)
        if key != self._key:
            out = []
            l, t, w, h = vp.rect
            for m in minima(surface):
                with np.errstate(all="ignore"):
                    sx, sy = (float(v) for v in vp.to_screen((m[0], m[1])))
                if l <= sx <= l + w and t <= sy <= t + h:
                    out.append(((sx, sy), m))
            self._key, self._list = key, out
        return self._list

    def reserve(self, surface, vp, scale=1.0, board=None):
        """Keep labels off the stars: each is a disc no label touches."""
        r = max(STAR_PX * scale, 5.0)
        for p, _ in self.stars(surface, vp):
            board.block_disc(p, r + 1)

    def draw(self, target, surface, vp, scale=1.0):
        """The stars, over the overlays' lines."""
        r = max(STAR_PX * scale, 5.0)
        for p, m in self.stars(surface, vp):
            poly = star_points(p, r)
            pygame.draw.polygon(target, STAR_RGB if m[3] else LOCAL_RGB, poly)
            pygame.draw.polygon(target, STAR_EDGE, poly, max(int(round(1.5 * scale)), 1))

    def hover_text(self, surface, vp, cursor_px, scale=1.0):
        """The label of the star near the screen point ``cursor_px`` (or None)
        and that star's screen point."""
        stars = self.stars(surface, vp)
        i = nearest(cursor_px, [p for p, _ in stars], HOVER_PX * scale)
        if i is None:
            return None, None
        p, (x, y, f, best) = stars[i]
        kind = "minimum" if best else "local minimum"
        return f"{kind} ({_fmt(x)}, {_fmt(y)})  f = {_fmt(f)}", p
