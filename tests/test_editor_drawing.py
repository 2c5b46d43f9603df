"""The editor as drawn: the caret bar between the right characters, the
selection's highlight, the ^ and the caret under the column at fault, a
long text scrolled so that the caret shows, and nothing cut or overlapping
from the smallest window to full HD. Positions are derived from the font's
own measure of the text before the caret."""
import numpy as np
import pygame
import pytest
from fuzz_settings import fuzz_settings
from hypothesis import given
from hypothesis import strategies as hs
from test_editor_keys import CTRL, SHIFT, editor, feed, key, typed
from test_layout_text import check_layout

from game import app
from game import state as st
from game.render import Renderer
from game.ui.editor import CARET_MARK, CARET_RGB, KEY_RGB, PROMPT

SIZES = [app.MIN_SIZE, (1024, 640), (1280, 800), (1920, 1080)]
LONG = "+".join(f"sin({k}*x)*cos(y/{k})" for k in range(1, 20))[:st.EDIT_MAX]


def frame(state, size=(1280, 800), renderer=None):
    """Draw ``state`` (the editor open) into a window-sized picture; return
    the renderer, the picture and the editor's records."""
    session = app.Session.start(state)
    target = pygame.Surface(size)
    renderer = renderer or Renderer(size)
    renderer.draw(target, session.state, session.world, 1.0, None, 60.0, "")
    lines = [(r, t) for g, r, t in renderer.drawn_rects if g == "editor"]
    return renderer, target, lines


def pixels(target, rect):
    return pygame.surfarray.array3d(target.subsurface(rect)).astype(int)


def columns_of(target, rect, rgb):
    """The x (window pixels) of the columns in ``rect`` holding ``rgb`` exactly."""
    hit = np.all(pixels(target, rect) == rgb, axis=-1).any(axis=1)
    return np.nonzero(hit)[0] + rect.left


def test_the_caret_is_a_bar_between_the_characters_it_separates():
    text = "x*y+1"
    for caret in range(len(text) + 1):
        r, target, lines = frame(st.State(editing=text, edit_caret=caret))
        rect, record = lines[0]
        assert record == PROMPT + text[:caret] + CARET_MARK + text[caret:]
        gap = rect.left + r.mono.size(PROMPT + text[:caret])[0]   # the font's own measure
        bar = columns_of(target, rect, CARET_RGB)
        # the glyphs are antialiased: only the bar is the caret's colour all the way down
        full = [x for x in bar
                if np.all(pixels(target, rect)[x - rect.left] == CARET_RGB, axis=-1).all()]
        assert full and abs(min(full) - gap) <= 1 and max(full) - min(full) <= 2, (caret, full, gap)


def test_the_selection_is_highlighted_under_its_characters_only():
    text = "sin(x)*y"
    r, target, lines = frame(st.State(editing=text, edit_caret=6, edit_anchor=2))   # "n(x)"
    rect, record = lines[0]
    lit = columns_of(target, rect, KEY_RGB)
    lo = rect.left + r.mono.size(PROMPT + text[:2])[0]
    hi = rect.left + r.mono.size(PROMPT + text[:6])[0]
    assert abs(lit.min() - lo) <= 1 and abs(lit.max() + 1 - hi) <= 1
    _, target, lines = frame(st.State(editing=text, edit_caret=6))
    assert not columns_of(target, lines[0][0], KEY_RGB).size


def test_after_a_refused_enter_the_caret_and_the_mark_stand_at_the_column_at_fault():
    s = editor("x^2 + 3y + 1")
    feed(s, key(pygame.K_HOME), key(pygame.K_RETURN))
    message, pos = s.state.edit_error
    r, target, lines = frame(s.state)
    (field, record), (mark, hat) = lines[0], lines[1]
    assert record == PROMPT + "x^2 + 3" + CARET_MARK + "y + 1"
    assert hat == "^" and mark.left == field.left + r.mono.size(PROMPT + "x^2 + 3")[0]
    assert mark.top >= field.bottom
    red = pixels(target, mark)
    assert ((red[..., 0] > 150) & (red[..., 0] - red[..., 1] > 60)).any()   # in the error colour
    assert any(t == message or message.startswith(t.rstrip("…")) for _, t in lines[2:])


def test_a_long_text_scrolls_so_that_the_caret_shows():
    r = Renderer((1024, 640))
    s = editor(LONG)
    _, _, lines = frame(s.state, (1024, 640), r)
    record = lines[0][1]
    assert record.startswith(PROMPT + "…") and record.endswith(LONG[-5:] + CARET_MARK)
    feed(s, key(pygame.K_HOME))
    _, _, lines = frame(s.state, (1024, 640), r)
    assert lines[0][1].startswith(PROMPT + CARET_MARK + LONG[:5]) and lines[0][1].endswith("…")
    for _ in range(150):
        feed(s, key(pygame.K_RIGHT))
    _, _, lines = frame(s.state, (1024, 640), r)
    shown = lines[0][1][len(PROMPT):]
    assert shown.startswith("…") and shown.endswith("…")
    left, right = shown[1:-1].split(CARET_MARK)
    assert LONG[:150].endswith(left) and LONG[150:].startswith(right) and left and right


