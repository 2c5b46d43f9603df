"""Property-based tests of the numeric rooms with Hypothesis.

(a) Any text, and any expression the grammar can make within its bounds
    (huge and tiny numbers, x, y, pi, e, + - * / ^ **, every function, any
    nesting), either is refused with a clear ExprError or compiles to a
    surface whose f, gradient and Hessian, at any finite points, are float
    arrays of the right shape holding finite numbers or NaN; everything
    downstream (the calculus read-outs, the colour field and contours, the
    suggested η) runs on it without an exception or a warning.
(b) On smooth expressions (polynomials, sin/cos/exp of bounded
    polynomials, their products and sums) the exact gradient agrees with
    central differences of f, and the exact Hessian with central
    differences of the gradient.
(c) Any sequence of zoom and pan actions, with any arguments, on any valid
    domain, keeps the view finite and non-empty.

Warnings are errors (pyproject, and again inside each property). The normal
suite runs a bounded, derandomized set of examples in well under a minute; a
long campaign: ``GC_FUZZ_EXAMPLES=20000 .venv/bin/python -m pytest
tests/test_expr_props.py`` (see tests/fuzz_settings.py).
"""
from __future__ import annotations

import json
import math
import re
import warnings

import numpy as np
from fuzz_settings import campaign_examples, fuzz_settings
from hypothesis import assume, event, given, note
from hypothesis import strategies as st
from test_numeric_view import assert_good_view

from game import calculus, field, optim, tuning, views
from game import state as gs
from game.expr import FUNCTIONS, ExprError, make_surface
from game.expr.domain import _check_domain
from game.viewport import Viewport

EPS = np.finfo(float).eps


def props(examples: int, **kw):
    """Bounded and repeatable in the suite, random in a campaign."""
    return fuzz_settings(examples, derandomize=campaign_examples() is None, **kw)


DEFAULT_DOMAIN = (-2.0, 2.0, -2.0, 2.0)


@st.composite
def typed_domains(draw):
    """Domains a user may type: any that ``_check_domain`` accepts."""
    side = []
    for _ in range(2):
        kind = draw(st.sampled_from(["ordinary", "huge", "far", "tiny", "edge"]))
        if kind == "ordinary":
            lo, width = draw(st.floats(-10, 10)), draw(st.floats(1e-3, 100))
        elif kind == "huge":
            lo, width = draw(st.floats(-1e300, 0)), draw(st.floats(1, 1e300))
        elif kind == "far":                      # far from 0, as narrow as allowed and more
            lo = draw(st.floats(1e6, 1e15)) * draw(st.sampled_from([1, -1]))
            width = abs(lo) * draw(st.floats(1.5e-11, 1.0))
        elif kind == "tiny":
            lo, width = draw(st.floats(-1e-90, 1e-90)), draw(st.floats(1e-100, 1e-90))
        else:
            lo, width = draw(st.sampled_from([(-1e300, 2e300), (0.0, 1e-100), (1e15, 8192.0),
                                              (1e300 - 1e285, 1e285)]))
        side += [lo, lo + width]
    try:
        return _check_domain(side)
    except ValueError:
        assume(False)


# --- (a) the grammar ---------------------------------------------------------------

NUMBERS = st.one_of(
    st.integers(0, 10 ** 12).map(str),
    st.floats(min_value=0.0, allow_nan=False, allow_infinity=False).map(repr),
    st.sampled_from(["1e300", "1e-300", "1e160", "9.99e299", "0", "0.0", ".5", "1e16",
                     "2.5E+4", "1e308", "710", "1e-7", "3."]),
)
VARIABLES = st.sampled_from(["x", "y", "x", "y", "pi", "e"])
SMALL = st.one_of(st.integers(0, 9).map(str), st.sampled_from(["0.5", "1.5", "2", "3", ".25"]))
ATOMS = st.one_of(VARIABLES, VARIABLES, SMALL, NUMBERS)
OPERATORS = st.sampled_from(["+", "-", "*", "/", "^", "**"])


def _extend(children):
    return st.one_of(
        st.builds(lambda a, op, b: f"({a}){op}({b})", children, OPERATORS, children),
        st.builds(lambda a, op, b: f"{a} {op} {b}", children, OPERATORS, children),
        st.builds(lambda fn, a: f"{fn}({a})", st.sampled_from(FUNCTIONS), children),
        st.builds(lambda sign, a: f"{sign}{a}", st.sampled_from(["-", "+", "\u2212"]), children),
    )


EXPRESSIONS = st.recursive(ATOMS, _extend, max_leaves=10)
COORD = st.one_of(st.floats(-3.0, 3.0),
                  st.floats(allow_nan=False, allow_infinity=False),
                  st.sampled_from([0.0, -0.0, 1e-300, 5e-324, 1e308, -1.7976931348623157e308]))
POINTS = st.lists(st.tuples(COORD, COORD), min_size=1, max_size=5)


def _no_inf_float(out, shape):
    assert isinstance(out, np.ndarray) and out.dtype == np.float64, type(out)
    assert out.shape == shape, (out.shape, shape)
    assert not np.isinf(out).any()                # finite, or NaN where undefined


