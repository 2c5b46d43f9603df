"""Theory on quadratics: linear rates, optimal hyperparameters, stability limits.

Pure numpy. On ``f(x) = ½ (x − x*)ᵀ H (x − x*) + f*`` with eigenvalues
``0 < λmin ≤ λmax`` (``κ = λmax/λmin``), each rule in torch's form acts on each
eigen-direction separately. With ``e`` the error along an eigenvector of
eigenvalue ``λ`` and ``b`` torch's momentum buffer there:

* gd: ``e ← (1 − ηλ)·e``: rate ``|1 − ηλ|``, stable for ``η < 2/λmax``;
* heavy ball (``SGD(momentum=μ)``): ``b ← μ·b + λe``, ``e ← e − η·b``, so
  ``(e, b) ← [[1 − ηλ, −ημ], [λ, μ]]·(e, b)``, whose characteristic
  polynomial is ``z² − (1 + μ − ηλ)·z + μ`` (Polyak's heavy ball with
  step ``η`` and momentum ``μ``); stable for ``η < (2 + 2μ)/λmax``;
* Nesterov (``nesterov=True``): ``b ← μ·b + λe``, ``e ← e − η·(λe + μ·b)``,
  so ``(e, b) ← [[1 − ηλ(1 + μ), −ημ²], [λ, μ]]·(e, b)``, characteristic
  polynomial ``z² − (1 + μ)(1 − ηλ)·z + μ(1 − ηλ)``; stable for
  ``η < 2(1 + μ)/((1 + 2μ)·λmax)`` (Jury's test);
* Newton: ``e ← (1 − η)·e`` whatever H: rate ``|1 − η|``, stable for ``η < 2``.

The rate is the spectral radius, the largest over the eigenvalues. Optima:
gd ``η* = 2/(λmin + λmax)``, rate ``(κ − 1)/(κ + 1)``; heavy ball (Polyak 1964)
``η* = 4/(√λmax + √λmin)²``, ``μ* = ((√κ − 1)/(√κ + 1))²``, rate
``(√κ − 1)/(√κ + 1)``; Nesterov on quadratics (Lessard, Recht & Packard 2016)
``η* = 4/(3λmax + λmin)``, ``μ* = (√(3κ + 1) − 2)/(√(3κ + 1) + 2)``, rate
``1 − 2/√(3κ + 1)``; Newton ``η* = 1``, rate 0. At these optima the iteration
matrix is defective (a double root), so a measured rate approaches the
theory only slowly there. Adaptive rules are not linear: no rate (None).
"""
from __future__ import annotations

import math

import numpy as np

LINEAR = ("gd", "momentum", "nesterov", "newton")


def _name(rule) -> str:
    return rule if isinstance(rule, str) else rule.name


def eigen(H) -> tuple[float, float]:
    """``(λmin, λmax)`` of a constant symmetric 2×2 Hessian, in closed form.

    >>> eigen([[2.0, 0.0], [0.0, 10.0]])
    (2.0, 10.0)
    """
    H = np.asarray(H, float)
    a, b, c = H[0, 0], 0.5 * (H[0, 1] + H[1, 0]), H[1, 1]
    mean, radius = 0.5 * (a + c), math.hypot(0.5 * (a - c), b)
    return float(mean - radius), float(mean + radius)


def spectral_radius(p: float, q: float) -> float:
    """The largest ``|z|`` over the roots of ``z² − p·z + q`` (real p, q).

    >>> spectral_radius(1.0, 0.25), spectral_radius(0.0, 0.81)
    (0.5, 0.9)
    """
    disc = p * p - 4.0 * q
    if disc >= 0.0:
        return 0.5 * (abs(p) + math.sqrt(disc))
    return math.sqrt(q)


def _rate_one(name: str, hp: dict, lam: float) -> float:
    lr = hp["lr"]
    if name == "gd":
        return abs(1.0 - lr * lam)
    if name == "newton":
        return abs(1.0 - lr)
    mu = hp["momentum"]
    if name == "momentum":
        return spectral_radius(1.0 + mu - lr * lam, mu)
    return spectral_radius((1.0 + mu) * (1.0 - lr * lam), mu * (1.0 - lr * lam))


