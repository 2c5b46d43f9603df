"""Tests for game.overlays: each overlay draws something, in the right place
and the right orientation (screen y points down), and none of them raises at
corners, critical points, undefined regions, tiny views or huge gradients."""
import numpy as np
import pygame
import pytest

from game import calculus as calc
from game import overlays as ov
from game import surfaces
from game.surfaces import Surface
from game.viewport import Viewport

BG = (40, 40, 40)
MAP_AREA = (8, 8, 784, 784)
INSET_RECT = (816, 300, 448, 480)


def _H(hxx, hxy, hyy):
    return np.array([[hxx, hxy], [hxy, hyy]], dtype=float)


def _zeros(p):
    return 0.0 * np.asarray(p, float)[0]


# f = (x² + y²)/2 + 2xy: Hessian [[1, 2], [2, 1]], λ = 3 along (1, 1), λ = −1 along (1, −1)
QUAD = Surface("quad_t", "quad", lambda p: 0.5 * (p[0] ** 2 + p[1] ** 2) + 2 * p[0] * p[1],
               lambda p: np.array([p[0] + 2 * p[1], 2 * p[0] + p[1]]),
               lambda p: _H(1 + _zeros(p), 2 + _zeros(p), 1 + _zeros(p)), (-2.0, 2.0, -2.0, 2.0))
# f = x + 2y: a constant gradient
PLANE = Surface("plane_t", "plane", lambda p: p[0] + 2 * p[1],
                lambda p: np.array([1 + _zeros(p), 2 + _zeros(p)]),
                lambda p: _H(_zeros(p), _zeros(p), _zeros(p)), (-2.0, 2.0, -2.0, 2.0))


def _log_grad(p):
    x = np.asarray(p, float)[0]
    with np.errstate(all="ignore"):
        return np.array([np.where(x > 0, 1.0 / x, np.nan), np.where(x > 0, 0.0, np.nan)])


def _log_hess(p):
    x = np.asarray(p, float)[0]
    with np.errstate(all="ignore"):
        n = np.where(x > 0, 0.0, np.nan)
        return _H(np.where(x > 0, -1.0 / x ** 2, np.nan), n, n)


# f = log x: undefined (NaN) on the left half
LOG = Surface("log_t", "log", lambda p: np.log(np.asarray(p, float)[0]) + _zeros(p),
              _log_grad, _log_hess, (-1.0, 2.0, -1.5, 1.5))


@pytest.fixture(scope="module")
def screen():
    pygame.display.init()
    pygame.font.init()
    yield pygame.display.set_mode((1280, 800))
    pygame.display.quit()


@pytest.fixture(scope="module")
def painter(screen):
    small = pygame.font.Font(str(ov_assets("DejaVuSans.ttf")), 12)
    mono = pygame.font.Font(str(ov_assets("DejaVuSansMono.ttf")), 14)
    return ov.OverlayPainter(small, mono)


def ov_assets(name):
    from pathlib import Path
    return Path(__file__).resolve().parents[1] / "assets" / name


def vp_of(s, area=MAP_AREA):
    return Viewport.fit(s.domain, area)


def draw(painter, s, cursor, names, size=(1280, 800), area=MAP_AREA, insets=None):
    """Draw ``names`` on a plain background; returns (pixels (W, H, 3), vp, used)."""
    target = pygame.Surface(size).convert()
    target.fill(BG)
    vp = vp_of(s, area)
    target.set_clip(pygame.Rect(vp.rect).inflate(16, 16))
    painter.draw_map(target, s, vp, cursor, frozenset(names))
    target.set_clip(None)
    used = painter.draw_insets(target, s, cursor, frozenset(names), insets or INSET_RECT)
    return pygame.surfarray.array3d(target).astype(int), vp, used


def mask(img, colour):
    return np.all(img == np.array(colour), axis=2)


def coords(m):
    sx, sy = np.nonzero(m)
    return sx.astype(float), sy.astype(float)


def changed(img):
    return np.any(img != np.array(BG), axis=2)


# --- the API ----------------------------------------------------------------------

def test_api_names_keys_and_descriptions():
    assert ov.OVERLAYS == ("quiver", "rose", "level", "slices", "curvature", "jacobian")
    assert ov.KEYS == {"quiver": "V", "rose": "D", "level": "L", "slices": "P",
                       "curvature": "K", "jacobian": "J"}
    assert set(ov.DESCRIPTIONS) == set(ov.OVERLAYS)
    assert all(isinstance(d, str) and 10 < len(d) < 80 for d in ov.DESCRIPTIONS.values())
    assert "D_u f" in ov.DESCRIPTIONS["rose"]


