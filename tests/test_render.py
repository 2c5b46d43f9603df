"""What the screenshot shows: checked on its pixels."""
import numpy as np
import pygame
import pytest

from game import app, surfaces
from game import state as st
from game.render import Renderer

SIZE = (1280, 800)


def frame(state=st.State(), cursor=None, balls=None, steps=0, size=SIZE):
    session = app.Session.start(state, balls, steps, cursor)
    surf = app.render_frame(session, size)
    return pygame.surfarray.array3d(surf).astype(int), Renderer(size).viewport(
        surfaces.get(state.surface))


def luminance(rgb):
    return rgb @ np.array([0.2126, 0.7152, 0.0722])


def test_hill_centre_is_brighter_than_corners():
    img, vp = frame()
    left, top, w, h = vp.rect
    lum = luminance(img)
    centre = lum[left + w // 2 - 5:left + w // 2 + 5, top + h // 2 - 5:top + h // 2 + 5].mean()
    corners = [lum[x:x + 10, y:y + 10].mean()
               for x in (left, left + w - 10) for y in (top, top + h - 10)]
    assert centre > max(corners) + 100


def red_mask(img):
    r, g, b = img[..., 0], img[..., 1], img[..., 2]
    return (r > 200) & (g < 90) & (b < 90)


@pytest.mark.parametrize("name,cursor", [("hill", (1.0, 0.5)), ("bowl", (-1.2, 0.4))])
def test_red_arrow_sits_at_cursor_and_points_along_gradient(name, cursor):
    s = surfaces.get(name)
    img, vp = frame(st.State(surface=name), cursor=cursor)
    without, _ = frame(st.State(surface=name))
    mask = red_mask(img)
    assert not red_mask(without).any(), "no red without a cursor"
    xs, ys = np.nonzero(mask)
    assert len(xs) > 50
    base = vp.to_screen(cursor)
    d = np.stack([xs - base[0], ys - base[1]])
    assert np.hypot(*d).min() < 8, "the arrow starts at the cursor"
    assert np.hypot(*d).max() < 200
    # direction of the red blob vs ∇f (screen y points down)
    g = s.grad(np.array(cursor))
    want = np.array([g[0], -g[1]]) / np.hypot(*g)
    got = d.mean(axis=1) / np.hypot(*d.mean(axis=1))
    assert got @ want > 0.97


def test_contours_change_the_picture():
    plain, _ = frame(st.State(contours=False))
    lined, _ = frame(st.State(contours=True))
    changed = np.abs(plain - lined).sum(axis=2) > 30
    assert 0.005 < changed.mean() < 0.2


def test_balls_and_trails_are_drawn():
    empty, vp = frame(st.State(surface="bowl"))
    full, _ = frame(st.State(surface="bowl"), balls=[(1.0, 0.8), (-1.0, -0.5)], steps=20)
    diff = np.abs(full - empty).sum(axis=2) > 60
    left, top, w, h = vp.rect
    assert diff[left:left + w, top:top + h].sum() > 100


@pytest.mark.parametrize("size", [(320, 240), (640, 1000), (2000, 400)])
def test_any_window_size_renders(size):
    img, vp = frame(st.State(help=True, contours=True), cursor=(0.5, 0.5),
                    balls=[(0.1, 0.1)], steps=3, size=size)
    assert img.shape[:2] == size
    left, top, w, h = vp.rect
    assert left >= 0 and top >= 0 and left + w <= size[0] and top + h <= size[1]


def test_help_overlay_lists_every_key():
    from game.controls import HELP
    no_help, _ = frame(st.State(help=False))
    help_, _ = frame(st.State(help=True))
    assert np.abs(no_help - help_).sum() > 0
    keys = {k for k, _ in HELP}
    for required in ("M / Shift+M", "G", "X", "O", ", / .", "C", "B / Tab", "Space", "N", "R",
                     "+ / −", "[ / ]", "H / F1", "S", "Esc / Q"):
        assert required in keys


@pytest.mark.parametrize("state", [st.State(contours=True), st.State(surface="rosenbrock", contours=True),
                                   st.State(surface="himmelblau"),
                                   st.State(surface=st.CUSTOM, expr="log(x) + y^2",
                                            domain=(-1.0, 3.0, -2.0, 2.0), contours=True)])
def test_a_big_map_built_in_strips_is_the_same_picture(monkeypatch, state):
    """A map is computed in row bands (so that an 8192 × 8192 window needs
    bounded memory); each pixel centre comes from its own index, so the
    picture is exactly the one computed in one piece."""
    from game import colormap
    surface = st.surface_of(state)
    whole = Renderer(SIZE)
    vp = whole.viewport(surface)
    monkeypatch.setattr(colormap, "BAND_PIXELS", 1 << 30)
    one = pygame.surfarray.array3d(whole.background(surface, vp, state.contours)).astype(int)
    monkeypatch.setattr(colormap, "BAND_PIXELS", 7919)        # 10 rows a band
    strips = Renderer(SIZE)
    many = pygame.surfarray.array3d(strips.background(surface, vp, state.contours)).astype(int)
    assert one.shape == many.shape == vp.size + (3,)
    np.testing.assert_array_equal(one, many)
