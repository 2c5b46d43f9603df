"""The controls' pygame_gui widgets, made where the plan puts them, each with
its tooltip (which names its key)."""
from __future__ import annotations

import math

import pygame
from pygame_gui.core import ObjectID
from pygame_gui.elements import (UIButton, UICheckBox, UIDropDownMenu, UIHorizontalSlider,
                                 UILabel, UITextEntryLine)

from .. import optim
from .. import state as st
from ..controls_layout import OVERLAYS, RACERS
from .controls_theme import (BUTTON_TEXT, LR_RANGE, PICTURE_TEXT, RACER_TEXT, TIPS, TYPED, tip_html,
                             tip_width)

TIP_DELAY = 0.6          # seconds of hovering before a tooltip shows


def surface_options(state: st.State) -> list:
    """The surface menu's (text, id) options: the registry, then the typed function."""
    return [(n, n) if n != st.CUSTOM else TYPED[::-1] for n in st.surface_cycle(state)]


def surface_option(state: st.State) -> tuple:
    return TYPED[::-1] if state.surface == st.CUSTOM else (state.surface, state.surface)


def optimizer_option(state: st.State) -> tuple:
    return (optim.get(state.optimizer).label, state.optimizer)


def menu(name: str, options, option, rect, manager) -> UIDropDownMenu:
    """A drop-down that opens upward over the panel's words, as far as the
    window's top."""
    return UIDropDownMenu(options, option, rect, manager,
                          expansion_height_limit=max(rect.top - 4, 40),
                          object_id=ObjectID(f"#{name}", "@menu"))


def make_widgets(panel, state: st.State) -> None:
    """Make every control of ``panel`` (its ``manager``, ``rect(name)`` and
    ``layout``) showing ``state``: ``panel.widgets`` (name → widget),
    ``panel.names`` (widget → name), and the ones it reaches by name."""
    m, rect = panel.manager, panel.rect
    widgets: dict = {}

    def add(name, widget):
        widgets[name] = widget
        return widget

    panel.surface_menu = add("surface", menu("surface", surface_options(state),
                                             surface_option(state), rect("surface"), m))
    panel.optimizer_menu = add("optimizer", menu(
        "optimizer", [(optim.get(n).label, n) for n in optim.names()], optimizer_option(state),
        rect("optimizer"), m))
    # labels draw no box: 2 px more each way give their text room
    for what, text in (("lr", "η"), ("second", "μ"), ("speed", "speed")):
        add(f"{what}_label", UILabel(rect(f"{what}_label").inflate(0, 4), text, m,
                                     object_id=ObjectID(f"#{what}_label", "@name")))
    for what in ("second", "speed"):
        add(f"{what}_value", UILabel(rect(f"{what}_value").inflate(0, 4), "", m,
                                     object_id=ObjectID(f"#{what}_value", "@value")))
    panel.lr_slider = add("lr_slider", UIHorizontalSlider(
        rect("lr_slider"), LR_RANGE[0], LR_RANGE, m, click_increment=math.log10(1.25)))
    panel.lr_entry = add("lr_value", UITextEntryLine(rect("lr_value"), m))
    panel.lr_entry.set_allowed_characters(list("0123456789.eE-+"))
    panel.lr_entry.set_text_length_limit(12)
    panel.second_slider = add("second_slider", UIHorizontalSlider(
        rect("second_slider"), 0.0, (0.0, st.SECOND_MAX), m, click_increment=0.01))
    panel.speed_slider = add("speed_slider", UIHorizontalSlider(
        rect("speed_slider"), 0, (0, len(st.SPEEDS) - 1), m, click_increment=1))
    add("race", UIButton(rect("race"), "race", m))
    for n in RACERS:
        r = rect(f"racer:{n}")
        box = min(r.h - 4, round(16 * panel.layout.scale))
        add(f"racer:{n}", UICheckBox(pygame.Rect(r.x + 2, r.y + (r.h - box) // 2, box, box),
                                     RACER_TEXT.get(n, optim.get(n).label), m,
                                     initial_state=n in state.race_set)).set_check_symbol("✓")
    add("contours", UIButton(rect("contours"), PICTURE_TEXT["contours"], m))
    for o in OVERLAYS:
        add(f"overlay:{o}", UIButton(rect(f"overlay:{o}"), PICTURE_TEXT[o], m))
    for b, text in BUTTON_TEXT.items():
        add(b, UIButton(rect(b), text, m))
    panel.widgets = widgets
    panel.names = {w: n for n, w in widgets.items()}
    for name, widget in widgets.items():
        tip(widget, name, panel.layout.scale)
    menu_tips(panel)


def tip_text(name: str) -> str | None:
    """The tooltip of control ``name``: what it does and its key."""
    base = name.split("_")[0] if name.split("_")[0] in ("lr", "second", "speed") else name
    if base.startswith("racer:"):
        rule = name.split(":", 1)[1]
        key = "X" if rule == "newton" else "none, click here"
        return tip_html(f"{optim.get(rule).label} in the race set", key)
    return TIPS.get(base)


def _no_hover(time_delta, hovered_higher_element) -> bool:
    return False


def tip(widget, name: str, scale: float = 1.0) -> None:
    """Give ``widget`` its tooltip, as wide as its words at ``scale``. A
    slider's handle gets it too, and the container pygame_gui lays over the
    slider's rail lets the hover through (it takes the hover and shows no
    tooltip), so that the tooltip shows anywhere on the slider."""
    text = tip_text(name)
    if text is None:
        return
    width = tip_width(text, scale)
    widget.set_tooltip(text, delay=TIP_DELAY, wrap_width=width)
    inner = getattr(widget, "sliding_button", None)       # a slider's handle hides its rail
    if inner is not None:
        inner.set_tooltip(text, delay=TIP_DELAY, wrap_width=width)
    rail = getattr(widget, "button_container", None)
    if rail is not None:
        rail.check_hover = _no_hover


def menu_tips(panel) -> None:
    """The drop-downs make new buttons each time they open or close: give the
    new ones their tooltip (cheap when they have it)."""
    for name, m in (("surface", panel.surface_menu), ("optimizer", panel.optimizer_menu)):
        for attr in ("selected_option_button", "open_button"):
            button = getattr(m.current_state, attr, None)
            if button is not None and button.tool_tip_text is None:
                button.set_tooltip(TIPS[name], delay=TIP_DELAY,
                                   wrap_width=tip_width(TIPS[name], panel.layout.scale))
