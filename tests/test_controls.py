"""Key and mouse events → actions → state and world, without a window."""
import numpy as np
import pygame
import pytest

from game import app, controls, optim, surfaces
from game import state as st
from game.render import Renderer


def key(k, mod=0):
    return pygame.event.Event(pygame.KEYDOWN, key=k, mod=mod)


def press(session, k, renderer=None, mod=0):
    action = controls.action_for(key(k, mod))
    assert action is not None, pygame.key.name(k)
    session.dispatch(action, renderer)
    return session


def new_session(**kw):
    return app.Session.start(st.State(**kw))


def test_m_cycles_the_optimizer_for_new_balls_and_leaves_balls_in_flight_alone():
    s = new_session(surface="bowl")
    s.world.spawn([1.0, 0.8])
    s.world.run(3)
    buf = s.world.groups["momentum"].state["buf"].copy()
    assert s.state.optimizer == "momentum"
    names = optim.names()
    for k in range(1, len(names) + 1):
        press(s, pygame.K_m)
        assert s.state.optimizer == s.world.optimizer == names[(1 + k) % len(names)]
    assert s.state.optimizer == "momentum"
    press(s, pygame.K_m, mod=pygame.KMOD_LSHIFT)            # Shift+M: the previous one
    assert s.state.optimizer == s.world.optimizer == "gd"
    assert np.array_equal(s.world.groups["momentum"].state["buf"], buf)
    s.world.spawn([-1.0, 0.5])
    assert s.world.groups["gd"].count == 1 and s.world.groups["momentum"].count == 1


def test_c_toggles_contours():
    s = new_session()
    press(s, pygame.K_c)
    assert s.state.contours
    press(s, pygame.K_c)
    assert not s.state.contours


@pytest.mark.parametrize("k", [pygame.K_b, pygame.K_TAB])
def test_b_and_tab_switch_surface_and_clear_balls(k):
    s = new_session()
    s.world.spawn([0.5, 0.5])
    press(s, k)
    names = surfaces.names()
    assert s.state.surface == names[1]
    assert s.world.surface is surfaces.get(names[1])
    assert s.world.count == 0
    for _ in range(len(names) - 1):
        press(s, k)
    assert s.state.surface == names[0]


def test_space_pauses_and_n_steps_one_tick():
    s = new_session(surface="bowl")
    s.world.spawn([1.0, 0.8])
    press(s, pygame.K_SPACE)
    assert s.state.paused
    assert s.advance(1.0) == 0 and s.world.ticks == 0
    press(s, pygame.K_n)
    assert s.world.ticks == 1 and s.state.paused
    lr = st.hyper_of(s.state)["lr"]
    # momentum's first step is plain gradient descent (torch's buffer starts at g)
    expect = np.array([1.0, 0.8]) - lr * surfaces.get("bowl").grad(np.array([1.0, 0.8]))
    np.testing.assert_allclose(s.world.x[:, 0], expect, rtol=1e-15)
    press(s, pygame.K_SPACE)
    assert not s.state.paused
    assert s.advance(0.1) == 6


def test_r_removes_all_balls():
    s = new_session()
    s.world.spawn(np.zeros((2, 5)))
    press(s, pygame.K_r)
    assert s.world.count == 0


def test_plus_minus_change_lr_and_brackets_change_mu():
    s = new_session(hyper=(("momentum", "lr", 0.01), ("momentum", "momentum", 0.5)))
    hp = lambda: st.hyper_of(s.state)                           # noqa: E731
    press(s, pygame.K_EQUALS)
    assert hp()["lr"] == pytest.approx(0.0125) and s.world.hyper("momentum") == hp()
    press(s, pygame.K_KP_PLUS)
    assert hp()["lr"] == pytest.approx(0.015625)
    press(s, pygame.K_MINUS)
    press(s, pygame.K_MINUS)
    assert hp()["lr"] == pytest.approx(0.01)
    press(s, pygame.K_RIGHTBRACKET)
    assert hp()["momentum"] == pytest.approx(0.55) and s.world.hyper("momentum") == hp()
    press(s, pygame.K_LEFTBRACKET)
    press(s, pygame.K_LEFTBRACKET)
    assert hp()["momentum"] == pytest.approx(0.45)


