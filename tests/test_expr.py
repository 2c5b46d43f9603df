"""A user's own f(x, y): parsing, exact derivatives, refusals, costs, NaNs."""
import doctest
import subprocess
import sys
import time
import warnings
from pathlib import Path

import numpy as np
import pytest

from game import expr
from game.expr import ExprError, make_surface, parse, parse_domain, to_text

ROOT = Path(__file__).resolve().parents[1]

# text, hand-written numpy reference, sampling box (xmin, xmax, ymin, ymax)
CASES = [
    ("x^2 + 5*y^2", lambda x, y: x**2 + 5 * y**2, (-2, 2, -2, 2)),
    ("(1 - x)^2 + 100*(y - x^2)^2", lambda x, y: (1 - x) ** 2 + 100 * (y - x**2) ** 2, (-1.5, 1.5, -1, 2)),
    ("x^3 - 3*x*y^2", lambda x, y: x**3 - 3 * x * y**2, (-2, 2, -2, 2)),
    ("x**3 * y**2 / 4", lambda x, y: x**3 * y**2 / 4, (-2, 2, -2, 2)),
    ("sin(x)*cos(y)", lambda x, y: np.sin(x) * np.cos(y), (-3, 3, -3, 3)),
    ("tan(x/3) + y", lambda x, y: np.tan(x / 3) + y, (-2, 2, -2, 2)),
    ("exp(-x^2 - y^2)", lambda x, y: np.exp(-(x**2) - y**2), (-2, 2, -2, 2)),
    ("e^(x*y) - pi*y", lambda x, y: np.exp(x * y) - np.pi * y, (-1, 1, -1, 1)),
    ("log(x) + x*log(y)", lambda x, y: np.log(x) + x * np.log(y), (0.5, 2, 0.5, 2)),
    ("sqrt(x^2 + y^2 + 1)", lambda x, y: np.sqrt(x**2 + y**2 + 1), (-2, 2, -2, 2)),
    ("abs(x - y) + abs(y)*x", lambda x, y: np.abs(x - y) + np.abs(y) * x, (0.5, 2, -2, -0.5)),
    ("atan(x*y) + atan(x)", lambda x, y: np.arctan(x * y) + np.arctan(x), (-2, 2, -2, 2)),
    ("tanh(x) + sinh(y)/cosh(x)", lambda x, y: np.tanh(x) + np.sinh(y) / np.cosh(x), (-2, 2, -2, 2)),
    ("1.5e-1*x^4 - .5*y + 2.", lambda x, y: 0.15 * x**4 - 0.5 * y + 2.0, (-2, 2, -2, 2)),
    ("x^-2 + y^0.5", lambda x, y: x**-2.0 + y**0.5, (0.5, 2, 0.5, 2)),
    ("x^y", lambda x, y: x**y, (0.5, 2, -1, 1)),
    ("2^3^2 + x", lambda x, y: 512 + x + 0 * y, (-2, 2, -2, 2)),
    ("-x^2 + y", lambda x, y: -(x**2) + y, (-2, 2, -2, 2)),
    ("2^-x^2 * -y", lambda x, y: 2.0 ** (-(x**2)) * -y, (-2, 2, -2, 2)),
    ("x − +y / (2 * -x)", lambda x, y: x - y / (2 * -x), (0.5, 2, -2, 2)),
]


def _points(box, n=25, seed=0):
    rng = np.random.default_rng(seed)
    xmin, xmax, ymin, ymax = box
    return np.array([rng.uniform(xmin, xmax, n), rng.uniform(ymin, ymax, n)])


def _central_grad(F, x, y, h=1e-6):
    return np.array([(F(x + h, y) - F(x - h, y)) / (2 * h),
                     (F(x, y + h) - F(x, y - h)) / (2 * h)])


def _central_hess(F, x, y, h=1e-4):
    f0 = F(x, y)
    fxx = (F(x + h, y) - 2 * f0 + F(x - h, y)) / h**2
    fyy = (F(x, y + h) - 2 * f0 + F(x, y - h)) / h**2
    fxy = (F(x + h, y + h) - F(x + h, y - h) - F(x - h, y + h) + F(x - h, y - h)) / (4 * h**2)
    return np.array([[fxx, fxy], [fxy, fyy]])


@pytest.mark.parametrize("text, ref, box", CASES, ids=[c[0] for c in CASES])
def test_value_gradient_and_hessian_match_reference(text, ref, box):
    s = make_surface(text)
    p = _points(box)
    x, y = p
    scale = 1 + np.max(np.abs(ref(x, y)))
    np.testing.assert_allclose(s.f(p), ref(x, y), rtol=1e-12, atol=1e-12 * scale)
    np.testing.assert_allclose(s.grad(p), _central_grad(ref, x, y), rtol=1e-5, atol=1e-5 * scale)
    np.testing.assert_allclose(s.hess(p), _central_hess(ref, x, y), rtol=1e-4, atol=1e-4 * scale)


