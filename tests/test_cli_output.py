"""Headless output: written whole or not at all, every failure one line and
exit 2, a progress bar only on a terminal, Ctrl+C exits 130 cleanly."""
import csv
import io
import os
import signal
import subprocess
import sys
import time
from fractions import Fraction
from pathlib import Path

import numpy as np
import pygame
import pytest

from game import cli, headless, surfaces
from game.world import World

ROOT = Path(__file__).resolve().parents[1]


def one_error_line(err):
    return err.count("\n") == 1 and err.startswith("main.py: error: ") and "Traceback" not in err


def leftovers(folder):
    return [p.name for p in Path(folder).iterdir() if p.name.endswith(".part")]


@pytest.mark.parametrize("target", ["/proc/a.png", "/sys/a.png"])
def test_screenshot_to_a_special_folder_is_one_line(target, capsys):
    if not Path(target).parent.is_dir():
        pytest.skip(f"no {Path(target).parent} here")
    assert cli.main(["--screenshot", target, "--size", "800x500"]) == 2
    out, err = capsys.readouterr()
    assert out == "" and one_error_line(err) and target in err


def test_screenshot_subprocess_to_proc_is_one_line():
    env = dict(os.environ, SDL_VIDEODRIVER="dummy", SDL_AUDIODRIVER="dummy")
    r = subprocess.run([sys.executable, "main.py", "--screenshot", "/proc/a.png"], cwd=ROOT,
                       env=env, capture_output=True, text=True, timeout=120)
    assert r.returncode == 2 and r.stdout == "" and one_error_line(r.stderr)


def test_write_that_fails_midway_is_one_line(tmp_path, capsys):
    # /dev/full accepts the open and refuses every write (ENOSPC)
    if not Path("/dev/full").exists():
        pytest.skip("no /dev/full here")
    assert cli.main(["--trajectory", "/dev/full", "--steps", "5000"]) == 2
    assert one_error_line(capsys.readouterr().err)
    link = tmp_path / "full.png"
    link.symlink_to("/dev/full")
    assert cli.main(["--screenshot", str(link), "--size", "800x500"]) == 2
    assert one_error_line(capsys.readouterr().err)
    assert link.is_symlink() and leftovers(tmp_path) == []


def test_existing_special_file_is_written_in_place(tmp_path):
    # /dev/null stays a device: the CSV goes through it, nothing replaces it
    assert cli.main(["--trajectory", "/dev/null", "--steps", "3"]) == 0
    assert Path("/dev/null").is_char_device()


def test_read_only_folder_is_one_line(tmp_path, capsys):
    if os.geteuid() == 0:
        pytest.skip("root writes into read-only folders: permissions cannot be tested")
    ro = tmp_path / "ro"
    ro.mkdir()
    ro.chmod(0o500)
    try:
        for flag, name in (("--screenshot", "a.png"), ("--trajectory", "a.csv")):
            assert cli.main([flag, str(ro / name)]) == 2
            assert one_error_line(capsys.readouterr().err)
    finally:
        ro.chmod(0o700)


def test_failed_save_keeps_the_old_file_and_leaves_no_part(tmp_path, capsys, monkeypatch):
    out = tmp_path / "s.png"
    out.write_bytes(b"old picture")

    from game import png
    real = png.encode

    def refuse(rows, *a, **k):          # the picture is half made, then memory runs out
        real(rows[:1])
        raise pygame.error("out of memory")

    monkeypatch.setattr(png, "encode", refuse)
    assert cli.main(["--screenshot", str(out), "--size", "800x500"]) == 2
    err = capsys.readouterr().err
    assert one_error_line(err) and "out of memory" in err
    assert out.read_bytes() == b"old picture" and leftovers(tmp_path) == []


def test_new_output_has_the_permissions_of_a_plain_open(tmp_path):
    out = tmp_path / "t.csv"
    assert cli.main(["--trajectory", str(out), "--steps", "2"]) == 0
    umask = os.umask(0)
    os.umask(umask)
    assert out.stat().st_mode & 0o777 == 0o666 & ~umask


