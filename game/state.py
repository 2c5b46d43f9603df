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

LR_MIN, LR_MAX, LR_FACTOR = 1e-5, 10.0, 1.25
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

    def __post_init__(self):
        check(self)


def check(state: State) -> None:
    """Raise ``ValueError`` with one clear line if ``state`` is not valid."""
    if state.surface not in surfaces.SURFACES:
        raise ValueError(
            f"unknown surface {state.surface!r}; choose one of: {', '.join(surfaces.names())}")
    if state.mode not in optimizers.MODES:
        raise ValueError(
            f"unknown optimizer {state.mode!r}; choose one of: {', '.join(optimizers.MODES)}")
    if not (math.isfinite(state.lr) and state.lr > 0):
        raise ValueError(f"the learning rate must be a finite number > 0, not {state.lr!r}")
    if not (math.isfinite(state.mu) and 0.0 <= state.mu < 1.0):
        raise ValueError(f"the momentum must be in [0, 1), not {state.mu!r}")


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
        return replace(state, surface=_next_in(surfaces.names(), state.surface))
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
