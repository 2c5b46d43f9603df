"""The command line under arbitrary argument lists (Hypothesis).

Argument lists are built from the real flag names with arbitrary values:
numbers, negative numbers, nan and inf, huge numbers, garbage text, empty
strings, unicode, NUL characters, points inside and outside the domain, typed
functions (valid and hostile), and output paths in a scratch folder or in
special places (/proc, /sys, /dev/null, /dev/full, a missing folder). Each list
goes to ``game.cli.main`` in-process. Always:

- the exit code is 0 or 2;
- exit 2 prints exactly one line on stderr, starting ``main.py: error:``, and
  nothing on stdout;
- exit 0 prints nothing on stderr;
- no temporary ``.part`` file is left behind.

Warnings are errors in the suite, so a numpy RuntimeWarning fails too. A list
without a headless run flag would open the window: ``game.app.run`` is
replaced by a stub that records the session it was handed, and one property
checks that such lists reach it with the state the flags describe.

``--steps`` stays at most 2000, ``--balls`` at five points and ``--size`` near
the minimum, so that an example takes well under a second. A long campaign::

    GC_FUZZ_EXAMPLES=5000 .venv/bin/python -m pytest tests/test_cli_props.py
"""
from __future__ import annotations

import contextlib
import io
import os
import tempfile
from pathlib import Path

from hypothesis import event, given, note
from hypothesis import strategies as hs

from fuzz_settings import fuzz_settings
from game import app, cli, flags

OPTIONS = flags.value_options()
VALUE_FLAGS = sorted(o for o, takes in OPTIONS.items() if takes and o.startswith("--"))
SWITCHES = ["--contours", "--paused", "--verbose"]
RUNS = ["--screenshot", "--trajectory", "--probe", "--race", "--rates"]

# --- values ---------------------------------------------------------------------
# No value ever contains "/": any of them may end up as a file name (the value of
# --trajectory when a list leaves it without one), and the current folder is a
# scratch folder.
SAFE_CHARS = hs.characters(exclude_characters="/", exclude_categories=("Cs",))
GARBAGE = hs.one_of(
    hs.text(SAFE_CHARS, max_size=12),
    hs.sampled_from(["", " ", "\x00", "a\x00b", "nan", "inf", "-inf", "NaN,0", "1e999",
                     "-1e999", "0x10", "1_000", "١٢", "½", "é", "\u2028", "\n", "-", "--",
                     "-h", "--help=1", "--steps=", "=", ";", ",", "x", "1,2,3", "∞"]),
)
NUMBER = hs.one_of(
    hs.floats().map(repr),
    hs.floats(-5, 5).map(lambda v: f"{v:g}"),
    hs.integers(-10**30, 10**30).map(str),
    hs.sampled_from(["0", "-0", "1e-320", "1e308", "-1e308", "1e400", ".5", "5.", "+1"]),
)
COORD = hs.one_of(hs.floats(-6, 6).map(repr), NUMBER)
POINT = hs.builds(lambda a, b, sep: f"{a}{sep}{b}", COORD, COORD,
                  hs.sampled_from([",", ", ", ";", " "]))
