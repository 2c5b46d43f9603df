"""The lesson's read-outs at one point, in world coordinates.

Curvature class and Newton step, the compass rose of directional
derivatives, the partial slices, the Jacobian lens of the gradient map and
the ``--probe`` read-out. Points are ``(2,)`` arrays.
"""
from __future__ import annotations

import functools
import math
from dataclasses import dataclass

import numpy as np

from ._sampling import _eval, _norm, _p, _pow4, _unscale
from .tolerances import COND_MAX, CRITICAL_TOL, FLAT_TOL, is_critical


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
    Hs, k = _pow4(H)                    # |entries| < 1: no overflow in H + Hᵀ
    return _classify_sym(0.5 * (Hs + Hs.T), k, tol)


def _classify_sym(S, k: int, tol: float = FLAT_TOL):
    """`classify` from ``S = (Hs + Hsᵀ)/2`` with ``Hs = H·2⁻ᵏ`` (see `_pow4`)."""
    lam = np.linalg.eigvalsh(S)                       # the eigenvalues times 2^-k
    small, big = (float(v) for v in np.abs(lam))       # ascending λ: |λ| at the ends
    small, big = min(small, big), max(small, big)
    # |λ|min <= tol·max(1, |λ|max) with |λ| = 2^k·|λs|: scale-free where |λ|max >= 1,
    # i.e. where big = m·2^e (m in [1/2, 1)) has e + k >= 1; else |λ| < 1 is safe
    if big > 0 and math.frexp(big)[1] + k >= 1:
        flat = small <= tol * big
    else:
        flat = math.ldexp(small, k) <= tol
    if flat:
        return "flat"
    if lam[0] > 0:
        return "bowl"
    return "dome" if lam[1] < 0 else "saddle"


def _newton_step(H, g):
    """``−H⁻¹g`` for finite H and g, or None where ``cond(H) > COND_MAX`` or
    the step is beyond the float range. Computed on H and g scaled by powers
    of 4, so huge (1e300) or tiny entries neither overflow nor underflow on
    the way, and ordinary ones give the plain ``np.linalg.solve`` bit for bit."""
    return _newton_scaled(*_pow4(H), g)


def _newton_scaled(Hs, k: int, g):
    """`_newton_step` from ``Hs = H·2⁻ᵏ`` (see `_pow4`)."""
    if not Hs.any():
        return None
    s = np.linalg.svd(Hs, compute_uv=False)
    if not (s[-1] > 0 and s[0] <= COND_MAX * s[-1]):
        return None
    gs, j = _pow4(g)
    x = np.linalg.solve(Hs, -gs)                       # the step times 2^(k - j)
    top = float(np.max(np.abs(x)))
    if top > 0 and math.frexp(top)[1] + j - k > 1024:  # 2^1024 overflows
        return None
    return np.ldexp(x, j - k)


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
    return curvature_of(_eval(surface.hess, p), _eval(surface.grad, p))


def curvature_of(H, g) -> Curvature:
    """`curvature` from the Hessian ``H`` and gradient ``g`` at the point
    (for a caller that has them already: the same numbers)."""
    if not np.all(np.isfinite(H)):
        nan = np.full(2, np.nan)
        return Curvature(H, nan, np.full((2, 2), np.nan), None, None)
    Hs, k = _pow4(H)                    # huge entries: H + Hᵀ would overflow
    S = 0.5 * (Hs + Hs.T)               # one scaled, symmetrised H for all three
    lam, vec = np.linalg.eigh(S)
    step = _newton_scaled(Hs, k, g) if np.all(np.isfinite(g)) else None
    return Curvature(H, _unscale(lam, k), vec, _classify_sym(S, k), step)


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
    zero along the level-curve tangents. A zero or non-finite gradient, or
    one whose length is beyond the float range, gives ``D = 0`` everywhere
    and no maximum or zero directions; ``max_value`` is then 0.0, or ``inf``
    for the too-long gradient (to tell it from a zero one).

    >>> from game.surfaces import get
    >>> r = rose(get("hill"), 1.0, 0.0, n=4)
    >>> (r.d.round(12) + 0.0).tolist(), (r.max_dir + 0.0).tolist(), r.max_value
    ([-2.0, 0.0, 2.0, 0.0], [-1.0, 0.0], 2.0)
    """
    return rose_of(_eval(surface.grad, _p(x, y)), n)


def rose_of(g, n: int = 180) -> Rose:
    """`rose` from the gradient ``g`` at the point (the same numbers)."""
    theta, u = _circle(n)
    norm = float(_norm(g[0], g[1]))
    if not norm > 0 or not math.isfinite(norm):
        z = np.zeros(n)
        top = math.inf if norm == math.inf and np.all(np.isfinite(g)) else 0.0
        return Rose(theta, z, np.zeros((2, n)), z > 0, g, None, None, top, None)
    gs, k = _pow4(g)                    # g·u could round past the float range
    d, e = np.clip(_unscale(gs @ u, k), -norm, norm), g / norm
    t = np.array([-e[1], e[0]])
    return Rose(theta, d, u * np.abs(d), d > 0, g, e, float(np.arctan2(e[1], e[0]) % (2 * np.pi)),
                norm, np.stack([t, -t], axis=1))


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
    the domain's width (height) and use the analytic gradient; an end whose
    value is undefined or beyond the float range is NaN.

    >>> from game.surfaces import get
    >>> s = slices(get("bowl"), 1.0, 0.5)
    >>> s.f0, s.slope_x, s.slope_y
    (2.25, 2.0, 5.0)
    """
    p = _p(x, y)
    return slices_of(surface, x, y, float(_eval(surface.f, p)), _eval(surface.grad, p), n, span)


