"""OverlayPainter: the overlay mixins together, and ``draw_map``, which draws
the map overlays at the cursor in their stacking order and the readings card."""
from __future__ import annotations

import math

from .curvature import CurvaturePainter
from .jacobian import LensPainter
from .level import LevelPainter
from .quiver import QuiverPainter
from .rose import RosePainter
from .slices import SlicePainter


class OverlayPainter(QuiverPainter, LevelPainter, SlicePainter, RosePainter,
                     CurvaturePainter, LensPainter):
    """Draws the overlays; keeps its own small caches (text, grids, scales)."""

    # --- the map ----------------------------------------------------------------
    def draw_map(self, target, surface, vp, cursor, overlays) -> None:
        """Everything the overlays draw on the map at the cursor (world point
        or None). The quiver is not drawn here: see :meth:`bake_quiver`."""
        if cursor is None or not overlays:
            return
        x, y = float(cursor[0]), float(cursor[1])
        if not (math.isfinite(x) and math.isfinite(y)):
            return
        xmin, xmax, ymin, ymax = vp.view
        l, t, w, h = vp.rect
        c = (l + (x - xmin) * (w / (xmax - xmin)), t + (ymax - y) * (h / (ymax - ymin)))
        tangent = None
        self._card = []
        self._avoid = []                        # segments the lens text must not cover
        self.placed = []                        # text on the map, so labels dodge each other
        self._lens_text = None
        if "level" in overlays:
            tangent = self._draw_level(target, surface, vp, x, y, c)
        if "slices" in overlays:
            self._draw_slice_lines(target, vp, c)
        if "jacobian" in overlays:
            self._draw_lens(target, surface, vp, x, y, c)
        if "rose" in overlays:
            self._draw_rose(target, surface, vp, x, y, c)
        if "level" in overlays and tangent is not None:
            self._draw_tangent(target, c, tangent)
        if "curvature" in overlays:
            self._draw_curvature(target, surface, vp, x, y, c)
        if self._lens_text is not None:
            self._place_lens_text(target, vp)
        if self._card:
            self._draw_card(target, vp, c)

    def _draw_card(self, target, vp, c):
        """The readings, on a card in the map corner farthest from the cursor."""
        l, t, w, h = vp.rect
        right = c[0] < l + w / 2
        bottom = c[1] < t + h / 2
        pos = (l + w - 6 if right else l + 6, t + h - 6 if bottom else t + 6)
        anchor = ("bottom" if bottom else "top") + ("right" if right else "left")
        self._text_block(target, self._card, pos, vp, anchor)
