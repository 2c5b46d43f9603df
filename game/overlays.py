"""The six calculus overlays, drawn with pygame.

The geometry comes from :mod:`game.calculus` (pure numpy, world coordinates);
this module only turns it into pixels. Screen y points down, so a world
vector ``(vx, vy)`` is drawn along ``(vx, -vy)``.

* ``quiver``    the gradient field as arrows, baked once into the background
* ``rose``      the compass rose of ``D_u f = ∇f·u`` at the cursor
* ``level``     the level set through the cursor, its tangent and the right angle
* ``slices``    the lines x = x₀, y = y₀ and two inset plots of f along them
* ``curvature`` the Hessian's eigen-axes, its reading and the Newton step
* ``jacobian``  the gradient map's images of a small circle vs. its linear map

Per frame each overlay costs a handful of numpy calls and pygame draws: text
is drawn from cached glyphs (one ``fblits`` per line), the level set's height
grid is sampled once per surface and view, the geometry is remembered while
the cursor stays put, and the quiver is baked.
"""
from __future__ import annotations

import math

import numpy as np
import pygame

from . import calculus as calc

OVERLAYS = ("quiver", "rose", "level", "slices", "curvature", "jacobian")
KEYS = {"quiver": "V", "rose": "D", "level": "L", "slices": "P", "curvature": "K",
        "jacobian": "J"}
DESCRIPTIONS = {
    "quiver": "gradient field: ∇f as arrows on a grid",
    "rose": "compass rose of D_u f = ∇f·u at the cursor",
    "level": "level curve through the cursor, its tangent ⊥ ∇f",
    "slices": "slices f(x, y₀) and f(x₀, y) with slopes ∂f/∂x, ∂f/∂y",
    "curvature": "Hessian axes (λ), bowl/dome/saddle, Newton step −H⁻¹∇f",
    "jacobian": "Jacobian lens: ∇f near the cursor vs. its linear map H·d",
}

# --- colours (distinct on viridis; every bright line gets a dark edge) --------
EDGE = (12, 12, 18)
TEXT = (228, 230, 236)
DIM = (175, 180, 190)
BOX_BG = (14, 16, 22, 228)
QUIVER_RGB, QUIVER_EDGE = (238, 238, 238), (28, 28, 36)
WARM = (255, 140, 50)        # uphill, positive curvature
COOL = (70, 150, 255)        # downhill, negative curvature
FLAT_RGB = (185, 185, 185)   # zero eigenvalue
ROSE_POS, ROSE_NEG = WARM, COOL
ZERO_RGB = (240, 240, 240)
LEVEL_RGB = (255, 90, 220)
TANGENT_RGB = (255, 255, 255)
SLICE_X_RGB = (255, 210, 70)   # the line y = y₀ and the plot f(x, y₀)
SLICE_Y_RGB = (140, 240, 255)  # the line x = x₀ and the plot f(x₀, y)
LAMBDA_POS, LAMBDA_NEG = WARM, COOL
NEWTON_RGB = (255, 255, 255)
LENS_CIRCLE = (175, 175, 175)
LENS_TRUE = (200, 255, 120)
LENS_LINEAR = (240, 240, 240)
INSET_BG, INSET_FRAME = (30, 33, 42), (70, 74, 86)

QUIVER_CELLS = 24            # arrows across the map
ROSE_RADIUS = 70.0           # px of the largest D_u f
LEVEL_PX = 4.0               # pixels per sample of the level-set grid
LEVEL_MAX_SAMPLES = 420      # per axis, whatever the window size
TANGENT_PX = 42.0            # half-length of the tangent
CURV_PX, CURV_MIN_PX, CURV_MAX_PX = 60.0, 6.0, 110.0
LENS_FRACTION = 0.08         # circle radius / width of the view (the domain, unzoomed)
LENS_SAMPLES = 64
ROSE_SAMPLES = 72
KIND_TEXT = {"bowl": "bowl (positive definite)", "dome": "dome (negative definite)",
             "saddle": "saddle (indefinite)", "flat": "flat (degenerate)"}
BIG = 30000.0                # pygame coordinates are kept inside ±BIG


# --- small helpers -------------------------------------------------------------
def _pt(p):
    """A pygame-safe point (finite, inside ±BIG)."""
    x, y = float(p[0]), float(p[1])
    if not (-BIG < x < BIG):
        x = BIG if x > 0 else -BIG            # NaN goes to -BIG
    if not (-BIG < y < BIG):
        y = BIG if y > 0 else -BIG
    return (x, y)


def _add(a, b, k=1.0):
    """a + k·b for 2-tuples (plain floats: much cheaper than numpy for two numbers)."""
    return (a[0] + k * b[0], a[1] + k * b[1])


def _finite(*vals) -> bool:
    return all(math.isfinite(float(v)) for v in np.ravel(vals))


def _fmt(v, digits=3) -> str:
    v = float(v) + 0.0               # no "−0"
    if not math.isfinite(v):
        return "undefined"
    s = f"{v:.{digits}g}"
    return s.replace("-", "−")


