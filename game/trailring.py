"""Balls and trails as flat pixel indices: where on the target each one lands.

Pure numpy (no pygame). A :class:`PixelMap` turns world points into *flat*
indices ``y·stride + x`` of the top-left pixel of a small square box (a 1 × 1
trail dot, a 2 × 2 trail or ball dot, a 5 × 5 ball stamp) in the target's
pixel buffer, so that a whole frame of trail points is one scatter
``flat[index] = colour``. It places a point as the renderer draws it:

* the centre is clamped into the domain's screen rectangle inset by half the
  ball's box (``clamp``), so that a ball at a wall is drawn whole inside the
  map, and its trail leads to it;
* the box's corner is ``floor(centre − (size − 1)/2)``;
* a box that is not wholly inside ``area`` (the map ∩ the clip ∩ the
  target) gets the index ``sentinel``: pixel (0, 0), which lies outside the
  area and which the renderer saves and restores around each scatter, or −1
  (to be filtered out) when the area reaches that corner.

A :class:`TrailRing` keeps one group's trail as such indices, one row per
ring slot of the world's trail, aligned with the group's storage columns:
each tick writes only its own slot for the new points; new balls get their
whole column; anything else (a new view or size, storage moved, the world
cleared) rebuilds it.

>>> pm = PixelMap.of((-2.0, 2.0, -2.0, 2.0), (10, 10, 400, 400), (-2, 2, -2, 2),
...                  (10, 10, 400, 400), stride=1280, clamp=0)
>>> pm.flat(np.array([[0.0], [0.0]]), 1).tolist()      # the centre: pixel (210, 210)
[269010]
>>> pm.flat(np.array([[9.0], [0.0]]), 1).tolist()      # outside: the sentinel
[0]
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

BIG = 30000.0            # screen coordinates are kept inside ±BIG before rounding
SENTINEL_ROOM = 8        # the sentinel's box: pixels (0, 0) … (7, 7) of the target


@dataclass(frozen=True)
class PixelMap:
    """World → flat pixel index for one view, target and ball size.

    ``view`` and ``rect`` are the viewport's, ``domain`` the surface's,
    ``area`` ``(left, top, w, h)`` where pixels may be written, ``stride``
    the target's pixels per row, ``clamp`` the ball's box size in pixels,
    ``size`` the target's (the sentinel needs its 8 × 8 corner).
    """

    view: tuple
    rect: tuple
    area: tuple
    stride: int
    clamp: int
    lo: tuple            # the centre's lowest x and y (clamped)
    hi: tuple            # and highest
    sentinel: int

    @classmethod
    def of(cls, view, rect, domain, area, stride, clamp, size=None) -> "PixelMap":
        xmin, xmax, ymin, ymax = (float(v) for v in view)
        left, top, w, h = rect
        sx, sy = w / (xmax - xmin), h / (ymax - ymin)
        with np.errstate(over="ignore", invalid="ignore"):
            dl = left + (domain[0] - xmin) * sx
            dr = left + (domain[1] - xmin) * sx
            dt = top + (ymax - domain[3]) * sy
            db = top + (ymax - domain[2]) * sy
        half = clamp / 2.0
        lo, hi = [], []
        for a, b in ((dl, dr), (dt, db)):
            a, b = _bounded(a + half), _bounded(b - half)
            if a > b:                         # a domain narrower than a ball
                a = b = _bounded((a + b) / 2.0)
            lo.append(a)
            hi.append(b)
        al, at, aw, ah = (int(v) for v in area)
        big = size is None or min(size) >= SENTINEL_ROOM      # the target holds the corner box
        corner_free = big and aw > 0 and ah > 0 and (al >= SENTINEL_ROOM or at >= SENTINEL_ROOM)
        return cls((xmin, xmax, ymin, ymax), tuple(int(v) for v in rect), (al, at, aw, ah),
                   int(stride), int(clamp), tuple(lo), tuple(hi), 0 if corner_free else -1)

    def corners(self, p, size: int):
        """Integer corners ``(ix, iy)`` of the ``size`` boxes at world points
        ``p`` (2, ...), as drawn: clamped, then floored."""
        return self.screen_corners(*screen(self, p), size)

    def screen_corners(self, sx, sy, size: int):
        """As :meth:`corners`, from screen coordinates (changed in place)."""
        shift = (size - 1) / 2.0
        inside = self.inside(size)
        out = []
        for s, lo, hi in ((sx, self.lo[0], self.hi[0]), (sy, self.lo[1], self.hi[1])):
            np.clip(s, lo, hi, out=s)         # ±inf and far points too
            if shift:
                s -= shift
            if not inside:                    # inside: all ≥ 0, so truncation is floor
                np.floor(s, out=s)
            out.append(s.astype(np.intp))
        return out

    def inside(self, size: int) -> bool:
        """Whether every clamped ``size`` box lies inside the area (the usual
        case: the whole domain in view), so that no box needs culling."""
        shift = (size - 1) / 2.0
        al, at, aw, ah = self.area
        return (math.floor(self.lo[0] - shift) >= max(al, 0)
                and math.floor(self.hi[0] - shift) + size <= al + aw
                and math.floor(self.lo[1] - shift) >= max(at, 0)
                and math.floor(self.hi[1] - shift) + size <= at + ah)

    def index(self, ix, iy, size: int):
        """Flat indices of the boxes with corners ``(ix, iy)``; ``sentinel``
        where a box is not wholly inside the area."""
        al, at, aw, ah = self.area
        idx = iy * self.stride
        idx += ix
        if not self.inside(size):
            ok = (ix >= al) & (ix <= al + aw - size) & (iy >= at) & (iy <= at + ah - size)
            np.putmask(idx, ~ok, self.sentinel)
        return idx

    def flat(self, p, size: int):
        """Flat indices of the ``size`` boxes at world points ``p`` (2, ...)."""
        return self.index(*self.corners(p, size), size)

    def offsets(self, size: int) -> np.ndarray:
        """Flat offsets of a box's pixels from its corner, row by row."""
        r = np.arange(size)
        return (r[:, None] * self.stride + r[None, :]).ravel()


