"""Drawing: pygame only. Reads the state and the world, changes neither.

Everything that does not change from frame to frame is baked once and cached:
the colormap (and its contour version) per surface and view, the side panel's
static part, every HUD text line, the help card, each rule's ball sprite, the
legend and the loss plot (rebuilt at most once per tick). A frame is then a
few blits, one pixel write for a race's trails (one per rule with many balls),
one ``fblits`` per rule for the balls, the arrow and the HUD.
"""
from __future__ import annotations

import math

from dataclasses import dataclass
from itertools import repeat
from pathlib import Path

import numpy as np
import pygame

from . import calculus
from . import render_text
from .overlays import BIG, OverlayPainter, arrow_polygon
from .overlays.geometry import _pt
from .panel import PANEL_BG, TEXT, PanelPainter
from .render_map import MapPainter
from .ui import Legend, LossPlot, ball_sprite
from .viewport import Viewport, usable_view

ASSETS = Path(__file__).resolve().parent.parent / "assets"
FONT_PATH = ASSETS / "DejaVuSans.ttf"
MONO_PATH = ASSETS / "DejaVuSansMono.ttf"

ARROW_RGB = (235, 40, 40)
ARROW_EDGE = (40, 0, 0)
TRAIL_NEW, TRAIL_OLD = np.array([255, 255, 255]), np.array([90, 90, 110])
TRAIL_TINT = 0.3         # a rule's trail starts at its colour, this much towards white
ARROW_MIN_PX, ARROW_MAX_PX = 10.0, 170.0
BALL_RADIUS = 5
TRAIL_POINT_BUDGET = 30_000
THICK_TRAILS = 64        # up to this many balls, trails are two pixels wide
MAP_MARGIN = 8           # room around the map so balls on a wall show whole


