"""No sequence of keys, clicks, wheel turns, drags, resizes or typed text
crashes the app, and no ball ever becomes NaN or leaves the domain."""
import numpy as np
import pygame
import pytest

from game import app, controls
from game import state as st
from game.render import Renderer

KEYS = list(controls.KEYS) + list(controls.OVERLAY_KEYS) + controls.DIGITS + [
    pygame.K_RETURN, pygame.K_BACKSPACE, pygame.K_z, pygame.K_F5]
TEXT = ["x", "y", "^", "*", "(", ")", "sin(", "log(", "-", "/0", "1e308", "9^9^9",
        ";", ",", "-3,3,-3,3", "é", "\x00", "__", "'", " "]


def random_event(rng, size):
    kind = rng.integers(0, 8)
    w, h = size
    pos = (int(rng.integers(-50, w + 50)), int(rng.integers(-50, h + 50)))
    if kind == 0:
        mod = pygame.KMOD_SHIFT if rng.random() < 0.2 else 0
        return pygame.event.Event(pygame.KEYDOWN, key=int(rng.choice(KEYS)), mod=mod)
    if kind == 1:
        return pygame.event.Event(pygame.TEXTINPUT, text=str(rng.choice(TEXT)))
    if kind == 2:
        return pygame.event.Event(pygame.MOUSEBUTTONDOWN, button=int(rng.integers(1, 6)), pos=pos)
    if kind == 3:
        return pygame.event.Event(pygame.MOUSEWHEEL, x=0, y=int(rng.integers(-12, 13)), pos=pos)
    if kind == 4:
        rel = (int(rng.integers(-400, 400)), int(rng.integers(-400, 400)))
        return pygame.event.Event(pygame.MOUSEMOTION, pos=pos, rel=rel, buttons=(0, 0, 1))
    if kind == 5:
        return "resize"
    if kind == 6:
        return "frame"
    return pygame.event.Event(pygame.KEYDOWN, key=pygame.K_e, mod=0)


@pytest.mark.parametrize("seed", range(4))
def test_random_input_never_crashes_and_balls_stay_finite_inside(seed):
    rng = np.random.default_rng(seed)
    pygame.display.init()
    size = (1280, 800)
    screen = pygame.display.set_mode(size)
    renderer = Renderer(size)
    session = app.Session.start(st.State(surface="bowl"))
    for i in range(600):
        ev = random_event(rng, size)
        if ev == "resize":
            size = (int(rng.integers(320, 1600)), int(rng.integers(240, 1000)))
            screen = pygame.display.set_mode(size)
            renderer.resize(size)
            continue
        if ev != "frame":
            action = controls.action_for(ev, session.state.editing is not None)
            if action is not None and action.name != st.QUIT:
                session.dispatch(action, renderer, None)
        if ev == "frame" or i % 25 == 0:
            session.advance(float(rng.choice([0.0, 0.004, 0.016, 0.1, 3.0])))
            vp = session.viewport(renderer)
            cx, cy = rng.uniform(0, size[0]), rng.uniform(0, size[1])
            cursor = tuple(vp.to_world((cx, cy))) if vp.contains_screen(cx, cy) else None
            renderer.draw(screen, session.state, session.world, session.alpha, cursor, 60.0)
        w = session.world
        xmin, xmax, ymin, ymax = w.surface.domain
        assert np.isfinite(w.x).all() and np.isfinite(w.v).all()
        assert (w.x[0] >= xmin).all() and (w.x[0] <= xmax).all()
        assert (w.x[1] >= ymin).all() and (w.x[1] <= ymax).all()
