"""Drawing: pygame only. Reads the state and the world, changes neither.

Everything that does not change from frame to frame is baked once and cached:
the colormap (and its contour version) per surface and view, the side panel's
static part, every HUD text line, the help card, the ball sprite. A frame is
then a few blits, one pixel write for all trails, one ``fblits`` for all balls,
the arrow and the HUD.
"""
from __future__ import annotations

from dataclasses import dataclass
from itertools import repeat
from pathlib import Path

import numpy as np
import pygame

from . import calculus, field
from .overlays import KEYS as OVERLAY_KEYS
from .overlays import OVERLAYS, OverlayPainter
from .optimizers import MODE_LABELS
from .viewport import Viewport

ASSETS = Path(__file__).resolve().parent.parent / "assets"
FONT_PATH = ASSETS / "DejaVuSans.ttf"
MONO_PATH = ASSETS / "DejaVuSansMono.ttf"

PANEL_BG = (22, 24, 30)
TEXT = (225, 228, 235)
DIM = (150, 155, 165)
ERROR_RGB = (255, 110, 100)
ARROW_RGB = (235, 40, 40)
ARROW_EDGE = (40, 0, 0)
BALL_RGB = {"momentum": (255, 150, 40), "gd": (80, 220, 255)}
TRAIL_NEW, TRAIL_OLD = np.array([255, 255, 255]), np.array([90, 90, 110])
ARROW_MIN_PX, ARROW_MAX_PX = 10.0, 170.0
BALL_RADIUS = 5
TRAIL_POINT_BUDGET = 30_000
MAP_MARGIN = 8           # room around the map so balls on a wall show whole


