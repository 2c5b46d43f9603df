"""The legend: one row per racer (or per rule's newest ball), as a table.

Pygame only. Each row: the ball's sprite in its rule's colour, the rule's
name, its current f, its step count, its status (the step at which it
reached the minimum, "diverged", or why it stopped) and its
hyperparameters. The table fits the width it is given: hyperparameters go
on a second line, or are shortened with "…", and statuses take their short
forms ("min @120", "singular H") when the panel is narrow; rows that do not
fit the height are left out and counted ("+2 more").

The table is drawn into a cached picture that is rebuilt only when a cell
changes, so a frame costs one blit however many frames pass between ticks.
"""
from __future__ import annotations

import pygame

from .. import render_text
from .paint import TextCache, ball_sprite

TEXT = (225, 228, 235)
DIM = (150, 155, 165)
WARN = (255, 130, 110)
GOOD = (150, 225, 170)
GAP = 6                       # between columns, in pixels at scale 1
SWATCH = 18                   # the sprite's column, at scale 1
HEADERS = ("optimizer", "f", "step", "status", "hyperparameters")
KIND_COLOUR = {"converged": GOOD, "diverged": WARN, "stopped": WARN, "running": TEXT}


class Legend:
    """Draws :func:`game.ui.words.legend_rows` as a table (see the module)."""

    def __init__(self, font, background, scale: float = 1.0):
        self.font = font
        self.background = tuple(background)
        self.cells = TextCache(font)
        self.line_h = font.get_linesize()
        self.row_h = self.line_h + max(int(round(2 * scale)), 1)
        self.gap = max(int(round(GAP * scale)), 2)
        self.swatch = max(int(round(SWATCH * scale)), 12)
        self.radius = max(int(round(5 * scale)), 3)
        self._key = None
        self._pic = None
        self._rects: list = []
        self._sprites: dict = {}
        self._plans: dict = {}
        self.builds = 0               # pictures drawn (the rest of the frames are one blit)

    # --- layout -----------------------------------------------------------------
    def plan(self, rows, width: int, two_lines: bool = True) -> dict:
        """:meth:`layout`, remembered for the last few tables."""
        key = (tuple((r["label"], r["f"], r["steps"], r["status"], r["short"], r["hyper"])
                     for r in rows), int(width), bool(two_lines))
        plan = self._plans.get(key)
        if plan is None:
            if len(self._plans) > 16:
                self._plans.clear()
            plan = self._plans[key] = self.layout(rows, width, two_lines)
        return dict(plan)

    def layout(self, rows, width: int, two_lines: bool = True) -> dict:
        """Column positions for ``rows`` in ``width`` pixels: ``x`` (the left
        of each column: name, f, step, status, hyper), ``status`` ("status"
        or "short": which status text), ``hyper`` ("inline", "below",
        "elided" or None) and ``hyper_w`` (its room)."""
        w = self.cells.width
        name_w = max([w(HEADERS[0])] + [w(r["label"]) for r in rows])
        f_w = max([w("1.23e-05")] + [w(r["f"]) for r in rows])
        step_w = max([w("9999")] + [w(r["steps"]) for r in rows])
        hyper_need = max([w(r["hyper"]) for r in rows] + [w(HEADERS[4])])
        choices = []
        for key in ("status", "short"):
            st_w = max([w(HEADERS[3])] + [w(r[key]) for r in rows])
            fixed = self.swatch + name_w + self.gap + f_w + self.gap + step_w + self.gap + st_w
            choices.append((key, fixed))
        plan = None
        for mode in ("inline", "below"):           # one line per row first, then two
            for key, fixed in choices:
                room = fixed + self.gap + hyper_need if mode == "inline" else fixed
                if plan is None and room <= width and (mode == "inline" or two_lines):
                    plan = (key, fixed, mode)
        if plan is None:
            key, fixed = choices[1]
            plan = (key, fixed, "elided" if fixed + self.gap + 4 * self.swatch <= width else None)
        key, fixed, hyper = plan
        xs = [self.swatch, self.swatch + name_w + self.gap]
        xs.append(xs[1] + f_w + self.gap)
        xs.append(xs[2] + step_w + self.gap)
        xs.append(fixed + self.gap)
        hyper_w = width - (self.swatch if hyper == "below" else xs[4])
        return {"x": xs, "f_w": f_w, "step_w": step_w, "status": key, "hyper": hyper,
                "hyper_w": max(hyper_w, 0), "width": width}

    def height(self, rows, width: int, two_lines: bool = True) -> int:
        """The height the whole table takes (header included)."""
        if not rows:
            return 0
        per = 2 if self.plan(rows, width, two_lines)["hyper"] == "below" else 1
        return self.row_h * (1 + per * len(rows))

    # --- drawing ----------------------------------------------------------------
    def draw(self, target, pos, width: int, max_height: int, rows, record,
             two_lines: bool = True) -> int:
        """The table at ``pos`` in at most ``width × max_height``; every text
        and sprite drawn is appended to ``record``; returns the height used."""
        if not rows or width < 60 or max_height < self.row_h:
            return 0
        if self.height(rows, width, two_lines) > max_height:
            two_lines = False
        key = (tuple(tuple(sorted(r.items())) for r in rows), int(width), int(max_height),
               two_lines)
        if key != self._key:
            self._build(rows, int(width), int(max_height), two_lines)
            self._key = key
        x0, y0 = int(pos[0]), int(pos[1])
        target.blit(self._pic, (x0, y0))
        record.extend((g, r.move(x0, y0), t) for g, r, t in self._rects)
        return self._pic.get_height()

    def _sprite(self, colour):
        s = self._sprites.get(colour)
        if s is None:
            s = self._sprites[colour] = ball_sprite(colour, self.radius)
        return s

    def _build(self, rows, width, max_height, two_lines):
        self.builds += 1
        plan = self.plan(rows, width, two_lines)
        per = 2 if plan["hyper"] == "below" else 1
        n_lines = max_height // self.row_h
        header = n_lines >= 1 + per
        if not header and per == 2:
            plan["hyper"], per = None, 1
        capacity = (n_lines - 1) // per if header else n_lines
        shown = rows if len(rows) <= capacity else rows[:max(capacity - 1, 0)]
        more = len(rows) - len(shown)
        lines = int(header) + per * len(shown) + (1 if more else 0)
        pic = pygame.Surface((width, max(lines, 1) * self.row_h))
        pic.fill(self.background)
        self._rects = rects = []
        xs = plan["x"]

        def put(text, colour, x, y, room, right=False):
            text = render_text.elide(text, room, self.cells.width)
            if not text:
                return
            s = self.cells(text, colour)
            px = x + room - s.get_width() if right else x
            pic.blit(s, (px, y))
            rects.append(("panel", pygame.Rect((px, y), s.get_size()), text))

        widths = [xs[1] - xs[0] - self.gap, plan["f_w"], plan["step_w"],
                  min(xs[4] - self.gap, width) - xs[3]]
        y = 0
        if header:
            for i, head in enumerate(HEADERS[:4]):
                put(head, DIM, xs[i], y, widths[i], right=i in (1, 2))
            if plan["hyper"] in ("inline", "elided"):
                put(HEADERS[4], DIM, xs[4], y, plan["hyper_w"])
            y += self.row_h
        for r in shown:
            spr = self._sprite(r["colour"])
            sy = y + (self.line_h - spr.get_height()) // 2
            pic.blit(spr, (0, sy))
            rects.append(("graphic", pygame.Rect((0, sy), spr.get_size()), r["name"]))
            cells = (r["label"], r["f"], r["steps"], r[plan["status"]])
            for i, text in enumerate(cells):
                colour = KIND_COLOUR[r["kind"]] if i == 3 else TEXT
                put(text, colour, xs[i], y, widths[i], right=i in (1, 2))
            if plan["hyper"] in ("inline", "elided"):
                put(r["hyper"], DIM, xs[4], y, plan["hyper_w"])
            elif plan["hyper"] == "below":
                y += self.row_h
                put(r["hyper"], DIM, self.swatch, y, plan["hyper_w"])
            y += self.row_h
        if more:
            put(f"{more} more (a taller window shows them)", DIM, self.swatch, y, width - self.swatch)
        self._pic = pic
