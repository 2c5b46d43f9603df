"""The loss plot, read back from its pixels the way a person reads it: by its
axis labels. Curves sit where f − f* puts them, the theory line falls at
ρ² per step, unknown f* is said, and the picture is cached between ticks."""
import math

import numpy as np
import pygame
import pytest

from game import optim, surfaces
from game.world import World
from game.ui import LossPlot
from game.ui.lossplot import _lighter

BG = (22, 24, 30)
SIZE = (460, 300)


@pytest.fixture
def font():
    pygame.font.init()
    return pygame.font.Font("assets/DejaVuSans.ttf", 12)


def plot(world, font, size=SIZE):
    target = pygame.Surface((size[0] + 20, size[1] + 20))
    target.fill(BG)
    record = []
    lp = LossPlot(font, BG)
    used = lp.draw(target, (10, 10, size[0], size[1]), world, record)
    return target, record, used, lp


def box_of(record):
    (box,) = [r for g, r, t in record if g == "graphic"]
    return box


def axis(record):
    """Pixel ↔ value maps read from the tick labels: y for log10(gap) (from
    two decade labels left of the box) and x for the step (from two step
    labels under it)."""
    box = box_of(record)
    ys, xs = [], []
    for g, r, t in record:
        if g != "panel":
            continue
        if r.right <= box.left:                       # a decade label
            e = round(math.log10(float(t)))
            ys.append((e, r.centery))
        elif r.top >= box.bottom:                     # a step label
            xs.append((float(t.rstrip("kM")) * {"k": 1e3, "M": 1e6}.get(t[-1], 1), r.centerx))
    (e1, y1), (e2, y2) = ys[1], ys[-2]                # inner labels: not clamped at the edges
    (k1, x1), (k2, x2) = xs[1], xs[-1] if xs[-1][1] < box.right - 20 else xs[-2]
    return (lambda e: y1 + (e - e1) * (y2 - y1) / (e2 - e1),
            lambda k: x1 + (k - k1) * (x2 - x1) / (k2 - k1))


def pixels_of(target, colour, box):
    px = pygame.surfarray.array3d(target)[box.left:box.right, box.top:box.bottom].astype(int)
    xs, ys = np.nonzero((np.abs(px - np.array(colour)).sum(axis=2) == 0))
    return xs + box.left, ys + box.top


def test_each_racer_is_a_curve_in_its_colour_and_text_stays_apart(font):
    w = World(surfaces.get("bowl"))
    w.race(np.array([-1.5, 1.2]), optim.names())
    w.run(250)
    target, record, used, _ = plot(w, font)
    assert used == SIZE[1]
    outer = pygame.Rect(10, 10, *SIZE)
    box = box_of(record)
    for name in optim.names():
        xs, _ = pixels_of(target, optim.get(name).colour, box)
        assert xs.size > 20, name
    texts = [(r, t) for g, r, t in record if g == "panel"]
    assert texts[0][1].startswith("f − f*")
    for i, (a, ta) in enumerate(texts):
        assert outer.contains(a), ta
        for b, tb in texts[i + 1:]:
            assert not a.colliderect(b), (ta, tb)


def test_the_newest_point_sits_at_its_gap_on_the_log_axis(font):
    w = World(surfaces.get("bowl"), optimizer="adam")
    w.race(np.array([-1.5, 1.2]), ["gd"])
    w.run(300)
    target, record, _, _ = plot(w, font)
    y_of, x_of = axis(record)
    g = w.groups["gd"]
    gap = float(g.f[0])                                     # f* = 0 on the bowl
    xs, ys = pixels_of(target, optim.get("gd").colour, box_of(record))
    end = xs >= xs.max() - 2                                # the dot at the right end
    assert abs(ys[end].mean() - y_of(math.log10(gap))) < 3
    assert abs(xs.max() - x_of(300)) < 3                    # (the dot is cut by the frame)


