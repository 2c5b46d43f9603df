"""The loss plot's arithmetic: log range, ticks, decimation, the theory line.

Pure numpy (no pygame): the pygame side (:mod:`game.ui.lossplot`) only turns
what these functions return into pixels. The plot shows ``f − f*`` (or
``f − lowest f seen``) on a log axis against the step:

* :func:`log_range` picks the decades to show; zeros, negatives, NaN and
  values below :data:`FLOOR` are clipped to the bottom edge, never dropped;
* :func:`decade_ticks` and :func:`step_ticks` give at most ``n`` labelled
  ticks (powers of ten; 1-2-5 steps);
* :func:`decimate` keeps, per pixel column, the first, lowest, highest and
  last point, so a curve of 10⁶ points draws as at most four per column and
  keeps its extremes and its shape;
* :func:`rate_line` is the theoretical linear rate ρ as a straight line on
  the log axis, clipped to the plot.

>>> log_range([np.array([1.0, 1e-3, 0.0, -1.0])])
(-3, 0)
>>> decade_ticks(-12, 2, 5)
[-12, -9, -6, -3, 0]
>>> step_ticks(0, 1000, 5)
[0, 200, 400, 600, 800, 1000]
"""
from __future__ import annotations

import math

import numpy as np

FLOOR = 1e-16          # gaps below this are drawn on the bottom edge (rounding)
MAX_DECADES = 24       # at most this many decades below the top are shown


def log_range(arrays, floor: float = FLOOR, max_decades: int = MAX_DECADES):
    """Whole decades ``(lo, hi)`` (integer exponents, ``lo < hi``) that hold
    every positive finite value of ``arrays`` at or above ``floor``, at most
    ``max_decades`` apart (the top kept); None if there is no such value.

    Values at or below zero or not finite do not stretch the range: the
    plot clips them to its bottom edge. Positive values below ``floor``
    stretch it down to ``floor`` only (where they are clipped).

    >>> log_range([np.array([5.0, 0.02])])
    (-2, 1)
    >>> log_range([np.array([0.0, -2.0, np.nan])]) is None
    True
    >>> log_range([np.array([1e-300, 3.0])])
    (-16, 1)
    """
    lo, hi = math.inf, -math.inf
    for a in arrays:
        a = np.asarray(a, dtype=float)
        with np.errstate(invalid="ignore"):
            ok = a[np.isfinite(a) & (a > 0)]
        if ok.size:
            lo, hi = min(lo, max(float(ok.min()), floor)), max(hi, max(float(ok.max()), floor))
    if not math.isfinite(hi):
        return None
    top = math.ceil(math.log10(hi))
    bottom = math.floor(math.log10(lo))
    if top <= bottom:
        top = bottom + 1
    return max(bottom, top - int(max_decades)), top


def clip_log(values, lo: int, hi: int) -> np.ndarray:
    """``log10(values)`` clipped to ``[lo, hi]``; zeros, negatives and NaN
    go to ``lo`` (the bottom edge), +inf to ``hi``.

    >>> clip_log(np.array([100.0, 0.0, -1.0, np.nan, 1e-9]), -3, 1).tolist()
    [1.0, -3.0, -3.0, -3.0, -3.0]
    """
    v = np.asarray(values, dtype=float)
    out = np.full(v.shape, float(lo))
    with np.errstate(invalid="ignore"):
        pos = v > 0
    with np.errstate(divide="ignore", over="ignore"):
        out[pos] = np.log10(v[pos])
    return np.clip(out, lo, hi)


