"""Typed functions with huge or tiny exact constants: compiled derivatives give
finite-or-NaN float arrays and never raise, from the compiled code up to the
command line (issue 6, crash 2)."""
import doctest
import json
import math

import numpy as np
import pytest

from game import cli, optim, tuning
from game.expr import derive, domain, evaluate, make_surface

# Exact constants beyond float64: sympy folds (1e160*x)^2 into 10^320*x^2,
# 1e300*x*1e300*y into 10^600*x*y and x/1e-300/1e-300 into 10^600*x.
HUGE = ["(1e160*x)^2", "1e300*x*1e300*y", "x/1e-300/1e-300"]


def _points():
    """A point, a batch and a grid, with tiny, ordinary and huge coordinates."""
    one = np.array([0.5, 0.5])
    batch = np.array([[0.0, 1e-200, -1e-7, 1.0, 1e300, -1.5],
                      [0.0, 1e-200, 3.0, -1e-300, 2.0, 1e308]])
    grid = np.array(np.meshgrid(np.linspace(-2, 2, 3), np.linspace(-1e-160, 1e-160, 4)))
    return [one, batch, grid]


def _assert_float_finite_or_nan(out, shape):
    assert isinstance(out, np.ndarray) and out.dtype == np.float64
    assert out.shape == shape
    assert not np.isinf(out).any()


@pytest.mark.parametrize("text", HUGE)
def test_huge_exact_constants_evaluate_without_raising(text):
    s = make_surface(text)
    for p in _points():
        _assert_float_finite_or_nan(s.f(p), p.shape[1:])
        _assert_float_finite_or_nan(s.grad(p), p.shape)
        _assert_float_finite_or_nan(s.hess(p), (2,) + p.shape)


def test_huge_constants_agree_with_float_arithmetic_where_it_is_finite():
    # f = (1e160*x)^2 walked in floats: finite only for |x| < ~1.3e-6.
    s = make_surface("(1e160*x)^2")
    x = np.array([1e-7, 1e-170, 0.5])
    f = s.f(np.array([x, np.zeros(3)]))
    with np.errstate(over="ignore"):                # numpy, written out here
        expected = (1e160 * x) ** 2
    expected = np.where(np.isfinite(expected), expected, np.nan)
    np.testing.assert_array_equal(np.isnan(f), np.isnan(expected))
    np.testing.assert_allclose(f[:2], expected[:2], rtol=1e-15)
    # Its derivative 2·10^320·x has a coefficient beyond float64: undefined.
    assert np.isnan(s.grad(np.array([x, np.zeros(3)]))[0]).all()


def test_big_exact_constants_within_float_range_keep_their_value():
    # 10^300/3 is an exact Rational with a numerator past 2^53: it becomes a
    # float literal, still the right number.
    s = make_surface("x^2*1e200*1e100/3")
    p = np.array([1e-150, 0.0])
    assert s.grad(p)[0] == pytest.approx(2 * (1e300 / 3) * 1e-150, rel=1e-15)
    assert s.hess(p)[0, 0] == pytest.approx(2 * 1e300 / 3, rel=1e-15)
    assert s.f(p) == pytest.approx(1e-300 * 1e200 * 1e100 / 3, rel=1e-15)


def test_tiny_exact_constants_underflow_to_zero():
    s = make_surface("1e-300*x*1e-300*y + x")
    np.testing.assert_array_equal(s.grad(np.array([2.0, 3.0])), [1.0, 0.0])
    np.testing.assert_array_equal(s.hess(np.array([2.0, 3.0])), np.zeros((2, 2)))


def test_as_floats_rewrites_only_numbers_past_float_precision():
    import sympy

    x = sympy.Symbol("x")
    e = sympy.Integer(10) ** 320 * x + sympy.Rational(1, 3) * x ** 2 + 7
    out = derive._as_floats(e)
    nums = sorted(out.atoms(sympy.Number), key=str)
    assert sympy.Rational(1, 3) in nums and sympy.Integer(7) in nums and 2 in nums
    big = [n for n in nums if isinstance(n, sympy.Float)]
    assert len(big) == 1 and float(str(big[0])) == float("inf")


def test_clean_converts_object_arrays_without_overflow():
    out = evaluate._clean(np.array([10 ** 400, 3, -(10 ** 400), 2 + 0j], dtype=object), (4,))
    assert out.dtype == np.float64
    np.testing.assert_array_equal(out, [np.nan, 3.0, np.nan, 2.0])
    assert np.isnan(evaluate._clean(10 ** 400, ())).item()


def test_default_lr_on_huge_constants_is_a_positive_number():
    for text in HUGE:
        s = make_surface(text)
        for name in optim.names():
            lr = tuning.default_lr(name, s)
            assert math.isfinite(lr) and lr > 0, (text, name)


@pytest.mark.parametrize("text", HUGE)
def test_probe_on_the_command_line_prints_json(text, capsys):
    assert cli.main(["--probe", "0.5,0.5", "--expr", text]) == 0
    out, err = capsys.readouterr()
    assert err == ""
    probe = json.loads(out)
    assert probe["f"] is None and probe["grad"] == [None, None]


def test_module_doctests():
    for module in (derive, domain, evaluate):
        result = doctest.testmod(module)
        assert result.failed == 0, module.__name__


@pytest.mark.parametrize("text", [
    "exp(1000)", "exp(1000)*x", "0*exp(1000)*x", "exp(1000)*x - exp(1000)*x",
    "1e300*1e300*1e300", "1e308/1e-300*x", "x*1e300*1e300 - y*1e300*1e300", "(1e300*x)^64",
    "sinh(1e300*x)", "log(1e-300*1e-300*x)", "x^-64*1e-300", "(x - x)^-1", "tan(1e300*x)",
    "sqrt(-1e300*x^2)", "9^9^9", "atan(1e300*x)*1e300*1e300",
])
def test_overflowing_and_undefined_results_are_nan_not_errors(text):
    from game.expr import ExprError

    try:
        s = make_surface(text)
    except ExprError as err:                 # a clear refusal is also fine
        assert str(err)
        return
    for p in _points():
        _assert_float_finite_or_nan(s.f(p), p.shape[1:])
        _assert_float_finite_or_nan(s.grad(p), p.shape)
        _assert_float_finite_or_nan(s.hess(p), (2,) + p.shape)


@pytest.mark.parametrize("text", ["(x)^(1e300) ^ 2", "x^(1e200*1e200)", "2^(1e300*1e300)^0.5"])
def test_an_exact_exponent_past_the_float_range_is_refused(text):
    # 1e300^2 is the exact 10^600: comparing it as a float raised OverflowError
    from game.expr import ExprError

    with pytest.raises(ExprError, match="exponent out of range"):
        make_surface(text)
