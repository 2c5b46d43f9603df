"""One physics tick for the balls of one rule: the step, the guard, the walls,
stops, divergence and convergence. The world and the headless race both run it.

Pure numpy. :func:`advance` moves ``n`` balls of one rule, held as a structure
of arrays (a :class:`Balls`, or the world's ``game.balls.Group``, which has the
same attributes), one column per ball:

1. ``t = steps + 1``; ``x_step, state = rule.step(x, ∇f(x), H, state, t, hyper)``:
   the position torch's ``optimizer.step()`` leaves (``H`` only for Newton;
   where it is singular Newton's ball stops, ``STOP_SINGULAR``). ∇f is the one
   measured when the ball arrived (the previous tick, or its start).
2. Guard: a ball whose state is no longer finite (it overflowed) or whose
   ``x_step`` is NaN stays put, stops (``STOP_OVERFLOW``) and is *diverged*.
   An ``x_step`` of ±inf (a finite state, a step past the float range) is a
   step past the wall: the wall takes it.
3. Walls (:func:`walls`): a coordinate past an edge is put on the edge, like
   ``param.clamp_`` after ``optimizer.step()``. For every state array the rule
   names in ``bounce`` (velocity-like: SGD's momentum buffer, the velocity up
   to −η) the hit component is reversed and scaled by the restitution
   (:func:`wall_restitution`: 0.5, and 0.97 on the hill): the ball bounces
   back with a loss. Gradient statistics (Adagrad's ``sum``,
   RMSprop's ``square_avg``, Adam's moments) are left alone: they record the
   gradients the ball saw, and a wall is not a gradient.
4. ``steps += 1`` (a failed step, overflow or singular H, is not counted);
   f and ∇f at the new point (where ∇f is not finite, f is undefined: the ball
   stops there, ``STOP_UNDEFINED``); convergence.

**Diverged**: the step overflowed (2.), or the ball is *pinned* at a wall by an
unstable step: for ``PIN_TICKS`` (30) ticks in a row its step went past a wall
to a point uphill of it, f(x_step) > f(x). Balls the wall holds against a
downhill step (the hill's rim) are not diverged. A diverged ball keeps moving
by its rule; the mark stays (the world clears it when the rule's
hyperparameters change).

**Converged** at step k (judged in :func:`arrived`): the first k with
f(x_k) − f* ≤ 1e-8 when f* is known (:mod:`game.optim.minimum`), else
|∇f(x_k)| ≤ 1e-8.

>>> from game import surfaces
>>> from game.optim import get
>>> bowl = surfaces.get("bowl")
>>> b = Balls(get("gd"), {"lr": 0.05}, bowl, [[1.0], [0.8]])
>>> for _ in range(2):
...     advance(b, bowl, bounds(bowl), f_star=0.0)
>>> b.x.ravel().tolist(), b.steps.tolist()
([0.81, 0.2], [2])
"""
from __future__ import annotations

import numpy as np

from .checks import finite_sum, inside_few, state_ok
from .exact import FEW   # up to this many numbers the tick's checks are asked of Python floats

RESTITUTION = 0.5    # the walls' restitution, unless the surface has its own (WALLS)
# Surfaces whose walls are livelier. The hill's lowest points are its corners, so every ball
# ends against a wall there: nearly elastic walls let it bounce back visibly a few times while
# the heavy ball's friction (its momentum 0.98, game.optim.defaults) settles it (see
# game.optim.rest for the motion this gives).
WALLS = {"hill": 0.97}
PIN_TICKS = 30       # ticks in a row pushed past a wall and uphill before a ball is diverged
TOL = 1e-8           # converged: f − f* ≤ TOL, or |∇f| ≤ TOL where f* is unknown
NOT_YET = -1         # converged_at of a ball that has not reached the minimum

STOP_NONE = 0        # moving
STOP_UNDEFINED = 1   # ∇f is not finite where the ball is: it stays put
STOP_SINGULAR = 2    # Newton: the Hessian is singular or nearly so there
STOP_OVERFLOW = 3    # the rule's step or state overflowed (the ball is also diverged)


def bounds(surface) -> tuple[np.ndarray, np.ndarray]:
    """``(lo, hi)``, each of shape ``(2, 1)``, from the surface's domain."""
    xmin, xmax, ymin, ymax = surface.domain
    return np.array([[xmin], [ymin]], float), np.array([[xmax], [ymax]], float)


def wall_restitution(surface) -> float:
    """The restitution of ``surface``'s walls: :data:`WALLS` for a named
    surface (matched by name and domain), else :data:`RESTITUTION`.

    >>> from game import surfaces
    >>> wall_restitution(surfaces.get("hill")), wall_restitution(surfaces.get("bowl"))
    (0.97, 0.5)
    """
    from .defaults import _is_named
    e = WALLS.get(getattr(surface, "name", None))
    return e if e is not None and _is_named(surface) else RESTITUTION


