"""Any text renders: typed characters (NUL, control and format characters,
lone surrogates, combining accents alone), paths and messages; and text
fitted to a width never runs past it nor loses a word."""
import unicodedata

import numpy as np
import pygame
import pytest
from fuzz_settings import fuzz_settings
from hypothesis import given
from hypothesis import strategies as hs

from game import app
from game import render_text as rt
from game import state as st
from game.render import FONT_PATH, MONO_PATH, Renderer

HOSTILE = ["\x00", "a\x00b", "\x1b[31m", "\n", "\t", "\r\n", "\u200b", "\u202e", "\ud800",
           "\u0301", "\ufeff", "\U0010ffff", "😀", "\x7f", "\u2028"]


FONTS = {}


def fonts():
    """The app's two faces, made after any earlier test's pygame.quit()."""
    try:
        FONTS["sans"].size("x")
        FONTS["mono"].size("x")
    except (KeyError, pygame.error):
        pygame.font.init()
        FONTS["sans"] = pygame.font.Font(str(FONT_PATH), 15)
        FONTS["mono"] = pygame.font.Font(str(MONO_PATH), 14)
    return FONTS["sans"], FONTS["mono"]


def measure(s):
    return rt.width(fonts()[0], s)


@pytest.mark.parametrize("s", HOSTILE)
def test_printable_keeps_one_character_for_one_and_renders(s):
    p = rt.printable(s)
    assert len(p) == len(s), "columns in the editor stay where they were"
    for ch, orig in zip(p, s):
        bad = unicodedata.category(orig) in ("Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp")
        assert (ch == rt.PLACEHOLDER) == bad
    for font in (fonts()[0], fonts()[1]):
        surf = rt.render(font, s, (255, 255, 255))
        assert surf.get_height() == font.get_height(), "one line, never two"


def test_font_render_itself_refuses_what_printable_replaces():
    """The reason for it all: pygame raises on these."""
    for s in ("a\x00b", "\ud800", "\u200b"):
        with pytest.raises((ValueError, pygame.error, UnicodeError)):
            fonts()[0].render(s, True, (255, 255, 255))
        rt.render(fonts()[0], s, (255, 255, 255))


@fuzz_settings(150)
@given(hs.text(max_size=60))
def test_any_text_renders_on_one_line(s):
    surf = rt.render(fonts()[0], s, (255, 255, 255))
    assert surf.get_height() == fonts()[0].get_height()
    assert rt.width(fonts()[0], s) == surf.get_width() or surf.get_width() == 0


WORDS = hs.lists(hs.text(hs.characters(codec="utf-8", exclude_categories=("Cc", "Cs", "Zs",
                                                                         "Zl", "Zp", "Cf")),
                         min_size=1, max_size=14), min_size=1, max_size=12)


@fuzz_settings(150)
@given(WORDS, hs.integers(30, 400))
def test_fit_stays_in_the_room_and_keeps_every_word(words, room):
    text = " ".join(words)
    lines = rt.fit(text, room, measure)
    widest_char = max(measure(ch) for ch in text)
    if widest_char <= room:
        assert all(measure(line) <= room for line in lines), lines
    # nothing lost: the lines joined are the text, up to where they were broken
    assert "".join(lines).replace(" ", "") == rt.printable(text).replace(" ", "")


@fuzz_settings(100)
@given(WORDS, hs.integers(40, 300), hs.integers(1, 3))
def test_fit_with_a_line_limit_ends_with_an_ellipsis_when_it_cuts(words, room, max_lines):
    text = " ".join(words)
    full = rt.fit(text, room, measure)
    cut = rt.fit(text, room, measure, max_lines)
    assert len(cut) == min(len(full), max_lines)
    if len(full) > max_lines:
        assert cut[-1].endswith(rt.ELLIPSIS)
        assert cut[:-1] == full[:max_lines - 1]
        assert measure(cut[-1]) <= room
    else:
        assert cut == full


def test_elide_is_the_longest_start_that_fits():
    text = "the quick brown fox"
    for room in range(measure(rt.ELLIPSIS), measure(text)):
        best = max(k for k in range(len(text)) if measure(text[:k] + rt.ELLIPSIS) <= room)
        assert rt.elide(text, room, measure) == text[:best].rstrip() + rt.ELLIPSIS
    assert rt.elide(text, measure(text), measure) == text
    assert rt.elide(text, measure(rt.ELLIPSIS) - 1, measure) == ""


@pytest.mark.parametrize("size", [app.MIN_SIZE, (1280, 800)])
def test_a_frame_with_hostile_text_everywhere_renders(size):
    """Typed text in the editor and its error, a message with a NUL, the
    overlays' glyph path: nothing raises, and the editor shows the
    placeholder where the NUL was."""
    text = "x\x00+\u202ey\ud800\u0301^\n2"
    state = st.State(editing=text, edit_error=(f"unexpected character {text[1]!r}", 1),
                     overlays=frozenset(st.OVERLAYS))
    session = app.Session.start(state, [(0.5, 0.5)], 2, (0.3, 0.4))
    target = pygame.Surface(size)
    renderer = Renderer(size)
    renderer.draw(target, session.state, session.world, 1.0, session.cursor, 60.0,
                  "saved to /tmp/a\x00b\nc.png")
    field = [t for g, _, t in renderer.drawn_rects if g == "editor"][0]
    assert field == "f(x, y) = " + rt.printable(text) + "▏"
    assert rt.PLACEHOLDER in field
    assert any(rt.PLACEHOLDER in t for g, _, t in renderer.drawn_rects if g == "panel")
    run = renderer.overlays.text("∇f\x00 = 0\ud800", fonts()[1])
    assert run.get_height() >= fonts()[1].get_height() and len(run.glyphs) == 8


def test_placeholder_is_a_real_glyph_in_both_fonts():
    """"�" is drawn by the fonts themselves, not as a missing-glyph box."""
    for font in (fonts()[0], fonts()[1]):
        placeholder = pygame.surfarray.array_alpha(rt.render(font, rt.PLACEHOLDER, (255, 255, 255)))
        missing = pygame.surfarray.array_alpha(rt.render(font, "中", (255, 255, 255)))
        assert placeholder.shape != missing.shape or not np.array_equal(placeholder, missing)


def test_a_glyph_below_the_descent_still_renders_one_line_high():
    # '╯' reaches one pixel below DejaVu Sans 15's descent: the surface made
    # for it must still be exactly one line of the font, as wide as measured.
    font = fonts()[0]
    raw = font.render("╯", True, (255, 255, 255))
    surf = rt.render(font, "╯", (255, 255, 255))
    assert surf.get_height() == font.get_height() <= raw.get_height()
    assert surf.get_width() == raw.get_width() == rt.width(font, "╯")


def test_an_underscore_below_the_line_keeps_its_ink():
    # At 11 and 12 px DejaVu's "_" reaches a row below the font's height: the
    # line is still one font-height high, and no ink is lost (it moves up into
    # the blank row above the tallest letter).
    import pygame
    from game.render import FONT_PATH
    for size in (11, 12):
        font = pygame.font.Font(str(FONT_PATH), size)
        raw = font.render("D_u f", True, (255, 255, 255))
        assert raw.get_height() > font.get_height()          # the case at hand
        surf = rt.render(font, "D_u f", (255, 255, 255))
        assert surf.get_height() == font.get_height()
        ink = pygame.surfarray.array_alpha(raw).astype(int).sum()
        assert pygame.surfarray.array_alpha(surf).astype(int).sum() == ink
