"""When a ball is at rest, and what the hill's first screen does: the lesson's motion measured.

Pure numpy. A *path* is a ball's positions tick by tick, shape ``(n + 1, 2)``
(row 0 the start).

**At rest.** A ball is at rest from tick ``k`` when every step after ``k`` is
shorter than ``REST_FRACTION`` of the domain's larger side, for good: on the
hill 4e-4, about a fourteenth of a pixel at 1280×800. On a finite path
:func:`rest_tick` answers for the path; "for good" needs a path that runs on
until the ball's whole state repeats (then every later tick repeats one
already seen), which :func:`first_screen` and the tests do.

**Reversal**: a coordinate's step changes sign (zero steps skipped): a bounce
off a wall or an overshoot.

**The first screen** (:func:`first_screen`): the default hill f = 4 − (x² + y²)
with the default ball (momentum, lr 0.0011, momentum 0.98, walls of restitution
0.97; see :mod:`game.optim.defaults`), dropped at each point of a grid over the
hill above its foot (x² + y² ≤ 4, f ≥ 0), except within ``RIDGE`` of the lines
x = 0 and y = 0. Every ball accelerates (its speed rises until it first meets a
wall), reverses at least once, and is at rest in a corner between 120 and 360
ticks (2–6 s at 60 ticks a second). Left out, and why:

* the ridge lines x = 0 and y = 0 through the peak (the peak itself, an
  equilibrium, among them): a ball on one stays on it and runs to the middle
  of an edge, the top of the hill along that wall, and rests there at once
  when dropped near it; a ball within ``RIDGE`` of one leaves the middle of
  the edge for a corner only after more than 6 s;
* the corners beyond the hill's foot (f < 0, the valley): a ball dropped there
  is already near the bottom; it bounces less and rests sooner.

``python -m game.optim.rest`` prints the figures.
"""
from __future__ import annotations

import numpy as np

REST_FRACTION = 1e-4   # a step shorter than this fraction of the domain's larger side: no motion
RIDGE = 0.0025         # the first screen's promise holds from this far off the lines x = 0, y = 0
FIRST_SCREEN_TICKS = (120, 360)   # at rest within 2–6 s at 60 ticks a second


def rest_threshold(domain) -> float:
    """``REST_FRACTION`` of the domain's larger side.

    >>> rest_threshold((-2.0, 2.0, -2.0, 2.0))
    0.0004
    """
    xmin, xmax, ymin, ymax = domain
    return REST_FRACTION * max(xmax - xmin, ymax - ymin)


def step_lengths(path) -> np.ndarray:
    """The length of each tick's step, shape ``(n,)``."""
    d = np.diff(np.asarray(path, dtype=float), axis=0)
    return np.hypot(d[:, 0], d[:, 1])


def rest_tick(path, threshold: float) -> int:
    """The first tick ``k`` after which every step of ``path`` is shorter than
    ``threshold`` (0 if the ball never moves that far).

    >>> rest_tick([[0, 0], [1, 0], [1.5, 0], [1.5, 0], [1.5, 0]], 0.1)
    2
    """
    big = np.flatnonzero(step_lengths(path) >= threshold)
    return int(big[-1]) + 1 if big.size else 0


def reversals(path) -> int:
    """How many times a coordinate's step changes sign (zero steps skipped),
    summed over both coordinates.

    >>> reversals([[0, 0], [1, 1], [2, 1], [1.5, 1], [1.5, 1], [1, 0.5]])
    2
    """
    d = np.diff(np.asarray(path, dtype=float), axis=0)
    count = 0
    for c in range(2):
        s = np.sign(d[:, c])
        s = s[s != 0]
        count += int(np.count_nonzero(s[1:] != s[:-1]))
    return count


def accelerates(path, lo, hi) -> bool:
    """Whether the speed rises strictly from tick to tick until the ball first
    meets a wall (at least its first two steps), and its fastest step is at
    least 10 times its first."""
    p = np.asarray(path, dtype=float)
    v = step_lengths(p)
    on = (p[1:] <= np.ravel(lo)) | (p[1:] >= np.ravel(hi))
    hit = np.flatnonzero(on.any(axis=1))
    first = int(hit[0]) if hit.size else len(v)
    rising = v[:max(first, 2)]
    return bool(v[0] > 0 and (np.diff(rising) > 0).all() and v.max() >= 10 * v[0])


