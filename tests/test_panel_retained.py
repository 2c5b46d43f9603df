"""The side panel is a retained picture (``Renderer.draw_panel_retained``):
its frames are the pixels the panel drawn afresh gives, and it is never more
than ``panel_interval`` behind the world.

The reference is a second renderer whose frames draw the panel every time
(``draw_panel`` called directly, as before the picture was kept)."""
import numpy as np
import pygame
from hypothesis import given
from hypothesis import strategies as hs

from game import controls as ctl
from game import state as st
from game.app import Session
from game.render import Renderer

from fuzz_settings import fuzz_settings

SIZE = (1280, 800)


class FakeClock:
    def __init__(self):
        self.t = 0.0

    def __call__(self):
        return self.t


def fresh(size):
    """A renderer whose panel is drawn anew in every frame."""
    r = Renderer(size)

    def whole(target, state, world, cursor, fps, message, vp, base=None):
        if base is not None:          # the frame leaves the panel's rect to it
            hole = pygame.Rect(r.layout.text).clip(target.get_rect())
            target.blit(base, hole.topleft, hole)
        r.draw_panel(target, state, world, cursor, fps, message, vp)
        return True
    r.draw_panel_retained = whole
    return r


def frame(renderer, screen, session, cursor, fps=60.0, message=""):
    renderer.draw(screen, session.state, session.world, session.alpha, cursor, fps, message)
    return pygame.surfarray.array2d(screen).copy(), list(renderer.drawn_rects)


def text_area(renderer):
    left, top, w, h = renderer.layout.text
    return slice(left, left + w), slice(top, top + h)


def setup():
    pygame.display.init()
    pygame.font.init()
    return pygame.display.set_mode(SIZE)


ACTIONS = [st.Action(st.TOGGLE_CONTOURS), st.Action(st.TOGGLE_PAUSE),
           st.Action(st.CYCLE_OPTIMIZER, 1), st.Action(st.TOGGLE_RACE),
           st.Action(st.TOGGLE_OVERLAY, "slices"), st.Action(st.TOGGLE_OVERLAY, "rose"),
           st.Action(st.NEXT_SURFACE), st.Action(st.CLEAR), st.Action(st.SPEED_UP),
           st.Action(st.LR_UP), st.Action(ctl.PAN_PIXELS, (5, 3))]


def pair(interval):
    """The display, a kept panel with ``interval`` on a fake clock, the fresh one."""
    screen = setup()
    kept, ref = Renderer(SIZE), fresh(SIZE)
    clock = kept.panel_clock = FakeClock()
    kept.panel_interval = interval
    return screen, kept, ref, clock


def step(session, renderer, screen, kind, k, point, cursor, fps):
    """One random step of the property tests; returns the cursor and fps."""
    if kind == "tick":
        session.advance(session.clock.tick)
    elif kind == "spawn":
        session.world.spawn(np.array([[point[0]], [point[1]]]))
    elif kind == "cursor":
        cursor = point
    elif kind == "fps":
        fps = 30.0 + 10 * point[0]
    else:
        session.dispatch(ACTIONS[k], renderer, screen)
    return cursor, fps


@fuzz_settings(12)
@given(hs.lists(hs.tuples(hs.sampled_from(["tick", "spawn", "cursor", "action", "fps"]),
                          hs.integers(0, len(ACTIONS) - 1),
                          hs.floats(-1.5, 1.5), hs.floats(-1.5, 1.5)),
                min_size=4, max_size=14))
def test_with_no_interval_every_frame_is_the_fresh_panel(steps):
    screen = setup()
    kept, ref = Renderer(SIZE), fresh(SIZE)
    kept.panel_interval = 0.0
    session = Session.start(st.State(surface="bowl", contours=True))
    cursor, fps = (0.3, 0.2), 60.0
    for kind, k, a, b in steps:
        cursor, fps = step(session, kept, screen, kind, k, (a, b), cursor, fps)
        got, got_rects = frame(kept, screen, session, cursor, fps)
        want, want_rects = frame(ref, screen, session, cursor, fps)
        assert np.array_equal(got, want), kind
        assert got_rects == want_rects


