"""What the loss plot, the legend and the theory panel read: f per step for the
tracked balls, and the distances ‖x_k − x*‖ of one probe ball.

Pure Python and numpy (no pygame). The world calls :meth:`History.record`
inside its fixed tick, so what is recorded depends only on the ticks run,
never on the frame rate. Memory is bounded: a series keeps at most
``capacity`` points; when it is full, every other point is dropped and from
then on only steps that are multiples of the doubled ``stride`` are kept
(the newest point is always kept beside them, as ``latest``).

>>> h = History(f_star=0.0, capacity=4)
>>> for k in range(9):
...     h.record([("gd", 1, k, 2.0 ** -k)])
>>> s = h.series[0]
>>> s.stride, s.steps.tolist(), s.latest
(4, [0, 4, 8], (8, 0.00390625))
"""
from __future__ import annotations

import io
from collections import deque

import numpy as np

CAPACITY = 1024    # points per series before decimation
WINDOW = 200       # distances kept for the measured rate


class Series:
    """The recorded f of one ball: ``steps`` (m,) int and ``f`` (m,) raw f."""

    def __init__(self, name: str, ball_id: int, capacity: int):
        self.name = name
        self.id = ball_id
        self.stride = 1
        self._steps = np.zeros(capacity, dtype=np.int64)
        self._f = np.zeros(capacity)
        self.m = 0
        self.latest = None          # (step, f) of the newest point recorded

    @property
    def steps(self) -> np.ndarray:
        return self._steps[:self.m]

    @property
    def f(self) -> np.ndarray:
        return self._f[:self.m]

    def add(self, step: int, f: float) -> None:
        if self.latest is not None and step <= self.latest[0]:
            return
        self.latest = (step, f)
        if step % self.stride:
            return
        if self.m == self._steps.size:
            keep = self.steps % (2 * self.stride) == 0
            k = int(keep.sum())
            self._steps[:k] = self.steps[keep]
            self._f[:k] = self.f[keep]
            self.m = k
            self.stride *= 2
            if step % self.stride:
                return
        self._steps[self.m] = step
        self._f[self.m] = f
        self.m += 1

    def points(self):
        """``(steps, f)`` with the newest point appended if decimation skipped it."""
        steps, f = self.steps, self.f
        if self.latest is not None and (self.m == 0 or steps[-1] != self.latest[0]):
            steps = np.append(steps, self.latest[0])
            f = np.append(f, self.latest[1])
        return steps, f


class History:
    """f − f* per step for the tracked balls, and the probe's distances to x*.

    ``f_star`` None means unknown: the plot then shows f − (the lowest f
    seen), and ``f_star_known`` is False so that the plot can say so.
    """

    def __init__(self, f_star=None, capacity: int = CAPACITY, window: int = WINDOW):
        self.capacity = int(capacity)
        self.window = int(window)
        self.revision = 0       # counts every change of what is recorded (for callers' caches)
        self.reset(f_star)

    def reset(self, f_star=None) -> None:
        """Forget everything (new surface or cleared balls)."""
        self.f_star = None if f_star is None else float(f_star)
        self.lowest = np.inf
        self._series: dict[int, Series] = {}
        self.probe = None                       # (name, id) of the distance probe
        self._dist = deque(maxlen=self.window)
        self._rate = None                       # (revision, measured rate) once asked
        self.revision += 1

    @property
    def f_star_known(self) -> bool:
        return self.f_star is not None

    @property
    def floor(self) -> float:
        """f* if known, else the lowest f seen (inf before anything is seen)."""
        return self.f_star if self.f_star is not None else self.lowest

    @property
    def series(self) -> list[Series]:
        return list(self._series.values())

    def record(self, entries) -> None:
        """Record ``(name, id, step, f)`` for each tracked ball.

        Series of balls no longer in ``entries`` are dropped; a step already
        recorded is not recorded again (so calling twice is harmless)."""
        self.revision += 1
        live = {}
        for name, ball_id, step, f in entries:
            s = self._series.get(ball_id) or Series(name, ball_id, self.capacity)
            s.add(int(step), float(f))
            live[ball_id] = s
            if f < self.lowest:          # NaN compares False
                self.lowest = float(f)
        self._series = live

    def gap(self, series: Series) -> np.ndarray:
        """f − floor for ``series`` (with its newest point), ≥ 0 up to rounding."""
        _, f = series.points()
        return f - self.floor

    # --- the theory panel's probe ---------------------------------------------
    def record_distance(self, name: str, ball_id: int, step: int, d: float) -> None:
        """‖x_k − x*‖ of the probe ball; a new probe starts a new window."""
        self.revision += 1
        if self.probe is None or self.probe[:2] != (name, ball_id):
            self.probe = (name, ball_id, -1)
            self._dist.clear()
        if step <= self.probe[2]:
            return
        self.probe = (name, ball_id, step)
        if np.isfinite(d):
            self._dist.append(float(d))

    @property
    def distances(self) -> np.ndarray:
        return np.array(self._dist, dtype=float)

    def measured_rate(self):
        """The geometric mean of ‖x_{k+1} − x*‖ / ‖x_k − x*‖ over the window,
        or None with fewer than two usable distances. Computed once per
        :attr:`revision` (the panel asks every frame)."""
        if self._rate is None or self._rate[0] != self.revision:
            from .optim import theory
            self._rate = (self.revision, theory.measured_rate(self.distances))
        return self._rate[1]

    # --- export ---------------------------------------------------------------
    def rows(self):
        """``(optimizer, id, step, f, gap)`` for every recorded point."""
        out = []
        floor = self.floor
        for s in self._series.values():
            steps, f = s.points()
            out.extend((s.name, s.id, int(k), float(v), float(v - floor)) for k, v in zip(steps, f))
        return out

    def to_csv(self) -> str:
        """The rows as CSV text (header ``optimizer,id,step,f,gap``, repr floats)."""
        buf = io.StringIO()
        buf.write("optimizer,id,step,f,gap\n")
        for name, ball_id, step, f, gap in self.rows():
            buf.write(f"{name},{ball_id},{step},{f!r},{gap!r}\n")
        return buf.getvalue()
