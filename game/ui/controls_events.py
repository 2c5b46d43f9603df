"""The clickable controls' events → Actions: what the user did to a control,
as the same :class:`~game.state.Action` its key sends.

A control never changes anything itself: :class:`ControlEvents` (a part of
:class:`~game.ui.controls_panel.ControlPanel`) says which actions an event asks
for and whether the event was the controls' own (a click on a control must not
also spawn a ball; a key typed into the η entry is not a shortcut).
"""
from __future__ import annotations

import pygame
import pygame_gui

from .. import state as st
from .controls_theme import BUTTON_ACTION, TYPED, slid_lr, typed_lr

KEYBOARD = (pygame.KEYDOWN, pygame.KEYUP, pygame.TEXTINPUT, pygame.TEXTEDITING)


class ControlEvents:
    """The panel's event side: ``process_event(event)`` → ``(actions, consumed)``.

    Reads the panel's widgets, ``names``, ``manager``, ``block``, ``shown``
    and what sync last showed (``_shown``, ``_synced``, ``_within_a_pixel``);
    tells the frame of every event first (``_event_seen``: the controls wake).
    """

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
        self._event_seen(event)
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