@dataclass(frozen=True)
class Layout:
    """Where things go in a window of ``size``: the map and the side panel."""

    size: tuple[int, int]
    map_area: tuple[int, int, int, int]
    panel: tuple[int, int, int, int]

    @classmethod
    def of(cls, size) -> "Layout":
        w, h = max(int(size[0]), 2), max(int(size[1]), 2)
        panel_w = min(max(300, w - h), w // 2)
        m = MAP_MARGIN
        return cls((w, h), (m, m, max(w - panel_w - 2 * m, 1), max(h - 2 * m, 1)),
                   (w - panel_w, 0, panel_w, h))


def arrow_polygon(base, direction_px, length, width=4.0, head=12.0):
    """The outline of an arrow from ``base`` along the unit screen vector
    ``direction_px`` with total ``length`` pixels, as a list of points."""
    d = np.asarray(direction_px, float)
    n = np.array([-d[1], d[0]])
    head = min(head, 0.6 * length)
    b = np.asarray(base, float)
    tip = b + d * length
    neck = tip - d * head
    pts = [b + n * width / 2, neck + n * width / 2, neck + n * head * 0.5, tip,
           neck - n * head * 0.5, neck - n * width / 2, b - n * width / 2]
    return [tuple(p) for p in pts]


CURVATURE_WORDS = {"bowl": "bowl (positive definite)", "dome": "dome (negative definite)",
                   "saddle": "saddle (indefinite)", "flat": "flat (degenerate)"}


def num(v: float, width: int = 5) -> str:
    """A signed number in at most ``width`` significant digits, or 'undefined'."""
    return f"{v + 0.0:+.{width}g}" if np.isfinite(v) else "undefined"


def cursor_lines(surface, cursor) -> list[str]:
    """The HUD's readings at the cursor: x, y, f, ∇f, |∇f|, the Hessian and
    what its curvature says."""
    if cursor is None:
        return []
    p = np.asarray(cursor, float)
    with np.errstate(all="ignore"):
        fv = float(surface.f(p))
        g = np.asarray(surface.grad(p), float)
        H = np.asarray(surface.hess(p), float)
    kind = calculus.classify(H)
    return [
        f"x = {p[0]:+.4f}   y = {p[1]:+.4f}",
        f"f = {num(fv, 6)}",
        f"∇f = ({num(g[0])}, {num(g[1])})",
        f"|∇f| = {num(float(np.hypot(g[0], g[1])))}",
        f"H = [{num(H[0, 0])} {num(H[0, 1])}]",
        f"    [{num(H[1, 0])} {num(H[1, 1])}]",
        "curvature: " + CURVATURE_WORDS.get(kind, "undefined"),
    ]


class Renderer:
    """Draws frames of a given window size; call :meth:`resize` when it changes."""

    def __init__(self, size):
        pygame.font.init()
        self.font = pygame.font.Font(str(FONT_PATH), 15)
        self.small = pygame.font.Font(str(FONT_PATH), 12)
        self.mono = pygame.font.Font(str(MONO_PATH), 14)
        self.title_font = pygame.font.Font(str(FONT_PATH), 22)
        self._text_cache: dict = {}
        self._bg_cache: dict = {}
        self._sprites: dict = {}
        self._grad_scale: dict = {}
        self.overlays = OverlayPainter(self.small, self.mono)
        self.resize(size)

    # --- caches ---------------------------------------------------------------
    def resize(self, size) -> None:
        self.layout = Layout.of(size)
        self._bg_cache.clear()
        self._panel_key = None

    def viewport(self, surface, view=None) -> Viewport:
        """The map's viewport: ``view`` (or the whole domain) fitted into the
        map area with one scale for both axes."""
        return Viewport.fit(view or surface.domain, self.layout.map_area)

    def text(self, s, font=None, colour=TEXT):
        """A cached rendering of one line of text."""
        font = font or self.font
        key = (s, id(font), colour)
        surf = self._text_cache.get(key)
        if surf is None:
            if len(self._text_cache) > 512:
                self._text_cache.clear()
            surf = self._text_cache[key] = font.render(s, True, colour)
        return surf

    def _backgrounds(self, surface, vp):
        key = (surface.name, surface.formula, vp)
        entry = self._bg_cache.get(key)
        if entry is None:
            if len(self._bg_cache) > 4:
                self._bg_cache.clear()
            fld = field.build(surface, vp)
            entry = self._bg_cache[key] = {"field": fld,
                                           "plain": self._to_surface(fld.rgb)}
        return entry

    def background(self, surface, vp, contours: bool):
        """The cached map picture, with or without contour lines."""
        entry = self._backgrounds(surface, vp)
        if contours:
            if "contours" not in entry:
                alpha, entry["levels"] = field.contour_alpha(surface, entry["field"], vp.scale)
                entry["contours"] = self._to_surface(field.blend(entry["field"].rgb, alpha))
            return entry["contours"]
        return entry["plain"]

    def base_frame(self, surface, vp, contours: bool, quiver: bool = False):
        """The whole window's unchanging part, cached: panel background, the
        map picture (with contours and the quiver when asked) and the
        colorbar. A frame starts with one blit of it."""
        key = ("base", surface.name, surface.formula, vp, contours, quiver, self.layout)
        base = self._sprites.get(key)
        if base is None:
            self._sprites = {k: v for k, v in self._sprites.items() if k[0] != "base"}
            base = pygame.Surface(self.layout.size)
            if pygame.display.get_surface() is not None:
                base = base.convert()
            base.fill(PANEL_BG)
            base.blit(self.background(surface, vp, contours), vp.rect[:2])
            if quiver:
                clip = base.get_clip()
                base.set_clip(pygame.Rect(vp.rect))
                self.overlays.bake_quiver(base, surface, vp, offset=vp.rect[:2])
                base.set_clip(clip)
            self.draw_colorbar(base, surface, vp)
            self._sprites[key] = base
        return base

    @staticmethod
    def _to_surface(rgb):
        surf = pygame.surfarray.make_surface(np.ascontiguousarray(rgb))
        return surf.convert() if pygame.display.get_surface() is not None else surf

    def sprite(self, mode):
        s = self._sprites.get(mode)
        if s is None:
            r = BALL_RADIUS
            s = pygame.Surface((2 * r + 2, 2 * r + 2))
            s.fill((255, 0, 255))
            s.set_colorkey((255, 0, 255))
            if pygame.display.get_surface() is not None:
                s = s.convert()
            pygame.draw.circle(s, (15, 15, 20), (r + 1, r + 1), r + 1)
            pygame.draw.circle(s, BALL_RGB.get(mode, (255, 255, 255)), (r + 1, r + 1), r - 1)
            self._sprites[mode] = s
        return s

    def grad_scale(self, surface) -> float:
        """Pixels per unit of |∇f| for the cursor arrow: the 90th percentile of
        |∇f| over the domain draws as 110 pixels."""
        key = (surface.name, surface.formula)
        if key not in self._grad_scale:
            xmin, xmax, ymin, ymax = surface.domain
            g = np.meshgrid(np.linspace(xmin, xmax, 64), np.linspace(ymin, ymax, 64))
            with np.errstate(all="ignore"):
                mag = np.hypot(*surface.grad(np.array(g)))
            mag = mag[np.isfinite(mag)]
            p90 = float(np.percentile(mag, 90)) if mag.size else 1.0
            self._grad_scale[key] = 110.0 / p90 if p90 > 0 else 1.0
        return self._grad_scale[key]

    # --- the frame ------------------------------------------------------------
    def draw(self, target, state, world, alpha, cursor=None, fps=None, message=""):
        """Draw one frame on ``target``. ``cursor`` is a world point or None."""
        surface = world.surface
        vp = self.viewport(surface, state.view)
        quiver = "quiver" in state.overlays
        target.blit(self.base_frame(surface, vp, state.contours, quiver), (0, 0))
        clip = target.get_clip()
        target.set_clip(pygame.Rect(vp.rect).inflate(2 * MAP_MARGIN, 2 * MAP_MARGIN))
        if world.count:
            self.draw_trails(target, world, vp)
            self.draw_balls(target, world.interpolated(alpha), vp, world.mode)
        if cursor is not None:
            if state.overlays:
                self.overlays.draw_map(target, surface, vp, cursor, state.overlays)
            self.draw_arrow(target, surface, vp, cursor)
        target.set_clip(clip)
        self.draw_panel(target, state, world, cursor, fps, message, vp)
        if state.help:
            self.draw_help(target)
        if state.editing is not None:
            self.draw_editor(target, state, vp)

    def draw_trails(self, target, world, vp):
        """Every trail as pixels, coloured by age. With few balls each tick's
        segment gets enough samples to look like a line; with many (more than
        ``TRAIL_POINT_BUDGET`` pixels' worth) each tick is one dot, written
        straight from the ring buffer."""
        ages = world.trail_ages()                                 # per ring slot
        if 2 * world.count * (world.trail_len - 1) > TRAIL_POINT_BUDGET:
            pts = vp.to_screen(world.trail)                       # (2, T, N)
            age = ages
        else:
            order = np.argsort(ages)                              # newest first
            pts = vp.to_screen(world.trail[:, order])
            step = pts[:, 1:] - pts[:, :-1]
            longest = float(np.abs(step).max()) if step.size else 0.0
            k = int(min(np.ceil(longest / 1.5),
                        TRAIL_POINT_BUDGET // max(step[0].size, 1), 24))
            age = np.arange(world.trail_len)
            if k > 1:
                frac = (np.arange(k) / k)[None, None, :, None]
                pts = pts[:, :-1, None, :] + frac * step[:, :, None, :]
                age = age[:-1]
        sx = pts[0].astype(np.intp)
        sy = pts[1].astype(np.intp)
        palette = self._trail_palette(target, world.trail_len)
        colours = np.broadcast_to(palette[age].reshape((-1,) + (1,) * (sx.ndim - 1)), sx.shape)
        left, top, w, h = vp.rect
        if sx.min() < left or sx.max() >= left + w or sy.min() < top or sy.max() >= top + h:
            inside = (sx >= left) & (sx < left + w) & (sy >= top) & (sy < top + h)
            sx, sy, colours = sx[inside], sy[inside], colours[inside]
        px = pygame.surfarray.pixels2d(target)
        try:
            if px.T.flags.c_contiguous:      # one flat scatter: fastest
                px.T.reshape(-1)[(sy * px.shape[0] + sx).ravel()] = colours.ravel()
            else:
                px[sx, sy] = colours
        finally:
            del px

    def _trail_palette(self, target, n):
        """Mapped colours for trail ages 0 … n−1, newest brightest."""
        key = ("trail", n, target.get_bitsize(), target.get_masks())
        palette = self._sprites.get(key)
        if palette is None:
            t = np.linspace(0.0, 1.0, n)[:, None]
            rgb = (TRAIL_NEW * (1 - t) + TRAIL_OLD * t).astype(int)
            palette = np.array([target.map_rgb(tuple(c)) for c in rgb.tolist()], np.uint32)
            self._sprites[key] = palette
        return palette

    def draw_balls(self, target, pos, vp, mode):
        spr = self.sprite(mode)
        half = spr.get_width() / 2
        scr = vp.to_screen(pos) - half
        target.fblits(zip(repeat(spr), scr.T.tolist()))

    def draw_arrow(self, target, surface, vp, cursor):
        p = np.asarray(cursor, float)
        with np.errstate(all="ignore"):
            g = np.asarray(surface.grad(p), float)
        base = vp.to_screen(p)
        mag = float(np.hypot(g[0], g[1]))
        if not np.isfinite(mag):
            return
        if mag < 1e-12:
            pygame.draw.circle(target, ARROW_RGB, base, 6, 2)
            return
        d = np.array([g[0], -g[1]]) / mag                       # y up on screen
        length = float(np.clip(mag * self.grad_scale(surface), ARROW_MIN_PX, ARROW_MAX_PX))
        poly = arrow_polygon(base, d, length, width=5.0, head=16.0)
        pygame.draw.polygon(target, ARROW_RGB, poly)
        pygame.draw.polygon(target, ARROW_EDGE, poly, 1)
        pygame.draw.circle(target, ARROW_EDGE, base, 3)

    # --- side panel -----------------------------------------------------------
    def draw_panel(self, target, state, world, cursor, fps, message, vp):
        left, top, w, h = self.layout.panel
        x0, y = left + 16, top + 14
        surface = world.surface
        blit = target.blit
        blit(self.text("Gradient Compass", self.title_font), (x0, y)); y += 34
        blit(self.text(f"{surface.name}:  {surface.formula}"), (x0, y)); y += 22
        for line in self.wrap(surface.about, self.small, w - 32)[:2]:
            blit(self.text(line, self.small, DIM), (x0, y))
            y += 16
        y += 8
        lines = [
            f"mode   {MODE_LABELS[state.mode]}",
            f"η = {state.lr:.4g}    μ = {state.mu:.2f}",
            f"balls  {world.count}" + ("    PAUSED" if state.paused else ""),
            f"ticks  {world.ticks}    fps " + (f"{fps:.0f}" if fps else "–"),
        ]
        # Lines whose numbers change every frame are drawn from cached glyphs.
        glyphs = self.overlays.text
        for s in lines:
            glyphs(s, self.mono, TEXT).draw(target, (x0, y)); y += 20
        blit(self.sprite(state.mode), (x0 + 120, y - 35))
        y += 8
        for s in cursor_lines(surface, cursor):
            glyphs(s, self.mono, TEXT).draw(target, (x0, y)); y += 20
        if cursor is None:
            blit(self.text("move the mouse over the map", self.small, DIM), (x0, y)); y += 20
        y += 6
        on = [o for o in OVERLAYS if o in state.overlays]
        if len(on) > 3:
            on = [OVERLAY_KEYS[o] for o in on]
        blit(self.text("overlays: " + (", ".join(on) if on else "none (keys V D L P K J)"),
                       self.small, DIM), (x0, y)); y += 18
        if state.view is not None:
            blit(self.text("zoomed: Home resets the view", self.small, DIM), (x0, y))
        y += 22
        if cursor is not None and "slices" in state.overlays:
            self.overlays.draw_insets(target, surface, cursor, state.overlays,
                                      (x0, y, w - 32, top + h - 34 - y))
        hint = message or "H: help    E: type your own f    click: spawn a ball"
        blit(self.text(hint, self.small, DIM if not message else TEXT), (x0, top + h - 24))

    def wrap(self, text, font, width):
        """``text`` broken into lines no wider than ``width`` pixels (cached)."""
        key = ("wrap", text, id(font), width)
        lines = self._sprites.get(key)
        if lines is None:
            lines, line = [], ""
            for word in text.split():
                trial = f"{line} {word}".strip()
                if line and font.size(trial)[0] > width:
                    lines.append(line)
                    line = word
                else:
                    line = trial
            if line:
                lines.append(line)
            self._sprites[key] = lines
        return lines

    def colorbar_place(self):
        """Where the colorbar goes: the panel's top-right corner, or nowhere
        when the panel is too narrow or short."""
        left, top, w, h = self.layout.panel
        height = min(240, h - 200)
        if w < 400 or height < 60:
            return None
        return left + w - 96, top + 120, height

    def draw_colorbar(self, target, surface, vp):
        place = self.colorbar_place()
        if place is None:
            return
        x0, y0, height = place
        entry = self._backgrounds(surface, vp)
        key = ("colorbar", height, entry["field"].scale)
        bar = self._sprites.get(key)
        if bar is None:
            strip, ticks = field.colorbar(entry["field"].scale, height)
            bar = pygame.Surface((120, height + 12), pygame.SRCALPHA)
            col = pygame.surfarray.make_surface(np.repeat(strip[None, :, :], 16, axis=0))
            bar.blit(col, (0, 6))
            for row, value in ticks:
                pygame.draw.line(bar, TEXT, (16, row + 6), (21, row + 6))
                bar.blit(self.small.render(f"{value:.3g}", True, TEXT), (25, row))
            self._sprites[key] = bar
        target.blit(bar, (x0, y0))
        label = "f (log)" if surface.log_color else "f"
        target.blit(self.text(label, self.small, DIM), (x0, y0 - 18))

    def draw_editor(self, target, state, vp):
        """The function editor: a text field over the top of the map, with
        the caret, a hint, and any error pointed at its column."""
        left, top, w, h = vp.rect
        box = pygame.Rect(left + 10, top + 10, max(w - 20, 40), 104)
        card = pygame.Surface(box.size, pygame.SRCALPHA)
        card.fill((10, 12, 18, 235))
        target.blit(card, box.topleft)
        pygame.draw.rect(target, (255, 200, 90), box, 1)
        prompt = "f(x, y) = "
        cw = self.mono.size("M")[0]
        room = max((box.width - 24) // cw - len(prompt) - 1, 4)
        text = state.editing
        shift = max(len(text) - room, 0)          # scroll so the caret shows
        shown = ("…" + text[shift + 1:]) if shift else text
        x, y = box.left + 12, box.top + 10
        target.blit(self.text(prompt + shown + "▏", self.mono), (x, y))
        target.blit(self.text("Enter: use it    Esc: cancel    domain too: f ; xmin,xmax,ymin,ymax",
                              self.small, DIM), (x, y + 56))
        if state.edit_error:
            message, pos = state.edit_error
            if pos is not None and pos >= shift:
                col = len(prompt) + pos - shift
                target.blit(self.text("^", self.mono, ERROR_RGB), (x + col * cw, y + 18))
            target.blit(self.text(message, self.small, ERROR_RGB), (x, y + 36))
        else:
            target.blit(self.text("numbers, x, y, pi, e, + − * / ^, sin cos tan exp log sqrt abs "
                                  "tanh sinh cosh atan", self.small, DIM), (x, y + 36))

    def draw_help(self, target):
        """The help card: every key and mouse action, and the surface menu."""
        card = self._sprites.get(("help", self.layout.size))
        if card is None:
            from .controls import HELP, surface_key
            from .surfaces import names
            row = 24
            key_w = max(self.mono.size(k)[0] for k, _ in HELP) + 24
            text_w = max(self.font.size(t)[0] for _, t in HELP)
            menu = [(surface_key(i), n) for i, n in enumerate(names())]
            menu_x = 18 + key_w + text_w + 40
            menu_w = max(self.mono.size(f"{k:8}{n}")[0] for k, n in menu) + 24
            w = min(menu_x + menu_w, self.layout.size[0] - 20)
            h = min(52 + row * len(HELP), self.layout.size[1] - 20)
            card = pygame.Surface((max(w, 10), max(h, 10)), pygame.SRCALPHA)
            card.fill((10, 12, 18, 250))
            card.blit(self.title_font.render("Keys and mouse", True, TEXT), (18, 8))
            for i, (key, what) in enumerate(HELP):
                card.blit(self.mono.render(key, True, (255, 200, 90)), (18, 44 + row * i))
                card.blit(self.font.render(what, True, TEXT), (18 + key_w, 44 + row * i))
            card.blit(self.title_font.render("Surfaces", True, TEXT), (menu_x, 8))
            for i, (key, name) in enumerate(menu):
                card.blit(self.mono.render(f"{key:8}", True, (255, 200, 90)), (menu_x, 44 + row * i))
                card.blit(self.font.render(name, True, TEXT),
                          (menu_x + self.mono.size("M" * 9)[0], 44 + row * i))
            card.blit(self.small.render("E: type your own f(x, y)", True, DIM),
                      (menu_x, 44 + row * len(menu) + 8))
            self._sprites[("help", self.layout.size)] = card
        x = (self.layout.size[0] - card.get_width()) // 2
        y = (self.layout.size[1] - card.get_height()) // 2
        target.blit(card, (x, y))
