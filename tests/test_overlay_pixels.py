"""The overlays' cached and vectorised drawing paints exactly the picture of
the plain one: every pixel, every placed label.

:class:`PlainPainter` below is the overlays drawn the straightforward way
(every read-out at the cursor computed on its own, text blitted glyph by
glyph, label spots from ``beyond`` one at a time and tested with
``clamp``/``free``/``clear``, the level set by marching squares over the
whole grid, the rose's lobes ordered in Python lists, polylines
always split into runs). Frames over several surfaces, window scales and
cursor paths, drawn on a noisy background so that a one-level difference in
any blend shows, must come out byte for byte the same as the painter's.
"""
import math

import numpy as np
import pygame
import pytest
from hypothesis import given, settings
from hypothesis import strategies as hs

from game import calculus as calc
from game import surfaces
from game.overlays import OVERLAYS, OverlayPainter, placement, textrun
from game.overlays.drawing import _fmt, _second
from game.overlays.geometry import BIG, _add, _pt, _runs
from game.overlays.placement import SOFT_TRIES, Board, beyond, centred, clamp, segment_hits
from game.overlays.style import (EDGE, LENS_CIRCLE, LENS_FRACTION, LENS_LINEAR, LENS_SAMPLES,
                                 LENS_TRUE, ROSE_NEG, ROSE_POS, ROSE_RADIUS, ROSE_SAMPLES, TEXT,
                                 ZERO_RGB, BOX_BG)
from game.overlays.geometry import _nice_floor
from game.render_text import printable
from game.ui.fonts import fonts_for
from game.ui.words import _exp
from game.viewport import Viewport

from test_overlays import LOG      # f = log x: undefined on the left half


# --- the plain reference -----------------------------------------------------------

_DIRS = placement._DIRS


def plain_around(p, size, gap, ring=1):
    return [beyond(p, d, size, gap * ring) for d in _DIRS]


def plain_fmt(v, digits=3):
    v = float(v) + 0.0
    if not math.isfinite(v):
        return "undefined"
    return _exp(f"{v:.{digits}g}").replace("-", "−")


class PlainBoard(Board):
    """Board.spot and Board.clear written with one call per test."""

    def clear(self, r):
        x, y, w, h = r
        for ox, oy, ow, oh in self.soft_rects:
            if x < ox + ow and ox < x + w and y < oy + oh and oy < y + h:
                return False
        for (cx, cy), rad in self.soft_discs:
            nx = min(max(cx, x), x + w)
            ny = min(max(cy, y), y + h)
            if (nx - cx) ** 2 + (ny - cy) ** 2 < rad * rad:
                return False
        for a, b in self.soft_lines:
            if (max(a[0], b[0]) > x and min(a[0], b[0]) < x + w and max(a[1], b[1]) > y
                    and min(a[1], b[1]) < y + h and segment_hits(r, a, b)):
                return False
        return True

    def spot(self, size, candidates):
        w, h = int(math.ceil(size[0])), int(math.ceil(size[1]))
        if w > self.area[2] or h > self.area[3]:
            return None
        first = hard = None
        tried = 0
        for c in candidates:
            if not (math.isfinite(c[0]) and math.isfinite(c[1])):
                continue
            r = clamp((c[0], c[1], w, h), self.area)
            if first is None:
                first = r
            if self.free(r):
                if self.clear(r):
                    return r
                if hard is None:
                    hard = r
                tried += 1
                if tried >= SOFT_TRIES:
                    break
        if hard is not None:
            return hard
        if first is None:
            first = clamp(centred((self.area[0] + self.area[2] / 2,
                                   self.area[1] + self.area[3] / 2), (w, h)), self.area)
        return self._search(first)


class PlainRun:
    """A line of glyphs, blitted one by one every time."""

    def __init__(self, glyphs, xs, size):
        self.glyphs, self.xs, self.size = glyphs, xs, size

    def get_width(self):
        return self.size[0]

    def get_height(self):
        return self.size[1]

    def get_size(self):
        return self.size

    def draw(self, target, pos):
        x, y = int(pos[0]), int(pos[1])
        for g, dx in zip(self.glyphs, self.xs):
            target.blit(g, (x + dx, y))