def decade_ticks(lo: int, hi: int, n: int) -> list[int]:
    """At most ``n`` (≥ 2) exponents from ``lo`` to ``hi`` in equal whole
    steps of 1, 2, 3, 4, 5, 6, 8, 10, … decades, aligned on multiples of the
    step, the bottom and top edges included when they are aligned.

    >>> decade_ticks(-3, 0, 10)
    [-3, -2, -1, 0]
    >>> decade_ticks(-16, 1, 4)
    [-15, -10, -5, 0]
    """
    lo, hi, n = int(lo), int(hi), max(int(n), 2)
    for step in (1, 2, 3, 4, 5, 6, 8, 10, 12, 15, 20, 25, 50, 100, 1000):
        first = -((-lo) // step) * step            # the first multiple of step ≥ lo
        ticks = list(range(first, hi + 1, step))
        if len(ticks) <= n:
            return ticks
    return [hi]


def nice_step(span: float, n: int) -> float:
    """The smallest 1, 2 or 5 × 10^k with at most ``n`` steps across ``span``.

    >>> nice_step(1000, 5), nice_step(7, 10), nice_step(0.3, 3)
    (200, 1, 0.1)
    """
    span, n = float(span), max(int(n), 1)
    if not span > 0 or not math.isfinite(span):
        return 1
    k = math.floor(math.log10(span / n))
    for m in (1, 2, 5, 10):
        step = m * 10.0 ** k
        if span / step <= n + 1e-9:
            return int(round(step)) if step >= 1 else step
    return 10 * 10.0 ** k


def step_ticks(lo: float, hi: float, n: int) -> list:
    """Ticks on the step axis: multiples of :func:`nice_step` in ``[lo, hi]``,
    at most ``n + 1`` of them.

    >>> step_ticks(0, 37, 4)
    [0, 10, 20, 30]
    """
    step = nice_step(hi - lo, n)
    first = math.ceil(lo / step - 1e-9)
    out = []
    k = first
    while k * step <= hi + 1e-9 * max(1.0, abs(hi)):
        v = k * step
        out.append(int(round(v)) if step >= 1 else round(v, 12))
        k += 1
    return out


def step_label(k) -> str:
    """A step count for an axis: ``1200``, ``15k``, ``2.5M``.

    >>> [step_label(v) for v in (0, 800, 15000, 2500000)]
    ['0', '800', '15k', '2.5M']
    """
    k = float(k)
    if abs(k) >= 1e6:
        return f"{k / 1e6:.3g}M"
    if abs(k) >= 1e4 or (abs(k) >= 1e3 and k % 1e3 == 0):
        return f"{k / 1e3:.3g}k"
    return f"{k:.4g}"


def decade_label(e: int) -> str:
    """The label of the tick 10^e: ``1``, ``10``, ``0.1``, else ``1e-8``.

    >>> [decade_label(e) for e in (-8, -1, 0, 1, 3)]
    ['1e-8', '0.1', '1', '10', '1e3']
    """
    return {-1: "0.1", 0: "1", 1: "10"}.get(int(e), f"1e{int(e)}")


def decimate(x, y, x0: float, x1: float, columns: int) -> np.ndarray:
    """Indices of the points of ``(x, y)`` to draw on ``columns`` pixel
    columns spanning ``[x0, x1]``: for every column, its first, lowest,
    highest and last point, in order (``x`` sorted ascending, ``y`` finite).

    Every column keeps its extremes, so the polyline through the kept points
    covers the same pixels as the whole curve, and the first and last points
    are always kept.

    >>> x = np.arange(10); y = np.array([0, 5, 1, 2, 9, 3, 3, 7, 1, 4.0])
    >>> decimate(x, y, 0, 9, 2).tolist()
    [0, 4, 5, 7, 8, 9]
    """
    x = np.asarray(x, dtype=float)
    y = np.asarray(y, dtype=float)
    m = x.size
    columns = max(int(columns), 1)
    if m <= 4 * columns or m < 3:
        return np.arange(m)
    span = float(x1) - float(x0)
    if not span > 0:
        span = 1.0
    col = np.floor((x - float(x0)) * (columns / span)).astype(np.int64)
    np.clip(col, 0, columns - 1, out=col)
    starts = np.flatnonzero(np.r_[True, col[1:] != col[:-1]])
    ends = np.r_[starts[1:], m] - 1
    idx = np.arange(m)
    # argmin / argmax per run: the minimum value per run, then the first index holding it.
    lo_val = np.minimum.reduceat(y, starts)
    hi_val = np.maximum.reduceat(y, starts)
    run = np.repeat(np.arange(starts.size), np.diff(np.r_[starts, m]))
    big = m + 1
    lo_idx = np.minimum.reduceat(np.where(y == lo_val[run], idx, big), starts)
    hi_idx = np.minimum.reduceat(np.where(y == hi_val[run], idx, big), starts)
    keep = np.unique(np.concatenate([starts, lo_idx, hi_idx, ends]))
    return keep


def rate_line(k0: float, gap0: float, rho: float, k_end: float, lo: int, hi: int,
              power: float = 2.0):
    """The theoretical line ``gap(k) = gap0 · ρ^(power·(k − k0))`` for
    ``k0 ≤ k ≤ k_end``, in plot coordinates ``(k, log10 gap)``, clipped to
    the decades ``[lo, hi]``: ``((k_a, e_a), (k_b, e_b))`` or None when no
    part of it is inside.

    ``power`` is 2 for ``f − f*``, which is quadratic in the distance to the
    minimum: a distance that shrinks by ρ per step makes ``f − f*`` shrink
    by ρ². ρ = 0 (Newton with lr = 1) drops to the bottom in one step.

    >>> rate_line(0, 1.0, 0.1, 10, -4, 0)
    ((0.0, 0.0), (2.0, -4.0))
    >>> rate_line(0, 1.0, 0.0, 10, -4, 0)
    ((0.0, 0.0), (1.0, -4.0))
    """
    if not (gap0 > 0 and math.isfinite(gap0) and rho >= 0 and math.isfinite(rho)):
        return None
    k0, k_end = float(k0), float(k_end)
    if not k_end > k0:
        return None
    e0 = math.log10(gap0)
    if rho == 0:
        slope = -math.inf
    else:
        slope = power * math.log10(rho)
    if slope == -math.inf:
        if not lo <= e0 <= hi:
            return None
        return (k0, e0), (min(k0 + 1.0, k_end), float(lo))

    def e_at(k):
        return e0 + slope * (k - k0)

    # Clip the segment k in [k0, k_end] to lo <= e <= hi.
    ka, kb = k0, k_end
    if slope != 0:
        k_lo = k0 + (lo - e0) / slope       # where the line crosses the bottom
        k_hi = k0 + (hi - e0) / slope       # ... and the top
        enter, leave = sorted((k_lo, k_hi))
        ka, kb = max(ka, enter), min(kb, leave)
    elif not lo <= e0 <= hi:
        return None
    if not kb > ka:
        return None
    ea = min(max(e_at(ka), lo), hi)
    eb = min(max(e_at(kb), lo), hi)
    return (float(ka), float(ea)), (float(kb), float(eb))


def dashes(p0, p1, on: float = 6.0, off: float = 4.0) -> list:
    """The pieces ``[(a, b), …]`` of a dashed segment from ``p0`` to ``p1``
    (pixel coordinates): dashes ``on`` long with ``off`` gaps.

    >>> dashes((0, 0), (20, 0), 6, 4)
    [((0.0, 0.0), (6.0, 0.0)), ((10.0, 0.0), (16.0, 0.0))]
    """
    x0, y0 = float(p0[0]), float(p0[1])
    dx, dy = float(p1[0]) - x0, float(p1[1]) - y0
    length = math.hypot(dx, dy)
    if not length > 0 or not math.isfinite(length):
        return []
    ux, uy = dx / length, dy / length
    out = []
    s = 0.0
    while s < length:
        e = min(s + on, length)
        out.append(((x0 + ux * s, y0 + uy * s), (x0 + ux * e, y0 + uy * e)))
        s += on + off
    return out