def test_output_through_a_symlink_writes_its_target(tmp_path):
    real = tmp_path / "real.csv"
    real.write_text("old")
    link = tmp_path / "link.csv"
    link.symlink_to(real)
    assert cli.main(["--trajectory", str(link), "--surface", "bowl", "--steps", "2"]) == 0
    assert link.is_symlink() and real.read_text().startswith("step,x,y,f\n")


def test_trajectory_chunks_match_one_tick_at_a_time(tmp_path):
    """Rows are formatted in chunks; across chunk edges they are the rows of a
    plain loop of ticks, and f is Himmelblau's, written out here."""
    steps = 2 * headless.CSV_CHUNK + 7
    out = tmp_path / "c.csv"
    assert cli.main(["--trajectory", str(out), "--surface", "himmelblau", "--lr", "0.001",
                     "--start", "3.5,-3.7", "--steps", str(steps)]) == 0
    world = World(surfaces.get("himmelblau"), "momentum",
                  hyper={"momentum": {"lr": 0.001, "momentum": 0.9}}, trail_len=1)
    world.spawn((3.5, -3.7))
    rows = list(csv.reader(out.read_text().splitlines()))
    assert rows[0] == ["step", "x", "y", "f"] and len(rows) == steps + 2
    for step, row in enumerate(rows[1:]):
        if step:
            world.tick()
        x, y = float(world.x[0, 0]), float(world.x[1, 0])
        assert row[:3] == [str(step), repr(x), repr(y)]
        f = (x * x + y - 11) ** 2 + (x + y * y - 7) ** 2
        assert float(row[3]) == pytest.approx(f, rel=1e-12, abs=1e-12)


class FakeTerminal(io.StringIO):
    def isatty(self):
        return True


def test_progress_bar_on_a_terminal_only(tmp_path, monkeypatch):
    monkeypatch.setattr(headless, "PROGRESS_DELAY", 0.0)
    term = FakeTerminal()
    monkeypatch.setattr(sys, "stderr", term)
    assert cli.main(["--trajectory", str(tmp_path / "t.csv"), "--steps", "5000"]) == 0
    shown = term.getvalue()
    assert "trajectory" in shown and "5.00k" in shown and "tick" in shown
    assert shown.endswith("\r")          # the bar clears its line when done
    pipe = io.StringIO()
    monkeypatch.setattr(sys, "stderr", pipe)
    assert cli.main(["--trajectory", str(tmp_path / "t.csv"), "--steps", "5000"]) == 0
    assert pipe.getvalue() == ""


def test_progress_waits_before_showing(tmp_path, monkeypatch):
    term = FakeTerminal()
    monkeypatch.setattr(sys, "stderr", term)
    assert cli.main(["--trajectory", str(tmp_path / "t.csv"), "--steps", "50"]) == 0
    assert term.getvalue() == ""


def test_ticks_in_chunks_are_the_same_ticks():
    rng = np.random.default_rng(3)
    a, b = (World(surfaces.get("rosenbrock"), "momentum",
                  hyper={"momentum": {"lr": 0.0005, "momentum": 0.9}}) for _ in range(2))
    points = rng.uniform(-1.5, 1.5, (2, 40))
    a.spawn(points)
    b.spawn(points)
    headless.run_ticks(a, 1234)
    b.run(1234)
    assert a.ticks == b.ticks == 1234
    np.testing.assert_array_equal(a.x, b.x)
    np.testing.assert_array_equal(a.groups["momentum"].state["buf"], b.groups["momentum"].state["buf"])


@pytest.mark.parametrize("balls, keeps", [(40, False), (headless.MANY_BALLS, True)])
def test_many_balls_run_with_freed_memory_kept(balls, keeps, monkeypatch):
    calls = []
    monkeypatch.setattr(headless.memory, "keep_freed_memory", lambda: calls.append(1) or True)
    w = World(surfaces.get("bowl"), "gd", cap=balls)
    w.spawn(np.random.default_rng(4).uniform(-2, 2, (2, balls)))
    headless.run_ticks(w, 2)
    assert w.ticks == 2 and bool(calls) is keeps


