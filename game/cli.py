"""The command line: parse, check, and hand over to the window or a headless run.

Bad input gets one clear line on stderr and exit code 2, never a traceback.
"""
from __future__ import annotations

import argparse
import math
import os
import re
import sys

from . import optimizers, surfaces
from . import state as st

DEFAULT_SIZE = (1280, 800)
MAX_SIDE = 8192
MIN_SIZE = (320, 240)
MAX_STEPS = 10_000_000

# Options whose value may start with '-' (a negative coordinate, -x^2, -pi).
VALUE_OPTIONS = ("--start", "--cursor", "--balls", "--probe", "--domain", "--expr")


class UsageError(Exception):
    """Bad input: its text is the one line the user sees."""


class _Parser(argparse.ArgumentParser):
    def error(self, message):
        raise UsageError(message)


def build_parser() -> argparse.ArgumentParser:
    p = _Parser(
        prog="main.py",
        description="Gradient Compass: see, point at and roll balls down the gradient of f(x, y).",
        epilog="Without --trajectory or --screenshot the window opens in the state the flags give.",
    )
    p.add_argument("--surface", default=None,
                   help=f"the surface: {', '.join(surfaces.names())} (default: hill)")
    p.add_argument("--expr", metavar="F",
                   help='your own f(x, y), e.g. "x^2 + 5*y^2" (instead of --surface)')
    p.add_argument("--domain", metavar="XMIN,XMAX,YMIN,YMAX",
                   help="the domain of --expr (default: -2,2,-2,2)")
    p.add_argument("--probe", metavar="X,Y",
                   help="print f, ∇f, the Hessian and its curvature at X,Y as JSON, and exit")
    p.add_argument("--overlays", metavar="LIST",
                   help=f"overlays to show, comma-separated: {', '.join(st.OVERLAYS)} or all")
    p.add_argument("--optimizer", default="momentum",
                   help=f"update rule: {', '.join(optimizers.MODES)} (default: momentum)")
    p.add_argument("--lr", type=_number("--lr"), default=None, metavar="ETA",
                   help="learning rate η > 0 (default: suited to the surface's curvature, "
                        "0.005 on hill and bowl)")
    p.add_argument("--momentum", type=_number("--momentum"), default=0.9, metavar="MU",
                   help="momentum μ in [0, 1) (default: 0.9)")
    p.add_argument("--contours", action="store_true", help="start with contour lines shown")
    p.add_argument("--balls", metavar="X,Y;X,Y", help="spawn balls at these points")
    p.add_argument("--cursor", metavar="X,Y", help="put the gradient arrow at this world point")
    p.add_argument("--steps", type=_integer("--steps"), default=None, metavar="N",
                   help="ticks to run before showing (default: 0; 400 with --trajectory)")
    p.add_argument("--trajectory", metavar="CSV",
                   help="headless: write one ball's path as CSV (step,x,y,f) and exit")
    p.add_argument("--start", metavar="X,Y",
                   help="start of the --trajectory ball (default: 3/4 of the way from the centre to the top-right corner)")
    p.add_argument("--screenshot", metavar="PNG",
                   help="headless: save the frame the window would show and exit")
    p.add_argument("--size", default=None, metavar="WxH",
                   help=f"window or screenshot size (default: {DEFAULT_SIZE[0]}x{DEFAULT_SIZE[1]})")
    p.add_argument("--paused", action="store_true", help="start paused")
    p.add_argument("--verbose", action="store_true",
                   help="print what happens (spawns, screenshots, quit) on stdout")
    return p


