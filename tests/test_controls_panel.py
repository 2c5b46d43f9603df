"""The clickable controls, headless: each control sends the Action its key
sends (the session then holds the same state either way), values set
outright land where they should, the controls follow the state, a click on
a control or a key typed into the η entry goes nowhere else, Esc closes an
open drop-down first, and every text fits its control."""
import math

import pygame
import pytest

from game import app, controls, optim
from game import state as st
from game.controls_layout import plan
from game.layout import Layout
from game.ui import controls_panel as cp

SIZE = (1280, 800)


MOUSE = [(0, 0)]


@pytest.fixture
def screen(monkeypatch):
    """The display, and a mouse the tests move (the dummy driver has none)."""
    pygame.display.init()
    pygame.font.init()
    MOUSE[0] = (0, 0)
    monkeypatch.setattr(pygame.mouse, "get_pos", lambda: MOUSE[0])
    monkeypatch.setattr(pygame.mouse, "set_pos", lambda *p: MOUSE.__setitem__(0, tuple(p[0] if len(p) == 1 else p)))
    yield pygame.display.set_mode(SIZE)


def key_event(key, mod=0, unicode=""):
    return pygame.event.Event(pygame.KEYDOWN, key=key, mod=mod, unicode=unicode, scancode=0)


class Harness:
    """A session, its panel, and the app's event path (``app.handle_event``)."""

    def __init__(self, screen, state=None, size=SIZE):
        pygame.event.clear()
        self.session = app.Session.start(state or st.State(surface="bowl"))
        self.panel = cp.build(size, self.session.state)
        self.held = controls.HeldKeys()
        self.screen = screen
        self.frame()

    def send(self, event):
        app.handle_event(self.session, event, self.panel, self.held, None, self.screen)

    def frame(self, n=1):
        """What the loop does each frame: the queued events (pygame_gui posts
        its own), then sync, update and draw."""
        for _ in range(n):
            for event in pygame.event.get():
                self.send(event)
            self.panel.sync(self.session.state)
            self.panel.update(1 / 60)
            self.panel.draw(self.screen)

    def click(self, pos):
        pygame.mouse.set_pos(pos)
        self.frame()
        self.send(pygame.event.Event(pygame.MOUSEBUTTONDOWN, button=1, pos=pos))
        self.send(pygame.event.Event(pygame.MOUSEBUTTONUP, button=1, pos=pos))
        self.frame(3)

    def centre(self, name):
        return self.panel.widgets[name].rect.center


BY_KEY = {          # control → the key that does the same
    "pause": pygame.K_SPACE, "step": pygame.K_n, "clear": pygame.K_r, "optimal": pygame.K_o,
    "edit": pygame.K_e, "race": pygame.K_g, "contours": pygame.K_c,
    "overlay:quiver": pygame.K_v, "overlay:rose": pygame.K_d, "overlay:level": pygame.K_l,
    "overlay:slices": pygame.K_p, "overlay:curvature": pygame.K_k, "overlay:jacobian": pygame.K_j,
    "racer:newton": pygame.K_x,
}


@pytest.mark.parametrize("name", sorted(BY_KEY))
def test_each_control_does_what_its_key_does(screen, name):
    start = st.State(surface="bowl")
    by_key = app.Session.start(start)
    by_key.dispatch(controls.action_for(key_event(BY_KEY[name])))
    h = Harness(screen, start)
    h.click(h.centre(name))
    assert h.session.state == by_key.state
    assert h.session.state != start or name == "clear"


def test_a_click_on_a_control_spawns_nothing_and_a_click_on_the_map_does(screen):
    h = Harness(screen)
    renderer_free = h.session.world.count
    h.click(h.centre("step"))
    h.click((h.panel.block.x + 2, h.panel.block.y + 2))      # the block, between controls
    assert h.session.world.count == renderer_free == 0
    asked, consumed = h.panel.process_event(
        pygame.event.Event(pygame.MOUSEBUTTONDOWN, button=1, pos=(300, 300)))
    assert asked == [] and not consumed                       # the map's click is the app's


def _option_button(panel, text):
    for sprite in panel.manager.get_sprite_group().sprites():
        if isinstance(sprite, pygame_gui_button()) and getattr(sprite, "text", None) == text \
                and sprite.visible:
            return sprite
    return None


def pygame_gui_button():
    from pygame_gui.elements import UIButton
    return UIButton


