"""game.optim.theory against closed forms derived here, and against simulated runs.

The iteration matrices are written out in this file from torch's updates on a
quadratic (error e along an eigenvector of eigenvalue λ, momentum buffer b):

* heavy ball:  b' = μb + λe,  e' = e − ηb'          → [[1 − ηλ, −ημ], [λ, μ]]
* Nesterov:    b' = μb + λe,  e' = e − η(λe + μb')  → [[1 − ηλ(1 + μ), −ημ²], [λ, μ]]

and their spectral radii are taken with numpy.linalg.eigvals.
"""
import math

import numpy as np
import pytest

from game import surfaces
from game.expr import make_surface
from game.optim import theory
from game.optim.race import race


def matrix(name, lr, mu, lam):
    if name == "momentum":
        return np.array([[1 - lr * lam, -lr * mu], [lam, mu]])
    return np.array([[1 - lr * lam * (1 + mu), -lr * mu * mu], [lam, mu]])


def radius(name, hp, lams):
    if name == "gd":
        return max(abs(1 - hp["lr"] * lam) for lam in lams)
    if name == "newton":
        return abs(1 - hp["lr"])
    return max(np.abs(np.linalg.eigvals(matrix(name, hp["lr"], hp["momentum"], lam))).max()
               for lam in lams)


