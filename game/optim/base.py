"""The records every update rule is made of: :class:`Hyper` and :class:`Rule`.

Pure numpy and the standard library (no pygame).

A rule works on many balls at once. Positions ``x`` and gradients ``g`` have
shape ``(2, n)`` (coordinates on axis 0, one column per ball), Hessians ``H``
shape ``(2, 2, n)``. Per-ball state is a dict of arrays whose last axis is
``n``; ``t`` is an int array ``(n,)`` holding this step's 1-based count per
ball (torch's ``state["step"]`` after its increment), read and never written
(the tick keeps it as the balls' new step counts). Hyperparameters are a
dict with torch's names (``lr``, ``momentum``, ``alpha``, ``eps``, ``betas``)
and are shared by every ball of the rule, like a torch param group.

``Rule.step(x, g, H, state, t, hp)`` returns ``(x_new, state)``: the position
torch's ``optimizer.step()`` leaves in ``param``, before any wall. It returns
the new position, not a displacement, because torch's CPU kernels compute
``param.add_(d, alpha=-lr)`` as one fused multiply-add, ``p + (−lr)·d``
rounded once, and no displacement ``dx`` makes ``x + dx`` equal that in every
case. The caller applies walls to ``x_new`` (see :mod:`game.optim.tick`).
"""
from __future__ import annotations

import math
import numbers
from dataclasses import dataclass
from typing import Callable


# Okabe & Ito's colour-blind-safe palette (2008), black left out: one colour per rule.
OKABE_ITO = {
    "orange": (230, 159, 0), "sky blue": (86, 180, 233), "bluish green": (0, 158, 115),
    "yellow": (240, 228, 66), "blue": (0, 114, 178), "vermillion": (213, 94, 0),
    "reddish purple": (204, 121, 167),
}


def _fmt(v) -> str:
    return f"{v:g}"


@dataclass(frozen=True)
class Hyper:
    """One hyperparameter, by torch's name, with its valid range.

    ``pair`` marks ``betas``: two numbers, each in the range.

    >>> lr = Hyper("lr", 0.01, 0.0, math.inf, "η", "learning rate", lo_open=True)
    >>> lr.range_text, lr.check(0.5)
    ('> 0', 0.5)
    >>> Hyper("alpha", 0.99, 0.0, 1.0, "α", "smoothing", hi_open=True).range_text
    'in [0, 1)'
    """

    name: str
    default: float | tuple
    lo: float
    hi: float
    symbol: str
    meaning: str
    lo_open: bool = False
    hi_open: bool = False
    pair: bool = False

    @property
    def range_text(self) -> str:
        """The valid range in words, e.g. ``> 0`` or ``in [0, 1)``."""
        if math.isinf(self.hi):
            return f"{'>' if self.lo_open else '≥'} {_fmt(self.lo)}"
        return (f"in {'(' if self.lo_open else '['}{_fmt(self.lo)}, "
                f"{_fmt(self.hi)}{')' if self.hi_open else ']'}")

    def inside(self, v: float) -> bool:
        """Whether the number ``v`` lies in the valid range."""
        above = v > self.lo if self.lo_open else v >= self.lo
        below = v < self.hi if self.hi_open else v <= self.hi
        return math.isfinite(v) and above and below

    def _number(self, v, rule: str, what: str) -> float:
        if isinstance(v, bool) or not isinstance(v, numbers.Real):
            raise ValueError(f"{rule}: {what} must be a number {self.range_text}, not {v!r}")
        v = float(v)
        if not self.inside(v):
            raise ValueError(f"{rule}: {what} must be {self.range_text}, not {v!r}")
        return v

    def check(self, value, rule: str = "optimizer"):
        """``value`` as float (or a pair of floats); ``ValueError`` (one line) if bad."""
        if not self.pair:
            return self._number(value, rule, self.name)
        if isinstance(value, (str, bytes)) or not hasattr(value, "__len__") or len(value) != 2:
            raise ValueError(f"{rule}: {self.name} must be two numbers B1,B2, each "
                             f"{self.range_text}, not {value!r}")
        return tuple(self._number(v, rule, f"{self.name}[{i}]") for i, v in enumerate(value))


@dataclass(frozen=True)
class Rule:
    """One update rule: how it is called, drawn, parameterised and run.

    ``bounce`` names the state arrays that are velocity-like: when a wall stops
    a ball, their hit components are reflected and scaled by the restitution
    (see :mod:`game.optim.tick`). Gradient statistics (moments, accumulators)
    are not in it and meet walls unchanged. ``rule_text`` is the update as it
    runs; ``note`` says how it rounds where that matters for exactness.
    """

    name: str
    label: str
    colour: tuple
    hyper: tuple
    second: str | None
    needs_hess: bool
    bounce: tuple
    rule_text: str
    init: Callable
    step: Callable
    note: str = ""

    @property
    def hyper_names(self) -> tuple:
        """Torch's names of this rule's hyperparameters, lr first."""
        return tuple(h.name for h in self.hyper)

    def spec(self, name: str) -> Hyper:
        """The :class:`Hyper` called ``name``; ``ValueError`` if the rule has none."""
        for h in self.hyper:
            if h.name == name:
                return h
        raise ValueError(f"{self.name} takes no {name!r}; its parameters are "
                         f"{', '.join(self.hyper_names)}")

    def defaults(self) -> dict:
        """Every hyperparameter at its default (lr: the fallback, see ``defaults``)."""
        return {h.name: h.default for h in self.hyper}

    def check(self, hp: dict | None = None) -> dict:
        """``hp`` completed with defaults and converted to floats.

        ``ValueError`` with one line naming torch's flag and its valid range
        for an unknown name or a value out of range.
        """
        hp = dict(hp or {})
        for key in hp:
            self.spec(key)
        return {h.name: h.check(hp.get(h.name, h.default), self.name) for h in self.hyper}

    def second_value(self, hp: dict) -> float | None:
        """The value the [ / ] keys change: momentum, alpha or beta1 (None if none)."""
        if self.second is None:
            return None
        if self.second == "beta1":
            return hp["betas"][0]
        return hp[self.second]

    def with_second(self, hp: dict, value: float) -> dict:
        """``hp`` with the second parameter set to ``value`` (checked)."""
        hp = dict(hp)
        if self.second == "beta1":
            hp["betas"] = (value, hp["betas"][1])
        elif self.second is not None:
            hp[self.second] = value
        return self.check(hp)


def lr_hyper(default: float, *, hi: float = math.inf) -> Hyper:
    """The learning rate, ``lr > 0`` (torch's name; η in the rule texts)."""
    return Hyper("lr", default, 0.0, hi, "η", "learning rate", lo_open=True)

