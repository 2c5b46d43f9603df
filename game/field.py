"""Height grid → colours, contour lines, colorbar: arrays, not surfaces.

Pure numpy (no pygame). Nothing here runs per frame. :func:`build`,
:func:`contour_alpha` and :func:`blend` are the plain statement of the map's
picture (the icon and the tests use them); the window's map is made by
:mod:`game.colormap`, which gives exactly these pixels in fewer passes.
"""
from __future__ import annotations

import math
import dataclasses
from dataclasses import dataclass

import numpy as np

# Viridis, as the degree-6 polynomial fit of the matplotlib table (per channel,
# coefficients of t^0 … t^6). It is perceptually uniform and dark → bright, so
# the hill's peak is bright and its edges dark.
_VIRIDIS = np.array([
    [0.2777273272234177, 0.005407344544966578, 0.3340998053353061],
    [0.1050930431085774, 1.404613529898575, 1.384590162594685],
    [-0.3308618287255563, 0.214847559468213, 0.09509516302823659],
    [-4.634230498983486, -5.799100973351585, -19.33244095627987],
    [6.228269936347081, 14.17993336680509, 56.69055260068105],
    [4.776384997670288, -13.74514537774601, -65.35303263337234],
    [-5.435455855934631, 4.645852612178535, 26.3124352495832],
])

UNDEFINED_RGB = (96, 96, 96)     # where f is not defined (NaN)
CONTOUR_RGB = (255, 255, 255)
CONTOUR_ALPHA = 0.55
CONTOUR_LEVELS = 14
OUTSIDE_DIM = 0.4                # brightness beyond the domain's walls


def viridis_lut(n: int = 256) -> np.ndarray:
    """An ``(n, 3)`` uint8 lookup table, dark purple → yellow.

    >>> lut = viridis_lut()
    >>> lut.shape, bool(lut[-1].sum() > lut[0].sum())
    ((256, 3), True)
    """
    t = np.linspace(0.0, 1.0, n)
    powers = t[None, :] ** np.arange(7)[:, None]          # (7, n)
    rgb = np.clip(_VIRIDIS.T @ powers, 0.0, 1.0).T          # (n, 3)
    return np.round(rgb * 255.0).astype(np.uint8)


LUT = viridis_lut()


_FLOAT_MAX = float(np.finfo(float).max)
_FLAT_REL = 2.0 ** -40     # a range below this fraction of |f| is rounding noise: flat
_FLAT_ABS = 1e-300         # and so is a range below this (subnormal spans)
_FLAT_WIDTH = 2.0 ** -20   # a flat f is shown on a range this wide relative to |f| (at least 1)


def _colour_range(lo: float, hi: float) -> tuple[float, float, float]:
    """``(fmin, fmax, s)``: finite bounds with ``fmax > fmin`` by a margin that
    float rounding keeps, and the factor ``s`` (1 or 1/2) that keeps
    ``fmax·s − fmin·s`` finite.

    NaN bounds count as missing, ±inf as the largest float. A flat range
    (``fmax − fmin`` below ``2⁻⁴⁰·|f|``, or 0: ``cosh(40) + 1 == cosh(40)``)
    is widened upwards by ``max(1, 2⁻²⁰·|f|)``, or downwards where that
    would overflow. ``s`` is 1/2 where ``fmax − fmin`` itself overflows
    (f from −1e308 to 1e308).

    >>> _colour_range(5.0, 5.0), _colour_range(1e16, 1e16)[1] > 1e16
    ((5.0, 6.0, 1.0), True)
    >>> _colour_range(-1e308, 1e308)
    (-1e+308, 1e+308, 0.5)
    """
    lo, hi = (min(max(float(v), -_FLOAT_MAX), _FLOAT_MAX) if v == v else None
              for v in (lo, hi))
    if lo is None or hi is None:
        lo = hi = 0.0 if lo is None and hi is None else (lo if hi is None else hi)
    lo, hi = min(lo, hi), max(lo, hi)
    big = max(abs(lo), abs(hi))
    if not hi * 0.5 - lo * 0.5 > 0.5 * max(_FLAT_ABS, _FLAT_REL * big):
        width = max(1.0, _FLAT_WIDTH * big)
        if lo + width <= _FLOAT_MAX:
            hi = lo + width
        else:
            lo = hi - width
    return lo, hi, (1.0 if hi - lo < math.inf else 0.5)


