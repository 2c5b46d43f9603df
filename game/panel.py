"""The side panel and the colorbar: pygame text.

A mixin of :class:`game.render.Renderer`: it uses the renderer's fonts, text
cache, layout, sprites and overlay painter. Every line is fitted to the room
it has (wrapped, or ended with "…"), nothing is drawn below the footer, and
the rectangle of every line drawn is recorded in ``self.drawn_rects``.
"""
from __future__ import annotations

import math

import numpy as np
import pygame

from . import calculus, field
from . import render_text
from .overlays import KEYS as OVERLAY_KEYS
from .overlays import OVERLAYS, OverlayPainter
from .panel_cards import CardPainter
from .ui import words
from .ui.lab_panel import LabPanelPainter
from .ui.legend import Legend
from .ui.lossplot import LossPlot

PANEL_BG = (22, 24, 30)
TEXT = (225, 228, 235)
DIM = (150, 155, 165)
ERROR_RGB = (255, 110, 100)

HINT = "H: help    E: type your own f    click: spawn a ball"
SHORT_HINT = "H: help    E: your own f    click: spawn"
CURVATURE_WORDS = {"bowl": "bowl (positive definite)", "dome": "dome (negative definite)",
                   "saddle": "saddle (indefinite)", "flat": "flat (degenerate)"}
COLORBAR_LABEL = "-8.88e-88"      # the widest tick label the colorbar may show


def cursor_lines(surface, cursor) -> list[str]:
    """The HUD's readings at the cursor: the point (x and y, or the
    surface's own names for them: w₁ and w₂ on the regression), f, ∇f,
    |∇f|, the Hessian and what its curvature says. Numbers in one style
    (:mod:`game.ui.words`): no "+", each vector and the matrix with one
    number of decimals."""
    if cursor is None:
        return []
    p = np.asarray(cursor, float)
    with np.errstate(all="ignore"):
        fv = float(surface.f(p))
        g = np.asarray(surface.grad(p), float)
        H = np.asarray(surface.hess(p), float)
    kind = calculus.classify(H)
    ax, ay = words.axis_names(surface)
    px, py = words.vector(p)
    gx, gy = words.vector(g)
    row0, row1 = words.matrix(H.tolist())
    with np.errstate(all="ignore"):
        size = math.hypot(float(g[0]), float(g[1]))
    return [
        f"{ax} = {px}   {ay} = {py}",
        f"f = {words.num(fv, 6)}",
        f"∇f = ({gx}, {gy})",
        f"|∇f| = {words.num(size, 5)}",
        f"H = {row0}",
        f"    {row1}",
        "curvature: " + CURVATURE_WORDS.get(kind, "undefined"),
    ]


