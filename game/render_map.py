"""The map picture: f coloured on every pixel of the view, with or without
contour lines, as a cached pygame Surface. Pygame only.

A mixin of :class:`game.render.Renderer`. The picture is computed once per
surface, view and window size; a map of more than :data:`STRIP_PIXELS` pixels
is computed strip by strip, so that f, ∇f and the colours of an 8192 × 8192
window never need more than a strip's worth of memory.
"""
from __future__ import annotations

import numpy as np
import pygame

from . import field
from .viewport import Viewport

STRIP_PIXELS = 1 << 21   # a bigger map picture is built in strips of this many pixels


class MapPainter:
    """The cached map pictures (:meth:`background`) and colour scales."""

    def colour_scale(self, surface) -> field.Scale:
        """f's colour scale over the whole domain (cached per surface)."""
        key = (surface.name, surface.formula, surface.domain)
        scale = self._scales.get(key)
        if scale is None:
            if len(self._scales) > 16:
                self._scales.clear()
            scale = self._scales[key] = field.domain_scale(surface)
        return scale

    def background(self, surface, vp, contours: bool, like=None):
        """The cached map picture, with or without contour lines, in the
        pixel format of ``like`` (a Surface) when given.

        A map of more than ``STRIP_PIXELS`` pixels is computed strip by
        strip, so that the memory for f, ∇f and the colours stays bounded
        whatever the window size (the pixel centres are the same)."""
        key = (surface.name, surface.formula, vp)
        entry = self._bg_cache.get(key)
        if entry is None:
            if len(self._bg_cache) > 4:
                self._bg_cache.clear()
            entry = self._bg_cache[key] = {}
        kind = "contours" if contours else "plain"
        if kind in entry:
            return entry[kind]
        w, h = vp.size
        if w * h <= STRIP_PIXELS:
            fld = entry.get("field") or field.build(surface, vp)
            entry["field"] = fld
            entry[kind] = self._to_surface(self._map_rgb(surface, fld, vp, contours), like)
            return entry[kind]
        pic = pygame.Surface((w, h), 0, like) if like is not None else pygame.Surface((w, h))
        xmin, xmax, ymin, ymax = vp.view
        dx = (xmax - xmin) / w
        cols = max(STRIP_PIXELS // h, 1)
        for a in range(0, w, cols):
            b = min(a + cols, w)
            strip = Viewport((xmin + a * dx, xmin + b * dx if b < w else xmax, ymin, ymax),
                             (vp.rect[0] + a, vp.rect[1], b - a, h))
            rgb = self._map_rgb(surface, field.build(surface, strip), vp, contours)
            pic.blit(pygame.surfarray.make_surface(np.ascontiguousarray(rgb)), (a, 0))
        entry[kind] = pic
        return pic

    @staticmethod
    def _map_rgb(surface, fld, vp, contours):
        if not contours:
            return fld.rgb
        alpha, _ = field.contour_alpha(surface, fld, vp.scale)
        return field.blend(fld.rgb, alpha)

    @staticmethod
    def _to_surface(rgb, like=None):
        surf = pygame.surfarray.make_surface(np.ascontiguousarray(rgb))
        return surf.convert(like) if like is not None else surf