def walls(x_new, lo, hi, state, bounce, restitution=RESTITUTION):
    """Clip ``x_new`` to ``[lo, hi]`` and bounce the ``bounce`` state arrays.

    Returns ``(x, hit)`` with ``hit`` of shape ``(2, n)``: which coordinates
    met a wall (``x`` is ``x_new`` itself when none did). The named state
    arrays are changed in place.

    >>> s = {"buf": np.array([[4.0], [1.0]])}
    >>> x, hit = walls(np.array([[2.5], [0.0]]), -np.ones((2, 1)) * 2, np.ones((2, 1)) * 2,
    ...                s, ("buf",))
    >>> x.ravel().tolist(), hit.ravel().tolist(), s["buf"].ravel().tolist()
    ([2.0, 0.0], [True, False], [-2.0, 1.0])
    """
    hit = (x_new < lo) | (x_new > hi)
    if hit.any():
        x_new = np.clip(x_new, lo, hi)
        for name in bounce:
            state[name][hit] *= -restitution
    return x_new, hit


def measure(surface, x) -> tuple[np.ndarray, np.ndarray]:
    """``(f, ∇f)`` at the points ``x`` (2, n) as float arrays, without warnings."""
    with np.errstate(all="ignore"):
        return (np.asarray(surface.f(x), dtype=float).reshape(-1),
                np.asarray(surface.grad(x), dtype=float).reshape(2, -1))


class Balls:
    """``n`` balls of ``rule`` at ``points`` (2, n), at rest with fresh state.

    The attributes :func:`advance` reads and writes (``game.balls.Group`` has
    the same): ``rule``, ``hyper``, ``n``, ``x``, ``grad``, ``f``, ``steps``,
    ``stopped``, ``pins``, ``diverged``, ``converged_at``, ``state``, and two
    shortcuts for the tick, ``n_stopped`` (refreshed by :meth:`recount`) and
    ``pinned`` (whether any pin count is non-zero).
    """

    def __init__(self, rule, hyper: dict, surface, points, f_star=None):
        x = np.array(points, dtype=float).reshape(2, -1)
        n = x.shape[1]
        self.rule, self.hyper, self.n, self.x = rule, dict(hyper), n, x
        self.f, self.grad = measure(surface, x)
        self.steps = np.zeros(n, dtype=np.int64)
        self.stopped = np.zeros(n, dtype=np.uint8)
        self.pins = np.zeros(n, dtype=np.int32)
        self.diverged = np.zeros(n, dtype=bool)
        self.converged_at = np.full(n, NOT_YET, dtype=np.int64)
        self.state = rule.init(n)
        self.pinned = False
        self.n_stopped = 0
        arrived(self, slice(None), f_star)

    def recount(self) -> None:
        """Refresh ``n_stopped`` after ``stopped`` was written."""
        self.n_stopped = int(np.count_nonzero(self.stopped))


def arrived(b, cols, f_star) -> None:
    """Balls ``cols`` of ``b`` whose ``f`` and ``grad`` were just measured at a
    new point: those where ∇f is not finite stop; convergence is judged."""
    with np.errstate(all="ignore"):
        _arrived(b, cols, f_star)


def _arrived(b, cols, f_star):
    gr = b.grad[:, cols]
    if not finite_sum((gr,)) and not np.isfinite(gr).all():
        undefined = ~np.isfinite(gr).all(axis=0) & (b.stopped[cols] == STOP_NONE)
        b.stopped[cols] = np.where(undefined, STOP_UNDEFINED, b.stopped[cols])
        b.recount()
    _judge(b, cols, f_star)


def _judge(b, cols, f_star):
    """``converged_at`` (the ball's step count) for the balls ``cols`` that have
    just reached the minimum (see the module's doc)."""
    if f_star is not None:
        f = b.f[cols]
        if f.size <= FEW:                                # none is there: nothing to do
            fs = f.tolist()
            if not (fs[0] - f_star <= TOL if len(fs) == 1 else any(v - f_star <= TOL for v in fs)):
                return
        elif not np.fmin.reduce(f, initial=np.inf) - f_star <= TOL:      # (NaN aside)
            return
        reached = f - f_star <= TOL
    else:
        gr = b.grad[:, cols]
        reached = gr[0] * gr[0] + gr[1] * gr[1] <= TOL * TOL
    conv = b.converged_at[cols]
    new = reached & (conv == NOT_YET)
    if new.any():
        b.converged_at[cols] = np.where(new, b.steps[cols], conv)