def arrow_polygon(base, d, length, width=3.0, head=9.0):
    """Outline of an arrow from ``base`` along the unit screen vector ``d``."""
    dx, dy = float(d[0]), float(d[1])
    nx, ny = -dy, dx
    head = min(head, 0.6 * length)
    bx, by = float(base[0]), float(base[1])
    tx, ty = bx + dx * length, by + dy * length
    kx, ky = tx - dx * head, ty - dy * head
    hw, sw = max(head * 0.5, width), width / 2
    pts = ((bx + nx * sw, by + ny * sw), (kx + nx * sw, ky + ny * sw),
           (kx + nx * hw, ky + ny * hw), (tx, ty), (kx - nx * hw, ky - ny * hw),
           (kx - nx * sw, ky - ny * sw), (bx - nx * sw, by - ny * sw))
    return [_pt(p) for p in pts]


def _runs(ok):
    """Slices of consecutive True in a 1-D bool array."""
    edges = np.flatnonzero(np.diff(np.r_[0, ok.astype(np.int8), 0]))
    return [slice(a, b) for a, b in zip(edges[::2], edges[1::2])]


def _clip_segment(p, q, rect):
    """Liang–Barsky: the part of segment p→q inside rect (l, t, w, h), or None."""
    l, t, w, h = rect
    px, py, qx, qy = float(p[0]), float(p[1]), float(q[0]), float(q[1])
    if not all(math.isfinite(v) for v in (px, py, qx, qy)):
        return None
    dx, dy = qx - px, qy - py
    t0, t1 = 0.0, 1.0
    for num, den in ((px - l, -dx), (l + w - px, dx), (py - t, -dy), (t + h - py, dy)):
        if den == 0:
            if num < 0:
                return None
            continue
        r = num / den
        if den < 0:
            t0 = max(t0, r)
        else:
            t1 = min(t1, r)
        if t0 > t1:
            return None
    return (px + t0 * dx, py + t0 * dy), (px + t1 * dx, py + t1 * dy)


def _room(c, d, rect) -> float:
    """Distance from c along unit d to the border of rect (0 if outside)."""
    l, t, w, h = rect
    out = math.inf
    for comp, lo, hi, dv in ((c[0], l, l + w, d[0]), (c[1], t, t + h, d[1])):
        if dv > 0:
            out = min(out, (hi - comp) / dv)
        elif dv < 0:
            out = min(out, (lo - comp) / dv)
    return max(out, 0.0)


def _nice_floor(v: float) -> float:
    """The largest m × 10^n not above v, m in 1, 1.5, 2, 2.5, 3, 4, 5, 6, 8.

    >>> _nice_floor(0.47), _nice_floor(3.0), _nice_floor(990.0)
    (0.4, 3.0, 800.0)
    """
    e = math.floor(math.log10(v))
    for m in (8.0, 6.0, 5.0, 4.0, 3.0, 2.5, 2.0, 1.5, 1.0):
        if m * 10.0 ** e <= v:
            return m * 10.0 ** e
    return 10.0 ** e


class TextRun:
    """One line of text as cached glyphs and their x offsets."""

    __slots__ = ("glyphs", "size", "xs")

    def __init__(self, glyphs, xs, size):
        self.glyphs, self.xs, self.size = glyphs, xs, size

    def get_width(self) -> int:
        return self.size[0]

    def get_height(self) -> int:
        return self.size[1]

    def get_size(self):
        return self.size

    def draw(self, target, pos) -> None:
        x, y = int(pos[0]), int(pos[1])
        target.fblits([(g, (x + dx, y)) for g, dx in zip(self.glyphs, self.xs)])


