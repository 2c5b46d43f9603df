"""The command line: parse, check, and hand over to the window or a headless run.

Bad input gets one clear line on stderr and exit code 2, never a traceback;
Ctrl+C exits with 130. The flags themselves live in ``game.flags``; their
checks against each other and the surface in ``game.cli_checks``.
"""
from __future__ import annotations

import os
import sys

from . import optim
from . import state as st
from .cli_checks import HYPER_FLAGS, IGNORED, check_runs, inside, parse_hyper, resolve_surface  # noqa: F401
from .flags import (DEFAULT_SIZE, MAX_STEPS, TICKS_PER_SECOND, ParserExit, UsageError,
                    check_writable, one_line, parse_args, parse_overlays, parse_point,
                    parse_size)


def parse(argv):
    """Parse and check ``argv``; return the namespace with checked values."""
    args = parse_args(argv)
    surface = resolve_surface(args)
    if args.steps is not None and not 0 <= args.steps <= MAX_STEPS:
        hours = MAX_STEPS / TICKS_PER_SECOND / 3600
        raise UsageError(f"--steps must be from 0 to {MAX_STEPS:,} ({hours:.1f} hours of "
                         f"simulated time), not {args.steps}")
    check_runs(args)
    for flag in ("trajectory", "screenshot"):
        if getattr(args, flag) is not None and not getattr(args, flag).strip():
            raise UsageError(f"--{flag} needs a file name")
    parse_hyper(args, surface)
    if args.probe is not None:
        args.probe = parse_point("--probe", args.probe)
    overlays = parse_overlays(args.overlays)
    args.size = parse_size(args.size) if args.size is not None else DEFAULT_SIZE
    if args.start is not None:
        args.start = inside("--start", surface, parse_point("--start", args.start))
    else:
        xmin, xmax, ymin, ymax = surface.domain
        args.start = (xmin + 0.875 * (xmax - xmin), ymin + 0.875 * (ymax - ymin))
    if args.cursor is not None:
        args.cursor = inside("--cursor", surface, parse_point("--cursor", args.cursor))
    if args.balls is not None:
        items = [s for s in args.balls.split(";") if s.strip()]
        if not items:
            raise UsageError("--balls expects points as X,Y;X,Y")
        args.balls = [inside("--balls", surface, parse_point("--balls", s)) for s in items]
    if args.trajectory is not None:
        check_writable("--trajectory", args.trajectory)
    if args.screenshot is not None:
        if not args.screenshot.lower().endswith(".png"):
            raise UsageError(f"--screenshot writes a PNG: the name must end in .png, not {args.screenshot!r}")
        check_writable("--screenshot", args.screenshot)
    if args.steps is None:
        headless_run = args.trajectory is not None or args.race is not None or args.rates
        args.steps = 400 if headless_run else 0
    custom = surface.name == st.CUSTOM
    args.state = st.State(surface=surface.name, optimizer=args.optimizer, hyper=args.overrides,
                          race=args.race is not None,
                          race_set=tuple(st.race_order(n for n, _ in args.racers))
                          if args.racers else optim.RACE_DEFAULT,
                          contours=args.contours, paused=args.paused, overlays=overlays,
                          expr=surface.extra["text"] if custom else None,
                          domain=surface.domain if custom else None)
    args.surface = surface
    return args


def start_session(args, app):
    """The session the flags describe, its ``--steps`` run (with a progress
    bar on a terminal when that takes a while)."""
    session = app.Session.start(args.state, args.balls, 0, args.cursor, log=args.verbose)
    if args.racers is not None:
        session.world.race(args.start, [name for name, _ in args.racers])
    if args.basins:
        from . import basin
        basin.drop(session.world, None, basin.GRID)
    if args.steps:
        from . import headless    # its imports cost the window's start-up 20–30 ms
        headless.run_ticks(session.world, args.steps, "ticks")
    return session


def save_screenshot(args, app) -> None:
    """Run the session, draw its frame off-screen and write it to ``args.screenshot``.

    The PNG is encoded in memory (:mod:`game.png`, zlib at a low level:
    about a sixth of ``pygame.image.save``'s time) and written by Python, whole or
    not at all, so that every failure to write is an ``OSError``."""
    import numpy as np
    import pygame

    from . import headless, png
    with headless.output_file(args.screenshot, "wb") as out:
        session = start_session(args, app)
        frame = app.render_frame(session, args.size)
        w, h = frame.get_size()
        try:
            data = png.encode(np.frombuffer(pygame.image.tobytes(frame, "RGB"), np.uint8)
                              .reshape(h, w, 3))
        except (pygame.error, MemoryError) as exc:
            raise headless.OutputError(f"cannot make the picture: {exc or 'out of memory'}") from None
        out.write(data)
    if args.verbose:
        print(f"screenshot saved: {os.path.abspath(args.screenshot)}")


