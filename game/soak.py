"""Soak: many balls for many ticks, then many drawn frames, headless; memory
must stay flat.

``python -m game.soak`` runs, with the dummy video driver:

1. **ticks**: 10,000 balls for 10⁶ physics ticks (every 100,000 ticks the world
   moves to the next surface and 10,000 new balls are spawned, and the mode
   switches);
2. **frames**: 50,000 frames drawn the way the app draws them (one tick, the
   cursor moving, then the frame and a flip), with 10,000 balls; every 250
   frames something changes through the app's own actions (an overlay,
   contours, a zoom, a pan, the surface, the window size, the view reset), and
   every other time a new typed function too (20 different ones in turn, more
   than the compiled-function cache holds).

The resident memory (RSS) is read after a warm-up and at the end. The warm-up
is the first 5% of the ticks, and the first full cycle of changes (10,000
frames, at most a fifth of the frames), after which every bounded cache is
full. In the frame phase RSS is read in a settled state (the first size and
surface, no overlays, the map drawn at eight zoom levels in a row), so that
what the bounded caches happen to hold does not count as growth; it is read so
at every tenth too, and printed as a trend, beside the same reading once the C
library has returned its free pages (the memory really in use). The run fails
(exit 1) if RSS grew by ``--max-growth`` MB (default 5) or more, or if any ball
became NaN or left the domain. A progress line goes to
stderr. Shorter runs::

    python -m game.soak --ticks 20000 --frames 2000

The long fuzz campaign of the session state machine is a pytest run::

    GC_FUZZ_EXAMPLES=2000 GC_FUZZ_STEPS=50 python -m pytest tests/test_session_machine.py -s
"""
from __future__ import annotations

import argparse
import gc
import os
import sys
import time
import warnings

import numpy as np

from .memory import rss_mb, trimmed_rss_mb

SURFACE_EVERY = 100_000      # ticks between surface switches in the tick phase
CHANGE_EVERY = 250           # frames between changes in the frame phase
TYPED = [f"x^2 + {k}*y^2 + sin({k}*x)/{k + 1}" for k in range(1, 21)]
KINDS = 7                    # kinds of change besides typing a function
SETTLE_VIEWS = 8             # views drawn in a row before RSS is read (the renderer keeps 5)


class Progress:
    """One line on stderr: rewritten in place on a terminal, every 10% otherwise."""

    def __init__(self, label: str, total: int, quiet: bool = False):
        self.label, self.total, self.quiet = label, max(int(total), 1), quiet
        self.tty = sys.stderr.isatty()
        self.t0 = self.last = time.perf_counter()
        self.tenth = -1

    def __call__(self, done: int) -> None:
        if self.quiet:
            return
        now = time.perf_counter()
        tenth = 10 * done // self.total
        if (self.tty and now - self.last < 1.0 and done < self.total) or \
                (not self.tty and tenth == self.tenth):
            return
        self.last, self.tenth = now, tenth
        line = (f"{self.label} {done:,}/{self.total:,} ({100 * done / self.total:.0f}%)  "
                f"RSS {rss_mb():.1f} MB  {now - self.t0:.0f} s")
        print(("\r" + line + "\x1b[K") if self.tty else line, end="" if self.tty else "\n",
              file=sys.stderr, flush=True)
        if self.tty and done >= self.total:
            print(file=sys.stderr)


def faults(world) -> tuple[int, int]:
    """(balls not finite, balls outside the domain) right now: a position, or
    a rule's state unless the ball stopped because that state overflowed."""
    from .balls import STOP_OVERFLOW
    bad = out = 0
    for g in world.nonempty():
        ok = np.isfinite(g.x).all(axis=0)
        for v in g.state.values():
            if v.dtype.kind == "f":
                ok &= np.isfinite(v).reshape(-1, g.n).all(axis=0) | (g.stopped == STOP_OVERFLOW)
        bad += int((~ok).sum())
        out += int(((g.x < world.lo) | (g.x > world.hi)).any(axis=0).sum())
    return bad, out


def fill(world, n: int, rng) -> None:
    """Replace the balls by ``n`` new ones spread over the domain, shared out
    among every rule."""
    from . import optim
    world.clear()
    names = optim.names()
    for i, name in enumerate(names):
        k = n // len(names) + (i < n % len(names))
        world.spawn(rng.uniform(world.lo, world.hi, size=(2, k)), optimizer=name)


