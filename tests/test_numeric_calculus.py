"""The calculus read-outs and the suggested η on surfaces whose values,
gradients or Hessians are near the end of the float range: right answers
where they are representable, None/NaN/inf where they are not, and never a
warning (issue 6, the pointwise.py warning and its relatives)."""
import doctest
import math

import numpy as np
import pytest

from game import calculus as calc
from game import optim, tuning
from game.calculus import _sampling
from game.surfaces import Surface

DOM = (-2.0, 2.0, -2.0, 2.0)


def quadratic(a, b, domain=DOM, g0=(0.0, 0.0)):
    """f = a x² + b y² + g0·p, its gradient and Hessian written out."""
    def f(p):
        return a * p[0] ** 2 + b * p[1] ** 2 + g0[0] * p[0] + g0[1] * p[1]

    def grad(p):
        return np.array([2 * a * p[0] + g0[0], 2 * b * p[1] + g0[1]])

    def hess(p):
        z = np.zeros(np.shape(p)[1:])
        return np.array([[2 * a + z, z], [z, 2 * b + z]])

    return Surface(name=f"q{a},{b}", formula=f"{a} x² + {b} y²", f=f, grad=grad, hess=hess,
                   domain=domain)


BIG_BOWL = quadratic(1e300, 1e300)           # H = 2e300·I
BIG_SADDLE = quadratic(8e307, -8e307)        # H = diag(1.6e308, -1.6e308): H + Hᵀ overflows
C = 1.6e308


def test_curvature_of_a_huge_bowl():
    cv = calc.curvature(BIG_BOWL, 1.5, 1.5)
    assert cv.kind == "bowl"
    np.testing.assert_array_equal(cv.eigenvalues, [2e300, 2e300])
    # Newton on a quadratic lands on its minimum: −H⁻¹∇f = −(x, y)
    np.testing.assert_allclose(cv.newton_step, [-1.5, -1.5], rtol=1e-15)


def test_curvature_of_a_saddle_whose_hessian_doubles_past_the_float_range():
    cv = calc.curvature(BIG_SADDLE, 1.0, -0.5)
    assert cv.kind == "saddle"
    np.testing.assert_array_equal(cv.eigenvalues, [-C, C])
    np.testing.assert_allclose(np.abs(cv.eigenvectors), [[0, 1], [1, 0]], atol=1e-15)
    np.testing.assert_allclose(cv.newton_step, [-1.0, 0.5], rtol=1e-15)
    assert calc.probe(BIG_SADDLE, 1.0, -0.5)["curvature"] == "saddle"


def test_classify_huge_and_tiny_matrices():
    assert calc.classify([[1e308, 1e308], [1e308, 1e308]]) == "flat"       # rank one: λ = 0
    assert calc.classify([[1e308, 0], [0, 1e308]]) == "bowl"
    assert calc.classify([[-1e308, 1e307], [1e307, 1e-300]]) == "saddle"   # det < 0
    # |λ| below 1: flat when |λ|min <= FLAT_TOL (absolute), as before
    assert calc.classify([[1e-320, 0], [0, 1e-320]]) == "flat"
    assert calc.classify([[1e-3, 0], [0, 2e-3]]) == "bowl"


def test_an_eigenvalue_past_the_float_range_is_inf():
    H = 1.5e308
    s = Surface(name="rank1", formula="rank1", f=lambda p: 0 * p[0],
                grad=lambda p: np.zeros(np.shape(p)),
                hess=lambda p: np.full((2, 2) + np.shape(p)[1:], H), domain=DOM)
    cv = calc.curvature(s, 0.3, 0.4)
    # eigenvalues of [[H, H], [H, H]]: 0 and 2H = 3e308 = inf in floats
    assert cv.eigenvalues[1] == math.inf and abs(cv.eigenvalues[0]) < 1e293
    assert cv.kind == "flat" and cv.newton_step is None


def test_a_newton_step_past_the_float_range_is_none():
    # H = 2e-300·I, ∇f = (1e308, ·): −H⁻¹∇f would be −5e607
    s = quadratic(1e-300, 1e-300, g0=(1e308, 0.0))
    cv = calc.curvature(s, 1.0, 1.0)
    assert cv.kind == "flat" or cv.kind == "bowl"
    assert cv.newton_step is None


@pytest.mark.parametrize("x, y", [(0.3, -1.2), (1.7, 0.2), (-0.9, -0.4)])
def test_newton_step_is_the_plain_solve_bit_for_bit(x, y):
    # scaling by powers of 4 changes no bit of an ordinary computation
    wavy = Surface(
        name="wavy", formula="wavy",
        f=lambda p: np.sin(p[0]) * np.cos(p[1]) + 0.25 * p[0] ** 2 * p[1],
        grad=lambda p: np.array([np.cos(p[0]) * np.cos(p[1]) + 0.5 * p[0] * p[1],
                                 -np.sin(p[0]) * np.sin(p[1]) + 0.25 * p[0] ** 2]),
        hess=lambda p: np.array([[-np.sin(p[0]) * np.cos(p[1]) + 0.5 * p[1],
                                  -np.cos(p[0]) * np.sin(p[1]) + 0.5 * p[0]],
                                 [-np.cos(p[0]) * np.sin(p[1]) + 0.5 * p[0],
                                  -np.sin(p[0]) * np.cos(p[1])]]),
        domain=DOM)
    p = np.array([x, y])
    H, g = wavy.hess(p), wavy.grad(p)
    cv = calc.curvature(wavy, x, y)
    np.testing.assert_array_equal(cv.newton_step, np.linalg.solve(H, -g))
    np.testing.assert_array_equal(cv.eigenvalues, np.linalg.eigvalsh(H))


