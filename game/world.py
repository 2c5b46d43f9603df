"""The world: every ball with its own update rule, and the fixed physics tick.

Pure numpy (no pygame). Balls live in one :class:`~game.balls.Group` per rule
of :mod:`game.optim` (structure of arrays, see ``game.balls``); a rule's
hyperparameters belong to its group, so changing Adam's lr acts at once on
every Adam ball. Choosing another optimizer for new balls leaves the balls in
flight alone.

One tick (:func:`game.optim.tick.advance`, the tick the headless race runs
too, so both put every ball in the same place bit for bit), for the moving
balls of each group: the rule's step from ∇f at the ball; a guard (an
overflowed state or a NaN step stops the ball, diverged); the walls (velocity
bounces with the surface's restitution, 0.5 or the hill's 0.97, gradient
statistics are left alone); f and ∇f at
the new point (where ∇f is not finite the ball stops); convergence. Then the
trail slot and the history.

**Converged** at step k: the first k with f(x_k) − f* ≤ 1e-8 when f* is known
(:mod:`game.optim.minimum`), else |∇f(x_k)| ≤ 1e-8 (any critical point then).

**Diverged**: the step overflowed, or the ball is pinned at a wall by an
unstable step (``PIN_TICKS`` = 30 ticks in a row past a wall, to a point uphill
of it). The mark is sticky until the rule's hyperparameters change; a pinned
ball keeps moving by its rule.
"""
from __future__ import annotations

import math

import numpy as np

from . import optim, tuning
from .optim import theory
from .optim.minimum import known_minimum
from .optim.tick import advance_all, arrived, bounds, measure, wall_restitution
from .balls import NOT_YET, STOP_OVERFLOW, Group
from .history import History

DEFAULT_CAP = 100_000
DEFAULT_TRAIL = 32
DIST_FLOOR = 1e-11          # distances to x* below this (× (1 + |x*|)) are rounding


