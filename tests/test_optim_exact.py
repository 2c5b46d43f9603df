"""The fused multiply-add of game.optim.exact against exact rational arithmetic."""
from fractions import Fraction

import numpy as np
from hypothesis import given
from hypothesis import strategies as hs

from fuzz_settings import fuzz_settings
from game.optim.exact import fma, two_prod, two_sum


def exact_fma(a, b, c):
    return float(Fraction(a) * Fraction(b) + Fraction(c))


# Normal range, away from the documented limits (split overflow, underflow of the low part).
MAG = hs.floats(min_value=1e-120, max_value=1e120)
SIGNED = hs.builds(lambda m, s: m * s, MAG, hs.sampled_from([-1.0, 1.0]))


@fuzz_settings(300)
@given(SIGNED, SIGNED, SIGNED, hs.floats(-1.0, 1.0))
def test_fma_is_rounded_once(a, b, c, mix):
    # c either free or close to −a·b, where cancellation makes the low part decide
    near = -(a * b) * (1.0 + mix * 2.0 ** -40)
    for cc in (c, near):
        assert float(fma(a, b, cc)) == exact_fma(a, b, cc)


def test_fma_on_random_arrays_and_ties():
    rng = np.random.default_rng(0)
    n = 20000
    a = rng.normal(size=n) * 10.0 ** rng.integers(-30, 30, n)
    b = rng.normal(size=n) * 10.0 ** rng.integers(-30, 30, n)
    c = -(a * b) * (1 + rng.normal(size=n) * 10.0 ** rng.integers(-17, 2, n))
    got = fma(a, b, c)
    assert [float(v) for v in got] == [exact_fma(*t) for t in zip(a, b, c)]
    # a·b = 1 + 3·2⁻²⁷ + 2⁻⁵³: half-way cases and their neighbours
    x, y = 1.0 + 2.0 ** -27, 1.0 + 2.0 ** -26
    for cc in (0.0, -(1 + 3 * 2.0 ** -27), 2.0 ** -53, -2.0 ** -53, 2.0 ** -54, -2.0 ** -80, -1.0):
        assert float(fma(x, y, cc)) == exact_fma(x, y, cc)


def test_fma_with_a_scalar_factor_on_arrays():
    # the rules' case: lr, μ or 1 − β (a Python float, split once) times a column of balls
    rng = np.random.default_rng(2)
    b = rng.normal(size=(2, 3000)) * 10.0 ** rng.integers(-30, 30, (2, 3000))
    for a in (-0.001, 0.9, -0.00015, 0.5 - 2.0 ** -40, float(rng.normal() * 1e7)):
        c = -(a * b) * (1 + rng.normal(size=b.shape) * 10.0 ** rng.integers(-17, 2, b.shape))
        got = fma(a, b, c)
        assert got.shape == b.shape
        assert [float(v) for v in got.ravel()] == [exact_fma(a, *t) for t in zip(b.ravel(), c.ravel())]


def test_fma_differs_from_two_roundings_where_it_should():
    a = 1.0 + 2.0 ** -30
    assert float(fma(a, a, -(1.0 + 2.0 ** -29))) == 2.0 ** -60
    assert a * a - (1.0 + 2.0 ** -29) == 0.0


def test_error_free_transformations():
    rng = np.random.default_rng(1)
    a, b = rng.normal(size=500) * 1e5, rng.normal(size=500) * 1e-3
    s, e = two_sum(a, b)
    p, q = two_prod(a, b)
    for i in range(500):
        assert Fraction(s[i]) + Fraction(e[i]) == Fraction(a[i]) + Fraction(b[i])
        assert Fraction(p[i]) + Fraction(q[i]) == Fraction(a[i]) * Fraction(b[i])


def test_fma_broadcasts_and_falls_back_beyond_the_split_range():
    out = fma(np.array([[2.0], [3.0]]), 0.5, np.array([[1.0, 2.0], [3.0, 4.0]]))
    assert out.tolist() == [[2.0, 3.0], [4.5, 5.5]]
    huge = 2.0 ** 1000
    assert float(fma(huge, 2.0 ** -10, 1.0)) == huge * 2.0 ** -10 + 1.0
    assert np.isinf(fma(1e300, 1e300, 0.0))
