"""The map's axes: tick marks and labels in world units along the bottom and
the left of the map, following zoom and pan, and the axes' names (x and y;
w₁ and w₂ on the regression surface).

Drawn every frame from cached text (never baked into the map picture, which
pan scrolls): a frame costs a few blits. The arithmetic (:func:`nice_ticks`,
:func:`tick_text`) is pure.
"""
from __future__ import annotations

import math

import pygame

from ..overlays.placement import overlaps
from .paint import cached_text

AXIS_RGB = (150, 156, 170)
TICK_PX = 5                  # tick mark length at scale 1
X_SPACING_PX = 70            # at least this far between x ticks at scale 1 (and the labels' widths)
Y_SPACING_PX = 46


def nice_ticks(lo: float, hi: float, n: int):
    """``(step, ticks)``: the multiples in ``[lo, hi]`` of the smallest step
    1, 2, 2.5 or 5 × 10^k that gives at most ``n`` intervals across it.

    >>> nice_ticks(-2.0, 2.0, 8)
    (0.5, [-2.0, -1.5, -1.0, -0.5, 0.0, 0.5, 1.0, 1.5, 2.0])
    >>> nice_ticks(-3.781, 2.219, 6)
    (1.0, [-3.0, -2.0, -1.0, 0.0, 1.0, 2.0])
    """
    lo, hi, n = float(lo), float(hi), max(int(n), 1)
    span = hi - lo
    if not (span > 0 and math.isfinite(span)):
        return 1.0, []
    k = math.floor(math.log10(span / n))
    step = 10.0 ** (k + 1)
    for m in (1.0, 2.0, 2.5, 5.0, 10.0):
        s = m * 10.0 ** k
        if s > 0 and span / s <= n + 1e-9:
            step = s
            break
    first, last = math.ceil(lo / step - 1e-9), math.floor(hi / step + 1e-9)
    if last - first > 4 * n + 4:                 # rounding at the float range's ends
        return step, []
    ticks = [round(i * step, 12) if abs(step) > 1e-9 else i * step for i in range(first, last + 1)]
    return step, [t + 0.0 for t in ticks]


def tick_text(v: float, step: float) -> str:
    """A tick value with just the decimals its step needs, a true minus sign,
    and exponent notation for very large or small numbers.

    >>> [tick_text(v, 0.5) for v in (-1.5, 0.0, 2.0)]
    ['−1.5', '0', '2']
    >>> tick_text(0.25, 0.25), tick_text(3e7, 1e7), tick_text(-2e-6, 1e-6)
    ('0.25', '3e7', '−2e−6')
    """
    v = float(v) + 0.0
    if v == 0 or abs(v) < abs(step) * 1e-9:
        return "0"
    big = max(abs(v), abs(step))
    if big >= 1e5 or big < 1e-3:
        e = int(math.floor(math.log10(step)))
        extra = 0 if abs(step / 10.0 ** e - round(step / 10.0 ** e)) < 1e-6 else 1   # 2.5 × 10^k
        digits = max(int(math.floor(math.log10(abs(v)))) - e + extra, 0)
        mant, exp = f"{v:.{digits}e}".split("e")
        s = f"{mant.rstrip('0').rstrip('.') if '.' in mant else mant}e{int(exp)}"
    else:
        decimals = max(0, -int(math.floor(math.log10(step) + 1e-9)))
        scaled = step * 10 ** decimals
        if abs(scaled - round(scaled)) > 1e-6 * scaled:      # 2.5 × 10^k needs one more
            decimals += 1
        s = f"{v:.{decimals}f}"
        if "." in s:
            s = s.rstrip("0").rstrip(".")
    return s.replace("-", "−")


