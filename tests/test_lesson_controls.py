"""The lesson's controls: surface menu, overlays, zoom and pan, the editor."""
import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pygame
import pytest

from game import app, cli, controls, optim, surfaces
from game import state as st
from game.render import Renderer

ROOT = Path(__file__).resolve().parents[1]
SIZE = (1280, 800)


@pytest.fixture
def renderer():
    pygame.display.init()
    pygame.display.set_mode(SIZE)
    return Renderer(SIZE)


def key(k, mod=0):
    return pygame.event.Event(pygame.KEYDOWN, key=k, mod=mod)


def feed(session, event, renderer=None):
    action = controls.action_for(event, session.state.editing is not None)
    if action is not None:
        session.dispatch(action, renderer)
    return action


def test_number_keys_pick_every_surface_in_menu_order():
    s = app.Session.start(st.State())
    names = surfaces.names()
    for i, name in enumerate(names):
        digit = controls.DIGITS[i % 10]
        feed(s, key(digit, pygame.KMOD_LSHIFT if i >= 10 else 0))
        assert s.state.surface == name and s.world.surface.name == name
        assert controls.surface_key(i) in ("1234567890"[i % 10], f"Shift+{'1234567890'[i % 10]}")
    # a number past the list does nothing
    feed(s, key(pygame.K_9, pygame.KMOD_SHIFT))
    assert s.state.surface == names[-1]


def test_switching_surface_sets_a_suitable_learning_rate():
    s = app.Session.start(st.State(hyper=(("momentum", "lr", 0.5),)))
    feed(s, key(pygame.K_7))                      # rosenbrock
    lr = optim.defaults.default_lr("momentum", surfaces.get("rosenbrock"))
    assert st.hyper_of(s.state)["lr"] == lr
    assert s.world.hyper("momentum")["lr"] == lr < 1e-2


@pytest.mark.parametrize("k,name", [(pygame.K_v, "quiver"), (pygame.K_d, "rose"),
                                    (pygame.K_l, "level"), (pygame.K_p, "slices"),
                                    (pygame.K_k, "curvature"), (pygame.K_j, "jacobian")])
def test_overlay_keys_toggle(k, name):
    s = app.Session.start(st.State())
    feed(s, key(k))
    assert s.state.overlays == {name}
    feed(s, key(k))
    assert s.state.overlays == frozenset()


def test_wheel_zooms_about_the_cursor_and_home_resets(renderer):
    s = app.Session.start(st.State(surface="bowl"))
    vp = s.viewport(renderer)
    px = vp.to_screen([1.0, 0.5])
    before = vp.to_world(px)
    feed(s, pygame.event.Event(pygame.MOUSEWHEEL, x=0, y=2, pos=tuple(px)), renderer)
    xmin, xmax, ymin, ymax = s.state.view
    assert xmax - xmin == pytest.approx(4.0 * 0.8 ** 2)
    # the world point under the cursor stays under it
    np.testing.assert_allclose(s.viewport(renderer).to_world(px), before, atol=1e-9)
    feed(s, key(pygame.K_HOME))
    assert s.state.view is None


def test_zoom_is_bounded(renderer):
    s = app.Session.start(st.State())
    for _ in range(200):
        feed(s, pygame.event.Event(pygame.MOUSEWHEEL, x=0, y=10, pos=(400, 400)), renderer)
    w = s.state.view[1] - s.state.view[0]
    assert w == pytest.approx(4.0 * st.ZOOM_MIN)
    for _ in range(200):
        feed(s, pygame.event.Event(pygame.MOUSEWHEEL, x=0, y=-10, pos=(400, 400)), renderer)
    assert s.state.view[1] - s.state.view[0] == pytest.approx(4.0 * st.ZOOM_MAX)


def test_right_drag_pans_with_the_mouse(renderer):
    s = app.Session.start(st.State(surface="bowl"))
    feed(s, pygame.event.Event(pygame.MOUSEWHEEL, x=0, y=1, pos=(400, 400)), renderer)
    vp = s.viewport(renderer)
    anchor = vp.to_world((300, 300))
    feed(s, pygame.event.Event(pygame.MOUSEMOTION, pos=(340, 280), rel=(40, -20),
                               buttons=(0, 0, 1)), renderer)
    # the world point that was at (300, 300) is now at (340, 280)
    np.testing.assert_allclose(s.viewport(renderer).to_world((340, 280)), anchor, atol=1e-9)
    # a plain mouse move pans nothing
    assert controls.action_for(pygame.event.Event(pygame.MOUSEMOTION, pos=(1, 1), rel=(5, 5),
                                                  buttons=(0, 0, 0))) is None


