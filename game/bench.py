"""The frame benchmark: ``python -m game.bench [--json PATH]``.

At 1280×800 with the dummy video driver, contours and trails on, it times
whole frames (ticks + render + flip) with 0, 100, 1,000 and 10,000 balls, then
1,000 balls with the cursor moving each frame (new HUD numbers every frame),
then the same with every calculus overlay on, then a race of all seven
optimizers on Rosenbrock (with its legend, theory and loss plot in the panel),
the colormap build, and one numpy copy of a 1280×800×4-byte frame (the memory
floor), all in the same run. It reports medians and 99th percentiles.
"""
from __future__ import annotations

import argparse
import gc
import json
import os
import sys
import time

import numpy as np

SIZE = (1280, 800)
COUNTS = (0, 100, 1000, 10000)


def _stats(samples_ms):
    a = np.asarray(samples_ms)
    return {"median": float(np.median(a)), "p99": float(np.percentile(a, 99)), "n": int(a.size)}


def _median_ms(fn, n: int) -> float:
    """The median wall time of ``n`` calls of ``fn``, in milliseconds."""
    times = []
    for _ in range(n):
        t0 = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t0) * 1e3)
    return float(np.median(times))


def measure(frames: int = 300, warmup: int = 30, seed: int = 0) -> dict:
    os.environ["SDL_VIDEODRIVER"] = "dummy"
    os.environ["SDL_AUDIODRIVER"] = "dummy"
    os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")
    import pygame

    from . import field, memory, optim, surfaces
    from . import state as st
    from .app import Session
    from .render import Renderer

    memory.keep_freed_memory()           # as the app does
    pygame.display.init()
    pygame.font.init()
    screen = pygame.display.set_mode(SIZE)
    renderer = Renderer(SIZE)
    rng = np.random.default_rng(seed)
    result = {"size": list(SIZE), "frames": frames, "frame_ms": {}}

    # The colormap: sample f on every map pixel and colour it (cold cache each time).
    surface = surfaces.get("hill")
    vp = renderer.viewport(surface)
    result["colormap_ms"] = _median_ms(lambda: field.build(surface, vp), 9)

    # The memory floor: one copy of a full 32-bit frame.
    src = np.ones(SIZE[0] * SIZE[1], np.uint32)
    dst = np.empty_like(src)
    result["memcpy_ms"] = _median_ms(lambda: np.copyto(dst, src), 200)

    plain = st.State(surface="bowl", contours=True)
    lesson = st.State(surface="bowl", contours=True, overlays=frozenset(st.OVERLAYS))
    race = st.State(surface="rosenbrock", contours=True, race=True,
                    race_set=tuple(optim.names()))
    runs = [(str(c), plain, c, False) for c in COUNTS] + [
        ("1000+cursor", plain, 1000, True), ("1000+overlays", lesson, 1000, True),
        ("race of 7", race, 7, False)]
    for label, state, count, moving in runs:
        session = Session.start(state)
        xmin, xmax, ymin, ymax = session.world.surface.domain

        def spawn():
            if state.race:          # a new race from one point (the old racers stay)
                session.world.race((rng.uniform(xmin, xmax), rng.uniform(ymin, ymax)))
            else:
                session.world.spawn(np.array([rng.uniform(xmin, xmax, count),
                                              rng.uniform(ymin, ymax, count)]))
        if count:
            spawn()
        cursor = (0.7, 0.4)
        gc.collect()
        gc.freeze()
        samples = []
        for i in range(warmup + frames):
            if moving:   # a new cursor point every frame: the overlays' worst case
                cursor = (1.6 * np.cos(0.05 * i), 1.6 * np.sin(0.031 * i))
            t0 = time.perf_counter()
            session.advance(session.clock.tick)        # one tick per frame
            renderer.draw(screen, session.state, session.world, session.alpha, cursor, 60.0)
            pygame.display.flip()
            dt = (time.perf_counter() - t0) * 1e3
            if i >= warmup:
                samples.append(dt)
            if session.world.ticks % 240 == 0 and count:  # keep balls moving
                spawn()
        gc.unfreeze()
        result["frame_ms"][label] = _stats(samples)
    pygame.quit()
    return result


def report(result: dict) -> str:
    floor = result["memcpy_ms"]
    lines = [f"Gradient Compass frame benchmark, {result['size'][0]}x{result['size'][1]}, "
             f"dummy video driver, contours and trails on, {result['frames']} frames each",
             f"{'balls':>7}  {'median ms':>9}  {'p99 ms':>7}  {'median/memcpy':>13}"]
    for count, s in result["frame_ms"].items():
        lines.append(f"{count:>7}  {s['median']:9.3f}  {s['p99']:7.3f}  {s['median'] / floor:13.1f}")
    lines.append(f"colormap build: {result['colormap_ms']:.1f} ms (median of 9)")
    lines.append(f"memcpy of one frame: {floor:.3f} ms (median of 200)")
    return "\n".join(lines)


def main(argv=None) -> int:
    p = argparse.ArgumentParser(prog="python -m game.bench", description=__doc__.splitlines()[0])
    p.add_argument("--json", metavar="PATH", help="also write the figures as JSON here")
    p.add_argument("--frames", type=int, default=300, help="frames timed per ball count (default: 300)")
    args = p.parse_args(argv)
    if args.frames < 10:
        p.error("--frames must be at least 10")
    result = measure(args.frames)
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
