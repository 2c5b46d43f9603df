"""No text overlaps or is cut: the panel, the colorbar, the help card and the
editor at the minimum window size, the default one and full HD.

The renderer records what it drew (``Renderer.drawn_rects``); these tests check
the records against each other and against the window, and check the frame's
own pixels against the records: every pixel the panel inked lies inside a
recorded rectangle, so nothing drawn escapes the check.
"""
from dataclasses import replace

import numpy as np
import pygame
import pytest
from fuzz_settings import fuzz_settings
from hypothesis import given
from hypothesis import strategies as hs

from game import app, surfaces
from game import state as st
from game.panel import PANEL_BG
from game.render import Renderer

SIZES = [app.MIN_SIZE, (1024, 640), (1280, 800), (1920, 1080)]
ALL = frozenset(st.OVERLAYS)
TEXT_GROUPS = ("panel", "colorbar")
LONG_FORMULA = "+".join(f"sin({k}*x)*cos(y/{k})" for k in range(1, 13))   # 264 characters
LONG_MESSAGE = ("screenshot saved: /home/someone/with/a/rather/long/folder/name/that/goes/on/"
                "gradient-compass-20240101-120000-17.png")


def draw(state, size, cursor=None, balls=((0.3, 0.2), (-1.0, 0.8)), message="", fps=60.0):
    session = app.Session.start(state, list(balls), 3, cursor)
    target = pygame.Surface(size)
    renderer = Renderer(size)
    renderer.draw(target, session.state, session.world, 1.0, session.cursor, fps, message)
    return renderer, target


def cursor_for(state, fx=0.62, fy=0.41):
    xmin, xmax, ymin, ymax = st.surface_of(state).domain
    return (xmin + fx * (xmax - xmin), ymin + fy * (ymax - ymin))


def check_no_overlap(rects, where):
    for i, (_, a, ta) in enumerate(rects):
        for _, b, tb in rects[i + 1:]:
            assert not a.colliderect(b), f"{where}: {ta!r} at {a} overlaps {tb!r} at {b}"


def check_layout(renderer, target, size):
    window = pygame.Rect((0, 0), size)
    drawn = renderer.drawn_rects
    for group, rect, text in drawn:
        assert window.contains(rect), f"{size}: {group} {text!r} at {rect} is cut by the window"
    words = pygame.Rect(renderer.layout.text)        # the panel above its controls
    texts = [d for d in drawn if d[0] in TEXT_GROUPS]
    assert texts, "the panel drew no text"
    for _, rect, text in texts:
        assert words.contains(rect), f"{size}: {text!r} at {rect} leaves the words' room {words}"
    check_no_overlap(texts, f"panel {size}")
    for group in ("help", "editor"):
        check_no_overlap([d for d in drawn if d[0] == group], f"{group} {size}")
    return texts


def check_panel_ink_is_recorded(renderer, target, area=None):
    """Every pixel of the panel (or of ``area`` in it) that is not its
    background lies inside a recorded text line or picture."""
    left, top, w, h = area or renderer.layout.panel
    rgb = pygame.surfarray.array3d(target)[left:left + w, top:top + h].astype(int)
    ink = np.abs(rgb - np.array(PANEL_BG)).sum(axis=2) > 0
    covered = np.zeros_like(ink)
    for group, rect, _ in renderer.drawn_rects:
        if group in TEXT_GROUPS + ("graphic",):
            r = rect.clip(pygame.Rect(left, top, w, h)).move(-left, -top)
            covered[r.left:r.right, r.top:r.bottom] = True
    stray = np.argwhere(ink & ~covered)
    assert len(stray) == 0, f"ink outside every recorded rect, e.g. at {stray[:5] + (left, top)}"


def check_text_has_ink(renderer, target):
    """Each recorded line of the panel really is drawn where it says."""
    rgb = pygame.surfarray.array3d(target).astype(int)
    for group, rect, text in renderer.drawn_rects:
        if group in TEXT_GROUPS and text.strip():
            patch = rgb[rect.left:rect.right, rect.top:rect.bottom]
            assert (np.abs(patch - np.array(PANEL_BG)).sum(axis=2) > 60).any(), (text, rect)


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("name", surfaces.names())
def test_panel_of_every_surface_fits(size, name):
    state = st.State(surface=name, overlays=ALL, contours=True, paused=True,
                     view=None)
    renderer, target = draw(state, size, cursor_for(state), message=LONG_MESSAGE)
    check_layout(renderer, target, size)
    check_panel_ink_is_recorded(renderer, target)
    check_text_has_ink(renderer, target)


