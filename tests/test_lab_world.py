"""The lab's world: per-ball rules in groups, walls, cap, divergence, convergence."""
import math

import numpy as np
import pytest

from periodic import run_until_periodic
from game import optim, surfaces
from game.balls import NOT_YET, STOP_NONE, STOP_OVERFLOW, STOP_SINGULAR, STOP_UNDEFINED
from game.world import World
from game.optim.tick import PIN_TICKS
from game.surfaces import Surface

BOWL = surfaces.get("bowl")
STEEP = Surface("steep", "1e200 x", f=lambda p: 1e200 * np.asarray(p, float)[0],
                grad=lambda p: np.array([np.full(np.shape(p)[1:], 1e200), np.zeros(np.shape(p)[1:])]),
                hess=lambda p: np.zeros((2, 2) + np.shape(p)[1:]), domain=(-2.0, 2.0, -2.0, 2.0))


def solo(rule_name, hyper, start, ticks, surface=BOWL):
    """The rule stepped alone, by a loop written here: one column, the rule's own
    init and step, the walls applied by hand (none are hit in these runs)."""
    rule = optim.get(rule_name)
    hp = rule.check(hyper)
    x = np.array(start, dtype=float).reshape(2, 1)
    state = rule.init(1)
    path = []
    for t in range(1, ticks + 1):
        g = surface.grad(x)
        H = surface.hess(x) if rule.needs_hess else None
        x, state = rule.step(x, g, H, state, np.array([t]), hp)
        assert BOWL.contains(*x[:, 0])
        path.append(x[:, 0].copy())
    return np.array(path)


def column_of(world, ball_id):
    for g in world.groups.values():
        c = g.column(ball_id)
        if c is not None:
            return g, c
    raise KeyError(ball_id)


def test_two_rules_spawned_at_different_ticks_move_as_each_alone_bit_for_bit():
    hyper = {"adam": {"lr": 0.05, "betas": (0.8, 0.99)}, "momentum": {"lr": 0.01, "momentum": 0.95}}
    w = World(BOWL, "adam", hyper=hyper)
    a = w.spawn([1.2, -0.7])[0]
    w.run(17)
    b = w.spawn([-0.9, 0.4], optimizer="momentum")[0]
    path_a, path_b = [], []
    for _ in range(200):
        w.tick()
        ga, ca = column_of(w, a)
        gb, cb = column_of(w, b)
        path_a.append(ga.x[:, ca].copy())
        path_b.append(gb.x[:, cb].copy())
    alone_a = solo("adam", hyper["adam"], [1.2, -0.7], 217)[17:]
    alone_b = solo("momentum", hyper["momentum"], [-0.9, 0.4], 200)
    assert np.array_equal(np.array(path_a), alone_a)
    assert np.array_equal(np.array(path_b), alone_b)
    assert w.groups["adam"].steps[0] == 217 and w.groups["momentum"].steps[0] == 200


def test_heavy_ball_is_torch_sgd_with_momentum_by_hand():
    # torch.optim.SGD(lr, momentum): b = g on the first step, then b ← μb + g; p ← p − lr·b
    lr, mu = 0.02, 0.9
    w = World(BOWL, "momentum", hyper={"momentum": {"lr": lr, "momentum": mu}})
    w.spawn([1.0, 0.8])
    p, b = np.array([1.0, 0.8]), None
    for _ in range(200):
        g = np.array([2 * p[0], 10 * p[1]])
        b = g.copy() if b is None else mu * b + g
        p = p - lr * b
        w.tick()
        np.testing.assert_allclose(w.groups["momentum"].x[:, 0], p, rtol=1e-12, atol=1e-15)


def test_a_stopped_ball_in_the_group_changes_nobody_else():
    # f = sqrt(x + 1) + y²: undefined for x < −1. The ball there stops; its
    # neighbour in the same group moves exactly as it would alone.
    s = Surface("sqrt", "sqrt(x+1) + y²",
                f=lambda p: np.sqrt(np.asarray(p, float)[0] + 1) + np.asarray(p, float)[1] ** 2,
                grad=lambda p: np.array([0.5 / np.sqrt(np.asarray(p, float)[0] + 1),
                                         2 * np.asarray(p, float)[1]]),
                hess=lambda p: np.zeros((2, 2) + np.shape(p)[1:]),
                domain=(-2.0, 2.0, -2.0, 2.0))
    hp = {"adam": {"lr": 0.01}}
    w = World(s, "adam", hyper=hp)
    w.spawn(np.array([[-1.5, 1.0], [0.5, 0.5]]))
    alone = World(s, "adam", hyper=hp)
    alone.spawn([1.0, 0.5])
    with np.errstate(all="ignore"):
        w.run(50)
    alone.run(50)
    g = w.groups["adam"]
    assert g.stopped.tolist() == [STOP_UNDEFINED, STOP_NONE]
    assert g.x[:, 0].tolist() == [-1.5, 0.5] and g.steps.tolist() == [0, 50]
    assert np.array_equal(g.x[:, 1], alone.groups["adam"].x[:, 0])
    assert np.array_equal(g.state["exp_avg"][:, 1], alone.groups["adam"].state["exp_avg"][:, 0])


