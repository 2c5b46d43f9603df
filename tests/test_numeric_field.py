"""The colour scale, colormap and contours on flat, huge and overflowing
ranges of f (issue 6, crash 3 and the cast warning)."""
import doctest
import math

import numpy as np
import pytest

from game import cli, field
from game.expr import make_surface
from game.viewport import Viewport


@pytest.mark.parametrize("value", [0.0, 5.0, -3.0, 1e16, math.cosh(40), 1e300, -1e300,
                                   1.7976931348623157e308, -1.7976931348623157e308, 5e-324])
def test_a_constant_range_becomes_a_usable_scale(value):
    s = field.Scale.of(np.full((4, 4), value))
    assert math.isfinite(s.fmin) and math.isfinite(s.fmax) and s.fmax > s.fmin
    assert s.fmin == value or s.fmax == value             # the value is one end
    t = s.t(np.array([value]))
    assert np.isfinite(t).all() and 0.0 <= t[0] <= 1.0
    assert np.isfinite(s.dt_df(np.array([value]))).all() and s.dt_df(np.array([value]))[0] > 0
    np.testing.assert_allclose(s.f_of([0.0, 1.0]), [s.fmin, s.fmax], rtol=1e-12)


def test_a_small_constant_keeps_the_old_unit_range():
    s = field.Scale(5.0, 5.0)
    assert (s.fmin, s.fmax) == (5.0, 6.0)


def test_a_range_that_overflows_maps_linearly():
    s = field.Scale(-1e308, 1e308)
    f = np.array([-1e308, -5e307, 0.0, 5e307, 1e308])
    # t = (f - fmin) / (fmax - fmin) in exact arithmetic: 0, 1/4, 1/2, 3/4, 1
    np.testing.assert_allclose(s.t(f), [0.0, 0.25, 0.5, 0.75, 1.0], rtol=1e-15, atol=1e-16)
    np.testing.assert_allclose(s.f_of([0.0, 0.25, 0.5, 0.75, 1.0]), f, rtol=1e-15, atol=1e293)
    assert s.dt_df(np.zeros(2))[0] == pytest.approx(0.5 / 1e308, rel=1e-15)   # 1 / 2e308


def test_a_log_range_that_overflows():
    s = field.Scale(-1e308, 1e308, log=True)
    # t = log(1 + f - fmin) / log(1 + fmax - fmin), with 1 + 1e308 = 1e308
    expect = math.log(1e308) / (math.log(1e308) + math.log(2.0))
    assert s.t(np.array([0.0]))[0] == pytest.approx(expect, rel=1e-13)
    assert s.t(np.array([1e308]))[0] == pytest.approx(1.0, rel=1e-13)
    assert s.t(np.array([-1e308]))[0] == 0.0
    back = s.f_of([0.0, expect, 1.0])
    np.testing.assert_allclose(back, [-1e308, 0.0, 1e308], rtol=1e-12, atol=1e296)
    # dt/df = 1 / ((1 + f - fmin) log(1 + fmax - fmin)) at f = 0
    assert s.dt_df(np.array([0.0]))[0] == pytest.approx(
        1 / (1e308 * (math.log(1e308) + math.log(2.0))), rel=1e-12)


def test_bad_bounds_are_made_usable():
    for lo, hi in [(np.nan, np.nan), (np.nan, 2.0), (-np.inf, np.inf), (3.0, 1.0)]:
        s = field.Scale(lo, hi)
        assert math.isfinite(s.fmin) and math.isfinite(s.fmax) and s.fmax > s.fmin


def test_colorize_clips_huge_t_without_a_cast_warning():
    t = np.array([1e300, -1e300, 1e39, np.inf, -np.inf, np.nan, 0.0, 1.0])
    rgb = field.colorize(t)
    ends = field.colorize(np.array([1.0, 0.0]))
    np.testing.assert_array_equal(rgb[[0, 2, 3]], np.repeat(ends[:1], 3, axis=0))
    np.testing.assert_array_equal(rgb[[1, 4]], np.repeat(ends[1:], 2, axis=0))
    assert tuple(rgb[5]) == field.UNDEFINED_RGB


def _build(text, view=(-2, 2, -2, 2), size=48):
    surface = make_surface(text, view)
    vp = Viewport.fit(view, (0, 0, size, size))
    return surface, vp, field.build(surface, vp)


@pytest.mark.parametrize("text", ["cosh(40)", "1e16", "1e300", "1e300*1e8"])
def test_a_huge_constant_with_contours_builds(text):
    surface, vp, fld = _build(text)
    alpha, levels = field.contour_alpha(surface, fld, vp.scale)
    assert alpha.shape == fld.values.shape and np.isfinite(alpha).all()
    assert np.isfinite(levels).all() and (np.diff(levels) > 0).all()
    assert (fld.rgb == fld.rgb[0, 0]).all()                     # one colour: f is flat
    strip, ticks = field.colorbar(fld.scale, 20)
    assert all(math.isfinite(v) for _, v in ticks)


@pytest.mark.parametrize("text, c, box", [
    ("4e300*1e7*x + 4e300*1e7*y", 4e307, (-2, 2, -2, 2)),        # fmax - fmin overflows
    ("1.5e300*1e8*(x + y)", 1.5e308, (-0.5, 0.5, -0.5, 0.5)),   # and |∇f| too
])
def test_contours_of_a_range_that_overflows_match_the_scaled_function(text, c, box):
    # Evenly spaced levels do not depend on the scale of f: the contours of
    # c*(x + y) are those of x + y.
    huge, vp, fh = _build(text, box)
    plain, _, fp = _build("x + y", box)
    ah, lh = field.contour_alpha(huge, fh, vp.scale)
    ap, lp = field.contour_alpha(plain, fp, vp.scale)
    assert ap.max() > 0.9                                       # there are lines
    np.testing.assert_allclose(ah, ap, atol=2e-3)
    np.testing.assert_allclose(lh, c * lp, rtol=1e-12, atol=1e295)
    assert fh.scale.half == 0.5 and fp.scale.half == 1.0
    np.testing.assert_allclose(fh.scale.t(fh.values), fp.scale.t(fp.values), atol=1e-12)


def test_a_view_beyond_the_domain_colours_without_warnings():
    # exp(x^2)*1e300 is 5e301 at the domain's corner and overflows beyond it
    surface, vp, fld = _build("exp(x^2)*1e300", view=(-8, 8, -8, 8))
    alpha, _ = field.contour_alpha(surface, fld, vp.scale)
    assert np.isnan(fld.values).any() and np.isfinite(alpha).all()


@pytest.mark.parametrize("argv", [
    ["--expr", "cosh(40)", "--contours"],
    ["--expr", "1e16", "--contours"],
    ["--expr", "1e300", "--contours"],
    ["--expr", "exp(x^2)*1e300"],
    ["--expr", "4e300*1e7*x + 4e300*1e7*y", "--contours"],
])
def test_screenshots_of_the_reproductions(argv, tmp_path, capsys):
    out = tmp_path / "o.png"
    assert cli.main(["--screenshot", str(out), "--size", "800x500", *argv]) == 0
    assert out.stat().st_size > 0
    assert capsys.readouterr().err == ""


def test_module_doctests():
    assert doctest.testmod(field).failed == 0
