"""Tests for game.surfaces: every analytic derivative against an independent value.

The reference values come from finite differences, from plain scalar formulas
written out again below, from ``np.linalg.lstsq`` and from eigenvalues, never
from the module's own bookkeeping.
"""
import doctest
import math
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

import game.surfaces as surfaces

ROOT = Path(__file__).resolve().parents[1]
NAMES = surfaces.names()
KINDS = {"minimum", "maximum", "saddle", "degenerate"}


def _regression_reference(x, y):
    s = surfaces.get("regression")
    a, b, t = s.extra["a"], s.extra["b"], s.extra["t"]
    return float(np.mean((x * a + y * b - t) ** 2))


# f(x, y) written out again, scalar by scalar, from the formulas of the lesson.
REFERENCE = {
    "hill": lambda x, y: 4 - (x * x + y * y),
    "bowl": lambda x, y: x * x + 5 * y * y,
    "round": lambda x, y: x ** 2 + y ** 2,
    "cubic": lambda x, y: 3 * x ** 2 * y,
    "saddle": lambda x, y: x ** 2 - y ** 2,
    "monkey": lambda x, y: x ** 3 - 3 * x * y ** 2,
    "rosenbrock": lambda x, y: (1 - x) ** 2 + 100 * (y - x ** 2) ** 2,
    "himmelblau": lambda x, y: (x ** 2 + y - 11) ** 2 + (x + y ** 2 - 7) ** 2,
    "beale": lambda x, y: ((1.5 - x + x * y) ** 2 + (2.25 - x + x * y ** 2) ** 2
                           + (2.625 - x + x * y ** 3) ** 2),
    "camel": lambda x, y: 2 * x ** 2 - 1.05 * x ** 4 + x ** 6 / 6 + x * y + y ** 2,
    "rastrigin": lambda x, y: (20 + x ** 2 + y ** 2
                               - 10 * (math.cos(2 * math.pi * x) + math.cos(2 * math.pi * y))),
    "regression": _regression_reference,
}

# Surfaces whose list of critical points claims to be complete inside the domain
# (cubic's critical set is a whole line, monkey's point is degenerate, rastrigin
# lists only the central minima).
COMPLETE = ["hill", "bowl", "round", "saddle", "rosenbrock", "himmelblau", "beale",
            "camel", "regression"]


def _points(surface, n=50, seed=0):
    """``n`` random points (shape (2, n)) inside the surface's domain."""
    xmin, xmax, ymin, ymax = surface.domain
    rng = np.random.default_rng(seed)
    return np.stack([rng.uniform(xmin, xmax, n), rng.uniform(ymin, ymax, n)])


def _length(surface):
    xmin, xmax, ymin, ymax = surface.domain
    return max(xmax - xmin, ymax - ymin)


def _fscale(surface):
    """Typical size of |f| on the domain (for absolute tolerance floors)."""
    return 1.0 + float(np.max(np.abs(surface.f(_points(surface, 400, seed=1)))))


def _gscale(surface):
    """Typical size of |∇f| on the domain."""
    return 1.0 + float(np.max(np.abs(surface.grad(_points(surface, 400, seed=1)))))


# --- registry ------------------------------------------------------------------

def test_registry_order_is_the_menu_order():
    assert NAMES == ["hill", "bowl", "round", "cubic", "saddle", "monkey", "rosenbrock",
                     "himmelblau", "beale", "camel", "rastrigin", "regression"]
    assert set(REFERENCE) == set(NAMES)


def test_get_returns_the_surface_and_unknown_names_list_the_valid_ones():
    assert surfaces.get("himmelblau").name == "himmelblau"
    with pytest.raises(KeyError) as info:
        surfaces.get("nope")
    message = str(info.value)
    assert "nope" in message
    for name in NAMES:
        assert name in message


