"""Balls and trails: frames drawn by the renderer (ring of flat pixel indices,
incremental line pieces, stamps and dots written into the pixels, fblits)
against a reference written out plainly here, pixel for pixel; the ring kept
right across ticks, spawns, removals, pans, zooms and resizes; balls whole
inside the map at a wall, sized by the window."""
from __future__ import annotations

import math

import numpy as np
import pygame
import pytest

from game import app, surfaces
from game import state as st
from game.render import Renderer
from game.render_balls import (BIG_BALLS, DOT_BUDGET, LINE_SAMPLES, SPRITE_BALLS, STAMP_BALLS,
                               STAMP_DARK, THICK_TRAIL_BALLS, ball_tier)
from game.ui import ball_sprite
from game.world import World

BIG = 30000.0


# --- the reference: every ball and trail point on its own --------------------
def _screen(vp, x, y):
    xmin, xmax, ymin, ymax = vp.view
    left, top, w, h = vp.rect
    sx = left + (x - xmin) * (w / (xmax - xmin))
    sy = top + (ymax - y) * (h / (ymax - ymin))
    return min(max(sx, -BIG), BIG), min(max(sy, -BIG), BIG)


def _bounds(vp, domain, box):
    """The lowest and highest centre on each axis: the domain on screen,
    inset by half the ball's box."""
    xmin, xmax, ymin, ymax = vp.view
    left, top, w, h = vp.rect
    sx, sy = w / (xmax - xmin), h / (ymax - ymin)
    pairs = ((left + (domain[0] - xmin) * sx, left + (domain[1] - xmin) * sx),
             (top + (ymax - domain[3]) * sy, top + (ymax - domain[2]) * sy))
    out = []
    for a, b in pairs:
        a = min(max(a + box / 2, -BIG), BIG)
        b = min(max(b - box / 2, -BIG), BIG)
        if a > b:
            a = b = min(max((a + b) / 2, -BIG), BIG)
        out.append((a, b))
    return out


def _corner(c, lohi, size):
    lo, hi = lohi
    return math.floor(min(max(c, lo), hi) - (size - 1) / 2)


def _corners(vp, p, bx, by, size):
    """The same as :func:`_corner` for many points at once, in numpy."""
    xmin, xmax, ymin, ymax = vp.view
    left, top, w, h = vp.rect
    with np.errstate(over="ignore"):
        sx = np.clip(left + (p[0] - xmin) * (w / (xmax - xmin)), -BIG, BIG)
        sy = np.clip(top + (ymax - p[1]) * (h / (ymax - ymin)), -BIG, BIG)
    return (np.floor(np.clip(sx, *bx) - (size - 1) / 2).astype(int),
            np.floor(np.clip(sy, *by) - (size - 1) / 2).astype(int))


def _palette(target, colour, n):
    new = np.array(colour) + 0.3 * (255 - np.array(colour))
    t = np.linspace(0.0, 1.0, n)[:, None]
    rgb = (new * (1 - t) + np.array([90, 90, 110]) * t).astype(int)
    return [target.map_rgb(tuple(c)) for c in rgb.tolist()]


