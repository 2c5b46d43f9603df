"""The map picture: f coloured on every pixel of the view, with or without
contour lines, written straight into a surface's pixels. Pygame only.

A mixin of :class:`game.render.Renderer`. The picture is computed once per
surface, view and window size (:mod:`game.colormap`, in row bands, so that
an 8192 × 8192 window needs a band's worth of memory). A pan of whole pixels
scrolls the cached picture instead (:meth:`MapPainter.scroll_map`) and
computes only the strips it exposes: the same pixels a full rebuild gives
there (each pixel centre comes from its own index).
"""
from __future__ import annotations

import numpy as np
import pygame

from . import colormap, field

PAN_SLACK = 1e-6      # a view moved by whole pixels to within this many pixels scrolls


class MapPainter:
    """The map pictures and colour scales (uses the renderer's ``_scales``)."""

    def colour_scale(self, surface) -> field.Scale:
        """f's colour scale over the whole domain (cached per surface)."""
        key = (surface.name, surface.formula, surface.domain)
        scale = self._scales.get(key)
        if scale is None:
            if len(self._scales) > 16:
                self._scales.clear()
            scale = self._scales[key] = field.domain_scale(surface)
        return scale

    def paint_map(self, target, surface, vp, contours: bool, window=None) -> None:
        """Write the map of ``surface`` in viewport ``vp`` into ``target`` at
        ``vp.rect`` (``window = (x0, x1, y0, y1)``: only those pixels of the
        map). A 32-bit target that holds the whole window gets its pixels
        written in place; others get a blit (clipped at their edges)."""
        w, h = vp.size
        x0, x1, y0, y1 = window if window is not None else (0, w, 0, h)
        if x1 <= x0 or y1 <= y0:
            return
        left, top = vp.rect[:2]
        scale = self.colour_scale(surface)
        tw, th = target.get_size()
        inside = 0 <= left + x0 and left + x1 <= tw and 0 <= top + y0 and top + y1 <= th
        if target.get_bytesize() == 4 and inside:
            pixels = pygame.surfarray.pixels2d(target)
            try:
                out = pixels[left + x0:left + x1, top + y0:top + y1].T    # (rows, columns)
                colormap.pixels(surface, vp, contours, _palette(target), (x0, x1, y0, y1), out, scale)
            finally:
                del pixels
            return
        pic = pygame.Surface((x1 - x0, y1 - y0), 0, 32)
        self.paint_map(pic, surface, _shifted(vp, x0, y0), contours, window)
        target.blit(pic, (left + x0, top + y0))

    def background(self, surface, vp, contours: bool, like=None):
        """The map picture alone, as a surface of ``vp.size`` (in the pixel
        format of ``like`` when given)."""
        pic = pygame.Surface(vp.size, 0, like) if like is not None else pygame.Surface(vp.size)
        self.paint_map(pic, surface, _shifted(vp, 0, 0), contours)
        return pic

    def scrolled_base(self, previous, key, surface):
        """The previous window picture (``(base, rects)`` among ``previous``,
        under ``base_frame``'s keys) scrolled to the view of ``key``, when
        only the view moved, by whole pixels, and the quiver (baked in at
        fixed arrow places) is off; else None."""
        _, name, formula, vp, contours, quiver, layout = key
        if quiver:
            return None
        for (_, old_name, old_formula, old_vp, *rest), entry in previous:
            if (old_name, old_formula, *rest) == (name, formula, contours, quiver, layout) and \
                    self.scroll_map(entry[0], old_vp, vp, surface, contours):
                return entry
        return None

    def scroll_map(self, target, old_vp, vp, surface, contours: bool) -> bool:
        """Move the map that ``target`` holds for ``old_vp`` to where it is in
        ``vp`` and compute the strips the move exposes, if ``vp`` is
        ``old_vp`` moved by whole pixels (a pan). Returns whether it did;
        if not, ``target`` is untouched."""
        shift = pixel_shift(old_vp, vp)
        if shift is None:
            return False
        dx, dy = shift
        w, h = vp.size
        clip = target.get_clip()
        target.set_clip(pygame.Rect(vp.rect))
        try:
            target.scroll(dx, dy)
        finally:
            target.set_clip(clip)
        cols = (0, dx) if dx > 0 else (w + dx, w)      # exposed columns, every row
        rows = (0, dy) if dy > 0 else (h + dy, h)      # exposed rows, the other columns
        if dx:
            self.paint_map(target, surface, vp, contours, cols + (0, h))
        if dy:
            x0, x1 = (cols[1], w) if dx > 0 else (0, cols[0])
            self.paint_map(target, surface, vp, contours, (x0, x1) + rows)
        return True


def pixel_shift(old_vp, vp):
    """``(dx, dy)``, the whole pixels by which the picture of ``old_vp`` moves
    on screen to show ``vp`` (right and down), or None when ``vp`` is not
    ``old_vp`` moved by whole pixels (another size, scale or rectangle, a
    move of a fraction of a pixel, or one of the whole map or more).

    >>> from game.viewport import Viewport
    >>> a = Viewport((0.0, 4.0, 0.0, 4.0), (10, 10, 400, 400))
    >>> pixel_shift(a, Viewport((-0.03, 3.97, 0.02, 4.02), a.rect))
    (3, 2)
    >>> pixel_shift(a, Viewport((-0.035, 3.965, 0.0, 4.0), a.rect)) is None
    True
    """
    if old_vp.rect != vp.rect:
        return None
    (oxmin, oxmax, oymin, oymax), (xmin, xmax, ymin, ymax) = old_vp.view, vp.view
    w, h = vp.size
    width, height = xmax - xmin, ymax - ymin
    if not (abs((oxmax - oxmin) - width) <= 1e-9 * width
            and abs((oymax - oymin) - height) <= 1e-9 * height):
        return None
    sx, sy = (oxmin - xmin) * (w / width), (ymax - oymax) * (h / height)
    dx, dy = round(sx), round(sy)
    if abs(sx - dx) > PAN_SLACK or abs(sy - dy) > PAN_SLACK or abs(dx) >= w or abs(dy) >= h:
        return None
    return int(dx), int(dy)


def _shifted(vp, x0, y0):
    """``vp`` placed so that its map pixel ``(x0, y0)`` is at the origin."""
    return type(vp)(vp.view, (-x0, -y0) + tuple(vp.size))


_PALETTES: dict = {}


def _palette(target) -> colormap.Palette:
    """The colours packed in ``target``'s pixel format (cached per format)."""
    shifts, masks = target.get_shifts(), target.get_masks()
    key = (shifts, masks)
    palette = _PALETTES.get(key)
    if palette is None:
        if len(_PALETTES) > 8:
            _PALETTES.clear()
        palette = _PALETTES[key] = colormap.Palette.of(shifts[:3], masks[3])
    return palette