def _number(flag):
    def conv(text):
        try:
            value = float(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{flag} expects a number, not {text!r}") from None
        if not math.isfinite(value):
            raise argparse.ArgumentTypeError(f"{flag} expects a finite number, not {text!r}")
        return value
    conv.__name__ = "number"
    return conv


def _integer(flag):
    def conv(text):
        try:
            return int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{flag} expects a whole number, not {text!r}") from None
    conv.__name__ = "integer"
    return conv


def parse_point(flag: str, text: str) -> tuple[float, float]:
    """``"X,Y"`` → ``(x, y)``; anything else is a :class:`UsageError`.

    >>> parse_point("--start", " -1.2, 0.6")
    (-1.2, 0.6)
    """
    parts = text.split(",")
    try:
        if len(parts) != 2:
            raise ValueError
        x, y = (float(s) for s in parts)
    except ValueError:
        raise UsageError(f"{flag} expects two numbers as X,Y (like 1.0,-0.5), not {text!r}") from None
    if not (math.isfinite(x) and math.isfinite(y)):
        raise UsageError(f"{flag} expects finite numbers, not {text!r}")
    return x, y


def parse_size(text: str) -> tuple[int, int]:
    """``"1280x800"`` → ``(1280, 800)``."""
    m = re.fullmatch(r"\s*(\d{1,5})\s*[xX×]\s*(\d{1,5})\s*", text)
    if not m:
        raise UsageError(f"--size expects WIDTHxHEIGHT (like 1280x800), not {text!r}")
    w, h = int(m.group(1)), int(m.group(2))
    if not (MIN_SIZE[0] <= w <= MAX_SIDE and MIN_SIZE[1] <= h <= MAX_SIDE):
        raise UsageError(f"--size {w}x{h} is out of range: from {MIN_SIZE[0]}x{MIN_SIZE[1]} "
                         f"to {MAX_SIDE}x{MAX_SIDE}")
    return w, h


def _inside(flag, surface, point):
    if not surface.contains(*point):
        xmin, xmax, ymin, ymax = surface.domain
        raise UsageError(f"{flag} {point[0]:g},{point[1]:g} is outside the {surface.name} "
                         f"domain [{xmin:g}, {xmax:g}] × [{ymin:g}, {ymax:g}]")
    return point


def join_negative_values(argv):
    """Let ``--start -1.2,0.6`` mean ``--start=-1.2,0.6`` (argparse would
    otherwise read ``-1.2,0.6`` as an option).

    >>> join_negative_values(["--start", "-1.2,0.6", "--expr", "-x^2", "--lr", "0.1"])
    ['--start=-1.2,0.6', '--expr=-x^2', '--lr', '0.1']
    """
    out, i = [], 0
    while i < len(argv):
        a = argv[i]
        nxt = argv[i + 1] if i + 1 < len(argv) else ""
        if a in VALUE_OPTIONS and nxt.startswith("-") and not nxt.startswith("--") \
                and nxt not in ("-h",):
            out.append(f"{a}={argv[i + 1]}")
            i += 2
            continue
        out.append(a)
        i += 1
    return out


def check_writable(flag: str, path: str) -> None:
    """Fail early, with one line, if ``path`` cannot be written."""
    directory = os.path.dirname(os.path.abspath(path)) or "."
    if os.path.isdir(path):
        raise UsageError(f"{flag} {path!r} is a directory, not a file")
    if not os.path.isdir(directory):
        raise UsageError(f"{flag}: the folder {directory!r} does not exist")
    if not os.access(directory, os.W_OK) or (os.path.exists(path) and not os.access(path, os.W_OK)):
        raise UsageError(f"{flag}: cannot write {path!r} (permission denied)")


def parse(argv):
    """Parse and check ``argv``; return the namespace with checked values."""
    args = build_parser().parse_args(join_negative_values(list(argv)))
    surface = resolve_surface(args)
    if args.optimizer not in optimizers.MODES:
        raise UsageError(f"unknown optimizer {args.optimizer!r}; choose one of: {', '.join(optimizers.MODES)}")
    if args.lr is None:
        args.lr = optimizers.suggested_lr(surface)
    if not args.lr > 0:
        raise UsageError(f"--lr must be > 0, not {args.lr:g}")
    if not 0.0 <= args.momentum < 1.0:
        raise UsageError(f"--momentum must be in [0, 1), not {args.momentum:g}")
    if args.steps is not None and not 0 <= args.steps <= MAX_STEPS:
        raise UsageError(f"--steps must be from 0 to {MAX_STEPS:,}, not {args.steps}")
    runs = [f for f, v in (("--trajectory", args.trajectory), ("--screenshot", args.screenshot),
                           ("--probe", args.probe)) if v is not None]
    if len(runs) > 1:
        raise UsageError(f"{' and '.join(runs)} are different runs; give one")
    for flag in ("trajectory", "screenshot"):
        if getattr(args, flag) is not None and not getattr(args, flag).strip():
            raise UsageError(f"--{flag} needs a file name")
    # Flags that the chosen run would silently ignore are refused instead.
    ignored = {"--trajectory": ("cursor", "balls", "overlays", "contours", "size", "paused"),
               "--probe": ("start", "cursor", "balls", "overlays", "contours", "size", "steps",
                           "paused", "trajectory", "screenshot")}
    if args.trajectory is None and args.start is not None:
        raise UsageError("--start goes with --trajectory (the window and --screenshot take --balls)")
    for run, names in ignored.items():
        if runs[:1] != [run]:
            continue
        for name in names:
            value = getattr(args, name)
            if value not in (None, False):
                raise UsageError(f"--{name} has no effect with {run}; leave it out")
    if args.probe is not None:
        args.probe = parse_point("--probe", args.probe)
    overlays = parse_overlays(args.overlays)
    args.size = parse_size(args.size) if args.size is not None else DEFAULT_SIZE
    if args.start is not None:
        args.start = _inside("--start", surface, parse_point("--start", args.start))
    else:
        xmin, xmax, ymin, ymax = surface.domain
        args.start = (xmin + 0.875 * (xmax - xmin), ymin + 0.875 * (ymax - ymin))
    if args.cursor is not None:
        args.cursor = _inside("--cursor", surface, parse_point("--cursor", args.cursor))
    if args.balls is not None:
        items = [s for s in args.balls.split(";") if s.strip()]
        if not items:
            raise UsageError("--balls expects points as X,Y;X,Y")
        args.balls = [_inside("--balls", surface, parse_point("--balls", s)) for s in items]
    if args.trajectory is not None:
        check_writable("--trajectory", args.trajectory)
    if args.screenshot is not None:
        if not args.screenshot.lower().endswith(".png"):
            raise UsageError(f"--screenshot writes a PNG: the name must end in .png, not {args.screenshot!r}")
        check_writable("--screenshot", args.screenshot)
    if args.steps is None:
        args.steps = 400 if args.trajectory is not None else 0
    custom = surface.name == st.CUSTOM
    args.state = st.State(surface=surface.name, mode=args.optimizer, lr=args.lr,
                          mu=args.momentum, contours=args.contours, paused=args.paused,
                          overlays=overlays,
                          expr=surface.extra["text"] if custom else None,
                          domain=surface.domain if custom else None)
    args.surface = surface
    return args


def resolve_surface(args):
    """The surface that ``--surface`` or ``--expr`` (with ``--domain``) names."""
    if args.expr is not None and args.surface is not None:
        raise UsageError("--surface and --expr name two surfaces; give one")
    if args.domain is not None and args.expr is None:
        raise UsageError("--domain goes with --expr (each named surface has its own domain)")
    if args.expr is None:
        name = args.surface or "hill"
        if name not in surfaces.SURFACES:
            raise UsageError(f"unknown surface {name!r}; choose one of: {', '.join(surfaces.names())}"
                             " (or type your own with --expr)")
        return surfaces.get(name)
    from . import expr
    try:
        domain = expr.parse_domain(args.domain) if args.domain is not None else (-2.0, 2.0, -2.0, 2.0)
    except expr.ExprError as exc:
        raise UsageError(f"--domain {args.domain!r}: {exc}") from None
    try:
        return st.custom_surface(args.expr, domain)
    except expr.ExprError as exc:
        raise UsageError(f"--expr {_short(args.expr)!r}: {exc}") from None


def _short(text: str, n: int = 40) -> str:
    return text if len(text) <= n else text[:n] + "…"


def parse_overlays(text):
    """``"rose,level"`` → ``frozenset({"rose", "level"})``; ``"all"`` → all."""
    if text is None:
        return frozenset()
    names = [t.strip() for t in text.split(",") if t.strip()]
    if "all" in names:
        return frozenset(st.OVERLAYS)
    bad = [n for n in names if n not in st.OVERLAYS]
    if bad or not names:
        raise UsageError(f"unknown overlay {bad[0] if bad else text!r}; choose from: "
                         f"{', '.join(st.OVERLAYS)} or all")
    return frozenset(names)


def write_trajectory(args) -> None:
    """One ball from ``args.start``, ``args.steps`` ticks: CSV ``step,x,y,f``."""
    from .world import World
    surface = args.surface
    world = World(surface, args.optimizer, args.lr, args.momentum, trail_len=1)
    world.spawn(args.start)
    with open(args.trajectory, "w", newline="") as out:
        out.write("step,x,y,f\n")
        for step in range(args.steps + 1):
            if step:
                world.tick()
            x, y = float(world.x[0, 0]), float(world.x[1, 0])
            fv = float(surface.f(world.x[:, 0]))
            out.write(f"{step},{x!r},{y!r},{fv!r}\n")


def main(argv=None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    try:
        args = parse(argv)
        if args.probe is not None:
            import json

            from . import calculus
            print(json.dumps(calculus.probe(args.surface, *args.probe), allow_nan=False))
            return 0
        if args.trajectory is not None:
            write_trajectory(args)
            return 0
        os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")
        if args.screenshot is not None:
            os.environ["SDL_VIDEODRIVER"] = "dummy"
            os.environ["SDL_AUDIODRIVER"] = "dummy"
        from . import app
        session = app.Session.start(args.state, args.balls, args.steps, args.cursor,
                                    log=args.verbose)
        if args.screenshot is not None:
            import pygame
            frame = app.render_frame(session, args.size)
            pygame.image.save(frame, args.screenshot)
            if args.verbose:
                print(f"screenshot saved: {os.path.abspath(args.screenshot)}")
            return 0
        try:
            return app.run(session, args.size)
        except app.WindowError as exc:
            raise UsageError(str(exc)) from None
    except UsageError as exc:
        print(f"main.py: error: {exc}", file=sys.stderr)
        return 2

    except OSError as exc:
        where = f"cannot write {exc.filename}: " if exc.filename else ""
        print(f"main.py: error: {where}{exc.strerror or exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
