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

import json
import math
from pathlib import Path

import pygame
import pygame_gui
from pygame_gui.core import ObjectID
from pygame_gui.elements import (UIButton, UICheckBox, UIDropDownMenu, UIHorizontalSlider,
                                 UILabel, UITextEntryLine)

from .. import optim
from .. import state as st
from ..controls_layout import CONTROLS, OVERLAYS, RACERS, plan
from ..flags import MIN_SIZE
from ..layout import Layout
from .controls_block import BLOCK_BG, draw_placeholder

ASSETS = Path(__file__).resolve().parents[2] / "assets"
THEME = ASSETS / "theme.json"
FONT_SIZE = 13                   # the controls' text at ui scale 1
LR_RANGE = (math.log10(st.LR_MIN), math.log10(st.LR_MAX))

TIPS = {name: f"{what}  —  key: {key}" for name, _, key, what in CONTROLS}
PICTURE_TEXT = {"contours": "contours", "quiver": "field", "rose": "rose", "level": "level",
                "slices": "slices", "curvature": "curvature", "jacobian": "Jacobian"}
BUTTON_TEXT = {"pause": "pause", "step": "step", "clear": "clear", "optimal": "optimal",
               "screenshot": "screenshot", "edit": "edit f"}
BUTTON_ACTION = {"pause": st.TOGGLE_PAUSE, "step": st.STEP, "clear": st.CLEAR,
                 "optimal": st.APPLY_OPTIMAL, "screenshot": st.SCREENSHOT, "edit": st.EDIT_START,
                 "race": st.TOGGLE_RACE, "contours": st.TOGGLE_CONTOURS}
SECOND_SYMBOL = {"momentum": "μ", "alpha": "α", "beta1": "β₁"}
RACER_TEXT = {"momentum": "Mom.", "nesterov": "Nest."}     # the others: the rule's label
TYPED = ("typed", "typed f")      # the typed function's entry in the surface menu
KEYBOARD = (pygame.KEYDOWN, pygame.KEYUP, pygame.TEXTINPUT, pygame.TEXTEDITING)


SCALED = ("list_item_height", "sliding_button_width", "open_button_width")   # pixels, at scale 1


def theme(scale: float) -> dict:
    """The theme of ``assets/theme.json`` with its fonts found in ``assets``
    and its font sizes and pixel sizes (:data:`SCALED`) for ``scale``."""
    data = json.loads(THEME.read_text(encoding="utf-8"))
    for block in data.values():
        if not isinstance(block, dict):
            continue
        font = block.get("font")
        if font:
            for key in ("regular_path", "bold_path", "italic_path", "bold_italic_path"):
                if key in font:
                    font[key] = str(ASSETS / font[key])
            font["size"] = str(max(8, round(float(font.get("size", FONT_SIZE)) * scale)))
        misc = block.get("misc", {})
        for key in SCALED:
            if key in misc:
                misc[key] = str(max(1, round(float(misc[key]) * scale)))
    return data


def list_item_height(scale: float) -> int:
    """The height of one option in an open drop-down at ``scale``."""
    return int(theme(scale)["drop_down_menu.selection_list"]["misc"]["list_item_height"])


def lr_text(lr: float) -> str:
    """η as the entry shows it: three significant digits.

    >>> lr_text(0.011), lr_text(2.5e-05), lr_text(1.0)
    ('0.011', '2.5e-05', '1')
    """
    return f"{lr:.3g}"


def slid_lr(value: float) -> float:
    """The lr a position on the log slider means, rounded to 3 significant
    digits (a slider's pixels are coarser than that).

    >>> slid_lr(-1.0), slid_lr(math.log10(0.1234567))
    (0.1, 0.123)
    """
    return float(f"{10.0 ** float(value):.3g}")


