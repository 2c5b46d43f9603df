"""What the user has chosen, the Action names, and ``apply(state, action)``.

Pure Python (no pygame). ``apply`` returns a new :class:`State`; actions that
act on the world or the window (spawn, clear, step, screenshot, quit) leave
the state as it is and are carried out by the app.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, replace
from typing import Any, NamedTuple

from . import optim, surfaces, tuning
from .editing import (EDIT_BACKSPACE, EDIT_CANCEL, EDIT_COPY, EDIT_CUT,  # noqa: F401
                      EDIT_DELETE, EDIT_END, EDIT_FAIL,
                      EDIT_HOME, EDIT_INSERT, EDIT_PLACE, EDIT_LEFT, EDIT_MAX, EDIT_PASTE, EDIT_RIGHT,
                      EDIT_SELECT_ALL, EDIT_START, EDIT_SUBMIT, EDITOR_ACTIONS, SET_CUSTOM,
                      _CLOSED, apply_edit, edit_field)
from .tuning import LR_FACTOR, LR_MAX, LR_MIN, SECOND_MAX  # noqa: F401  (one range for keys and flags)
from .views import ZOOM_MAX, ZOOM_MIN, _is_view, _num, pan_view, zoom_view  # noqa: F401

SPEEDS = (1, 2, 5, 10, 15, 30, 60, 120, 240, 480, 960)   # ticks per second of real time
SPEED_DEFAULT = 60


class Action(NamedTuple):
    """A thing the user asked for; ``arg`` carries a position or a name."""

    name: str
    arg: Any = None


# Action names.
CYCLE_OPTIMIZER = "cycle_optimizer"   # arg: +1 next, −1 previous (the rule for new balls)
TOGGLE_CONTOURS = "toggle_contours"
NEXT_SURFACE = "next_surface"
TOGGLE_PAUSE = "toggle_pause"
STEP = "step"
CLEAR = "clear"
LR_UP, LR_DOWN = "lr_up", "lr_down"              # the selected optimizer's lr
SECOND_UP, SECOND_DOWN = "second_up", "second_down"   # its momentum, alpha or beta1
TOGGLE_RACE = "toggle_race"
TOGGLE_NEWTON = "toggle_newton"    # newton in or out of the race set
SPEED_UP, SPEED_DOWN = "speed_up", "speed_down"
APPLY_OPTIMAL = "apply_optimal"    # the selected optimizer's optimal values (constant H only)
TOGGLE_HELP = "toggle_help"
SCREENSHOT = "screenshot"
BASIN_GRID = "basin_grid"   # the app drops a 300 × 300 grid of balls over the view (game.basin)
QUIT = "quit"
BACK = "back"            # Esc or Q: close what is on top (editor, help); else the app asks
SPAWN = "spawn"          # arg: screen position (px, py)
SELECT_SURFACE = "select_surface"   # arg: index into surfaces.names()
TOGGLE_OVERLAY = "toggle_overlay"   # arg: overlay name
ZOOM = "zoom"            # arg: (x, y, factor) in world units; the app converts pixels
PAN = "pan"              # arg: (dx, dy) in world units
RESET_VIEW = "reset_view"
# Values set outright (the clickable controls): a name or a number as arg.
SET_OPTIMIZER = "set_optimizer"    # arg: a rule's name (the rule for new balls)
SET_LR = "set_lr"                  # arg: the selected optimizer's lr, kept in [LR_MIN, LR_MAX]
SET_SECOND = "set_second"          # arg: its momentum, alpha or beta1, kept as [ / ] keep it
SET_SPEED = "set_speed"            # arg: ticks per second, one of SPEEDS
TOGGLE_RACER = "toggle_racer"      # arg: a rule's name, in or out of the race set

OVERLAYS = ("quiver", "rose", "level", "slices", "curvature", "jacobian")
CUSTOM = "custom"


@dataclass(frozen=True)
class State:
    """Everything the user chose. Immutable: ``apply`` makes a new one."""

    surface: str = "hill"
    optimizer: str = "momentum"        # the rule for new balls
    hyper: tuple = ()                  # (rule, key, value) the user set; see game.tuning
    race: bool = False                 # a click spawns the race set
    race_set: tuple = optim.RACE_DEFAULT
    speed: int = SPEED_DEFAULT         # ticks per second of real time
    contours: bool = False
    paused: bool = False
    help: bool = False
    overlays: frozenset = frozenset()
    view: tuple | None = None          # world rectangle shown; None: the domain
    expr: str | None = None            # the typed function, when surface == "custom"
    domain: tuple | None = None        # its domain
    editing: str | None = None         # the editor's text while it is open
    edit_error: tuple | None = None    # (message, position or None)
    edit_caret: int | None = None      # the editor's caret, 0 … len(editing); None: at the end
    edit_anchor: int | None = None     # where its selection starts; None: nothing selected

    def __post_init__(self):
        check(self)

    @property
    def edit_selected(self) -> bool:
        """Some of the editor's text is selected: typing replaces it."""
        return self.editing is not None and edit_field(self).anchor is not None


