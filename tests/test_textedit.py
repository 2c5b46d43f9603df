"""The editor's text model (game.textedit) against a second formulation.

The reference below keeps the text as a list of characters with two marker
objects standing in it, the caret and the selection's anchor, and edits the
list as one would by hand: a character is typed in front of the caret
marker, ← swaps the marker with the character before it, deleting the
selection removes what stands between the markers. Hypothesis drives both
with the same keystrokes and compares text, caret and selection after each.
"""
import unicodedata

import pytest
from fuzz_settings import fuzz_settings
from hypothesis import given
from hypothesis import strategies as hs

from game import textedit as te

CARET, ANCHOR = object(), object()


class Reference:
    """Characters and markers in one list."""

    def __init__(self, text, caret, anchor=None):
        self.buf = list(text)
        if anchor is not None and anchor != caret:
            marks = sorted([(caret, 1, CARET), (anchor, 0, ANCHOR)], key=lambda m: (m[0], m[1]))
            for k, (at, _, mark) in enumerate(marks):
                self.buf.insert(at + k, mark)
        else:
            self.buf.insert(caret, CARET)

    # --- reading ------------------------------------------------------------
    def chars(self):
        return [c for c in self.buf if c is not CARET and c is not ANCHOR]

    def at(self, mark):
        """How many characters stand before ``mark``."""
        n = 0
        for c in self.buf:
            if c is mark:
                return n
            if c is not CARET and c is not ANCHOR:
                n += 1
        return None

    def triple(self):
        return "".join(self.chars()), self.at(CARET), self.at(ANCHOR)

    # --- helpers ------------------------------------------------------------
    def tidy(self):
        """An anchor right beside the caret selects nothing: it goes."""
        if ANCHOR in self.buf:
            i, j = self.buf.index(CARET), self.buf.index(ANCHOR)
            if abs(i - j) == 1:
                self.buf.remove(ANCHOR)

    def drop_selection(self):
        i, j = sorted([self.buf.index(CARET), self.buf.index(ANCHOR)])
        del self.buf[i + 1:j]
        self.buf.remove(ANCHOR)

    def anchor_here(self, after):
        """Drop an anchor beside the caret, unless there is one."""
        if ANCHOR not in self.buf:
            i = self.buf.index(CARET)
            self.buf.insert(i + 1 if after else i, ANCHOR)

    def put_caret(self, i):
        self.buf.remove(CARET)
        self.buf.insert(i, CARET)

    # --- keys ---------------------------------------------------------------
    def insert(self, s, limit=None):
        if ANCHOR in self.buf:
            self.drop_selection()
        for ch in s:
            if limit is not None and len(self.chars()) >= limit:
                break
            self.buf.insert(self.buf.index(CARET), ch)

    def backspace(self):
        if ANCHOR in self.buf:
            self.drop_selection()
        elif self.buf.index(CARET) > 0:
            del self.buf[self.buf.index(CARET) - 1]

    def delete(self):
        if ANCHOR in self.buf:
            self.drop_selection()
        elif self.buf.index(CARET) < len(self.buf) - 1:
            del self.buf[self.buf.index(CARET) + 1]

    def left(self, extend=False):
        if ANCHOR in self.buf and not extend:       # collapse onto the start
            first = min(self.buf.index(CARET), self.buf.index(ANCHOR))
            self.buf.remove(ANCHOR)
            self.put_caret(min(first, len(self.buf) - 1))
            return
        if extend:
            self.anchor_here(after=True)
        i = self.buf.index(CARET)
        if i > 0:
            self.buf[i - 1], self.buf[i] = self.buf[i], self.buf[i - 1]
        self.tidy()

    def right(self, extend=False):
        if ANCHOR in self.buf and not extend:       # collapse onto the end
            i, j = self.buf.index(CARET), self.buf.index(ANCHOR)
            self.buf.remove(ANCHOR)
            if j > i:
                self.put_caret(j - 1)
            return
        if extend:
            self.anchor_here(after=False)
        i = self.buf.index(CARET)
        if i < len(self.buf) - 1:
            self.buf[i + 1], self.buf[i] = self.buf[i], self.buf[i + 1]
        self.tidy()

    def home(self, extend=False):
        if extend:
            self.anchor_here(after=True)
        elif ANCHOR in self.buf:
            self.buf.remove(ANCHOR)
        self.put_caret(0)
        self.tidy()

    def end(self, extend=False):
        if extend:
            self.anchor_here(after=False)
        elif ANCHOR in self.buf:
            self.buf.remove(ANCHOR)
        self.buf.remove(CARET)
        self.buf.append(CARET)
        self.tidy()

    def select_all(self):
        self.buf = [ANCHOR] + self.chars() + [CARET]
        self.tidy()

    def cut(self):
        if ANCHOR in self.buf:
            self.drop_selection()

    def place(self, i, extend=False):
        i = min(max(i, 0), len(self.chars()))
        if extend:
            self.anchor_here(after=False)
        elif ANCHOR in self.buf:
            self.buf.remove(ANCHOR)
        self.buf.remove(CARET)
        k, pos = 0, len(self.buf)
        for idx, c in enumerate(self.buf):         # before the i-th character
            if c is ANCHOR:
                continue
            if k == i:
                pos = idx
                break
            k += 1
        self.buf.insert(pos, CARET)
        self.tidy()

    def paste(self, s, limit=None):
        line = " ".join(s.splitlines()).replace("\t", " ")
        line = "".join(c for c in line if unicodedata.category(c) not in ("Cc", "Cf", "Cs"))
        line = line.strip(" ")
        if line:
            self.insert(line, limit)


