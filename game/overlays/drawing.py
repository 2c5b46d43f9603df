"""The shared drawing of the overlays: text from cached glyphs, translucent
cards and labels, edged lines, polylines and dots, and the caches every
overlay uses (see :class:`PainterBase`)."""
from __future__ import annotations

import math

import numpy as np
import pygame

from ..render_text import printable, render
from .geometry import BIG, _pt, _runs
from .style import BOX_BG, EDGE, TEXT


# How a label may move to get clear of the ones placed before it, nearest first:
# (× half its width + 4, × its height + 2).
_SHIFTS = sorted(((kx, ky) for kx in range(-3, 4) for ky in range(-6, 7)),
                 key=lambda k: (abs(k[0]) + abs(k[1]), abs(k[0])))


def _finite_or(v, default):
    v = float(v)
    return v if math.isfinite(v) else default


def _fmt(v, digits=3) -> str:
    """A number for a label: ``digits`` significant digits, a true minus sign."""
    v = float(v) + 0.0               # no "−0"
    if not math.isfinite(v):
        return "undefined"
    s = f"{v:.{digits}g}"
    return s.replace("-", "−")


class TextRun:
    """One line of text as cached glyphs and their x offsets."""

    __slots__ = ("glyphs", "size", "xs")

    def __init__(self, glyphs, xs, size):
        self.glyphs, self.xs, self.size = glyphs, xs, size

    def get_width(self) -> int:
        return self.size[0]

    def get_height(self) -> int:
        return self.size[1]

    def get_size(self):
        return self.size

    def draw(self, target, pos) -> None:
        x, y = int(pos[0]), int(pos[1])
        target.fblits([(g, (x + dx, y)) for g, dx in zip(self.glyphs, self.xs)])