def test_distinct_colours():
    pairs = [(ov.ROSE_POS, ov.ROSE_NEG), (ov.SLICE_X_RGB, ov.SLICE_Y_RGB),
             (ov.LAMBDA_POS, ov.LAMBDA_NEG), (ov.LENS_TRUE, ov.LENS_LINEAR),
             (ov.LEVEL_RGB, ov.LENS_LINEAR), (ov.LEVEL_RGB, ov.ROSE_POS),
             (ov.LENS_TRUE, ov.SLICE_X_RGB), (ov.SLICE_Y_RGB, ov.ROSE_NEG)]
    for a, b in pairs:
        assert sum(abs(x - y) for x, y in zip(a, b)) > 120


# --- every overlay draws something, and only when asked --------------------------

@pytest.mark.parametrize("name", ["rose", "level", "slices", "curvature", "jacobian"])
def test_each_overlay_changes_the_map(painter, name):
    s = surfaces.get("bowl")
    img, vp, _ = draw(painter, s, (0.7, -0.4), [name])
    l, t, w, h = vp.rect
    assert changed(img)[l:l + w, t:t + h].sum() > 400


def test_nothing_without_cursor_or_overlays(painter):
    s = surfaces.get("hill")
    img, _, used = draw(painter, s, None, ov.OVERLAYS)
    assert used == 0 and not changed(img).any()
    img, _, used = draw(painter, s, (0.5, 0.5), [])
    assert used == 0 and not changed(img).any()
    # the quiver is baked, never drawn per frame
    img, _, used = draw(painter, s, (0.5, 0.5), ["quiver"])
    assert used == 0 and not changed(img).any()


def test_insets_only_for_slices(painter):
    s = surfaces.get("hill")
    img, _, used = draw(painter, s, (0.5, 0.5), ["rose", "level"])
    l, t, w, h = INSET_RECT
    assert used == 0 and not changed(img)[l:l + w, t:t + h].any()
    img, _, used = draw(painter, s, (0.5, 0.5), ["slices"])
    assert 100 < used <= h
    inset = changed(img)[l:l + w, t:t + h]
    assert inset.sum() > 2000
    assert not changed(img)[l:l + w, t + used + 1:t + h].any()   # nothing below what it used


# --- quiver -----------------------------------------------------------------------

def bake(painter, s, offset=(0, 0), extra=(0, 0)):
    vp = vp_of(s)
    base = pygame.Surface((vp.size[0] + extra[0], vp.size[1] + extra[1])).convert()
    base.fill(BG)
    painter.bake_quiver(base, s, vp, offset)
    return pygame.surfarray.array3d(base).astype(int), vp


def test_quiver_arrows_follow_the_gradient(painter):
    img, vp = bake(painter, PLANE)
    on = mask(img, ov.QUIVER_RGB)
    assert on.sum() > 2000
    sx, sy = coords(on)
    cell = vp.size[0] / ov.QUIVER_CELLS
    ox = sx + 0.5 - (np.floor(sx / cell) + 0.5) * cell      # offset from the cell centre
    oy = sy + 0.5 - (np.floor(sy / cell) + 0.5) * cell
    d = np.array([1.0, -2.0]) / np.sqrt(5.0)                # ∇f = (1, 2), y flipped
    # the arrows lie along d ...
    cov = np.cov(np.stack([ox, oy]))
    w, v = np.linalg.eigh(cov)
    assert abs(v[:, 1] @ d) > 0.97 and w[1] > 10 * w[0]
    # ... and their heads (more pixels) are at the +d end
    assert np.mean(ox * d[0] + oy * d[1]) > 0.5


def test_quiver_lengths_grow_with_slope(painter):
    img, vp = bake(painter, surfaces.get("round"))          # |∇f| = 2r
    sx, sy = coords(mask(img, ov.QUIVER_RGB))
    r = np.hypot(sx - vp.size[0] / 2, sy - vp.size[1] / 2)
    inner, outer = (r < 0.2 * vp.size[0]).sum() / 0.04, ((r > 0.3 * vp.size[0]) & (
        r < 0.5 * vp.size[0])).sum() / (0.25 - 0.09)
    assert outer > 1.5 * inner                               # per unit area


