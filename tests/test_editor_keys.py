"""The function editor behaves like a text field: pygame events, built by
hand, through ``controls.action_for`` and ``Session.dispatch``, and the text
and caret they leave, worked out keystroke by keystroke."""
import pygame
import pytest

from game import app, controls
from game import state as st

CTRL, SHIFT = pygame.KMOD_LCTRL, pygame.KMOD_LSHIFT


def key(k, mod=0, kind=pygame.KEYDOWN):
    return pygame.event.Event(kind, key=k, mod=mod, unicode="", scancode=0)


def typed(text):
    return pygame.event.Event(pygame.TEXTINPUT, text=text)


def feed(session, *events, held=None):
    """Events the way the app's loop hands them on (through ``held`` when
    given, as the loop filters repeats)."""
    for event in events:
        if held is not None and not held.passes(event):
            continue
        action = controls.action_for(event, session.state.editing is not None)
        if action is not None:
            session.dispatch(action)


def field(session):
    """(text, caret, selection start or None) of the open editor."""
    f = st.edit_field(session.state)
    return f.text, f.caret, f.anchor


def editor(text="", surface="bowl"):
    """A session with the editor open holding ``text``, the caret at its end."""
    s = app.Session.start(st.State(surface=surface))
    feed(s, key(pygame.K_e), typed(text))
    assert field(s) == (text, len(text), None)
    return s


def test_the_caret_moves_and_typing_goes_where_it_is():
    s = editor("x^2+y")
    feed(s, key(pygame.K_LEFT), key(pygame.K_LEFT))            # x^2|+y
    assert field(s) == ("x^2+y", 3, None)
    feed(s, typed("*3"))                                        # x^2*3|+y
    assert field(s) == ("x^2*3+y", 5, None)
    feed(s, key(pygame.K_HOME), typed("-"))                     # -|x^2*3+y
    assert field(s) == ("-x^2*3+y", 1, None)
    feed(s, key(pygame.K_END), key(pygame.K_BACKSPACE))         # -x^2*3+|
    assert field(s) == ("-x^2*3+", 7, None)
    feed(s, key(pygame.K_DELETE))                               # nothing after the caret
    assert field(s) == ("-x^2*3+", 7, None)
    feed(s, key(pygame.K_HOME), key(pygame.K_DELETE))           # |x^2*3+
    assert field(s) == ("x^2*3+", 0, None)
    feed(s, key(pygame.K_LEFT), key(pygame.K_BACKSPACE))        # stops at the start
    assert field(s) == ("x^2*3+", 0, None)
    for _ in range(10):
        feed(s, key(pygame.K_RIGHT))                            # and at the end
    assert field(s) == ("x^2*3+", 6, None)


def test_shift_selects_and_typing_replaces_the_selection():
    s = editor("x^2*3+y")
    feed(s, key(pygame.K_HOME))
    for _ in range(3):
        feed(s, key(pygame.K_RIGHT, SHIFT))                     # [x^2]*3+y
    assert field(s) == ("x^2*3+y", 3, 0) and s.state.edit_selected
    feed(s, typed("y"))                                         # y|*3+y
    assert field(s) == ("y*3+y", 1, None)
    feed(s, key(pygame.K_END, SHIFT))                           # y[*3+y]
    assert field(s) == ("y*3+y", 5, 1)
    feed(s, key(pygame.K_LEFT, SHIFT), key(pygame.K_LEFT, SHIFT))   # y[*3]+y
    assert field(s) == ("y*3+y", 3, 1)
    feed(s, key(pygame.K_LEFT))                                 # ← ends it at its start
    assert field(s) == ("y*3+y", 1, None)
    feed(s, key(pygame.K_HOME, SHIFT), key(pygame.K_DELETE))    # Delete takes the selection
    assert field(s) == ("*3+y", 0, None)


@pytest.mark.parametrize("mod", [pygame.KMOD_LCTRL, pygame.KMOD_RCTRL, pygame.KMOD_LGUI,
                                 pygame.KMOD_CTRL | pygame.KMOD_SHIFT])
def test_ctrl_a_selects_everything(mod):
    s = editor("sin(x)")
    feed(s, key(pygame.K_HOME), key(pygame.K_a, mod))
    assert field(s) == ("sin(x)", 6, 0)
    feed(s, key(pygame.K_BACKSPACE))
    assert field(s) == ("", 0, None)


def test_a_plain_a_or_v_is_not_a_command_in_the_editor():
    for k in (pygame.K_a, pygame.K_v):
        assert controls.action_for(key(k), editing=True) is None    # letters come as TEXTINPUT
        assert controls.action_for(key(k, SHIFT), editing=True) is None


