"""A one-line text field as plain data: its text, caret and selection, and
the edits a keyboard makes to it. Pure Python (no pygame).

A :class:`Field` never changes: every edit returns a new one. The caret sits
*between* characters: 0 is before the first, ``len(text)`` after the last.
The selection runs from ``anchor`` to the caret (either may be the larger);
``anchor is None`` means nothing is selected.

>>> f = select_all(Field("x^2 + y"))
>>> f.selected
'x^2 + y'
>>> f = insert(f, "sin(x)")              # typing replaces the selection
>>> f.text, f.caret, f.anchor
('sin(x)', 6, None)
>>> f = left(left(f), extend=True)        # Shift+← selects "x"
>>> f.selected, f.selection
('x', (4, 5))
>>> backspace(f).text
'sin()'
"""
from __future__ import annotations

import unicodedata
from dataclasses import dataclass

__all__ = ["Field", "all_selected", "insert", "backspace", "delete", "left", "right",
           "home", "end", "select_all", "paste", "clean", "window"]


@dataclass(frozen=True)
class Field:
    """A text, a caret in it and the selection's other end.

    Parameters
    ----------
    text : str
        What the field holds.
    caret : int
        Where the caret is, ``0 <= caret <= len(text)``.
    anchor : int or None
        Where the selection started (it runs to the caret), or ``None``
        when nothing is selected. An anchor at the caret selects nothing
        and is stored as ``None``, so that equal fields compare equal.

    >>> Field("ab", 1, 1) == Field("ab", 1)
    True
    >>> Field("ab", 3)
    Traceback (most recent call last):
    ...
    ValueError: the caret must be in 0 … 2, not 3
    """

    text: str = ""
    caret: int = 0
    anchor: int | None = None

    def __post_init__(self):
        n = len(self.text)
        for what, at in (("caret", self.caret), ("anchor", self.anchor)):
            if at is None and what == "anchor":
                continue
            if not isinstance(at, int) or isinstance(at, bool) or not 0 <= at <= n:
                raise ValueError(f"the {what} must be in 0 … {n}, not {at!r}")
        if self.anchor == self.caret:
            object.__setattr__(self, "anchor", None)

    @property
    def selection(self) -> tuple[int, int]:
        """``(start, end)`` of the selection, ``start <= end``; both at the
        caret when nothing is selected."""
        if self.anchor is None:
            return self.caret, self.caret
        return min(self.anchor, self.caret), max(self.anchor, self.caret)

    @property
    def selected(self) -> str:
        """The selected text ("" when nothing is selected)."""
        start, stop = self.selection
        return self.text[start:stop]


def all_selected(text: str) -> Field:
    """``text`` with all of it selected and the caret at its end.

    >>> all_selected("x*y")
    Field(text='x*y', caret=3, anchor=0)
    """
    return Field(text, len(text), 0)


def _replace(field: Field, new: str) -> Field:
    """The selection (or nothing, at the caret) replaced by ``new``; the
    caret after it."""
    start, stop = field.selection
    return Field(field.text[:start] + new + field.text[stop:], start + len(new))


def place(field: Field, index: int, extend: bool = False) -> Field:
    """A click in the field: the caret to ``index`` (kept in the text),
    selecting from where it was with ``extend`` (Shift held).

    >>> place(Field("x*y", 3), 1), place(Field("x*y", 3), 1, extend=True)
    (Field(text='x*y', caret=1, anchor=None), Field(text='x*y', caret=1, anchor=3))
    """
    return _move(field, min(max(int(index), 0), len(field.text)), extend)


def cut(field: Field) -> Field:
    """Ctrl+X: the selection removed (its text is :attr:`Field.selected`,
    taken before); nothing happens when nothing is selected.

    >>> cut(Field("x*y+1", 3, 0))
    Field(text='+1', caret=0, anchor=None)
    >>> cut(Field("x*y", 1))
    Field(text='x*y', caret=1, anchor=None)
    """
    return _replace(field, "") if field.anchor is not None else field


def insert(field: Field, text: str, limit: int | None = None) -> Field:
    """``text`` typed at the caret, replacing the selection. With ``limit``,
    only as much of ``text`` is kept as leaves the field at most ``limit``
    characters long (the selection still goes).

    >>> insert(Field("x+", 2), "y").text
    'x+y'
    >>> insert(Field("abcd", 2), "XYZ", limit=5)
    Field(text='abXcd', caret=3, anchor=None)
    """
    start, stop = field.selection
    if limit is not None:
        text = text[:max(limit - (len(field.text) - (stop - start)), 0)]
    return _replace(field, text)


def backspace(field: Field) -> Field:
    """Backspace: the selection goes, else the character before the caret.

    >>> backspace(Field("abc", 2)), backspace(Field("abc", 0))
    (Field(text='ac', caret=1, anchor=None), Field(text='abc', caret=0, anchor=None))
    """
    if field.anchor is None:
        if field.caret == 0:
            return field
        field = Field(field.text, field.caret, field.caret - 1)
    return _replace(field, "")


