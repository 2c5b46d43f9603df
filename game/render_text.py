"""Text that is safe to render and that fits: pygame only.

* :func:`printable` turns any string (typed text, file paths, error messages)
  into one that ``Font.render`` accepts: control, format and unpaired
  surrogate characters become a visible placeholder, and the length is capped.
* :func:`render` renders it, and never raises.
* :func:`fit` wraps text into lines no wider than a width, breaking long words
  and ending with "…" when it needs more lines than it may have.
* :class:`Column` places lines top-down in a box, skips what does not fit,
  and records the rectangle of every line it drew (the layout tests read them).
"""
from __future__ import annotations

import unicodedata

import pygame

PLACEHOLDER = "\ufffd"       # "�", drawn by DejaVu Sans and DejaVu Sans Mono
ELLIPSIS = "…"
MAX_CHARS = 1000             # a longer line is never useful on screen
_BAD = {"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"}


def printable(s) -> str:
    """``s`` as one line that fonts can render: every control, format,
    surrogate, private-use or unassigned character (NUL, newline, tab,
    bidi overrides, zero-width spaces…) becomes "�", one for one, so that
    columns still match; at most ``MAX_CHARS`` characters.

    >>> printable("a\\x00b\\ncd")
    'a�b�cd'
    >>> printable("∇f = (1, 2)")
    '∇f = (1, 2)'
    """
    s = str(s)[:MAX_CHARS]
    if s.isprintable():        # fast path: no control or format character
        return s
    return "".join(PLACEHOLDER if unicodedata.category(ch) in _BAD else ch for ch in s)


def render(font, s, colour, background=None) -> pygame.Surface:
    """``font.render`` of :func:`printable` ``(s)``, anti-aliased, exactly
    one line of the font high, so that lines never overlap (a glyph that
    reaches lower is moved up into blank rows above the ink where there are
    some, and cut at the line's foot where there are none); text that has no
    width at all (a lone combining accent) gives an empty surface."""
    try:
        if background is None:
            surf = font.render(printable(s), True, colour)
        else:
            surf = font.render(printable(s), True, colour, background)
    except (pygame.error, ValueError):
        return pygame.Surface((0, font.get_height()), pygame.SRCALPHA)
    h = font.get_height()
    extra = surf.get_height() - h
    if extra > 0:                   # a glyph reaching below the font's descent ("_" at 11 px, ╯)
        top = 0
        if background is None:      # keep the ink: drop blank rows above it first
            ink = surf.get_bounding_rect()
            if ink.h:
                top = min(ink.top, extra)
        surf = surf.subsurface((0, top, surf.get_width(), h)).copy()
    return surf


def width(font, s) -> int:
    """Width in pixels of ``s`` as :func:`render` draws it."""
    try:
        return font.size(printable(s))[0]
    except (pygame.error, ValueError):
        return 0


BREAK_AFTER = "+-−*/,;)=·"   # a word too long for a line breaks after one of these


def _longest_prefix(text, room, measure) -> int:
    """The most characters of ``text`` (at least 1) whose width is ≤ room;
    ended after an operator or a comma when one lies in its second half (a
    formula breaks between its terms, not inside a name)."""
    lo, hi = 1, len(text)
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if measure(text[:mid]) <= room:
            lo = mid
        else:
            hi = mid - 1
    if lo < len(text):
        cut = max(text.rfind(ch, 0, lo) for ch in BREAK_AFTER) + 1
        if cut > lo // 2:
            return cut
    return lo


def elide(text, room, measure) -> str:
    """``text``, or its longest start that fits ``room`` with "…" after it
    ("" when not even "…" fits).

    >>> elide("abcdef", 4, len)
    'abc…'
    """
    if measure(text) <= room:
        return text
    if measure(ELLIPSIS) > room:
        return ""
    lo, hi = 0, len(text)
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if measure(text[:mid] + ELLIPSIS) <= room:
            lo = mid
        else:
            hi = mid - 1
    return text[:lo].rstrip() + ELLIPSIS