def test_ctrl_v_pastes_the_clipboard_at_the_caret_as_one_line(monkeypatch):
    clip = ["*sin(x)\r\n+ y^2\n"]
    monkeypatch.setattr(pygame.scrap, "get_text", lambda: clip[0])
    s = editor("x+1")
    feed(s, key(pygame.K_LEFT), key(pygame.K_LEFT))             # x|+1
    feed(s, key(pygame.K_v, CTRL))                              # x*sin(x) + y^2|+1
    assert field(s) == ("x*sin(x) + y^2+1", 14, None)
    clip[0] = "\tcos(y)\x00"
    feed(s, key(pygame.K_a, CTRL), key(pygame.K_v, CTRL))       # replaces everything
    assert field(s) == ("cos(y)", 6, None)
    feed(s, key(pygame.K_RETURN))
    assert s.state.editing is None and s.state.expr == "cos(y)"


def test_a_paste_is_cut_at_the_editor_cap(monkeypatch):
    monkeypatch.setattr(pygame.scrap, "get_text", lambda: "y" * 1000)
    s = editor("x+")
    feed(s, key(pygame.K_HOME), key(pygame.K_v, CTRL))
    text, caret, _ = field(s)
    assert text == "y" * (st.EDIT_MAX - 2) + "x+" and caret == st.EDIT_MAX - 2


@pytest.mark.parametrize("clipboard", ["", "\n\r\n", None, "error"])
def test_no_clipboard_or_an_empty_one_pastes_nothing_and_never_crashes(monkeypatch, clipboard):
    def get_text():
        if clipboard == "error":
            raise pygame.error("no clipboard on this display")
        return clipboard
    monkeypatch.setattr(pygame.scrap, "get_text", get_text)
    s = editor("x*y")
    feed(s, key(pygame.K_a, CTRL), key(pygame.K_v, CTRL))
    assert field(s) == ("x*y", 3, 0)                            # still all selected, unchanged


def test_the_real_clipboard_round_trip():
    """pygame-ce's own clipboard (SDL's, here under the dummy video driver)."""
    pygame.display.init()
    pygame.display.set_mode((64, 64))
    pygame.scrap.put_text("x^2 - y\n")
    s = editor("")
    feed(s, key(pygame.K_v, CTRL))
    assert field(s) == ("x^2 - y", 7, None)


def test_an_error_leaves_the_caret_at_the_column_at_fault():
    s = editor("x^2 + 3y + 1")
    feed(s, key(pygame.K_HOME), key(pygame.K_RETURN))
    message, pos = s.state.edit_error
    assert pos == "x^2 + 3y + 1".index("y") and "3*y" in message
    assert field(s) == ("x^2 + 3y + 1", pos, None)
    feed(s, key(pygame.K_RIGHT), key(pygame.K_LEFT))            # moving keeps the message
    assert s.state.edit_error == (message, pos)
    feed(s, typed("*"))                                         # the fix, typed in place
    assert field(s) == ("x^2 + 3*y + 1", pos + 1, None) and s.state.edit_error is None
    feed(s, key(pygame.K_RETURN))
    assert s.state.editing is None and s.state.expr == "x^2 + 3*y + 1"


def test_a_domain_error_puts_the_caret_in_the_domain():
    s = editor("x ; 0,1,a,2")
    feed(s, key(pygame.K_RETURN))
    message, pos = s.state.edit_error
    assert message.startswith("domain") and field(s)[1] == pos == "x ; 0,1,a,2".index("a")


def test_an_error_selected_away_still_lands_the_caret():
    """A failed Enter with a selection: the selection ends, the caret goes to the fault."""
    s = editor("x+")
    feed(s, key(pygame.K_a, CTRL), key(pygame.K_RETURN))
    message, pos = s.state.edit_error
    assert "end of text" in message and pos == 2 and field(s) == ("x+", 2, None)
    s = editor("sin(x")
    feed(s, key(pygame.K_HOME, SHIFT), key(pygame.K_RETURN))
    message, pos = s.state.edit_error
    assert "unclosed '('" in message and pos == 3 and field(s) == ("sin(x", 3, None)


def test_held_delete_backspace_and_arrows_repeat_in_the_editor():
    """KEYDOWN repeats of a held key: one edit or one step per repeat."""
    held = controls.HeldKeys()
    s = editor("abcdefgh")
    feed(s, *[key(pygame.K_LEFT)] * 6, held=held)               # ab|cdefgh
    assert field(s)[1] == 2
    feed(s, key(pygame.K_LEFT, kind=pygame.KEYUP), held=held)
    feed(s, *[key(pygame.K_DELETE)] * 3, held=held)             # ab|fgh
    assert field(s) == ("abfgh", 2, None)
    feed(s, *[key(pygame.K_RIGHT, SHIFT)] * 2, held=held)       # ab[fg]h
    assert field(s) == ("abfgh", 4, 2)
    feed(s, key(pygame.K_RIGHT, kind=pygame.KEYUP), held=held)
    feed(s, *[key(pygame.K_BACKSPACE)] * 2, held=held)          # the selection, then b
    assert field(s) == ("ah", 1, None)
    feed(s, *[key(pygame.K_HOME)] * 3, *[key(pygame.K_END)] * 3, held=held)
    assert field(s) == ("ah", 2, None)


