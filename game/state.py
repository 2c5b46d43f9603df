"""What the user has chosen, the Action names, and ``apply(state, action)``.

Pure Python (no pygame). ``apply`` returns a new :class:`State`; actions that
act on the world or the window (spawn, clear, step, screenshot, quit) leave
the state as it is and are carried out by the app.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, replace
from typing import Any, NamedTuple

from . import optimizers, surfaces

from .optimizers import LR_MAX, LR_MIN  # one range for the keys and the defaults
from .views import ZOOM_MAX, ZOOM_MIN, _is_view, _num, pan_view, zoom_view  # noqa: F401

LR_FACTOR = 1.25
MU_MIN, MU_MAX, MU_STEP = 0.0, 0.99, 0.05


class Action(NamedTuple):
    """A thing the user asked for; ``arg`` carries a position or a name."""

    name: str
    arg: Any = None


# Action names.
TOGGLE_MODE = "toggle_mode"
TOGGLE_CONTOURS = "toggle_contours"
NEXT_SURFACE = "next_surface"
TOGGLE_PAUSE = "toggle_pause"
STEP = "step"
CLEAR = "clear"
LR_UP, LR_DOWN = "lr_up", "lr_down"
MU_UP, MU_DOWN = "mu_up", "mu_down"
TOGGLE_HELP = "toggle_help"
SCREENSHOT = "screenshot"
QUIT = "quit"
SPAWN = "spawn"          # arg: screen position (px, py)
SELECT_SURFACE = "select_surface"   # arg: index into surfaces.names()
TOGGLE_OVERLAY = "toggle_overlay"   # arg: overlay name
ZOOM = "zoom"            # arg: (x, y, factor) in world units; the app converts pixels
PAN = "pan"              # arg: (dx, dy) in world units
RESET_VIEW = "reset_view"
EDIT_START = "edit_start"
EDIT_INSERT = "edit_insert"        # arg: text typed
EDIT_BACKSPACE = "edit_backspace"
EDIT_SUBMIT = "edit_submit"        # the app compiles the text, then SET_CUSTOM or EDIT_FAIL
EDIT_CANCEL = "edit_cancel"
EDIT_FAIL = "edit_fail"            # arg: (message, position or None)
SET_CUSTOM = "set_custom"          # arg: (text, domain)

OVERLAYS = ("quiver", "rose", "level", "slices", "curvature", "jacobian")
CUSTOM = "custom"
EDIT_MAX = 300           # characters in the function editor


@dataclass(frozen=True)
class State:
    """Everything the user chose. Immutable: ``apply`` makes a new one."""

    surface: str = "hill"
    mode: str = "momentum"
    lr: float = 0.005
    mu: float = 0.9
    contours: bool = False
    paused: bool = False
    help: bool = False
    overlays: frozenset = frozenset()
    view: tuple | None = None          # world rectangle shown; None: the domain
    expr: str | None = None            # the typed function, when surface == "custom"
    domain: tuple | None = None        # its domain
    editing: str | None = None         # the editor's text while it is open
    edit_error: tuple | None = None    # (message, position or None)

    def __post_init__(self):
        check(self)


def check(state: State) -> None:
    """Raise ``ValueError`` with one clear line if ``state`` is not valid."""
    if state.surface == CUSTOM:
        if state.expr is None or state.domain is None:
            raise ValueError("the custom surface needs an expression and a domain")
    elif state.surface not in surfaces.SURFACES:
        raise ValueError(
            f"unknown surface {state.surface!r}; choose one of: {', '.join(surfaces.names())}")
    if state.mode not in optimizers.MODES:
        raise ValueError(
            f"unknown optimizer {state.mode!r}; choose one of: {', '.join(optimizers.MODES)}")
    if not (math.isfinite(state.lr) and state.lr > 0):
        raise ValueError(f"the learning rate must be a finite number > 0, not {state.lr!r}")
    if not (math.isfinite(state.mu) and 0.0 <= state.mu < 1.0):
        raise ValueError(f"the momentum must be in [0, 1), not {state.mu!r}")
    unknown = set(state.overlays) - set(OVERLAYS)
    if unknown:
        raise ValueError(f"unknown overlay {sorted(unknown)[0]!r}; choose from: {', '.join(OVERLAYS)}")
    if state.domain is not None:
        from .expr.domain import _check_domain   # numpy only; sympy stays unloaded
        _check_domain(state.domain)
    if state.view is not None and not _is_view(state.view):
        raise ValueError(f"the view must be 4 finite numbers xmin < xmax, ymin < ymax, "
                         f"not {state.view!r}")


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


def _next_in(seq, current):
    seq = list(seq)
    return seq[(seq.index(current) + 1) % len(seq)] if current in seq else seq[0]


def apply(state: State, action: Action) -> State:
    """The state after ``action``.

    >>> s = apply(State(), Action(TOGGLE_MODE))
    >>> s.mode, apply(s, Action(TOGGLE_MODE)).mode
    ('gd', 'momentum')
    >>> apply(State(lr=0.01), Action(LR_UP)).lr
    0.0125
    """
    name = action.name
    if name == TOGGLE_MODE:
        return replace(state, mode=_next_in(optimizers.MODES, state.mode))
    if name == TOGGLE_CONTOURS:
        return replace(state, contours=not state.contours)
    if name == NEXT_SURFACE:
        return replace(state, surface=_next_in(surface_cycle(state), state.surface), view=None)
    if name == SELECT_SURFACE:
        names = surfaces.names()
        if isinstance(action.arg, int) and 0 <= action.arg < len(names):
            return replace(state, surface=names[action.arg], view=None)
        return state
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
    if name == EDIT_START:
        return replace(state, editing=state.expr or "", edit_error=None, help=False)
    if state.editing is not None:
        if name == EDIT_INSERT:
            text = (state.editing + str(action.arg))[:EDIT_MAX]
            return replace(state, editing=text, edit_error=None)
        if name == EDIT_BACKSPACE:
            return replace(state, editing=state.editing[:-1], edit_error=None)
        if name == EDIT_CANCEL:
            return replace(state, editing=None, edit_error=None)
        if name == EDIT_FAIL:
            return replace(state, edit_error=tuple(action.arg))
        if name == SET_CUSTOM:
            text, domain = action.arg
            return replace(state, surface=CUSTOM, expr=text, domain=tuple(domain),
                           editing=None, edit_error=None, view=None)
    if name == TOGGLE_PAUSE:
        return replace(state, paused=not state.paused)
    if name == STEP:
        return replace(state, paused=True)
    if name == LR_UP:
        return replace(state, lr=min(state.lr * LR_FACTOR, LR_MAX))
    if name == LR_DOWN:
        return replace(state, lr=max(state.lr / LR_FACTOR, LR_MIN))
    if name == MU_UP:
        return replace(state, mu=round(min(state.mu + MU_STEP, MU_MAX), 10))
    if name == MU_DOWN:
        return replace(state, mu=round(max(state.mu - MU_STEP, MU_MIN), 10))
    if name == TOGGLE_HELP:
        return replace(state, help=not state.help)
    return state