def test_hyperparameters_belong_to_the_group():
    w = World(BOWL, "adam", hyper={"adam": {"lr": 0.05}, "gd": {"lr": 0.01}})
    w.spawn(np.array([[1.0, -1.0], [0.5, 0.3]]))
    w.spawn([0.7, 0.7], optimizer="gd")
    w.run(5)
    adam, gd = w.groups["adam"], w.groups["gd"]
    before_gd = gd.x.copy()
    w.set_hyper("adam", lr=0.2)
    # both Adam balls take their next step with lr 0.2, from their own state
    rule = optim.get("adam")
    state = {k: v.copy() for k, v in adam.state.items()}
    expect, _ = rule.step(adam.x.copy(), adam.grad.copy(), None, state, adam.steps + 1, w.hyper("adam"))
    w.tick()
    assert w.hyper("adam")["lr"] == 0.2
    assert np.array_equal(adam.x, expect)
    # gd untouched by Adam's change: x ← x − 0.01·∇f
    np.testing.assert_array_equal(gd.x, before_gd - 0.01 * BOWL.grad(before_gd))
    with pytest.raises(ValueError):
        w.set_hyper("adam", lr=-1.0)
    assert w.hyper("adam")["lr"] == 0.2


def test_choosing_another_optimizer_leaves_balls_in_flight_alone():
    w = World(BOWL, "momentum")
    first = w.spawn([1.0, 1.0])[0]
    w.run(3)
    w.set_optimizer("gd")
    second = w.spawn([-1.0, 1.0])[0]
    assert column_of(w, first)[0].rule.name == "momentum"
    assert column_of(w, second)[0].rule.name == "gd"
    assert w.groups["momentum"].steps[0] == 3 and w.groups["gd"].steps[0] == 0


def test_walls_reflect_the_momentum_buffer_and_leave_adam_moments_alone():
    # 1-D slope f = −3x on [−2, 2] (∇f = (−3, 0)): every ball is pushed into x = 2.
    slope = Surface("slope", "−3x", f=lambda p: -3.0 * np.asarray(p, float)[0],
                    grad=lambda p: np.array([np.full(np.shape(p)[1:], -3.0), np.zeros(np.shape(p)[1:])]),
                    hess=lambda p: np.zeros((2, 2) + np.shape(p)[1:]), domain=(-2.0, 2.0, -2.0, 2.0))
    w = World(slope, "momentum", hyper={"momentum": {"lr": 0.1, "momentum": 0.5},
                                        "adam": {"lr": 0.5}})
    w.spawn([1.5, 0.0])
    w.spawn([1.5, 0.0], optimizer="adam")
    # momentum by hand: b1 = −3, x = 1.8;  b2 = 0.5·(−3) − 3 = −4.5, x = 1.8 + 0.45 = 2.25 → wall:
    # x = 2 and b = −0.5·(−4.5) = 2.25;  b3 = 0.5·2.25 − 3 = −1.875, x = 2.1875 → wall, b = 0.9375
    buf = []
    for _ in range(3):
        w.tick()
        buf.append(w.groups["momentum"].state["buf"][0, 0])
    assert w.groups["momentum"].x[0, 0] == 2.0
    assert buf == pytest.approx([-3.0, 2.25, 0.9375], abs=1e-15)
    # Adam's moments are the moments of the gradient sequence (all −3), walls or not
    b1, b2 = w.hyper("adam")["betas"]
    g = w.groups["adam"]
    assert g.x[0, 0] == 2.0
    m = -3.0 * (1 - b1 ** 3)
    v = 9.0 * (1 - b2 ** 3)
    assert g.state["exp_avg"][0, 0] == pytest.approx(m, rel=1e-14)
    assert g.state["exp_avg_sq"][0, 0] == pytest.approx(v, rel=1e-14)


