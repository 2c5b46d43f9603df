"""Tests for game.calculus: every expected value is derived independently
(finite differences, closed forms), never read back from the module."""
import doctest
import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from game import calculus as calc
from game.surfaces import Surface, get

HILL, BOWL = get("hill"), get("bowl")
DOM = (-2.0, 2.0, -2.0, 2.0)


def _surface(name, f, grad, hess, domain=DOM):
    return Surface(name=name, formula=name, f=f, grad=grad, hess=hess, domain=domain)


def _H(hxx, hxy, hyy):
    return np.array([[hxx, hxy], [hxy, hyy]], dtype=float)


SADDLE = _surface(
    "saddle_t", lambda p: p[0] ** 2 - p[1] ** 2,
    lambda p: np.array([2 * p[0], -2 * p[1]]),
    lambda p: _H(2 + 0 * p[0], 0 * p[0], -2 + 0 * p[0]))
MONKEY = _surface(
    "monkey_t", lambda p: p[0] ** 3 - 3 * p[0] * p[1] ** 2,
    lambda p: np.array([3 * p[0] ** 2 - 3 * p[1] ** 2, -6 * p[0] * p[1]]),
    lambda p: _H(6 * p[0], -6 * p[1], -6 * p[0]))
# non-quadratic, no symmetry: f = sin x cos y + x^2 y / 4
WAVY = _surface(
    "wavy_t",
    lambda p: np.sin(p[0]) * np.cos(p[1]) + 0.25 * p[0] ** 2 * p[1],
    lambda p: np.array([np.cos(p[0]) * np.cos(p[1]) + 0.5 * p[0] * p[1],
                        -np.sin(p[0]) * np.sin(p[1]) + 0.25 * p[0] ** 2]),
    lambda p: _H(-np.sin(p[0]) * np.cos(p[1]) + 0.5 * p[1],
                 -np.cos(p[0]) * np.sin(p[1]) + 0.5 * p[0],
                 -np.sin(p[0]) * np.cos(p[1])))
# undefined for x < 0
ROOT = _surface(
    "root_t", lambda p: np.sqrt(p[0]) + p[1],
    lambda p: np.array([0.5 / np.sqrt(p[0]), 1.0 + 0 * p[1]]),
    lambda p: _H(-0.25 * p[0] ** -1.5, 0 * p[0], 0 * p[0]))
# general quadratic 1/2 (p - m)^T A (p - m)
A, M = np.array([[3.0, 1.0], [1.0, 2.0]]), np.array([0.5, -0.7])


def _dq(p):
    p = np.asarray(p, dtype=float)
    return p - M.reshape((2,) + (1,) * (p.ndim - 1))


QUAD = _surface(
    "quad_t", lambda p: 0.5 * np.einsum("i...,ij,j...->...", _dq(p), A, _dq(p)),
    lambda p: np.einsum("ij,j...->i...", A, _dq(p)),
    lambda p: A.copy())

POINTS = [(0.7, -0.4), (-1.2, 0.9), (0.3, 1.5)]


def fd_grad(s, x, y, h=1e-6):
    f = lambda a, b: float(s.f(np.array([a, b])))
    return np.array([(f(x + h, y) - f(x - h, y)) / (2 * h),
                     (f(x, y + h) - f(x, y - h)) / (2 * h)])


def fd_hess(s, x, y, h=1e-6):
    p = np.array([x, y])
    return np.stack([(s.grad(p + [h, 0]) - s.grad(p - [h, 0])) / (2 * h),
                     (s.grad(p + [0, h]) - s.grad(p - [0, h])) / (2 * h)], axis=1)


def test_fixture_derivatives_are_right():
    for s in (SADDLE, MONKEY, WAVY, QUAD):
        for x, y in POINTS:
            assert np.allclose(s.grad(np.array([x, y])), fd_grad(s, x, y), atol=1e-6)
            assert np.allclose(s.hess(np.array([x, y])), fd_hess(s, x, y), atol=1e-5)


# --- rose -----------------------------------------------------------------

