"""The slices overlay: the lines x = x₀ and y = y₀ on the map, and in the side
panel the two inset plots of f along them with their tangents."""
from __future__ import annotations

import math

import numpy as np
import pygame

from ..render_text import elide
from .drawing import PainterBase, _fmt
from .geometry import _clip_segment, _pt
from .style import DIM, INSET_BG, INSET_FRAME, SLICE_X_RGB, SLICE_Y_RGB, TANGENT_RGB


class SlicePainter(PainterBase):
    """The slice lines on the map and the two inset plots in the side panel
    (:meth:`draw_insets`)."""

    # --- map part ---------------------------------------------------------------
    def _draw_slice_lines(self, target, vp, c):
        l, t, w, h = vp.rect
        self._line(target, SLICE_X_RGB, (l, c[1]), (l + w - 1, c[1]), 2)
        self._line(target, SLICE_Y_RGB, (c[0], t), (c[0], t + h - 1), 2)

    # --- insets (side panel) ----------------------------------------------------
    def draw_insets(self, target, surface, cursor, overlays, rect, record=None) -> int:
        """The two slice plots stacked in ``rect = (left, top, w, h)``; returns
        the height used (0 when slices are off, there is no cursor or no room).
        What is drawn is appended to ``record`` (a list): each text as
        ``("panel", rect, text)`` and each plot as ``("graphic", rect, "plot")``."""
        if "slices" not in overlays or cursor is None:
            return 0
        x, y = float(cursor[0]), float(cursor[1])
        left, top, w, h = (int(v) for v in rect)
        title_h = self.small.get_linesize()
        min_plot, max_plot, gap = 36, 120, 10
        block_extra = 2 * title_h + 4
        if w < 90 or h < block_extra + min_plot or not (math.isfinite(x) and math.isfinite(y)):
            return 0
        two = (h - gap) // 2 - block_extra
        n_plots = 2 if two >= min_plot else 1
        ph = int(min(max_plot, (two if n_plots == 2 else h - block_extra)))
        sl = self._at(surface, x, y).slices(160)
        xmin, xmax, ymin, ymax = surface.domain
        plots = [("f(x, y₀) along x (y₀ fixed)", sl.xs, sl.fx, x, sl.tangent_x,
                  f"∂f/∂x = {_fmt(sl.slope_x, 4)}", SLICE_X_RGB, (xmin, xmax)),
                 ("f(x₀, y) along y (x₀ fixed)", sl.ys, sl.fy, y, sl.tangent_y,
                  f"∂f/∂y = {_fmt(sl.slope_y, 4)}", SLICE_Y_RGB, (ymin, ymax))]
        yy = top
        clip = target.get_clip()
        self._record = record if record is not None else []
        try:
            for title, s, fv, s0, tangent, slope, colour, srange in plots[:n_plots]:
                self._plot(target, (left, yy, w, ph), title, s, fv, s0, sl.f0,
                           tangent, slope, colour, srange, title_h, clip)
                yy += ph + block_extra + gap
        finally:
            target.set_clip(clip)
        return yy - gap - top

    def _plot_box(self, w, h):
        """The opaque background of one inset plot, cached (an opaque blit is
        several times cheaper than drawing or alpha-blitting it)."""
        key = ("plot", w, h)
        box = self._boxes.get(key)
        if box is None:
            box = pygame.Surface((w, h))
            if pygame.display.get_surface() is not None:
                box = box.convert()
            box.fill(INSET_BG)
            pygame.draw.rect(box, INSET_FRAME, box.get_rect(), 1)
            self._boxes[key] = box
        return box

    def _put(self, target, text, colour, pos, right=False):
        """One small line at ``pos`` (its right end there when ``right``),
        recorded in the list given to :meth:`draw_insets`."""
        run = self.text(text, self.small, colour)
        x = int(pos[0]) - (run.get_width() if right else 0)
        run.draw(target, (x, int(pos[1])))
        self._record.append(("panel", pygame.Rect((x, int(pos[1])), run.get_size()), text))

    def _plot(self, target, rect, title, s, fv, s0, f0, tangent, slope, colour,
              srange, title_h, outer):
        left, top, w, h = rect
        target.set_clip(outer)
        self._put(target, elide(title, w, lambda t: self.text(t, self.small).get_width()),
                  colour, (left, top))
        box = pygame.Rect(left, top + title_h + 2, w, h)
        target.blit(self._plot_box(w, h), box.topleft)
        self._record.append(("graphic", box.clip(outer), "plot"))
        below = box.bottom + 1
        s_lo, s_hi = srange
        slope_w = self.text(slope, self.small, colour).get_width()
        ends = self.text(_fmt(s_lo), self.small, DIM).get_width() + \
            self.text(_fmt(s_hi), self.small, DIM).get_width()
        if ends + slope_w + 16 <= w:                # the range, when there is room
            self._put(target, _fmt(s_lo), DIM, (left, below))
            self._put(target, _fmt(s_hi), DIM, (left + w, below), right=True)
        self._put(target, elide(slope, w, lambda t: self.text(t, self.small).get_width()),
                  colour, (left + (w - min(slope_w, w)) // 2, below))
        finite = np.isfinite(fv)
        if not finite.any():
            u = self.text("f undefined along this line", self.small, DIM)
            self._put(target, "f undefined along this line" if u.get_width() <= w - 12
                      else "f undefined", DIM, (box.x + 6, box.centery - u.get_height() // 2))
            return
        ok = fv[finite]
        lo, hi = float(ok.min()), float(ok.max())
        # A slice flat to rounding (beale along y = 1) is drawn flat, not as
        # its rounding noise blown up to the plot's height.
        flat = not hi - lo > 1e-9 * max(abs(lo), abs(hi))
        pad = max(1.0, abs(lo)) * 0.1 if flat else 0.08 * (hi - lo)
        f_lo, f_hi = lo - pad, hi + pad
        if not math.isfinite(f_hi - f_lo):
            f_lo, f_hi = -1.0, 1.0
        inner = box.inflate(-4, -4)
        ix, ib = inner.x, inner.bottom
        sx_per = inner.w / (s_hi - s_lo)
        fy_per = inner.h / (f_hi - f_lo)

        def to_px(sv, f):                      # scalars, plain floats
            return (ix + (sv - s_lo) * sx_per, ib - (f - f_lo) * fy_per)

        taken = None                           # the highest value's label, once placed
        for v, above in ((hi, True), (lo, False)):
            ly = ib - (v - f_lo) * fy_per
            if not math.isfinite(ly):
                continue
            pygame.draw.line(target, INSET_FRAME, (ix, ly), (inner.right - 1, ly), 1)
            lab = self.text(_fmt(v), self.small, DIM)
            ty = ly - lab.get_height() if above else ly
            at = (ix + 3, min(max(ty, box.y + 1), box.bottom - lab.get_height()))
            spot = pygame.Rect(at, lab.get_size())
            if taken is not None and taken.colliderect(spot):
                continue                       # a plot too short for both: the line only
            self._put(target, _fmt(v), DIM, at)
            taken = spot
        target.set_clip(box.clip(outer))
        with np.errstate(all="ignore"):
            pts = np.stack([ix + (s - s_lo) * sx_per, ib - (fv - f_lo) * fy_per])
        self._polyline(target, colour, pts, 2, edge=False)
        t = tangent.tolist()
        if math.isfinite(f0) and all(math.isfinite(v) for row in t for v in row):
            seg = _clip_segment(to_px(t[0][0], t[1][0]), to_px(t[0][1], t[1][1]),
                                (box.x, box.y, box.w, box.h))
            if seg is not None:
                pygame.draw.line(target, TANGENT_RGB, _pt(seg[0]), _pt(seg[1]), 1)
            p = to_px(s0, f0)
            if box.collidepoint(p):
                pygame.draw.circle(target, TANGENT_RGB, _pt(p), 5)
                pygame.draw.circle(target, colour, _pt(p), 3)
