"""The optimizer lab's part of the side panel: the HUD, and below the cursor
readings the legend, the theory beside measurement, and the loss plot.

A mixin of :class:`game.panel.PanelPainter` (it uses the renderer's fonts,
``_lines``, ``_fit`` and ``drawn_rects``). The legend and the plot are
composed painters (:class:`~game.ui.Legend`, :class:`~game.ui.LossPlot`)
with their own caches.

Room is shared out top-down: the HUD, then the cursor readings (all seven
lines, three, or none, whatever leaves the legend, the theory lines and a
plot of at least the plot's ``min_h`` pixels their room), then the legend,
the theory lines and the plot, which takes what is left. Every spacing is
given at scale 1 and grows with the fonts (``self.fonts``).
"""
from __future__ import annotations

from .. import optim
from .words import hyper_parts, legend_rows, theory_lines

TEXT = (225, 228, 235)
DIM = (150, 155, 165)
WARN = (255, 130, 110)
TONES = {"text": TEXT, "dim": DIM, "warn": WARN}
CURSOR_FULL, CURSOR_COMPACT = 7, 3          # cursor lines shown with room / when short of it
LINE = 20                                   # the HUD's and cursor's line advance (scale 1)
SMALL = 16                                  # a small line's advance (scale 1)
PLOT_MAX = 480                              # the plot's greatest height (scale 1)


def lab_status(state, world) -> dict:
    """The HUD's lab readings: ticks per second, race mode and the race set.

    Read from the state (``speed``, ``race``, ``race_set``; the world's race
    set when the state has none)."""
    race_set = getattr(state, "race_set", None) or getattr(world, "race_set", ())
    return {"speed": getattr(state, "speed", None), "race": getattr(state, "race", None),
            "race_set": tuple(race_set)}


