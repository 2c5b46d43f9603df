"""The parts of the map's layout on their own: label placement (pure), the
arrow's length and fit, the axes' ticks, the stars and the regression inset's
arithmetic, each against values worked out by hand or a second formulation."""
import math

import numpy as np
import pygame
import pytest
from fuzz_settings import fuzz_settings
from hypothesis import given
from hypothesis import strategies as hs

from game import surfaces
from game.overlays import placement as pl
from game.render_arrow import ARROW_MAX_PX, ARROW_MIN_PX, arrow_boxes, arrow_length, fit_arrow
from game.ui import axes, inset, minima

# --- placement ----------------------------------------------------------------------


def test_first_free_candidate_is_taken():
    b = pl.Board((0, 0, 300, 200))
    b.block((100, 50, 50, 50))
    # the first overlaps the block, the second is 1 px from it (inside GAP), the third is free
    got = b.place((40, 20), [(90, 60), (151, 60), (200, 60), (0, 0)], "a")
    assert got == (200, 60, 40, 20)
    assert b.placed[-1] == ("label", (200, 60, 40, 20), "a")
    # the same spot again: taken now, so the next candidate
    assert b.place((40, 20), [(200, 60), (0, 0)], "b") == (0, 0, 40, 20)


def test_candidates_are_shifted_into_the_map_not_dropped():
    b = pl.Board((10, 10, 100, 100))
    assert b.place((30, 12), [(95, -40)]) == (80, 10, 30, 12)      # right and top edges
    assert b.place((30, 12), [(-50, 200)]) == (10, 98, 30, 12)     # left and bottom


def test_discs_keep_labels_away():
    b = pl.Board((0, 0, 200, 200))
    b.block_disc((100, 100), 20)
    # a box whose nearest corner is 20·0.7 px from the centre is refused ...
    r = b.place((20, 10), [(110, 110), (150, 100)])
    assert r == (150, 100, 20, 10)
    # ... and the one taken lies at least radius + GAP from the centre
    near = (min(max(100, r[0]), r[0] + r[2]), min(max(100, r[1]), r[1] + r[3]))
    assert math.hypot(near[0] - 100, near[1] - 100) >= 20 + pl.GAP


def test_soft_obstacles_are_a_preference():
    b = pl.Board((0, 0, 200, 200))
    b.avoid(line=((0, 15), (200, 15)))
    assert b.place((20, 10), [(10, 10), (10, 40)]) == (10, 40, 20, 10)
    # when every candidate touches a soft obstacle, the first still wins
    assert b.place((20, 10), [(60, 10), (100, 12)]) == (60, 10, 20, 10)


def test_search_finds_the_nearest_free_spot_and_gives_up_on_a_full_map():
    b = pl.Board((0, 0, 100, 40))
    b.block((0, 0, 100, 20))
    # only the strip y >= 22 is free; from (40, 0) the nearest is straight down
    assert b.place((20, 10), [(40, 0)]) == (40, 24, 20, 10)
    full = pl.Board((0, 0, 50, 50))
    full.block((0, 0, 50, 50))
    assert full.place((10, 10), [(0, 0)]) is None
    assert full.place((60, 10), [(0, 0)]) is None                 # wider than the map


def test_geometry_helpers():
    assert pl.beyond((100, 100), (0, -1), (40, 10), 5) == (80, 85, 40, 10)
    assert pl.beyond((0, 0), (-1, 0), (40, 10), 5) == (-45, -5, 40, 10)
    r = pl.around((0, 0), (10, 10), 4)
    assert r[:4] == [(4, -5, 10, 10), (-14, -5, 10, 10), (-5, 4, 10, 10), (-5, -14, 10, 10)]
    assert pl.segment_hits((0, 0, 10, 10), (-5, -5), (20, 20))
    assert not pl.segment_hits((0, 0, 10, 10), (11, -5), (30, 5))
    assert pl.disc_hits((0, 0, 10, 10), (15, 5), 5.5) and not pl.disc_hits((0, 0, 10, 10), (15, 5), 5)


@fuzz_settings(40)
@given(hs.lists(hs.tuples(hs.integers(4, 120), hs.integers(4, 40), hs.integers(-50, 450),
                          hs.integers(-50, 350)), min_size=1, max_size=30),
       hs.lists(hs.tuples(hs.integers(0, 400), hs.integers(0, 300), hs.integers(1, 60)),
                max_size=4))
