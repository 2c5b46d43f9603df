"""The frame benchmark: ``python -m game.bench [--frames N] [--json PATH]``.

At 1280×800 with the dummy video driver, contours and trails on, it times
whole frames (one tick + render + flip; the pan's event too) in these cases,
each with a FIXED number of balls: 0, 100, 1,000, 10,000 and 100,000 balls on
the bowl; 1,000 with the cursor moving (new HUD numbers every frame); 1,000
with every calculus overlay on and the cursor moving; a race of all seven
optimizers on Rosenbrock with its legend, theory lines, loss plot and the
clickable controls (``game.ui.controls_panel``); and a right-drag pan over the
hill, a few pixels a frame, with 1,000 balls and with none.

The balls keep moving: the world's cap is set to the case's count, and
between timed frames a slice of new balls is spawned (1/120 of the count a
tick), so the oldest go and every ball lives 2 s; the count stays exactly
the case's in every timed frame. Each frame's wall time and CPU time
(``time.process_time``) are recorded; medians and 99th percentiles are
reported, and their ratio to the memory floor measured in the same run (one
numpy copy of a 1280×800×4-byte frame).

Also: the colormap rebuild with contours (``paint_map`` of the whole map,
the linear hill and the log-coloured Rosenbrock; ``--surfaces`` adds every
surface), the time from process start to the first frame shown (``main.py``
launched as a process under the dummy driver, told to quit after its first
frame by :data:`game.cli.FIRST_FRAME_ENV`) and a whole ``main.py --screenshot``
run as a process.
"""
from __future__ import annotations

import argparse
import gc
import json
import os
import subprocess
import sys
import tempfile
import time

for _threads in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_threads, "1")          # as main.py: before numpy is imported

import numpy as np  # noqa: E402

SIZE = (1280, 800)
COUNTS = (0, 100, 1000, 10000, 100000)
LIFETIME = 120        # ticks each ball lives: the cap drops the oldest as new ones come
MAIN = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "main.py")


def _stats(wall_ms, cpu_ms, balls):
    w, c = np.asarray(wall_ms), np.asarray(cpu_ms)
    return {"median": float(np.median(w)), "p99": float(np.percentile(w, 99)),
            "cpu_median": float(np.median(c)), "cpu_p99": float(np.percentile(c, 99)),
            "n": int(w.size), "balls": balls}


def _median_ms(fn, n: int, cpu: bool = False):
    """The median wall time of ``n`` calls of ``fn``, in milliseconds (and
    the median CPU time, with ``cpu``)."""
    times, cpus = [], []
    for _ in range(n):
        t0, c0 = time.perf_counter(), time.process_time()
        fn()
        c1, t1 = time.process_time(), time.perf_counter()
        times.append((t1 - t0) * 1e3)
        cpus.append((c1 - c0) * 1e3)
    if cpu:
        return float(np.median(times)), float(np.median(cpus))
    return float(np.median(times))


def _cases():
    """``(name, state, balls, cursor moving, pan, controls)`` for every case."""
    from . import optim
    from . import state as st
    plain = st.State(surface="bowl", contours=True)
    lesson = st.State(surface="bowl", contours=True, overlays=frozenset(st.OVERLAYS))
    race = st.State(surface="rosenbrock", contours=True, race=True, race_set=tuple(optim.names()))
    hill = st.State(surface="hill", contours=True)
    return ([(str(c), plain, c, False, False, False) for c in COUNTS] + [
        ("1000+cursor", plain, 1000, True, False, False),
        ("1000+overlays", lesson, 1000, True, False, False),
        ("race of 7", race, 7, False, False, True),
        ("pan", hill, 1000, False, True, False),
        ("pan, 0 balls", hill, 0, False, True, False)])


def _controls(state):
    """The clickable controls, built off-screen, or None where they are not there."""
    try:
        from .ui import controls_panel
    except ImportError:
        return None
    return controls_panel.build(SIZE, state)


