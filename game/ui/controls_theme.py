"""The controls' look and words: the pygame_gui theme (``assets/theme.json``,
the app's dark panel) scaled for the window, the text each control shows and
its tooltip (which names its key), and how η is written, slid and typed.
"""
from __future__ import annotations

import json
import math
from pathlib import Path

from .. import state as st
from ..controls_layout import CONTROLS

ASSETS = Path(__file__).resolve().parents[2] / "assets"
THEME = ASSETS / "theme.json"
FONT_SIZE = 13                   # the controls' text at ui scale 1, in pixels
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


SCALED = ("list_item_height", "sliding_button_width", "open_button_width")   # pixels, at scale 1


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