class PainterBase:
    """The caches and drawing primitives shared by the overlays; the
    overlays themselves are mixins on top of it (see :mod:`.painter`)."""

    def __init__(self, small_font: pygame.font.Font, mono_font: pygame.font.Font):
        self.small = small_font
        self.mono = mono_font
        self._text: dict = {}
        self._glyphs: dict = {}
        self._grids: dict = {}
        self._lam_scale: dict = {}
        self._level_memo = None
        self._boxes: dict = {}
        self._card: list = []
        self._record: list = []             # text rects of the slice insets
        self.placed: list = []              # rects of the map's text this frame
        self._memo_key = None
        self._memo: dict = {}

    # --- caches ----------------------------------------------------------------
    def text(self, s, font=None, colour=TEXT) -> TextRun:
        """A line of text assembled from cached glyphs (numbers change every
        frame, so whole-line renders would miss the cache)."""
        font = font or self.small
        key = (s, id(font), colour)
        run = self._text.get(key)
        if run is None:
            if len(self._text) > 600:
                self._text.clear()
            table = self._glyph_table(font, colour)
            glyphs = [table.get(ch) or self._glyph(ch, font, colour) for ch in printable(s)]
            xs = [0]
            for g in glyphs:
                xs.append(xs[-1] + g[1])
            surfs = [g[0] for g in glyphs]
            # as tall as its tallest glyph (subscripts reach below the line)
            height = max([font.get_height()] + [g.get_height() for g in surfs])
            width = max([xs[-1]] + [x + g.get_width() for x, g in zip(xs, surfs)])
            run = self._text[key] = TextRun(surfs, xs[:-1], (width, height))
        return run

    def _glyph_table(self, font, colour):
        key = (id(font), colour)
        table = self._glyphs.get(key)
        if table is None:
            table = self._glyphs[key] = {}
        return table

    def _glyph(self, ch, font, colour):
        surf = render(font, ch, colour)        # "" for a glyph of no width
        try:
            m = font.metrics(ch)
        except (pygame.error, ValueError):
            m = None
        adv = m[0][4] if m and m[0] else surf.get_width()
        g = self._glyph_table(font, colour)[ch] = (surf, adv)
        return g

    def _geometry(self, kind, fn, surface, x, y, *args):
        """``fn(surface, x, y, *args)`` from :mod:`calculus`, remembered while
        the cursor stays on the same point (a still mouse costs no numpy)."""
        key = (surface.name, surface.formula, x, y)
        if key != self._memo_key:
            self._memo_key, self._memo = key, {}
        k = (kind,) + args
        out = self._memo.get(k)
        if out is None:
            out = self._memo[k] = fn(surface, x, y, *args)
        return out

    def _box(self, w, h):
        """A translucent dark card of at least w × h (sizes rounded up by 16)."""
        key = (-(-int(w) // 16) * 16, -(-int(h) // 16) * 16)
        box = self._boxes.get(key)
        if box is None:
            if len(self._boxes) > 32:
                self._boxes.clear()
            box = self._boxes[key] = pygame.Surface(key, pygame.SRCALPHA)
            box.fill(BOX_BG)
        return box

    def _text_block_size(self, lines):
        runs = [self.text(s, font, col) for s, col, font in lines]
        return (max(r.get_width() for r in runs) + 10,
                sum(r.get_height() for r in runs) + 6)

    def _text_block(self, target, lines, pos, vp, anchor="topleft"):
        """Lines of (text, colour, font) on a translucent card at ``pos``,
        kept inside the map. Returns the card's rect."""
        surfs = [self.text(s, font, col) for s, col, font in lines]
        w = max(s.get_width() for s in surfs) + 10
        h = sum(s.get_height() for s in surfs) + 6
        rect = pygame.Rect(0, 0, w, h)
        setattr(rect, anchor, (int(pos[0]), int(pos[1])))
        l, t, vw, vh = vp.rect
        rect.x = int(min(max(rect.x, l + 2), max(l + vw - w - 2, l + 2)))
        rect.y = int(min(max(rect.y, t + 2), max(t + vh - h - 2, t + 2)))
        rect = self._free_spot(rect, vp)
        box = self._box(w, h)
        target.blit(box, rect.topleft, pygame.Rect(0, 0, w, h))
        y = rect.y + 3
        for s in surfs:
            s.draw(target, (rect.x + 5, y))
            y += s.get_height()
        return rect

    def _label(self, target, s, pos, vp, colour=TEXT, font=None):
        """One line of text on a small dark card centred at pos, kept on the map."""
        surf = self.text(s, font, colour)
        w, h = surf.get_width() + 8, surf.get_height() + 2
        l, t, vw, vh = vp.rect
        x = int(min(max(_finite_or(pos[0], l) - w / 2, l + 2), max(l + vw - w - 2, l + 2)))
        y = int(min(max(_finite_or(pos[1], t) - h / 2, t + 2), max(t + vh - h - 2, t + 2)))
        x, y = self._free_spot(pygame.Rect(x, y, w, h), vp).topleft
        target.blit(self._box(w, h), (x, y), pygame.Rect(0, 0, w, h))
        surf.draw(target, (x + 4, y + 1))

    def _free_spot(self, rect, vp):
        """``rect``, or the nearest of a few shifts of it (by its height, then
        by half its width too) that overlaps no text placed on the map this
        frame and stays on the map; the chosen rect is then placed."""
        l, t, vw, vh = vp.rect
        area = pygame.Rect(l + 1, t + 1, vw - 2, vh - 2)
        dy, dx = rect.h + 2, rect.w // 2 + 4
        for kx, ky in _SHIFTS:
            cand = rect.move(kx * dx, ky * dy)
            if (cand.collidelist(self.placed) < 0
                    and (area.contains(cand) or (kx, ky) == (0, 0) and not area.contains(rect))):
                break
        else:
            cand = rect
        self.placed.append(cand)
        return cand

    @staticmethod
    def _line(target, colour, a, b, width=2, edge=True):
        a, b = _pt(a), _pt(b)
        if edge:
            pygame.draw.line(target, EDGE, a, b, width + 2)
        pygame.draw.line(target, colour, a, b, width)

    @staticmethod
    def _polyline(target, colour, pts, width=2, closed=False, edge=True):
        """Screen points (2, n); non-finite points split the line into runs."""
        pts = np.asarray(pts, float)
        ok = np.all(np.isfinite(pts), axis=0)
        if ok.all() and pts.shape[1] >= 2:
            runs = [slice(0, pts.shape[1])]
        else:
            closed = False
            runs = _runs(ok)
        pts = np.clip(np.where(ok, pts, 0.0), -BIG, BIG)
        for r in runs:
            seg = pts[:, r].T.tolist()
            if len(seg) < 2:
                continue
            if edge:
                pygame.draw.lines(target, EDGE, closed, seg, width + 2)
            pygame.draw.lines(target, colour, closed, seg, width)

    @staticmethod
    def _dot(target, colour, p, r=4):
        p = _pt(p)
        pygame.draw.circle(target, EDGE, p, r + 1)
        pygame.draw.circle(target, colour, p, r)
