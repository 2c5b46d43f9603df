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

from pathlib import Path

import numpy as np
import pygame

from . import render_text
from .layout import MAP_MARGIN, Layout
from .panel import PANEL_BG, TEXT, PanelPainter
from .panel_retained import RetainedPanel
from .render_arrow import ARROW_EDGE, ARROW_RGB, ArrowPainter  # noqa: F401  (the icon's colours)
from .render_balls import BallsPainter
from .render_map import MapPainter
from .ui.fonts import fonts_for
from .ui.editor import EditorPainter
from .ui.hint import draw_hint
from .ui.map_marks import MapMarksPainter
from .viewport import Viewport, usable_view

ASSETS = Path(__file__).resolve().parent.parent / "assets"
FONT_PATH = ASSETS / "DejaVuSans.ttf"
MONO_PATH = ASSETS / "DejaVuSansMono.ttf"

__all__ = ["Renderer", "Layout", "MAP_MARGIN", "ASSETS", "FONT_PATH", "MONO_PATH"]


class Renderer(MapPainter, PanelPainter, RetainedPanel, BallsPainter, ArrowPainter,
               EditorPainter, MapMarksPainter):
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
        # The panel's words are a retained picture (game.panel_retained).
        self.init_retained()
        self.resize(size)

    # --- caches ---------------------------------------------------------------
    def resize(self, size) -> None:
        self.drawn_size = (int(size[0]), int(size[1]))   # the target's own size
        self.layout = Layout.of(size)
        self.use_fonts(fonts_for(self.layout.scale))
        self._bg_cache.clear()
        self.forget_panel()

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
        # the background everywhere but under the panel's words (draw_panel_retained
        # puts them there) and under a block the controls paint whole
        holes = [pygame.Rect(self.layout.text)]
        covers = getattr(controls, "covers", None)
        if covers is not None:
            holes.append(pygame.Rect(covers))
        _blit_except(target, base, holes)
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
        # the panel's picture is still on the target for the next frame unless
        # something was drawn over it (a card, a tooltip or list of the controls)
        over = state.help or state.editing is not None or \
            (controls is not None and not getattr(controls, "confined", False))
        self.panel_left_on(None if over else target)


def _blit_except(target, picture, holes) -> None:
    """``picture`` blitted at (0, 0) everywhere on ``target`` but the rects
    ``holes``.

    >>> import pygame
    >>> t, p = pygame.Surface((6, 4)), pygame.Surface((6, 4))
    >>> _ = p.fill((9, 9, 9))
    >>> _blit_except(t, p, [pygame.Rect(1, 1, 2, 2), pygame.Rect(4, 0, 2, 4)])
    >>> [[t.get_at((x, y))[0] for x in range(6)] for y in range(4)]
    [[9, 9, 9, 9, 0, 0], [9, 0, 0, 9, 0, 0], [9, 0, 0, 9, 0, 0], [9, 9, 9, 9, 0, 0]]
    """
    parts = [target.get_rect()]
    for hole in holes:
        hole = pygame.Rect(hole)
        if not hole.w or not hole.h:
            continue
        left = []
        for r in parts:
            cut = r.clip(hole)
            if not cut.w or not cut.h:
                left.append(r)
                continue
            left += [p for p in (pygame.Rect(r.x, r.y, r.w, cut.y - r.y),
                                 pygame.Rect(r.x, cut.bottom, r.w, r.bottom - cut.bottom),
                                 pygame.Rect(r.x, cut.y, cut.x - r.x, cut.h),
                                 pygame.Rect(cut.right, cut.y, r.right - cut.right, cut.h))
                     if p.w > 0 and p.h > 0]
        parts = left
    for r in parts:
        target.blit(picture, r.topleft, r)
