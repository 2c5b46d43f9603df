"""Long runs that stop once they can teach nothing new: the world's state repeats.

The tick is a deterministic function of each ball's state: position, rule
state, stop code, its pin count up to ``PIN_TICKS`` (past that only the sticky
diverged mark matters), its marks, and, for a rule that reads the step count on
every step (Adam's bias correction), the step count (the SGD family reads it
only on step 1; ∇f and f are functions of the position). Once that whole state
repeats one seen after an earlier tick, every later tick repeats a tick already
run: whatever held after each tick up to then holds for ever.
"""
import numpy as np

from game.optim.tick import PIN_TICKS

STEP_FREE = ("gd", "momentum", "nesterov", "adagrad", "rmsprop", "newton")   # t read at most on step 1


def state_key(world) -> bytes:
    """Every ball's whole state, as bytes."""
    parts = []
    for g in world.nonempty():
        parts += [g.x, g.stopped, np.minimum(g.pins, PIN_TICKS), g.diverged, g.converged_at,
                  *g.state.values()]
        if g.rule.name not in STEP_FREE:
            parts.append(g.steps)
    return b"".join(a.tobytes() for a in parts)


def run_until_periodic(world, ticks: int, check=None) -> int:
    """Tick ``world`` up to ``ticks`` times, calling ``check()`` after each tick;
    stop early once the state repeats (see the module's doc). Returns the ticks run."""
    seen = set()
    for k in range(1, ticks + 1):
        world.tick()
        if check is not None:
            check()
        key = state_key(world)
        if key in seen:
            return k
        seen.add(key)
    return ticks
