"""Default learning rates make every named surface's race worth watching; walls keep
each rule's state honest."""
import math
from types import SimpleNamespace

import numpy as np
import pytest

from game import surfaces
from game.expr import make_surface
from game.optim import RACE_DEFAULT, get, names
from game.optim.defaults import LR_CEILING, TABLE, default_lr, formula_lr
from game.optim.minimum import known_minimum
from game.optim.race import default_start, race
from game.optim.tick import STOP_NONE, STOP_UNDEFINED, Balls, advance, bounds, walls

TICKS_PER_SECOND = 60
VISIBLE = 0.015          # of the domain's width: ~12 px of a 1280×800 window's square map
ENOUGH = 1200            # ticks: 20 s at normal speed
NO_MINIMUM = ("hill", "cubic", "saddle", "monkey")


@pytest.fixture(scope="module")
def races():
    return {n: race(surfaces.get(n), list(RACE_DEFAULT) + ["newton"], ticks=ENOUGH)
            for n in surfaces.names()}


def test_the_table_covers_every_named_surface_and_rule():
    assert set(TABLE) == set(surfaces.names())
    assert all(set(row) == set(names()) for row in TABLE.values())
    for row in TABLE.values():
        for name, lr in row.items():
            get(name).check({"lr": lr})


@pytest.mark.parametrize("surface", surfaces.names())
def test_every_ball_moves_visibly_in_the_first_second(races, surface):
    s = surfaces.get(surface)
    width = s.domain[1] - s.domain[0]
    for p in races[surface]:
        moved = np.hypot(*(p.xy[:TICKS_PER_SECOND + 1] - p.xy[0]).T).max()
        assert moved >= VISIBLE * width, (p.name, moved / width)


@pytest.mark.parametrize("surface", surfaces.names())
def test_every_ball_stays_finite_inside_and_stable(races, surface):
    xmin, xmax, ymin, ymax = surfaces.get(surface).domain
    for p in races[surface]:
        assert np.isfinite(p.xy).all() and np.isfinite(p.f).all()
        assert (p.xy[:, 0] >= xmin).all() and (p.xy[:, 0] <= xmax).all()
        assert (p.xy[:, 1] >= ymin).all() and (p.xy[:, 1] <= ymax).all()
        assert not p.diverged, p.name


@pytest.mark.parametrize("surface", [n for n in surfaces.names() if n not in NO_MINIMUM])
def test_the_fastest_of_the_default_race_converges_within_20_seconds(races, surface):
    s = surfaces.get(surface)
    f_star = known_minimum(s).f_star
    assert f_star is not None
    done = [p.converged_at for p in races[surface] if p.name in RACE_DEFAULT and p.converged_at]
    assert done and min(done) <= ENOUGH
    fastest = min((p for p in races[surface] if p.converged_at), key=lambda p: p.converged_at)
    k = fastest.converged_at
    assert fastest.f[k] - f_star <= 1e-8 and fastest.f[k - 1] - f_star > 1e-8


@pytest.mark.parametrize("surface", NO_MINIMUM)
def test_without_a_minimum_every_descent_rule_goes_downhill(races, surface):
    """Hill, cubic, saddle and monkey have no minimum in the domain: instead of
    convergence, every rule of the default race ends lower than it started."""
    for p in races[surface]:
        if p.name in RACE_DEFAULT:
            assert p.f[-1] < p.f[0] - 1.0, p.name


def test_newton_heads_for_the_peak_of_the_hill(races):
    newton = next(p for p in races["hill"] if p.name == "newton")
    assert newton.converged_at is not None                    # |∇f| ≤ 1e-8 at the peak
    np.testing.assert_allclose(newton.xy[-1], [0.0, 0.0], atol=1e-8)


def test_typed_surfaces_use_the_formula():
    s = make_surface("x^2 + 100*y^2")                         # λmax = 200 everywhere, width 4
    assert default_lr("gd", s) == pytest.approx(0.1 / 200)
    assert default_lr("momentum", s) == pytest.approx(0.02 / 200)
    assert default_lr("adam", s) == pytest.approx(0.005 * 4)
    assert default_lr("adagrad", s) == pytest.approx(0.05 * 4)
    assert default_lr("newton", s) == 0.05
    bowl = surfaces.get("bowl")
    wide = SimpleNamespace(name="bowl", domain=(-8.0, 8.0, -8.0, 8.0), hess=bowl.hess)
    assert default_lr("adam", wide) == formula_lr("adam", wide) == pytest.approx(0.005 * 16)
    assert default_lr("adam", bowl) == TABLE["bowl"]["adam"]


