"""Zoom, pan and typed domains at the extremes: every view is finite and
non-empty, and a domain too wide, too narrow or too far out for float
arithmetic is refused with one clear line (issue 6: an empty or infinite
view after a zoom or pan far outside)."""
import doctest
import math

import numpy as np
import pytest

from game import state as st
from game import views
from game.expr import ExprError, make_surface, parse_domain

HILL = (-2.0, 2.0, -2.0, 2.0)
MAX = 1.7976931348623157e308


def assert_good_view(view, domain, pixels=8192):
    """Finite, non-empty, centre in the domain, and every one of ``pixels``
    columns (rows) gets its own coordinate."""
    xmin, xmax, ymin, ymax = view
    assert all(isinstance(v, float) and math.isfinite(v) for v in view), view
    assert xmax > xmin and ymax > ymin, view
    assert math.isfinite(xmax - xmin) and math.isfinite(ymax - ymin)
    for lo, hi, dlo, dhi in ((xmin, xmax, *domain[:2]), (ymin, ymax, *domain[2:])):
        if max(abs(dlo), abs(dhi)) <= 1e300:      # up to the rounding of the halves
            slack = 2 * (math.ulp(lo) + math.ulp(hi))
            assert dlo - slack <= lo * 0.5 + hi * 0.5 <= dhi + slack
        centres = lo + (np.arange(pixels) + 0.5) * ((hi - lo) / pixels)
        assert (np.diff(centres) > 0).all()


def test_zoom_about_a_point_far_outside_stays_finite():
    # before: x − (x − xmin)·4 with x = 1e308 was −inf
    for x, y, factor in [(1e308, 0.0, 4.0), (-1e308, 1e308, 4.0), (1e308, -1e308, 1e-300),
                         (0.0, 0.0, 1e300), (5.0, -7.0, 0.5)]:
        assert_good_view(st.zoom_view(HILL, HILL, x, y, factor), HILL)


def test_zoom_keeps_the_anchor_inside_the_view_where_it_is():
    view = st.zoom_view(HILL, HILL, 1.0, -1.5, 0.25)
    # the anchor's relative place is kept: x at 3/4 of the width, y at 1/8 of the height
    assert (1.0 - view[0]) / (view[1] - view[0]) == pytest.approx(0.75)
    assert (-1.5 - view[2]) / (view[3] - view[2]) == pytest.approx(0.125)
    assert view[1] - view[0] == pytest.approx(1.0)


def test_an_anchor_outside_the_view_is_taken_at_its_edge():
    view = (-1.0, 0.0, -1.0, 0.0)
    assert st.zoom_view(view, HILL, 1e308, -1e308, 0.5) == st.zoom_view(view, HILL, 0.0, -1.0, 0.5)


def test_zoom_out_about_an_edge_keeps_the_centre_in_the_domain():
    view = HILL
    for _ in range(50):                           # alternate about opposite edges
        view = st.zoom_view(view, HILL, 2.0, 2.0, 4.0)
        view = st.zoom_view(view, HILL, -2.0, -2.0, 0.25)
        assert_good_view(view, HILL)


def test_non_finite_arguments():
    nan, inf = float("nan"), float("inf")
    view = st.zoom_view(HILL, HILL, 1.0, 1.0, 0.5)
    assert st.zoom_view(view, HILL, 0.0, 0.0, nan) == view        # factor: no zoom
    assert st.zoom_view(view, HILL, 0.0, 0.0, -2.0) == view
    assert st.zoom_view(view, HILL, 0.0, 0.0, inf) == view
    assert st.pan_view(view, HILL, nan, nan) == view
    assert_good_view(st.pan_view(view, HILL, inf, -inf), HILL)
    # a garbage view starts again from the domain
    for bad in [(nan, 1, 0, 1), (0, inf, 0, 1), (1, 0, 0, 1), (0, 0, 0, 1), None, "view", (1, 2)]:
        assert_good_view(st.zoom_view(bad, HILL, 0.0, 0.0, 0.5), HILL)
        assert_good_view(st.pan_view(bad, HILL, 0.1, 0.1), HILL)


