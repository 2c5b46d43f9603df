"""One physics tick of one group of balls: the rule's step, the guard, the walls.

Pure numpy (no pygame). :func:`step_group` is what ``World.tick`` runs for
each group; the order of its stages and what the walls do to a rule's state
are described in :mod:`game.world`'s docstring. The moving balls are stepped
in place when none of the group is stopped, and through a gathered copy when
some are (stopped balls keep their state untouched).
"""
from __future__ import annotations

import numpy as np

from .optim import race
from .balls import STOP_NONE, STOP_OVERFLOW, STOP_SINGULAR, STOP_UNDEFINED, Group

PIN_TICKS = 30      # ticks in a row pushed past a wall and uphill before a ball is diverged


def _finite_per_ball(arrays, n: int) -> np.ndarray:
    """(n,) True where every float array in ``arrays`` is finite for that ball."""
    ok = np.ones(n, dtype=bool)
    for a in arrays:
        a = np.asarray(a)
        if a.dtype.kind == "f" and not np.isfinite(a).all():
            ok &= np.isfinite(a).reshape(-1, n).all(axis=0)
    return ok


def step_group(g: Group, surface, lo, hi, restitution: float,
               pin_ticks: int = PIN_TICKS) -> None:
    """Advance every moving ball of ``g`` by one tick (in place)."""
    x = g.x
    g.prev[...] = x
    stopped = g.stopped
    moving = stopped == STOP_NONE
    if not moving.any():
        return
    every = bool(moving.all())
    idx = None if every else np.flatnonzero(moving)
    views = g.state
    if every:
        xs, grad, state, t = x, g.grad, dict(views), g.steps + 1
    else:
        xs, grad = x[:, idx], g.grad[:, idx]
        state = {k: v[..., idx] for k, v in views.items()}
        t = g.steps[idx] + 1
    m = xs.shape[1]
    with np.errstate(all="ignore"):
        H = None
        if g.rule.needs_hess:
            H = np.broadcast_to(np.asarray(surface.hess(xs), dtype=float), (2, 2, m))
        x_step, state = g.rule.step(xs, grad, H, state, t, g.hyper)
        x_step = np.asarray(x_step, dtype=float)

        # Guard: a ball whose step or state overflowed (not finite) stays where it
        # was, stops, and is marked diverged.
        ok = np.isfinite(x_step).all(axis=0) & _finite_per_ball(state.values(), m)
        if not ok.all():
            x_step = np.where(ok, x_step, xs)

        # Walls (shared with the headless race: game.optim.race.walls), and whether
        # the step was unstable: it went past a wall to a point uphill of the ball.
        x_new, hit = race.walls(x_step, lo, hi, state, g.rule.bounce, restitution)
        uphill = np.zeros(m, dtype=bool)
        out = hit.any(axis=0)
        if out.any():
            cols = np.flatnonzero(out)
            f_want = np.asarray(surface.f(x_step[:, cols]), dtype=float).reshape(-1)
            f_old = g.f[cols] if every else g.f[idx[cols]]
            uphill[cols] = f_want > f_old

    # Write the step back: positions, state, counters (bookkeeping only where needed).
    sel = slice(None) if every else idx
    if every:
        x[...] = x_new
    else:
        x[:, idx] = x_new
    for k, v in state.items():
        if not (every and v is views[k]):
            views[k][..., sel] = v
    failed = ~ok
    singular = state.get("singular")
    if singular is not None:
        failed_or_singular = failed | np.asarray(singular, dtype=bool)
    else:
        failed_or_singular = failed
    if failed_or_singular.any():   # a failed step (overflow, singular H) is not counted
        g.steps[sel] += ~failed_or_singular
        code = np.where(failed, STOP_OVERFLOW, np.where(failed_or_singular, STOP_SINGULAR, STOP_NONE))
        g.stopped[sel] = code.astype(np.uint8)
        g.diverged[sel] |= failed
    else:
        g.steps[sel] += 1
    if g.pinned or uphill.any():
        pins = np.where(uphill, g.pins[sel] + 1, 0)
        g.pins[sel] = pins
        if (pins >= pin_ticks).any():
            g.diverged[sel] |= pins >= pin_ticks
        g.pinned = bool(g.pins.any())

    # f and ∇f at the new points (the next tick reuses ∇f).
    xn = g.x[:, sel]
    with np.errstate(all="ignore"):
        f = np.asarray(surface.f(xn), dtype=float).reshape(-1)
        gr = np.broadcast_to(np.asarray(surface.grad(xn), dtype=float), xn.shape)
    g.f[sel] = f
    g.grad[:, sel] = gr
    if not np.isfinite(gr).all():
        undefined = ~np.isfinite(gr).all(axis=0)
        st = g.stopped[sel]
        g.stopped[sel] = np.where(undefined & (st == STOP_NONE), STOP_UNDEFINED, st)
