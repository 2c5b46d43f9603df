"""The update rules and the world's tick, against hand-derived values."""
import numpy as np
import pytest

from periodic import run_until_periodic
from game import optim, surfaces
from game.balls import STOP_OVERFLOW, STOP_UNDEFINED
from game.surfaces import CriticalPoint, Surface
from game.world import World


def quad1d(a):
    """f = a/2 · x² along x (and 0 along y), domain wide enough never to hit."""
    return Surface(
        name="quad", formula="a/2 x²",
        f=lambda p: 0.5 * a * np.asarray(p)[0] ** 2,
        grad=lambda p: np.array([a * np.asarray(p, float)[0], np.zeros_like(np.asarray(p, float)[1])]),
        hess=lambda p: np.zeros((2, 2) + np.shape(p)[1:]),
        domain=(-100.0, 100.0, -100.0, 100.0),
        critical_points=(CriticalPoint(0, 0, 0, "minimum"),),
    )


def world(surface, optimizer="momentum", lr=0.005, momentum=0.9, **kw):
    """A world whose ``optimizer`` group has these hyperparameters."""
    hp = {"lr": lr}
    if optimizer in ("momentum", "nesterov"):
        hp["momentum"] = momentum
    return World(surface, optimizer, hyper={optimizer: hp}, **kw)


def test_heavy_ball_matches_closed_form_on_1d_quadratic():
    # On f = a/2 x², the heavy ball is the linear recurrence
    #   [x', v'] = [[1 - ηa, μ], [-ηa, μ]] [x, v]
    # whose t-th power we take with numpy's matrix_power, independently of the world.
    # torch's buffer b is the velocity up to the factor −η: v = −η·b.
    a, lr, mu, x0 = 3.0, 0.05, 0.8, 1.7
    w = world(quad1d(a), "momentum", lr, mu, trail_len=2)
    w.spawn([x0, 0.0])
    g = w.groups["momentum"]
    M = np.array([[1 - lr * a, mu], [-lr * a, mu]])
    for t in range(1, 61):
        w.tick()
        expect = np.linalg.matrix_power(M, t) @ np.array([x0, 0.0])
        assert g.x[0, 0] == pytest.approx(expect[0], rel=1e-12, abs=1e-14)
        assert -lr * g.state["buf"][0, 0] == pytest.approx(expect[1], rel=1e-12, abs=1e-14)


def test_first_heavy_ball_iterates_by_hand():
    # a = 2, η = 0.1, μ = 0.5, x0 = 1:
    # v1 = -0.1·2·1 = -0.2,             x1 = 0.8
    # v2 = 0.5·(-0.2) - 0.1·2·0.8 = -0.26, x2 = 0.54
    # v3 = 0.5·(-0.26) - 0.1·2·0.54 = -0.238, x3 = 0.302
    w = world(quad1d(2.0), "momentum", 0.1, 0.5)
    w.spawn([1.0, 0.0])
    for x_hand in (0.8, 0.54, 0.302):
        w.tick()
        assert w.x[0, 0] == pytest.approx(x_hand, abs=1e-15)


def test_heavy_ball_equals_torch_sgd_form():
    # torch.optim.SGD(lr, momentum, dampening=0, nesterov=False):
    #   b ← μ b + g (b = g on the first step), p ← p − lr·b
    bowl = surfaces.get("bowl")
    lr, mu = 0.02, 0.9
    p = np.array([1.0, 0.8])
    b = None
    w = world(bowl, "momentum", lr, mu)
    w.spawn(p)
    for _ in range(200):
        g = bowl.grad(p)
        b = g.copy() if b is None else mu * b + g
        p = p - lr * b
        w.tick()
        np.testing.assert_allclose(w.x[:, 0], p, rtol=1e-10, atol=1e-13)


def test_gradient_descent_is_x_minus_lr_grad():
    bowl = surfaces.get("bowl")
    w = world(bowl, "gd", 0.05)
    w.spawn([1.0, 0.8])
    # x ← x − η·(2x, 10y) = (0.9x, 0.5y)
    for t in range(1, 20):
        w.tick()
        np.testing.assert_allclose(w.x[:, 0], [0.9 ** t, 0.8 * 0.5 ** t], rtol=1e-12)


@pytest.mark.parametrize("mode", ["momentum", "gd"])
def test_converges_to_bowl_minimum(mode):
    w = world(surfaces.get("bowl"), mode, 0.02, 0.9)
    w.spawn([1.0, 0.8])
    w.run(2000)
    np.testing.assert_allclose(w.x[:, 0], [0.0, 0.0], atol=1e-8)