def rebound(path, lo, hi) -> float:
    """How far the ball went back from a wall after first meeting it, the
    largest over both coordinates (0 if it never met one)."""
    p = np.asarray(path, dtype=float)
    out = 0.0
    for c in range(2):
        for wall in (float(np.ravel(lo)[c]), float(np.ravel(hi)[c])):
            at = np.flatnonzero(p[:, c] == wall)
            if at.size:
                out = max(out, float(np.abs(p[at[0]:, c] - wall).max()))
    return out


def hill_starts(n: int = 16) -> np.ndarray:
    """The first screen's grid, shape ``(2, k)``: every pair of coordinates
    from ±(``RIDGE``, 6 steps of a geometric series up to 0.1, then ``n``
    even steps from 0.15 to 2), kept where x² + y² ≤ 4.

    >>> hill_starts(4).shape
    (2, 400)
    """
    a = np.concatenate([np.geomspace(RIDGE, 0.1, 7), np.linspace(0.15, 2.0, n)])
    g = np.concatenate([-a[::-1], a])
    x, y = np.meshgrid(g, g)
    keep = (x * x + y * y <= 4.0) & (np.abs(x) >= RIDGE) & (np.abs(y) >= RIDGE)
    return np.array([x[keep], y[keep]])


def run_paths(world, points, max_ticks: int = 5000) -> np.ndarray:
    """Balls of the world's default rule at ``points`` (2, k), ticked until
    the whole state repeats (so what holds at the end holds for ever) or
    ``max_ticks``; their paths, shape ``(ticks + 1, 2, k)``."""
    world.clear()
    world.spawn(points)
    frames = [world.x.copy()]
    seen = set()
    for _ in range(max_ticks):
        world.tick()
        frames.append(world.x.copy())
        key = b"".join(a.tobytes() for g in world.nonempty()
                       for a in (g.x, g.stopped, *g.state.values()))
        if key in seen:
            break
        seen.add(key)
    return np.array(frames)


def first_screen(n: int = 16) -> dict:
    """Every ball of :func:`hill_starts` on the default hill with the default
    settings: rest ticks, reversals, rebounds, whether each accelerates and
    whether any was marked diverged."""
    from game import surfaces
    from game.world import World
    hill = surfaces.get("hill")
    world = World(hill)
    starts = hill_starts(n)
    paths = run_paths(world, starts)
    thr = rest_threshold(hill.domain)
    cols = range(starts.shape[1])
    return {"starts": starts, "ticks_run": len(paths) - 1,
            "rest": np.array([rest_tick(paths[:, :, j], thr) for j in cols]),
            "reversals": np.array([reversals(paths[:, :, j]) for j in cols]),
            "rebound": np.array([rebound(paths[:, :, j], world.lo, world.hi) for j in cols]),
            "accelerates": np.array([accelerates(paths[:, :, j], world.lo, world.hi) for j in cols]),
            "diverged": bool(any(g.diverged.any() for g in world.nonempty())),
            "hyper": world.hyper(world.optimizer), "restitution": world.restitution}


def main() -> None:
    r = first_screen()
    rest, rev = r["rest"], r["reversals"]
    lo, hi = FIRST_SCREEN_TICKS
    print(f"hill, {r['hyper']}, restitution {r['restitution']}: {rest.size} starts on the hill "
          f"(x² + y² ≤ 4, |x|, |y| ≥ {RIDGE}), run {r['ticks_run']} ticks until the state repeats")
    print(f"at rest after ticks: min {rest.min()}, median {int(np.median(rest))}, max {rest.max()}"
          f"  (seconds at 60/s: {rest.min() / 60:.1f} / {np.median(rest) / 60:.1f} / "
          f"{rest.max() / 60:.1f}); within [{lo}, {hi}]: {int(((rest >= lo) & (rest <= hi)).sum())}")
    print(f"reversals: min {rev.min()}, median {int(np.median(rev))}, max {rev.max()}")
    print(f"largest rebound off a wall: min {r['rebound'].min():.3f}, "
          f"median {np.median(r['rebound']):.3f}")
    print(f"accelerate: {int(r['accelerates'].sum())} of {rest.size}; "
          f"any diverged: {r['diverged']}")


if __name__ == "__main__":
    main()
