"""The function editor: a one-line text field over the top of the map.

A mixin of :class:`game.render.Renderer`: it uses the renderer's fonts
(``mono`` for the field, ``small`` for the words) and text cache, whatever
size the window gives them. The field shows the text around the caret (a
thin bar between characters; a long text scrolls, "…" marking a cut end),
the selection dark on the highlight colour, and after a refused Enter a
``^`` under the column at fault, where the caret waits. Hints and messages
wrap to the box, which grows to hold them. Every line drawn is recorded in
``self.drawn_rects`` (group "editor"); the field's record has "▏" where the
caret is.
"""
from __future__ import annotations

import pygame

from .. import render_text, textedit
from ..panel_cards import shade_controls
from ..state import edit_field

TEXT = (225, 228, 235)
DIM = (150, 155, 165)
KEY_RGB = (255, 200, 90)
ERROR_RGB = (255, 110, 100)
SELECTED_RGB = (10, 12, 18)  # selected text, on KEY_RGB
CARET_RGB = TEXT
BOX_RGBA = (10, 12, 18, 235)

PROMPT = "f(x, y) = "
CARET_MARK = "▏"             # where the caret is, in the field's recorded text
ELLIPSIS = render_text.ELLIPSIS
SYNTAX_HINT = "numbers, x, y, pi, e, + − * / ^, sin cos tan exp log sqrt abs tanh sinh cosh atan"
KEYS_HINT = ("Enter: use it    Esc: cancel    ← → Home End: move (Shift: select)    "
             "Ctrl+A: all    Ctrl+C: copy    Ctrl+X: cut    Ctrl+V: paste    "
             "typing replaces the highlighted text    "
             "domain too: f ; xmin,xmax,ymin,ymax")


class FieldLine:
    """The field as drawn: its picture, the text it records, and where
    each shown character of the text starts (``x_of``)."""

    def __init__(self, item, record, first, count, lead, xs, length):
        self.item, self.record = item, record
        self.first, self.count, self.lead, self._xs = first, count, lead, xs
        self.length = length

    def x_of(self, index):
        """x in the line of the gap before character ``index`` of the text,
        or None when it is scrolled out of sight."""
        if not self.first <= index <= self.first + self.count:
            return None
        return self._xs[index - self.first + self.lead]

    def column_x(self, index):
        """x in the line where character ``index`` starts, or None when that
        character is out of sight (the end of the text counts as a column)."""
        if index == self.length or self.first <= index < self.first + self.count:
            return self.x_of(index)
        return None