@fuzz_settings(10)
@given(hs.lists(hs.tuples(hs.sampled_from(["tick", "spawn", "cursor", "action", "fps"]),
                          hs.integers(0, len(ACTIONS) - 1),
                          hs.floats(-1.5, 1.5), hs.floats(-1.5, 1.5),
                          hs.sampled_from([0.0, 0.3, 1.5])),
                min_size=3, max_size=10))
def test_with_an_interval_any_history_settles_on_the_fresh_panel_three_frames_later(steps):
    """Whatever came before (refreshes held back, sections and the plot left
    for the next frames), once the interval has passed, the third frame shows
    the panel drawn afresh."""
    screen, kept, ref, clock = pair(1.0)
    session = Session.start(st.State(surface="rosenbrock", contours=True))
    session.world.spawn(np.array([[0.5, -0.4], [0.3, 0.9]]))
    cursor, fps = (0.3, 0.2), 60.0
    for kind, k, a, b, dt in steps:          # Rosenbrock's domain: y from −1 to 3
        cursor, fps = step(session, kept, screen, kind, k, (a, b + 1.0), cursor, fps)
        clock.t += dt
        frame(kept, screen, session, cursor, fps)
        clock.t += 1.0
        frame(kept, screen, session, cursor, fps)
        clock.t += 0.001
        frame(kept, screen, session, cursor, fps)
        clock.t += 0.001
        got, got_rects = frame(kept, screen, session, cursor, fps)
        want, want_rects = frame(ref, screen, session, cursor, fps)
        assert np.array_equal(got, want), kind
        assert got_rects == want_rects


def test_tick_numbers_wait_for_the_interval_and_choices_do_not():
    screen, kept, ref, clock = pair(1.0)
    session = Session.start(st.State(surface="bowl", contours=True))
    session.world.spawn(np.array([[0.5, -0.4], [0.3, 0.9]]))
    xs, ys = text_area(kept)
    first, _ = frame(kept, screen, session, (0.2, 0.1))
    assert kept.panel_redraws == 1
    session.advance(session.clock.tick)             # the ticks and the plot move on
    clock.t = 0.5
    held, _ = frame(kept, screen, session, (0.2, 0.1))
    assert kept.panel_redraws == 1
    assert np.array_equal(held[xs, ys], first[xs, ys])          # the panel waits
    now, _ = frame(ref, screen, session, (0.2, 0.1))
    assert not np.array_equal(now[xs, ys], first[xs, ys])       # though it would differ
    clock.t = 1.0                                   # one interval after the last picture
    got, _ = frame(kept, screen, session, (0.2, 0.1))
    assert kept.panel_redraws == 2
    # the legend, theory lines and plot keep their last picture one frame
    # more: only their rows differ
    pending = kept._panel_pic["lab"]
    assert pending is not None
    top, bottom = kept._panel_pic["lab_span"]
    outside = np.ones(got.shape, bool)
    outside[:, top:bottom] = False
    assert np.array_equal(got[outside], now[outside])
    assert not np.array_equal(got, now)
    clock.t = 1.001                   # the next frame draws them in, but for the plot
    got, _ = frame(kept, screen, session, (0.2, 0.1))
    assert kept.panel_redraws == 2 and kept._panel_pic["lab"] is None
    (left, top, w, h), _, _ = kept._panel_pic["plot"]
    outside = np.ones(got.shape, bool)
    outside[left:left + w, top:top + h] = False
    assert np.array_equal(got[outside], now[outside])
    assert not np.array_equal(got, now)
    clock.t = 1.002                   # and the one after draws the plot
    got, rects = frame(kept, screen, session, (0.2, 0.1))
    assert kept._panel_pic["plot"] is None
    assert np.array_equal(got, now)
    assert sorted(map(repr, rects)) == sorted(map(repr, frame(ref, screen, session, (0.2, 0.1))[1]))
    # a choice (pause) shows at once, within the interval
    session.dispatch(st.Action(st.TOGGLE_PAUSE), kept, screen)
    clock.t = 1.01
    got, _ = frame(kept, screen, session, (0.2, 0.1))
    want, _ = frame(ref, screen, session, (0.2, 0.1))
    assert kept.panel_redraws == 3 and np.array_equal(got, want)
    # nothing changed: no picture is drawn, however long it waits
    clock.t = 50.0
    again, _ = frame(kept, screen, session, (0.2, 0.1))
    assert kept.panel_redraws == 3 and np.array_equal(again, want)