def test_cap_removes_the_oldest_of_any_rule_and_ids_are_stable():
    w = World(BOWL, "gd", cap=5)
    ids = list(w.spawn(np.array([[0.1, 0.2, 0.3], [0.0] * 3])))
    ids += list(w.spawn(np.array([[0.4, 0.5], [0.0] * 2]), optimizer="adam"))
    assert ids == [0, 1, 2, 3, 4]
    new = w.spawn(np.array([[0.6, 0.7], [0.0, 0.0]]), optimizer="momentum")
    assert new.tolist() == [5, 6] and w.count == 5
    assert w.groups["gd"].ids.tolist() == [2]
    assert w.groups["adam"].ids.tolist() == [3, 4]
    assert w.groups["momentum"].ids.tolist() == [5, 6]
    assert w.groups["gd"].x[0].tolist() == [0.3]
    # a spawn bigger than the cap keeps its last points
    big = w.spawn(np.array([np.linspace(-1, 1, 8), np.zeros(8)]), optimizer="gd")
    assert w.count == 5 and w.groups["gd"].ids.tolist() == big[-5:].tolist()
    assert w.groups["gd"].trail.shape == (2, w.trail_len, 5)


def test_capacity_grows_and_columns_keep_their_balls():
    w = World(BOWL, "gd", cap=1000)
    rng = np.random.default_rng(3)
    pts = rng.uniform(-2, 2, size=(2, 700))
    for k in range(0, 700, 70):
        w.spawn(pts[:, k:k + 70])
    g = w.groups["gd"]
    assert g.capacity >= 700 and np.array_equal(g.x, pts)
    w.spawn(rng.uniform(-2, 2, size=(2, 600)))
    assert w.count == 1000 and g.ids[0] == 300 and np.array_equal(g.x[:, :400], pts[:, 300:])


@pytest.mark.parametrize("lr, diverged", [(0.05, False), (0.19, False), (0.21, True), (0.3, True), (1e3, True)])
def test_gradient_descent_on_the_bowl_diverges_past_two_over_lambda_max(lr, diverged):
    # λmax = 10: GD is stable iff lr < 2/10 = 0.2
    w = World(BOWL, "gd", hyper={"gd": {"lr": lr}})
    w.spawn(np.array([[1.0, -1.5, 0.3], [0.8, 0.2, -1.9]]))
    w.run(400)
    g = w.groups["gd"]
    assert g.diverged.tolist() == [diverged] * 3
    assert np.isfinite(g.x).all() and (np.abs(g.x) <= 2).all()
    if not diverged:
        assert (g.converged_at > 0).all()
    else:
        assert (g.converged_at == NOT_YET).all() and (g.pins >= PIN_TICKS).all()


@pytest.mark.parametrize("lr, diverged", [(0.3, False), (0.37, False), (0.4, True)])
def test_heavy_ball_diverges_past_its_limit(lr, diverged):
    # μ = 0.9, λmax = 10: stable iff lr < (2 + 2μ)/λmax = 0.38. From y = 0.3 the
    # transient of the stable runs stays inside the domain (|y| < 1.5), so the walls
    # play no part in them.
    w = World(BOWL, "momentum", hyper={"momentum": {"lr": lr, "momentum": 0.9}})
    w.spawn([1.0, 0.3])
    w.run(3000)
    assert w.groups["momentum"].diverged[0] == diverged


def test_a_step_past_the_float_range_is_taken_by_the_wall_and_pins_the_ball():
    # lr = 1e308 on the bowl: x − lr·b overflows to ±inf, a step past the wall; it
    # is uphill (f(±inf) = inf), so after PIN_TICKS such ticks the ball is diverged
    w = World(BOWL, "momentum", hyper={"momentum": {"lr": 1e308, "momentum": 0.99}})
    w.spawn([1.0, 0.8])
    w.run(PIN_TICKS + 5)
    g = w.groups["momentum"]
    assert g.diverged[0] and g.stopped[0] == STOP_NONE
    assert np.isfinite(g.x).all() and (np.abs(g.x) == 2.0).all()


def test_an_overflowing_state_stops_the_ball_and_marks_it_diverged():
    # f = 1e200·x: Adam's exp_avg_sq = (1 − β2)·g² overflows to inf on the first step
    w = World(STEEP, "adam")
    w.spawn(np.array([[0.5, -0.5], [0.0, 0.0]]))
    w.run(5)
    g = w.groups["adam"]
    assert g.diverged.all() and (g.stopped == STOP_OVERFLOW).all() and (g.steps == 0).all()
    assert g.x.tolist() == [[0.5, -0.5], [0.0, 0.0]]


