"""Everything drawn on the map reads: at 1024×640, 1280×800 and 1920×1080, on
every surface with every overlay on, with the cursor on a critical point and
near each corner, no two labels on the map overlap, none covers the gradient
arrow (checked on the frame's own pixels) or the cursor, every label lies
inside the map, and the axes' labels lie beside the map, inside the window.

The renderer records what it drew in ``Renderer.drawn_rects``: ``"map"`` for
labels on the map, ``"axes"`` for tick labels and axis names, ``"inset"`` for
the regression inset's text.
"""
import math

import numpy as np
import pygame
import pytest

from game import app, surfaces
from game import state as st
from game.render import Renderer
from game.render_arrow import ARROW_RGB

SIZES = [(1024, 640), (1280, 800), (1920, 1080)]
ALL = frozenset(st.OVERLAYS)
CURSOR_CLEAR_PX = 10.0        # no label comes nearer the cursor than this (at scale 1)


def cursors(name):
    """A critical point from the surface's metadata (a minimum or saddle if
    it lists one), then a point 3 % inside each corner of the domain."""
    s = surfaces.get(name)
    cps = sorted(s.critical_points, key=lambda c: c.kind not in ("minimum", "saddle"))
    xmin, xmax, ymin, ymax = s.domain
    dx, dy = 0.03 * (xmax - xmin), 0.03 * (ymax - ymin)
    pts = [(cps[0].x, cps[0].y)] if cps else []
    return pts + [(xmin + dx, ymin + dy), (xmin + dx, ymax - dy), (xmax - dx, ymin + dy),
                  (xmax - dx, ymax - dy)]


def arrow_pixels(target):
    """Where the frame holds the arrow's red, as a (W, H) bool array."""
    px = pygame.surfarray.pixels2d(target)
    red = px == target.map_rgb(ARROW_RGB)
    del px
    return red


def rect_point_distance(r, p):
    nx = min(max(p[0], r.left), r.right)
    ny = min(max(p[1], r.top), r.bottom)
    return math.hypot(nx - p[0], ny - p[1])


@pytest.fixture(scope="module")
def screens():
    pygame.display.init()
    pygame.font.init()
    out = {size: (Renderer(size), pygame.Surface(size)) for size in SIZES}
    yield out


def check_frame(renderer, target, size, name, cursor):
    where = f"{name} {size} cursor {cursor}"
    session_vp = renderer.viewport(surfaces.get(name), None)
    area = pygame.Rect(session_vp.rect)
    labels = [(r, t) for g, r, t in renderer.drawn_rects if g == "map"]
    assert labels, f"{where}: no label on the map"
    for i, (a, ta) in enumerate(labels):
        assert area.contains(a), f"{where}: {ta!r} at {a} leaves the map {area}"
        for b, tb in labels[i + 1:]:
            assert not a.colliderect(b), f"{where}: {ta!r} at {a} overlaps {tb!r} at {b}"
    # the arrow, on the frame's pixels: it is drawn last, so arrow-red inside a
    # label's card means the arrow covers that label
    red = arrow_pixels(target)
    l, t, w, h = area
    g = np.asarray(surfaces.get(name).grad(np.array(cursor, float)), float)
    if np.hypot(*g) > 1e-9:
        inside = red[l:l + w, t:t + h]
        assert inside.sum() > 30, f"{where}: no arrow drawn"
        assert inside.sum() == red.sum(), f"{where}: the arrow leaves the map"
    for r, text in labels:
        assert not red[r.left:r.right, r.top:r.bottom].any(), f"{where}: the arrow covers {text!r}"
    # the cursor
    c = session_vp.to_screen(np.array(cursor, float))
    clear = CURSOR_CLEAR_PX * renderer.layout.scale
    pointer = pygame.Rect(int(c[0]), int(c[1]), 12, 19)          # X's arrow pointer
    for r, text in labels:
        assert rect_point_distance(r, c) >= clear, f"{where}: {text!r} at {r} covers the cursor"
        assert not r.colliderect(pointer), f"{where}: {text!r} at {r} under the mouse pointer"
    # the axes, beside the map, inside the window and left of the panel
    axes = [(r, t) for g, r, t in renderer.drawn_rects if g == "axes"]
    assert len(axes) >= 6, f"{where}: too few tick labels: {axes}"
    room = pygame.Rect(0, 0, renderer.layout.panel[0], size[1])
    for i, (a, ta) in enumerate(axes):
        assert room.contains(a), f"{where}: axis label {ta!r} at {a} is cut or in the panel"
        assert not a.colliderect(area), f"{where}: axis label {ta!r} on the map"
        for b, tb in axes[i + 1:]:
            assert not a.colliderect(b), f"{where}: axis labels {ta!r} and {tb!r} overlap"
    return labels