@pytest.mark.parametrize("s", [HILL, BOWL, WAVY])
@pytest.mark.parametrize("x,y", POINTS)
def test_rose_maximum_along_gradient(s, x, y):
    n = 180
    r = calc.rose(s, x, y, n=n)
    g = fd_grad(s, x, y)
    phi = np.arctan2(g[1], g[0])
    k = int(np.argmax(r.d))
    dang = abs((r.theta[k] - phi + np.pi) % (2 * np.pi) - np.pi)
    assert dang <= 2 * np.pi / n
    assert r.max_value == pytest.approx(np.hypot(*g), rel=1e-6)
    assert r.d.max() <= np.hypot(*g) * (1 + 1e-6)
    assert r.max_dir == pytest.approx(g / np.hypot(*g), abs=1e-6)
    assert r.max_theta == pytest.approx(phi % (2 * np.pi), abs=1e-6)
    assert np.allclose(np.hypot(*r.curve), np.abs(r.d))
    assert np.array_equal(r.positive, r.d > 0)


@pytest.mark.parametrize("s", [HILL, BOWL, WAVY])
def test_rose_zeros_perpendicular_to_gradient(s):
    x, y = 0.7, -0.4
    n = 180
    r = calc.rose(s, x, y, n=n)
    g = fd_grad(s, x, y)
    phi = np.arctan2(g[1], g[0])
    # sign changes of D (cyclic): exactly two, within one sample of phi +/- pi/2
    ch = np.nonzero(np.sign(r.d) != np.sign(np.roll(r.d, -1)))[0]
    assert len(ch) == 2
    for target in (phi + np.pi / 2, phi - np.pi / 2):
        dist = [abs((r.theta[i] + np.pi / n - target + np.pi) % (2 * np.pi) - np.pi) for i in ch]
        assert min(dist) <= 2 * np.pi / n
    for col in r.zero_dirs.T:
        assert np.hypot(*col) == pytest.approx(1.0)
        assert abs(col @ g) <= 1e-6 * np.hypot(*g)


@pytest.mark.parametrize("s", [HILL, BOWL, WAVY])
def test_rose_matches_finite_difference_directional_derivative(s):
    x, y, h, n = -1.2, 0.9, 1e-6, 36
    r = calc.rose(s, x, y, n=n)
    for i in (0, 5, 13, 27):
        u = np.array([np.cos(r.theta[i]), np.sin(r.theta[i])])
        p = np.array([x, y])
        fd = (float(s.f(p + h * u)) - float(s.f(p - h * u))) / (2 * h)
        assert r.d[i] == pytest.approx(fd, abs=1e-6)


def test_rose_zero_gradient():
    r = calc.rose(HILL, 0.0, 0.0)
    assert r.max_dir is None and r.zero_dirs is None and r.max_value == 0.0
    assert np.all(r.d == 0) and not r.positive.any()


# --- level curve ----------------------------------------------------------

@pytest.mark.parametrize("s,x,y", [(HILL, 1.0, 0.0), (BOWL, 0.5, 0.3), (WAVY, 0.7, -0.4),
                                   (SADDLE, 1.0, 0.3), (WAVY, -1.2, 0.9)])
def test_level_curve_stays_on_level_and_tangent_perpendicular(s, x, y):
    lc = calc.level_curve(s, x, y)
    c = float(s.f(np.array([x, y])))
    assert lc.level == pytest.approx(c)
    assert lc.points.shape[0] == 2 and lc.points.shape[1] > 20
    assert np.max(np.abs(s.f(lc.points) - c)) <= 1e-9 * max(1, abs(c))
    g = fd_grad(s, x, y)
    assert abs(lc.tangent @ g) <= 1e-6 * np.hypot(*g)
    assert np.hypot(*lc.tangent) == pytest.approx(1.0)
    assert lc.normal == pytest.approx(g / np.hypot(*g), abs=1e-6)
    # the cursor is on the polyline, consecutive points about one step apart
    assert np.min(np.hypot(*(lc.points - np.array([[x], [y]])))) == 0.0
    steps = np.hypot(*np.diff(lc.points, axis=1))
    assert steps.max() <= 2 * 0.004 * 4.0
    # all inside the domain
    xmin, xmax, ymin, ymax = s.domain
    assert np.all((lc.points[0] >= xmin) & (lc.points[0] <= xmax))
    assert np.all((lc.points[1] >= ymin) & (lc.points[1] <= ymax))