@pytest.mark.parametrize("name", ["gd", "momentum", "nesterov", "adagrad", "rmsprop", "adam"])
def test_balls_resting_on_the_hills_rim_are_not_diverged(name):
    # run 3000 ticks, or until the state repeats (the SGD family: then for ever)
    w = World(surfaces.get("hill"), name)
    w.spawn(np.random.default_rng(1).uniform(-2, 2, size=(2, 40)))
    run_until_periodic(w, 3000)
    g = w.groups[name]
    assert np.allclose(np.abs(g.x).max(axis=0), 2.0)      # all on the rim
    assert not g.diverged.any() and (g.pins == 0).all()


def test_changing_the_learning_rate_judges_divergence_afresh():
    w = World(BOWL, "gd", hyper={"gd": {"lr": 0.25}})
    w.spawn([1.0, 0.8])
    w.run(PIN_TICKS + 50)
    assert w.groups["gd"].diverged[0]
    w.set_hyper("gd", lr=0.05)
    assert not w.groups["gd"].diverged[0]
    w.run(1000)
    assert not w.groups["gd"].diverged[0] and w.groups["gd"].converged_at[0] > PIN_TICKS


def test_convergence_step_on_the_bowl_is_the_first_k_with_f_below_1e_8():
    # GD lr = 0.05: x_k = (0.9^k, 0.8·0.5^k), f = 0.81^k + 3.2·0.25^k (f* = 0)
    w = World(BOWL, "gd", hyper={"gd": {"lr": 0.05}})
    w.spawn([1.0, 0.8])
    w.run(300)
    k = next(k for k in range(1000) if 0.81 ** k + 3.2 * 0.25 ** k <= 1e-8)
    assert w.f_star == 0.0 and w.groups["gd"].converged_at[0] == k


def test_convergence_without_known_minimum_uses_the_gradient():
    # the saddle has no minimum on its domain: |∇f| ≤ 1e-8 decides. GD lr 0.1 from
    # (1, 0): x_k = 0.8^k, |∇f| = 2·0.8^k.
    w = World(surfaces.get("saddle"), "gd", hyper={"gd": {"lr": 0.1}})
    w.spawn([1.0, 0.0])
    w.run(200)
    k = math.ceil(math.log(0.5e-8) / math.log(0.8))
    assert 2 * 0.8 ** k <= 1e-8 < 2 * 0.8 ** (k - 1)
    assert w.f_star is None and w.groups["gd"].converged_at[0] == k


def test_newton_stops_where_the_hessian_is_singular():
    # cubic 3x²y: H = [[6y, 6x], [6x, 0]], det = −36x², singular on x = 0
    w = World(surfaces.get("cubic"), "newton", hyper={"newton": {"lr": 1.0}})
    w.spawn(np.array([[0.0, 1.0], [1.0, 1.0]]))
    w.run(3)
    g = w.groups["newton"]
    assert g.stopped[0] == STOP_SINGULAR and g.x[:, 0].tolist() == [0.0, 1.0] and g.steps[0] == 0
    # the other ball: at (x, y) with x ≠ 0, ∇f = (6xy, 3x²) and H⁻¹∇f = (x/2, y/2),
    # so pure Newton halves both coordinates each step: (1, 1) → (1/8, 1/8)
    assert g.stopped[1] == STOP_NONE and g.steps[1] == 3
    np.testing.assert_allclose(g.x[:, 1], [0.125, 0.125], rtol=1e-14)


def test_race_spawns_one_ball_per_rule_at_one_point():
    w = World(BOWL)
    ids = w.race([1.5, -1.0])
    assert len(ids) == len(optim.RACE_DEFAULT)
    assert [n for n, _ in w.racers] == list(optim.RACE_DEFAULT)
    for name, ball_id in w.racers:
        g, c = column_of(w, ball_id)
        assert g.rule.name == name and g.x[:, c].tolist() == [1.5, -1.0]
    assert w.tracked() == list(w.racers)
    w.spawn([0.1, 0.1])                 # a plain spawn ends the race focus
    assert w.racers == () and ("momentum", int(w.groups["momentum"].ids[-1])) in w.tracked()
    with pytest.raises(ValueError):
        w.race([0, 0], ["gd", "gd"])


