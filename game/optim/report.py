"""The optimizer room's figures as Markdown tables: ``python -m game.optim.report``.

Pure numpy (no pygame). Prints

1. the default learning rates per named surface and rule (:mod:`game.optim.defaults`),
   and what a race from the default start does with them;
2. measured against theoretical linear rates on the bowl and on ``x^2 + 100*y^2``,
   at the default learning rates and at the optimal ones.

The measured rate: one ball from the default start for ``RATE_TICKS`` ticks,
distances to the minimum, the geometric mean of their ratios after the first
``RATE_SKIP`` ticks (the faster mode's transient), distances below 1e-250 left out.
"""
from __future__ import annotations

import numpy as np

from . import RACE_DEFAULT, RULES, get, theory
from .defaults import TABLE, default_lr
from .race import default_start, race

RATE_TICKS = 1200
RATE_SKIP = 200
LINEAR = ("gd", "momentum", "nesterov", "newton")


def defaults_table() -> str:
    """Markdown: one row per named surface, one column per rule, plus the race's outcome."""
    from game import surfaces
    head = "| surface | " + " | ".join(RULES) + " | fastest of the default race |"
    rows = [head, "|" + "---|" * (len(RULES) + 2)]
    for name in TABLE:
        s = surfaces.get(name)
        paths = race(s, list(RACE_DEFAULT), ticks=1200)
        done = [p for p in paths if p.converged_at is not None]
        best = min(done, key=lambda p: p.converged_at) if done else None
        outcome = f"{best.name}, tick {best.converged_at}" if best else "none (no minimum reached)"
        rows.append(f"| {name} | " + " | ".join(f"{TABLE[name][r]:g}" for r in RULES)
                    + f" | {outcome} |")
    return "\n".join(rows)


def _hp_text(hp: dict) -> str:
    return ", ".join(f"{k}={v:.4g}" for k, v in hp.items())


def measured(surface, name: str, hp: dict, x_star, closer: float = 1.0):
    """``(rate, walls)``: the measured linear rate of one ball from the default start
    (moved ``closer`` times nearer to ``x_star``), and whether it met a wall."""
    start = x_star + (np.array(default_start(surface)) - x_star) / closer
    path = race(surface, [(name, hp)], tuple(start), RATE_TICKS)[0]
    xmin, xmax, ymin, ymax = surface.domain
    walls = bool(np.any((path.xy == [xmin, ymin]) | (path.xy == [xmax, ymax])))
    d = np.hypot(*(path.xy - x_star).T)[RATE_SKIP:]
    return theory.measured_rate(d[d > 1e-250]), walls


def rates_table(surface) -> str:
    """Markdown: theory against measurement for the linear rules on a quadratic surface."""
    H = theory.constant_hessian(surface)
    lams = theory.eigen(H)
    x_star = theory.quadratic_minimum(surface, H)
    rows = [f"{surface.formula}: λ = {lams[0]:g}, {lams[1]:g}",
            "", "| rule | hyperparameters | theory | measured | measured/theory − 1 |",
            "|---|---|---|---|---|"]
    for name in LINEAR:
        rule = get(name)
        cases = [("default", rule.check({"lr": default_lr(name, surface)}))]
        best = theory.optimal(name, lams)
        if best is not None and name != "newton":
            cases.append(("optimal", rule.check({k: v for k, v in best.items() if k != "rate"})))
        for label, hp in cases:
            th = theory.rate(name, hp, lams)
            me, walls = measured(surface, name, hp, x_star)
            note = ""
            if walls:           # walls break the linear dynamics: measure 100 times closer
                me0 = me
                me, walls = measured(surface, name, hp, x_star, closer=100.0)
                note = f" (from the default start it meets the walls: {me0:.4f}; this from 100× closer)"
            gap = f"{me / th - 1:+.2%}" if me is not None and th > 0 else "–"
            me_text = f"{me:.6f}{note}" if me is not None else "– (reached x* exactly)"
            rows.append(f"| {name} ({label}) | {_hp_text(hp)} | {th:.6f} | {me_text} | {gap} |")
    return "\n".join(rows)


def main() -> None:
    from game import surfaces
    from game.expr import make_surface
    print("Default learning rates (race from the default start, 1200 ticks)\n")
    print(defaults_table())
    for s in (surfaces.get("bowl"), make_surface("x^2 + 100*y^2")):
        print("\nRates, measured against theory,", rates_table(s))
    print("\nAt the optimal heavy-ball and Nesterov settings the iteration matrix is defective "
          "(a double root): the measured rate approaches theory only slowly there.")


if __name__ == "__main__":
    main()