def test_level_curve_hill_is_unit_circle_and_closes():
    lc = calc.level_curve(HILL, 1.0, 0.0)
    assert lc.closed
    assert np.allclose(lc.points[:, 0], lc.points[:, -1])
    assert np.allclose(np.hypot(*lc.points), 1.0, atol=1e-9)
    ang = np.unwrap(np.arctan2(lc.points[1], lc.points[0]))
    assert abs(ang[-1] - ang[0]) == pytest.approx(2 * np.pi, abs=1e-6)  # one full turn


def test_level_curve_bowl_is_ellipse():
    x, y = 0.5, 0.3
    c = x * x + 5 * y * y
    lc = calc.level_curve(BOWL, x, y)
    assert lc.closed
    assert np.allclose(lc.points[0] ** 2 + 5 * lc.points[1] ** 2, c, atol=1e-9)
    # it covers the whole ellipse: reaches both semi-axes
    assert lc.points[0].max() == pytest.approx(np.sqrt(c), rel=1e-3)
    assert lc.points[1].min() == pytest.approx(-np.sqrt(c / 5), rel=1e-3)


def test_level_curve_open_stops_at_domain_edge():
    # saddle level x^2 - y^2 = 0.91: an open hyperbola branch, both ends at the edge
    lc = calc.level_curve(SADDLE, 1.0, 0.3)
    assert not lc.closed
    xmin, xmax, ymin, ymax = DOM
    h = 0.004 * 4.0
    for end in (lc.points[:, 0], lc.points[:, -1]):
        assert min(end[0] - xmin, xmax - end[0], end[1] - ymin, ymax - end[1]) < 2 * h
    assert lc.points[1, 0] * lc.points[1, -1] < 0  # one end above, one below


def test_level_curve_at_critical_point():
    lc = calc.level_curve(HILL, 0.0, 0.0)
    assert lc.tangent is None and lc.points.shape == (2, 1)


# --- slices ---------------------------------------------------------------

@pytest.mark.parametrize("s", [HILL, BOWL, WAVY])
@pytest.mark.parametrize("x,y", POINTS)
def test_slices(s, x, y):
    sl = calc.slices(s, x, y, n=50)
    g = fd_grad(s, x, y)
    assert sl.slope_x == pytest.approx(g[0], abs=1e-6)
    assert sl.slope_y == pytest.approx(g[1], abs=1e-6)
    xmin, xmax, ymin, ymax = s.domain
    assert sl.xs[0] == xmin and sl.xs[-1] == xmax and sl.ys[0] == ymin and sl.ys[-1] == ymax
    for i in (0, 17, 49):
        assert sl.fx[i] == pytest.approx(float(s.f(np.array([sl.xs[i], y]))), abs=1e-12)
        assert sl.fy[i] == pytest.approx(float(s.f(np.array([x, sl.ys[i]]))), abs=1e-12)
    f0 = float(s.f(np.array([x, y])))
    assert sl.f0 == pytest.approx(f0)
    # tangent segments: pass through (s0, f0) with the slope, and touch the slice
    for seg, s0, slope in ((sl.tangent_x, x, g[0]), (sl.tangent_y, y, g[1])):
        assert seg[0].mean() == pytest.approx(s0)
        assert (seg[1, 1] - seg[1, 0]) / (seg[0, 1] - seg[0, 0]) == pytest.approx(slope, abs=1e-6)
        assert np.interp(s0, seg[0], seg[1]) == pytest.approx(f0)


# --- curvature ------------------------------------------------------------

@pytest.mark.parametrize("s,x,y,kind", [
    (HILL, 0.3, -0.2, "dome"), (BOWL, 0.3, -0.2, "bowl"), (SADDLE, 0.3, -0.2, "saddle"),
    (MONKEY, 0.0, 0.0, "flat"), (MONKEY, 0.5, 0.1, "saddle"), (QUAD, 0.0, 0.0, "bowl")])