def test_a_late_change_is_shown_once_the_interval_is_over_even_if_nothing_else_moves():
    screen, kept, ref, clock = pair(1.0)
    session = Session.start(st.State(surface="bowl"))
    frame(kept, screen, session, None)
    session.world.spawn(np.array([[0.5], [0.3]]))   # within the interval: held back
    clock.t = 0.2
    frame(kept, screen, session, None)
    assert kept.panel_redraws == 1
    clock.t = 1.2                                   # the world stood still since
    got, _ = frame(kept, screen, session, None)
    want, _ = frame(ref, screen, session, None)
    assert kept.panel_redraws == 2 and np.array_equal(got, want)


def test_a_resize_draws_the_panel_anew_at_the_new_size():
    screen = setup()
    kept = Renderer(SIZE)
    kept.panel_clock = FakeClock()
    kept.panel_interval = 1e9
    session = Session.start(st.State(surface="rosenbrock"))
    frame(kept, screen, session, (0.1, 0.1))
    small = pygame.Surface((1024, 640), 0, screen)
    kept.resize(small.get_size())
    ref = fresh(small.get_size())
    kept.draw(small, session.state, session.world, 1.0, (0.1, 0.1), 60.0)
    got = pygame.surfarray.array2d(small).copy()
    ref.draw(small, session.state, session.world, 1.0, (0.1, 0.1), 60.0)
    assert np.array_equal(got, pygame.surfarray.array2d(small))


def test_a_ball_replacing_another_at_the_cap_shows_at_once_with_no_interval():
    screen = setup()
    kept, ref = Renderer(SIZE), fresh(SIZE)
    kept.panel_interval = 0.0
    session = Session.start(st.State(surface="bowl", paused=True))
    session.world.cap = 2
    session.world.spawn(np.array([[0.5, -0.4], [0.3, 0.9]]))
    frame(kept, screen, session, None)
    count, ticks = session.world.count, session.world.ticks
    session.world.spawn(np.array([[1.4], [-1.3]]))          # the oldest goes
    assert (session.world.count, session.world.ticks) == (count, ticks)
    got, _ = frame(kept, screen, session, None)
    want, _ = frame(ref, screen, session, None)
    assert np.array_equal(got, want)


def test_a_pan_does_not_draw_the_panel_anew_but_a_first_zoom_does():
    screen = setup()
    kept, ref = Renderer(SIZE), fresh(SIZE)
    kept.panel_clock = FakeClock()
    kept.panel_interval = 1e9
    session = Session.start(st.State(surface="hill", paused=True))
    frame(kept, screen, session, None)
    session.dispatch(st.Action(ctl.ZOOM_AT_PIXEL, (400, 400, 0.5)), kept, screen)
    assert session.state.view is not None
    got, _ = frame(kept, screen, session, None)          # "zoomed: Home resets the view"
    assert kept.panel_redraws == 2
    assert np.array_equal(got, frame(ref, screen, session, None)[0])
    for step in range(5):
        session.dispatch(st.Action(ctl.PAN_PIXELS, (7, -3)), kept, screen)
        got, _ = frame(kept, screen, session, None)
        assert np.array_equal(got, frame(ref, screen, session, None)[0])
    assert kept.panel_redraws == 2