EXPRS = hs.one_of(
    hs.sampled_from([
        "x^2 + 5*y^2", "--x", "-x^2", "---x", "sin(x)*cos(y)", "log(x) + y^2", "sqrt(x*y)",
        "x/y", "exp(-x^2-y^2)", "atan(y/x)", "abs(x)+abs(y)", "x^3 - 3*x*y^2", "1/x", "0",
        "pi*e", "tanh(x*y)", "2^-x", "x**y", "sin(1/x)", "(x^2+y^2)^0.5",
        # hostile or refused
        "", " ", "x^", "2x", "__import__('os')", "x;y", "9^9^9", "x^999999", "1e309*x",
        "exp(exp(exp(x)))", "cosh(x)^400", "x" * 300, "(" * 50 + "x" + ")" * 50,
        "exp(x^2)*1e300", "1e300*x^2+1e300*y^2", "1e300*x*1e300*y", "(1e160*x)^2",
        "x/1e-300/1e-300", "cosh(40)", "1e16", "1e300",
    ]),
    hs.text(hs.sampled_from("xy0123456789.+-*/^() epsincogtqrab"), max_size=16),
    GARBAGE,
)
DOMAIN = hs.one_of(
    hs.lists(COORD, min_size=4, max_size=4).map(",".join),
    hs.sampled_from(["-1,1,-1,1", "-pi,pi,-1,2.5", "0,1e-9,0,1e-9", "-1e300,1e300,-1,1",
                     "1,0,0,1", "0,0,0,0", "-1,1,-1", "a,b,c,d", "--1,1,-1,1"]),
)
SIZE = hs.one_of(
    hs.builds(lambda w, h: f"{w}x{h}",
              hs.integers(flags.MIN_SIZE[0] - 2, flags.MIN_SIZE[0] + 120),
              hs.integers(flags.MIN_SIZE[1] - 2, flags.MIN_SIZE[1] + 80)),
    hs.sampled_from(["0x0", "1x1", "99999x1", "-800x500", "800×500", " 400 X 300 ", "x", "8193x300"]),
)
RACE = hs.one_of(
    hs.sampled_from(["default", "gd", "gd,momentum:lr=0.002:momentum=0.95,adam:lr=0.05:betas=0.8/0.99",
                     "newton:lr=1,adagrad:eps=1e-6", "rmsprop:alpha=0.9", "gd,gd", "sgd", "",
                     "adam:betas=1/0.9", "gd:momentum=0.5", "gd:lr", "gd:lr=-1", ",", "adam:eps=0",
                     "nesterov:momentum=0", "gd:lr=1e308", "momentum:lr=1e-300"]),
    hs.text(hs.sampled_from("gdmoentuasrp:=,./0123456789l"), max_size=24),
)
BETAS = hs.one_of(hs.builds(lambda a, b: f"{a},{b}", NUMBER, NUMBER), GARBAGE)
STEPS = hs.one_of(hs.integers(-5, 2000).map(str),
                  hs.sampled_from([str(flags.MAX_STEPS + 1), "1e3", "10**3", "-0", " 7 "]))
BALLS = hs.one_of(hs.lists(POINT.map(lambda p: p.replace(";", ",")), max_size=5).map(";".join),
                  hs.sampled_from([";", ";;", "0,0;", "9,9;0,0"]))
NAMES = hs.one_of(hs.sampled_from(["a.png", "a.csv", "b.PNG", "é ü.png", " .png", ".png", "a",
                                   "..", ".", "missing/a.png", "missing/a.csv", "a\x00.png"]),
                  hs.text(SAFE_CHARS, min_size=1, max_size=10).map(lambda s: s + ".png"),
                  hs.text(SAFE_CHARS, min_size=1, max_size=10))
SPECIAL = hs.sampled_from(["/proc/x.png", "/sys/x.png", "/proc/x.csv", "/sys/x.csv", "/dev/null",
                           "/dev/full", "/no/such/dir/x.png", "/dev/null.png/x.csv", ""])
PATH = hs.one_of(NAMES.map(lambda n: "{tmp}/" + n), NAMES, SPECIAL)

SPECIFIC = {
    "--surface": hs.sampled_from(["hill", "bowl", "rosenbrock", "himmelblau", "regression",
                                  "saddle", "HILL", "nope", ""]),
    "--expr": EXPRS, "--domain": DOMAIN, "--probe": POINT, "--start": POINT, "--cursor": POINT,
    "--balls": BALLS,
    "--overlays": hs.sampled_from(["all", "rose", "rose,level", "quiver,slices", "curvature",
                                   "jacobian,rose", "nope", "", ",", "all,nope"]),
    "--optimizer": hs.sampled_from(["momentum", "gd", "nesterov", "adagrad", "rmsprop", "adam",
                                    "newton", "GD", "sgd", ""]),
    "--lr": NUMBER, "--momentum": NUMBER, "--betas": BETAS, "--eps": NUMBER, "--alpha": NUMBER,
    "--race": RACE, "--steps": STEPS, "--size": SIZE,
    "--trajectory": PATH, "--screenshot": PATH,
}
assert set(SPECIFIC) == set(VALUE_FLAGS), "a flag without a strategy"


