"""The fixed-step accumulator. Pure Python: it never reads a clock itself.

Each frame, the app hands :meth:`FixedStep.advance` the real time that passed.
It adds that (clamped, so one stalled frame cannot start a death spiral) to an
accumulator and answers how many whole ticks to run and the interpolation
fraction ``alpha = accumulator / tick`` to draw with.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass
class FixedStep:
    """Fixed-timestep accumulator.

    >>> c = FixedStep(tick=0.0625)
    >>> c.advance(0.15625)
    (2, 0.5)
    >>> c.advance(0.03125)
    (1, 0.0)
    """

    tick: float = 1.0 / 60.0
    max_frame: float = 0.25
    max_ticks: int = 15
    accumulator: float = 0.0

    def advance(self, elapsed: float) -> tuple[int, float]:
        """Add ``elapsed`` seconds; return ``(ticks to run, alpha)``."""
        if not elapsed > 0.0:  # also catches NaN
            elapsed = 0.0
        self.accumulator += min(elapsed, self.max_frame)
        ticks = 0
        # A tiny tolerance so that 0.1 + 0.2-style rounding does not lose a tick.
        eps = self.tick * 1e-9
        while self.accumulator + eps >= self.tick and ticks < self.max_ticks:
            self.accumulator -= self.tick
            ticks += 1
        if self.accumulator + eps >= self.tick:
            # The cap was hit: drop the backlog rather than chase it.
            self.accumulator = 0.0
        self.accumulator = max(self.accumulator, 0.0)
        return ticks, min(self.accumulator / self.tick, 1.0)