@pytest.mark.parametrize("text, ref, box", CASES, ids=[c[0] for c in CASES])
def test_normalised_text_means_the_same(text, ref, box):
    again = make_surface(to_text(parse(text)))
    p = _points(box, n=5, seed=1)
    np.testing.assert_allclose(again.f(p), ref(*p), rtol=1e-12, atol=1e-9)


def test_precedence_and_associativity_by_value():
    at = np.array([3.0, 0.0])
    assert make_surface("2^3^2").f(at) == 512.0
    assert make_surface("(2^3)^2").f(at) == 64.0
    assert make_surface("2**3**2").f(at) == 512.0
    assert make_surface("-x^2").f(at) == -9.0
    assert make_surface("(-x)^2").f(at) == 9.0
    assert make_surface("-2^2 + 0*x").f(at) == -4.0
    assert make_surface("8/2/2 + 0*x").f(at) == 2.0
    assert make_surface("1 - 2 - 3 + 0*x").f(at) == -4.0


def test_surface_metadata_and_shapes():
    s = make_surface("x^2  +  5 * y^2", domain=(-1, 3, -2, 4))
    assert (s.name, s.formula, s.domain) == ("custom", "f = x^2 + 5*y^2", (-1.0, 3.0, -2.0, 4.0))
    assert s.critical_points == () and s.log_color is False
    assert s.f([1.0, 1.0]).shape == () and s.grad([1.0, 1.0]).shape == (2,)
    grid = np.zeros((2, 3, 4))
    assert s.f(grid).shape == (3, 4) and s.grad(grid).shape == (2, 3, 4)
    h = s.hess(grid)  # constant Hessian still has the grid's shape
    assert h.shape == (2, 2, 3, 4)
    np.testing.assert_array_equal(h[:, :, 2, 1], [[2.0, 0.0], [0.0, 10.0]])
    c = make_surface("3")
    assert c.f(grid).tolist() == np.full((3, 4), 3.0).tolist()
    assert c.grad(grid).shape == (2, 3, 4) and not c.grad(grid).any()
    with pytest.raises(ExprError):
        make_surface("x", domain=(1, 0, 0, 1))


def _hostile(target):
    return [
        f"__import__('os').system('touch {target}')",
        f"open('{target}','w')",
        f"x + __import__('pathlib').Path('{target}').touch()",
        f"eval(\"open('{target}','w')\")",
        f"exec('open(\"{target}\",\"w\")')",
        f"(lambda: open('{target}', 'w'))()",
        "x.__class__", "lambda: 1", "x[0]", "'abc'", "x if y else 0",
        "[x for x in (1,)]", "x; import os", "x\nimport os", "sin.__globals__",
        "x @ y", "x % y", "x == y", "x & y", "x // y", "{}", "`x`", "\\x41",
    ]


def test_hostile_text_is_refused_and_runs_nothing(tmp_path):
    target = tmp_path / "pwned"
    for text in _hostile(target):
        with pytest.raises(ExprError) as info:
            make_surface(text)
        msg = str(info.value)
        assert "\n" not in msg and "column" in msg, msg
        assert isinstance(info.value, ValueError)
    assert not target.exists()
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("text, position", [
    ("x.__class__", 1),
    ("2x", 1),
    ("sin(x) + 3y", 10),
    ("x + $", 4),
    ("(x + 1", 0),
    ("x + 1)", 5),
    ("x +", 3),
    ("sin(x, y)", 5),
    ("foo(x)", 0),
    ("'abc'", 0),
    ("sin x", 4),
    ("x ^ 2^100000", 6),
    ("9^9^9^9", 4),       # 9^(9^(9^9)): the exponent 9^(9^9) = 387420489
    ("(" * 50 + "x" + ")" * 50, 40),
    ("x" * 301, 300),
    ("1e400 + x", 0),
])
def test_refusal_names_the_position(text, position):
    with pytest.raises(ExprError) as info:
        parse(text)
    err = info.value
    assert err.position == position
    assert f"at column {position + 1}" in str(err)
    line, marks = err.caret.split("\n")
    assert marks.strip() == "^" and marks.endswith("^")
    if position < len(text):  # the caret sits under the offending character
        assert line[len(marks) - 1] == text[position]


