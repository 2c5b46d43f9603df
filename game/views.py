"""The world rectangle on screen: zoom about a point, pan, and the limits
that keep every view finite and non-empty.

Pure Python (no numpy, no pygame). A view is ``(xmin, xmax, ymin, ymax)`` in
world units. Whatever the arguments (NaN, ±inf, 1e308, a point far outside
the view), the result is four finite floats with ``xmax > xmin`` and
``ymax > ymin``, each side at least ``VIEW_ULPS`` floats wide, and its centre
inside the domain (on a domain that reaches the very end of the float range,
the centre moves in as far as it must to keep both ends finite).
"""
from __future__ import annotations

import math
import sys

ZOOM_MIN, ZOOM_MAX = 1e-3, 4.0     # view width as a fraction of the domain's
VIEW_ULPS = 2 ** 14      # a view spans at least this many floats, so that every pixel
                         # column of a window up to 8192 wide has its own x
_MAX = sys.float_info.max
_WIDEST = _MAX * (1.0 - 2.0 ** -40)   # widest view: c ± w/2 rounded still spans a float width


def _is_view(view) -> bool:
    """Whether ``view`` is 4 finite numbers with xmin < xmax, ymin < ymax."""
    try:
        xmin, xmax, ymin, ymax = (float(v) for v in view)
    except (TypeError, ValueError, OverflowError):
        return False
    return all(map(math.isfinite, (xmin, xmax, ymin, ymax))) and xmin < xmax and ymin < ymax


def _num(v) -> float:
    """``v`` as a float; NaN for what is not a real number (``10**400``, "a")."""
    try:
        return float(v)
    except (TypeError, ValueError, OverflowError):
        return math.nan


def _domain(domain) -> tuple[float, float, float, float]:
    if not _is_view(domain):
        raise ValueError(f"a domain must be 4 finite numbers xmin < xmax, ymin < ymax, "
                         f"not {domain!r}")
    return tuple(float(v) for v in domain)


def _extent_limits(lo: float, hi: float) -> tuple[float, float]:
    """``(least, most)`` width of a view along a domain side ``[lo, hi]``:
    ``ZOOM_MIN`` to ``ZOOM_MAX`` of the side, never below ``VIEW_ULPS``
    floats at the farthest place such a view can reach (on ``[1e15, 1e15 +
    1]`` floats are 0.125 apart: that floor wins over the zoom range there),
    and never beyond the float range. Python floats: an overflow is ``inf``,
    then clamped, never a warning.

    >>> _extent_limits(-2.0, 2.0)
    (0.004, 16.0)
    >>> _extent_limits(1e15, 1e15 + 1.0)
    (2048.0, 2048.0)
    >>> _extent_limits(-1e308, 1e308)[1] == _WIDEST
    True
    """
    half = hi * 0.5 - lo * 0.5                     # finite even where hi - lo is not
    far = min(max(abs(lo), abs(hi)) + (2.0 * ZOOM_MAX + 2.0) * half, _MAX)
    least = min(max(2.0 * ZOOM_MIN * half, VIEW_ULPS * math.ulp(far)), _WIDEST)
    return least, min(max(2.0 * ZOOM_MAX * half, least), _WIDEST)


def _toward(v: float, lo: float, hi: float) -> float:
    """``v`` clamped into ``[lo, hi]``; NaN gives the middle."""
    return min(max(v, lo), hi) if v == v else lo * 0.5 + hi * 0.5


def _place(c: float, w: float, lo: float, hi: float) -> tuple[float, float]:
    """The interval of width ``w`` (clamped to the limits; NaN: the widest)
    about ``c`` (clamped into ``[lo, hi]``), moved in just enough to keep both
    ends finite."""
    least, most = _extent_limits(lo, hi)
    w = min(max(w, least), most) if w == w else most
    c = _toward(c, lo, hi)
    a, b = c - w * 0.5, c + w * 0.5
    if b > _MAX:                       # rounded past the end of the range
        a, b = _MAX - w, _MAX
    elif a < -_MAX:
        a, b = -_MAX, -_MAX + w
    return a, b


