"""The theory panel's numbers are computed once per state of the world, and the
cached answer is always the one a fresh computation gives.

``World.rates`` and ``History.measured_rate`` keep their last answer until the
world or its history changes (a tick, a spawn, a race, a clear, a new surface,
new hyperparameters). After every such action, here in random order, each
rule's cached answer is compared with the same numbers written out afresh
from the theory functions, and with a copy of the world whose caches are
emptied."""
import copy

import numpy as np
from hypothesis import given
from hypothesis import strategies as hs

from fuzz_settings import fuzz_settings
from game import optim, surfaces
from game.history import History
from game.optim import theory
from game.world import World

SURFACES = ["bowl", "round", "regression", "rosenbrock"]


def fresh(w: World, name=None):
    """rates() written out: the theory functions on the world as it is now."""
    H = w.minimum.hessian
    if H is None:
        return None
    rule = optim.get(name or w.optimizer)
    eig = theory.eigen(H)
    hp = w.hyper(rule.name)
    probe = w.history.probe
    measured = (theory.measured_rate(np.array(list(w.history._dist)))
                if probe and probe[0] == rule.name else None)
    return {"eigenvalues": eig, "theory": theory.rate(rule, hp, eig), "measured": measured,
            "optimal": theory.optimal(rule, eig), "limit": theory.stability_limit(rule, hp, eig[1])}


def check(w: World):
    twin = copy.deepcopy(w)
    twin._rates.clear()
    twin.history._rate = None
    for name in [None, *optim.names()]:
        got = w.rates(name)
        assert got == fresh(w, name) == twin.rates(name)
        assert w.rates(name) == got                      # asked again: the same
    want = theory.measured_rate(w.history.distances)
    assert w.history.measured_rate() == want


ACTIONS = hs.lists(hs.one_of(
    hs.tuples(hs.just("tick"), hs.integers(1, 40)),
    hs.tuples(hs.just("spawn"), hs.sampled_from(optim.names())),
    hs.tuples(hs.just("race"), hs.just(None)),
    hs.tuples(hs.just("clear"), hs.just(None)),
    hs.tuples(hs.just("optimizer"), hs.sampled_from(optim.names())),
    hs.tuples(hs.just("lr"), hs.tuples(hs.sampled_from(optim.names()),
                                       hs.floats(1e-4, 0.5))),
    hs.tuples(hs.just("surface"), hs.sampled_from(SURFACES))), min_size=1, max_size=14)


@fuzz_settings(40)
@given(hs.sampled_from(SURFACES), ACTIONS, hs.floats(-0.9, 0.9), hs.floats(-0.9, 0.9))
def test_cached_rates_equal_a_fresh_computation_after_every_action(start, actions, u, v):
    w = World(surfaces.get(start), "gd")

    def point():
        xmin, xmax, ymin, ymax = w.surface.domain
        return [0.5 * (xmin + xmax) + 0.5 * u * (xmax - xmin),
                0.5 * (ymin + ymax) + 0.5 * v * (ymax - ymin)]
    check(w)
    for what, arg in actions:
        if what == "tick":
            w.run(arg)
        elif what == "spawn":
            w.spawn(point(), arg)
        elif what == "race":
            w.race(point())
        elif what == "clear":
            w.clear()
        elif what == "optimizer":
            w.set_optimizer(arg)
        elif what == "lr":
            w.set_hyper(arg[0], lr=arg[1])
        else:
            w.set_surface(surfaces.get(arg))
        check(w)


def test_the_cache_follows_the_ticks_and_hands_out_its_own_dicts():
    w = World(surfaces.get("bowl"), "gd")
    w.spawn([1.5, -1.0])
    w.run(5)
    first = w.rates()
    assert first["measured"] is not None
    w.run(1)
    assert w.rates() == fresh(w) and w.rates()["measured"] != first["measured"]
    got = w.rates()
    got["theory"] = "changed"
    got["optimal"]["lr"] = -1.0
    assert w.rates() == fresh(w)


def test_measured_rate_is_recomputed_when_the_distances_change():
    h = History(f_star=0.0, window=5)
    assert h.measured_rate() is None
    d = []
    for k in range(12):
        dist = 3.0 * 0.5 ** k * (1.0 + 0.1 * (k % 3))
        h.record_distance("gd", 1, k, dist)
        d = (d + [dist])[-5:]
        assert h.measured_rate() == theory.measured_rate(np.array(d))
    h.record_distance("adam", 2, 0, 1.0)                  # a new probe starts a new window
    assert h.measured_rate() is None
    h.record_distance("adam", 2, 1, 0.25)
    assert h.measured_rate() == 0.25
    h.reset(0.0)
    assert h.measured_rate() is None
