"""Geometry behind the lesson's overlays, in world coordinates.

Pure numpy (no pygame): curvature class and Newton step, the compass rose of
directional derivatives, the level curve through the cursor, the partial
slices, the Jacobian lens of the gradient map, the probe read-out and the
quiver grid. A renderer turns these arrays into pixels. Points are ``(2,)``
arrays, point sets ``(2, ...)`` (coordinates on axis 0, like ``surfaces``).
"""
from __future__ import annotations

import functools
import math
from dataclasses import dataclass

import numpy as np

FLAT_TOL = 1e-9       # |lambda|_min <= FLAT_TOL * max(1, |lambda|_max) -> "flat"
COND_MAX = 1e12       # Newton step only where cond(H) <= COND_MAX
CRITICAL_TOL = 1e-9   # critical where |grad f| <= CRITICAL_TOL * max(1, G), G = gradient_scale


def _p(x, y) -> np.ndarray:
    return np.array([float(x), float(y)])


def _eval(fn, p) -> np.ndarray:
    with np.errstate(all="ignore"):
        return np.asarray(fn(p), dtype=float)


def classify(H, tol: float = FLAT_TOL):
    """Curvature class of a 2x2 Hessian.

    Parameters
    ----------
    H : array_like, shape (2, 2)
    tol : float
        "flat" when the eigenvalue of smallest magnitude is at most
        ``tol * max(1, largest magnitude)``.

    Returns
    -------
    str or None
        "bowl" (positive definite), "dome" (negative definite), "saddle"
        (indefinite), "flat" (degenerate), or None if H is not finite.

    >>> from game.surfaces import get
    >>> classify(get("hill").hess([0.0, 0.0])), classify([[1, 0], [0, -3]])
    ('dome', 'saddle')
    """
    H = np.asarray(H, dtype=float)
    if not np.all(np.isfinite(H)):
        return None
    lam = np.linalg.eigvalsh(0.5 * (H + H.T))
    mag = np.abs(lam)
    if mag.min() <= tol * max(1.0, mag.max()):
        return "flat"
    if lam[0] > 0:
        return "bowl"
    return "dome" if lam[1] < 0 else "saddle"


@dataclass(frozen=True)
class Curvature:
    """Second-order picture at one point (see `curvature`)."""
    hessian: np.ndarray        # (2, 2)
    eigenvalues: np.ndarray    # (2,), ascending
    eigenvectors: np.ndarray   # (2, 2), unit columns matching eigenvalues
    kind: str | None           # classify(hessian)
    newton_step: np.ndarray | None  # (2,) = -H^-1 grad, None if ill-conditioned


def curvature(surface, x: float, y: float) -> Curvature:
    """Hessian, its eigen-decomposition, class and Newton step at (x, y).

    The Newton step ``-H^{-1} grad f`` (``np.linalg.solve``) is None where H or
    the gradient is not finite or ``cond(H) > COND_MAX``.

    >>> from game.surfaces import get
    >>> c = curvature(get("bowl"), 1.0, 2.0)
    >>> c.kind, c.eigenvalues.tolist(), (c.newton_step + [1.0, 2.0]).tolist()
    ('bowl', [2.0, 10.0], [0.0, 0.0])
    """
    p = _p(x, y)
    H = _eval(surface.hess, p)
    g = _eval(surface.grad, p)
    if not np.all(np.isfinite(H)):
        nan = np.full(2, np.nan)
        return Curvature(H, nan, np.full((2, 2), np.nan), None, None)
    lam, vec = np.linalg.eigh(0.5 * (H + H.T))
    s = np.linalg.svd(H, compute_uv=False)
    step = None
    if np.all(np.isfinite(g)) and s[-1] > 0 and s[0] <= COND_MAX * s[-1]:
        step = np.linalg.solve(H, -g)
    return Curvature(H, lam, vec, classify(H), step)


@dataclass(frozen=True)
class Rose:
    """Directional derivatives around one point (see `rose`)."""
    theta: np.ndarray          # (n,) in [0, 2 pi)
    d: np.ndarray              # (n,) D_u f = grad . u(theta)
    curve: np.ndarray          # (2, n) u(theta) * |D|, unscaled polar curve
    positive: np.ndarray       # (n,) bool, D > 0 (uphill lobe)
    grad: np.ndarray           # (2,)
    max_dir: np.ndarray | None  # (2,) unit grad, None where grad is 0/undefined
    max_theta: float | None
    max_value: float           # |grad f| (0.0 when undefined)
    zero_dirs: np.ndarray | None  # (2, 2), columns: +/- level-curve tangent