INSIDE = hs.builds(lambda a, b: f"{a!r},{b!r}", hs.floats(-1.5, 1.5), hs.floats(-1.5, 1.5))
PLAUSIBLE = {
    "--surface": hs.sampled_from(["hill", "bowl", "round", "saddle", "rosenbrock", "himmelblau",
                                  "regression", "rastrigin", "camel"]),
    "--expr": EXPRS, "--domain": hs.sampled_from(["-2,2,-2,2", "-1,3,-2,2", "-pi,pi,-pi,pi"]),
    "--probe": INSIDE, "--start": INSIDE, "--cursor": INSIDE,
    "--balls": hs.lists(INSIDE, min_size=1, max_size=5).map(";".join),
    "--overlays": SPECIFIC["--overlays"],
    "--optimizer": hs.sampled_from(["momentum", "gd", "nesterov", "adagrad", "rmsprop", "adam",
                                    "newton"]),
    "--lr": hs.floats(1e-6, 0.2).map(repr), "--momentum": hs.floats(0, 0.99).map(repr),
    "--betas": hs.builds(lambda a, b: f"{a!r},{b!r}", hs.floats(0, 0.99), hs.floats(0, 0.999)),
    "--eps": hs.sampled_from(["1e-8", "1e-10", "0.001"]),
    "--alpha": hs.floats(0, 0.99).map(repr),
    "--race": hs.sampled_from(["default", "gd,adam", "gd,momentum:lr=0.002:momentum=0.95",
                               "newton,rmsprop:alpha=0.9", "adam:lr=0.05:betas=0.8/0.99"]),
    "--steps": hs.integers(0, 2000).map(str), "--size": SIZE,
    "--trajectory": hs.sampled_from(["t.csv", "{tmp}/t.csv", "é ü.csv", "-t.csv"]),
    "--screenshot": hs.sampled_from(["s.png", "{tmp}/s.png", "é ü.png", "b.PNG", "-s.png"]),
}
# the flags each run uses (the window's are the screenshot's)
HYPER = ["--optimizer", "--lr", "--momentum", "--betas", "--eps", "--alpha"]
COMPATIBLE = {
    "--screenshot": HYPER + ["--steps", "--balls", "--cursor", "--overlays", "--size",
                             "--contours", "--paused", "--verbose"],
    "--trajectory": HYPER + ["--steps", "--start", "--verbose"],
    "--probe": HYPER + ["--verbose"],
    "--race": ["--steps", "--start", "--trajectory", "--screenshot", "--verbose"],
    "--rates": HYPER + ["--steps", "--start", "--verbose"],
}


@hs.composite
def flag_items(draw, flag, plausible=False):
    """``flag`` with a value as one or two arguments, or (rarely) without one."""
    if flag not in OPTIONS or not OPTIONS[flag]:
        return [flag]
    if plausible and draw(hs.integers(0, 9)):
        value = draw(PLAUSIBLE[flag])
    else:
        value = draw(hs.one_of(SPECIFIC[flag], GARBAGE) if flag not in RUNS[:2] else PATH)
    form = draw(hs.sampled_from(["two", "two", "two", "equals", "bare"][:5 - plausible]))
    if form == "two":
        return [flag, value]
    return [f"{flag}={value}"] if form == "equals" else [flag]


@hs.composite
def hostile_lists(draw, run=True):
    """Any flags, any values, in any order; with ``run``, one headless run flag."""
    others = [f for f in VALUE_FLAGS if f not in RUNS]
    chosen = draw(hs.lists(hs.sampled_from(others + SWITCHES), max_size=6))
    if run:
        chosen.append(draw(hs.sampled_from(RUNS)))
    items = [draw(flag_items(f)) for f in chosen]
    if draw(hs.integers(0, 9)) == 0:
        items.append([draw(GARBAGE)])           # a stray argument
    order = draw(hs.permutations(items))
    return [a for item in order for a in item]