@pytest.mark.parametrize("name", surfaces.names())
def test_map_labels_clear_of_each_other_the_arrow_and_the_cursor(screens, name):
    s = surfaces.get(name)
    xmin, xmax, ymin, ymax = s.domain
    ball = (xmin + 0.7 * (xmax - xmin), ymin + 0.35 * (ymax - ymin))
    for size in SIZES:
        renderer, target = screens[size]
        for cursor in cursors(name):
            state = st.State(surface=name, overlays=ALL)
            session = app.Session.start(state, [ball], 2, cursor)
            renderer.draw(target, session.state, session.world, 1.0, session.cursor, 60.0)
            labels = check_frame(renderer, target, size, name, cursor)
            texts = " ".join(t for _, t in labels)
            assert "readings" in texts or "Hessian" in texts or "level" in texts
            if name == "regression":
                inset = [(r, t) for g, r, t in renderer.drawn_rects if g == "inset"]
                assert any("ŷ" in t for _, t in inset), f"{size} {cursor}: no inset title"
                for i, (a, _) in enumerate(inset):
                    assert pygame.Rect(renderer.viewport(s, None).rect).contains(a)
                    assert all(not a.colliderect(b) for b, _ in inset[i + 1:])
                    assert all(not a.colliderect(b) for b, _ in labels)


def test_regression_axes_are_named_by_the_weights(screens):
    renderer, target = screens[(1280, 800)]
    session = app.Session.start(st.State(surface="regression"), None, 0, None)
    renderer.draw(target, session.state, session.world, 1.0, None, 60.0)
    names = {t for g, _, t in renderer.drawn_rects if g == "axes"}
    assert {"w₁", "w₂"} <= names and "x" not in names
    session = app.Session.start(st.State(surface="bowl"), None, 0, None)
    renderer.draw(target, session.state, session.world, 1.0, None, 60.0)
    names = {t for g, _, t in renderer.drawn_rects if g == "axes"}
    assert {"x", "y"} <= names


def test_tick_labels_sit_at_their_values(screens):
    """Each x tick label is centred on the pixel column of the value it
    names, each y label on its row (to within a pixel)."""
    renderer, target = screens[(1280, 800)]
    session = app.Session.start(st.State(surface="himmelblau"), None, 0, None)
    renderer.draw(target, session.state, session.world, 1.0, None, 60.0)
    vp = renderer.viewport(surfaces.get("himmelblau"), None)
    l, t, w, h = vp.rect
    seen = 0
    for g, r, text in renderer.drawn_rects:
        if g != "axes" or text in ("x", "y"):
            continue
        v = float(text.replace("−", "-"))
        if r.top >= t + h:                               # below the map: an x tick
            assert abs(r.centerx - vp.to_screen((v, 0.0))[0]) <= 1.0, text
        else:
            assert r.right <= l and abs(r.centery - vp.to_screen((0.0, v))[1]) <= 1.0, text
        seen += 1
    assert seen >= 8


def test_axes_follow_zoom_and_pan(screens):
    renderer, target = screens[(1280, 800)]
    view = (0.95, 1.05, 0.25, 0.35)
    session = app.Session.start(st.State(surface="rosenbrock", view=view), None, 0, None)
    renderer.draw(target, session.state, session.world, 1.0, None, 60.0)
    values = sorted(float(t.replace("−", "-")) for g, _, t in renderer.drawn_rects
                    if g == "axes" and t not in ("x", "y"))
    xs = [v for v in values if 0.95 <= v <= 1.05]
    ys = [v for v in values if 0.25 <= v <= 0.35]
    assert len(xs) >= 3 and len(ys) >= 3
    assert not any(abs(v) >= 2 for v in values)          # nothing of the whole domain's ticks


def test_minimum_star_drawn_and_named_on_hover(screens):
    renderer, target = screens[(1280, 800)]
    s = surfaces.get("himmelblau")
    vp = renderer.viewport(s, None)
    session = app.Session.start(st.State(surface="himmelblau"), None, 0, None)
    renderer.draw(target, session.state, session.world, 1.0, None, 60.0)
    px = pygame.surfarray.pixels3d(target)
    for c in s.critical_points:
        sx, sy = (int(round(v)) for v in vp.to_screen((c.x, c.y)))
        white = np.all(px[sx - 2:sx + 3, sy - 2:sy + 3] == 255, axis=2).sum()
        if c.kind == "minimum":
            assert white >= 9, (c, white)
        else:
            assert white == 0, (c, white)
    del px
    cp = s.critical_points[0]
    near = vp.to_world(vp.to_screen((cp.x, cp.y)) + 6.0)
    session = app.Session.start(st.State(surface="himmelblau"), None, 0, tuple(near))
    renderer.draw(target, session.state, session.world, 1.0, session.cursor, 60.0)
    texts = [t for g, _, t in renderer.drawn_rects if g == "map"]
    assert any(t.startswith("minimum (3, 2)") for t in texts), texts
    far = (0.0, 0.0)
    session = app.Session.start(st.State(surface="himmelblau"), None, 0, far)
    renderer.draw(target, session.state, session.world, 1.0, session.cursor, 60.0)
    assert not any("minimum (" in t for g, _, t in renderer.drawn_rects if g == "map")


