"""The clickable controls' frame: pygame_gui updated and drawn only when
something may have changed, a retained picture of the block otherwise.

pygame_gui walks every widget twice a frame (hover, then update) and blits
each one again, about 0.35 ms at 1280 × 800, also in the frames, nearly all
of them, where nothing about the controls changes. :class:`ControlFrame`
(a part of :class:`~game.ui.controls_panel.ControlPanel`) lets them rest:

* it *wakes* on every event but a mouse motion (pygame_gui 0.6 acts on the
  mouse's position only in its update), on a ``sync`` that changed a widget,
  and when the mouse moved onto, off or over a control;
* awake, ``update`` runs pygame_gui's every frame, and the controls rest again
  only once nothing in them is driven by time: no tooltip waiting for its
  delay, no focused η entry (its caret blinks), no open drop-down, no held
  button or slider, no widget whose look is still being built or blended;
* resting, ``update`` only adds up the time, and the next time they wake
  pygame_gui first catches up with it (the mouse where those frames had it),
  so that its timers (a double click's) run as before;
* ``draw`` redraws the picture (block background, then pygame_gui's own
  ``draw_ui``'s blits) only when an update ran or something woke the controls
  since it was drawn, and otherwise blits it (15–50 µs for the block, warm or
  cold in the cache). While
  something is drawn outside the block (a tooltip, an open list) or the
  target has per-pixel alpha, it draws straight onto the target as before.
"""
from __future__ import annotations

import pygame

from .controls_block import BLOCK_BG
from .controls_widgets import menu_tips

SETTLE = 2          # updates run after a wake before the controls may rest


def _mouse_held() -> None:
    """Stands in for UIManager._update_mouse_position during a catch-up."""