def test_eigen_is_numpys():
    rng = np.random.default_rng(3)
    for _ in range(50):
        a = rng.normal(size=(2, 2))
        H = a + a.T
        np.testing.assert_allclose(theory.eigen(H), np.linalg.eigvalsh(H), rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize("name", ["momentum", "nesterov"])
def test_rate_is_the_spectral_radius_of_the_iteration_matrix(name):
    rng = np.random.default_rng(5)
    for _ in range(300):
        lams = sorted(rng.uniform(0.05, 300.0, size=2))
        hp = {"lr": rng.uniform(0.0, 2.5) / lams[1], "momentum": rng.uniform(0.0, 0.999)}
        assert theory.rate(name, hp, lams) == pytest.approx(radius(name, hp, lams), rel=1e-6,
                                                              abs=1e-9)


def test_gd_and_newton_rates():
    assert theory.rate("gd", {"lr": 0.05}, (2.0, 10.0)) == pytest.approx(0.9)
    assert theory.rate("gd", {"lr": 0.15}, (2.0, 10.0)) == pytest.approx(0.7)
    assert theory.rate("newton", {"lr": 0.3}, (2.0, 200.0)) == pytest.approx(0.7)
    assert theory.rate("newton", {"lr": 1.5}, (2.0, 10.0)) == pytest.approx(0.5)
    assert theory.rate("adam", {"lr": 0.1}, (2.0, 10.0)) is None


@pytest.mark.parametrize("lams", [(2.0, 10.0), (2.0, 200.0), (0.7685, 2.4366), (1.0, 1.0)])
def test_optima_are_the_closed_forms_and_no_grid_point_beats_them(lams):
    lo, hi = lams
    kappa = hi / lo
    gd = theory.optimal("gd", lams)
    assert gd["lr"] == pytest.approx(2 / (lo + hi))
    assert gd["rate"] == pytest.approx((kappa - 1) / (kappa + 1), abs=1e-12)
    assert radius("gd", gd, lams) == pytest.approx(gd["rate"], abs=1e-12)
    hb = theory.optimal("momentum", lams)
    sk = math.sqrt(kappa)
    assert hb["lr"] == pytest.approx((2 / (math.sqrt(hi) + math.sqrt(lo))) ** 2)
    assert hb["momentum"] == pytest.approx(((sk - 1) / (sk + 1)) ** 2, abs=1e-12)
    assert hb["rate"] == pytest.approx((sk - 1) / (sk + 1), abs=1e-12)
    # at the optimum the matrix is defective (a double root): eigvals are only good to √eps
    assert radius("momentum", hb, lams) == pytest.approx(hb["rate"], abs=1e-6)
    ne = theory.optimal("nesterov", lams)
    assert radius("nesterov", ne, lams) == pytest.approx(1 - 2 / math.sqrt(3 * kappa + 1), abs=1e-6)
    assert theory.optimal("newton", lams) == {"lr": 1.0, "rate": 0.0}
    # brute force over (η, μ): nothing is better than the optimum
    etas = np.linspace(0.02, 2.5, 120) / hi
    mus = np.linspace(0.0, 0.99, 100)
    assert min(radius("gd", {"lr": e}, lams) for e in etas) >= gd["rate"] - 1e-12
    for name, best in (("momentum", hb["rate"]), ("nesterov", ne["rate"])):
        grid = min(radius(name, {"lr": e, "momentum": m}, lams) for e in etas[::4] for m in mus[::3])
        assert grid >= best - 1e-6


def test_optimal_needs_a_positive_definite_hessian():
    assert theory.optimal("gd", (-2.0, 2.0)) is None
    assert theory.optimal("adam", (1.0, 2.0)) is None


@pytest.mark.parametrize("name, mu", [("gd", None), ("momentum", 0.9), ("momentum", 0.3),
                                      ("nesterov", 0.9), ("nesterov", 0.5)])
def test_stability_limit_separates_convergence_from_divergence(name, mu):
    hp = {} if mu is None else {"momentum": mu}
    lam_max = 10.0
    limit = theory.stability_limit(name, hp, lam_max)
    closed = {"gd": 2 / lam_max, "momentum": (2 + 2 * (mu or 0)) / lam_max,
              "nesterov": 2 * (1 + (mu or 0)) / ((1 + 2 * (mu or 0)) * lam_max)}[name]
    assert limit == pytest.approx(closed)
    assert radius(name, {**hp, "lr": limit * 0.999}, (2.0, lam_max)) < 1.0
    assert radius(name, {**hp, "lr": limit * 1.001}, (2.0, lam_max)) > 1.0
    assert theory.stability_limit("newton", {}, lam_max) == 2.0


def test_measured_rate_is_the_geometric_mean_of_the_recent_ratios():
    d = [1.0, 0.5, 0.0, 0.25, 0.125, 0.0625]
    assert theory.measured_rate(d) == pytest.approx(0.5)            # zeros skipped
    assert theory.measured_rate([1.0, 0.9, 0.81, 0.0729 * 4], window=1) == pytest.approx(0.36)
    assert theory.measured_rate([1.0]) is None and theory.measured_rate([0.0, 0.0]) is None


# --- simulated runs against theory, within 1 % --------------------------------

STEEP = make_surface("x^2 + 100*y^2")
RUNS = [
    # surface, rule, hp (iteration matrix not defective: distinct eigenvalue moduli)
    (surfaces.get("bowl"), "gd", {"lr": 0.05}),
    (surfaces.get("bowl"), "gd", {"lr": 0.15}),
    (surfaces.get("bowl"), "momentum", {"lr": 0.02, "momentum": 0.5}),
    (surfaces.get("bowl"), "momentum", {"lr": 0.005, "momentum": 0.9}),     # complex roots
    (surfaces.get("bowl"), "nesterov", {"lr": 0.02, "momentum": 0.5}),
    (surfaces.get("bowl"), "nesterov", {"lr": 0.01, "momentum": 0.9}),
    (surfaces.get("bowl"), "newton", {"lr": 0.3}),
    (surfaces.get("bowl"), "newton", {"lr": 1.5}),
    (STEEP, "gd", {"lr": 0.008}),
    (STEEP, "momentum", {"lr": 0.004, "momentum": 0.5}),
    (STEEP, "momentum", {"lr": 0.002, "momentum": 0.9}),
    (STEEP, "nesterov", {"lr": 0.004, "momentum": 0.5}),
    (STEEP, "newton", {"lr": 0.3}),
]


@pytest.mark.parametrize("surface, name, hp", RUNS,
                         ids=[f"{s.formula}-{n}-{h}" for s, n, h in RUNS])
def test_measured_rate_agrees_with_theory_within_one_percent(surface, name, hp):
    H = theory.constant_hessian(surface)
    assert H is not None
    lams = theory.eigen(H)
    x_star = theory.quadratic_minimum(surface, H)
    np.testing.assert_allclose(x_star, [0.0, 0.0], atol=1e-12)
    path = race(surface, [(name, hp)], (1.5, 1.5), 1500)[0]
    d = np.hypot(*(path.xy - x_star).T)[300:]        # past the transient of the faster mode
    d = d[d > 1e-250]                                 # ratios of subnormals lose their digits
    assert d.size > 200
    measured = theory.measured_rate(d)
    assert measured == pytest.approx(theory.rate(name, hp, lams), rel=0.01)


def test_constant_hessian_only_for_quadratics():
    assert theory.constant_hessian(surfaces.get("rosenbrock")) is None
    assert theory.constant_hessian(surfaces.get("bowl")).tolist() == [[2.0, 0.0], [0.0, 10.0]]
    reg = surfaces.get("regression")
    H = theory.constant_hessian(reg)
    x_star = theory.quadratic_minimum(reg, H)
    np.testing.assert_allclose(x_star, reg.extra["w_star"], rtol=1e-12)
