"""The lean map pass and the pan by scrolling: the same pixels as the old
renderer's path (field.build → contour_alpha → blend, which stay as they were
and are the reference here), and a scrolled picture equal to a rebuilt one."""
import numpy as np
import pygame
import pytest
from hypothesis import given, strategies as hs

from fuzz_settings import fuzz_settings

from game import app, colormap, controls, field, surfaces
from game import state as st
from game.render import Renderer
from game.render_map import pixel_shift
from game.viewport import Viewport

PALETTE = colormap.Palette.of((16, 8, 0))
TYPED = [("log(x) + y^2", (-1.0, 3.0, -2.0, 2.0)), ("exp(x^2)*1e300", (-2, 2, -2, 2)),
         ("cosh(40)", (-2, 2, -2, 2)), ("4e300*1e7*x + 4e300*1e7*y", (-2, 2, -2, 2)),
         ("sqrt(1 - x^2 - y^2)", (-1, 1, -1, 1))]
CASES = [surfaces.get(n) for n in surfaces.names()] + [st.custom_surface(t, d) for t, d in TYPED]


def old_rgb(surface, vp, contours):
    """The picture as the renderer made it before: (W, H, 3) uint8."""
    fld = field.build(surface, vp)
    if not contours:
        return fld.rgb
    alpha, _ = field.contour_alpha(surface, fld, vp.scale)
    return field.blend(fld.rgb, alpha)


def unpack(px):
    """(rows, columns) pixels packed by PALETTE → (W, H, 3) uint8."""
    px = px.T
    return np.stack([(px >> 16) & 255, (px >> 8) & 255, px & 255], axis=-1).astype(np.uint8)


def views(surface):
    xmin, xmax, ymin, ymax = surface.domain
    w, h = xmax - xmin, ymax - ymin
    return [surface.domain,                                               # the whole domain
            (xmin - 0.7 * w, xmax + 0.3, ymin + 0.1 * h, ymax + h),       # beyond the walls
            (xmin + 0.3 * w, xmin + 0.35 * w, ymin + 0.6 * h, ymin + 0.64 * h)]   # deep zoom


@pytest.mark.parametrize("surface", CASES, ids=lambda s: s.name + ":" + s.formula[:12])
def test_the_lean_pass_gives_the_old_pixels(surface):
    for view in views(surface):
        vp = Viewport.fit(view, (0, 0, 157, 113))
        for contours in (False, True):
            np.testing.assert_array_equal(unpack(colormap.pixels(surface, vp, contours, PALETTE)),
                                          old_rgb(surface, vp, contours))


def test_contours_touch_some_pixels_and_leave_others():
    surface = surfaces.get("rosenbrock")
    vp = Viewport.fit(surface.domain, (0, 0, 200, 200))
    plain = colormap.pixels(surface, vp, False, PALETTE)
    lines = colormap.pixels(surface, vp, True, PALETTE)
    changed = (plain != lines).mean()
    assert 0.01 < changed < 0.3


@pytest.mark.parametrize("window", [(0, 1, 0, 1), (10, 60, 0, 90), (0, 120, 37, 41), (119, 120, 89, 90)])
def test_a_window_is_the_same_pixels_as_the_whole_map_there(window, monkeypatch):
    surface = surfaces.get("camel")
    vp = Viewport.fit((-1.9, 2.1, -0.7, 2.3), (5, 7, 120, 90))
    assert vp.size == (120, 90)
    whole = colormap.pixels(surface, vp, True, PALETTE)
    monkeypatch.setattr(colormap, "BAND_PIXELS", 17)       # many bands
    x0, x1, y0, y1 = window
    part = colormap.pixels(surface, vp, True, PALETTE, window)
    np.testing.assert_array_equal(part, whole[y0:y1, x0:x1])