def test_drop_downs_pick_a_surface_and_an_optimizer(screen):
    h = Harness(screen)
    h.click(h.centre("surface"))
    assert h.panel.menu_open
    option = _option_button(h.panel, "rosenbrock")
    assert option is not None and option.rect.bottom <= h.panel.block.top + 1   # it opens upward
    h.click(option.rect.center)
    by_key = app.Session.start(st.State(surface="bowl"))
    by_key.dispatch(controls.action_for(key_event(pygame.K_7)))
    assert h.session.state == by_key.state and h.session.world.surface.name == "rosenbrock"
    assert not h.panel.menu_open
    h.click(h.centre("optimizer"))
    h.click(_option_button(h.panel, "Adam").rect.center)
    assert h.session.state.optimizer == "adam" and h.session.world.optimizer == "adam"


def test_esc_closes_an_open_drop_down_and_nothing_else(screen):
    h = Harness(screen, st.State(surface="bowl"))
    h.click(h.centre("surface"))
    h.send(key_event(pygame.K_h))                      # the help card opens over the open list
    h.send(pygame.event.Event(pygame.KEYUP, key=pygame.K_h, mod=0))
    assert h.panel.menu_open and h.session.state.help
    h.send(key_event(pygame.K_ESCAPE))
    h.send(pygame.event.Event(pygame.KEYUP, key=pygame.K_ESCAPE, mod=0))
    h.frame()
    assert not h.panel.menu_open
    assert h.session.state.help and h.session.message == ""     # the help card stays, no toast
    h.send(key_event(pygame.K_ESCAPE))                            # now the help card closes
    assert not h.session.state.help and h.session.running


def test_the_lr_slider_is_logarithmic(screen):
    h = Harness(screen)
    slider = h.panel.widgets["lr_slider"]
    lo, hi = math.log10(st.LR_MIN), math.log10(st.LR_MAX)
    bw = slider.sliding_button.rect.width
    for frac in (0.1, 0.5, 0.93):
        x = round(slider.rect.left + bw / 2 + frac * (slider.rect.width - bw))
        h.click((x, slider.rect.centery))
        lr = st.hyper_of(h.session.state)["lr"]
        shown = (x - slider.rect.left - bw / 2) / (slider.rect.width - bw)
        assert math.log10(lr) == pytest.approx(lo + shown * (hi - lo), abs=0.003)
        assert h.session.world.hyper("momentum")["lr"] == lr
        h.frame()
        # the entry follows, in the panel's style: exponents without "+" or a leading zero
        shown_text = f"{lr:.3g}".replace("e-0", "e-").replace("e+0", "e").replace("e+", "e")
        assert h.panel.lr_entry.get_text() == shown_text


def test_dragging_the_lr_handle_changes_lr(screen):
    h = Harness(screen)
    before = st.hyper_of(h.session.state)["lr"]
    handle = pygame.Rect(h.panel.widgets["lr_slider"].sliding_button.rect)   # a copy: it moves
    pygame.mouse.set_pos(handle.center)
    h.frame()
    h.send(pygame.event.Event(pygame.MOUSEBUTTONDOWN, button=1, pos=handle.center))
    h.frame()                                       # grabbed where it was pressed
    for dx in range(5, 60, 5):
        pygame.mouse.set_pos((handle.centerx + dx, handle.centery))
        h.frame()
    h.send(pygame.event.Event(pygame.MOUSEBUTTONUP, button=1, pos=(handle.centerx + 55, handle.centery)))
    h.frame(2)
    after = st.hyper_of(h.session.state)["lr"]
    # 55 px right on a rail of 7 decades
    width = h.panel.widgets["lr_slider"].rect.width - handle.width
    assert math.log10(after / before) == pytest.approx(55 / width * 7, abs=0.05)


def test_typing_lr_in_the_entry_sets_it_and_no_key_leaks_to_the_shortcuts(screen):
    h = Harness(screen)
    h.click(h.centre("lr_value"))
    assert h.panel.typing
    for ch in "0.11":
        h.send(key_event(pygame.K_0, unicode=ch))      # KEYDOWN of a shortcut key…
        h.send(pygame.event.Event(pygame.TEXTINPUT, text=ch))
    h.send(key_event(pygame.K_h, unicode="h"))          # … H would open the help card
    h.send(key_event(pygame.K_RETURN))
    h.frame(2)
    assert st.hyper_of(h.session.state)["lr"] == 0.11
    s = h.session.state
    assert s.surface == "bowl" and not s.help              # 0 (camel) and H did nothing
    assert not h.panel.typing and h.panel.lr_entry.get_text() == "0.11"


