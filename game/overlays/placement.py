"""Where text goes on the map: the first free spot among candidates.

Pure Python (no pygame, no numpy), so that it can be tested on its own.
Rectangles are ``(x, y, w, h)`` tuples of screen pixels, y pointing down.

A :class:`Board` holds, for one frame, the map's rectangle and what text must
keep clear of: *hard* obstacles (the labels already placed, the gradient
arrow, a disc around the cursor, the regression inset) that a label never
touches, and *soft* ones (the overlays' lines, the rose, the stars) that a
label avoids when it can. :meth:`Board.place` takes the first candidate that
lies inside the map and touches nothing; failing that (among the first
:data:`SOFT_TRIES` free ones), the first that touches only soft obstacles; failing that, the nearest free spot on rings around the
first candidate; and if the map has no room at all, nothing (the label is
left out rather than drawn over another).

>>> b = Board((0, 0, 200, 100))
>>> b.block_disc((100, 50), 10)
>>> b.place((40, 10), [(80, 45, 40, 10), (80, 20, 40, 10)], "a")
(80, 20, 40, 10)
>>> b.place((40, 10), [(80, 20, 40, 10)], "b")   # taken: the nearest free spot
(80, 8, 40, 10)
"""
from __future__ import annotations

import math

from .geometry import _clip_segment

GAP = 2          # pixels between a label and what it keeps clear of
RINGS = 14       # how far (in label heights) the fallback search looks
SOFT_TRIES = 6   # free spots looked at for one clear of the soft obstacles too


def overlaps(a, b) -> bool:
    """Whether rectangles ``a`` and ``b`` share any pixel (touching edges do not).

    >>> overlaps((0, 0, 10, 10), (9, 9, 5, 5)), overlaps((0, 0, 10, 10), (10, 0, 5, 5))
    (True, False)
    """
    return (a[0] < b[0] + b[2] and b[0] < a[0] + a[2]
            and a[1] < b[1] + b[3] and b[1] < a[1] + a[3])


def inside(r, area) -> bool:
    """Whether rectangle ``r`` lies wholly inside ``area``.

    >>> inside((1, 1, 5, 5), (0, 0, 6, 6)), inside((2, 2, 5, 5), (0, 0, 6, 6))
    (True, False)
    """
    return (r[0] >= area[0] and r[1] >= area[1]
            and r[0] + r[2] <= area[0] + area[2] and r[1] + r[3] <= area[1] + area[3])


def disc_hits(r, centre, radius) -> bool:
    """Whether rectangle ``r`` reaches within ``radius`` of ``centre``
    (strictly: a rectangle tangent to the circle does not).

    >>> disc_hits((10, 0, 5, 5), (0, 0), 10), disc_hits((9, 0, 5, 5), (0, 0), 10)
    (False, True)
    """
    cx, cy = centre
    nx = min(max(cx, r[0]), r[0] + r[2])
    ny = min(max(cy, r[1]), r[1] + r[3])
    return (nx - cx) ** 2 + (ny - cy) ** 2 < radius * radius


def segment_hits(r, a, b) -> bool:
    """Whether the segment a→b crosses rectangle ``r`` (Liang–Barsky).

    >>> segment_hits((0, 0, 10, 10), (-5, 5), (15, 5)), segment_hits((0, 0, 10, 10), (-5, -1), (15, -1))
    (True, False)
    """
    return _clip_segment(a, b, r) is not None


