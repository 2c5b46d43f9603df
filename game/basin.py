"""The basin-of-attraction picture: a grid of balls, each coloured by where it settles.

Pure numpy (no pygame). :func:`drop` puts ``n × n`` balls (300 × 300 by
default) of the optimizer for new balls on the cell centres of a rectangle
(the view, within the domain) and remembers them; :func:`of` finds that
grid again for a world (until its balls are gone or the surface changes).

A grid ball *settles* when it stopped, converged, or moved less than
``SETTLE`` of the domain's size in its last tick (after at least two steps).
It then takes the label of the nearest *destination* within ``NEAR`` of the
domain's size (box distance): the surface's known minima first (so they keep
their colours), then any other point where balls came to rest (a local
minimum that is not listed, a corner of the hill), added as balls reach it.
The label never changes afterwards. Each label has its own colour
(:data:`PALETTE`); the renderer colours the grid's balls by it, and paints
each start cell in the colour of the place its ball reached.

>>> from game import surfaces
>>> from game.world import World
>>> w = World(surfaces.get("himmelblau"), "gd")
>>> b = drop(w, None, n=4)
>>> w.count, b.shape, of(w) is b
(16, (4, 4), True)
>>> w.run(1000); b.update(w)
>>> sorted(set(b.labels.tolist())) == [0, 1, 2, 3]        # the four minima
True
"""
from __future__ import annotations

import weakref

import numpy as np

GRID = 300               # balls per side of the dropped grid
SETTLE = 1e-7            # a tick's move below this × (width + height): at rest
NEAR = 0.02              # a destination's reach, × (width + height)
UNSETTLED = (210, 210, 210)
# Colours of the destinations: distinct, light enough on the dark end of the
# colormaps and dark enough on the bright end (each also ringed on sprites).
PALETTE = ((230, 25, 75), (60, 180, 75), (0, 130, 200), (245, 130, 48), (145, 30, 180),
           (70, 240, 240), (240, 50, 230), (210, 245, 60), (250, 190, 212), (0, 128, 128),
           (220, 190, 255), (170, 110, 40), (255, 250, 200), (128, 0, 0), (170, 255, 195),
           (128, 128, 0), (255, 215, 180), (0, 0, 128), (255, 225, 25), (255, 255, 255))

_BASINS: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()


def grid_points(rect, n: int = GRID) -> np.ndarray:
    """Cell centres of an ``n × n`` grid over ``rect = (xmin, xmax, ymin, ymax)``,
    shape ``(2, n·n)``, row by row from the top (y largest) down.

    >>> grid_points((0.0, 2.0, 0.0, 2.0), 2).tolist()
    [[0.5, 1.5, 0.5, 1.5], [1.5, 1.5, 0.5, 0.5]]
    """
    xmin, xmax, ymin, ymax = (float(v) for v in rect)
    xs = xmin + (np.arange(n) + 0.5) * ((xmax - xmin) / n)
    ys = ymax - (np.arange(n) + 0.5) * ((ymax - ymin) / n)
    return np.array([np.tile(xs, n), np.repeat(ys, n)])


def drop(world, view=None, n: int = GRID):
    """Spawn the grid over ``view`` ∩ the domain (the whole domain when
    ``view`` is None or misses it) with the world's optimizer for new
    balls; returns its :class:`Basin`, also found by :func:`of`."""
    xmin, xmax, ymin, ymax = world.surface.domain
    rect = (xmin, xmax, ymin, ymax)
    if view is not None:
        cut = (max(view[0], xmin), min(view[1], xmax), max(view[2], ymin), min(view[3], ymax))
        if cut[0] < cut[1] and cut[2] < cut[3]:
            rect = cut
    ids = world.spawn(grid_points(rect, n))
    basin = Basin(world, world.optimizer, ids, (n, n), rect)
    _BASINS[world] = basin
    return basin


def of(world):
    """The world's grid, or None (none dropped, its balls gone, or another surface)."""
    basin = _BASINS.get(world)
    if basin is not None and not basin.alive(world):
        del _BASINS[world]
        basin = None
    return basin


