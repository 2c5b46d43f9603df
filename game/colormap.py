"""The map's pixels in one lean pass: f → colour index, contour opacity → packed
32-bit pixels, for any window of a viewport's pixels. Pure numpy (no pygame).

The picture is exactly the one that :func:`game.field.build`,
:func:`game.field.contour_alpha` and :func:`game.field.blend` make (the tests
compare every pixel), computed with fewer passes over the grid:

* pixels are laid out as the screen is (rows of x), so the result is written
  straight into a surface's pixels, a row band at a time;
* the colour index, the dimming beyond the walls and the "undefined" grey are
  one lookup in a table of ``2 × 257`` packed colours;
* the contour blend is computed only on the pixels that a line touches (a few
  percent of the map), with the same float32 arithmetic as ``blend``;
* a window of pixels (a strip exposed by a pan) gives the same values as the
  whole map there: each pixel centre is computed from its own index with the
  formula of :meth:`game.viewport.Viewport.pixel_grid`.

>>> from game import surfaces
>>> from game.viewport import Viewport
>>> vp = Viewport.fit((-2.0, 2.0, -2.0, 2.0), (0, 0, 4, 4))
>>> px = pixels(surfaces.get("hill"), vp, False, Palette.of((16, 8, 0)))
>>> px.shape, px.dtype.name, bool(px[1, 1] != px[0, 0])
((4, 4), 'uint32', True)
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from . import field

BAND_PIXELS = 1 << 15     # pixels per row band: a band's temporaries stay in the CPU's cache


@dataclass(frozen=True)
class Palette:
    """The colours as packed pixels of one pixel format: ``shifts`` of red,
    green and blue (bits), and ``opaque`` ORed into every pixel (the alpha
    mask of a format with alpha, else 0).

    ``table`` holds the lookup table, the undefined grey, then the same 257
    colours dimmed for beyond the walls."""

    shifts: tuple[int, int, int]
    opaque: int
    table: np.ndarray        # (514,) uint32
    rgb: np.ndarray          # (514, 3) float32: the same colours, for the contour blend

    @classmethod
    def of(cls, shifts, opaque: int = 0) -> "Palette":
        lut = np.concatenate([field.LUT, np.array([field.UNDEFINED_RGB], np.uint8)])
        # beyond the walls: the same colours times OUTSIDE_DIM, truncated as
        # field.build's uint8 assignment truncates
        dim = (lut * field.OUTSIDE_DIM).astype(np.uint8)
        both = np.concatenate([lut, dim])
        shifts = tuple(int(s) for s in shifts)
        return cls(shifts, int(opaque), pack(both, shifts, opaque), both.astype(np.float32))


def pack(rgb, shifts, opaque: int = 0) -> np.ndarray:
    """``(..., 3)`` uint8 colours → ``(...)`` uint32 pixels.

    >>> hex(int(pack(np.array([1, 2, 3], np.uint8), (16, 8, 0), 0xFF000000)))
    '0xff010203'
    """
    rgb = np.asarray(rgb, np.uint32)
    out = rgb[..., 0] << np.uint32(shifts[0])
    out |= rgb[..., 1] << np.uint32(shifts[1])
    out |= rgb[..., 2] << np.uint32(shifts[2])
    if opaque:
        out |= np.uint32(opaque)
    return out


def pixels(surface, vp, contours: bool, palette: Palette, window=None, out=None,
           scale=None) -> np.ndarray:
    """The map of ``surface`` in viewport ``vp`` as packed pixels ``(rows, columns)``.

    ``window = (x0, x1, y0, y1)`` limits it to those pixel columns and rows
    of the map (default: all); ``out``, a ``(rows, columns)`` uint32 array
    (a view of a surface's pixels), receives it in place; ``scale`` is
    ``field.domain_scale(surface)`` when the caller has it cached. Computed
    in row bands of about :data:`BAND_PIXELS` pixels."""
    w, h = vp.size
    x0, x1, y0, y1 = window if window is not None else (0, w, 0, h)
    if out is None:
        out = np.empty((y1 - y0, x1 - x0), np.uint32)
    if x1 <= x0 or y1 <= y0:
        return out
    scale = field.domain_scale(surface) if scale is None else scale
    xmin, xmax, ymin, ymax = vp.view
    # the pixel centres, as Viewport.pixel_grid computes them
    xs = xmin + (np.arange(x0, x1) + 0.5) * ((xmax - xmin) / w)
    ys = ymax - (np.arange(y0, y1) + 0.5) * ((ymax - ymin) / h)
    dxmin, dxmax, dymin, dymax = surface.domain
    out_x = (xs < dxmin) | (xs > dxmax)          # beyond the walls
    out_y = (ys < dymin) | (ys > dymax)
    band = max(BAND_PIXELS // (x1 - x0), 1)
    for a in range(0, y1 - y0, band):
        b = min(a + band, y1 - y0)
        out[a:b] = _band(surface, scale, vp.scale, contours, palette, xs, ys[a:b],
                         out_x, out_y[a:b])
    return out


def _band(surface, scale, ppu, contours, palette, xs, ys, out_x, out_y) -> np.ndarray:
    """Packed pixels of the rows ``ys`` × columns ``xs``: the colour and
    contour arithmetic of ``field`` step by step, in float32 where it is."""
    grid = np.empty((2, ys.size, xs.size))
    grid[0] = xs[None, :]
    grid[1] = ys[:, None]
    with np.errstate(all="ignore"):
        values = np.asarray(surface.f(grid), dtype=float)
        if values.shape != grid.shape[1:]:
            values = np.broadcast_to(values, grid.shape[1:]).copy()
        bad = ~np.isfinite(values)
        undefined = bad.any()
        if undefined:
            values[bad] = np.nan
        t, d = _t(scale, values)                  # scale.t(values); d = max(f − fmin, 0) when log
        t32 = t.astype(np.float32)                # NaN where undefined
        # field.colorize: clip, ×255, +0.5, truncate; NaN → the undefined slot
        idx32 = np.clip(t32, 0.0, 1.0)
        idx32 *= len(field.LUT) - 1
        idx32 += 0.5
        idx = idx32.astype(np.intp)
        if undefined:
            idx[bad] = len(field.LUT)
        if out_x.any() or out_y.any():          # the dimmed half of the table
            idx += (out_y[:, None] | out_x[None, :]) * (len(field.LUT) + 1)
        px = palette.table[idx]
        if contours:
            k = _level_rate(scale, values, d, field.CONTOUR_LEVELS / ppu)
            _blend_contours(px, idx, surface.grad(grid), t32, k, palette)
    return px


def _t(scale, values):
    """``(scale.t(values), d)``: the same operations as :meth:`field.Scale.t`,
    keeping ``d = max(f − fmin, 0)`` of a log scale for :func:`_level_rate`."""
    if scale.half != 1.0 or not scale.log:
        return np.asarray(scale.t(values), dtype=float), None
    d = values - scale.fmin
    np.maximum(d, 0.0, out=d)
    t = np.log1p(d)
    t /= scale._log_span
    return t, d


def _level_rate(scale, values, d, per_pixel):
    """Contour levels per unit of f, per pixel: ``field.contour_alpha``'s
    ``k = dt/df · n / ppu`` (one number on a linear scale)."""
    if not scale.log:
        return (scale.half / scale._span) * per_pixel
    if d is None:
        return scale.dt_df(values) * per_pixel
    k = d + 1.0                       # Scale.dt_df with s = 1: 1 / ((1 + d)·log span)
    k *= scale._log_span
    np.divide(1.0, k, out=k)
    k *= per_pixel
    return k


def _slope(grad, k):
    """``hypot(∂f/∂x, ∂f/∂y)·k`` as ``field.contour_alpha`` computes it.

    ``sqrt(gx² + gy²)`` where the squares neither overflow nor lose bits to
    underflow (within one float64 rounding of ``hypot``, far below the
    float32 the slope is kept in), ``hypot`` elsewhere: 4 passes instead of
    libm's slower hypot on every pixel."""
    gx, gy = grad[0], grad[1]
    slope = gx * gx
    slope += gy * gy
    risky = ~((slope < 1e300) & (slope > 1e-300))     # overflow, underflow, 0, NaN
    np.sqrt(slope, out=slope)
    if risky.any():
        slope[risky] = np.hypot(gx[risky], gy[risky])
    slope *= k
    steep = np.isinf(slope)
    if steep.any():                  # |∇f| overflowed: scale the components first, there only
        ks = k[steep] if np.ndim(k) else k
        slope[steep] = np.hypot(gx[steep] * ks, gy[steep] * ks)
    return slope.astype(np.float32)


def _blend_contours(px, idx, grad, t32, k, palette, width=1.3) -> None:
    """Lay the contour lines over ``px`` in place: ``field.contour_alpha``'s
    opacity and ``field.blend``'s arithmetic, on the pixels a line touches."""
    t32 *= np.float32(field.CONTOUR_LEVELS)
    alpha = np.rint(t32)
    np.subtract(t32, alpha, out=alpha)
    np.abs(alpha, out=alpha)                     # distance to the nearest level, in levels
    alpha /= _slope(grad, k)                      # … in pixels
    alpha *= np.float32(2.0 / width)
    np.subtract(np.float32(1.0), alpha, out=alpha)
    on = np.flatnonzero(alpha > 0)               # NaN and ±inf are no line (contour_alpha: 0)
    a = np.minimum(alpha.ravel()[on], np.float32(1.0))
    a = a[:, None] * np.float32(field.CONTOUR_ALPHA)
    under = palette.rgb[idx.ravel()[on]]
    over = np.asarray(field.CONTOUR_RGB, np.float32)
    mixed = (under + a * (over - under) + np.float32(0.5)).astype(np.uint8)
    px.ravel()[on] = pack(mixed, palette.shifts, palette.opaque)
