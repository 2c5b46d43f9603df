"""The lab's headless runs: ``--race`` (a JSON summary, optionally every
racer's path as CSV) and ``--rates`` (theory beside a measured rate).

Pure: numpy and the standard library. Both run through the same
:class:`~game.world.World` and tick as the window, so a racer's path here is
the path it takes on screen and the path its solo ``--trajectory`` writes.
"""
from __future__ import annotations

import math

from . import headless
from .world import World
from .racespec import as_json


def _num(v):
    """A float for JSON: None where it is not finite."""
    v = float(v)
    return v if math.isfinite(v) else None


def race_world(surface, racers, start) -> World:
    """A world holding one race: ``racers`` is ``[(name, hyper), …]``."""
    world = World(surface, optimizer=racers[0][0], hyper=dict(racers),
                  cap=len(racers), trail_len=1)
    world.race(start, [name for name, _ in racers])
    return world


def _columns(world):
    """``(name, group, column)`` of each racer, in race order."""
    out = []
    for name, ball_id in world.racers:
        g = world.groups[name]
        out.append((name, g, g.column(ball_id)))
    return out


def race_report(world, label: str, start, steps: int) -> dict:
    """The JSON object ``--race`` prints."""
    racers = []
    for name, g, c in _columns(world):
        conv = int(g.converged_at[c])
        racers.append({"optimizer": name, "hyper": as_json(world.hyper(name)),
                       "x": float(g.x[0, c]), "y": float(g.x[1, c]), "f": _num(g.f[c]),
                       "converged_at": conv if conv >= 0 else None,
                       "diverged": bool(g.diverged[c])})
    return {"surface": label, "start": [float(start[0]), float(start[1])], "steps": int(steps),
            "racers": racers}


def run_race(surface, racers, start, steps: int, label: str, trajectory: str | None = None) -> dict:
    """Run the race ``steps`` ticks; with ``trajectory``, also write every
    racer's path as CSV ``optimizer,step,x,y,f`` (step by step, racers in race
    order, every number as its ``repr``). Returns the JSON object."""
    world = race_world(surface, racers, start)
    cols = _columns(world)
    used = (float(cols[0][1].x[0, cols[0][2]]), float(cols[0][1].x[1, cols[0][2]]))
    if trajectory is None:
        headless.run_ticks(world, steps, "race")
        return race_report(world, label, used, steps)
    _write_paths(world, cols, steps, trajectory, "race", named=True)
    return race_report(world, label, used, steps)


def write_trajectory(surface, optimizer: str, hyper: dict, start, steps: int, path: str) -> None:
    """One ball of ``optimizer`` from ``start``, ``steps`` ticks: CSV
    ``step,x,y,f``, every number as its ``repr`` (it reads back exactly).
    The steps are torch's, fused multiply-adds included: 0.5 − 0.1·(10·0.5) is
    −2.8e-17 when rounded once, as ``fma(−0.1, 5, 0.5)``, not 0.

    >>> import pathlib, tempfile
    >>> from game import surfaces
    >>> with tempfile.TemporaryDirectory() as d:
    ...     p = pathlib.Path(d, "t.csv")
    ...     write_trajectory(surfaces.get("bowl"), "gd", {"lr": 0.1}, (1.0, 0.5), 2, str(p))
    ...     print(p.read_text(), end="")
    step,x,y,f
    0,1.0,0.5,2.25
    1,0.8,-2.7755575615628914e-17,0.6400000000000001
    2,0.64,1.5407439555097887e-33,0.4096
    """
    world = race_world(surface, [(optimizer, hyper)], start)
    _write_paths(world, _columns(world), steps, path, "trajectory", named=False)


def _write_paths(world, cols, steps: int, path: str, what: str, named: bool) -> None:
    """Tick ``world`` ``steps`` times and write the path of every ball in
    ``cols`` as CSV ``[optimizer,]step,x,y,f`` (numbers as their ``repr``),
    written in chunks, with a progress bar on a terminal."""
    with headless.output_file(path) as out, headless.progress(steps, what) as bar:
        out.write(("optimizer," if named else "") + "step,x,y,f\n")
        lines, last = [], 0
        for step in range(steps + 1):
            if step:
                world.tick()
            for name, g, c in cols:
                lead = f"{name},{step}" if named else f"{step}"
                lines.append(f"{lead},{float(g.x[0, c])!r},{float(g.x[1, c])!r},{float(g.f[c])!r}\n")
            if len(lines) >= headless.CSV_CHUNK or step == steps:
                out.write("".join(lines))
                lines.clear()
                bar.update(step - last)
                last = step


def rates_report(surface, label: str, optimizer: str, hyper: dict, start, steps: int) -> dict:
    """The JSON object ``--rates`` prints; ``ValueError`` (one line) where the
    Hessian is not constant over the domain."""
    world = World(surface, optimizer=optimizer, hyper={optimizer: hyper}, cap=1, trail_len=1)
    if world.minimum.hessian is None:
        raise ValueError(f"--rates needs a surface whose Hessian is constant over its domain "
                         f"(a quadratic); {label}'s is not")
    world.spawn(start)
    headless.run_ticks(world, steps, "rates")
    r = world.rates(optimizer)
    optimal = r["optimal"]
    if optimal is not None:
        optimal = {k: _num(v) for k, v in optimal.items()}
    return {"eigenvalues": [_num(r["eigenvalues"][0]), _num(r["eigenvalues"][1])],
            "theory": None if r["theory"] is None else _num(r["theory"]),
            "measured": None if r["measured"] is None else _num(r["measured"]),
            "optimal": optimal}