def test_interrupt_is_130_and_leaves_nothing(tmp_path, capsys, monkeypatch):
    ticks = {"n": 0}
    real_tick = World.tick

    def tick(self):
        ticks["n"] += 1
        if ticks["n"] == 3000:
            raise KeyboardInterrupt
        real_tick(self)

    monkeypatch.setattr(World, "tick", tick)
    out = tmp_path / "t.csv"
    assert cli.main(["--trajectory", str(out), "--steps", "10000"]) == 130
    ticks["n"] = 0
    shot = tmp_path / "s.png"
    assert cli.main(["--screenshot", str(shot), "--balls", "0,0", "--steps", "10000"]) == 130
    err = capsys.readouterr().err
    assert err == "main.py: interrupted\nmain.py: interrupted\n"
    assert list(tmp_path.iterdir()) == []


def test_ctrl_c_on_a_long_run_exits_130_without_traceback(tmp_path):
    out = tmp_path / "t.csv"
    env = dict(os.environ, SDL_VIDEODRIVER="dummy", SDL_AUDIODRIVER="dummy")
    proc = subprocess.Popen([sys.executable, "main.py", "--trajectory", str(out),
                             "--steps", "1000000"], cwd=ROOT, env=env, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    deadline = time.monotonic() + 60
    while not leftovers(tmp_path) and time.monotonic() < deadline:
        time.sleep(0.05)        # the run has started once its .part file exists
    time.sleep(0.3)
    proc.send_signal(signal.SIGINT)
    stdout, stderr = proc.communicate(timeout=60)
    assert proc.returncode == 130
    assert stdout == "" and stderr == "main.py: interrupted\n"
    assert list(tmp_path.iterdir()) == []


def test_trajectory_to_dev_stdout_goes_to_stdout():
    if not Path("/dev/stdout").exists():
        pytest.skip("no /dev/stdout here")
    r = subprocess.run([sys.executable, "main.py", "--trajectory", "/dev/stdout", "--surface",
                        "bowl", "--optimizer", "gd", "--lr", "0.1", "--start", "1,0.5",
                        "--steps", "2"], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert r.returncode == 0 and r.stderr == ""
    # gradient descent on the bowl x² + 5y², η = 0.1: x ← x − 0.1·2x, y ← y − 0.1·10y,
    # each step as torch's kernel rounds it: once, as a fused multiply-add (computed
    # here exactly with fractions, then rounded to the nearest float)
    def fused(a, b, c):
        return float(Fraction(a) * Fraction(b) + Fraction(c))
    x, y, want = 1.0, 0.5, ["step,x,y,f"]
    for step in range(3):
        want.append(f"{step},{x!r},{y!r},{x * x + 5 * y * y!r}")
        x, y = fused(-0.1, 2 * x, x), fused(-0.1, 10 * y, y)
    assert r.stdout.splitlines() == want


def test_a_reader_that_stops_early_ends_the_run_quietly():
    # `python main.py --trajectory /dev/stdout … | head -1`: once the reader has
    # gone, the run stops with SIGPIPE's status and says nothing on stderr.
    import os
    import subprocess
    import sys
    from pathlib import Path
    root = Path(__file__).resolve().parents[1]
    env = dict(os.environ, SDL_VIDEODRIVER="dummy", SDL_AUDIODRIVER="dummy")
    proc = subprocess.Popen([sys.executable, "main.py", "--trajectory", "/dev/stdout",
                             "--steps", "200000"], cwd=root, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert proc.stdout.readline() == b"step,x,y,f\n"
    proc.stdout.close()
    with proc.stderr:
        err = proc.stderr.read()
    assert proc.wait(timeout=120) == 141 and err == b""