def advance(b, surface, box, f_star=None, restitution: float | None = None,
            pin_ticks: int = PIN_TICKS) -> None:
    """One tick for every moving ball of ``b`` (in place); ``box`` is
    ``bounds(surface)``, ``f_star`` the known minimum value or None,
    ``restitution`` the walls' (None: :func:`wall_restitution` of the surface).

    When no ball is stopped the rule steps the arrays of ``b`` themselves;
    otherwise the moving balls go through a gathered copy. The rarely needed
    bookkeeping (overflow, singular H, pins, undefined ∇f) costs one reduction
    per tick until it is needed.
    """
    advance_all((b,), surface, box, f_star, restitution, pin_ticks)


def advance_all(groups, surface, box, f_star=None, restitution: float | None = None,
                pin_ticks: int = PIN_TICKS) -> None:
    """:func:`advance` for each of ``groups`` (balls of one rule each) in turn."""
    if restitution is None:
        restitution = wall_restitution(surface)
    walls_at = [float(v) for v in (*np.ravel(box[0]), *np.ravel(box[1]))]   # l0, l1, h0, h1
    with np.errstate(all="ignore"):
        for b in groups:
            if b.n_stopped < b.n:
                _advance(b, surface, box, walls_at, f_star, restitution, pin_ticks)


def _advance(b, surface, box, walls_at, f_star, restitution, pin_ticks):
    lo, hi = box
    x, views = b.x, b.state
    every = b.n_stopped == 0
    if every:
        sel = slice(None)
        xs, grad, state, t = x, b.grad, dict(views), b.steps + 1   # t: read by the rule, kept
    else:
        sel = np.flatnonzero(b.stopped == STOP_NONE)
        xs, grad = x[:, sel], b.grad[:, sel]
        state = {k: v[..., sel] for k, v in views.items()}
        t = b.steps[sel] + 1
    m = xs.shape[1]
    H = None
    if b.rule.needs_hess:
        H = np.asarray(surface.hess(xs), dtype=float)
        if H.shape != (2, 2, m):
            H = np.broadcast_to(H, (2, 2, m))
    x_step, state = b.rule.step(xs, grad, H, state, t, b.hyper)
    x_step = np.asarray(x_step, dtype=float)

    # 2. Guard: an overflowed state or a NaN step: the ball stays where it was.
    ok = None
    few = x_step.size <= FEW and inside_few(x_step, *walls_at)
    floats = [a for a in state.values() if a.dtype.kind == "f"]
    if not finite_sum(floats if few else [x_step, *floats]):
        ok = state_ok(state, m)
        if np.isnan(x_step).any():
            num = ~np.isnan(x_step).any(axis=0)
            ok = num if ok is None else ok & num
        if ok is not None:
            x_step = np.where(ok, x_step, xs)

    # 3. Walls, and whether the step was unstable: past a wall, to a point uphill.
    x_new, hit = (x_step, None) if few else walls(x_step, lo, hi, state, b.rule.bounce,
                                                  restitution)
    uphill = None
    if x_new is not x_step:                      # walls() clips only where one was hit
        cols = np.flatnonzero(hit.any(axis=0))
        f_want = np.asarray(surface.f(x_step[:, cols]), dtype=float).reshape(-1)
        uphill = np.zeros(m, dtype=bool)
        uphill[cols] = f_want > b.f[sel][cols]

    # 4. Write the step back: positions, state, counters, stops, pins.
    if every:
        x[...] = x_new
    else:
        x[:, sel] = x_new
    for k, v in state.items():
        if not (every and v is views[k]):
            views[k][..., sel] = v
    singular = state.get("singular")
    failed = None if ok is None else ~ok
    halted = failed
    if singular is not None and (True in singular.tolist() if m <= FEW else singular.any()):
        halted = singular if failed is None else failed | singular
    if halted is not None and halted.any():
        b.steps[sel] += ~halted
        failed = np.zeros(m, dtype=bool) if failed is None else failed
        code = np.where(failed, STOP_OVERFLOW, np.where(halted, STOP_SINGULAR, STOP_NONE))
        b.stopped[sel] = code.astype(np.uint8)
        b.diverged[sel] |= failed
        b.recount()
    elif every:
        b.steps[...] = t
    else:
        b.steps[sel] += 1
    if uphill is not None:
        pins = np.where(uphill, b.pins[sel] + 1, 0)
        b.pins[sel] = pins
        if (pins >= pin_ticks).any():
            b.diverged[sel] |= pins >= pin_ticks
        b.pinned = bool(b.pins.any())
    elif b.pinned:
        b.pins[sel] = 0
        b.pinned = bool(b.pins.any())

    # f and ∇f at the new points (the next tick reuses ∇f); stops; convergence.
    if every:
        b.f[...] = surface.f(x)
        b.grad[...] = surface.grad(x)
    else:
        xn = x[:, sel]
        b.f[sel] = np.asarray(surface.f(xn), dtype=float)
        b.grad[:, sel] = np.asarray(surface.grad(xn), dtype=float)
    _arrived(b, sel, f_star)