def _side(a: float, b: float, lo: float, hi: float) -> tuple[float, float]:
    """``[a, b]`` as it is when its centre is in ``[lo, hi]`` and its width
    within the limits, else re-placed by `_place`."""
    least, most = _extent_limits(lo, hi)
    c, w = a * 0.5 + b * 0.5, b - a                # the halves cannot overflow
    if lo <= c <= hi and least <= w <= most:
        return a, b
    return _place(c, w, lo, hi)


def _sane(view, dom) -> tuple[float, float, float, float]:
    """``view`` as four floats within the limits; a view that is not 4 finite
    numbers with xmin < xmax, ymin < ymax is the domain itself."""
    xmin, xmax, ymin, ymax = (float(v) for v in (view if _is_view(view) else dom))
    return _side(xmin, xmax, *dom[:2]) + _side(ymin, ymax, *dom[2:])


def zoom_view(view, domain, x, y, factor):
    """``view`` scaled by ``factor`` about the world point ``(x, y)``, which
    stays where it is on screen; the width stays within ``ZOOM_MIN`` to
    ``ZOOM_MAX`` of the domain's (and above the float resolution: see
    `_extent_limits`), and the view's centre inside the domain.

    Any arguments give a finite, non-empty view: a point outside the view is
    taken at the view's edge, a NaN point at its centre, and a factor that is
    not a finite number > 0 leaves the width as it is.

    >>> zoom_view((-2, 2, -2, 2), (-2, 2, -2, 2), 1.0, 0.0, 0.5)
    (-0.5, 1.5, -1.0, 1.0)
    >>> zoom_view((-2, 2, -2, 2), (-2, 2, -2, 2), 1e308, float("nan"), 1e-300)
    (1.996, 2.0, -0.002, 0.002)
    """
    dom = _domain(domain)
    xmin, xmax, ymin, ymax = _sane(view, dom)
    factor = _num(factor)
    if not (math.isfinite(factor) and factor > 0):
        factor = 1.0
    x, y = _toward(_num(x), xmin, xmax), _toward(_num(y), ymin, ymax)
    (wlo, whi), (hlo, hhi) = _extent_limits(*dom[:2]), _extent_limits(*dom[2:])
    w, h = xmax - xmin, ymax - ymin
    factor = max(min(factor, whi / w, hhi / h), wlo / w, hlo / h)
    # the anchor keeps its place: each end moves away from it by the factor
    ends = (x - (x - xmin) * factor, x + (xmax - x) * factor,
            y - (y - ymin) * factor, y + (ymax - y) * factor)
    if _is_view(ends):
        return _sane(ends, dom)
    # an end overflowed (a domain at the end of the float range): the same
    # view by its centre and width, which _place keeps finite
    cx = x + (xmin * 0.5 + xmax * 0.5 - x) * factor
    cy = y + (ymin * 0.5 + ymax * 0.5 - y) * factor
    return _place(cx, w * factor, *dom[:2]) + _place(cy, h * factor, *dom[2:])


def pan_view(view, domain, dx, dy):
    """``view`` moved by ``(dx, dy)``, its centre kept inside the domain
    (an infinite move stops at the edge; a NaN one does not move).

    >>> pan_view((-2, 2, -2, 2), (-2, 2, -2, 2), float("inf"), float("nan"))
    (0.0, 4.0, -2.0, 2.0)
    """
    dom = _domain(domain)
    xmin, xmax, ymin, ymax = _sane(view, dom)
    dx, dy = (d if d == d else 0.0 for d in (_num(dx), _num(dy)))
    cx = xmin * 0.5 + xmax * 0.5 + dx              # ±inf when it overflows: clamped
    cy = ymin * 0.5 + ymax * 0.5 + dy
    return _place(cx, xmax - xmin, *dom[:2]) + _place(cy, ymax - ymin, *dom[2:])
