"""Each rule of game.optim against iterates derived independently.

The second formulation, ``ref_run``, is a scalar loop per coordinate written
from torch's ``_single_tensor_*`` source: plain Python floats, ``math.sqrt``,
Python's ``**``, and the operations torch's CPU kernels fuse (``add_`` with
alpha, ``addcmul_``, ``lerp_``) computed exactly in rationals and rounded once
(``fractions``), not by the package's error-free transformations. Equality is
bit for bit. The wrong textbook variants (ε inside the square root, Adam without
bias correction, dampening on SGD's first step, an accumulator that starts
above 0) are run too, to show near a minimum that a rule built that way would
fail these tests.
"""
import math
from fractions import Fraction

import numpy as np
import pytest

from game import surfaces
from game.optim import RULES, get

BOWL, ROSEN, HIMMEL = (surfaces.get(n) for n in ("bowl", "rosenbrock", "himmelblau"))


def fused(a, b, c):
    """a·b + c rounded once."""
    return float(Fraction(a) * Fraction(b) + Fraction(c))


def ref_step(name, hp, p, g, s, k, variant=None):
    """One coordinate, one step of torch's algorithm (k = 1, 2, …)."""
    lr = hp["lr"]
    if name == "gd":
        return fused(-lr, g, p)                               # p.add_(g, alpha=-lr)
    if name in ("momentum", "nesterov"):
        mu = hp["momentum"]
        if k == 1:                                            # buf = clone(g)
            s["buf"] = (1 - mu) * g if variant == "dampened first step" else g
        else:                                                 # buf.mul_(mu).add_(g)
            s["buf"] = s["buf"] * mu + g
        d = fused(mu, s["buf"], g) if name == "nesterov" else s["buf"]
        return fused(-lr, d, p)
    eps = hp.get("eps")
    if name == "adagrad":
        start = 0.1 if variant == "accumulator 0.1" else 0.0
        s["sum"] = fused(g, g, s.get("sum", start))           # addcmul_(g, g, value=1)
        std = math.sqrt(s["sum"] + eps) if variant == "eps inside" else math.sqrt(s["sum"]) + eps
        clr = lr / (1 + (k - 1) * 0.0)
        return p + ((-clr) * g) / std                         # addcdiv_(g, std, value=-clr)
    if name == "rmsprop":
        a = hp["alpha"]
        s["v"] = fused((1 - a) * g, g, s.get("v", 0.0) * a)
        avg = math.sqrt(s["v"] + eps) if variant == "eps inside" else math.sqrt(s["v"]) + eps
        return p + ((-lr) * g) / avg
    if name == "adam":
        b1, b2 = hp["betas"]
        m, w = s.get("m", 0.0), 1 - b1
        s["m"] = fused(w, g - m, m) if abs(w) < 0.5 else fused(w - 1, g - m, g)   # lerp_
        s["v"] = fused((1 - b2) * g, g, s.get("v", 0.0) * b2)
        bc1, bc2 = 1 - b1 ** float(k), 1 - b2 ** float(k)
        if variant == "no bias correction":
            bc1 = bc2 = 1.0
        step_size = lr / bc1
        if variant == "eps inside":
            denom = math.sqrt(s["v"] / bc2 + eps)
        else:
            denom = math.sqrt(s["v"]) / bc2 ** 0.5 + eps
        return p + ((-step_size) * s["m"]) / denom
    raise AssertionError(name)


def ref_run(name, hp, grad, x0, steps, variant=None):
    x, states = [float(v) for v in x0], [{}, {}]
    out = [tuple(x)]
    for k in range(1, steps + 1):
        g = [float(v) for v in np.asarray(grad(np.array(x)), float)]
        x = [ref_step(name, hp, x[i], g[i], states[i], k, variant) for i in range(2)]
        out.append(tuple(x))
    return np.array(out)


