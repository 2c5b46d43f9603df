"""The headless race: each racer alone from one start, ticked as the world ticks.

Pure numpy. Every racer is one ball of its rule, moved by
:func:`game.optim.tick.advance`, the tick the world runs (walls, stops,
divergence and convergence included), so a racer's path here is the path the
same ball takes in the window and in ``--race`` / ``--trajectory``, bit for
bit. Convergence is judged against the world's f* (:mod:`game.optim.minimum`).
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from . import get
from .defaults import default_hyper
from .minimum import known_minimum
from .tick import NOT_YET, Balls, advance, bounds


def default_start(surface) -> tuple[float, float]:
    """The race's and the CLI's default start: 7/8 of the way across each axis.

    >>> from game import surfaces
    >>> default_start(surfaces.get("bowl"))
    (1.5, 1.5)
    """
    xmin, xmax, ymin, ymax = surface.domain
    return (xmin + 0.875 * (xmax - xmin), ymin + 0.875 * (ymax - ymin))


@dataclass
class Path:
    """One racer's run: ``xy`` (ticks + 1, 2) and ``f`` (ticks + 1,) from the
    start; the step it converged at (or None), whether it diverged, its stop
    code (``tick.STOP_*``, 0 = still moving) and the steps it took."""

    name: str
    hp: dict
    xy: np.ndarray
    f: np.ndarray
    converged_at: int | None
    diverged: bool
    stopped: int = 0
    steps: int = 0


def racer_hp(surface, name: str, hp: dict | None = None) -> dict:
    """``hp`` completed for a race on ``surface``: what is not given from
    :func:`default_hyper` (the surface's lr, the hill's momentum), then torch's."""
    rule = get(name)
    return rule.check({**default_hyper(name, surface), **(hp or {})})


def race(surface, racers, start=None, ticks: int = 1200, restitution=None) -> list:
    """Run each racer alone from ``start`` for ``ticks`` ticks; a :class:`Path` each.

    ``racers``: names, or ``(name, hp)`` pairs (missing lr: the surface's default).
    ``restitution``: the walls' (None: the surface's, as the world's).

    >>> from game import surfaces
    >>> p = race(surfaces.get("round"), [("gd", {"lr": 0.25})], (1.0, 1.0), 2)[0]
    >>> p.xy.tolist(), p.converged_at, p.steps
    ([[1.0, 1.0], [0.5, 0.5], [0.25, 0.25]], None, 2)
    """
    box, f_star, out = bounds(surface), known_minimum(surface).f_star, []
    start = default_start(surface) if start is None else start
    start = np.clip(np.asarray(start, dtype=float).reshape(2, 1), *box)   # as World.spawn
    for item in racers:
        name, hp = (item, None) if isinstance(item, str) else item
        b = Balls(get(name), racer_hp(surface, name, hp), surface, start, f_star)
        xy, f = np.empty((ticks + 1, 2)), np.empty(ticks + 1)
        xy[0], f[0] = b.x[:, 0], b.f[0]
        for k in range(1, ticks + 1):
            if b.n_stopped:                  # a stopped ball stays: the rest of its path
                xy[k:], f[k:] = b.x[:, 0], b.f[0]
                break
            advance(b, surface, box, f_star, restitution)
            xy[k], f[k] = b.x[:, 0], b.f[0]
        conv = int(b.converged_at[0])
        out.append(Path(name, b.hyper, xy, f, None if conv == NOT_YET else conv,
                        bool(b.diverged[0]), int(b.stopped[0]), int(b.steps[0])))
    return out