class FreshReadout:
    """Each read-out at the cursor computed on its own by the separate
    calculus functions (each evaluating f, ∇f or H again)."""

    def __init__(self, surface, x, y):
        self.s, self.x, self.y = surface, x, y

    @property
    def f(self):
        with np.errstate(all="ignore"):
            return float(self.s.f(np.array([self.x, self.y])))

    @property
    def grad(self):
        with np.errstate(all="ignore"):
            return np.asarray(self.s.grad(np.array([self.x, self.y])), float)

    def curvature(self):
        return calc.curvature(self.s, self.x, self.y)

    def rose(self, n):
        return calc.rose(self.s, self.x, self.y, n)

    def lens(self, radius, n):
        return calc.jacobian_lens(self.s, self.x, self.y, radius, n)

    def slices(self, n):
        return calc.slices(self.s, self.x, self.y, n)


class PlainPainter(OverlayPainter):
    """The overlays drawn the straightforward way (see the module's doc)."""

    def _at(self, surface, x, y):
        return FreshReadout(surface, x, y)

    def text(self, s, font=None, colour=TEXT):
        font = font or self.small
        table = self._glyph_table(font, colour)
        glyphs = [table.get(ch) or self._glyph(ch, font, colour) for ch in printable(s)]
        xs = [0]
        for g in glyphs:
            xs.append(xs[-1] + g[1])
        height = max([font.get_height()] + [g[3] for g in glyphs])
        width = max([xs[-1]] + [x + g[2] for x, g in zip(xs, glyphs)])
        return PlainRun([g[0] for g in glyphs], xs[:-1], (width, height))

    def flush(self, target):
        for rect, runs, px, py in self._queue:
            target.blit(self._box(rect.w, rect.h), rect.topleft, pygame.Rect(0, 0, rect.w, rect.h))
            y = rect.y + py
            for run in runs:
                run.draw(target, (rect.x + px, y))
                y += run.get_height()
        self._queue = []

    @staticmethod
    def _near(p, d, size, gap, first=()):
        yield from first
        n = (-d[1], d[0])
        yield beyond(p, d, size, gap)
        yield beyond(p, n, size, gap)
        yield beyond(p, (-n[0], -n[1]), size, gap)
        for ring in (1, 2, 3):
            yield from plain_around(p, size, gap + 6, ring)

    @staticmethod
    def _polyline(target, colour, pts, width=2, closed=False, edge=True):
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

    def level_pixels(self, surface, vp, level, clip):
        v, xs, ys = self.level_grid(surface, vp)
        segs = calc.level_set_segments(v, xs, ys, level)
        if len(segs) == 0:
            return np.zeros(0, np.intp), np.zeros(0, np.intp)
        s = vp.to_screen(segs.transpose(2, 0, 1))
        a, b = s[:, :, 0], s[:, :, 1]
        longest = float(np.abs(b - a).max())
        k = int(min(max(math.ceil(longest / 1.5), 1), 64)) + 1
        pts = a[:, :, None] + (b - a)[:, :, None] * np.linspace(0.0, 1.0, k)
        sx = pts[0].ravel().astype(np.intp)
        sy = pts[1].ravel().astype(np.intp)
        l, t, w, h = clip
        inside = (sx >= l + 1) & (sx < l + w - 2) & (sy >= t + 1) & (sy < t + h - 2)
        return sx[inside], sy[inside]

    def _draw_rose(self, target, surface, vp, x, y, c):
        r = calc.rose(surface, x, y, ROSE_SAMPLES)
        R = float(max(12.0, min(self.px(ROSE_RADIUS), 0.35 * min(vp.size))))
        if r.max_dir is None:
            if r.max_value == 0:
                pygame.draw.circle(target, EDGE, _pt(c), 9, 3)
                pygame.draw.circle(target, ZERO_RGB, _pt(c), 8, 1)
                s = "∇f = 0: every D_u f = 0"
                self._label(target, s, self._near(c, (0.0, -1.0), self.label_size(s), self.px(14)),
                            vp)
            return
        self.board.avoid(disc=(c, R))
        pad = 8
        size = int(2 * (R + pad))
        scratch = pygame.Surface((size, size), pygame.SRCALPHA)
        half = size / 2
        with np.errstate(all="ignore"):
            shape = np.abs(r.d) / r.max_value
        shape = np.where(np.isfinite(shape), np.minimum(shape, 1.0), 0.0) * R
        px = (half + shape * np.cos(r.theta)).tolist()
        py = (half - shape * np.sin(r.theta)).tolist()
        e = (float(r.max_dir[0]), -float(r.max_dir[1]))
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
        tip = _add(c, e, R)
        self._dot(target, ROSE_POS, tip, 4)
        s = f"max D_u f = |∇f| = {plain_fmt(r.max_value)}"
        self._label(target, s, self._near(tip, e, self.label_size(s), self.px(8)), vp, ROSE_POS)
        for s in (1.0, -1.0):
            z = _add(c, tan, s * R)
            self._line(target, ZERO_RGB, _add(z, e, -6), _add(z, e, 6), 2)
            self._dot(target, ZERO_RGB, z, 3)
        s = "D_u f = 0"
        size = self.label_size(s)
        other = beyond(_add(c, tan, -R), (-tan[0], -tan[1]), size, self.px(8))
        spots = self._near(_add(c, tan, R), tan, size, self.px(8))
        self._label(target, s, _second(spots, other), vp, ZERO_RGB)

    def _draw_lens(self, target, surface, vp, x, y, c):
        xmin, xmax = vp.view[:2]
        rad = LENS_FRACTION * (xmax - xmin)
        lens = calc.jacobian_lens(surface, x, y, rad, LENS_SAMPLES)
        rpx = rad * vp.scale
        pygame.draw.circle(target, LENS_CIRCLE, _pt(c), max(rpx, 1.0), 1)
        self.board.avoid(disc=(c, rpx))
        both = np.concatenate((lens.images, lens.linear), axis=1)
        with np.errstate(invalid="ignore", over="ignore"):
            m = np.hypot(both[0], both[1])
        m = m[np.isfinite(m)]
        top = float(m.max()) if m.size else math.nan
        lines = []
        if top > 0 and math.isfinite(top):
            k = _nice_floor(rad / top)
            s = k * vp.scale
            for arr, colour, width, edge in ((lens.linear, LENS_LINEAR, 4, True),
                                             (lens.images, LENS_TRUE, 1, False)):
                pts = np.stack([c[0] + s * arr[0], c[1] - s * arr[1]])
                self._polyline(target, colour, pts, width, closed=True, edge=edge)
            lines.append((f"images × {plain_fmt(k)}", TEXT, self.small))
        else:
            lines.append(("images: ∇f constant here" if top == 0 else "∇f undefined here",
                          TEXT, self.small))
        J = lens.J.tolist()
        cells = [[plain_fmt(J[i][j]) for j in range(2)] for i in range(2)]
        wdt = max(len(s) for row in cells for s in row)
        lines.append((f"J = H = ⎡{cells[0][0]:>{wdt}} {cells[0][1]:>{wdt}}⎤", TEXT, self.mono))
        lines.append((f"        ⎣{cells[1][0]:>{wdt}} {cells[1][1]:>{wdt}}⎦", TEXT, self.mono))
        lines.append(("— ∇f(x+d) − ∇f(x)", LENS_TRUE, self.small))
        lines.append(("— J·d (linear)", LENS_LINEAR, self.small))
        lines.append((f"○ d, |d| = {plain_fmt(rad)}", LENS_CIRCLE, self.small))
        self._lens_text = (lines, c, rpx)

    def _place_lens_text(self, target, vp):
        lines, c, rpx = self._lens_text
        size = self._text_block_size(lines)
        gap = rpx + self.px(10)
        spots = []
        for ring in (1, 2, 3):
            spots += plain_around(c, size, gap, ring)[:4]
        self._text_block(target, lines, spots, vp, "J = H")


