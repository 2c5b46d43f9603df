"""The panel's fonts at one window scale, and the spacings that go with them.

Pygame only. A :class:`FontSet` holds the four fonts the words are drawn in
(text, small, mono, title) at sizes proportional to the window's
:func:`game.layout.ui_scale`, and turns the spacings chosen at 1280 × 800 into
pixels at its own scale (:meth:`FontSet.px`), never less than a line of the
font they space (:meth:`FontSet.advance`).

Scales are rounded to steps of 0.05, and each step's fonts are made once and
kept: resizing a window back and forth costs no font loading, and caches
keyed by a font's ``id`` stay valid (a kept font's id is never reused).
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pygame

ASSETS = Path(__file__).resolve().parent.parent.parent / "assets"
FONT_PATH = ASSETS / "DejaVuSans.ttf"
MONO_PATH = ASSETS / "DejaVuSansMono.ttf"

# Sizes at scale 1 (1280 × 800), and the smallest size each may take.
BASE = {"font": 15, "small": 12, "mono": 14, "title": 22}
FLOOR = {"font": 12, "small": 11, "mono": 11, "title": 17}
STEP = 0.05


def quantised(scale: float) -> float:
    """``scale`` rounded to the nearest step of 0.05 (at least one step).

    >>> quantised(1.0), quantised(1.3499), quantised(0.81)
    (1.0, 1.35, 0.8)
    """
    return round(max(round(float(scale) / STEP), 1) * STEP, 2)


def sizes(scale: float) -> dict:
    """The point size of each font at ``scale``.

    >>> sizes(1.0) == BASE
    True
    >>> sizes(1.35)
    {'font': 20, 'small': 16, 'mono': 19, 'title': 30}
    """
    s = quantised(scale)
    return {k: max(int(round(v * s)), FLOOR[k]) for k, v in BASE.items()}


@dataclass(frozen=True, eq=False)
class FontSet:
    """The fonts of one scale; ``scale`` is the quantised scale they were made at."""

    scale: float
    font: pygame.font.Font
    small: pygame.font.Font
    mono: pygame.font.Font
    title: pygame.font.Font

    def px(self, v: float) -> int:
        """A length chosen at scale 1, in pixels at this scale."""
        return int(round(v * self.scale))

    def advance(self, font, v: float) -> int:
        """The step from one line of ``font`` to the next: ``v`` pixels at
        scale 1, scaled, and never less than the font's height."""
        return max(self.px(v), font.get_height())


_SETS: dict = {}
_RETIRED: list = []      # sets made before a pygame.quit(): kept, so their ids stay taken


def _alive(fs: FontSet) -> bool:
    try:
        fs.mono.size("x")
    except pygame.error:     # "font module quit since font created"
        return False
    return True


def fonts_for(scale: float) -> FontSet:
    """The :class:`FontSet` of ``scale`` (made once per step of 0.05, and
    again after pygame's font module was quit and re-initialised)."""
    s = quantised(scale)
    fs = _SETS.get(s)
    if fs is not None and not _alive(fs):
        _RETIRED.extend(_SETS.values())
        _SETS.clear()
        fs = None
    if fs is None:
        if not pygame.font.get_init():
            pygame.font.init()
        size = sizes(s)
        fs = _SETS[s] = FontSet(
            s, pygame.font.Font(str(FONT_PATH), size["font"]),
            pygame.font.Font(str(FONT_PATH), size["small"]),
            pygame.font.Font(str(MONO_PATH), size["mono"]),
            pygame.font.Font(str(FONT_PATH), size["title"]))
    return fs
