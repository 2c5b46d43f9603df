"""Drawing: pygame only. Reads the state and the world, changes neither.

Everything that does not change from frame to frame is baked once and cached:
the colormap (and its contour version) per surface and view, the side panel's
static part, every HUD text line, the help card, each rule's ball sprite, the
legend and the loss plot (rebuilt at most once per tick). A frame is then a
few blits, one pixel write for a race's trails (one per rule with many balls),
one ``fblits`` per rule for the balls, the arrow and the HUD.

The painters, one module each, are mixed into :class:`Renderer`:
:mod:`game.render_map` (the colormap), :mod:`game.render_balls` (balls and
trails), :mod:`game.render_arrow` (the gradient arrow), :mod:`game.panel`
(the side panel's words), :mod:`game.ui.editor` (the function editor), and
the overlays' own painter.
"""
from __future__ import annotations

import dataclasses
import time
from pathlib import Path

import numpy as np
import pygame

from . import render_text
from .layout import MAP_MARGIN, Layout
from .panel import PANEL_BG, TEXT, PanelPainter
from .render_arrow import ARROW_EDGE, ARROW_RGB, ArrowPainter  # noqa: F401  (the icon's colours)
from .render_balls import BallsPainter
from .render_map import MapPainter
from .state import State
from .ui.fonts import fonts_for
from .ui.editor import EditorPainter
from .ui.hint import draw_hint
from .ui.map_marks import MapMarksPainter
from .viewport import Viewport, usable_view

_STATE_FIELDS = tuple(f.name for f in dataclasses.fields(State) if f.name != "view")
PANEL_INTERVAL = 1 / 60      # the panel's numbers refresh at most this often (s): a display's rate
ASSETS = Path(__file__).resolve().parent.parent / "assets"
FONT_PATH = ASSETS / "DejaVuSans.ttf"
MONO_PATH = ASSETS / "DejaVuSansMono.ttf"

__all__ = ["Renderer", "Layout", "MAP_MARGIN", "ASSETS", "FONT_PATH", "MONO_PATH"]


