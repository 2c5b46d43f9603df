"""The balls, as a structure of numpy arrays, and one physics tick.

Pure numpy (no pygame). Balls are columns: positions ``x`` and previous
positions ``prev`` have shape ``(2, N)``, velocities ``v`` too; ``trail`` is a
ring buffer of shape ``(2, T, N)`` whose write slot ``head`` is shared by every
ball (all balls tick together). Columns stay in spawn order, so the oldest ball
is column 0 and the cap removes from the front.

One tick, exactly as it runs (see ``game.optimizers`` for the rules):

1. ``g = ∇f(x)``; a ball where ``g`` is not finite (f undefined there) stops:
   its velocity becomes 0 and it stays put;
2. ``x, v = rule(x, v, g, η, μ)``;
3. safety: no component of ``v`` may exceed the domain's width, and nothing may
   be NaN or infinite (this only ever acts for absurd η);
4. walls: a coordinate past an edge is put back on the edge and that velocity
   component is reversed and scaled by the restitution (0.5): the ball bounces
   back with a loss, so on the hill balls come to rest against the rim.
"""
from __future__ import annotations

import numpy as np

from . import optimizers

DEFAULT_CAP = 10_000
DEFAULT_TRAIL = 32
RESTITUTION = 0.5


class World:
    """Every ball on one surface, and the tick that moves them."""

    def __init__(self, surface, mode="momentum", lr=0.005, mu=0.9,
                 cap=DEFAULT_CAP, trail_len=DEFAULT_TRAIL,
                 restitution=RESTITUTION):
        if mode not in optimizers.MODES:
            raise ValueError(f"unknown optimizer {mode!r}")
        self.mode = mode
        self.lr = float(lr)
        self.mu = float(mu)
        self.cap = int(cap)
        self.trail_len = int(trail_len)
        self.restitution = float(restitution)
        self.ticks = 0
        self.set_surface(surface)

    # --- set-up -------------------------------------------------------------
    def set_surface(self, surface) -> None:
        """Put the world on ``surface``; balls of the old surface are removed."""
        self.surface = surface
        xmin, xmax, ymin, ymax = surface.domain
        self.lo = np.array([[xmin], [ymin]], dtype=float)
        self.hi = np.array([[xmax], [ymax]], dtype=float)
        # A domain as wide as ±1e308 is allowed: its width would overflow to
        # inf, so the speed cap is the largest float instead.
        with np.errstate(over="ignore"):
            self.span = np.minimum(self.hi - self.lo, np.finfo(float).max)
        self.clear()

    def clear(self) -> None:
        """Remove every ball."""
        self.x = np.empty((2, 0))
        self.prev = np.empty((2, 0))
        self.v = np.empty((2, 0))
        self.trail = np.empty((2, self.trail_len, 0))
        self.head = 0

    def set_mode(self, mode: str) -> None:
        """Switch the update rule for every ball; velocities restart at 0."""
        if mode not in optimizers.MODES:
            raise ValueError(f"unknown optimizer {mode!r}")
        if mode != self.mode:
            self.mode = mode
            self.v = np.zeros_like(self.v)

    @property
    def count(self) -> int:
        return self.x.shape[1]

    def spawn(self, points) -> None:
        """Add balls at ``points`` (shape ``(2,)`` or ``(2, k)``), at rest.

        Points outside the domain are put on its edge; non-finite ones are
        ignored. Past the cap, the oldest balls go first.
        """
        p = np.asarray(points, dtype=float).reshape(2, -1)
        p = p[:, np.isfinite(p).all(axis=0)]
        if p.shape[1] == 0:
            return
        p = np.clip(p, self.lo, self.hi)
        keep = max(self.cap - p.shape[1], 0)
        drop = max(self.count - keep, 0)
        p = p[:, -self.cap:] if self.cap > 0 else p[:, :0]
        self.x = np.concatenate([self.x[:, drop:], p], axis=1)
        self.prev = np.concatenate([self.prev[:, drop:], p], axis=1)
        self.v = np.concatenate([self.v[:, drop:], np.zeros_like(p)], axis=1)
        fresh = np.broadcast_to(p[:, None, :], (2, self.trail_len, p.shape[1]))
        self.trail = np.concatenate([self.trail[:, :, drop:], fresh], axis=2)

    # --- physics ------------------------------------------------------------
    def tick(self) -> None:
        """Advance every ball by one fixed physics tick."""
        self.ticks += 1
        if self.count == 0:
            return
        x, v = self.x, self.v
        with np.errstate(all="ignore"):
            g = self.surface.grad(x)
            stuck = ~np.isfinite(g).all(axis=0)
            if stuck.any():
                g = np.where(stuck, 0.0, g)
                v = np.where(stuck, 0.0, v)
            x_new, v_new = optimizers.step(self.mode, x, v, g, self.lr, self.mu)
            if stuck.any():
                x_new = np.where(stuck, x, x_new)
                v_new = np.where(stuck, 0.0, v_new)
            if not (np.isfinite(x_new).all() and (np.abs(v_new) <= self.span).all()):
                v_new = np.clip(np.nan_to_num(v_new, nan=0.0, posinf=np.inf,
                                              neginf=-np.inf), -self.span, self.span)
                x_new = x + v_new
        below = x_new < self.lo
        above = x_new > self.hi
        hit = below | above
        if hit.any():
            x_new = np.clip(x_new, self.lo, self.hi)
            v_new = np.where(hit, -self.restitution * v_new, v_new)
        self.prev = x
        self.x = x_new
        self.v = v_new
        self.trail[:, self.head] = x_new
        self.head = (self.head + 1) % self.trail_len

    def run(self, ticks: int) -> None:
        """Run ``ticks`` ticks in a row."""
        for _ in range(int(ticks)):
            self.tick()

    def interpolated(self, alpha: float) -> np.ndarray:
        """Positions to draw: ``prev + alpha·(x − prev)``, shape ``(2, N)``,
        kept inside the domain. On a domain near ±1e308, where ``x − prev``
        may overflow, those balls use ``(1 − alpha)·prev + alpha·x``.

        >>> from game import surfaces
        >>> w = World(surfaces.get("hill"))
        >>> w.spawn([1.0, 0.0]); w.prev = w.x - 0.5
        >>> w.interpolated(0.25).ravel().tolist()
        [0.625, -0.375]
        """
        if not alpha < 1.0:
            return self.x
        with np.errstate(over="ignore", invalid="ignore"):
            p = self.prev + alpha * (self.x - self.prev)
        if not np.isfinite(p).all():
            p = np.where(np.isfinite(p), p, (1.0 - alpha) * self.prev + alpha * self.x)
        return np.clip(p, self.lo, self.hi)

    def trail_ages(self) -> np.ndarray:
        """Age in ticks of each ring slot (0 = the newest), shape ``(T,)``."""
        return (self.head - 1 - np.arange(self.trail_len)) % self.trail_len