def clamp(r, area):
    """``r`` shifted (not resized) to lie inside ``area`` where it fits.

    >>> clamp((-5, 90, 20, 20), (0, 0, 100, 100))
    (0, 80, 20, 20)
    """
    x = min(max(r[0], area[0]), area[0] + area[2] - r[2])
    y = min(max(r[1], area[1]), area[1] + area[3] - r[3])
    return (int(x // 1), int(y // 1), int(r[2]), int(r[3]))


def centred(p, size):
    """The rectangle of ``size`` centred on point ``p``.

    >>> centred((50, 20), (10, 4))
    (45, 18, 10, 4)
    """
    return (int(round(p[0] - size[0] / 2)), int(round(p[1] - size[1] / 2)),
            int(size[0]), int(size[1]))


def beyond(p, d, size, gap=0.0):
    """The rectangle of ``size`` just past point ``p`` along the unit
    vector ``d``: its centre at ``p + (gap + reach)·d``, where ``reach`` is
    the half-extent of the box along ``d`` (so the box starts ``gap`` past p).

    >>> beyond((0, 0), (1, 0), (20, 10), 5)
    (5, -5, 20, 10)
    """
    w, h = size
    k = gap + 0.5 * (w * abs(d[0]) + h * abs(d[1]))
    return (int(round(p[0] + k * d[0] - w / 2)), int(round(p[1] + k * d[1] - h / 2)),
            int(w), int(h))


_R = math.sqrt(0.5)
_DIRS = ((1.0, 0.0), (-1.0, 0.0), (0.0, 1.0), (0.0, -1.0), (_R, _R), (-_R, _R), (_R, -_R),
         (-_R, -_R))


def around(p, size, gap, ring=1):
    """Eight spots for a box of ``size`` around point ``p``, ``gap`` pixels
    clear of it (times ``ring``): right, left, below, above, then the four
    diagonals.

    >>> around((0, 0), (10, 4), 3)[:2]
    [(3, -2, 10, 4), (-13, -2, 10, 4)]
    """
    g = gap * ring
    w, h = size
    px, py, hw, hh, W, H = p[0], p[1], w / 2, h / 2, int(w), int(h)
    # beyond(p, d, size, g) for each direction, its reach computed once per size
    return [(int(round(px + (g + k) * dx - hw)), int(round(py + (g + k) * dy - hh)), W, H)
            for (dx, dy), k in reach(size)]


def reach(size):
    """``[(d, k)]`` for the directions of :func:`around`: ``k`` is the box's
    half-extent along ``d``, ``0.5·(w·|dx| + h·|dy|)`` as :func:`beyond`
    computes it (cached per size)."""
    out = _REACH.get(size)
    if out is None:
        if len(_REACH) > 256:
            _REACH.clear()
        w, h = size
        out = _REACH[size] = [(d, 0.5 * (w * abs(d[0]) + h * abs(d[1]))) for d in _DIRS]
    return out


_REACH: dict = {}


def corners(area, size, inset=4):
    """The four corner spots of ``area`` for a box of ``size``: top-left,
    top-right, bottom-left, bottom-right.

    >>> corners((0, 0, 100, 50), (20, 10), 2)
    [(2, 2, 20, 10), (78, 2, 20, 10), (2, 38, 20, 10), (78, 38, 20, 10)]
    """
    l, t, w, h = area
    x0, x1 = l + inset, l + w - inset - size[0]
    y0, y1 = t + inset, t + h - inset - size[1]
    return [(x0, y0) + tuple(size), (x1, y0) + tuple(size),
            (x0, y1) + tuple(size), (x1, y1) + tuple(size)]


class Board:
    """The map's room for text in one frame (see the module's doc).

    ``placed`` lists ``(kind, rect, text)`` of everything registered, in
    order: each label (kind ``"label"``), each hard obstacle (``"keep"``).
    """

    def __init__(self, area):
        self.area = tuple(int(v) for v in area)
        self.rects: list = []          # hard: labels and keep-clear boxes
        self.discs: list = []          # hard: (centre, radius)
        self.soft_rects: list = []
        self.soft_discs: list = []
        self.soft_lines: list = []
        self.placed: list = []

    # --- what to keep clear of -----------------------------------------------
    def block(self, rect, what="keep") -> None:
        """A hard obstacle: no label may touch ``rect``."""
        r = tuple(int(round(v)) for v in rect)
        self.rects.append(r)
        self.placed.append(("keep", r, what))

    def block_disc(self, centre, radius) -> None:
        """A hard obstacle: no label may reach within ``radius`` of ``centre``."""
        self.discs.append(((float(centre[0]), float(centre[1])), float(radius)))

    def avoid(self, rect=None, disc=None, line=None) -> None:
        """A soft obstacle (a rectangle, a ``(centre, radius)`` disc or an
        ``(a, b)`` segment): labels avoid it when they can."""
        if rect is not None:
            self.soft_rects.append(tuple(rect))
        if disc is not None:
            self.soft_discs.append(disc)
        if line is not None:
            self.soft_lines.append(line)

    # --- tests ------------------------------------------------------------------
    def free(self, r) -> bool:
        """Inside the map and clear of every hard obstacle (with :data:`GAP`)."""
        x, y, w, h = r
        a = self.area
        if x < a[0] or y < a[1] or x + w > a[0] + a[2] or y + h > a[1] + a[3]:
            return False
        x0, y0, x1, y1 = x - GAP, y - GAP, x + w + GAP, y + h + GAP
        for ox, oy, ow, oh in self.rects:
            if x0 < ox + ow and ox < x1 and y0 < oy + oh and oy < y1:
                return False
        for (cx, cy), rad in self.discs:
            nx = cx if x <= cx <= x + w else (x if cx < x else x + w)
            ny = cy if y <= cy <= y + h else (y if cy < y else y + h)
            if (nx - cx) ** 2 + (ny - cy) ** 2 < (rad + GAP) ** 2:
                return False
        return True

    def clear(self, r) -> bool:
        """Clear of every soft obstacle too."""
        x, y, w, h = r
        x1, y1 = x + w, y + h
        for ox, oy, ow, oh in self.soft_rects:
            if x < ox + ow and ox < x1 and y < oy + oh and oy < y1:
                return False
        for (cx, cy), rad in self.soft_discs:
            nx = cx if x <= cx <= x1 else (x if cx < x else x1)
            ny = cy if y <= cy <= y1 else (y if cy < y else y1)
            if (nx - cx) ** 2 + (ny - cy) ** 2 < rad * rad:
                return False
        for a, b in self.soft_lines:
            ax, ay = a[0], a[1]
            bx, by = b[0], b[1]
            # the segment's bounding box first: most segments are nowhere near
            if ((ax if ax > bx else bx) > x and (ax if ax < bx else bx) < x1
                    and (ay if ay > by else by) > y and (ay if ay < by else by) < y1
                    and segment_hits(r, a, b)):
                return False
        return True

    # --- placing ------------------------------------------------------------------
    def spot(self, size, candidates):
        """The rectangle :meth:`place` would choose, without taking it
        (``candidates`` may be any iterable; it is read only as far as needed)."""
        w, h = int(math.ceil(size[0])), int(math.ceil(size[1]))
        al, at, aw, ah = self.area
        if w > aw or h > ah:
            return None
        # clamp() and free() written out: this loop runs for every candidate
        # of every label, every frame. A clamped rectangle lies inside the map.
        right, bottom = al + aw - w, at + ah - h
        discs = self.discs
        # a w × h box at (x, y) comes within GAP of rect (ox, oy, ow, oh) when
        # ox − w − GAP < x < ox + ow + GAP, and the same for y (integers)
        near = [(ox - w - GAP, ox + ow + GAP, oy - h - GAP, oy + oh + GAP)
                for ox, oy, ow, oh in self.rects]
        first = hard = None
        tried = 0
        for c in candidates:
            cx, cy = c[0], c[1]
            if not (cx - cx == 0 and cy - cy == 0):     # not finite (inf − inf is NaN)
                continue
            x = int((right if cx > right else cx if cx > al else al) // 1)
            y = int((bottom if cy > bottom else cy if cy > at else at) // 1)
            r = (x, y, w, h)
            if first is None:
                first = r
            for x0, x1, y0, y1 in near:
                if x0 < x < x1 and y0 < y < y1:
                    break
            else:
                for (dx, dy), rad in discs:
                    nx = dx if x <= dx <= x + w else (x if dx < x else x + w)
                    ny = dy if y <= dy <= y + h else (y if dy < y else y + h)
                    if (nx - dx) ** 2 + (ny - dy) ** 2 < (rad + GAP) ** 2:
                        break
                else:
                    if self.clear(r):
                        return r
                    if hard is None:
                        hard = r
                    tried += 1
                    if tried >= SOFT_TRIES:          # enough looking for a wholly clear one
                        break
        if hard is not None:
            return hard
        if first is None:
            first = clamp(centred((self.area[0] + self.area[2] / 2,
                                   self.area[1] + self.area[3] / 2), (w, h)), self.area)
        return self._search(first)

    def place(self, size, candidates, text=""):
        """Take and return the first free spot for a box of ``size`` among
        ``candidates`` (rectangles or top-left points; only their x, y are
        used), or None when the map has no room for it."""
        r = self.spot(size, candidates)
        if r is not None:
            self.rects.append(r)
            self.placed.append(("label", r, text))
        return r

    def _search(self, r):
        """The free spot nearest ``r`` on rings of growing radius (steps of
        the box's height vertically and half its width across)."""
        w, h = r[2], r[3]
        sy, sx = h + GAP, max(w // 2, 8)
        best = None
        for ring in range(1, RINGS + 1):
            for ky in range(-ring, ring + 1):
                for kx in range(-ring, ring + 1):
                    if max(abs(kx), abs(ky)) != ring:
                        continue
                    c = clamp((r[0] + kx * sx, r[1] + ky * sy, w, h), self.area)
                    if self.free(c):
                        d = math.hypot(c[0] - r[0], c[1] - r[1])
                        if best is None or d < best[0]:
                            best = (d, c)
            if best is not None:
                return best[1]
        return None