def test_pan_keeps_the_view_centre_in_the_domain():
    view = st.pan_view((-2, 2, -2, 2), (-2, 2, -2, 2), 1e9, -1e9)
    assert (view[0] + view[1]) / 2 == 2 and (view[2] + view[3]) / 2 == -2


def type_text(s, text):
    for ch in text:
        feed(s, pygame.event.Event(pygame.TEXTINPUT, text=ch))


def test_editor_typing_is_not_taken_for_keys_and_enter_compiles():
    s = app.Session.start(st.State(surface="bowl"))
    feed(s, key(pygame.K_e))
    assert s.state.editing == "x^2 + 5*y^2" and s.state.edit_selected   # the bowl, typed
    # 'q', 'm', 'r' and Space are letters of the function now, not commands
    for k in (pygame.K_q, pygame.K_m, pygame.K_r, pygame.K_SPACE):
        assert controls.action_for(key(k), editing=True) is None
    type_text(s, "x^2 + 3*y ; -1,1,-1,1")
    assert s.running and s.state.optimizer == "momentum"
    feed(s, key(pygame.K_RETURN))
    assert s.state.editing is None and s.state.surface == "custom"
    assert s.world.surface.domain == (-1.0, 1.0, -1.0, 1.0)
    p = np.array([0.3, -0.2])
    np.testing.assert_allclose(s.world.surface.grad(p), [0.6, 3.0])
    # Tab cycles back to the typed function after the registry
    feed(s, key(pygame.K_TAB))
    assert s.state.surface == surfaces.names()[0]
    for _ in surfaces.names():
        feed(s, key(pygame.K_TAB))
    assert s.state.surface == "custom"


def test_editor_error_points_at_the_column_and_esc_cancels():
    s = app.Session.start(st.State(surface="bowl"))
    feed(s, key(pygame.K_e))
    type_text(s, "sin(x) + 2y")
    feed(s, key(pygame.K_RETURN))
    message, pos = s.state.edit_error
    assert pos == 10 and "2*y" in message
    assert s.state.surface == "bowl"
    assert s.state.edit_caret == 10                  # the caret waits at the column at fault
    type_text(s, "*")                                # so the fix is typed where it belongs
    assert s.state.editing == "sin(x) + 2*y" and s.state.edit_error is None
    feed(s, key(pygame.K_ESCAPE))
    assert s.state.editing is None and s.running


def test_editor_refuses_python_and_runs_nothing(tmp_path):
    marker = tmp_path / "pwned"
    s = app.Session.start(st.State())
    feed(s, key(pygame.K_e))
    type_text(s, f"__import__('os').system('touch {marker}')")
    feed(s, key(pygame.K_RETURN))
    assert s.state.edit_error is not None and s.state.surface == "hill"
    assert not marker.exists()


def test_editor_text_is_capped():
    s = app.Session.start(st.State())
    feed(s, key(pygame.K_e))
    feed(s, pygame.event.Event(pygame.TEXTINPUT, text="x" * 5000))
    assert len(s.state.editing) == st.EDIT_MAX


def run_main(*args):
    return subprocess.run([sys.executable, "main.py", *args], cwd=ROOT, capture_output=True,
                          text=True, timeout=120)


@pytest.mark.parametrize("name", surfaces.names())
def test_probe_prints_the_surface_own_numbers(name, capsys):
    s = surfaces.get(name)
    xmin, xmax, ymin, ymax = s.domain
    x, y = xmin + 0.3 * (xmax - xmin), ymin + 0.6 * (ymax - ymin)
    assert cli.main(["--probe", f"{x!r},{y!r}", "--surface", name]) == 0
    out = json.loads(capsys.readouterr().out)
    p = np.array([x, y])
    assert out["surface"] == name and out["x"] == x and out["y"] == y
    assert out["f"] == pytest.approx(float(s.f(p)))
    assert out["grad"] == pytest.approx(s.grad(p).tolist())
    assert np.allclose(out["hessian"], s.hess(p))
    assert out["critical"] is False


def test_probe_at_critical_points_reports_critical_and_class(capsys):
    kinds = {"minimum": "bowl", "maximum": "dome", "saddle": "saddle"}
    for name in ("hill", "bowl", "saddle", "himmelblau"):
        for cp in surfaces.get(name).critical_points:
            assert cli.main(["--probe", f"{cp.x!r},{cp.y!r}", "--surface", name]) == 0
            out = json.loads(capsys.readouterr().out)
            assert out["critical"] is True, (name, cp)
            assert out["curvature"] == kinds[cp.kind]