def test_quiver_offset_translates(painter):
    s = surfaces.get("hill")
    plain, vp = bake(painter, s)
    shifted, _ = bake(painter, s, offset=(30, 20), extra=(30, 20))
    w, h = vp.size
    assert np.array_equal(shifted[30:30 + w, 20:20 + h], plain)
    assert not changed(shifted)[:30].any() and not changed(shifted)[:, :20].any()


def test_quiver_skips_undefined_cells(painter):
    img, vp = bake(painter, LOG)
    sx, _sy = coords(changed(img))
    assert sx.size > 500
    x_world = vp.view[0] + (sx + 0.5) / vp.scale
    assert x_world.min() > -0.1                              # nothing where x < 0


# --- rose -------------------------------------------------------------------------

@pytest.mark.parametrize("name,cursor", [("hill", (0.8, 0.5)), ("bowl", (-1.0, 0.6)),
                                         ("cubic", (0.7, -0.9)), ("rosenbrock", (-1.5, 2.5))])
def test_rose_lobes_on_the_right_sides(painter, name, cursor):
    s = surfaces.get(name)
    img, vp, _ = draw(painter, s, cursor, ["rose"])
    c = vp.to_screen(cursor)
    g = s.grad(np.array(cursor, float))
    e = np.array([g[0], -g[1]]) / np.hypot(*g)               # screen direction of ∇f
    for colour, sign in ((ov.ROSE_POS, 1.0), (ov.ROSE_NEG, -1.0)):
        sx, sy = coords(mask(img, colour))
        dx, dy = sx - c[0], sy - c[1]
        near = np.hypot(dx, dy) <= ov.ROSE_RADIUS + 3        # the lobe, not the label
        assert near.sum() > 50
        proj = dx[near] * e[0] + dy[near] * e[1]
        assert sign * proj.mean() > 15
        # the lobe reaches about ROSE_RADIUS along ±∇f
        assert sign * proj.min() > -6 if sign > 0 else proj.max() < 6
        assert np.max(sign * proj) == pytest.approx(ov.ROSE_RADIUS, abs=5)


def test_rose_zero_gradient(painter):
    img, _vp, _ = draw(painter, surfaces.get("hill"), (0.0, 0.0), ["rose"])
    assert not mask(img, ov.ROSE_POS).any() and not mask(img, ov.ROSE_NEG).any()
    assert changed(img).sum() > 200                          # the ring and its label


@pytest.mark.parametrize("scale", [1e-310, 1e-300, 1e150, 1e300])
def test_rose_of_a_subnormal_or_huge_gradient_keeps_its_shape(painter, scale):
    """|∇f| = 1e-310 made R / |∇f| overflow to ∞ and ∞·0 warned ("invalid value
    in multiply"); the rose only depends on ∇f's direction, so it is the same
    picture for f = s·(x + 2y) whatever s is."""
    tilted = Surface(f"tilted_{scale:g}", "s·(x + 2y)", lambda p: scale * (p[0] + 2 * p[1]),
                     lambda p: scale * np.array([1 + _zeros(p), 2 + _zeros(p)]),
                     lambda p: _H(_zeros(p), _zeros(p), _zeros(p)), (-2.0, 2.0, -2.0, 2.0))
    img, vp, _ = draw(painter, tilted, (0.3, -0.4), ["rose"])
    ref, _, _ = draw(painter, PLANE, (0.3, -0.4), ["rose"])
    c = vp.to_screen((0.3, -0.4))
    sx, sy = np.meshgrid(np.arange(img.shape[0]), np.arange(img.shape[1]), indexing="ij")
    near = np.hypot(sx - c[0], sy - c[1]) <= ov.ROSE_RADIUS + 3   # the lobes, not the label
    for colour in (ov.ROSE_POS, ov.ROSE_NEG):
        assert (mask(img, colour) & near).sum() > 50
        assert ((mask(img, colour) & near) == (mask(ref, colour) & near)).all()


# --- level ------------------------------------------------------------------------

