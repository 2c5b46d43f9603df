"""The window is opened only where it can be seen: a display SDL cannot
reach gives one line and exit 2, not an invisible app that runs forever."""
import os
import subprocess
import sys
from pathlib import Path

import pygame
import pytest

from game import app_window

ROOT = Path(__file__).resolve().parents[1]


def free_display() -> str:
    """An X display number with no server behind it."""
    for n in range(97, 200):
        if not Path(f"/tmp/.X11-unix/X{n}").exists() and not Path(f"/tmp/.X{n}-lock").exists():
            return f":{n}"
    pytest.skip("no free X display number")


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="X11 display names")
def test_unreachable_display_is_one_line_and_exit_2():
    env = {k: v for k, v in os.environ.items()
           if k not in ("SDL_VIDEODRIVER", "WAYLAND_DISPLAY", "XDG_RUNTIME_DIR")}
    env["DISPLAY"] = free_display()
    r = subprocess.run([sys.executable, "main.py"], cwd=ROOT, env=env, capture_output=True,
                       text=True, timeout=60)
    assert r.returncode == 2, (r.returncode, r.stderr)
    lines = r.stderr.splitlines()
    assert len(lines) == 1, r.stderr
    assert lines[0].startswith("main.py: error: cannot open a window")
    assert env["DISPLAY"] in lines[0]
    assert r.stdout == ""


@pytest.fixture
def fake_sdl(monkeypatch):
    """pygame.display with a driver of our choosing, counting the attempts."""
    calls = {"init": 0, "driver": "offscreen"}
    monkeypatch.setattr(pygame.display, "init", lambda: calls.__setitem__("init", calls["init"] + 1))
    monkeypatch.setattr(pygame.display, "quit", lambda: None)
    monkeypatch.setattr(pygame.display, "get_driver", lambda: calls["driver"])
    monkeypatch.setattr(app_window.time, "sleep", lambda s: None)
    return calls


def test_a_fallback_driver_nobody_asked_for_is_refused_after_a_retry(fake_sdl, monkeypatch):
    monkeypatch.delenv("SDL_VIDEODRIVER", raising=False)
    monkeypatch.setenv("DISPLAY", ":42")
    for driver in app_window.HIDDEN_DRIVERS:
        fake_sdl["driver"], fake_sdl["init"] = driver, 0
        with pytest.raises(app_window.WindowError, match=r"display \(:42\) cannot be reached"):
            app_window.start_display()
        assert fake_sdl["init"] == 2


def test_a_visible_driver_or_one_asked_for_is_taken(fake_sdl, monkeypatch):
    monkeypatch.delenv("SDL_VIDEODRIVER", raising=False)
    for driver in ("x11", "wayland", "windows", "cocoa"):
        fake_sdl["driver"], fake_sdl["init"] = driver, 0
        assert app_window.start_display() == driver and fake_sdl["init"] == 1
    monkeypatch.setenv("SDL_VIDEODRIVER", "dummy")
    fake_sdl["driver"], fake_sdl["init"] = "dummy", 0
    assert app_window.start_display() == "dummy" and fake_sdl["init"] == 1


def test_held_stderr_holds_what_c_code_writes_on_fd_2(capfd):
    with app_window.held_stderr() as said:
        os.write(2, b"error: XDG_RUNTIME_DIR is invalid or not set\n")
    out, err = capfd.readouterr()
    assert err == ""
    assert said == ["error: XDG_RUNTIME_DIR is invalid or not set\n"]
    os.write(2, b"after\n")
    assert capfd.readouterr().err == "after\n", "stderr is back"