def our_run(name, hp, grad, x0, steps, hess=None):
    rule = get(name)
    hp = rule.check(hp)
    x = np.array(x0, float).reshape(2, 1)
    state, out = rule.init(1), [x[:, 0].copy()]
    for k in range(1, steps + 1):
        H = hess(x) if rule.needs_hess else None
        x, state = rule.step(x, np.asarray(grad(x), float), H, state, np.array([k]), hp)
        out.append(x[:, 0].copy())
    return np.array(out)


CASES = [
    ("gd", {"lr": 0.01}), ("gd", {"lr": 0.09}), ("gd", {"lr": 0.003}),
    ("momentum", {"lr": 0.002}), ("momentum", {"lr": 0.01, "momentum": 0.5}),
    ("momentum", {"lr": 0.0005, "momentum": 0.99}),
    ("nesterov", {"lr": 0.002}), ("nesterov", {"lr": 0.01, "momentum": 0.3}),
    ("adagrad", {"lr": 0.5}), ("adagrad", {"lr": 0.1, "eps": 1e-6}),
    ("rmsprop", {"lr": 0.01}), ("rmsprop", {"lr": 0.003, "alpha": 0.9, "eps": 1e-6}),
    ("adam", {"lr": 0.05}), ("adam", {"lr": 0.01, "betas": (0.5, 0.99)}),
    ("adam", {"lr": 0.02, "betas": (0.3, 0.9), "eps": 1e-3}),     # lerp's other branch
    ("adam", {"lr": 0.02, "betas": (0.0, 0.0)}),
]
STARTS = [(BOWL, (1.5, 1.5)), (ROSEN, (-1.2, 1.0)), (HIMMEL, (3.75, 3.75)),
          (BOWL, (3e-7, -2e-7))]                             # already next to the minimum
# The SGD family's lr above suits the bowl (λmax 10); scaled to stay stable on the others.
SGD_SCALE = {"bowl": 1.0, "rosenbrock": 0.01, "himmelblau": 0.02}


@pytest.mark.parametrize("name, hp", CASES, ids=[f"{n}-{i}" for i, (n, _) in enumerate(CASES)])
@pytest.mark.parametrize("surface, x0", STARTS, ids=["bowl", "rosenbrock", "himmelblau", "bowl-near-min"])
def test_rule_equals_torch_algorithm_bit_for_bit(name, hp, surface, x0):
    hp = get(name).check(hp)
    if name in ("gd", "momentum", "nesterov"):
        hp["lr"] *= SGD_SCALE[surface.name]
    ours = our_run(name, hp, surface.grad, x0, 300)
    ref = ref_run(name, hp, surface.grad, x0, 300)
    np.testing.assert_array_equal(ours, ref)


@pytest.mark.parametrize("name, hp, variant", [
    ("adam", {"lr": 0.02}, "eps inside"),
    ("adam", {"lr": 0.02}, "no bias correction"),
    ("rmsprop", {"lr": 0.01}, "eps inside"),
    ("adagrad", {"lr": 0.2}, "eps inside"),
    ("adagrad", {"lr": 0.2}, "accumulator 0.1"),
    ("momentum", {"lr": 0.002}, "dampened first step"),
    ("nesterov", {"lr": 0.002}, "dampened first step"),
])
def test_textbook_variants_differ_visibly_near_the_minimum(name, hp, variant):
    """Near the minimum the variants are far from torch's rule (and from ours)."""
    hp = get(name).check(hp)
    x0 = (1.5, 1.5) if "first" in variant or "accumulator" in variant or "bias" in variant \
        else (2e-4, -1e-4)
    ours = our_run(name, hp, BOWL.grad, x0, 400)
    wrong = ref_run(name, hp, BOWL.grad, x0, 400, variant)
    gap = np.abs(ours - wrong).max(axis=1)
    assert gap.max() > 1e-6 * max(1.0, np.abs(ours).max()) or gap.max() > 1e3 * np.abs(ours[-1]).max()
    assert not np.array_equal(ours, wrong)