def slices_of(surface, x: float, y: float, f0: float, g, n: int = 200,
              span: float = 0.15) -> Slices:
    """`slices` from ``f0 = f(x, y)`` and the gradient ``g`` there (the same numbers)."""
    xmin, xmax, ymin, ymax = surface.domain
    xs, ys = np.linspace(xmin, xmax, n), np.linspace(ymin, ymax, n)
    fx = _eval(surface.f, np.stack([xs, np.full(n, float(y))]))
    fy = _eval(surface.f, np.stack([np.full(n, float(x)), ys]))
    sx, sy = (float(v) for v in g)

    def seg(s0, slope, half):
        s = np.array([s0 - half, s0 + half])
        with np.errstate(over="ignore", invalid="ignore"):
            v = f0 + slope * (s - s0)
        return np.stack([s, np.where(np.isfinite(v), v, np.nan)])

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
    An image that is undefined or beyond the float range is NaN.

    >>> from game.surfaces import get
    >>> L = jacobian_lens(get("bowl"), 0.3, 0.2, 0.1, n=4)
    >>> bool(np.allclose(L.images, L.linear)), L.J.tolist()
    (True, [[2.0, 0.0], [0.0, 10.0]])
    """
    p = _p(x, y)
    return lens_of(surface, p, _eval(surface.grad, p), _eval(surface.hess, p), radius, n)


def lens_of(surface, p, g, J, radius: float, n: int = 64) -> Lens:
    """`jacobian_lens` at the point ``p`` from the gradient ``g`` and the
    Hessian ``J`` there (the same numbers)."""
    d = radius * _circle(n)[1]
    with np.errstate(over="ignore", invalid="ignore"):  # inf - inf, 1e308·2: NaN below
        images = _eval(surface.grad, p[:, None] + d) - g[:, None]
        linear = J @ d
    return Lens(p, d, np.where(np.isfinite(images), images, np.nan),
                np.where(np.isfinite(linear), linear, np.nan), J)


@functools.lru_cache(maxsize=8)
def _circle(n: int):
    """``(θ, u)``: n angles ``linspace(0, 2π, n, endpoint=False)`` and the unit
    vectors ``(cos θ, sin θ)`` (2, n), cached read-only.

    >>> t, u = _circle(4)
    >>> t.tolist() == [0.0, np.pi / 2, np.pi, 3 * np.pi / 2], u[:, 0].tolist()
    (True, [1.0, 0.0])
    """
    theta = np.linspace(0.0, 2.0 * np.pi, n, endpoint=False)
    u = np.stack([np.cos(theta), np.sin(theta)])
    theta.flags.writeable = u.flags.writeable = False
    return theta, u


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
    gn = float(_norm(g[0], g[1]))
    return {
        "surface": surface.name, "x": _num(x), "y": _num(y), "f": _num(f),
        "grad": [_num(g[0]), _num(g[1])],
        "hessian": [[_num(H[0, 0]), _num(H[0, 1])], [_num(H[1, 0]), _num(H[1, 1])]],
        "curvature": classify(H),
        "critical": math.isfinite(f) and is_critical(surface, gn, tol),
    }
