"""The shared drawing of the overlays: text from cached glyphs (lines are
:class:`~.textrun.TextRun`), translucent cards and labels, edged lines,
polylines and dots, and the caches every overlay uses (see
:class:`PainterBase`)."""
from __future__ import annotations

import itertools
import math
import operator

import numpy as np
import pygame

from ..calculus import PointReadout
from ..render_text import printable, render
from ..ui.words import _exp, vector
from .geometry import BIG, _pt, _runs
from .placement import Board, beyond, reach
from .style import BOX_BG, EDGE, TEXT
from .textrun import TextRun, _ink


def _second(spots, spot):
    """The candidates ``spots`` (an iterable) with ``spot`` put second."""
    it = iter(spots)
    yield from itertools.islice(it, 1)
    yield spot
    yield from it


def _fmt(v, digits=3) -> str:
    """A number for a label: ``digits`` significant digits, a true minus
    sign, an exponent without "+" or leading zeros (the panel's style).

    >>> _fmt(-0.5), _fmt(1000.0), _fmt(-1.5e-7), _fmt(float("inf"))
    ('−0.5', '1e3', '−1.5e−7', 'undefined')
    """
    v = float(v) + 0.0               # no "−0"
    if not math.isfinite(v):
        return "undefined"
    t = f"{v:.{digits}g}"
    if "e" in t:
        t = _exp(t)
    return t.replace("-", "−")


def _fmt_vector(values, digits=3) -> list[str]:
    """A vector's entries for a label, all with the same decimals (see
    :func:`game.ui.words.vector`), with true minus signs.

    >>> _fmt_vector([1.9, 1.94]), _fmt_vector([-0.3, -0.2])
    (['1.90', '1.94'], ['−0.300', '−0.200'])
    """
    return [t.replace("-", "−") for t in vector(values, digits)]


