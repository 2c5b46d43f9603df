"""The domain of a typed surface: ``parse_domain`` reads
``"xmin,xmax,ymin,ymax"`` (each bound may be a constant like ``-pi``), and
``_check_domain`` vets four numbers."""
from __future__ import annotations

import cmath
import math

from .parser import parse
from .tree import MAX_LENGTH, ExprError, Node


# The bounds keep the app's own arithmetic finite: a view 4 domains wide, its
# centre, pixels per unit (up to 8192 px over a thousandth of the width).
MAX_DOMAIN_BOUND = 1e300     # |xmin|, |xmax|, |ymin|, |ymax|
MIN_DOMAIN_WIDTH = 1e-100    # xmax - xmin and ymax - ymin
DOMAIN_ULPS = 2 ** 16        # ... and at least this many floats across: on [1e15, 1e15 + 1]
                             # floats are 0.125 apart, 8 values, no room for a map


def _check_domain(domain) -> tuple[float, float, float, float]:
    """Four finite floats xmin < xmax, ymin < ymax within the bounds above,
    or :class:`ExprError` with one clear line.

    >>> _check_domain((1e15, 1e15 + 1, 0, 1))
    Traceback (most recent call last):
      ...
    game.expr.ExprError: domain too narrow: x from 1000000000000000.0 to 1000000000000001.0 is 1 wide; it must be at least 8.19e+03 wide there
    """
    try:
        vals = tuple(float(v) for v in domain)
    except (TypeError, ValueError):
        raise ExprError(f"domain must be 4 numbers, got {domain!r}") from None
    if len(vals) != 4:
        raise ExprError(f"domain needs 4 numbers xmin,xmax,ymin,ymax; got {len(vals)}")
    if not all(map(math.isfinite, vals)):
        raise ExprError(f"domain bounds must be finite, got {vals}")
    xmin, xmax, ymin, ymax = vals
    if xmin >= xmax:
        raise ExprError(f"domain needs xmin < xmax, got {xmin:g} and {xmax:g}")
    if ymin >= ymax:
        raise ExprError(f"domain needs ymin < ymax, got {ymin:g} and {ymax:g}")
    for name, lo, hi in (("x", xmin, xmax), ("y", ymin, ymax)):
        big = max(abs(lo), abs(hi))
        if big > MAX_DOMAIN_BOUND:
            raise ExprError(f"domain bounds must lie within ±{MAX_DOMAIN_BOUND:g}, "
                            f"got {name} from {lo:g} to {hi:g}")
        least = max(MIN_DOMAIN_WIDTH, DOMAIN_ULPS * math.ulp(big))
        if hi - lo < least:
            raise ExprError(f"domain too narrow: {name} from {lo!r} to {hi!r} is "
                            f"{hi - lo:.3g} wide; it must be at least {least:.3g} wide there")
    return vals


def _first_var(node: Node) -> Node:
    if node.kind == "var":
        return node
    return next(_first_var(a) for a in node.args if a.const is None)


def parse_domain(text: str) -> tuple[float, float, float, float]:
    """Read ``"xmin,xmax,ymin,ymax"``; each bound may be a constant like ``-pi``.

    >>> parse_domain("-pi, pi, -1, 2.5")
    (-3.141592653589793, 3.141592653589793, -1.0, 2.5)
    >>> parse_domain("1,0,0,1")
    Traceback (most recent call last):
      ...
    game.expr.ExprError: domain needs xmin < xmax, got 1 and 0
    """
    if not isinstance(text, str):
        raise ExprError(f"expected text, got {type(text).__name__}")
    if len(text) > 4 * MAX_LENGTH:
        raise ExprError(f"domain text too long ({len(text)} characters)")
    pieces, vals, start = text.split(","), [], 0
    if len(pieces) != 4:
        raise ExprError(f"domain needs 4 numbers xmin,xmax,ymin,ymax; got {len(pieces)}")
    for piece in pieces:
        try:
            node = parse(piece)
        except ExprError as err:
            pos = None if err.position is None else start + err.position
            raise ExprError(f"in domain: {err.reason}", pos, text) from None
        if node.const is None:
            raise ExprError("domain bounds must be numbers, not x or y",
                            start + _first_var(node).pos, text)
        if node.const.imag != 0 or not cmath.isfinite(node.const):
            raise ExprError(f"domain bound {piece.strip()!r} is not a finite real number",
                            start + node.pos, text)
        vals.append(node.const.real)
        start += len(piece) + 1
    return _check_domain(vals)