def test_placed_labels_never_overlap_anything_and_stay_inside(labels, discs):
    area = (5, 5, 400, 300)
    b = pl.Board(area)
    for cx, cy, rad in discs:
        b.block_disc((cx, cy), rad)
    taken = []
    for w, h, x, y in labels:
        r = b.place((w, h), [(x, y), (x + 30, y - 20)])
        if r is None:
            continue
        assert (r[2], r[3]) == (w, h)
        assert pl.inside(r, area)
        for o in taken:
            assert not pl.overlaps(r, o)
        for (cx, cy), rad in b.discs:
            nx, ny = min(max(cx, r[0]), r[0] + r[2]), min(max(cy, r[1]), r[1] + r[3])
            assert math.hypot(nx - cx, ny - cy) >= rad
        taken.append(r)


# --- the arrow ----------------------------------------------------------------------


def test_arrow_length_by_hand():
    # G = 2, top = 2(e − 1): log(1 + top/G) = 1, so L = lo + (hi − lo)·log(1 + m/2)
    top = 2 * (math.e - 1)
    assert arrow_length(2.0, 2.0, top, 30, 130) == pytest.approx(30 + 100 * math.log(2))
    assert arrow_length(2 * (math.sqrt(math.e) - 1), 2.0, top, 30, 130) == pytest.approx(80)
    assert arrow_length(top, 2.0, top, 30, 130) == pytest.approx(130)
    assert arrow_length(1e-300, 2.0, top, 30, 130) == pytest.approx(30)   # a shaft, even so
    assert arrow_length(1e300, 2.0, top, 30, 130) == 130
    assert arrow_length(math.inf, 2.0, top, 30, 130) == 130
    # a gradient a thousand times the typical one is not a thousand times longer
    assert arrow_length(2000.0, 2.0, 2e4, 30, 130) / arrow_length(2.0, 2.0, 2e4, 30, 130) < 3


def test_arrow_scale_is_the_median_and_99th_percentile_of_the_gradient():
    """On the round bowl |∇f| = 2·sqrt(x² + y²): the yardsticks from a 64 × 64
    grid of [−2, 2]², computed here directly."""
    from game.render import Renderer
    pygame.font.init()
    r = Renderer((1280, 800))
    xs = np.linspace(-2, 2, 64)
    mag = 2 * np.hypot(*np.meshgrid(xs, xs)).ravel()
    typical, top = r.grad_scale(surfaces.get("round"))
    assert typical == pytest.approx(np.median(mag)) and top == pytest.approx(np.percentile(mag, 99))


def test_fit_arrow_by_hand():
    rect = (0, 0, 200, 100)
    assert fit_arrow((100, 50), (1.0, 0.0), 60, rect, 20) == ((100, 50), 60)
    assert fit_arrow((160, 50), (1.0, 0.0), 60, rect, 20) == ((160, 50), 40.0)
    base, length = fit_arrow((190, 50), (1.0, 0.0), 60, rect, 20)
    assert base == (180.0, 50.0) and length == 20                 # moved back by 10
    # in the corner, pointing out through both walls: moved left and down
    d = (math.sqrt(0.5), -math.sqrt(0.5))
    base, length = fit_arrow((199, 1), d, 60, rect, 20)
    assert length == 20
    assert base == pytest.approx((200 - 20 * math.sqrt(0.5), 20 * math.sqrt(0.5)))
    d = (math.cos(0.3), -math.sin(0.3))
    base, length = fit_arrow((150, 20), d, 100, rect, 20)
    assert length == pytest.approx(min(20 / math.sin(0.3), 50 / math.cos(0.3)))   # the right edge


@fuzz_settings(60)
@given(hs.floats(1, 199), hs.floats(1, 99), hs.floats(0, 2 * math.pi), hs.floats(1, 300))
def test_fitted_arrow_ends_inside(x, y, angle, length):
    d = (math.cos(angle), math.sin(angle))
    rect = (0, 0, 200, 100)
    (bx, by), L = fit_arrow((x, y), d, length, rect, 20)
    for px, py in ((bx, by), (bx + d[0] * L, by + d[1] * L)):
        assert -1e-9 <= px <= 200 + 1e-9 and -1e-9 <= py <= 100 + 1e-9
    assert min(length, 20) - 1e-9 <= L <= length + 1e-9
    # shortened from the cursor, or moved (never turned) at the shortest length
    if L < length:
        assert (bx, by) == (x, y) or L == pytest.approx(min(length, 20))


