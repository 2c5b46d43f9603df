"""The jacobian overlay (the lens): the images under ∇f of a small circle
around the cursor against its linear map J·d = H·d, with J and a legend."""
from __future__ import annotations

import math

import numpy as np
import pygame

from .drawing import PainterBase, _fmt
from .geometry import _nice_floor, _pt
from .placement import around
from .style import LENS_CIRCLE, LENS_FRACTION, LENS_LINEAR, LENS_SAMPLES, LENS_TRUE, TEXT


class LensPainter(PainterBase):
    """The Jacobian lens at the cursor; its text is placed last, by
    :meth:`_place_lens_text`, away from the arrows drawn after it."""

    def _draw_lens(self, target, surface, vp, x, y, c):
        xmin, xmax = vp.view[:2]                # the shown width (the domain unless zoomed)
        rad = LENS_FRACTION * (xmax - xmin)
        lens = self._at(surface, x, y).lens(rad, LENS_SAMPLES)
        rpx = rad * vp.scale
        pygame.draw.circle(target, LENS_CIRCLE, _pt(c), max(rpx, 1.0), 1)
        self.board.avoid(disc=(c, rpx))
        both = np.concatenate((lens.images, lens.linear), axis=1)
        with np.errstate(invalid="ignore", over="ignore"):
            m = np.hypot(both[0], both[1])
        m = m[np.isfinite(m)]
        top = float(m.max()) if m.size else math.nan
        lines = []
        if top > 0 and math.isfinite(top):
            k = _nice_floor(rad / top)                  # the largest image fits the circle
            s = k * vp.scale
            for arr, colour, width, edge in ((lens.linear, LENS_LINEAR, 4, True),
                                             (lens.images, LENS_TRUE, 1, False)):
                # (c[0] + s·x, c[1] − s·y): the same floats, two numpy calls
                pts = arr * np.array([[s], [-s]]) + np.array([[c[0]], [c[1]]])
                self._polyline(target, colour, pts, width, closed=True, edge=edge)
            lines.append((f"images × {_fmt(k)}", TEXT, self.small))
        else:
            lines.append(("images: ∇f constant here" if top == 0 else "∇f undefined here",
                          TEXT, self.small))
        J = lens.J.tolist()
        cells = [[_fmt(J[i][j]) for j in range(2)] for i in range(2)]
        wdt = max(len(s) for row in cells for s in row)
        lines.append((f"J = H = ⎡{cells[0][0]:>{wdt}} {cells[0][1]:>{wdt}}⎤", TEXT, self.mono))
        lines.append((f"        ⎣{cells[1][0]:>{wdt}} {cells[1][1]:>{wdt}}⎦", TEXT, self.mono))
        lines.append(("— ∇f(x+d) − ∇f(x)", LENS_TRUE, self.small))
        lines.append(("— J·d (linear)", LENS_LINEAR, self.small))
        lines.append((f"○ d, |d| = {_fmt(rad)}", LENS_CIRCLE, self.small))
        self._lens_text = (lines, c, rpx)       # placed last, away from the arrows

    def _place_lens_text(self, target, vp):
        """J and the legend next to the lens: right, left, below or above it,
        else the nearest free spot further out (see :mod:`.placement`)."""
        lines, c, rpx = self._lens_text
        size = self._text_block_size(lines)
        gap = rpx + self.px(10)
        spots = []
        for ring in (1, 2, 3):
            spots += around(c, size, gap, ring)[:4]
        self._text_block(target, lines, spots, vp, "J = H")
