"""The loop: events → actions → state; clock → world ticks; render; flip.

The only room that knows about all the others. The session it runs (state,
world, clock, Actions carried out) is :mod:`game.session`; its names are
re-exported here.
"""
from __future__ import annotations

import gc
import time

import pygame

from . import controls, memory
from .render import Renderer
from .session import (MESSAGE_SECONDS, QUIT_TOAST, QUIT_WINDOW, TICK_HZ,  # noqa: F401
                      Session, clock_for, optimal_message, save_screenshot, sync_world)
from .ui.controls_block import draw_placeholder
from .app_window import MIN_SIZE, WindowError, open_window  # noqa: F401  (the app's window)

MAX_FPS = 240


def run(session: Session, size=(1280, 800)) -> int:
    """Open the window and run the loop until the user quits.

    The window never gets smaller than MIN_SIZE through its own minimum size;
    if a window manager forces it smaller anyway, every frame still draws
    (clipped), down to 1 × 1."""
    window = open_window(size)
    pygame.font.init()
    screen = window.get_surface()
    renderer = Renderer(screen.get_size())
    # Text input (TEXTINPUT events) only while the editor is open, so that the
    # E that opens it is not also typed into it.
    pygame.key.stop_text_input()
    typing = False
    pygame.key.set_repeat(controls.REPEAT_DELAY_MS, controls.REPEAT_INTERVAL_MS)
    held = controls.HeldKeys()      # repeats only for the keys that step something
    panel = None                    # the clickable controls: built after the first frame
    limiter = pygame.time.Clock()
    fps, frames, fps_t0 = None, 0, time.perf_counter()
    memory.keep_freed_memory()
    gc.collect()
    gc.freeze()
    last = frame_t = time.perf_counter()
    try:
        while session.running:
            for event in pygame.event.get():
                if event.type in (pygame.VIDEORESIZE, pygame.WINDOWSIZECHANGED):
                    screen = window.get_surface()
                    renderer.resize(screen.get_size())
                    continue
                handle_event(session, event, panel, held, renderer, screen)
                wants_text = session.state.editing is not None or (panel is not None and panel.typing)
                if typing != wants_text:
                    typing = wants_text
                    (pygame.key.start_text_input if typing else pygame.key.stop_text_input)()
            now = time.perf_counter()
            session.advance(now - last)
            last = now
            screen = window.get_surface()          # the same surface unless resized
            if screen.get_size() != renderer.drawn_size:
                renderer.resize(screen.get_size())
            session.cursor = cursor_world(renderer, session.world.surface, session.state.view)
            if session.message and time.monotonic() > session.message_until:
                session.message = ""
            if panel is not None:
                panel.resize(screen.get_size(), session.state)   # at most once a frame
                panel.sync(session.state)
                panel.update(now - frame_t)
            frame_t = now
            renderer.draw(screen, session.state, session.world, session.alpha,
                          session.cursor, fps, session.message, panel)
            if panel is None:
                draw_placeholder(screen, renderer.layout)
            window.flip()
            if panel is None:      # pygame_gui loads after the first frame is shown
                from .ui import controls_panel
                panel = controls_panel.build(screen.get_size(), session.state)
                if session.log:
                    print("controls ready", flush=True)
                gc.collect()
                gc.freeze()
            frames += 1
            if now - fps_t0 >= 0.5:
                fps, frames, fps_t0 = frames / (now - fps_t0), 0, now
            limiter.tick(MAX_FPS)
    finally:
        gc.unfreeze()
        pygame.quit()
    if session.log:
        print(f"quit with {session.world.count} balls after {session.world.ticks} ticks", flush=True)
    return 0


MOUSE_BUTTONS = (pygame.MOUSEBUTTONDOWN, pygame.MOUSEBUTTONUP, pygame.MOUSEWHEEL)


def handle_event(session: Session, event, panel, held, renderer=None, target=None) -> None:
    """One event of the window's: the clickable controls see it first (a
    click on one, or a key typed into the η entry, is theirs alone), then
    the keys and the mouse map (:func:`game.controls.action_for`). While the
    help card or the editor covers the controls, clicks do not reach them."""
    consumed = False
    covered = session.state.help or session.state.editing is not None     # cards over the controls
    if panel is not None and not (covered and event.type in MOUSE_BUTTONS):
        asked, consumed = panel.process_event(event)
        for action in asked:
            session.dispatch(action, renderer, target)
    passes = held.passes(event)          # every key is tracked, even the controls' ones
    if consumed or not passes or (event.type == pygame.MOUSEMOTION
                                  and not any(getattr(event, "buttons", ()))):
        return
    action = controls.action_for(event, session.state.editing is not None)
    if action is not None:
        session.dispatch(action, renderer, target)


def cursor_world(renderer: Renderer, surface, view=None):
    """The world point under the mouse, or None when it is off the map."""
    if not pygame.mouse.get_focused():
        return None
    mx, my = pygame.mouse.get_pos()
    vp = renderer.viewport(surface, view)
    if not vp.contains_screen(mx, my):
        return None
    return tuple(vp.to_world((mx + 0.5, my + 0.5)))


def render_frame(session: Session, size, controls: bool = True) -> "pygame.Surface":
    """The frame the window would show for ``session``, drawn off-screen
    (the headless ``--screenshot``), with the clickable controls unless
    ``controls`` is false (they cost about 0.1 s to load). Needs the dummy
    video driver or a display."""
    pygame.display.init()
    pygame.font.init()
    screen = pygame.display.set_mode(size)
    renderer = Renderer(size)
    panel = None
    if controls:
        from .ui import controls_panel
        panel = controls_panel.build(size, session.state)
        panel.update(0.0)
    renderer.draw(screen, session.state, session.world, 1.0, session.cursor, controls=panel)
    if panel is None:
        draw_placeholder(screen, renderer.layout)
    return screen