def test_level_set_on_the_circle_with_tangent(painter):
    s = surfaces.get("round")
    cursor = (0.6, 0.8)                                     # on the unit circle
    img, vp, _ = draw(painter, s, cursor, ["level"])
    o = vp.to_screen([0.0, 0.0])
    sx, sy = coords(mask(img, ov.LEVEL_RGB))
    r = np.hypot(sx + 0.5 - o[0], sy + 0.5 - o[1])
    ring = r < 1.5 * vp.scale                                # leave out the reading's card
    assert np.all(np.abs(r[ring] - vp.scale) < 3.0)
    assert ring.sum() > 2 * np.pi * vp.scale                 # all the way round, ≥ 1 px thick
    # the tangent: white pixels close to the cursor along (−0.8, 0.6) in world,
    # i.e. (−0.8, −0.6) on screen: dx and dy share their sign
    c = vp.to_screen(cursor)
    tx, ty = coords(mask(img, ov.TANGENT_RGB))
    dx, dy = tx - c[0], ty - c[1]
    near = np.hypot(dx, dy) < ov.TANGENT_PX + 2
    far = near & (np.hypot(dx, dy) > 20)                     # beyond the right-angle mark
    assert far.sum() > 40
    t = np.array([-0.8, -0.6])
    assert np.all(np.abs(dx[far] * t[1] - dy[far] * t[0]) < 3.0)   # on the tangent line


def test_level_right_angle_mark_on_gradient_side(painter):
    s = surfaces.get("round")
    cursor = (0.6, 0.8)
    img, vp, _ = draw(painter, s, cursor, ["level"])
    c = vp.to_screen(cursor)
    tx, ty = coords(mask(img, ov.TANGENT_RGB))
    dx, dy = tx - c[0], ty - c[1]
    mark = np.hypot(dx, dy) < 16
    n = np.array([0.6, -0.8])                                # ∇f direction on screen
    proj = dx[mark] * n[0] + dy[mark] * n[1]
    assert (proj > 4).sum() > 5                              # the corner sits on the ∇f side
    assert (proj < -4).sum() < (proj > 4).sum() / 3


def test_level_grid_is_cached_per_view(painter):
    s = surfaces.get("camel")
    vp = vp_of(s)
    g1 = painter.level_grid(s, vp)
    assert painter.level_grid(s, vp) is g1
    v, xs, ys = g1
    assert v.shape == (ys.size, xs.size)
    assert 3.0 <= vp.size[0] / xs.size <= 4.5


def test_level_nan_region(painter):
    img, vp, _ = draw(painter, LOG, (0.5, 0.3), ["level"])
    sx, _ = coords(mask(img, ov.LEVEL_RGB))
    x_world = vp.view[0] + (sx + 0.5 - vp.rect[0]) / vp.scale
    line = np.abs(x_world - 0.5) < 0.05
    assert line.sum() > 200                                  # the level set x = 0.5


# --- slices -----------------------------------------------------------------------

def test_slice_lines_through_the_cursor(painter):
    s = surfaces.get("bowl")
    cursor = (0.7, -1.1)
    img, vp, _ = draw(painter, s, cursor, ["slices"], insets=(0, 0, 1, 1))
    c = vp.to_screen(cursor)
    _l, _t, w, h = vp.rect
    hx, hy = coords(mask(img, ov.SLICE_X_RGB))
    assert np.all(np.abs(hy - c[1]) <= 2) and hx.max() - hx.min() > 0.95 * w
    vx, vy = coords(mask(img, ov.SLICE_Y_RGB))
    assert np.all(np.abs(vx - c[0]) <= 2) and vy.max() - vy.min() > 0.95 * h


def _inset_curve(img, colour, used):
    l, t, w, _h = INSET_RECT
    sub = mask(img, colour)[l:l + w, t:t + used]
    return coords(sub)


@pytest.mark.parametrize("name,cursor,shape_x,shape_y", [
    ("hill", (0.6, 0.9), "cap", "cap"),        # 4 − x² − y²: both slices open down
    ("bowl", (0.6, 0.9), "cup", "cup"),
    ("saddle", (0.6, 0.9), "cup", "cap"),      # x² − y²
])
def test_inset_curves_point_the_right_way(painter, name, cursor, shape_x, shape_y):
    img, _vp, used = draw(painter, surfaces.get(name), cursor, ["slices"])
    assert used > 0
    l, t, w, _h = INSET_RECT
    half = used // 2
    for colour, shape, rows in ((ov.SLICE_X_RGB, shape_x, (0, half)),
                                (ov.SLICE_Y_RGB, shape_y, (half, used))):
        sx, sy = coords(mask(img, colour)[l:l + w, t + rows[0]:t + rows[1]])
        assert sx.size > 100
        mid = np.abs(sx - w / 2) < 6
        edge = (sx < 0.1 * w) | (sx > 0.9 * w)
        # screen y points down: a cap has its middle higher (smaller row) than its ends
        if shape == "cap":
            assert sy[mid].mean() < sy[edge].mean() - 20
        else:
            assert sy[mid].mean() > sy[edge].mean() + 20