def test_curvature_classes(s, x, y, kind):
    c = calc.curvature(s, x, y)
    assert c.kind == kind == calc.classify(s.hess(np.array([x, y])))
    H = s.hess(np.array([x, y]))
    assert np.all(np.diff(c.eigenvalues) >= 0)
    assert np.allclose(H @ c.eigenvectors, c.eigenvectors * c.eigenvalues, atol=1e-12)
    assert np.allclose(np.hypot(*c.eigenvectors), 1.0)
    assert np.isclose(c.eigenvalues.sum(), np.trace(H))
    assert np.isclose(np.prod(c.eigenvalues), np.linalg.det(H))


def test_classify_tolerance():
    assert calc.classify([[1.0, 0.0], [0.0, 1e-12]]) == "flat"
    assert calc.classify([[1.0, 0.0], [0.0, 1e-6]]) == "bowl"
    assert calc.classify([[-1.0, 0.0], [0.0, -1e-6]]) == "dome"
    assert calc.classify([[0.0, 1.0], [1.0, 0.0]]) == "saddle"
    assert calc.classify([[np.nan, 0.0], [0.0, 1.0]]) is None


@pytest.mark.parametrize("x,y", POINTS + [(1.9, -1.7)])
def test_newton_step_lands_on_minimum_of_quadratic(x, y):
    step = calc.curvature(BOWL, x, y).newton_step
    assert np.allclose(np.array([x, y]) + step, [0.0, 0.0], atol=1e-12)
    step = calc.curvature(QUAD, x, y).newton_step
    assert np.allclose(np.array([x, y]) + step, M, atol=1e-12)


def test_newton_step_none_when_singular():
    assert calc.curvature(MONKEY, 0.0, 0.0).newton_step is None
    assert calc.curvature(ROOT, -1.0, 0.0).newton_step is None


# --- jacobian lens --------------------------------------------------------

def test_lens_jacobian_is_hessian_and_exact_on_quadratic():
    for s in (BOWL, QUAD):
        L = calc.jacobian_lens(s, 0.4, -0.3, 0.25, n=32)
        assert np.array_equal(L.J, s.hess(np.array([0.4, -0.3])))
        assert L.d.shape == L.images.shape == L.linear.shape == (2, 32)
        assert np.allclose(np.hypot(*L.d), 0.25)
        assert np.allclose(L.images, L.J @ L.d, atol=1e-13)


@pytest.mark.parametrize("s,x,y", [(WAVY, 0.7, -0.4), (WAVY, -1.2, 0.9), (MONKEY, 0.5, 0.1)])
def test_lens_error_is_second_order(s, x, y):
    p = np.array([x, y])
    Jfd = fd_hess(s, x, y)
    errs = []
    for r in (0.1, 0.05):
        L = calc.jacobian_lens(s, x, y, r, n=64)
        assert np.allclose(L.J, Jfd, atol=1e-6)
        true = np.stack([s.grad(p + d) - s.grad(p) for d in L.d.T], axis=1)
        assert np.allclose(L.images, true, atol=1e-14)
        errs.append(np.abs(L.images - L.linear).max())
    assert 3.0 < errs[0] / errs[1] < 5.0


# --- probe ----------------------------------------------------------------

@pytest.mark.parametrize("s,x,y", [(HILL, 0.3, -0.2), (BOWL, 1.0, 0.5), (WAVY, -1.2, 0.9)])
def test_probe_values(s, x, y):
    d = calc.probe(s, x, y)
    back = json.loads(json.dumps(d, allow_nan=False))
    assert back == d
    assert set(d) == {"surface", "x", "y", "f", "grad", "hessian", "curvature", "critical"}
    p = np.array([x, y])
    assert d["surface"] == s.name and d["x"] == x and d["y"] == y
    assert d["f"] == float(s.f(p))
    assert d["grad"] == pytest.approx(fd_grad(s, x, y).tolist(), abs=1e-6)
    assert np.array_equal(d["hessian"], s.hess(p))
    # the class from the eigenvalues of a finite-difference Hessian
    h = 1e-5
    H = np.array([(fd_grad(s, x + h, y) - fd_grad(s, x - h, y)) / (2 * h),
                  (fd_grad(s, x, y + h) - fd_grad(s, x, y - h)) / (2 * h)])
    lam = np.linalg.eigvalsh((H + H.T) / 2)
    expect = "bowl" if lam.min() > 0 else "dome" if lam.max() < 0 else "saddle"
    assert d["curvature"] == expect
    assert d["critical"] is False
    assert all(type(v) is float for v in [d["f"], *d["grad"], *d["hessian"][0], *d["hessian"][1]])


