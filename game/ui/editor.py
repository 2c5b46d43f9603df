"""The function editor: a one-line text field over the top of the map.

A mixin of :class:`game.render.Renderer`: it uses the renderer's fonts and
text cache. The field wraps its hints and error messages to its width and
grows to hold them. Every line drawn is recorded in ``self.drawn_rects``
(group "editor").
"""
from __future__ import annotations

import pygame

from .. import render_text

TEXT = (225, 228, 235)
DIM = (150, 155, 165)
KEY_RGB = (255, 200, 90)
ERROR_RGB = (255, 110, 100)
SELECTED_RGB = (10, 12, 18)  # selected text, on KEY_RGB

SYNTAX_HINT = "numbers, x, y, pi, e, + − * / ^, sin cos tan exp log sqrt abs tanh sinh cosh atan"
KEYS_HINT = "Enter: use it    Esc: cancel    typing replaces the highlighted text    domain too: f ; xmin,xmax,ymin,ymax"


class EditorPainter:
    """The function editor (:meth:`draw_editor`)."""

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
