"""PointReadout: f, ∇f and H evaluated once at a point and shared by every
read-out give the numbers of each read-out computed on its own, bit for bit
(written out below as the separate evaluations the read-outs used to make)."""
import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as hs

from game import calculus as calc
from game import surfaces
from game.calculus._sampling import _norm, _pow4, _unscale
from game.calculus.pointwise import _newton_step
from game.surfaces import Surface


def _ev(fn, p):
    with np.errstate(all="ignore"):
        return np.asarray(fn(p), dtype=float)


def separate_curvature(s, x, y):
    p = np.array([float(x), float(y)])
    H, g = _ev(s.hess, p), _ev(s.grad, p)
    if not np.all(np.isfinite(H)):
        return H, np.full(2, np.nan), np.full((2, 2), np.nan), None, None
    Hs, k = _pow4(H)
    lam, vec = np.linalg.eigh(0.5 * (Hs + Hs.T))
    step = _newton_step(H, g) if np.all(np.isfinite(g)) else None
    return H, _unscale(lam, k), vec, calc.classify(H), step


def separate_rose(s, x, y, n):
    theta = np.linspace(0.0, 2.0 * np.pi, n, endpoint=False)
    u = np.stack([np.cos(theta), np.sin(theta)])
    g = _ev(s.grad, np.array([float(x), float(y)]))
    norm = float(_norm(g[0], g[1]))
    if not norm > 0 or not math.isfinite(norm):
        z = np.zeros(n)
        top = math.inf if norm == math.inf and np.all(np.isfinite(g)) else 0.0
        return theta, z, np.zeros((2, n)), z > 0, g, None, None, top, None
    gs, k = _pow4(g)
    d, e = np.clip(_unscale(gs @ u, k), -norm, norm), g / norm
    t = np.array([-e[1], e[0]])
    return (theta, d, u * np.abs(d), d > 0, g, e, float(np.arctan2(e[1], e[0]) % (2 * np.pi)),
            norm, np.stack([t, -t], axis=1))


def separate_lens(s, x, y, radius, n):
    p = np.array([float(x), float(y)])
    t = np.linspace(0.0, 2.0 * np.pi, n, endpoint=False)
    d = radius * np.stack([np.cos(t), np.sin(t)])
    J = _ev(s.hess, p)
    with np.errstate(over="ignore", invalid="ignore"):
        images = _ev(s.grad, p[:, None] + d) - _ev(s.grad, p)[:, None]
        linear = J @ d
    return (p, d, np.where(np.isfinite(images), images, np.nan),
            np.where(np.isfinite(linear), linear, np.nan), J)


def same(a, b):
    """Bit for bit (NaN equal to NaN, −0.0 not equal to 0.0), None to None."""
    if a is None or b is None:
        return a is b
    if isinstance(a, str) or isinstance(b, str):
        return a == b
    a, b = np.asarray(a), np.asarray(b)
    return a.shape == b.shape and a.dtype == b.dtype and a.tobytes() == b.tobytes()


def fields(obj):
    return tuple(getattr(obj, k) for k in obj.__dataclass_fields__)


class Counting:
    """A surface that counts its calls at single points."""

    def __init__(self, s):
        self.s, self.calls = s, {"f": 0, "grad": 0, "hess": 0}
        self.name, self.formula, self.domain = s.name, s.formula, s.domain

    def _wrap(self, name, p):
        if np.asarray(p).shape == (2,):
            self.calls[name] += 1
        return getattr(self.s, name)(p)

    def f(self, p):
        return self._wrap("f", p)

    def grad(self, p):
        return self._wrap("grad", p)

    def hess(self, p):
        return self._wrap("hess", p)


def _log_hess(p):
    x = np.asarray(p, float)[0]
    with np.errstate(all="ignore"):
        n = np.where(x > 0, 0.0, np.nan)
        return np.array([[np.where(x > 0, -1.0 / x ** 2, np.nan), n], [n, n]])


def _log_grad(p):
    x = np.asarray(p, float)[0]
    with np.errstate(all="ignore"):
        return np.array([np.where(x > 0, 1.0 / x, np.nan), 0.0 * x])


LOG = Surface("log_at", "log", lambda p: np.log(np.asarray(p, float)[0]) + 0.0 * p[1],
              _log_grad, _log_hess, (-1.0, 2.0, -1.5, 1.5))
NAMES = ["bowl", "saddle", "himmelblau", "rosenbrock", "monkey", "hill", "beale", "camel"]