# --- strategies ---------------------------------------------------------------------
CHARS = hs.one_of(hs.sampled_from(list("xy^*+-() 0123456789;,.") + ["sin(", "\n", "\r\n",
                                   "\t", "\x00", "\u200b", "\u202e", "é", "∇", "\ud800", "\u2028"]),
                  hs.text(max_size=3))
TEXTS = hs.lists(CHARS, max_size=8).map("".join)
OPS = hs.one_of(
    hs.tuples(hs.sampled_from(["insert", "paste"]), TEXTS),
    hs.tuples(hs.sampled_from(["left", "right", "home", "end"]), hs.booleans()),
    hs.tuples(hs.sampled_from(["backspace", "delete", "select_all", "cut"]), hs.none()),
    hs.tuples(hs.just("place"), hs.tuples(hs.integers(-2, 40), hs.booleans())))


@hs.composite
def fields(draw):
    text = draw(TEXTS)
    caret = draw(hs.integers(0, len(text)))
    anchor = draw(hs.none() | hs.integers(0, len(text)))
    return text, caret, anchor


def run(field, ref, op, arg, limit):
    if op in ("insert", "paste"):
        return getattr(te, op)(field, arg, limit), getattr(ref, op)(arg, limit)
    if op == "place":
        return te.place(field, *arg), ref.place(*arg)
    if op in ("left", "right", "home", "end"):
        return getattr(te, op)(field, extend=arg), getattr(ref, op)(arg)
    return getattr(te, op)(field), getattr(ref, op)()


@fuzz_settings(300)
@given(start=fields(), ops=hs.lists(OPS, max_size=25), limit=hs.none() | hs.integers(0, 30))
def test_the_model_edits_as_the_reference_does(start, ops, limit):
    text, caret, anchor = start
    field, ref = te.Field(text, caret, anchor), Reference(text, caret, anchor)
    assert (field.text, field.caret, field.anchor) == ref.triple()
    for op, arg in ops:
        before = len(field.text)
        field, _ = run(field, ref, op, arg, limit)
        assert (field.text, field.caret, field.anchor) == ref.triple(), (op, arg)
        assert field.anchor != field.caret
        if limit is not None and op in ("insert", "paste"):
            assert len(field.text) <= max(limit, before)     # never grows past the cap


@fuzz_settings(200)
@given(start=fields(), clip=TEXTS)
def test_a_paste_is_one_line_without_control_characters(start, clip):
    text, caret, anchor = start
    field = te.paste(te.Field(text, caret, anchor), clip)
    added = te.clean(clip)
    assert not any(c in added for c in "\n\r\t\v\f\u2028")
    assert all(unicodedata.category(c) not in ("Cc", "Cf", "Cs") for c in added)
    assert added == added.strip(" ")
    if not added:
        assert field == te.Field(text, caret, anchor)
        return
    lo, hi = sorted((caret, caret if anchor is None else anchor))
    assert field.text == text[:lo] + added + text[hi:]
    assert (field.caret, field.anchor) == (lo + len(added), None)