@dataclass(frozen=True)
class Scale:
    """How f maps to the colour parameter t in [0, 1]: linear, or
    ``log(1 + f − fmin) / log(1 + fmax − fmin)`` for huge ranges.

    Any bounds make a usable scale: they are first made finite and apart by
    :func:`_colour_range` (a constant f gets a range of its own), and every
    formula below is written so that ``fmax − fmin`` never overflows.

    >>> s = Scale(1e300, 1e300)
    >>> s.fmax > s.fmin, float(s.t(1e300))
    (True, 0.0)
    >>> s = Scale(-1e308, 1e308)
    >>> s.t(np.array([-1e308, 0.0, 1e308])).tolist(), s.f_of([0.0, 0.5, 1.0]).tolist()
    ([0.0, 0.5, 1.0], [-1e+308, 0.0, 1e+308])
    """

    fmin: float
    fmax: float
    log: bool = False
    half: float = dataclasses.field(default=1.0, init=False, repr=False)   # the factor s above

    def __post_init__(self):
        lo, hi, s = _colour_range(self.fmin, self.fmax)
        object.__setattr__(self, "fmin", lo)
        object.__setattr__(self, "fmax", hi)
        object.__setattr__(self, "half", s)

    @classmethod
    def of(cls, values, log=False) -> "Scale":
        finite = values[np.isfinite(values)]
        if finite.size == 0:
            return cls(0.0, 1.0, log)
        return cls(float(finite.min()), float(finite.max()), log)

    # With s = self.half: D = f·s − fmin·s and S = fmax·s − fmin·s are finite
    # for finite f, and f − fmin = D / s.

    @property
    def _span(self) -> float:
        return self.fmax * self.half - self.fmin * self.half

    @property
    def _log_span(self) -> float:
        """log(1 + fmax − fmin), as log(s + S) − log(s)."""
        s = self.half
        return math.log1p(self._span) if s == 1.0 else math.log(s + self._span) - math.log(s)

    def t(self, f):
        """f → t in [0, 1] (NaN stays NaN)."""
        s = self.half
        with np.errstate(all="ignore"):
            d = f - self.fmin if s == 1.0 else f * s - self.fmin * s
            if self.log:
                d = np.maximum(d, 0.0)
                top = np.log1p(d) if s == 1.0 else np.log(s + d) - math.log(s)
                return top / self._log_span
            return d / self._span

    def dt_df(self, f):
        """Derivative of t with respect to f."""
        s = self.half
        with np.errstate(all="ignore"):
            if self.log:
                d = np.maximum(f - self.fmin if s == 1.0 else f * s - self.fmin * s, 0.0)
                return s / ((s + d) * self._log_span)
            return np.full(np.shape(f), s / self._span)

    def f_of(self, t):
        """t → f, the inverse of :meth:`t` (for t in [0, 1])."""
        t = np.asarray(t, dtype=float)
        s, lo = self.half, self.fmin
        if self.log:
            if s == 1.0:
                return lo + np.expm1(t * self._log_span)
            return (lo * s + np.exp(t * self._log_span + math.log(s)) - s) / s
        return (lo * s + t * self._span) / s


def colorize(t) -> np.ndarray:
    """Colour parameter grid ``t`` (any shape) → RGB uint8 ``(..., 3)``.

    NaN becomes the neutral :data:`UNDEFINED_RGB`.

    >>> colorize(np.array([0.0, 1.0, np.nan])).tolist()[2]
    [96, 96, 96]
    """
    # Clip before narrowing to float32: a t beyond float32's range (f far
    # outside the colour range, in a view beyond the domain) would overflow.
    idx = np.clip(np.asarray(t), 0.0, 1.0).astype(np.float32, copy=False)
    idx *= len(LUT) - 1
    idx += 0.5
    # NaN fails every comparison, so it lands on the last slot: UNDEFINED.
    idx = np.where(np.isfinite(idx), idx, len(LUT)).astype(np.intp)
    packed = _LUT_PACKED[idx]
    return packed.view(np.uint8).reshape(packed.shape + (4,))[..., :3]


# The LUT packed one colour per uint32 (plus the undefined colour at the end),
# so that colouring a frame is one gather of 4-byte words.
_LUT_PACKED = np.ascontiguousarray(np.concatenate(
    [np.c_[LUT, np.zeros(len(LUT), np.uint8)],
     np.array([UNDEFINED_RGB + (0,)], np.uint8)])).view(np.uint32).ravel()


@dataclass
class Field:
    """The colormap of one surface in one view: computed once, then cached."""

    grid: np.ndarray         # world coordinates of the pixel centres, (2, W, H)
    values: np.ndarray       # f on the pixel grid, (W, H); NaN where undefined
    scale: Scale
    rgb: np.ndarray          # (W, H, 3) uint8


