"""Newton's step for a few balls (Python floats) against the step over arrays, bit for bit.

Random Hessians and gradients over the whole float range, with singular,
nearly singular, overflowing and non-finite ones mixed in: the positions and
the ``singular`` flags of each small slice equal those of the same balls
stepped as one large array."""
import numpy as np

from game.optim import newton


def batch(n, seed):
    rng = np.random.default_rng(seed)

    def draw(shape):
        with np.errstate(over="ignore"):
            v = rng.normal(size=shape) * 10.0 ** rng.integers(-200, 200, shape)
        special = rng.random(shape) < 0.05
        v[special] = rng.choice([0.0, -0.0, np.inf, -np.inf, np.nan, 1e308, 5e-324], int(special.sum()))
        return v
    H = draw((2, 2, n))
    sym = rng.random(n) < 0.5
    H[1, 0, sym] = H[0, 1, sym]
    rank1 = rng.random(n) < 0.1                       # exactly singular: rows proportional
    near = rng.random(n) < 0.1                        # det a hair from the threshold
    with np.errstate(all="ignore"):
        H[1, :, rank1] = 3.0 * H[0, :, rank1]
        H[1, 1, near] = H[0, 1, near] * H[1, 0, near] / H[0, 0, near] * (1 + 1e-13)
    return draw((2, n)), draw((2, n)), H


def test_few_balls_step_as_the_array_path_does():
    n = 4000
    x, g, H = batch(n, 0)
    with np.errstate(all="ignore"):
        for lr in (1.0, 0.37):
            state = newton.newton_init(n)
            want, _ = newton.newton_step(x, g, H, state, np.ones(n, int), {"lr": lr})
            want_sing = state["singular"].copy()
            assert n * 2 > newton.FEW and want_sing.any() and not want_sing.all()
            for k in (1, 3, newton.FEW // 2):
                for lo in range(0, n - k, 37):
                    s = slice(lo, lo + k)
                    st = newton.newton_init(k)
                    got, st = newton.newton_step(x[:, s], g[:, s], H[:, :, s], st, np.ones(k, int),
                                                 {"lr": lr})
                    assert got.shape == (2, k)
                    assert np.array_equal(got.view(np.int64), want[:, s].view(np.int64)) or \
                        np.array_equal(got, want[:, s], equal_nan=True)
                    assert st["singular"].tolist() == want_sing[s].tolist()


def test_a_broadcast_hessian_and_one_ball():
    H = np.broadcast_to(np.array([[2.0, 0.0], [0.0, 10.0]])[:, :, None], (2, 2, 1))
    x, st = newton.newton_step(np.array([[1.0], [1.0]]), np.array([[2.0], [10.0]]), H,
                               newton.newton_init(1), np.array([1]), {"lr": 0.5})
    assert x.tolist() == [[0.5], [0.5]] and st["singular"].tolist() == [False]