def test_outside_the_editor_home_resets_the_view_and_editing_keys_do_nothing():
    s = app.Session.start(st.State(surface="bowl", view=(-1.0, 1.0, -1.0, 1.0)))
    feed(s, key(pygame.K_HOME))
    assert s.state.view is None
    for k, mod in ((pygame.K_DELETE, 0), (pygame.K_END, 0), (pygame.K_a, CTRL),
                   (pygame.K_LEFT, SHIFT)):
        action = controls.action_for(key(k, mod))
        assert action is None or not action.name.startswith("edit_"), action
    assert controls.action_for(key(pygame.K_v, CTRL)) == st.Action(st.TOGGLE_OVERLAY, "quiver")


def test_esc_drops_the_caret_and_selection_with_the_text():
    s = editor("x*y")
    feed(s, key(pygame.K_LEFT, SHIFT), key(pygame.K_ESCAPE))
    assert (s.state.editing, s.state.edit_caret, s.state.edit_anchor) == (None, None, None)
    feed(s, key(pygame.K_e))                        # opens afresh: the bowl, all selected
    assert field(s) == ("x^2 + 5*y^2", 11, 0)


def test_a_caret_outside_its_text_is_refused():
    with pytest.raises(ValueError):
        st.State(editing="ab", edit_caret=3)
    with pytest.raises(ValueError):
        st.State(edit_caret=0)                                   # no editor, no caret
    assert st.State(editing="ab", edit_caret=1, edit_anchor=1).edit_selected is False


def test_ctrl_c_copies_the_selection_and_ctrl_x_cuts_it(monkeypatch):
    put = []
    monkeypatch.setattr(pygame.scrap, "put_text", put.append)
    s = editor("x^2 + sin(y)")
    for _ in range(6):
        feed(s, key(pygame.K_LEFT, SHIFT))                      # x^2 + [sin(y)]
    feed(s, key(pygame.K_c, CTRL))
    assert put == ["sin(y)"] and field(s) == ("x^2 + sin(y)", 6, 12)   # the text stays
    feed(s, key(pygame.K_x, CTRL))
    assert put == ["sin(y)", "sin(y)"] and field(s) == ("x^2 + ", 6, None)
    feed(s, key(pygame.K_c, CTRL), key(pygame.K_x, CTRL))       # nothing selected: nothing
    assert put == ["sin(y)", "sin(y)"] and field(s) == ("x^2 + ", 6, None)


def test_no_clipboard_to_copy_to_never_crashes_and_a_cut_still_cuts(monkeypatch):
    def put_text(text):
        raise pygame.error("no clipboard on this display")
    monkeypatch.setattr(pygame.scrap, "put_text", put_text)
    s = editor("x*y")
    feed(s, key(pygame.K_a, CTRL), key(pygame.K_c, CTRL))
    assert field(s) == ("x*y", 3, 0)
    feed(s, key(pygame.K_x, CTRL))
    assert field(s) == ("", 0, None)


def test_cut_then_paste_moves_text_through_the_real_clipboard():
    pygame.display.init()
    pygame.display.set_mode((64, 64))
    s = editor("y*x^2")
    feed(s, key(pygame.K_HOME))
    for _ in range(2):
        feed(s, key(pygame.K_RIGHT, SHIFT))                     # [y*]x^2
    feed(s, key(pygame.K_x, CTRL))
    assert field(s) == ("x^2", 0, None)
    feed(s, key(pygame.K_END), typed("*"), key(pygame.K_v, CTRL))
    assert field(s) == ("x^2*y*", 6, None)


def test_a_click_on_the_text_puts_the_caret_there_and_shift_click_selects(monkeypatch):
    from game.render import Renderer
    from game.ui.editor import PROMPT
    pygame.display.init()
    pygame.font.init()
    screen = pygame.display.set_mode((1280, 800))
    r = Renderer((1280, 800))
    text = "x^2 + sin(y)"
    s = editor(text)
    r.draw(screen, s.state, s.world, 1.0)
    left, top, _, _ = r.layout.map_area
    x0, y0 = left + 10 + 12, top + 10 + 10          # the box's corner, then its padding
    font = r.mono

    def click(k, shift=False):
        """A click one pixel right of the gap before character k."""
        monkeypatch.setattr(pygame.key, "get_mods", lambda: pygame.KMOD_LSHIFT if shift else 0)
        pos = (x0 + font.size(PROMPT + text[:k])[0] + 1, y0 + font.get_height() // 2)
        event = pygame.event.Event(pygame.MOUSEBUTTONDOWN, button=1, pos=pos)
        action = controls.action_for(event, editing=True)
        s.dispatch(action, r, screen)
        r.draw(screen, s.state, s.world, 1.0)

    click(4)                                             # x^2 |+ sin(y)
    assert field(s) == (text, 4, None)
    click(9, shift=True)                                 # x^2 [+ sin](y)
    assert field(s) == (text, 9, 4)
    click(0)
    assert field(s) == (text, 0, None)
    click(len(text))
    assert field(s) == (text, len(text), None)
    below = pygame.event.Event(pygame.MOUSEBUTTONDOWN, button=1, pos=(x0 + 40, y0 + 200))
    s.dispatch(controls.action_for(below, editing=True), r, screen)   # not on the text
    assert field(s) == (text, len(text), None) and s.world.count == 0
