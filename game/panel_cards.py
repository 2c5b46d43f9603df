"""The help card and the function editor: pygame text over the picture.

A mixin of :class:`game.render.Renderer` (through the panel painter). Both
are laid out for the window they are drawn in: the help card picks the
largest fonts with which every line fits, the editor wraps its hints and
error messages to its width and grows to hold them. Every line drawn is
recorded in ``self.drawn_rects`` (groups "help" and "editor").
"""
from __future__ import annotations

import pygame

from . import render_text

TEXT = (225, 228, 235)
DIM = (150, 155, 165)
KEY_RGB = (255, 200, 90)
ERROR_RGB = (255, 110, 100)
SELECTED_RGB = (10, 12, 18)  # selected text, on KEY_RGB
CARD_MARGIN = 10             # at least this much window shows around a card

SYNTAX_HINT = "numbers, x, y, pi, e, + − * / ^, sin cos tan exp log sqrt abs tanh sinh cosh atan"
KEYS_HINT = "Enter: use it    Esc: cancel    typing replaces the highlighted text    domain too: f ; xmin,xmax,ymin,ymax"


class CardPainter:
    """The help card (:meth:`draw_help`) and the editor (:meth:`draw_editor`)."""

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

    # --- editor -----------------------------------------------------------------
    def draw_editor(self, target, state):
        """The function editor: a text field over the top of the map area,
        with the caret, a hint, and any error pointed at its column."""
        left, top, w, h = self.layout.map_area
        box = pygame.Rect(left + 10, top + 10, max(w - 20, 40), 0)
        inner = box.width - 24
        lines = self._editor_lines(state, inner)
        box.height = min(10 + sum(adv for *_, adv in lines) + 8, max(h - 20, 24))
        card = pygame.Surface(box.size, pygame.SRCALPHA)
        card.fill((10, 12, 18, 235))
        target.blit(card, box.topleft)
        pygame.draw.rect(target, KEY_RGB, box, 1)
        clip = target.get_clip()
        target.set_clip(box.inflate(-2, -2).clip(clip))   # nothing leaves the box
        try:
            col = render_text.Column(target, box.left + 12, box.top + 10, box.right - 12,
                                 box.bottom - 4, self.drawn_rects, "editor")
            for item, text, dx, adv in lines:
                if item is None:
                    col.skip(adv)
                elif col.put(item, text, adv, dx) is None:
                    break
        finally:
            target.set_clip(clip)

    def _field(self, prompt, shown, caret, selected):
        """The editor's field line; text that is all selected (typing will
        replace it) is drawn dark on the highlight colour."""
        if not (selected and shown):
            return self.text(prompt + shown + caret, self.mono)
        parts = [self.text(prompt, self.mono),
                 render_text.render(self.mono, shown, SELECTED_RGB, KEY_RGB),
                 self.text(caret, self.mono)]
        item = pygame.Surface((sum(p.get_width() for p in parts),
                               max(p.get_height() for p in parts)), pygame.SRCALPHA)
        x = 0
        for p in parts:
            item.blit(p, (x, 0))
            x += p.get_width()
        return item

    def _editor_lines(self, state, room):
        """The editor's lines as ``(item, text, dx, advance)``: the field
        (scrolled so that the caret shows), the ^ under an error's column,
        the error or the syntax hint, and the keys."""
        prompt, caret = "f(x, y) = ", "▏"
        text = render_text.printable(state.editing or "")
        cw = max(render_text.width(self.mono, "M"), 1)
        fits = max(room // cw - len(prompt) - 1, 1)
        while True:
            shift = max(len(text) - fits, 0)       # scroll so the caret shows
            shown = ("…" + text[shift + 1:]) if shift else text
            field = prompt + shown + caret
            item = self._field(prompt, shown, caret, state.edit_selected)
            if item.get_width() <= room or fits == 1:
                break
            fits -= 1                              # a glyph wider than the others
        small = self.small
        out = [(item, field, 0, 18)]
        error = state.edit_error
        pos = error[1] if error else None
        if pos is not None and pos >= shift:
            out.append((self.text("^", self.mono, ERROR_RGB), "^",
                        (len(prompt) + pos - shift) * cw, 18))
        else:
            out.append((None, "", 0, 18))
        words = [(error[0], ERROR_RGB)] if error else [(SYNTAX_HINT, DIM)]
        words.append((KEYS_HINT, DIM))
        for message, colour in words:
            parts = render_text.fit(message, room, lambda t: render_text.width(small, t), 3)
            out += [(self.text(p, small, colour), p, 0, 16) for p in parts]
            out[-1] = out[-1][:3] + (20,)
        return out
