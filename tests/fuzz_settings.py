"""Shared Hypothesis settings for the property-based suites.

The normal suite runs a bounded number of examples so that it stays within a
few minutes; the environment variable ``GC_FUZZ_EXAMPLES`` raises that number
for a long campaign, for every fuzz test at once::

    GC_FUZZ_EXAMPLES=2000 .venv/bin/python -m pytest tests/test_session_machine.py

``fuzz_settings(default)`` is the settings object a test should use: at most
``default`` examples normally, ``GC_FUZZ_EXAMPLES`` when it is set. There is no
deadline (one example may compile a typed function with sympy) and no example
database in the source tree.
"""
from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

ENV = "GC_FUZZ_EXAMPLES"


def campaign_examples() -> int | None:
    """The example count asked for by ``GC_FUZZ_EXAMPLES``, or None."""
    raw = os.environ.get(ENV, "").strip()
    if not raw:
        return None
    try:
        n = int(raw)
    except ValueError:
        raise ValueError(f"{ENV} must be a whole number, not {raw!r}") from None
    if n < 1:
        raise ValueError(f"{ENV} must be at least 1, not {n}")
    return n


def fuzz_settings(default: int, **overrides) -> settings:
    """Settings with ``default`` examples, or ``GC_FUZZ_EXAMPLES`` when set."""
    kw = dict(max_examples=campaign_examples() or default, deadline=None, database=None,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                     HealthCheck.filter_too_much])
    kw.update(overrides)
    return settings(**kw)
