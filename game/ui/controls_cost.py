"""What the clickable controls cost a frame: ``python -m game.ui.controls_cost``
prints the median and 99th percentile (wall and CPU) of sync + update + draw
at 1280 × 800, off-screen: in frames where nothing happens (the controls
rest), and in frames that each bring an event (they are woken every frame:
what every frame cost before they could rest)."""
from __future__ import annotations

import os

import pygame

from .. import state as st
from .controls_panel import build


def frame_cost(size=(1280, 800), frames: int = 600, state: st.State | None = None,
               woken: bool = False) -> dict:
    """Milliseconds of one frame's ``sync`` + ``update`` + ``draw`` of the
    controls, off-screen: median and 99th percentile of wall and CPU time
    over ``frames`` frames (the state unchanged, as in most frames; with
    ``woken``, an event that no control takes reaches them every frame)."""
    import time
    os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
    panel = build(size, state or st.State(surface="rosenbrock", race=True, contours=True))
    state = panel._synced
    target = pygame.Surface(size)
    wall, cpu = [], []
    nudge = pygame.event.Event(pygame.USEREVENT)
    for _ in range(frames):
        t0, c0 = time.perf_counter(), time.thread_time()
        if woken:
            panel.process_event(nudge)
        panel.sync(state)
        panel.update(1 / 60)
        panel.draw(target)
        wall.append(time.perf_counter() - t0)
        cpu.append(time.thread_time() - c0)
    out = {"size": list(size), "frames": frames, "woken": woken}
    for name, times in (("wall", sorted(wall)), ("cpu", sorted(cpu))):
        out[f"{name}_median_ms"] = round(1e3 * times[len(times) // 2], 3)
        out[f"{name}_p99_ms"] = round(1e3 * times[int(len(times) * 0.99)], 3)
    return out


if __name__ == "__main__":
    import json
    print(json.dumps(frame_cost()))
    print(json.dumps(frame_cost(woken=True)))