@fuzz_settings(25)
@given(size=hs.sampled_from(SIZES), text=hs.text(hs.characters(blacklist_characters="…▏",
                                                               blacklist_categories=("Cs",)),
                                                 max_size=st.EDIT_MAX),
       moves=hs.lists(hs.tuples(hs.sampled_from([pygame.K_LEFT, pygame.K_RIGHT, pygame.K_HOME,
                                                 pygame.K_END]), hs.sampled_from([0, SHIFT])),
                      max_size=40))
def test_the_caret_is_always_in_sight(size, text, moves):
    """Any text, any walk of the caret, frame after frame: the field shows
    the characters on both sides of the caret as they are in the text, "…"
    exactly where it is cut, and it fits its window."""
    from game.render_text import printable
    r = Renderer(size)
    s = editor(text)
    for k, mod in [(None, 0)] + moves:
        if k is not None:
            feed(s, key(k, mod))
        _, target, lines = frame(s.state, size, r)
        check_layout(r, target, size)
        shown = lines[0][1][len(PROMPT):]
        left, right = shown.split(CARET_MARK)
        caret, full = st.edit_field(s.state).caret, printable(text)
        cut_left, cut_right = left.startswith("…"), right.endswith("…")
        left, right = left[cut_left:], right[:len(right) - cut_right]
        assert full[:caret].endswith(left) and full[caret:].startswith(right)
        assert cut_left == (len(left) < caret) and cut_right == (len(right) < len(full) - caret)


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("caret, anchor, error", [
    (None, 0, None), (0, None, None), (150, 40, None),
    (st.EDIT_MAX - 4, None, ("unexpected character near the end, and a message long enough to "
                             "need a second line at the smallest window", st.EDIT_MAX - 4))])
def test_the_editor_fits_every_window(size, caret, anchor, error):
    state = st.State(editing=LONG, edit_caret=caret, edit_anchor=anchor, edit_error=error)
    r, target, lines = frame(state, size)
    check_layout(r, target, size)
    area = pygame.Rect(r.layout.map_area)
    assert all(area.contains(rect) for rect, _ in lines)
    texts = [t for _, t in lines]
    assert CARET_MARK in texts[0]
    assert any("Ctrl+V" in t for t in texts), "the keys are named"
    if error:
        assert "^" in texts


def test_paste_then_draw_shows_one_line(monkeypatch):
    monkeypatch.setattr(pygame.scrap, "get_text", lambda: "x^2\n+ y^2\n")
    s = editor("")
    feed(s, key(pygame.K_v, CTRL), key(pygame.K_a, CTRL), typed("x"))
    _, _, lines = frame(s.state)
    assert lines[0][1] == PROMPT + "x" + CARET_MARK


def test_the_mark_is_drawn_only_under_a_column_in_sight():
    """Once the caret has left the column at fault far enough for the text
    to scroll, the ^ goes rather than point at a "…"."""
    text = LONG[:150] + "x y" + LONG[150:st.EDIT_MAX - 3]
    s = editor(text)
    feed(s, key(pygame.K_RETURN))
    _, pos = s.state.edit_error
    r = Renderer(app.MIN_SIZE)
    _, _, lines = frame(s.state, app.MIN_SIZE, r)
    assert lines[1][1] == "^"                                 # at first the caret is there
    before = lines[0][1][len(PROMPT):].split(CARET_MARK)[1]
    assert before.startswith(text[pos:pos + 2])
    for _ in range(3):
        feed(s, key(pygame.K_LEFT, SHIFT))
    _, _, lines = frame(s.state, app.MIN_SIZE, r)              # the window stays: ^ stays
    after = lines[0][1][len(PROMPT):].split(CARET_MARK)[1]     # from the caret, pos − 3, on
    assert len(after.rstrip("…")) > 3 and lines[1][1] == "^"
    _, _, lines = frame(s.state, app.MIN_SIZE, Renderer(app.MIN_SIZE))   # a window put
    after = lines[0][1][len(PROMPT):].split(CARET_MARK)[1]     # afresh ends 3 past the caret:
    assert len(after.rstrip("…")) == 3 and after.endswith("…")          # the column is cut
    assert "^" not in [t for _, t in lines]
    feed(s, key(pygame.K_HOME))                                # … and far away
    _, _, lines = frame(s.state, app.MIN_SIZE, r)
    assert "^" not in [t for _, t in lines] and s.state.edit_error is not None