def test_palette_packs_the_surface_pixel_format():
    pygame.display.init()
    for surf in (pygame.Surface((4, 3)), pygame.Surface((4, 3), pygame.SRCALPHA, 32)):
        pal = colormap.Palette.of(surf.get_shifts()[:3], surf.get_masks()[3])
        for i in (0, 100, 255, 256, 300):
            surf.set_at((0, 0), tuple(int(c) for c in pal.rgb[i]))
            assert int(pygame.surfarray.pixels2d(surf)[0, 0]) == int(pal.table[i])


def test_pixel_shift_accepts_only_moves_of_whole_pixels():
    a = Viewport((-2.0, 2.0, -2.0, 2.0), (0, 0, 512, 512))      # 128 pixels a unit
    assert pixel_shift(a, a) == (0, 0)
    assert pixel_shift(a, Viewport((-2.5, 1.5, -1.75, 2.25), a.rect)) == (64, 32)
    assert pixel_shift(a, Viewport((-2.0 + 1 / 256, 2.0 + 1 / 256, -2.0, 2.0), a.rect)) is None
    assert pixel_shift(a, Viewport((-2.0, 2.0, -2.0, 2.0), (1, 0, 512, 512))) is None
    assert pixel_shift(a, Viewport((-1.0, 1.0, -1.0, 1.0), a.rect)) is None    # a zoom
    assert pixel_shift(a, Viewport((2.0, 6.0, -2.0, 2.0), a.rect)) is None     # the whole map


def _pixels(surf, rect):
    x, y, w, h = rect
    return pygame.surfarray.array3d(surf)[x:x + w, y:y + h].astype(int)


@pytest.mark.parametrize("name, contours", [("hill", True), ("rosenbrock", True), ("himmelblau", False)])
@pytest.mark.parametrize("dx, dy", [(3, 0), (0, -2), (-5, 4), (40, 33), (-511, 1)])
def test_a_scrolled_map_is_the_rebuilt_map_where_pixel_centres_align(name, contours, dx, dy):
    """128 pixels a unit: every pixel centre is exact in binary, so the
    scrolled picture with its computed strips equals a rebuild bit for bit."""
    pygame.display.init()
    surface = surfaces.get(name)
    r = Renderer((800, 600))
    a = Viewport((-2.0, 2.0, -2.0, 2.0), (20, 30, 512, 512))
    b = Viewport((-2.0 - dx / 128, 2.0 - dx / 128, -2.0 + dy / 128, 2.0 + dy / 128), a.rect)
    moved = pygame.Surface((800, 600))
    r.paint_map(moved, surface, a, contours)
    assert r.scroll_map(moved, a, b, surface, contours)
    fresh = pygame.Surface((800, 600))
    r.paint_map(fresh, surface, b, contours)
    np.testing.assert_array_equal(_pixels(moved, a.rect), _pixels(fresh, a.rect))
    outside = pygame.surfarray.array3d(moved).copy()
    outside[20:532, 30:542] = 0
    assert not outside.any()                       # nothing drawn beyond the map's rectangle


def drag(session, renderer, screen, moves):
    for rel in moves:
        session.dispatch(st.Action(controls.PAN_PIXELS, rel), renderer, screen)
        renderer.draw(screen, session.state, session.world, 1.0)


@pytest.mark.parametrize("state", [st.State(contours=True), st.State(surface="beale", contours=True),
                                   st.State(surface="bowl")])
def test_a_right_drag_scrolls_and_shows_the_rebuilt_picture(state, monkeypatch):
    """The app's own pan (pixels → world units → pan_view): the views move by
    whole pixels up to rounding in the last bits of their ends, so the
    scrolled picture may differ from a rebuild by one step of the lookup
    table on a pixel that sits on a colour boundary; the rest is equal."""
    pygame.display.init()
    size = (1024, 700)
    screen = pygame.display.set_mode(size)
    session = app.Session.start(state)
    renderer = Renderer(size)
    renderer.draw(screen, session.state, session.world, 1.0)
    painted = []
    real = renderer.paint_map
    monkeypatch.setattr(renderer, "paint_map",
                        lambda *a, **k: painted.append(a[4] if len(a) > 4 else k.get("window")) or real(*a, **k))
    moves = [(3, 0), (2, 1), (0, -4), (-7, 2)] * 5
    drag(session, renderer, screen, moves)
    assert len(painted) >= len(moves) and all(w is not None for w in painted)   # strips only
    vp = renderer.viewport(session.world.surface, session.state.view)
    fresh = Renderer(size)
    want = pygame.Surface(size)
    fresh.draw(want, session.state, session.world, 1.0)
    got, ref = _pixels(screen, vp.rect), _pixels(want, vp.rect)
    diff = np.abs(got - ref).max(axis=2)
    assert (diff > 0).mean() < 1e-4 and diff.max() <= 8