FIRST_FRAME_ENV = "GRADIENT_COMPASS_FIRST_FRAME"   # set: print when the first frame is shown, quit


def stop_after_first_frame(app) -> None:
    """Make the window quit right after showing its first frame and print
    ``first frame at T`` with ``T = time.monotonic()`` (one clock for every
    process on Linux), for ``python -m game.bench``'s start-up figure: the
    window the loop opens flips once, then ends the run (exit code 0)."""
    import time

    opened = app.open_window

    class FirstFrame:
        def __init__(self, window):
            self._window = window

        def __getattr__(self, name):
            return getattr(self._window, name)

        def flip(self):
            self._window.flip()
            print(f"first frame at {time.monotonic():.6f}", flush=True)
            raise SystemExit(0)

    app.open_window = lambda *a, **k: FirstFrame(opened(*a, **k))


def _fail(text: str) -> int:
    print(f"main.py: error: {one_line(text)}", file=sys.stderr)
    return 2


def _reader_gone() -> int:
    """The reader of our output stopped reading (``| head``): stop quietly,
    as a command killed by SIGPIPE does (exit 141), with nothing on stderr."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())     # no second error when Python flushes
    except (OSError, ValueError):
        pass
    return 141


def main(argv=None) -> int:
    """Run the command line ``argv``; return the exit code (0, 2, 130 on
    Ctrl+C, or 141 when the reader of the output went away)."""
    argv = sys.argv[1:] if argv is None else list(argv)
    try:
        args = parse(argv)
        if args.probe is not None:
            import json

            from . import calculus
            print(json.dumps(calculus.probe(args.surface, *args.probe), allow_nan=False))
            return 0
        if args.rates:
            import json

            from . import labruns
            try:
                report = labruns.rates_report(args.surface, args.surface.name, args.optimizer,
                                              args.hyper, args.start, args.steps)
            except ValueError as exc:
                raise UsageError(str(exc)) from None
            print(json.dumps(report, allow_nan=False))
            return 0
        if args.race is not None and args.screenshot is None:
            import json

            from . import labruns
            report = labruns.run_race(args.surface, args.racers, args.start, args.steps,
                                      args.surface.name, args.trajectory)
            print(json.dumps(report, allow_nan=False))
            return 0
        if args.trajectory is not None:
            from . import labruns
            labruns.write_trajectory(args.surface, args.optimizer, args.hyper, args.start,
                                     args.steps, args.trajectory)
            return 0
        os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")
        if args.screenshot is not None:
            os.environ["SDL_VIDEODRIVER"] = "dummy"
            os.environ["SDL_AUDIODRIVER"] = "dummy"
        from . import app
        if args.screenshot is not None:
            save_screenshot(args, app)
            if args.race is not None:       # the race's JSON too, as without --screenshot
                import json

                from . import labruns
                print(json.dumps(labruns.run_race(args.surface, args.racers, args.start,
                                                  args.steps, args.surface.name, None),
                                 allow_nan=False))
            return 0
        session = start_session(args, app)
        if os.environ.get(FIRST_FRAME_ENV):
            stop_after_first_frame(app)
        try:
            return app.run(session, args.size)
        except app.WindowError as exc:
            raise UsageError(str(exc)) from None
    except ParserExit as done:
        return done.status
    except BrokenPipeError:
        return _reader_gone()
    except UsageError as exc:
        return _fail(str(exc))
    except OSError as exc:
        where = f"cannot write {exc.filename}: " if exc.filename else ""
        return _fail(f"{where}{exc.strerror or exc}")
    except Exception as exc:     # headless.OutputError (a run that wrote output imported it)
        headless = sys.modules.get(f"{__package__}.headless")
        if headless is None or not isinstance(exc, headless.OutputError):
            raise
        if isinstance(exc.__context__, BrokenPipeError):
            return _reader_gone()
        return _fail(str(exc))
    except KeyboardInterrupt:
        print("main.py: interrupted", file=sys.stderr)
        return 130