@hs.composite
def plausible_lists(draw, run=True):
    """Mostly what a user would type: a run, a surface, flags that run uses,
    sensible values with now and then a bad one."""
    head = draw(hs.sampled_from(RUNS)) if run else None
    chosen = [head] if run else []
    surface = draw(hs.sampled_from(["", "--surface", "--expr", "--expr --domain"]))
    chosen += surface.split()
    usable = COMPATIBLE[head or "--screenshot"]
    chosen += draw(hs.lists(hs.sampled_from(usable), max_size=4, unique=True))
    if draw(hs.integers(0, 7)) == 0:            # now and then, one that does not belong
        extra = VALUE_FLAGS + SWITCHES if run else [f for f in VALUE_FLAGS if f not in RUNS]
        chosen.append(draw(hs.sampled_from(extra + SWITCHES)))
    items = [draw(flag_items(f, plausible=True)) for f in chosen]
    order = draw(hs.permutations(items))
    return [a for item in order for a in item]


def argument_lists(run=True):
    return hs.one_of(plausible_lists(run), plausible_lists(run), hostile_lists(run))


# --- running ----------------------------------------------------------------------
class WindowStub:
    """Stands in for ``app.run``: records what the window would have been handed."""

    def __init__(self):
        self.calls = []

    def __call__(self, session, size):
        self.calls.append((session, size))
        return 0


def run_cli(argv, window=None):
    """``cli.main(argv)`` in a scratch folder, with ``window`` (a fresh
    :class:`WindowStub` by default) in place of ``app.run``:
    (code, stdout, stderr, leftover .part files)."""
    window = WindowStub() if window is None else window
    real_run = app.run
    with tempfile.TemporaryDirectory() as tmp:
        argv = [a.replace("{tmp}", tmp) for a in argv]
        note(f"argv = {argv!r}")
        out, err = io.StringIO(), io.StringIO()
        cwd = os.getcwd()
        os.chdir(tmp)
        app.run = window
        try:
            with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
                code = cli.main(argv)
        finally:
            app.run = real_run
            os.chdir(cwd)
        parts = [p.name for p in Path(tmp).rglob("*.part")]
    return code, out.getvalue(), err.getvalue(), parts


def check_outcome(code, out, err, parts):
    note(f"exit {code}; stdout {out[:200]!r}; stderr {err[:300]!r}")
    event(f"exit {code}")
    assert code in (0, 2)
    if code == 2:
        assert err.startswith("main.py: error: ") and err.endswith("\n")
        assert err.count("\n") == 1 and "\r" not in err
        assert out == ""
    else:
        assert err == ""
    assert parts == []


@given(argv=argument_lists())
@fuzz_settings(60)
def test_any_headless_command_line_exits_0_or_2_with_one_line(argv):
    check_outcome(*run_cli(argv))


@given(argv=hs.lists(hs.one_of(hs.sampled_from(sorted(OPTIONS)), GARBAGE, NUMBER, POINT),
                     max_size=8).map(lambda a: a + ["--probe", "0,0"]))
@fuzz_settings(60)
def test_any_token_soup_exits_0_or_2_with_one_line(argv):
    # tokens with no structure at all; the trailing --probe keeps it headless
    # unless the soup has already ended in a flag that takes it as a value
    check_outcome(*run_cli(argv))


@given(argv=argument_lists(run=False))
@fuzz_settings(40)
def test_command_lines_without_a_run_reach_the_window(argv):
    """Without a headless flag the list either fails in one line or hands the
    window exactly the session and size its flags describe."""
    window = WindowStub()
    code, out, err, parts = run_cli(argv, window)
    check_outcome(code, out, err, parts)
    if code == 2 or (not window.calls and any(a in ("-h", "--help") for a in argv)):
        assert not window.calls                 # refused, or help printed instead
        return
    assert len(window.calls) == 1
    session, size = window.calls[0]
    args = cli.parse(argv)                      # the same list, parsed again
    assert session.state == args.state and size == args.size
    assert session.world.surface.domain == args.surface.domain
    assert session.world.ticks == args.steps
    assert session.world.count == len(args.balls or ())
    assert session.cursor == args.cursor
