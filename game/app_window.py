"""The app's window: opened only where it can be seen, never smaller than the
layout is made for.

* :func:`open_window` makes a resizable ``pygame.Window`` with its minimum
  size set to :data:`MIN_SIZE`, the smallest size at which every line of the
  panel, the help card and the editor fits (the layout tests check it);
* it refuses, in one line (:class:`WindowError`), to run where nobody can see
  it: no display at all, or a display SDL could not reach and replaced by its
  invisible "offscreen" or "dummy" driver without being asked to.
"""
from __future__ import annotations

import contextlib
import os
import sys
import tempfile
import time

import pygame

from .render import ASSETS

from .flags import MIN_SIZE              # the smallest window the layout is made for
HIDDEN_DRIVERS = ("offscreen", "dummy")   # SDL drivers that show nothing


class WindowError(RuntimeError):
    """No window can be opened here: its text is the one line the user sees."""


def load_icon():
    try:
        return pygame.image.load(str(ASSETS / "icon.png"))
    except (pygame.error, FileNotFoundError):
        return None


def check_display() -> None:
    """On Linux, refuse to start an invisible window when there is no display."""
    env = os.environ
    if sys.platform.startswith("linux") and not env.get("SDL_VIDEODRIVER") \
            and not (env.get("DISPLAY") or env.get("WAYLAND_DISPLAY")):
        raise WindowError("no display to open a window on (DISPLAY is not set); headless runs "
                          "take --screenshot, --trajectory or --probe")


@contextlib.contextmanager
def held_stderr():
    """Hold back what is written on file descriptor 2 (by SDL, X or Wayland
    libraries too) while the display starts; yields a list that, after the
    block, holds that text."""
    said: list[str] = []
    with tempfile.TemporaryFile() as held:
        try:
            saved = os.dup(2)
        except OSError:                       # no stderr at all: nothing to hold
            yield said
            return
        sys.stderr.flush()
        os.dup2(held.fileno(), 2)
        try:
            yield said
        finally:
            sys.stderr.flush()
            os.dup2(saved, 2)
            os.close(saved)
            held.seek(0)
            said.append(held.read().decode(errors="replace"))


def start_display() -> str:
    """Start SDL's video and return its driver's name. A driver that shows
    nothing ("offscreen", "dummy") is only accepted when the user asked for
    it with SDL_VIDEODRIVER: SDL falls back to it silently when the display
    cannot be reached (``DISPLAY=:99`` with no X server there). That is
    tried twice (once under load it was a passing fault), then refused."""
    asked = os.environ.get("SDL_VIDEODRIVER", "").strip().lower()
    for attempt in range(2):
        try:
            pygame.display.init()       # no audio: the app makes no sound
        except pygame.error as exc:
            raise WindowError(f"cannot open a window: {exc}") from None
        driver = pygame.display.get_driver()
        if driver not in HIDDEN_DRIVERS or asked:
            return driver
        pygame.display.quit()
        time.sleep(0.2)
    where = os.environ.get("WAYLAND_DISPLAY") or os.environ.get("DISPLAY") or "none"
    raise WindowError(f"cannot open a window: the display ({where}) cannot be reached; "
                      "headless runs take --screenshot, --trajectory or --probe")


def open_window(size) -> "pygame.Window":
    """The app's resizable window, at least MIN_SIZE, its minimum size set
    so that the window manager keeps it there. Messages that the display's
    libraries print on the way are shown only if the window opens."""
    check_display()
    size = (max(int(size[0]), MIN_SIZE[0]), max(int(size[1]), MIN_SIZE[1]))
    with held_stderr() as said:
        try:
            start_display()
            window = pygame.Window("Gradient Compass", size, resizable=True)
            window.minimum_size = MIN_SIZE
        except (WindowError, pygame.error) as exc:
            pygame.quit()
            if isinstance(exc, WindowError):
                raise
            raise WindowError(f"cannot open a window: {exc}") from None
    if said and said[0]:
        sys.stderr.write(said[0])
    icon = load_icon()
    if icon is not None:
        window.set_icon(icon)
    return window
