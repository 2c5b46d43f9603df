"""A real window under Xvfb: it opens, a scripted click spawns a ball, Esc closes
the help card, one Esc with nothing open only asks, two quit.

Needs Xvfb and xdotool (Debian packages ``xvfb`` and ``xdotool``). Without them
the test is skipped, unless GC_REQUIRE_XVFB=1 (as in CI), where it fails.
"""
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
HAVE = shutil.which("Xvfb") and shutil.which("xdotool")
if not HAVE:
    if os.environ.get("GC_REQUIRE_XVFB") == "1":
        raise RuntimeError("GC_REQUIRE_XVFB=1 but Xvfb or xdotool is missing")
    pytest.skip("Xvfb and xdotool are not installed", allow_module_level=True)


@pytest.fixture
def display():
    r, w = os.pipe()
    xvfb = subprocess.Popen(["Xvfb", "-displayfd", str(w), "-screen", "0", "1400x900x24",
                             "-nolisten", "tcp"], pass_fds=(w,),
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    os.close(w)
    with os.fdopen(r) as f:
        number = f.readline().strip()
    assert number.isdigit(), "Xvfb did not report a display"
    yield f":{number}"
    xvfb.terminate()
    xvfb.wait(timeout=10)


def xdo(env, *args):
    return subprocess.run(["xdotool", *args], env=env, capture_output=True, text=True, timeout=30)


def test_window_opens_click_spawns_esc_closes_help_and_two_escs_quit(display):
    env = dict(os.environ, DISPLAY=display, SDL_VIDEODRIVER="x11")
    app = subprocess.Popen([sys.executable, "main.py", "--verbose", "--surface", "bowl"],
                           cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                           text=True)
    try:
        found = xdo(env, "search", "--sync", "--pid", str(app.pid))
        assert found.returncode == 0, found.stderr
        wid = found.stdout.split()[0]
        name = subprocess.run(["xprop", "-id", wid, "_NET_WM_NAME"], env=env,
                              capture_output=True, text=True).stdout if shutil.which("xprop") else ""
        assert not name or "Gradient Compass" in name, name
        geom = xdo(env, "getwindowgeometry", wid).stdout
        assert "1280x800" in geom, geom
        time.sleep(0.5)
        assert xdo(env, "mousemove", "--window", wid, "300", "250").returncode == 0
        time.sleep(0.3)
        assert xdo(env, "click", "1").returncode == 0
        time.sleep(0.5)
        xdo(env, "windowfocus", "--sync", wid)
        # the editor: the E that opens it must not be typed into it
        assert xdo(env, "key", "e").returncode == 0
        time.sleep(0.4)
        assert xdo(env, "type", "--delay", "30", "x^2+y").returncode == 0
        assert xdo(env, "key", "Return").returncode == 0
        time.sleep(1.5)
        # H then Esc: the help card closes and the app runs on
        assert xdo(env, "key", "h").returncode == 0
        time.sleep(0.4)
        assert xdo(env, "key", "Escape").returncode == 0
        time.sleep(0.6)
        assert app.poll() is None, "Esc over the help card quit the app"
        # one Esc with nothing open only asks; wait past the 2 s offer, it still runs
        assert xdo(env, "key", "Escape").returncode == 0
        time.sleep(2.6)
        assert app.poll() is None, "a single Esc quit the app"
        # two Escs within 2 s quit
        assert xdo(env, "key", "--delay", "150", "Escape", "Escape").returncode == 0
        out, err = app.communicate(timeout=30)
    finally:
        if app.poll() is None:
            app.kill()
            app.communicate()
    assert app.returncode == 0, err
    assert "Traceback" not in err
    assert "spawned ball at" in out
    assert "surface custom: f = x^2 + y," in out
    assert "quit with 0 balls" in out      # a new surface starts empty
    assert out.count("press Esc again to quit") == 2, out   # the lone Esc, then the first of two


def test_window_survives_tiny_and_huge_sizes_with_balls_alive(display):
    """Its minimum size is set, but a window manager (or xdotool, as here with
    no window manager at all) may force any size: the app keeps drawing at
    600 × 5, 1 × 1, 3000 × 2000 …, with balls rolling, every overlay on and
    the help card and the editor open, and still quits cleanly."""
    env = dict(os.environ, DISPLAY=display, SDL_VIDEODRIVER="x11")
    app = subprocess.Popen([sys.executable, "main.py", "--verbose", "--surface", "himmelblau",
                            "--balls", "-1,1;1,-1;0.5,0.5;-0.5,-3;4,4", "--overlays", "all",
                            "--contours"],
                           cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                           text=True)
    try:
        found = xdo(env, "search", "--sync", "--pid", str(app.pid))
        assert found.returncode == 0, found.stderr
        wid = found.stdout.split()[0]
        if shutil.which("xprop"):
            hints = subprocess.run(["xprop", "-id", wid, "WM_NORMAL_HINTS"], env=env,
                                   capture_output=True, text=True).stdout
            assert "minimum size: 800 by 500" in hints, hints
        time.sleep(0.5)
        xdo(env, "mousemove", "--window", wid, "300", "250")
        xdo(env, "windowfocus", "--sync", wid)
        sizes = [(600, 5), (1, 1), (1280, 8), (8, 1000), (3000, 2000), (2, 2), (800, 500)]
        for step, (w, h) in enumerate(sizes):
            assert xdo(env, "windowsize", wid, str(w), str(h)).returncode == 0
            time.sleep(0.6)
            assert app.poll() is None, f"the app died at {w}x{h}: {app.stderr.read()}"
            geom = xdo(env, "getwindowgeometry", wid).stdout
            assert f"{w}x{h}" in geom, geom
            if step == 2:
                xdo(env, "key", "h")                     # the help card, at 1280 × 8
            if step == 4:
                xdo(env, "key", "h")
                xdo(env, "key", "e")                     # the editor, at 3000 × 2000 …
                xdo(env, "type", "--delay", "20", "x^2")
        xdo(env, "key", "Escape")                        # closes the editor
        time.sleep(0.3)
        assert app.poll() is None
        assert xdo(env, "key", "Escape").returncode == 0      # asks
        time.sleep(0.3)
        assert app.poll() is None
        assert xdo(env, "key", "Escape").returncode == 0      # quits
        out, err = app.communicate(timeout=30)
    finally:
        if app.poll() is None:
            app.kill()
            app.communicate()
    assert app.returncode == 0, err
    assert "Traceback" not in err and "Warning" not in err, err
    assert "quit with 5 balls" in out, out


class Output:
    """The app's stdout, read line by line in a thread, so that a test can wait
    for a line (with a timeout) instead of sleeping for a guessed time."""

    def __init__(self, stream):
        import threading
        self.lines: list = []
        self.thread = threading.Thread(target=self._read, args=(stream,), daemon=True)
        self.thread.start()

    def _read(self, stream):
        for line in stream:
            self.lines.append(line.rstrip("\n"))

    def wait_until(self, ok, since=0, timeout=30.0):
        """The first line from index ``since`` on for which ``ok(line)``; fails after ``timeout`` s."""
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            for line in self.lines[since:]:
                if ok(line):
                    return line
            time.sleep(0.05)
        raise AssertionError(f"no line as wanted within {timeout} s; got: {self.lines[since:]}")

    def wait_for(self, text, since=0, timeout=30.0):
        """The first line from index ``since`` on that contains ``text``; fails after ``timeout`` s."""
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            for line in self.lines[since:]:
                if text in line:
                    return line
            time.sleep(0.05)
        raise AssertionError(f"no line with {text!r} within {timeout} s; got: {self.lines[since:]}")


def _controls_at(size):
    """Where the controls are in a window of ``size``: window pixels."""
    from game.controls_layout import plan
    from game.layout import Layout
    lay = Layout.of(size)
    x0, y0 = lay.controls[:2]
    p = plan(lay.controls[2], size[1], lay.scale)
    return {k: (x0 + r[0], y0 + r[1], r[2], r[3]) for k, r in p.rects.items()}, lay.scale


def test_controls_in_a_real_window_drop_down_slider_help_editor_and_quit(display):
    """Pick a surface from the drop-down, drag the η handle, H then Esc, the
    editor then Esc, and two Escs quit. What happened is read back from the
    --verbose lines, each waited for with a timeout (slow CI boxes)."""
    import math

    from game import state as st
    from game.ui.controls_panel import list_item_height, theme
    env = dict(os.environ, DISPLAY=display, SDL_VIDEODRIVER="x11")
    app = subprocess.Popen([sys.executable, "main.py", "--verbose", "--surface", "bowl"],
                           cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                           text=True)
    out = Output(app.stdout)
    try:
        found = xdo(env, "search", "--sync", "--pid", str(app.pid))
        assert found.returncode == 0, found.stderr
        wid = found.stdout.split()[0]
        geom = xdo(env, "getwindowgeometry", wid).stdout
        assert "1280x800" in geom, geom
        out.wait_for("controls ready")
        rects, scale = _controls_at((1280, 800))

        def move(x, y):
            assert xdo(env, "mousemove", "--window", wid, str(round(x)), str(round(y))).returncode == 0
            time.sleep(0.25)                 # a frame or more sees the pointer there

        def click(x, y):
            move(x, y)
            assert xdo(env, "click", "1").returncode == 0

        # the surface drop-down opens upward; rosenbrock is the 7th of 12 options
        x, y, w, h = rects["surface"]
        click(x + w / 2, y + h / 2)
        time.sleep(0.5)
        names = [n for n in __import__("game.surfaces", fromlist=["names"]).names()]
        item = list_item_height(scale)
        k = names.index("rosenbrock")
        click(x + w / 2, y - (len(names) - k) * item + item / 2)
        assert "surface rosenbrock" in out.wait_for("surface ", 0)
        # drag the η handle to the right in small steps (from rosenbrock's own lr)
        line = out.wait_for("η = ", 0)
        lr = float(line.rsplit("=", 1)[1].strip().rstrip(","))
        x, y, w, h = rects["lr_slider"]
        bw = int(theme(scale)["horizontal_slider"]["misc"]["sliding_button_width"])
        lo, hi = math.log10(st.LR_MIN), math.log10(st.LR_MAX)
        hx = x + bw / 2 + (math.log10(lr) - lo) / (hi - lo) * (w - bw)
        move(hx, y + h / 2)
        n = len(out.lines)
        assert xdo(env, "mousedown", "1").returncode == 0
        time.sleep(0.2)
        for dx in range(6, 66, 6):
            move(hx + dx, y + h / 2)
        assert xdo(env, "mouseup", "1").returncode == 0
        line = out.wait_until(lambda s: "lr η = " in s and float(s.rsplit("=", 1)[1]) > 1.5 * lr, n)
        assert all(float(s.rsplit("=", 1)[1]) >= lr for s in out.lines[n:] if "lr η = " in s)
        move(300, 300)
        xdo(env, "windowfocus", "--sync", wid)
        # H then Esc: the help card closes, the app runs on
        assert xdo(env, "key", "h").returncode == 0
        time.sleep(0.4)
        assert xdo(env, "key", "Escape").returncode == 0
        time.sleep(0.6)
        assert app.poll() is None, "Esc over the help card quit the app"
        # the editor: E, type, Esc; the app runs on
        assert xdo(env, "key", "e").returncode == 0
        time.sleep(0.4)
        assert xdo(env, "type", "--delay", "30", "x^2").returncode == 0
        assert xdo(env, "key", "Escape").returncode == 0
        time.sleep(0.6)
        assert app.poll() is None, "Esc in the editor quit the app"
        # two Escs within 2 s quit
        assert xdo(env, "key", "--delay", "150", "Escape", "Escape").returncode == 0
        app.wait(timeout=30)
    finally:
        if app.poll() is None:
            app.kill()
            app.wait()
        out.thread.join(timeout=10)
        err = app.stderr.read()
        app.stderr.close()
        app.stdout.close()
    assert app.returncode == 0, err
    assert "Traceback" not in err, err
    assert out.lines.count("press Esc again to quit") == 1, out.lines
    assert any(line.startswith("quit with") for line in out.lines), out.lines
    assert not any("surface custom" in line for line in out.lines)     # Esc dropped the typed f
