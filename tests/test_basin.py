"""The basin-of-attraction grid: where it is dropped, how its balls are
labelled by where they settle, and how the picture is painted."""
import numpy as np
import pygame
import pytest

from game import basin, surfaces
from game.render import Renderer
from game.world import World


def settle(world, grid, ticks, every=25):
    for _ in range(ticks // every):
        world.run(every)
        grid.update(world)


def test_the_grid_covers_the_view_within_the_domain():
    w = World(surfaces.get("bowl"), "gd")
    grid = basin.drop(w, (-1.0, 3.0, 0.5, 1.5), n=10)     # half of it past the wall
    assert w.count == 100 and grid.rect == (-1.0, 2.0, 0.5, 1.5)
    x = w.groups["gd"].x
    assert np.allclose(np.unique(x[0]), -1.0 + 0.15 + 0.3 * np.arange(10))
    assert np.allclose(np.unique(x[1]), 0.5 + 0.05 + 0.1 * np.arange(10))
    missed = basin.drop(World(surfaces.get("bowl"), "gd"), (5.0, 6.0, 5.0, 6.0), n=3)
    assert missed.rect == surfaces.get("bowl").domain                # no overlap: the domain


def test_on_the_hill_each_quadrant_rolls_to_its_own_corner():
    """∇f = −2(x, y) points away from the peak: a ball keeps its quadrant and
    the walls stop it in that quadrant's corner; four labels, one per quadrant."""
    w = World(surfaces.get("hill"), "gd", hyper={"gd": {"lr": 0.05}})
    grid = basin.drop(w, None, n=12)
    settle(w, grid, 400)
    assert (grid.labels >= 0).all()
    pic = grid.labels.reshape(12, 12)                  # top row first: y > 0 on top
    quadrants = [pic[:6, :6], pic[:6, 6:], pic[6:, :6], pic[6:, 6:]]
    assert [len(np.unique(q)) for q in quadrants] == [1, 1, 1, 1]
    assert len({int(q[0, 0]) for q in quadrants}) == 4
    corners = {(np.sign(x), np.sign(y)) for x, y in grid.dest}
    assert corners == {(-1, 1), (1, 1), (-1, -1), (1, -1)}
    for q, (sx, sy) in zip(quadrants, [(-1, 1), (1, 1), (-1, -1), (1, -1)]):
        assert np.allclose(grid.dest[int(q[0, 0])], (2 * sx, 2 * sy))


def test_himmelblau_cells_beside_each_minimum_are_labelled_with_it():
    s = surfaces.get("himmelblau")
    w = World(s, "gd", hyper={"gd": {"lr": 0.005}})
    grid = basin.drop(w, None, n=40)
    settle(w, grid, 800)
    minima = [(c.x, c.y) for c in s.critical_points if c.kind == "minimum"]
    assert grid.dest[:4] == minima and (grid.labels >= 0).mean() > 0.99
    cells = basin.grid_points(s.domain, 40)
    for k, (mx, my) in enumerate(minima):
        near = np.hypot(cells[0] - mx, cells[1] - my) < 0.6
        assert near.sum() >= 4 and (grid.labels[near] == k).all()
    assert set(np.unique(grid.labels[grid.labels >= 0]).tolist()) == {0, 1, 2, 3}


def test_a_cap_smaller_than_the_grid_keeps_the_last_cells_in_their_place():
    w = World(surfaces.get("round"), "gd", cap=50)
    grid = basin.drop(w, None, n=10)
    g = w.groups["gd"]
    _, cells = grid.columns(g)
    assert cells.tolist() == list(range(50, 100))
    assert np.allclose(g.x, basin.grid_points(w.surface.domain, 10)[:, 50:])


def test_the_grid_is_forgotten_when_its_balls_go_or_the_surface_changes():
    w = World(surfaces.get("round"), "gd")
    grid = basin.drop(w, None, n=3)
    assert basin.of(w) is grid
    w.clear()
    w.spawn(np.array([0.5, 0.5]))
    assert basin.of(w) is None
    basin.drop(w, None, n=3)
    w.set_surface(surfaces.get("bowl"))
    assert basin.of(w) is None


@pytest.mark.parametrize("size", [(1280, 800)])
def test_the_picture_paints_each_cell_in_its_destinations_colour(size):
    """On the round bowl every ball settles at the minimum (0, 0): every cell
    of the map is painted in the first colour, blended over the map, and the
    balls themselves take it."""
    w = World(surfaces.get("round"), "gd", hyper={"gd": {"lr": 0.3}})
    grid = basin.drop(w, None, n=30)
    settle(w, grid, 100)
    assert (grid.labels == 0).all()
    renderer = Renderer(size)
    vp = renderer.viewport(w.surface)
    base = pygame.Surface(size)
    base.fill((40, 80, 120))
    target = base.copy()
    renderer.draw_lab_balls(target, w, 1.0, vp)
    rgb = pygame.surfarray.array3d(target).astype(int)
    left, top, wd, ht = vp.rect
    colour = np.array(basin.PALETTE[0])
    a = 170 / 255
    want = np.array((40, 80, 120)) * (1 - a) + colour * a
    cx, cy = (int(v) for v in vp.to_screen((0.0, 0.0)))
    corner = rgb[left + 20:left + 60, top + 20:top + 60].reshape(-1, 3)
    assert np.abs(corner - want).max() <= 2                      # the painted cells
    assert (rgb[cx, cy] == colour).all()                          # the balls, at the minimum
    outside = rgb.copy()
    outside[left:left + wd, top:top + ht] = (40, 80, 120)
    assert (outside == (40, 80, 120)).all()


def test_the_a_key_drops_the_grid_over_the_view_with_the_rule_for_new_balls(monkeypatch):
    from game import app, controls
    from game import state as st
    monkeypatch.setattr(basin, "GRID", 10)
    session = app.Session.start(st.State(surface="himmelblau", optimizer="adam",
                                         view=(0.0, 2.0, -1.0, 1.0)))
    renderer = Renderer((1280, 800))
    event = pygame.event.Event(pygame.KEYDOWN, key=pygame.K_a, mod=0, unicode="a", scancode=0)
    session.dispatch(controls.action_for(event), renderer)
    grid = basin.of(session.world)
    assert grid is not None and grid.rule == "adam" and session.world.count == 100
    # cell centres of a 10 × 10 grid over the view [0, 2] × [−1, 1]: 0.1, 0.3, … 1.9
    x = np.sort(np.unique(np.round(session.world.x[0], 12)))
    assert np.allclose(x, 0.1 + 0.2 * np.arange(10))
    assert session.message.startswith("basins: 100 balls of Adam")


def test_the_basins_flag_drops_the_grid_before_the_steps(tmp_path, monkeypatch, capsys):
    from game import cli
    monkeypatch.setattr(basin, "GRID", 8)
    seen = {}
    real = cli.start_session

    def spy(args, app):
        seen["session"] = real(args, app)
        return seen["session"]
    monkeypatch.setattr(cli, "start_session", spy)
    out = tmp_path / "b.png"
    assert cli.main(["--screenshot", str(out), "--surface", "himmelblau", "--basins",
                     "--steps", "5", "--size", "800x500"]) == 0
    world = seen["session"].world
    grid = basin.of(world)
    assert grid is not None and world.count == 64 and world.ticks == 5
    assert tuple(grid.rect) == (-5.0, 5.0, -5.0, 5.0)       # himmelblau's whole domain
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    # a run that would ignore it refuses it in one line
    assert cli.main(["--trajectory", str(tmp_path / "t.csv"), "--basins"]) == 2
    assert "--basins has no effect with --trajectory" in capsys.readouterr().err
