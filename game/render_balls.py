"""The balls and their trails: pygame only.

A mixin of :class:`game.render.Renderer`. Each rule's trails are written
straight into the target's pixels (one scatter per group, or one for a whole
race), and each rule's balls are one ``fblits`` of its sprite.
"""
from __future__ import annotations

from itertools import repeat

import numpy as np
import pygame

from .overlays import BIG
from .ui import ball_sprite

TRAIL_NEW, TRAIL_OLD = np.array([255, 255, 255]), np.array([90, 90, 110])
TRAIL_TINT = 0.3         # a rule's trail starts at its colour, this much towards white
BALL_RADIUS = 5
TRAIL_POINT_BUDGET = 30_000
THICK_TRAILS = 64        # up to this many balls, trails are two pixels wide


class BallsPainter:
    """Trails and balls (uses the renderer's ``_sprites`` cache)."""

    def sprite(self, name, like=None):
        """The ball of rule ``name``: its Okabe–Ito colour, ringed dark and
        light (cached)."""
        key = ("ball", name)
        s = self._sprites.get(key)
        if s is None:
            from . import optim
            s = self._sprites[key] = ball_sprite(optim.get(name).colour, BALL_RADIUS, like)
        return s

    def draw_lab_balls(self, target, world, alpha, vp):
        """Each rule's trails and balls in its colour, group after group."""
        ages = world.trail_ages()
        groups = world.nonempty()
        total = world.count
        if len(groups) > 1 and 2 * total * (world.trail_len - 1) <= TRAIL_POINT_BUDGET:
            # Few balls (a race): every group's trails in one pass, each
            # column with its rule's palette.
            trail = np.concatenate([g.trail for g in groups], axis=2)
            palette = np.concatenate([np.repeat(self._trail_palette(target, world.trail_len,
                                                                    g.rule.colour)[:, None],
                                                g.n, axis=1) for g in groups], axis=1)
            self.draw_trails(target, trail, ages, vp, palette=palette)
        else:
            for g in groups:
                self.draw_trails(target, g.trail, ages, vp, g.rule.colour, total)
        for g in groups:
            self._blit_balls(target, self.sprite(g.rule.name, target), g.interpolated(alpha), vp)

    def draw_trails(self, target, trail, ages, vp, colour=None, total=None, palette=None):
        """Every trail of ``trail`` (2, T, N) as pixels, coloured by age (from
        ``colour``, or white, to grey; or by ``palette``, mapped colours per
        age and column, shape (T, N)). With few balls (``total`` in all)
        each tick's segment gets enough samples to look like a line; with
        many (more than ``TRAIL_POINT_BUDGET`` pixels' worth) each tick is
        one dot, written straight from the ring buffer."""
        trail_len = trail.shape[1]
        total = trail.shape[2] if total is None else total
        if 2 * total * (trail_len - 1) > TRAIL_POINT_BUDGET:
            pts = vp.to_screen(trail)                             # (2, T, N)
            np.clip(pts, -BIG, BIG, out=pts)                      # far outside a zoomed view
            age = ages
        else:
            order = np.argsort(ages)                              # newest first
            pts = vp.to_screen(trail[:, order])
            np.clip(pts, -BIG, BIG, out=pts)
            step = pts[:, 1:] - pts[:, :-1]
            longest = float(np.abs(step).max()) if step.size else 0.0
            k = int(min(np.ceil(longest / 1.5),
                        TRAIL_POINT_BUDGET // max(step[0].size, 1), 24))
            age = np.arange(trail_len)
            if k > 1:
                frac = (np.arange(k) / k)[None, None, :, None]
                pts = pts[:, :-1, None, :] + frac * step[:, :, None, :]
                age = age[:-1]
        # Only pixels inside the map, the clip and the target itself are
        # written (the window may be smaller than the map: 1 × 1, 600 × 5 …).
        area = pygame.Rect(vp.rect).clip(target.get_clip()).clip(target.get_rect())
        if not area.w or not area.h:
            return
        sx = pts[0].astype(np.intp)
        sy = pts[1].astype(np.intp)
        if palette is None:
            palette = self._trail_palette(target, trail_len, colour)
            colours = palette[age].reshape((-1,) + (1,) * (sx.ndim - 1))
        else:                                                     # one palette per column
            colours = palette[age].reshape((len(age),) + (1,) * (sx.ndim - 2) + (-1,))
        colours = np.broadcast_to(colours, sx.shape)
        if total <= THICK_TRAILS:                                 # a race: 2 × 2 pixels a point
            sx = np.stack([sx, sx + 1, sx, sx + 1])
            sy = np.stack([sy, sy, sy + 1, sy + 1])
            colours = np.broadcast_to(colours, sx.shape)
        left, top, w, h = area
        if sx.min() < left or sx.max() >= left + w or sy.min() < top or sy.max() >= top + h:
            inside = (sx >= left) & (sx < left + w) & (sy >= top) & (sy < top + h)
            sx, sy, colours = sx[inside], sy[inside], colours[inside]
        px = pygame.surfarray.pixels2d(target)
        try:
            if px.T.flags.c_contiguous:      # one flat scatter: fastest
                px.T.reshape(-1)[(sy * px.shape[0] + sx).ravel()] = colours.ravel()
            else:
                px[sx, sy] = colours
        finally:
            del px

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

    def _blit_balls(self, target, spr, pos, vp):
        half = spr.get_width() / 2
        scr = vp.to_screen(pos)
        scr -= half
        np.clip(scr, -BIG, BIG, out=scr)
        target.fblits(zip(repeat(spr), scr.T.tolist()))
