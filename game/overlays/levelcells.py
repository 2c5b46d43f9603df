"""The level grid's cells indexed by the range of their corner values, so that
the cells a level crosses are found without scanning the whole grid.

:meth:`LevelCells.segments` gives exactly what
:func:`game.calculus.level_set_segments` gives on the same grid (the same
segments, in the same order, with the same floats): it looks at the few
hundred cells whose range holds the level instead of every cell, and runs the
same marching squares on them. Pure numpy (no pygame).

>>> xs = ys = np.array([0.0, 1.0, 2.0])
>>> v = np.add.outer(ys, xs)                      # f = x + y
>>> LevelCells(v, xs, ys).segments(0.5).tolist()
[[[0.5, 0.0], [0.0, 0.5]]]
"""
from __future__ import annotations

import bisect
import math

import numpy as np

from ..calculus.levels import (_CASE_WEIGHTS, _CORNER_DX, _CORNER_DY, _EDGE_P, _EDGE_Q, _MS,
                               cell_segments, level_set_segments)

BUCKETS = 128        # value ranges of the index (by the cells' lowest corners)
_FIRST = np.ascontiguousarray(_MS[:, 0])      # each case's first (for most, only) segment
MAX_COPIES = 8       # a grid whose cells span more ranges than this on average is scanned


class LevelCells:
    """The cells of one sampled grid ``values (ny, nx)`` at ``xs``, ``ys``
    (as :func:`~game.calculus.level_set_segments` takes them), bucketed by
    value: a cell is listed under every bucket its ``[lowest, highest]``
    corner value meets, so the cells that a level ``c`` crosses (lowest ≤ c <
    highest) are all under the bucket holding ``c``. Cells with an undefined
    corner give no segment and are left out.

    Each bucket keeps its cells' corner values and column and row numbers in
    arrays of its own, so that a level reads one small contiguous block (the
    frame's other drawing has long since pushed the grid out of the cache)."""

    def __init__(self, values, xs, ys):
        self.v = np.asarray(values, dtype=float)
        self.xs, self.ys = np.asarray(xs, dtype=float), np.asarray(ys, dtype=float)
        self.bounds = None
        v = self.v
        if v.ndim != 2 or min(v.shape) < 2:
            return
        nx = self.nx = v.shape[1]
        corners = np.stack([v[:-1, :-1], v[:-1, 1:], v[1:, 1:], v[1:, :-1]]).reshape(4, -1)
        ids = np.flatnonzero(np.isfinite(corners).all(axis=0))
        rows = np.ascontiguousarray(corners[:, ids].T)          # (cells, 4)
        if ids.size == 0:
            self.bounds, self.buckets = [], [(rows, ids, ids)]
            return
        c = rows.T
        lo = np.minimum(np.minimum(c[0], c[1]), np.minimum(c[2], c[3]))
        hi = np.maximum(np.maximum(c[0], c[1]), np.maximum(c[2], c[3]))
        # bucket edges: every (cells / BUCKETS)-th lowest corner value, in order
        edges = np.unique(np.sort(lo)[(np.arange(BUCKETS) * lo.size) // BUCKETS])
        b0 = np.maximum(np.searchsorted(edges, lo, side="right") - 1, 0)
        b1 = np.maximum(np.searchsorted(edges, hi, side="right") - 1, 0)
        counts = b1 - b0 + 1
        total = int(counts.sum())
        if total > MAX_COPIES * ids.size:           # wildly steep: scanning is as cheap
            return
        start = np.repeat(np.cumsum(counts) - counts, counts)
        bucket = (np.repeat(b0, counts) + (np.arange(total) - start)).astype(np.int16)
        which = np.repeat(np.arange(ids.size), counts)
        which = which[np.argsort(bucket, kind="stable")]   # cells stay in grid order
        cut = np.concatenate(([0], np.cumsum(np.bincount(bucket, minlength=edges.size)))).tolist()
        j, i = np.divmod(ids, nx - 1)
        rows, i, j = rows[which], i[which], j[which]
        self.buckets = [(rows[a:b], i[a:b], j[a:b]) for a, b in zip(cut[:-1], cut[1:])]
        self.buckets.insert(0, self.buckets[0])     # a level below every edge: bucket 0
        self.bounds = edges.tolist()                # bisect on floats: no numpy call

    def segments(self, c) -> np.ndarray:
        """The segments of the level set ``f = c``, ``(M, 2 ends, 2)``: the
        same array as ``level_set_segments(values, xs, ys, c)``."""
        c = float(c)
        if self.bounds is None or not math.isfinite(c):
            return level_set_segments(self.v, self.xs, self.ys, c)
        rows, i, j = self.buckets[bisect.bisect_right(self.bounds, c)]
        above = rows > c
        case = above @ _CASE_WEIGHTS
        crossed = (case > 0) & (case < 15)
        if not crossed.any():
            return np.zeros((0, 2, 2))
        cv, i, j, case = rows.compress(crossed, 0), i.compress(crossed), j.compress(crossed), \
            case.compress(crossed)
        if ((case == 5) | (case == 10)).any():      # a saddle: the general path
            return self._march(j * (self.nx - 1) + i, c)
        # one segment a cell: the same floats as _march, gathered from the rows
        ends = _FIRST.take(case, 0)                  # (K, 2) edge ids
        p, q = _EDGE_P.take(ends), _EDGE_Q.take(ends)
        row = np.arange(0, 4 * case.size, 4)[:, None]
        v = cv.ravel()
        va = v.take(row + p)
        t = (c - va) / (v.take(row + q) - va)
        i, j = i[:, None], j[:, None]
        xs, ys = self.xs, self.ys
        xa, ya = xs.take(i + _CORNER_DX.take(p)), ys.take(j + _CORNER_DY.take(p))
        out = np.empty(ends.shape + (2,))
        out[:, :, 0] = xa + t * (xs.take(i + _CORNER_DX.take(q)) - xa)
        out[:, :, 1] = ya + t * (ys.take(j + _CORNER_DY.take(q)) - ya)
        return out

    def _march(self, flat, c) -> np.ndarray:
        """level_set_segments' marching squares on the cells ``flat``."""
        nx = self.nx
        j, i = np.divmod(flat, nx - 1)
        k00 = j * nx + i
        corner = np.stack([k00, k00 + 1, k00 + nx + 1, k00 + nx])
        cv = self.v.ravel()[corner]
        case = _CASE_WEIGHTS @ (cv > c)
        return cell_segments(cv, case, i, j, c, self.xs, self.ys)
