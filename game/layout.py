"""Where things go in a window: the map, the side panel, the panel's controls.

Pure (no pygame): a :class:`Layout` is computed from the window size alone,
so that tests can check it for any size.

>>> lay = Layout.of((1280, 800))
>>> lay.map_area, lay.panel
((60, 8, 732, 764), (800, 0, 480, 800))
"""
from __future__ import annotations

from dataclasses import dataclass

MAP_MARGIN = 8           # room around the map so balls on a wall show whole
REFERENCE = (1280, 800)  # the window size that every pixel size is chosen at


def ui_scale(size) -> float:
    """How much bigger than at 1280 × 800 text and marks are drawn: the
    smaller of the two ratios, kept within [0.8, 1.6].

    >>> ui_scale((1280, 800)), ui_scale((1920, 1080)), ui_scale((800, 500))
    (1.0, 1.35, 0.8)
    """
    w, h = max(int(size[0]), 1), max(int(size[1]), 1)
    return round(min(max(min(w / REFERENCE[0], h / REFERENCE[1]), 0.8), 1.6), 4)


@dataclass(frozen=True)
class Layout:
    """Where things go in a window of ``size``.

    ``map_area`` is the map's rectangle (left, top, width, height),
    ``panel`` the side panel's, ``scale`` the :func:`ui_scale` of the size;
    ``controls`` is the part of the panel that holds the clickable controls
    and ``text`` the part left for the panel's words (the panel minus the
    controls).
    """

    size: tuple[int, int]
    map_area: tuple[int, int, int, int]
    panel: tuple[int, int, int, int]
    scale: float = 1.0
    controls: tuple[int, int, int, int] = (0, 0, 0, 0)
    text: tuple[int, int, int, int] = (0, 0, 0, 0)

    @classmethod
    def of(cls, size) -> "Layout":
        """The layout of a ``size`` window; any size from 1 × 1 up is accepted
        (below the app's minimum, things are clipped, never misplaced)."""
        w, h = max(int(size[0]), 1), max(int(size[1]), 1)
        panel_w = panel_width(w, h)
        ml, mt, mr, mb = map_margins(ui_scale((w, h)))
        panel = (w - panel_w, 0, panel_w, h)
        controls_h = controls_height(panel_w, h, ui_scale((w, h)))
        return cls((w, h), (ml, mt, max(w - panel_w - ml - mr, 1), max(h - mt - mb, 1)), panel,
                   ui_scale((w, h)), (w - panel_w, h - controls_h, panel_w, controls_h),
                   (w - panel_w, 0, panel_w, h - controls_h))


def map_margins(scale: float) -> tuple[int, int, int, int]:
    """Room (left, top, right, bottom) between the map and the window's
    edges or the panel: :data:`MAP_MARGIN` everywhere, so balls on a wall
    show whole, and beside the left and bottom edges room for the axes' tick
    labels (:mod:`game.ui.axes`), which grow with the text's scale.

    >>> map_margins(1.0), map_margins(1.35)
    ((60, 8, 8, 28), (78, 8, 8, 35))
    """
    s = max(float(scale), 0.92)          # the small font stops shrinking below about this
    return (MAP_MARGIN + int(round(52 * s)), MAP_MARGIN, MAP_MARGIN,
            MAP_MARGIN + int(round(20 * s)))


PANEL_W = 520            # the panel's widest, in pixels at scale 1: its words need no more
PANEL_MIN = 300          # its narrowest at scale 1 (the title and the controls need that)


def panel_width(w: int, h: int) -> int:
    """The side panel's width in a ``w × h`` window: what the square map
    leaves (at least 300 px, more where the words are drawn larger; at most
    half the window), but never wider than
    its words need at the window's scale, so that a wide window gives the
    map the rest instead of stretching the panel into empty space.

    >>> panel_width(1280, 800), panel_width(1920, 1080), panel_width(1024, 640)
    (480, 702, 384)
    >>> panel_width(1760, 1451)          # a nearly square big window: 300 × 1.375
    412
    """
    scale = ui_scale((w, h))
    cap = int(round(PANEL_W * scale))
    floor = int(round(PANEL_MIN * max(scale, 1.0)))   # its words grow: so does its least width
    return min(max(floor, w - h), w // 2, cap)


def controls_height(panel_w: int, h: int, scale: float = 1.0) -> int:
    """The height of the controls' block at the foot of the panel: see
    :func:`game.controls_layout.plan`, which places each control in it."""
    from .controls_layout import controls_height as height
    return height(panel_w, h, scale)