class ControlFrame:
    """The panel's frame side: ``update(dt)`` and ``draw(target)``.

    Reads the panel's ``manager``, ``block``, ``shown``, ``lr_entry`` and
    ``menu_open``; the panel calls :meth:`_frame_reset` when it builds its
    widgets, :meth:`_wake` when ``sync`` changed one and :meth:`_event_seen`
    for every event it processes.
    """

    def _frame_reset(self) -> None:
        self._awake = SETTLE          # updates still to run before the controls may rest
        self._pending = 0.0           # seconds of the frames whose update was skipped
        self._stale = True            # the picture no longer shows the widgets
        self._picture = None
        self._picture_key = None
        self._hot = pygame.Rect(0, 0, 0, 0)   # where a control is: the mouse matters there
        self._mouse_seen = None
        self.updates_run = 0          # pygame_gui updates run (the tests count them)

    # --- waking ---------------------------------------------------------------
    @property
    def resting(self) -> bool:
        """Whether the controls rest: pygame_gui is neither updated nor drawn."""
        return self.shown and self._awake <= 0

    def _wake(self) -> None:
        """Something may change the controls: catch up with the skipped time
        first, then update for at least :data:`SETTLE` frames."""
        if self._pending:
            self._catch_up()
        self._awake = max(self._awake, SETTLE)
        self._stale = True

    def _catch_up(self) -> None:
        """The update the resting frames skipped, all at once, with the mouse
        where pygame_gui last saw it (where it was in those frames, or away
        from every control)."""
        dt, self._pending = self._pending, 0.0
        m = self.manager
        m._update_mouse_position = _mouse_held     # an instance attribute hides the method
        try:
            m.update(dt)
        finally:
            del m._update_mouse_position
        self.updates_run += 1
        menu_tips(self)

    def _event_seen(self, event) -> None:
        """An event is about to reach pygame_gui: anything but a mouse motion
        (which it does not act on) wakes the controls."""
        if event.type != pygame.MOUSEMOTION:
            self._wake()

    def _mouse_moved(self, pos) -> bool:
        """Whether the mouse, now at ``pos``, may hover something new: it is
        on a control now, or was when pygame_gui last looked."""
        self._mouse_seen = pos
        m = self.manager
        return self._hot.collidepoint(m.calculate_scaled_mouse_position(pos)) or \
            self._hot.collidepoint(m.get_mouse_position())

    def _at_rest(self) -> bool:
        """Whether nothing in the controls changes with time alone."""
        if self.lr_entry.is_focused or self.menu_open:
            return False
        group = self.manager.get_sprite_group()
        if group.should_update_visibility:
            return False
        for e in group.sprites():
            if e.hovered and e.tool_tip is None and e.tool_tip_text is not None:
                return False                 # its tooltip shows after a delay
            # held: a drag; pressed: a click's one frame; a caret on blinks off
            if getattr(e, "held", False) or getattr(e, "pressed", False) or \
                    getattr(e, "pressed_event", False) or getattr(e, "selection_in_progress", False) \
                    or getattr(e, "cursor_on", False) or getattr(e, "cursor_has_moved_recently", False) \
                    or getattr(e, "active_text_effect", None) is not None:
                return False
            shape = e.drawable_shape
            if shape is not None and (shape.states_to_redraw_queue or shape.need_to_clean_up
                                      or shape.should_trigger_full_rebuild
                                      or shape.active_state.transition is not None
                                      or shape.active_state.has_fresh_surface):
                return False
        return True

    def _hot_rect(self) -> pygame.Rect:
        root = self.manager.get_root_container()
        rects = [e.rect for e in self.manager.get_sprite_group().sprites()
                 if e is not root and e.visible]
        return rects[0].unionall(rects[1:]) if rects else pygame.Rect(0, 0, 0, 0)

    # --- the frame ---------------------------------------------------------------
    def update(self, dt: float) -> None:
        if not self.shown:
            return
        pos = pygame.mouse.get_pos()
        if pos != self._mouse_seen and self._mouse_moved(pos):
            self._wake()
        if self._awake <= 0:
            self._pending += dt
            return
        if self._pending:
            self._catch_up()
        self.manager.update(dt)
        self.updates_run += 1
        menu_tips(self)
        self._stale = True
        self._awake -= 1
        if self._awake <= 0:
            if self._at_rest():
                self._hot = self._hot_rect()
            else:
                self._awake = 1

    @property
    def covers(self):
        """The rect ``draw`` paints whole (the block, its background first),
        or None when the controls are not shown: the frame need not paint
        the background there."""
        return pygame.Rect(self.block) if self.shown and self.block.w and self.block.h else None

    @property
    def confined(self) -> bool:
        """Whether the last ``draw`` drew nothing outside the block (no
        tooltip, no open list)."""
        return not self.shown or self._picture is not None

    def draw(self, target) -> None:
        if not self.shown:
            return
        block = self.block
        if self._stale:
            self._stale = False
            if target.get_flags() & pygame.SRCALPHA or not self._inside(block):
                self._picture = None           # drawn outside the block: no picture of it
            else:
                key = (block.size, target.get_bitsize(), target.get_masks())
                if self._picture is None or self._picture_key != key:
                    self._picture = pygame.Surface(block.size, 0, target)
                    self._picture_key = key
                self._paint(self._picture, block)
        if self._picture is None:
            target.fill(BLOCK_BG, block)
            self.manager.draw_ui(target)
        else:
            target.blit(self._picture, block.topleft)

    def _paint(self, picture, block) -> None:
        """Draw the block on ``picture`` (the block's size) as pygame_gui's
        ``draw_ui`` draws it on the window: the same blits, moved by the
        block's corner (a picture of the block alone is about half as dear
        to blit as the block of a window-sized one)."""
        picture.fill(BLOCK_BG)
        x, y = block.topleft
        picture.blits([(image, (rect[0] - x, rect[1] - y), area, flags)
                       for image, rect, area, flags in self.manager.get_sprite_group().visible],
                      doreturn=False)

    def _inside(self, block) -> bool:
        """Whether pygame_gui draws nothing outside ``block``."""
        for image, rect, area, _ in self.manager.get_sprite_group().visible:
            w, h = image.get_size() if area is None else area.size
            if w and h and not block.contains((rect[0], rect[1], w, h)):
                return False
        return True