def fit(text, room, measure, max_lines=None) -> list[str]:
    """``text`` broken at spaces into lines no wider than ``room`` pixels
    (``measure(str) -> int``); a word wider than a line is broken inside it,
    and the first line keeps its indent. With ``max_lines``, the last line
    kept ends with "…" when text was left out.

    >>> fit("aa bb cc", 5, len)
    ['aa bb', 'cc']
    >>> fit("abcdefgh", 3, len)
    ['abc', 'def', 'gh']
    >>> fit("sin(x)*cos(y)+x^2", 9, len)
    ['sin(x)*', 'cos(y)+', 'x^2']
    >>> fit("  aa bb", 5, len)
    ['  aa', 'bb']
    >>> fit("aa bb cc dd", 5, len, max_lines=1)
    ['aa b…']
    """
    text = printable(text)
    room = max(int(room), 1)
    if measure(text) <= room:
        return [text]
    body = text.lstrip(" ")
    line = text[:len(text) - len(body)]              # the indent
    if measure(line) > room // 2:
        line = ""
    lines: list[str] = []
    for word in body.split(" "):
        trial = f"{line} {word}" if line.strip() else line + word
        if measure(trial) <= room:
            line = trial
            continue
        if line.strip():
            lines.append(line.rstrip())
            line = ""
        while word and measure(line + word) > room:  # a word wider than a line
            n = _longest_prefix(word, room, lambda t, lead=line: measure(lead + t))
            lines.append(line + word[:n])
            word, line = word[n:], ""
        line += word
    if line.strip() or not lines:
        lines.append(line.rstrip())
    if max_lines is not None and len(lines) > max(max_lines, 1):
        keep = max(max_lines, 1)
        lines = lines[:keep - 1] + [elide(" ".join(lines[keep - 1:]), room, measure)]
    return lines


class Column:
    """Lines placed top-down from ``(x, y)``, each no wider than ``right − x``
    (or than ``narrow_right − x`` beside the band ``avoid = (top, bottom)``),
    never below ``bottom``. Every line drawn is recorded in ``rects`` as
    ``(group, pygame.Rect, text)``.
    """

    def __init__(self, target, x, y, right, bottom, rects, group="panel",
                 avoid=None, narrow_right=None):
        self.target, self.x, self.y = target, int(x), int(y)
        self.right, self.bottom = int(right), int(bottom)
        self.rects, self.group = rects, group
        self.avoid, self.narrow_right = avoid, narrow_right
        self.full = False           # something did not fit below

    def room(self, height) -> int:
        """The width available for a line of ``height`` at the current y."""
        right = self.right
        if self.avoid is not None and self.y < self.avoid[1] and self.y + height > self.avoid[0]:
            right = min(right, self.narrow_right)
        return right - self.x

    def put(self, item, text, advance, dx=0) -> pygame.Rect | None:
        """Draw one rendered line (a Surface, or anything with ``draw(target,
        pos)`` and ``get_size()``) at the current y, then move down by
        ``advance``; returns its rect, or None (and draws nothing) if it
        would cross the bottom."""
        w, h = item.get_size()
        if self.y + h > self.bottom:
            self.full = True
            return None
        pos = (self.x + dx, self.y)
        if isinstance(item, pygame.Surface):
            self.target.blit(item, pos)
        else:
            item.draw(self.target, pos)
        rect = pygame.Rect(pos, (w, h))
        if w:
            self.rects.append((self.group, rect, text))
        self.y += advance
        return rect

    def lines(self, make, text, font, advance, max_lines=None) -> int:
        """``text`` fitted to the room and drawn line by line with
        ``make(line) -> item``; returns the number of lines drawn."""
        h = font.get_height()
        parts = fit(text, self.room(h), lambda s: width(font, s), max_lines)
        drawn = 0
        for part in parts:
            room = self.room(h)
            item = make(part)
            if item.get_width() > room:            # the band narrowed it: elide
                part = elide(part, room, lambda s: width(font, s))
                item = make(part)
            if self.put(item, part, advance) is None:
                break
            drawn += 1
        return drawn

    def skip(self, dy) -> None:
        self.y += int(dy)
