"""The lab's words: hyperparameters, legend cells, ball status, theory lines.

Plain Python (no pygame): what the HUD, the legend and the theory panel say,
computed from the world's records, so it is tested without a window.

One style for numbers everywhere: a magnitude (|∇f|, η, a rate, a speed)
never carries "+"; a vector or a matrix (x and y, ∇f, H) shows all its
entries with the same decimals (:func:`vector`, :func:`matrix`); a rule
shows only the hyperparameters it has (no μ for GD or Adam; Adam's pair as
β₁ and β₂).

>>> from game import optim
>>> hyper_text(optim.get("adam"), {"lr": 0.05, "betas": (0.9, 0.999), "eps": 1e-8})
'η=0.05 β₁=0.9 β₂=0.999 ε=1e-8'
>>> hyper_parts(optim.get("momentum"), {"lr": 0.002, "momentum": 0.9})
['lr η = 0.002', 'momentum μ = 0.9']
"""
from __future__ import annotations

import math
import re

STOP_UNDEFINED, STOP_SINGULAR, STOP_OVERFLOW = 1, 2, 3   # game.balls' codes


def num(v, digits: int = 4) -> str:
    """A number in ``digits`` significant digits; "undefined" if not finite.

    >>> num(0.000123456), num(-2.5), num(float("nan"))
    ('0.0001235', '-2.5', 'undefined')
    """
    v = float(v)
    if not math.isfinite(v):
        return "undefined"
    return f"{v + 0.0:.{digits}g}"


def _exp(text: str) -> str:
    """Exponents without "+" or leading zeros: 'e+07' → 'e7', 'e-05' → 'e-5'."""
    return re.sub(r"e\+?(-?)0*(\d)", r"e\1\2", text)


def vector(values, digits: int = 5) -> list[str]:
    """The entries of a vector (or matrix) with the same decimals: as many
    as give the largest entry ``digits`` significant digits; in scientific
    notation, each with ``digits`` significant digits, when the largest is
    at least 1e6 or below 1e-4. No "+"; "undefined" for a value that is
    not finite.

    >>> vector([-6.3125, 7.625])
    ['-6.3125', '7.6250']
    >>> vector([3.15625, 21.625, 0.0])
    ['3.156', '21.625', '0.000']
    >>> vector([1.0, 0.5]), vector([-0.0, 0.0])
    (['1.0000', '0.5000'], ['0.0000', '0.0000'])
    >>> vector([1.5e7, -3.0]), vector([2e-6, float("nan")])
    (['1.5000e7', '-3.0000e0'], ['2.0000e-6', 'undefined'])
    """
    vals = [float(v) + 0.0 for v in values]
    finite = [abs(v) for v in vals if math.isfinite(v)]
    big = max(finite, default=0.0)
    if big and not 1e-4 <= big < 1e6:
        fmt = [_exp(f"{v:.{digits - 1}e}") if math.isfinite(v) else "undefined" for v in vals]
        return [_exp(f"{v:.{digits - 1}f}") if math.isfinite(v) and v == 0 else f
                for v, f in zip(vals, fmt)]
    lead = int(f"{big:.{digits - 1}e}".split("e")[1]) if big else 0   # after rounding
    decimals = max(digits - 1 - lead, 0)
    out = []
    for v in vals:
        t = f"{v:.{decimals}f}" if math.isfinite(v) else "undefined"
        out.append(t[1:] if t.startswith("-") and not t.strip("-0.") else t)   # no "-0.000"
    return out


def matrix(rows, digits: int = 5) -> list[str]:
    """A matrix's rows as text: every entry in one style (:func:`vector`),
    each column right-aligned to its widest entry.

    >>> matrix([[3.15625, 3.8125], [3.8125, 21.625]])
    ['[3.156   3.812]', '[3.812  21.625]']
    >>> matrix([[-2.0, 0.0], [0.0, -2.0]])
    ['[-2.0000   0.0000]', '[ 0.0000  -2.0000]']
    """
    n = len(rows[0])
    cells = vector([v for row in rows for v in row], digits)
    grid = [cells[i * n:(i + 1) * n] for i in range(len(rows))]
    widths = [max(len(r[j]) for r in grid) for j in range(n)]
    return ["[" + "  ".join(c.rjust(w) for c, w in zip(r, widths)) + "]" for r in grid]


def axis_names(surface) -> tuple[str, str]:
    """What the map's two coordinates are called: the surface's own names
    (``surface.axes``) when it has them, w₁ and w₂ for the regression's
    weights, else x and y.

    >>> from game import surfaces
    >>> axis_names(surfaces.get("regression")), axis_names(surfaces.get("bowl"))
    (('w₁', 'w₂'), ('x', 'y'))
    """
    axes = getattr(surface, "axes", None)
    if axes:
        return tuple(axes)[:2]
    if getattr(surface, "name", "") == "regression":
        return ("w₁", "w₂")
    return ("x", "y")


def short(v, digits: int = 4) -> str:
    """A hyperparameter's value: ``digits`` significant digits, exponents
    without padding.

    >>> short(1e-08), short(0.0012), short(2.5e10)
    ('1e-8', '0.0012', '2.5e10')
    """
    return _exp(f"{float(v) + 0.0:.{digits}g}")


SUBSCRIPTS = "₁₂₃₄"


def _symbols(h, v, eq: str) -> list[str]:
    """``symbol = value``, or for a pair (Adam's betas) one per member,
    numbered: β₁, β₂."""
    if h.pair:
        return [f"{h.symbol}{SUBSCRIPTS[i]}{eq}{short(x)}" for i, x in enumerate(v)]
    return [f"{h.symbol}{eq}{short(v)}"]