def reference(target, world, alpha, vp, scale):
    """What the balls and trails should look like, drawn point by point."""
    groups = [g for g in world.groups.values() if g.n]
    if not groups:
        return
    area = pygame.Rect(vp.rect).clip(target.get_clip()).clip(target.get_rect())
    if not area.w or not area.h:
        return
    n = world.count
    kind, size = ball_tier(n, scale)
    box = 2 * size + 4 if kind == "sprite" else size
    bx, by = _bounds(vp, world.surface.domain, box)
    T = world.trail_len
    px = pygame.surfarray.pixels2d(target)

    def inside(ix, iy, s):
        return (area.left <= ix) & (ix <= area.right - s) & (area.top <= iy) & (iy <= area.bottom - s)

    def put(ix, iy, s, colour):
        if inside(ix, iy, s):
            px[ix:ix + s, iy:iy + s] = colour

    slot = [(world.head - 1 - a) % T for a in range(T)]        # the slot of each age
    if n <= THICK_TRAIL_BALLS:                                  # 2 px lines
        kmax = min(24, max(1, LINE_SAMPLES // ((T - 1) * n)))
        for a in range(T - 2, -1, -1):
            for g in groups:
                pal = _palette(target, g.rule.colour, T)
                for i in range(g.n):
                    nx, ny = _screen(vp, g.trail[0, slot[a], i], g.trail[1, slot[a], i])
                    ox, oy = _screen(vp, g.trail[0, slot[a + 1], i], g.trail[1, slot[a + 1], i])
                    k = int(min(max(math.ceil(max(abs(ox - nx), abs(oy - ny)) / 1.5), 1), kmax))
                    for j in range(k):
                        cx, cy = nx + (j / k) * (ox - nx), ny + (j / k) * (oy - ny)
                        put(_corner(cx, bx, 2), _corner(cy, by, 2), 2, pal[a])
    else:                                                        # 1 px dots, the newest ages
        ages = min(T, max(1, DOT_BUDGET // n))
        for a in range(ages - 1, -1, -1):
            shade = int(round(a * (T - 1) / max(ages - 1, 1)))
            for g in groups:
                colour = _palette(target, g.rule.colour, T)[shade]
                ix, iy = _corners(vp, g.trail[:, slot[a]], bx, by, 1)
                ok = inside(ix, iy, 1)
                px[ix[ok], iy[ok]] = colour
    for g in groups:
        pos = g.prev + alpha * (g.x - g.prev) if alpha < 1 else g.x
        ix, iy = _corners(vp, pos, bx, by, box)
        ok = inside(ix, iy, box)
        ix, iy = ix[ok], iy[ok]
        colour = target.map_rgb(g.rule.colour)
        if kind == "dot":
            for dx in (0, 1):
                for dy in (0, 1):
                    px[ix + dx, iy + dy] = colour
        elif kind == "stamp":                   # every rim of the rule, then every fill
            rim = [(dx, dy) for dx in range(5) for dy in range(5)      # the edge, no corners
                   if (dx in (0, 4)) != (dy in (0, 4))]
            for dx, dy in rim:
                px[ix + dx, iy + dy] = target.map_rgb(STAMP_DARK)
            for dx in (1, 2, 3):
                for dy in (1, 2, 3):
                    px[ix + dx, iy + dy] = colour
    del px
    if kind == "sprite":
        clip = target.get_clip()
        target.set_clip(area)
        for g in groups:
            spr = ball_sprite(g.rule.colour, size, target)
            pos = g.prev + alpha * (g.x - g.prev) if alpha < 1 else g.x
            for i in range(g.n):
                sx, sy = _screen(vp, pos[0, i], pos[1, i])
                target.blit(spr, (_corner(sx, bx, box), _corner(sy, by, box)))
        target.set_clip(clip)


# --- helpers ------------------------------------------------------------------
def noise(size, seed=0):
    """A target of random pixels, so that every write shows."""
    s = pygame.Surface(size)
    rng = np.random.default_rng(seed)
    pygame.surfarray.blit_array(s, rng.integers(0, 2 ** 24, size, dtype=np.int64).astype(np.uint32))
    return s


def compare(renderer, world, alpha, view=None, size=(1280, 800), clip=None, seed=0):
    vp = renderer.viewport(world.surface, view)
    got, want = noise(size, seed), noise(size, seed)
    if clip is not None:
        got.set_clip(clip)
        want.set_clip(clip)
    renderer.draw_lab_balls(got, world, alpha, vp)
    reference(want, world, alpha, vp, renderer.layout.scale)
    a, b = pygame.surfarray.array2d(got), pygame.surfarray.array2d(want)
    bad = np.argwhere(a != b)
    assert bad.size == 0, f"{len(bad)} pixels differ, first at {bad[:3].tolist()}"
    return a, vp


def spread(world, n, seed=0, walls=True):
    """``n`` balls at random points, a quarter of them on the walls."""
    rng = np.random.default_rng(seed)
    xmin, xmax, ymin, ymax = world.surface.domain
    p = np.array([rng.uniform(xmin, xmax, n), rng.uniform(ymin, ymax, n)])
    if walls:
        q = n // 4
        p[0, :q // 2] = np.where(rng.random(q // 2) < 0.5, xmin, xmax)
        p[1, q // 2:q] = np.where(rng.random(q - q // 2) < 0.5, ymin, ymax)
    world.spawn(p)


# --- frames against the reference -----------------------------------------------
@pytest.mark.parametrize("n", [1, 7, BIG_BALLS + 50, THICK_TRAIL_BALLS - 100,
                               THICK_TRAIL_BALLS + 100, SPRITE_BALLS + 500, STAMP_BALLS + 1])
def test_every_tier_draws_as_the_reference(n):
    assert ball_tier(n)[0] == ("sprite" if n <= SPRITE_BALLS else "stamp" if n <= STAMP_BALLS
                               else "dot")
    world = World(surfaces.get("himmelblau"), "momentum")
    spread(world, n, seed=n)
    renderer = Renderer((1280, 800))
    for ticks in (0, 1, 5, 40):
        world.run(ticks)
        compare(renderer, world, 0.37 if ticks else 1.0)


def test_a_race_keeps_each_rules_colour_in_its_lines():
    world = World(surfaces.get("rosenbrock"))
    world.race((-1.5, 2.5), members=("gd", "momentum", "nesterov", "adagrad", "rmsprop", "adam",
                                     "newton"))
    world.race((1.8, -0.5), members=("gd", "adam"))
    renderer = Renderer((1280, 800))
    for _ in range(6):
        world.run(7)
        compare(renderer, world, 0.5)


@pytest.mark.parametrize("size", [(1024, 640), (1920, 1080), (801, 500)])
def test_any_window_size_and_scale(size):
    world = World(surfaces.get("bowl"), "adam")
    spread(world, 60, seed=3)
    renderer = Renderer(size)
    world.run(12)
    compare(renderer, world, 0.8, size=size)


# --- the ring across ticks, spawns, removals and views -------------------------
@pytest.mark.parametrize("n", [40, THICK_TRAIL_BALLS + 1, SPRITE_BALLS + 1])
def test_the_ring_follows_ticks_spawns_removals_and_views(n):
    """One renderer through a session's worth of changes, each frame compared
    with the reference drawn from scratch."""
    world = World(surfaces.get("camel"), "nesterov", cap=3 * n)
    renderer = Renderer((1280, 800))
    spread(world, n, seed=1)
    views = [None, (-1.0, 0.5, -0.8, 0.9), (-1.3, 0.2, -0.5, 1.2), (1.5, 2.5, 1.5, 2.5)]
    rng = np.random.default_rng(7)
    for step in range(14):
        world.run(int(rng.choice([0, 1, 1, 2, 3, 31, 40])))
        if step == 3:
            spread(world, n // 2 + 1, seed=2, walls=False)          # appended columns
        if step == 5:
            world.spawn(np.zeros((2, 2 * n)), "nesterov")            # past the cap: oldest go
        if step == 7:
            world.spawn(np.array([[0.5], [0.5]]), "gd")               # another group
        if step == 9:
            world.clear()
            spread(world, n, seed=4)
        if step == 11:
            renderer.resize((1100, 700))
        compare(renderer, world, float(rng.uniform(0.1, 1.0)), view=views[step % 4],
                size=renderer.layout.size)


@pytest.mark.parametrize("n, every", [(60, 3), (60, 1), (7, 1), (THICK_TRAIL_BALLS + 40, 3)])
def test_the_ring_follows_balls_coming_and_going_at_the_cap(n, every):
    """New balls every tick at the cap: the storage moves its live window
    down now and then, and the ring moves with it."""
    world = World(surfaces.get("himmelblau"), "gd", cap=n)
    spread(world, n, seed=8)
    renderer = Renderer((1280, 800))
    rng = np.random.default_rng(3)
    moves = set()
    for step in range(40):
        world.spawn(rng.uniform(-5, 5, (2, max(n // 7, 1))))
        world.run(1)
        moves.add(world.groups["gd"].epoch)
        if step % every == 0:
            compare(renderer, world, 0.5)
    assert len(moves) > 2                                  # the window did move


def test_a_clip_that_reaches_the_corner_still_draws_right():
    """When the area touches pixel (0, 0) there is no sentinel pixel to spare:
    the boxes outside are filtered instead."""
    world = World(surfaces.get("round"), "gd")
    spread(world, SPRITE_BALLS + 10, seed=5)
    renderer = Renderer((1280, 800))
    world.run(3)
    compare(renderer, world, 1.0, view=(-2.2, -0.5, -0.3, 1.4), clip=pygame.Rect(0, 0, 600, 600))


# --- what a viewer sees -----------------------------------------------------------
def _frame(world, size=(1280, 800), view=None):
    renderer = Renderer(size)
    vp = renderer.viewport(world.surface, view)
    target = pygame.Surface(size)
    target.fill((0, 0, 0))
    renderer.draw_lab_balls(target, world, 1.0, vp)
    return pygame.surfarray.array3d(target), vp


@pytest.mark.parametrize("corner", [(-2, -2), (2, 2), (-2, 2), (2, -2), (0, 2), (2, 0)])
def test_a_ball_at_a_wall_is_drawn_whole_inside_the_map(corner):
    world = World(surfaces.get("hill"), "gd", trail_len=2)
    world.spawn(np.array(corner, float))
    rgb, vp = _frame(world)
    left, top, w, h = vp.rect
    ink = np.argwhere(rgb.any(axis=2))
    assert ink.size
    assert ink[:, 0].min() >= left and ink[:, 0].max() < left + w
    assert ink[:, 1].min() >= top and ink[:, 1].max() < top + h
    r = ball_tier(1)[1]
    assert len(ink) >= 3 * r * r                        # the whole disc, not a quarter
    # the outline: the sprite's light rim and dark ring are both there
    colours = {tuple(c) for c in rgb[ink[:, 0], ink[:, 1]].tolist()}
    assert (245, 245, 245) in colours and (12, 12, 18) in colours


def test_balls_grow_with_the_window():
    def ink(size):
        world = World(surfaces.get("round"), "gd", trail_len=2)
        world.spawn(np.array([0.3, 0.2]))
        rgb, _ = _frame(world, size)
        return int(rgb.any(axis=2).sum())
    assert ink((1920, 1080)) > 1.5 * ink((1280, 800)) > 1.5 * 0.8 ** 2 * ink((800, 500))


def test_trails_are_two_pixels_wide_and_fade():
    """One ball sliding along y = 0 on the bowl (x ← 0.96·x): its trail is a
    band two pixels high, and its colours go from the rule's lightened colour
    at the ball to grey at the start, age by age."""
    world = World(surfaces.get("bowl"), "gd", hyper={"gd": {"lr": 0.02}})
    world.spawn(np.array([1.9, 0.0]))
    world.run(20)
    rgb, vp = _frame(world)
    gd = np.array((0, 114, 178))
    t = np.linspace(0, 1, world.trail_len)[:, None]
    palette = ((gd + 0.3 * (255 - gd)) * (1 - t) + np.array([90, 90, 110]) * t).astype(int)
    match = (rgb[:, :, None, :] == palette[None, None]).all(axis=3)      # (W, H, T)
    xs, ys, ages = np.nonzero(match)
    assert set(np.unique(ys).tolist()) == {int(vp.to_screen((0, 0))[1]) - 1,
                                           int(vp.to_screen((0, 0))[1])}     # 2 px wide
    assert xs.max() - xs.min() > 40                                       # a line
    assert int(vp.to_screen((1.9, 0))[0]) - xs.max() <= 2                  # back to the start
    order = np.argsort(xs, kind="stable")
    age_along = ages[order]
    assert (np.diff(age_along) >= 0).all()          # older further from the ball
    assert len(np.unique(ages)) >= 15               # every tick's shade shows


def test_hundred_thousand_balls_draw_as_dots_within_the_map():
    world = World(surfaces.get("himmelblau"), "gd")
    spread(world, 100_000, seed=9)
    world.run(2)
    assert world.count == 100_000
    rgb, vp = _frame(world)
    left, top, w, h = vp.rect
    outside = rgb.copy()
    outside[left:left + w, top:top + h] = 0
    assert not outside.any()
    blue = (rgb == np.array((0, 114, 178))).all(axis=2)
    assert blue.sum() > 0.2 * 4 * 100_000 / 4           # many 2 × 2 dots in gd's colour
