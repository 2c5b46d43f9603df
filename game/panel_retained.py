"""The side panel's words as a retained picture: pygame only.

A mixin of :class:`game.render.Renderer` (it uses ``layout``,
``drawn_rects``, :meth:`game.panel.PanelPainter.draw_panel` and
:meth:`game.ui.lab_panel.LabPanelPainter.lab_sections`).

The picture is drawn anew

* at once when the user's choices changed (the ``chosen`` key of
  :func:`panel_keys`: the state but the view's place, the message, the
  world's surface, rule, racers and hyperparameters) or the window did;
* when only the tick-driven numbers moved (the ``moving`` key: ticks,
  balls, the fps shown, the cursor), at most once per ``panel_interval``
  seconds (1/60 s: a display's rate), so it is never more than one
  interval (and, for the legend, theory lines and plot, two frames)
  behind the world.

Otherwise a frame blits it, with the rectangles it recorded.

A refresh of the numbers alone is done in three frames, so that no frame
pays for the whole panel: the first draws everything down to the lab's
sections (title, formula, HUD, cursor readings, overlays line) and keeps
the last picture's legend, theory lines and loss plot where they were; the
next draws the legend and the theory lines in their place, keeping the
last plot; the third draws the plot. That needs the sections to start and
end where they did (else they are drawn with the rest), a frame with a
refresh due does the refresh instead, and neither the sections nor the
plot are held back twice in a row: with frames slower than the interval,
every frame is a refresh, and they must still move on.
"""
from __future__ import annotations

import dataclasses
import time
import weakref

import pygame

from . import render_text
from .state import State

PANEL_INTERVAL = 1 / 60      # the panel's numbers refresh at most this often (s)
_STATE_FIELDS = tuple(f.name for f in dataclasses.fields(State) if f.name != "view")


def panel_keys(state, world, cursor, fps, message):
    """What the panel's words show, as two keys: ``(chosen, moving)`` (see
    the module). Of the view only whether there is one counts (the panel
    says "zoomed"), so a pan or a zoom does not draw it anew."""
    hyper = tuple((name, tuple(g.hyper.items())) for name, g in world.groups.items())
    chosen = (tuple(getattr(state, f) for f in _STATE_FIELDS), state.view is None, message,
              id(world), world.surface, world.optimizer, world.racers, world.race_set, hyper)
    moving = (world.ticks, world.count, world._next_id,
              None if not fps else round(fps),
              None if cursor is None else (float(cursor[0]), float(cursor[1])))
    return chosen, moving