def test_rose_when_the_gradient_is_longer_than_the_float_range():
    r = calc.rose(BIG_SADDLE, 1.0, 1.0)                 # ∇f = (C, −C), |∇f| = 2.26e308
    assert r.max_dir is None and r.max_value == math.inf
    assert not r.d.any() and np.isfinite(r.curve).all()


def test_rose_of_a_gradient_near_the_end_of_the_range():
    r = calc.rose(BIG_SADDLE, 0.5, 0.5, n=8)            # ∇f = (8e307, −8e307)
    norm = 8e307 * math.sqrt(2.0)
    assert r.max_value == pytest.approx(norm, rel=1e-15)
    np.testing.assert_allclose(r.max_dir, [2 ** -0.5, -(2 ** -0.5)], rtol=1e-15)
    theta = np.arange(8) * 2 * np.pi / 8
    # D(θ) = |∇f| cos(θ − φ), φ = −π/4
    np.testing.assert_allclose(r.d / 1e308, norm / 1e308 * np.cos(theta + np.pi / 4),
                               rtol=1e-12, atol=1e-15)


def test_quiver_leaves_out_arrows_whose_length_overflows():
    q = calc.quiver(BIG_SADDLE, DOM, 9, 9)
    radius = np.hypot(q.points[0], q.points[1])
    fits = radius < 1.7976931348623157e308 / C          # |∇f| = C·|p| fits
    np.testing.assert_array_equal(q.valid, fits)
    np.testing.assert_allclose(q.norm[fits], C * radius[fits], rtol=1e-14)
    assert not q.norm[~fits].any() and not q.grad[:, ~fits].any()


def test_gradient_norms_and_scale_leave_out_overflowing_norms():
    n = 17
    xs = np.linspace(-2, 2, n)
    radius = np.hypot(*np.meshgrid(xs, xs))
    norms = calc.gradient_norms(BIG_SADDLE, n)
    assert norms.size == int((radius < 1.7976931348623157e308 / C).sum())
    assert np.isfinite(norms).all()
    assert 0 < calc.gradient_scale(BIG_SADDLE) < 1.7976931348623157e308


def test_slices_tangent_end_past_the_float_range_is_nan():
    s = quadratic(0.0, 0.0, g0=(4e307, 4e307))          # f = 4e307 (x + y)
    sl = calc.slices(s, 2.0, 1.9)
    f0 = 4e307 * 3.9                                     # 1.56e308
    assert sl.f0 == pytest.approx(f0, rel=1e-15)
    # the x tangent spans 2 ± 0.6: f0 − 0.6·4e307 is finite, f0 + 0.6·4e307 is not
    assert sl.tangent_x[1, 0] == pytest.approx(f0 - 0.6 * 4e307, rel=1e-15)
    assert math.isnan(sl.tangent_x[1, 1])


def test_jacobian_lens_images_past_the_float_range_are_nan():
    x, y, rad = 0.2, 0.1, 1.0
    lens = calc.jacobian_lens(BIG_SADDLE, x, y, rad, n=16)
    d = lens.d
    # ∇f(p + d) = C (x + dx, −(y + dy)): finite where C|x + dx| and C|y + dy| fit
    with np.errstate(over="ignore"):
        ok = np.isfinite(C * (x + d[0])) & np.isfinite(C * (y + d[1]))
    assert not ok.all() and ok.any()
    np.testing.assert_array_equal(np.isnan(lens.images).any(axis=0), ~ok)
    np.testing.assert_allclose(lens.images[:, ok] / C, np.array([d[0], -d[1]])[:, ok],
                               rtol=1e-12, atol=1e-15)
    np.testing.assert_allclose(lens.linear / C, [d[0], -d[1]], rtol=1e-15, atol=1e-16)
    wide = calc.jacobian_lens(BIG_SADDLE, x, y, 1.2, n=16)      # C·1.2 overflows
    assert np.isnan(wide.linear[0, 0]) and np.isfinite(wide.linear).any()


def test_level_curve_of_a_huge_bowl_closes():
    lc = calc.level_curve(BIG_BOWL, 1.0, 0.5)
    assert lc.closed
    np.testing.assert_allclose(np.hypot(*lc.points), math.sqrt(1.25), rtol=1e-9)


def test_default_lr_of_huge_and_tiny_curvature_is_a_positive_number():
    for a in (5e307, 8e307, 1e300, 20.0, 1e-320):
        for name in optim.names():
            lr = tuning.default_lr(name, quadratic(a, a))
            assert math.isfinite(lr) and lr > 0, (a, name, lr)
    # gradient descent: 0.1 / L with L = 2·a = 40, to two significant digits; the
    # heavy ball 0.02 / L
    assert tuning.default_lr("gd", quadratic(20.0, 20.0)) == float(f"{0.1 / 40:.2g}")
    assert tuning.default_lr("momentum", quadratic(20.0, 20.0)) == float(f"{0.02 / 40:.2g}")


def test_norm_and_power_of_4_scaling():
    assert _sampling._norm(1.5e308, 1.5e308) == math.inf
    for a in ([3e300, -1.0], [1e-310, 2e-320], [0.75, 0.5], [0.0, 0.0]):
        b, k = _sampling._pow4(np.array(a))
        assert k % 2 == 0
        assert b.max(initial=0) < 1 and (not any(a) or np.abs(b).max() >= 0.25)
        np.testing.assert_array_equal(_sampling._unscale(b, k), a)


def test_module_doctests():
    for module in (_sampling, calc.pointwise, calc.levels, calc.tolerances, tuning):
        assert doctest.testmod(module).failed == 0, module.__name__