def test_with_frames_slower_than_the_interval_the_plot_still_moves_on():
    """Every frame is then a refresh; the lab's sections may wait one of them, never two."""
    screen, kept, ref, clock = pair(1.0)
    session = Session.start(st.State(surface="bowl"))
    session.world.spawn(np.array([[0.5], [0.3]]))
    held_in_a_row = 0
    for k in range(8):
        session.advance(session.clock.tick)
        clock.t += 2.0
        got, _ = frame(kept, screen, session, None)
        want, _ = frame(ref, screen, session, None)
        if kept._panel_pic["lab"] is None and kept._panel_pic["plot"] is None:
            assert np.array_equal(got, want)
            held_in_a_row = 0
        else:
            held_in_a_row += 1
            assert held_in_a_row == 1
    assert kept.panel_redraws == 8


def test_on_a_kept_target_frames_match_the_fresh_panel_through_cards_lists_and_other_targets(
        monkeypatch):
    """The panel's picture is left on the target between frames (not blitted
    again) only while nothing was drawn over it: an open drop-down's list,
    the help card or the editor make the next frame put it back."""
    from game.ui import controls_panel as cp
    display = setup()
    mouse = [(5, 5)]
    monkeypatch.setattr(pygame.mouse, "get_pos", lambda: mouse[0])
    pygame.event.clear()
    kept, ref = Renderer(SIZE), fresh(SIZE)
    kept.panel_clock = FakeClock()
    kept.panel_interval = 1e9
    a, b = pygame.Surface(SIZE, 0, display), pygame.Surface(SIZE, 0, display)
    session = Session.start(st.State(surface="bowl", contours=True))
    session.world.spawn(np.array([[0.5], [0.3]]))
    panels = cp.build(SIZE, session.state), cp.build(SIZE, session.state)

    def send(event):
        for p in panels:
            p.process_event(event)

    def both():
        for event in pygame.event.get():
            send(event)
        for p, r, t in zip(panels, (kept, ref), (a, b)):
            p.sync(session.state)
            p.update(1 / 60)
            r.draw(t, session.state, session.world, 1.0, (0.2, 0.1), 60.0, "", p)
        assert np.array_equal(pygame.surfarray.array2d(a), pygame.surfarray.array2d(b))
        assert kept.drawn_rects == ref.drawn_rects

    both()
    both()
    assert kept._left_on is not None                   # the next frame will not blit it
    menu = panels[0].widgets["surface"].rect.center
    mouse[0] = menu
    send(pygame.event.Event(pygame.MOUSEMOTION, pos=menu, rel=(1, 1), buttons=(0, 0, 0)))
    both()
    send(pygame.event.Event(pygame.MOUSEBUTTONDOWN, button=1, pos=menu))
    send(pygame.event.Event(pygame.MOUSEBUTTONUP, button=1, pos=menu))
    for _ in range(4):
        both()                                         # the list, above the block
    assert panels[0].menu_open and kept._left_on is None
    send(pygame.event.Event(pygame.KEYDOWN, key=pygame.K_ESCAPE, mod=0, unicode="", scancode=0))
    mouse[0] = (200, 200)
    send(pygame.event.Event(pygame.MOUSEMOTION, pos=(200, 200), rel=(1, 1), buttons=(0, 0, 0)))
    for _ in range(4):
        both()                                         # gone: the words are back
    assert not panels[0].menu_open
    for action in (st.TOGGLE_HELP, st.TOGGLE_HELP, st.EDIT_START, st.BACK):
        session.dispatch(st.Action(action), kept, a)
        both()
        both()
    other = pygame.Surface(SIZE, 0, display)           # a frame drawn elsewhere (a screenshot)
    kept.draw(other, session.state, session.world, 1.0, (0.2, 0.1), 60.0, "", panels[0])
    a.fill((255, 0, 0))                                # and the window's pixels lost meanwhile
    b.fill((255, 0, 0))
    both()
