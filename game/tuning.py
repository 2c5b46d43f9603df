"""Hyperparameters as the user holds them: per rule, with the surface's
suggested lr, changed by keys, reset by a new surface, set to the optimum.

Pure (no pygame). The state keeps only what the user set: ``overrides`` is a
sorted tuple of ``(rule, key, value)`` (``value`` a float, or a pair for
betas). Everything else comes from the rule: its lr (and, on the hill, the heavy
ball's momentum) from ``optim.defaults.default_hyper`` for the surface, the
rest torch's defaults.

>>> from game import surfaces
>>> bowl = surfaces.get("bowl")
>>> o = lr_step((), "adam", bowl, +1)
>>> o, hyper_of(o, "adam", bowl)
((('adam', 'lr', 0.025),), {'lr': 0.025, 'betas': (0.9, 0.999), 'eps': 1e-08})
>>> hyper_of(second_step(o, "adam", bowl, -1), "adam", bowl)["betas"]
(0.85, 0.999)
"""
from __future__ import annotations

import math

from . import optim
from .optim import theory

LR_FACTOR = 1.25
LR_MIN, LR_MAX = 1e-6, 10.0          # the range the + / − keys keep lr in
SECOND_STEP = {"momentum": 0.05, "alpha": 0.01, "beta1": 0.05}
SECOND_MAX = 0.99                    # momentum, alpha and beta1 stay below 1

_DEFAULTS: dict = {}


def default_hyper(name: str, surface) -> dict:
    """``optim.defaults.default_hyper`` (the surface's lr, and the hill's
    momentum), cached per rule and surface."""
    key = (name, surface.name, surface.formula, tuple(surface.domain))
    hp = _DEFAULTS.get(key)
    if hp is None:
        if len(_DEFAULTS) > 256:
            _DEFAULTS.clear()
        hp = _DEFAULTS[key] = optim.defaults.default_hyper(name, surface)
    return dict(hp)


def default_lr(name: str, surface) -> float:
    """``optim.defaults.default_lr``, cached per rule and surface."""
    return default_hyper(name, surface)["lr"]


def hyper_of(overrides, name: str, surface) -> dict:
    """The full hyperparameters of rule ``name`` (torch names) on ``surface``."""
    rule = optim.get(name)
    hp = default_hyper(rule.name, surface)
    hp.update((k, v) for r, k, v in overrides if r == rule.name)
    return rule.check(hp)


def with_values(overrides, name: str, values: dict) -> tuple:
    """``overrides`` with rule ``name``'s ``values`` set (checked by the rule)."""
    rule = optim.get(name)
    checked = {k: rule.spec(k).check(v, rule.name) for k, v in values.items()}
    kept = [(r, k, v) for r, k, v in overrides if not (r == rule.name and k in checked)]
    return tuple(sorted(kept + [(rule.name, k, v) for k, v in checked.items()]))


def check(overrides) -> None:
    """``ValueError`` (one line) unless every override names a rule, one of its
    hyperparameters and a valid value."""
    if not isinstance(overrides, tuple):
        raise ValueError(f"hyperparameters must be a tuple of (rule, key, value), not {overrides!r}")
    for item in overrides:
        if not (isinstance(item, tuple) and len(item) == 3):
            raise ValueError(f"a hyperparameter must be (rule, key, value), not {item!r}")
        r, k, v = item
        optim.get(r).spec(k).check(v, r)


def without_lr(overrides) -> tuple:
    """The overrides a new surface keeps: every lr goes back to the surface's."""
    return tuple(o for o in overrides if o[1] != "lr")


def lr_step(overrides, name: str, surface, direction: int) -> tuple:
    """lr × 1.25 (``direction`` > 0) or ÷ 1.25, kept in [LR_MIN, LR_MAX]; a
    default already outside that range (a very steep or very wide typed
    surface) is never moved the wrong way.

    >>> from game import surfaces
    >>> o = with_values((), "gd", {"lr": 1e-8})
    >>> hyper_of(lr_step(o, "gd", surfaces.get("bowl"), -1), "gd", surfaces.get("bowl"))["lr"]
    1e-08
    """
    lr = hyper_of(overrides, name, surface)["lr"]
    if direction > 0:
        lr = min(lr * LR_FACTOR, max(LR_MAX, lr))
    else:
        lr = max(lr / LR_FACTOR, min(LR_MIN, lr))
    return with_values(overrides, name, {"lr": lr})


def second_step(overrides, name: str, surface, direction: int) -> tuple:
    """The rule's second parameter (momentum, alpha or beta1) one step up or
    down, kept inside its range and at most ``SECOND_MAX``; unchanged for a
    rule without one."""
    rule = optim.get(name)
    if rule.second is None:
        return overrides
    hp = hyper_of(overrides, name, surface)
    spec = rule.spec("betas" if rule.second == "beta1" else rule.second)
    step = SECOND_STEP[rule.second]
    low = spec.lo + step if spec.lo_open else spec.lo
    value = round(rule.second_value(hp) + (step if direction > 0 else -step), 10)
    value = min(max(value, low), SECOND_MAX)
    new = rule.with_second(hp, value)
    key = "betas" if rule.second == "beta1" else rule.second
    return with_values(overrides, name, {key: new[key]})


def optimal_values(name: str, surface):
    """The rate-optimal values of rule ``name`` on ``surface`` as
    ``(values, None)``, or ``(None, why)`` with one line saying why not."""
    H = theory.constant_hessian(surface)
    if H is None:
        return None, ("optimal values need a constant Hessian (bowl, round, regression, "
                      "a typed quadratic)")
    lam = theory.eigen(H)
    opt = theory.optimal(name, lam)
    if opt is None:
        if name in theory.LINEAR:
            return None, f"no optimum: the Hessian's eigenvalues {lam[0]:.3g}, {lam[1]:.3g} are not both > 0"
        return None, f"{optim.get(name).label} is not linear: no optimal values in theory"
    values = {k: v for k, v in opt.items() if k != "rate"}
    if not all(math.isfinite(v) for v in values.values()):
        return None, "the optimal values are not finite numbers here"
    try:            # e.g. Nesterov's optimum on a round bowl is momentum 0: plain gd
        optim.get(name).check(values)
    except ValueError as exc:
        return None, f"the optimum is outside the rule's range ({exc})"
    return values, None