def test_eps_placement_shows_in_the_last_steps_of_adam():
    """Next to the minimum, ε inside the square root shortens Adam's first step 480-fold."""
    hp = get("adam").check({"lr": 1e-6})
    ours = our_run("adam", hp, BOWL.grad, (1e-7, 1e-7), 200)
    inside = ref_run("adam", hp, BOWL.grad, (1e-7, 1e-7), 200, "eps inside")
    # First step, g = 2e-7 (m̂ = g, v̂ = g²). torch: η·g/(|g| + ε) ≈ 0.95·η, then it
    # oscillates about 0; ε inside: η·g/√(g² + ε) ≈ η·2e-7/1e-4, some 480 times shorter.
    ours_step, inside_step = 1e-7 - ours[1, 0], 1e-7 - inside[1, 0]
    assert ours_step == pytest.approx(1e-6 * 2e-7 / (2e-7 + 1e-8), rel=1e-9)
    assert inside_step == pytest.approx(1e-6 * 2e-7 / math.sqrt(4e-14 + 1e-8), rel=1e-9)
    assert ours_step > 400 * inside_step


# --- hand-computed steps ------------------------------------------------------

def seq_run(name, hp, grads, x0=1.0):
    """The rule driven by a given sequence of gradients (one coordinate used)."""
    rule = get(name)
    hp = rule.check(hp)
    x, state, out = np.array([[x0], [0.0]]), rule.init(1), []
    for k, g in enumerate(grads, start=1):
        x, state = rule.step(x, np.array([[g], [0.0]]), None, state, np.array([k]), hp)
        out.append(float(x[0, 0]))
    return out


def test_hand_computed_sgd_steps():
    # f = x², g = 2x, from x = 1, η = 0.25, μ = 0.5.
    # heavy ball: b = 2, x = 0.5; g = 1, b = 1 + 1 = 2, x = 0; g = 0, b = 1, x = -0.25
    assert our_run("momentum", {"lr": 0.25, "momentum": 0.5}, lambda p: 2 * p, (1, 0), 3)[:, 0] \
        .tolist() == [1.0, 0.5, 0.0, -0.25]
    # Nesterov: b = 2, d = 2 + 1 = 3, x = 0.25; g = 0.5, b = 1.5, d = 0.5 + 0.75, x = -0.0625
    assert our_run("nesterov", {"lr": 0.25, "momentum": 0.5}, lambda p: 2 * p, (1, 0), 2)[:, 0] \
        .tolist() == [1.0, 0.25, -0.0625]
    # gd: x = 1 − 0.25·2 = 0.5, then 0.25
    assert our_run("gd", {"lr": 0.25}, lambda p: 2 * p, (1, 0), 2)[:, 0].tolist() == [1.0, 0.5, 0.25]


def test_hand_computed_adaptive_steps():
    # Adagrad, η = 0.5, ε = 0.5, g = 2 then 2: s = 4, x = 1 − 1/2.5 = 0.6;
    # s = 8, x = 0.6 − 1/(√8 + 0.5)
    a = seq_run("adagrad", {"lr": 0.5, "eps": 0.5}, [2.0, 2.0])
    assert a == pytest.approx([0.6, 0.6 - 1 / (math.sqrt(8) + 0.5)], rel=1e-15)
    # RMSprop, η = 0.5, α = 0.75, ε = 1e-8, g = 2 then 0: v = 1, x = 1 − 1/(1 + ε); v = 0.75, x same
    r = seq_run("rmsprop", {"lr": 0.5, "alpha": 0.75, "eps": 1e-8}, [2.0, 0.0])
    assert r == pytest.approx([1 - 1 / (1 + 1e-8)] * 2, rel=1e-15)
    # Adam, η = 0.5, β = (0.5, 0.75), ε = 1e-8, g = 4 then 0:
    # m = 2, v = 4, step size 0.5/0.5 = 1, √(1 − 0.75) = 0.5: x = 1 − 2/(4 + ε)
    # m = 1, v = 3, step size 0.5/0.75, √(1 − 0.5625): x −= (2/3)/(√3/√0.4375 + ε)
    x1 = 1 - 2 / (4 + 1e-8)
    x2 = x1 - (2 / 3) / (math.sqrt(3) / math.sqrt(0.4375) + 1e-8)
    assert seq_run("adam", {"lr": 0.5, "betas": (0.5, 0.75), "eps": 1e-8}, [4.0, 0.0]) \
        == pytest.approx([x1, x2], rel=1e-15)


