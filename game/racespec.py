"""Hyperparameters as the command line gives them: ``--race SPEC`` and the
per-flag values (``--lr --momentum --betas --eps --alpha``), in torch's names.

Pure (no pygame). Every error is a ``ValueError`` whose text is one line.

A SPEC is a comma-separated list of optimizer names, each optionally followed
by ``:key=value`` pairs in torch's names; betas take a slash::

    gd,momentum:lr=0.002:momentum=0.95,adam:lr=0.05:betas=0.8/0.99

``default`` is the default race set (``optim.RACE_DEFAULT``). A missing lr is
the surface's default (``optim.defaults.default_hyper``, which also gives the
hill's heavy ball its momentum 0.98); other missing values are torch's defaults.

>>> from game import surfaces
>>> parse_race("gd:lr=0.1,adam:betas=0.8/0.99:eps=1e-6", surfaces.get("bowl"))
[('gd', {'lr': 0.1}), ('adam', {'lr': 0.02, 'betas': (0.8, 0.99), 'eps': 1e-06})]
"""
from __future__ import annotations

import math

from . import optim

FLAGS = ("lr", "momentum", "betas", "eps", "alpha")    # the hyperparameter flags, torch's names


def _number(text: str, what: str) -> float:
    try:
        v = float(text)
    except ValueError:
        raise ValueError(f"{what} expects a number, not {text!r}") from None
    if not math.isfinite(v):
        raise ValueError(f"{what} expects a finite number, not {text!r}")
    return v


def parse_betas(text: str, sep: str = ",", what: str = "--betas") -> tuple[float, float]:
    """``"B1,B2"`` (or with ``sep``) → ``(b1, b2)``; the range is checked by the rule.

    >>> parse_betas("0.8, 0.99")
    (0.8, 0.99)
    """
    parts = text.split(sep)
    if len(parts) != 2:
        raise ValueError(f"{what} expects two numbers B1{sep}B2, not {text!r}")
    return (_number(parts[0].strip(), what), _number(parts[1].strip(), what))


def complete(name: str, surface, given: dict) -> dict:
    """``given`` (torch names) completed for rule ``name`` on ``surface``: lr
    from the surface's default, the rest from torch's; checked by the rule."""
    rule = optim.get(name)
    return rule.check({**optim.defaults.default_hyper(rule.name, surface), **given})


def flag_hyper(name: str, surface, **flags) -> dict:
    """The hyperparameters of rule ``name`` from the flags that were given
    (``None`` = not given). A flag the rule does not use is an error.

    >>> from game import surfaces
    >>> flag_hyper("momentum", surfaces.get("bowl"), lr=0.01, momentum=None)
    {'lr': 0.01, 'momentum': 0.9}
    >>> flag_hyper("gd", surfaces.get("bowl"), momentum=0.5)
    Traceback (most recent call last):
    ...
    ValueError: --momentum: gd takes no momentum; its parameters are: lr
    """
    rule = optim.get(name)
    given = {k: v for k, v in flags.items() if v is not None}
    for key, value in given.items():
        if key not in rule.hyper_names:
            raise ValueError(f"--{key}: {rule.name} takes no {key}; its parameters are: "
                             f"{', '.join(rule.hyper_names)}")
        try:
            given[key] = rule.spec(key).check(value, rule.name)
        except ValueError as exc:
            raise ValueError(f"--{key}: {exc}") from None
    return complete(rule.name, surface, given)


def parse_race(spec: str, surface) -> list[tuple[str, dict]]:
    """The racers of ``spec``: ``[(name, hyperparameters), …]`` in its order."""
    text = spec.strip()
    if text == "default":
        return [(name, complete(name, surface, {})) for name in optim.RACE_DEFAULT]
    if not text:
        raise ValueError("--race expects optimizer names, e.g. gd,momentum:lr=0.002,adam, or default")
    racers, seen = [], set()
    for entry in text.split(","):
        name, *pairs = (p.strip() for p in entry.split(":"))
        if not name:
            raise ValueError(f"--race: an empty entry in {spec!r}")
        try:
            rule = optim.get(name)
        except ValueError as exc:
            raise ValueError(f"--race: {exc}") from None
        if rule.name in seen:
            raise ValueError(f"--race: {rule.name} appears twice; each optimizer races once")
        seen.add(rule.name)
        given = {}
        for pair in pairs:
            key, eq, value = (s.strip() for s in pair.partition("="))
            if not eq or not key or not value:
                raise ValueError(f"--race: {rule.name} expects key=value after ':', not {pair!r}")
            if key not in rule.hyper_names:
                raise ValueError(f"--race: {rule.name} takes no {key}; its parameters are: "
                                 f"{', '.join(rule.hyper_names)}")
            if key in given:
                raise ValueError(f"--race: {rule.name} sets {key} twice")
            what = f"--race: {rule.name} {key}"
            given[key] = parse_betas(value, "/", what) if key == "betas" else _number(value, what)
        try:
            racers.append((rule.name, complete(rule.name, surface, given)))
        except ValueError as exc:
            raise ValueError(f"--race: {exc}") from None
    return racers


def as_json(hp: dict) -> dict:
    """Hyperparameters for JSON: betas as a list.

    >>> as_json({"lr": 0.1, "betas": (0.9, 0.999)})
    {'lr': 0.1, 'betas': [0.9, 0.999]}
    """
    return {k: list(v) if isinstance(v, tuple) else v for k, v in hp.items()}