@pytest.mark.parametrize("name, second", [("rmsprop", "alpha"), ("adam", "betas")])
def test_the_keys_act_on_the_selected_optimizer_only(name, second):
    s = new_session(surface="bowl", optimizer=name)
    before = {n: s.world.hyper(n) for n in optim.names()}
    press(s, pygame.K_EQUALS)
    press(s, pygame.K_LEFTBRACKET)
    after = s.world.hyper(name)
    assert after["lr"] == pytest.approx(before[name]["lr"] * 1.25)
    old = before[name][second]
    new = after[second]
    if second == "betas":
        assert new == (pytest.approx(old[0] - 0.05), old[1])
    else:
        assert new == pytest.approx(old - 0.01)
    assert all(s.world.hyper(n) == before[n] for n in optim.names() if n != name)


def test_parameters_stay_in_range_under_key_mashing():
    s = new_session()
    hp = lambda: st.hyper_of(s.state)                           # noqa: E731
    for _ in range(200):
        press(s, pygame.K_RIGHTBRACKET)
        press(s, pygame.K_EQUALS)
    assert hp()["momentum"] == st.SECOND_MAX < 1 and hp()["lr"] == st.LR_MAX
    for _ in range(400):
        press(s, pygame.K_LEFTBRACKET)
        press(s, pygame.K_MINUS)
    assert hp()["momentum"] == 0.0 and hp()["lr"] == st.LR_MIN > 0


def test_g_toggles_race_mode_and_a_click_spawns_the_race_set():
    pygame.display.init()
    renderer = Renderer((1280, 800))
    s = new_session(surface="bowl")
    press(s, pygame.K_g)
    assert s.state.race
    vp = s.viewport(renderer)
    px, py = vp.to_screen(np.array([1.0, -0.5]))
    s.dispatch(st.Action(st.SPAWN, (float(px), float(py))), renderer)
    assert [n for n, _ in s.world.racers] == list(optim.RACE_DEFAULT)
    points = {tuple(s.world.groups[n].x[:, 0]) for n in optim.RACE_DEFAULT}
    assert len(points) == 1                                     # all at one point
    press(s, pygame.K_x)                                        # Newton joins
    assert s.state.race_set == tuple(optim.names()) == s.world.race_set
    s.dispatch(st.Action(st.SPAWN, (float(px), float(py))), renderer)
    assert len(s.world.racers) == 7 and s.world.count == 13
    press(s, pygame.K_x)
    assert "newton" not in s.state.race_set
    press(s, pygame.K_g)
    s.dispatch(st.Action(st.SPAWN, (float(px), float(py))), renderer)
    assert s.world.count == 14 and s.world.racers == ()


def test_comma_and_period_set_the_speed_in_ticks_per_second():
    s = new_session(surface="bowl")
    s.world.spawn(np.array([[1.0], [0.5]]))                     # an empty world does not tick
    assert s.state.speed == 60 and s.advance(1.0) == 15           # the per-frame cap at 60/s
    for want in (120, 240, 480, 960, 960):
        press(s, pygame.K_PERIOD)
        assert s.state.speed == want and s.clock.tick == 1.0 / want
    assert sum(s.advance(1 / 60) for _ in range(60)) == 960       # one second of frames
    for _ in range(20):
        press(s, pygame.K_COMMA)
    assert s.state.speed == 1
    assert sum(s.advance(0.25) for _ in range(8)) == 2            # two seconds: two ticks


def test_o_applies_the_optimal_values_or_says_why_not():
    s = new_session(surface="bowl", optimizer="momentum")
    press(s, pygame.K_o)
    hp = st.hyper_of(s.state)
    # bowl: λ = 2, 10; Polyak: lr = 4/(√10 + √2)², μ = ((√5 − 1)/(√5 + 1))²
    q = (5 ** 0.5 - 1) / (5 ** 0.5 + 1)
    assert hp["lr"] == pytest.approx(4 / (10 ** 0.5 + 2 ** 0.5) ** 2)
    assert hp["momentum"] == pytest.approx(q * q) and s.world.hyper("momentum") == hp
    assert "optimal" in s.message
    s = new_session(surface="rosenbrock", optimizer="gd")
    press(s, pygame.K_o)
    assert s.state.hyper == () and "constant Hessian" in s.message
    s = new_session(surface="bowl", optimizer="adam")
    press(s, pygame.K_o)
    assert s.state.hyper == () and "not linear" in s.message