def rate(rule, hp: dict, eigenvalues) -> float | None:
    """The theoretical linear rate (per step) on a quadratic; None if not linear.

    >>> rate("gd", {"lr": 0.1}, (2.0, 10.0))
    0.8
    >>> rate("momentum", {"lr": 0.01, "momentum": 0.81}, (2.0, 10.0))
    0.9
    """
    name = _name(rule)
    if name not in LINEAR:
        return None
    return max(_rate_one(name, hp, float(lam)) for lam in eigenvalues)


def optimal(rule, eigenvalues) -> dict | None:
    """The rate-optimal hyperparameters and their rate; None where not defined.

    Needs ``λmin > 0``. Keys: ``lr``, ``momentum`` (heavy ball, Nesterov), ``rate``.

    >>> optimal("gd", (2.0, 10.0))
    {'lr': 0.16666666666666666, 'rate': 0.6666666666666666}
    """
    name = _name(rule)
    lo, hi = min(eigenvalues), max(eigenvalues)
    if name not in LINEAR or not lo > 0 or not math.isfinite(hi):
        return None
    kappa = hi / lo
    if name == "gd":
        return {"lr": 2.0 / (lo + hi), "rate": (kappa - 1.0) / (kappa + 1.0)}
    if name == "momentum":
        r = (math.sqrt(kappa) - 1.0) / (math.sqrt(kappa) + 1.0)
        return {"lr": 4.0 / (math.sqrt(hi) + math.sqrt(lo)) ** 2, "momentum": r * r, "rate": r}
    if name == "nesterov":
        s = math.sqrt(3.0 * kappa + 1.0)
        return {"lr": 4.0 / (3.0 * hi + lo), "momentum": (s - 2.0) / (s + 2.0),
                "rate": 1.0 - 2.0 / s}
    return {"lr": 1.0, "rate": 0.0}


def stability_limit(rule, hp: dict, lam_max: float) -> float | None:
    """The lr beyond which the rule diverges on a quadratic with this λmax.

    >>> stability_limit("gd", {}, 10.0), stability_limit("momentum", {"momentum": 0.9}, 10.0)
    (0.2, 0.38)
    """
    name = _name(rule)
    if name == "newton":
        return 2.0
    if name not in LINEAR or not lam_max > 0:
        return None
    if name == "gd":
        return 2.0 / lam_max
    mu = hp["momentum"]
    if name == "momentum":
        return (2.0 + 2.0 * mu) / lam_max
    return 2.0 * (1.0 + mu) / ((1.0 + 2.0 * mu) * lam_max)


def measured_rate(distances, window: int | None = None) -> float | None:
    """Geometric mean of ``d[k+1]/d[k]`` over the newest ``window`` ratios.

    Ratios with a zero or non-finite distance are skipped; None if none is left.

    >>> measured_rate([8.0, 4.0, 2.0, 1.0, 0.0])
    0.5
    """
    d = np.asarray(distances, float)
    if d.size < 2:
        return None
    a, b = d[:-1], d[1:]
    ok = (a > 0) & (b > 0) & np.isfinite(a) & np.isfinite(b)
    ratios = b[ok] / a[ok]
    if window is not None:
        ratios = ratios[-int(window):]
    if ratios.size == 0:
        return None
    return float(np.exp(np.mean(np.log(ratios))))


def constant_hessian(surface, n: int = 5, rtol: float = 1e-9):
    """The surface's Hessian (2×2) if it is the same all over the domain, else None.

    Sampled on an ``n × n`` grid; equal within ``rtol`` of its largest entry.
    """
    xmin, xmax, ymin, ymax = surface.domain
    grid = np.array(np.meshgrid(np.linspace(xmin, xmax, n), np.linspace(ymin, ymax, n)))
    with np.errstate(all="ignore"):
        h = np.asarray(surface.hess(grid), float)
    if h.shape != (2, 2, n, n) or not np.isfinite(h).all():
        return None
    h0 = h[:, :, 0, 0]
    if np.abs(h - h0[:, :, None, None]).max() > rtol * (1.0 + np.abs(h0).max()):
        return None
    return h0.copy()


def quadratic_minimum(surface, H):
    """``x*`` of a quadratic surface with Hessian ``H``: one Newton step from the
    domain's centre (exact for a quadratic); None if H is singular."""
    xmin, xmax, ymin, ymax = surface.domain
    p = np.array([0.5 * (xmin + xmax), 0.5 * (ymin + ymax)])
    H = np.asarray(H, float)
    if abs(np.linalg.det(H)) <= 1e-12 * np.abs(H).max() ** 2:
        return None
    return p - np.linalg.solve(H, np.asarray(surface.grad(p), float))