def delete(field: Field) -> Field:
    """Delete: the selection goes, else the character after the caret.

    >>> delete(Field("abc", 1)), delete(Field("abc", 3)).text
    (Field(text='ac', caret=1, anchor=None), 'abc')
    """
    if field.anchor is None:
        if field.caret == len(field.text):
            return field
        field = Field(field.text, field.caret, field.caret + 1)
    return _replace(field, "")


def _move(field: Field, to: int, extend: bool) -> Field:
    """The caret moved to ``to``: with ``extend`` the selection grows from
    where it started (or from the caret), without it the selection ends."""
    to = min(max(to, 0), len(field.text))
    if not extend:
        return Field(field.text, to)
    return Field(field.text, to, field.caret if field.anchor is None else field.anchor)


def left(field: Field, extend: bool = False) -> Field:
    """←: the caret one character left. Without ``extend`` (Shift) a
    selection ends at its start instead.

    >>> left(Field("abc", 2)).caret, left(Field("abc", 3, 1)).caret
    (1, 1)
    >>> left(Field("abc", 2), extend=True).selected
    'b'
    """
    if field.anchor is not None and not extend:
        return _move(field, field.selection[0], False)
    return _move(field, field.caret - 1, extend)


def right(field: Field, extend: bool = False) -> Field:
    """→: the caret one character right. Without ``extend`` (Shift) a
    selection ends at its end instead.

    >>> right(Field("abc", 0, 2)).caret, right(Field("abc", 3)).caret
    (2, 3)
    """
    if field.anchor is not None and not extend:
        return _move(field, field.selection[1], False)
    return _move(field, field.caret + 1, extend)


def home(field: Field, extend: bool = False) -> Field:
    """Home: the caret to the start (``extend``: selecting up to there).

    >>> home(Field("abc", 2), extend=True).selected
    'ab'
    """
    return _move(field, 0, extend)


def end(field: Field, extend: bool = False) -> Field:
    """End: the caret to the end (``extend``: selecting up to there).

    >>> end(Field("abc", 1)).caret
    3
    """
    return _move(field, len(field.text), extend)


def select_all(field: Field) -> Field:
    """Ctrl+A: all of the text selected, the caret at its end."""
    return all_selected(field.text)


_LINE_BREAKS = "\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029"
_DROPPED = {"Cc", "Cf", "Cs"}          # control, format, lone surrogate


def clean(text: str) -> str:
    """Pasted text as one line: every line break or tab becomes a space,
    every other control or format character (NUL, bidi overrides, zero-width
    spaces…) is dropped, and the ends are stripped of spaces.

    >>> clean("x^2\\r\\n+ y^2\\n")
    'x^2 + y^2'
    >>> clean("\\tsin(x)\\x00\\u200b*y")
    'sin(x)*y'
    """
    out = []
    for ch in text.replace("\r\n", "\n"):
        if ch in _LINE_BREAKS or ch == "\t":
            out.append(" ")
        elif ch.isprintable() or unicodedata.category(ch) not in _DROPPED:
            out.append(ch)
    return "".join(out).strip(" ")


def paste(field: Field, text: str, limit: int | None = None) -> Field:
    """Ctrl+V: ``text`` (from the clipboard) as :func:`clean` makes it one
    line, typed at the caret, replacing the selection, cut to ``limit``.
    A paste that cleans to nothing changes nothing.

    >>> paste(Field("f = ", 4), "x*y\\n").text
    'f = x*y'
    >>> paste(all_selected("keep"), "\\n\\n")
    Field(text='keep', caret=4, anchor=0)
    """
    text = clean(text)
    return insert(field, text, limit) if text else field


def window(length: int, caret: int, first: int, columns: int, margin: int = 3) -> tuple[int, int]:
    """Which characters a field ``columns`` characters wide shows so that
    the caret stays in sight: ``(first, count)``, the first character shown
    and how many. ``first`` comes in as the window's last start, so that the
    text only scrolls when the caret nears a cut end. A cut end shows "…"
    and takes a column; the caret keeps ``margin`` characters from it when
    there are characters to keep.

    >>> window(10, 10, 0, 20)                 # fits: everything
    (0, 10)
    >>> window(100, 100, 0, 20)               # "…" and the last 19
    (81, 19)
    >>> window(100, 50, 81, 20)               # the caret went left: the start follows
    (47, 18)
    >>> window(100, 55, 47, 20)               # no scrolling while it stays inside
    (47, 18)
    """
    columns = max(int(columns), 3)
    first = min(max(int(first), 0), length)

    def count(f):
        k = columns - (f > 0)
        return k if f + k >= length else k - 1

    if length <= columns:
        return 0, length
    if caret - first < (margin if first else 0):
        first = max(caret - margin, 0)
    while first < caret and caret > first + count(first) - (
            margin if first + count(first) < length else 0):
        first += 1
    while first > 0 and first - 1 + count(first - 1) >= length:
        first -= 1
    return first, min(count(first), length - first)
