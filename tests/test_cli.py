"""The command line: trajectories, screenshots, and one clear line for bad input."""
import csv
import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pygame
import pytest

from game import cli, flags

ROOT = Path(__file__).resolve().parents[1]


def run_main(*args):
    env = dict(os.environ, SDL_VIDEODRIVER="dummy", SDL_AUDIODRIVER="dummy")
    return subprocess.run([sys.executable, "main.py", *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120)


def test_trajectory_csv_matches_hand_iterates(tmp_path):
    out = tmp_path / "t.csv"
    r = run_main("--trajectory", str(out), "--surface", "bowl", "--optimizer", "momentum",
                 "--lr", "0.02", "--momentum", "0.9", "--start", "1.0,0.8", "--steps", "400")
    assert r.returncode == 0, r.stderr
    rows = list(csv.reader(out.read_text().splitlines()))
    assert rows[0] == ["step", "x", "y", "f"]
    assert len(rows) == 402
    # the heavy ball on the bowl, written out here: v ← 0.9 v − 0.02 (2x, 10y); x ← x + v
    x, v = np.array([1.0, 0.8]), np.zeros(2)
    for step, row in enumerate(rows[1:]):
        assert int(row[0]) == step
        got = np.array([float(row[1]), float(row[2])])
        np.testing.assert_allclose(got, x, rtol=1e-12, atol=1e-15)
        assert float(row[3]) == pytest.approx(x[0] ** 2 + 5 * x[1] ** 2, rel=1e-12, abs=1e-18)
        v = 0.9 * v - 0.02 * np.array([2 * x[0], 10 * x[1]])
        x = x + v
    # full precision: each number round-trips through repr
    assert all(repr(float(c)) == c for c in rows[5][1:])


def test_gd_trajectory_and_negative_start(tmp_path):
    for form in (["--start", "-1.2,0.6"], ["--start=-1.2,0.6"]):
        out = tmp_path / "g.csv"
        assert cli.main(["--trajectory", str(out), "--surface", "bowl", "--optimizer", "gd",
                         "--lr", "0.1", *form, "--steps", "3"]) == 0
        rows = list(csv.reader(out.read_text().splitlines()))[1:]
        # x ← x − 0.1 (2x, 10y) = (0.8 x, 0 · y)
        assert [float(r[1]) for r in rows] == pytest.approx([-1.2, -0.96, -0.768, -0.6144])
        assert [float(r[2]) for r in rows] == pytest.approx([0.6, 0.0, 0.0, 0.0])


def test_screenshot_writes_the_frame(tmp_path):
    out = tmp_path / "s.png"
    r = run_main("--screenshot", str(out), "--surface", "hill", "--contours", "--cursor", "1.0,0.5",
                 "--balls", "1.5,-1.0;-0.5,0.5", "--steps", "60", "--size", "1280x800")
    assert r.returncode == 0, r.stderr
    assert r.stdout == "" and r.stderr == ""
    img = pygame.image.load(str(out))
    assert img.get_size() == (1280, 800)


def test_screenshot_with_negative_cursor(tmp_path):
    out = tmp_path / "n.png"
    assert cli.main(["--screenshot", str(out), "--cursor", "-1,-0.5", "--size", "800x500"]) == 0
    assert out.exists()


BAD = [
    (["--surface", "nope"], "hill, bowl"),
    (["--optimizer", "adamw"], "gd, momentum, nesterov, adagrad, rmsprop, adam, newton"),
    (["--start", "1.0", "--trajectory", "t.csv"], "X,Y"),
    (["--start", "a,b", "--trajectory", "t.csv"], "X,Y"),
    (["--start", "1,2,3", "--trajectory", "t.csv"], "X,Y"),
    (["--start", "nan,0", "--trajectory", "t.csv"], "finite"),
    (["--cursor", "1;2"], "X,Y"),
    (["--balls", "1,1;oops"], "X,Y"),
    (["--balls", ";"], "X,Y"),
    (["--start", "3,0", "--trajectory", "t.csv"], "outside"),
    (["--balls", "0,0;9,9"], "outside"),
    (["--steps", "-5"], "--steps"),
    (["--steps", "ten"], "whole number"),
    (["--lr", "0"], "--lr"),
    (["--lr", "-0.1"], "--lr"),
    (["--lr", "inf"], "finite"),
    (["--momentum", "1"], "[0, 1)"),
    (["--momentum", "-0.1"], "[0, 1)"),
    (["--size", "big"], "WIDTHxHEIGHT"),
    (["--size", "10x10"], "out of range"),
    (["--size", "99999x800"], "out of range"),
    (["--trajectory", "/no/such/dir/t.csv"], "does not exist"),
    (["--screenshot", "/no/such/dir/s.png"], "does not exist"),
    (["--screenshot", "picture.jpg"], ".png"),
    (["--trajectory", "a.csv", "--screenshot", "b.png"], "one"),
    (["--no-such-flag"], "unrecognized"),
    (["--trajectory", ""], "needs a file name"),
    (["--screenshot="], "needs a file name"),
    (["--start", "1,1"], "goes with --trajectory"),
    (["--screenshot", "s.png", "--start", "1,1"], "goes with --trajectory"),
    (["--trajectory", "t.csv", "--cursor", "1,1"], "no effect with --trajectory"),
    (["--trajectory", "t.csv", "--balls", "1,1"], "no effect with --trajectory"),
    (["--probe", "1,1", "--steps", "3"], "no effect with --probe"),
    (["--trajectory", "t.csv", "--steps", str(flags.MAX_STEPS + 1)], f"{flags.MAX_STEPS:,}"),
    (["--expr", "--steps", "3", "--probe", "0,0"], "--expr: expected one argument"),
    (["--expr", "--x", "--probe", "0,0", "--steps=3"], "no effect with --probe"),
    (["--traj", "t.csv"], "unrecognized arguments"),
    (["--expr", "--", "--probe", "0,0"], "--expr: expected one argument"),
    (["--expr=--", "--probe", "0,0"], "--expr: expected one argument"),
    (["--lr=--", "--probe", "0,0"], "--lr: expected one argument"),
    (["--surface", "a\nb\x00c"], "unknown surface"),
    (["--size", f"{flags.MIN_SIZE[0] - 1}x{flags.MIN_SIZE[1]}"], "out of range"),
    (["--size", f"{flags.MIN_SIZE[0]}x{flags.MAX_SIDE + 1}"], "out of range"),
    # the optimizer lab's flags
    (["--optimizer", "gd", "--momentum", "0.5"], "--momentum: gd takes no momentum"),
    (["--optimizer", "adam", "--alpha", "0.5"], "--alpha: adam takes no alpha"),
    (["--optimizer", "rmsprop", "--betas", "0.9,0.99"], "--betas: rmsprop takes no betas"),
    (["--optimizer", "newton", "--eps", "1e-8"], "--eps: newton takes no eps"),
    (["--optimizer", "momentum", "--eps", "1e-8"], "--eps: momentum takes no eps"),
    (["--optimizer", "adam", "--betas", "1,0.9"], "--betas: adam: betas[0] must be in [0, 1)"),
    (["--optimizer", "adam", "--betas", "0.9,-0.1"], "betas[1] must be in [0, 1)"),
    (["--optimizer", "adam", "--betas", "0.9"], "--betas expects two numbers B1,B2"),
    (["--optimizer", "adam", "--betas", "a,b"], "--betas expects a number"),
    (["--optimizer", "adam", "--eps", "0"], "--eps: adam: eps must be > 0"),
    (["--optimizer", "adagrad", "--eps", "-1e-10"], "eps must be > 0"),
    (["--optimizer", "rmsprop", "--alpha", "1"], "--alpha: rmsprop: alpha must be in [0, 1)"),
    (["--optimizer", "nesterov", "--momentum", "0"], "momentum must be in (0, 1)"),
    (["--optimizer", "adam", "--lr", "0"], "--lr: adam: lr must be > 0"),
    (["--eps", "nan"], "finite"),
    (["--race", "gd,gd"], "appears twice"),
    (["--race", "sgd"], "unknown optimizer 'sgd'"),
    (["--race", ""], "--race expects optimizer names"),
    (["--race", "gd:momentum=0.9"], "gd takes no momentum"),
    (["--race", "adam:betas=0.9"], "two numbers B1/B2"),
    (["--race", "adam:betas=0.9/1"], "betas[1] must be in [0, 1)"),
    (["--race", "gd:lr=0"], "lr must be > 0"),
    (["--race", "gd:lr"], "expects key=value"),
    (["--race", "default", "--lr", "0.1"], "--lr has no effect with --race"),
    (["--race", "default", "--optimizer", "adam"], "--optimizer has no effect with --race"),
    (["--race", "default", "--balls", "1,1"], "no effect with --race"),
    (["--race", "default", "--probe", "1,1"], "different runs"),
    (["--race", "default", "--rates"], "different runs"),
    (["--race", "gd", "--trajectory", "t.csv", "--screenshot", "s.png"], "give one"),
    (["--rates", "--surface", "rosenbrock"], "Hessian is constant"),
    (["--rates", "--expr", "x^4 + y^2"], "Hessian is constant"),
    (["--rates", "--cursor", "1,1"], "no effect with --rates"),
    (["--rates", "--trajectory", "t.csv"], "different runs"),
    (["--rates", "--optimizer", "gd", "--momentum", "0.9"], "gd takes no momentum"),
    (["--probe", "1,1", "--race", "gd"], "different runs"),
]


@pytest.mark.parametrize("argv,words", BAD, ids=[" ".join(a) for a, _ in BAD])
def test_bad_input_is_one_line_and_exit_2(argv, words, capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert cli.main(argv) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("main.py: error: ")
    assert words in err
    assert "Traceback" not in err


@pytest.mark.parametrize("form,sign", [(["--expr", "--x"], 1), (["--expr=--x"], 1),
                                       (["--expr", "---x"], -1), (["--expr", "--(-x)"], -1)])
def test_expr_may_start_with_two_minus_signs(form, sign, capsys):
    # −(−x) = x and −(−(−x)) = −x: f(0.5, 0.3) = ±0.5, ∇f = (±1, 0)
    assert cli.main([*form, "--probe", "0.5,0.3"]) == 0
    out, err = capsys.readouterr()
    data = json.loads(out)
    assert err == "" and data["f"] == sign * 0.5 and data["grad"] == [sign * 1.0, 0.0]


def test_every_value_flag_takes_the_next_argument_unless_it_is_a_flag():
    options = flags.value_options()
    takes = sorted(o for o, v in options.items() if v)
    assert takes == sorted(["--surface", "--expr", "--domain", "--probe", "--overlays",
                            "--optimizer", "--lr", "--momentum", "--betas", "--eps", "--alpha",
                            "--race", "--balls", "--cursor", "--steps",
                            "--trajectory", "--start", "--screenshot", "--size"])
    for opt in takes:
        assert flags.join_negative_values([opt, "--v"]) == [f"{opt}=--v"]
        assert flags.join_negative_values([opt, "-1"]) == [f"{opt}=-1"]
        for other in options:
            assert flags.join_negative_values([opt, other]) == [opt, other]
            assert flags.join_negative_values([opt, other + "=1"])[0] == opt
    assert flags.join_negative_values(["--contours", "--x"]) == ["--contours", "--x"]


def test_help_documents_the_equals_form_and_exits_0(capsys):
    assert cli.main(["--help"]) == 0
    out, err = capsys.readouterr()
    assert err == "" and "--expr=F" in " ".join(out.split())


def test_the_size_limits_are_the_constants(tmp_path):
    lo, hi = flags.MIN_SIZE, flags.MAX_SIDE
    assert flags.parse_size(f"{lo[0]}x{lo[1]}") == lo
    assert flags.parse_size(f"{hi}x{hi}") == (hi, hi)
    for bad in (f"{lo[0]}x{lo[1] - 1}", f"{hi + 1}x{lo[1]}"):
        with pytest.raises(flags.UsageError):
            flags.parse_size(bad)
    out = tmp_path / "small.png"
    assert cli.main(["--screenshot", str(out), "--size", f"{lo[0]}x{lo[1]}"]) == 0
    assert pygame.image.load(str(out)).get_size() == lo


def test_unwritable_output_exits_2(tmp_path, capsys):
    # /proc refuses new files even to root; elsewhere a read-only folder does.
    if Path("/proc/self").exists():
        target = "/proc/gradient-compass-test.csv"
    else:
        ro = tmp_path / "ro"
        ro.mkdir()
        ro.chmod(0o500)
        target = str(ro / "t.csv")
    assert cli.main(["--trajectory", target]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("main.py: error: ") and "Traceback" not in err


def test_output_path_that_is_a_directory_exits_2(tmp_path, capsys):
    assert cli.main(["--trajectory", str(tmp_path)]) == 2
    assert "directory" in capsys.readouterr().err


def test_bad_input_through_main_py_has_no_traceback():
    r = run_main("--surface", "nope")
    assert r.returncode == 2
    assert r.stderr.strip().count("\n") == 0 and "Traceback" not in r.stderr
    assert r.stdout == ""


def test_help_lists_every_flag():
    r = run_main("--help")
    assert r.returncode == 0
    for flag in ("--surface", "--optimizer", "--lr", "--momentum", "--betas", "--eps", "--alpha",
                 "--race", "--rates", "--contours", "--balls",
                 "--cursor", "--steps", "--trajectory", "--start", "--screenshot", "--size",
                 "--paused", "--verbose"):
        assert flag in r.stdout
    readme = (ROOT / "README.md").read_text()
    for action in flags.build_parser()._actions:
        for opt in action.option_strings:
            if opt.startswith("--"):
                assert opt in readme, f"README does not list {opt}"


def test_bench_runs_and_writes_its_json(tmp_path):
    out = tmp_path / "b.json"
    from game import bench
    assert bench.main(["--frames", "10", "--runs", "1", "--json", str(out)]) == 0
    import json
    data = json.loads(out.read_text())
    assert set(data["frame_ms"]) == {"0", "100", "1000", "10000", "100000", "1000+cursor",
                                     "1000+overlays", "race of 7", "pan", "pan, 0 balls"}
    for name, s in data["frame_ms"].items():
        assert 0 < s["median"] <= s["p99"] and 0 <= s["cpu_median"] <= s["cpu_p99"]
        fixed = {"race of 7": 7, "pan": 1000, "pan, 0 balls": 0}.get(name, s["balls"])
        assert s["n"] == 10 and s["balls"] == fixed
    assert [data["frame_ms"][str(c)]["balls"] for c in bench.COUNTS] == list(bench.COUNTS)
    assert set(data["colormap_ms"]) == {"hill", "rosenbrock"}
    assert min(data["colormap_ms"].values()) > 0 and data["memcpy_ms"] > 0
    assert data["startup_ms"] > 0 and data["screenshot_ms"] > 0


def test_no_display_is_one_line_not_an_invisible_window(monkeypatch, capsys):
    monkeypatch.delenv("DISPLAY", raising=False)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    monkeypatch.delenv("SDL_VIDEODRIVER", raising=False)
    monkeypatch.setattr(sys, "platform", "linux")
    assert cli.main(["--surface", "bowl"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "no display" in err and "--screenshot" in err
