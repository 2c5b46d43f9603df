"""Keys that forgive: Esc closes what is on top, quits only when pressed twice
within 2 s, and only the stepping keys repeat while held. Headless, through
``controls.action_for`` and ``Session.dispatch`` with the time passed in."""
import pygame
import pytest

from game import app, controls
from game import state as st


TOAST = "press Esc again to quit"


def key(k, mod=0, kind=pygame.KEYDOWN):
    return pygame.event.Event(kind, key=k, mod=mod)


def feed(session, event, now):
    """One event the way the app's loop hands it on, at time ``now``."""
    action = controls.action_for(event, session.state.editing is not None)
    if action is not None:
        session.dispatch(action, now=now)


def esc(session, now):
    feed(session, key(pygame.K_ESCAPE), now)


def test_esc_closes_the_help_card_and_the_app_runs_on():
    s = app.Session.start(st.State())
    feed(s, key(pygame.K_h), 100.0)
    assert s.state.help
    esc(s, 100.1)
    assert not s.state.help and s.running
    assert s.message == ""                 # closing the card asks nothing


def test_esc_closes_the_editor_and_keeps_its_surface():
    s = app.Session.start(st.State(surface="bowl"))
    feed(s, key(pygame.K_e), 10.0)
    feed(s, pygame.event.Event(pygame.TEXTINPUT, text="x^2"), 10.1)
    esc(s, 10.2)
    assert s.state.editing is None and s.state.surface == "bowl" and s.running
    esc(s, 10.3)                           # the first Esc with nothing open only asks
    assert s.running and s.message == TOAST


def test_esc_over_the_help_card_opened_from_nothing_never_counts_as_a_first_press():
    s = app.Session.start(st.State())
    esc(s, 0.0)                            # asks
    feed(s, key(pygame.K_h), 0.5)
    esc(s, 1.0)                            # closes the card, within 2 s of the first Esc
    assert s.running and not s.state.help
    esc(s, 1.5)                            # asks again
    assert s.running and s.message == TOAST


@pytest.mark.parametrize("gap, quits", [(0.05, True), (1.0, True), (2.0, True),
                                        (2.001, False), (5.0, False)])
def test_a_second_esc_quits_only_within_two_seconds(gap, quits):
    s = app.Session.start(st.State())
    esc(s, 50.0)
    assert s.running
    assert s.message == "press Esc again to quit"
    assert s.message_until == pytest.approx(52.0)     # the toast lasts as long as the offer
    esc(s, 50.0 + gap)
    assert s.running is not quits
    if not quits:                          # a late second press is a new first press
        assert s.message == TOAST and s.message_until == pytest.approx(52.0 + gap)
        esc(s, 50.0 + gap + 1.9)
        assert not s.running


def test_another_key_between_the_two_escs_starts_the_count_again():
    s = app.Session.start(st.State(surface="bowl"))
    esc(s, 0.0)
    feed(s, key(pygame.K_c), 0.3)          # contours on: the offer to quit is withdrawn
    assert s.state.contours and s.message == ""
    esc(s, 0.6)
    assert s.running and s.message == TOAST
    esc(s, 0.9)
    assert not s.running


def test_closing_the_window_quits_at_once_even_over_the_help_card():
    s = app.Session.start(st.State(help=True))
    feed(s, pygame.event.Event(pygame.QUIT), 0.0)
    assert not s.running


def test_q_is_esc_outside_the_editor():
    s = app.Session.start(st.State(help=True))
    feed(s, key(pygame.K_q), 0.0)          # closes the help card
    assert not s.state.help and s.running
    feed(s, key(pygame.K_q), 0.5)          # asks, naming the key pressed
    assert s.running and s.message == "press Q again to quit"
    esc(s, 1.0)                            # either key answers
    assert not s.running


def test_window_close_quits_while_typing():
    s = app.Session.start(st.State())
    feed(s, key(pygame.K_e), 0.0)
    feed(s, pygame.event.Event(pygame.QUIT), 0.1)
    assert not s.running


