"""The command line's hyperparameters: --race SPEC and the per-flag values."""
import pytest

from game import optim, surfaces
from game.racespec import flag_hyper, parse_betas, parse_race

BOWL = surfaces.get("bowl")


def test_the_issue_example_spec():
    racers = parse_race("gd,momentum:lr=0.002:momentum=0.95,adam:lr=0.05:betas=0.8/0.99", BOWL)
    assert racers == [
        ("gd", {"lr": optim.defaults.default_lr("gd", BOWL)}),
        ("momentum", {"lr": 0.002, "momentum": 0.95}),
        ("adam", {"lr": 0.05, "betas": (0.8, 0.99), "eps": 1e-8}),
    ]


def test_default_is_the_default_race_set_with_the_surfaces_learning_rates():
    racers = parse_race(" default ", surfaces.get("rosenbrock"))
    assert [n for n, _ in racers] == list(optim.RACE_DEFAULT)
    for name, hp in racers:
        assert hp["lr"] == optim.defaults.default_lr(name, surfaces.get("rosenbrock"))


@pytest.mark.parametrize("spec, words", [
    ("", "expects optimizer names"),
    ("sgd", "unknown optimizer 'sgd'"),
    ("gd,gd", "appears twice"),
    ("gd,,adam", "empty entry"),
    ("gd:momentum=0.9", "gd takes no momentum"),
    ("gd:lr", "expects key=value"),
    ("gd:lr=", "expects key=value"),
    ("gd:lr=fast", "expects a number"),
    ("gd:lr=inf", "finite"),
    ("gd:lr=0", "lr must be > 0"),
    ("gd:lr=1:lr=2", "sets lr twice"),
    ("adam:betas=0.9", "two numbers B1/B2"),
    ("adam:betas=1/0.9", "betas[0] must be in [0, 1)"),
    ("adam:betas=0.9/-0.1", "betas[1] must be in [0, 1)"),
    ("adam:eps=0", "eps must be > 0"),
    ("rmsprop:alpha=1", "alpha must be in [0, 1)"),
    ("momentum:momentum=1", "momentum must be in [0, 1)"),
    ("adagrad:momentum=0.5", "adagrad takes no momentum"),
])
def test_bad_specs_are_one_line_errors(spec, words):
    with pytest.raises(ValueError) as err:
        parse_race(spec, BOWL)
    text = str(err.value)
    assert words in text and "\n" not in text and text.startswith("--race")


def test_flags_the_optimizer_does_not_use_are_refused():
    assert flag_hyper("adam", BOWL, lr=0.1, betas=(0.5, 0.6), eps=None) == \
        {"lr": 0.1, "betas": (0.5, 0.6), "eps": 1e-8}
    assert flag_hyper("rmsprop", BOWL, alpha=0.9)["alpha"] == 0.9
    for name, flag in [("gd", "momentum"), ("momentum", "betas"), ("adam", "alpha"),
                       ("newton", "eps"), ("adagrad", "alpha")]:
        value = (0.5, 0.5) if flag == "betas" else 0.5
        with pytest.raises(ValueError, match=f"--{flag}: {name} takes no {flag}"):
            flag_hyper(name, BOWL, **{flag: value})
    with pytest.raises(ValueError, match="lr must be > 0"):
        flag_hyper("gd", BOWL, lr=-0.1)


def test_betas_flag():
    assert parse_betas("0.8,0.99") == (0.8, 0.99)
    for bad in ("0.8", "0.8,0.9,0.99", "a,b", "nan,0.9"):
        with pytest.raises(ValueError, match="--betas"):
            parse_betas(bad)
