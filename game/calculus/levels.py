"""Level sets ``f = c``: the curve through the cursor (``level_curve``, traced
with predictor-corrector steps) and every crossing on a sampled grid
(``level_set_segments``, marching squares).
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from ._sampling import _eval, _p
from .tolerances import CRITICAL_TOL, gradient_scale


@dataclass(frozen=True)
class LevelCurve:
    """The level curve ``f = level`` through the cursor (see `level_curve`)."""
    points: np.ndarray         # (2, K), one end -> cursor -> other end
    level: float
    tangent: np.ndarray | None  # (2,) unit (-f_y, f_x)/|grad f| at the cursor
    normal: np.ndarray | None   # (2,) unit gradient at the cursor
    closed: bool               # True: points[:, 0] == points[:, -1] == cursor


def _trace(surface, p0, g0, c, h, sign, max_steps, ftol, gtol):
    """Walk from p0 along sign * (rotated unit gradient); returns (points, closed)."""
    f, grad = surface.f, surface.grad

    def tangent(g):
        n = math.hypot(g[0], g[1])
        return sign * np.array([-g[1], g[0]]) / n if gtol < n < math.inf else None

    pts, p, t1 = [], p0, tangent(g0)
    for k in range(max_steps):
        t2 = None if t1 is None else tangent(grad(p + 0.5 * h * t1))
        if t2 is None:
            break
        q = p + h * t2                       # midpoint predictor ...
        r = float(f(q)) - c
        for _ in range(4):                   # ... Newton back onto f = c
            if not abs(r) > 1e-2 * ftol:
                break
            g = np.asarray(grad(q), dtype=float)
            n = np.hypot(g[0], g[1])         # r·g/(g·g), written so g·g cannot overflow
            q = q - (r / n) * (g / n)
            r = float(f(q)) - c
        if not (abs(r) <= ftol and surface.contains(q[0], q[1])
                and math.hypot(*(q - p)) <= 2 * h):
            break
        pts.append(q)
        p, t1 = q, tangent(np.asarray(grad(q), dtype=float))
        if k >= 2 and math.hypot(*(q - p0)) < h:
            pts.append(p0.copy())
            return pts, True
    return pts, False


def level_curve(surface, x: float, y: float, step: float = 0.004,
                max_steps: int = 600, ftol: float = 1e-10) -> LevelCurve:
    """Trace the level curve ``f = f(x, y)`` through the cursor.

    Midpoint steps along the tangent field ``(-f_y, f_x) / |grad f|`` of length
    ``step * (xmax - xmin)``, each corrected by Newton iterations along
    ``grad f`` so every point satisfies ``|f - c| <= ftol * max(1, |c|)``.
    Each direction stops at the domain edge, after ``max_steps``, where
    ``|grad f|`` counts as zero (`is_critical`, as in `probe`) or is undefined,
    or when the curve closes. At a critical cursor: one point, no tangent.

    >>> from game.surfaces import get
    >>> lc = level_curve(get("hill"), 1.0, 0.0)
    >>> lc.closed, bool(np.allclose(np.hypot(*lc.points), 1.0))
    (True, True)
    """
    p0 = _p(x, y)
    c = float(_eval(surface.f, p0))
    g = _eval(surface.grad, p0)
    norm = math.hypot(g[0], g[1])
    scale = max(1.0, abs(c))
    gtol = CRITICAL_TOL * max(1.0, gradient_scale(surface))
    if not (math.isfinite(c) and gtol < norm < math.inf):
        return LevelCurve(p0[:, None], c, None, None, False)
    h = step * (surface.domain[1] - surface.domain[0])
    args = (c, h, 1.0, max_steps, ftol * scale, gtol)
    with np.errstate(all="ignore"):
        fwd, closed = _trace(surface, p0, g, *args)
        bwd = [] if closed else _trace(surface, p0, g, c, h, -1.0, *args[3:])[0]
    pts = np.array(bwd[::-1] + [p0] + fwd).T
    e = g / norm
    return LevelCurve(pts, c, np.array([-e[1], e[0]]), e, closed)


# Marching squares. Corners of cell (j, i): bit 0 = (j, i), bit 1 = (j, i+1),
# bit 2 = (j+1, i+1), bit 3 = (j+1, i); a bit is set where value > c. Edges:
# 0 = (j, i)-(j, i+1), 1 = (j, i+1)-(j+1, i+1), 2 = (j+1, i)-(j+1, i+1),
# 3 = (j, i)-(j+1, i). _MS[case] lists up to two segments as edge pairs;
# rows 16 and 17 are the saddle cases 5 and 10 with the other pairing.
_EDGE_CORNERS = ((0, 1), (1, 2), (3, 2), (0, 3))


def _ms_table() -> np.ndarray:
    table = np.full((18, 2, 2), -1, dtype=np.intp)
    for case in range(16):
        bit = [(case >> k) & 1 for k in range(4)]
        cut = [e for e, (a, b) in enumerate(_EDGE_CORNERS) if bit[a] != bit[b]]
        if len(cut) == 2:
            table[case, 0] = cut
    # saddles: "around 1 and 3" cuts off corners 1 and 3; "around 0 and 2" the others
    around13, around02 = [[0, 1], [2, 3]], [[3, 0], [1, 2]]
    table[5], table[16] = around13, around02     # case 5: corners 0, 2 above
    table[10], table[17] = around02, around13    # case 10: corners 1, 3 above
    return table


_MS = _ms_table()
_EDGE_P = np.array([a for a, _ in _EDGE_CORNERS], dtype=np.intp)
_EDGE_Q = np.array([b for _, b in _EDGE_CORNERS], dtype=np.intp)
_CORNER_DX = np.array([0, 1, 1, 0], dtype=np.intp)
_CORNER_DY = np.array([0, 0, 1, 1], dtype=np.intp)
_CASE_WEIGHTS = np.array([1, 2, 4, 8], dtype=np.intp)


def level_set_segments(values, xs, ys, c) -> np.ndarray:
    """Segments of the level set ``f = c`` by marching squares on a grid.

    Parameters
    ----------
    values : array_like, shape (ny, nx)
        ``f`` sampled at ``(xs[i], ys[j])`` (row j, column i); NaN or ±inf
        where undefined.
    xs, ys : array_like, shapes (nx,), (ny,)
        The sample coordinates (monotonic).
    c : float
        The level.

    Returns
    -------
    ndarray, shape (M, 2, 2)
        ``segments[m, k]`` is the world point ``(x, y)`` of end ``k`` of
        segment ``m``. The crossing on each cell edge is linearly
        interpolated, so neighbouring cells share end points exactly. A cell
        with a non-finite corner gives no segment. The ambiguous saddle
        cells follow the mean of their four corners (the "asymptotic decider"
        simplified): if it is above ``c`` the two above corners are joined.
        ``(0, 2, 2)`` when nothing crosses ``c``.

    >>> xs = ys = np.array([0.0, 1.0])
    >>> v = np.array([[0.0, 1.0], [0.0, 1.0]])     # f = x on the unit square
    >>> level_set_segments(v, xs, ys, 0.25).tolist()
    [[[0.25, 0.0], [0.25, 1.0]]]
    >>> level_set_segments(v, xs, ys, 2.0).shape
    (0, 2, 2)
    """
    v = np.asarray(values, dtype=float)
    xs, ys = np.asarray(xs, dtype=float), np.asarray(ys, dtype=float)
    empty = np.zeros((0, 2, 2))
    c = float(c)
    if v.ndim != 2 or min(v.shape) < 2 or not math.isfinite(c):
        return empty
    above = v > c                                      # NaN counts as below here
    across = above[:-1] ^ above[1:]                    # vertical edges crossed
    active = across[:, :-1] | across[:, 1:]
    along = above[:, :-1] ^ above[:, 1:]               # horizontal edges crossed
    active |= along[:-1]
    active |= along[1:]
    flat = np.flatnonzero(active)                      # cells with a crossing
    if flat.size == 0:
        return empty
    nx = v.shape[1]
    j, i = np.divmod(flat, nx - 1)
    k00 = j * nx + i                                   # flat index of corner 0
    corner = np.stack([k00, k00 + 1, k00 + nx + 1, k00 + nx])     # (4, K)
    cv = v.ravel()[corner]                             # corner values
    ok = np.isfinite(cv).all(axis=0)
    if not ok.all():                                   # undefined corner: no segment
        j, i, corner, cv = j[ok], i[ok], corner[:, ok], cv[:, ok]
        if j.size == 0:
            return empty
    case = _CASE_WEIGHTS @ above.ravel()[corner]       # (K,) in 1 .. 14
    return cell_segments(cv, case, i, j, c, xs, ys)


def cell_segments(cv, case, i, j, c: float, xs, ys) -> np.ndarray:
    """The segments of level ``c`` in the cells with corner values ``cv``
    (4, K), marching-squares cases ``case`` (K,) and grid indices ``i``,
    ``j``: each saddle split by its centre value, each crossing placed on
    its edge by linear interpolation. Shape (M, 2, 2) in world coordinates
    (``xs``, ``ys``: the grid's columns and rows)."""
    saddle = np.flatnonzero((case == 5) | (case == 10))
    if saddle.size:
        with np.errstate(over="ignore", invalid="ignore"):
            low = saddle[cv[:, saddle].sum(axis=0) <= 4.0 * c]   # centre below c
        case[low] = np.where(case[low] == 5, 16, 17)
    pairs = _MS[case]                                  # (K, 2 segments, 2 ends)
    keep = pairs[:, :, 0] >= 0
    cell = np.nonzero(keep)[0][:, None]                # (M, 1)
    ends = pairs[keep]                                 # (M, 2) edge ids
    p, q = _EDGE_P[ends], _EDGE_Q[ends]                # (M, 2) corner ids
    va, vb = cv[p, cell], cv[q, cell]                  # opposite sides of c
    t = (c - va) / (vb - va)
    ic, jc = i[cell], j[cell]
    xa, xb = xs[ic + _CORNER_DX[p]], xs[ic + _CORNER_DX[q]]
    ya, yb = ys[jc + _CORNER_DY[p]], ys[jc + _CORNER_DY[q]]
    out = np.empty(ends.shape + (2,))
    out[:, :, 0] = xa + t * (xb - xa)
    out[:, :, 1] = ya + t * (yb - ya)
    return out
