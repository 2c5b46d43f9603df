"""Where each clickable control goes in the side panel's controls block.

Pure (no pygame): :func:`plan` places every control for a panel width, a
window height and the window's ui scale, so that tests can check any size
without pygame_gui. The block sits at the foot of the side panel; the
panel's words take the room above it.

The controls come in five sections, each a few rows:

1. the drop-downs: surface and optimizer of new balls;
2. the sliders: η (with a typed entry), the optimizer's second parameter,
   the speed (each with its name on the left and its value on the right);
3. the race: its toggle and one check box per optimizer;
4. the pictures: contours and the six overlays;
5. the buttons: pause, step, clear, optimal, screenshot, edit f.

A narrow panel stacks the sections in one column; a wide one puts them side
by side in as many columns as fit (each at most :data:`MAX_COLUMN` wide, so
that a slider never stretches across an empty panel), which keeps the block
short. Grids (check boxes, toggles, buttons) put as many cells in a row as
their widest text allows.

>>> p = plan(480, 800, 1.0)
>>> p.columns, p.height, p.rects["surface"]
(1, 308, (8, 8, 230, 24))
>>> plan(840, 1080, 1.35).columns
2
"""
from __future__ import annotations

import math
from dataclasses import dataclass

from . import optim
from .state import OVERLAYS

# Sizes at ui scale 1 (a 1280 × 800 window), in pixels.
ROW = 24             # a control's height
GAP = 4              # between rows and cells
SECTION_GAP = 8      # between sections
PAD = 8              # around the block
MIN_COLUMN = 250     # a column's least width: below it, one column fewer
MAX_COLUMN = 520     # and its greatest: wider panels leave the rest free
NAME_W = 50          # a slider's name ("speed")
VALUE_W = 72         # a slider's value or the η entry ("0.000123", "960/s")
SLIDER_MIN = 40      # a slider's least width
# The least width of one cell of each grid, fitting its longest text
# (DejaVu Sans at the controls' font size, with the box or the padding).
CELL_MIN = {"choose": 116, "race": 84, "pictures": 80, "buttons": 92}

RACERS = tuple(optim.names())
BUTTONS = ("pause", "step", "clear", "optimal", "screenshot", "edit")
SLIDERS = ("lr", "second", "speed")


def section_items() -> dict:
    """The cells of each grid section, in order (the sliders are rows of
    their own)."""
    return {
        "choose": ["surface", "optimizer"],
        "race": ["race"] + [f"racer:{n}" for n in RACERS],
        "pictures": ["contours"] + [f"overlay:{n}" for n in OVERLAYS],
        "buttons": list(BUTTONS),
    }


SECTIONS = ("choose", "sliders", "race", "pictures", "buttons")

# What each control shows, the key that does the same, and what it does: the
# tooltips say it, and the help card and the README can list it.
CONTROLS = (
    ("surface", "surface ▾", "1 … 9, 0, Shift+1 …; B / Tab", "pick the surface"),
    ("optimizer", "optimizer ▾", "M / Shift+M", "the optimizer of new balls"),
    ("lr", "η slider and entry", "+ / − (hold)", "the selected optimizer's learning rate, log scale"),
    ("second", "μ / α / β₁ slider", "[ / ] (hold)", "its momentum, alpha or beta1 (none for GD, Adagrad, Newton)"),
    ("speed", "speed slider", ", / .", "ticks per second: 1 … 960"),
    ("race", "race", "G", "race mode: a click spawns the race set"),
    ("racers", "race set check boxes", "X (Newton)", "which optimizers race"),
    ("contours", "contours", "C", "contour lines"),
    ("overlay:quiver", "field", "V", "gradient field (quiver)"),
    ("overlay:rose", "rose", "D", "compass rose of D_u f"),
    ("overlay:level", "level", "L", "level curve and tangent"),
    ("overlay:slices", "slices", "P", "partial slices"),
    ("overlay:curvature", "curvature", "K", "Hessian axes, Newton step"),
    ("overlay:jacobian", "Jacobian", "J", "Jacobian lens"),
    ("pause", "pause / resume", "Space", "pause and resume"),
    ("step", "step", "N", "one tick (pauses)"),
    ("clear", "clear", "R", "remove all balls"),
    ("optimal", "optimal", "O", "optimal hyperparameters (constant Hessian)"),
    ("screenshot", "screenshot", "S", "save a PNG screenshot"),
    ("edit", "edit f", "E", "type your own f(x, y)"),
)


@dataclass(frozen=True)
class Plan:
    """Where the controls go: ``rects`` maps each control's name to its
    rectangle (left, top, width, height) relative to the block's top left;
    ``height`` is the block's height, ``columns`` how many columns it has."""

    width: int
    height: int
    columns: int
    rects: dict