class EditorPainter:
    """The function editor (:meth:`draw_editor`)."""

    def draw_editor(self, target, state):
        """The function editor: a text field over the top of the map area,
        with the caret, the selection, a hint, and any error pointed at its
        column."""
        shade_controls(target, self.layout)          # they take no click meanwhile
        left, top, w, h = self.layout.map_area
        box = pygame.Rect(left + 10, top + 10, max(w - 20, 40), 0)
        lines = self._editor_lines(state, box.width - 24)
        box.height = min(10 + sum(adv for *_, adv in lines) + 8, max(h - 20, 24))
        card = pygame.Surface(box.size, pygame.SRCALPHA)
        card.fill(BOX_RGBA)
        target.blit(card, box.topleft)
        pygame.draw.rect(target, KEY_RGB, box, 1)
        clip = target.get_clip()
        target.set_clip(box.inflate(-2, -2).clip(clip))   # nothing leaves the box
        try:
            col = render_text.Column(target, box.left + 12, box.top + 10, box.right - 12,
                                     box.bottom - 4, self.drawn_rects, "editor")
            self._editor_at = (col.x, col.y, lines[0][0].get_height(), self._editor_cache[1])
            for item, text, dx, adv in lines:
                if item is None:
                    col.skip(adv)
                elif col.put(item, text, adv, dx) is None:
                    break
        finally:
            target.set_clip(clip)

    def editor_index_at(self, pos):
        """The gap between characters of the field nearest to the screen
        point ``pos`` (an index into the text), or None when ``pos`` is not
        on the field's line as last drawn (a click there places the caret)."""
        at = getattr(self, "_editor_at", None)
        if at is None:
            return None
        x0, y0, h, line = at
        x, y = pos[0] - x0, pos[1] - y0
        if not (0 <= y < h and 0 <= x < line.item.get_width()):
            return None
        gaps = range(line.first, line.first + line.count + 1)
        return min(gaps, key=lambda i: abs(line.x_of(i) - x))

    # --- the field ----------------------------------------------------------
    def _editor_field(self, state, room) -> FieldLine:
        """The field line no wider than ``room``: the prompt, the window of
        the text that keeps the caret in sight, the selection and the
        caret. Remembered until the text, caret, selection, room or font
        change; the window's start is kept between frames, so that the text
        scrolls only when the caret nears a cut end."""
        field = edit_field(state) if state.editing is not None else textedit.Field()
        font = self.mono
        first = getattr(self, "_editor_first", 0)
        key = (field, room, id(font), first)
        cached = getattr(self, "_editor_cache", None)
        if cached is not None and cached[0] == key:
            return cached[1]
        line = self._build_field(field, room, font, first)
        self._editor_first = line.first
        self._editor_cache = ((field, room, id(font), line.first), line)
        return line

    def _build_field(self, field, room, font, first) -> FieldLine:
        text = render_text.printable(field.text)[:len(field.text)]
        n = len(text)
        bar = max(1, round(font.get_height() / 9))           # the caret's width
        prompt_w = render_text.width(font, PROMPT)
        cw = max(render_text.width(font, "M"), 1)
        columns = max((room - prompt_w - bar) // cw, 3)
        while True:
            first, count = textedit.window(n, field.caret, first, columns)
            lead = 1 if first else 0
            shown = (ELLIPSIS if lead else "") + text[first:first + count] + \
                (ELLIPSIS if first + count < n else "")
            xs = [prompt_w + render_text.width(font, shown[:j]) for j in range(len(shown) + 1)]
            if xs[-1] + bar <= room or columns == 3:
                break
            columns -= 1                       # a glyph wider than the others
        start, stop = field.selection
        item = pygame.Surface((min(xs[-1] + bar, max(room, 1)), font.get_height()),
                              pygame.SRCALPHA)
        item.blit(self.text(PROMPT, font), (0, 0))
        # The shown text in three runs: before, in and after the selection.
        cut = [0, len(shown)]
        if start != stop:
            cut[1:1] = [min(max(start - first + lead, lead), len(shown)),
                        min(max(stop - first + lead, lead), len(shown))]
        for k, (a, b) in enumerate(zip(cut, cut[1:])):
            if a < b:
                selected = start != stop and k == 1
                run = render_text.render(font, shown[a:b], SELECTED_RGB, KEY_RGB) if selected \
                    else self.text(shown[a:b], font)
                item.blit(run, (xs[a], 0))
        j = field.caret - first + lead
        x = min(max(xs[j] - bar // 2, prompt_w - 1), item.get_width() - bar)
        item.fill(CARET_RGB, (x, 0, bar, font.get_height()))
        record = PROMPT + shown[:j] + CARET_MARK + shown[j:]
        return FieldLine(item, record, first, count, lead, xs, n)

    # --- the lines ----------------------------------------------------------
    def _editor_lines(self, state, room):
        """The editor's lines as ``(item, text, dx, advance)``: the field,
        the ^ under an error's column (when that column is in sight), the
        error or the syntax hint, and the keys."""
        mono, small = self.mono, self.small
        field = self._editor_field(state, room)
        step = mono.get_height() + 1
        out = [(field.item, field.record, 0, step)]
        error = state.edit_error
        pos = error[1] if error else None
        x = field.column_x(pos) if isinstance(pos, int) else None
        if x is not None:
            out.append((self.text("^", mono, ERROR_RGB), "^", x, step))
        else:
            out.append((None, "", 0, step))
        words = [(error[0], ERROR_RGB)] if error else [(SYNTAX_HINT, DIM)]
        words.append((KEYS_HINT, DIM))
        small_step = small.get_height() + 1
        for message, colour in words:
            parts = render_text.fit(message, room, lambda t: render_text.width(small, t), 3)
            out += [(self.text(p, small, colour), p, 0, small_step) for p in parts]
            out[-1] = out[-1][:3] + (small_step + 4,)
        return out
