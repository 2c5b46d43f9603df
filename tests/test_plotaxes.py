"""The loss plot's arithmetic (pure numpy, no window): the log range with
zeros and negatives clipped, the ticks, decimation that keeps each pixel
column's extremes, and the theoretical-rate line."""
import math

import numpy as np
import pytest
from fuzz_settings import fuzz_settings
from hypothesis import given
from hypothesis import strategies as hs

from game import plotaxes as pa


def positives(a, floor=pa.FLOOR):
    a = np.asarray(a, float)
    return a[np.isfinite(a) & (a > 0)]


@fuzz_settings(60)
@given(hs.lists(hs.one_of(hs.floats(-1e3, 1e30), hs.just(0.0), hs.just(float("nan")),
                          hs.floats(1e-300, 1e-10)), min_size=1, max_size=40))
def test_log_range_holds_every_positive_value_in_whole_decades(values):
    got = pa.log_range([np.array(values)])
    pos = positives(values)
    if pos.size == 0:
        assert got is None
        return
    lo, hi = got
    assert isinstance(lo, int) and isinstance(hi, int) and lo < hi
    top = max(pos.max(), pa.FLOOR)
    bottom = max(pos.min(), pa.FLOOR)
    assert 10.0 ** hi >= top * (1 - 1e-12)                 # the largest value is inside
    assert 10.0 ** (hi - 1) < top or hi - lo == 1          # ... and the top is tight
    if hi - lo < pa.MAX_DECADES:                           # not cut to the decade budget
        assert 10.0 ** lo <= bottom * (1 + 1e-12)
        assert 10.0 ** (lo + 1) > bottom or hi - lo == 1
    assert hi - lo <= pa.MAX_DECADES


def test_log_range_clips_zeros_negatives_and_values_below_the_floor():
    assert pa.log_range([np.array([0.0, -5.0, np.nan, np.inf])]) is None
    # 1e-300 only stretches the range down to the floor, 1e-16
    assert pa.log_range([np.array([3.0, 1e-300])]) == (-16, 1)
    # several series: the union of their ranges
    assert pa.log_range([np.array([0.5]), np.array([2e-7, 0.0])]) == (-7, 0)
    v = np.array([10.0, 1.0, 0.0, -3.0, np.nan, 1e-20, np.inf])
    np.testing.assert_array_equal(pa.clip_log(v, -8, 0), [0.0, 0.0, -8, -8, -8, -8, 0.0])


@pytest.mark.parametrize("lo, hi", [(-3, 0), (-16, 1), (-40, 5), (0, 1), (-200, -150)])
@pytest.mark.parametrize("n", [2, 3, 5, 8, 30])
def test_decade_ticks_are_evenly_spaced_multiples_within_the_range(lo, hi, n):
    ticks = pa.decade_ticks(lo, hi, n)
    assert 1 <= len(ticks) <= n
    assert all(lo <= t <= hi for t in ticks)
    if len(ticks) > 1:
        steps = {b - a for a, b in zip(ticks, ticks[1:])}
        assert len(steps) == 1
        step = steps.pop()
        assert all(t % step == 0 for t in ticks)
        # the finest step of the list that fits: the one before it gives too many ticks
        finer = [s for s in (1, 2, 3, 4, 5, 6, 8, 10, 12, 15, 20, 25, 50, 100) if s < step]
        for s in finer:
            assert len([t for t in range(lo, hi + 1) if t % s == 0]) > n


@fuzz_settings(60)
@given(lo=hs.integers(-10_000, 10_000), span=hs.integers(1, 10**7), n=hs.integers(1, 20))
def test_step_ticks_are_nice_and_cover_the_range(lo, span, n):
    hi = lo + span
    ticks = pa.step_ticks(lo, hi, n)
    step = pa.nice_step(span, n)
    mant = step / 10 ** math.floor(math.log10(step))
    assert round(mant, 9) in (1, 2, 5)
    assert span / step <= n + 1e-9
    assert len(ticks) <= n + 1
    near = range(math.floor(lo / step) - 2, math.ceil(hi / step) + 3)
    want = [m * step for m in near if lo <= m * step <= hi]           # every multiple inside
    assert len(ticks) == len(want) and ticks == pytest.approx(want, rel=1e-12, abs=1e-12)
    if lo == 0:                                             # the plot's case: 0 is a tick
        assert ticks[0] == 0 and hi - ticks[-1] < step


def test_labels_read_as_numbers():
    for e in range(-20, 20):
        assert float(pa.decade_label(e)) == pytest.approx(10.0 ** e)
    for k in (0, 7, 999, 1000, 1500, 20000, 250000, 3_000_000, 12_500_000):
        text = pa.step_label(k)
        value = float(text.rstrip("kM")) * {"k": 1e3, "M": 1e6}.get(text[-1], 1)
        assert value == pytest.approx(k, rel=5e-3)