def test_esc_in_the_entry_drops_what_was_typed(screen):
    h = Harness(screen)
    lr = st.hyper_of(h.session.state)["lr"]
    h.click(h.centre("lr_value"))
    h.send(pygame.event.Event(pygame.TEXTINPUT, text="5"))
    h.send(key_event(pygame.K_ESCAPE))
    h.frame()
    assert not h.panel.typing and h.session.message == ""   # no quit offer either
    assert st.hyper_of(h.session.state)["lr"] == lr and h.panel.lr_entry.get_text() == f"{lr:.3g}"


def test_controls_follow_the_keys(screen):
    h = Harness(screen)
    for key in (pygame.K_EQUALS, pygame.K_RIGHTBRACKET, pygame.K_PERIOD, pygame.K_v, pygame.K_c,
                pygame.K_SPACE, pygame.K_g, pygame.K_x, pygame.K_2):
        h.send(key_event(key))
    h.frame()
    s, w = h.session.state, h.panel.widgets
    lr = st.hyper_of(s)["lr"]
    assert h.panel.lr_entry.get_text() == f"{lr:.3g}"
    assert w["lr_slider"].get_current_value() == pytest.approx(math.log10(lr), abs=0.03)
    assert w["second_value"].text == "0.95"
    assert w["speed_value"].text == "120/s"
    assert w["overlay:quiver"].is_selected and w["contours"].is_selected
    assert w["race"].is_selected and w["racer:newton"].get_state()
    assert w["pause"].text == "resume"
    assert h.panel.surface_menu.selected_option[1] == "bowl"
    h.send(key_event(pygame.K_m, pygame.KMOD_SHIFT))          # previous: gd, no second parameter
    h.send(key_event(pygame.K_7))
    h.frame()
    assert h.panel.optimizer_menu.selected_option[1] == "gd"
    assert h.panel.surface_menu.selected_option[1] == "rosenbrock"
    assert not w["second_slider"].is_enabled and w["second_value"].text == "none"


def test_sync_sends_nothing_back(screen):
    """Setting the widgets from the state (check boxes post events when set)
    must not come back as actions."""
    h = Harness(screen)
    h.session.dispatch(st.Action(st.TOGGLE_RACER, "gd"))
    h.session.dispatch(st.Action(st.TOGGLE_RACER, "newton"))
    wanted = h.session.state
    h.frame(3)
    assert h.session.state == wanted
    assert not h.panel.widgets["racer:gd"].get_state() and h.panel.widgets["racer:newton"].get_state()


def test_the_last_racer_cannot_be_unchecked(screen):
    h = Harness(screen, st.State(race_set=("adam",)))
    h.click(h.centre("racer:adam"))
    h.frame()
    assert h.session.state.race_set == ("adam",) and h.panel.widgets["racer:adam"].get_state()


@pytest.mark.parametrize("size", [(800, 500), (1024, 640), (1280, 800), (1920, 1080), (8192, 8192)])
def test_every_text_fits_its_control(screen, size):
    """The longest words each control may show, measured with the font the
    theme gives it at this window's scale, fit inside it (with the theme's
    padding), and are at least 9 px high: readable."""
    panel = cp.build(size, st.State())
    w = panel.widgets
    longest = {"race": "race", "contours": "contours", "lr_label": "η", "second_label": "β₁",
               "speed_label": "speed", "second_value": "none", "speed_value": "960/s",
               "lr_value": "0.000123", "surface": "rosenbrock", "optimizer": "Momentum",
               "pause": "resume"}
    longest.update({f"overlay:{k}": v for k, v in cp.PICTURE_TEXT.items() if k != "contours"})
    longest.update({k: v for k, v in cp.BUTTON_TEXT.items() if k != "pause"})
    longest.update({f"racer:{n}": cp.RACER_TEXT.get(n, optim.get(n).label) for n in optim.names()})
    lay = Layout.of(size)
    cell = plan(lay.controls[2], size[1], lay.scale).rects
    for name, text in longest.items():
        widget = w[name]
        font = widget.font if hasattr(widget, "font") else None
        if font is None:     # the drop-downs: their button's font
            font = widget.current_state.selected_option_button.font
        tw, th = font.get_rect(text).size
        room = cell[name][2] - 2 * 4 - 2                  # padding and border
        if name.endswith(("_label", "_value")) and name != "lr_value":
            room = cell[name][2]                           # a label draws no box
        if name.startswith("racer:"):
            room = cell[name][2] - widget.rect.width - 4 - 2   # beside the box
        if name in ("surface", "optimizer"):
            room -= round(20 * lay.scale)                  # the open button
        assert tw <= room, (size, name, text, tw, room)
        assert 9 <= th and font.get_rect("Ag").height <= cell[name][3] + 4, (size, name, th)