def test_probe_expr_with_negative_values_through_main_py():
    r = run_main("--probe", "-1,0.5", "--expr", "-x^2 + 3*x*y", "--domain", "-pi,pi,-2,2")
    assert r.returncode == 0, r.stderr
    out = json.loads(r.stdout)
    # f = -x² + 3xy: ∇f = (-2x + 3y, 3x), H = [[-2, 3], [3, 0]] (det < 0: saddle)
    assert out["f"] == pytest.approx(-1 - 1.5)
    assert out["grad"] == pytest.approx([2 + 1.5, -3])
    assert out["hessian"] == [[-2.0, 3.0], [3.0, 0.0]]
    assert out["curvature"] == "saddle"


BAD = [
    (["--expr", "__import__('os').system('true')"], "unknown name"),
    (["--expr", "x.__class__"], "--expr"),
    (["--expr", "lambda: 1"], "--expr"),
    (["--expr", "x[0]"], "--expr"),
    (["--expr", "'abc'"], "--expr"),
    (["--expr", "9^9^9^9"], "exponent"),
    (["--expr", "x" * 100_000], "--expr"),
    (["--expr", "(" * 5000 + "x" + ")" * 5000], "--expr"),
    (["--expr", ""], "--expr"),
    (["--expr", "x", "--domain", "1,0,0,1"], "xmin < xmax"),
    (["--expr", "x", "--domain", "0,1,0"], "4 numbers"),
    (["--expr", "x", "--domain", "0,1,0,inf"], "--domain"),
    (["--domain", "0,1,0,1"], "goes with --expr"),
    (["--surface", "bowl", "--expr", "x"], "give one"),
    (["--surface", "nope"], "--expr"),
    (["--overlays", "rose,nope"], "quiver, rose"),
    (["--overlays", ","], "choose from"),
    (["--probe", "1"], "X,Y"),
    (["--probe", "1,1", "--trajectory", "t.csv"], "different runs"),
]


