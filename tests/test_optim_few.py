"""Every rule's step for a few balls (Python floats) against its step over arrays, bit for bit.

A handful of balls (a race) steps on Python floats; many step as numpy
arrays. For each rule, random positions, gradients, states and step counts
over the float range (specials mixed in) are stepped once as 3000 balls and
again in slices of a few: new positions and every state array must be the
same doubles (NaN where NaN)."""
import numpy as np
import pytest

from game import optim
from game.optim.exact import FEW

HYPER = {
    "gd": [{"lr": 0.01}, {"lr": 3.7}],
    "momentum": [{"lr": 0.005, "momentum": 0.9}, {"lr": 0.3, "momentum": 0.0}],
    "nesterov": [{"lr": 0.005, "momentum": 0.9}, {"lr": 0.21, "momentum": 0.37}],
    "adagrad": [{"lr": 0.1, "eps": 1e-10}, {"lr": 2.5, "eps": 1e-300}],
    "rmsprop": [{"lr": 0.01, "alpha": 0.99, "eps": 1e-8}, {"lr": 0.7, "alpha": 0.0, "eps": 0.5}],
    "adam": [{"lr": 0.01, "betas": (0.9, 0.999), "eps": 1e-8},
             {"lr": 0.3, "betas": (0.25, 0.5), "eps": 1e-3}, {"lr": 0.05, "betas": (0.5, 0.0), "eps": 1e-8}],
}


def draw(rng, shape, lo=-150, hi=150):
    with np.errstate(over="ignore"):
        v = rng.normal(size=shape) * 10.0 ** rng.integers(lo, hi, shape)
    special = rng.random(shape) < 0.03
    v[special] = rng.choice([0.0, -0.0, np.inf, -np.inf, np.nan, 1e308, 5e-324], int(special.sum()))
    return v


def same(a, b):
    a, b = np.asarray(a), np.asarray(b)
    return a.shape == b.shape and (np.array_equal(a, b, equal_nan=True) if a.dtype.kind == "f"
                                   else np.array_equal(a, b))


def stats(rng, rule, n):
    state = rule.init(n)
    for k, a in state.items():
        if a.dtype.kind == "f":
            a[...] = draw(rng, a.shape)
            if k in ("sum", "square_avg", "exp_avg_sq"):        # gradient statistics are ≥ 0
                a[...] = np.abs(a)
    return state


@pytest.mark.parametrize("name", [n for n in HYPER])
def test_few_balls_step_as_many_do(name):
    rule = optim.get(name)
    rng = np.random.default_rng(sorted(HYPER).index(name))
    n = 3000
    x, g = draw(rng, (2, n)), draw(rng, (2, n))
    t = rng.integers(1, 4, n)
    for hp in HYPER[name]:
        state = stats(rng, rule, n)
        before = {k: v.copy() for k, v in state.items()}
        with np.errstate(all="ignore"):
            want, want_state = rule.step(x, g, None, state, t, hp)
        for k in (1, 2, FEW // 2):
            for lo in range(0, n - k, 41):
                s = slice(lo, lo + k)
                part = {key: v[..., s].copy() for key, v in before.items()}
                with np.errstate(all="ignore"):
                    got, got_state = rule.step(x[:, s].copy(), g[:, s].copy(), None, part, t[s], hp)
                assert same(got, want[:, s]), (name, hp, lo)
                for key in want_state:
                    assert same(got_state[key], want_state[key][..., s]), (name, key, hp, lo)


@pytest.mark.parametrize("name", ["adagrad", "rmsprop"])
def test_a_zero_eps_by_hand_gives_numpys_answer(name):
    # ε = 0 is refused by the rule's check, but a step called by hand still answers as numpy
    rule = optim.get(name)
    hp = {**rule.check({}), "eps": 0.0}
    x, g = np.array([[1.0, 2.0], [3.0, 4.0]]), np.array([[0.0, 1.0], [0.0, 0.0]])
    big = np.tile(x, 9), np.tile(g, 9)
    with np.errstate(all="ignore"):
        want, _ = rule.step(*big, None, rule.init(18), np.ones(18, int), hp)
        got, _ = rule.step(x, g, None, rule.init(2), np.ones(2, int), hp)
    assert 4 <= FEW < 36
    assert same(got, want[:, :2]) and np.isnan(got[0, 0]) and np.isfinite(got[0, 1])
