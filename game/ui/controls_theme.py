"""The controls' look and words: the pygame_gui theme (``assets/theme.json``,
the app's dark panel) scaled for the window, the text each control shows and
its tooltip (which names its key), and how η is written, slid and typed.
"""
from __future__ import annotations

import functools
import json
import math
from pathlib import Path

from .. import state as st
from ..controls_layout import CONTROLS
from .words import short

ASSETS = Path(__file__).resolve().parents[2] / "assets"
THEME = ASSETS / "theme.json"
FONT_SIZE = 13                   # the controls' text at ui scale 1, in pixels
LR_RANGE = (math.log10(st.LR_MIN), math.log10(st.LR_MAX))

TIP_PAD = (6, 4)                 # a tooltip's text from its border, at ui scale 1 (the theme's)
TIP_MAX = 480                    # a tooltip's widest, at ui scale 1: longer words wrap


def tip_html(what: str, key: str) -> str:
    """A tooltip's text: what the control does, and on a line of its own the
    key that does the same (a wrap never leaves "— key" dangling).

    >>> tip_html("contour lines", "C")
    'contour lines<br>key: C'
    """
    return f"{what}<br>key: {key}"


TIPS = {name: tip_html(what, key) for name, _, key, what in CONTROLS}
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


SCALED = ("list_item_height", "sliding_button_width", "open_button_width")   # pixels, at scale 1


@functools.lru_cache(maxsize=256)
def tip_width(html: str, scale: float) -> int:
    """The width of a tooltip showing ``html`` (lines split at ``<br>``) at
    ``scale``: its longest line in the controls' font, the padding and the
    border, at most :data:`TIP_MAX` (scaled). pygame_gui gives every tooltip
    one fixed width unless told; a fixed one is too wide for "key: C" and
    wraps the longer ones, the more so as the font grows with the window."""
    import pygame
    size = max(8, round(FONT_SIZE * scale))
    font = pygame.font.Font(str(ASSETS / "DejaVuSans.ttf"), size)
    longest = max(font.size(line)[0] for line in html.split("<br>"))
    pad = round(TIP_PAD[0] * scale)
    slack = font.size("MM")[0]          # the line break takes room at a line's end
    return min(longest + 2 * pad + 2 + slack, round(TIP_MAX * scale))


def theme(scale: float) -> dict:
    """The theme of ``assets/theme.json`` with its fonts found in ``assets``
    and its font sizes and pixel sizes (:data:`SCALED`) for ``scale``."""
    data = json.loads(THEME.read_text(encoding="utf-8"))
    default_font = dict(data["defaults"]["font"])          # before it is scaled below
    for name, block in data.items():
        if not isinstance(block, dict):
            continue
        if name != "defaults" and not name.startswith("#") and "font" not in block:
            block["font"] = dict(default_font)     # pygame_gui's defaults give no font
        font = block.get("font")
        if font:
            for key in ("regular_path", "bold_path", "italic_path", "bold_italic_path"):
                if key in font:
                    font[key] = str(ASSETS / font[key])
            font["size"] = str(max(8, round(float(font.get("size", FONT_SIZE)) * scale)))
        misc = block.get("misc", {})
        if name == "tool_tip.text_box" and "padding" in misc:
            misc["padding"] = ",".join(str(max(1, round(int(v) * scale)))
                                       for v in misc["padding"].split(","))
        for key in SCALED:
            if key in misc:
                misc[key] = str(max(1, round(float(misc[key]) * scale)))
    return data


def list_item_height(scale: float) -> int:
    """The height of one option in an open drop-down at ``scale``."""
    return int(theme(scale)["drop_down_menu.selection_list"]["misc"]["list_item_height"])


def lr_text(lr: float) -> str:
    """η as the entry shows it: three significant digits, an exponent
    written as the panel writes it (no "+", no leading zero).

    >>> lr_text(0.011), lr_text(2.5e-05), lr_text(1.0)
    ('0.011', '2.5e-5', '1')
    """
    return short(lr, 3)


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
