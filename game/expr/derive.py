"""The sympy side: the tree built into a sympy expression (never from text),
derivative sizes forecast before sympy differentiates, exact first and second
derivatives, and their compilation to numpy with ``sympy.lambdify``.

sympy is imported only inside the functions that need it."""
from __future__ import annotations

import functools
import math
from fractions import Fraction

import numpy as np

from .evaluate import _NUMPY, _eval_tree
from .tree import (_EXPONENT_RANGE, _TOO_LARGE, MAX_EXACT_BITS, MAX_EXPONENT,
                   MAX_GRAD_NODES, MAX_HESS_NODES, ExprError, Node, _exact)

_DERIVATIVE = {  # d/du f(u), written with the kit's own functions F
    "sin": lambda F, u: F["cos"](u),
    "cos": lambda F, u: -F["sin"](u),
    "tan": lambda F, u: 1 + F["tan"](u) ** 2,
    "exp": lambda F, u: F["exp"](u),
    "log": lambda F, u: 1 / u,
    "sqrt": lambda F, u: 1 / (2 * F["sqrt"](u)),
    "abs": lambda F, u: F["sign"](u),
    "sign": lambda F, u: 0 * u,
    "tanh": lambda F, u: 1 - F["tanh"](u) ** 2,
    "sinh": lambda F, u: F["cosh"](u),
    "cosh": lambda F, u: F["sinh"](u),
    "atan": lambda F, u: 1 / (1 + u ** 2),
}


@functools.cache
def _sympy_kit():
    """``(x, y, F)``: plain symbols and bare sympy functions ``F[name]`` that
    know only their derivative (|u|' = sign(u), sign' = 0: curvature away from
    the kink). sympy's own sin, tanh, Abs... also consult its assumption
    system, which can take minutes on small nested input such as
    tanh(tanh(tanh(x - y) - y) - y) or abs(abs(abs(x - y) - y) - y)."""
    import sympy

    F = {}
    for name, rule in _DERIVATIVE.items():
        F[name] = type(name, (sympy.Function,), {
            "nargs": 1,
            "fdiff": lambda self, argindex=1, rule=rule: rule(F, self.args[0]),
        })
    return sympy.Symbol("x"), sympy.Symbol("y"), F


def _plain_constant(node: Node) -> bool:
    """A constant made of numbers, pi, e, + - * / and integer powers: sympy
    keeps it exact cheaply. Other constants (sin(2), 2^0.3...) become Floats,
    since asking sympy about their sign can take it seconds."""
    if node.kind in ("num", "const"):
        return True
    if node.kind == "call" or node.const is None:
        return False
    if node.kind == "^":
        n = _exact(node.args[1])
        return n is not None and n.denominator == 1 and _plain_constant(node.args[0])
    return all(_plain_constant(a) for a in node.args)


def _to_sympy(node: Node, symbols: dict, text: str = ""):
    """Build the sympy expression from whitelisted nodes (no text reaches sympy).

    sympy simplifies as it builds, so ``(2*x)^(x - x + 10^200)`` only shows its
    integer exponent here: exponents that turn out to be numbers are checked
    again, with the exact size of the power they would compute."""
    import sympy

    F = _sympy_kit()[2]
    if node.kind == "var":
        return symbols[node.value]
    if node.const is not None and not _plain_constant(node):
        with np.errstate(all="ignore"):
            v = float(_eval_tree(node, 0.0, 0.0))
        return sympy.Float(v) if math.isfinite(v) else sympy.nan
    if node.kind == "num":
        q = Fraction(node.value)
        return sympy.Rational(q.numerator, q.denominator)
    if node.kind == "const":
        return sympy.pi if node.value == "pi" else sympy.E
    if node.kind == "neg":
        return -_to_sympy(node.args[0], symbols, text)
    if node.kind == "call":
        return F[node.value](_to_sympy(node.args[0], symbols, text))
    a, b = (_to_sympy(arg, symbols, text) for arg in node.args)
    if node.kind == "^" and b.is_Number:
        if not (b.is_finite and abs(b) <= MAX_EXPONENT):
            raise ExprError(_EXPONENT_RANGE, node.args[1].pos, text)
        c = a if a.is_Rational else a.as_coeff_Mul()[0] if a.is_Mul else sympy.S.One
        if c.is_Rational and (abs(c.p).bit_length() + c.q.bit_length()) * math.ceil(abs(b)) > MAX_EXACT_BITS:
            raise ExprError(_TOO_LARGE, node.args[1].pos, text)
    if node.kind == "^" and b.free_symbols:  # exponent depends on x, y
        if node.args[0].kind == "const" and node.args[0].value == "e":
            return F["exp"](b)
        if a.free_symbols:
            return F["exp"](b * F["log"](a))  # u^v: keeps sympy's own log out
    return {"+": lambda: a + b, "-": lambda: a - b, "*": lambda: a * b,
            "/": lambda: a / b, "^": lambda: a ** b}[node.kind]()


