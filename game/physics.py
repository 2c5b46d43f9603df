"""One physics tick of one group of balls: the rule's step, the guard, the walls.

Pure numpy (no pygame). :func:`step_group` is what ``World.tick`` runs for
each group; the order of its stages and what the walls do to a rule's state
are described in :mod:`game.world`'s docstring. When none of the group is
stopped the balls are stepped in place on the group's views; otherwise the
moving ones go through a gathered copy (stopped balls keep their state).
Bookkeeping that is rarely needed (overflow, singular Hessians, wall pins,
undefined gradients) costs one reduction per tick until it is.
"""
from __future__ import annotations

import numpy as np

from .balls import STOP_NONE, STOP_OVERFLOW, STOP_SINGULAR, STOP_UNDEFINED, Group
from .optim import race

PIN_TICKS = 30      # ticks in a row pushed past a wall and uphill before a ball is diverged


def _state_ok(state: dict, m: int):
    """None if every float state array is finite, else (m,) True where a ball's is."""
    bad = [a for a in state.values() if a.dtype.kind == "f" and not np.isfinite(a).all()]
    if not bad:
        return None
    ok = np.ones(m, dtype=bool)
    for a in bad:
        ok &= np.isfinite(a).reshape(-1, m).all(axis=0)
    return ok


def step_group(g: Group, surface, lo, hi, restitution: float,
               pin_ticks: int = PIN_TICKS) -> None:
    """Advance every moving ball of ``g`` by one tick (in place)."""
    with np.errstate(all="ignore"):
        _step(g, surface, lo, hi, restitution, pin_ticks)


def _step(g, surface, lo, hi, restitution, pin_ticks):
    x = g.x
    g.prev[...] = x
    if g.n_stopped == g.n:
        return
    every = g.n_stopped == 0
    views = g.state
    if every:
        sel = slice(None)
        xs, grad, state, t = x, g.grad, dict(views), g.steps + 1
    else:
        sel = np.flatnonzero(g.stopped == STOP_NONE)
        xs, grad = x[:, sel], g.grad[:, sel]
        state = {k: v[..., sel] for k, v in views.items()}
        t = g.steps[sel] + 1
    m = xs.shape[1]
    H = None
    if g.rule.needs_hess:
        H = np.asarray(surface.hess(xs), dtype=float)
        if H.shape != (2, 2, m):
            H = np.broadcast_to(H, (2, 2, m))
    x_step, state = g.rule.step(xs, grad, H, state, t, g.hyper)
    x_step = np.asarray(x_step, dtype=float)

    # Guard: a ball whose state overflowed or whose step is NaN stays where it
    # was, stops, and is marked diverged. A step to ±inf (a finite state, a
    # position past the float range) is a step past the wall: the wall takes it.
    ok = _state_ok(state, m)
    if np.isnan(x_step).any():
        num = ~np.isnan(x_step).any(axis=0)
        ok = num if ok is None else ok & num
    if ok is not None:
        x_step = np.where(ok, x_step, xs)

    # Walls (shared with the headless race: game.optim.race.walls), and whether
    # the step was unstable: it went past a wall to a point uphill of the ball.
    x_new, hit = race.walls(x_step, lo, hi, state, g.rule.bounce, restitution)
    uphill = None
    if hit.any():
        cols = np.flatnonzero(hit.any(axis=0))
        f_want = np.asarray(surface.f(x_step[:, cols]), dtype=float).reshape(-1)
        uphill = np.zeros(m, dtype=bool)
        uphill[cols] = f_want > g.f[sel][cols]

    # Write the step back: positions, state, counters.
    x[:, sel] = x_new
    for k, v in state.items():
        if not (every and v is views[k]):
            views[k][..., sel] = v
    singular = state.get("singular")
    failed = None if ok is None else ~ok
    if singular is not None and singular.any():
        failed_or_singular = singular if failed is None else failed | singular
    else:
        failed_or_singular = failed
    if failed_or_singular is not None and failed_or_singular.any():
        # a failed step (overflow, singular H) is not counted
        g.steps[sel] += ~failed_or_singular
        failed = np.zeros(m, dtype=bool) if failed is None else failed
        code = np.where(failed, STOP_OVERFLOW, np.where(failed_or_singular, STOP_SINGULAR, STOP_NONE))
        g.stopped[sel] = code.astype(np.uint8)
        g.diverged[sel] |= failed
        g.recount()
    else:
        g.steps[sel] += 1
    if uphill is not None:
        pins = np.where(uphill, g.pins[sel] + 1, 0)
        g.pins[sel] = pins
        if (pins >= pin_ticks).any():
            g.diverged[sel] |= pins >= pin_ticks
        g.pinned = bool(g.pins.any())
    elif g.pinned:
        g.pins[sel] = 0
        g.pinned = bool(g.pins.any())

    # f and ∇f at the new points (the next tick reuses ∇f).
    xn = x if every else x[:, sel]
    f = np.asarray(surface.f(xn), dtype=float)
    gr = np.asarray(surface.grad(xn), dtype=float)
    g.f[sel] = f
    g.grad[:, sel] = gr
    if not np.isfinite(gr).all():
        undefined = ~np.isfinite(g.grad).all(axis=0) & (g.stopped == STOP_NONE)
        g.stopped[undefined] = STOP_UNDEFINED
        g.recount()