class World:
    """Every ball on one surface, grouped by rule, and the tick that moves them."""

    def __init__(self, surface, optimizer: str = "momentum", hyper=None, cap: int = DEFAULT_CAP,
                 trail_len: int = DEFAULT_TRAIL, restitution: float | None = None):
        self.optimizer = optim.get(optimizer).name
        self.cap = int(cap)
        self.trail_len = int(trail_len)
        self._restitution = None if restitution is None else float(restitution)
        self.ticks = 0
        self.head = 0
        self._next_id = 0
        self.revision = 0             # counts every change of balls, rules or surface
        self._rates = {}              # rule name → (key, rates()) for the newest revision
        self.race_set = tuple(optim.RACE_DEFAULT)
        self.racers: tuple = ()
        self._follow = None
        self.groups = {name: Group(rule, {}, self.trail_len) for name, rule in optim.RULES.items()}
        self.history = History()
        self.set_surface(surface)
        for name in self.groups:
            self.groups[name].hyper = self.default_hyper(name)
        for name, hp in (hyper or {}).items():
            self.set_hyper(name, **hp)

    # --- set-up -------------------------------------------------------------
    def set_surface(self, surface) -> None:
        """Put the world on ``surface``; the balls of the old one are removed
        and the tick count starts again. The groups keep their
        hyperparameters (see :meth:`default_hyper`); the walls take the
        surface's restitution (unless the world was made with its own)."""
        self.surface = surface
        self.revision += 1
        self.lo, self.hi = bounds(surface)
        self.restitution = (wall_restitution(surface) if self._restitution is None
                            else self._restitution)
        self.minimum = known_minimum(surface)
        self.clear()

    @property
    def f_star(self):
        return self.minimum.f_star

    @property
    def x_star(self):
        """The minimizer, where the Hessian is constant and it is known."""
        m = self.minimum
        return m.x_star if m.hessian is not None else None

    def default_hyper(self, name: str) -> dict:
        """The rule's defaults, with the lr (and the hill's momentum) suggested
        for this surface."""
        rule = optim.get(name)
        return rule.check(tuning.default_hyper(rule.name, self.surface))

    def clear(self) -> None:
        """Remove every ball and start the tick count again (ids keep
        counting up, so :attr:`ever_spawned` stays)."""
        self.revision += 1
        self.ticks = 0
        for g in self.groups.values():
            g.clear()
        self.racers = ()
        self._follow = None
        self.head = 0
        self.history.reset(self.minimum.f_star)

    def set_optimizer(self, name: str) -> None:
        """The rule for new balls; balls in flight keep theirs."""
        self.optimizer = optim.get(name).name

    def hyper(self, name: str) -> dict:
        return dict(self.groups[optim.get(name).name].hyper)

    def set_hyper(self, name: str, **hp) -> None:
        """Change rule ``name``'s hyperparameters (torch names) for every ball of
        it at once. A bad value raises ``ValueError`` (one line) and changes
        nothing. The diverged marks of that rule are judged afresh."""
        rule = optim.get(name)
        g = self.groups[rule.name]
        full = rule.check({**g.hyper, **hp})
        if full != g.hyper:
            self.revision += 1
            g.hyper = full
            g.diverged[:] = np.where(g.stopped == STOP_OVERFLOW, g.diverged, False)
            g.pins[:] = 0
            g.pinned = False

    # --- balls ---------------------------------------------------------------
    @property
    def ever_spawned(self) -> bool:
        """Whether a ball was ever spawned in this world (cleared ones too)."""
        return self._next_id > 0

    @property
    def count(self) -> int:
        return sum(g.n for g in self.groups.values())

    def nonempty(self) -> list:
        return [g for g in self.groups.values() if g.n]

    def _points(self, points) -> np.ndarray:
        p = np.asarray(points, dtype=float).reshape(2, -1)
        p = p[:, np.isfinite(p).all(axis=0)]
        return np.clip(p, self.lo, self.hi)

    def _make_room(self, k: int) -> None:
        """Remove the oldest balls (any rule) so that ``k`` more fit the cap."""
        over = self.count + k - self.cap
        if over <= 0:
            return
        if over >= self.count:
            for g in self.groups.values():
                g.clear()
            self._follow = None
            return
        ids = np.concatenate([g.ids for g in self.groups.values()])
        oldest = np.partition(ids, over - 1)[over - 1]
        for g in self.groups.values():
            g.drop_oldest(int(np.searchsorted(g.ids, oldest, side="right")))
        self._follow = None

    def _add(self, name: str, p: np.ndarray, ids: np.ndarray) -> None:
        g = self.groups[name]
        start = g.n
        g.append(p, ids, *measure(self.surface, p))
        self._follow = None
        arrived(g, slice(start, g.n), self.minimum.f_star)

    def _new_ids(self, k: int) -> np.ndarray:
        ids = np.arange(self._next_id, self._next_id + k, dtype=np.int64)
        self._next_id += k
        return ids

    def spawn(self, points, optimizer: str | None = None) -> np.ndarray:
        """Add balls of ``optimizer`` (default: the one for new balls) at
        ``points`` (shape ``(2,)`` or ``(2, k)``), at rest with fresh state.

        Points outside the domain are put on its edge; non-finite ones are
        ignored. Past the cap the oldest balls go first. A plain spawn ends the
        focus on the last race (``racers`` becomes empty). Returns the ids."""
        name = optim.get(optimizer or self.optimizer).name
        p = self._points(points)
        p = p[:, p.shape[1] - min(p.shape[1], max(self.cap, 0)):]
        if p.shape[1] == 0:
            return np.empty(0, dtype=np.int64)
        self._make_room(p.shape[1])
        ids = self._new_ids(p.shape[1])
        self._add(name, p, ids)
        self.racers = ()
        self._follow = None
        self._record()
        return ids

    def race(self, point, members=None) -> np.ndarray:
        """One ball of each rule in ``members`` (default ``race_set``), all at
        ``point``; they become the ``racers``. Returns their ids."""
        names = [optim.get(m).name for m in (self.race_set if members is None else members)]
        if len(set(names)) != len(names):
            raise ValueError("each optimizer can run once in a race")
        p = self._points(point)[:, :1]
        if p.shape[1] == 0 or not names or len(names) > self.cap:
            return np.empty(0, dtype=np.int64)
        self._make_room(len(names))
        ids = self._new_ids(len(names))
        for j, name in enumerate(names):
            self._add(name, p, ids[j:j + 1])
        self.racers = tuple(zip(names, (int(i) for i in ids)))
        self._follow = None
        self._record()
        return ids

    def tracked(self) -> list:
        """``(name, id)`` of the balls the plot and legend follow: the racers
        still present, else the newest ball of each rule."""
        return [(name, ball_id) for name, ball_id, _ in self._followed()]

    def _followed(self) -> list:
        """``(name, id, column)`` of the tracked balls, cached until balls come or go."""
        if self._follow is None:
            alive = [(n, i, self.groups[n].column(i)) for n, i in self.racers]
            alive = [a for a in alive if a[2] is not None]
            self._follow = alive or [(g.rule.name, int(g.ids[-1]), g.n - 1)
                                     for g in self.groups.values() if g.n]
        return self._follow

    def ball(self, ball_id: int):
        """One ball's readings (for the legend), or None if it is gone.

        ``at_rest``: its last tick left it exactly where it was (a ball that
        has not ticked yet is not at rest); ``at_wall``: it is on an edge of
        the domain. On the hill a ball that ends against a wall is both, for
        good: a coordinate held at a wall for one tick is held for ever."""
        for g in self.groups.values():
            c = g.column(ball_id)
            if c is not None:
                x, prev = g.x[:, c], g.prev[:, c]
                return {"optimizer": g.rule.name, "id": int(ball_id),
                        "x": float(x[0]), "y": float(x[1]), "f": float(g.f[c]),
                        "steps": int(g.steps[c]),
                        "converged_at": None if g.converged_at[c] == NOT_YET else int(g.converged_at[c]),
                        "diverged": bool(g.diverged[c]), "stopped": int(g.stopped[c]),
                        "at_rest": bool(g.steps[c] > 0 and (x == prev).all()),
                        "at_wall": bool(((x == self.lo[:, 0]) | (x == self.hi[:, 0])).any())}
        return None

    # --- physics ------------------------------------------------------------
    def tick(self) -> None:
        """Advance every ball by one fixed physics tick."""
        self.ticks += 1
        live = [g for g in self.groups.values() if g.n]
        for g in live:
            g.prev[...] = g.x
        advance_all(live, self.surface, (self.lo, self.hi), self.minimum.f_star, self.restitution)
        for g in live:
            g.trail[:, self.head] = g.x
        self.head = (self.head + 1) % self.trail_len
        self._record()

    def run(self, ticks: int) -> None:
        for _ in range(int(ticks)):
            self.tick()

    def _record(self) -> None:
        self.revision += 1          # after every tick, spawn and race
        groups = self.groups
        self.history.record([(name, ball_id, groups[name].steps.item(c), groups[name].f.item(c))
                             for name, ball_id, c in self._followed()])
        xs = self.x_star
        g = groups[self.optimizer]
        if xs is not None and g.n:
            d = math.hypot(float(g.x[0, -1] - xs[0]), float(g.x[1, -1] - xs[1]))
            if d > DIST_FLOOR * (1.0 + math.hypot(*xs)):
                self.history.record_distance(g.rule.name, int(g.ids[-1]), int(g.steps[-1]), d)

    def rates(self, name: str | None = None):
        """The theory panel's numbers for rule ``name`` (default: the one for
        new balls), or None where the Hessian is not constant: eigenvalues
        (λmin, λmax), the theoretical rate (None for the adaptive rules), the
        rate measured on the newest ball of the selected rule (None until it
        has moved), the optimal hyperparameters with their rate (None if not
        defined), and the stability limit on lr.

        Computed once per rule and state of the world (its :attr:`revision`,
        the history's, the rule's hyperparameters): the panel asks several
        times a frame. Each call returns its own dicts."""
        H = self.minimum.hessian
        if H is None:
            return None
        rule = optim.get(name or self.optimizer)
        hp = self.groups[rule.name].hyper
        key = (self.revision, self.history.revision, id(self.minimum), tuple(hp.items()))
        hit = self._rates.get(rule.name)
        if hit is None or hit[0] != key:
            eig = theory.eigen(H)
            probe = self.history.probe
            measured = self.history.measured_rate() if probe and probe[0] == rule.name else None
            hit = (key, {"eigenvalues": eig, "theory": theory.rate(rule, hp, eig),
                         "measured": measured, "optimal": theory.optimal(rule, eig),
                         "limit": theory.stability_limit(rule, hp, eig[1])})
            self._rates[rule.name] = hit
        out = dict(hit[1])
        if out["optimal"] is not None:
            out["optimal"] = dict(out["optimal"])
        return out

    # --- drawing ------------------------------------------------------------
    def interpolated(self, alpha: float) -> dict:
        """``{name: (2, n)}`` positions to draw, ``prev + alpha·(x − prev)``."""
        return {g.rule.name: g.interpolated(alpha) for g in self.groups.values() if g.n}

    def trail_ages(self) -> np.ndarray:
        """Age in ticks of each ring slot (0 = the newest), shape ``(T,)``."""
        return (self.head - 1 - np.arange(self.trail_len)) % self.trail_len

    @property
    def x(self) -> np.ndarray:
        """Every position, group after group in registry order (a copy)."""
        return np.concatenate([g.x for g in self.groups.values()], axis=1)
