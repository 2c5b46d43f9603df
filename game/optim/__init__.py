"""The optimizer room: seven update rules exact to torch.optim, and their registry.

Pure numpy and the standard library (no pygame). One module per family:
:mod:`~game.optim.sgd` (gd, momentum, nesterov), :mod:`~game.optim.adaptive`
(adagrad, rmsprop, adam), :mod:`~game.optim.newton`. Beside them:
:mod:`~game.optim.theory` (rates on quadratics, optima, stability limits),
:mod:`~game.optim.defaults` (learning rates per surface),
:mod:`~game.optim.tick` (the one physics tick: walls, stops, divergence,
convergence; the world and the headless race both run it),
:mod:`~game.optim.minimum` (f* and x* where known), :mod:`~game.optim.race`
(headless races) and :mod:`~game.optim.exact` (the fused multiply-add torch's
kernels use).

Adding a rule: one :class:`~game.optim.base.Rule` in its family's module, one
entry in ``RULES`` below, and its test.

>>> names()
['gd', 'momentum', 'nesterov', 'adagrad', 'rmsprop', 'adam', 'newton']
>>> get("adam").check({"lr": 0.05})
{'lr': 0.05, 'betas': (0.9, 0.999), 'eps': 1e-08}
"""
from __future__ import annotations

from .adaptive import ADAGRAD, ADAM, RMSPROP
from .base import OKABE_ITO, Hyper, Rule
from .newton import NEWTON
from .sgd import GD, MOMENTUM, NESTEROV

__all__ = ["Hyper", "Rule", "RULES", "RACE_DEFAULT", "OKABE_ITO", "names", "get",
           "defaults", "minimum", "race", "theory", "tick"]

RULES: dict[str, Rule] = {r.name: r for r in (GD, MOMENTUM, NESTEROV, ADAGRAD, RMSPROP, ADAM,
                                               NEWTON)}

RACE_DEFAULT: tuple[str, ...] = ("gd", "momentum", "nesterov", "adagrad", "rmsprop", "adam")


def names() -> list[str]:
    """The rule names, in menu order."""
    return list(RULES)


def get(name: str) -> Rule:
    """The rule called ``name``; ``ValueError`` (one line) lists the valid names.

    >>> get("sgd")
    Traceback (most recent call last):
    ...
    ValueError: unknown optimizer 'sgd'; choose one of: gd, momentum, nesterov, adagrad, rmsprop, adam, newton
    """
    try:
        return RULES[name]
    except (KeyError, TypeError):
        raise ValueError(f"unknown optimizer {name!r}; choose one of: {', '.join(RULES)}") from None


from . import defaults, minimum, race, theory, tick  # noqa: E402  (they use get and RULES above)
