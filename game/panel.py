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
from .panel_cards import CardPainter
from .ui.lab_panel import LabPanelPainter
from .overlays import KEYS as OVERLAY_KEYS
from .overlays import OVERLAYS

PANEL_BG = (22, 24, 30)
TEXT = (225, 228, 235)
DIM = (150, 155, 165)
ERROR_RGB = (255, 110, 100)

HINT = "H: help    E: type your own f    click: spawn a ball"
SHORT_HINT = "H: help    E: your own f    click: spawn"
CURVATURE_WORDS = {"bowl": "bowl (positive definite)", "dome": "dome (negative definite)",
                   "saddle": "saddle (indefinite)", "flat": "flat (degenerate)"}


def num(v: float, width: int = 5) -> str:
    """A signed number in at most ``width`` significant digits, or 'undefined'."""
    return f"{v + 0.0:+.{width}g}" if np.isfinite(v) else "undefined"


def coord(v: float) -> str:
    """A coordinate: 4 decimals, or 5 significant digits when huge or tiny."""
    v = float(v) + 0.0
    return f"{v:+.4f}" if v == 0 or 1e-3 <= abs(v) < 1e6 else num(v)


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
        f"x = {coord(p[0])}   y = {coord(p[1])}",
        f"f = {num(fv, 6)}",
        f"∇f = ({num(g[0])}, {num(g[1])})",
        f"|∇f| = {num(math.hypot(float(g[0]), float(g[1])))}",
        f"H = [{num(H[0, 0])} {num(H[0, 1])}]",
        f"    [{num(H[1, 0])} {num(H[1, 1])}]",
        "curvature: " + CURVATURE_WORDS.get(kind, "undefined"),
    ]


class PanelPainter(CardPainter, LabPanelPainter):
    """Everything drawn in words: the panel and the colorbar (and, through
    :class:`game.panel_cards.CardPainter`, the help card and the editor; the
    optimizer lab's HUD, legend, theory and loss plot through
    :class:`game.ui.lab_panel.LabPanelPainter`)."""

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

    def _lines(self, col, text, font, colour, advance, max_lines=None, glyphs=False):
        """``text`` in ``col``: one line when it fits, else wrapped into at
        most ``max_lines``. ``glyphs`` draws from cached glyphs (for lines
        whose numbers change every frame)."""
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
        """The hint (or the last message) at the panel's foot, in up to two
        lines; returns the y of its first line."""
        colour = TEXT if message else DIM
        for hint in ([message] if message else [HINT, SHORT_HINT]):
            parts = self._fit(hint, self.small, right - x0, 2,
                              lambda t: render_text.width(self.small, t))
            if len(parts) == 1:
                break
        y = bottom - 24 - 16 * (len(parts) - 1)
        col = render_text.Column(target, x0, y, right, bottom, self.drawn_rects)
        for part in parts:
            col.put(self.text(part, self.small, colour), part, 16)
        return y

    def draw_panel(self, target, state, world, cursor, fps, message, vp):
        left, top, w, h = self.layout.panel
        if w < 40 or h < 40:
            return
        x0, right = left + 16, left + w - 16
        foot = self._footer(target, message, x0, right, top + h)
        place = self.colorbar_place()
        band = narrow = None
        if place is not None:                    # lines beside the colorbar are narrower
            band, narrow = (place[1] - 18, place[1] + place[2] + 12), place[0] - 8
        col = render_text.Column(target, x0, top + 14, right, foot - 6, self.drawn_rects,
                             avoid=band, narrow_right=narrow)
        surface = world.surface
        col.put(self.text("Gradient Compass", self.title_font), "Gradient Compass", 34)
        self._lines(col, f"{surface.name}:  {surface.formula}", self.font, TEXT, 22, 2)
        if not (world.count and h < 700):   # a short panel keeps room for the race
            self._lines(col, surface.about, self.small, DIM, 16, 2)
        col.skip(8)
        self.lab_hud(target, col, state, world, fps)
        col.skip(8)
        plan = self.lab_plan(col, world)
        readings = cursor_lines(surface, cursor)
        if plan is not None:
            readings = readings[:plan["cursor"]]
        for s in readings:
            self._lines(col, s, self.mono, TEXT, 20, 2, True)
        if cursor is None and (plan is None or plan["cursor"]):
            self._lines(col, "move the mouse over the map", self.small, DIM, 20, 1)
        if plan is None or plan["cursor"]:
            col.skip(6)
        on = [o for o in OVERLAYS if o in state.overlays]
        if len(on) > 3:
            on = [OVERLAY_KEYS[o] for o in on]
        if on or not (plan and plan["rows"] and h < 700):   # the keys hint gives way to a race
            self._lines(col, "overlays: " + (", ".join(on) if on else "none (keys V D L P K J)"),
                        self.small, DIM, 18, 2)
        if state.view is not None:
            self._lines(col, "zoomed: Home resets the view", self.small, DIM, 22, 1)
        elif plan is None:
            col.skip(22)
        if plan is not None:
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

    def colorbar_place(self):
        """Where the colorbar goes: the panel's top-right corner, or nowhere
        when the panel is too narrow or short."""
        left, top, w, h = self.layout.panel
        height = min(240, h - 200, h // 4 - 20)
        if w < 400 or height < 60:
            return None
        return left + w - 96, top + 120, height

    def draw_colorbar(self, target, surface) -> list:
        """The colorbar with its f values; returns the rects of its text."""
        place = self.colorbar_place()
        if place is None:
            return []
        x0, y0, height = place
        scale = self.colour_scale(surface)
        key = ("colorbar", height, scale)
        entry = self._sprites.get(key)
        if entry is None:
            # one colorbar kept: each typed function has its own scale
            for k in [k for k in self._sprites if k[0] == "colorbar"]:
                del self._sprites[k]
            strip, ticks = field.colorbar(scale, height)
            bar = pygame.Surface((96, height + 12), pygame.SRCALPHA)
            col = pygame.surfarray.make_surface(np.repeat(strip[None, :, :], 16, axis=0))
            bar.blit(col, (0, 6))
            rects = []
            for row, value in ticks:
                pygame.draw.line(bar, TEXT, (16, row + 6), (21, row + 6))
                label = render_text.render(self.small, f"{value:.3g}", TEXT)
                bar.blit(label, (25, row))
                rects.append((pygame.Rect((25, row), label.get_size()), f"{value:.3g}"))
            entry = self._sprites[key] = (bar, rects)
        bar, rects = entry
        target.blit(bar, (x0, y0))
        label = "f (log)" if surface.log_color else "f"
        name = self.text(label, self.small, DIM)
        target.blit(name, (x0, y0 - 18))
        return [("colorbar", r.move(x0, y0), t) for r, t in rects] + \
            [("colorbar", pygame.Rect((x0, y0 - 18), name.get_size()), label),
             ("graphic", pygame.Rect(x0, y0, 22, height + 12), "colour strip")]
