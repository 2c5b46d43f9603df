"""fma on a few elements (Python floats) against fma over arrays, bit for bit.

A handful of balls goes through ``exact._fma_few``, element by element; many
go through ``exact._fma_arrays``. Both must give the same double for every
input, specials and the limits of the emulation included (the fall-back
beyond the split range, subnormal low parts, half-way sums), and agree with
exact rational arithmetic where the emulation is exact."""
from fractions import Fraction

import numpy as np

from game.optim import exact
from game.optim.exact import fma
from test_optim_exact_ties import cases

SPECIAL = [0.0, -0.0, np.inf, -np.inf, np.nan, 2.0 ** 995, -2.0 ** 995, 2.0 ** 996, 2.0 ** -1074,
           2.0 ** -1023, 1.7976931348623157e308, 1.0, 1.5, -2.0 ** -53, 0.1]


def inputs(n, seed):
    rng = np.random.default_rng(seed)

    def draw():
        with np.errstate(over="ignore"):
            v = rng.normal(size=n) * 10.0 ** rng.integers(-320, 309, n)
        pick = rng.random(n) < 0.2
        v[pick] = rng.choice(SPECIAL, int(pick.sum()))
        return v
    a, b = draw(), draw()
    with np.errstate(all="ignore"):
        near = -(a * b) * (1 + rng.normal(size=n) * 10.0 ** rng.integers(-17, 2, n))
    c = np.where(rng.random(n) < 0.5, near, draw())
    return a, b, c


def same_bits(x, y):
    x, y = np.asarray(x, np.float64), np.asarray(y, np.float64)
    return x.shape == y.shape and bool((x.view(np.int64) == y.view(np.int64)).all())


def test_few_elements_match_the_array_path_bit_for_bit():
    a, b, c = inputs(20000, 0)
    with np.errstate(all="ignore"):
        want = exact._fma_arrays(a, b, c)
        want_scalar = exact._fma_arrays(float(a[3]), b, c)
    for lo in range(0, 20000, exact.FEW):
        s = slice(lo, lo + exact.FEW)
        assert same_bits(fma(a[s], b[s], c[s]), want[s])
        assert same_bits(fma(float(a[3]), b[s], c[s]), want_scalar[s])
        col = (2, exact.FEW // 2)                      # the rules' shape: (2, balls)
        assert same_bits(fma(a[s].reshape(col), b[s].reshape(col), c[s].reshape(col)),
                         want[s].reshape(col))
        assert same_bits(fma(float(a[3]), b[s].reshape(col), c[s].reshape(col)),
                         want_scalar[s].reshape(col))


def test_few_elements_on_half_way_sums():
    a, b, c = cases(800, seed=3)
    for i in range(0, 800, 2):
        s = slice(i, i + 2)
        got = fma(a[s], b[s], c[s])
        assert [float(v) for v in got] == [float(Fraction(x) * Fraction(y) + Fraction(z))
                                           for x, y, z in zip(a[s], b[s], c[s])]
        assert same_bits(got, exact._fma_arrays(a[s], b[s], c[s]))


def test_few_elements_keep_the_shape_and_the_type():
    col = np.array([[2.0], [3.0]])
    out = fma(0.5, col, col)
    assert isinstance(out, np.ndarray) and out.shape == (2, 1) and out.dtype == np.float64
    assert out.ravel().tolist() == [3.0, 4.5]
    assert fma(2.0, 3.0, 1.0).shape == () and float(fma(2.0, 3.0, 1.0)) == 7.0
    assert fma(col, col, col).ravel().tolist() == [6.0, 12.0]
    assert fma(np.float64(0.5), col, col).ravel().tolist() == [3.0, 4.5]


def test_the_low_bits_test_reads_the_significand_as_numpy_does():
    # every power of two (subnormals too) times 1, 1.25, 1.5, 1.75 and 1 + 2⁻⁵², both signs,
    # the specials, and random doubles: _low_empty is view(int64) & _LOW_BITS == 0
    vals = [m * 2.0 ** k for k in range(-1074, 1024) for m in (1.0, 1.25, 1.5, 1.75, 1 + 2.0 ** -52)]
    rng = np.random.default_rng(5)
    with np.errstate(over="ignore"):
        vals += (rng.normal(size=20000) * 10.0 ** rng.integers(-320, 309, 20000)).tolist()
    vals += [0.0, np.inf, 2.0 ** -1023, 3 * 2.0 ** -1024, 1.7976931348623157e308]
    vals += [-v for v in vals]
    bits = np.array(vals).view(np.int64) & exact._LOW_BITS
    assert [exact._low_empty(v) for v in vals] == (bits == 0).tolist()