@pytest.mark.parametrize("name", NAMES)
def test_metadata_is_filled_in(name):
    s = surfaces.get(name)
    xmin, xmax, ymin, ymax = s.domain
    assert xmin < xmax and ymin < ymax
    assert s.formula.startswith("f = ")
    assert s.about and "\n" not in s.about
    assert s.critical_points
    assert all(c.kind in KINDS for c in s.critical_points)


def test_log_color_flags():
    assert surfaces.get("rosenbrock").log_color
    assert surfaces.get("beale").log_color
    assert not surfaces.get("bowl").log_color


# --- values and derivatives -------------------------------------------------------

@pytest.mark.parametrize("name", NAMES)
def test_f_matches_the_written_out_formula(name):
    s = surfaces.get(name)
    p = _points(s)
    got = s.f(p)
    want = np.array([REFERENCE[name](float(x), float(y)) for x, y in p.T])
    np.testing.assert_allclose(got, want, rtol=1e-12, atol=1e-12 * _fscale(s))


@pytest.mark.parametrize("name", NAMES)
def test_grad_matches_central_differences_of_f(name):
    s = surfaces.get(name)
    p = _points(s)
    L = _length(s)
    h = 1e-6 * L
    numeric = np.empty_like(p)
    for axis in range(2):
        e = np.zeros((2, 1))
        e[axis] = h
        numeric[axis] = (s.f(p + e) - s.f(p - e)) / (2 * h)
    np.testing.assert_allclose(s.grad(p), numeric, rtol=1e-6, atol=1e-6 * _fscale(s) / L)


@pytest.mark.parametrize("name", NAMES)
def test_hess_matches_central_differences_of_grad(name):
    s = surfaces.get(name)
    p = _points(s)
    L = _length(s)
    h = 1e-6 * L
    numeric = np.empty((2, 2) + p.shape[1:])
    for axis in range(2):
        e = np.zeros((2, 1))
        e[axis] = h
        numeric[:, axis] = (s.grad(p + e) - s.grad(p - e)) / (2 * h)
    analytic = s.hess(p)
    np.testing.assert_allclose(analytic, numeric, rtol=1e-6, atol=1e-6 * _gscale(s) / L)
    np.testing.assert_array_equal(analytic, np.swapaxes(analytic, 0, 1))


@pytest.mark.parametrize("name", NAMES)
def test_shapes_broadcast_from_one_point_to_a_grid(name):
    s = surfaces.get(name)
    xmin, xmax, ymin, ymax = s.domain
    point = np.array([0.3 * xmin + 0.7 * xmax, 0.6 * ymin + 0.4 * ymax])
    line = _points(s, 7)
    X, Y = np.meshgrid(np.linspace(xmin, xmax, 5), np.linspace(ymin, ymax, 3))
    grid = np.stack([X, Y])
    for p, shape in ((point, ()), (list(point), ()), (line, (7,)), (grid, (3, 5))):
        assert np.shape(s.f(p)) == shape
        assert np.shape(s.grad(p)) == (2,) + shape
        assert np.shape(s.hess(p)) == (2, 2) + shape
    # the grid evaluation agrees with point-by-point evaluation
    i, j = 2, 4
    one = grid[:, i, j]
    assert s.f(grid)[i, j] == pytest.approx(float(s.f(one)), rel=1e-14, abs=1e-14)
    np.testing.assert_allclose(s.grad(grid)[:, i, j], s.grad(one), rtol=1e-14, atol=1e-14)
    np.testing.assert_allclose(s.hess(grid)[:, :, i, j], s.hess(one), rtol=1e-14, atol=1e-14)


# --- critical points -----------------------------------------------------------

def _kind_from_eigenvalues(hessian):
    lo, hi = np.linalg.eigvalsh(hessian)
    zero = 1e-9 * (1.0 + np.max(np.abs(hessian)))
    if abs(lo) <= zero or abs(hi) <= zero:
        return "degenerate"
    if lo > 0:
        return "minimum"
    if hi < 0:
        return "maximum"
    return "saddle"


CRITICAL = [(name, k) for name in NAMES
            for k in range(len(surfaces.get(name).critical_points))]