@pytest.mark.parametrize("size", SIZES)
def test_long_typed_formula_huge_numbers_and_a_zoomed_view_fit(size):
    state = st.State(surface=st.CUSTOM, expr=LONG_FORMULA, domain=(-2.0, 2.0, -2.0, 2.0),
                     overlays=frozenset({"slices", "curvature"}), view=(-1.0, 1.0, -0.5, 0.5))
    renderer, target = draw(state, size, (0.37, -0.21))
    texts = check_layout(renderer, target, size)
    check_panel_ink_is_recorded(renderer, target)
    shown = " ".join(t for g, _, t in renderer.drawn_rects if g == "panel")
    if renderer.layout.text[3] >= renderer.fonts.px(480):      # room: the formula whole
        assert LONG_FORMULA in shown.replace(" ", "")
    else:                                                      # else cut with "…", never by the edge
        assert any(t.endswith("…") for _, _, t in texts)
    huge = st.State(surface=st.CUSTOM, expr="1e300*x^2 - 3e299*y^3", domain=(-2.0, 2.0, -2.0, 2.0),
                    overlays=ALL)
    renderer, target = draw(huge, size, (-1.7, 1.9), message=LONG_MESSAGE)
    check_layout(renderer, target, size)
    check_panel_ink_is_recorded(renderer, target)


@pytest.mark.parametrize("size", SIZES)
def test_help_card_fits_and_lists_every_key(size):
    from game.controls import HELP
    renderer, target = draw(st.State(help=True, overlays=ALL), size, (0.5, 0.5))
    check_layout(renderer, target, size)
    shown = [t for g, _, t in renderer.drawn_rects if g == "help"]
    for key, what in HELP:
        assert key in shown and what in shown, (key, what)
    for name in surfaces.names():
        assert name in shown


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("error", [None, ("unexpected character near the end, and a message "
                                          "long enough to need a second line", st.EDIT_MAX - 4)])
def test_editor_fits_its_box(size, error):
    text = ("x^2 + 5*y^2 - sin(3*x)*cos(2*y) + " * 9)[:st.EDIT_MAX]
    state = st.State(editing=text, edit_error=error)
    renderer, target = draw(state, size, (0.5, 0.5))
    check_layout(renderer, target, size)
    lines = [(r, t) for g, r, t in renderer.drawn_rects if g == "editor"]
    area = pygame.Rect(renderer.layout.map_area)
    assert all(area.contains(r) for r, _ in lines)
    field = lines[0][1]
    assert field.startswith("f(x, y) = …") and field.endswith("▏"), "scrolled to the caret"
    if error is not None:
        texts = [t for _, t in lines]
        assert "^" in texts
        assert " ".join(texts).count("second line") == 1, "the whole message is shown"


def test_minimum_size_is_the_one_the_window_enforces():
    """What the layout tests call the minimum is what the app's window sets."""
    from game import app_window
    assert app.MIN_SIZE == app_window.MIN_SIZE
    pygame.display.init()
    window = app_window.open_window((320, 240))
    try:
        assert window.minimum_size == app.MIN_SIZE
        assert window.size[0] >= app.MIN_SIZE[0] and window.size[1] >= app.MIN_SIZE[1]
    finally:
        window.destroy()


@fuzz_settings(25)
@given(w=hs.integers(app.MIN_SIZE[0], 2600), h=hs.integers(app.MIN_SIZE[1], 1700),
       name=hs.sampled_from(surfaces.names()),
       overlays=hs.frozensets(hs.sampled_from(st.OVERLAYS)),
       where=hs.tuples(hs.floats(0, 1), hs.floats(0, 1)),
       paused=hs.booleans(), zoomed=hs.booleans(), help_open=hs.booleans(),
       message=hs.sampled_from(["", LONG_MESSAGE, "screenshot failed: [Errno 13] Permission denied"]),
       editing=hs.one_of(hs.none(), hs.text(max_size=80)))