def test_a_fractional_move_or_the_quiver_rebuilds():
    pygame.display.init()
    size = (1024, 700)
    screen = pygame.display.set_mode(size)
    session = app.Session.start(st.State(surface="bowl", overlays=frozenset({"quiver"})))
    renderer = Renderer(size)
    renderer.draw(screen, session.state, session.world, 1.0)
    drag(session, renderer, screen, [(5, 5)])
    want = pygame.Surface(size)
    Renderer(size).draw(want, session.state, session.world, 1.0)
    np.testing.assert_array_equal(pygame.surfarray.array3d(screen), pygame.surfarray.array3d(want))


@pytest.mark.parametrize("depth", [24, 16])
def test_a_target_of_another_depth_gets_the_same_picture_through_a_blit(depth):
    pygame.display.init()
    surface = surfaces.get("himmelblau")
    r = Renderer((800, 600))
    vp = Viewport.fit(surface.domain, (13, 9, 300, 200))
    want = pygame.Surface((400, 300), 0, 32)
    r.paint_map(want, surface, vp, True)
    got = pygame.Surface((400, 300), 0, depth)
    r.paint_map(got, surface, vp, True)
    ref = pygame.Surface((400, 300), 0, depth)
    ref.blit(want, (0, 0))                       # what the 32-bit picture becomes at that depth
    np.testing.assert_array_equal(pygame.surfarray.array3d(got), pygame.surfarray.array3d(ref))


def test_a_map_reaching_past_the_target_is_clipped_as_a_blit_is():
    pygame.display.init()
    surface = surfaces.get("hill")
    r = Renderer((800, 600))
    vp = Viewport.fit(surface.domain, (-20, 50, 120, 120))
    whole = pygame.Surface((200, 200))
    r.paint_map(whole, surface, Viewport(vp.view, (0, 0, 120, 120)), True)
    small = pygame.Surface((90, 90))
    r.paint_map(small, surface, vp, True)
    want = pygame.Surface((90, 90))
    want.blit(whole, (-20, 50), pygame.Rect(0, 0, 120, 120))
    np.testing.assert_array_equal(pygame.surfarray.array3d(small), pygame.surfarray.array3d(want))


@fuzz_settings(25)
@given(name=hs.sampled_from(surfaces.names()), cx=hs.floats(-1.5, 1.5), cy=hs.floats(-1.5, 1.5),
       zoom=hs.floats(-3.0, 1.2), w=hs.integers(1, 90), h=hs.integers(1, 70),
       contours=hs.booleans())
def test_any_view_gives_the_old_pixels(name, cx, cy, zoom, w, h, contours):
    """Any view (centre anywhere up to half a domain beyond a wall, widths from
    1/1000 to 16 times the domain's) and any small map size."""
    surface = surfaces.get(name)
    xmin, xmax, ymin, ymax = surface.domain
    half = 0.5 * (xmax - xmin) * 10.0 ** zoom, 0.5 * (ymax - ymin) * 10.0 ** zoom
    mx, my = 0.5 * (xmin + xmax) + cx * (xmax - xmin) / 2, 0.5 * (ymin + ymax) + cy * (ymax - ymin) / 2
    vp = Viewport.fit((mx - half[0], mx + half[0], my - half[1], my + half[1]), (0, 0, w, h))
    np.testing.assert_array_equal(unpack(colormap.pixels(surface, vp, contours, PALETTE)),
                                  old_rgb(surface, vp, contours))
