"""Theory beside measurement, as the panel words it: the closed forms on the
bowl (λ = 2, 10), the measured rate of the newest ball, the optimum, the
stability warning, and plain words where no theory applies."""
import math

import numpy as np
import pytest

from game import surfaces
from game.ui import words
from game.world import World

LAMBDAS = (2.0, 10.0)          # the bowl x² + 5y²: H = diag(2, 10)


def bowl(optimizer, steps=0, **hp):
    w = World(surfaces.get("bowl"), optimizer=optimizer)
    if hp:
        w.set_hyper(optimizer, **hp)
    if steps:
        w.spawn(np.array([1.5, 1.0]))
        w.run(steps)
    return w


def text_of(lines):
    return [t for t, _ in lines]


def test_gd_rate_and_optimum_are_the_closed_forms():
    w = bowl("gd", 200, lr=0.05)
    lines = text_of(words.theory_lines(w))
    rho = max(abs(1 - 0.05 * lam) for lam in LAMBDAS)               # 0.9
    assert f"theory ρ = {rho:.4g}" in lines[1]
    measured = float(lines[1].split("measured ρ = ")[1])
    assert measured == pytest.approx(rho, rel=1e-3)                  # GD's ρ is reached at once
    assert f"η* = {2 / sum(LAMBDAS):.4g}" in lines[2]                # 2/(λmin + λmax) = 1/6
    assert f"ρ = {(5 - 1) / (5 + 1):.3g}" in lines[2]                # (κ − 1)/(κ + 1), κ = 5
    assert lines[0].startswith("GD on λ = 2, 10, κ = 5")


def test_heavy_ball_optimum_is_polyaks():
    lines = text_of(words.theory_lines(bowl("momentum")))
    s_lo, s_hi = math.sqrt(2.0), math.sqrt(10.0)
    lr = 4 / (s_hi + s_lo) ** 2
    k = math.sqrt(5.0)
    mu = ((k - 1) / (k + 1)) ** 2
    assert f"η* = {lr:.4g}, μ* = {mu:.3g}" in lines[2]
    assert "measured ρ = –" in lines[1]                              # no ball yet


def test_past_the_stability_limit_it_says_it_diverges():
    w = bowl("gd", lr=0.25)                                           # 2/λmax = 0.2
    (text, tone), = [line for line in words.theory_lines(w) if line[1] == "warn"]
    assert "0.2" in text and "diverges" in text
    assert not [line for line in words.theory_lines(bowl("gd", lr=0.19)) if line[1] == "warn"]


def test_adaptive_rules_and_varying_hessians_say_why_there_is_no_theory():
    lines = text_of(words.theory_lines(bowl("adam", 100)))
    assert any("Adam adapts its steps: no linear rate" in t for t in lines)
    assert not any(t.startswith("optimal") for t in lines)
    w = World(surfaces.get("rosenbrock"), optimizer="gd")
    (line,) = text_of(words.theory_lines(w))
    assert line.startswith("rates: no theory here (rosenbrock's Hessian varies")
    (short,) = text_of(words.theory_lines(w, compact=True))
    assert short.startswith("rates: no theory")


def test_compact_lines_say_the_same_numbers():
    w = bowl("momentum", 150)
    full, compact = words.theory_lines(w), words.theory_lines(w, compact=True)
    assert len(compact) == len(full) - 1                              # no heading
    numbers = [t.split("ρ = ")[1].split()[0] for t, _ in full[1:2]]
    assert numbers[0] in compact[0][0]
