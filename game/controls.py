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
    pygame.K_g: st.TOGGLE_RACE,
    pygame.K_x: st.TOGGLE_NEWTON,
    pygame.K_o: st.APPLY_OPTIMAL,
    pygame.K_COMMA: st.SPEED_DOWN,
    pygame.K_PERIOD: st.SPEED_UP,
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
    pygame.K_RIGHTBRACKET: st.SECOND_UP,
    pygame.K_LEFTBRACKET: st.SECOND_DOWN,
    pygame.K_h: st.TOGGLE_HELP,
    pygame.K_F1: st.TOGGLE_HELP,
    pygame.K_s: st.SCREENSHOT,
    pygame.K_a: st.BASIN_GRID,       # basins of attraction (Ctrl+A selects all in the editor)
    pygame.K_ESCAPE: st.BACK,
    pygame.K_q: st.BACK,             # Q is Esc outside the editor (there it is a letter)
    pygame.K_HOME: st.RESET_VIEW,
    pygame.K_e: st.EDIT_START,
}

OVERLAY_KEYS = {
    pygame.K_v: "quiver",
    pygame.K_d: "rose",
    pygame.K_l: "level",
    pygame.K_p: "slices",
    pygame.K_k: "curvature",
    pygame.K_j: "jacobian",
}

# 1 … 9, 0 pick surfaces 1 … 10; Shift+1, Shift+2 … pick 11, 12 …
DIGITS = [pygame.K_1, pygame.K_2, pygame.K_3, pygame.K_4, pygame.K_5,
          pygame.K_6, pygame.K_7, pygame.K_8, pygame.K_9, pygame.K_0]
KP_DIGITS = [pygame.K_KP1, pygame.K_KP2, pygame.K_KP3, pygame.K_KP4, pygame.K_KP5,
             pygame.K_KP6, pygame.K_KP7, pygame.K_KP8, pygame.K_KP9, pygame.K_KP0]

EDIT_KEYS = {
    pygame.K_RETURN: st.EDIT_SUBMIT,
    pygame.K_KP_ENTER: st.EDIT_SUBMIT,
    pygame.K_ESCAPE: st.EDIT_CANCEL,
    pygame.K_BACKSPACE: st.EDIT_BACKSPACE,
    pygame.K_DELETE: st.EDIT_DELETE,
}
EDIT_MOVES = {                     # with Shift they select as they move
    pygame.K_LEFT: st.EDIT_LEFT,
    pygame.K_RIGHT: st.EDIT_RIGHT,
    pygame.K_HOME: st.EDIT_HOME,
    pygame.K_END: st.EDIT_END,
}
EDIT_CTRL = {pygame.K_a: st.EDIT_SELECT_ALL, pygame.K_v: st.EDIT_PASTE,   # Ctrl (or Cmd)+key
             pygame.K_c: st.EDIT_COPY, pygame.K_x: st.EDIT_CUT}

# Keys that repeat while held (pygame.key.set_repeat in the app); every other
# key acts once per press however long it is held, so that a held H does not
# flicker the help card and a held Esc does not quit.
REPEATING = frozenset({
    pygame.K_BACKSPACE, pygame.K_DELETE, pygame.K_PLUS, pygame.K_EQUALS, pygame.K_KP_PLUS,
    pygame.K_MINUS, pygame.K_KP_MINUS, pygame.K_LEFTBRACKET, pygame.K_RIGHTBRACKET,
    pygame.K_LEFT, pygame.K_RIGHT, pygame.K_UP, pygame.K_DOWN,
})
REPEAT_DELAY_MS, REPEAT_INTERVAL_MS = 400, 40


class HeldKeys:
    """Which keys are down, to tell a held key's repeated ``KEYDOWN`` from a
    new press. :meth:`passes` lets through presses, and repeats of the keys in
    :data:`REPEATING` only.

    >>> held = HeldKeys()
    >>> h = pygame.event.Event(pygame.KEYDOWN, key=pygame.K_h)
    >>> held.passes(h), held.passes(h)
    (True, False)
    >>> minus = pygame.event.Event(pygame.KEYDOWN, key=pygame.K_MINUS)
    >>> held.passes(minus), held.passes(minus)
    (True, True)
    """

    def __init__(self):
        self.down: set = set()

    def passes(self, event) -> bool:
        key = getattr(event, "key", None)
        if event.type == pygame.KEYDOWN:
            if key in self.down:
                return key in REPEATING
            self.down.add(key)
        elif event.type == pygame.KEYUP:
            self.down.discard(key)
        elif event.type in (pygame.WINDOWFOCUSLOST, pygame.WINDOWFOCUSGAINED):
            self.down.clear()          # a key released elsewhere sends no KEYUP here
        return True


# Actions in screen units, which the app turns into world units.
ZOOM_AT_PIXEL = "zoom_at_pixel"     # arg: (px, py, factor)
PAN_PIXELS = "pan_pixels"           # arg: (dx, dy) in pixels, screen y down
EDIT_CLICK = "edit_click"           # arg: (px, py, True with Shift): a click while the editor is open
WHEEL_FACTOR = 0.8                  # view width per wheel notch up