# --- frames ----------------------------------------------------------------------

@pytest.fixture(scope="module")
def screen():
    pygame.display.init()
    pygame.font.init()
    yield pygame.display.set_mode((1280, 800))
    pygame.display.quit()


def _background(size, like, seed):
    """Noise: a blend off by one level anywhere would show."""
    rng = np.random.default_rng(seed)
    bg = pygame.Surface(size, 0, like)
    pygame.surfarray.blit_array(bg, rng.integers(0, 256, size + (3,), dtype=np.uint8))
    return bg


def _frame(painter, board_type, bg, s, vp, cursor, names, scale, panel):
    target = bg.copy()
    area = pygame.Rect(vp.rect).clip(target.get_rect())
    board = board_type((area.x, area.y, area.w, area.h))
    cpx = tuple(float(v) for v in vp.to_screen(cursor))
    if all(math.isfinite(v) for v in cpx):
        board.block_disc(cpx, 14.0 * scale)
        board.block((cpx[0] - 2, cpx[1] - 2, 16, 24), "pointer")
    painter.draw_map(target, s, vp, cursor, names, board)
    record = []
    used = painter.draw_insets(target, s, cursor, names, panel, record)
    return (pygame.image.tobytes(target, "RGB"), [tuple(r) for r in painter.placed],
            board.placed, used, [(a, tuple(b), c) for a, b, c in record])