class PainterBase:
    """The caches and drawing primitives shared by the overlays; the
    overlays themselves are mixins on top of it (see :mod:`.painter`)."""

    def __init__(self, small_font: pygame.font.Font, mono_font: pygame.font.Font):
        self.small = small_font
        self.mono = mono_font
        self._text: dict = {}
        self._glyphs: dict = {}
        self._grids: dict = {}
        self._cells: dict = {}
        self._fractions: dict = {}          # np.linspace(0, 1, k) by k (k ≤ 65)
        self._lam_scale: dict = {}
        self._level_memo = None
        self._boxes: dict = {}
        self._cards: dict = {}              # (w, h) → subsurface of a _box
        self._card: list = []
        self._record: list = []             # text rects of the slice insets
        self.placed: list = []              # rects of the map's text this frame
        self.board = None                   # the frame's placement.Board (see begin)
        self._queue: list = []              # cards to draw at flush: (rect, runs, pad x, pad y)
        self.scale = 1.0                    # Layout.scale: pixel sizes grow with the window
        self._memo_key = None
        self._memo = None                   # the cursor's PointReadout (see _at)
        self._runs_memo = None              # (lines, their runs) of the last text block

    def set_fonts(self, small_font, mono_font) -> None:
        """Draw with these fonts from now on (e.g. larger ones for a larger
        window); every cached glyph and line is dropped."""
        self.small, self.mono = small_font, mono_font
        self._text.clear()
        self._glyphs.clear()

    def px(self, v: float) -> float:
        """A pixel size chosen at 1280 × 800, scaled with the window."""
        return v * self.scale

    # --- caches ----------------------------------------------------------------
    def text(self, s, font=None, colour=TEXT) -> TextRun:
        """A line of text assembled from cached glyphs (numbers change every
        frame, so whole-line renders would miss the cache)."""
        font = font or self.small
        key = (s, id(font), colour)
        run = self._text.get(key)
        if run is None:
            if len(self._text) > 600:               # keep the lines drawn more than once
                kept = {k: v for k, v in self._text.items() if v.pics not in (None, True)}
                self._text = kept if len(kept) < 300 else {}
            table = self._glyph_table(font, colour)
            get = table.get
            glyphs = [get(ch) or self._glyph(ch, font, colour) for ch in printable(s)]
            if glyphs:
                surfs, advances, widths, heights, inks = zip(*glyphs)
            else:
                surfs = advances = widths = heights = inks = ()
            xs = list(itertools.accumulate(advances, initial=0))
            # as tall as its tallest glyph (subscripts reach below the line)
            height = max((font.get_height(), *heights))
            width = max((xs[-1], *map(operator.add, xs, widths)))
            run = self._text[key] = TextRun(list(surfs), xs[:-1], (width, height), inks)
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
        g = self._glyph_table(font, colour)[ch] = (surf, adv, *surf.get_size(), _ink(surf))
        return g

    def _at(self, surface, x, y):
        """The read-outs at the cursor (a :class:`calculus.PointReadout`: f,
        ∇f and H evaluated once for every overlay), kept while the cursor
        stays on the same point (a still mouse costs no numpy)."""
        key = (surface.name, surface.formula, x, y)
        if key != self._memo_key:
            self._memo_key, self._memo = key, PointReadout(surface, x, y)
        return self._memo

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

    def _block_runs(self, lines):
        """The runs of ``lines`` (the same list asked again gives the same
        runs without asking the cache)."""
        memo = self._runs_memo
        if memo is not None and memo[0] is lines:
            return memo[1]
        runs = [self.text(s, font, col) for s, col, font in lines]
        self._runs_memo = (lines, runs)
        return runs

    def _text_block_size(self, lines):
        runs = self._block_runs(lines)
        return (max(r.get_width() for r in runs) + 10,
                sum(r.get_height() for r in runs) + 6)

    # --- text on the map --------------------------------------------------------
    def begin(self, vp, board=None) -> Board:
        """Start a frame's map text: ``board`` (a :class:`~.placement.Board`
        already holding what to keep clear of, e.g. the arrow and the cursor)
        or a fresh one over the map's rectangle."""
        self.board = board if board is not None else Board(vp.rect)
        self.placed = []
        self._queue = []
        self._runs_memo = None
        return self.board

    def _text_block(self, target, lines, candidates, vp, text=""):
        """Lines of (text, colour, font) on a translucent card at the first
        free spot among ``candidates`` (see :meth:`.placement.Board.place`);
        drawn at :meth:`flush`, above every line of the overlays. Returns the
        card's rect, or None when the map has no room for it."""
        w, h = self._text_block_size(lines)
        r = self.board.place((w, h), candidates, text or lines[0][0])
        if r is None:
            return None
        rect = pygame.Rect(r)
        self.placed.append(rect)
        self._queue.append((rect, self._block_runs(lines), 5, 3))
        return rect

    def _label(self, target, s, candidates, vp, colour=TEXT, font=None):
        """One line of text on a small dark card at the first free spot
        among ``candidates``; drawn at :meth:`flush`."""
        surf = self.text(s, font, colour)
        w, h = surf.get_width() + 8, surf.get_height() + 2
        r = self.board.place((w, h), candidates, s)
        if r is None:
            return None
        rect = pygame.Rect(r)
        self.placed.append(rect)
        self._queue.append((rect, [surf], 4, 1))
        return rect

    @staticmethod
    def _near(p, d, size, gap, first=()):
        """Candidate spots (a generator) for a box of ``size`` near point
        ``p``: ``first``, then just past p along the unit screen vector
        ``d``, then to either side of that direction, then all round at
        growing distances."""
        yield from first
        n = (-d[1], d[0])
        yield beyond(p, d, size, gap)
        yield beyond(p, n, size, gap)
        yield beyond(p, (-n[0], -n[1]), size, gap)
        # around(p, size, gap + 6, ring) for each ring, one spot at a time
        # (most labels take one of the first few)
        w, h = size
        px, py, hw, hh, W, H = p[0], p[1], w / 2, h / 2, int(w), int(h)
        dirs = reach(size)
        for ring in (1, 2, 3):
            g = (gap + 6) * ring
            for (dx, dy), k in dirs:
                yield (int(round(px + (g + k) * dx - hw)), int(round(py + (g + k) * dy - hh)), W, H)

    def label_size(self, s, font=None):
        """The card size :meth:`_label` gives ``s``."""
        w, h = self.text(s, font).get_size()
        return (w + 8, h + 2)

    def _card_box(self, w, h):
        """The top-left w × h of :meth:`_box` (a subsurface, cached), so that
        cards and text go out in one ``fblits``."""
        card = self._cards.get((w, h))
        if card is None:
            if len(self._cards) > 64:
                self._cards.clear()
            card = self._cards[(w, h)] = self._box(w, h).subsurface((0, 0, w, h))
        return card

    def flush(self, target) -> None:
        """Draw the queued cards and their text (one ``fblits``, in order)."""
        seq = []
        for rect, runs, px, py in self._queue:
            seq.append((self._card_box(rect.w, rect.h), rect.topleft))
            y = rect.y + py
            for run in runs:
                seq += run.blits((rect.x + px, y))
                y += run.get_height()
        if seq:
            target.fblits(seq)
        self._queue = []

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
        if pts.shape[1] >= 2 and np.isfinite(pts).all():
            runs = [slice(None)]
            pts = np.minimum(np.maximum(pts, -BIG), BIG)    # np.clip's values, cheaper
        else:
            ok = np.all(np.isfinite(pts), axis=0)
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
