"""The side panel, the help card and the function editor: pygame text.

A mixin of :class:`game.render.Renderer`: it uses the renderer's fonts, text
cache, layout, sprites and overlay painter.
"""
from __future__ import annotations

import numpy as np
import pygame

from . import calculus, field
from .optimizers import MODE_LABELS
from .overlays import KEYS as OVERLAY_KEYS
from .overlays import OVERLAYS

PANEL_BG = (22, 24, 30)
TEXT = (225, 228, 235)
DIM = (150, 155, 165)
ERROR_RGB = (255, 110, 100)

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


class PanelPainter:
    """Everything drawn in words: the panel, the colorbar, help and editor."""

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
        clip = target.get_clip()
        target.set_clip(box.inflate(-2, -2))     # long hints stay inside the box
        try:
            self._editor_text(target, state, box)
        finally:
            target.set_clip(clip)

    def _editor_text(self, target, state, box):
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
            # Small windows get the small font and tighter rows, so every line fits.
            fits = self.layout.size[1] >= 72 + 24 * len(HELP)
            row = 24 if fits else max(14, (self.layout.size[1] - 60) // len(HELP))
            keyf, textf = (self.mono, self.font) if fits else (self.small, self.small)
            key_w = max(keyf.size(k)[0] for k, _ in HELP) + 24
            text_w = max(textf.size(t)[0] for _, t in HELP)
            menu = [(surface_key(i), n) for i, n in enumerate(names())]
            menu_x = 18 + key_w + text_w + 40
            menu_w = keyf.size("M" * 9)[0] + max(textf.size(n)[0] for _, n in menu) + 24
            w = min(menu_x + menu_w, self.layout.size[0] - 20)
            h = min(52 + row * len(HELP), self.layout.size[1] - 20)
            card = pygame.Surface((max(w, 10), max(h, 10)), pygame.SRCALPHA)
            card.fill((10, 12, 18, 250))
            card.blit(self.title_font.render("Keys and mouse", True, TEXT), (18, 8))
            for i, (key, what) in enumerate(HELP):
                card.blit(keyf.render(key, True, (255, 200, 90)), (18, 44 + row * i))
                card.blit(textf.render(what, True, TEXT), (18 + key_w, 44 + row * i))
            card.blit(self.title_font.render("Surfaces", True, TEXT), (menu_x, 8))
            for i, (key, name) in enumerate(menu):
                card.blit(keyf.render(f"{key:8}", True, (255, 200, 90)), (menu_x, 44 + row * i))
                card.blit(textf.render(name, True, TEXT),
                          (menu_x + keyf.size("M" * 9)[0], 44 + row * i))
            card.blit(self.small.render("E: type your own f(x, y)", True, DIM),
                      (menu_x, 44 + row * len(menu) + 8))
            self._sprites[("help", self.layout.size)] = card
        x = (self.layout.size[0] - card.get_width()) // 2
        y = (self.layout.size[1] - card.get_height()) // 2
        target.blit(card, (x, y))