def _path(s, n, seed):
    xmin, xmax, ymin, ymax = s.domain
    cx, cy = (xmin + xmax) / 2, (ymin + ymax) / 2
    rx, ry = 0.4 * (xmax - xmin), 0.4 * (ymax - ymin)
    pts = [(cx + rx * math.cos(0.37 * i + seed), cy + ry * math.sin(0.23 * i + seed))
           for i in range(n)]
    return pts + [pts[1], pts[1], (cx, cy)]


CASES = [  # surface, window scale, frames, which overlays
    ("bowl", 1.0, 10, OVERLAYS), ("saddle", 1.0, 7, OVERLAYS), ("himmelblau", 1.0, 6, OVERLAYS),
    ("rosenbrock", 1.0, 6, OVERLAYS), ("monkey", 1.5, 5, OVERLAYS), ("hill", 0.8, 5, OVERLAYS),
    ("beale", 1.0, 5, ("level", "rose")), ("camel", 1.0, 5, ("jacobian", "curvature", "slices")),
    ("log", 1.0, 6, OVERLAYS),
]


@pytest.mark.parametrize("name, scale, n, names", CASES, ids=[c[0] for c in CASES])
def test_frames_match_the_plain_painter(screen, name, scale, n, names):
    s = LOG if name == "log" else surfaces.get(name)
    fonts = fonts_for(scale)
    fast = OverlayPainter(fonts.small, fonts.mono)
    plain = PlainPainter(fonts.small, fonts.mono)
    fast.scale = plain.scale = scale
    size = (int(1280 * scale), int(800 * scale)) if scale > 1 else (1280, 800)
    vp = Viewport.fit(s.domain, (8, 8, int(760 * scale), int(760 * scale)))
    panel = (vp.rect[0] + vp.rect[2] + 20, 300, size[0] - vp.rect[2] - 40, 440)
    bg = _background(size, screen, sum(map(ord, name)))
    names = frozenset(names)
    for i, cursor in enumerate(_path(s, n, scale)):
        a = _frame(fast, Board, bg, s, vp, cursor, names, scale, panel)
        b = _frame(plain, PlainBoard, bg, s, vp, cursor, names, scale, panel)
        assert a[1:] == b[1:], (name, i, cursor)
        assert a[0] == b[0], (name, i, cursor)
    if "level" in names and name != "log":
        assert fast.level_cells(s, vp) is not None        # the index was in use


# --- the pieces ---------------------------------------------------------------------

STRINGS = ["max D_u f = |∇f| = 3.14", "J = H = ⎡ 2.00 −0.50⎤", "        ⎣−0.50 10.0⎦",
           "ff fi fj Tj AV", "λ₁ = −2.5e−7", "e\u0301 a\u0308 ǘ", "— ∇f(x+d) − ∇f(x)", "",
           "\u0301", "Newton −H⁻¹∇f = (1.90, 1.94)", "level f = 1.234   tangent ⊥ ∇f"]


