"""The optimizer lab in the side panel: HUD, legend, theory and loss plot
drawn by the renderer for a lab world, fitted without overlaps or cuts at
the minimum window, 1280×800 and full HD (the checks of test_layout_text)."""
import numpy as np
import pygame
import pytest
from test_layout_text import (LONG_MESSAGE, SIZES, check_layout, check_panel_ink_is_recorded,
                              check_text_has_ink)

from game import app, optim, surfaces
from game import state as st
from game.render import Renderer
from game.world import World


def race_session(name, steps, optimizer="momentum", members=None, **changes):
    """A session holding a race of ``members`` (default: all seven) from the
    top-left of the domain, run ``steps`` ticks."""
    s = surfaces.get(name)
    xmin, xmax, ymin, ymax = s.domain
    state = st.State(surface=name, optimizer=optimizer, race=True,
                     race_set=tuple(members or optim.names()), **changes)
    return app.Session.start(state, [(xmin + 0.15 * (xmax - xmin), ymin + 0.85 * (ymax - ymin))],
                             steps)


def draw(session, size, cursor=None, message=""):
    target = pygame.Surface(size)
    renderer = Renderer(size)
    renderer.draw(target, session.state, session.world, 1.0, cursor, 60.0, message)
    return renderer, target


def texts(renderer):
    return [t for g, _, t in renderer.drawn_rects if g == "panel"]


def centre(world):
    xmin, xmax, ymin, ymax = world.surface.domain
    return (0.5 * (xmin + xmax) + 0.1, 0.5 * (ymin + ymax) - 0.2)


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("name", ["bowl", "rosenbrock", "hill", "regression", "camel"])
@pytest.mark.parametrize("with_cursor", [False, True])
def test_a_race_of_seven_fits_with_legend_theory_and_plot(size, name, with_cursor):
    session = race_session(name, 240, contours=True, paused=True)
    w = session.world
    renderer, target = draw(session, size, centre(w) if with_cursor else None, LONG_MESSAGE)
    check_layout(renderer, target, size)
    check_panel_ink_is_recorded(renderer, target)
    check_text_has_ink(renderer, target)
    drawn = renderer.drawn_rects
    assert any(t == "loss plot" for g, _, t in drawn if g == "graphic"), "the plot is shown"
    legend = [t for g, _, t in drawn if g == "graphic" and t in optim.RULES]
    labels = texts(renderer)
    if size[1] >= 800:                                    # every racer, named
        assert all(optim.get(n).label in labels for n in optim.names())
    else:                                                 # short panels: at least a few,
        assert len(legend) >= 4                           # the rest counted ("2 more")
        named = [n for n in optim.names() if optim.get(n).label in labels]
        if len(named) < len(optim.names()):
            assert any(t.endswith("(a taller window shows them)") for t in labels) or \
                size == SIZES[0]
    if size == SIZES[0]:                                  # the minimum: the theory may give way
        return
    if w.rates() is not None:
        assert any("ρ" in t and "measured" in t for t in labels), "theory beside measurement"
    else:
        assert any(t.startswith("rates: no theory") for t in labels)


@pytest.mark.parametrize("size", SIZES)
def test_everything_on_still_fits(size):
    """Every overlay with its slice plots, a zoomed view and a message."""
    session = race_session("bowl", 120, overlays=frozenset(st.OVERLAYS),
                           view=(-1.0, 0.5, -0.5, 1.0))
    renderer, target = draw(session, size, centre(session.world), LONG_MESSAGE)
    check_layout(renderer, target, size)
    check_panel_ink_is_recorded(renderer, target)


@pytest.mark.parametrize("name", optim.names())
def test_the_hud_names_the_optimizer_for_new_balls_with_its_hyperparameters(name):
    session = race_session("bowl", 5, optimizer=name, members=["gd"], paused=True)
    renderer, _ = draw(session, (1280, 800))
    labels = " ".join(texts(renderer))
    rule = optim.get(name)
    assert f"optimizer  {rule.label}" in labels
    for h in rule.hyper:                                  # the symbols (Adam's pair numbered)
        for symbol in ([h.symbol + "₁", h.symbol + "₂"] if h.pair else [h.symbol]):
            assert f"{symbol} = " in labels
    assert ("μ =" in labels) == ("momentum" in rule.hyper_names)
    swatch = [r for g, r, t in renderer.drawn_rects if g == "graphic" and t == name]
    assert swatch, "the optimizer's colour swatch"


def test_balls_are_drawn_in_their_rules_colours():
    w = World(surfaces.get("round"))
    spots = {}
    for i, name in enumerate(optim.names()):
        p = np.array([-1.6 + 0.5 * i, 1.5])
        w.spawn(p, name)
        spots[name] = p
    session = app.Session(st.State(surface="round"), w)
    renderer, target = draw(session, (1280, 800))
    vp = renderer.viewport(w.surface)
    for name, p in spots.items():
        x, y = (int(v) for v in np.floor(vp.to_screen(p)))
        assert target.get_at((x, y))[:3] == optim.get(name).colour, name


@pytest.mark.parametrize("size", SIZES)
def test_the_hud_shows_speed_race_mode_and_the_race_set_in_its_colours(size):
    session = race_session("bowl", 3, members=["gd", "adam", "newton"], speed=240)
    renderer, target = draw(session, size)
    labels = texts(renderer)
    assert "race  on" in labels
    assert any("240" in t and t.startswith("balls 3") for t in labels)
    (race,) = [r for g, r, t in renderer.drawn_rects if t == "race  on"]
    dots = [(r, t) for g, r, t in renderer.drawn_rects
            if g == "graphic" and r.centery == race.centery and r.left > race.right]
    assert [t for _, t in dots] == ["gd", "adam", "newton"]          # the set, in menu order
    for r, name in dots:
        assert target.get_at(r.center)[:3] == optim.get(name).colour
    off = app.Session.start(st.State(surface="bowl"))
    renderer, _ = draw(off, size)
    assert "race  off" in texts(renderer)


def test_trails_take_their_rule_colour():
    """Two balls of different rules far apart: pixels in each one's trail
    colours lie along its own path only."""
    from game.render_balls import TRAIL_OLD, TRAIL_TINT
    w = World(surfaces.get("round"))
    w.spawn(np.array([-1.8, 1.8]), "gd")
    w.spawn(np.array([1.8, -1.8]), "adam")
    w.run(12)
    session = app.Session(st.State(surface="round"), w)
    renderer, target = draw(session, (1280, 800))
    rgb = pygame.surfarray.array3d(target).astype(int)
    vp = renderer.viewport(w.surface)
    for name, corner in (("gd", (-1.8, 1.8)), ("adam", (1.8, -1.8))):
        c = np.array(optim.get(name).colour)
        newest = c + TRAIL_TINT * (255 - c)                          # age 0: towards white
        t = np.linspace(0, 1, w.trail_len)[:16, None]                # the younger half
        palette = (newest * (1 - t) + TRAIL_OLD * t).astype(int)     # then fading to grey
        hit = (rgb[:, :, None, :] == palette[None, None]).all(axis=3).any(axis=2)
        xs, ys = np.nonzero(hit)
        assert xs.size > 0, name
        start = vp.to_screen(np.array(corner))
        here = vp.to_screen(w.groups[name].x[:, 0])
        lo, hi = np.minimum(start, here) - 4, np.maximum(start, here) + 4
        assert ((xs >= lo[0]) & (xs <= hi[0]) & (ys >= lo[1]) & (ys <= hi[1])).all(), name
