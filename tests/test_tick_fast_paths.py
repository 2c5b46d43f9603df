"""The tick's shortcuts give the answers of the checks they stand for.

The guard asks first whether a sum over the step and the state is finite and
looks element by element only when it is not; convergence is judged only when
the lowest f could have reached f*; Adam's bias corrections skip the sort for a
few balls. Each case here is one where a shortcut could go wrong: a finite
state whose sum overflows, a NaN beside a ball that arrived, repeated and
mixed step counts."""
import math

import numpy as np

from game import optim, surfaces
from game.optim.adaptive import bias_corrections
from game.optim.tick import NOT_YET, STOP_NONE, Balls, _judge, advance, bounds


def test_a_finite_state_whose_sum_overflows_is_not_an_overflow():
    bowl = surfaces.get("bowl")
    b = Balls(optim.get("adagrad"), {"lr": 0.1, "eps": 1e-10}, bowl, [[1.0, -0.5], [0.8, 0.25]])
    b.state["sum"][...] = 1.5e308                       # finite; the sum of all four is inf
    x0, g0 = b.x.copy(), b.grad.copy()
    advance(b, bowl, bounds(bowl), f_star=0.0)
    assert b.stopped.tolist() == [STOP_NONE, STOP_NONE] and not b.diverged.any()
    assert b.steps.tolist() == [1, 1]
    # s + g·g rounds back to 1.5e308 (g·g is far below its ulp); then x + (−η·g)/(√s + ε)
    want = [[x + (-0.1 * g) / (math.sqrt(1.5e308) + 1e-10) for x, g in zip(xr, gr)]
            for xr, gr in zip(x0.tolist(), g0.tolist())]
    assert b.x.tolist() == want


def test_an_overflowing_state_still_stops_the_ball():
    bowl = surfaces.get("bowl")
    b = Balls(optim.get("adagrad"), {"lr": 0.1, "eps": 1e-10}, bowl, [[1.0, -0.5], [0.8, 0.25]])
    b.state["sum"][:, 1] = np.inf
    x0 = b.x.copy()
    advance(b, bowl, bounds(bowl), f_star=0.0)
    assert b.diverged.tolist() == [False, True] and b.steps.tolist() == [1, 0]
    assert b.x[:, 1].tolist() == x0[:, 1].tolist() and b.x[:, 0].tolist() != x0[:, 0].tolist()


def test_convergence_is_judged_beside_a_nan():
    bowl = surfaces.get("bowl")
    b = Balls(optim.get("gd"), {"lr": 0.1}, bowl, [[1.0, 1.0, 1.0, 1.0], [1.0] * 4])
    b.f[:] = [np.nan, 5e-9, 2e-8, 1e-9]
    b.steps[:] = [3, 4, 5, 6]
    b.converged_at[:] = [NOT_YET, NOT_YET, NOT_YET, 2]
    _judge(b, slice(None), 0.0)
    want = [s if (f - 0.0 <= 1e-8 and c == NOT_YET) else c
            for f, s, c in zip([np.nan, 5e-9, 2e-8, 1e-9], [3, 4, 5, 6], [NOT_YET, NOT_YET, NOT_YET, 2])]
    assert b.converged_at.tolist() == want == [NOT_YET, 4, NOT_YET, 2]
    b.f[:] = [np.nan, 1.0, 2e-8, 3.0]                   # none there: nothing changes
    _judge(b, slice(None), 0.0)
    assert b.converged_at.tolist() == want


def test_bias_corrections_for_few_and_many_balls():
    rng = np.random.default_rng(4)
    lr, b1, b2 = 0.01, 0.9, 0.999
    for n in (1, 5, 16, 17, 300):
        t = rng.integers(1, 40, n)
        size, root = bias_corrections(lr, b1, b2, t)
        assert size.shape == root.shape == (n,)
        assert size.tolist() == [lr / (1 - b1 ** float(k)) for k in t]
        assert root.tolist() == [(1 - b2 ** float(k)) ** 0.5 for k in t]
