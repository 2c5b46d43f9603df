"""The red gradient arrow at the cursor: pygame only.

A mixin of :class:`game.render.Renderer`.
"""
from __future__ import annotations

import math

import numpy as np
import pygame

from . import calculus
from .overlays import arrow_polygon
from .overlays.geometry import _pt

ARROW_RGB = (235, 40, 40)
ARROW_EDGE = (40, 0, 0)
ARROW_MIN_PX, ARROW_MAX_PX = 10.0, 170.0


class ArrowPainter:
    """∇f at the cursor as an arrow (uses the renderer's ``_grad_scale`` cache)."""

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