class OverlayPainter:
    """Draws the overlays; keeps its own small caches (text, grids, scales)."""

    def __init__(self, small_font: pygame.font.Font, mono_font: pygame.font.Font):
        self.small = small_font
        self.mono = mono_font
        self._text: dict = {}
        self._glyphs: dict = {}
        self._grids: dict = {}
        self._lam_scale: dict = {}
        self._level_memo = None
        self._boxes: dict = {}
        self._card: list = []
        self._memo_key = None
        self._memo: dict = {}

    # --- caches ----------------------------------------------------------------
    def text(self, s, font=None, colour=TEXT) -> TextRun:
        """A line of text assembled from cached glyphs (numbers change every
        frame, so whole-line renders would miss the cache)."""
        font = font or self.small
        key = (s, id(font), colour)
        run = self._text.get(key)
        if run is None:
            if len(self._text) > 600:
                self._text.clear()
            table = self._glyph_table(font, colour)
            glyphs = [table.get(ch) or self._glyph(ch, font, colour) for ch in s]
            xs = [0]
            for g in glyphs:
                xs.append(xs[-1] + g[1])
            run = self._text[key] = TextRun([g[0] for g in glyphs], xs[:-1],
                                            (xs[-1], font.get_height()))
        return run

    def _glyph_table(self, font, colour):
        key = (id(font), colour)
        table = self._glyphs.get(key)
        if table is None:
            table = self._glyphs[key] = {}
        return table

    def _glyph(self, ch, font, colour):
        surf = font.render(ch, True, colour)
        m = font.metrics(ch)
        adv = m[0][4] if m and m[0] else surf.get_width()
        g = self._glyph_table(font, colour)[ch] = (surf, adv)
        return g

    def _geometry(self, kind, fn, surface, x, y, *args):
        """``fn(surface, x, y, *args)`` from :mod:`calculus`, remembered while
        the cursor stays on the same point (a still mouse costs no numpy)."""
        key = (surface.name, surface.formula, x, y)
        if key != self._memo_key:
            self._memo_key, self._memo = key, {}
        k = (kind,) + args
        out = self._memo.get(k)
        if out is None:
            out = self._memo[k] = fn(surface, x, y, *args)
        return out

    def _box(self, w, h):
        """A translucent dark card of at least w × h (sizes rounded up by 16)."""
        key = (-(-int(w) // 16) * 16, -(-int(h) // 16) * 16)
        box = self._boxes.get(key)
        if box is None:
            if len(self._boxes) > 32:
                self._boxes.clear()
            box = self._boxes[key] = pygame.Surface(key, pygame.SRCALPHA)
            box.fill(BOX_BG)
        return box

    def _text_block_size(self, lines):
        runs = [self.text(s, font, col) for s, col, font in lines]
        return (max(r.get_width() for r in runs) + 10,
                sum(r.get_height() for r in runs) + 6)

    def _text_block(self, target, lines, pos, vp, anchor="topleft"):
        """Lines of (text, colour, font) on a translucent card at ``pos``,
        kept inside the map. Returns the card's rect."""
        surfs = [self.text(s, font, col) for s, col, font in lines]
        w = max(s.get_width() for s in surfs) + 10
        h = sum(s.get_height() for s in surfs) + 6
        rect = pygame.Rect(0, 0, w, h)
        setattr(rect, anchor, (int(pos[0]), int(pos[1])))
        l, t, vw, vh = vp.rect
        rect.x = int(min(max(rect.x, l + 2), max(l + vw - w - 2, l + 2)))
        rect.y = int(min(max(rect.y, t + 2), max(t + vh - h - 2, t + 2)))
        box = self._box(w, h)
        target.blit(box, rect.topleft, pygame.Rect(0, 0, w, h))
        y = rect.y + 3
        for s in surfs:
            s.draw(target, (rect.x + 5, y))
            y += s.get_height()
        return rect

    def _label(self, target, s, pos, vp, colour=TEXT, font=None):
        """One line of text on a small dark card centred at pos, kept on the map."""
        surf = self.text(s, font, colour)
        w, h = surf.get_width() + 8, surf.get_height() + 2
        l, t, vw, vh = vp.rect
        x = int(min(max(pos[0] - w / 2, l + 2), max(l + vw - w - 2, l + 2)))
        y = int(min(max(pos[1] - h / 2, t + 2), max(t + vh - h - 2, t + 2)))
        target.blit(self._box(w, h), (x, y), pygame.Rect(0, 0, w, h))
        surf.draw(target, (x + 4, y + 1))

    @staticmethod
    def _line(target, colour, a, b, width=2, edge=True):
        a, b = _pt(a), _pt(b)
        if edge:
            pygame.draw.line(target, EDGE, a, b, width + 2)
        pygame.draw.line(target, colour, a, b, width)

    @staticmethod
    def _polyline(target, colour, pts, width=2, closed=False, edge=True):
        """Screen points (2, n); non-finite points split the line into runs."""
        pts = np.asarray(pts, float)
        ok = np.all(np.isfinite(pts), axis=0)
        if ok.all() and pts.shape[1] >= 2:
            runs = [slice(0, pts.shape[1])]
        else:
            closed = False
            runs = _runs(ok)
        pts = np.clip(np.where(ok, pts, 0.0), -BIG, BIG)
        for r in runs:
            seg = pts[:, r].T.tolist()
            if len(seg) < 2:
                continue
            if edge:
                pygame.draw.lines(target, EDGE, closed, seg, width + 2)
            pygame.draw.lines(target, colour, closed, seg, width)

    @staticmethod
    def _dot(target, colour, p, r=4):
        p = _pt(p)
        pygame.draw.circle(target, EDGE, p, r + 1)
        pygame.draw.circle(target, colour, p, r)

    # --- quiver (baked) ----------------------------------------------------------
    def bake_quiver(self, base, surface, vp, offset=(0, 0)) -> None:
        """Draw ∇f as a grid of arrows onto ``base``, the map picture whose
        top-left is the screen point ``vp.rect[:2]`` (shifted by ``offset``).

        Lengths are ``0.8 · cell · min(1, sqrt(|∇f| / p90))`` where p90 is the
        90th percentile of |∇f| over the grid: the square root keeps small
        gradients visible and the clamp keeps the steepest walls in their cell.
        """
        w, h = vp.size
        nx = int(min(QUIVER_CELLS, max(w // 10, 1)))
        cell = w / nx
        ny = max(round(h / cell), 1)
        q = calc.quiver(surface, vp.view, nx, ny)
        norm = np.where(q.valid & np.isfinite(q.norm), q.norm, 0.0)
        moving = norm > 0
        if not (q.valid.any()):
            return
        ref = float(np.percentile(norm[moving], 90)) if moving.any() else 1.0
        full = 0.8 * min(cell, h / ny)
        with np.errstate(all="ignore"):
            length = full * np.minimum(1.0, np.sqrt(norm / ref))
        length = np.where(moving, np.maximum(length, min(5.0, full)), 0.0)
        centre = vp.to_screen(q.points) - np.reshape(vp.rect[:2], (2, 1, 1)) \
            + np.reshape(offset, (2, 1, 1))
        with np.errstate(all="ignore"):
            d = np.stack([q.grad[0], -q.grad[1]]) / np.where(moving, norm, 1.0)
        head = np.minimum(0.42 * length, max(3.0, 0.28 * cell))
        width = max(1.0, 0.07 * cell)
        for j, i in zip(*np.nonzero(q.valid)):
            c = centre[:, j, i]
            if not moving[j, i]:
                pygame.draw.circle(base, QUIVER_EDGE, _pt(c), 2.5)
                pygame.draw.circle(base, QUIVER_RGB, _pt(c), 1.5)
                continue
            L, u = float(length[j, i]), d[:, j, i]
            if not (np.all(np.isfinite(u)) and math.isfinite(L)):
                continue
            poly = arrow_polygon(c - u * L / 2, u, L, width, float(head[j, i]))
            pygame.draw.polygon(base, QUIVER_RGB, poly)
            pygame.draw.polygon(base, QUIVER_EDGE, poly, 1)

    # --- the map ----------------------------------------------------------------
    def draw_map(self, target, surface, vp, cursor, overlays) -> None:
        """Everything the overlays draw on the map at the cursor (world point
        or None). The quiver is not drawn here: see :meth:`bake_quiver`."""
        if cursor is None or not overlays:
            return
        x, y = float(cursor[0]), float(cursor[1])
        if not (math.isfinite(x) and math.isfinite(y)):
            return
        xmin, xmax, ymin, ymax = vp.view
        l, t, w, h = vp.rect
        c = (l + (x - xmin) * (w / (xmax - xmin)), t + (ymax - y) * (h / (ymax - ymin)))
        tangent = None
        self._card = []
        self._avoid = []                        # segments the lens text must not cover
        self._lens_text = None
        if "level" in overlays:
            tangent = self._draw_level(target, surface, vp, x, y, c)
        if "slices" in overlays:
            self._draw_slice_lines(target, vp, c)
        if "jacobian" in overlays:
            self._draw_lens(target, surface, vp, x, y, c)
        if "rose" in overlays:
            self._draw_rose(target, surface, vp, x, y, c)
        if "level" in overlays and tangent is not None:
            self._draw_tangent(target, c, tangent)
        if "curvature" in overlays:
            self._draw_curvature(target, surface, vp, x, y, c)
        if self._lens_text is not None:
            self._place_lens_text(target, vp)
        if self._card:
            self._draw_card(target, vp, c)

    def _draw_card(self, target, vp, c):
        """The readings, on a card in the map corner farthest from the cursor."""
        l, t, w, h = vp.rect
        right = c[0] < l + w / 2
        bottom = c[1] < t + h / 2
        pos = (l + w - 6 if right else l + 6, t + h - 6 if bottom else t + 6)
        anchor = ("bottom" if bottom else "top") + ("right" if right else "left")
        self._text_block(target, self._card, pos, vp, anchor)

    # level ---------------------------------------------------------------------
    def level_grid(self, surface, vp):
        """f on a coarse grid over the view (about one sample per LEVEL_PX
        pixels), cached per surface and view: ``(values (ny, nx), xs, ys)``."""
        key = (surface.name, surface.formula, vp)
        entry = self._grids.get(key)
        if entry is None:
            if len(self._grids) > 6:
                self._grids.clear()
            w, h = vp.size
            nx = int(min(max(round(w / LEVEL_PX), 2), LEVEL_MAX_SAMPLES))
            ny = int(min(max(round(h / LEVEL_PX), 2), LEVEL_MAX_SAMPLES))
            xmin, xmax, ymin, ymax = vp.view
            xs, ys = np.linspace(xmin, xmax, nx), np.linspace(ymin, ymax, ny)
            X, Y = np.meshgrid(xs, ys)
            with np.errstate(all="ignore"):
                v = np.broadcast_to(np.asarray(surface.f(np.array([X, Y])), float),
                                    X.shape).copy()
            v[~np.isfinite(v)] = np.nan
            entry = self._grids[key] = (v, xs, ys)
        return entry

    def level_pixels(self, surface, vp, level, clip):
        """Screen pixels ``(sx, sy)`` (int arrays) of the level set f = level,
        about one per pixel along each segment, at least 2 px inside ``clip``
        (so that a 4 × 4 brush stays in it). Memoised for the last level."""
        key = (surface.name, surface.formula, vp, float(level), tuple(clip))
        if self._level_memo is not None and self._level_memo[0] == key:
            return self._level_memo[1]
        v, xs, ys = self.level_grid(surface, vp)
        segs = calc.level_set_segments(v, xs, ys, level)
        if len(segs) == 0:
            px = (np.zeros(0, np.intp), np.zeros(0, np.intp))
        else:
            s = vp.to_screen(segs.transpose(2, 0, 1))             # (2, M, 2 ends)
            a, b = s[:, :, 0], s[:, :, 1]
            longest = float(np.abs(b - a).max())
            k = int(min(max(math.ceil(longest / 1.5), 1), 64)) + 1   # ≤ 1.5 px apart
            frac = np.linspace(0.0, 1.0, k)
            pts = a[:, :, None] + (b - a)[:, :, None] * frac       # (2, M, k)
            sx = pts[0].ravel().astype(np.intp)
            sy = pts[1].ravel().astype(np.intp)
            l, t, w, h = clip
            inside = (sx >= l + 1) & (sx < l + w - 2) & (sy >= t + 1) & (sy < t + h - 2)
            px = (sx[inside], sy[inside])
        self._level_memo = (key, px)
        return px

    @staticmethod
    def _scatter(target, sx, sy, layers):
        """For each ``(colour, offsets)`` layer in order, write ``colour`` at
        (sx + dx, sy + dy) for every offset (the caller keeps every such
        pixel inside the surface)."""
        try:
            px = pygame.surfarray.pixels2d(target)
        except (ValueError, pygame.error):          # e.g. a 24-bit surface
            for colour, offsets in layers:
                for dx, dy in offsets:
                    for a, b in zip((sx + dx).tolist(), (sy + dy).tolist()):
                        target.set_at((a, b), colour)
            return
        flat = None
        try:
            flat = px.T.reshape(-1) if px.T.flags.c_contiguous else None
            width = px.shape[0]
            base = sy * width + sx
            for colour, offsets in layers:
                mapped = target.map_rgb(colour)
                if flat is not None:                 # one flat scatter per colour
                    shift = np.array([dy * width + dx for dx, dy in offsets], np.intp)
                    flat[(base[None, :] + shift[:, None]).ravel()] = mapped
                else:
                    for dx, dy in offsets:
                        px[sx + dx, sy + dy] = mapped
        finally:
            del px, flat

    def _draw_level(self, target, surface, vp, x, y, c):
        with np.errstate(all="ignore"):
            p = np.array([x, y])
            level = float(surface.f(p))
            gx, gy = (float(v) for v in np.asarray(surface.grad(p), float)[:2])
        if not math.isfinite(level):
            self._card.append(("level: f undefined here", LEVEL_RGB, self.small))
            return None
        clip = target.get_clip().clip(target.get_rect())
        sx, sy = self.level_pixels(surface, vp, level, (clip.x, clip.y, clip.w, clip.h))
        if sx.size:
            self._scatter(target, sx, sy, (
                (EDGE, ((-1, 0), (2, 0), (0, -1), (0, 2), (1, -1), (1, 2), (-1, 1), (2, 1))),
                (LEVEL_RGB, ((0, 0), (1, 0), (0, 1), (1, 1)))))
        gn = math.hypot(gx, gy)
        if not (gn > calc.CRITICAL_TOL * max(1.0, abs(level)) and math.isfinite(gn)):
            why = "∇f undefined" if math.isnan(gn) else "∇f = 0"
            self._card.append((f"level f = {_fmt(level, 4)}  ({why}: no tangent)",
                               LEVEL_RGB, self.small))
            return None
        self._card.append((f"level f = {_fmt(level, 4)}   tangent ⊥ ∇f", LEVEL_RGB, self.small))
        return (gx / gn, -gy / gn)              # the gradient's screen direction

    def _draw_tangent(self, target, c, n):
        """The tangent to the level curve at c and the right angle it makes
        with the gradient (screen direction n)."""
        t = (-n[1], n[0])
        self._line(target, TANGENT_RGB, _add(c, t, -TANGENT_PX), _add(c, t, TANGENT_PX), 2)
        a = 11.0
        corner = [_pt(_add(c, t, a)), _pt(_add(_add(c, t, a), n, a)), _pt(_add(c, n, a))]
        pygame.draw.lines(target, EDGE, False, corner, 4)
        pygame.draw.lines(target, TANGENT_RGB, False, corner, 2)

    # slices (map part) ---------------------------------------------------------
    def _draw_slice_lines(self, target, vp, c):
        l, t, w, h = vp.rect
        self._line(target, SLICE_X_RGB, (l, c[1]), (l + w - 1, c[1]), 2)
        self._line(target, SLICE_Y_RGB, (c[0], t), (c[0], t + h - 1), 2)

    # rose ----------------------------------------------------------------------
    def _draw_rose(self, target, surface, vp, x, y, c):
        r = self._geometry("rose", calc.rose, surface, x, y, ROSE_SAMPLES)
        R = float(max(12.0, min(ROSE_RADIUS, 0.35 * min(vp.size))))
        if r.max_dir is None:
            if _finite(r.grad):
                pygame.draw.circle(target, EDGE, _pt(c), 9, 3)
                pygame.draw.circle(target, ZERO_RGB, _pt(c), 8, 1)
                self._label(target, "∇f = 0: every D_u f = 0", (c[0], c[1] - 22), vp)
            return
        pad = 8
        size = int(2 * (R + pad))
        scratch = self._boxes.get(("rose", size))
        if scratch is None:
            scratch = self._boxes[("rose", size)] = pygame.Surface((size, size), pygame.SRCALPHA)
        scratch.fill((0, 0, 0, 0))
        half = size / 2
        k = R / r.max_value
        px = (half + k * r.curve[0]).tolist()   # the polar curve, centred in scratch
        py = (half - k * r.curve[1]).tolist()
        e = (float(r.max_dir[0]), -float(r.max_dir[1]))   # ∇f on screen
        tan = (-e[1], e[0])
        o = (half, half)
        pygame.draw.line(scratch, (255, 255, 255, 150), _add(o, tan, -(R + pad)),
                         _add(o, tan, R + pad), 1)
        n = len(px)
        pos = r.positive.tolist()
        neg = (r.d < 0).tolist()
        top = int(r.d.argmax())
        for colour, inside, centre in ((ROSE_POS, pos, top), (ROSE_NEG, neg, (top + n // 2) % n)):
            order = [(centre + i) % n for i in range(-(n // 2), n - n // 2)]
            poly = [o] + [(px[i], py[i]) for i in order if inside[i]]
            if len(poly) < 3:
                continue
            pygame.draw.polygon(scratch, colour + (70,), poly)
            pygame.draw.polygon(scratch, EDGE + (255,), poly, 4)
            pygame.draw.polygon(scratch, colour + (255,), poly, 2)
        target.blit(scratch, _pt((c[0] - half, c[1] - half)))
        # the maximum along ∇f and its value
        tip = _add(c, e, R)
        self._dot(target, ROSE_POS, tip, 4)
        self._label(target, f"max D_u f = |∇f| = {_fmt(r.max_value)}", _add(tip, e, 26), vp,
                    ROSE_POS)
        self._avoid.append((_pt(c), _pt(_add(tip, e, 40))))
        # the two zeros, along the level curve
        for s in (1.0, -1.0):
            z = _add(c, tan, s * R)
            self._line(target, ZERO_RGB, _add(z, e, -6), _add(z, e, 6), 2)
            self._dot(target, ZERO_RGB, z, 3)
        self._label(target, "D_u f = 0", _add(c, tan, R + 22), vp, ZERO_RGB)

    # curvature -----------------------------------------------------------------
    def lambda_scale(self, surface) -> float:
        """Pixels per unit of |λ|: the median over the domain of the larger
        |λ| draws as CURV_PX pixels (cached per surface); lengths are then
        clamped to [CURV_MIN_PX, CURV_MAX_PX]."""
        key = (surface.name, surface.formula)
        if key not in self._lam_scale:
            xmin, xmax, ymin, ymax = surface.domain
            g = np.array(np.meshgrid(np.linspace(xmin, xmax, 24), np.linspace(ymin, ymax, 24)))
            with np.errstate(all="ignore"):
                H = np.asarray(surface.hess(g), float) * np.ones((2, 2, 24, 24))
                Hm = np.moveaxis(H, (0, 1), (-2, -1)).reshape(-1, 2, 2)
                Hm = Hm[np.all(np.isfinite(Hm), axis=(1, 2))]
                big = np.abs(np.linalg.eigvalsh(0.5 * (Hm + Hm.transpose(0, 2, 1)))).max(
                    axis=1) if len(Hm) else np.zeros(0)
            big = big[np.isfinite(big)]
            mid = float(np.median(big)) if big.size else 0.0
            self._lam_scale[key] = CURV_PX / mid if mid > 0 else CURV_PX
        return self._lam_scale[key]

    def _draw_curvature(self, target, surface, vp, x, y, c):
        cv = self._geometry("curvature", calc.curvature, surface, x, y)
        if cv.kind is None:
            self._card.append(("Hessian undefined here", DIM, self.small))
            return
        scale = self.lambda_scale(surface)
        lams = cv.eigenvalues.tolist()
        vecs = cv.eigenvectors.T.tolist()               # rows: unit eigenvectors
        lam_max = max(abs(lams[0]), abs(lams[1]))
        for lam, (vx, vy), sub in zip(lams, vecs, ("₁", "₂")):
            d = (vx, -vy)                               # on screen
            flat = abs(lam) <= calc.FLAT_TOL * max(1.0, lam_max)
            colour = FLAT_RGB if flat else (LAMBDA_POS if lam > 0 else LAMBDA_NEG)
            L = min(max(abs(lam) * scale, CURV_MIN_PX), CURV_MAX_PX)
            self._line(target, colour, _add(c, d, -L), _add(c, d, L), 3)
            n = (-d[1], d[0])
            for s in (L, -L):
                end = _add(c, d, s)
                self._line(target, colour, _add(end, n, -4), _add(end, n, 4), 2)
            label = f"λ{sub} = {_fmt(lam)}"
            tw, th = self.text(label, None, colour).get_size()
            reach = L + 8 + 0.5 * ((tw + 8) * abs(d[0]) + (th + 2) * abs(d[1]))
            self._label(target, label, _add(c, d, reach), vp, colour)   # just past the end
            self._avoid.append((_pt(_add(c, d, -L)), _pt(_add(c, d, reach + 10))))
        self._card.append((f"Hessian: {KIND_TEXT.get(cv.kind, cv.kind)}", TEXT, self.small))
        step = cv.newton_step
        if step is None or not _finite(step):
            self._card.append(("no Newton step: H singular", DIM, self.small))
            return
        sx, sy = float(step[0]), float(step[1])
        desc = f"Newton −H⁻¹∇f = ({_fmt(sx)}, {_fmt(sy)})"
        self._card.append((desc, NEWTON_RGB, self.small))
        length = math.hypot(sx, sy) * vp.scale
        if not (length > 0.5 and math.isfinite(length)):
            pygame.draw.circle(target, EDGE, _pt(c), 6, 3)
            pygame.draw.circle(target, NEWTON_RGB, _pt(c), 5, 1)
            return
        d = (sx * vp.scale / length, -sy * vp.scale / length)
        room = _room(c, d, vp.rect) - 4.0
        drawn = min(length, max(room, 24.0))            # shortened, never turned
        poly = arrow_polygon(c, d, drawn, width=3.0, head=12.0)
        pygame.draw.polygon(target, NEWTON_RGB, poly)
        pygame.draw.polygon(target, EDGE, poly, 1)
        short = drawn < length - 0.5
        tip = _add(c, d, drawn + 14)
        self._label(target, "Newton" + (" (shortened)" if short else ""), tip, vp, NEWTON_RGB)
        self._avoid.append((_pt(c), _pt(tip)))

    # jacobian lens -------------------------------------------------------------
    def _draw_lens(self, target, surface, vp, x, y, c):
        xmin, xmax = vp.view[:2]                # the shown width (the domain unless zoomed)
        rad = LENS_FRACTION * (xmax - xmin)
        lens = self._geometry("lens", calc.jacobian_lens, surface, x, y, rad, LENS_SAMPLES)
        rpx = rad * vp.scale
        pygame.draw.circle(target, LENS_CIRCLE, _pt(c), max(rpx, 1.0), 1)
        both = np.concatenate((lens.images, lens.linear), axis=1)
        with np.errstate(invalid="ignore", over="ignore"):
            m = np.hypot(both[0], both[1])
        m = m[np.isfinite(m)]
        top = float(m.max()) if m.size else math.nan
        lines = []
        if top > 0 and math.isfinite(top):
            k = _nice_floor(rad / top)                  # the largest image fits the circle
            s = k * vp.scale
            for arr, colour, width, edge in ((lens.linear, LENS_LINEAR, 4, True),
                                             (lens.images, LENS_TRUE, 1, False)):
                pts = np.stack([c[0] + s * arr[0], c[1] - s * arr[1]])
                self._polyline(target, colour, pts, width, closed=True, edge=edge)
            lines.append((f"images × {_fmt(k)}", TEXT, self.small))
        else:
            lines.append(("images: ∇f constant here" if top == 0 else "∇f undefined here",
                          TEXT, self.small))
        J = lens.J.tolist()
        cells = [[_fmt(J[i][j]) for j in range(2)] for i in range(2)]
        wdt = max(len(s) for row in cells for s in row)
        lines.append((f"J = H = ⎡{cells[0][0]:>{wdt}} {cells[0][1]:>{wdt}}⎤", TEXT, self.mono))
        lines.append((f"        ⎣{cells[1][0]:>{wdt}} {cells[1][1]:>{wdt}}⎦", TEXT, self.mono))
        lines.append(("— ∇f(x+d) − ∇f(x)", LENS_TRUE, self.small))
        lines.append(("— J·d (linear)", LENS_LINEAR, self.small))
        lines.append((f"○ d, |d| = {_fmt(rad)}", LENS_CIRCLE, self.small))
        self._lens_text = (lines, c, rpx)       # placed last, away from the arrows

    def _place_lens_text(self, target, vp):
        """J and the legend next to the lens: right, left, below or above it,
        the first side that fits on the map and crosses no arrow drawn."""
        lines, c, rpx = self._lens_text
        w, h = self._text_block_size(lines)
        gap = rpx + 10
        cands = [pygame.Rect(int(c[0] + gap), int(c[1] - h / 2), w, h),
                 pygame.Rect(int(c[0] - gap - w), int(c[1] - h / 2), w, h),
                 pygame.Rect(int(c[0] - w / 2), int(c[1] + gap), w, h),
                 pygame.Rect(int(c[0] - w / 2), int(c[1] - gap - h), w, h)]
        area = pygame.Rect(vp.rect)
        fits = [r for r in cands if area.contains(r)] or cands
        clear = [r for r in fits if not any(r.clipline(a, b) for a, b in self._avoid)]
        self._text_block(target, lines, (clear or fits)[0].topleft, vp)

    # --- insets (side panel) ----------------------------------------------------
    def draw_insets(self, target, surface, cursor, overlays, rect) -> int:
        """The two slice plots stacked in ``rect = (left, top, w, h)``; returns
        the height used (0 when slices are off, there is no cursor or no room)."""
        if "slices" not in overlays or cursor is None:
            return 0
        x, y = float(cursor[0]), float(cursor[1])
        left, top, w, h = (int(v) for v in rect)
        title_h = self.small.get_linesize()
        min_plot, max_plot, gap = 36, 120, 10
        block_extra = 2 * title_h + 4
        if w < 90 or h < block_extra + min_plot or not (math.isfinite(x) and math.isfinite(y)):
            return 0
        two = (h - gap) // 2 - block_extra
        n_plots = 2 if two >= min_plot else 1
        ph = int(min(max_plot, (two if n_plots == 2 else h - block_extra)))
        sl = self._geometry("slices", calc.slices, surface, x, y, 160)
        xmin, xmax, ymin, ymax = surface.domain
        plots = [("f(x, y₀) along x (y₀ fixed)", sl.xs, sl.fx, x, sl.tangent_x,
                  f"∂f/∂x = {_fmt(sl.slope_x, 4)}", SLICE_X_RGB, (xmin, xmax)),
                 ("f(x₀, y) along y (x₀ fixed)", sl.ys, sl.fy, y, sl.tangent_y,
                  f"∂f/∂y = {_fmt(sl.slope_y, 4)}", SLICE_Y_RGB, (ymin, ymax))]
        yy = top
        clip = target.get_clip()
        try:
            for title, s, fv, s0, tangent, slope, colour, srange in plots[:n_plots]:
                self._plot(target, (left, yy, w, ph), title, s, fv, s0, sl.f0,
                           tangent, slope, colour, srange, title_h, clip)
                yy += ph + block_extra + gap
        finally:
            target.set_clip(clip)
        return yy - gap - top

    def _plot_box(self, w, h):
        """The opaque background of one inset plot, cached (an opaque blit is
        several times cheaper than drawing or alpha-blitting it)."""
        key = ("plot", w, h)
        box = self._boxes.get(key)
        if box is None:
            box = pygame.Surface((w, h))
            if pygame.display.get_surface() is not None:
                box = box.convert()
            box.fill(INSET_BG)
            pygame.draw.rect(box, INSET_FRAME, box.get_rect(), 1)
            self._boxes[key] = box
        return box

    def _plot(self, target, rect, title, s, fv, s0, f0, tangent, slope, colour,
              srange, title_h, outer):
        left, top, w, h = rect
        target.set_clip(outer)
        self.text(title, self.small, colour).draw(target, (left, top))
        box = pygame.Rect(left, top + title_h + 2, w, h)
        target.blit(self._plot_box(w, h), box.topleft)
        below = box.bottom + 1
        s_lo, s_hi = srange
        lo_s = self.text(_fmt(s_lo), self.small, DIM)
        hi_s = self.text(_fmt(s_hi), self.small, DIM)
        lo_s.draw(target, (left, below))
        hi_s.draw(target, (left + w - hi_s.get_width(), below))
        slope_s = self.text(slope, self.small, colour)
        slope_s.draw(target, (left + (w - slope_s.get_width()) // 2, below))
        finite = np.isfinite(fv)
        if not finite.any():
            u = self.text("f undefined along this line", self.small, DIM)
            u.draw(target, (box.x + 6, box.centery - u.get_height() // 2))
            return
        ok = fv[finite]
        lo, hi = float(ok.min()), float(ok.max())
        pad = 0.08 * (hi - lo) if hi > lo else max(1.0, abs(lo)) * 0.1
        f_lo, f_hi = lo - pad, hi + pad
        if not math.isfinite(f_hi - f_lo):
            f_lo, f_hi = -1.0, 1.0
        inner = box.inflate(-4, -4)
        ix, ib = inner.x, inner.bottom
        sx_per = inner.w / (s_hi - s_lo)
        fy_per = inner.h / (f_hi - f_lo)

        def to_px(sv, f):                      # scalars, plain floats
            return (ix + (sv - s_lo) * sx_per, ib - (f - f_lo) * fy_per)

        for v, above in ((hi, True), (lo, False)):
            ly = ib - (v - f_lo) * fy_per
            if not math.isfinite(ly):
                continue
            pygame.draw.line(target, INSET_FRAME, (ix, ly), (inner.right - 1, ly), 1)
            lab = self.text(_fmt(v), self.small, DIM)
            ty = ly - lab.get_height() if above else ly
            lab.draw(target, (ix + 3, min(max(ty, box.y + 1), box.bottom - lab.get_height())))
        target.set_clip(box.clip(outer))
        with np.errstate(all="ignore"):
            pts = np.stack([ix + (s - s_lo) * sx_per, ib - (fv - f_lo) * fy_per])
        self._polyline(target, colour, pts, 2, edge=False)
        t = tangent.tolist()
        if math.isfinite(f0) and all(math.isfinite(v) for row in t for v in row):
            seg = _clip_segment(to_px(t[0][0], t[1][0]), to_px(t[0][1], t[1][1]),
                                (box.x, box.y, box.w, box.h))
            if seg is not None:
                pygame.draw.line(target, TANGENT_RGB, _pt(seg[0]), _pt(seg[1]), 1)
            p = to_px(s0, f0)
            if box.collidepoint(p):
                pygame.draw.circle(target, TANGENT_RGB, _pt(p), 5)
                pygame.draw.circle(target, colour, _pt(p), 3)
