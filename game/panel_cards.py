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
INERT_RGB = (85, 85, 95)     # what the controls' colours are multiplied by (/255) under a card


def shade_controls(target, layout) -> None:
    """Darken the clickable controls' block: while the help card or the
    editor is open the controls take no click, and a control that still
    looked lit beside the card would be a button that does nothing."""
    rect = pygame.Rect(layout.controls).clip(target.get_rect())
    if rect.width and rect.height:
        target.fill(INERT_RGB, rect, special_flags=pygame.BLEND_RGB_MULT)

# What the help card says of the panel's controls, longest first: the card
# shows the first that fits under its surface menu.
CONTROLS_NOTES = (
    "The panel's controls do the same as these keys: drop-downs for the surface and the "
    "optimizer; sliders for η, μ / α / β₁ and the speed; toggles for the race, its racers, "
    "the contours and each overlay; buttons to pause, step, clear, apply the optimal values, "
    "save a screenshot and edit f. Each control's tooltip names its key.",
    "The panel's controls do the same as these keys; each tooltip names its key.",
    "The panel's controls do the same as these keys.",
)


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
        shade_controls(target, self.layout)
        x, y = (W - card.get_width()) // 2, (H - card.get_height()) // 2
        target.blit(card, (x, y))
        self.drawn_rects.extend(("help", r.move(x, y), t) for r, t in rects)

    def _help_plan(self, W, H):
        """Fonts, row height and column positions of the help card: the big
        fonts when they fit, else the small ones with rows as tall as fit.
        Every spacing is given at scale 1 and grows with the fonts."""
        from .controls import HELP, surface_key
        from .surfaces import names
        px = self.fonts.px
        menu = [(surface_key(i), n) for i, n in enumerate(names())]
        room_w, room_h = W - 2 * CARD_MARGIN, H - 2 * CARD_MARGIN
        n = len(HELP)
        top = px(8) + self.title_font.get_height() + px(10)       # the first row's y
        plan = None
        for keyf, textf, row in ((self.mono, self.font, px(24)), (self.small, self.small, 0)):
            line_h = max(keyf.get_height(), textf.get_height())
            if not row:
                row = max(min(px(24), (room_h - top - px(8)) // n), line_h + 1)
            key_w = max(render_text.width(keyf, k) for k, _ in HELP) + px(24)
            text_w = max(render_text.width(textf, t) for _, t in HELP)
            menu_x = px(18) + key_w + text_w + px(40)
            name_x = render_text.width(keyf, "M" * 9)
            menu_w = name_x + max(render_text.width(textf, nm) for _, nm in menu) + px(18)
            menu_w = max(menu_w, render_text.width(self.small, "E: type your own f(x, y)") + px(18))
            plan = (keyf, textf, row, key_w, menu_x, name_x, menu_x + menu_w,
                    top + row * n + px(8), top)
            if plan[6] <= room_w and plan[7] <= room_h:
                break
        return HELP, menu, plan

    def _help_card(self, W, H):
        """The help card as a picture, and the rects of its lines (in card
        coordinates). Below the app's minimum window the card is clipped."""
        HELP, menu, (keyf, textf, row, key_w, menu_x, name_x, w, h, top) = \
            self._help_plan(W, H)
        px = self.fonts.px
        w = max(min(w, W - 2 * CARD_MARGIN), 10)
        h = max(min(h, H - 2 * CARD_MARGIN), 10)
        card = pygame.Surface((w, h), pygame.SRCALPHA)
        card.fill((10, 12, 18, 250))
        rects = []

        def put(font, text, colour, pos):
            surf = render_text.render(font, text, colour)
            card.blit(surf, pos)
            rects.append((pygame.Rect(pos, surf.get_size()), text))

        put(self.title_font, "Keys and mouse", TEXT, (px(18), px(8)))
        for i, (k, what) in enumerate(HELP):
            put(keyf, k, KEY_RGB, (px(18), top + row * i))
            put(textf, what, TEXT, (px(18) + key_w, top + row * i))
        put(self.title_font, "Surfaces", TEXT, (menu_x, px(8)))
        for i, (k, name) in enumerate(menu):
            put(keyf, k, KEY_RGB, (menu_x, top + row * i))
            put(textf, name, TEXT, (menu_x + name_x, top + row * i))
        y = top + row * len(menu) + px(8)
        put(self.small, "E: type your own f(x, y)", DIM, (menu_x, y))
        y += self.small.get_height() + px(14)
        self._controls_note(put, menu_x, y, w - px(12) - menu_x, h - px(8))
        return card, rects

    def _controls_note(self, put, x, y, room, bottom):
        """Under the surface menu: the panel's controls do what the keys do.
        The longest wording that fits the room left, wrapped."""
        step = self.fonts.advance(self.small, 16)
        for note in CONTROLS_NOTES:
            parts = render_text.fit(note, room, lambda t: render_text.width(self.small, t))
            if y + step * (len(parts) - 1) + self.small.get_height() <= bottom and \
                    all(render_text.width(self.small, p) <= room for p in parts):
                for i, part in enumerate(parts):        # one paragraph, one colour
                    put(self.small, part, DIM, (x, y + step * i))
                return
