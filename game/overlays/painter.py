"""OverlayPainter: the overlay mixins together, and ``draw_map``, which draws
the map overlays at the cursor in their stacking order and the readings card."""
from __future__ import annotations

import math

from .curvature import CurvaturePainter
from .jacobian import LensPainter
from .placement import corners
from .level import LevelPainter
from .quiver import QuiverPainter
from .rose import RosePainter
from .slices import SlicePainter


class OverlayPainter(QuiverPainter, LevelPainter, SlicePainter, RosePainter,
                     CurvaturePainter, LensPainter):
    """Draws the overlays; keeps its own small caches (text, grids, scales)."""

    # --- the map ----------------------------------------------------------------
    def draw_map(self, target, surface, vp, cursor, overlays, board=None) -> None:
        """Everything the overlays draw on the map at the cursor (world point
        or None). The quiver is not drawn here: see :meth:`bake_quiver`.

        Text goes where ``board`` (a :class:`~.placement.Board`, holding what
        it must keep clear of; a fresh one over the map when None) has room:
        no label touches another, the board's obstacles, or the map's edge.
        ``self.placed`` lists the rectangles taken, in order."""
        self.begin(vp, board)
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
        self.flush(target)

    def _draw_card(self, target, vp, c):
        """The readings, on a card in the free map corner farthest from the cursor."""
        size = self._text_block_size(self._card)
        spots = corners(vp.rect, size, int(self.px(6)))
        spots.sort(key=lambda r: -((r[0] + r[2] / 2 - c[0]) ** 2 + (r[1] + r[3] / 2 - c[1]) ** 2))
        self._text_block(target, self._card, spots, vp, "readings")