@pytest.mark.parametrize("name", optim.names())
def test_every_rule_reaches_the_bowl_minimum_with_its_default_lr(name):
    # reached: f − f* ≤ 1e-8 at some step (RMSprop then circles within about lr/2
    # of the minimum: its step is about lr whatever the gradient)
    w = World(surfaces.get("bowl"), name)
    w.spawn([1.0, 0.8])
    w.run(3000)
    g = w.groups[name]
    assert 0 < g.converged_at[0] < 3000
    assert np.abs(g.x[:, 0]).max() <= w.hyper(name)["lr"]


def test_momentum_overshoots_and_gd_does_not():
    xs = {}
    for mode in ("momentum", "gd"):
        w = world(surfaces.get("bowl"), mode, 0.02, 0.9)
        w.spawn([1.0, 0.8])
        path = []
        for _ in range(300):
            w.tick()
            path.append(w.x[0, 0])
        xs[mode] = np.array(path)
    assert (xs["momentum"] < 0).any(), "momentum should carry x past 0"
    assert (xs["gd"] > 0).all(), "gradient descent with ηλ < 1 never crosses 0"


def test_walls_keep_balls_inside_and_finite_for_1e5_ticks():
    hill = surfaces.get("hill")
    rng = np.random.default_rng(1)
    w = world(hill, "momentum", 0.005, 0.9)
    w.spawn(rng.uniform(-2, 2, size=(2, 50)))
    g = w.groups["momentum"]

    def inside_and_finite():
        assert np.isfinite(g.x).all() and np.isfinite(g.state["buf"]).all()
        assert (g.x >= -2).all() and (g.x <= 2).all()

    ran = run_until_periodic(w, 100_000, inside_and_finite)
    assert ran < 100_000            # at rest (periodic) long before: the bound holds for ever
    # downhill is outward: every ball ends on the rim (|x| or |y| = 2)
    assert np.allclose(np.abs(g.x).max(axis=0), 2.0)


@pytest.mark.parametrize("lr", [1e3, 1e150, 1e308])
@pytest.mark.parametrize("mode", optim.names())
def test_huge_learning_rate_stays_finite_and_inside(lr, mode):
    # gd and Newton settle into a cycle within a few ticks, the momentum rules
    # within a thousand (the hill's lively walls, restitution 0.97 with μ = 0.99,
    # shrink the bounce by 0.96 a tick); then the checks hold for ever. The
    # adaptive rules run 300 ticks
    for name in ("hill", "bowl"):
        s = surfaces.get(name)
        xmin, xmax, ymin, ymax = s.domain
        w = world(s, mode, lr, 0.99)
        w.spawn(np.random.default_rng(2).uniform(-2, 2, size=(2, 100)))

        def inside_and_finite():
            assert np.isfinite(w.x).all()
            assert (w.x[0] >= xmin).all() and (w.x[0] <= xmax).all()
            assert (w.x[1] >= ymin).all() and (w.x[1] <= ymax).all()

        adaptive = mode in ("adagrad", "rmsprop", "adam")
        ran = run_until_periodic(w, 300 if adaptive else 2000, inside_and_finite)
        assert ran < 1000 or adaptive
        g = w.groups[mode]
        # a stopped ball stopped for a reason: overflow (marked diverged) and nothing else
        assert (g.stopped[g.stopped != 0] == STOP_OVERFLOW).all() or mode == "newton"
        assert g.diverged[g.stopped == STOP_OVERFLOW].all()


def test_ball_where_gradient_is_undefined_stops():
    # f = sqrt(x) (undefined for x < 0): a ball there must stay put, finite.
    s = Surface("sqrtx", "sqrt x",
                f=lambda p: np.sqrt(np.asarray(p, float)[0]),
                grad=lambda p: np.array([0.5 / np.sqrt(np.asarray(p, float)[0]),
                                         0.0 * np.asarray(p, float)[1]]),
                hess=lambda p: np.zeros((2, 2) + np.shape(p)[1:]),
                domain=(-1.0, 1.0, -1.0, 1.0))
    w = world(s, "momentum", 0.01, 0.9)
    w.spawn(np.array([[-0.5, 0.5], [0.0, 0.0]]))
    with np.errstate(all="ignore"):
        w.run(100)
    g = w.groups["momentum"]
    assert g.x[0, 0] == -0.5 and g.state["buf"][0, 0] == 0.0 and g.steps[0] == 0
    assert g.stopped[0] == STOP_UNDEFINED
    assert np.isfinite(w.x).all()


