"""One physics tick for balls of one rule, with walls; and a headless race.

Pure numpy. This module fixes how rules meet the domain's walls, so that the
world and the command line can share it. One tick for ``n`` balls of one rule
(:func:`advance`):

1. ``g = ∇f(x)`` (and ``H``, for Newton). A ball where ``g`` is not finite (f
   undefined there) does not step: its position, state and step count stay.
2. Every other ball counts the step (``t ← t + 1``, torch's ``state["step"]``)
   and the rule computes its new position ``x_new`` and state, as torch would.
3. A coordinate of ``x_new`` that is NaN keeps its old value (only absurd
   steps produce one).
4. Walls: a coordinate past an edge is put on the edge (a projection, like
   ``param.clamp_`` after ``optimizer.step()``), and for each hit coordinate
   the components of the rule's ``bounce`` arrays (the SGD momentum buffer,
   the ball's velocity up to −η) are reversed and scaled by the restitution
   (0.5): the ball bounces back with a loss. Gradient statistics (Adam's
   moments, RMSprop's and Adagrad's square sums) are not velocities and meet
   walls unchanged: a wall is not a gradient.
5. A step is *wild* when it was not finite or jumped, before the walls, by
   more than the domain's span along an axis: only an unstable step (η past
   the stability limit) does that, since every state is built from gradients
   seen inside the domain. A ball with a wild step, or with a state that is no
   longer finite, is *diverged*; it stays so.

Convergence (:func:`reached`): ``f − f* ≤ 1e-8`` where the surface lists a
minimum (f* = the lowest listed minimum value), else ``|∇f| ≤ 1e-8``.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from . import get
from .defaults import default_lr

RESTITUTION = 0.5
F_TOL = 1e-8
G_TOL = 1e-8


def default_start(surface) -> tuple[float, float]:
    """The race's and the CLI's default start: 7/8 of the way across each axis.

    >>> from game import surfaces
    >>> default_start(surfaces.get("bowl"))
    (1.5, 1.5)
    """
    xmin, xmax, ymin, ymax = surface.domain
    return (xmin + 0.875 * (xmax - xmin), ymin + 0.875 * (ymax - ymin))


def bounds(surface) -> tuple[np.ndarray, np.ndarray]:
    """``(lo, hi)``, each of shape ``(2, 1)``, from the surface's domain."""
    xmin, xmax, ymin, ymax = surface.domain
    return np.array([[xmin], [ymin]], float), np.array([[xmax], [ymax]], float)


def walls(x_new, lo, hi, state, bounce, restitution=RESTITUTION):
    """Clip ``x_new`` to ``[lo, hi]`` and bounce the ``bounce`` state arrays.

    Returns ``(x, hit)`` with ``hit`` of shape ``(2, n)``: which coordinates
    met a wall. The named state arrays are changed in place.

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


def advance(surface, rule, hp, x, state, t, restitution=RESTITUTION, box=None):
    """One tick for the balls ``x`` (2, n) of ``rule``; see the module's steps 1–5.

    ``state`` is updated in place; ``t`` (n,) is each ball's count of steps
    taken so far; ``box`` is ``bounds(surface)`` if the caller has it.
    Returns ``(x_new, t_new, wild)``.
    """
    lo, hi = bounds(surface) if box is None else box
    with np.errstate(all="ignore"):
        g = np.asarray(surface.grad(x), float)
        stuck = ~np.isfinite(g).all(axis=0)
        H = np.asarray(surface.hess(x), float) if rule.needs_hess else None
        saved = {k: v[..., stuck].copy() for k, v in state.items()} if stuck.any() else None
        t_step = np.asarray(t) + 1
        raw, state = rule.step(x, np.where(stuck, 0.0, g), H, state, t_step, hp)
        raw = np.where(stuck, x, raw)
        span = hi - lo
        wild = (~np.isfinite(raw) | (np.abs(raw - x) > span)).any(axis=0)
        x_new = np.where(np.isnan(raw), x, raw)
    if saved is not None:
        for k, v in saved.items():
            state[k][..., stuck] = v
    x_new, _ = walls(x_new, lo, hi, state, rule.bounce, restitution)
    return x_new, np.where(stuck, t, t_step), wild


def f_star(surface) -> float | None:
    """The lowest listed minimum value of ``surface``, or None if none is listed."""
    lows = [c.f for c in surface.critical_points if c.kind == "minimum"]
    return min(lows) if lows else None


def reached(surface, p) -> np.ndarray:
    """Whether the points ``p`` (2, ...) count as converged (see the module doc)."""
    p = np.asarray(p, float)
    best = f_star(surface)
    with np.errstate(all="ignore"):
        if best is not None:
            return np.asarray(surface.f(p)) - best <= F_TOL
        return np.hypot(*np.asarray(surface.grad(p))) <= G_TOL


@dataclass
class Path:
    """One racer's run: ``xy`` (ticks + 1, 2) and ``f`` (ticks + 1,), from the start."""

    name: str
    hp: dict
    xy: np.ndarray
    f: np.ndarray
    converged_at: int | None
    diverged: bool


def racer_hp(surface, name: str, hp: dict | None = None) -> dict:
    """``hp`` completed for a race on ``surface``: lr from :func:`default_lr` if not given."""
    rule = get(name)
    hp = dict(hp or {})
    hp.setdefault("lr", default_lr(name, surface))
    return rule.check(hp)


def race(surface, racers, start=None, ticks: int = 1200, restitution=RESTITUTION) -> list:
    """Run each racer alone from ``start`` for ``ticks`` ticks; a :class:`Path` each.

    ``racers``: names, or ``(name, hp)`` pairs (missing lr: the surface's default).

    >>> from game import surfaces
    >>> p = race(surfaces.get("round"), [("gd", {"lr": 0.25})], (1.0, 1.0), 2)[0]
    >>> p.xy.tolist(), p.converged_at
    ([[1.0, 1.0], [0.5, 0.5], [0.25, 0.25]], None)
    """
    start = default_start(surface) if start is None else start
    box, out = bounds(surface), []
    for item in racers:
        name, hp = (item, None) if isinstance(item, str) else item
        rule, hp = get(name), racer_hp(surface, name, hp)
        x = np.array(start, float).reshape(2, 1)
        state, t, wild = rule.init(1), np.zeros(1, dtype=np.int64), False
        xy = np.empty((ticks + 1, 2))
        xy[0] = x[:, 0]
        for k in range(1, ticks + 1):
            x, t, w = advance(surface, rule, hp, x, state, t, restitution, box)
            xy[k] = x[:, 0]
            wild = wild or bool(w[0]) or not all(np.isfinite(v).all() for v in state.values())
        with np.errstate(all="ignore"):
            f = np.asarray(surface.f(xy.T), float)
        hits = np.flatnonzero(reached(surface, xy.T))
        out.append(Path(name, hp, xy, f, int(hits[0]) if hits.size else None, wild))
    return out