@pytest.mark.parametrize("alpha", [False, True])
def test_text_runs_blend_like_their_glyphs_one_by_one(screen, alpha):
    fonts = fonts_for(1.0)
    fast = OverlayPainter(fonts.small, fonts.mono)
    plain = PlainPainter(fonts.small, fonts.mono)
    split = 0
    for k, s in enumerate(STRINGS):
        for font in (fonts.small, fonts.mono):
            runs = fast.text(s, font), plain.text(s, font)
            assert runs[0].get_size() == runs[1].get_size()
            for draw in range(3):                       # the first draw, then the pictures
                bg = _background((120, 30), screen, k + 10 * draw)
                if alpha:
                    bg = bg.convert_alpha()
                    bg.fill((255, 255, 255, 120 + 40 * draw), special_flags=pygame.BLEND_RGBA_MIN)
                outs = []
                for run in runs:
                    t = bg.copy()
                    run.draw(t, (3, 2))
                    outs.append(pygame.image.tobytes(t, "RGBA"))
                assert outs[0] == outs[1], (s, draw)
            split += len(runs[0].pics) > 1
    assert split > 0                     # some line did need more than one picture


ODD = (math.inf, -math.inf, math.nan, 10 ** 30, -7)


@settings(max_examples=150, deadline=None)
@given(hs.lists(hs.tuples(hs.integers(-20, 300), hs.integers(-20, 200), hs.integers(1, 80),
                          hs.integers(1, 40)), max_size=6),
       hs.lists(hs.tuples(hs.integers(0, 300), hs.integers(0, 200), hs.integers(1, 50)),
                max_size=2),
       hs.lists(hs.tuples(hs.integers(0, 300), hs.integers(0, 200), hs.integers(1, 60)),
                max_size=2),
       hs.lists(hs.tuples(hs.integers(-20, 320), hs.integers(-20, 220), hs.integers(-20, 320),
                          hs.integers(-20, 220)), max_size=3),
       hs.lists(hs.tuples(hs.one_of(hs.floats(-50, 350), hs.sampled_from(ODD)),
                          hs.one_of(hs.floats(-50, 250), hs.sampled_from(ODD))), max_size=30),
       hs.tuples(hs.floats(1, 120), hs.floats(1, 60)))
def test_spot_matches_the_plain_search(rects, discs, soft_discs, lines, cands, size):
    boards = Board((5, 7, 300, 200)), PlainBoard((5, 7, 300, 200))
    for b in boards:
        for r in rects:
            b.block(r)
        for x, y, rad in discs:
            b.block_disc((x, y), rad)
        for x, y, rad in soft_discs:
            b.avoid(disc=((x + 0.5, y + 0.25), rad))
        for x0, y0, x1, y1 in lines:
            b.avoid(line=((x0, y0), (x1, y1)))
        b.avoid(rect=(100, 50, 30, 20))
    assert boards[0].spot(size, iter(cands)) == boards[1].spot(size, iter(cands))
    r = (int(size[0]) % 290, int(size[1]) % 190, 10, 10)
    assert boards[0].clear(r) == boards[1].clear(r)


@settings(max_examples=100, deadline=None)
@given(hs.tuples(hs.floats(-500, 500), hs.floats(-500, 500)),
       hs.tuples(hs.integers(1, 300), hs.integers(1, 80)), hs.floats(0, 200),
       hs.integers(1, 3))
def test_around_matches_beyond_in_each_direction(p, size, gap, ring):
    assert placement.around(p, size, gap, ring) == plain_around(p, size, gap, ring)


@settings(max_examples=200, deadline=None)
@given(hs.floats(allow_nan=True, allow_infinity=True), hs.integers(1, 6))
def test_fmt_matches_the_plain_format(v, digits):
    assert _fmt(v, digits) == plain_fmt(v, digits)


def test_cards_are_the_box_top_left(screen):
    fonts = fonts_for(1.0)
    painter = OverlayPainter(fonts.small, fonts.mono)
    card = painter._card_box(37, 21)
    assert card.get_size() == (37, 21)
    assert pygame.image.tobytes(card, "RGBA") == bytes(BOX_BG) * (37 * 21)
    assert textrun.TextRun is type(painter.text("x"))