def test_hand_computed_newton_steps_and_singular_stop():
    # bowl x² + 5y²: H = diag(2, 10), H⁻¹g = x: x_{k+1} = (1 − η)·x_k exactly
    out = our_run("newton", {"lr": 0.5}, BOWL.grad, (1.0, -2.0), 3, hess=BOWL.hess)
    assert out.tolist() == [[1.0, -2.0], [0.5, -1.0], [0.25, -0.5], [0.125, -0.25]]
    rule = get("newton")
    state = rule.init(3)
    H = np.zeros((2, 2, 3))
    H[:, :, 1] = [[1.0, 1.0], [1.0, 1.0]]                    # rank one
    H[:, :, 2] = [[1e8, 0.0], [0.0, 1e-6]]                   # det/max² = 1e-14: nearly singular
    x = np.array([[1.0, 2.0, 3.0], [1.0, 2.0, 3.0]])
    x_new, state = rule.step(x, np.ones((2, 3)), H, state, np.ones(3, int), {"lr": 1.0})
    assert state["singular"].tolist() == [True, True, True]
    np.testing.assert_array_equal(x_new, x)


def test_newton_agrees_with_a_linear_solve_on_rosenbrock():
    out = our_run("newton", {"lr": 0.3}, ROSEN.grad, (-1.2, 1.0), 40, hess=ROSEN.hess)
    x = np.array([-1.2, 1.0])
    for k in range(1, 41):
        x = x - 0.3 * np.linalg.solve(ROSEN.hess(x), ROSEN.grad(x))
        np.testing.assert_allclose(out[k], x, rtol=1e-12, atol=1e-14)


# --- many balls: columns are independent, each with its own step count ----------

@pytest.mark.parametrize("name", ["momentum", "nesterov", "adagrad", "rmsprop", "adam"])
def test_balls_spawned_later_move_as_they_would_alone(name):
    rule = get(name)
    hp = rule.check({"lr": 0.01})
    starts = [(1.5, 1.5), (-1.0, 0.5), (0.2, -1.7)]
    delays = [0, 7, 19]
    solo = [ref_run(name, hp, BOWL.grad, s, 60 - d) for s, d in zip(starts, delays)]
    x, state, t = np.empty((2, 0)), rule.init(0), np.empty(0, int)
    for tick in range(60):
        for b, d in enumerate(delays):
            if d == tick:                                     # spawn: a fresh column
                x = np.concatenate([x, np.array(starts[b], float).reshape(2, 1)], axis=1)
                fresh = rule.init(1)
                state = {k: np.concatenate([v, fresh[k]], axis=-1) for k, v in state.items()}
                t = np.append(t, 0)
        t = t + 1
        x, state = rule.step(x, BOWL.grad(x), None, state, t, hp)
        for b, d in enumerate(delays):
            if tick >= d:
                np.testing.assert_array_equal(x[:, b], solo[b][tick - d + 1])


# --- hyperparameters: torch's names, defaults and one-line errors ---------------