def test_arrow_boxes_cover_the_drawn_arrow():
    pygame.display.init()
    from game.overlays import arrow_polygon
    for angle in np.linspace(0, 2 * math.pi, 13):
        d = (math.cos(angle), math.sin(angle))
        s = pygame.Surface((300, 300))
        s.fill((0, 0, 0))
        pygame.draw.polygon(s, (255, 0, 0), arrow_polygon((150, 150), d, 120, 5, 16))
        ink = pygame.surfarray.array3d(s)[:, :, 0] > 0
        cover = np.zeros_like(ink)
        for x, y, w, h in arrow_boxes((150, 150), d, 120, 5, 16):
            cover[max(x, 0):x + w, max(y, 0):y + h] = True
        assert ink.sum() > 500 and not (ink & ~cover).any(), angle


# --- axes -----------------------------------------------------------------------------


@fuzz_settings(60)
@given(hs.floats(-1e6, 1e6), hs.floats(1e-3, 1e5), hs.integers(2, 12))
def test_nice_ticks_are_round_and_inside(lo, span, n):
    hi = lo + span
    step, ticks = axes.nice_ticks(lo, hi, n)
    assert span / step <= n + 1e-6
    m = step / 10 ** math.floor(math.log10(step))
    assert min(abs(m - k) for k in (1, 2, 2.5, 5, 10)) < 1e-9
    assert len(ticks) >= 1
    for v in ticks:
        assert lo - 1e-6 * step <= v <= hi + 1e-6 * step
        assert abs(v / step - round(v / step)) < 1e-6
        text = axes.tick_text(v, step)
        assert abs(float(text.replace("−", "-")) - v) <= step * 1e-3 + 1e-12 * abs(v), text


def test_tick_text_by_hand():
    assert [axes.tick_text(v, 0.5) for v in (-2.0, -1.5, 0.0, 1.0)] == ["−2", "−1.5", "0", "1"]
    assert [axes.tick_text(v, 0.25) for v in (0.25, 0.5)] == ["0.25", "0.5"]
    assert axes.tick_text(1.0005, 0.0005) == "1.0005"
    assert axes.tick_text(250000.0, 50000.0) == "2.5e5"


# --- stars and inset --------------------------------------------------------------------


def test_stars_mark_exactly_the_listed_minima():
    for name in surfaces.names():
        s = surfaces.get(name)
        got = minima.minima(s)
        want = [c for c in s.critical_points if c.kind == "minimum"]
        assert sorted((m[0], m[1]) for m in got) == sorted((c.x, c.y) for c in want)
        if got:
            assert got[0][3] and got[0][2] == min(c.f for c in want)
    camel = minima.minima(surfaces.get("camel"))
    assert [m[3] for m in camel] == [True, False, False]           # one global, two local


def test_star_points_by_hand():
    pts = minima.star_points((10, 10), 4, 2)
    assert len(pts) == 10
    assert pts[0] == pytest.approx((10, 6)) and pts[5] == pytest.approx((10, 12))
    assert all(math.hypot(x - 10, y - 10) == pytest.approx(4 if i % 2 == 0 else 2)
               for i, (x, y) in enumerate(pts))


def test_inset_fit_at_the_least_squares_weights_is_the_minimum():
    s = surfaces.get("regression")
    a, b, t = (s.extra[k] for k in ("a", "b", "t"))
    cp = s.critical_points[0]
    y, mse = inset.fit_points(a, b, t, cp.x, cp.y)
    assert mse == pytest.approx(cp.f, rel=1e-12)
    for w in ((0.0, 0.0), (2.5, 1.0), (-1.0, -3.0)):
        y, mse = inset.fit_points(a, b, t, *w)
        assert y == pytest.approx([w[0] * ai + w[1] * bi for ai, bi in zip(a, b)])
        assert mse == pytest.approx(float(s.f(np.array(w))), rel=1e-9)   # the surface's own f


def test_doctests():
    import doctest

    from game import layout, render_arrow
    from game.ui import map_marks
    for module in (pl, render_arrow, axes, minima, inset, layout, map_marks):
        result = doctest.testmod(module)
        assert result.failed == 0, module.__name__