def test_any_window_from_the_minimum_up_fits(w, h, name, overlays, where, paused, zoomed,
                                             help_open, message, editing):
    state = st.State(surface=name, overlays=overlays, paused=paused, help=help_open,
                     view=(-1.0, 0.5, -0.5, 1.0) if zoomed else None, editing=editing)
    xmin, xmax, ymin, ymax = st.surface_of(state).domain
    renderer, target = draw(state, (w, h), (xmin + where[0] * (xmax - xmin),
                                            ymin + where[1] * (ymax - ymin)), message=message)
    check_layout(renderer, target, (w, h))
    if not help_open:                       # the card covers the panel
        # the editor leaves the panel's words in sight and darkens the controls' block
        check_panel_ink_is_recorded(renderer, target,
                                    renderer.layout.text if editing is not None else None)


# --- the panel at every window size: a race running, the cursor on the map ------------

def race_on(name, steps=60):
    """A session holding a race of all seven from the top left of ``name``'s
    domain, run ``steps`` ticks, with the cursor on the map."""
    from game import optim
    s = surfaces.get(name)
    xmin, xmax, ymin, ymax = s.domain
    state = st.State(surface=name, race=True, race_set=tuple(optim.names()), contours=True)
    session = app.Session.start(state, [(xmin + 0.15 * (xmax - xmin), ymin + 0.85 * (ymax - ymin))],
                                steps, cursor_for(state))
    return session


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("name", surfaces.names())
def test_a_race_on_every_surface_fits_the_words_room(size, name):
    """Every line of the panel and the colorbar inside ``Layout.text`` (the
    panel above the controls), none over another, with ink where it says."""
    session = race_on(name)
    target = pygame.Surface(size)
    renderer = Renderer(size)
    renderer.draw(target, session.state, session.world, 1.0, session.cursor, 60.0, "")
    texts = check_layout(renderer, target, size)
    check_panel_ink_is_recorded(renderer, target)
    check_text_has_ink(renderer, target)
    shown = [t for _, _, t in texts]
    assert any(t.startswith("optimizer  ") for t in shown)
    if size != SIZES[0]:                  # from 1024 × 640 up: the colorbar stays
        assert any(g == "colorbar" for g, _, _ in renderer.drawn_rects), size


@pytest.mark.parametrize("controls_h", [0, 120, 360])
@pytest.mark.parametrize("size", [(1024, 640), (1920, 1080)])
def test_the_words_fit_whatever_room_the_controls_leave(monkeypatch, size, controls_h):
    """However tall the controls block at the panel's foot, the words stay
    above it, whole."""
    from game import layout
    monkeypatch.setattr(layout, "controls_height", lambda *a, **k: controls_h)
    session = race_on("bowl", 200)
    target = pygame.Surface(size)
    renderer = Renderer(size)
    assert renderer.layout.text[3] == size[1] - controls_h
    renderer.draw(target, session.state, session.world, 1.0, session.cursor, 60.0, LONG_MESSAGE)
    check_layout(renderer, target, size)
    check_panel_ink_is_recorded(renderer, target)


def line_height(size, font="mono"):
    """A panel line's height as drawn: the tallest recorded line of the HUD
    (drawn in the mono font) at ``size``."""
    session = race_on("bowl", 5)
    target = pygame.Surface(size)
    renderer = Renderer(size)
    renderer.draw(target, session.state, session.world, 1.0, session.cursor, 60.0, "")
    (rect,) = [r for g, r, t in renderer.drawn_rects if t.startswith("optimizer  ")]
    return rect.height, renderer


def test_the_words_grow_with_the_window():
    small, r_small = line_height((1024, 640))
    mid, r_mid = line_height((1280, 800))
    big, r_big = line_height((1920, 1080))
    assert small <= mid < big
    assert big >= 1.25 * mid                       # 1.35 × the point size, give or take hinting
    assert r_big.fonts.mono.get_height() > r_mid.fonts.mono.get_height()
    # the fonts follow a resize, and come back the same objects (made once per scale)
    r_mid.resize((1920, 1080))
    assert r_mid.fonts is r_big.fonts and r_mid.small is r_big.small
    r_mid.resize((1280, 800))
    assert r_mid.fonts.mono.get_height() == mid