class Renderer(MapPainter, PanelPainter, BallsPainter, ArrowPainter, EditorPainter,
               MapMarksPainter):
    """Draws frames of a given window size; call :meth:`resize` when it changes."""

    def __init__(self, size):
        pygame.font.init()
        # The fonts (self.fonts, a game.ui.fonts.FontSet, and self.font,
        # small, mono, title_font) follow the window's scale: resize sets
        # them, and with them the overlays', the legend's and the plot's.
        self.fonts = None
        self._text_cache: dict = {}
        self._bg_cache: dict = {}
        self._sprites: dict = {}
        self._grad_scale: dict = {}
        self._scales: dict = {}
        self._fits: dict = {}
        # (group, rect, text) of everything the panel, the colorbar, the
        # help card and the editor drew in the last frame: each line of text
        # (groups "panel", "colorbar", "help", "editor") and each picture
        # among them (group "graphic": the ball, the colour strip, the plots).
        self.drawn_rects: list = []
        # The panel's words are a retained picture (see draw_panel_retained):
        # redrawn at once when what the user chose changes, and when only the
        # tick-driven numbers (ticks, fps, the cursor's readings, the legend,
        # the plot) changed, at most once per ``panel_interval`` seconds.
        self.panel_interval = PANEL_INTERVAL
        self.panel_clock = time.perf_counter
        self.panel_redraws = 0
        self._panel_pic = None
        self.resize(size)

    # --- caches ---------------------------------------------------------------
    def resize(self, size) -> None:
        self.drawn_size = (int(size[0]), int(size[1]))   # the target's own size
        self.layout = Layout.of(size)
        self.use_fonts(fonts_for(self.layout.scale))
        self._bg_cache.clear()
        self._panel_pic = None

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
            previous = [(k, v) for k, v in self._sprites.items() if k[0] == "base"]
            self._sprites = {k: v for k, v in self._sprites.items() if k[0] != "base"}
            entry = self.scrolled_base(previous, key, surface)    # a pan: the picture moved
            if entry is not None:
                self._sprites[key] = entry
                return entry
            base = pygame.Surface(self.layout.size, 0, like) if like is not None else \
                pygame.Surface(self.layout.size)
            base.fill(PANEL_BG)
            self.paint_map(base, surface, vp, contours)
            if quiver:
                clip = base.get_clip()
                base.set_clip(pygame.Rect(vp.rect))
                self.overlays.bake_quiver(base, surface, vp, offset=vp.rect[:2])
                base.set_clip(clip)
            rects = self.draw_colorbar(base, surface)
            entry = self._sprites[key] = (base, rects)
        return entry

    # --- the frame ------------------------------------------------------------
    def draw(self, target, state, world, alpha, cursor=None, fps=None, message="", controls=None):
        """Draw one frame on ``target``. ``cursor`` is a world point or None;
        ``controls`` (anything with ``draw(target)``: the clickable controls)
        is drawn over the panel and under the help card and the editor."""
        surface = world.surface
        vp = self.viewport(surface, state.view)
        quiver = "quiver" in state.overlays
        base, colorbar_rects = self.base_frame(surface, vp, state.contours, quiver, target)
        hole = pygame.Rect(self.layout.text).clip(target.get_rect())
        _blit_around(target, base, hole)         # the panel's words: draw_panel_retained
        self.drawn_rects = list(colorbar_rects)
        clip = target.get_clip()
        target.set_clip(pygame.Rect(vp.rect).inflate(2 * MAP_MARGIN, 2 * MAP_MARGIN).clip(clip))
        try:
            hint = draw_hint(target, state, world, vp, self.layout)   # until the first ball
            if world.count:
                self.draw_lab_balls(target, world, alpha, vp)
            self.draw_map_marks(target, state, world, alpha, vp, cursor, keep_clear=hint)
        finally:
            target.set_clip(clip)
        self.draw_axes(target, surface, vp)
        self.draw_panel_retained(target, state, world, cursor, fps, message, vp, base)
        if controls is not None:
            controls.draw(target)
        if state.help:
            self.draw_help(target)
        if state.editing is not None:
            self.draw_editor(target, state)

    # --- the panel, retained ----------------------------------------------------
    @staticmethod
    def panel_keys(state, world, cursor, fps, message):
        """What the panel's words show, as two keys: ``(chosen, moving)``.

        ``chosen`` changes only when the user does something (the state, the
        message, the world's surface, rule, racers and hyperparameters); of
        the view only whether there is one (the panel says "zoomed"), so a
        pan or a zoom does not draw it anew. ``moving`` changes with the
        ticks, the balls, the fps shown and the cursor."""
        hyper = tuple((name, tuple(g.hyper.items())) for name, g in world.groups.items())
        chosen = (tuple(getattr(state, f) for f in _STATE_FIELDS), state.view is None, message, id(world), world.surface, world.optimizer, world.racers,
                  world.race_set, hyper)
        moving = (world.ticks, world.count, world._next_id,
                  None if not fps else round(fps),
                  None if cursor is None else (float(cursor[0]), float(cursor[1])))
        return chosen, moving

    def draw_panel_retained(self, target, state, world, cursor, fps, message, vp, base=None):
        """:meth:`draw_panel`, kept as a picture of the panel's words.

        The picture is drawn anew when the user's choices changed (the
        ``chosen`` key of :meth:`panel_keys`, or the window), or when the
        tick-driven numbers changed and ``panel_interval`` seconds have
        passed since it was last drawn; otherwise the frame blits it, with
        the rectangles it recorded. So a panel is never more than one
        interval behind the world, and a frame between two refreshes costs
        one blit. Time is read from ``panel_clock`` (seconds). ``base``,
        when given, is the frame's background, not yet under the panel's
        rect. Returns whether the picture was drawn anew."""
        left, top, w, h = self.layout.text
        rect = pygame.Rect(left, top, w, h).clip(target.get_rect())
        chosen, moving = self.panel_keys(state, world, cursor, fps, message)
        now = self.panel_clock()
        pic = self._panel_pic
        if pic is not None and pic["rect"] == rect and pic["chosen"] == chosen and (
                pic["moving"] == moving or now - pic["at"] < self.panel_interval):
            if self.lossplot.held is not None:
                self._patch_plot(pic, world)
            target.blit(pic["picture"], rect.topleft)
            self.drawn_rects.extend(pic["rects"])
            return False
        if base is not None:
            target.blit(base, rect.topleft, rect)
        first = len(self.drawn_rects)
        # the numbers moved on: the plot keeps its picture one frame more (a
        # frame draws at most one of the two), a choice shows in full at once
        # (never twice in a row: with frames slower than the interval every
        # frame is a refresh, and the plot must still move on)
        self.lossplot.hold = pic is not None and pic["chosen"] == chosen \
            and self.panel_interval > 0 and self.lossplot.held is None
        try:
            self.draw_panel(target, state, world, cursor, fps, message, vp)
        finally:
            self.lossplot.hold = False
        self.panel_redraws += 1
        picture = pic["picture"] if pic is not None and pic["picture"].get_size() == rect.size \
            else pygame.Surface(rect.size, 0, target)
        picture.blit(target, (0, 0), rect)
        self._panel_pic = {"rect": rect, "chosen": chosen, "moving": moving, "at": now,
                           "picture": picture, "rects": self.drawn_rects[first:]}
        return True

    def _patch_plot(self, pic, world) -> None:
        """The loss plot held back by the last refresh, drawn into the kept
        picture in its place (with the world as it is now), its rects
        swapped for the new ones."""
        plot = self.lossplot
        left, top, w, h = plot.held
        old = plot.last_rects
        x0, y0 = pic["rect"].topleft
        new: list = []
        plot.draw(pic["picture"], (left - x0, top - y0, w, h), world, new, world.rates())
        if plot.held is not None or not new:   # nothing to plot now: the full refresh will say
            plot.held = None
            return
        stale = {id(r) for r in old}
        pic["rects"] = [r for r in pic["rects"] if id(r) not in stale] + \
            [(g, r.move(x0, y0), t) for g, r, t in new]
        plot.last_rects = pic["rects"][-len(new):]


def _blit_around(target, picture, hole) -> None:
    """``picture`` blitted at (0, 0) everywhere but the rect ``hole``."""
    w, h = target.get_size()
    if not hole.w or not hole.h:
        target.blit(picture, (0, 0))
        return
    for part in ((0, 0, hole.x, h), (hole.right, 0, w - hole.right, h),
                 (hole.x, 0, hole.w, hole.y), (hole.x, hole.bottom, hole.w, h - hole.bottom)):
        if part[2] > 0 and part[3] > 0:
            target.blit(picture, part[:2], part)
