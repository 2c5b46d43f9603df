"""The red gradient arrow at the cursor: its length, its fit inside the map,
and its drawing.

The length follows ``log(1 + |∇f| / G)``, with ``G`` the median |∇f| over
the domain, so that one arrow reads on the hill (|∇f| from 0 to 6) and on
Beale's function (|∇f| from 0 to 1e5) alike: a gentle slope still shows a
shaft, the steepest walls do not run off the map. The arrow is never cut at
the map's edge: where the room ahead is short it is shortened, and where even
the shortest arrow has no room (the cursor on a wall, ∇f pointing out) it is
moved inside beside the cursor.

The geometry (:func:`arrow_length`, :func:`fit_arrow`, :func:`arrow_boxes`)
is plain arithmetic; :class:`ArrowPainter` is a mixin of
:class:`game.render.Renderer`.
"""
from __future__ import annotations

import math

import numpy as np
import pygame

from . import calculus
from .overlays import arrow_polygon
from .overlays.geometry import _pt, _room

ARROW_RGB = (235, 40, 40)
ARROW_EDGE = (40, 0, 0)
ARROW_MIN_PX, ARROW_MAX_PX = 34.0, 150.0     # at 1280 × 800; times Layout.scale
ARROW_WIDTH_PX, ARROW_HEAD_PX = 5.0, 16.0
CURSOR_KEEP_PX = 14.0                          # labels keep this far from the cursor


def arrow_length(mag: float, typical: float, top: float, lo: float, hi: float) -> float:
    """The arrow's length in pixels for ``|∇f| = mag``:
    ``lo + (hi − lo) · log(1 + mag/typical) / log(1 + top/typical)``, kept
    within ``[lo, hi]``; so |∇f| = 0⁺ draws ``lo`` (a shaft and a head) and
    |∇f| = ``top`` draws ``hi``.

    >>> round(arrow_length(1.0, 1.0, math.e ** 2 - 1, 30.0, 130.0), 6)   # 30 + 100·ln 2 / 2
    64.657359
    >>> arrow_length(0.0, 1.0, 10.0, 30.0, 130.0), arrow_length(1e9, 1.0, 10.0, 30.0, 130.0)
    (30.0, 130.0)
    """
    if not (typical > 0 and math.isfinite(typical)):
        typical = 1.0
    full = math.log1p(top / typical) if top > 0 and math.isfinite(top) else 0.0
    if not full > 0:
        return hi
    with np.errstate(all="ignore"):
        k = math.log1p(mag / typical) / full if math.isfinite(mag) else 1.0
    return float(min(max(lo + (hi - lo) * k, lo), hi))


def fit_arrow(base, d, length: float, rect, shortest: float):
    """``(base, length)`` of an arrow from ``base`` along the unit screen
    vector ``d`` that stays inside ``rect = (l, t, w, h)``: as long as asked
    when there is room, else shortened to the room ahead but not below
    ``shortest``; when even that does not fit (the cursor on a wall, ∇f
    pointing out), the shortest arrow is moved, not turned, by the least
    shift that brings it inside: it then ends at the wall beside the cursor.

    >>> fit_arrow((50, 50), (1, 0), 30, (0, 0, 100, 100), 10)
    ((50, 50), 30)
    >>> fit_arrow((90, 50), (1, 0), 30, (0, 0, 100, 100), 5)
    ((90, 50), 10.0)
    >>> fit_arrow((98, 50), (1, 0), 30, (0, 0, 100, 100), 12)
    ((88.0, 50.0), 12)
    """
    shortest = min(shortest, length)
    room = _room(base, d, rect)
    if length <= room:
        return base, length
    if room >= shortest:
        return base, room
    l, t, w, h = rect
    tip = (base[0] + d[0] * shortest, base[1] + d[1] * shortest)
    shift = []
    for a, b, lo, hi in ((base[0], tip[0], l, l + w), (base[1], tip[1], t, t + h)):
        s = 0.0
        if min(a, b) < lo:
            s = lo - min(a, b)
        elif max(a, b) > hi:
            s = hi - max(a, b)
        shift.append(s)
    return (float(base[0] + shift[0]), float(base[1] + shift[1])), shortest


def arrow_boxes(base, d, length: float, width: float, head: float, piece: float = 16.0):
    """Rectangles ``(x, y, w, h)`` that together cover the arrow
    :func:`game.overlays.arrow_polygon` draws (pieces of about ``piece``
    pixels along it): what labels keep clear of.

    >>> arrow_boxes((0, 0), (1, 0), 20, 4, 8, 16)
    [(-3, -3, 16, 6), (5, -5, 20, 10)]
    """
    head = min(head, 0.6 * length)
    n = max(int(math.ceil(length / piece)), 1)
    out = []
    for i in range(n):
        a, b = length * i / n, length * (i + 1) / n
        half = (max(head * 0.5, width) if b > length - head else width / 2) + 1
        xs = (base[0] + d[0] * a, base[0] + d[0] * b)
        ys = (base[1] + d[1] * a, base[1] + d[1] * b)
        x0, x1 = math.floor(min(xs) - half), math.ceil(max(xs) + half)
        y0, y1 = math.floor(min(ys) - half), math.ceil(max(ys) + half)
        out.append((int(x0), int(y0), int(x1 - x0), int(y1 - y0)))
    return out


