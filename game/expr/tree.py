"""The typed tree: its vocabulary, the caps on its cost, the error that refuses
text, the :class:`Node` itself and its exact constant values."""
from __future__ import annotations

import math
from dataclasses import dataclass
from fractions import Fraction

MAX_LENGTH = 300        # characters of text
MAX_DEPTH = 40          # nesting: parentheses, calls, signs, exponents
MAX_NODES = 200         # nodes in the tree
MAX_EXPONENT = 64       # |n| for a constant exponent n
MAX_NUMBER_EXP = 300    # |k| in a literal like 1e-k
MAX_EXACT_BITS = 4096   # bound on the exact integers/rationals sympy may build
MAX_GRAD_NODES = 1500   # sympy nodes in df/dx + df/dy (forecast and actual)
MAX_HESS_NODES = 10000  # sympy nodes in the three second derivatives (same)

FUNCTIONS = ("sin", "cos", "tan", "exp", "log", "sqrt", "abs",
             "tanh", "sinh", "cosh", "atan")
VARIABLES = ("x", "y")
CONSTANTS = {"pi": math.pi, "e": math.e}


class ExprError(ValueError):
    """Refused text: ``position`` is the 0-based index of the offending
    character (``None`` when the whole expression is at fault)."""

    def __init__(self, reason: str, position: int | None = None, text: str = ""):
        self.reason, self.position, self.text = reason, position, text
        where = "" if position is None else f" at column {position + 1}"
        super().__init__(reason + where)

    @property
    def caret(self) -> str:
        """Two lines: (a window of) the text, and a ``^`` under the culprit."""
        if self.position is None or not self.text:
            return ""
        lo = max(0, self.position - 30)
        shown = "".join(c if c.isprintable() else " "
                        for c in self.text[lo:self.position + 30])
        pad = 1 if lo else 0
        return ("…" if lo else "") + shown + "\n" + " " * (pad + self.position - lo) + "^"


ExprError.__module__ = "game.expr"  # its public home: tracebacks read game.expr.ExprError


_EXPONENT_RANGE = (f"exponent out of range (a constant exponent must lie in"
                   f" [-{MAX_EXPONENT}, {MAX_EXPONENT}])")
_TOO_LARGE = "numbers grow too large (use a smaller exponent or base)"


@dataclass(frozen=True)
class Node:
    """One node: ``kind`` is 'num', 'var', 'const', 'call', 'neg' or one of
    '+ - * / ^'; ``value`` holds the literal, name or function; ``pos`` is the
    index where the node's text starts. ``const`` is the node's value folded in
    complex floats (``None`` if it depends on x or y); ``bits`` bounds the size
    of the exact numbers sympy would build for it."""

    kind: str
    args: tuple = ()
    value: str = ""
    pos: int = 0
    const: complex | None = None
    bits: int = 0


def _exact(node: Node) -> Fraction | None:
    """The exact value of a constant subtree of numbers, + - * / and integer
    powers (its size is bounded by ``bits``), else ``None``."""
    if node.kind == "num":
        return Fraction(node.value)
    if node.const is None or node.kind in ("const", "call"):
        return None
    vals = [_exact(a) for a in node.args]
    if None in vals:
        return None
    if node.kind == "neg":
        return -vals[0]
    a, b = vals
    try:
        if node.kind == "^":
            return a ** int(b) if b.denominator == 1 else None
        return {"+": a + b, "-": a - b, "*": a * b}[node.kind] if node.kind != "/" else a / b
    except ZeroDivisionError:
        return None