def soak_ticks(ticks: int, balls: int, quiet: bool = False, seed: int = 0) -> dict:
    """Run ``balls`` balls of every rule for ``ticks`` ticks, switching surface
    (with its suggested learning rates) and the rule for new balls now and
    then; return the figures."""
    from . import optim, surfaces
    from .world import World

    rng = np.random.default_rng(seed)
    names = surfaces.names()
    world = World(surfaces.get(names[0]), "momentum")
    fill(world, balls, rng)
    warm = max(ticks // 20, 1)
    nan = out = 0
    rss_warm = None
    progress = Progress("ticks", ticks, quiet)
    t0 = time.perf_counter()
    for t in range(1, ticks + 1):
        world.tick()
        if t % SURFACE_EVERY == 0:
            k = t // SURFACE_EVERY
            a, b = faults(world)
            nan, out = nan + a, out + b
            world.set_surface(surfaces.get(names[k % len(names)]))
            for name in optim.names():
                world.set_hyper(name, **world.default_hyper(name))
            world.set_optimizer(optim.names()[k % len(optim.names())])
            fill(world, balls, rng)
        if t == warm:
            gc.collect()
            rss_warm = rss_mb()
        if t % 1000 == 0 or t == ticks:
            progress(t)
    a, b = faults(world)
    gc.collect()
    return {"phase": "ticks", "ticks": ticks, "balls": balls, "NaN": nan + a, "escapes": out + b,
            "rss_warm_mb": rss_warm, "rss_end_mb": rss_mb(),
            "seconds": time.perf_counter() - t0}


def soak_frames(frames: int, balls: int, size=(1280, 800), quiet: bool = False,
                seed: int = 0) -> dict:
    """Draw ``frames`` frames as the app does, changing something every
    ``CHANGE_EVERY`` frames; return the figures."""
    os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
    os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")
    os.environ.setdefault("SDL_NO_SIGNAL_HANDLERS", "1")   # so that Ctrl+C and kill stop it
    import pygame

    from . import controls, surfaces
    from . import state as st
    from .app import Session
    from .render import Renderer

    pygame.display.init()
    pygame.font.init()
    screen = pygame.display.set_mode(size)
    renderer = Renderer(size)
    session = Session.start(st.State(surface="himmelblau", contours=True))
    rng = np.random.default_rng(seed)
    fill(session.world, balls, rng)
    names = surfaces.names()
    sizes = [size, (size[0] // 2, size[1] // 2), (320, 240), size]
    changes = 0

    def act(name, arg=None):
        session.dispatch(st.Action(name, arg), renderer, screen)

    def change(k: int) -> None:
        """The k-th change: each kind in turn, with its own counter; every
        other time, a typed function as well."""
        nonlocal screen
        kind, n = k % KINDS, k // KINDS
        if k % 2 == 0:
            act(st.EDIT_START)                 # the editor opens with the current text
            while session.state.editing:
                act(st.EDIT_BACKSPACE)
            act(st.EDIT_INSERT, TYPED[(k // 2) % len(TYPED)])
            act(st.EDIT_SUBMIT)
            assert session.state.editing is None, session.state.edit_error
        if kind == 0:
            act(st.TOGGLE_OVERLAY, st.OVERLAYS[n % len(st.OVERLAYS)])
        elif kind == 1:
            act(st.TOGGLE_CONTOURS)
        elif kind == 2:
            left, top, w, h = session.viewport(renderer).rect
            act(controls.ZOOM_AT_PIXEL, (left + w // 3, top + h // 2, (0.8, 1.25)[n % 2]))
        elif kind == 3:
            act(controls.PAN_PIXELS, ((-40, 40)[n % 2], 25))
        elif kind == 4:
            act(st.SELECT_SURFACE, n % len(names))
        elif kind == 5:
            screen = pygame.display.set_mode(sizes[n % len(sizes)])
            renderer.resize(screen.get_size())
        else:
            act(st.RESET_VIEW)
        if session.world.count == 0:
            fill(session.world, balls, rng)

    def frame(i: int) -> None:
        """One pass of the app's loop: a tick, the cursor moved, the frame, a flip."""
        session.advance(1.0 / 60.0)
        vp = session.viewport(renderer)
        left, top, w, h = vp.rect
        mx = left + (0.5 + 0.45 * np.sin(i * 0.031)) * w
        my = top + (0.5 + 0.45 * np.sin(i * 0.017 + 1.0)) * h
        session.cursor = tuple(vp.to_world((mx, my)))
        renderer.draw(screen, session.state, session.world, session.alpha, session.cursor, 60.0)
        pygame.display.flip()

    def settle() -> tuple[float, float]:
        """RSS, and RSS with free pages returned, in a state that does not depend on the history: the first size,
        the first surface, no overlays, and the map drawn at SETTLE_VIEWS zoom
        levels in a row (more than the renderer keeps), so that the bounded
        caches hold the same pictures each time."""
        nonlocal screen
        screen = pygame.display.set_mode(size)
        renderer.resize(screen.get_size())
        act(st.EDIT_CANCEL)
        act(st.SELECT_SURFACE, names.index("himmelblau"))
        for name in sorted(session.state.overlays):
            act(st.TOGGLE_OVERLAY, name)
        if not session.state.contours:
            act(st.TOGGLE_CONTOURS)
        act(st.RESET_VIEW)
        for z in range(SETTLE_VIEWS):
            left, top, w, h = session.viewport(renderer).rect
            act(controls.ZOOM_AT_PIXEL, (left + w // 2, top + h // 2, 0.9))
            frame(z)
        act(st.RESET_VIEW)
        if session.world.count == 0:
            fill(session.world, balls, rng)
        frame(0)
        gc.collect()
        return rss_mb(), trimmed_rss_mb()

    warm = max(min(2 * len(TYPED) * CHANGE_EVERY, frames // 5), 1)
    nan = out = 0
    progress = Progress("frames", frames, quiet)
    t0 = time.perf_counter()
    trend, trimmed = [], []     # settled RSS at each tenth after the warm-up
    for i in range(1, frames + 1):
        if i % CHANGE_EVERY == 0:
            change(changes)
            changes += 1
        frame(i)
        if i % 100 == 0:
            a, b = faults(session.world)
            nan, out = nan + a, out + b
        if i == warm or (i > warm and (i % max(frames // 10, 1) == 0 or i == frames)):
            rss, in_use = settle()
            trend.append(round(rss, 1))
            trimmed.append(round(in_use, 1))
        if i % 50 == 0 or i == frames:
            progress(i)
    result = {"phase": "frames", "frames": frames, "balls": balls, "size": list(size),
              "changes": changes, "NaN": nan, "escapes": out,
              "rss_warm_mb": trend[0], "rss_end_mb": trend[-1], "rss_trend_mb": trend,
              "rss_trimmed_trend_mb": trimmed,
              "seconds": time.perf_counter() - t0}
    pygame.quit()
    return result


def main(argv=None) -> int:
    p = argparse.ArgumentParser(prog="python -m game.soak", description=__doc__.split("\n\n")[0])
    p.add_argument("--balls", type=int, default=10_000, help="balls alive (default 10000)")
    p.add_argument("--ticks", type=int, default=1_000_000, help="ticks in phase 1 (default 10^6)")
    p.add_argument("--frames", type=int, default=50_000, help="frames in phase 2 (default 50000)")
    p.add_argument("--size", default="1280x800", help="window size WxH (default 1280x800)")
    p.add_argument("--max-growth", type=float, default=5.0,
                   help="largest RSS growth after warm-up, in MB (default 5)")
    p.add_argument("--quiet", action="store_true", help="no progress line")
    a = p.parse_args(argv)
    try:
        size = tuple(int(v) for v in a.size.lower().split("x"))
        if len(size) != 2 or min(size) < 1 or a.balls < 1 or a.ticks < 0 or a.frames < 0:
            raise ValueError
    except ValueError:
        p.error("--size is WxH; --balls at least 1; --ticks and --frames at least 0")
    warnings.simplefilter("error")         # a RuntimeWarning is a failure here too
    print(f"soak: {a.balls:,} balls, {a.ticks:,} ticks, {a.frames:,} frames at "
          f"{size[0]}x{size[1]}; RSS at start {rss_mb():.1f} MB", flush=True)
    ok = True
    runs = []
    if a.ticks:
        runs.append(soak_ticks(a.ticks, a.balls, a.quiet))
    if a.frames:
        runs.append(soak_frames(a.frames, a.balls, size, a.quiet))
    for r in runs:
        growth = r["rss_end_mb"] - r["rss_warm_mb"]
        fine = growth < a.max_growth and r["NaN"] == 0 and r["escapes"] == 0
        ok &= fine
        count = f"{r['ticks']:,} ticks" if r["phase"] == "ticks" else f"{r['frames']:,} frames"
        print(f"{r['phase']:6}: {count} in {r['seconds']:.0f} s; RSS after warm-up "
              f"{r['rss_warm_mb']:.1f} MB, at the end {r['rss_end_mb']:.1f} MB "
              f"(growth {growth:+.1f} MB); NaN {r['NaN']}, outside {r['escapes']}"
              + ("" if fine else "  FAILED"), flush=True)
        if "rss_trend_mb" in r:
            print(f"        settled RSS at each tenth: {r['rss_trend_mb']} MB", flush=True)
            print(f"        the same, free pages returned: {r['rss_trimmed_trend_mb']} MB", flush=True)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