def _bounded(v: float) -> float:
    return min(max(v, -BIG), BIG) if not math.isnan(v) else 0.0


def segment_points(new, old, kmax: int):
    """Screen points along each segment from ``new`` towards ``old`` (both
    (2, ...) screen floats within ±BIG): ``k = min(ceil(longest axis step / 1.5), kmax)``
    samples each (at least one), at ``new + (j/k)·(old − new)``, j < k, then
    the last one repeated up to ``kmax`` (a fixed count per segment, so that
    a ball's samples keep their place in a ring). Returns ``(sx, sy)``, each
    of shape (..., kmax).

    >>> sx, sy = segment_points(np.array([[0.0], [0.0]]), np.array([[3.0], [0.0]]), 3)
    >>> sx.tolist()
    [[0.0, 1.5, 1.5]]
    """
    dx, dy = old[0] - new[0], old[1] - new[1]     # finite: both ends lie within ±BIG
    k = np.maximum(np.abs(dx), np.abs(dy))
    k /= 1.5
    np.ceil(k, out=k)
    kmax = max(int(kmax), 1)
    np.clip(k, 1, kmax, out=k)
    k = k[..., None]
    frac = np.minimum(np.arange(kmax), k - 1)
    frac /= k
    sx = frac * dx[..., None]
    sx += new[0][..., None]
    frac *= dy[..., None]
    frac += new[1][..., None]
    return sx, frac


def segment_boxes(pm: PixelMap, new, old, kmax: int) -> np.ndarray:
    """Flat indices of the 2 × 2 boxes of the samples of the segments from
    world points ``new`` towards ``old`` (2, ...): shape (..., kmax · 4)."""
    sx, sy = screen(pm, np.stack((new, old), axis=1))      # (ends, ...) each
    px, py = segment_points((sx[0], sy[0]), (sx[1], sy[1]), kmax)
    idx = pm.index(*pm.screen_corners(px, py, 2), 2)
    idx = idx[..., None] + pm.offsets(2)
    if pm.sentinel < 0:
        idx[idx[..., 0] < 0] = -1
    return idx.reshape(idx.shape[:-2] + (-1,))


