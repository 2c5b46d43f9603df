"""The clickable controls: pygame_gui widgets in the side panel's controls block.

Input as data: a control never changes anything itself. :meth:`ControlPanel.process_event`
(in :mod:`game.ui.controls_events`) turns what the user did to it into the same
:class:`~game.state.Action` its key sends (or one that carries a value: η typed
or slid, a surface picked), and the app's ``Session.dispatch`` carries it out. When a key changes the state, the
controls follow: :meth:`ControlPanel.sync` sets the widgets from the state, only
when what they show changed.

Where each control goes is :func:`game.controls_layout.plan` (pure); the look
is ``assets/theme.json`` (the app's dark panel), its font sizes scaled with the
window. pygame_gui costs about 100 ms to import, so the app builds the panel
after its first frame is shown (:func:`build`), and draws the block's
background meanwhile (:func:`draw_placeholder`). Frames where nothing about
the controls changes cost no pygame_gui work: :mod:`game.ui.controls_frame`
lets them rest and draws the block from a retained picture.
"""
from __future__ import annotations

import math

import pygame
import pygame_gui

from .. import optim
from .. import state as st
from ..controls_layout import OVERLAYS, RACERS, plan
from ..flags import MIN_SIZE
from ..layout import Layout
from .controls_block import BLOCK_BG, draw_placeholder
from .controls_events import KEYBOARD, ControlEvents  # noqa: F401
from .controls_frame import ControlFrame
from .controls_theme import (ASSETS, BUTTON_ACTION, BUTTON_TEXT, FONT_SIZE, PICTURE_TEXT,  # noqa: F401
                             RACER_TEXT, SECOND_SYMBOL, TYPED, lr_text, slid_lr, theme, typed_lr,
                             list_item_height)
from .controls_widgets import make_widgets, menu, menu_tips, optimizer_option, surface_options, \
    surface_option


