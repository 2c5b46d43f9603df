"""The key and mouse map: a pygame event → an :class:`~game.state.Action`.

No window and no event queue are needed: tests build
``pygame.event.Event(pygame.KEYDOWN, key=pygame.K_c)`` and call
:func:`action_for` directly.
"""
from __future__ import annotations

import pygame

from . import state as st
from .state import Action

KEYS = {
    pygame.K_m: st.TOGGLE_MODE,
    pygame.K_c: st.TOGGLE_CONTOURS,
    pygame.K_b: st.NEXT_SURFACE,
    pygame.K_TAB: st.NEXT_SURFACE,
    pygame.K_SPACE: st.TOGGLE_PAUSE,
    pygame.K_n: st.STEP,
    pygame.K_r: st.CLEAR,
    pygame.K_PLUS: st.LR_UP,
    pygame.K_EQUALS: st.LR_UP,       # the + key without Shift
    pygame.K_KP_PLUS: st.LR_UP,
    pygame.K_MINUS: st.LR_DOWN,
    pygame.K_KP_MINUS: st.LR_DOWN,
    pygame.K_RIGHTBRACKET: st.MU_UP,
    pygame.K_LEFTBRACKET: st.MU_DOWN,
    pygame.K_h: st.TOGGLE_HELP,
    pygame.K_F1: st.TOGGLE_HELP,
    pygame.K_s: st.SCREENSHOT,
    pygame.K_ESCAPE: st.QUIT,
    pygame.K_q: st.QUIT,
}

# What the help overlay and the README list, in this order.
HELP = (
    ("left click", "spawn a ball at the cursor"),
    ("M", "switch gradient descent ↔ momentum"),
    ("C", "show or hide contour lines"),
    ("B / Tab", "switch surface"),
    ("Space", "pause and resume"),
    ("N", "one tick (pauses)"),
    ("R", "remove all balls"),
    ("+ / −", "change the learning rate η"),
    ("[ / ]", "change the momentum μ"),
    ("H / F1", "show or hide this help"),
    ("S", "save a PNG screenshot"),
    ("Esc / Q", "quit"),
)


def action_for(event) -> Action | None:
    """The action that ``event`` asks for, or ``None``."""
    if event.type == pygame.QUIT:
        return Action(st.QUIT)
    if event.type == pygame.KEYDOWN:
        name = KEYS.get(getattr(event, "key", None))
        return Action(name) if name else None
    if event.type == pygame.MOUSEBUTTONDOWN and getattr(event, "button", 0) == 1:
        return Action(st.SPAWN, tuple(event.pos))
    return None
