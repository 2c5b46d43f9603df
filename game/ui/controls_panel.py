"""The clickable controls: pygame_gui widgets in the side panel's controls block.

Input as data: a control never changes anything itself. :meth:`ControlPanel.process_event`
turns what the user did to it into the same :class:`~game.state.Action` its key
sends (or one that carries a value: η typed or slid, a surface picked), and the
app's ``Session.dispatch`` carries it out. When a key changes the state, the
controls follow: :meth:`ControlPanel.sync` sets the widgets from the state, only
when what they show changed.

Where each control goes is :func:`game.controls_layout.plan` (pure); the look
is ``assets/theme.json`` (the app's dark panel), its font sizes scaled with the
window. pygame_gui costs about 100 ms to import, so the app builds the panel
after its first frame is shown (:func:`build`), and draws the block's
background meanwhile (:func:`draw_placeholder`).
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
from .controls_theme import (ASSETS, BUTTON_ACTION, BUTTON_TEXT, FONT_SIZE, PICTURE_TEXT,  # noqa: F401
                             RACER_TEXT, SECOND_SYMBOL, TYPED, lr_text, slid_lr, theme, typed_lr,
                             list_item_height)
from .controls_widgets import make_widgets, menu, menu_tips, optimizer_option, surface_options, \
    surface_option

KEYBOARD = (pygame.KEYDOWN, pygame.KEYUP, pygame.TEXTINPUT, pygame.TEXTEDITING)


class ControlPanel:
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

    # --- events → actions ------------------------------------------------------
    @property
    def menu_open(self) -> bool:
        """Whether a drop-down's list is open."""
        return self.shown and any(m.current_state is m.menu_states["expanded"]
                   for m in (self.surface_menu, self.optimizer_menu))

    @property
    def typing(self) -> bool:
        """Whether the η entry has the keyboard."""
        return self.shown and self.lr_entry.is_focused

    def close_menus(self) -> None:
        for m in (self.surface_menu, self.optimizer_menu):
            if m.current_state is m.menu_states["expanded"]:
                m.current_state.should_transition = True
        self.manager.set_focus_set(None)

    def process_event(self, event) -> tuple[list, bool]:
        """``(actions, consumed)`` for ``event``: the actions the controls ask
        for, and whether the event was theirs (a click on a control must not
        also spawn a ball; a key typed into the η entry must not act as a
        shortcut; Esc closes an open drop-down and nothing else)."""
        t = event.type
        if not self.shown:
            return [], False
        if t == pygame.KEYDOWN and getattr(event, "key", None) == pygame.K_ESCAPE:
            if self.menu_open:
                self.close_menus()
                return [], True
            if self.typing:
                self.lr_entry.unfocus()
                self._after_typing()
                return [], True
        if t == pygame.MOUSEBUTTONDOWN and getattr(event, "button", 0) == 1 \
                and not self.menu_open:
            jump = self._rail_click(getattr(event, "pos", None) or pygame.mouse.get_pos())
            if jump:
                return jump, True
        was_typing = self.typing
        consumed = bool(self.manager.process_events(event))
        actions = self._actions_for(event)
        if actions:
            consumed = True
        if t in KEYBOARD and (was_typing or self.typing):
            consumed = True
        if t in (pygame.MOUSEBUTTONDOWN, pygame.MOUSEBUTTONUP, pygame.MOUSEWHEEL) and \
                self._over_controls(getattr(event, "pos", None)):
            consumed = True
        if was_typing and not self.typing:
            self._after_typing()
        elif self.typing and (not was_typing or t == pygame.MOUSEBUTTONUP) and \
                (not was_typing or self._fresh_focus):
            # Just clicked into: the whole value selected, so that typing replaces it.
            self._fresh_focus = t != pygame.MOUSEBUTTONUP
            entry = self.lr_entry
            entry.select_range = [0, len(entry.get_text())]
            entry.edit_position = len(entry.get_text())
        return actions, consumed

    def _rail_click(self, pos) -> list:
        """A click on a slider's rail beside its handle: the value under the
        click (pygame_gui moves a handle only when it is dragged)."""
        for name in ("lr_slider", "second_slider", "speed_slider"):
            slider = self.widgets[name]
            button = slider.sliding_button
            if not (slider.is_enabled and slider.rect.collidepoint(pos)) or button is None \
                    or button.rect.collidepoint(pos):
                continue
            bw = button.rect.width
            frac = min(max((pos[0] - slider.rect.left - bw / 2) / max(slider.rect.width - bw, 1), 0.0), 1.0)
            lo, hi = slider.value_range
            value = lo + frac * (hi - lo)
            return self._slid(name, value)
        return []

    def _slid(self, name: str, value) -> list:
        """The action for slider ``name`` at ``value``."""
        if name == "lr_slider":
            return [st.Action(st.SET_LR, slid_lr(value))]
        if name == "second_slider":
            return [st.Action(st.SET_SECOND, round(float(value), 2))]
        index = min(max(int(round(value)), 0), len(st.SPEEDS) - 1)
        return [st.Action(st.SET_SPEED, st.SPEEDS[index])]

    def _over_controls(self, pos) -> bool:
        if pos is None:
            pos = pygame.mouse.get_pos()
        return self.block.collidepoint(pos) or self.menu_open

    def _after_typing(self) -> None:
        """The entry gave the keyboard back: the app's key repeat again, and
        the entry shows the state's η (what was typed was sent, or dropped)."""
        from .. import controls
        pygame.key.set_repeat(controls.REPEAT_DELAY_MS, controls.REPEAT_INTERVAL_MS)
        self._shown.pop("lr", None)
        self._synced = None

    def _actions_for(self, event) -> list:
        t = event.type
        widget = getattr(event, "ui_element", None)
        if widget is None:
            return []
        name = self.names.get(widget)
        if t == pygame_gui.UI_DROP_DOWN_MENU_CHANGED:
            option = getattr(event, "selected_option_id", None)
            if name == "surface":
                return [st.Action(st.SELECT_SURFACE, st.CUSTOM if option == TYPED[0] else option)]
            if name == "optimizer":
                return [st.Action(st.SET_OPTIMIZER, option)]
        if name is None:
            return []
        if t == pygame_gui.UI_BUTTON_PRESSED:
            if name in BUTTON_ACTION:
                return [st.Action(BUTTON_ACTION[name])]
            if name.startswith("overlay:"):
                return [st.Action(st.TOGGLE_OVERLAY, name.split(":", 1)[1])]
        if t in (pygame_gui.UI_CHECK_BOX_CHECKED, pygame_gui.UI_CHECK_BOX_UNCHECKED) \
                and name.startswith("racer:"):
            # Check boxes report every change, also the ones sync makes: only
            # a box that now disagrees with the race set shown asks for a change.
            racer = name.split(":", 1)[1]
            if (t == pygame_gui.UI_CHECK_BOX_CHECKED) == (racer in self._shown.get("race_set", ())):
                return []
            self._synced = None            # a refused uncheck (the last racer) shows again
            self._shown.pop("race_set", None)
            return [st.Action(st.TOGGLE_RACER, racer)]
        if t == pygame_gui.UI_HORIZONTAL_SLIDER_MOVED and name.endswith("_slider"):
            if self._within_a_pixel(widget, event.value):
                return []        # grabbed, not yet moved: the state's own value stays
            return self._slid(name, event.value)
        if t == pygame_gui.UI_TEXT_ENTRY_FINISHED and name == "lr_value":
            lr = typed_lr(event.text)
            self.lr_entry.unfocus()
            self._after_typing()
            return [] if lr is None else [st.Action(st.SET_LR, lr)]
        return []

    # --- the frame ---------------------------------------------------------------
    def update(self, dt: float) -> None:
        if self.shown:
            self.manager.update(dt)
            menu_tips(self)

    def draw(self, target) -> None:
        if self.shown:
            target.fill(BLOCK_BG, self.block)
            self.manager.draw_ui(target)


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
