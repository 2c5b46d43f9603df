"""Screen-point helpers for the overlays: pure Python and numpy, no pygame.

Points are 2-tuples of plain floats in screen pixels (y points down)."""
from __future__ import annotations

import math

import numpy as np

BIG = 30000.0                # pygame coordinates are kept inside ±BIG


def _pt(p):
    """A pygame-safe point (finite, inside ±BIG)."""
    x, y = float(p[0]), float(p[1])
    if not (-BIG < x < BIG):
        x = BIG if x > 0 else -BIG            # NaN goes to -BIG
    if not (-BIG < y < BIG):
        y = BIG if y > 0 else -BIG
    return (x, y)


def _add(a, b, k=1.0):
    """a + k·b for 2-tuples (plain floats: much cheaper than numpy for two numbers)."""
    return (a[0] + k * b[0], a[1] + k * b[1])


def _finite(*vals) -> bool:
    return all(math.isfinite(float(v)) for v in np.ravel(vals))


def arrow_polygon(base, d, length, width=3.0, head=9.0):
    """Outline of an arrow from ``base`` along the unit screen vector ``d``."""
    dx, dy = float(d[0]), float(d[1])
    nx, ny = -dy, dx
    head = min(head, 0.6 * length)
    bx, by = float(base[0]), float(base[1])
    tx, ty = bx + dx * length, by + dy * length
    kx, ky = tx - dx * head, ty - dy * head
    hw, sw = max(head * 0.5, width), width / 2
    pts = ((bx + nx * sw, by + ny * sw), (kx + nx * sw, ky + ny * sw),
           (kx + nx * hw, ky + ny * hw), (tx, ty), (kx - nx * hw, ky - ny * hw),
           (kx - nx * sw, ky - ny * sw), (bx - nx * sw, by - ny * sw))
    return [_pt(p) for p in pts]


def _runs(ok):
    """Slices of consecutive True in a 1-D bool array."""
    edges = np.flatnonzero(np.diff(np.r_[0, ok.astype(np.int8), 0]))
    return [slice(a, b) for a, b in zip(edges[::2], edges[1::2])]


def _clip_segment(p, q, rect):
    """Liang–Barsky: the part of segment p→q inside rect (l, t, w, h), or None."""
    l, t, w, h = rect
    px, py, qx, qy = float(p[0]), float(p[1]), float(q[0]), float(q[1])
    if not all(math.isfinite(v) for v in (px, py, qx, qy)):
        return None
    dx, dy = qx - px, qy - py
    t0, t1 = 0.0, 1.0
    for num, den in ((px - l, -dx), (l + w - px, dx), (py - t, -dy), (t + h - py, dy)):
        if den == 0:
            if num < 0:
                return None
            continue
        r = num / den
        if den < 0:
            t0 = max(t0, r)
        else:
            t1 = min(t1, r)
        if t0 > t1:
            return None
    return (px + t0 * dx, py + t0 * dy), (px + t1 * dx, py + t1 * dy)


def _room(c, d, rect) -> float:
    """Distance from c along unit d to the border of rect (0 if outside)."""
    l, t, w, h = rect
    out = math.inf
    for comp, lo, hi, dv in ((c[0], l, l + w, d[0]), (c[1], t, t + h, d[1])):
        if dv > 0:
            out = min(out, (hi - comp) / dv)
        elif dv < 0:
            out = min(out, (lo - comp) / dv)
    return max(out, 0.0)


def _nice_floor(v: float) -> float:
    """The largest m × 10^n not above v, m in 1, 1.5, 2, 2.5, 3, 4, 5, 6, 8.

    >>> _nice_floor(0.47), _nice_floor(3.0), _nice_floor(990.0)
    (0.4, 3.0, 800.0)
    """
    e = math.floor(math.log10(v))
    for m in (8.0, 6.0, 5.0, 4.0, 3.0, 2.5, 2.0, 1.5, 1.0):
        if m * 10.0 ** e <= v:
            return m * 10.0 ** e
    return 10.0 ** e