def measure_frames(screen, renderer, frames: int, warmup: int, rng, only=None) -> dict:
    import pygame

    from . import controls as ctl
    from . import state as st
    from .app import Session
    out = {}
    for name, state, count, moving, pan, with_controls in _cases():
        if only and name not in only:
            continue
        session = Session.start(state)
        world = session.world
        world.cap = count
        xmin, xmax, ymin, ymax = world.surface.domain
        panel = _controls(state) if with_controls else None

        def spawn(k):
            if state.race:           # a new race replaces the old one (cap 7)
                world.race((rng.uniform(xmin, xmax), rng.uniform(ymin, ymax)))
            elif k:
                world.spawn(np.array([rng.uniform(xmin, xmax, k), rng.uniform(ymin, ymax, k)]))
        spawn(count)
        per_tick = max(count // LIFETIME, 1) if count else 0
        gc.collect()
        gc.freeze()
        wall, cpu = [], []
        cursor = (0.7, 0.4)
        for i in range(warmup + frames):
            if state.race and world.ticks % 240 == 0:
                spawn(7)
            elif not state.race:
                spawn(per_tick)
            assert world.count == count
            if moving:       # a new cursor point every frame: the overlays' worst case
                cursor = (1.6 * np.cos(0.05 * i), 1.6 * np.sin(0.031 * i))
            w0, c0 = time.perf_counter(), time.process_time()
            if pan:          # a right-drag: a few pixels a frame, back and forth
                sign = 1 if (i // 40) % 2 == 0 else -1
                session.dispatch(st.Action(ctl.PAN_PIXELS, (3 * sign, 2 * sign)), renderer, screen)
            session.advance(session.clock.tick)        # one tick per frame
            if panel is not None:
                panel.sync(session.state)
                panel.update(session.clock.tick)
            renderer.draw(screen, session.state, world, session.alpha, cursor, 60.0,
                          controls=panel)
            pygame.display.flip()
            c1, w1 = time.process_time(), time.perf_counter()
            if i >= warmup:
                wall.append((w1 - w0) * 1e3)
                cpu.append((c1 - c0) * 1e3)
        gc.unfreeze()
        out[name] = _stats(wall, cpu, count)
        if with_controls:
            out[name]["controls"] = panel is not None
    return out


def measure_colormap(screen, renderer, names, n: int) -> dict:
    """The median wall and CPU times of a whole map rebuild with contours,
    per surface: ``({name: wall ms}, {name: cpu ms})``."""
    import pygame

    from . import surfaces
    out, cpu = {}, {}
    base = pygame.Surface(SIZE, 0, screen)
    for name in names:
        surface = surfaces.get(name)
        vp = renderer.viewport(surface)
        renderer.colour_scale(surface)             # cached by the renderer, as in the app
        out[name], cpu[name] = _median_ms(lambda: renderer.paint_map(base, surface, vp, True), n, True)
    return out, cpu


def _children_cpu() -> float:
    import resource
    use = resource.getrusage(resource.RUSAGE_CHILDREN)
    return use.ru_utime + use.ru_stime


def _launch_ms(argv, env, runs: int, first_frame: bool):
    """The median over ``runs`` (after one more, uncounted) of a ``main.py``
    process's time from launch to its first frame (``first_frame``) or to its
    end, and its CPU time (the whole process), in milliseconds; None if a run
    failed."""
    times, cpu = [], []
    for run in range(runs + 1):
        c0 = _children_cpu()
        t0 = time.monotonic()
        done = subprocess.run([sys.executable, MAIN, *argv], env=env, capture_output=True,
                              text=True, timeout=60)
        t1 = time.monotonic()
        if done.returncode != 0:
            return None, None
        if first_frame:
            said = [line for line in done.stdout.splitlines() if line.startswith("first frame at ")]
            if not said:
                return None, None
            t1 = float(said[-1].split()[-1])
        if run:                     # the first run is a warm-up
            times.append((t1 - t0) * 1e3)
            cpu.append((_children_cpu() - c0) * 1e3)
    return float(np.median(times)), float(np.median(cpu))


def measure_processes(runs: int) -> dict:
    from .cli import FIRST_FRAME_ENV
    # as a user starts it: main.py sets the thread counts itself, and Python
    # keeps its compiled modules (a first, uncounted run writes them)
    env = {k: v for k, v in os.environ.items()
           if k not in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS",
                        "PYTHONDONTWRITEBYTECODE")}
    env.update(SDL_VIDEODRIVER="dummy", SDL_AUDIODRIVER="dummy")
    first, first_cpu = _launch_ms([], dict(env, **{FIRST_FRAME_ENV: "1"}), runs, True)
    with tempfile.TemporaryDirectory() as tmp:
        shot, shot_cpu = _launch_ms(["--screenshot", os.path.join(tmp, "shot.png")], env, runs, False)
    return {"startup_ms": first, "screenshot_ms": shot, "startup_cpu_ms": first_cpu,
            "screenshot_cpu_ms": shot_cpu, "process_runs": runs}


def measure(frames: int = 300, warmup: int = 30, seed: int = 0, all_surfaces: bool = False,
            runs: int = 5, only=None) -> dict:
    os.environ["SDL_VIDEODRIVER"] = "dummy"
    os.environ["SDL_AUDIODRIVER"] = "dummy"
    os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")
    import pygame

    from . import memory, surfaces
    from .render import Renderer

    memory.keep_freed_memory()           # as the app does
    pygame.display.init()
    pygame.font.init()
    screen = pygame.display.set_mode(SIZE)
    renderer = Renderer(SIZE)
    result = {"size": list(SIZE), "frames": frames}
    src = np.ones(SIZE[0] * SIZE[1], np.uint32)
    dst = np.empty_like(src)
    result["memcpy_ms"] = _median_ms(lambda: np.copyto(dst, src), 200)
    names = surfaces.names() if all_surfaces else ["hill", "rosenbrock"]
    result["colormap_ms"], result["colormap_cpu_ms"] = measure_colormap(screen, renderer, names, 9)
    result["frame_ms"] = measure_frames(screen, renderer, frames, warmup,
                                        np.random.default_rng(seed), only)
    pygame.quit()
    result.update(measure_processes(runs))
    return result


def report(result: dict) -> str:
    floor = result["memcpy_ms"]
    lines = [f"Gradient Compass frame benchmark, {result['size'][0]}x{result['size'][1]}, "
             f"dummy video driver, contours and trails on, {result['frames']} frames a case",
             f"{'case':>14}  {'median':>7}  {'p99':>7}  {'cpu med':>7}  {'cpu p99':>7}  "
             f"{'median/memcpy':>13}   (ms)"]
    for name, s in result["frame_ms"].items():
        lines.append(f"{name:>14}  {s['median']:7.3f}  {s['p99']:7.3f}  {s['cpu_median']:7.3f}  "
                     f"{s['cpu_p99']:7.3f}  {s['median'] / floor:13.1f}")
    maps = ", ".join(f"{k} {v:.1f} ms (CPU {result['colormap_cpu_ms'][k]:.1f})"
                     for k, v in result["colormap_ms"].items())
    lines.append(f"colormap rebuild with contours, median of 9: {maps}")
    lines.append(f"memcpy of one frame: {floor:.3f} ms (median of 200)")
    for key, what in (("startup", "process start to first frame"),
                      ("screenshot", "a whole --screenshot run")):
        v, c = result.get(key + "_ms"), result.get(key + "_cpu_ms")
        lines.append(f"{what}: " + (f"{v:.0f} ms (CPU of the whole process {c:.0f} ms)"
                                    if v is not None else "not measured")
                     + f", median of {result['process_runs']} processes")
    return "\n".join(lines)


def main(argv=None) -> int:
    p = argparse.ArgumentParser(prog="python -m game.bench", description=__doc__.splitlines()[0])
    p.add_argument("--json", metavar="PATH", help="also write the figures as JSON here")
    p.add_argument("--frames", type=int, default=300, help="frames timed per case (default: 300)")
    p.add_argument("--runs", type=int, default=None,
                   help="processes launched for the start-up and screenshot figures, each "
                        "(default: 5; 2 with fewer than 100 frames)")
    p.add_argument("--surfaces", action="store_true", help="time the colormap of every surface")
    p.add_argument("--case", action="append", metavar="NAME", help="only this case (repeatable)")
    args = p.parse_args(argv)
    if args.frames < 10:
        p.error("--frames must be at least 10")
    if args.runs is None:
        args.runs = 5 if args.frames >= 100 else 2
    if args.runs < 1:
        p.error("--runs must be at least 1")
    result = measure(args.frames, warmup=min(30, args.frames), all_surfaces=args.surfaces,
                     runs=args.runs, only=args.case)
    print(report(result))
    if args.json:
        try:
            with open(args.json, "w") as out:
                json.dump(result, out, indent=2)
        except OSError as exc:
            print(f"python -m game.bench: error: cannot write {args.json}: {exc.strerror}", file=sys.stderr)
            return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
