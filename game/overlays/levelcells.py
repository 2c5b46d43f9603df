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

import math

import numpy as np

from ..calculus.levels import (_CASE_WEIGHTS, _CORNER_DX, _CORNER_DY, _EDGE_P, _EDGE_Q, _MS,
                               level_set_segments)

BUCKETS = 128        # value ranges of the index (quantiles of the cells' lowest corners)
_FIRST = np.ascontiguousarray(_MS[:, 0])      # each case's first (for most, only) segment
MAX_COPIES = 8       # a grid whose cells span more ranges than this on average is scanned


class LevelCells:
    """The cells of one sampled grid ``values (ny, nx)`` at ``xs``, ``ys``
    (as :func:`~game.calculus.level_set_segments` takes them), bucketed by
    value: a cell is listed under every bucket its ``[lowest, highest]``
    corner value meets, so the cells that a level ``c`` crosses (lowest ≤ c <
    highest) are all under the bucket holding ``c``. Cells with an undefined
    corner give no segment and are left out."""

    def __init__(self, values, xs, ys):
        self.v = np.asarray(values, dtype=float)
        self.xs, self.ys = np.asarray(xs, dtype=float), np.asarray(ys, dtype=float)
        self.edges = None
        v = self.v
        if v.ndim != 2 or min(v.shape) < 2:
            return
        ny, nx = v.shape
        corners = np.stack([v[:-1, :-1], v[:-1, 1:], v[1:, 1:], v[1:, :-1]])
        ok = np.isfinite(corners).all(axis=0).ravel()
        ids = np.flatnonzero(ok)
        self.nx = nx
        lo = np.full((ny - 1) * (nx - 1), np.inf)
        hi = np.full((ny - 1) * (nx - 1), -np.inf)  # never crossed: lo ≤ c < hi fails
        if ids.size == 0:
            self.edges, self.lists = np.zeros(1), [ids]
            self.lo, self.hi = lo, hi
            return
        flat = corners.reshape(4, -1)[:, ids]
        lo[ids], hi[ids] = flat.min(axis=0), flat.max(axis=0)
        self.lo, self.hi = lo, hi
        # each cell's corners' values, x and y, a row per cell, for the common case
        ci = np.arange((ny - 1) * (nx - 1)) % (nx - 1)
        cj = np.arange((ny - 1) * (nx - 1)) // (nx - 1)
        self.corner_v = np.ascontiguousarray(corners.reshape(4, -1).T)
        self.corner_x = np.ascontiguousarray(self.xs[ci[None, :] + _CORNER_DX[:, None]].T)
        self.corner_y = np.ascontiguousarray(self.ys[cj[None, :] + _CORNER_DY[:, None]].T)
        edges = np.unique(np.quantile(lo[ids], np.linspace(0.0, 1.0, BUCKETS + 1)[:-1]))
        b0, b1 = self._bucket(edges, lo[ids]), self._bucket(edges, hi[ids])
        counts = b1 - b0 + 1
        total = int(counts.sum())
        if total > MAX_COPIES * ids.size:           # wildly steep: scanning is as cheap
            return
        start = np.repeat(np.cumsum(counts) - counts, counts)
        bucket = np.repeat(b0, counts) + (np.arange(total) - start)
        cell = np.repeat(ids, counts)
        order = np.argsort(bucket, kind="stable")   # cell ids stay ascending in each bucket
        bucket, cell = bucket[order], cell[order]
        cut = np.searchsorted(bucket, np.arange(edges.size + 1))
        self.lists = [cell[cut[b]:cut[b + 1]] for b in range(edges.size)]
        self.edges = edges

    @staticmethod
    def _bucket(edges, values):
        """The bucket of each value: the last edge not above it (the first
        bucket for a value below every edge)."""
        return np.maximum(np.searchsorted(edges, values, side="right") - 1, 0)

    def segments(self, c) -> np.ndarray:
        """The segments of the level set ``f = c``, ``(M, 2 ends, 2)``: the
        same array as ``level_set_segments(values, xs, ys, c)``."""
        c = float(c)
        if self.edges is None or not math.isfinite(c):
            return level_set_segments(self.v, self.xs, self.ys, c)
        empty = np.zeros((0, 2, 2))
        cand = self.lists[int(self._bucket(self.edges, c))]
        flat = cand[(self.lo[cand] <= c) & (self.hi[cand] > c)]
        if flat.size == 0:
            return empty
        cv = self.corner_v[flat]                    # (K, 4)
        case = (cv > c) @ _CASE_WEIGHTS
        if ((case == 5) | (case == 10)).any():      # a saddle: the general path
            return self._march(flat, c)
        # one segment a cell: the same floats as _march, gathered from the rows
        ends = _FIRST[case]                          # (K, 2) edge ids
        row = np.arange(0, 4 * flat.size, 4)[:, None]
        ia, ib = row + _EDGE_P[ends], row + _EDGE_Q[ends]
        v, x, y = cv.ravel(), self.corner_x[flat].ravel(), self.corner_y[flat].ravel()
        va, vb = v[ia], v[ib]
        t = (c - va) / (vb - va)
        xa, ya = x[ia], y[ia]
        out = np.empty(ends.shape + (2,))
        out[:, :, 0] = xa + t * (x[ib] - xa)
        out[:, :, 1] = ya + t * (y[ib] - ya)
        return out

    def _march(self, flat, c) -> np.ndarray:
        """level_set_segments' marching squares on the cells ``flat``."""
        nx = self.nx
        j, i = np.divmod(flat, nx - 1)
        k00 = j * nx + i
        corner = np.stack([k00, k00 + 1, k00 + nx + 1, k00 + nx])
        cv = self.v.ravel()[corner]
        case = _CASE_WEIGHTS @ (cv > c)
        saddle = np.flatnonzero((case == 5) | (case == 10))
        if saddle.size:
            with np.errstate(over="ignore", invalid="ignore"):
                low = saddle[cv[:, saddle].sum(axis=0) <= 4.0 * c]
            case[low] = np.where(case[low] == 5, 16, 17)
        pairs = _MS[case]
        keep = pairs[:, :, 0] >= 0
        cell = np.nonzero(keep)[0][:, None]
        ends = pairs[keep]
        p, q = _EDGE_P[ends], _EDGE_Q[ends]
        va, vb = cv[p, cell], cv[q, cell]
        t = (c - va) / (vb - va)
        ic, jc = i[cell], j[cell]
        xs, ys = self.xs, self.ys
        xa, xb = xs[ic + _CORNER_DX[p]], xs[ic + _CORNER_DX[q]]
        ya, yb = ys[jc + _CORNER_DY[p]], ys[jc + _CORNER_DY[q]]
        out = np.empty(ends.shape + (2,))
        out[:, :, 0] = xa + t * (xb - xa)
        out[:, :, 1] = ya + t * (yb - ya)
        return out
