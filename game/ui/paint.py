"""Shared drawing pieces of the lab's panel: cached text and ball sprites.

Pygame only. The balls of every rule are drawn with the rule's Okabe–Ito
colour inside two rings, a dark one and a light one, so that they read on
the dark and the bright ends of every colormap, and for colour-blind
viewers the palette keeps them apart.
"""
from __future__ import annotations

import pygame

from .. import render_text

EDGE_DARK = (12, 12, 18)
EDGE_LIGHT = (245, 245, 245)
KEY = (255, 0, 255)          # the sprites' colour key


def ball_sprite(colour, radius: int = 5, like=None) -> pygame.Surface:
    """A ball of ``colour`` with a dark ring and a light rim, on an RLE colour
    key (cheap to blit many times): ``2·radius + 4`` pixels square, in the
    pixel format of ``like`` when given."""
    r = int(radius)
    size = 2 * r + 4
    s = pygame.Surface((size, size), 0, like) if like is not None else pygame.Surface((size, size))
    s.fill(KEY)
    c = (r + 2, r + 2)
    pygame.draw.circle(s, EDGE_LIGHT, c, r + 2)
    pygame.draw.circle(s, EDGE_DARK, c, r + 1)
    pygame.draw.circle(s, tuple(int(v) for v in colour), c, r - 1)
    s.set_colorkey(KEY, pygame.RLEACCEL)
    return s


def cached_text(cache: dict, limit: int, font, text: str, colour) -> pygame.Surface:
    """``text`` in ``font`` and ``colour`` from ``cache`` (keyed by all three),
    rendered once; the cache forgets everything past ``limit`` entries."""
    key = (font, text, colour)
    surf = cache.get(key)
    if surf is None:
        if len(cache) > limit:
            cache.clear()
        surf = cache[key] = render_text.render(font, text, colour)
    return surf


class TextCache:
    """Rendered lines of one font, by (text, colour); forgets all past ``limit``."""

    def __init__(self, font, limit: int = 1024):
        self.font = font
        self.limit = int(limit)
        self._cache: dict = {}
        self._widths: dict = {}

    def __call__(self, text: str, colour) -> pygame.Surface:
        key = (text, colour)
        surf = self._cache.get(key)
        if surf is None:
            if len(self._cache) >= self.limit:
                self._cache.clear()
            surf = self._cache[key] = render_text.render(self.font, text, colour)
        return surf

    def width(self, text: str) -> int:
        """The width of ``text`` as drawn (remembered)."""
        w = self._widths.get(text)
        if w is None:
            if len(self._widths) >= self.limit:
                self._widths.clear()
            w = self._widths[text] = render_text.width(self.font, text)
        return w