def test_hand_worked_edits():
    """One session worked out by hand, keystroke by keystroke."""
    f = te.all_selected("x^2 + y^2")
    f = te.insert(f, "sin(x)")                            # replaces it all
    assert (f.text, f.caret, f.anchor) == ("sin(x)", 6, None)
    f = te.home(f)
    f = te.right(te.right(te.right(f)))                   # after "sin"
    f = te.right(f, extend=True)                          # selects "("
    assert f.selected == "(" and f.selection == (3, 4)
    f = te.insert(f, "h(")                                # "sinh(x)"
    assert (f.text, f.caret) == ("sinh(x)", 5)
    f = te.end(f, extend=True)                            # "x)" selected
    assert f.selected == "x)"
    f = te.left(f)                                        # collapses onto its start
    assert (f.caret, f.anchor) == (5, None)
    f = te.delete(f)                                      # "sinh()"
    f = te.insert(f, "2*y")
    assert (f.text, f.caret) == ("sinh(2*y)", 8)
    f = te.backspace(te.backspace(f))                     # "sinh(2)"
    assert (f.text, f.caret) == ("sinh(2)", 6)
    f = te.paste(f, "*x\r\n+ 1\n")                        # one line, at the caret
    assert (f.text, f.caret) == ("sinh(2*x + 1)", 12)


def test_the_cap_keeps_the_start_of_what_is_typed():
    f = te.Field("abcdef", 3, 1)                          # "bc" selected
    f = te.insert(f, "1234567", limit=8)                  # 4 left over + room for 4
    assert (f.text, f.caret) == ("a1234def", 5)
    assert te.insert(te.Field("abcd", 4), "xyz", limit=4) == te.Field("abcd", 4)
    assert te.paste(te.Field("ab", 1), "\nXYZ\n", limit=3).text == "aXb"


@pytest.mark.parametrize("caret, anchor", [(-1, None), (4, None), (0, 5), (1.0, None),
                                           (True, None), (0, -1)])
def test_a_field_out_of_range_is_refused(caret, anchor):
    with pytest.raises(ValueError):
        te.Field("abc", caret, anchor)


@fuzz_settings(300)
@given(length=hs.integers(0, 400), data=hs.data(), columns=hs.integers(1, 120),
       margin=hs.integers(0, 6))
def test_the_window_keeps_the_caret_in_sight_and_fills_its_columns(length, data, columns, margin):
    caret = data.draw(hs.integers(0, length))
    first = data.draw(hs.integers(-5, length + 5))
    f, k = te.window(length, caret, first, columns, margin)
    cols = max(columns, 3)
    if length <= cols:
        assert (f, k) == (0, length)
        return
    marks = (f > 0) + (f + k < length)               # a "…" at each cut end
    assert 0 <= f and f + k <= length and k >= 1
    assert f <= caret <= f + k, "the caret is in sight"
    assert marks + k == cols, "every column used"
    again = te.window(length, caret, f, columns, margin)
    assert again == (f, k), "a window that shows the caret stays put"
    # The caret keeps its margin from a cut end whenever the window is wide enough.
    if k > 2 * margin:
        assert f == 0 or caret - f >= margin
        assert f + k == length or f + k - caret >= margin


def test_the_window_scrolls_one_step_at_a_time():
    """Walking the caret from the end to the start of a long text: each step
    moves the window by at most one character, and only near its ends."""
    n, cols = 60, 20
    f, k = te.window(n, n, 0, cols)
    assert (f, k) == (41, 19)
    for caret in range(n - 1, -1, -1):
        g, k = te.window(n, caret, f, cols)
        assert f - g in (0, 1) and g <= caret <= g + k
        if f - g:
            assert caret - g == 3 or g == 0           # scrolled: 3 characters kept
        f = g
    assert f == 0