class LabPanelPainter:
    """The HUD (:meth:`lab_hud`) and the lab's sections (:meth:`lab_sections`)."""

    # --- HUD --------------------------------------------------------------------
    def _after(self, target, rect, sprites, col):
        """Sprites in a row after the line ``rect``, as many as fit."""
        x = rect.right + self.fonts.px(8)
        for name in sprites:
            spr = self.sprite(name, target)
            if x + spr.get_width() > col.x + col.room(rect.h):
                break
            at = target.blit(spr, (x, rect.y + (rect.h - spr.get_height()) // 2))
            self.drawn_rects.append(("graphic", at, name))
            x += spr.get_width() + self.fonts.px(3)
        return x

    def _packed(self, col, parts, font, colour, advance, max_lines=2):
        """Parts joined by wide spaces, a new line between parts when needed."""
        measure = self.overlays.text
        lines, line = [], ""
        for part in parts:
            trial = f"{line}   {part}" if line else part
            if line and measure(trial, font, colour).get_width() > col.room(font.get_height()):
                lines.append(line)
                line = part
            else:
                line = trial
        lines.append(line)
        if len(lines) > max_lines:
            lines = lines[:max_lines - 1] + ["   ".join(lines[max_lines - 1:])]
        for text in lines:
            self._lines(col, text, font, colour, advance, 1, True)

    def _first_fit(self, col, variants, font):
        """The first of ``variants`` that fits the column on one line (else the last)."""
        for text in variants:
            if self.overlays.text(text, font, TEXT).get_width() <= col.room(font.get_height()):
                return text
        return variants[-1]

    def lab_hud(self, target, col, state, world, fps):
        """The optimizer for new balls with its colour and hyperparameters
        (torch's names, or only the symbols when narrow), race mode with the
        race set as its colours, the ball and tick counts, the speed."""
        mono = self.mono
        rule = optim.get(world.optimizer)
        text = f"optimizer  {rule.label}"
        line = self.fonts.advance(mono, LINE)
        rect = col.put(self.overlays.text(text, mono, TEXT), text, 0)
        if rect is not None:
            self._after(target, rect, [rule.name], col)
            col.skip(line)
        hp = world.hyper(rule.name)
        parts = hyper_parts(rule, hp)
        short = "  ".join(hyper_parts(rule, hp, names=False))
        tall = self.layout.text[3] >= self.fonts.px(700)    # room for a second line
        text = self._first_fit(col, ["   ".join(parts)] + ([] if tall else [short]), mono)
        if self.overlays.text(text, mono, TEXT).get_width() <= col.room(line):
            self._lines(col, text, mono, TEXT, LINE, 1, True)
        else:                                                 # torch's names on two lines
            self._packed(col, parts if tall else hyper_parts(rule, hp, names=False), mono,
                         TEXT, LINE)
        st = lab_status(state, world)
        if st["race"] is not None:
            text = "race  " + ("on" if st["race"] else "off")
            rect = col.put(self.overlays.text(text, mono, TEXT), text, 0)
            if rect is not None:
                self._after(target, rect, st["race_set"], col)   # the race set, as its colours
                col.skip(line)
        n, t, s = world.count, world.ticks, st["speed"]
        fps_text = "   fps " + (f"{fps:.0f}" if fps else "–")
        pause = "   PAUSED" if state.paused else ""
        speed = ("", "", "") if s is None else \
            (f"   speed {s:g} ticks/s", f"   speed {s:g}/s", f"  {s:g}/s")
        text = self._first_fit(col, [f"balls {n}   ticks {t}{speed[0]}{fps_text}{pause}",
                                     f"balls {n}   ticks {t}{speed[1]}{pause}",
                                     f"balls {n}  ticks {t}{speed[2]}{pause[1:]}"], mono)
        self._lines(col, text, mono, TEXT, LINE, 2, True)

    # --- the sections below the cursor readings ---------------------------------------
    def lab_plan(self, col, world, cursor_on: bool = True) -> dict:
        """What the lab shows and how many cursor lines leave it room: all
        seven when the legend, the full theory and the plot still fit, else
        three; with one ball (no race) and the cursor on the map
        (``cursor_on``) and no room for three beside the plot, the plot gives
        way to the readings (in a race, the readings give way)."""
        rows = legend_rows(world)
        room = col.right - col.x
        theories = [theory_lines(world), theory_lines(world, compact=True)]
        px = self.fonts.px
        legend_h = self.legend.height(rows, room, two_lines=False) + px(8) if rows else 0
        plot_h = self.lossplot.min_h + px(6) if rows else 0
        avail = col.bottom - col.y - self.fonts.advance(self.small, 24)   # the overlays line
        line = self.fonts.advance(self.mono, LINE)
        full_h = self._theory_height(theories[0], room)
        compact_h = self._theory_height(theories[1], room)
        cursor, plot = 0, bool(rows)
        if avail - legend_h - plot_h - full_h >= CURSOR_FULL * line + px(6):
            cursor = CURSOR_FULL
        elif avail - legend_h - plot_h - compact_h >= CURSOR_COMPACT * line + px(6):
            cursor = CURSOR_COMPACT
        elif len(rows) == 1 and cursor_on and \
                avail - legend_h - compact_h >= CURSOR_COMPACT * line + px(6):
            cursor, plot = CURSOR_COMPACT, False
        return {"world": world, "rows": rows, "rates": world.rates(), "theories": theories,
                "cursor": cursor, "plot": plot}

    def _theory_fit(self, lines, room):
        """Each line fitted to ``room`` in at most two lines."""
        return [self._fit(text, self.small, room, 2,
                          lambda t: self.overlays.text(t, self.small).get_width())
                for text, _ in lines]

    def _theory_height(self, lines, room) -> int:
        if not lines:
            return 0
        step = self.fonts.advance(self.small, SMALL)
        return sum(map(len, self._theory_fit(lines, room))) * step + self.fonts.px(6)

    def _theory_whole(self, lines, room) -> bool:
        """Whether every line fits in its two lines without being shortened."""
        return all(not (parts[-1].endswith("…") and not text.endswith("…"))
                   for parts, (text, _) in zip(self._theory_fit(lines, room), lines))

    def lab_sections(self, target, col, plan, band, narrow):
        """The legend, the theory lines and the loss plot, top-down in what is
        left of ``col``; beside the colorbar (``band``) they are narrower.
        The theory lines lose their heading, then take their compact form,
        when the plot would otherwise get less than its ``min_h``."""
        rows = plan["rows"]
        px = self.fonts.px
        min_h = self.lossplot.min_h

        def width(height):
            if band is not None and col.y < band[1] and col.y + height > band[0]:
                return narrow - col.x
            return col.right - col.x

        full, compact = plan["theories"]
        plot = rows and plan.get("plot", True)
        plot_h = min_h + px(6) if plot else 0
        theory_room = True
        if rows:
            col.skip(px(4))
            w = width(self.legend.height(rows, col.right - col.x))
            two = self.legend.height(rows, w, True) + self._theory_height(full, w) + \
                min_h + px(160) <= col.bottom - col.y
            # the legend leaves the plot and the compact theory their room: on
            # a short panel it shows fewer rows ("2 more"); shorter still, the
            # theory gives way, then the legend
            least = 3 * self.legend.row_h
            room = col.bottom - col.y - plot_h - px(8)
            if room - self._theory_height(compact, w) >= least:
                room -= self._theory_height(compact, w)
            else:
                theory_room = False
            if room >= least:
                h = self.legend.draw(target, (col.x, col.y), w, room, rows,
                                     self.drawn_rects, two)
                col.skip(h + px(4))
        w = width(60)
        theory = []
        for option in (full, full[1:], compact):
            if option and self._theory_height(option, w) + plot_h <= col.bottom - col.y \
                    and self._theory_whole(option, w):
                theory = option
                break
        else:
            if theory_room and self._theory_height(compact, w) + plot_h <= col.bottom - col.y:
                theory = compact
        for text, tone in theory:
            self._lines(col, text, self.small, TONES[tone], SMALL, 2, True)
        if plot:
            col.skip(px(6))
            h = min(col.bottom - col.y, px(PLOT_MAX))
            w = width(h)
            h = min(h, max(int(0.6 * w), min_h))
            used = self.lossplot.draw(target, (col.x, col.y, w, h), plan["world"],
                                      self.drawn_rects, plan["rates"])
            col.skip(used)