class PanelPainter(CardPainter, LabPanelPainter):
    """Everything drawn in words: the panel and the colorbar (and, through
    :class:`game.panel_cards.CardPainter`, the help card; the optimizer
    lab's HUD, legend, theory and loss plot through
    :class:`game.ui.lab_panel.LabPanelPainter`).

    The words live in the layout's ``text`` rectangle (the panel above its
    controls) and are drawn in the fonts of the window's scale
    (:meth:`use_fonts`); every spacing is ``self.fonts.px`` of its size at
    1280 × 800."""

    def use_fonts(self, fonts) -> None:
        """Draw from now on with ``fonts`` (a :class:`game.ui.fonts.FontSet`):
        the panel, the legend, the loss plot, the help card, the colorbar and
        the overlays. Nothing happens when they are the fonts in use."""
        if getattr(self, "fonts", None) is fonts:
            return
        self.fonts = fonts
        self.font, self.small, self.mono, self.title_font = \
            fonts.font, fonts.small, fonts.mono, fonts.title
        overlays = getattr(self, "overlays", None)
        if overlays is not None and hasattr(overlays, "set_fonts"):
            overlays.set_fonts(fonts.small, fonts.mono)
        else:
            self.overlays = OverlayPainter(fonts.small, fonts.mono)
        self.legend = Legend(fonts.small, PANEL_BG, fonts.scale)
        self.lossplot = LossPlot(fonts.small, PANEL_BG, fonts.scale)
        self._fits.clear()
        self._text_cache.clear()
        self._sprites = {k: v for k, v in self._sprites.items()
                         if k[0] not in ("help", "colorbar", "base")}

    def _fit(self, text, font, room, max_lines, measure):
        """:func:`game.render_text.fit`, remembered (descriptions and formulas
        are fitted once, not every frame)."""
        key = (text, id(font), room, max_lines)
        parts = self._fits.get(key)
        if parts is None:
            if len(self._fits) > 256:
                self._fits.clear()
            parts = self._fits[key] = render_text.fit(text, room, measure, max_lines)
        return parts

    def _cursor_lines(self, surface, cursor):
        """:func:`cursor_lines`, remembered while the cursor and the surface stay
        (the surface itself is kept in the key, so its id cannot be reused)."""
        key = (surface, None if cursor is None else tuple(float(v) for v in cursor))
        hit = getattr(self, "_readings", None)
        if hit is None or hit[0][0] is not surface or hit[0][1] != key[1]:
            hit = self._readings = (key, cursor_lines(surface, cursor))
        return list(hit[1])

    def _lines(self, col, text, font, colour, advance, max_lines=None, glyphs=False):
        """``text`` in ``col``: one line when it fits, else wrapped into at
        most ``max_lines``. ``glyphs`` draws from cached glyphs (for lines
        whose numbers change every frame). ``advance`` is in pixels at scale
        1: it grows with the fonts, and is never less than a line."""
        advance = self.fonts.advance(font, advance)
        if glyphs:
            def make(t):
                return self.overlays.text(t, font, colour)
        else:
            def make(t):
                return self.text(t, font, colour)
        item = make(text)
        if item.get_width() <= col.room(item.get_height()):
            col.put(item, text, advance)
            return
        room = col.room(advance * (max_lines or 2))
        parts = self._fit(text, font, room, max_lines, lambda t: make(t).get_width())
        for part in parts:
            if col.put(make(part), part, advance) is None:
                return

    def _footer(self, target, message, x0, right, bottom):
        """The hint (or the last message) at the foot of the words, in up to
        two lines; returns the y of its first line."""
        colour = TEXT if message else DIM
        for hint in ([message] if message else [HINT, SHORT_HINT]):
            parts = self._fit(hint, self.small, right - x0, 2,
                              lambda t: render_text.width(self.small, t))
            if len(parts) == 1:
                break
        step = self.fonts.advance(self.small, 16)
        y = bottom - self.fonts.px(8) - self.small.get_height() - step * (len(parts) - 1)
        col = render_text.Column(target, x0, y, right, bottom, self.drawn_rects)
        for part in parts:
            col.put(self.text(part, self.small, colour), part, step)
        return y

    def draw_panel(self, target, state, world, cursor, fps, message, vp):
        """The panel's words, top-down in ``layout.text``: the title (when
        there is room), the surface and its formula (wrapped), the HUD, the
        readings at the cursor, the overlays, the lab's sections; the hint
        or the last message at the foot."""
        left, top, w, h = self.layout.text
        px = self.fonts.px
        if w < 40 or h < 40:
            return
        x0, right = left + px(16), left + w - px(16)
        if message or h >= px(420):             # a short panel keeps its room for the words
            foot = self._footer(target, message, x0, right, top + h)
        else:
            foot = top + h
        place = self.colorbar_place()
        band = narrow = None
        if place is not None:                    # lines beside the colorbar are narrower
            band = (place[1] - self.small.get_height() - px(6), place[1] + place[2] + px(12))
            narrow = place[0] - px(8)
        col = render_text.Column(target, x0, top + px(12), right, foot - px(6), self.drawn_rects,
                                 avoid=band, narrow_right=narrow)
        short = h < px(700)                     # a short text area keeps room for the race
        surface = world.surface
        if h >= px(420):
            col.put(self.text("Gradient Compass", self.title_font), "Gradient Compass",
                    self.fonts.advance(self.title_font, 34))
        self._lines(col, f"{surface.name}:  {surface.formula}", self.font, TEXT, 22,
                    8 if h >= px(480) else 3)
        if not (world.count and short) and h >= px(360):
            self._lines(col, surface.about, self.small, DIM, 16, 2)
        col.skip(px(8))
        self.lab_hud(target, col, state, world, fps)
        col.skip(px(8))
        plan = self.lab_plan(col, world, cursor is not None)
        readings = self._cursor_lines(surface, cursor)
        if plan is not None:
            readings = readings[:plan["cursor"]]
        for s in readings:
            self._lines(col, s, self.mono, TEXT, 20, 2, True)
        if cursor is None and (plan is None or plan["cursor"]):
            self._lines(col, "move the mouse over the map", self.small, DIM, 20, 1)
        if plan is None or plan["cursor"]:
            col.skip(px(6))
        on = [o for o in OVERLAYS if o in state.overlays]
        if len(on) > 3:
            on = [OVERLAY_KEYS[o] for o in on]
        if on or not (plan and plan["rows"] and short):   # the keys hint gives way to a race
            self._lines(col, "overlays: " + (", ".join(on) if on else "none (keys V D L P K J)"),
                        self.small, DIM, 18, 2)
        if state.view is not None:
            self._lines(col, "zoomed: Home resets the view", self.small, DIM, 22, 1)
        elif plan is None:
            col.skip(px(22))
        if plan is not None:
            # where the lab's sections go; a retained panel (game.panel_retained)
            # may leave them to the next frame when no slice plots follow them
            self.lab_span, self.lab_from_index = (col.y, col.bottom), len(self.drawn_rects)
            if getattr(self, "lab_defer", False) and not (cursor is not None
                                                          and "slices" in state.overlays):
                self.lab_pending = ((col.x, col.y, col.right, col.bottom, col.avoid,
                                     col.narrow_right), plan, band, narrow)
            else:
                self.lab_sections(target, col, plan, band, narrow)
        if cursor is not None and "slices" in state.overlays and not col.full:
            # The plots may reach under the colorbar once their boxes start
            # below it (only their titles sit beside it).
            box_top = col.y + self.small.get_linesize() + 2
            room = (right if band is None or box_top >= band[1] else narrow) - x0
            used = self.overlays.draw_insets(target, surface, cursor, state.overlays,
                                             (x0, col.y, room, col.bottom - col.y),
                                             self.drawn_rects)
            if not used:
                self._lines(col, "(the slice plots need a taller window)", self.small, DIM,
                            18, 2)

    def colorbar_width(self) -> int:
        """The colorbar's width: its strip, ticks and widest label, and a margin."""
        return self.fonts.px(35) + render_text.width(self.small, COLORBAR_LABEL)

    def colorbar_place(self):
        """Where the colorbar goes: ``(left, top, height)`` at the top right
        of the panel's words, or None when they are too short for it (never
        for their width: beside it, lines are narrower)."""
        left, top, w, h = self.layout.text
        px = self.fonts.px
        height = min(px(240), h - px(200), h // 3 - px(20))
        bar_w = self.colorbar_width()
        if w < bar_w + px(180) or h < px(360) or height < px(60):
            return None
        return left + w - bar_w, top + px(120), height

    def draw_colorbar(self, target, surface) -> list:
        """The colorbar with its f values; returns the rects of its text."""
        place = self.colorbar_place()
        if place is None:
            return []
        x0, y0, height = place
        px = self.fonts.px
        scale = self.colour_scale(surface)
        key = ("colorbar", height, scale, self.fonts.scale)
        strip_w, pad = px(16), px(6)
        entry = self._sprites.get(key)
        if entry is None:
            # one colorbar kept: each typed function has its own scale
            for k in [k for k in self._sprites if k[0] == "colorbar"]:
                del self._sprites[k]
            lab_h = self.small.get_height()
            n_ticks = max(min(5, 1 + (height - 1) // (lab_h + 1)), 2)   # labels never touch
            strip, ticks = field.colorbar(scale, height, n_ticks)
            bar = pygame.Surface((self.colorbar_width(), height + 2 * pad), pygame.SRCALPHA)
            col = pygame.surfarray.make_surface(np.repeat(strip[None, :, :], strip_w, axis=0))
            bar.blit(col, (0, pad))
            rects = []
            for row, value in ticks:
                pygame.draw.line(bar, TEXT, (strip_w, row + pad), (strip_w + px(5), row + pad))
                text = words.short(value, 3)
                label = render_text.render(self.small, text, TEXT)
                at = (strip_w + px(9), min(max(row + pad - lab_h // 2, 0), height + 2 * pad - lab_h))
                r = pygame.Rect(at, label.get_size())
                if rects and rects[-1][0].colliderect(r):
                    continue          # log-spaced values can sit closer than a line: tick only
                bar.blit(label, at)
                rects.append((r, text))
            entry = self._sprites[key] = (bar, rects)
        bar, rects = entry
        target.blit(bar, (x0, y0))
        label = "f (log)" if surface.log_color else "f"
        name = self.text(label, self.small, DIM)
        name_y = y0 - self.small.get_height() - px(4)
        target.blit(name, (x0, name_y))
        return [("colorbar", r.move(x0, y0), t) for r, t in rects] + \
            [("colorbar", pygame.Rect((x0, name_y), name.get_size()), label),
             ("graphic", pygame.Rect(x0, y0, strip_w + px(6), height + 2 * pad), "colour strip")]