def _count(expr, limit: int) -> int:
    """Nodes of a sympy expression, stopping early past ``limit``."""
    import sympy

    n = 0
    for _ in sympy.preorder_traversal(expr):
        n += 1
        if n > limit:
            break
    return n


def _diff_size(expr, var) -> int:
    """Estimated node count of d(expr)/d(var) by the textbook rules, before
    any simplification: a cheap, linear-time forecast of sympy's work."""
    sizes, memo = {}, {}

    def size(e):
        if id(e) not in sizes:
            sizes[id(e)] = 1 + sum(size(a) for a in e.args)
        return sizes[id(e)]

    def d(e):
        if id(e) in memo:
            return memo[id(e)]
        ds = [d(a) for a in e.args]
        if e == var or not any(ds):
            r = int(e == var)
        elif e.is_Add:
            r = 1 + sum(ds)
        elif e.is_Mul:  # product rule
            total = sum(size(a) for a in e.args)
            r = 1 + sum(di + total - size(a) + 1 for a, di in zip(e.args, ds) if di)
        elif e.is_Pow:
            (b, p), (db, dp) = e.args, ds
            r = 2 + (size(p) + size(b) + db + 3 if db else 0) + (size(e) + dp + size(b) + 2 if dp else 0)
        else:  # f(u)' = f'(u) * u'
            r = sum(ds) + size(e) + 5
        memo[id(e)] = r
        return r

    return d(expr)


def derivatives(node: Node, text: str = ""):
    """Exact ``(f, (fx, fy), (fxx, fxy, fyy))`` as sympy expressions.

    Raises :class:`ExprError` when the derivatives would grow past the caps;
    the size is forecast before sympy is asked, and checked afterwards.
    """
    import sympy

    X, Y = _sympy_kit()[:2]
    f = _to_sympy(node, {"x": X, "y": Y}, text)
    too_big = "f is too complex: its {} would have over {} terms (simplify or nest less)"
    if _diff_size(f, X) + _diff_size(f, Y) > MAX_GRAD_NODES:
        raise ExprError(too_big.format("gradient", MAX_GRAD_NODES))
    fx, fy = sympy.diff(f, X), sympy.diff(f, Y)
    if _count(fx, MAX_GRAD_NODES) + _count(fy, MAX_GRAD_NODES) > MAX_GRAD_NODES:
        raise ExprError(too_big.format("gradient", MAX_GRAD_NODES))
    pairs = ((fx, X), (fx, Y), (fy, Y))
    if sum(_diff_size(d, v) for d, v in pairs) > MAX_HESS_NODES:
        raise ExprError(too_big.format("Hessian", MAX_HESS_NODES))
    hess = tuple(sympy.diff(d, v) for d, v in pairs)
    if sum(_count(h, MAX_HESS_NODES) for h in hess) > MAX_HESS_NODES:
        raise ExprError(too_big.format("Hessian", MAX_HESS_NODES))
    return f, (fx, fy), hess


# Exact numbers beyond this size are printed as float literals (see `_as_floats`).
_MACHINE_INT = 2 ** 53


def _as_floats(expr):
    """``expr`` with every exact number too large for a float64 written as a
    sympy Float of 17 significant digits.

    lambdify prints a sympy Integer as a Python int and a Rational ``p/q`` as
    an int division. Python ints beyond float64 then meet numpy floats:
    ``10**320*x`` raises OverflowError ("int too large to convert to float"),
    and so does ``p/q`` when the quotient is beyond the float range. As a
    Float literal, ``1.0e+320`` reads as ``inf`` and ``1.0e-600`` as ``0.0``:
    float arithmetic then gives inf or NaN, which the caller turns into NaN,
    the same answer f itself gives by walking the tree in floats. Numbers that
    fit (``2``, ``1/3``) stay exact. 17 digits round-trip every float64.

    >>> import sympy
    >>> x = sympy.Symbol("x")
    >>> _as_floats(sympy.Integer(10) ** 320 * x + sympy.Rational(1, 3))
    1.0e+320*x + 1/3
    """
    import sympy

    big = {r: sympy.Float(r, 17) for r in expr.atoms(sympy.Rational)
           if abs(r.p) > _MACHINE_INT or r.q > _MACHINE_INT}
    return expr.xreplace(big) if big else expr


def _compile(exprs):
    import sympy

    # 1/0 and log(0) fold to sympy's zoo, which the numpy printer can't print.
    exprs = [_as_floats(e.xreplace({sympy.zoo: sympy.nan})) for e in exprs]
    # lambdify exec()s code that sympy prints from the expressions built above
    # out of vetted nodes; the user's text never reaches it.
    try:
        return sympy.lambdify(_sympy_kit()[:2], exprs, cse=True, modules=[_NUMPY, "numpy"])
    except Exception as err:  # noqa: BLE001 - an unforeseen sympy corner: refuse, not crash
        raise ExprError(f"cannot compile the derivatives ({type(err).__name__})") from None