class RetainedPanel:
    """:meth:`draw_panel_retained` (see the module)."""

    def init_retained(self) -> None:
        self.panel_interval = PANEL_INTERVAL
        self.panel_clock = time.perf_counter
        self.panel_redraws = 0        # pictures drawn anew (first parts of a two-frame refresh too)
        self.forget_panel()

    def forget_panel(self) -> None:
        """Draw the next panel whole (a new window or fonts)."""
        self._panel_pic = None
        self._left_on = None          # (weak target, version): the picture is still there
        self._version = 0             # counts the picture's changes
        self.lab_defer = False        # read by draw_panel: leave the lab's sections to us
        self.lab_pending = None       # what draw_panel left: (column, plan, band, narrow)
        self._plot_owed = False       # a loss plot held back whose frame has not come

    def draw_panel_retained(self, target, state, world, cursor, fps, message, vp, base=None):
        """The panel's words, from the kept picture or drawn anew (see the
        module). ``base``, when given, is the frame's background, not yet
        under the panel's rect. Returns whether anything was drawn anew."""
        left, top, w, h = self.layout.text
        rect = pygame.Rect(left, top, w, h).clip(target.get_rect())
        chosen, moving = panel_keys(state, world, cursor, fps, message)
        now = self.panel_clock()
        pic = self._panel_pic
        same = pic is not None and pic["rect"] == rect and pic["chosen"] == chosen
        due = not same or (pic["moving"] != moving and now - pic["at"] >= self.panel_interval)
        if same and pic["lab"] is not None and base is not None and not due:
            target.blit(pic["picture"], rect.topleft)      # the second frame of a refresh
            self._draw_lab(target, pic, base)
            return True
        if same and pic["plot"] is not None and not due:
            target.blit(pic["picture"], rect.topleft)      # the third: the loss plot
            self._draw_plot(target, pic)
            return True
        if not due and pic["lab"] is None and pic["plot"] is None:
            left_on = self._left_on
            if left_on is None or left_on[0]() is not target or left_on[1] != self._version:
                target.blit(pic["picture"], rect.topleft)
            self.drawn_rects.extend(pic["rects"])
            return False
        if base is not None:
            target.blit(base, rect.topleft, rect)
        first = len(self.drawn_rects)
        self.lab_defer = same and base is not None and self.panel_interval > 0 \
            and pic["lab"] is None
        self.lab_pending = self.lab_span = None
        try:
            self.draw_panel(target, state, world, cursor, fps, message, vp)
        finally:
            self.lab_defer = False
        self.panel_redraws += 1
        lab, span = self.lab_pending, self.lab_span
        lab_from = (self.lab_from_index if span is not None else len(self.drawn_rects)) - first
        if lab is not None:
            if pic["lab_span"] == span:           # the last sections, in their place, a frame more
                part = self._span(rect, span)
                target.blit(pic["picture"], part.topleft, part.move(-rect.x, -rect.y))
                self.drawn_rects.extend(pic["rects"][pic["lab_from"]:])
            else:                                 # they moved: draw them now
                self.lab_sections(target, self._column(target, lab[0]), *lab[1:])
                lab = None
        if lab is None:
            self._plot_owed = False               # the plot, if any, is drawn whole
        picture = pic["picture"] if pic is not None and pic["picture"].get_size() == rect.size \
            else pygame.Surface(rect.size, 0, target)
        picture.blit(target, (0, 0), rect)
        self._version += 1
        self._panel_pic = {"rect": rect, "chosen": chosen, "moving": moving, "at": now,
                           "picture": picture, "rects": self.drawn_rects[first:], "lab": lab,
                           "lab_from": lab_from, "lab_span": span, "plot": None}
        return True

    def panel_left_on(self, target) -> None:
        """Tell that the frame just drawn on ``target`` ends with the panel's
        picture untouched (None: something was drawn over it), so that the
        next frame on the same target, the picture unchanged, need not blit
        it again. The target's clip must be the whole target."""
        ok = target is not None and target.get_clip() == target.get_rect() \
            and self._panel_pic is not None
        self._left_on = (weakref.ref(target), self._version) if ok else None

    @staticmethod
    def _span(rect, span):
        """The panel's rows from ``span = (top, bottom)``, as a rect."""
        return pygame.Rect(rect.x, span[0], rect.w, span[1] - span[0]).clip(rect)

    def _column(self, target, geometry, rects=None):
        x, y, right, bottom, avoid, narrow_right = geometry
        return render_text.Column(target, x, y, right, bottom,
                                  self.drawn_rects if rects is None else rects,
                                  avoid=avoid, narrow_right=narrow_right)

    def _draw_lab(self, target, pic, base) -> None:
        """The second frame of a refresh: the lab's sections drawn in their
        place on the background, into the frame and the kept picture."""
        geometry, plan, band, narrow = pic["lab"]
        rect = pic["rect"]
        part = self._span(rect, pic["lab_span"])
        target.blit(base, part.topleft, part)
        keep, new = self.drawn_rects, []
        self.drawn_rects = new
        plot = self.lossplot
        plot.hold = not self._plot_owed           # the plot waits a frame, never two refreshes
        try:
            self.lab_sections(target, self._column(target, geometry, new), plan, band, narrow)
        finally:
            self.drawn_rects = keep
            plot.hold = False
        pic["picture"].blit(target, part.move(-rect.x, -rect.y), part)
        self._version += 1
        pic["rects"] = pic["rects"][:pic["lab_from"]] + new
        pic["lab"] = None
        self._plot_owed = plot.held is not None
        pic["plot"] = (plot.held, plan["world"], plot.last_rects) if self._plot_owed else None
        self.drawn_rects.extend(pic["rects"])

    def _draw_plot(self, target, pic) -> None:
        """The third frame of a refresh: the loss plot held back by the
        second, drawn in its place with the world as it is now."""
        (left, top, w, h), world, old = pic["plot"]
        pic["plot"], self._plot_owed = None, False
        new: list = []
        self.lossplot.draw(target, (left, top, w, h), world, new, world.rates())
        if new and self.lossplot.held is None:    # (nothing to plot now: the next refresh says so)
            rect = pic["rect"]
            area = pygame.Rect(left, top, w, h).clip(rect)
            pic["picture"].blit(target, area.move(-rect.x, -rect.y), area)
            self._version += 1
            stale = {id(r) for r in old}
            pic["rects"] = [r for r in pic["rects"] if id(r) not in stale] + new
        self.drawn_rects.extend(pic["rects"])