def test_the_formula_gives_a_valid_lr_near_the_float_range():
    from game import tuning
    # a domain 3e308 wide (xmax − xmin overflows): lr = factor × width, the width
    # being 2 × 1.5e308, so adam's 0.005 × width is 0.01 × 1.5e308
    wide = plane(1.0, 1.0, domain=(-1.5e308, 1.5e308, -1.0, 1.0))
    assert formula_lr("adam", wide) == pytest.approx(0.01 * 1.5e308, rel=1e-12)
    assert formula_lr("adagrad", wide) == pytest.approx(0.1 * 1.5e308, rel=1e-12)
    assert formula_lr("rmsprop", wide) == pytest.approx(0.005 * 1.5e308, rel=1e-12)
    # H = 1e308·I: a + c overflows, yet λmax = 1e308, so gd's lr is 0.1/1e308
    stiff = SimpleNamespace(domain=(-1.0, 1.0, -1.0, 1.0),
                            hess=lambda p: np.multiply.outer(np.eye(2) * 1e308, np.ones(np.shape(p)[1:])))
    assert formula_lr("gd", stiff) == pytest.approx(1e-309, rel=1e-12)
    assert formula_lr("momentum", stiff) == pytest.approx(2e-310, rel=1e-9)
    # H = 2e-320 (subnormal) along x: 0.1/2e-320 is past the float range: the ceiling
    flat = make_surface("1e-300*1e-20*x^2")
    assert formula_lr("gd", flat) == formula_lr("nesterov", flat) == LR_CEILING == 1.7e308
    for s in (wide, stiff, flat):
        for name in names():
            lr = formula_lr(name, s)
            assert 0 < lr < math.inf and get(name).check({"lr": lr})["lr"] == lr
    assert tuning.default_lr("gd", flat) == LR_CEILING


def test_default_start_is_seven_eighths_across():
    assert default_start(surfaces.get("rosenbrock")) == (-2.0 + 0.875 * 4, -1.0 + 0.875 * 4)


# --- walls -------------------------------------------------------------------

def plane(gx, gy, domain=(-2.0, 2.0, -2.0, 2.0)):
    """A tilted plane with constant gradient (gx, gy)."""
    return SimpleNamespace(
        domain=domain, critical_points=(),
        f=lambda p: gx * np.asarray(p)[0] + gy * np.asarray(p)[1],
        grad=lambda p: np.broadcast_to(np.array([gx, gy]).reshape((2,) + (1,) * (np.ndim(p) - 1)),
                                       np.shape(p)).astype(float),
        hess=lambda p: np.zeros((2, 2) + np.shape(p)[1:]))


def test_momentum_buffer_bounces_with_restitution():
    # buf = g = (-5, 1) on step 1; x = 1.9 + 0.1·5 = 2.4 → wall at 2, buf_x → -0.5·(-5) = 2.5
    # the step is downhill (f = −5x + y falls from −9.5 to −12.1): no pin, not diverged
    surface = plane(-5.0, 1.0)
    b = Balls(get("momentum"), {"lr": 0.1, "momentum": 0.9}, surface, [[1.9], [0.0]])
    advance(b, surface, bounds(surface))
    assert b.x.ravel().tolist() == [2.0, -0.1] and b.steps.tolist() == [1]
    assert b.pins.tolist() == [0] and not b.diverged[0] and b.stopped[0] == STOP_NONE
    assert b.state["buf"].ravel().tolist() == [2.5, 1.0]


def test_gradient_statistics_meet_walls_unchanged():
    surface = plane(-5.0, 0.0)
    for name in ("adam", "rmsprop", "adagrad"):
        rule = get(name)
        hp = rule.check({"lr": 0.5})
        alone = rule.init(1)
        x0 = np.array([[1.9], [0.0]])
        expect, alone = rule.step(x0, surface.grad(x0), None, alone, np.array([1]), hp)
        assert expect[0, 0] > 2.0                             # the rule walks through the wall
        b = Balls(rule, hp, surface, x0)
        advance(b, surface, bounds(surface))
        assert b.x[0, 0] == 2.0
        for k in b.state:
            np.testing.assert_array_equal(b.state[k], alone[k])


def test_a_ball_where_the_gradient_is_undefined_does_not_step():
    base = surfaces.get("bowl")
    holey = SimpleNamespace(domain=base.domain, hess=base.hess, f=base.f,
                            grad=lambda p: np.where(np.asarray(p)[0] > 1.0, np.nan, base.grad(p)))
    rule = get("adam")
    b = Balls(rule, rule.check({"lr": 0.1}), holey, [[1.5, 0.5], [1.0, 1.0]])
    assert b.stopped.tolist() == [STOP_UNDEFINED, STOP_NONE]     # known at the start
    advance(b, holey, bounds(holey))
    assert b.x[:, 0].tolist() == [1.5, 1.0] and b.steps.tolist() == [0, 1]
    assert b.state["exp_avg"][:, 0].tolist() == [0.0, 0.0] and b.state["exp_avg"][1, 1] != 0.0


def test_walls_clip_and_report_hits():
    lo, hi = np.array([[-1.0], [-1.0]]), np.array([[1.0], [1.0]])
    state = {"buf": np.array([[1.0, -2.0], [3.0, 0.5]])}
    x, hit = walls(np.array([[0.5, -3.0], [1.5, 0.0]]), lo, hi, state, ("buf",), 0.5)
    assert x.tolist() == [[0.5, -1.0], [1.0, 0.0]]
    assert hit.tolist() == [[False, True], [True, False]]
    assert state["buf"].tolist() == [[1.0, 1.0], [-1.5, 0.5]]


@pytest.mark.parametrize("lr, diverged", [(0.19, False), (0.21, True)])
def test_gd_past_its_stability_limit_is_diverged(lr, diverged):
    p = race(surfaces.get("bowl"), [("gd", {"lr": lr})], (1.5, 1.5), 300)[0]
    assert p.diverged is diverged
    assert (p.converged_at is not None) is not diverged