@pytest.mark.parametrize("argv,words", BAD, ids=[" ".join(a)[:40] for a, _ in BAD])
def test_bad_lesson_input_is_one_line_and_exit_2(argv, words, capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert cli.main(argv) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("main.py: error: ") and words in err
    assert list(tmp_path.iterdir()) == []


def test_hostile_expression_through_main_py_creates_no_file(tmp_path):
    marker = tmp_path / "created"
    for text in (f"__import__('os').system('touch {marker}')", f"open('{marker}', 'w')",
                 f"exec(\"open('{marker}','w')\")"):
        r = run_main("--probe", "0,0", "--expr", text)
        assert r.returncode == 2 and "Traceback" not in r.stderr
    assert not marker.exists()


def test_each_overlay_visibly_changes_the_cli_screenshot(tmp_path):
    def shot(*extra):
        out = tmp_path / f"s{len(list(tmp_path.iterdir()))}.png"
        assert cli.main(["--screenshot", str(out), "--surface", "saddle", "--cursor", "0.9,0.5",
                         "--size", "960x600", *extra]) == 0
        return pygame.surfarray.array3d(pygame.image.load(str(out))).astype(int)

    plain = shot()
    for name in st.OVERLAYS:
        changed = (np.abs(shot("--overlays", name) - plain).sum(axis=2) > 40).sum()
        assert changed > 300, (name, changed)


def test_missing_sympy_is_one_clear_line(monkeypatch, capsys):
    import builtins
    real_import = builtins.__import__

    def no_sympy(name, *args, **kw):
        if name == "sympy" or name.startswith("sympy."):
            raise ImportError("No module named 'sympy'", name="sympy")
        return real_import(name, *args, **kw)

    monkeypatch.setattr(builtins, "__import__", no_sympy)
    monkeypatch.setattr(st, "_CUSTOM", {})
    assert cli.main(["--probe", "0,0", "--expr", "x^3 + cos(y) + 7*x*y"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "sympy is not installed" in err


def test_critical_does_not_depend_on_adding_a_constant(capsys):
    for offset in ("", " + 1e12"):
        assert cli.main(["--probe", "0.5,0", "--expr", f"x^2{offset}"]) == 0
        out = json.loads(capsys.readouterr().out)
        assert out["grad"] == [1.0, 0.0] and out["critical"] is False
        assert cli.main(["--probe", "0,0", "--expr", f"x^2 + y^2{offset}"]) == 0
        assert json.loads(capsys.readouterr().out)["critical"] is True


def test_surface_flag_gets_the_surface_learning_rate(tmp_path):
    out = tmp_path / "r.csv"
    assert cli.main(["--trajectory", str(out), "--surface", "rosenbrock", "--optimizer", "gd",
                     "--start", "-1.5,2", "--steps", "1"]) == 0
    rows = [line.split(",") for line in out.read_text().splitlines()[1:]]
    s = surfaces.get("rosenbrock")
    p0 = np.array([-1.5, 2.0])
    lr = optim.defaults.default_lr("gd", s)
    expect = p0 - lr * s.grad(p0)
    np.testing.assert_allclose([float(rows[1][1]), float(rows[1][2])], expect, rtol=1e-12)
    assert st.LR_MIN <= lr < 0.005


def test_the_lr_keys_never_move_a_steep_surfaces_lr_the_wrong_way():
    # 1e6 x² + y²: λmax = 2e6, so gradient descent's suggested lr is 0.1/2e6 = 5e-8,
    # below the keys' floor; − keeps it, + raises it.
    steep = st.custom_surface("1e6*x^2 + y^2", (-2, 2, -2, 2))
    s = app.Session.start(st.State(surface="custom", expr="1e6*x^2 + y^2",
                                   domain=(-2.0, -2.0 + 4.0, -2.0, 2.0), optimizer="gd"))
    lr = optim.defaults.default_lr("gd", steep)
    assert lr == pytest.approx(5e-8) and s.world.hyper("gd")["lr"] == lr
    feed(s, key(pygame.K_MINUS))
    assert s.world.hyper("gd")["lr"] == lr
    feed(s, key(pygame.K_EQUALS))
    assert s.world.hyper("gd")["lr"] == pytest.approx(1.25 * lr)


def type_text_at(s, text):
    feed(s, pygame.event.Event(pygame.TEXTINPUT, text=text))


def test_editor_opens_holding_the_typed_function_all_selected_and_typing_replaces_it():
    s = app.Session.start(st.State(surface="bowl"))
    feed(s, key(pygame.K_e))
    # the current surface as it can be typed, all selected
    assert s.state.editing == "x^2 + 5*y^2" and s.state.edit_selected
    type_text_at(s, "x^2 + 3*y")                                  # replaces it all
    feed(s, key(pygame.K_RETURN))
    typed = s.state.expr
    assert s.state.surface == "custom" and typed
    feed(s, key(pygame.K_e))
    assert s.state.editing == typed and s.state.edit_selected      # the current function
    type_text_at(s, "y")                                          # replaces it all
    assert s.state.editing == "y" and not s.state.edit_selected
    type_text_at(s, "^2")                                         # then typing appends
    assert s.state.editing == "y^2"
    feed(s, key(pygame.K_ESCAPE))
    assert s.state.expr == typed and s.world.surface.grad(np.array([1.0, 2.0]))[1] == 3.0
    # back on a named surface: its own typed form, selected
    feed(s, key(pygame.K_1))
    assert s.state.surface == "hill"
    feed(s, key(pygame.K_e))
    assert s.state.editing == "4 - (x^2 + y^2)" and s.state.edit_selected
    feed(s, key(pygame.K_BACKSPACE))                              # Backspace clears it all
    assert s.state.editing == "" and not s.state.edit_selected
    type_text_at(s, "x*y")
    feed(s, key(pygame.K_BACKSPACE))                              # then one character
    assert s.state.editing == "x*"


def test_enter_on_the_selected_text_keeps_the_function():
    s = app.Session.start(st.State(surface="bowl"))
    feed(s, key(pygame.K_e))
    type_text_at(s, "x^2 - y")
    feed(s, key(pygame.K_RETURN))
    typed = s.state.expr
    feed(s, key(pygame.K_e))
    feed(s, key(pygame.K_RETURN))
    assert s.state.editing is None and s.state.expr == typed and not s.state.edit_selected


def _field_pixels(renderer, state):
    """The pixels of the editor's field line as drawn, and that line's rect."""
    screen = pygame.display.get_surface()
    renderer.drawn_rects.clear()
    renderer.draw_editor(screen, state)
    group, rect, text = next(r for r in renderer.drawn_rects if r[0] == "editor")
    assert text.startswith("f(x, y) = ")
    return pygame.surfarray.array3d(screen.subsurface(rect)), rect


def test_the_selected_text_is_drawn_highlighted(renderer):
    from game.ui.editor import KEY_RGB
    on = st.State(expr="x*y", domain=(-1.0, 1.0, -1.0, 1.0), editing="x*y", edit_caret=3, edit_anchor=0)
    pixels, rect = _field_pixels(renderer, on)
    highlight = np.all(pixels == KEY_RGB, axis=-1)
    prompt_w = renderer.mono.size("f(x, y) = ")[0]
    cols = np.nonzero(highlight.any(axis=1))[0]
    assert cols.size and cols.min() >= prompt_w - 1                 # not under the prompt
    assert cols.max() - cols.min() + 1 >= renderer.mono.size("x*y")[0] - 2   # under all of it
    off, _ = _field_pixels(renderer, replace_selected(on))
    assert not np.all(off == KEY_RGB, axis=-1).any()


def replace_selected(state):
    from dataclasses import replace
    return replace(state, edit_anchor=None)
