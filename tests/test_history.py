"""The per-tick history: bounded series, the floor, the probe's distances, export,
and recording inside the fixed tick (independent of frame timing)."""
import csv
import io

import numpy as np
import pytest

from game import surfaces
from game.clock import FixedStep
from game.history import History
from game.world import World

BOWL = surfaces.get("bowl")


@pytest.mark.parametrize("capacity, n", [(4, 9), (8, 100), (16, 1000), (1024, 3000)])
def test_decimation_keeps_multiples_of_the_stride_and_stays_bounded(capacity, n):
    h = History(f_star=0.0, capacity=capacity)
    for k in range(n):
        h.record([("gd", 7, k, 1.0 / (k + 1))])
    s = h.series[0]
    # the stride is the smallest power of two whose multiples below n fit the capacity
    stride = 1
    while (n - 1) // stride + 1 > capacity:
        stride *= 2
    assert s.stride == stride
    assert s.steps.tolist() == list(range(0, n, stride))
    np.testing.assert_array_equal(s.f, 1.0 / (s.steps + 1))
    steps, f = s.points()
    assert steps[-1] == n - 1 and f[-1] == 1.0 / n          # the newest point is always there
    assert len(s.steps) <= capacity


def test_series_follow_the_tracked_balls_and_repeat_steps_are_ignored():
    h = History(f_star=1.0)
    h.record([("gd", 1, 0, 5.0), ("adam", 2, 0, 4.0)])
    h.record([("gd", 1, 0, 5.0), ("adam", 2, 0, 4.0)])
    h.record([("gd", 1, 1, 3.0), ("adam", 2, 1, 2.0)])
    assert [s.id for s in h.series] == [1, 2]
    assert h.series[0].steps.tolist() == [0, 1]
    np.testing.assert_array_equal(h.gap(h.series[1]), [3.0, 1.0])
    h.record([("nesterov", 3, 0, 9.0)])          # a new race: old series go
    assert [s.id for s in h.series] == [3]


def test_unknown_minimum_plots_f_minus_the_lowest_seen():
    h = History(f_star=None)
    assert not h.f_star_known
    h.record([("gd", 1, 0, 2.5), ("adam", 2, 0, -1.0)])
    h.record([("gd", 1, 1, -3.0), ("adam", 2, 1, 0.5)])
    assert h.floor == -3.0
    np.testing.assert_array_equal(h.gap(h.series[0]), [5.5, 0.0])
    np.testing.assert_array_equal(h.gap(h.series[1]), [2.0, 3.5])


def test_export_rows_and_csv():
    h = History(f_star=0.5)
    h.record([("gd", 4, 0, 2.0)])
    h.record([("gd", 4, 1, 0.1 + 0.2)])
    rows = list(csv.reader(io.StringIO(h.to_csv())))
    assert rows[0] == ["optimizer", "id", "step", "f", "gap"]
    assert rows[2] == ["gd", "4", "1", repr(0.1 + 0.2), repr(0.1 + 0.2 - 0.5)]
    assert h.rows()[0] == ("gd", 4, 0, 2.0, 1.5)


def test_distance_window_restarts_with_a_new_probe():
    h = History(window=3)
    for k, d in enumerate([8.0, 4.0, 2.0, 1.0]):
        h.record_distance("gd", 1, k, d)
    assert h.distances.tolist() == [4.0, 2.0, 1.0]
    h.record_distance("gd", 1, 3, 0.5)           # same step again: ignored
    assert h.distances.tolist() == [4.0, 2.0, 1.0]
    h.record_distance("adam", 2, 0, 3.0)
    assert h.distances.tolist() == [3.0]


def test_world_records_f_of_each_racer_at_every_step():
    w = World(BOWL)
    w.race([1.5, -1.2], ["gd", "momentum", "adam"])
    w.run(25)
    assert {s.id for s in w.history.series} == {i for _, i in w.racers}
    for s in w.history.series:
        steps, f = s.points()
        assert steps.tolist() == list(range(26))
        assert f[-1] == w.ball(s.id)["f"]
    gd = next(s for s in w.history.series if s.name == "gd")
    # GD with the bowl's lr: x_k = (1.5·(1 − 2η)^k, −1.2·(1 − 10η)^k), f = x² + 5y²
    eta = w.hyper("gd")["lr"]
    k = np.arange(26)
    np.testing.assert_allclose(gd.f, (1.5 * (1 - 2 * eta) ** k) ** 2 + 5 * (1.2 * (1 - 10 * eta) ** k) ** 2,
                               rtol=1e-12)