def hyper_text(rule, hp: dict) -> str:
    """The hyperparameters in symbols, compact (the legend's cell).

    >>> from game import optim
    >>> hyper_text(optim.get("gd"), {"lr": 0.1})
    'η=0.1'
    """
    return " ".join(p for h in rule.hyper if h.name in hp for p in _symbols(h, hp[h.name], "="))


def hyper_parts(rule, hp: dict, names: bool = True) -> list[str]:
    """The hyperparameters as the HUD shows them: torch's name (unless
    ``names`` is False, for a narrow panel), the symbol and the value, one
    part each (a rule without momentum shows no μ)."""
    out = []
    for h in rule.hyper:
        if h.name not in hp:
            continue
        shown = "  ".join(_symbols(h, hp[h.name], " = "))
        out.append(f"{h.name} {shown}" if names else shown)
    return out


def status(ball: dict, f_star_known: bool) -> tuple[str, str, str]:
    """What the legend's last column says of one ball: ``(long, short, kind)``
    with kind one of "running", "converged", "diverged", "stopped".

    A diverged ball says so even if it had converged before (its
    hyperparameters changed since); a stopped ball says why. The step of
    convergence is the first k with f − f* ≤ 1e-8 (f* known), else with
    |∇f| ≤ 1e-8 (a critical point: "∇f≈0").

    >>> status({"diverged": False, "stopped": 0, "converged_at": 120}, True)
    ('reached min at 120', 'min @120', 'converged')
    >>> status({"diverged": False, "stopped": 2, "converged_at": None}, True)[:2]
    ('stopped: singular Hessian', 'singular H')
    """
    if ball.get("diverged"):
        return "diverged", "diverged", "diverged"
    code = ball.get("stopped", 0)
    if code == STOP_SINGULAR:
        return "stopped: singular Hessian", "singular H", "stopped"
    if code == STOP_UNDEFINED:
        return "stopped: f undefined", "f undefined", "stopped"
    if code == STOP_OVERFLOW:
        return "diverged", "diverged", "diverged"
    k = ball.get("converged_at")
    if k is not None:
        if f_star_known:
            return f"reached min at {k}", f"min @{k}", "converged"
        return f"∇f≈0 at {k}", f"∇f≈0 @{k}", "converged"
    return "", "", "running"


def legend_rows(world) -> list[dict]:
    """One row per tracked ball (racers, else the newest ball of each rule):
    name, label, colour, hyperparameter text, f, steps, status."""
    known = world.history.f_star_known
    rows = []
    for name, ball_id in world.tracked():
        ball = world.ball(ball_id)
        if ball is None:
            continue
        g = world.groups[name]
        long, short, kind = status(ball, known)
        rows.append({"name": name, "label": g.rule.label, "colour": tuple(g.rule.colour),
                     "hyper": hyper_text(g.rule, g.hyper), "f": num(ball["f"], 3),
                     "steps": str(ball["steps"]), "status": long, "short": short, "kind": kind,
                     "id": ball_id})
    return rows


DISTANCE = "‖x\u00a0−\u00a0x*‖"    # no-break spaces: a wrapped line never splits it


def theory_lines(world, compact: bool = False) -> list[tuple[str, str]]:
    """The theory panel for the optimizer of new balls, as ``(text, tone)``
    lines, tone "text", "dim" or "warn": the theoretical and measured rates
    and the optimal hyperparameters on a constant Hessian, or one line
    saying why there is no theory here. ``compact``: the same in fewer
    words, for a narrow or short panel (no heading)."""
    from game import optim
    rule = optim.get(world.optimizer)
    r = world.rates(rule.name)
    if r is None:
        if compact:
            return [("rates: no theory (the Hessian varies)", "dim")]
        return [(f"rates: no theory here ({world.surface.name}'s Hessian varies; it needs a "
                 f"constant one: bowl, round, regression, typed quadratics)", "dim")]
    lo, hi = r["eigenvalues"]
    out = []
    if not compact:
        kappa = f", κ = {num(hi / lo, 3)}" if lo > 0 else ""
        out.append((f"{rule.label} on λ = {num(lo, 3)}, {num(hi, 3)}{kappa}: rate ρ per step "
                    f"of {DISTANCE}", "dim"))
    measured = "–" if r["measured"] is None else num(r["measured"], 4)
    if r["theory"] is None:
        out.append((f"{rule.label} adapts: no linear rate; measured ρ {measured}" if compact
                    else f"{rule.label} adapts its steps: no linear rate in theory; "
                         f"measured ρ = {measured}", "text"))
    elif compact:
        out.append((f"ρ theory {num(r['theory'], 4)}, measured {measured}", "text"))
    else:
        out.append((f"theory ρ = {num(r['theory'], 4)}    measured ρ = {measured}", "text"))
    opt = r["optimal"]
    if opt is not None:
        eq = "=" if compact else " = "
        parts = [f"η*{eq}{num(opt['lr'], 3 if compact else 4)}"]
        if "momentum" in opt:
            parts.append(f"μ*{eq}{num(opt['momentum'], 3)}")
        if compact:
            out.append((f"best {' '.join(parts)}: ρ {num(opt['rate'], 3)} (O)", "text"))
        else:
            out.append((f"optimal {', '.join(parts)} → ρ = {num(opt['rate'], 3)}   (O applies)",
                        "text"))
    limit = r.get("limit")
    lr = world.hyper(rule.name)["lr"]
    if limit is not None and lr >= limit:
        out.append((f"η ≥ {num(limit, 4)}: unstable, diverges" if compact else
                    f"η = {num(lr, 4)} ≥ {num(limit, 4)}, the stability limit: it diverges",
                    "warn"))
    return out
