"""The first-time hint: what to do on the first screen, big, on the map.

Pygame only. A translucent card near the top centre of the map says
"move the mouse · click to drop a ball · H for help" in letters 24 px high at
1280×800, scaled with the window (``Layout.scale``), until a ball is spawned
for the first time (``World.ever_spawned``; clearing the balls does not bring
it back). It makes way while an overlay is on (they have labels of their own),
and the help card and the editor cover it. A ``--screenshot`` of a fresh
surface without balls or overlays shows it, as a first user sees that screen.

Where the map is too narrow for one line, the card breaks it at the " · "
separators; the card never leaves the map.
"""
from __future__ import annotations

from pathlib import Path

import pygame

from .. import render_text

HINT = "move the mouse · click to drop a ball · H for help"
SEP = " · "
FONT_PATH = Path(__file__).resolve().parent.parent.parent / "assets" / "DejaVuSans.ttf"
TEXT_PX = 24                  # letter size at scale 1 (the panel's text is 15)
TEXT = (246, 246, 250)
CARD = (16, 20, 30, 200)      # dark, translucent: the map shows through
EDGE = (235, 235, 240, 90)
TOP = 14                      # px from the map's top at scale 1

_fonts: dict = {}
_cards: dict = {}


def visible(state, world) -> bool:
    """Whether the hint is shown: no ball spawned yet, no overlay on, and
    neither the help card nor the editor open."""
    return (not world.ever_spawned and not state.overlays and not state.help
            and state.editing is None)


def _font(px: int):
    """The font of ``px`` pixels, made again after pygame's font module was
    quit and re-initialised (a font made before is then invalid)."""
    f = _fonts.get(px)
    if f is not None:
        try:
            f.size("x")
        except pygame.error:          # "font module quit since font created"
            f = None
    if f is None:
        if not pygame.font.get_init():
            pygame.font.init()
        f = _fonts[px] = pygame.font.Font(str(FONT_PATH), px)
    return f


def lines_for(width: int, text_width, text: str = HINT) -> list[str]:
    """``text`` as one line if ``text_width(text) <= width``, else broken at
    the separators into as few lines as fit (a part wider than ``width``
    stands alone).

    >>> lines_for(1000, len), lines_for(35, len)
    (['move the mouse · click to drop a ball · H for help'], ['move the mouse', 'click to drop a ball · H for help'])
    """
    parts = text.split(SEP)
    lines: list[str] = []
    for part in parts:
        if lines and text_width(lines[-1] + SEP + part) <= width:
            lines[-1] += SEP + part
        else:
            lines.append(part)
    return lines


def card(scale: float, max_width: int) -> pygame.Surface:
    """The hint's card for ``scale``, at most ``max_width`` wide (cached)."""
    key = (round(float(scale), 4), int(max_width))
    pic = _cards.get(key)
    if pic is not None:
        return pic
    if len(_cards) > 16:
        _cards.clear()
    px = max(int(round(TEXT_PX * scale)), 12)
    pad = max(int(round(12 * scale)), 6)
    font = _font(px)
    while True:
        lines = lines_for(max_width - 2 * pad, lambda s: font.size(s)[0])
        widest = max(font.size(s)[0] for s in lines)
        if widest <= max_width - 2 * pad or px <= 12:
            break
        px -= 1
        font = _font(px)
    rendered = [render_text.render(font, s, TEXT) for s in lines]
    line_h = font.get_linesize()
    w = min(max(r.get_width() for r in rendered) + 2 * pad, max(max_width, 1))
    h = line_h * len(rendered) + 2 * pad
    pic = pygame.Surface((max(w, 1), h), pygame.SRCALPHA)
    radius = max(int(round(10 * scale)), 4)
    pygame.draw.rect(pic, CARD, pic.get_rect(), border_radius=radius)
    pygame.draw.rect(pic, EDGE, pic.get_rect(), width=max(int(round(scale)), 1),
                     border_radius=radius)
    for i, r in enumerate(rendered):
        pic.blit(r, ((w - r.get_width()) // 2, pad + i * line_h))
    _cards[key] = pic
    return pic


def draw_hint(target, state, world, vp, layout):
    """Draw the hint on the map of ``vp`` when :func:`visible`; returns its
    rectangle, or None."""
    if not visible(state, world):
        return None
    mx, my, mw, mh = (int(v) for v in vp.rect)
    margin = max(int(round(12 * layout.scale)), 6)
    if mw <= 2 * margin or mh <= 2 * margin:
        return None
    pic = card(layout.scale, mw - 2 * margin)
    if pic.get_height() > mh - 2 * margin:
        return None
    rect = pic.get_rect(midtop=(mx + mw // 2, my + int(round(TOP * layout.scale))))
    target.blit(pic, rect)
    return rect
