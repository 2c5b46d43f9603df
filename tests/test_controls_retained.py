"""The clickable controls' retained frame draws what pygame_gui draws.

Two panels see the same events, mouse, states and frame times: one as the
app runs it (``update``/``draw``: pygame_gui rests while nothing changes and
the block comes from a retained picture), the other as pygame_gui is meant
to be run, written out here (``UIManager.update`` every frame, then the block
filled and ``draw_ui`` straight onto the window). At every frame the two
windows hold the same pixels, and the first panel's picture is also what its
own pygame_gui draws afresh at that moment. The moments include a hover, a
tooltip after its delay, a click, a state changed by a key, the η entry
focused with its caret blinking, a drop-down opened and closed, and a slider
dragged."""
import pygame
import pytest

from game import app
from game import state as st
from game.ui import controls_panel as cp
from game.ui.controls_widgets import TIP_DELAY, menu_tips

SIZE = (1280, 800)
DT = 1 / 60
MOUSE = [(0, 0)]


@pytest.fixture
def screen(monkeypatch):
    """The display, and a mouse the tests move (the dummy driver has none)."""
    pygame.display.init()
    pygame.font.init()
    MOUSE[0] = (5, 5)
    monkeypatch.setattr(pygame.mouse, "get_pos", lambda: MOUSE[0])
    yield pygame.display.set_mode(SIZE)


def backdrop(size):
    """A window's frame under the controls: stripes, so that whatever is
    drawn in the wrong place (or not drawn) shows."""
    s = pygame.Surface(size)
    for x in range(0, size[0], 8):
        s.fill(((x * 7) % 256, (x * 3) % 256, 90), (x, 0, 4, size[1]))
    return s


def pixels(surface) -> bytes:
    return pygame.image.tobytes(surface, "RGB")


class Pair:
    """The app's panel and a reference panel run the plain pygame_gui way."""

    def __init__(self, screen, state=None):
        pygame.event.clear()
        self.session = app.Session.start(state or st.State(surface="bowl"))
        self.panel = cp.build(SIZE, self.session.state)
        self.ref = cp.build(SIZE, self.session.state)
        self.screen = screen
        self.back = backdrop(SIZE)
        self.shots = []
        self.frame()

    def send(self, event):
        """An event to both panels; what the app's panel asks for is done."""
        asked, _ = self.panel.process_event(event)
        self.ref.process_event(event)
        for action in asked:
            self.session.dispatch(action)

    def move(self, pos):
        MOUSE[0] = pos
        self.send(pygame.event.Event(pygame.MOUSEMOTION, pos=pos, rel=(1, 1), buttons=(0, 0, 0)))

    def click(self, pos, frames=3):
        self.move(pos)
        self.frame()
        self.send(pygame.event.Event(pygame.MOUSEBUTTONDOWN, button=1, pos=pos))
        self.send(pygame.event.Event(pygame.MOUSEBUTTONUP, button=1, pos=pos))
        self.frame(frames)

    def frame(self, n=1, dt=DT):
        """The app's frame for both panels, then the pixels compared."""
        for _ in range(n):
            for event in pygame.event.get():       # pygame_gui posts its own events
                self.send(event)
            state = self.session.state
            self.panel.sync(state)
            self.ref.sync(state)
            self.panel.update(dt)
            self.ref.manager.update(dt)            # the reference: every frame, as pygame_gui is meant
            menu_tips(self.ref)
            self.screen.blit(self.back, (0, 0))
            self.panel.draw(self.screen)
            retained = pixels(self.screen)
            plain = self.back.copy()
            plain.fill(cp.BLOCK_BG, self.ref.block)
            self.ref.manager.draw_ui(plain)
            own = self.back.copy()                 # the app's panel's pygame_gui, drawn afresh
            own.fill(cp.BLOCK_BG, self.panel.block)
            self.panel.manager.draw_ui(own)
            assert retained == pixels(own), "the picture is not what pygame_gui draws now"
            assert retained == pixels(plain), "the resting panel shows another moment"
            self.shots.append(retained)

    def block(self) -> bytes:
        return pixels(self.screen.subsurface(self.panel.block))

    def centre(self, name):
        return self.panel.widgets[name].rect.center


def tooltips(panel):
    return [e for e in panel.manager.get_sprite_group().sprites() if type(e).__name__ == "UITooltip"]


def test_idle_frames_rest_and_redraw_nothing(screen, monkeypatch):
    """Frames where nothing happens neither update nor draw pygame_gui."""
    p = Pair(screen)
    p.frame(5)
    assert p.panel.resting
    runs = p.panel.updates_run
    drawn = []
    paint = p.panel._paint
    monkeypatch.setattr(p.panel, "_paint", lambda *a: (drawn.append(a), paint(*a)))
    p.frame(30)
    assert p.panel.updates_run == runs and drawn == []       # no pygame_gui work at all
    assert p.panel._picture is not None                      # the block from its picture
    p.move((300, 300))                  # the mouse over the map: still nothing to do
    p.frame(3)
    assert p.panel.updates_run == runs and drawn == []
    p.panel.process_event(pygame.event.Event(pygame.KEYDOWN, key=pygame.K_a, mod=0, unicode="a",
                                             scancode=0))
    assert not p.panel.resting          # any other event wakes the controls


