"""No text overlaps or is cut: the panel, the colorbar, the help card and the
editor at the minimum window size, the default one and full HD.

The renderer records what it drew (``Renderer.drawn_rects``); these tests check
the records against each other and against the window, and check the frame's
own pixels against the records: every pixel the panel inked lies inside a
recorded rectangle, so nothing drawn escapes the check.
"""
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

SIZES = [app.MIN_SIZE, (1280, 800), (1920, 1080)]
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
    panel = pygame.Rect(renderer.layout.panel)
    texts = [d for d in drawn if d[0] in TEXT_GROUPS]
    assert texts, "the panel drew no text"
    for _, rect, text in texts:
        assert panel.contains(rect), f"{size}: {text!r} at {rect} leaves the panel {panel}"
    check_no_overlap(texts, f"panel {size}")
    for group in ("help", "editor"):
        check_no_overlap([d for d in drawn if d[0] == group], f"{group} {size}")
    return texts


def check_panel_ink_is_recorded(renderer, target):
    """Every pixel of the panel that is not its background lies inside a
    recorded text line or picture."""
    left, top, w, h = renderer.layout.panel
    rgb = pygame.surfarray.array3d(target)[left:left + w, top:top + h].astype(int)
    ink = np.abs(rgb - np.array(PANEL_BG)).sum(axis=2) > 0
    covered = np.zeros_like(ink)
    for group, rect, _ in renderer.drawn_rects:
        if group in TEXT_GROUPS + ("graphic",):
            r = rect.clip(pygame.Rect(renderer.layout.panel)).move(-left, -top)
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
    assert any(t.endswith("…") for _, _, t in texts), "the formula is too long: it must be elided"
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
        check_panel_ink_is_recorded(renderer, target)
