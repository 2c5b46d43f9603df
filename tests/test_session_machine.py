"""The whole session as a Hypothesis state machine.

Rules drive the in-process session exactly the way the app's loop does:
pygame events (every mapped key with and without Shift, typed text, mouse
buttons 1–5 anywhere, wheel turns up to absurd counts, right-drags with huge
``rel``) go through ``controls.action_for`` into ``Session.dispatch``; spawns
land inside and outside the domain; typed functions go through the editor
(valid, invalid, hostile, huge constants, undefined regions); the window is
resized from 1×1 to 4000×3000; time passes with varied frame times; frames are
drawn in between, with and without a cursor. After every step:

- nothing raised (warnings are errors in the suite, so no RuntimeWarning either);
- every ball, its previous position, velocity and trail are finite, and every
  position is inside the domain;
- the view is finite and non-empty, and so is the viewport it is drawn in;
- the state is valid (``game.state.check``) and the world agrees with it.

The normal suite runs a few short examples. A long campaign is one command::

    GC_FUZZ_EXAMPLES=2000 GC_FUZZ_STEPS=50 .venv/bin/python -m pytest tests/test_session_machine.py -s

``GC_FUZZ_EXAMPLES`` sets the number of runs, ``GC_FUZZ_STEPS`` the steps in
each; with ``-s`` it prints the figures (steps, input events, frames drawn,
balls checked, NaN found, escapes, RSS at the start and at the end, also once
the C library has returned its free pages, since 4000×3000 frames leave a
large but free heap behind), and ``GC_FUZZ_REPORT=path`` writes them as JSON.
"""
from __future__ import annotations

import json
import os
import time
from collections import Counter
from pathlib import Path

import numpy as np
import pygame
from hypothesis import strategies as hs
from hypothesis.stateful import (RuleBasedStateMachine, initialize, invariant, rule,
                                 run_state_machine_as_test)

from fuzz_settings import fuzz_settings
from game import app, basin, controls, optim, surfaces
from game.balls import STOP_OVERFLOW
from game import state as st
from game.render import Renderer
from game.memory import rss_mb, trimmed_rss_mb

NAMES = surfaces.names()

# --- the inputs ----------------------------------------------------------------
KEYS = sorted(set(controls.KEYS) | {pygame.K_m} | set(controls.OVERLAY_KEYS) | set(controls.DIGITS)
              | set(controls.KP_DIGITS) | set(controls.EDIT_KEYS)
              | set(controls.EDIT_MOVES) | set(controls.EDIT_CTRL)
              | {pygame.K_z, pygame.K_F5, pygame.K_LSHIFT, pygame.K_DELETE, pygame.K_UP})
MODS = [0, pygame.KMOD_SHIFT, pygame.KMOD_LSHIFT, pygame.KMOD_RSHIFT, pygame.KMOD_CTRL,
        pygame.KMOD_SHIFT | pygame.KMOD_CTRL]

VALID = ["x^2 + 5*y^2", "sin(x)*cos(y)", "x", "0", "-x^2", "--x", "x^3 - 3*x*y^2",
         "(1 - x)^2 + 100*(y - x^2)^2", "exp(-x^2-y^2)", "tanh(x*y)", "atan(y/x)", "abs(x)+abs(y)",
         "2^3^2*x", "pi*e*x*y", "x^-1", "x^64", "sin(1/x)", ".5*x", "1e-300*x", "x ; -1,1,-1,1",
         "x*y ; -pi,pi,-1,2.5", "x^2+y^2 ; 0,1e-9,0,1e-9", "x+y ; -1e300,1e300,-1e300,1e300",
         "x^2 ; -1e300*1e8,1e300*1e8,-1,1", "y ; 0,1e300,-1e-300,1e-300"]
HUGE = ["(1e160*x)^2", "1e300*x*1e300*y", "x/1e-300/1e-300", "cosh(40)", "1e16", "1e300",
        "exp(x^2)*1e300", "1e300*x^2+1e300*y^2", "exp(exp(x))", "cosh(700*x)", "x^64*1e300",
        "sinh(x*300)*y", "1e-300*1e-300*x", "exp(710)*x", "tan(x)*1e300"]