def test_esc_while_typing_is_cancel_and_q_is_a_letter():
    assert controls.action_for(key(pygame.K_ESCAPE), editing=True) == st.Action(st.EDIT_CANCEL)
    assert controls.action_for(key(pygame.K_q), editing=True) is None
    assert controls.action_for(key(pygame.K_ESCAPE)) == st.Action(st.BACK, "Esc")
    assert controls.action_for(key(pygame.K_q)) == st.Action(st.BACK, "Q")


# --- held keys ----------------------------------------------------------------
def test_held_keys_repeat_only_the_stepping_keys():
    held = controls.HeldKeys()
    for k in (pygame.K_h, pygame.K_ESCAPE, pygame.K_SPACE, pygame.K_e, pygame.K_c):
        assert held.passes(key(k))                      # the press
        assert not held.passes(key(k))                  # its repeats while held
        assert not held.passes(key(k))
        held.passes(key(k, kind=pygame.KEYUP))
        assert held.passes(key(k))                      # a new press after release
        held.passes(key(k, kind=pygame.KEYUP))
    for k in (pygame.K_BACKSPACE, pygame.K_EQUALS, pygame.K_MINUS, pygame.K_KP_PLUS,
              pygame.K_KP_MINUS, pygame.K_LEFT, pygame.K_RIGHT, pygame.K_UP, pygame.K_DOWN):
        assert all(held.passes(key(k)) for _ in range(5))


def test_a_key_released_while_the_window_was_away_counts_as_a_press_again():
    held = controls.HeldKeys()
    assert held.passes(key(pygame.K_h))
    held.passes(pygame.event.Event(pygame.WINDOWFOCUSLOST))
    assert held.passes(key(pygame.K_h))


def test_held_minus_steps_the_learning_rate_once_per_repeat():
    """Ten KEYDOWNs of a held − divide η by the factor ten times, as ten presses do."""
    s = app.Session.start(st.State(surface="bowl", optimizer="gd"))
    lr0 = st.hyper_of(s.state)["lr"]
    held = controls.HeldKeys()
    for i in range(10):
        ev = key(pygame.K_MINUS)
        if held.passes(ev):
            feed(s, ev, i * 0.04)
    assert st.hyper_of(s.state)["lr"] == pytest.approx(lr0 / st.LR_FACTOR ** 10, rel=1e-12)


def test_held_esc_asks_once_and_never_quits():
    s = app.Session.start(st.State())
    held = controls.HeldKeys()
    for i in range(30):                    # 1.2 s of repeats at the app's rate
        ev = key(pygame.K_ESCAPE)
        if held.passes(ev):
            feed(s, ev, i * controls.REPEAT_INTERVAL_MS / 1000)
    assert s.running and s.message == TOAST


def test_held_backspace_deletes_one_character_per_repeat_and_typing_goes_on():
    s = app.Session.start(st.State())
    held = controls.HeldKeys()
    feed(s, key(pygame.K_e), 0.0)
    feed(s, pygame.event.Event(pygame.TEXTINPUT, text="sin(x)+y^2"), 0.1)
    for i in range(4):
        ev = key(pygame.K_BACKSPACE)
        if held.passes(ev):
            feed(s, ev, 0.5 + i * 0.04)
    assert s.state.editing == "sin(x)"
    held.passes(key(pygame.K_BACKSPACE, kind=pygame.KEYUP))
    feed(s, pygame.event.Event(pygame.TEXTINPUT, text="*y"), 1.0)
    assert s.state.editing == "sin(x)*y"


def test_the_session_machine_survives_two_escapes_in_a_row():
    """Two Escs in a row quit (the machine restarts the app and goes on)."""
    import pygame
    from test_session_machine import SessionMachine
    m = SessionMachine()
    m.start(surface="hill", size=(800, 500), optimizer="momentum", race=False)
    m.send(pygame.event.Event(pygame.KEYDOWN, key=pygame.K_ESCAPE, mod=0))
    m.send(pygame.event.Event(pygame.KEYDOWN, key=pygame.K_ESCAPE, mod=0))
    assert m.quits == 1 and m.session.running
