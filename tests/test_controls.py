"""Key and mouse events → actions → state and world, without a window."""
import numpy as np
import pygame
import pytest

from game import app, controls, surfaces
from game import state as st
from game.render import Renderer


def key(k):
    return pygame.event.Event(pygame.KEYDOWN, key=k)


def press(session, k, renderer=None):
    action = controls.action_for(key(k))
    assert action is not None, pygame.key.name(k)
    session.dispatch(action, renderer)
    return session


def new_session(**kw):
    return app.Session.start(st.State(**kw))


def test_m_switches_mode_for_existing_balls():
    s = new_session(surface="bowl")
    s.world.spawn([1.0, 0.8])
    s.world.run(3)
    assert s.state.mode == "momentum"
    press(s, pygame.K_m)
    assert s.state.mode == "gd" and s.world.mode == "gd"
    assert not s.world.v.any()
    press(s, pygame.K_m)
    assert s.state.mode == "momentum" and s.world.mode == "momentum"


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
    expect = np.array([1.0, 0.8]) - s.state.lr * surfaces.get("bowl").grad(np.array([1.0, 0.8]))
    np.testing.assert_allclose(s.world.x[:, 0], expect)
    press(s, pygame.K_SPACE)
    assert not s.state.paused
    assert s.advance(0.1) == 6


def test_r_removes_all_balls():
    s = new_session()
    s.world.spawn(np.zeros((2, 5)))
    press(s, pygame.K_r)
    assert s.world.count == 0


def test_plus_minus_change_lr_and_brackets_change_mu():
    s = new_session(lr=0.01, mu=0.5)
    press(s, pygame.K_EQUALS)
    assert s.state.lr == pytest.approx(0.0125) and s.world.lr == s.state.lr
    press(s, pygame.K_KP_PLUS)
    assert s.state.lr == pytest.approx(0.015625)
    press(s, pygame.K_MINUS)
    press(s, pygame.K_MINUS)
    assert s.state.lr == pytest.approx(0.01)
    press(s, pygame.K_RIGHTBRACKET)
    assert s.state.mu == pytest.approx(0.55) and s.world.mu == s.state.mu
    press(s, pygame.K_LEFTBRACKET)
    press(s, pygame.K_LEFTBRACKET)
    assert s.state.mu == pytest.approx(0.45)


def test_parameters_stay_in_range_under_key_mashing():
    s = new_session()
    for _ in range(200):
        press(s, pygame.K_RIGHTBRACKET)
        press(s, pygame.K_EQUALS)
    assert s.state.mu == st.MU_MAX < 1 and s.state.lr == st.LR_MAX
    for _ in range(400):
        press(s, pygame.K_LEFTBRACKET)
        press(s, pygame.K_MINUS)
    assert s.state.mu == 0.0 and s.state.lr == st.LR_MIN > 0


@pytest.mark.parametrize("k", [pygame.K_h, pygame.K_F1])
def test_h_and_f1_toggle_help(k):
    s = new_session()
    press(s, k)
    assert s.state.help
    press(s, k)
    assert not s.state.help


@pytest.mark.parametrize("k", [pygame.K_ESCAPE, pygame.K_q])
def test_esc_and_q_quit(k):
    s = new_session()
    press(s, k)
    assert not s.running


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
    s = new_session()
    s.dispatch(controls.action_for(key(pygame.K_s)), None, screen)
    files = list(tmp_path.glob("gradient-compass-*.png"))
    assert len(files) == 1 and str(files[0]) in s.message
    assert pygame.image.load(str(files[0])).get_size() == (400, 300)


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