def _check_surface(s, pts):
    p = np.array(pts, dtype=float).T                                   # (2, k)
    for q in (p, p[:, 0], p.reshape(2, -1, 1)):
        _no_inf_float(s.f(q), q.shape[1:])
        _no_inf_float(s.grad(q), q.shape)
        _no_inf_float(s.hess(q), (2,) + q.shape)
    return p


def _check_downstream(s, x, y):
    """Everything the app computes from a surface, at one point."""
    json.dumps(calculus.probe(s, x, y), allow_nan=False)
    cv = calculus.curvature(s, x, y)
    assert cv.newton_step is None or np.isfinite(cv.newton_step).all()
    r = calculus.rose(s, x, y, n=16)
    assert np.isfinite(r.d).all() and np.isfinite(r.curve).all()
    calculus.slices(s, x, y, n=16)
    calculus.jacobian_lens(s, x, y, 0.1, n=8)
    lc = calculus.level_curve(s, x, y, max_steps=20)
    assert np.isfinite(lc.points).all()
    q = calculus.quiver(s, s.domain, 4, 3)
    assert np.isfinite(q.grad).all() and np.isfinite(q.norm).all()
    calculus.gradient_scale(s, 9)
    for name in optim.names():
        lr = tuning.default_lr(name, s)
        assert math.isfinite(lr) and lr > 0
    for view in (s.domain, views.zoom_view(s.domain, s.domain, x, y, 4.0)):
        vp = Viewport.fit(view, (0, 0, 12, 9))
        fld = field.build(s, vp)
        assert fld.rgb.dtype == np.uint8 and fld.rgb.shape == vp.size + (3,)
        alpha, levels = field.contour_alpha(s, fld, vp.scale)
        assert np.isfinite(alpha).all() and alpha.min() >= 0 and alpha.max() <= 1
        assert np.isfinite(levels).all()
        assert all(math.isfinite(v) for _, v in field.colorbar(fld.scale, 8)[1])


@props(40)
@given(text=EXPRESSIONS, pts=POINTS, domain=st.one_of(st.just(DEFAULT_DOMAIN), typed_domains()))
def test_any_expression_compiles_or_is_refused_and_never_raises(text, pts, domain):
    note(f"text = {text!r}")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        try:
            s = make_surface(text, domain)
        except ExprError as err:
            assert str(err)
            event("refused: " + re.sub(r"[-+.\w]*\d[-+.\w]*", "N", err.reason)[:50])
            return
        event("compiled")
        p = _check_surface(s, pts)
        x, y = (float(v) for v in p[:, 0])
        _check_downstream(s, x, y)
        _check_downstream(s, 0.5, -1.25)


GRAMMAR_TEXT = st.text(alphabet="xy0123456789.eE+-*/^() pisnctaqrbhlog,\u2212", max_size=60)


@props(120)
@given(text=st.one_of(st.text(max_size=80), GRAMMAR_TEXT))
def test_any_text_is_a_surface_or_an_expr_error(text):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        try:
            s = make_surface(text)
        except ExprError as err:
            assert str(err)
            return
        _check_surface(s, [(0.5, -0.25), (1e300, 0.0)])


# --- (b) derivatives against central differences ------------------------------------
#
# f is a sum of pieces c·x^i·y^j·F(q) with F in {1, sin, cos, exp} and
# q = a·x + b·y + k + m·x·y a bounded polynomial, on [-2, 2]². Each piece is
# also written out here in numpy, which gives f independently and a bound M
# on the size of the terms that rounding acts on.
#
# Step h = 2^-17 ≈ 7.6e-6, a power of 2 near the optimum ε^(1/3) for central
# differences: the truncation error C·h² (C ~ |f'''|/6) and the rounding error
# ~ ε·M/h (≈ 3e-11·M) are then of similar size. Rather than guessing |f'''|,
# the truncation error is measured: D(h) − g = C·h² + O(h⁴) and
# D(2h) − D(h) = 3·C·h² + O(h⁴), so |D(2h) − D(h)| bounds the truncation error
# of D(h) three times over (Richardson). The tolerance adds 64·ε·M/h for the
# rounding of f on the stencil (each piece takes at most ~10 roundings, each
# amplified by at most (1 + |q|) through F: M sums |c|·(1+|x|+|y|)³·max(1,
# e^q)·(1 + |q|) over the pieces). A wrong derivative (a sign, a factor, a
# missing term) is off by O(|g|) and fails by orders of magnitude.

H = 2.0 ** -17
COEF = st.floats(-5.0, 5.0).map(lambda v: round(v, 3))
SLOPE = st.floats(-1.5, 1.5).map(lambda v: round(v, 3))
NP_F = {"1": lambda q: np.ones_like(q), "sin": np.sin, "cos": np.cos, "exp": np.exp}


@st.composite
def pieces(draw):
    out = []
    for _ in range(draw(st.integers(1, 3))):
        i = draw(st.integers(0, 3))
        j = draw(st.integers(0, 3 - i))
        fn = draw(st.sampled_from(list(NP_F)))
        a, b, k = draw(SLOPE), draw(SLOPE), draw(st.floats(-1.0, 1.0).map(lambda v: round(v, 3)))
        m = draw(st.floats(-0.5, 0.5).map(lambda v: round(v, 3)))
        out.append((draw(COEF), i, j, fn, a, b, k, m))
    return out