class ArrowPainter:
    """∇f at the cursor as an arrow (uses the renderer's ``_grad_scale``
    cache and ``layout.scale``)."""

    def grad_scale(self, surface):
        """``(G, top)``: the median and the 99th percentile of |∇f| over
        the domain (a 64 × 64 grid), cached per surface."""
        entry = self._grad_scale.get(surface)
        if entry is None:
            if len(self._grad_scale) >= 16:     # bounded: typed functions come and go
                self._grad_scale.clear()
            mag = calculus.gradient_norms(surface, 64)
            mag = mag[mag > 0]
            if mag.size:
                typical, top = np.percentile(mag, [50, 99]).tolist()
            else:
                typical, top = 1.0, 1.0
            entry = self._grad_scale[surface] = (float(typical), float(top))
        return entry

    def arrow_shape(self, surface, vp, cursor):
        """The arrow at world point ``cursor``: ``(kind, base, d, length)``
        where kind is "arrow", "zero" (∇f = 0: a ring) or None (∇f
        undefined, or the cursor is not on the map). The last one is kept:
        while the mouse rests, a frame does not compute it again."""
        s = getattr(getattr(self, "layout", None), "scale", 1.0)
        key = (vp, float(cursor[0]), float(cursor[1]), s)
        last = getattr(self, "_last_arrow", None)
        if last is not None and last[0] is surface and last[1] == key:
            return last[2]
        shape = self._arrow_shape(surface, vp, cursor)
        self._last_arrow = (surface, key, shape)
        return shape

    def _arrow_shape(self, surface, vp, cursor):
        p = np.asarray(cursor, float)
        with np.errstate(all="ignore"):
            g = np.asarray(surface.grad(p), float)
            sp = vp.to_screen(p)
        base = _pt(sp)
        mag = math.hypot(float(g[0]), float(g[1]))        # inf, not a warning, past 1e308
        if not (math.isfinite(mag) and all(math.isfinite(float(v)) for v in sp)):
            return None, base, (1.0, 0.0), 0.0
        if mag < 1e-12:
            return "zero", base, (1.0, 0.0), 0.0
        s = getattr(getattr(self, "layout", None), "scale", 1.0)
        d = (float(g[0]) / mag, -float(g[1]) / mag)             # y up on screen
        typical, top = self.grad_scale(surface)
        length = arrow_length(mag, typical, top, ARROW_MIN_PX * s, ARROW_MAX_PX * s)
        l, t, w, h = vp.rect
        inset = max(ARROW_HEAD_PX / 2, ARROW_WIDTH_PX) * s + 1    # the head's half-width
        room = (l + inset, t + inset, w - 2 * inset, h - 2 * inset)
        if room[2] > 2 * ARROW_MIN_PX * s and room[3] > 2 * ARROW_MIN_PX * s:
            base, length = fit_arrow(base, d, length, room, min(ARROW_MIN_PX * s, length))
        return "arrow", base, d, length

    def arrow_keep_clear(self, shape):
        """What labels must not cover: rectangles over the arrow."""
        kind, base, d, length = shape
        if kind != "arrow":
            return []
        s = getattr(getattr(self, "layout", None), "scale", 1.0)
        return arrow_boxes(base, d, length, ARROW_WIDTH_PX * s, ARROW_HEAD_PX * s)

    def draw_arrow(self, target, surface, vp, cursor, shape=None):
        """The arrow at ``cursor`` (``shape`` from :meth:`arrow_shape`, or computed)."""
        kind, base, d, length = shape or self.arrow_shape(surface, vp, cursor)
        s = getattr(getattr(self, "layout", None), "scale", 1.0)
        centre = _pt(vp.to_screen(np.asarray(cursor, float)))
        if kind == "zero":
            pygame.draw.circle(target, ARROW_RGB, centre, max(6 * s, 4), max(int(2 * s), 2))
            return
        if kind != "arrow":
            return
        poly = arrow_polygon(base, d, length, width=ARROW_WIDTH_PX * s, head=ARROW_HEAD_PX * s)
        pygame.draw.polygon(target, ARROW_RGB, poly)
        pygame.draw.polygon(target, ARROW_EDGE, poly, 1)
        pygame.draw.circle(target, ARROW_EDGE, centre, max(3 * s, 2))