def test_race_of_all_seven_each_as_alone():
    names = optim.names()
    w = World(BOWL)
    w.race([1.2, 0.9], names)
    w.run(40)
    for name, ball_id in w.racers:
        alone = World(BOWL)
        alone.spawn([1.2, 0.9], optimizer=name)
        alone.run(40)
        g, c = column_of(w, ball_id)
        assert np.array_equal(g.x[:, c], alone.groups[name].x[:, 0])


def test_interpolated_per_group_and_trail_ring():
    w = World(BOWL, "gd", hyper={"gd": {"lr": 0.05}}, trail_len=4)
    w.spawn([1.0, 0.8])
    w.spawn([1.0, 0.8], optimizer="adam")
    w.run(6)
    pos = w.interpolated(0.25)
    g = w.groups["gd"]
    assert set(pos) == {"gd", "adam"}
    np.testing.assert_allclose(pos["gd"], g.prev + 0.25 * (g.x - g.prev))
    # gd: x_k = (0.9^k, 0.8·0.5^k); the newest slot holds k = 6, the oldest k = 3
    ages = w.trail_ages()
    for slot, age in enumerate(ages):
        k = 6 - age
        np.testing.assert_allclose(g.trail[:, slot, 0], [0.9 ** k, 0.8 * 0.5 ** k], rtol=1e-12)


@pytest.mark.parametrize("name", ["bowl", "hill", "rosenbrock", "himmelblau", "saddle"])
def test_world_moves_every_rule_as_the_headless_race_simulator(name):
    # game.optim.race runs each racer alone, one ball in its own loop; the world
    # runs all seven in one tick with its storage, views and gathers. Both call
    # the one tick, so every ball has the same path, f, step count, convergence
    # step, divergence mark and stop.
    from game.optim import race
    s = surfaces.get(name)
    names = optim.names()
    start = race.default_start(s)
    w = World(s)
    w.race(start, names)
    trace = {n: [(w.ball(i)["x"], w.ball(i)["y"], w.ball(i)["f"])] for n, i in w.racers}
    for _ in range(300):
        w.tick()
        for n, i in w.racers:
            b = w.ball(i)
            trace[n].append((b["x"], b["y"], b["f"]))
    for path in race.race(s, names, start, 300):
        got = np.array(trace[path.name])
        assert np.array_equal(got[:, :2], path.xy), path.name
        assert np.array_equal(got[:, 2], path.f, equal_nan=True), path.name
        b = w.ball(dict(w.racers)[path.name])
        assert (b["steps"], b["converged_at"], b["diverged"], b["stopped"]) == \
            (path.steps, path.converged_at, path.diverged, path.stopped), path.name


@pytest.mark.parametrize("surface, start, racers, marks", [
    # gd past 2/λmax and momentum past (2 + 2μ)/λmax end pinned (diverged); Adam converges
    (BOWL, (1.0, 0.8), [("gd", {"lr": 0.25}), ("momentum", {"lr": 0.5, "momentum": 0.9}),
                        ("adam", {"lr": 0.05})], {"diverged": 2, "stopped": 0}),
    # Adam's second moment overflows at once (stop, diverged); Newton on x = 0 of the
    # cubic meets a singular H (stop); gd starts on a critical point (converged at 0)
    (STEEP, (0.5, 0.0), [("adam", {"lr": 0.1}), ("gd", {"lr": 1e-210})],
     {"diverged": 1, "stopped": 1}),
    (surfaces.get("cubic"), (0.0, 1.0), [("newton", {"lr": 1.0}), ("gd", {"lr": 0.01})],
     {"diverged": 0, "stopped": 1}),
])
def test_world_and_race_simulator_agree_on_stops_and_divergence(surface, start, racers, marks):
    from game.optim import race
    w = World(surface, hyper=dict(racers), cap=len(racers))
    w.race(start, [n for n, _ in racers])
    w.run(120)
    balls = [w.ball(i) for _, i in w.racers]
    assert sum(b["diverged"] for b in balls) == marks["diverged"]
    assert sum(b["stopped"] != STOP_NONE for b in balls) == marks["stopped"]
    for b, path in zip(balls, race.race(surface, racers, start, 120)):
        assert (b["x"], b["y"]) == tuple(path.xy[-1])
        assert (b["steps"], b["converged_at"], b["diverged"], b["stopped"]) == \
            (path.steps, path.converged_at, path.diverged, path.stopped), path.name