class TrailRing:
    """One group's trail as flat indices of 1 × 1 dots: ``ring[slot, column]``
    for the group's storage columns (see the module's doc)."""

    def __init__(self):
        self.key = None
        self.ring = None
        self.ids = None
        self.lo = self.hi = 0
        self.ticks = self.head = 0

    def sync(self, group, pm: PixelMap, ticks: int, head: int) -> np.ndarray:
        """Bring the ring up to date with ``group`` after the world's tick
        ``ticks`` (ring slot ``head`` is next); returns ``ring[:, live]``."""
        T, lo, n = group.trail_len, group.lo, group.n
        key = (pm, group.epoch, group.capacity, T)
        moved = group.moved
        if (self.key is not None and moved is not None and moved[0] == group.epoch
                and self.key == (pm, group.epoch - 1, group.capacity, T)
                and self.lo <= moved[1] and moved[1] + moved[2] <= self.hi):
            # the live window was moved down to column 0: move the ring with it
            start, count = moved[1], moved[2]
            self.ring[:, :count] = self.ring[:, start:start + count]
            self.ids[:count] = self.ids[start:start + count]
            self.lo, self.hi, self.key = 0, count, key
        fresh = (key == self.key and n and self.lo <= lo < self.hi
                 and self.ids[lo] == group.ids[0])
        k = ticks - self.ticks
        if fresh and not (0 <= k < T and (self.head + k) % T == head):
            fresh = False
        if not fresh:
            if self.ring is None or self.ring.shape != (T, group.capacity):
                self.ring = np.empty((T, group.capacity), dtype=np.intp)
                self.ids = np.empty(group.capacity, dtype=np.int64)
            self.key = key
            self.lo = self.hi = lo
            k = 0
        cols = slice(lo, min(self.hi, lo + n))
        trail = group._trail
        for j in range(k):                              # the ticks since the last frame
            s = (self.head + j) % T
            self.ring[s, cols] = pm.flat(trail[:, s, cols], 1)
        new = slice(max(self.hi, lo), lo + n)           # new balls: their whole trail
        if new.stop > new.start:
            self.ring[:, new] = pm.flat(trail[:, :, new], 1)
            self.ids[new] = group._ids[new]
        self.lo, self.hi = lo, lo + n
        self.ticks, self.head = ticks, head
        return self.ring[:, lo:lo + n]


def screen(pm: PixelMap, p):
    """Screen coordinates ``(sx, sy)`` (floats, within ±BIG) of world points
    ``p`` (2, ...), computed as :meth:`PixelMap.corners` does."""
    xmin, xmax, ymin, ymax = pm.view
    left, top, w, h = pm.rect
    with np.errstate(over="ignore", invalid="ignore"):
        sx = np.subtract(p[0], xmin)
        sx *= w / (xmax - xmin)
        sx += left
        sy = np.subtract(ymax, p[1])
        sy *= h / (ymax - ymin)
        sy += top
    np.clip(sx, -BIG, BIG, out=sx)
    np.clip(sy, -BIG, BIG, out=sy)
    return sx, sy