def rose(surface, x: float, y: float, n: int = 180) -> Rose:
    """Compass rose of ``D_u f = grad f . u`` over ``u = (cos t, sin t)``.

    ``D(t) = |grad f| cos(t - phi)``: maximum ``|grad f|`` along the gradient,
    zero along the level-curve tangents. A zero or non-finite gradient gives
    ``D = 0`` everywhere and no maximum or zero directions.

    >>> from game.surfaces import get
    >>> r = rose(get("hill"), 1.0, 0.0, n=4)
    >>> (r.d.round(12) + 0.0).tolist(), (r.max_dir + 0.0).tolist(), r.max_value
    ([-2.0, 0.0, 2.0, 0.0], [-1.0, 0.0], 2.0)
    """
    theta = np.linspace(0.0, 2.0 * np.pi, n, endpoint=False)
    u = np.stack([np.cos(theta), np.sin(theta)])
    g = _eval(surface.grad, _p(x, y))
    norm = float(np.hypot(g[0], g[1]))
    if not norm > 0 or not math.isfinite(norm):
        z = np.zeros(n)
        return Rose(theta, z, np.zeros((2, n)), z > 0, g, None, None, 0.0, None)
    d, e = g @ u, g / norm
    t = np.array([-e[1], e[0]])
    return Rose(theta, d, u * np.abs(d), d > 0, g, e, float(np.arctan2(e[1], e[0]) % (2 * np.pi)),
                norm, np.stack([t, -t], axis=1))


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
            q = q - r * g / float(g @ g)
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


@dataclass(frozen=True)
class Slices:
    """Partial slices through the cursor (see `slices`)."""
    xs: np.ndarray             # (n,) x samples, y = y0
    fx: np.ndarray             # (n,) f(xs, y0)
    ys: np.ndarray             # (n,) y samples, x = x0
    fy: np.ndarray             # (n,) f(x0, ys)
    f0: float
    slope_x: float             # df/dx at the cursor
    slope_y: float             # df/dy at the cursor
    tangent_x: np.ndarray      # (2, 2): rows (x, value) of the segment's ends
    tangent_y: np.ndarray      # (2, 2): rows (y, value)


def slices(surface, x: float, y: float, n: int = 200,
           span: float = 0.15) -> Slices:
    """Slices of f along x (y fixed) and along y (x fixed), with tangents.

    The tangent segments ``f0 + slope * (s - s0)`` cover ``s0 +/- span *``
    the domain's width (height) and use the analytic gradient.

    >>> from game.surfaces import get
    >>> s = slices(get("bowl"), 1.0, 0.5)
    >>> s.f0, s.slope_x, s.slope_y
    (2.25, 2.0, 5.0)
    """
    xmin, xmax, ymin, ymax = surface.domain
    xs, ys = np.linspace(xmin, xmax, n), np.linspace(ymin, ymax, n)
    fx = _eval(surface.f, np.stack([xs, np.full(n, float(y))]))
    fy = _eval(surface.f, np.stack([np.full(n, float(x)), ys]))
    f0 = float(_eval(surface.f, _p(x, y)))
    sx, sy = (float(v) for v in _eval(surface.grad, _p(x, y)))

    def seg(s0, slope, half):
        s = np.array([s0 - half, s0 + half])
        return np.stack([s, f0 + slope * (s - s0)])

    return Slices(xs, fx, ys, fy, f0, sx, sy, seg(float(x), sx, span * (xmax - xmin)),
                  seg(float(y), sy, span * (ymax - ymin)))


@dataclass(frozen=True)
class Lens:
    """The gradient map near the cursor vs. its linearisation (see `jacobian_lens`)."""
    center: np.ndarray         # (2,)
    d: np.ndarray              # (2, n) displacements on the circle
    images: np.ndarray         # (2, n) grad f(p + d) - grad f(p)
    linear: np.ndarray         # (2, n) J @ d (an ellipse)
    J: np.ndarray              # (2, 2) Jacobian of grad f = Hessian


def jacobian_lens(surface, x: float, y: float, radius: float,
                  n: int = 64) -> Lens:
    """Images of a small circle under ``p -> grad f(p)`` and under its Jacobian.

    The error ``images - linear`` is O(radius^2) (zero for a quadratic f).

    >>> from game.surfaces import get
    >>> L = jacobian_lens(get("bowl"), 0.3, 0.2, 0.1, n=4)
    >>> bool(np.allclose(L.images, L.linear)), L.J.tolist()
    (True, [[2.0, 0.0], [0.0, 10.0]])
    """
    p = _p(x, y)
    t = np.linspace(0.0, 2.0 * np.pi, n, endpoint=False)
    d = radius * np.stack([np.cos(t), np.sin(t)])
    J = _eval(surface.hess, p)
    images = _eval(surface.grad, p[:, None] + d) - _eval(surface.grad, p)[:, None]
    return Lens(p, d, images, J @ d, J)