def test_apply_refuses_malformed_arguments():
    s = st.State()
    for arg in [None, (1.0, 2.0), ("a", 0, 1), (10 ** 400, 0, 2), (0, 0, 0), 5, (0, 0, 1, 1)]:
        assert st.apply(s, st.Action(st.ZOOM, arg)) == s
    for arg in [None, (1.0,), ("a", 0), (float("nan"), 0), (10 ** 400, 1)]:
        assert st.apply(s, st.Action(st.PAN, arg)) == s
    assert st.apply(s, st.Action(st.ZOOM, (1e308, -1e308, 1e-300))).view is not None


def test_pixel_resolution_floor_on_a_domain_far_from_zero():
    # [1e15, 1e15 + 1] holds 8 floats: a view that narrow could not be drawn,
    # so the zoom stops at VIEW_ULPS floats; the typed domain is refused.
    dom = (1e15, 1e15 + 1.0, 0.0, 1.0)
    view = dom
    for _ in range(20):
        view = st.zoom_view(view, dom, 1e15 + 0.5, 0.5, 1e-3)
        assert_good_view(view, dom)
    assert view[1] - view[0] >= views.VIEW_ULPS * math.ulp(1e15)
    with pytest.raises(ExprError, match="too narrow"):
        parse_domain("1e15, 1e15 + 1, 0, 1")


@pytest.mark.parametrize("domain", [(-1e300, 1e300, -1e300, 1e300), (-MAX, MAX, -MAX, MAX),
                                    (0.0, 1e-100, 0.0, 1e-100), (1e6, 1e6 + 1e-4, -3.0, 5.0),
                                    (1.7e308, MAX, -1.0, 1.0)])
def test_extreme_domains_zoom_and_pan(domain):
    view = domain
    for x, y, f in [(0.0, 0.0, 1e-9), (MAX, -MAX, 4.0), (-MAX, MAX, 1e9), (1.0, 1.0, 0.3)]:
        view = st.zoom_view(view, domain, x, y, f)
        assert_good_view(view, domain)
        view = st.pan_view(view, domain, MAX, -MAX)
        assert_good_view(view, domain)


def test_state_refuses_a_bad_view_or_domain():
    with pytest.raises(ValueError, match="view"):
        st.State(view=(0.0, 0.0, 0.0, 1.0))
    with pytest.raises(ValueError, match="view"):
        st.State(view=(0.0, float("inf"), 0.0, 1.0))
    with pytest.raises(ValueError, match="domain"):
        st.State(surface=st.CUSTOM, expr="x", domain=(0.0, 1.0, 5.0, 5.0))
    s = st.State(surface=st.CUSTOM, expr="x", domain=(-1e300, 1e300, -1.0, 1.0))
    assert_good_view(st.apply(s, st.Action(st.ZOOM, (0.0, 0.0, 1e-9))).view, s.domain)


@pytest.mark.parametrize("text, numbers, words", [
    ("-1e300*10, 1, 0, 1", (-1e301, 1.0, 0.0, 1.0), r"within ±1e\+300"),
    ("0, 1e-101, 0, 1", (0.0, 1e-101, 0.0, 1.0), "too narrow: x"),
    ("0, 1, 1e15, 1e15 + 1", (0.0, 1.0, 1e15, 1e15 + 1), "too narrow: y"),
    ("1, 1, 0, 1", (1.0, 1.0, 0.0, 1.0), "xmin < xmax"),
])
def test_typed_domain_limits(text, numbers, words):
    with pytest.raises(ExprError, match=words):
        parse_domain(text)
    with pytest.raises(ExprError, match=words):
        make_surface("x", numbers)


def test_typed_domain_at_the_limits_is_accepted():
    assert parse_domain("-1e300, 1e300, 0, 1e-100") == (-1e300, 1e300, 0.0, 1e-100)
    assert parse_domain("1e6, 1e6 + 1e-4, 0, 1")[1] == 1e6 + 1e-4


def test_module_doctests():
    assert doctest.testmod(views).failed == 0
    assert doctest.testmod(st).failed == 0


def test_a_view_as_wide_as_the_float_range_keeps_a_finite_width():
    # found by the long campaign: a zoom out on [-1.8e308, 0] gave ends whose
    # difference overflowed
    dom = (-1.7976931348623153e308, 0.0, 0.0, 1.0)
    view = st.zoom_view(None, dom, -1.348269851146737e308, 0.0, 2.0)
    assert_good_view(view, dom)