class LineRing:
    """Few balls' trails as 2 px lines, for one group: ``ring[slot, column]``
    holds the flat indices of the 2 × 2 boxes of the samples (see
    :func:`segment_boxes`) of the segment from the slot's point towards the
    previous tick's, for the group's storage column ``column`` kept at
    ``column % M``. As :class:`TrailRing`: each tick computes only its own
    slot; new balls get their whole column; a removal costs nothing; a new
    view, size or sample count rebuilds it."""

    def __init__(self):
        self.key = None
        self.ring = self.ids = None
        self.lo = self.hi = 0
        self.ticks = self.head = 0
        self.version = 0                  # bumped when columns move or are rebuilt

    def prepare(self, group, pm: PixelMap, ticks: int, head: int, kmax: int):
        """Follow ``group``'s storage (a move, or a rebuild when anything else
        changed); returns ``(slots, cols, new)``: the ring slots of the ticks
        since the last frame, to be computed for the balls already held
        (columns ``cols``), and the columns of new balls, to be computed for
        every slot (:func:`sync_lines` does both)."""
        T, lo, n = group.trail_len, group.lo, group.n
        key = (pm, group.epoch, T, kmax)
        moved = group.moved
        if (self.key is not None and moved is not None and moved[0] == group.epoch
                and self.key == (pm, group.epoch - 1, T, kmax)
                and self.lo <= moved[1] and moved[1] + moved[2] <= self.hi):
            M = self.ring.shape[1]            # the window moved down to column 0: so do its pieces
            src, dst = (moved[1] + np.arange(moved[2])) % M, np.arange(moved[2]) % M
            self.ring[:, dst] = self.ring[:, src]
            self.ids[dst] = self.ids[src]
            self.lo, self.hi, self.key = 0, moved[2], key
            self.version += 1
        M = 0 if self.ring is None else self.ring.shape[1]
        fresh = (key == self.key and n and n <= M and self.lo <= lo < self.hi
                 and self.ids[lo % M] == group.ids[0])
        k = ticks - self.ticks
        if fresh and not (0 <= k < T and (self.head + k) % T == head):
            fresh = False
        if not fresh:
            M = max(16, 1 << max(n - 1, 0).bit_length())
            if self.ring is None or self.ring.shape != (T, M, 4 * kmax):
                self.ring = np.empty((T, M, 4 * kmax), dtype=np.intp)
                self.ids = np.empty(M, dtype=np.int64)
            self.key = key
            self.lo = self.hi = lo
            self.version += 1
            k = 0
        return ([(self.head + j) % T for j in range(k)], slice(lo, min(self.hi, lo + n)),
                slice(max(self.hi, lo), lo + n))

    def columns(self, cols: slice):
        """Where storage columns ``cols`` live in the ring: a slice, or the
        indices when they wrap around."""
        M = self.ring.shape[1]
        a = cols.start % M
        if a + cols.stop - cols.start <= M:
            return slice(a, a + cols.stop - cols.start)
        return np.arange(cols.start, cols.stop) % M

    def finish(self, group, ticks: int, head: int) -> list:
        """Note what the ring now holds; returns the live balls' pieces, one
        or two ``ring[:, cols]`` (slot, ball, samples) arrays."""
        lo, n = group.lo, group.n
        M = self.ring.shape[1]
        new = slice(max(self.hi, lo), lo + n)
        if new.stop > new.start:
            self.ids[self.columns(new)] = group._ids[new]
        self.lo, self.hi = lo, lo + n
        self.ticks, self.head = ticks, head
        a = lo % M
        if a + n <= M:
            return [self.ring[:, a:a + n]]
        return [self.ring[:, a:], self.ring[:, :a + n - M]]


def sync_lines(rings, groups, pm: PixelMap, ticks: int, head: int, kmax: int):
    """Bring every group's :class:`LineRing` up to date, computing all the
    groups' new segments in one pass. Returns each group's pieces (see
    :meth:`LineRing.finish`) and the slots computed anew for balls held."""
    news, olds, dest, fresh = [], [], [], set()
    for ring, g in zip(rings, groups):
        slots, cols, new = ring.prepare(g, pm, ticks, head, kmax)
        T, trail = g.trail_len, g._trail
        if cols.stop > cols.start and slots:
            where = ring.columns(cols)
            for s in slots:
                news.append(trail[:, s, cols])
                olds.append(trail[:, (s - 1) % T, cols])
                dest.append((ring, s, where, cols.stop - cols.start))
                fresh.add(s)
        if new.stop > new.start:            # every slot of the new balls
            pts = trail[:, :, new]
            news.append(pts.reshape(2, -1))
            olds.append(np.roll(pts, 1, axis=1).reshape(2, -1))
            dest.append((ring, slice(None), ring.columns(new), new.stop - new.start))
    if news:
        boxes = segment_boxes(pm, np.concatenate(news, axis=1), np.concatenate(olds, axis=1), kmax)
        at = 0
        for (ring, s, where, m), part in zip(dest, news):
            size = part.shape[1]
            ring.ring[s, where] = boxes[at:at + size].reshape(-1, m, boxes.shape[1])
            at += size
    return [ring.finish(g, ticks, head) for ring, g in zip(rings, groups)], fresh
