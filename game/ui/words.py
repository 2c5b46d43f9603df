"""The lab's words: hyperparameters, legend cells, ball status, theory lines.

Plain Python (no pygame): what the HUD, the legend and the theory panel say,
computed from the world's records, so it is tested without a window.

>>> from game import optim
>>> hyper_text(optim.get("adam"), {"lr": 0.05, "betas": (0.9, 0.999), "eps": 1e-8})
'η=0.05 β=0.9,0.999 ε=1e-8'
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


def short(v, digits: int = 4) -> str:
    """A hyperparameter's value: ``digits`` significant digits, exponents
    without padding.

    >>> short(1e-08), short(0.0012), short(2.5e10)
    ('1e-8', '0.0012', '2.5e10')
    """
    return re.sub(r"e\+?(-?)0*(\d)", r"e\1\2", f"{float(v):.{digits}g}")


def _value(h, v) -> str:
    if h.pair:
        return ",".join(short(x) for x in v)
    return short(v)


def hyper_text(rule, hp: dict) -> str:
    """The hyperparameters in symbols, compact (the legend's cell).

    >>> from game import optim
    >>> hyper_text(optim.get("gd"), {"lr": 0.1})
    'η=0.1'
    """
    return " ".join(f"{h.symbol}={_value(h, hp[h.name])}" for h in rule.hyper if h.name in hp)


def hyper_parts(rule, hp: dict, names: bool = True) -> list[str]:
    """The hyperparameters as the HUD shows them: torch's name (unless
    ``names`` is False, for a narrow panel), the symbol and the value, one
    part each (a rule without momentum shows no μ)."""
    out = []
    for h in rule.hyper:
        if h.name not in hp:
            continue
        v = hp[h.name]
        shown = f"({', '.join(short(x) for x in v)})" if h.pair else short(v)
        out.append(f"{h.name} {h.symbol} = {shown}" if names else f"{h.symbol} = {shown}")
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
                    f"of ‖x − x*‖", "dim"))
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