UNDEFINED = ["log(x)", "sqrt(-x)", "1/x", "log(x) + y^2", "1/(x^2+y^2)", "log(0)*x", "0/0",
             "sqrt(x)*sqrt(-x)", "log(-1-x^2)", "1/(x-y)", "tan(x*pi/2)", "(-1)^x", "x^(1/3)",
             "log(x) ; -1,3,-2,2", "sqrt(x*y) ; -3,3,-3,3"]
BAD = ["", " ", "2x", "(", ")", "x+", "^", "x;", "x ; 1,0,0,1", "x ; 1,1,0,1", "x ; a,b,c,d",
       "x ; 1,2,3", "x ; x,1,0,1", "x ; nan,1,0,1", "x ; 1e300*1e300,1,0,1", "9^9^9^9",
       "x" * 400, "(" * 60 + "x" + ")" * 60, "+".join(["x"] * 150), "sin", "sin()", "foo(x)",
       "x y", "1e999", "1e-999*x", "x**", "x ^^ 2", "é", "\x00", "x\x00", "∇f", "x −− y"]
HOSTILE = ["__import__('os')", "__import__('os').system('touch PWNED')", "x.__class__",
           "lambda: 1", "[x]", "'a'", "exec('1')", "eval('x')", "x if y else 1", "open('f')",
           "().__class__.__bases__[0]", "x; import os", "{x}", "x[0]", "`x`", "x#y", "$x", "x @ y"]

NUMBERS = hs.sampled_from(["0", "1", "2", ".5", "1e-300", "1e300", "1e160", "40", "710", "64",
                           "pi", "e", "3.7", "1e16"])
ATOMS = hs.one_of(hs.sampled_from(["x", "y"]), NUMBERS)
FUNCS = ["sin", "cos", "tan", "exp", "log", "sqrt", "abs", "tanh", "sinh", "cosh", "atan"]


def _combine(children):
    return hs.one_of(
        hs.tuples(children, hs.sampled_from(["+", "-", "*", "/", "^"]), children).map(
            lambda t: f"({t[0]}{t[1]}{t[2]})"),
        hs.tuples(hs.sampled_from(FUNCS), children).map(lambda t: f"{t[0]}({t[1]})"),
        children.map(lambda c: f"-{c}"))


GENERATED = hs.recursive(ATOMS, _combine, max_leaves=6)
EXPRESSIONS = hs.one_of(*(hs.sampled_from(kind) for kind in (VALID, HUGE, UNDEFINED, BAD, HOSTILE)),
                        GENERATED, hs.text(max_size=12))
TEXT_BITS = hs.one_of(hs.sampled_from(["x", "y", "^", "*", "(", ")", "sin(", "log(", "-", "/0",
                                       "1e308", "9^9^9", ";", ",", "-3,3,-3,3", "é", "\x00",
                                       "__", "'", " ", "\n", "\t", "𝔵", "\u202e"]),
                      hs.text(max_size=4))

# Window sizes: the corners of the allowed range and anything between.
SIZES = hs.one_of(hs.sampled_from([(1, 1), (1, 3000), (4000, 1), (4000, 3000), (600, 5),
                                   (1280, 8), (8, 8), (2, 2), (320, 240), (1280, 800),
                                   (300, 1000), (799, 600)]),
                  hs.tuples(hs.integers(1, 1600), hs.integers(1, 1000)),
                  hs.tuples(hs.integers(1, 4000), hs.integers(1, 3000)))
DISPLAY_PIXELS = 1600 * 1000         # bigger targets are plain Surfaces, as the brief asks

# A place on the screen: a fraction of the window or of the map, a little past either.
FRACTION = hs.floats(-0.25, 1.25, allow_nan=False)
PLACES = hs.tuples(hs.sampled_from(["window", "map"]), FRACTION, FRACTION)
HUGE_INTS = hs.sampled_from([0, 1, -1, 10**6, -10**6, 2**31 - 1, -2**31, 10**12, -10**12])
WORLD = hs.floats(allow_nan=True, allow_infinity=True)
FRAME_TIMES = hs.one_of(hs.sampled_from([0.0, 1e-9, 0.004, 1 / 60, 1 / 30, 0.1, 0.25, 3.0,
                                         1e9, -1.0, float("nan"), float("inf")]),
                        hs.floats(0.0, 0.5))

