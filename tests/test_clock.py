"""The fixed-step accumulator and frame-rate independence."""
import numpy as np
import pytest

from game import optim, surfaces
from game.app import clock_for
from game.clock import FixedStep
from game.world import World

TICK = 1.0 / 60.0
# (tick index, where) — balls spawn at fixed simulated times.
SPAWNS = [(0, (1.0, 0.8)), (7, (-1.5, 0.3)), (50, (0.2, -1.9)), (120, (1.9, 1.9))]
TOTAL_TICKS = 300


def simulate(frame_times, clock=None, race=False):
    """Drive a world with the given real frame durations, spawning on schedule
    (a race of all seven rules at each point when ``race``), until TOTAL_TICKS
    ticks have run; return the positions."""
    world = World(surfaces.get("bowl"), "momentum",
                  hyper={"momentum": {"lr": 0.02, "momentum": 0.9}})
    clock = FixedStep(tick=TICK) if clock is None else clock
    pending = list(SPAWNS)
    frames = iter(frame_times)
    while world.ticks < TOTAL_TICKS:
        n, alpha = clock.advance(next(frames))
        assert 0.0 <= alpha <= 1.0
        for _ in range(n):
            while pending and pending[0][0] == world.ticks:
                point = pending.pop(0)[1]
                world.race(point, optim.names()) if race else world.spawn(point)
            if world.ticks < TOTAL_TICKS:
                world.tick()
    return world.x.copy()


def test_bit_identical_at_30hz_144hz_and_jittery_frames():
    at30 = simulate(iter(lambda: 1 / 30, None))
    at144 = simulate(iter(lambda: 1 / 144, None))
    rng = np.random.default_rng(7)
    jitter = simulate(iter(lambda: float(rng.choice([0.001, 0.004, 0.016, 0.033, 0.07, 0.3])), None))
    assert at30.shape == (2, len(SPAWNS))
    assert np.array_equal(at30, at144)
    assert np.array_equal(at30, jitter)


def test_ticks_follow_elapsed_time():
    c = FixedStep(tick=0.01)
    total = sum(c.advance(0.0037)[0] for _ in range(1000))
    assert total in (369, 370)  # 3.7 s of 10 ms ticks


def test_frame_clamp_and_tick_cap_prevent_a_death_spiral():
    c = FixedStep(tick=0.01, max_frame=0.25, max_ticks=10)
    n, alpha = c.advance(5.0)           # a 5 s stall
    assert n == 10                      # capped, not 500 (nor the clamped 25)
    assert 0.0 <= alpha < 1.0
    assert c.accumulator < c.tick       # the backlog was dropped
    n, _ = c.advance(0.0)
    assert n == 0


@pytest.mark.parametrize("bad", [-1.0, float("nan"), 0.0])
def test_bad_elapsed_runs_no_tick(bad):
    c = FixedStep(tick=0.01)
    assert c.advance(bad) == (0, 0.0)


def test_alpha_is_fraction_of_a_tick():
    c = FixedStep(tick=0.0625)
    assert c.advance(0.0625 * 3.25) == (3, pytest.approx(0.25))


@pytest.fixture(scope="module")
def race_reference():
    """The races at 60 frames a second on the default clock (the same for every speed)."""
    return simulate(iter(lambda: 1 / 60, None), race=True)


@pytest.mark.parametrize("speed", [1, 60, 960])
def test_bit_identical_at_every_speed_under_any_frame_timing(speed, race_reference):
    """Only the ticks per second of real time change with the speed: the same
    spawns (races of all seven rules) over the same ticks give the same bits."""
    reference = race_reference
    tick = 1.0 / speed
    steady = simulate(iter(lambda: tick, None), clock_for(speed), race=True)
    rng = np.random.default_rng(speed)
    jitter = simulate(iter(lambda: float(rng.choice([0.0004, 0.003, 0.016, 0.05, 0.3])) * 60 * tick,
                           None), clock_for(speed), race=True)
    assert reference.shape == (2, 7 * len(SPAWNS))
    assert np.array_equal(reference, steady) and np.array_equal(reference, jitter)


def test_clock_for_a_speed_runs_that_many_ticks_a_second():
    for speed in (1, 5, 60, 960):
        c = clock_for(speed)
        total = sum(c.advance(1 / 60)[0] for _ in range(600))      # 10 s at 60 fps
        assert total in (10 * speed - 1, 10 * speed)