def test_hover_then_tooltip_after_its_delay_then_away(screen):
    p = Pair(screen)
    p.frame(3)
    rest = p.block()
    p.move(p.centre("step"))
    p.frame()
    hovered = p.block()
    assert hovered != rest                                     # the hover look shows at once
    frames = int(TIP_DELAY / DT)
    p.frame(frames - 2)
    assert not tooltips(p.panel) and not tooltips(p.ref)
    p.frame(5)
    assert len(tooltips(p.panel)) == len(tooltips(p.ref)) == 1
    assert p.panel.resting                                     # shown: nothing runs on time now
    p.frame(10)
    p.move((200, 200))
    p.frame(2)
    assert not tooltips(p.panel) and p.block() == rest


def test_tooltip_delay_counts_from_the_hover_not_from_the_rest_before(screen):
    """A long rest, then the mouse onto a control: its tooltip still waits
    its whole delay (the time caught up is not hover time)."""
    p = Pair(screen)
    p.frame(120, dt=0.1)                                        # 12 s of rest
    assert p.panel.resting
    p.move(p.centre("contours"))
    p.frame(int(TIP_DELAY / DT) - 2)
    assert not tooltips(p.panel)
    p.frame(5)
    assert tooltips(p.panel)


def test_a_click_and_a_state_change_show_at_once(screen):
    p = Pair(screen)
    p.frame(3)
    before = p.block()
    p.click(p.centre("contours"))
    assert p.session.state.contours and p.panel.widgets["contours"].is_selected
    p.move((200, 200))
    p.frame(3)
    clicked = p.block()
    assert clicked != before
    p.frame(5)
    assert p.panel.resting
    p.session.dispatch(st.Action(st.TOGGLE_PAUSE))              # a key, not a click
    p.frame()                                                   # the very next frame shows it
    assert p.panel.widgets["pause"].text == "resume" and p.block() != clicked


def test_the_entry_focused_blinks_its_caret_and_rests_again_when_left(screen):
    p = Pair(screen)
    p.click(p.centre("lr_value"))
    assert p.panel.typing and not p.panel.resting
    start = len(p.shots)
    p.frame(150)                                                # 2.5 s: several blinks
    assert len(set(p.shots[start:])) >= 2                       # the caret blinks
    assert not p.panel.resting
    p.send(pygame.event.Event(pygame.KEYDOWN, key=pygame.K_ESCAPE, mod=0, unicode="",
                              scancode=0))
    p.frame(5)
    assert not p.panel.typing and p.panel.resting


def test_a_drop_down_opens_and_closes(screen):
    p = Pair(screen)
    p.click(p.centre("surface"))
    assert p.panel.menu_open and p.ref.menu_open
    p.frame(20)                                                 # the list is drawn above the block
    p.send(pygame.event.Event(pygame.KEYDOWN, key=pygame.K_ESCAPE, mod=0, unicode="",
                              scancode=0))
    p.move((200, 200))
    p.frame(5)
    assert not p.panel.menu_open and p.panel.resting


def test_a_slider_drag(screen):
    p = Pair(screen)
    lr = st.hyper_of(p.session.state)["lr"]
    handle = pygame.Rect(p.panel.widgets["lr_slider"].sliding_button.rect)
    p.move(handle.center)
    p.frame()
    p.send(pygame.event.Event(pygame.MOUSEBUTTONDOWN, button=1, pos=handle.center))
    p.frame()
    for dx in range(4, 44, 4):
        p.move((handle.centerx + dx, handle.centery))
        p.frame()
    p.send(pygame.event.Event(pygame.MOUSEBUTTONUP, button=1, pos=(handle.centerx + 40, handle.centery)))
    p.move((200, 200))
    p.frame(4)
    assert st.hyper_of(p.session.state)["lr"] > lr
    assert p.panel.resting


def test_eta_changed_by_a_key_shows_in_the_entry_as_it_would(screen):
    """The entry, given a new text while not focused, shows it and whatever
    its caret does after (pygame_gui puts it on, then blinks it off)."""
    p = Pair(screen)
    p.frame(5)
    assert p.panel.resting
    for _ in range(3):
        p.session.dispatch(st.Action(st.LR_UP))
        p.frame(90)
    assert p.panel.lr_entry.get_text() == cp.lr_text(st.hyper_of(p.session.state)["lr"])
    assert p.panel.resting
