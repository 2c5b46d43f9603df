"""Height grid → colours, contour lines, colorbar: arrays, not surfaces.

Pure numpy (no pygame). The renderer turns these arrays into cached pygame
surfaces once per surface or view change; nothing here runs per frame.
"""
from __future__ import annotations

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


@dataclass(frozen=True)
class Scale:
    """How f maps to the colour parameter t in [0, 1]: linear, or
    ``log(1 + f − fmin) / log(1 + fmax − fmin)`` for huge ranges."""

    fmin: float
    fmax: float
    log: bool = False

    @classmethod
    def of(cls, values, log=False) -> "Scale":
        finite = values[np.isfinite(values)]
        if finite.size == 0:
            return cls(0.0, 1.0, log)
        lo, hi = float(finite.min()), float(finite.max())
        if not hi > lo:
            hi = lo + 1.0
        return cls(lo, hi, log)

    def t(self, f):
        """f → t in [0, 1] (NaN stays NaN)."""
        with np.errstate(all="ignore"):
            if self.log:
                return np.log1p(np.maximum(f - self.fmin, 0.0)) / np.log1p(self.fmax - self.fmin)
            return (f - self.fmin) / (self.fmax - self.fmin)

    def dt_df(self, f):
        """Derivative of t with respect to f."""
        with np.errstate(all="ignore"):
            if self.log:
                return 1.0 / ((1.0 + np.maximum(f - self.fmin, 0.0)) * np.log1p(self.fmax - self.fmin))
            return np.full(np.shape(f), 1.0 / (self.fmax - self.fmin))

    def f_of(self, t):
        """t → f, the inverse of :meth:`t`."""
        t = np.asarray(t, dtype=float)
        if self.log:
            return self.fmin + np.expm1(t * np.log1p(self.fmax - self.fmin))
        return self.fmin + t * (self.fmax - self.fmin)


def colorize(t) -> np.ndarray:
    """Colour parameter grid ``t`` (any shape) → RGB uint8 ``(..., 3)``.

    NaN becomes the neutral :data:`UNDEFINED_RGB`.

    >>> colorize(np.array([0.0, 1.0, np.nan])).tolist()[2]
    [96, 96, 96]
    """
    t = np.asarray(t, dtype=np.float32)
    idx = np.clip(t, 0.0, 1.0)
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
        slope = np.hypot(grad[0], grad[1]).astype(np.float32)
        slope *= np.asarray(scale.dt_df(field.values), dtype=np.float32) * np.float32(
            n_levels / pixels_per_unit)                      # level units per pixel
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