def test_inset_cursor_dot_on_the_curve(painter):
    s = surfaces.get("hill")
    cursor = (-1.0, 0.5)
    img, _vp, used = draw(painter, s, cursor, ["slices"])
    l, t, w, _h = INSET_RECT
    # the dot (white rim) in the first plot is left of the middle, like x = −1
    sx, _ = coords(mask(img, ov.TANGENT_RGB)[l:l + w, t:t + used // 2])
    assert sx.size > 10
    assert abs(np.median(sx) - w * 0.25) < 0.1 * w


def test_insets_small_rects(painter):
    s = surfaces.get("hill")
    for rect in [(0, 0, 0, 0), (816, 300, 40, 40), (816, 300, 448, 70), (816, 300, 448, 140),
                 (816, 300, 100, 2000), (1200, 780, 448, 480)]:
        _, _, used = draw(painter, s, (0.3, 0.2), ["slices"], insets=rect)
        assert 0 <= used <= max(rect[3], 0)


# --- curvature --------------------------------------------------------------------

def test_newton_arrow_on_the_bowl_points_at_the_minimum(painter):
    s = surfaces.get("bowl")
    cursor = (1.2, 0.9)
    img, vp, _ = draw(painter, s, cursor, ["curvature"])
    c, target = vp.to_screen(cursor), vp.to_screen([0.0, 0.0])
    want = target - c
    dist = float(np.hypot(*want))
    sx, sy = coords(mask(img, ov.NEWTON_RGB))
    dx, dy = sx - c[0], sy - c[1]
    near = np.hypot(dx, dy) < dist + 8                     # leave out the card
    assert near.sum() > 200
    mean = np.array([dx[near].mean(), dy[near].mean()])
    assert mean @ want / (np.hypot(*mean) * dist) > 0.97
    assert np.hypot(dx[near], dy[near]).max() == pytest.approx(dist, abs=6)


def test_curvature_axes_colour_and_direction(painter):
    # λ = 3 along (1, 1) (warm), λ = −1 along (1, −1) (cool); on screen y flips
    img, vp, _ = draw(painter, QUAD, (0.2, -0.3), ["curvature"])
    c = vp.to_screen((0.2, -0.3))
    scale = painter.lambda_scale(QUAD)
    for colour, lam, u in ((ov.LAMBDA_POS, 3.0, (1.0, -1.0)), (ov.LAMBDA_NEG, -1.0, (1.0, 1.0))):
        u = np.array(u) / np.sqrt(2.0)                       # expected axis on screen
        L = np.clip(abs(lam) * scale, ov.CURV_MIN_PX, ov.CURV_MAX_PX)
        sx, sy = coords(mask(img, colour))
        dx, dy = sx + 0.5 - c[0], sy + 0.5 - c[1]
        along, perp = dx * u[0] + dy * u[1], np.abs(dx * u[1] - dy * u[0])
        axis = (np.abs(along) < L + 3) & (perp < 2.5)
        assert axis.sum() > 1.5 * L                          # a line of length 2L along u
        assert along[axis].max() == pytest.approx(L, abs=3)
        assert along[axis].min() == pytest.approx(-L, abs=3)
        other = np.array([u[1], -u[0]])                      # nothing along the other axis
        off = (np.abs(dx * other[0] + dy * other[1]) > 12) & (np.abs(along) < 6)
        assert off.sum() == 0


def test_curvature_saddle_axes(painter):
    img, vp, _ = draw(painter, surfaces.get("saddle"), (0.0, 0.0), ["curvature"])
    c = vp.to_screen((0.0, 0.0))
    wx, wy = coords(mask(img, ov.LAMBDA_POS))       # λ = 2 along x
    bx, by = coords(mask(img, ov.LAMBDA_NEG))       # λ = −2 along y
    near_w = np.hypot(wx - c[0], wy - c[1]) < ov.CURV_MAX_PX
    near_b = np.hypot(bx - c[0], by - c[1]) < ov.CURV_MAX_PX
    assert np.ptp(wx[near_w]) > 3 * np.ptp(wy[near_w])
    assert np.ptp(by[near_b]) > 3 * np.ptp(bx[near_b])


def test_newton_arrow_shortened_but_true_to_direction(painter):
    s = surfaces.get("rosenbrock")
    vp = vp_of(s)
    # find a cursor whose Newton target is off the map
    found = None
    for x in np.linspace(-1.9, 1.9, 9):
        for y in np.linspace(-0.9, 2.9, 9):
            st = calc.curvature(s, x, y).newton_step
            if st is not None and not s.contains(x + st[0], y + st[1]):
                found = (x, y, st)
                break
        if found:
            break
    assert found is not None
    x, y, st = found
    img, vp, _ = draw(painter, s, (x, y), ["curvature"])
    c = vp.to_screen((x, y))
    d = np.array([st[0], -st[1]]) / np.hypot(*st)
    sx, sy = coords(mask(img, ov.NEWTON_RGB))
    dx, dy = sx - c[0], sy - c[1]
    l, t, w, h = vp.rect
    assert np.all((sx >= l - 8) & (sx < l + w + 8) & (sy >= t - 8) & (sy < t + h + 8))
    along = dx * d[0] + dy * d[1]
    arrow = (np.abs(dx * d[1] - dy * d[0]) < 8) & (along > 0)
    assert arrow.sum() > 50                                  # drawn along the true direction
    assert along[arrow].max() >= 20


# --- jacobian lens ----------------------------------------------------------------

def test_lens_ellipse_shape_on_bowl(painter):
    # J = diag(2, 10): the images of a circle are an ellipse 5× taller than wide
    s = surfaces.get("bowl")
    cursor = (0.5, 0.3)
    img, vp, _ = draw(painter, s, cursor, ["jacobian"])
    c = vp.to_screen(cursor)
    rpx = ov.LENS_FRACTION * 4.0 * vp.scale
    for colour in (ov.LENS_TRUE, ov.LENS_LINEAR):
        sx, sy = coords(mask(img, colour))
        near = np.hypot(sx - c[0], sy - c[1]) < rpx + 4
        assert near.sum() > 50
        height, width = np.ptp(sy[near]), np.ptp(sx[near])
        assert 3.5 < height / width < 7
        assert 0.4 * rpx < height / 2 <= rpx + 3                 # scaled to fit the circle


def test_lens_orientation(painter):
    # J = [[1, 2], [2, 1]]: the major axis is along (1, 1), up-right on screen
    img, vp, _ = draw(painter, QUAD, (0.1, 0.2), ["jacobian"])
    c = vp.to_screen((0.1, 0.2))
    rpx = ov.LENS_FRACTION * 4.0 * vp.scale
    sx, sy = coords(mask(img, ov.LENS_TRUE))
    near = np.hypot(sx - c[0], sy - c[1]) < rpx + 4
    assert near.sum() > 50
    assert np.mean((sx[near] - c[0]) * (sy[near] - c[1])) < -0.05 * rpx * rpx


def test_lens_scale_factor():
    assert ov._nice_floor(0.47) == 0.4 and ov._nice_floor(1.0) == 1.0
    assert ov._nice_floor(7.9) == 6.0 and ov._nice_floor(2.1e-3) == pytest.approx(2e-3)
    for v in np.geomspace(1e-6, 1e6, 37):
        assert v / 1.5 * (1 - 1e-9) <= ov._nice_floor(v) <= v * (1 + 1e-9)


# --- robustness ---------------------------------------------------------------------

def _cursors(s):
    xmin, xmax, ymin, ymax = s.domain
    pts = [(xmin, ymin), (xmin, ymax), (xmax, ymin), (xmax, ymax),
           (0.5 * (xmin + xmax), 0.5 * (ymin + ymax))]
    pts += [(cp.x, cp.y) for cp in s.critical_points[:3]]
    return pts


CASES = [(name, i) for name in surfaces.names() for i in range(8)]


@pytest.mark.parametrize("overlay", ov.OVERLAYS)
@pytest.mark.parametrize("name", surfaces.names())
def test_no_overlay_raises_anywhere(painter, screen, name, overlay):
    s = surfaces.get(name)
    vp = vp_of(s)
    screen.fill(BG)
    for cursor in _cursors(s):
        screen.set_clip(pygame.Rect(vp.rect).inflate(16, 16))
        painter.draw_map(screen, s, vp, cursor, frozenset([overlay]))
        screen.set_clip(None)
        used = painter.draw_insets(screen, s, cursor, frozenset([overlay]), INSET_RECT)
        assert 0 <= used <= INSET_RECT[3]
    if overlay == "quiver":
        base = pygame.Surface(vp.size).convert()
        painter.bake_quiver(base, s, vp)


@pytest.mark.parametrize("name", surfaces.names())
def test_all_overlays_together_anywhere(painter, screen, name):
    s = surfaces.get(name)
    vp = vp_of(s)
    for cursor in _cursors(s):
        screen.fill(BG)
        screen.set_clip(pygame.Rect(vp.rect).inflate(16, 16))
        painter.draw_map(screen, s, vp, cursor, frozenset(ov.OVERLAYS))
        screen.set_clip(None)
        painter.draw_insets(screen, s, cursor, frozenset(ov.OVERLAYS), INSET_RECT)
        img = pygame.surfarray.pixels2d(screen)
        l, t, w, h = vp.rect
        assert (img[l:l + w, t:t + h] != screen.map_rgb(BG)).sum() > 100
        del img


@pytest.mark.parametrize("cursor", [(-0.5, 0.0), (0.0, 0.0), (1e-9, 0.0), (0.5, 0.3),
                                    (-1.0, -1.5), (2.0, 1.5), (float("nan"), 0.0),
                                    (float("inf"), 1.0)])
def test_undefined_region_surface(painter, cursor):
    for names in [[o] for o in ov.OVERLAYS] + [ov.OVERLAYS]:
        draw(painter, LOG, cursor, names)
    bake(painter, LOG)


@pytest.mark.parametrize("name", ["hill", "monkey", "rosenbrock", "beale"])
def test_tiny_window(painter, name):
    s = surfaces.get(name)
    vp = Viewport.fit(s.domain, (0, 0, 50, 50))
    assert vp.size == (50, 50)
    target = pygame.Surface((60, 60)).convert()
    base = pygame.Surface(vp.size).convert()
    painter.bake_quiver(base, s, vp)
    for cursor in _cursors(s):
        target.fill(BG)
        target.set_clip(pygame.Rect(vp.rect))
        painter.draw_map(target, s, vp, cursor, frozenset(ov.OVERLAYS))
        target.set_clip(None)
        assert painter.draw_insets(target, s, cursor, frozenset(ov.OVERLAYS), (0, 0, 60, 60)) <= 60


def test_huge_gradients_stay_sane(painter):
    # beale's corners: |∇f| ~ 1e5; the rose and Newton arrow still fit
    s = surfaces.get("beale")
    cursor = (4.5, 4.5)
    assert np.hypot(*s.grad(np.array(cursor))) > 1e4
    img, vp, _ = draw(painter, s, cursor, ["rose", "curvature", "jacobian", "level"])
    c = vp.to_screen(cursor)
    sx, sy = coords(mask(img, ov.ROSE_POS) | mask(img, ov.ROSE_NEG))
    near = np.hypot(sx - c[0], sy - c[1]) < ov.ROSE_RADIUS + 3
    assert near.sum() > 30


def test_does_not_draw_outside_its_clip(painter):
    s = surfaces.get("hill")
    target = pygame.Surface((1280, 800)).convert()
    target.fill(BG)
    vp = vp_of(s)
    clip = pygame.Rect(vp.rect).inflate(16, 16)
    target.set_clip(clip)
    painter.draw_map(target, s, vp, (1.9, -1.9), frozenset(ov.OVERLAYS))
    target.set_clip(None)
    img = changed(pygame.surfarray.array3d(target).astype(int))
    outside = img.copy()
    outside[clip.left:clip.right, clip.top:clip.bottom] = False
    assert not outside.any()
    assert img.sum() > 500


@pytest.mark.parametrize("name", surfaces.names())
def test_map_labels_never_overlap_and_stay_on_the_map(painter, screen, name):
    """With all six overlays at once, at the corners, edges, centre and
    critical points: every label and card the overlays put on the map is
    clear of every other and inside the map."""
    s = surfaces.get(name)
    vp = vp_of(s)
    area = pygame.Rect(vp.rect)
    for cursor in _cursors(s):
        screen.fill(BG)
        painter.draw_map(screen, s, vp, cursor, frozenset(ov.OVERLAYS))
        placed = painter.placed
        assert len(placed) >= 3, cursor
        for i, a in enumerate(placed):
            assert area.contains(a), (cursor, a)
            for b in placed[i + 1:]:
                assert not a.colliderect(b), (cursor, a, b)
