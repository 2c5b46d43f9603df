"""Everything drawn on the map over the balls, placed so that no text covers
other text, the gradient arrow or the cursor, and none is cut at the map's
edge; and the axes beside the map.

A mixin of :class:`game.render.Renderer` (it reads ``self.layout``,
``self.small``, ``self.overlays``, ``self.drawn_rects`` and the arrow
painter's methods). One :class:`~game.overlays.placement.Board` per frame:
the arrow and a disc round the cursor are blocked first, then the regression
inset takes a free corner, then the overlays place their labels, then a
star's label when the cursor is near a known minimum. Every label is recorded
in ``drawn_rects`` as ``("map", rect, text)``, the inset's text as
``("inset", …)`` and the axes' as ``("axes", …)``; the frame's board is
kept as ``map_board``.
"""
from __future__ import annotations

import pygame

from ..overlays.placement import Board
from ..render_arrow import CURSOR_KEEP_PX
from .axes import AxesPainter
from .inset import RegressionInset, newest_ball
from .minima import MinimaPainter

AXIS_NAMES = {"regression": ("w₁", "w₂")}
POINTER_PX = (16, 24)        # the mouse pointer's size on screen (it does not scale)


class MapMarksPainter:
    """The map's marks: stars, inset, overlays' labels, arrow, axes."""

    def _map_marks(self):
        marks = getattr(self, "_marks_painters", None)
        if marks is None:
            marks = self._marks_painters = (AxesPainter(), MinimaPainter(), RegressionInset())
        return marks

    def draw_map_marks(self, target, state, world, alpha, vp, cursor, keep_clear=None) -> None:
        """The stars, the regression inset, the overlays at the cursor, a
        star's label and the gradient arrow, in that order, their text placed
        on one board; ``keep_clear`` (a rect, e.g. the first-time hint's, or
        None) is left alone too."""
        _, minima, inset = self._map_marks()
        surface = world.surface
        scale = self.layout.scale
        area = pygame.Rect(vp.rect).clip(target.get_rect())
        board = self.map_board = Board((area.x, area.y, area.w, area.h))
        self.overlays.scale = scale
        if keep_clear is not None:
            board.block(tuple(keep_clear), "hint")
        shape = cpx = None
        if cursor is not None:
            shape = self.arrow_shape(surface, vp, cursor)
            for r in self.arrow_keep_clear(shape):
                board.block(r, "arrow")
            if shape[0] is not None:
                cpx = tuple(float(v) for v in vp.to_screen(cursor))
                board.block_disc(cpx, CURSOR_KEEP_PX * scale)
                # the system's arrow pointer hangs down and right of its hot spot
                board.block((cpx[0] - 2, cpx[1] - 2) + POINTER_PX, "pointer")
        minima.reserve(surface, vp, scale, board)
        inset_rect = weights = None
        if inset.applies(surface):
            weights = newest_ball(world, alpha) if world.count else None
            away = cpx
            if away is None and weights is not None:
                away = tuple(float(v) for v in vp.to_screen(weights))
            if weights is None and cursor is not None:
                weights = (float(cursor[0]), float(cursor[1]))
            inset_rect = inset.reserve(vp, board, away, scale)
        if cursor is not None:
            self.overlays.draw_map(target, surface, vp, cursor, state.overlays, board)
        minima.draw(target, surface, vp, scale)
        if cursor is not None:
            if cpx is not None:
                text, p = minima.hover_text(surface, vp, cpx, scale)
                if text is not None:
                    ov = self.overlays
                    ov._label(target, text, ov._near(p, (0.0, -1.0), ov.label_size(text),
                                                     ov.px(10)), vp)
                    ov.flush(target)
        if inset_rect is not None:
            inset.draw(target, surface, inset_rect, weights, self.small, scale, self.drawn_rects)
        if shape is not None:
            self.draw_arrow(target, surface, vp, cursor, shape)
        self.drawn_rects.extend(("map", pygame.Rect(r), text)
                                for kind, r, text in board.placed if kind == "label")

    def draw_axes(self, target, surface, vp) -> None:
        """Ticks and labels in world units below and left of the map."""
        axes = self._map_marks()[0]
        names = AXIS_NAMES.get(surface.name, ("x", "y"))
        w, h = target.get_size()
        right = min(self.layout.panel[0], w)
        axes.draw(target, vp, self.small, names, self.layout.scale, (0, 0, right, h),
                  self.drawn_rects)
