"""The flags: the parser, the limits, and the readers of each flag's value.

Bad input raises :class:`UsageError`, whose text is the one line the user
sees. ``game.cli`` puts the flags together and runs what they ask for.
"""
from __future__ import annotations

import argparse
import math
import os
import re
import sys

from . import optim, surfaces
from . import state as st

DEFAULT_SIZE = (1280, 800)
MAX_SIDE = 8192
MIN_SIZE = (800, 500)          # the smallest window the layout is made for (game/app_window.py)
# 10⁶ ticks are 4.6 hours of simulated time at 60 ticks a second, far past the
# time any surface needs to settle; a trajectory that long takes 25-75 s and
# writes about 20 MB (10⁷ took 4-12 minutes and 200 MB).
MAX_STEPS = 1_000_000
TICKS_PER_SECOND = 60


class ParserExit(Exception):
    """argparse finished the run itself (``--help``): exit with ``status``."""

    def __init__(self, status):
        super().__init__(status)
        self.status = status


class UsageError(Exception):
    """Bad input: its text is the one line the user sees."""


class _Parser(argparse.ArgumentParser):
    def error(self, message):
        raise UsageError(message)

    def exit(self, status=0, message=None):
        if message:
            sys.stderr.write(message)
        raise ParserExit(status)


def build_parser() -> argparse.ArgumentParser:
    p = _Parser(
        prog="main.py", allow_abbrev=False,
        description="Gradient Compass: see, point at and roll balls down the gradient of f(x, y).",
        epilog="Without --trajectory, --screenshot or --probe the window opens in the state the "
               "flags give. A flag that takes a value always takes the next argument, even one "
               "that starts with '-', unless it is itself a flag name: --expr \"--x\" and "
               "--start -1,0.5 work, and so does the form --expr=F.",
    )
    p.add_argument("--surface", default=None,
                   help=f"the surface: {', '.join(surfaces.names())} (default: hill)")
    p.add_argument("--expr", metavar="F",
                   help='your own f(x, y), e.g. "x^2 + 5*y^2" (instead of --surface); '
                        '--expr=F also works, e.g. --expr=--x')
    p.add_argument("--domain", metavar="XMIN,XMAX,YMIN,YMAX",
                   help="the domain of --expr (default: -2,2,-2,2)")
    p.add_argument("--probe", metavar="X,Y",
                   help="print f, ∇f, the Hessian and its curvature at X,Y as JSON, and exit")
    p.add_argument("--overlays", metavar="LIST",
                   help=f"overlays to show, comma-separated: {', '.join(st.OVERLAYS)} or all")
    p.add_argument("--optimizer", default=None, metavar="NAME",
                   help=f"update rule for new balls: {', '.join(optim.names())} (default: momentum)")
    p.add_argument("--lr", type=_number("--lr"), default=None, metavar="LR",
                   help="the optimizer's learning rate > 0 (default: suited to the surface and "
                        "the optimizer)")
    p.add_argument("--momentum", type=_number("--momentum"), default=None, metavar="MU",
                   help="momentum in [0, 1) (momentum, nesterov; default 0.9; momentum on the hill 0.98)")
    p.add_argument("--betas", default=None, metavar="B1,B2",
                   help="Adam's betas, each in [0, 1) (default 0.9,0.999)")
    p.add_argument("--eps", type=_number("--eps"), default=None, metavar="EPS",
                   help="eps > 0 (adagrad 1e-10; rmsprop, adam 1e-8)")
    p.add_argument("--alpha", type=_number("--alpha"), default=None, metavar="ALPHA",
                   help="RMSprop's smoothing alpha in [0, 1) (default 0.99)")
    p.add_argument("--race", metavar="SPEC",
                   help="headless: race optimizers from --start and print one JSON object; SPEC "
                        "is names with optional :key=value pairs in torch's names, e.g. "
                        "\"gd,momentum:lr=0.002:momentum=0.95,adam:lr=0.05:betas=0.8/0.99\", "
                        "or default (with --trajectory: every racer's path; with --screenshot: "
                        "the picture of the race)")
    p.add_argument("--rates", action="store_true",
                   help="headless: print the theoretical, measured and optimal linear rates of "
                        "--optimizer as JSON (surfaces with a constant Hessian)")
    p.add_argument("--contours", action="store_true", help="start with contour lines shown")
    p.add_argument("--balls", metavar="X,Y;X,Y", help="spawn balls at these points")
    p.add_argument("--basins", action="store_true",
                   help="drop the basin grid at the start, as the A key does: 300 x 300 balls of "
                        "--optimizer over the domain, each coloured by where it comes to rest")
    p.add_argument("--cursor", metavar="X,Y", help="put the gradient arrow at this world point")
    p.add_argument("--steps", type=_integer("--steps"), default=None, metavar="N",
                   help="ticks to run before showing (default: 0; 400 with --trajectory, "
                        f"--race and --rates; at most {MAX_STEPS:,})")
    p.add_argument("--trajectory", metavar="CSV",
                   help="headless: write one ball's path as CSV (step,x,y,f) and exit")
    p.add_argument("--start", metavar="X,Y",
                   help="start of the --trajectory, --race or --rates ball (default: 3/4 of the "
                        "way from the centre to the top-right corner)")
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