def test_probe_critical():
    assert calc.probe(HILL, 0.0, 0.0)["critical"] is True
    assert calc.probe(BOWL, 0.0, 0.0)["critical"] is True
    assert calc.probe(MONKEY, 0.0, 0.0)["critical"] is True
    for x, y in [(1e-3, 0.0), (0.0, 1e-3), (-1e-3, 0.0)]:
        assert calc.probe(HILL, x, y)["critical"] is False
        assert calc.probe(BOWL, x, y)["critical"] is False


def test_probe_undefined_values_become_none():
    d = calc.probe(ROOT, -1.0, 0.5)
    json.dumps(d, allow_nan=False)
    assert d["f"] is None and d["grad"] == [None, 1.0]
    assert d["hessian"][0][0] is None and d["curvature"] is None and d["critical"] is False


# --- quiver ---------------------------------------------------------------

def test_quiver_grid_and_values():
    view = (-1.0, 3.0, 0.0, 1.0)
    q = calc.quiver(HILL, view, 8, 4)
    assert q.points.shape == q.grad.shape == (2, 4, 8) and q.norm.shape == (4, 8)
    assert np.allclose(q.points[0, 0], -1.0 + 0.25 + 0.5 * np.arange(8))
    assert np.allclose(q.points[1, :, 0], 0.125 + 0.25 * np.arange(4))
    assert np.allclose(q.grad, -2 * q.points)
    assert np.allclose(q.norm, 2 * np.hypot(*q.points)) and q.valid.all()


def test_quiver_masks_non_finite():
    with np.errstate(all="ignore"):
        q = calc.quiver(ROOT, (-1.0, 1.0, -1.0, 1.0), 10, 6)
    assert np.array_equal(q.valid, q.points[0] > 0)
    assert np.all(np.isfinite(q.grad)) and np.all(q.grad[:, ~q.valid] == 0)


# --- module hygiene -------------------------------------------------------

def test_no_pygame_import():
    code = "import sys, game.calculus; assert 'pygame' not in sys.modules, 'pygame imported'"
    root = Path(__file__).resolve().parents[1]      # the repo root, where `game` imports
    subprocess.run([sys.executable, "-c", code], check=True, cwd=root)


def test_doctests():
    res = doctest.testmod(calc)
    assert res.attempted > 0 and res.failed == 0


def test_registry_saddle_and_monkey_classes():
    # saddle: H = diag(2, -2); monkey saddle x³ − 3xy²: H = 0 at the origin
    for name, x, y, kind in [("saddle", 0.0, 0.0, "saddle"), ("monkey", 0.0, 0.0, "flat")]:
        assert calc.probe(get(name), x, y)["curvature"] == kind


# --- level_set_segments (marching squares) ----------------------------------

def _grid(f, view=DOM, nx=161, ny=121):
    xs, ys = np.linspace(view[0], view[1], nx), np.linspace(view[2], view[3], ny)
    X, Y = np.meshgrid(xs, ys)
    with np.errstate(all="ignore"):
        return f(np.array([X, Y])), xs, ys


def _seg_length(segs):
    return float(np.hypot(*(segs[:, 1] - segs[:, 0]).T).sum())


def test_level_set_segments_round_is_unit_circle():
    v, xs, ys = _grid(lambda p: p[0] ** 2 + p[1] ** 2)
    h = max(xs[1] - xs[0], ys[1] - ys[0])
    segs = calc.level_set_segments(v, xs, ys, 1.0)
    assert segs.ndim == 3 and segs.shape[1:] == (2, 2) and len(segs) > 100
    r = np.hypot(segs[..., 0], segs[..., 1])
    assert np.max(np.abs(r - 1.0)) <= h * h
    assert _seg_length(segs) == pytest.approx(2 * np.pi, rel=0.01)
    # all the way round: every direction is covered
    ang = np.sort(np.arctan2(segs[:, 0, 1], segs[:, 0, 0]))
    assert np.max(np.diff(np.r_[ang, ang[0] + 2 * np.pi])) < 4 * h