def typed_lr(text: str) -> float | None:
    """The lr typed in the entry, or None if it is not a positive number."""
    try:
        v = float(text.strip())
    except ValueError:
        return None
    return v if math.isfinite(v) and v > 0 else None


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
        new fonts, so the manager is made anew)."""
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
        self._build(state)
        self.sync(state)

    def _rect(self, name) -> pygame.Rect:
        x, y, w, h = self.plan.rects[name]
        return pygame.Rect(self.block.x + x, self.block.y + y, w, h)

    def _build(self, state: st.State) -> None:
        m = self.manager
        self.widgets: dict = {}
        self.names: dict = {}           # widget → control name
        room_above = max(self._rect("surface").top - 4, 40)
        self.surface_menu = self._add("surface", UIDropDownMenu(
            self._surface_options(state), self._surface_option(state), self._rect("surface"), m,
            expansion_height_limit=room_above, object_id=ObjectID("#surface", "@menu")))
        self.optimizer_menu = self._add("optimizer", UIDropDownMenu(
            [(optim.get(n).label, n) for n in optim.names()], self._optimizer_option(state),
            self._rect("optimizer"), m, expansion_height_limit=max(self._rect("optimizer").top - 4, 40),
            object_id=ObjectID("#optimizer", "@menu")))
        for what, text in (("lr", "η"), ("second", "μ"), ("speed", "speed")):
            self._add(f"{what}_label", UILabel(self._rect(f"{what}_label").inflate(0, 4), text, m,
                                               object_id=ObjectID(f"#{what}_label", "@name")))
        self.lr_slider = self._add("lr_slider", UIHorizontalSlider(
            self._rect("lr_slider"), LR_RANGE[0], LR_RANGE, m, click_increment=math.log10(1.25)))
        self.lr_entry = self._add("lr_value", UITextEntryLine(self._rect("lr_value"), m))
        self.lr_entry.set_allowed_characters(list("0123456789.eE-+"))
        self.lr_entry.set_text_length_limit(12)
        self.second_slider = self._add("second_slider", UIHorizontalSlider(
            self._rect("second_slider"), 0.0, (0.0, st.SECOND_MAX), m, click_increment=0.01))
        self.speed_slider = self._add("speed_slider", UIHorizontalSlider(
            self._rect("speed_slider"), 0, (0, len(st.SPEEDS) - 1), m, click_increment=1))
        for what in ("second", "speed"):       # labels draw no box: 2 px more each way for the text
            self._add(f"{what}_value", UILabel(self._rect(f"{what}_value").inflate(0, 4), "", m,
                                               object_id=ObjectID(f"#{what}_value", "@value")))
        self._add("race", UIButton(self._rect("race"), "race", m))
        for n in RACERS:
            r = self._rect(f"racer:{n}")
            box = min(r.h - 4, round(16 * self.layout.scale))
            self._add(f"racer:{n}", UICheckBox(
                pygame.Rect(r.x + 2, r.y + (r.h - box) // 2, box, box),
                RACER_TEXT.get(n, optim.get(n).label), m,
                initial_state=n in state.race_set)).set_check_symbol("✓")
        self._add("contours", UIButton(self._rect("contours"), "contours", m))
        for o in OVERLAYS:
            self._add(f"overlay:{o}", UIButton(self._rect(f"overlay:{o}"), PICTURE_TEXT[o], m))
        for b in BUTTON_TEXT:
            self._add(b, UIButton(self._rect(b), BUTTON_TEXT[b], m))
        for widget, name in self.names.items():
            self._tip(widget, name)
        self._menu_tips()

    def _add(self, name, widget):
        self.widgets[name] = widget
        self.names[widget] = name
        return widget

    def _tip(self, widget, name) -> None:
        base = name.split("_")[0] if name.split("_")[0] in ("lr", "second", "speed") else name
        base = "racers" if base.startswith("racer:") else base
        tip = TIPS.get(base)
        if tip is None:
            return
        if base == "racers":
            tip = f"{optim.get(name.split(':')[1]).label} in the race set  —  key: " + \
                ("X" if name.endswith("newton") else "none (click)")
        widget.set_tooltip(tip, delay=0.6)
        inner = getattr(widget, "sliding_button", None)
        if inner is not None:
            inner.set_tooltip(tip, delay=0.6)

    def _menu_tips(self) -> None:
        """The drop-downs rebuild their buttons each time they open or close:
        give the new ones their tooltip."""
        for name, menu in (("surface", self.surface_menu), ("optimizer", self.optimizer_menu)):
            state = menu.current_state
            for attr in ("selected_option_button", "open_button"):
                button = getattr(state, attr, None)
                if button is not None and button.tool_tip_text is None:
                    button.set_tooltip(TIPS[name], delay=0.6)

    @staticmethod
    def _surface_options(state: st.State) -> list:
        return [(n, n) if n != st.CUSTOM else TYPED[::-1] for n in st.surface_cycle(state)]

    @staticmethod
    def _surface_option(state: st.State):
        return TYPED[::-1] if state.surface == st.CUSTOM else (state.surface, state.surface)

    @staticmethod
    def _optimizer_option(state: st.State):
        return (optim.get(state.optimizer).label, state.optimizer)

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
            self._reset_menu("surface_menu", self._surface_options(state),
                             self._surface_option(state))
        if "optimizer" in changed:
            self._reset_menu("optimizer_menu", None, self._optimizer_option(state))
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
        menu = getattr(self, attr)
        if options is None and menu.selected_option == option:
            return
        if options is not None and menu.selected_option == option \
                and [tuple(o) for o in menu.options_list] == options:
            return
        name = self.names.pop(menu)
        rect = pygame.Rect(menu.relative_rect)
        limit = menu.expansion_height_limit
        options = options if options is not None else list(menu.options_list)
        menu.kill()
        new = UIDropDownMenu(options, option, rect, self.manager, expansion_height_limit=limit,
                             object_id=ObjectID(f"#{name}", "@menu"))
        setattr(self, attr, new)
        self.widgets[name] = new
        self.names[new] = name
        self._menu_tips()

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
            self._menu_tips()

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
    try:                    # pygame_gui converts its text: it needs a display format
        pygame.Surface((1, 1), pygame.SRCALPHA).convert_alpha()
    except pygame.error:
        pygame.display.set_mode((1, 1))
    return ControlPanel(size, state)


__all__ = ["ControlPanel", "build", "draw_placeholder", "theme"]