class ControlPanel(ControlEvents, ControlFrame):
    """The controls for a window of ``size`` showing ``state``.

    ``process_event(event)`` → ``(actions, consumed)``; ``sync(state)``;
    ``update(dt)``; ``draw(target)``; ``resize(size, state)``.
    """

    def __init__(self, size, state: st.State):
        self.size = None
        self.manager = None
        self.resize(size, state)

    # --- building -------------------------------------------------------------
    def resize(self, size, state: st.State) -> None:
        """Rebuild every widget for a window of ``size`` (a new scale needs
        new fonts, so the manager is made anew); nothing if the size is the same."""
        if self.size == (max(int(size[0]), 1), max(int(size[1]), 1)):
            return
        layout = Layout.of(size)
        if self.manager is not None and layout == self.layout:
            return
        self.layout = layout
        self.size = layout.size
        # Below the smallest window the layout is made for (a window manager
        # may force one), the controls step aside; they come back with the size.
        self.shown = layout.size[0] >= MIN_SIZE[0] and layout.size[1] >= MIN_SIZE[1]
        if not self.shown:
            if self.manager is not None:
                self.manager.clear_and_reset()
            self.manager, self.layout = None, None
            self.block = pygame.Rect(0, 0, 0, 0)
            return
        self.manager = pygame_gui.UIManager(layout.size, theme(layout.scale),
                                            enable_live_theme_updates=False)
        self.plan = plan(layout.controls[2], layout.size[1], layout.scale)
        self.block = pygame.Rect(layout.controls)
        self._shown = {}
        self._synced = None
        self._fresh_focus = False
        self._slider_values: dict = {}
        self._frame_reset()
        make_widgets(self, state)
        self.sync(state)

    def rect(self, name) -> pygame.Rect:
        """Control ``name``'s rectangle in the window."""
        x, y, w, h = self.plan.rects[name]
        return pygame.Rect(self.block.x + x, self.block.y + y, w, h)

    # --- state → widgets -------------------------------------------------------
    def sync(self, state: st.State) -> None:
        """Show ``state``: cheap when nothing changed (one identity test);
        otherwise only the widgets whose value changed are touched."""
        if state is self._synced or not self.shown:
            return
        self._synced = state
        rule = optim.get(state.optimizer)
        hp = st.hyper_of(state)
        second = rule.second_value(hp)
        shown = {
            "surface": (state.surface, state.expr, state.domain),
            "optimizer": state.optimizer,
            "lr": hp["lr"],
            "second": (rule.second, second),
            "speed": state.speed,
            "race": state.race,
            "race_set": state.race_set,
            "contours": state.contours,
            "overlays": state.overlays,
            "paused": state.paused,
        }
        old = self._shown
        changed = {k for k, v in shown.items() if old.get(k, object()) != v}
        self._shown = shown
        if changed:
            self._wake()
        if "surface" in changed:
            self._reset_menu("surface_menu", surface_options(state), surface_option(state))
        if "optimizer" in changed:
            self._reset_menu("optimizer_menu", None, optimizer_option(state))
        if "lr" in changed:
            lr = hp["lr"]
            if not self._held(self.lr_slider):
                self._set_slider(self.lr_slider, math.log10(lr))
            if not self.lr_entry.is_focused:
                self.lr_entry.set_text(lr_text(lr))
        if "second" in changed:
            label, value = self.widgets["second_label"], self.widgets["second_value"]
            if rule.second is None:
                label.set_text("–")
                value.set_text("none")
                self.second_slider.disable()
            else:
                label.set_text(SECOND_SYMBOL[rule.second])
                value.set_text(f"{second:.2f}")
                self.second_slider.enable()
                if not self._held(self.second_slider):
                    self._set_slider(self.second_slider, second)
        if "speed" in changed:
            self.widgets["speed_value"].set_text(f"{state.speed}/s")
            if not self._held(self.speed_slider):
                self._set_slider(self.speed_slider, st.SPEEDS.index(state.speed))
        if "race" in changed:
            self._select(self.widgets["race"], state.race)
        if "race_set" in changed:
            for n in RACERS:
                box = self.widgets[f"racer:{n}"]
                if box.get_state() != (n in state.race_set):
                    box.set_state(n in state.race_set)
        if "contours" in changed:
            self._select(self.widgets["contours"], state.contours)
        if "overlays" in changed:
            for o in OVERLAYS:
                self._select(self.widgets[f"overlay:{o}"], o in state.overlays)
        if "paused" in changed:
            self.widgets["pause"].set_text("resume" if state.paused else "pause")
            self._select(self.widgets["pause"], state.paused)

    def _set_slider(self, slider, value: float) -> None:
        lo, hi = slider.value_range
        value = min(max(value, lo), hi)
        slider.set_current_value(value, warn=False)
        self._slider_values[slider] = value

    def _within_a_pixel(self, slider, value) -> bool:
        """Whether ``value`` is the one sync set, to within one pixel of the rail."""
        if slider not in self._slider_values:
            return False
        lo, hi = slider.value_range
        rail = max(slider.rect.width - slider.sliding_button.rect.width, 1)
        return abs(float(value) - self._slider_values[slider]) <= 1.01 * (hi - lo) / rail

    @staticmethod
    def _held(slider) -> bool:
        button = slider.sliding_button
        return bool(button is not None and button.held)

    @staticmethod
    def _select(button, on: bool) -> None:
        if button.is_selected != on:
            (button.select if on else button.unselect)()

    def _reset_menu(self, attr: str, options, option) -> None:
        """Show ``option`` in a drop-down (rebuilt: pygame_gui 0.6 has no
        setter for the selected option); ``options`` None keeps the list."""
        current = getattr(self, attr)
        if current.selected_option == option and \
                (options is None or [tuple(o) for o in current.options_list] == options):
            return
        name = self.names.pop(current)
        options = options if options is not None else list(current.options_list)
        rect = pygame.Rect(current.relative_rect)
        current.kill()
        new = menu(name, options, option, rect, self.manager)
        setattr(self, attr, new)
        self.widgets[name] = new
        self.names[new] = name
        menu_tips(self)


def build(size, state: st.State) -> ControlPanel:
    """A ControlPanel for a window of ``size`` showing ``state``: one call,
    with or without a window (under the dummy video driver pygame's display
    must be initialised; the benchmark uses this)."""
    if not pygame.display.get_init():
        pygame.display.init()
    pygame.font.init()
    try:                    # pygame_gui converts its text: it needs a display format
        pygame.Surface((1, 1), pygame.SRCALPHA).convert_alpha()
    except pygame.error:
        pygame.display.set_mode((1, 1))
    return ControlPanel(size, state)


__all__ = ["ControlPanel", "build", "draw_placeholder", "theme", "list_item_height", "ASSETS",
           "FONT_SIZE", "BLOCK_BG"]