@pytest.mark.parametrize("name, f_star", [
    ("bowl", 0.0), ("round", 0.0), ("rosenbrock", 0.0), ("beale", 0.0), ("camel", 0.0),
    ("rastrigin", 0.0), ("hill", None), ("saddle", None), ("cubic", None), ("monkey", None)])
def test_known_minimum_of_the_named_surfaces(name, f_star):
    from game.optim.minimum import known_minimum
    m = known_minimum(surfaces.get(name))
    if f_star is None:
        assert m.f_star is None
    else:
        assert m.f_star == pytest.approx(f_star, abs=1e-12)


def test_known_minimum_of_regression_is_the_least_squares_fit():
    from game.optim.minimum import known_minimum
    s = surfaces.get("regression")
    a, b, t = s.extra["a"], s.extra["b"], s.extra["t"]
    w, *_ = np.linalg.lstsq(np.column_stack([a, b]), t, rcond=None)
    m = known_minimum(s)
    np.testing.assert_allclose(m.x_star, w, rtol=1e-10)
    assert m.f_star == pytest.approx(np.mean((a * w[0] + b * w[1] - t) ** 2), rel=1e-10)


@pytest.mark.parametrize("text, domain, f_star, x_star", [
    ("x^2 + 100*y^2", (-2, 2, -2, 2), 0.0, (0.0, 0.0)),
    ("(x - 1)^2 + 2*(y + 0.5)^2 + x*y + 3", (-2, 2, -2, 2), None, None),
    ("(x - 5)^2 + y^2", (-2, 2, -2, 2), None, None),       # minimizer outside the domain
    ("x^4 + y^2", (-2, 2, -2, 2), None, None),              # Hessian not constant
])
def test_known_minimum_of_typed_functions(text, domain, f_star, x_star):
    from game.optim.minimum import known_minimum
    from game.state import custom_surface
    m = known_minimum(custom_surface(text, domain))
    if text.startswith("(x - 1)"):
        # ∇f = (2(x − 1) + y, 4(y + 0.5) + x) = 0  ⇒  x* = (10/7, −6/7) by hand
        xs = np.array([10 / 7, -6 / 7])
        np.testing.assert_allclose(m.x_star, xs, rtol=1e-12)
        fx = (xs[0] - 1) ** 2 + 2 * (xs[1] + 0.5) ** 2 + xs[0] * xs[1] + 3
        assert m.f_star == pytest.approx(fx, rel=1e-12)
        return
    if f_star is None:
        assert m.f_star is None and m.x_star is None
    else:
        assert m.f_star == f_star and m.x_star.tolist() == list(x_star)


def _spawn_plan():
    from hypothesis import strategies as hs
    event = hs.tuples(hs.integers(0, 40), hs.sampled_from(optim.names()),
                      hs.floats(-2.5, 2.5), hs.floats(-2.5, 2.5), hs.integers(1, 3))
    return hs.lists(event, min_size=1, max_size=10)


def test_any_spawns_of_any_rules_move_each_ball_as_it_would_alone():
    """Spawns of random rules at random ticks, with a small cap so that the oldest
    go and the storage grows and compacts: every surviving ball is where the
    headless race simulator puts the same rule after the same number of ticks."""
    from hypothesis import given
    from fuzz_settings import fuzz_settings
    from game.optim import race

    s = surfaces.get("himmelblau")

    from hypothesis import strategies as hs

    @fuzz_settings(25)
    @given(_spawn_plan(), hs.integers(1, 12))
    def run(plan, cap):
        w = World(s, cap=cap, trail_len=2)
        born = {}
        plan = sorted(plan, key=lambda e: e[0])
        for tick in range(45):
            for t, name, x, y, k in plan:
                if t == tick:
                    for ball_id in w.spawn(np.tile([[x], [y]], k), optimizer=name):
                        born[int(ball_id)] = (name, tick, x, y)
            w.tick()
        assert w.count <= cap
        for g in w.nonempty():
            assert np.all(np.diff(g.ids) > 0)
            for c, ball_id in enumerate(g.ids.tolist()):
                name, tick, x, y = born[ball_id]
                assert name == g.rule.name
                assert g.steps[c] == 45 - tick or g.stopped[c] == STOP_SINGULAR
                path = race.race(s, [name], (x, y), 45 - tick)[0]
                assert np.array_equal(g.x[:, c], path.xy[-1])
                assert (g.steps[c], g.diverged[c], g.stopped[c]) == \
                    (path.steps, path.diverged, path.stopped)
                conv = None if g.converged_at[c] == NOT_YET else g.converged_at[c]
                assert conv == path.converged_at

    run()