# What the help overlay and the README list, in this order.
HELP = (
    ("left click", "spawn a ball at the cursor"),
    ("wheel / right-drag", "zoom about the cursor / pan"),
    ("Home", "reset the view"),
    ("M / Shift+M", "next / previous optimizer for new balls"),
    ("G", "race mode: a click spawns the race set at one point"),
    ("X", "Newton in or out of the race set"),
    ("O", "optimal lr (and momentum) on a constant-Hessian surface"),
    (", / .", "slower / faster: 1 … 960 ticks per second"),
    ("C", "show or hide contour lines"),
    ("1 … 9, 0, Shift+1 …", "pick a surface (listed on the right)"),
    ("B / Tab", "next surface"),
    ("E", "type your own f(x, y)"),
    ("V", "gradient field (quiver)"),
    ("D", "compass rose of D_u f = ∇f·u"),
    ("L", "level curve, tangent ⊥ ∇f"),
    ("P", "partial slices ∂f/∂x, ∂f/∂y"),
    ("K", "curvature: Hessian axes, Newton step"),
    ("J", "Jacobian lens of the gradient map"),
    ("Space", "pause and resume"),
    ("N", "one tick (pauses)"),
    ("R", "remove all balls"),
    ("+ / −", "the selected optimizer's learning rate η (hold)"),
    ("[ / ]", "its momentum, alpha or beta1 (hold)"),
    ("H / F1", "show or hide this help"),
    ("A", "basins: a 300 × 300 grid of balls, coloured by where each settles"),
    ("S", "save a PNG screenshot"),
    ("Esc / Q", "close help or editor; else twice in 2 s: quit"),
)


def surface_key(index: int) -> str:
    """The key that picks surface number ``index`` (0-based)."""
    digit = "1234567890"[index % 10]
    return digit if index < 10 else f"Shift+{digit}"


def clipboard_text() -> str:
    """The clipboard's text, or "" when there is none or no clipboard at all
    (no window yet, a display without one): pasting then does nothing."""
    try:
        import pygame.scrap
        text = pygame.scrap.get_text()
    except (pygame.error, ImportError, NotImplementedError, AttributeError, UnicodeError):
        return ""
    if isinstance(text, bytes):
        text = text.decode("utf-8", "replace")
    return text if isinstance(text, str) else ""


def put_clipboard(text: str) -> bool:
    """``text`` on the clipboard; False when there is no clipboard (no
    window yet, a display without one): copying then does nothing."""
    try:
        import pygame.scrap
        pygame.scrap.put_text(text)
    except (pygame.error, ImportError, NotImplementedError, AttributeError, UnicodeError):
        return False
    return True


def _edit_key(event) -> Action | None:
    """A key pressed in the function editor: the keys that edit or move the
    caret (Shift selects as it moves), Ctrl+A, Ctrl+C, Ctrl+X, Ctrl+V (the
    clipboard's text rides in the action), Enter and Esc. Letters arrive as ``TEXTINPUT``."""
    key = getattr(event, "key", None)
    mod = getattr(event, "mod", 0)
    if mod & (pygame.KMOD_CTRL | pygame.KMOD_GUI) and key in EDIT_CTRL:
        if EDIT_CTRL[key] == st.EDIT_PASTE:
            text = clipboard_text()
            return Action(st.EDIT_PASTE, text) if text else None
        return Action(EDIT_CTRL[key])
    if key in EDIT_MOVES:
        return Action(EDIT_MOVES[key], bool(mod & pygame.KMOD_SHIFT))
    name = EDIT_KEYS.get(key)
    return Action(name) if name else None


def action_for(event, editing: bool = False) -> Action | None:
    """The action that ``event`` asks for, or ``None``.

    While the function editor is open (``editing``), keys edit the text:
    typed characters arrive as ``TEXTINPUT``; ←/→, Home/End move the caret
    (with Shift selecting), Backspace/Delete, Ctrl+A selects all, Ctrl+C
    copies, Ctrl+X cuts, Ctrl+V pastes, Enter submits, Esc cancels.
    Elsewhere Esc and Q are ``BACK`` (the session closes the help card, or
    asks for a second press before it quits, its arg names the key); only
    closing the window quits at once.
    """
    if event.type == pygame.QUIT:
        return Action(st.QUIT)
    if editing:
        if event.type == pygame.TEXTINPUT:
            return Action(st.EDIT_INSERT, event.text)
        if event.type == pygame.KEYDOWN:
            return _edit_key(event)
        if event.type == pygame.MOUSEBUTTONDOWN and getattr(event, "button", 0) == 1:
            shift = bool(pygame.key.get_mods() & pygame.KMOD_SHIFT)
            return Action(EDIT_CLICK, (*event.pos, shift))
        return None
    if event.type == pygame.KEYDOWN:
        key = getattr(event, "key", None)
        if key in OVERLAY_KEYS:
            return Action(st.TOGGLE_OVERLAY, OVERLAY_KEYS[key])
        digits = DIGITS if key in DIGITS else KP_DIGITS if key in KP_DIGITS else None
        if digits is not None:
            shift = bool(getattr(event, "mod", 0) & pygame.KMOD_SHIFT)
            return Action(st.SELECT_SURFACE, digits.index(key) + (10 if shift else 0))
        if key == pygame.K_m:
            shift = bool(getattr(event, "mod", 0) & pygame.KMOD_SHIFT)
            return Action(st.CYCLE_OPTIMIZER, -1 if shift else 1)
        name = KEYS.get(key)
        if name == st.BACK:
            return Action(st.BACK, "Q" if key == pygame.K_q else "Esc")
        return Action(name) if name else None
    if event.type == pygame.MOUSEBUTTONDOWN and getattr(event, "button", 0) == 1:
        return Action(st.SPAWN, tuple(event.pos))
    if event.type == pygame.MOUSEWHEEL:
        notches = getattr(event, "y", 0)
        if not notches:
            return None
        pos = getattr(event, "pos", None) or pygame.mouse.get_pos()
        return Action(ZOOM_AT_PIXEL, (pos[0], pos[1], WHEEL_FACTOR ** max(min(notches, 10), -10)))
    if event.type == pygame.MOUSEMOTION and len(getattr(event, "buttons", ())) > 2 \
            and event.buttons[2]:
        return Action(PAN_PIXELS, tuple(event.rel))
    return None
