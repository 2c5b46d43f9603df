"""Exact floating-point building blocks: the fused multiply-add torch's CPU kernels use.

Pure numpy. On every x86-64 CPU with AVX2 (and on AVX-512 and aarch64), torch's
CPU kernels for ``add_(other, alpha=a)``, ``Tensor.add(other, alpha=a)``,
``addcmul_`` and ``lerp_`` compute a fused multiply-add: ``a·b + c`` rounded
once (measured on torch 2.13; under ``ATEN_CPU_CAPABILITY=default`` they round
twice). numpy has no fma ufunc, so :func:`fma` builds one from error-free
transformations:

1. ``(ph, pl) = two_prod(a, b)``: ``ph + pl == a·b`` exactly (Veltkamp–Dekker);
2. ``(sh, sl) = two_sum(c, ph)``: ``sh + sl == c + ph`` exactly (Knuth);
3. ``v = sl + pl`` rounded to odd;
4. ``fma = sh + v`` rounded to nearest.

Boldo & Melquiond, "Emulation of FMA and correctly rounded sums: proved
algorithms using rounding to odd", IEEE Trans. Computers 57(4), 2008, prove
that steps 1–4 give ``RN(a·b + c)``; tests check it against exact rational
arithmetic. Limits: where ``|a|`` or ``|b|`` exceeds 2**995 (the split would
overflow) the plain ``a*b + c`` is returned; where ``|a·b|`` is below about
1e-292 the low part ``pl`` is itself rounded (an error of at most a few
subnormal units).
"""
from __future__ import annotations

import math

import numpy as np

_SPLIT = 134217729.0          # 2**27 + 1, Veltkamp's splitter for binary64
_SPLIT_MAX = 2.0 ** 995       # beyond this, SPLIT·a overflows


def two_sum(a, b):
    """``(s, e)`` with ``s = RN(a + b)`` and ``s + e == a + b`` exactly (Knuth).

    >>> two_sum(1.0, 2.0 ** -60)
    (1.0, 8.673617379884035e-19)
    """
    s = a + b
    bb = s - a
    return s, (a - (s - bb)) + (b - bb)


def _split(a):
    t = _SPLIT * a
    hi = t - (t - a)
    return hi, a - hi


def two_prod(a, b):
    """``(p, e)`` with ``p = RN(a·b)`` and ``p + e == a·b`` exactly (Dekker).

    >>> p, e = two_prod(1.0 + 2.0 ** -30, 1.0 + 2.0 ** -30)
    >>> p == 1.0 + 2.0 ** -29, e == 2.0 ** -60
    (True, True)
    """
    p = a * b
    ah, al = _split(a)
    bh, bl = _split(b)
    return p, ((ah * bh - p) + ah * bl + al * bh) + al * bl


def _round_to_odd(v, e):
    """``v + e`` (exact, with ``v = RN(v + e)``) rounded to odd: where the sum is
    not representable, the neighbour of it whose last significand bit is 1."""
    v = np.asarray(v, dtype=np.float64)
    even = (v.view(np.int64) & 1) == 0
    move = (e != 0) & even
    if np.any(move):
        v = np.where(move, np.nextafter(v, np.copysign(np.inf, e)), v)
    return v


def fma(a, b, c):
    """``a·b + c`` rounded once to the nearest double (ties to even), like C's fma.

    Arguments broadcast like numpy arithmetic; the result is a float64 array
    (0-d for scalars).

    >>> a = 1.0 + 2.0 ** -30
    >>> float(fma(a, a, -(1.0 + 2.0 ** -29)))      # the rounding error of a·a
    8.673617379884035e-19
    >>> a * a - (1.0 + 2.0 ** -29)                  # plain: rounded away
    0.0

    Step 3 (rounding ``sl + pl`` to odd) changes the result only where
    ``sh + RN(sl + pl)`` is exactly half-way between two doubles and
    ``sl + pl`` was rounded; then ``RN(sl + pl)`` is a multiple of a power of
    two with at most two significant bits (it is at most about 2 ulp(sh)).
    So the sum is rounded to odd only for the few elements whose
    ``RN(sl + pl)`` has an empty low significand: the same result, at a
    fraction of the passes over the arrays.
    """
    b, c = np.asarray(b, dtype=np.float64), np.asarray(c, dtype=np.float64)
    if 0 < b.size <= FEW and b.ndim <= 2 and c.shape == b.shape and (
            isinstance(a, float) or (isinstance(a, np.ndarray) and a.shape == b.shape)):
        return _fma_few(a, b, c)
    return _fma_arrays(a, b, c)


