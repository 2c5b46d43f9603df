"""Hyperparameters per rule as the keys change them (game.tuning)."""
import math

import pytest

from game import optim, surfaces
from game import tuning as tu

BOWL = surfaces.get("bowl")


def test_defaults_come_from_the_surface_and_torch():
    for name in optim.names():
        hp = tu.hyper_of((), name, BOWL)
        assert hp["lr"] == optim.defaults.default_lr(name, BOWL)
        rule = optim.get(name)
        assert {k: v for k, v in hp.items() if k != "lr"} == \
            {k: v for k, v in rule.defaults().items() if k != "lr"}


def test_lr_keys_multiply_by_five_quarters_within_the_range():
    o = ()
    lr0 = tu.hyper_of(o, "adam", BOWL)["lr"]
    o = tu.lr_step(o, "adam", BOWL, +1)
    assert tu.hyper_of(o, "adam", BOWL)["lr"] == lr0 * 1.25
    assert tu.hyper_of(o, "gd", BOWL)["lr"] == optim.defaults.default_lr("gd", BOWL)   # others untouched
    for _ in range(200):
        o = tu.lr_step(o, "adam", BOWL, +1)
    assert tu.hyper_of(o, "adam", BOWL)["lr"] == tu.LR_MAX
    for _ in range(400):
        o = tu.lr_step(o, "adam", BOWL, -1)
    assert tu.hyper_of(o, "adam", BOWL)["lr"] == tu.LR_MIN


@pytest.mark.parametrize("name, key, step, start", [
    ("momentum", "momentum", 0.05, 0.9), ("nesterov", "momentum", 0.05, 0.9),
    ("rmsprop", "alpha", 0.01, 0.99), ("adam", "betas", 0.05, 0.9)])
def test_second_parameter_steps_and_stays_valid(name, key, step, start):
    def value(o):
        v = tu.hyper_of(o, name, BOWL)[key]
        return v[0] if key == "betas" else v
    o = tu.second_step((), name, BOWL, -1)
    assert value(o) == pytest.approx(start - step)
    for _ in range(100):
        o = tu.second_step(o, name, BOWL, -1)
    low = value(o)
    assert low == (step if name == "nesterov" else 0.0)     # Nesterov's momentum must stay > 0
    for _ in range(100):
        o = tu.second_step(o, name, BOWL, +1)
    assert value(o) == tu.SECOND_MAX
    if key == "betas":
        assert tu.hyper_of(o, name, BOWL)["betas"][1] == 0.999


def test_rules_without_a_second_parameter_are_left_alone():
    for name in ("gd", "adagrad", "newton"):
        assert tu.second_step((), name, BOWL, +1) == ()


def test_a_new_surface_drops_the_learning_rates_only():
    o = tu.with_values((), "momentum", {"lr": 0.3, "momentum": 0.5})
    assert tu.without_lr(o) == (("momentum", "momentum", 0.5),)


def test_optimal_values_are_the_closed_forms_on_the_bowl():
    # λ = 2, 10: GD η* = 2/(2 + 10); heavy ball η* = 4/(√10 + √2)², μ* = ((√5 − 1)/(√5 + 1))²
    gd, why = tu.optimal_values("gd", BOWL)
    assert why is None and gd == {"lr": pytest.approx(1 / 6)}
    hb, _ = tu.optimal_values("momentum", BOWL)
    q = (math.sqrt(5) - 1) / (math.sqrt(5) + 1)
    assert hb["lr"] == pytest.approx(4 / (math.sqrt(10) + math.sqrt(2)) ** 2)
    assert hb["momentum"] == pytest.approx(q * q)
    assert tu.optimal_values("newton", BOWL)[0] == {"lr": 1.0}
    for name, surface, words in [("adam", BOWL, "not linear"),
                                 ("gd", surfaces.get("rosenbrock"), "constant Hessian"),
                                 ("gd", surfaces.get("saddle"), "not both > 0")]:
        values, why = tu.optimal_values(name, surface)
        assert values is None and words in why and "\n" not in why


def test_check_refuses_bad_overrides():
    tu.check((("adam", "betas", (0.5, 0.5)),))
    for bad in [(("sgd", "lr", 0.1),), (("gd", "momentum", 0.5),), (("gd", "lr", -1.0),),
                (("adam", "betas", (1.0, 0.5)),), ("gd",), [("gd", "lr", 0.1)]]:
        with pytest.raises(ValueError):
            tu.check(bad)
