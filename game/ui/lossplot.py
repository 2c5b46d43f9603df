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
MIN_H = 84            # below this the plot is not drawn (at scale 1)


def _lighter(colour, t=0.45):
    key = (tuple(colour), t)
    hit = _LIGHTER.get(key)
    if hit is None:
        hit = _LIGHTER[key] = tuple(int(c + (255 - c) * t) for c in colour)
    return hit


_LIGHTER: dict = {}


class LossPlot:
    """Draws the loss plot of a world's history (see the module)."""

    def __init__(self, font, background, scale: float = 1.0):
        self.font = font
        self.background = tuple(background)
        self.cells = TextCache(font)
        self.line_h = font.get_linesize()
        self.scale = float(scale)
        self.min_h = max(int(round(MIN_H * scale)), 6 * self.line_h)   # below it: no plot
        self.min_w = int(round(120 * scale))
        self.pen = max(int(round(2 * scale)), 2)                      # the curves' width
        self._key = None
        self._pic = None
        self._rects: list = []
        self._frame_key = self._frame_pic = self._frame_rects = None
        self._frame_asked = None      # (the ranges asked for, what _frame returned)
        self.builds = 0               # pictures drawn (the rest of the frames are one blit)
        # With ``hold`` set, a changed plot of an unchanged size shows its last
        # picture and is marked ``held`` (its rect) for a later draw: the
        # renderer draws it a frame later (game.panel_retained).
        self.hold = False
        self.held = None
        self.last_rects: list = []    # the rects the last draw recorded

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
        self.held = None
        left, top, w, h = (int(v) for v in rect)
        if w < self.min_w or h < self.min_h:
            return 0
        series, floor, known, theory = self.inputs(world, rates)
        if not series or not np.isfinite(floor):
            return 0
        key = (w, h, known, floor, theory,
               tuple((n, int(st[-1]), st.size, float(g[-1])) for n, _, st, g in series))
        if key != self._key:
            if self.hold and self._pic is not None and self._pic.get_size() == (w, h):
                self.held = (left, top, w, h)
            else:
                self._build(w, h, series, known, theory)
                self._key = key
        target.blit(self._pic, (left, top))
        self.last_rects = [(g, r.move(left, top), t) for g, r, t in self._rects]
        record.extend(self.last_rects)
        return h

    # --- the picture ------------------------------------------------------------
    def _frame(self, w, h, known, lo, hi, k_max):
        """The unchanging part of the plot for these ranges, cached: title,
        box, grid, tick labels. The step axis ends at a round number at or
        past ``k_max``, so the frame changes only now and then.

        Returns ``(picture, rects, inner box, x_hi)``."""
        asked = (w, h, known, lo, hi, k_max)
        if self._frame_asked is not None and self._frame_asked[0] == asked:
            return self._frame_asked[1]
        lh = self.line_h
        top = lh + 4
        plot_h = h - top - lh - 2
        ticks = plotaxes.decade_ticks(lo, hi, max(plot_h // (lh + 4), 2))
        labels = [plotaxes.decade_label(e) for e in ticks]
        lab_w = max(self.cells.width(t) for t in labels) + 4
        box = pygame.Rect(lab_w, top, w - lab_w - 1, plot_h)
        inner = box.inflate(-2, -2)
        n_x = max(inner.w // int(round(56 * self.scale)), 1)
        step = plotaxes.nice_step(k_max, n_x)
        x_hi = -(-k_max // step) * step if step >= 1 else k_max
        key = (w, h, known, lo, hi, x_hi)
        if self._frame_key == key:
            self._frame_asked = (asked, (self._frame_pic, self._frame_rects, inner, x_hi))
            return self._frame_pic, self._frame_rects, inner, x_hi
        pic = pygame.Surface((w, h))
        pic.fill(self.background)
        rects = []

        def put(text, colour, x, y):
            s = self.cells(text, colour)
            pic.blit(s, (x, y))
            rects.append(("panel", pygame.Rect((x, y), s.get_size()), text))

        title = "f − f*  (log) against the step" if known else \
            "f − lowest f seen  (f* unknown; log) against the step"
        put(render_text.elide(title, w, self.cells.width), TEXT, 0, 0)
        pygame.draw.rect(pic, BOX_BG, box)
        y_per = (inner.h - 1) / (hi - lo)
        last = None
        for e, label in zip(ticks, labels):               # y axis: decades
            y = inner.bottom - 1 - (e - lo) * y_per
            pygame.draw.line(pic, GRID, (inner.x, y), (inner.right - 1, y))
            lw, lh2 = self.cells.width(label), self.cells(label, DIM).get_height()
            ty = int(min(max(y - lh2 / 2, lh + 1), h - lh2))
            r = pygame.Rect(lab_w - 3 - lw, ty, lw, lh2)
            if last is None or not last.colliderect(r):
                put(label, DIM, r.x, r.y)
                last = r
        last_right = -1
        for k in plotaxes.step_ticks(0, x_hi, n_x):       # x axis: steps
            x = inner.x + k * (inner.w - 1) / x_hi
            pygame.draw.line(pic, GRID, (x, inner.y), (x, inner.bottom - 1))
            label = plotaxes.step_label(k)
            lw = self.cells.width(label)
            tx = int(min(max(x - lw / 2, box.x), w - lw))
            if tx > last_right + 6:
                put(label, DIM, tx, box.bottom + 1)
                last_right = tx + lw
        pygame.draw.rect(pic, FRAME, box, 1)
        rects.append(("graphic", box.copy(), "loss plot"))
        self._frame_key, self._frame_pic, self._frame_rects = key, pic, rects
        self._frame_asked = (asked, (pic, rects, inner, x_hi))
        return pic, rects, inner, x_hi

    def _build(self, w, h, series, known, theory):
        """The frame, then the theory line and the curves on it."""
        lo, hi = plotaxes.log_range([g for *_, g in series]) or (-1, 0)
        k_max = max(max(int(st[-1]) for _, _, st, _ in series), 10)
        self.builds += 1
        frame, rects, inner, x_hi = self._frame(w, h, known, lo, hi, k_max)
        if self._pic is None or self._pic.get_size() != (w, h):
            self._pic = pygame.Surface((w, h))
        pic = self._pic
        pic.blit(frame, (0, 0))
        self._rects = list(rects)
        x_per = (inner.w - 1) / x_hi
        y_per = (inner.h - 1) / (hi - lo)
        x0, y0 = inner.x, inner.bottom - 1 + lo * y_per

        pic.set_clip(inner)
        if theory is not None:
            colour, k0, gap0, rho = theory
            line = plotaxes.rate_line(k0, gap0, rho, x_hi, lo, hi)
            if line is not None:
                (ka, ea), (kb, eb) = line
                for a, b in plotaxes.dashes((x0 + ka * x_per, y0 - ea * y_per),
                                            (x0 + kb * x_per, y0 - eb * y_per), 7, 5):
                    pygame.draw.line(pic, _lighter(colour), a, b, self.pen)
        for _, colour, steps, gap in series:
            e = plotaxes.clip_log(gap, lo, hi)
            keep = plotaxes.decimate(steps, e, 0, x_hi, inner.w)
            pts = np.empty((keep.size, 2))
            np.multiply(steps[keep], x_per, out=pts[:, 0])
            pts[:, 0] += x0
            np.multiply(e[keep], -y_per, out=pts[:, 1])
            pts[:, 1] += y0
            if len(pts) >= 2:
                pygame.draw.lines(pic, colour, False, pts.tolist(), self.pen)
            pygame.draw.circle(pic, colour, (int(pts[-1, 0]), int(pts[-1, 1])), self.pen + 1)
        pic.set_clip(None)
        if theory is not None:
            self._caption(pic, inner.inflate(2, 2), self._rects, theory[0])

    def _caption(self, pic, box, rects, colour):
        """"dashed: theory ρ²ᵏ" in the plot's top-right corner, when it fits."""
        text = "dashed: theory ρ²ᵏ"
        s = self.cells(text, _lighter(colour))
        x, y = box.right - s.get_width() - 4, box.y + 2
        if x > box.x + 4 and box.h >= int(round(120 * self.scale)):
            pic.blit(s, (x, y))
            rects.append(("panel", pygame.Rect((x, y), s.get_size()), text))