def test_cap_removes_oldest_first():
    w = World(surfaces.get("bowl"), cap=5)
    w.spawn(np.array([[0.1 * i for i in range(4)], [0.0] * 4]))
    w.spawn(np.array([[1.0, 1.1, 1.2], [0.0] * 3]))
    assert w.count == 5
    np.testing.assert_allclose(w.x[0], [0.2, 0.3, 1.0, 1.1, 1.2])
    assert w.groups["momentum"].trail.shape == (2, w.trail_len, 5)


def test_spawn_outside_domain_lands_on_edge_and_nan_is_ignored():
    w = World(surfaces.get("hill"))
    w.spawn(np.array([[5.0, np.nan], [-7.0, 0.0]]))
    assert w.count == 1
    np.testing.assert_array_equal(w.x[:, 0], [2.0, -2.0])


def test_choosing_another_optimizer_keeps_the_balls_in_flight_and_their_velocity():
    bowl = surfaces.get("bowl")
    w = world(bowl, "momentum", 0.02, 0.9)
    w.spawn([1.0, 0.8])
    w.run(5)
    g = w.groups["momentum"]
    buf = g.state["buf"][:, 0].copy()
    assert np.abs(buf).max() > 0
    w.set_optimizer("gd")
    assert np.array_equal(g.state["buf"][:, 0], buf)          # nothing restarts
    x = g.x[:, 0].copy()
    w.tick()                                                  # still the heavy ball
    b = 0.9 * buf + bowl.grad(x)
    np.testing.assert_allclose(g.x[:, 0], x - 0.02 * b, rtol=1e-14)


def plane(domain):
    """f = x + y: ∇f = (1, 1) everywhere."""
    return Surface("plane", "x + y",
                   f=lambda p: np.asarray(p, float)[0] + np.asarray(p, float)[1],
                   grad=lambda p: np.ones_like(np.asarray(p, float)),
                   hess=lambda p: np.zeros((2, 2) + np.shape(p)[1:]),
                   domain=domain)


def test_domain_near_the_largest_float_keeps_balls_finite_without_warnings():
    # By hand, momentum with η = 1e308, μ = 0.9 from the origin, ∇f = (1, 1):
    #   tick 1: b = 1, x = −1e308 (inside);
    #   tick 2: b = 0.9·1 + 1 = 1.9, x = −1e308 − 1e308·1.9 overflows to −inf: a step
    #           past the wall, which puts it on the wall −1.5e308, b = −0.5·1.9.
    w = world(plane((-1.5e308, 1.5e308, -1.5e308, 1.5e308)), "momentum", 1e308, 0.9)
    w.spawn([0.0, 0.0])
    g = w.groups["momentum"]
    w.tick()
    np.testing.assert_array_equal(w.x[:, 0], [-1e308, -1e308])
    w.tick()
    np.testing.assert_array_equal(w.x[:, 0], [-1.5e308, -1.5e308])
    np.testing.assert_array_equal(g.state["buf"][:, 0], [-0.5 * (0.9 + 1.0)] * 2)
    for _ in range(200):
        w.tick()
        assert np.isfinite(w.x).all() and np.isfinite(g.state["buf"]).all()
        assert (np.abs(w.x) <= 1.5e308).all()
    assert not g.diverged[0]          # downhill all the way: f = x + y only falls


def test_drawn_position_between_walls_1e308_apart_is_the_true_blend():
    # prev and x on opposite walls: x − prev = 3e308 overflows, yet the point a
    # quarter of the way is −1.5e308 + 0.25·3e308 = −0.75e308, written as the
    # blend 0.75·prev + 0.25·x.
    w = World(plane((-1.5e308, 1.5e308, -1.0, 1.0)))
    w.spawn([1.5e308, 0.5])
    g = w.groups["momentum"]
    g.prev[...] = np.array([[-1.5e308], [0.5]])
    drawn = w.interpolated(0.25)["momentum"]
    assert drawn[0, 0] == pytest.approx(-0.75e308, rel=1e-15)
    assert drawn[1, 0] == 0.5
    np.testing.assert_array_equal(w.interpolated(1.0)["momentum"], g.x)
