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
    """
    b, c = np.asarray(b, dtype=np.float64), np.asarray(c, dtype=np.float64)
    scalar = isinstance(a, float) and abs(a) < _SPLIT_MAX    # lr, μ, 1 − β: split once
    if scalar:
        ah, al = _split(a)
    else:
        a = np.asarray(a, dtype=np.float64)
    with np.errstate(all="ignore"):
        if not scalar:
            ah, al = _split(a)
        ph = a * b                                  # two_prod(a, b), with a's split reused
        bh, bl = _split(b)
        pl = ((ah * bh - ph) + ah * bl + al * bh) + al * bl
        sh, sl = two_sum(c, ph)
        v, e = two_sum(sl, pl)
        out = np.asarray(sh + _round_to_odd(v, e))
        if ((scalar or np.all(np.abs(a) < _SPLIT_MAX)) and np.all(np.abs(b) < _SPLIT_MAX)
                and np.isfinite(out).all()):
            return out
        plain = a * b + c
        safe = (np.abs(a) < _SPLIT_MAX) & (np.abs(b) < _SPLIT_MAX) & np.isfinite(out)
    return np.where(safe, out, plain)