class Basin:
    """One dropped grid: its balls' ids, their labels, the destinations."""

    def __init__(self, world, rule: str, ids, shape, rect):
        self.surface = world.surface
        self.rule = rule
        self.shape = tuple(shape)
        self.rect = tuple(rect)
        ids = np.asarray(ids, dtype=np.int64)
        self.size = int(shape[0] * shape[1])
        # the cap may have kept only the last points: the first cell's id then never lived
        self.first = int(ids[0]) - (self.size - ids.size) if ids.size else -self.size
        self.labels = np.full(self.size, -1, dtype=np.int16)
        xmin, xmax, ymin, ymax = world.surface.domain
        span = (xmax - xmin) + (ymax - ymin)
        self.tol, self.near = SETTLE * span, NEAR * span
        self.dest = [(c.x, c.y) for c in world.surface.critical_points if c.kind == "minimum"]
        self.ticks = None
        self.version = 0           # bumped when labels change

    def alive(self, world) -> bool:
        g = world.groups.get(self.rule)
        return (world.surface is self.surface and g is not None and g.n > 0
                and g.ids[-1] >= self.first and g.ids[0] < self.first + self.size)

    def columns(self, group):
        """``(cols, cells)``: the group's columns holding grid balls and their cells."""
        lo = int(np.searchsorted(group.ids, self.first))
        hi = int(np.searchsorted(group.ids, self.first + self.size))
        return slice(lo, hi), group.ids[lo:hi] - self.first

    def update(self, world) -> None:
        """Label the grid balls that settled since the last call (once a tick)."""
        if self.ticks == world.ticks:
            return
        self.ticks = world.ticks
        g = world.groups[self.rule]
        cols, cells = self.columns(g)
        open_ = self.labels[cells] < 0
        if not open_.any():
            return
        x, prev = g.x[:, cols], g.prev[:, cols]
        moved = np.maximum(np.abs(x[0] - prev[0]), np.abs(x[1] - prev[1]))
        settled = open_ & (((moved <= self.tol) & (g.steps[cols] >= 2))
                           | (g.stopped[cols] != 0) | (g.converged_at[cols] >= 0))
        if not settled.any():
            return
        which = np.flatnonzero(settled)
        self.labels[cells[which]] = self._label(x[:, which])
        self.version += 1

    def _label(self, p) -> np.ndarray:
        """Labels of the points ``p`` (2, m): the nearest destination within
        reach, new destinations where there is none."""
        m = p.shape[1]
        label = np.full(m, -1, dtype=np.int16)
        best = np.full(m, np.inf)
        for k, (dx, dy) in enumerate(self.dest):
            d = np.maximum(np.abs(p[0] - dx), np.abs(p[1] - dy))
            win = (d <= self.near) & (d < best)
            label[win], best[win] = k, d[win]
        while (label < 0).any():
            i = int(np.flatnonzero(label < 0)[0])
            k = len(self.dest)
            self.dest.append((float(p[0, i]), float(p[1, i])))
            d = np.maximum(np.abs(p[0] - p[0, i]), np.abs(p[1] - p[1, i]))
            label[(label < 0) & (d <= self.near)] = k
        return label

    def codes(self, group):
        """Per ball of ``group`` (the grid's rule): 0 unsettled, 1 + label, or
        −1 for balls that are not in the grid; with the RGB of each code ≥ 0."""
        out = np.full(group.n, -1, dtype=np.int32)
        cols, cells = self.columns(group)
        out[cols] = self.labels[cells].astype(np.int32) + 1
        return out, self.palette()

    def palette(self) -> list:
        """RGB of code 0 (unsettled) and of each label."""
        return [UNSETTLED] + [PALETTE[k % len(PALETTE)] for k in range(len(self.dest))]

    def picture(self) -> np.ndarray:
        """The start cells' codes, shape ``(rows, columns)``, top row first."""
        return (self.labels.astype(np.int32) + 1).reshape(self.shape)