@pytest.mark.parametrize("name,k", CRITICAL)
def test_critical_point_is_critical_and_correctly_labelled(name, k):
    s = surfaces.get(name)
    c = s.critical_points[k]
    assert s.contains(c.x, c.y)
    p = np.array([c.x, c.y])
    fs = _fscale(s)
    assert np.linalg.norm(s.grad(p)) <= 1e-10 * (1.0 + fs / _length(s))
    assert c.f == pytest.approx(REFERENCE[name](c.x, c.y), rel=1e-10, abs=1e-12 * fs)
    assert c.kind == _kind_from_eigenvalues(s.hess(p))


@pytest.mark.parametrize("name", NAMES)
def test_critical_points_are_distinct(name):
    pts = np.array([[c.x, c.y] for c in surfaces.get(name).critical_points])
    d = np.linalg.norm(pts[:, None] - pts[None], axis=-1)
    assert np.all(d[~np.eye(len(pts), dtype=bool)] > 1e-3)


def _newton_from_grid(s, n=30, iters=80):
    """Damped, vectorized Newton on ∇f from an n×n grid of starts."""
    xmin, xmax, ymin, ymax = s.domain
    X, Y = np.meshgrid(np.linspace(xmin, xmax, n), np.linspace(ymin, ymax, n))
    p = np.stack([X.ravel(), Y.ravel()])
    cap = 0.25 * _length(s)
    for _ in range(iters):
        (a, b), (_, d) = s.hess(p)
        gx, gy = s.grad(p)
        det = a * d - b * b
        ok = np.abs(det) > 1e-300
        safe = np.where(ok, det, 1.0)
        step = np.where(ok, np.stack([d * gx - b * gy, a * gy - b * gx]) / safe, 0.0)
        p = p - np.clip(step, -cap, cap)
    inside = (p[0] >= xmin) & (p[0] <= xmax) & (p[1] >= ymin) & (p[1] <= ymax)
    tiny = np.linalg.norm(s.grad(p), axis=0) <= 1e-8 * (1.0 + _fscale(s) / _length(s))
    return p[:, inside & tiny]


@pytest.mark.parametrize("name", COMPLETE)
def test_no_critical_point_is_missing(name):
    s = surfaces.get(name)
    found = _newton_from_grid(s)
    assert found.shape[1] > 0
    listed = np.array([[c.x, c.y] for c in s.critical_points])
    nearest = np.min(np.linalg.norm(found.T[:, None] - listed[None], axis=-1), axis=1)
    missing = found[:, nearest > 1e-6 * _length(s)]
    assert missing.size == 0, f"unlisted critical points of {name}: {missing.T}"


def _count(name):
    kinds = [c.kind for c in surfaces.get(name).critical_points]
    return {k: kinds.count(k) for k in KINDS}


def test_himmelblau_has_four_minima_one_maximum_four_saddles():
    assert _count("himmelblau") == {"minimum": 4, "maximum": 1, "saddle": 4, "degenerate": 0}
    (peak,) = [c for c in surfaces.get("himmelblau").critical_points if c.kind == "maximum"]
    assert (peak.x, peak.y) == pytest.approx((-0.270845, -0.923039), abs=1e-6)
    assert all(c.f == pytest.approx(0.0, abs=1e-12)
               for c in surfaces.get("himmelblau").critical_points if c.kind == "minimum")


def test_camel_has_three_minima_and_the_global_one_at_the_origin():
    counts = _count("camel")
    assert counts["minimum"] == 3 and counts["saddle"] == 2
    best = min(surfaces.get("camel").critical_points, key=lambda c: c.f)
    assert (best.x, best.y, best.f) == pytest.approx((0.0, 0.0, 0.0), abs=1e-15)


