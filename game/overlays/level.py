"""The level overlay: the level set through the cursor (sampled on a cached
grid and written as pixels), its tangent and the right angle with ∇f."""
from __future__ import annotations

import math

import numpy as np
import pygame

from .. import calculus as calc
from .drawing import PainterBase, _fmt
from .geometry import _add, _pt
from .levelcells import LevelCells
from .style import EDGE, LEVEL_MAX_SAMPLES, LEVEL_PX, LEVEL_RGB, TANGENT_PX, TANGENT_RGB


class LevelPainter(PainterBase):
    """The level set f = f(cursor) on the map, its tangent and the right angle;
    :meth:`level_grid` and :meth:`level_pixels` are its cached samples."""

    def level_grid(self, surface, vp):
        """f on a coarse grid over the view (about one sample per LEVEL_PX
        pixels), cached per surface and view: ``(values (ny, nx), xs, ys)``."""
        key = (surface.name, surface.formula, vp)
        entry = self._grids.get(key)
        if entry is None:
            if len(self._grids) > 6:
                self._grids.clear()
            w, h = vp.size
            nx = int(min(max(round(w / LEVEL_PX), 2), LEVEL_MAX_SAMPLES))
            ny = int(min(max(round(h / LEVEL_PX), 2), LEVEL_MAX_SAMPLES))
            xmin, xmax, ymin, ymax = vp.view
            xs, ys = np.linspace(xmin, xmax, nx), np.linspace(ymin, ymax, ny)
            X, Y = np.meshgrid(xs, ys)
            with np.errstate(all="ignore"):
                v = np.broadcast_to(np.asarray(surface.f(np.array([X, Y])), float),
                                    X.shape).copy()
            v[~np.isfinite(v)] = np.nan
            entry = self._grids[key] = (v, xs, ys)
        return entry

    def level_cells(self, surface, vp):
        """The level grid's cells indexed by value (a :class:`.LevelCells`),
        or None: built on the grid's third use, so that a pan (a new view each
        frame) does not build an index it would use once."""
        key = (surface.name, surface.formula, vp)
        entry = self._cells.get(key)
        if entry is None:
            if len(self._cells) > 3:                # an index holds a few MB
                self._cells.clear()
            entry = self._cells[key] = [0, None]
        entry[0] += 1
        if entry[1] is None and entry[0] >= 3:
            entry[1] = LevelCells(*self.level_grid(surface, vp))
        return entry[1]

    def level_pixels(self, surface, vp, level, clip):
        """Screen pixels ``(sx, sy)`` (int arrays) of the level set f = level,
        about one per pixel along each segment, at least 2 px inside ``clip``
        (so that a 4 × 4 brush stays in it). Memoised for the last level."""
        key = (surface.name, surface.formula, vp, float(level), tuple(clip))
        if self._level_memo is not None and self._level_memo[0] == key:
            return self._level_memo[1]
        cells = self.level_cells(surface, vp)
        if cells is not None:
            segs = cells.segments(level)
        else:
            segs = calc.level_set_segments(*self.level_grid(surface, vp), level)
        if len(segs) == 0:
            px = (np.zeros(0, np.intp), np.zeros(0, np.intp))
        else:
            # vp.to_screen, written out on (2 coordinates, M, 2 ends)
            xmin, xmax, ymin, ymax = vp.view
            left, top, w, h = vp.rect
            ends = segs.transpose(2, 0, 1)
            s = np.empty(ends.shape)
            with np.errstate(over="ignore"):
                np.add(left, (ends[0] - xmin) * (w / (xmax - xmin)), out=s[0])
                np.add(top, (ymax - ends[1]) * (h / (ymax - ymin)), out=s[1])
            a = s[:, :, 0]
            d = s[:, :, 1] - a
            longest = float(np.abs(d).max())
            k = int(min(max(math.ceil(longest / 1.5), 1), 64)) + 1   # ≤ 1.5 px apart
            frac = self._fractions.get(k)
            if frac is None:
                frac = self._fractions[k] = np.linspace(0.0, 1.0, k)
            sx, sy = (a[:, :, None] + d[:, :, None] * frac).reshape(2, -1).astype(np.intp)
            l, t, w, h = clip
            inside = (sx >= l + 1) & (sx < l + w - 2) & (sy >= t + 1) & (sy < t + h - 2)
            px = (sx[inside], sy[inside])
        self._level_memo = (key, px)
        return px

    @staticmethod
    def _scatter(target, sx, sy, layers):
        """For each ``(colour, offsets)`` layer in order, write ``colour`` at
        (sx + dx, sy + dy) for every offset (the caller keeps every such
        pixel inside the surface)."""
        try:
            px = pygame.surfarray.pixels2d(target)
        except (ValueError, pygame.error):          # e.g. a 24-bit surface
            for colour, offsets in layers:
                for dx, dy in offsets:
                    for a, b in zip((sx + dx).tolist(), (sy + dy).tolist()):
                        target.set_at((a, b), colour)
            return
        flat = None
        try:
            flat = px.T.reshape(-1) if px.T.flags.c_contiguous else None
            width = px.shape[0]
            base = sy * width + sx
            for colour, offsets in layers:
                mapped = target.map_rgb(colour)
                if flat is not None:                 # one flat scatter per colour
                    shift = np.array([dy * width + dx for dx, dy in offsets], np.intp)
                    flat[(base[None, :] + shift[:, None]).ravel()] = mapped
                else:
                    for dx, dy in offsets:
                        px[sx + dx, sy + dy] = mapped
        finally:
            del px, flat

    def _draw_level(self, target, surface, vp, x, y, c):
        at = self._at(surface, x, y)
        level = at.f
        gx, gy = at.grad.tolist()[:2]
        if not math.isfinite(level):
            self._card.append(("level: f undefined here", LEVEL_RGB, self.small))
            return None
        clip = target.get_clip().clip(target.get_rect())
        sx, sy = self.level_pixels(surface, vp, level, (clip.x, clip.y, clip.w, clip.h))
        if sx.size:
            self._scatter(target, sx, sy, (
                (EDGE, ((-1, 0), (2, 0), (0, -1), (0, 2), (1, -1), (1, 2), (-1, 1), (2, 1))),
                (LEVEL_RGB, ((0, 0), (1, 0), (0, 1), (1, 1)))))
        gn = math.hypot(gx, gy)
        if not math.isfinite(gn) or calc.is_critical(surface, gn):
            why = "∇f undefined" if math.isnan(gn) else "∇f = 0"
            self._card.append((f"level f = {_fmt(level, 4)}  ({why}: no tangent)",
                               LEVEL_RGB, self.small))
            return None
        self._card.append((f"level f = {_fmt(level, 4)}   tangent ⊥ ∇f", LEVEL_RGB, self.small))
        return (gx / gn, -gy / gn)              # the gradient's screen direction

    def _draw_tangent(self, target, c, n):
        """The tangent to the level curve at c and the right angle it makes
        with the gradient (screen direction n)."""
        t = (-n[1], n[0])
        half = self.px(TANGENT_PX)
        self._line(target, TANGENT_RGB, _add(c, t, -half), _add(c, t, half), 2)
        self.board.avoid(line=(_pt(_add(c, t, -half)), _pt(_add(c, t, half))))
        a = self.px(11.0)
        corner = [_pt(_add(c, t, a)), _pt(_add(_add(c, t, a), n, a)), _pt(_add(c, n, a))]
        pygame.draw.lines(target, EDGE, False, corner, 4)
        pygame.draw.lines(target, TANGENT_RGB, False, corner, 2)