def test_level_set_segments_linear_is_exact_and_chained():
    # f = x + 2y: the level set is a straight line, hit exactly by linear interpolation
    v, xs, ys = _grid(lambda p: p[0] + 2 * p[1], nx=37, ny=29)
    segs = calc.level_set_segments(v, xs, ys, 0.7)
    assert np.allclose(segs[..., 0] + 2 * segs[..., 1], 0.7, atol=1e-12)
    # from edge to edge: x + 2y = 0.7 meets y = -2 at x = 4.7 (outside) and x = 2 at y = -0.65,
    # and y = 2 at x = -3.3 (outside) and x = -2 at y = 1.35
    length = np.hypot(4.0, 1.35 + 0.65)
    assert _seg_length(segs) == pytest.approx(length, rel=1e-9)


def test_level_set_segments_saddle_level_is_closed_where_interior():
    # x^2 - y^2 = 0.3 on an offset grid (no sample exactly on the level): every
    # end point not on the grid border is shared by exactly two segments
    v, xs, ys = _grid(SADDLE.f, nx=90, ny=77)
    segs = calc.level_set_segments(v, xs, ys, 0.3)
    pts = segs.reshape(-1, 2)
    _, inverse, counts = np.unique(pts.round(12), axis=0, return_inverse=True,
                                   return_counts=True)
    border = ((np.abs(np.abs(pts[:, 0]) - 2) < 1e-12) | (np.abs(np.abs(pts[:, 1]) - 2) < 1e-12))
    assert np.all(counts[inverse.ravel()][~border] == 2)
    assert np.all(counts[inverse.ravel()][border] == 1)
    assert np.allclose(segs[..., 0] ** 2 - segs[..., 1] ** 2, 0.3, atol=2 * (xs[1] - xs[0]) ** 2)
    # level 0 through the saddle point: the two diagonals, length 2 * 4 * sqrt(2)
    segs0 = calc.level_set_segments(v, xs, ys, 0.0)
    assert _seg_length(segs0) == pytest.approx(8 * np.sqrt(2), rel=0.01)


def test_level_set_segments_nan_region_gives_nothing():
    v, xs, ys = _grid(lambda p: np.log(p[0]) + 0 * p[1])          # NaN for x < 0
    segs = calc.level_set_segments(v, xs, ys, np.log(0.5))       # the line x = 0.5
    assert len(segs) > 10 and np.allclose(segs[..., 0], 0.5, atol=1e-3)
    assert np.all(segs[..., 0] > 0)
    # a level whose crossing would only be through the undefined half: none
    v2, _, _ = _grid(lambda p: np.where(p[0] < 0, np.nan, p[1]))
    segs2 = calc.level_set_segments(v2, xs, ys, 0.5)
    assert len(segs2) and np.all(segs2[..., 0] >= 0)
    nan = np.full((40, 50), np.nan)
    assert calc.level_set_segments(nan, np.arange(50.0), np.arange(40.0), 0.0).shape == (0, 2, 2)
    inf = np.where(np.arange(50) < 25, np.inf, 1.0) * np.ones((40, 1))
    assert calc.level_set_segments(inf, np.arange(50.0), np.arange(40.0), 2.0).shape == (0, 2, 2)


def test_level_set_segments_empty_and_degenerate():
    v, xs, ys = _grid(lambda p: p[0] ** 2 + p[1] ** 2)
    for c in (-1.0, 100.0, np.nan, np.inf):
        out = calc.level_set_segments(v, xs, ys, c)
        assert out.shape == (0, 2, 2)
    assert calc.level_set_segments(np.zeros((1, 5)), np.arange(5.0), [0.0], 0.5).shape == (0, 2, 2)
    assert calc.level_set_segments(np.ones((3, 3)), np.arange(3.0), np.arange(3.0), 1.0).shape == (0, 2, 2)
