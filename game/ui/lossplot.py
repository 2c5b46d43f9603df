"""The loss plot: f(x_k) − f* on a log axis against the step k.

Pygame only; the arithmetic (range, ticks, decimation, the theory line) is
:mod:`game.plotaxes`. One curve per tracked ball, in its rule's colour, read
from ``world.history`` (recorded inside the physics tick). Where f* is not
known the curves are f − (the lowest f seen) and the title says so. For the
optimizer of new balls, on a surface with a constant Hessian, the
theoretical rate ρ is drawn as a dashed line from its newest ball's start:
f − f* shrinks like ρ^(2k) (it is quadratic in the distance to x*).

The plot is drawn into a cached picture, rebuilt only when the history or
the theory changes (at most once per tick); a frame is one blit.
"""
from __future__ import annotations

import numpy as np
import pygame

from .. import plotaxes, render_text
from .paint import TextCache

TEXT = (225, 228, 235)
DIM = (150, 155, 165)
BOX_BG = (30, 33, 42)
FRAME = (70, 74, 86)
GRID = (44, 48, 60)
MIN_H = 90            # below this the plot is not drawn


def _lighter(colour, t=0.45):
    return tuple(int(c + (255 - c) * t) for c in colour)


class LossPlot:
    """Draws the loss plot of a world's history (see the module)."""

    def __init__(self, font, background):
        self.font = font
        self.background = tuple(background)
        self.cells = TextCache(font)
        self.line_h = font.get_linesize()
        self._key = None
        self._pic = None
        self._rects: list = []

    @staticmethod
    def inputs(world, rates=None):
        """What the plot shows, read from ``world``: ``(series, floor, known,
        theory)`` with ``series = [(name, colour, steps, gap), …]`` and
        ``theory = (colour, k0, gap0, ρ)`` or None. ``rates`` is
        ``world.rates()`` when the caller has it already."""
        from .. import optim
        h = world.history
        floor = h.floor
        series, anchor = [], None
        probe = h.probe
        for s in h.series:
            steps, f = s.points()
            if not steps.size:
                continue
            with np.errstate(all="ignore"):
                item = (s.name, tuple(optim.get(s.name).colour), steps, f - floor)
            series.append(item)
            if probe is not None and (s.name, s.id) == tuple(probe[:2]):
                anchor = item
        theory = None
        rates = world.rates() if rates is None else rates
        if anchor is not None and anchor[0] == world.optimizer and rates is not None \
                and rates.get("theory") is not None:
            theory = (anchor[1], int(anchor[2][0]), float(anchor[3][0]), float(rates["theory"]))
        return series, floor, h.f_star_known, theory

    def draw(self, target, rect, world, record, rates=None) -> int:
        """The plot in ``rect = (left, top, w, h)``; returns the height used
        (0 when there is nothing to plot or no room)."""
        left, top, w, h = (int(v) for v in rect)
        if w < 120 or h < MIN_H:
            return 0
        series, floor, known, theory = self.inputs(world, rates)
        if not series or not np.isfinite(floor):
            return 0
        key = (w, h, known, floor, theory,
               tuple((n, int(st[-1]), st.size, float(g[-1])) for n, _, st, g in series))
        if key != self._key:
            self._build(w, h, series, known, theory)
            self._key = key
        target.blit(self._pic, (left, top))
        record.extend((g, r.move(left, top), t) for g, r, t in self._rects)
        return h

    # --- the picture ------------------------------------------------------------
    def _build(self, w, h, series, known, theory):
        pic = pygame.Surface((w, h))
        pic.fill(self.background)
        self._rects = rects = []
        lh = self.line_h

        def put(text, colour, x, y):
            s = self.cells(text, colour)
            pic.blit(s, (x, y))
            rects.append(("panel", pygame.Rect((x, y), s.get_size()), text))
            return s.get_width()

        title = "f − f*  (log) against the step" if known else \
            "f − lowest f seen  (f* unknown; log) against the step"
        title = render_text.elide(title, w, self.cells.width)
        put(title, TEXT, 0, 0)
        rng = plotaxes.log_range([g for *_, g in series]) or (-1, 0)
        lo, hi = rng
        k_max = max(max(int(st[-1]) for _, _, st, _ in series), 10)
        top = lh + 4
        plot_h = h - top - lh - 2
        ticks = plotaxes.decade_ticks(lo, hi, max(plot_h // (lh + 4), 2))
        labels = [plotaxes.decade_label(e) for e in ticks]
        lab_w = max(self.cells.width(t) for t in labels) + 4
        box = pygame.Rect(lab_w, top, w - lab_w - 1, plot_h)
        pygame.draw.rect(pic, BOX_BG, box)
        inner = box.inflate(-2, -2)
        x_per = (inner.w - 1) / k_max
        y_per = (inner.h - 1) / (hi - lo)

        def px(k):
            return inner.x + np.asarray(k, float) * x_per

        def py(e):
            return inner.bottom - 1 - (np.asarray(e, float) - lo) * y_per

        for e, label in zip(ticks, labels):               # y axis: decades
            y = float(py(e))
            pygame.draw.line(pic, GRID, (inner.x, y), (inner.right - 1, y))
            s = self.cells(label, DIM)
            ty = int(min(max(y - s.get_height() / 2, lh + 1), h - s.get_height()))
            if not rects or not rects[-1][1].colliderect(pygame.Rect(0, ty, lab_w, s.get_height())):
                put(label, DIM, lab_w - 3 - s.get_width(), ty)
        last_right = -1
        for k in plotaxes.step_ticks(0, k_max, max(inner.w // 56, 1)):   # x axis: steps
            x = float(px(k))
            pygame.draw.line(pic, GRID, (x, inner.y), (x, inner.bottom - 1))
            label = plotaxes.step_label(k)
            lw = self.cells.width(label)
            tx = int(min(max(x - lw / 2, box.x), w - lw))
            if tx > last_right + 6:
                put(label, DIM, tx, box.bottom + 1)
                last_right = tx + lw
        pygame.draw.rect(pic, FRAME, box, 1)
        rects.append(("graphic", box.copy(), "loss plot"))
        clip = pic.get_clip()
        pic.set_clip(inner)
        if theory is not None:
            colour, k0, gap0, rho = theory
            line = plotaxes.rate_line(k0, gap0, rho, k_max, lo, hi)
            if line is not None:
                (ka, ea), (kb, eb) = line
                for a, b in plotaxes.dashes((px(ka), py(ea)), (px(kb), py(eb)), 7, 5):
                    pygame.draw.line(pic, _lighter(colour), a, b, 2)
        for _, colour, steps, gap in series:
            e = plotaxes.clip_log(gap, lo, hi)
            keep = plotaxes.decimate(steps, e, 0, k_max, inner.w)
            pts = np.stack([px(steps[keep]), py(e[keep])], axis=1)
            if len(pts) >= 2:
                pygame.draw.lines(pic, colour, False, pts.tolist(), 2)
            x, y = pts[-1]
            pygame.draw.circle(pic, colour, (int(x), int(y)), 3)
        pic.set_clip(clip)
        if theory is not None:
            self._caption(pic, box, rects, theory[0])
        self._pic = pic

    def _caption(self, pic, box, rects, colour):
        """"dashed: theory ρ²ᵏ" in the plot's top-right corner, when it fits."""
        text = "dashed: theory ρ²ᵏ"
        s = self.cells(text, _lighter(colour))
        x, y = box.right - s.get_width() - 4, box.y + 2
        if x > box.x + 4 and box.h >= 120:
            pic.blit(s, (x, y))
            rects.append(("panel", pygame.Rect((x, y), s.get_size()), text))