class AxesPainter:
    """Draws the axes beside a viewport; keeps its text cached per font."""

    def __init__(self):
        self._cache: dict = {}
        self._plan_key = None
        self._plan = None

    def _text(self, font, s, colour=AXIS_RGB):
        return cached_text(self._cache, 400, font, s, colour)

    def draw(self, target, vp, font, names=("x", "y"), scale=1.0, bounds=None, record=None):
        """Ticks and labels below and left of ``vp.rect``, within ``bounds``
        (a rect; the target's when None). Each text drawn is appended to
        ``record`` as ``("axes", pygame.Rect, text)``. The plan is kept
        while the view, the font and the window stay: a frame is one
        ``fblits``."""
        bounds = tuple(bounds if bounds is not None else target.get_rect())
        key = (vp, font, tuple(names), scale, bounds)
        if key != self._plan_key:
            self._plan_key, self._plan = key, self._layout(vp, font, names, scale, bounds)
        blits, texts = self._plan
        target.fblits(blits)
        if record is not None:
            record.extend(texts)
        return texts

    def _mark(self, w, h):
        key = ("mark", w, h)
        surf = self._cache.get(key)
        if surf is None:
            surf = self._cache[key] = pygame.Surface((w, h))
            surf.fill(AXIS_RGB)
        return surf

    def _layout(self, vp, font, names, scale, bounds):
        """``(blits, texts)``: what :meth:`draw` puts where."""
        bounds = pygame.Rect(bounds)
        l, t, w, h = vp.rect
        xmin, xmax, ymin, ymax = vp.view
        tick = max(int(round(TICK_PX * scale)), 3)
        pad = max(int(round(3 * scale)), 2)
        out = []
        # x: names first, so that tick labels give way to them
        xname = self._text(font, names[0], (210, 214, 224))
        yname = self._text(font, names[1], (210, 214, 224))
        row = t + h + tick + pad
        col_right = l - tick - pad
        # each name past the end of its axis when there is room (so the end
        # ticks keep their labels), else over the last tick's place
        xr = pygame.Rect(l + w + pad, row, *xname.get_size())
        if not bounds.contains(xr):
            xr = pygame.Rect(l + w - xname.get_width(), row, *xname.get_size())
        yr = pygame.Rect(col_right - yname.get_width(), t - yname.get_height() - pad,
                         *yname.get_size())
        if not bounds.contains(yr):
            yr = pygame.Rect(col_right - yname.get_width(), t, *yname.get_size())
        taken, marks = [], []
        for r, s, text in ((xr, xname, names[0]), (yr, yname, names[1])):
            if bounds.contains(r):
                out.append((s, r, text))
                taken.append(r)
        for axis in (0, 1):
            lo, hi = (xmin, xmax) if axis == 0 else (ymin, ymax)
            px = w if axis == 0 else h
            n = max(int(px / ((X_SPACING_PX if axis == 0 else Y_SPACING_PX) * scale)), 1)
            while True:
                step, ticks = nice_ticks(lo, hi, n)
                labels = []
                for v in ticks:
                    text = tick_text(v, step)
                    s = self._text(font, text)
                    if axis == 0:
                        sx = l + (v - xmin) * (w / (xmax - xmin))
                        mark = (self._mark(1, tick), (int(round(sx)), t + h))
                        r = pygame.Rect(int(round(sx - s.get_width() / 2)), row, *s.get_size())
                    else:
                        sy = t + (ymax - v) * (h / (ymax - ymin))
                        mark = (self._mark(tick, 1), (l - tick, int(round(sy))))
                        r = pygame.Rect(col_right - s.get_width(),
                                        int(round(sy - s.get_height() / 2)), *s.get_size())
                    labels.append((s, r, text, mark))
                crowded = any(overlaps(inflate(a[1], 3), b[1])
                              for a, b in zip(labels, labels[1:]))
                if not crowded or n == 1:
                    break
                n = max(n // 2, 1)
            for s, r, text, mark in labels:
                marks.append(mark)
                if bounds.contains(r) and not any(overlaps(inflate(r, 3), o) for o in taken):
                    out.append((s, r, text))
                    taken.append(r)
        blits = marks + [(s, r.topleft) for s, r, _ in out]
        return blits, [("axes", r, text) for _, r, text in out]


def inflate(r, k):
    """``r`` (x, y, w, h) grown by ``k`` pixels on every side."""
    return (r[0] - k, r[1] - k, r[2] + 2 * k, r[3] + 2 * k)
