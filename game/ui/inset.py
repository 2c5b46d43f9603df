"""The regression surface's inset: what the weights under the newest ball
mean for the data.

The model is ``ŷ = w₁·a + w₂·b`` (two features, no intercept), so one line
in one feature cannot show it. The inset plots each of the 50 data points at
``(ŷᵢ, tᵢ)``, the prediction against the target, with the line ``t = ŷ``
that a perfect fit would put every point on, and each residual ``tᵢ − ŷᵢ``
as a vertical stick to that line (the loss f is the mean of their squares).
As the ball rolls the points slide along ŷ and gather round the line; at the
least-squares weights the sticks are as short as they can be.

:func:`fit_points` is pure arithmetic.
"""
from __future__ import annotations

import math

import numpy as np
import pygame

from ..overlays.drawing import _fmt
from ..overlays.placement import corners
from .paint import cached_text
from .words import vector

INSET_BG = (14, 16, 22, 225)
FRAME_RGB, LINE_RGB = (90, 96, 110), (235, 235, 235)
POINT_RGB, RESID_RGB = (255, 196, 60), (255, 120, 90)
TEXT_RGB, DIM_RGB = (228, 230, 236), (170, 176, 188)


def fit_points(a, b, t, w1: float, w2: float):
    """The predictions ``ŷ = w₁a + w₂b`` and the mean squared error.

    >>> y, mse = fit_points(np.array([1.0, 2.0]), np.array([0.0, 1.0]), np.array([1.0, 3.0]), 1.0, 0.5)
    >>> y.tolist(), mse
    ([1.0, 2.5], 0.125)
    """
    with np.errstate(all="ignore"):
        y = w1 * np.asarray(a, float) + w2 * np.asarray(b, float)
        mse = float(np.mean((y - t) ** 2))
    return y, mse


def newest_ball(world, alpha: float):
    """The world point of the most recently spawned ball (drawn where it is
    this frame), or None when there is none."""
    best = None
    for g in world.nonempty():
        i = int(g.ids[-1])
        if best is None or i > best[0]:
            best = (i, g)
    if best is None:
        return None
    p = best[1].interpolated(alpha)[:, -1]
    return float(p[0]), float(p[1])