def test_the_panel_does_not_stretch_into_empty_space():
    from game.layout import Layout
    wide = Layout.of((1920, 1080))
    assert wide.panel[2] <= 0.4 * 1920 and wide.panel[2] < 1920 - 1080   # less than the map leaves
    left, top, w, h = wide.map_area                                       # the map has the rest
    assert left + w <= wide.panel[0] and w >= h
    assert Layout.of((1280, 800)).panel[2] == 480                         # unchanged where it fits
    assert Layout.of((1024, 640)).panel[2] == 384


def test_beales_formula_wraps_whole_at_1024():
    state = st.State(surface="beale")
    renderer, target = draw(state, (1024, 640), cursor_for(state))
    check_layout(renderer, target, (1024, 640))
    lines = [t for g, _, t in renderer.drawn_rects if g == "panel"]
    start = next(i for i, t in enumerate(lines) if t.startswith("beale:"))
    formula = surfaces.get("beale").formula
    joined = ""
    for t in lines[start:]:
        joined = (joined + " " + t).strip()
        if joined.replace(" ", "").endswith(formula.replace(" ", "")):
            break
    assert joined.replace(" ", "") == ("beale:" + formula).replace(" ", "")
    assert not joined.endswith("…")


@pytest.mark.parametrize("size", SIZES)
def test_help_card_says_the_controls_do_what_the_keys_do(size):
    renderer, target = draw(st.State(help=True), size, (0.5, 0.5))
    check_layout(renderer, target, size)
    shown = " ".join(t for g, _, t in renderer.drawn_rects if g == "help")
    assert "The panel's controls do the same as these keys" in shown
    card = pygame.Rect(0, 0, 0, 0).unionall([r for g, r, _ in renderer.drawn_rects if g == "help"])
    assert pygame.Rect((0, 0), size).contains(card)


# --- one style for numbers -------------------------------------------------------------

def test_cursor_readings_in_one_number_style():
    from game.panel import cursor_lines
    hill = surfaces.get("hill")                      # f = 4 − x² − y², ∇f = (−2x, −2y), H = −2I
    assert cursor_lines(hill, (1.0, 0.5)) == [
        "x = 1.0000   y = 0.5000",
        "f = 2.75",
        "∇f = (-2.0000, -1.0000)",
        "|∇f| = 2.2361",
        "H = [-2.0000   0.0000]",
        "    [ 0.0000  -2.0000]",
        "curvature: dome (negative definite)",
    ]
    beale = surfaces.get("beale")
    # by hand at (1, 0.5): the three residuals 1, 1.5 + ... (the README's probe gives
    # ∇f = (−6.3125, 7.625), H = [[3.15625, 3.8125], [3.8125, 21.625]], f = 6.3125)
    lines = cursor_lines(beale, (1.0, 0.5))
    assert lines[1] == "f = 6.3125"
    assert lines[2] == "∇f = (-6.3125, 7.6250)"
    assert lines[4:6] == ["H = [3.156   3.812]", "    [3.812  21.625]"]
    assert not any("+" in t for t in lines)


def test_the_regression_names_its_weights():
    from game.panel import cursor_lines
    lines = cursor_lines(surfaces.get("regression"), (1.5, -0.7))
    assert lines[0] == "w₁ = 1.5000   w₂ = -0.7000"


def test_vectors_share_their_decimals_and_magnitudes_have_no_plus():
    from game.ui import words
    assert words.vector([-6.3125, 7.625]) == ["-6.3125", "7.6250"]
    assert words.vector([123.456, 0.001]) == ["123.46", "0.00"]
    assert words.vector([2.5e7, -1.0]) == ["2.5000e7", "-1.0000e0"]
    assert words.vector([-1e-9, 0.0]) == ["-1.0000e-9", "0.0000"]
    assert words.vector([-0.00001, 3.0]) == ["0.0000", "3.0000"]          # no "-0.0000"
    assert words.matrix([[1.0, -20.0], [300.0, 4.0]]) == ["[  1.00  -20.00]", "[300.00    4.00]"]
    assert words.num(9.8989) == "9.899" and words.num(-2.0) == "-2"
    assert words.short(5e-05) == "5e-5" and words.short(2.5e10) == "2.5e10"


