"""The balls and their fading trails: pygame only.

A mixin of :class:`game.render.Renderer`. How much is drawn per ball depends
on how many balls there are (``world.count``), so that a lesson's few balls
read on a projector and 100,000 still draw in a few milliseconds:

=================  ==========================================================
balls              drawn as
=================  ==========================================================
≤ 100              outlined sprites of radius 7·scale (``Layout.scale``)
≤ 2,000            outlined sprites of radius 4·scale
≤ 20,000           5 × 5 stamps: a 3 × 3 dot of the rule's colour, a dark rim
more               2 × 2 dots of the rule's colour
=================  ==========================================================

Sprites are RLE colour-key surfaces blitted with one ``fblits`` per rule from
integer positions; stamps and dots are written straight into the pixels. A
ball's drawn box is kept wholly inside the domain's screen rectangle (its
centre is clamped into it, inset by half the box), so a ball resting on a
wall shows whole inside the map; everything is clipped to the map.

Trails fade with age from the rule's colour (lightened) to grey, newest on
top. Up to ``THICK_TRAIL_BALLS`` (500) balls they are 2 px wide, and each
tick's segment is sampled (up to 24 points, within ``LINE_SAMPLES`` a frame)
so that they read as lines; beyond, each tick is a 1 px dot, kept in a ring
of flat pixel indices (:class:`game.trailring.TrailRing`) written once per
tick for the new points, and at most ``DOT_BUDGET`` trail pixels are drawn a
frame (100,000 balls: their last 4 ticks).
"""
from __future__ import annotations

import weakref
from itertools import repeat

import numpy as np
import pygame

from .trailring import BIG, SENTINEL_ROOM, LineRing, PixelMap, TrailRing, sync_lines
from . import basin
from .ui import ball_sprite

TRAIL_NEW, TRAIL_OLD = np.array([255, 255, 255]), np.array([90, 90, 110])
TRAIL_TINT = 0.3         # a rule's trail starts at its colour, this much towards white
BALL_RADIUS = 7          # at Layout.scale 1, up to BIG_BALLS balls
SMALL_RADIUS = 4         # up to SPRITE_BALLS balls
PANEL_RADIUS = 5         # the panel's swatches
BIG_BALLS, SPRITE_BALLS, STAMP_BALLS = 100, 2_000, 20_000
THICK_TRAIL_BALLS = 500  # up to this many balls trails are 2 px wide lines
LINE_SAMPLES = 30_000    # segment samples a frame at most (each a 2 × 2 box)
DOT_BUDGET = 400_000     # 1 px trail dots a frame at most
STAMP_DARK = (12, 12, 18)
BASIN_EVERY = 6          # ticks between rebuilds of the basin picture while balls settle
BASIN_ALPHA = 170
KEY_RGB = (255, 0, 255)


def ball_tier(count: int, scale: float = 1.0):
    """``(kind, box)`` for ``count`` balls: ``"sprite"`` with the sprite's
    radius, ``"stamp"`` (5 × 5) or ``"dot"`` (2 × 2), and the box size.

    >>> ball_tier(1), ball_tier(500), ball_tier(5000), ball_tier(100_000)
    (('sprite', 7), ('sprite', 4), ('stamp', 5), ('dot', 2))
    """
    if count <= SPRITE_BALLS:
        r = max(2, int(round((BALL_RADIUS if count <= BIG_BALLS else SMALL_RADIUS) * scale)))
        return "sprite", r
    return ("stamp", 5) if count <= STAMP_BALLS else ("dot", 2)


def tier_box(kind: str, size: int) -> int:
    """The drawn box of a tier: a sprite of radius r is 2r + 4 pixels square."""
    return 2 * size + 4 if kind == "sprite" else size


def _stamp_layers():
    """The 5 × 5 stamp: (dark rim pixels, fill pixels) as (dx, dy) lists."""
    rim, fill = [], []
    for dy in range(5):
        for dx in range(5):
            edge_x, edge_y = dx in (0, 4), dy in (0, 4)
            if edge_x and edge_y:
                continue                          # the corners stay empty
            (rim if edge_x or edge_y else fill).append((dx, dy))
    return rim, fill


STAMP_RIM, STAMP_FILL = _stamp_layers()