def test_defaults_are_torchs():
    assert get("momentum").check({})["momentum"] == 0.9
    assert get("nesterov").check({})["momentum"] == 0.9
    assert get("adagrad").check({})["eps"] == 1e-10
    assert get("rmsprop").check({}) | {"lr": 0} == {"lr": 0, "alpha": 0.99, "eps": 1e-8}
    assert get("adam").check({}) | {"lr": 0} == {"lr": 0, "betas": (0.9, 0.999), "eps": 1e-8}
    assert [r.hyper_names for r in RULES.values()] == [
        ("lr",), ("lr", "momentum"), ("lr", "momentum"), ("lr", "eps"),
        ("lr", "alpha", "eps"), ("lr", "betas", "eps"), ("lr",)]


BAD = [
    ("gd", {"lr": 0.0}, "lr must be > 0"), ("gd", {"lr": -1}, "lr must be > 0"),
    ("gd", {"lr": float("nan")}, "lr must be > 0"), ("adam", {"lr": float("inf")}, "lr must be > 0"),
    ("gd", {"lr": "fast"}, "lr must be a number > 0"), ("gd", {"lr": True}, "lr must be a number"),
    ("momentum", {"momentum": 1.0}, "momentum must be in [0, 1)"),
    ("momentum", {"momentum": -0.1}, "momentum must be in [0, 1)"),
    ("nesterov", {"momentum": 0.0}, "momentum must be in (0, 1)"),
    ("rmsprop", {"alpha": 1.0}, "alpha must be in [0, 1)"),
    ("rmsprop", {"alpha": -0.01}, "alpha must be in [0, 1)"),
    ("rmsprop", {"eps": 0.0}, "eps must be > 0"), ("adagrad", {"eps": -1e-8}, "eps must be > 0"),
    ("adam", {"betas": (1.0, 0.9)}, "betas[0] must be in [0, 1)"),
    ("adam", {"betas": (0.9, 1.0)}, "betas[1] must be in [0, 1)"),
    ("adam", {"betas": (-0.1, 0.9)}, "betas[0] must be in [0, 1)"),
    ("adam", {"betas": 0.9}, "betas must be two numbers B1,B2"),
    ("adam", {"betas": (0.9,)}, "betas must be two numbers B1,B2"),
    ("adam", {"betas": "0.9,0.99"}, "betas must be two numbers B1,B2"),
    ("gd", {"momentum": 0.9}, "gd takes no 'momentum'; its parameters are lr"),
    ("adam", {"alpha": 0.9}, "adam takes no 'alpha'; its parameters are lr, betas, eps"),
    ("newton", {"eps": 1e-8}, "newton takes no 'eps'"),
]


@pytest.mark.parametrize("name, hp, words", BAD)
def test_bad_hyperparameters_are_one_clear_line(name, hp, words):
    with pytest.raises(ValueError) as info:
        get(name).check(hp)
    text = str(info.value)
    assert words in text and "\n" not in text
    assert text.startswith(f"{name}")


def test_unknown_optimizer_lists_the_names():
    with pytest.raises(ValueError, match="choose one of: gd, momentum, nesterov, adagrad, rmsprop, adam, newton$"):
        get("sgd")


def test_second_parameter_is_what_the_keys_change():
    assert {n: r.second for n, r in RULES.items()} == {
        "gd": None, "momentum": "momentum", "nesterov": "momentum", "adagrad": None,
        "rmsprop": "alpha", "adam": "beta1", "newton": None}
    adam = get("adam")
    hp = adam.with_second(adam.check({"lr": 0.1}), 0.8)
    assert hp["betas"] == (0.8, 0.999) and adam.second_value(hp) == 0.8
    with pytest.raises(ValueError, match=r"betas\[0\] must be in \[0, 1\)"):
        adam.with_second(hp, 1.0)


def test_colours_are_okabe_ito_and_distinct():
    from game.optim import OKABE_ITO
    colours = [r.colour for r in RULES.values()]
    assert len(set(colours)) == len(colours) == 7
    assert set(colours) <= set(OKABE_ITO.values())
    assert all(r.rule_text and r.label for r in RULES.values())