def test_hyperparameters_show_only_what_the_rule_has():
    from game import optim
    from game.ui import words
    assert words.hyper_parts(optim.get("gd"), {"lr": 0.05}) == ["lr η = 0.05"]
    assert words.hyper_parts(optim.get("adam"), {"lr": 0.02, "betas": (0.9, 0.999), "eps": 1e-8},
                             names=False) == ["η = 0.02", "β₁ = 0.9  β₂ = 0.999", "ε = 1e-8"]
    assert words.hyper_text(optim.get("rmsprop"), {"lr": 0.01, "alpha": 0.99, "eps": 1e-8}) == \
        "η=0.01 α=0.99 ε=1e-8"


@pytest.mark.parametrize("size", [(1024, 640), (1920, 1080)])
@pytest.mark.parametrize("cover", ["help", "editor"])
def test_the_controls_look_inert_under_the_help_card_and_the_editor(size, cover):
    """While the help card or the editor is open the controls take no click:
    their whole block, also where the card leaves it in sight, is drawn
    darker (no pixel brighter, the block as a whole at most half as bright),
    while the map beside it keeps its colours."""
    from game.ui import controls_panel as cp
    plain = st.State(surface="bowl", contours=True)
    covered = replace(plain, help=True) if cover == "help" else replace(plain, editing="x^2")
    frames = []
    for state in (plain, covered):
        session = app.Session.start(state)
        target = pygame.Surface(size)
        renderer = Renderer(size)
        panel = cp.build(size, session.state)
        renderer.draw(target, session.state, session.world, 1.0, None, 60.0, "", controls=panel)
        frames.append((renderer, pygame.surfarray.array3d(target).astype(int)))
    (_, before), (renderer, after) = frames
    x, y, w, h = renderer.layout.controls
    keep = np.ones((w, h), bool)            # the block, less the card's own words
    for group, rect, _ in renderer.drawn_rects:
        if group in ("help", "editor"):
            r = rect.clip(pygame.Rect(x, y, w, h)).move(-x, -y)
            keep[r.left:r.right, r.top:r.bottom] = False
    b, a = before[x:x + w, y:y + h][keep], after[x:x + w, y:y + h][keep]
    assert (a <= b).all()
    assert a.sum() <= 0.5 * b.sum()
    ml, mt, mw, mh = renderer.layout.map_area          # a map corner no card reaches
    assert (after[ml:ml + 5, mt + mh - 5:mt + mh] == before[ml:ml + 5, mt + mh - 5:mt + mh]).all()


@pytest.mark.parametrize("size", [app.MIN_SIZE, (1024, 640)])
def test_the_rate_line_keeps_its_distance_whole_when_it_wraps(size):
    """The theory line names ‖x − x*‖: wrapped in a narrow panel, the norm
    stays on one line (the first screen at 1024 × 640 once split it)."""
    renderer, _ = draw(st.State(surface="hill"), size, (0.3, 0.2))
    lines = [t for g, _, t in renderer.drawn_rects if g in TEXT_GROUPS]
    start = [i for i, t in enumerate(lines) if "rate ρ per step" in t]
    assert start, lines
    rest = lines[start[0]:start[0] + 2]
    assert any("‖x\u00a0−\u00a0x*‖" in t for t in rest), rest
    assert not any(t.rstrip().endswith(("‖x", "−")) for t in rest), rest


def test_the_failing_window_of_the_property_test_fits():
    # Found by test_any_window_from_the_minimum_up_fits: at 1633 × 1654, with a
    # long message in the footer and every overlay on, a slice plot in the
    # panel was too short for both its value labels ('15.2' over '11.3' on the
    # bowl); the plot now keeps the highest value's label and draws the other
    # value's line only.
    for name, where in (("bowl", (0.625, 0.875)), ("himmelblau", (0.125, 0.125)),
                        ("camel", (0.125, 0.125))):
        state = st.State(surface=name, overlays=frozenset(st.OVERLAYS))
        xmin, xmax, ymin, ymax = st.surface_of(state).domain
        renderer, target = draw(state, (1633, 1654), (xmin + where[0] * (xmax - xmin),
                                                      ymin + where[1] * (ymax - ymin)),
                                message=LONG_MESSAGE)
        check_layout(renderer, target, (1633, 1654))