def test_outside_a_race_the_newest_ball_of_each_rule_is_followed():
    w = World(BOWL, "gd")
    w.spawn([1.0, 1.0])
    second = int(w.spawn([0.5, 0.5])[0])
    third = int(w.spawn([0.2, 0.2], optimizer="adam")[0])
    w.run(3)
    assert sorted(s.id for s in w.history.series) == [second, third]


def test_history_does_not_depend_on_frame_timing():
    def drive(frame_times, total=240):
        w = World(BOWL)
        clock = FixedStep(tick=1 / 60)
        frames = iter(frame_times)
        spawned = False
        while w.ticks < total:
            n, _ = clock.advance(next(frames))
            for _ in range(n):
                if w.ticks == 30 and not spawned:
                    w.race([1.7, 1.1], ["gd", "momentum", "nesterov", "adam"])
                    spawned = True
                if w.ticks < total:
                    w.tick()
        return w.history.to_csv(), w.history.distances
    rng = np.random.default_rng(5)
    a = drive(iter(lambda: 1 / 30, None))
    b = drive(iter(lambda: 1 / 144, None))
    c = drive(iter(lambda: float(rng.choice([0.001, 0.01, 0.05, 0.3])), None))
    assert a[0] == b[0] == c[0] and a[0].count("\n") > 4 * 200
    assert np.array_equal(a[1], b[1]) and np.array_equal(a[1], c[1])


def test_measured_rate_of_gradient_descent_on_the_bowl_is_max_one_minus_eta_lambda():
    # GD on x² + 5y² (λ = 2, 10) with η = 0.05: the error shrinks by max(|1 − 0.1|, |1 − 0.5|) = 0.9
    w = World(BOWL, "gd", hyper={"gd": {"lr": 0.05}})
    w.spawn([1.0, 0.8])
    w.run(260)      # d_k ≈ 0.9^k: below the rounding floor (1e-11) after about 240 steps
    assert len(w.history.distances) == w.history.window
    assert 1e-11 < w.history.distances[-1] < 1e-11 / 0.9 ** 2
    assert w.history.measured_rate() == pytest.approx(0.9, rel=1e-3)
    assert w.x_star.tolist() == [0.0, 0.0]


def test_no_distances_without_a_constant_hessian():
    w = World(surfaces.get("rosenbrock"), "gd")
    w.spawn([-1.0, 1.0])
    w.run(10)
    assert w.x_star is None and len(w.history.distances) == 0
    assert w.f_star == 0.0 and w.history.f_star_known


def test_rates_for_the_theory_panel_on_the_bowl():
    # bowl: λ = 2, 10. Heavy ball lr 0.01, μ 0.81: z² − (1.81 − 0.01λ)z + 0.81; for
    # λ = 2 and 10 the discriminant is negative, so both roots have |z| = √0.81 = 0.9.
    w = World(BOWL, "momentum", hyper={"momentum": {"lr": 0.01, "momentum": 0.81}})
    w.spawn([1.0, 0.8])
    w.run(300)
    r = w.rates()
    assert r["eigenvalues"] == (2.0, 10.0)
    assert r["theory"] == pytest.approx(0.9, rel=1e-12)
    assert r["measured"] == pytest.approx(0.9, rel=0.01)
    kappa = 5.0
    q = (kappa ** 0.5 - 1) / (kappa ** 0.5 + 1)
    assert r["optimal"]["lr"] == pytest.approx(4 / (10 ** 0.5 + 2 ** 0.5) ** 2)
    assert r["optimal"]["momentum"] == pytest.approx(q * q) and r["optimal"]["rate"] == pytest.approx(q)
    assert r["limit"] == pytest.approx((2 + 2 * 0.81) / 10)
    assert w.rates("adam")["theory"] is None and w.rates("adam")["measured"] is None
    assert World(surfaces.get("rosenbrock")).rates() is None