class RegressionInset:
    """Draws the inset in a free corner of the map."""

    def __init__(self):
        self._text: dict = {}
        self._key = None                # what the kept picture shows
        self._pic = None
        self._texts: list = []
        self._last = None               # the corner taken last frame

    def _run(self, font, s, colour):
        return cached_text(self._text, 200, font, s, colour)

    @staticmethod
    def applies(surface) -> bool:
        return all(k in surface.extra for k in ("a", "b", "t"))

    def size(self, vp, scale: float):
        w = int(min(max(0.32 * vp.size[0], 150 * scale), 250 * scale, vp.size[0] - 8))
        return w, int(min(0.86 * w, vp.size[1] - 8))

    def reserve(self, vp, board, cursor_px, scale: float = 1.0):
        """Take a corner of the map for the inset on ``board`` (the farthest
        from the cursor that is free); returns its rect or None."""
        size = self.size(vp, scale)
        if size[0] < 100 or size[1] < 80:
            return None
        spots = corners(vp.rect, size, int(6 * scale))
        if cursor_px is not None:
            spots.sort(key=lambda r: -math.hypot(r[0] + r[2] / 2 - cursor_px[0],
                                                 r[1] + r[3] / 2 - cursor_px[1]))
            # it stays in its corner until the cursor comes near it
            if self._last in spots and not _near_rect(self._last, cursor_px, 60 * scale):
                spots.remove(self._last)
                spots.insert(0, self._last)
        r = board.spot(size, spots) if board is not None else spots[0]
        if r is not None and board is not None:
            board.block(r, "inset")
        self._last = r
        return r

    def draw(self, target, surface, rect, weights, font, scale=1.0, record=None):
        """The inset in ``rect`` for ``weights = (w₁, w₂)`` (or None: the data
        alone). Each text drawn is appended to ``record`` as
        ``("inset", pygame.Rect, text)``. The picture is kept while the
        weights, the size and the font stay (a ball at rest costs one blit)."""
        rect = pygame.Rect(rect)
        key = (surface.name, rect.size, weights, font, scale)
        if key != self._key:
            self._key = key
            self._pic = pygame.Surface(rect.size, pygame.SRCALPHA)
            self._texts = self._paint(self._pic, surface, weights, font, scale)
        target.blit(self._pic, rect.topleft)
        if record is not None:
            record.extend(("inset", r.move(rect.topleft), text) for r, text in self._texts)
        return rect

    def _paint(self, pic, surface, weights, font, scale):
        """Draw the inset on ``pic`` (its own size); returns its texts'
        ``(rect, text)`` in ``pic``'s coordinates."""
        pic.fill(INSET_BG)
        rect = pic.get_rect()
        pygame.draw.rect(pic, FRAME_RGB, rect, 1)
        pad = max(int(4 * scale), 3)
        a, b, t = (np.asarray(surface.extra[k], float) for k in ("a", "b", "t"))
        texts = []
        head = "data t against the fit ŷ = w₁a + w₂b"
        title = self._run(font, head, TEXT_RGB)
        if title.get_width() > rect.w - 2 * pad:
            head = "t against ŷ = w₁a + w₂b"
            title = self._run(font, head, TEXT_RGB)
        texts.append((title, (pad, pad), head))
        if weights is not None:
            y, mse = fit_points(a, b, t, *weights)
            w1, w2 = (v.replace("-", "−") for v in vector(weights, 3))   # one style for both
            foot = f"w₁ = {w1}  w₂ = {w2}  f = {_fmt(mse)}"
        else:
            y, mse = None, None
            foot = "drop a ball: its weights make the fit"
        fs = self._run(font, foot, DIM_RGB)
        if fs.get_width() > rect.w - 2 * pad and weights is not None:
            foot = f"f = {_fmt(mse)}"
            fs = self._run(font, foot, DIM_RGB)
        texts.append((fs, (pad, rect.h - pad - fs.get_height()), foot))
        plot = pygame.Rect(pad, 2 * pad + title.get_height(),
                           rect.w - 2 * pad, rect.h - 4 * pad - title.get_height() - fs.get_height())
        if plot.w > 20 and plot.h > 20:
            self._plot(pic, plot, t, y, scale)
        out = []
        for s, pos, text in texts:
            if s.get_width() <= rect.w - 2 * pad:
                pic.blit(s, pos)
                out.append((pygame.Rect(pos, s.get_size()), text))
        return out

    def _plot(self, target, box, t, y, scale):
        """t (up) against ŷ (across) in ``box``, both on the data's range."""
        lo, hi = float(t.min()), float(t.max())
        padv = 0.08 * (hi - lo)
        lo, hi = lo - padv, hi + padv
        side = min(box.w, box.h)
        sq = pygame.Rect(0, 0, side, side)
        sq.center = box.center
        pygame.draw.rect(target, FRAME_RGB, sq, 1)
        k = (side - 1) / (hi - lo)

        def sx(v):
            return sq.x + (v - lo) * k

        def sy(v):
            return sq.bottom - 1 - (v - lo) * k

        pygame.draw.line(target, LINE_RGB, (sq.x, sq.bottom - 1), (sq.right - 1, sq.y), 2)
        clip = target.get_clip()
        target.set_clip(sq.clip(clip))
        r = max(int(round(2 * scale)), 2)
        if y is not None:
            yc = np.clip(np.where(np.isfinite(y), y, lo), lo, hi)
            for yi, ti, out in zip(yc.tolist(), t.tolist(), (yc != y).tolist()):
                pygame.draw.line(target, RESID_RGB, (sx(yi), sy(ti)), (sx(yi), sy(yi)), 1)
                pygame.draw.circle(target, POINT_RGB, (sx(yi), sy(ti)), r, 1 if out else 0)
        target.set_clip(clip)



def _near_rect(r, p, k) -> bool:
    """Whether point ``p`` lies within ``k`` pixels of rectangle ``r``."""
    return r[0] - k <= p[0] <= r[0] + r[2] + k and r[1] - k <= p[1] <= r[1] + r[3] + k