def check(state: State) -> None:
    """Raise ``ValueError`` with one clear line if ``state`` is not valid."""
    if state.surface == CUSTOM:
        if state.expr is None or state.domain is None:
            raise ValueError("the custom surface needs an expression and a domain")
    elif state.surface not in surfaces.SURFACES:
        raise ValueError(
            f"unknown surface {state.surface!r}; choose one of: {', '.join(surfaces.names())}")
    optim.get(state.optimizer)
    tuning.check(state.hyper)
    if not (isinstance(state.race_set, tuple) and state.race_set
            and [optim.get(n).name for n in state.race_set] == race_order(state.race_set)):
        raise ValueError(f"the race set must be distinct optimizer names in menu order, "
                         f"not {state.race_set!r}")
    if state.speed not in SPEEDS:
        raise ValueError(f"the speed must be one of {', '.join(map(str, SPEEDS))} ticks per "
                         f"second, not {state.speed!r}")
    unknown = set(state.overlays) - set(OVERLAYS)
    if unknown:
        raise ValueError(f"unknown overlay {sorted(unknown)[0]!r}; choose from: {', '.join(OVERLAYS)}")
    if state.domain is not None:
        from .expr.domain import _check_domain   # numpy only; sympy stays unloaded
        _check_domain(state.domain)
    if state.view is not None and not _is_view(state.view):
        raise ValueError(f"the view must be 4 finite numbers xmin < xmax, ymin < ymax, "
                         f"not {state.view!r}")
    if state.editing is not None:
        edit_field(state)                    # the caret and the anchor inside the text
    elif (state.edit_caret, state.edit_anchor) != (None, None):
        raise ValueError("a caret or a selection needs the editor open")


def surface_cycle(state: State) -> list[str]:
    """The surfaces that Tab and B cycle through: the registry, then the
    typed function if there is one."""
    return surfaces.names() + ([CUSTOM] if state.expr is not None else [])


_CUSTOM: dict = {}


def custom_surface(text: str, domain):
    """The compiled surface of a typed function, cached (sympy is slow).
    Raises ``game.expr.ExprError`` for refused text."""
    from . import expr        # sympy loads only when a custom function is used
    key = (text, tuple(domain))
    surface = _CUSTOM.get(key)
    if surface is None:
        try:
            surface = expr.make_surface(text, domain)
        except ImportError as exc:
            raise expr.ExprError(f"{exc.name or 'sympy'} is not installed; run: "
                                 "python3 -m pip install -r requirements.txt") from None
        if len(_CUSTOM) >= 32:
            _CUSTOM.clear()
        _CUSTOM[key] = surface
        _CUSTOM[(surface.extra["text"], surface.domain)] = surface
    return surface


def surface_of(state: State):
    """The Surface the state names: from the registry, or the typed function."""
    if state.surface == CUSTOM:
        return custom_surface(state.expr, state.domain)
    return surfaces.get(state.surface)


def domain_of(state: State):
    return state.domain if state.surface == CUSTOM else surfaces.get(state.surface).domain


def _next_in(seq, current, step: int = 1):
    seq = list(seq)
    return seq[(seq.index(current) + step) % len(seq)] if current in seq else seq[0]


def race_order(names) -> list:
    """``names`` without repeats, in the registry's order."""
    chosen = set(names)
    return [n for n in optim.names() if n in chosen]


def hyper_of(state: State, name: str | None = None) -> dict:
    """The full hyperparameters of rule ``name`` (default: the selected
    optimizer) on the state's surface, torch's names."""
    return tuning.hyper_of(state.hyper, name or state.optimizer, surface_of(state))


def _speed(state: State, step: int) -> int:
    i = SPEEDS.index(state.speed) + step
    return SPEEDS[min(max(i, 0), len(SPEEDS) - 1)]


def _set_lr(state: State, value: float) -> tuple:
    """The overrides with the selected optimizer's lr at ``value``, kept in
    [LR_MIN, LR_MAX]."""
    return tuning.with_values(state.hyper, state.optimizer,
                              {"lr": min(max(value, LR_MIN), LR_MAX)})


def _set_second(state: State, value: float) -> tuple:
    """The overrides with the selected optimizer's second parameter at
    ``value``, kept where the [ / ] keys keep it (unchanged if it has none)."""
    rule = optim.get(state.optimizer)
    if rule.second is None:
        return state.hyper
    key = "betas" if rule.second == "beta1" else rule.second
    spec = rule.spec(key)
    low = spec.lo + tuning.SECOND_STEP[rule.second] if spec.lo_open else spec.lo
    new = rule.with_second(hyper_of(state), min(max(value, low), SECOND_MAX))
    return tuning.with_values(state.hyper, rule.name, {key: new[key]})