def test_build_off_screen_and_cost(screen):
    """The benchmark's one call: a panel for any size and state, drawn on
    any surface; frames where nothing changed redraw no widget."""
    panel = cp.build((1920, 1080), st.State(surface="rosenbrock", race=True, contours=True))
    target = pygame.Surface((1920, 1080))
    panel.sync(st.State())
    panel.update(1 / 60)
    panel.draw(target)
    block = pygame.Rect(panel.block)
    assert target.get_at(block.topleft)[:3] == cp.BLOCK_BG
    images = {name: w.image for name, w in panel.widgets.items()}
    for _ in range(5):
        panel.sync(st.State())
        panel.update(1 / 60)
        panel.draw(target)
    assert all(panel.widgets[name].image is image for name, image in images.items())
    assert target.get_at(block.topleft)[:3] == cp.BLOCK_BG


def test_theme_is_dark_and_scaled():
    t = cp.theme(1.35)
    assert t["defaults"]["font"]["size"] == str(round(cp.FONT_SIZE * 1.35))
    assert t["defaults"]["font"]["regular_path"].endswith("assets/DejaVuSans.ttf")
    bg = t["defaults"]["colours"]["normal_bg"]
    r, g, b = (int(bg[i:i + 2], 16) for i in (1, 3, 5))
    assert max(r, g, b) < 80                            # dark controls on the dark panel


def test_resize_moves_and_scales_the_controls_and_steps_aside_below_the_minimum(screen):
    state = st.State(surface="bowl", contours=True)
    panel = cp.build(SIZE, state)
    small = panel.widgets["step"].font.get_rect("step").height
    for size in [(1920, 1080), (640, 400), (800, 500)]:
        panel.resize(size, state)
        lay = Layout.of(size)
        if size[0] < 800:
            assert not panel.shown and panel.process_event(
                pygame.event.Event(pygame.MOUSEBUTTONDOWN, button=1, pos=(700, 390))) == ([], False)
            continue
        assert panel.shown and panel.block == pygame.Rect(lay.controls)
        x, y, w, h = plan(lay.controls[2], size[1], lay.scale).rects["step"]
        assert panel.widgets["step"].rect == pygame.Rect(lay.controls[0] + x, lay.controls[1] + y, w, h)
        assert panel.widgets["contours"].is_selected                  # shows the state again
        height = panel.widgets["step"].font.get_rect("step").height
        assert (height > small) if lay.scale > 1 else (height < small)


def test_the_help_card_and_the_editor_cover_the_controls(screen):
    """A click where a control lies under the help card or the editor does
    nothing; closed, the control works again."""
    h = Harness(screen, st.State(surface="bowl", help=True))
    h.click(h.centre("contours"))
    assert not h.session.state.contours and h.session.state.help
    h.send(key_event(pygame.K_e))                    # the editor (it closes the help card)
    h.click(h.centre("contours"))
    assert not h.session.state.contours and h.session.state.editing is not None
    h.send(key_event(pygame.K_ESCAPE))
    h.click(h.centre("contours"))
    assert h.session.state.contours


def _tooltips(panel):
    return [e for e in panel.manager.get_sprite_group().sprites() if type(e).__name__ == "UITooltip"]


@pytest.mark.parametrize("size", [(1024, 640), (1920, 1080)])
def test_every_control_shows_its_key_on_hover_in_unwrapped_lines(screen, size):
    """Hovered anywhere (a slider on its rail, away from the handle), every
    control shows a tooltip that names its key, inside the window, with what
    it does on one line and the key on the next: never a wrapped line."""
    panel = cp.build(size, st.State())
    window = pygame.Rect((0, 0), size)
    for name, widget in panel.widgets.items():
        r = widget.rect
        pos = r.center
        if name.endswith("_slider"):          # the rail, as far from the handle as it goes
            handle = widget.sliding_button.rect
            pos = (r.left + 3 if handle.centerx > r.centerx else r.right - 3, r.centery)
            assert not handle.collidepoint(pos)
        MOUSE[0] = (0, 0)
        panel.update(0.1)
        assert not _tooltips(panel)
        MOUSE[0] = pos
        for _ in range(4):
            panel.update(0.3)
        tips = _tooltips(panel)
        assert len(tips) == 1, (size, name)
        text = tips[0].text_block.html_text
        parts = text.split("<br>")
        assert len(parts) == 2 and parts[1].startswith("key: "), (name, text)
        rows = tips[0].text_block.text_box_layout.layout_rows
        assert len(rows) == 2, (size, name, text)
        assert window.contains(tips[0].rect), (size, name, tips[0].rect)
    MOUSE[0] = (0, 0)
    panel.update(0.1)