@dataclass(frozen=True)
class Layout:
    """Where things go in a window of ``size``: the map and the side panel."""

    size: tuple[int, int]
    map_area: tuple[int, int, int, int]
    panel: tuple[int, int, int, int]

    @classmethod
    def of(cls, size) -> "Layout":
        """The layout of a ``size`` window; any size from 1 × 1 up is accepted
        (below the app's minimum, things are clipped, never misplaced)."""
        w, h = max(int(size[0]), 1), max(int(size[1]), 1)
        panel_w = min(max(300, w - h), w // 2)
        m = MAP_MARGIN
        return cls((w, h), (m, m, max(w - panel_w - 2 * m, 1), max(h - 2 * m, 1)),
                   (w - panel_w, 0, panel_w, h))


class Renderer(MapPainter, PanelPainter):
    """Draws frames of a given window size; call :meth:`resize` when it changes."""

    def __init__(self, size):
        pygame.font.init()
        self.font = pygame.font.Font(str(FONT_PATH), 15)
        self.small = pygame.font.Font(str(FONT_PATH), 12)
        self.mono = pygame.font.Font(str(MONO_PATH), 14)
        self.title_font = pygame.font.Font(str(FONT_PATH), 22)
        self._text_cache: dict = {}
        self._bg_cache: dict = {}
        self._sprites: dict = {}
        self._grad_scale: dict = {}
        self._scales: dict = {}
        self._fits: dict = {}
        self.overlays = OverlayPainter(self.small, self.mono)
        self.legend = Legend(self.small, PANEL_BG)
        self.lossplot = LossPlot(self.small, PANEL_BG)
        # (group, rect, text) of everything the panel, the colorbar, the
        # help card and the editor drew in the last frame: each line of text
        # (groups "panel", "colorbar", "help", "editor") and each picture
        # among them (group "graphic": the ball, the colour strip, the plots).
        self.drawn_rects: list = []
        self.resize(size)

    # --- caches ---------------------------------------------------------------
    def resize(self, size) -> None:
        self.drawn_size = (int(size[0]), int(size[1]))   # the target's own size
        self.layout = Layout.of(size)
        self._bg_cache.clear()
        self._panel_key = None

    def viewport(self, surface, view=None) -> Viewport:
        """The map's viewport: ``view`` (or the whole domain, when there is
        no view or it is not a finite, non-empty rectangle) fitted into the
        map area with one scale for both axes."""
        return Viewport.fit(usable_view(view, surface.domain), self.layout.map_area)

    def text(self, s, font=None, colour=TEXT):
        """A cached rendering of one line of text (any string: see
        :func:`game.render_text.printable`)."""
        font = font or self.font
        key = (s, id(font), colour)
        surf = self._text_cache.get(key)
        if surf is None:
            if len(self._text_cache) > 512:
                self._text_cache.clear()
            surf = self._text_cache[key] = render_text.render(font, s, colour)
        return surf

    def base_frame(self, surface, vp, contours: bool, quiver: bool = False, like=None):
        """The whole window's unchanging part, cached: panel background, the
        map picture (with contours and the quiver when asked) and the
        colorbar. A frame starts with one blit of it. Returns the picture
        and the rectangles of the colorbar's text."""
        key = ("base", surface.name, surface.formula, vp, contours, quiver, self.layout)
        entry = self._sprites.get(key)
        if entry is None:
            self._sprites = {k: v for k, v in self._sprites.items() if k[0] != "base"}
            base = pygame.Surface(self.layout.size, 0, like) if like is not None else \
                pygame.Surface(self.layout.size)
            base.fill(PANEL_BG)
            base.blit(self.background(surface, vp, contours, base), vp.rect[:2])
            if quiver:
                clip = base.get_clip()
                base.set_clip(pygame.Rect(vp.rect))
                self.overlays.bake_quiver(base, surface, vp, offset=vp.rect[:2])
                base.set_clip(clip)
            rects = self.draw_colorbar(base, surface)
            entry = self._sprites[key] = (base, rects)
        return entry

    def sprite(self, name, like=None):
        """The ball of rule ``name``: its Okabe–Ito colour, ringed dark and
        light (cached)."""
        key = ("ball", name)
        s = self._sprites.get(key)
        if s is None:
            from . import optim
            s = self._sprites[key] = ball_sprite(optim.get(name).colour, BALL_RADIUS, like)
        return s

    def grad_scale(self, surface) -> float:
        """Pixels per unit of |∇f| for the cursor arrow: the 90th percentile of
        |∇f| over the domain draws as 110 pixels."""
        scale = self._grad_scale.get(surface)
        if scale is None:
            if len(self._grad_scale) >= 16:     # bounded: typed functions come and go
                self._grad_scale.clear()
            mag = calculus.gradient_norms(surface, 64)
            p90 = float(np.percentile(mag, 90)) if mag.size else 1.0
            scale = self._grad_scale[surface] = 110.0 / p90 if p90 > 0 else 1.0
        return scale

    # --- the frame ------------------------------------------------------------
    def draw(self, target, state, world, alpha, cursor=None, fps=None, message=""):
        """Draw one frame on ``target``. ``cursor`` is a world point or None."""
        surface = world.surface
        vp = self.viewport(surface, state.view)
        quiver = "quiver" in state.overlays
        base, colorbar_rects = self.base_frame(surface, vp, state.contours, quiver, target)
        target.blit(base, (0, 0))
        self.drawn_rects = list(colorbar_rects)
        clip = target.get_clip()
        target.set_clip(pygame.Rect(vp.rect).inflate(2 * MAP_MARGIN, 2 * MAP_MARGIN).clip(clip))
        try:
            if world.count:
                self.draw_lab_balls(target, world, alpha, vp)
            if cursor is not None:
                if state.overlays:
                    self.overlays.draw_map(target, surface, vp, cursor, state.overlays)
                self.draw_arrow(target, surface, vp, cursor)
        finally:
            target.set_clip(clip)
        self.draw_panel(target, state, world, cursor, fps, message, vp)
        if state.help:
            self.draw_help(target)
        if state.editing is not None:
            self.draw_editor(target, state)

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

    def draw_arrow(self, target, surface, vp, cursor):
        p = np.asarray(cursor, float)
        with np.errstate(all="ignore"):
            g = np.asarray(surface.grad(p), float)
        base = _pt(vp.to_screen(p))
        mag = math.hypot(float(g[0]), float(g[1]))        # inf, not a warning, past 1e308
        if not math.isfinite(mag):
            return
        if mag < 1e-12:
            pygame.draw.circle(target, ARROW_RGB, base, 6, 2)
            return
        d = (float(g[0]) / mag, -float(g[1]) / mag)             # y up on screen
        length = float(np.clip(mag * self.grad_scale(surface), ARROW_MIN_PX, ARROW_MAX_PX))
        poly = arrow_polygon(base, d, length, width=5.0, head=16.0)
        pygame.draw.polygon(target, ARROW_RGB, poly)
        pygame.draw.polygon(target, ARROW_EDGE, poly, 1)
        pygame.draw.circle(target, ARROW_EDGE, base, 3)