def _text(ps):
    terms = []
    for c, i, j, fn, a, b, k, m in ps:
        t = f"({c})*x^{i}*y^{j}"
        if fn != "1":
            t += f"*{fn}(({a})*x + ({b})*y + ({k}) + ({m})*x*y)"
        terms.append(t)
    return " + ".join(terms)


def _reference(ps, x, y):
    """(f, M): f written out in numpy, and the rounding scale M."""
    f = M = 0.0
    for c, i, j, fn, a, b, k, m in ps:
        q = a * x + b * y + k + m * x * y
        f += c * x ** i * y ** j * NP_F[fn](q)
        size = abs(q) if fn != "1" else 0.0
        grow = math.exp(max(q, 0.0)) if fn == "exp" else 1.0
        M += abs(c) * (1 + abs(x) + abs(y)) ** 3 * grow * (1 + size)
    return f, M


XY = st.floats(-2.0, 2.0)


@props(30)
@given(ps=pieces(), x=XY, y=XY)
def test_gradient_and_hessian_agree_with_central_differences(ps, x, y):
    text = _text(ps)
    note(f"text = {text!r}")
    s = make_surface(text)
    p = np.array([x, y])
    f_ref, M = _reference(ps, x, y)
    assert abs(float(s.f(p)) - f_ref) <= 64 * EPS * M + 1e-300
    M = max(_reference(ps, x + dx, y + dy)[1] for dx in (-2 * H, 2 * H) for dy in (-2 * H, 2 * H))
    g, Hs = s.grad(p), s.hess(p)
    assert np.isfinite(g).all() and np.isfinite(Hs).all()
    assert Hs[0, 1] == Hs[1, 0]
    rounding = 64 * EPS * M / H
    for axis in (0, 1):
        e = np.zeros(2)
        e[axis] = 1.0

        def diff(fn, h):
            return (fn(p + h * e) - fn(p - h * e)) / (2 * h)

        d1, d2 = diff(s.f, H), diff(s.f, 2 * H)
        assert abs(d1 - g[axis]) <= abs(d2 - d1) + rounding, (axis, d1, d2, g)
        # the Hessian's column `axis` against differences of the gradient
        # (its terms are one derivative of f's: at most (1 + |a| + |b| + ...)
        # times larger, bounded here by a factor 8 on the rounding)
        h1, h2 = diff(s.grad, H), diff(s.grad, 2 * H)
        assert (np.abs(h1 - Hs[:, axis]) <= np.abs(h2 - h1) + 8 * rounding).all(), (
            axis, h1, h2, Hs)


# --- (c) zoom and pan ---------------------------------------------------------------

ANY_NUMBER = st.one_of(st.floats(), st.sampled_from([1e308, -1e308, 5e-324, 0.0, 1e-300]),
                       st.integers(-(10 ** 400), 10 ** 400))
ACTIONS = st.lists(st.one_of(
    st.tuples(st.just(gs.ZOOM), st.tuples(ANY_NUMBER, ANY_NUMBER, ANY_NUMBER)),
    st.tuples(st.just(gs.ZOOM), st.tuples(st.floats(-3, 3), st.floats(-3, 3),
                                           st.floats(1e-3, 1e3))),
    st.tuples(st.just(gs.PAN), st.tuples(ANY_NUMBER, ANY_NUMBER)),
    st.tuples(st.just(gs.RESET_VIEW), st.none()),
), max_size=30)


@props(150)
@given(domain=typed_domains(), actions=ACTIONS)
def test_zoom_and_pan_keep_every_view_finite_and_non_empty(domain, actions):
    s = gs.State(surface=gs.CUSTOM, expr="x", domain=domain)
    for name, arg in actions:
        s = gs.apply(s, gs.Action(name, arg))
        assert_good_view(s.view or domain, domain)


FLOAT_DOMAIN_SIDE = st.tuples(st.floats(allow_nan=False, allow_infinity=False),
                              st.floats(allow_nan=False, allow_infinity=False)).filter(
    lambda t: t[0] != t[1]).map(lambda t: tuple(sorted(t)))
VIEWS = st.one_of(st.none(), st.tuples(ANY_NUMBER, ANY_NUMBER, ANY_NUMBER, ANY_NUMBER))


@props(150)
@given(xs=FLOAT_DOMAIN_SIDE, ys=FLOAT_DOMAIN_SIDE, view=VIEWS, actions=ACTIONS)
def test_view_functions_on_any_float_domain(xs, ys, view, actions):
    """Beyond what may be typed, zoom_view and pan_view hold for any domain
    of finite floats, from any starting view, however absurd."""
    domain = xs + ys
    for name, arg in actions:
        if name == gs.ZOOM:
            view = views.zoom_view(view, domain, *arg)
        elif name == gs.PAN:
            view = views.pan_view(view, domain, *arg)
        else:
            continue
        assert_good_view(view, domain)
