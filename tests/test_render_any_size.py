"""Rendering never fails and never writes outside its target, whatever size
the window manager forces on the window: 1 × 1, 600 × 5, 8 × 1000, 0 × 0 …
with balls alive and their trails, every overlay, the cursor, the help card
and the editor all on."""
import numpy as np
import pygame
import pytest

from game import app
from game import state as st
from game.render import Renderer

TINY = [(w, h) for w in range(1, 9) for h in range(1, 9)]
ODD = [(1280, 8), (600, 5), (8, 1000), (1, 800), (1280, 1), (0, 0), (0, 600), (700, 0),
       (799, 499), (317, 211), (2, 3000), (3000, 2)]
EVERYTHING = dict(overlays=frozenset(st.OVERLAYS), contours=True, help=True,
                  editing="sin(x)*\x00y", edit_error=("unexpected '\x00'", 7))
SENTINEL = (1, 2, 3)


def session(**changes):
    state = st.State(**{**EVERYTHING, **changes})
    s = app.Session.start(state, [(0.5, 0.5), (-1.2, 0.9), (1.9, -1.9), (0.0, 0.0)], 40, (0.4, -0.3))
    s.world.spawn(np.array([[1.5, -0.5], [0.7, 1.1]]))     # fresh balls: long trail steps
    return s


def render_at(s, size, renderer=None):
    """Draw ``s`` on a ``size`` subsurface of a larger canvas filled with a
    sentinel colour, and return the canvas and where the target was."""
    w, h = size
    canvas = pygame.Surface((w + 40, h + 40))
    canvas.fill(SENTINEL)
    where = pygame.Rect(20, 20, w, h)
    target = canvas.subsurface(where)
    renderer = renderer or Renderer(size)
    renderer.resize(size)
    renderer.draw(target, s.state, s.world, 0.5, s.world.x[:, 0], 60.0, "a message\x00")
    return canvas, where


def untouched_outside(canvas, where):
    rgb = pygame.surfarray.array3d(canvas)
    inside = np.zeros(rgb.shape[:2], bool)
    inside[where.left:where.right, where.top:where.bottom] = True
    return bool((rgb[~inside] == SENTINEL).all())


@pytest.mark.parametrize("size", TINY + ODD)
def test_any_size_renders_inside_its_target(size):
    s = session()
    canvas, where = render_at(s, size)
    assert untouched_outside(canvas, where), "something was written outside the target"


def test_one_renderer_survives_a_sequence_of_resizes():
    """As in the window: one renderer, resized frame after frame, the balls
    still rolling; a plain (contiguous) surface, so trails use the flat path."""
    s = session(help=False, editing=None, edit_error=None)
    renderer = Renderer((1280, 800))
    for size in [(1280, 800), (600, 5), (1, 1), (1280, 8), (8, 1000), (3000, 2000), (2, 2),
                 (800, 500)]:
        target = pygame.Surface(size)
        renderer.resize(size)
        s.world.run(3)
        renderer.draw(target, s.state, s.world, 1.0, (0.5, 0.5), 60.0)
    lum = pygame.surfarray.array3d(target).sum(axis=2)
    assert (lum > 0).mean() > 0.5, "the last frame, at 800 × 500, is drawn"


@pytest.mark.parametrize("view", [(0.0, 0.0, 0.0, 1.0), (-1e308, 1e308, 0.0, 1.0),
                                  (0.0, 1.0, 0.0, 5e-324), (1.0, 1.0 + 1e-300, 0.0, 1.0),
                                  (0.0, float("nan"), 0.0, 1.0), (0.0, 1.0, float("inf"), 1.0)])
def test_a_degenerate_view_falls_back_to_the_domain(view):
    """A view that is empty, infinite, or whose pixels would be infinitely
    small draws the whole domain instead of failing."""
    from game import surfaces
    renderer = Renderer((1280, 800))
    hill = surfaces.get("hill")
    assert renderer.viewport(hill, view) == renderer.viewport(hill, None)
    assert renderer.viewport(hill, (0.0, 1.0, 0.0, 1.0)).view == (0.0, 1.0, 0.0, 1.0)
    s = session(help=False, editing=None, edit_error=None)
    s.state = st.State(overlays=frozenset(st.OVERLAYS))
    object.__setattr__(s.state, "view", view)          # past the state's own check
    target = pygame.Surface((1280, 800))
    renderer.draw(target, s.state, s.world, 1.0, (0.5, 0.5), 60.0)


def test_balls_far_outside_a_zoomed_view_are_skipped_not_wrapped():
    """A view zoomed far into one corner puts the balls millions of pixels
    away; none of them (nor their trails) may show up in the map."""
    s = session(help=False, editing=None, edit_error=None, overlays=frozenset(),
                view=(-2.0, -2.0 + 1e-9, -2.0, -2.0 + 1e-9))
    plain = session(help=False, editing=None, edit_error=None, overlays=frozenset(),
                    view=(-2.0, -2.0 + 1e-9, -2.0, -2.0 + 1e-9))
    plain.world.clear()
    size = (1280, 800)
    a, b = pygame.Surface(size), pygame.Surface(size)
    renderer = Renderer(size)
    renderer.draw(a, s.state, s.world, 1.0, None)
    renderer.draw(b, plain.state, plain.world, 1.0, None)
    left, top, w, h = renderer.viewport(s.world.surface, s.state.view).rect
    pa = pygame.surfarray.array3d(a)[left:left + w, top:top + h]
    pb = pygame.surfarray.array3d(b)[left:left + w, top:top + h]
    assert (pa == pb).all()


def test_balls_at_an_overflowing_distance_from_a_deep_zoom_draw_nothing_and_warn_nothing():
    """Balls 1e6 away from a view 1e-305 wide are 1e311 view widths away: their
    screen coordinates overflow to ±inf, which must neither warn nor crash."""
    state = st.State(surface=st.CUSTOM, expr="x^2 + y^2", domain=(-1e6, 1e6, -1e6, 1e6))
    s = app.Session.start(state, [(9e5, -9e5), (-9e5, 9e5)], 3, None)
    object.__setattr__(s.state, "view", (0.0, 1e-305, 0.0, 1e-305))
    for size in [(1280, 800), (600, 5)]:
        renderer = Renderer(size)
        assert renderer.viewport(s.world.surface, s.state.view).view == s.state.view
        renderer.draw(pygame.Surface(size), s.state, s.world, 1.0, (1e-306, 1e-306))