STATS: Counter = Counter()


def _finite_rect(r) -> bool:
    return len(r) == 4 and all(np.isfinite(r)) and r[0] < r[1] and r[2] < r[3]


class SessionMachine(RuleBasedStateMachine):
    """One app session, driven event by event."""

    def __init__(self):
        super().__init__()
        pygame.display.init()
        pygame.font.init()
        self.quits = 0

    @initialize(surface=hs.sampled_from(NAMES), size=SIZES, optimizer=hs.sampled_from(optim.names()),
                race=hs.booleans())
    def start(self, surface, size, optimizer, race):
        self.session = app.Session.start(st.State(surface=surface, optimizer=optimizer, race=race))
        self.renderer = None
        self.mouse = None                   # the pointer's pixel, None when off the window
        self.resize(size)

    # --- helpers ------------------------------------------------------------
    @property
    def editing(self) -> bool:
        return self.session.state.editing is not None

    def send(self, event) -> None:
        """One event through the app's path: action_for, then dispatch."""
        STATS["events"] += 1
        action = controls.action_for(event, self.editing)
        if action is None:
            return
        if action.name == st.BASIN_GRID:         # a 12 × 12 grid: the same code, fewer balls
            saved, basin.GRID = basin.GRID, 12
            try:
                self.session.dispatch(action, self.renderer, self.target)
            finally:
                basin.GRID = saved
            grid = basin.of(self.session.world)
            assert grid is not None and grid.size == 144 and grid.rule == self.session.world.optimizer
            STATS["basin grids"] += 1
        else:
            self.session.dispatch(action, self.renderer, self.target)
        # QUIT (the window closed) quits at once; a second Esc or Q within 2 s
        # quits through BACK, and only then.
        if action.name == st.QUIT or (action.name == st.BACK and not self.session.running):
            assert not self.session.running
            self.session.running = True        # the user starts the app again
            self.quits += 1
        assert self.session.running
        if action.name == st.SCREENSHOT:
            assert self.session.message.startswith(("screenshot saved", "screenshot failed"))
            for png in Path.cwd().glob("gradient-compass-*.png"):
                png.unlink()

    def key(self, key, mod=0) -> None:
        self.send(pygame.event.Event(pygame.KEYDOWN, key=key, mod=mod, unicode="", scancode=0))

    def pixel(self, place):
        """Screen pixel for ``(what, fx, fy)``: a fraction of the window or the map."""
        what, fx, fy = place
        if what == "map":
            left, top, w, h = self.session.viewport(self.renderer).rect
        else:
            left, top, (w, h) = 0, 0, self.size
        self.mouse = int(left + fx * w), int(top + fy * h)
        return self.mouse

    def show(self, fps=60.0, message=None) -> None:
        """Draw the frame the app would draw now: the cursor where the
        mouse is, when that is on the map (as ``app.cursor_world`` does)."""
        STATS["frames"] += 1
        s = self.session
        cursor = None
        if self.mouse is not None:
            vp = s.viewport(self.renderer)
            if vp.contains_screen(*self.mouse):
                cursor = tuple(vp.to_world((self.mouse[0] + 0.5, self.mouse[1] + 0.5)))
        s.cursor = cursor
        self.renderer.draw(self.target, s.state, s.world, s.alpha, cursor, fps,
                           s.message if message is None else message)

    # --- rules: the keyboard ------------------------------------------------
    @rule(key=hs.sampled_from(KEYS), mod=hs.sampled_from(MODS))
    def press(self, key, mod):
        self.key(key, mod)

    @rule(text=TEXT_BITS)
    def type_text(self, text):
        self.send(pygame.event.Event(pygame.TEXTINPUT, text=text))

    @rule(text=EXPRESSIONS, per_char=hs.booleans(),
          finish=hs.sampled_from(["enter", "enter", "escape", "leave open"]))
    def type_function(self, text, per_char, finish):
        """Open the editor, clear it, type ``text``, then Enter, Esc or nothing."""
        if not self.editing:
            self.key(pygame.K_e)
        assert self.editing
        self.key(pygame.K_a, pygame.KMOD_CTRL)              # all selected, wherever the caret was
        self.key(pygame.K_BACKSPACE)
        assert self.session.state.editing == ""
        for chunk in (text if per_char else [text]):
            self.send(pygame.event.Event(pygame.TEXTINPUT, text=chunk))
        assert self.session.state.editing == text[:st.EDIT_MAX]
        if finish == "enter":
            before = self.session.world.surface
            self.key(pygame.K_RETURN)
            assert not Path("PWNED").exists()          # typed text never runs
            s = self.session.state
            if s.editing is None:          # taken: the world is on the typed surface
                assert s.surface == st.CUSTOM and self.session.world.surface.name == "custom"
                if self.session.world.surface is not before:
                    assert self.session.world.count == 0      # a new surface starts empty
            else:                          # refused: a message, the editor stays open
                assert s.edit_error and isinstance(s.edit_error[0], str) and s.edit_error[0]
        elif finish == "escape":
            self.key(pygame.K_ESCAPE)
            assert not self.editing

    @rule(keys=hs.lists(hs.tuples(hs.sampled_from(sorted(controls.EDIT_MOVES)
                                                     + [pygame.K_BACKSPACE, pygame.K_DELETE,
                                                        pygame.K_a, pygame.K_v]),
                                   hs.sampled_from(MODS)), max_size=12),
          text=hs.none() | TEXT_BITS)
    def edit_in_place(self, keys, text):
        """Open the editor, move the caret, select, delete and type in the
        middle of the text (the caret and selection stay inside it)."""
        if not self.editing:
            self.key(pygame.K_e)
        for k, mod in keys:
            self.key(k, mod)
            f = st.edit_field(self.session.state)
            assert 0 <= f.caret <= len(f.text)
        if text is not None:
            self.send(pygame.event.Event(pygame.TEXTINPUT, text=text))

    @rule(clip=hs.one_of(TEXT_BITS, EXPRESSIONS, hs.just("x\n" * 400), hs.just("error")))
    def paste(self, clip):
        """Ctrl+V in the editor with anything on the clipboard, or no clipboard."""
        from unittest import mock

        def get_text():
            if clip == "error":
                raise pygame.error("no clipboard")
            return clip
        if not self.editing:
            self.key(pygame.K_e)
        before = self.session.state.editing
        with mock.patch.object(pygame.scrap, "get_text", get_text):
            self.key(pygame.K_v, pygame.KMOD_CTRL)
        after = self.session.state.editing
        assert not (set(after) - set(before)) & set("\n\r\t\x00")   # one line, no controls
        assert len(after) <= max(st.EDIT_MAX, len(before))

    @rule(key=hs.sampled_from(sorted(controls.OVERLAY_KEYS) + [pygame.K_c, pygame.K_m, pygame.K_h,
                                                              pygame.K_SPACE, pygame.K_HOME,
                                                              pygame.K_g, pygame.K_x, pygame.K_o,
                                                              pygame.K_COMMA, pygame.K_PERIOD]))
    def toggle(self, key):
        """The switches (overlays, contours, optimizer, race, Newton in the race,
        optimal values, speed, help, pause, Home), more often."""
        self.key(key)

    @rule(times=hs.integers(1, 80), up=hs.booleans())
    def learning_rate_to_the_limit(self, times, up):
        for _ in range(times):
            self.key(pygame.K_EQUALS if up else pygame.K_MINUS)

    # --- rules: the clickable controls (values set outright) -----------------
    @rule(action=hs.one_of(
        hs.tuples(hs.sampled_from([st.SET_LR, st.SET_SECOND]),
                  hs.one_of(hs.floats(allow_nan=True, allow_infinity=True), HUGE_INTS,
                            hs.sampled_from(["0.11", "x", "", None, True, (1,), [2.0]]))),
        hs.tuples(hs.just(st.SET_SPEED), hs.one_of(hs.sampled_from(st.SPEEDS), HUGE_INTS,
                                                   hs.sampled_from([3, 60.0, True, "60", None]))),
        hs.tuples(hs.sampled_from([st.SET_OPTIMIZER, st.TOGGLE_RACER]),
                  hs.sampled_from(optim.names() + ["sgd", "", None, 3, ["gd"]])),
        hs.tuples(hs.just(st.SELECT_SURFACE),
                  hs.sampled_from(NAMES + [st.CUSTOM, "nope", -1, 99, None, ["bowl"]]))))
    def set_value(self, action):
        """What a drop-down, slider, check box or typed entry sends."""
        STATS["events"] += 1
        old = self.session.state
        self.session.dispatch(st.Action(*action), self.renderer, self.target)
        new = self.session.state
        name, arg = action
        if name == st.SET_LR and new.optimizer == old.optimizer:
            lr = st.hyper_of(new)["lr"]
            assert st.LR_MIN <= lr <= st.LR_MAX or lr == st.hyper_of(old)["lr"]
        if name == st.SET_SPEED:
            assert new.speed == (arg if arg in st.SPEEDS and type(arg) is int else old.speed)
        if name == st.TOGGLE_RACER and arg in optim.names():
            assert set(new.race_set) == (set(old.race_set) ^ {arg} or set(old.race_set))

    # --- rules: the mouse ---------------------------------------------------
    @rule(button=hs.integers(1, 5), place=PLACES)
    def click(self, button, place):
        self.send(pygame.event.Event(pygame.MOUSEBUTTONDOWN, button=button, pos=self.pixel(place)))

    @rule(notches=hs.one_of(hs.integers(-12, 12), HUGE_INTS), place=hs.none() | PLACES)
    def wheel(self, notches, place):
        extra = {} if place is None else {"pos": self.pixel(place)}
        self.send(pygame.event.Event(pygame.MOUSEWHEEL, x=0, y=notches, **extra))

    @rule(times=hs.integers(1, 300), inward=hs.booleans(), place=PLACES)
    def zoom_to_the_limit(self, times, inward, place):
        pos = self.pixel(place)
        for _ in range(times):
            self.send(pygame.event.Event(pygame.MOUSEWHEEL, x=0, y=1 if inward else -1, pos=pos))

    @rule(rel=hs.tuples(hs.one_of(hs.integers(-2000, 2000), HUGE_INTS),
                        hs.one_of(hs.integers(-2000, 2000), HUGE_INTS)),
          buttons=hs.sampled_from([(0, 0, 1), (0, 0, 1), (1, 0, 0), (0, 1, 0), (1, 1, 1), (0, 0)]),
          times=hs.integers(1, 20), place=PLACES)
    def drag(self, rel, buttons, times, place):
        for _ in range(times):
            self.send(pygame.event.Event(pygame.MOUSEMOTION, pos=self.pixel(place), rel=rel,
                                         buttons=buttons))

    # --- rules: balls placed directly (as --balls does) ---------------------
    @rule(points=hs.lists(hs.tuples(WORLD, WORLD), min_size=1, max_size=5))
    def spawn_anywhere(self, points):
        STATS["events"] += 1
        self.session.world.spawn(np.array(points, float).T)

    @rule(n=hs.sampled_from([1, 100, 2000, 9999, 10_000, 12_000]), reach=hs.floats(0.0, 3.0),
          seed=hs.integers(0, 2**32 - 1))
    def spawn_cloud(self, n, reach, seed):
        """n balls spread over ``reach`` times the domain about its centre."""
        STATS["events"] += 1
        w = self.session.world
        rng = np.random.default_rng(seed)
        centre, half = (w.lo + w.hi) / 2, (w.hi - w.lo) / 2
        before = w.count
        w.spawn(centre + reach * half * rng.uniform(-1, 1, (2, n)))
        assert w.count == min(before + n, w.cap)

    # --- rules: the window and time -----------------------------------------
    @rule(size=SIZES)
    def resize(self, size):
        STATS["events"] += 1
        self.size = tuple(size)
        if size[0] * size[1] <= DISPLAY_PIXELS:
            self.target = pygame.display.set_mode(size)
        else:
            self.target = pygame.Surface(size)
        if self.renderer is None:
            self.renderer = Renderer(size)
        else:
            self.renderer.resize(size)

    @rule(elapsed=FRAME_TIMES, frames=hs.integers(1, 30))
    def time_passes(self, elapsed, frames):
        for _ in range(frames):
            STATS["events"] += 1
            n = self.session.advance(elapsed)
            assert 0 <= n <= self.session.clock.max_ticks
            assert 0.0 <= self.session.alpha <= 1.0

    @rule(place=hs.none() | PLACES)
    def move_mouse(self, place):
        STATS["events"] += 1
        if place is None:
            self.mouse = None
        else:
            self.send(pygame.event.Event(pygame.MOUSEMOTION, pos=self.pixel(place), rel=(0, 0),
                                         buttons=(0, 0, 0)))

    @rule(fps=hs.sampled_from([None, 0.0, 60.0, 1e9]),
          message=hs.sampled_from(["", "screenshot saved: /tmp/x.png", "é" * 200]))
    def draw(self, fps, message):
        """A frame with an odd frame rate or message in the panel."""
        self.show(fps, message)

    # --- invariants ---------------------------------------------------------
    @invariant()
    def a_frame_draws(self):
        """The app draws a frame after every batch of events: so does the machine."""
        self.show()

    @invariant()
    def balls_finite_and_inside(self):
        w = self.session.world
        STATS["checks"] += 1
        STATS["balls checked"] += w.count
        lo, hi = w.lo, w.hi
        shown = w.interpolated(self.session.alpha)
        for g in w.nonempty():
            moving = g.stopped != STOP_OVERFLOW     # an overflowed state is why a ball stopped
            state = [(k, v.reshape(-1, g.n)[:, moving]) for k, v in g.state.items()
                     if v.dtype.kind == "f"]
            for name, a in [("x", g.x), ("prev", g.prev), ("drawn", shown[g.rule.name]),
                            ("trail", g.trail.reshape(2, -1))] + state:
                finite = np.isfinite(a).all(axis=0)
                STATS["NaN"] += int((~finite).sum())
                assert finite.all(), f"{g.rule.name} {name}: {int((~finite).sum())} balls not finite"
                if name in ("x", "prev", "drawn", "trail"):
                    out = ((a < lo) | (a > hi)).any(axis=0)
                    STATS["escapes"] += int(out.sum())
                    assert not out.any(), f"{name}: {int(out.sum())} balls outside the domain"

    @invariant()
    def view_finite_and_not_empty(self):
        s = self.session
        view = s.state.view or st.domain_of(s.state)
        assert _finite_rect(view), view
        vp = s.viewport(self.renderer)
        assert _finite_rect(vp.view), vp.view
        left, top, w, h = vp.rect
        assert w >= 1 and h >= 1
        assert np.isfinite(vp.scale) and vp.scale > 0, vp

    @invariant()
    def state_valid_and_world_agrees(self):
        s = self.session
        st.check(s.state)
        w = s.world
        assert w.surface is st.surface_of(s.state)
        assert w.optimizer == s.state.optimizer and w.race_set == s.state.race_set
        for name in optim.names():
            assert w.hyper(name) == st.hyper_of(s.state, name)
        assert s.clock.tick == 1.0 / s.state.speed
        # (a typed function reopened in the editor may pass the cap; it never grows)
        assert s.state.editing is None or \
            len(s.state.editing) <= max(st.EDIT_MAX, len(s.state.expr or ""))

    def teardown(self):
        STATS["runs"] += 1


STEPS = int(os.environ.get("GC_FUZZ_STEPS", "0") or 0)


def test_session_machine(monkeypatch, tmp_path):
    """No sequence of inputs crashes the session, leaves a ball NaN or outside
    the domain, empties the view or breaks the state."""
    monkeypatch.chdir(tmp_path)              # S saves screenshots in the current folder
    STATS.clear()
    start, t0 = rss_mb(), time.perf_counter()

    run_state_machine_as_test(SessionMachine, settings=fuzz_settings(
        20, stateful_step_count=STEPS or 30))
    # Invariants are checked once after start-up and once after every step.
    STATS["steps"] = STATS["checks"] - STATS["runs"]
    figures = dict(STATS, seconds=round(time.perf_counter() - t0, 1),
                   rss_start_mb=round(start, 1), rss_end_mb=round(rss_mb(), 1),
                   rss_end_trimmed_mb=round(trimmed_rss_mb(), 1))
    print("\nsession machine:", json.dumps(figures))
    if os.environ.get("GC_FUZZ_REPORT"):
        Path(os.environ["GC_FUZZ_REPORT"]).write_text(json.dumps(figures) + "\n")
    assert STATS["NaN"] == 0 and STATS["escapes"] == 0