ABSURD = [
    "9^9^9^9",
    "x" * 100_000,
    "(" * 10_000 + "x" + ")" * 10_000,
    "2^100000",
    "1" * 5000,
    "-" * 299 + "x",
    "x" + "^x" * 149,
    "((1e300)^16)^2",
    "(x*1e300)^64",
    "+".join(["x"] * 150),
    "9" * 290 + "^9^9",
    "1e99999999",
]


@pytest.mark.parametrize("text", ABSURD, ids=[t[:12] + f"..{len(t)}" for t in ABSURD])
def test_absurd_input_is_refused_quickly(text):
    t0 = time.perf_counter()
    with pytest.raises(ExprError):
        make_surface(text)
    assert time.perf_counter() - t0 < 1.0


def test_nested_functions_that_stall_sympy_stay_bounded():
    make_surface("x*y")  # load sympy outside the timing
    for text in ["tanh(" * 8 + "x" + " - y)" * 8,
                 "abs(" * 30 + "x" + " - y)" * 30,
                 "sin(" * 38 + "x*y" + ")" * 38]:
        t0 = time.perf_counter()
        try:
            make_surface(text)
        except ExprError:
            pass
        assert time.perf_counter() - t0 < 3.0, text


def test_cancelling_floats_do_not_hide_a_huge_exponent():
    # In floats (1e300 + 1e200) - 1e300 is 0; exactly it is 1e200.
    with pytest.raises(ExprError, match="exponent out of range") as info:
        parse("x^((1e300 + 1e200) - 1e300)")
    assert info.value.position == 4


@pytest.mark.parametrize("text, position, message", [
    ("(2*x)^(x - x + 1e200)", 7, "exponent out of range"),  # only sympy sees x - x = 0
    ("((x - x + 1e200)^(x - x + 64))^(x - x + 64)", 18, "numbers grow too large"),
    ("((2*x)^64)^64", 11, "numbers grow too large"),  # 2^4096 is fine, 2^262144 is not
])
def test_huge_powers_cannot_sneak_past_the_caps(text, position, message):
    make_surface("x*y")  # load sympy outside the timing
    t0 = time.perf_counter()
    with pytest.raises(ExprError, match=message) as info:
        make_surface(text)
    assert time.perf_counter() - t0 < 1.0
    assert info.value.position == position


def test_undefined_points_are_nan_without_warnings():
    p = np.array([[-1.0, -0.5, 0.5, 2.0], [1.0, 0.0, -3.0, 1.0]])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        s = make_surface("log(x) + y")
        f, g, h = s.f(p), s.grad(p), s.hess(p)
        assert np.isnan(f[:2]).all() and np.isnan(g[:, :2]).all() and np.isnan(h[..., :2]).all()
        np.testing.assert_allclose(f[2:], np.log([0.5, 2.0]) + [-3.0, 1.0])
        np.testing.assert_allclose(g[:, 2:], [[2.0, 0.5], [1.0, 1.0]])
        for text in ["sqrt(x) + 1/y", "1/(x - y)", "log(-1) + x", "(x)^0.5", "exp(1000*x)"]:
            s = make_surface(text)
            for out in (s.f(p), s.grad(p), s.hess(p)):
                assert out.dtype == np.float64
                assert not np.isinf(out).any()
        assert np.isnan(make_surface("1/(x - y)").f([1.0, 1.0]))
        assert np.isnan(make_surface("log(-1) + x").grad([1.0, 1.0])).all()


def test_parse_domain():
    assert parse_domain("-2,2,-1,3") == (-2.0, 2.0, -1.0, 3.0)
    assert parse_domain(" -pi , pi, -1e-1, 2^3 ") == (-np.pi, np.pi, -0.1, 8.0)
    for bad in ["1,2,3", "1,2,3,4,5", "", "a,b,c,d", "0,1,nan,1", "0,1,inf,2",
                "2,1,0,1", "0,1,1,1", "x,1,0,1", "0,1e999,0,1", "0,1,log(-1),1",
                "0,1/0,0,1"]:
        with pytest.raises(ValueError) as info:
            parse_domain(bad)
        assert isinstance(info.value, ExprError)
        assert "\n" not in str(info.value) and str(info.value)
    with pytest.raises(ExprError) as info:
        parse_domain("0,1,y,1")
    assert info.value.position == 4


def test_import_loads_neither_sympy_nor_pygame():
    code = ("import sys, game.expr; "
            "assert 'sympy' not in sys.modules, 'sympy'; "
            "assert 'pygame' not in sys.modules, 'pygame'")
    subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=True, timeout=60)


def test_doctests():
    result = doctest.testmod(expr)
    assert result.attempted > 0 and result.failed == 0