def test_a_new_surface_gives_every_rule_its_suggested_lr():
    s = new_session(surface="bowl", hyper=(("adam", "lr", 0.3), ("momentum", "momentum", 0.5)))
    press(s, pygame.K_b)
    assert s.state.surface == "round"
    r = surfaces.get("round")
    for name in optim.names():
        assert s.world.hyper(name)["lr"] == optim.defaults.default_lr(name, r)
    assert s.world.hyper("momentum")["momentum"] == 0.5          # the rest is kept


@pytest.mark.parametrize("k", [pygame.K_h, pygame.K_F1])
def test_h_and_f1_toggle_help(k):
    s = new_session()
    press(s, k)
    assert s.state.help
    press(s, k)
    assert not s.state.help


def test_q_is_esc_outside_the_editor():
    for k in (pygame.K_q, pygame.K_ESCAPE):
        assert controls.action_for(key(k)).name == st.BACK


def test_window_close_quits():
    s = new_session()
    s.dispatch(controls.action_for(pygame.event.Event(pygame.QUIT)))
    assert not s.running


def test_click_spawns_at_the_world_point_under_the_mouse():
    pygame.display.init()
    pygame.display.set_mode((1280, 800))
    renderer = Renderer((1280, 800))
    s = new_session(surface="bowl")
    vp = renderer.viewport(s.world.surface)
    target = vp.to_screen([0.5, -1.0])
    ev = pygame.event.Event(pygame.MOUSEBUTTONDOWN, button=1, pos=tuple(int(round(c)) for c in target))
    s.dispatch(controls.action_for(ev), renderer)
    assert s.world.count == 1
    np.testing.assert_allclose(s.world.x[:, 0], [0.5, -1.0], atol=2 / vp.scale)
    # a click on the side panel spawns nothing; a right click spawns nothing
    s.dispatch(controls.action_for(pygame.event.Event(pygame.MOUSEBUTTONDOWN, button=1, pos=(1270, 10))), renderer)
    assert controls.action_for(pygame.event.Event(pygame.MOUSEBUTTONDOWN, button=3, pos=(10, 10))) is None
    assert s.world.count == 1


def test_s_saves_a_screenshot_and_says_where(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    pygame.display.init()
    screen = pygame.display.set_mode((400, 300))
    rgb = np.random.default_rng(1).integers(0, 256, size=(400, 300, 3))
    pygame.surfarray.blit_array(screen, rgb)          # every pixel different
    s = new_session()
    s.dispatch(controls.action_for(key(pygame.K_s)), None, screen)
    files = list(tmp_path.glob("gradient-compass-*.png"))
    assert len(files) == 1 and str(files[0]) in s.message
    back = pygame.image.load(str(files[0]))
    assert back.get_size() == (400, 300)
    # the file holds the window's pixels exactly (a lossless PNG of the frame)
    assert pygame.image.tobytes(back, "RGB") == pygame.image.tobytes(screen, "RGB")


def test_screenshot_failure_is_a_message_not_a_crash(tmp_path):
    pygame.display.init()
    screen = pygame.display.set_mode((100, 100))
    msg = app.save_screenshot(screen, tmp_path / "missing" / "dir")
    assert msg.startswith("screenshot failed")


def test_unmapped_keys_and_random_events_do_nothing():
    s = new_session()
    before = s.state
    for k in (pygame.K_z, pygame.K_F12, pygame.K_0 + 99, 12345678):
        assert controls.action_for(key(k)) is None
    for ev in (pygame.event.Event(pygame.MOUSEMOTION, pos=(3, 3)),
               pygame.event.Event(pygame.KEYUP, key=pygame.K_m),
               pygame.event.Event(pygame.MOUSEBUTTONDOWN, button=4, pos=(1, 1))):
        assert controls.action_for(ev) is None
    assert s.state == before
