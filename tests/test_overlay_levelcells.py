"""The level overlay's cell index finds exactly the segments that marching
squares over the whole grid finds: the same segments, in the same order, with
the same floats (compared bit for bit against game.calculus.level_set_segments)."""
import numpy as np
import pytest

from game import calculus as calc
from game import surfaces
from game.overlays.levelcells import LevelCells


def _grid(s, nx, ny):
    xmin, xmax, ymin, ymax = s.domain
    xs, ys = np.linspace(xmin, xmax, nx), np.linspace(ymin, ymax, ny)
    X, Y = np.meshgrid(xs, ys)
    with np.errstate(all="ignore"):
        v = np.broadcast_to(np.asarray(s.f(np.array([X, Y])), float), X.shape).copy()
    v[~np.isfinite(v)] = np.nan
    return v, xs, ys


def _same(a, b):
    return a.shape == b.shape and a.tobytes() == b.tobytes()


def _levels(v, rng):
    fin = v[np.isfinite(v)]
    return ([float(c) for c in rng.choice(fin, 12)]                    # exactly a sample
            + [float(c) for c in rng.uniform(fin.min() - 1, fin.max() + 1, 12)]
            + [float(fin.min()), float(fin.max()), float(np.median(fin))])


@pytest.mark.parametrize("name", surfaces.names())
def test_segments_match_the_whole_grid_scan(name):
    rng = np.random.default_rng(sum(map(ord, name)))
    v, xs, ys = _grid(surfaces.get(name), 183, 161)
    cells = LevelCells(v, xs, ys)
    for c in _levels(v, rng):
        assert _same(cells.segments(c), calc.level_set_segments(v, xs, ys, c)), c


def test_saddle_cells_and_undefined_corners():
    # f = x·y on a grid whose centre cell is a saddle at level 0 (corners +, −, +, −),
    # with a hole of NaN samples: those cells give no segment either way
    xs = np.linspace(-1.0, 1.0, 40)          # no sample on an axis
    ys = np.linspace(-1.3, 0.9, 36)
    v = np.multiply.outer(ys, xs)
    v[3:5, 6:9] = np.nan
    cells = LevelCells(v, xs, ys)
    assert cells.bounds is not None           # the index, not the fallback scan
    for c in (0.0, 1e-3, -1e-3, 0.05, -0.2, 0.5):
        a, b = cells.segments(c), calc.level_set_segments(v, xs, ys, c)
        assert len(b) and _same(a, b), c
    above = v > 0.0                          # the grid has saddle cells at level 0
    alternate = (above[:-1, :-1] == above[1:, 1:]) & (above[:-1, 1:] == above[1:, :-1]) \
        & (above[:-1, :-1] != above[:-1, 1:])
    assert alternate.any()


def test_no_crossing_and_non_finite_levels():
    v, xs, ys = _grid(surfaces.get("bowl"), 50, 50)
    cells = LevelCells(v, xs, ys)
    top = float(np.nanmax(v))
    for c in (top, top + 1.0, -1.0, float("nan"), float("inf")):
        assert _same(cells.segments(c), calc.level_set_segments(v, xs, ys, c))
    assert cells.segments(top).shape == (0, 2, 2)


def test_all_undefined_and_tiny_grids():
    nan = np.full((4, 5), np.nan)
    xs, ys = np.arange(5.0), np.arange(4.0)
    assert LevelCells(nan, xs, ys).segments(0.0).shape == (0, 2, 2)
    v = np.array([[0.0, 1.0], [0.0, 1.0]])
    one = np.array([0.0, 1.0])
    assert LevelCells(v, one, one).segments(0.25).tolist() == [[[0.25, 0.0], [0.25, 1.0]]]


def test_steep_grid_falls_back_to_the_scan():
    # values spanning 1e300 orders: cells meet many value ranges; the index gives up
    rng = np.random.default_rng(3)
    v = 10.0 ** rng.uniform(-300, 300, (30, 30)) * rng.choice([-1, 1], (30, 30))
    xs, ys = np.linspace(0, 1, 30), np.linspace(0, 1, 30)
    cells = LevelCells(v, xs, ys)
    for c in (0.0, 1.0, -1e100, 1e200):
        assert _same(cells.segments(c), calc.level_set_segments(v, xs, ys, c))