def _grid(n: int, width: float, cell_min: float) -> tuple[int, int]:
    """(cells per row, rows) for ``n`` cells in ``width``: as many per row as
    fit, then spread evenly over the rows (8 in rows of at most 5: 4 + 4)."""
    per_row = max(1, min(n, int((width + GAP) // (cell_min + GAP))))
    rows = math.ceil(n / per_row)
    return math.ceil(n / rows), rows


def _section_rows(name: str, width: float, s: float) -> int:
    if name == "sliders":
        return len(SLIDERS)
    n = len(section_items()[name])
    return _grid(n, width, CELL_MIN[name] * s)[1]


def _place_section(name: str, left: float, top: float, width: float, s: float, rects: dict) -> float:
    """Put section ``name`` at (left, top) in a column ``width`` wide; return
    the top of whatever comes below it."""
    row, gap = ROW * s, GAP * s
    if name == "sliders":
        name_w, value_w = NAME_W * s, VALUE_W * s
        slider_w = width - name_w - value_w - 2 * gap
        if slider_w < SLIDER_MIN * s:         # a very narrow column: smaller side cells
            spare = max(width - SLIDER_MIN * s - 2 * gap, 2.0)
            name_w, value_w = spare * NAME_W / (NAME_W + VALUE_W), spare * VALUE_W / (NAME_W + VALUE_W)
            slider_w = width - name_w - value_w - 2 * gap
        for what in SLIDERS:
            rects[f"{what}_label"] = (left, top, name_w, row)
            rects[f"{what}_slider"] = (left + name_w + gap, top, slider_w, row)
            rects[f"{what}_value"] = (left + name_w + slider_w + 2 * gap, top, value_w, row)
            top += row + gap
        return top - gap
    items = section_items()[name]
    per_row, rows = _grid(len(items), width, CELL_MIN[name] * s)
    cell_w = (width - (per_row - 1) * gap) / per_row
    for i, item in enumerate(items):
        r, c = divmod(i, per_row)
        rects[item] = (left + c * (cell_w + gap), top + r * (row + gap), cell_w, row)
    return top + rows * (row + gap) - gap


def _split(heights: list, columns: int) -> list:
    """The sections' split into ``columns`` consecutive runs that makes the
    tallest run shortest (the sections keep their order, column by column)."""
    best = None
    n = len(heights)

    def runs(start, left):
        if left == 1:
            yield [list(range(start, n))]
            return
        for end in range(start + 1, n - left + 2):
            for rest in runs(end, left - 1):
                yield [list(range(start, end))] + rest

    for split in runs(0, columns):
        tallest = max(sum(heights[i] for i in run) for run in split)
        if best is None or tallest < best[0]:
            best = (tallest, split)
    return best[1]


def _rounded(rect) -> tuple:
    """A float rectangle on whole pixels, edges rounded (so that neighbours
    that do not overlap as floats do not overlap as pixels either)."""
    x0, y0 = round(rect[0]), round(rect[1])
    return (x0, y0, max(round(rect[0] + rect[2]) - x0, 1), max(round(rect[1] + rect[3]) - y0, 1))


def plan(panel_w: int, h: int, scale: float) -> Plan:
    """Place every control in a panel ``panel_w`` wide of a window ``h`` high
    at ui scale ``scale`` (see :func:`game.layout.ui_scale`)."""
    s = float(scale)
    pad = PAD * s
    inner = max(panel_w - 2 * pad, 1.0)
    columns = max(1, min(len(SECTIONS), int((inner + pad) // (MIN_COLUMN * s))))
    col_w = min((inner - (columns - 1) * pad) / columns, MAX_COLUMN * s)
    row, gap = ROW * s, GAP * s
    heights = [_section_rows(n, col_w, s) * (row + gap) - gap for n in SECTIONS]
    split = _split(heights, columns)
    rects: dict = {}
    bottom = 0.0
    for c, run in enumerate(split):
        top = pad
        for i in run:
            top = _place_section(SECTIONS[i], pad + c * (col_w + pad), top, col_w, s, rects)
            top += SECTION_GAP * s
        bottom = max(bottom, top - SECTION_GAP * s)
    height = math.ceil(bottom + pad)
    return Plan(int(panel_w), height, len(split), {k: _rounded(v) for k, v in rects.items()})


def controls_height(panel_w: int, h: int, scale: float = 1.0) -> int:
    """The height of the controls block at the foot of a panel ``panel_w``
    wide in a window ``h`` high (see :func:`plan`)."""
    return plan(panel_w, h, scale).height