@pytest.mark.parametrize("name", ["bowl", "saddle", "rosenbrock", "beale"])
def test_arrow_shows_whole_with_the_cursor_on_a_corner(screens, name):
    """On the very corners of the domain, where ∇f may point out through
    both walls, the arrow is still drawn, as long as its shortest, on the map."""
    renderer, target = screens[(1280, 800)]
    s = surfaces.get(name)
    xmin, xmax, ymin, ymax = s.domain
    area = pygame.Rect(renderer.viewport(s, None).rect)
    for cursor in ((xmin, ymin), (xmin, ymax), (xmax, ymin), (xmax, ymax)):
        session = app.Session.start(st.State(surface=name), None, 0, cursor)
        renderer.draw(target, session.state, session.world, 1.0, session.cursor, 60.0)
        red = arrow_pixels(target)
        l, t, w, h = area
        assert red[l:l + w, t:t + h].sum() == red.sum() > 60, (name, cursor)


def test_inset_follows_the_newest_ball_and_keeps_clear_of_the_cursor(screens):
    from game.overlays.drawing import _fmt
    renderer, target = screens[(1280, 800)]
    s = surfaces.get("regression")
    vp = renderer.viewport(s, None)
    cp = s.critical_points[0]

    def foot(balls, cursor):
        session = app.Session.start(st.State(surface="regression"), balls, 0, cursor)
        renderer.draw(target, session.state, session.world, 1.0, session.cursor, 60.0)
        insets = [r for kind, r, what in renderer.map_board.placed if what == "inset"]
        texts = [t for g, _, t in renderer.drawn_rects if g == "inset"]
        return insets, texts

    insets, texts = foot([(cp.x, cp.y)], None)
    # w₁ and w₂ with the same decimals: 3 significant digits for the larger
    d = max(2 - math.floor(math.log10(max(abs(cp.x), abs(cp.y)))), 0)
    w1, w2 = (f"{v:.{d}f}".replace("-", "−") for v in (cp.x, cp.y))
    assert any(t.startswith(f"w₁ = {w1}  w₂ = {w2}") and t.endswith(f"f = {_fmt(cp.f)}")
               for t in texts), texts
    insets, texts = foot([(cp.x, cp.y), (0.5, 1.5)], None)        # the newest ball
    mse = float(s.f(np.array([0.5, 1.5])))
    assert any(t == f"w₁ = 0.50  w₂ = 1.50  f = {_fmt(mse)}" for t in texts), texts
    insets, texts = foot(None, (1.0, -2.0))                       # no ball: the cursor's weights
    assert any(t.startswith("w₁ = 1.00  w₂ = −2.00") for t in texts), texts
    # the inset keeps clear of the cursor wherever it is
    xmin, xmax, ymin, ymax = s.domain
    for fx in (0.05, 0.5, 0.95):
        for fy in (0.05, 0.5, 0.95):
            cursor = (xmin + fx * (xmax - xmin), ymin + fy * (ymax - ymin))
            (r,), _ = foot(None, cursor)
            c = vp.to_screen(np.array(cursor))
            assert rect_point_distance(pygame.Rect(r), c) >= CURSOR_CLEAR_PX, cursor
            assert pygame.Rect(vp.rect).contains(pygame.Rect(r))


def test_inset_and_star_label_keep_clear_of_the_first_time_hint(screens):
    """Before the first ball the hint shows on the map; the regression inset
    and a star's label go elsewhere."""
    from game.ui import hint
    for size in SIZES:
        renderer, target = screens[size]
        s = surfaces.get("regression")
        vp = renderer.viewport(s, None)
        cp = s.critical_points[0]
        xmin, xmax, ymin, ymax = s.domain
        for cursor in ((cp.x + 0.02, cp.y + 0.02), (xmin + 0.1, ymin + 0.1), (xmax - 0.1, ymin + 0.1)):
            session = app.Session.start(st.State(surface="regression"), None, 0, cursor)
            assert hint.visible(session.state, session.world)
            renderer.draw(target, session.state, session.world, 1.0, session.cursor, 60.0)
            (shown,) = [r for kind, r, what in renderer.map_board.placed if what == "hint"]
            shown = pygame.Rect(shown)
            others = [pygame.Rect(r) for kind, r, what in renderer.map_board.placed
                      if what != "hint" and kind in ("label", "keep") and what not in
                      ("arrow", "pointer")]
            assert any(what == "inset" for _, _, what in renderer.map_board.placed)
            for r in others:
                assert not r.colliderect(shown), (size, cursor, r, shown)