def apply(state: State, action: Action) -> State:
    """The state after ``action``.

    >>> s = apply(State(), Action(CYCLE_OPTIMIZER, 1))
    >>> s.optimizer, apply(s, Action(CYCLE_OPTIMIZER, -1)).optimizer
    ('nesterov', 'momentum')
    >>> s = apply(State(surface="bowl", optimizer="adam"), Action(LR_UP))
    >>> s.hyper, hyper_of(s)["lr"]
    ((('adam', 'lr', 0.025),), 0.025)
    >>> apply(State(), Action(SPEED_UP)).speed, apply(State(), Action(TOGGLE_NEWTON)).race_set[-1]
    (120, 'newton')
    >>> s = apply(State(surface="bowl"), Action(SET_LR, 0.11))
    >>> hyper_of(s)["lr"], hyper_of(apply(s, Action(SET_SECOND, 2.0)))["momentum"]
    (0.11, 0.99)
    """
    name = action.name
    if name == CYCLE_OPTIMIZER:
        step = -1 if action.arg == -1 else 1
        return replace(state, optimizer=_next_in(optim.names(), state.optimizer, step))
    if name == TOGGLE_RACE:
        return replace(state, race=not state.race)
    if name == TOGGLE_NEWTON:
        names = set(state.race_set) ^ {"newton"}
        return replace(state, race_set=tuple(race_order(names))) if names else state
    if name in (SPEED_UP, SPEED_DOWN):
        return replace(state, speed=_speed(state, 1 if name == SPEED_UP else -1))
    if name == TOGGLE_CONTOURS:
        return replace(state, contours=not state.contours)
    if name == NEXT_SURFACE:
        return replace(state, surface=_next_in(surface_cycle(state), state.surface), view=None)
    if name == SELECT_SURFACE:       # arg: an index into surfaces.names(), or a name
        names = surfaces.names()
        if isinstance(action.arg, int) and 0 <= action.arg < len(names):
            return replace(state, surface=names[action.arg], view=None)
        if isinstance(action.arg, str) and action.arg in surface_cycle(state):
            return replace(state, surface=action.arg, view=None)
        return state
    if name in (SET_OPTIMIZER, TOGGLE_RACER):
        if not isinstance(action.arg, str) or action.arg not in optim.RULES:
            return state
        if name == SET_OPTIMIZER:
            return replace(state, optimizer=action.arg)
        names = set(state.race_set) ^ {action.arg}
        return replace(state, race_set=tuple(race_order(names))) if names else state
    if name == SET_SPEED:
        ok = isinstance(action.arg, int) and not isinstance(action.arg, bool) and action.arg in SPEEDS
        return replace(state, speed=action.arg) if ok else state
    if name in (SET_LR, SET_SECOND):
        value = _num(action.arg)          # NaN for what is not a number
        if isinstance(action.arg, bool) or not math.isfinite(value):
            return state
        return replace(state, hyper=(_set_lr if name == SET_LR else _set_second)(state, value))
    if name == TOGGLE_OVERLAY:
        if action.arg not in OVERLAYS:
            return state
        return replace(state, overlays=state.overlays ^ {action.arg})
    if name in (ZOOM, PAN):
        try:
            args = tuple(_num(a) for a in action.arg)
        except TypeError:                       # not a sequence
            return state
        if len(args) != (3 if name == ZOOM else 2) or not all(map(math.isfinite, args)):
            return state
        if name == ZOOM and args[2] <= 0:
            return state
        dom = domain_of(state)
        move = zoom_view if name == ZOOM else pan_view
        return replace(state, view=move(state.view or dom, dom, *args))
    if name == RESET_VIEW:
        return replace(state, view=None)
    if name == BACK:
        if state.editing is not None:
            return replace(state, **_CLOSED)
        return replace(state, help=False) if state.help else state
    if name == EDIT_START or (state.editing is not None and name in EDITOR_ACTIONS):
        return apply_edit(state, action, CUSTOM)
    if name == TOGGLE_PAUSE:
        return replace(state, paused=not state.paused)
    if name == STEP:
        return replace(state, paused=True)
    if name in (LR_UP, LR_DOWN):
        up = 1 if name == LR_UP else -1
        return replace(state, hyper=tuning.lr_step(state.hyper, state.optimizer,
                                                   surface_of(state), up))
    if name in (SECOND_UP, SECOND_DOWN):
        up = 1 if name == SECOND_UP else -1
        return replace(state, hyper=tuning.second_step(state.hyper, state.optimizer,
                                                       surface_of(state), up))
    if name == APPLY_OPTIMAL:
        values, _ = tuning.optimal_values(state.optimizer, surface_of(state))
        if values is None:
            return state
        return replace(state, hyper=tuning.with_values(state.hyper, state.optimizer, values))
    if name == TOGGLE_HELP:
        return replace(state, help=not state.help)
    return state