def test_known_minima_of_the_classic_test_functions():
    def has(name, x, y, f, kind="minimum"):
        return any((c.x, c.y, c.f) == pytest.approx((x, y, f), abs=1e-12) and c.kind == kind
                   for c in surfaces.get(name).critical_points)
    assert has("rosenbrock", 1.0, 1.0, 0.0)
    assert has("beale", 3.0, 0.5, 0.0)
    assert has("himmelblau", 3.0, 2.0, 0.0)
    assert has("rastrigin", 0.0, 0.0, 0.0)
    assert has("round", 0.0, 0.0, 0.0)
    assert has("cubic", 0.0, 0.0, 0.0, "degenerate")
    assert has("monkey", 0.0, 0.0, 0.0, "degenerate")
    assert has("saddle", 0.0, 0.0, 0.0, "saddle")


def test_rastrigin_global_minimum_is_below_every_other_listed_minimum():
    cps = surfaces.get("rastrigin").critical_points
    assert min(cps, key=lambda c: c.f) == cps[0] and cps[0].f == 0.0
    assert all(c.f > 0.9 for c in cps[1:])


# --- regression -----------------------------------------------------------------

def test_regression_minimum_is_the_least_squares_solution():
    s = surfaces.get("regression")
    a, b, t = s.extra["a"], s.extra["b"], s.extra["t"]
    assert len(a) == len(b) == len(t) == 50
    X = np.column_stack([a, b])
    w, *_ = np.linalg.lstsq(X, t, rcond=None)
    (c,) = s.critical_points
    assert c.kind == "minimum"
    assert (c.x, c.y) == pytest.approx(tuple(w), rel=1e-10, abs=1e-12)
    np.testing.assert_allclose(s.extra["w_star"], w, rtol=1e-10)
    assert c.f == pytest.approx(np.mean((X @ w - t) ** 2), rel=1e-10)
    xmin, xmax, ymin, ymax = s.domain
    assert ((xmin + xmax) / 2, (ymin + ymax) / 2) == pytest.approx(tuple(w), abs=1e-12)
    assert w == pytest.approx([1.5, -0.7], abs=0.5)   # the data were made from these


def test_regression_f_is_lowest_at_the_minimum():
    s = surfaces.get("regression")
    c = s.critical_points[0]
    others = s.f(_points(s, 200, seed=3))
    assert np.all(others > c.f)


def test_regression_gradient_is_the_textbook_formula():
    s = surfaces.get("regression")
    a, b, t = s.extra["a"], s.extra["b"], s.extra["t"]
    X = np.column_stack([a, b])
    p = _points(s, 20, seed=4)
    want = np.stack([2 / len(t) * X.T @ (X @ w - t) for w in p.T], axis=1)
    np.testing.assert_allclose(s.grad(p), want, rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(s.hess([0.0, 0.0]), 2 / len(t) * X.T @ X, rtol=1e-12)


# --- documentation and layering -------------------------------------------------

def test_doctests_pass():
    result = doctest.testmod(surfaces)
    assert result.attempted > 0
    assert result.failed == 0


def test_module_does_not_import_pygame():
    code = "import game.surfaces, sys; assert 'pygame' not in sys.modules"
    subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=True, timeout=60)


@pytest.mark.parametrize("name", surfaces.names())
def test_each_surface_can_be_typed_and_the_typed_form_is_the_same_function(name):
    # The editor opens holding this text: compiled by the parser and sympy it
    # must give the surface's own f, ∇f and Hessian (a second formulation).
    from game import state as st
    s = surfaces.get(name)
    typed = st.custom_surface(s.extra["typed"], s.domain)
    rng = np.random.default_rng(7)
    xmin, xmax, ymin, ymax = s.domain
    p = np.array([rng.uniform(xmin, xmax, 200), rng.uniform(ymin, ymax, 200)])
    scale = 1.0 + np.abs(s.f(p))
    np.testing.assert_allclose(typed.f(p), s.f(p), rtol=1e-9, atol=1e-9 * scale.max())
    np.testing.assert_allclose(typed.grad(p), s.grad(p), rtol=1e-8, atol=1e-8 * scale.max())
    np.testing.assert_allclose(typed.hess(p), s.hess(p), rtol=1e-8, atol=1e-8 * scale.max())