def value_options(parser=None) -> dict:
    """Every option string of the parser → whether it takes a value."""
    parser = parser or build_parser()
    return {opt: action.nargs != 0 for action in parser._actions for opt in action.option_strings}


def join_negative_values(argv, options=None):
    """Give each flag that takes a value the next argument, whatever it starts
    with, unless that argument is itself a flag name (argparse would read
    ``-1.2,0.6`` or ``--x`` as an option).

    >>> join_negative_values(["--start", "-1.2,0.6", "--expr", "--x", "--lr", "0.1"])
    ['--start=-1.2,0.6', '--expr=--x', '--lr=0.1']
    >>> join_negative_values(["--expr", "--steps", "3"])
    ['--expr', '--steps=3']
    """
    options = value_options() if options is None else options
    out, i = [], 0
    while i < len(argv):
        a = argv[i]
        if options.get(a) and i + 1 < len(argv) and not _is_flag(argv[i + 1], options):
            out.append(f"{a}={argv[i + 1]}")
            i += 2
            continue
        out.append(a)
        i += 1
    return out


def _is_flag(text: str, options) -> bool:
    """``--steps``, ``--steps=3`` and the end-of-flags mark ``--`` are flags;
    ``--x`` and ``-1`` are values."""
    name, eq, _ = text.partition("=")
    return text == "--" or text in options or (bool(eq) and name in options)


def parse_args(argv):
    """argparse's reading of ``argv``, values joined as :func:`join_negative_values` says."""
    parser = build_parser()
    args = parser.parse_args(join_negative_values(list(argv), value_options(parser)))
    for action in parser._actions:
        # argparse drops a value that is exactly "--" (as in --expr=--), leaving []
        if action.nargs is None and isinstance(getattr(args, action.dest, None), list):
            raise UsageError(f"argument {action.option_strings[0]}: expected one argument")
    return args


def check_writable(flag: str, path: str) -> None:
    """Fail early, with one line, if ``path`` plainly cannot be written (the
    write itself still reports any other failure in one line)."""
    if "\0" in path:
        raise UsageError(f"{flag}: a file name cannot contain a NUL character")
    if os.path.isdir(path):
        raise UsageError(f"{flag} {path!r} is a directory, not a file")
    directory = os.path.dirname(os.path.abspath(path)) or "."
    if not os.path.isdir(directory):
        raise UsageError(f"{flag}: the folder {directory!r} does not exist")
    writable = os.access(path, os.W_OK) if os.path.exists(path) else os.access(directory, os.W_OK)
    if not writable:
        raise UsageError(f"{flag}: cannot write {path!r} (permission denied)")


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


def one_line(text: str) -> str:
    r"""``text`` with line breaks and other control characters escaped.

    >>> one_line("a\nb\x00c\td")
    'a\\nb\\x00c\td'
    """
    return "".join(c if c.isprintable() or c == "\t" else repr(c)[1:-1] for c in text)