class BallsPainter:
    """Trails and balls (uses the renderer's ``_sprites`` cache and ``layout``)."""

    def sprite(self, name, like=None, radius=PANEL_RADIUS):
        """The ball of rule ``name``: its Okabe–Ito colour, ringed dark and
        light, an RLE colour-key sprite (cached per radius; by default the
        panel's swatch)."""
        from . import optim
        return self.colour_sprite(optim.get(name).colour, like, radius)

    def colour_sprite(self, colour, like=None, radius=PANEL_RADIUS):
        radius = int(radius)
        fmt = (like.get_bitsize(), like.get_masks()) if like is not None else None
        key = ("ball", tuple(colour), radius, fmt)
        s = self._sprites.get(key)
        if s is None:
            s = self._sprites[key] = ball_sprite(colour, radius, like)
        return s

    # --- the frame -------------------------------------------------------------
    def draw_lab_balls(self, target, world, alpha, vp):
        """Every group's trails, then its balls, clipped to the map; with a
        basin grid (:mod:`game.basin`), first its picture, and its balls in
        the colours of where they settle."""
        groups = world.nonempty()
        if not groups:
            return
        area = pygame.Rect(vp.rect).clip(target.get_clip()).clip(target.get_rect())
        if not area.w or not area.h:
            return
        colours = None
        grid = basin.of(world)
        if grid is not None:
            grid.update(world)
            self._draw_basin(target, grid, world, vp, area)
            colours = {grid.rule: grid.codes(world.groups[grid.rule])}
        kind, size = ball_tier(world.count, self.layout.scale)
        box = tier_box(kind, size)
        bpp = target.get_bytesize()
        key = ("pixelmap", vp.view, vp.rect, world.surface.domain, tuple(area),
               target.get_pitch() // bpp, box,
               target.get_size())
        pm = self._sprites.get(key)
        if pm is None:
            self._sprites = {k: v for k, v in self._sprites.items() if k[0] != "pixelmap"}
            pm = self._sprites[key] = PixelMap.of(*key[1:])
        self._draw_pixels(target, world, groups, alpha, pm, kind, colours)
        if kind == "sprite":
            clip = target.get_clip()
            target.set_clip(area)
            try:
                self._draw_sprites(target, groups, alpha, pm, size, colours)
            finally:
                target.set_clip(clip)

    def _draw_pixels(self, target, world, groups, alpha, pm, kind, colours):
        """What is written straight into the pixels: trails, stamps, dots. The
        sentinel's corner is saved first and put back after."""
        px = pygame.surfarray.pixels2d(target)
        w, h = target.get_size()
        flat = np.lib.stride_tricks.as_strided(px, shape=((h - 1) * pm.stride + w,),
                                               strides=(target.get_bytesize(),))
        keep = px[:SENTINEL_ROOM, :SENTINEL_ROOM].copy() if pm.sentinel == 0 else None
        self._draw_trails(flat, target, world, groups, pm)
        if kind != "sprite":
            self._draw_dots(flat, target, groups, alpha, pm, kind, colours)
        if keep is not None:
            px[:SENTINEL_ROOM, :SENTINEL_ROOM] = keep

    def _draw_basin(self, target, grid, world, vp, area):
        """Each start cell of the grid in the colour of where its ball
        settled, over the map (rebuilt at most every ``BASIN_EVERY`` ticks)."""
        rows, cols = grid.shape
        x0, y0 = vp.to_screen((grid.rect[0], grid.rect[3]))
        x1, y1 = vp.to_screen((grid.rect[1], grid.rect[2]))
        rect = pygame.Rect(int(np.floor(np.clip(x0, -BIG, BIG))), int(np.floor(np.clip(y0, -BIG, BIG))),
                           max(int(np.ceil(np.clip(x1 - x0, 1, 4 * BIG))), 1),
                           max(int(np.ceil(np.clip(y1 - y0, 1, 4 * BIG))), 1))
        visible = rect.clip(area)
        if not visible.w or not visible.h:
            return
        key = ("basin", id(grid), vp, tuple(area), target.get_bitsize())
        hit = self._sprites.get(("basin",))
        stale = hit is None or hit[0] != key or (
            hit[1] != grid.version and (world.ticks - hit[2] >= BASIN_EVERY
                                        or not (grid.labels < 0).any()))
        if stale:
            codes = grid.picture()
            rgb = np.array([KEY_RGB] + list(grid.palette())[1:], dtype=np.uint8)[
                np.where(codes > 0, codes, 0)]
            small = pygame.Surface((cols, rows), 0, target)
            pygame.surfarray.blit_array(small, np.ascontiguousarray(rgb.transpose(1, 0, 2)))
            # only the part in view is scaled: cells → screen pixels, as the map maps them
            sx, sy = cols / rect.w, rows / rect.h
            cut = pygame.Rect(int((visible.x - rect.x) * sx), int((visible.y - rect.y) * sy),
                              max(int(np.ceil(visible.w * sx)), 1),
                              max(int(np.ceil(visible.h * sy)), 1)).clip(small.get_rect())
            part = small.subsurface(cut) if cut.w and cut.h else small
            out = pygame.Rect(rect.x + round(cut.x / sx), rect.y + round(cut.y / sy),
                              max(round(cut.w / sx), 1), max(round(cut.h / sy), 1))
            pic = pygame.transform.scale(part, out.size)
            pic.set_colorkey(KEY_RGB)
            pic.set_alpha(BASIN_ALPHA)
            hit = self._sprites[("basin",)] = (key, grid.version, world.ticks, pic, out.topleft)
        clip = target.get_clip()
        target.set_clip(area)
        target.blit(hit[3], hit[4])
        target.set_clip(clip)

    # --- trails ----------------------------------------------------------------
    def _draw_trails(self, flat, target, world, groups, pm):
        T = world.trail_len
        if T < 2:
            return
        if world.count <= THICK_TRAIL_BALLS:
            self._draw_lines(flat, target, world, groups, pm)
            return
        ages = min(T, max(1, DOT_BUDGET // world.count))
        rings = [self._ring(world, g, TrailRing).sync(g, pm, world.ticks, world.head)
                 for g in groups]
        palettes = [self._trail_palette(target, T, g.rule.colour) for g in groups]
        for a in range(ages - 1, -1, -1):
            slot = (world.head - 1 - a) % T
            shade = int(round(a * (T - 1) / max(ages - 1, 1)))
            for ring, pal in zip(rings, palettes):
                _scatter(flat, ring[slot], pal[shade], pm.sentinel)

    def _draw_lines(self, flat, target, world, groups, pm):
        """Line trails, oldest age first: one scatter an age. With several
        groups each slot's pieces are joined (and kept until the slot or the
        balls change) and coloured per group."""
        T = world.trail_len
        kmax = min(24, max(1, LINE_SAMPLES // ((T - 1) * world.count)))
        rings = [self._ring(world, g, LineRing) for g in groups]
        pieces, fresh = sync_lines(rings, groups, pm, world.ticks, world.head, kmax)
        parts = [(part, self._trail_palette(target, T, g.rule.colour))
                 for g, ps in zip(groups, pieces) for part in ps]
        slot = [(world.head - 1 - a) % T for a in range(T)]
        if len(parts) == 1:
            part, pal = parts[0]
            for a in range(T - 2, -1, -1):
                _scatter(flat, part[slot[a]].ravel(), pal[a], pm.sentinel)
            return
        key = (id(world), pm, T, kmax, target.get_bitsize(), target.get_masks(),
               tuple((id(r), r.version, r.lo, r.hi) for r in rings),
               tuple(g.rule.colour for g in groups))
        hit = self._sprites.get(("joined lines",))
        if hit is None or hit[0] != key:
            sizes = [part[0].size for part, _ in parts]
            colours = [np.repeat([pal[a] for _, pal in parts], sizes).astype(np.uint32)
                       for a in range(T)]
            hit = self._sprites[("joined lines",)] = (key, [None] * T, colours)
            fresh = range(T)
        joined = hit[1]
        for s in fresh:
            joined[s] = np.concatenate([part[s].ravel() for part, _ in parts])
        for a in range(T - 2, -1, -1):
            _scatter(flat, joined[slot[a]], hit[2][a], pm.sentinel)

    def _ring(self, world, g, kind):
        """The cached ring of ``kind`` (:class:`TrailRing` or :class:`LineRing`)
        of group ``g`` of ``world``."""
        rings = self._sprites.setdefault(("rings",), {})
        key = (id(world), g.rule.name, kind)
        entry = rings.get(key)
        if entry is None or entry[0]() is not g:
            if len(rings) > 32:
                rings.clear()
            entry = rings[key] = (weakref.ref(g), kind())
        return entry[1]

    def _trail_palette(self, target, n, colour=None):
        """Mapped colours for trail ages 0 … n−1, newest brightest: from
        white (or ``colour`` lightened) to grey."""
        key = ("trail", n, colour, target.get_bitsize(), target.get_masks())
        palette = self._sprites.get(key)
        if palette is None:
            new = TRAIL_NEW if colour is None else \
                np.array(colour) + TRAIL_TINT * (TRAIL_NEW - np.array(colour))
            t = np.linspace(0.0, 1.0, n)[:, None]
            rgb = (new * (1 - t) + TRAIL_OLD * t).astype(int)
            palette = np.array([target.map_rgb(tuple(c)) for c in rgb.tolist()], np.uint32)
            self._sprites[key] = palette
        return palette

    # --- balls -----------------------------------------------------------------
    def _draw_sprites(self, target, groups, alpha, pm, radius, colours):
        """One ``fblits`` for every group's sprites, group after group."""
        box = 2 * radius + 4
        pos = _interpolated(groups, alpha)
        ix, iy = pm.corners(pos, box)
        spots = zip(ix.tolist(), iy.tolist())            # ints: no list per ball
        sprites: list = []
        for g in groups:
            coded = None if colours is None else colours.get(g.rule.name)
            if coded is None:
                sprites += [self.sprite(g.rule.name, target, radius)] * g.n
                continue
            codes, rgb = coded
            table = [self.colour_sprite(c, target, radius) for c in list(rgb) + [g.rule.colour]]
            sprites += [table[c] for c in codes.tolist()]             # code −1: the rule's own
        target.fblits(zip(sprites, spots))

    def _draw_dots(self, flat, target, groups, alpha, pm, kind, colours):
        size = 5 if kind == "stamp" else 2
        dark = target.map_rgb(STAMP_DARK)
        for g in groups:
            idx = pm.flat(g.interpolated(alpha), size)
            if pm.sentinel < 0:
                idx = idx[idx >= 0]
            coded = None if colours is None else colours.get(g.rule.name)
            if coded is None:
                colour = target.map_rgb(g.rule.colour)
            else:
                codes, rgb = coded
                mapped = np.array([target.map_rgb(c) for c in [g.rule.colour] + list(rgb)],
                                  dtype=np.uint32)
                colour = mapped[codes + 1]
                if pm.sentinel < 0:
                    colour = colour[pm.flat(g.interpolated(alpha), size) >= 0]
            if kind == "stamp":
                for dx, dy in STAMP_RIM:
                    flat[dy * pm.stride + dx:][idx] = dark
                cells = STAMP_FILL
            else:
                cells = [(0, 0), (1, 0), (0, 1), (1, 1)]
            for dx, dy in cells:
                flat[dy * pm.stride + dx:][idx] = colour


def _interpolated(groups, alpha):
    """Every group's balls at ``prev + alpha·(x − prev)``, group after group
    (as ``Group.interpolated``, in one pass for many small groups)."""
    if len(groups) == 1:
        return groups[0].interpolated(alpha)
    if not alpha < 1.0:
        return np.concatenate([g.x for g in groups], axis=1)
    prev = np.concatenate([g.prev for g in groups], axis=1)
    x = np.concatenate([g.x for g in groups], axis=1)
    with np.errstate(over="ignore", invalid="ignore"):
        p = prev + alpha * (x - prev)
    if not np.isfinite(p).all():
        p = np.where(np.isfinite(p), p, (1.0 - alpha) * prev + alpha * x)
    return p


def _scatter(flat, idx, colour, sentinel):
    """``flat[idx] = colour``, leaving out the −1 sentinel."""
    if sentinel < 0:
        ok = idx >= 0
        idx = idx[ok]
        if np.ndim(colour):
            colour = colour[ok]
    flat[idx] = colour