def build(surface, viewport) -> Field:
    """Sample ``surface`` on every pixel of ``viewport`` and colour it.

    The colour range follows the whole domain, not the view, so that zooming
    keeps the colours.
    """
    grid = viewport.pixel_grid()
    with np.errstate(all="ignore"):
        values = np.asarray(surface.f(grid), dtype=float)
    values[~np.isfinite(values)] = np.nan
    scale = domain_scale(surface)
    rgb = colorize(scale.t(values))
    xmin, xmax, ymin, ymax = surface.domain
    outside = (grid[0] < xmin) | (grid[0] > xmax) | (grid[1] < ymin) | (grid[1] > ymax)
    if outside.any():   # beyond the walls: the same colours, dimmed
        rgb = np.ascontiguousarray(rgb)
        rgb[outside] = rgb[outside] * OUTSIDE_DIM
    return Field(grid, values, scale, rgb)


def domain_scale(surface, n: int = 257) -> Scale:
    """The colour scale of ``surface``: f's range over its whole domain."""
    xmin, xmax, ymin, ymax = surface.domain
    gx, gy = np.meshgrid(np.linspace(xmin, xmax, n), np.linspace(ymin, ymax, n))
    with np.errstate(all="ignore"):
        values = np.asarray(surface.f(np.array([gx, gy])), dtype=float)
    return Scale.of(values, surface.log_color)


def contour_alpha(surface, field: Field, pixels_per_unit: float,
                  n_levels: int = CONTOUR_LEVELS, width: float = 1.3):
    """Anti-aliased contour lines at ``n_levels`` evenly spaced colour levels.

    A pixel's distance to the nearest level, in pixels, is
    ``|t − t_level| / |∇t|`` with ``|∇t| = (dt/df)·|∇f| / pixels_per_unit``
    (∇f is the surface's analytic gradient); the line's opacity falls from 1
    on the level to 0 at ``width/2`` pixels. Levels are evenly spaced in the
    colour parameter, so in f itself unless the surface is log-coloured.
    Returns ``(alpha (W, H) float32, levels in f units)``.
    """
    scale = field.scale
    with np.errstate(all="ignore"):
        grad = surface.grad(field.grid)
        t = np.asarray(scale.t(field.values), dtype=np.float32) * np.float32(n_levels)
        dist = np.abs(t - np.rint(t))                        # in level units
        # level units per pixel: |∇f|·dt/df·n/ppu (dt/df is one number on a linear scale)
        k = (scale.half / scale._span if not scale.log else scale.dt_df(field.values)) * (
            n_levels / pixels_per_unit)
        slope = np.hypot(grad[0], grad[1])
        slope *= k
        steep = np.isinf(slope)          # |∇f| itself overflowed (components ~1e308):
        if steep.any():                  # scale the components first, there only
            ks = k[steep] if np.ndim(k) else k
            slope[steep] = np.hypot(grad[0][steep] * ks, grad[1][steep] * ks)
        slope = slope.astype(np.float32)
        dist /= slope                                        # now in pixels
        alpha = 1.0 - dist * np.float32(2.0 / width)
        np.clip(alpha, 0.0, 1.0, out=alpha)
    alpha[~np.isfinite(alpha)] = 0.0
    levels = scale.f_of(np.arange(n_levels + 1) / n_levels)
    return alpha, levels


def blend(rgb, alpha, colour=CONTOUR_RGB, opacity=CONTOUR_ALPHA) -> np.ndarray:
    """A copy of ``rgb`` with ``colour`` laid over it at ``alpha·opacity``.

    >>> blend(np.zeros((1, 2, 3), np.uint8), np.array([[0.0, 1.0]]), (200, 200, 200), 0.5).tolist()
    [[[0, 0, 0], [100, 100, 100]]]
    """
    out = np.array(rgb, dtype=np.uint8, order="C")
    on = alpha > 0
    a = (alpha[on] * np.float32(opacity))[:, None]
    px = out[on].astype(np.float32)
    out[on] = (px + a * (np.asarray(colour, np.float32) - px) + 0.5).astype(np.uint8)
    return out


def colorbar(scale: Scale, height: int, n_ticks: int = 5):
    """A vertical colour strip ``(height, 3)`` (top = fmax) and its ticks as
    ``[(row, f value), …]``."""
    t = np.linspace(1.0, 0.0, max(height, 2))
    strip = colorize(t)
    ticks = [(int(round((1.0 - k) * (max(height, 2) - 1))), float(scale.f_of(k)))
             for k in np.linspace(1.0, 0.0, n_ticks)]
    return strip, ticks