def column_extremes(x, y, x0, x1, columns):
    """Per pixel column: (min, max) of y, written out with a loop."""
    out = {}
    for xi, yi in zip(x, y):
        c = min(max(int(math.floor((xi - x0) * columns / (x1 - x0))), 0), columns - 1)
        lo, hi = out.get(c, (math.inf, -math.inf))
        out[c] = (min(lo, yi), max(hi, yi))
    return out


@fuzz_settings(80)
@given(steps=hs.lists(hs.floats(-3, 3), min_size=1, max_size=3000),
       columns=hs.integers(1, 300), seed=hs.integers(0, 2**16))
def test_decimation_keeps_each_columns_extremes_ends_and_order(steps, columns, seed):
    rng = np.random.default_rng(seed)
    y = np.cumsum(steps)                                   # a random walk, like a loss curve
    x = np.cumsum(rng.integers(1, 4, y.size)).astype(float)
    keep = pa.decimate(x, y, x[0], x[-1], columns)
    assert np.all(np.diff(keep) > 0)                       # sorted, unique
    assert keep[0] == 0 and keep[-1] == y.size - 1          # the ends
    if y.size <= 4 * columns:
        assert keep.size == y.size                          # few points: all of them
    else:
        assert keep.size <= 4 * columns                     # at most four per column
    if x[-1] > x[0]:
        assert column_extremes(x[keep], y[keep], x[0], x[-1], columns) == \
            column_extremes(x, y, x[0], x[-1], columns)
    assert y[keep].min() == y.min() and y[keep].max() == y.max()


def test_decimation_of_a_million_points_is_bounded_and_keeps_a_spike():
    x = np.arange(1_000_000, dtype=float)
    y = -x / 1e5
    y[654_321] = 50.0                                      # one spike in a smooth descent
    keep = pa.decimate(x, y, 0, x[-1], 400)
    assert keep.size <= 1600 and 654_321 in keep


@pytest.mark.parametrize("rho", [0.9, 0.5, 0.999, 1.0, 1.2])
@pytest.mark.parametrize("gap0", [1.0, 37.0, 1e-3])
def test_rate_line_follows_rho_squared_per_step_inside_the_axes(rho, gap0):
    lo, hi, k_end = -12, 2, 400
    line = pa.rate_line(5, gap0, rho, k_end, lo, hi)
    assert line is not None
    (ka, ea), (kb, eb) = line
    assert 5 <= ka < kb <= k_end
    for k, e in ((ka, ea), (kb, eb)):
        assert lo - 1e-9 <= e <= hi + 1e-9
        # f − f* after k − 5 steps: gap0 · (ρ²)^(k − 5)
        assert e == pytest.approx(math.log10(gap0 * (rho * rho) ** (k - 5)), abs=1e-9)
    assert ka == 5                                          # starts at the anchor (inside)
    if rho < 1 and math.log10(gap0) + 2 * (k_end - 5) * math.log10(rho) < lo:
        assert eb == pytest.approx(lo)                      # cut where it leaves the bottom


def test_rate_line_edge_cases():
    assert pa.rate_line(0, 0.0, 0.5, 100, -8, 0) is None           # nothing to anchor at
    assert pa.rate_line(0, 1.0, float("nan"), 100, -8, 0) is None
    assert pa.rate_line(0, 1e3, 0.5, 100, -8, 0) == \
        ((pytest.approx(3 / (2 * math.log10(2))), 0.0),
         (pytest.approx(11 / (2 * math.log10(2))), -8.0))            # enters from above
    assert pa.rate_line(0, 1.0, 0.0, 100, -8, 0) == ((0.0, 0.0), (1.0, -8.0))   # Newton, lr = 1
    assert pa.rate_line(50, 1.0, 0.5, 50, -8, 0) is None            # no steps to draw


def test_dashes_lie_on_the_segment_and_add_up():
    p0, p1 = (3.0, 4.0), (63.0, 84.0)                       # length 100
    pieces = pa.dashes(p0, p1, 6, 4)
    assert len(pieces) == 10
    total = sum(math.dist(a, b) for a, b in pieces)
    assert total == pytest.approx(60)
    for a, b in pieces:
        for p in (a, b):                                    # on the line 4x − 3y = 0
            assert 4 * (p[0] - 3) - 3 * (p[1] - 4) == pytest.approx(0, abs=1e-9)
    assert pa.dashes((1, 1), (1, 1)) == []
