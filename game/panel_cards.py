"""The help card: pygame text over the picture.

A mixin of :class:`game.render.Renderer` (through the panel painter), laid
out for the window it is drawn in: the card picks the largest fonts with
which every line fits. Every line drawn is recorded in ``self.drawn_rects``
(group "help"). The function editor is :mod:`game.ui.editor`.
"""
from __future__ import annotations

import pygame

from . import render_text

TEXT = (225, 228, 235)
DIM = (150, 155, 165)
KEY_RGB = (255, 200, 90)
CARD_MARGIN = 10             # at least this much window shows around a card


class CardPainter:
    """The help card (:meth:`draw_help`)."""

    # --- help -------------------------------------------------------------------
    def draw_help(self, target):
        """The help card: every key and mouse action, and the surface menu,
        centred in the window."""
        W, H = self.layout.size
        key = ("help", W, H)
        entry = self._sprites.get(key)
        if entry is None:
            entry = self._sprites[key] = self._help_card(W, H)
        card, rects = entry
        x, y = (W - card.get_width()) // 2, (H - card.get_height()) // 2
        target.blit(card, (x, y))
        self.drawn_rects.extend(("help", r.move(x, y), t) for r, t in rects)

    def _help_plan(self, W, H):
        """Fonts, row height and column positions of the help card: the big
        fonts when they fit, else the small ones with rows as tall as fit."""
        from .controls import HELP, surface_key
        from .surfaces import names
        menu = [(surface_key(i), n) for i, n in enumerate(names())]
        room_w, room_h = W - 2 * CARD_MARGIN, H - 2 * CARD_MARGIN
        n = len(HELP)
        plan = None
        for keyf, textf, row in ((self.mono, self.font, 24), (self.small, self.small, 0)):
            line_h = max(keyf.get_height(), textf.get_height())
            if not row:
                row = max(min(24, (room_h - 52) // n), line_h + 1)
            key_w = max(render_text.width(keyf, k) for k, _ in HELP) + 24
            text_w = max(render_text.width(textf, t) for _, t in HELP)
            menu_x = 18 + key_w + text_w + 40
            name_x = render_text.width(keyf, "M" * 9)
            menu_w = name_x + max(render_text.width(textf, nm) for _, nm in menu) + 18
            plan = (keyf, textf, row, key_w, menu_x, name_x, menu_x + menu_w, 52 + row * n)
            if plan[6] <= room_w and plan[7] <= room_h:
                break
        return HELP, menu, plan

    def _help_card(self, W, H):
        """The help card as a picture, and the rects of its lines (in card
        coordinates). Below the app's minimum window the card is clipped."""
        HELP, menu, (keyf, textf, row, key_w, menu_x, name_x, w, h) = self._help_plan(W, H)
        w = max(min(w, W - 2 * CARD_MARGIN), 10)
        h = max(min(h, H - 2 * CARD_MARGIN), 10)
        card = pygame.Surface((w, h), pygame.SRCALPHA)
        card.fill((10, 12, 18, 250))
        rects = []

        def put(font, text, colour, pos):
            surf = render_text.render(font, text, colour)
            card.blit(surf, pos)
            rects.append((pygame.Rect(pos, surf.get_size()), text))

        put(self.title_font, "Keys and mouse", TEXT, (18, 8))
        for i, (k, what) in enumerate(HELP):
            put(keyf, k, KEY_RGB, (18, 44 + row * i))
            put(textf, what, TEXT, (18 + key_w, 44 + row * i))
        put(self.title_font, "Surfaces", TEXT, (menu_x, 8))
        for i, (k, name) in enumerate(menu):
            put(keyf, k, KEY_RGB, (menu_x, 44 + row * i))
            put(textf, name, TEXT, (menu_x + name_x, 44 + row * i))
        put(self.small, "E: type your own f(x, y)", DIM, (menu_x, 44 + row * len(menu) + 8))
        return card, rects
