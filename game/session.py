"""The model of one run of the app: a :class:`Session` holds the state, the
world, the fixed-step clock and the cursor, and carries out Actions
(``dispatch``); also how the state reaches the world (:func:`sync_world`) and
the S key's screenshot. pygame only for the screenshot's pixels; no window.
"""
from __future__ import annotations

import time
from dataclasses import dataclass, field as dc_field, replace
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pygame

from . import basin, controls, optim, tuning
from . import state as st
from .clock import FixedStep
from .world import World

if TYPE_CHECKING:
    from .render import Renderer

TICK_HZ = st.SPEED_DEFAULT
MESSAGE_SECONDS = 4.0
QUIT_WINDOW = 2.0                 # seconds within which a second Esc quits
QUIT_TOAST = "press {} again to quit"   # the key pressed: Esc or Q


def clock_for(speed: int) -> FixedStep:
    """The fixed-step clock for ``speed`` ticks per second of real time. The
    tick cap per frame grows with the speed (960 ticks/s needs 16 a frame at
    60 fps; the cap allows frames down to 10 fps) and keeps its purpose: a
    stalled frame drops its backlog instead of chasing it.

    >>> clock_for(960).max_ticks, clock_for(60).max_ticks, clock_for(1).tick
    (96, 15, 1.0)
    """
    return FixedStep(tick=1.0 / speed, max_ticks=max(15, speed // 10))


@dataclass
class Session:
    """The model of one run of the app: state, world, clock, cursor."""

    state: st.State
    world: World
    clock: FixedStep = dc_field(default_factory=lambda: clock_for(TICK_HZ))
    cursor: tuple | None = None        # world point under the mouse
    alpha: float = 1.0
    running: bool = True
    message: str = ""
    message_until: float = 0.0
    log: bool = False
    quit_armed_until: float = float("-inf")   # a second Esc before this quits

    @classmethod
    def start(cls, state: st.State, balls=None, steps: int = 0, cursor=None, log=False):
        world = World(st.surface_of(state), state.optimizer)
        sync_world(world, state)
        if balls is not None and len(balls):
            if state.race:
                for p in balls:
                    world.race(p)
            else:
                world.spawn(np.asarray(balls, float).T)
        world.run(steps)
        return cls(state, world, clock=clock_for(state.speed), cursor=cursor, log=log)

    def say(self, text: str, now: float | None = None, seconds: float = MESSAGE_SECONDS) -> None:
        self.message = text
        self.message_until = (time.monotonic() if now is None else now) + seconds
        if self.log:
            print(text, flush=True)

    def viewport(self, renderer: Renderer):
        return renderer.viewport(self.world.surface, self.state.view)

    def _to_world_units(self, action: st.Action, renderer: Renderer | None):
        """Actions in pixels (zoom, pan) → the same actions in world units."""
        if renderer is None:
            return None
        vp = self.viewport(renderer)
        if action.name == controls.ZOOM_AT_PIXEL:
            px, py, factor = action.arg
            if not vp.contains_screen(px, py):
                left, top, w, h = vp.rect
                px, py = left + w / 2, top + h / 2
            x, y = vp.to_world((px, py))
            return st.Action(st.ZOOM, (float(x), float(y), factor))
        dx, dy = action.arg
        return st.Action(st.PAN, (-dx / vp.scale, dy / vp.scale))

    def _compile(self) -> st.Action:
        """The editor's text → SET_CUSTOM, or EDIT_FAIL with where it went wrong.

        ``f ; xmin,xmax,ymin,ymax`` also sets the domain; without it the
        current surface's domain is kept."""
        from . import expr
        text = self.state.editing or ""
        formula, _, dom_text = text.partition(";")
        try:
            domain = expr.parse_domain(dom_text) if dom_text.strip() else self.world.surface.domain
        except expr.ExprError as exc:
            pos = None if exc.position is None else exc.position + len(formula) + 1
            return st.Action(st.EDIT_FAIL, (f"domain: {exc.reason}", pos))
        try:
            surface = st.custom_surface(formula, domain)
        except expr.ExprError as exc:
            return st.Action(st.EDIT_FAIL, (exc.reason, exc.position))
        return st.Action(st.SET_CUSTOM, (surface.extra["text"], surface.domain))

    def dispatch(self, action: st.Action, renderer: Renderer | None = None, target=None,
                 now: float | None = None) -> None:
        """Carry out ``action``: update the state, then the world.

        ``now`` is the time in seconds (default ``time.monotonic()``) that
        Esc's two-press quit and the messages are timed by."""
        if action.name in (controls.ZOOM_AT_PIXEL, controls.PAN_PIXELS):
            action = self._to_world_units(action, renderer)
            if action is None:
                return
        if action.name == controls.EDIT_CLICK:      # a click on a character of the field
            index = None if renderer is None or self.state.editing is None else \
                renderer.editor_index_at(action.arg[:2])
            if index is None:
                return
            action = st.Action(st.EDIT_PLACE, (index, action.arg[2]))
        if action.name == st.EDIT_SUBMIT and self.state.editing is not None:
            action = self._compile()
        if action.name in (st.EDIT_COPY, st.EDIT_CUT) and self.state.editing is not None:
            chosen = st.edit_field(self.state).selected
            if chosen:
                controls.put_clipboard(chosen)
        old = self.state
        new = st.apply(old, action)
        w = self.world
        if (new.surface, new.expr, new.domain) != (old.surface, old.expr, old.domain):
            w.set_surface(st.surface_of(new))
            new = replace(new, hyper=tuning.without_lr(new.hyper))   # the new surface's lrs
            self.cursor = None
            if self.log:
                print(f"surface {w.surface.name}: {w.surface.formula}, η = "
                      f"{st.hyper_of(new)['lr']:g}", flush=True)
        self.state = new
        sync_world(w, new)
        if self.log and new.surface == old.surface and new.expr == old.expr:
            lr = st.hyper_of(new)["lr"]
            if new.optimizer != old.optimizer or lr != st.hyper_of(old)["lr"]:
                print(f"optimizer {new.optimizer}: lr η = {lr:g}", flush=True)
        if new.speed != old.speed:
            self.clock = clock_for(new.speed)
        name = action.name
        if name == st.APPLY_OPTIMAL:
            self.say(optimal_message(new))
        if name == st.BACK:
            self._back(old, time.monotonic() if now is None else now, action.arg)
        elif self.quit_armed_until > float("-inf"):     # anything else between two Escs
            self._disarm()
        if name == st.QUIT:
            self.running = False
        elif name == st.CLEAR:
            w.clear()
        elif name == st.STEP:
            w.tick()
            self.alpha = 1.0
        elif name == st.SPAWN and renderer is not None:
            vp = self.viewport(renderer)
            if vp.contains_screen(*action.arg):
                p = vp.to_world(action.arg)
                ids = w.race(p) if new.race else w.spawn(p)
                if self.log and len(ids):
                    b = w.ball(int(ids[0]))
                    what = f"race of {len(ids)}" if new.race else "ball"
                    print(f"spawned {what} at ({b['x']:.4f}, {b['y']:.4f}): "
                          f"{', '.join(n for n, _ in w.racers) if new.race else b['optimizer']}",
                          flush=True)
        elif name == st.BASIN_GRID and renderer is not None:
            grid = basin.drop(w, self.viewport(renderer).view, basin.GRID)
            self.say(f"basins: {grid.size:,} balls of {optim.get(grid.rule).label}, each coloured "
                     "by where it comes to rest")
        elif name == st.SCREENSHOT and target is not None:
            self.say(save_screenshot(target))

    def _back(self, old: st.State, now: float, key=None) -> None:
        """Esc or Q: ``apply`` closed the editor or the help card if one was
        open; with nothing open the first press asks, a second (of either key)
        within QUIT_WINDOW seconds quits. Any other action in between starts
        the count again."""
        if old.editing is not None or old.help:
            self._disarm()
        elif now <= self.quit_armed_until:
            self.running = False
        else:
            self.quit_armed_until = now + QUIT_WINDOW
            self.say(QUIT_TOAST.format(key or "Esc"), now, QUIT_WINDOW)

    def _disarm(self) -> None:
        """Withdraw the offer to quit, and its toast."""
        self.quit_armed_until = float("-inf")
        if self.message in (QUIT_TOAST.format("Esc"), QUIT_TOAST.format("Q")):
            self.message = ""

    def advance(self, elapsed: float) -> int:
        """Let ``elapsed`` seconds of real time pass; return the ticks run.
        An empty world's time stands still: the tick count is the balls'
        simulated time since the first ball (after R or a new surface)."""
        if self.state.paused:
            return 0
        n, self.alpha = self.clock.advance(elapsed)
        if not self.world.count:
            return 0
        self.world.run(n)
        return n


def sync_world(world: World, state: st.State) -> None:
    """Give ``world`` what ``state`` chose: the rule for new balls, every
    rule's hyperparameters (acting at once on its balls), the race set."""
    world.set_optimizer(state.optimizer)
    surface = world.surface
    for name in optim.names():
        hp = tuning.hyper_of(state.hyper, name, surface)
        if hp != world.groups[name].hyper:
            world.set_hyper(name, **hp)
    world.race_set = state.race_set


def optimal_message(state: st.State) -> str:
    """What O did, in one line."""
    rule = optim.get(state.optimizer)
    values, why = tuning.optimal_values(rule.name, st.surface_of(state))
    if values is None:
        return f"O: {why}"
    return f"{rule.label}: optimal " + ", ".join(f"{k} = {v:.4g}" for k, v in values.items())


def save_screenshot(target, directory: Path | None = None) -> str:
    """Save ``target`` as a PNG in ``directory`` (default: the current one);
    return a line that says where it went, or why it could not."""
    directory = Path.cwd() if directory is None else Path(directory)
    stamp = time.strftime("%Y%m%d-%H%M%S")
    path = directory / f"gradient-compass-{stamp}.png"
    k = 1
    while path.exists():
        path = directory / f"gradient-compass-{stamp}-{k}.png"
        k += 1
    from . import png
    try:
        w, h = target.get_size()
        data = png.encode(np.frombuffer(pygame.image.tobytes(target, "RGB"), np.uint8)
                          .reshape(h, w, 3))
        with open(path, "xb") as out:         # never over a file that appeared meanwhile
            try:
                out.write(data)
            except OSError:
                out.close()
                path.unlink(missing_ok=True)    # whole or not at all
                raise
    except (pygame.error, OSError, MemoryError, ValueError) as exc:
        return f"screenshot failed: {exc or 'out of memory'}"
    return f"screenshot saved: {path}"
