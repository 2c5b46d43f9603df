"""One line of overlay text as cached glyphs (:class:`TextRun`), drawn glyph
by glyph the first time and as a few pictures of its glyphs from then on,
every pixel blended as glyph after glyph would blend it."""
from __future__ import annotations

import pygame


class TextRun:
    """One line of text as cached glyphs and their x offsets.

    From its second draw on (a line whose numbers change every frame is
    drawn once), drawn as a few pictures of glyphs side by side, each
    holding a run of glyphs whose ink columns do not meet: blending such a
    picture is blending its glyphs in turn, pixel for pixel, since a pixel
    of no ink (alpha 0) leaves the target as it is. Where two glyphs' ink
    could meet (a kerned pair, an accent) the second starts the next
    picture, so that every pixel is still blended glyph after glyph, in
    order. ``inks`` holds each glyph's ink columns (see :func:`_ink`)."""

    __slots__ = ("glyphs", "size", "xs", "pics", "inks")

    def __init__(self, glyphs, xs, size, inks=None):
        self.glyphs, self.xs, self.size = glyphs, xs, size
        self.inks = inks if inks is not None else [_ink(g) for g in glyphs]
        self.pics = None

    def get_width(self) -> int:
        return self.size[0]

    def get_height(self) -> int:
        return self.size[1]

    def get_size(self):
        return self.size

    def draw(self, target, pos) -> None:
        seq = self.blits(pos)
        if len(seq) == 1:
            target.blit(*seq[0])
        elif seq:
            target.fblits(seq)

    def blits(self, pos) -> list:
        """``[(surface, (x, y))]`` that draw the line with its top-left at
        ``pos``, in order (for ``Surface.fblits``)."""
        pics = self.pics
        x, y = int(pos[0]), int(pos[1])
        if pics is None:            # drawn once (most numbers are): glyph by glyph
            self.pics = True
            return [(g, (x + dx, y)) for g, dx in zip(self.glyphs, self.xs)]
        if pics is True:            # drawn again: worth its pictures
            pics = self.pics = self._compose()
        return [(g, (x + dx, y)) for g, dx in pics]

    def _compose(self):
        """``[(picture, x offset)]``: the glyphs in runs whose ink columns do
        not meet, each run drawn into one picture by a per-channel maximum
        over a clear one (which copies each glyph's pixels exactly, as its
        RGB is the same all over and the others' alpha is 0 where it has
        ink); the glyphs themselves where that does not hold."""
        drawn = [(g, dx, ink) for g, dx, ink in zip(self.glyphs, self.xs, self.inks)
                 if g.get_width() and g.get_height()]
        if not drawn:
            return []
        like, rgb = drawn[0][0], drawn[0][2] and drawn[0][2][2]
        if not all(ink is not None and ink[2] == rgb and g.get_masks() == like.get_masks()
                   for g, _, ink in drawn):
            return [(g, dx) for g, dx, _ in drawn]
        groups, group, lo, hi = [], [], 0, 0
        for g, dx, (left, right, _) in drawn:
            if group and right > left and dx + left < hi and dx + right > lo:
                groups.append(group)                 # its ink could meet the run's
                group = []
            if not group:
                lo, hi = dx + left, dx + right
            elif right > left:
                lo, hi = min(lo, dx + left), max(hi, dx + right)
            group.append((g, dx))
        groups.append(group)
        pics = []
        for group in groups:
            start = group[0][1]
            w = max(dx + g.get_width() for g, dx in group) - start
            h = max(g.get_height() for g, _ in group)
            pic = pygame.Surface((w, h), pygame.SRCALPHA, like)
            pic.fblits([(g, (dx - start, 0)) for g, dx in group], pygame.BLEND_RGBA_MAX)
            pics.append((pic, start))
        return pics


def _ink(surf):
    """``(left, right, rgb)`` of a glyph: the columns its ink (alpha > 0)
    spans and the RGB all its pixels share; None when they do not share
    one or it is not 32-bit per-pixel alpha."""
    if not (surf.get_bitsize() == 32 and surf.get_flags() & pygame.SRCALPHA):
        return None
    if not (surf.get_width() and surf.get_height()):
        return (0, 0, None)
    rgb = pygame.surfarray.array3d(surf).reshape(-1, 3)
    if not (rgb == rgb[0]).all():
        return None
    r = surf.get_bounding_rect(min_alpha=1)
    return (r.left, r.right, tuple(rgb[0].tolist()))