def test_the_theory_line_falls_at_rho_squared_per_step(font):
    """GD on x² + 5y² with η: ρ = max|1 − ηλ| over λ = 2, 10, so f − f*
    falls by ρ² per step; the dashed line's slope, read through the axes,
    is 2·log10(ρ) decades per step."""
    w = World(surfaces.get("bowl"), optimizer="gd")
    w.race(np.array([-1.5, 1.2]), ["gd"])
    w.run(300)
    lr = w.hyper("gd")["lr"]
    rho = max(abs(1 - lr * 2.0), abs(1 - lr * 10.0))
    target, record, _, _ = plot(w, font)
    y_of, x_of = axis(record)
    xs, ys = pixels_of(target, _lighter(optim.get("gd").colour), box_of(record))
    (caption,) = [r for g, r, t in record if t.startswith("dashed: theory")]
    line = ~((xs >= caption.left) & (xs < caption.right) & (ys >= caption.top) &
             (ys < caption.bottom))
    xs, ys = xs[line], ys[line]                             # the line, not its caption
    assert xs.size > 50, "a dashed line is drawn"
    assert len(np.unique(xs)) < 0.9 * (xs.max() - xs.min() + 1), "with gaps"
    slope_px = np.polyfit(xs, ys, 1)[0]                     # pixels down per pixel right
    decades_per_step = -slope_px * (x_of(100) - x_of(0)) / 100 / (y_of(0) - y_of(1))
    assert decades_per_step == pytest.approx(2 * math.log10(rho), rel=0.03)


def test_no_theory_line_off_quadratics_or_for_adaptive_rules(font):
    w = World(surfaces.get("rosenbrock"), optimizer="gd")
    w.race(np.array([-1.5, 2.0]), ["gd"])
    w.run(100)
    target, record, _, _ = plot(w, font)
    assert not pixels_of(target, _lighter(optim.get("gd").colour), box_of(record))[0].size
    w = World(surfaces.get("bowl"), optimizer="adam")
    w.race(np.array([-1.5, 1.2]), ["adam"])
    w.run(100)
    target, record, _, _ = plot(w, font)
    assert not any(t.startswith("dashed") for _, _, t in record)


def test_unknown_f_star_is_said_and_the_lowest_ball_touches_the_bottom(font):
    w = World(surfaces.get("hill"))                         # f* unknown: lowest f on the rim
    w.race(np.array([0.3, 0.2]), ["gd", "adam"])
    w.run(120)
    target, record, _, _ = plot(w, font)
    assert "f* unknown" in record[0][2]
    # the balls whose last f is the lowest seen (both, when both rest in corners)
    lowest = [n for n in ("gd", "adam") if w.groups[n].f[0] == w.history.floor]
    assert lowest
    spots = [pixels_of(target, optim.get(n).colour, box_of(record)) for n in lowest]
    xs = np.concatenate([x for x, _ in spots])
    ys = np.concatenate([y for _, y in spots])
    end = xs >= xs.max() - 2
    assert abs(ys[end].mean() - (box_of(record).bottom - 3)) < 4   # gap 0: clipped to the floor


def test_cached_until_the_history_changes_and_bounded_after_many_steps(font):
    w = World(surfaces.get("bowl"))
    w.race(np.array([-1.5, 1.2]), optim.names())
    w.run(20)
    target = pygame.Surface((480, 320))
    lp = LossPlot(font, BG)
    lp.draw(target, (0, 0, 460, 300), w, [])
    lp.draw(target, (0, 0, 460, 300), w, [])
    assert lp.builds == 1                                   # the same history: one blit
    w.tick()
    lp.draw(target, (0, 0, 460, 300), w, [])
    assert lp.builds == 2
    w.run(5000)                                             # past the history's capacity
    record = []
    assert lp.draw(target, (0, 0, 460, 300), w, record) == 300
    labels = [t for g, _, t in record if g == "panel"]
    assert "5k" in labels or "4k" in labels


def test_too_small_or_empty_draws_nothing(font):
    w = World(surfaces.get("bowl"))
    target = pygame.Surface((200, 200))
    assert LossPlot(font, BG).draw(target, (0, 0, 180, 180), w, []) == 0   # no balls
    w.spawn(np.array([1.0, 1.0]))
    assert LossPlot(font, BG).draw(target, (0, 0, 100, 180), w, []) == 0   # too narrow
    assert LossPlot(font, BG).draw(target, (0, 0, 180, 40), w, []) == 0    # too short