@functools.lru_cache(maxsize=64)
def gradient_scale(surface, n: int = 33) -> float:
    """G, the median |grad f| over an ``n`` by ``n`` grid of the domain: the
    yardstick for "the gradient is zero here". Adding a constant to f does
    not change it, unlike a yardstick made of |f|.

    >>> from game.surfaces import get
    >>> round(gradient_scale(get("round")), 3) == round(gradient_scale(get("hill")), 3)
    True
    """
    xmin, xmax, ymin, ymax = surface.domain
    grid = np.array(np.meshgrid(np.linspace(xmin, xmax, n), np.linspace(ymin, ymax, n)))
    with np.errstate(all="ignore"):
        g = np.asarray(surface.grad(grid), float)
    norm = np.hypot(g[0], g[1])
    norm = norm[np.isfinite(norm)]
    return float(np.median(norm)) if norm.size else 1.0


def is_critical(surface, grad_norm: float, tol: float = CRITICAL_TOL) -> bool:
    """Whether ``|grad f| = grad_norm`` counts as zero on ``surface``."""
    return bool(grad_norm <= tol * max(1.0, gradient_scale(surface)))


def _num(v):
    v = float(v) + 0.0          # + 0.0 turns -0.0 into 0.0
    return v if math.isfinite(v) else None


def probe(surface, x: float, y: float, tol: float = CRITICAL_TOL) -> dict:
    """JSON-ready read-out at (x, y); non-finite numbers become None.

    ``critical`` is ``|grad f| <= tol * max(1, G)`` with G the surface's
    `gradient_scale` (False where undefined): true at the hill's peak, false
    1e-3 away (``|grad f| = 2e-3``).

    >>> from game.surfaces import get
    >>> probe(get("hill"), 0.0, 0.0)["critical"], probe(get("hill"), 1e-3, 0.0)["critical"]
    (True, False)
    """
    p = _p(x, y)
    f, g, H = float(_eval(surface.f, p)), _eval(surface.grad, p), _eval(surface.hess, p)
    gn = float(np.hypot(g[0], g[1]))
    return {
        "surface": surface.name, "x": _num(x), "y": _num(y), "f": _num(f),
        "grad": [_num(g[0]), _num(g[1])],
        "hessian": [[_num(H[0, 0]), _num(H[0, 1])], [_num(H[1, 0]), _num(H[1, 1])]],
        "curvature": classify(H),
        "critical": math.isfinite(f) and is_critical(surface, gn, tol),
    }


@dataclass(frozen=True)
class Quiver:
    """Gradient arrows on a grid (see `quiver`)."""
    points: np.ndarray         # (2, ny, nx) cell centres; row j has y increasing
    grad: np.ndarray           # (2, ny, nx), 0 where invalid
    norm: np.ndarray           # (ny, nx) |grad f|, 0 where invalid
    valid: np.ndarray          # (ny, nx) bool, gradient finite


def quiver(surface, view, nx: int, ny: int) -> Quiver:
    """Gradient at the cell centres of an ``nx`` by ``ny`` grid over ``view``.

    ``view`` is ``(xmin, xmax, ymin, ymax)`` (e.g. ``surface.domain``).

    >>> from game.surfaces import get
    >>> q = quiver(get("hill"), (0, 2, 0, 1), 2, 1)
    >>> q.points[:, 0].tolist(), q.grad[:, 0].tolist()
    ([[0.5, 1.5], [0.5, 0.5]], [[-1.0, -3.0], [-1.0, -1.0]])
    """
    xmin, xmax, ymin, ymax = (float(v) for v in view)
    xs = xmin + (np.arange(nx) + 0.5) * (xmax - xmin) / nx
    ys = ymin + (np.arange(ny) + 0.5) * (ymax - ymin) / ny
    pts = np.stack(np.meshgrid(xs, ys))
    g = _eval(surface.grad, pts) * np.ones((2, ny, nx))
    g = np.where(valid := np.all(np.isfinite(g), axis=0), g, 0.0)
    return Quiver(pts, g, np.hypot(g[0], g[1]), valid)


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
