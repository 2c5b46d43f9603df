"""The balls of one update rule, as a structure of arrays.

Pure numpy (no pygame). A :class:`Group` holds every ball of one rule: one
column per ball, coordinates on axis 0. The arrays have a capacity that
doubles; the live balls are the window ``[lo, lo + n)`` of it, oldest first,
so removing the oldest balls only moves ``lo`` and every attribute
(``x``, ``prev``, ``trail``, ``ids``, ``steps``, ``f``, ``grad``,
``converged_at``, ``diverged``, ``stopped``, ``pins``, ``state``) is a view
that the tick may update in place, rebuilt whenever balls come or go.

>>> from types import SimpleNamespace
>>> rule = SimpleNamespace(name="gd", init=lambda n: {})
>>> g = Group(rule, {"lr": 0.1}, trail_len=2)
>>> g.append(np.array([[0.5, 1.0], [0.0, 0.0]]), np.array([7, 8]))
>>> g.count, g.ids.tolist(), g.x[0].tolist()
(2, [7, 8], [0.5, 1.0])
>>> g.drop_oldest(1); g.count, g.column(8), g.column(7)
(1, 0, None)
"""
from __future__ import annotations

import numpy as np

from .optim.tick import (NOT_YET, STOP_NONE, STOP_OVERFLOW, STOP_SINGULAR,  # noqa: F401
                         STOP_UNDEFINED)

STOP_REASONS = {STOP_UNDEFINED: "f undefined here: stopped",
                STOP_SINGULAR: "singular Hessian: stopped",
                STOP_OVERFLOW: "step overflowed: stopped"}

_MIN_CAPACITY = 16


