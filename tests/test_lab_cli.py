"""The lab on the command line: --race (JSON and paths), --rates, --trajectory
for every rule, and the race held by a --screenshot session."""
import csv
import io
import json
import math

import numpy as np
import pytest

from game import cli, optim, surfaces
from game.optim import race as race_sim


def run(capsys, *argv):
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    assert code == 0 and err == "", err
    return out


def rows_of(path):
    return list(csv.reader(io.StringIO(path.read_text())))


SPEC = ("gd:lr=0.002,momentum:lr=0.002:momentum=0.95,nesterov,adagrad:eps=1e-6,"
        "rmsprop:alpha=0.9,adam:lr=0.05:betas=0.8/0.99,newton:lr=0.5")


@pytest.mark.parametrize("surface, start", [("rosenbrock", "-1.5,2"), ("himmelblau", "-4,4.5"),
                                            ("hill", "1,0.5")])
def test_every_racers_path_equals_its_solo_trajectory(surface, start, tmp_path, capsys):
    steps = "300"
    race_csv = tmp_path / "race.csv"
    report = json.loads(run(capsys, "--race", SPEC, "--surface", surface, "--start", start,
                            "--steps", steps, "--trajectory", str(race_csv)))
    rows = rows_of(race_csv)
    assert rows[0] == ["optimizer", "step", "x", "y", "f"]
    assert len(rows) == 1 + 7 * (int(steps) + 1)
    for racer in report["racers"]:
        name, hp = racer["optimizer"], racer["hyper"]
        flags = [f"--{k}={','.join(map(repr, v)) if isinstance(v, list) else repr(v)}"
                 for k, v in hp.items()]
        solo = tmp_path / f"{name}.csv"
        run(capsys, "--trajectory", str(solo), "--surface", surface, "--start", start,
            "--steps", steps, "--optimizer", name, *flags)
        mine = [r[1:] for r in rows[1:] if r[0] == name]
        assert mine == rows_of(solo)[1:], name
        last = mine[-1]
        assert (racer["x"], racer["y"]) == (float(last[1]), float(last[2]))


def test_race_json_is_the_race_simulators_run(capsys):
    # game.optim.race runs each racer alone with its own loop through the one tick
    # the world runs: same end points, f, convergence step and divergence mark
    report = json.loads(run(capsys, "--race", "default", "--surface", "bowl", "--steps", "600"))
    assert report["surface"] == "bowl" and report["steps"] == 600
    assert report["start"] == list(race_sim.default_start(surfaces.get("bowl")))
    names = [r["optimizer"] for r in report["racers"]]
    assert names == list(optim.RACE_DEFAULT)
    paths = race_sim.race(surfaces.get("bowl"), names, ticks=600)
    for racer, path in zip(report["racers"], paths):
        assert [racer["x"], racer["y"]] == path.xy[-1].tolist()
        assert racer["hyper"] == {k: list(v) if isinstance(v, tuple) else v
                                  for k, v in path.hp.items()}
        assert racer["converged_at"] == path.converged_at
        assert racer["f"] == float(path.f[-1]) and racer["diverged"] is path.diverged


def test_race_marks_a_diverged_racer(capsys):
    # gd with lr 0.25 > 2/λmax = 0.2 on the bowl; lr 0.05 converges
    report = json.loads(run(capsys, "--race", "gd:lr=0.25,momentum:lr=0.05:momentum=0.5",
                            "--surface", "bowl", "--steps", "400"))
    gd, mom = report["racers"]
    assert gd["diverged"] is True and gd["converged_at"] is None
    assert mom["diverged"] is False and mom["converged_at"] is not None
    paths = race_sim.race(surfaces.get("bowl"), [("gd", {"lr": 0.25}),
                                                 ("momentum", {"lr": 0.05, "momentum": 0.5})],
                          ticks=400)
    assert [(p.diverged, p.converged_at) for p in paths] == [(gd["diverged"], gd["converged_at"]),
                                                             (mom["diverged"], mom["converged_at"])]


@pytest.mark.parametrize("optimizer, flags, lam, rate", [
    # x² + 100y²: λ = 2, 200. gd: max|1 − ηλ|; the heavy ball with η = 0.01, μ = 0.8 has
    # (1 + μ − ηλ)² < 4μ for both λ (3.17 and 0.04 < 3.2): complex roots of modulus √μ
    ("gd", ["--lr", "0.005"], (2.0, 200.0), max(abs(1 - 0.005 * 2), abs(1 - 0.005 * 200))),
    ("momentum", ["--lr", "0.01", "--momentum", "0.8"], (2.0, 200.0), math.sqrt(0.8)),
    ("newton", ["--lr", "0.3"], (2.0, 200.0), 0.7),
])
def test_rates_on_a_typed_quadratic(optimizer, flags, lam, rate, capsys):
    out = json.loads(run(capsys, "--rates", "--expr", "x^2 + 100*y^2", "--optimizer", optimizer,
                         *flags, "--start", "1,1", "--steps", "600"))
    assert out["eigenvalues"] == list(lam)
    assert out["theory"] == pytest.approx(rate, rel=1e-12)
    assert out["measured"] == pytest.approx(rate, rel=0.01)
    kappa = lam[1] / lam[0]
    if optimizer == "gd":
        assert out["optimal"] == {"lr": pytest.approx(2 / (lam[0] + lam[1])),
                                  "rate": pytest.approx((kappa - 1) / (kappa + 1))}
    if optimizer == "momentum":
        q = (math.sqrt(kappa) - 1) / (math.sqrt(kappa) + 1)
        assert out["optimal"] == {"lr": pytest.approx(4 / (math.sqrt(lam[0]) + math.sqrt(lam[1])) ** 2),
                                  "momentum": pytest.approx(q * q), "rate": pytest.approx(q)}


def test_rates_for_an_adaptive_rule_has_no_theory(capsys):
    out = json.loads(run(capsys, "--rates", "--surface", "bowl", "--optimizer", "adam"))
    assert out["theory"] is None and out["optimal"] is None and out["eigenvalues"] == [2.0, 10.0]


@pytest.mark.parametrize("name", optim.names())
def test_trajectory_for_every_optimizer_is_the_race_simulators_path(name, tmp_path, capsys):
    out = tmp_path / "t.csv"
    run(capsys, "--trajectory", str(out), "--surface", "himmelblau", "--optimizer", name,
        "--start", "-1,-1", "--steps", "200")
    rows = rows_of(out)
    assert rows[0] == ["step", "x", "y", "f"]
    path = race_sim.race(surfaces.get("himmelblau"), [name], (-1.0, -1.0), 200)[0]
    got = np.array([[float(r[1]), float(r[2])] for r in rows[1:]])
    assert np.array_equal(got, path.xy)
    assert [r[1] for r in rows[1:]] == [repr(v) for v in path.xy[:, 0].tolist()]
    assert [r[3] for r in rows[1:]] == [repr(v) for v in path.f.tolist()]


def test_a_race_screenshot_session_holds_the_race():
    from game import app
    args = cli.parse(["--race", "adam,gd,newton", "--surface", "rosenbrock", "--steps", "30",
                      "--screenshot", "r.png"])
    session = cli.start_session(args, app)
    w = session.world
    assert [n for n, _ in w.racers] == ["adam", "gd", "newton"]
    assert session.state.race and session.state.race_set == ("gd", "adam", "newton")
    for name, ball_id in w.racers:
        assert w.ball(ball_id)["steps"] == 30
    assert w.tracked() == list(w.racers)