def _fma_arrays(a, b, c):
    """:func:`fma` on float64 arrays ``b``, ``c``: a pass over the arrays per operation."""
    scalar = isinstance(a, float) and abs(a) < _SPLIT_MAX    # lr, μ, 1 − β: split once
    if scalar:
        ah, al = _split(a)
    else:
        a = np.asarray(a, dtype=np.float64)
    if b.ndim == 0:                                 # the in-place steps need an array
        if c.ndim == 0 and (scalar or a.ndim == 0):
            return _fma_arrays(a, b.reshape(1), c).reshape(())
        b = b.reshape(1)
    with np.errstate(all="ignore"):
        if not scalar:
            ah, al = _split(a)
        ph = a * b                                  # two_prod(a, b), with a's split reused
        t = b * _SPLIT                              # Veltkamp: bh = t − (t − b), bl = b − bh
        bh = t - b
        np.subtract(t, bh, out=bh)
        bl = np.subtract(b, bh, out=t)
        pl = ah * bh
        pl -= ph
        pl += ah * bl
        pl += al * bh                               # ((ah·bh − ph) + ah·bl + al·bh) + al·bl
        pl += al * bl
        sh = c + ph                                 # two_sum(c, ph)
        bb = sh - c
        sl = c - (sh - bb)
        sl += ph - bb
        v = sl + pl                                 # RN(sl + pl)
        low = (v.view(np.int64) & _LOW_BITS) == 0
        if low.any():
            _odd_where_needed(v, sl, pl, low)
        out = sh + v
        if ((scalar or (a.max(initial=0.0) < _SPLIT_MAX and a.min(initial=0.0) > -_SPLIT_MAX))
                and b.max(initial=0.0) < _SPLIT_MAX and b.min(initial=0.0) > -_SPLIT_MAX
                and np.isfinite(out.sum())):
            return out
        plain = a * b + c
        safe = (np.abs(a) < _SPLIT_MAX) & (np.abs(b) < _SPLIT_MAX) & np.isfinite(out)
    return np.where(safe, out, plain)


_LOW_BITS = (1 << 51) - 1     # the significand below its top bit


def _odd_where_needed(v, sl, pl, low):
    """Round ``v = RN(sl + pl)`` to odd (in place) where ``low`` (candidates
    for a half-way sum) and ``sl + pl`` was not exact."""
    if v.ndim == 0:
        v[...] = _round_to_odd(v, two_sum(sl, pl)[1])
        return
    sl, pl = np.broadcast_to(sl, v.shape), np.broadcast_to(pl, v.shape)
    idx = np.flatnonzero(low)
    flat = v.reshape(-1)
    s, e = two_sum(sl.reshape(-1)[idx], pl.reshape(-1)[idx])
    flat[idx] = _round_to_odd(s, e)


FEW = 16                      # up to this many numbers, the rules work on Python floats
_TINY = 2.0 ** -1022          # the least normal double
_HALF_TINY = 2.0 ** -1023     # the one subnormal with an empty low significand


def _low_empty(v: float) -> bool:
    """Whether ``v``'s significand is empty below its top bit, numpy's
    ``view(int64) & _LOW_BITS == 0`` (where that decides anything: for a NaN
    the result is the fall-back either way): ±0, ±inf, and ``±2**k`` or
    ``±1.5·2**k``, of which only ``2**-1023`` among the subnormals."""
    m = abs(math.frexp(v)[0])
    if m != 0.5 and m != 0.75:
        return v == 0.0 or math.isinf(v) or v != v
    return abs(v) >= _TINY or abs(v) == _HALF_TINY


_frexp = math.frexp


def fma1(a: float, b: float, c: float) -> float:
    """:func:`fma` of three Python floats: :func:`_fma_arrays` for one
    element, operation for operation (IEEE doubles, rounded as numpy rounds):
    the same result, bit for bit, including the fall-back beyond the split
    range.

    >>> fma1(1.0 + 2.0 ** -30, 1.0 + 2.0 ** -30, -(1.0 + 2.0 ** -29))
    8.673617379884035e-19
    """
    t = _SPLIT * a
    ah = t - (t - a)
    al = a - ah
    ph = a * b
    t = b * _SPLIT
    bh = t - (t - b)
    bl = b - bh
    pl = ((((ah * bh) - ph) + ah * bl) + al * bh) + al * bl
    sh = c + ph
    bb = sh - c
    sl = (c - (sh - bb)) + (ph - bb)
    v = sl + pl
    m = abs(_frexp(v)[0])                         # most v leave at the first test
    if (m == 0.5 or m == 0.75 or v == 0.0 or v - v != 0.0) and _low_empty(v):
        bb = v - sl
        e = (sl - (v - bb)) + (pl - bb)
        if e != 0:                                # v is even: its last bit is among the low
            v = math.nextafter(v, math.copysign(math.inf, e))
    out = sh + v
    if abs(a) < _SPLIT_MAX and abs(b) < _SPLIT_MAX and out - out == 0.0:    # out finite
        return out
    return a * b + c


def _fma_few(a, b, c):
    """:func:`fma` for a few elements (``b`` and ``c`` of one shape, ``a`` a
    Python float or an array of that shape), element by element: numpy's
    per-call overhead is what a handful of balls would pay for otherwise."""
    b, c = b.tolist(), c.tolist()
    if isinstance(a, float):
        a = float(a)
        if not isinstance(b, list):               # 0-d
            return np.array(fma1(a, b, c))
        if isinstance(b[0], list):                # (2, n): one column per ball
            return np.array([[fma1(a, x, y) for x, y in zip(rb, rc)] for rb, rc in zip(b, c)])
        return np.array([fma1(a, x, y) for x, y in zip(b, c)])
    a = np.asarray(a, dtype=np.float64).tolist()
    if not isinstance(b, list):
        return np.array(fma1(a, b, c))
    if isinstance(b[0], list):
        return np.array([[fma1(*t) for t in zip(*row)] for row in zip(a, b, c)])
    return np.array([fma1(*t) for t in zip(a, b, c)])