class Group:
    """Every ball of one rule, with the rule's hyperparameters (its param group).

    It has the attributes :func:`game.optim.tick.advance` moves (as a
    ``tick.Balls`` has), plus the storage, ids, ``prev`` and the trail.

    ``hyper`` is the dict of torch-named hyperparameters shared by every ball
    of the group; changing it acts at once on all of them, as editing a torch
    param group's ``lr`` does.
    """

    def __init__(self, rule, hyper: dict, trail_len: int = 32):
        self.rule = rule
        self.hyper = dict(hyper)
        self.trail_len = int(trail_len)
        self.lo = 0
        self.n = 0
        self.pinned = False      # whether any ball has a pin count (a shortcut for the tick)
        self.epoch = 0           # bumped whenever the storage columns move (for drawing caches)
        self.moved = None        # (epoch, from, count): the last move of the live window to 0
        self._alloc(0)

    # --- storage ------------------------------------------------------------
    def _alloc(self, capacity: int) -> None:
        c = int(capacity)
        self.capacity = c
        self.epoch += 1
        self._x = np.zeros((2, c))
        self._prev = np.zeros((2, c))
        self._grad = np.zeros((2, c))
        self._trail = np.zeros((2, self.trail_len, c))
        self._ids = np.zeros(c, dtype=np.int64)
        self._steps = np.zeros(c, dtype=np.int64)
        self._f = np.zeros(c)
        self._conv = np.full(c, NOT_YET, dtype=np.int64)
        self._div = np.zeros(c, dtype=bool)
        self._stop = np.zeros(c, dtype=np.uint8)
        self._pins = np.zeros(c, dtype=np.int32)
        self._state = {k: np.array(v) for k, v in self.rule.init(c).items()}
        self._views()

    def _arrays(self):
        """Every storage array (the state's too), ball axis last."""
        return [self._x, self._prev, self._grad, self._trail, self._ids, self._steps, self._f,
                self._conv, self._div, self._stop, self._pins, *self._state.values()]

    def _make_room(self, k: int) -> None:
        """Ensure ``k`` more columns fit after the live window.

        The storage grows to twice what is needed when the live balls would
        fill more than half of it; otherwise the live window is moved down
        to column 0. So with balls coming and going at the cap, a move
        (a copy of every array) happens once every ``capacity/2`` arrivals,
        not at every spawn. ``moved`` records the last move for drawing caches.
        """
        need = self.n + k
        if self.lo + need <= self.capacity:
            return
        lo, n = self.lo, self.n
        if 2 * need > self.capacity:
            old = self._arrays()
            grown = 2 * self.capacity if need > self.capacity else 2 * need
            self._alloc(max(need, grown, _MIN_CAPACITY))
            for src, dst in zip(old, self._arrays()):
                dst[..., :n] = src[..., lo:lo + n]
        else:
            for a in self._arrays():
                a[..., :n] = a[..., lo:lo + n].copy()
            self.epoch += 1
            self.moved = (self.epoch, lo, n)
        self.lo = 0
        self._views()

    def append(self, points, ids, f=None, grad=None) -> None:
        """Add balls at ``points`` (2, k) with ``ids`` (k,), fresh rule state.

        ``f`` and ``grad`` are f and ∇f at the points (default 0)."""
        k = points.shape[1]
        if k == 0:
            return
        self._make_room(k)
        s = slice(self.lo + self.n, self.lo + self.n + k)
        self._x[:, s] = points
        self._prev[:, s] = points
        self._trail[:, :, s] = points[:, None, :]
        self._ids[s] = ids
        self._steps[s] = 0
        self._f[s] = 0.0 if f is None else f
        self._grad[:, s] = 0.0 if grad is None else grad
        self._conv[s] = NOT_YET
        self._div[s] = False
        self._stop[s] = STOP_NONE
        self._pins[s] = 0
        for name, fresh in self.rule.init(k).items():
            self._state[name][..., s] = fresh
        self.n += k
        self._views()

    def drop_oldest(self, k: int) -> None:
        """Remove the ``k`` oldest balls (no copy: the window moves)."""
        k = min(max(int(k), 0), self.n)
        self.lo += k
        self.n -= k
        if self.n == 0:
            self.lo = 0
        self._views()

    def clear(self) -> None:
        """Remove every ball (the storage is kept for reuse)."""
        self.lo = self.n = 0
        self._views()

    # --- views of the live balls -------------------------------------------
    def _views(self) -> None:
        """Rebuild the live views after the window or the storage changed.

        The views are plain attributes (``x``, ``prev``, ``grad``, ``trail``,
        ``ids``, ``steps``, ``f``, ``converged_at``, ``diverged``, ``stopped``,
        ``pins``, ``state``): cheap to read in the tick. Do not keep them across
        a spawn, a removal or a clear."""
        live = slice(self.lo, self.lo + self.n)
        self.x = self._x[:, live]
        self.prev = self._prev[:, live]
        self.grad = self._grad[:, live]          # ∇f at x (reused by the next tick)
        self.trail = self._trail[:, :, live]
        self.ids = self._ids[live]
        self.steps = self._steps[live]
        self.f = self._f[live]
        self.converged_at = self._conv[live]
        self.diverged = self._div[live]
        self.stopped = self._stop[live]
        self.pins = self._pins[live]             # ticks in a row pushed past a wall, uphill
        self.state = {k: v[..., live] for k, v in self._state.items()}
        self.n_stopped = int(np.count_nonzero(self.stopped))

    @property
    def count(self) -> int:
        return self.n

    def recount(self) -> None:
        """Refresh ``n_stopped`` after ``stopped`` was written."""
        self.n_stopped = int(np.count_nonzero(self.stopped))

    def column(self, ball_id: int):
        """The column of ball ``ball_id``, or None if it is not in this group."""
        ids = self.ids
        i = int(np.searchsorted(ids, ball_id))
        return i if i < self.n and ids[i] == ball_id else None

    def interpolated(self, alpha: float) -> np.ndarray:
        """Positions to draw: ``prev + alpha·(x − prev)``, shape ``(2, n)``. On a
        domain near ±1e308, where ``x − prev`` may overflow, those balls use
        ``(1 − alpha)·prev + alpha·x``."""
        if not alpha < 1.0:
            return self.x
        prev, x = self.prev, self.x
        with np.errstate(over="ignore", invalid="ignore"):
            p = prev + alpha * (x - prev)
        if not np.isfinite(p).all():
            p = np.where(np.isfinite(p), p, (1.0 - alpha) * prev + alpha * x)
        return p