def _check(s, x, y):
    at = calc.PointReadout(s, x, y)
    cv = at.curvature()
    assert all(map(same, fields(cv), separate_curvature(s, x, y)))
    for n in (180, 7):
        assert all(map(same, fields(at.rose(n)), separate_rose(s, x, y, n)))
    for radius, n in ((0.12, 64), (1e-3, 5)):
        assert all(map(same, fields(at.lens(radius, n)), separate_lens(s, x, y, radius, n)))
    sl = calc.slices(s, x, y, 50)
    assert all(map(same, fields(at.slices(50)), fields(sl)))
    p = np.array([float(x), float(y)])
    assert same(at.f, float(_ev(s.f, p))) and same(at.grad, _ev(s.grad, p))
    assert same(at.hess, _ev(s.hess, p))
    # the public functions give the same numbers too
    assert all(map(same, fields(calc.curvature(s, x, y)), fields(cv)))
    assert all(map(same, fields(calc.rose(s, x, y, 180)), fields(at.rose(180))))


@settings(max_examples=60, deadline=None)
@given(hs.sampled_from(NAMES + ["log"]), hs.floats(0, 1), hs.floats(0, 1))
def test_shared_readouts_equal_separate_ones(name, u, v):
    s = LOG if name == "log" else surfaces.get(name)
    xmin, xmax, ymin, ymax = s.domain
    _check(s, xmin + u * (xmax - xmin), ymin + v * (ymax - ymin))


@pytest.mark.parametrize("name, x, y", [
    ("hill", 0.0, 0.0),                  # ∇f = 0: no rose maximum, a dome
    ("saddle", 0.0, 0.0), ("bowl", 0.0, 0.0),
    ("log", -0.5, 0.3), ("log", 0.5, 0.3),   # undefined / defined with a singular H
    ("bowl", 1e300, -1e300), ("bowl", 1e-320, 3e-310),
    ("bowl", math.nan, 0.0), ("hill", math.inf, 0.0)])
def test_shared_readouts_at_odd_points(name, x, y):
    _check(LOG if name == "log" else surfaces.get(name), x, y)


def test_each_value_is_evaluated_once_and_each_readout_made_once():
    s = Counting(surfaces.get("himmelblau"))
    at = calc.PointReadout(s, 0.3, -1.2)
    results = [at.curvature(), at.rose(180), at.lens(0.2, 64), at.slices(160), at.f]
    assert s.calls == {"f": 1, "grad": 1, "hess": 1}
    again = [at.curvature(), at.rose(180), at.lens(0.2, 64), at.slices(160), at.f]
    assert all(a is b for a, b in zip(results[:4], again[:4])) and results[4] == again[4]
    assert s.calls == {"f": 1, "grad": 1, "hess": 1}
    assert at.rose(90) is not results[1] and at.rose(90).theta.size == 90
    with pytest.raises(ValueError):
        at.grad[0] = 1.0                 # shared: read-only


def test_painter_keeps_the_readout_while_the_cursor_stays():
    from game.overlays.drawing import PainterBase
    p = PainterBase.__new__(PainterBase)
    p._memo_key = p._memo = None
    s = surfaces.get("bowl")
    a = p._at(s, 0.5, 0.25)
    assert p._at(s, 0.5, 0.25) is a
    b = p._at(s, 0.5, 0.26)
    assert b is not a and b.y == 0.26
    assert p._at(surfaces.get("hill"), 0.5, 0.26) is not b


def _pow4_by_reduction(a):
    """`_pow4` with numpy's max of |a| (the formulation for any size)."""
    a = np.asarray(a, dtype=float)
    top = float(np.max(np.abs(a))) if a.size else 0.0
    if top == 0.0:
        return a.copy(), 0
    e = math.frexp(top)[1]
    k = e if e % 2 == 0 else e + 1
    return np.ldexp(a, -k), k


FLOATS = hs.one_of(hs.floats(allow_nan=True, allow_infinity=True),
                   hs.sampled_from([0.0, -0.0, 1e308, -1.7e308, 5e-324, 1.0, -0.25]))


@settings(max_examples=300, deadline=None)
@given(hs.lists(FLOATS, min_size=0, max_size=6))
def test_pow4_of_a_few_entries_matches_the_reduction(vals):
    a = np.array(vals, dtype=float)
    for arr in (a, a.reshape(2, 2) if a.size == 4 else a):
        with np.errstate(all="ignore"):
            got, want = _pow4(arr), _pow4_by_reduction(arr)
        assert got[1] == want[1] and same(got[0], want[0])
