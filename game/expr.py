"""A user's own surface f(x, y), typed as text.

The text is read by a small tokenizer and a recursive-descent parser into a
tree of whitelisted nodes; nothing in it is ever passed to ``eval``/``exec``
(nor to sympy's ``parse_expr``/``sympify``, which use ``eval``). The tree is
then turned into a sympy expression by building sympy objects directly, sympy
differentiates it exactly, and ``sympy.lambdify`` compiles the derivatives to
vectorized numpy functions. f itself is evaluated by walking the tree with
numpy, so its domain is exactly what was typed.

Grammar (loosest binding first)::

    expr   := term (('+' | '-') term)*
    term   := unary (('*' | '/') unary)*
    unary  := ('+' | '-') unary | power
    power  := atom (('^' | '**') unary)?       # right-associative
    atom   := NUMBER | 'x' | 'y' | 'pi' | 'e'
            | FUNC '(' expr ')' | '(' expr ')'
    FUNC   := sin cos tan exp log sqrt abs tanh sinh cosh atan
    NUMBER := 12 | 1.5 | .5 | 1e-3 | 2.5E+4

So ``-x^2`` is ``-(x^2)``, ``2^3^2`` is ``2^(3^2) = 512`` and ``2^-x`` is
allowed. ``^`` means power (as does ``**``); the Unicode minus ``−`` is read as
``-``. There is no implicit multiplication: write ``2*x``, not ``2x``.

Costs are bounded (see the ``MAX_*`` constants): text length, nesting depth,
node count, the size of constant exponents, the size of the exact numbers that
sympy would build, and the size of the derivatives. Anything refused raises
:class:`ExprError`, a ``ValueError`` whose message names the column.

sympy is imported only inside the functions that need it.

>>> s = make_surface("x^2 + 3*y")
>>> s.formula
'f = x^2 + 3*y'
>>> s.f([1.0, 2.0]).item(), s.grad([1.0, 2.0]).tolist()
(7.0, [2.0, 3.0])
>>> parse("2x")
Traceback (most recent call last):
  ...
game.expr.ExprError: missing operator between '2' and 'x' (write 2*x) at column 2
"""
from __future__ import annotations

import cmath
import functools
import math
import re
from dataclasses import dataclass
from fractions import Fraction

import numpy as np

from game.surfaces import Surface

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


# --- tokenizer ---------------------------------------------------------------

_TOKEN = re.compile(r"""
    (?P<num>(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE](?P<exp>[+-]?[0-9]+))?)
  | (?P<name>[A-Za-z_][A-Za-z_0-9]*)
  | (?P<op>\*\*|[-+*/^(),\u2212])
  | (?P<space>[ \t\r\n]+)
""", re.VERBOSE)


@dataclass(frozen=True)
class _Tok:
    kind: str   # 'num', 'name', 'op' or 'end'
    text: str
    pos: int


def _tokenize(text: str) -> list[_Tok]:
    toks, i = [], 0
    while i < len(text):
        m = _TOKEN.match(text, i)
        if m is None:
            raise ExprError(f"unexpected character {text[i]!r}", i, text)
        kind = m.lastgroup if m.lastgroup != "exp" else "num"
        word = m.group()
        if kind == "num":
            exp = m.group("exp")
            if exp is not None and abs(int(exp)) > MAX_NUMBER_EXP:
                raise ExprError(f"number {word} is out of range", i, text)
            if not math.isfinite(float(word)):
                raise ExprError(f"number {word[:20]} is too large", i, text)
        elif kind == "name" and word not in FUNCTIONS + VARIABLES + tuple(CONSTANTS):
            hint = " (write x*y)" if set(word) <= {"x", "y"} else ""
            raise ExprError(f"unknown name {word[:30]!r}{hint}", i, text)
        if kind != "space":
            toks.append(_Tok(kind, "-" if word == "\u2212" else word, i))
        i = m.end()
    toks.append(_Tok("end", "", len(text)))
    return toks


# --- constant folding (complex floats, never raises) -------------------------

_CMATH = {"sin": cmath.sin, "cos": cmath.cos, "tan": cmath.tan, "exp": cmath.exp,
          "log": cmath.log, "sqrt": cmath.sqrt, "abs": abs, "tanh": cmath.tanh,
          "sinh": cmath.sinh, "cosh": cmath.cosh, "atan": cmath.atan}
_NAN, _INF = complex("nan"), complex("inf")


def _fold(fn, *args) -> complex:
    if any(a is None for a in args):
        return None
    try:
        return complex(fn(*args))
    except OverflowError:
        return _INF
    except (ValueError, ZeroDivisionError, TypeError):
        return _NAN


_EXPONENT_RANGE = (f"exponent out of range (a constant exponent must lie in"
                   f" [-{MAX_EXPONENT}, {MAX_EXPONENT}])")
_TOO_LARGE = "numbers grow too large (use a smaller exponent or base)"
_BINARY = {"+": lambda a, b: a + b, "-": lambda a, b: a - b,
           "*": lambda a, b: a * b, "/": lambda a, b: a / b,
           "^": lambda a, b: a ** b}


# --- parser --------------------------------------------------------------------

class _Parser:
    def __init__(self, text: str):
        self.text, self.toks, self.i = text, _tokenize(text), 0
        self.depth = self.nodes = 0

    def fail(self, reason: str, pos: int | None):
        raise ExprError(reason, pos, self.text)

    def peek(self) -> _Tok:
        return self.toks[self.i]

    def take(self) -> _Tok:
        tok = self.toks[self.i]
        self.i += 1
        return tok

    def node(self, kind, args=(), value="", pos=0, const=None, bits=0) -> Node:
        self.nodes += 1
        if self.nodes > MAX_NODES:
            self.fail(f"expression has too many parts (max {MAX_NODES})", pos)
        if bits > MAX_EXACT_BITS:
            self.fail(_TOO_LARGE, pos)
        return Node(kind, tuple(args), value, pos, const, bits)

    def unexpected(self, j: int, wanted: str):
        """Refuse token ``j``; say "missing operator" when that is the likely slip."""
        tok, prev = self.toks[j], self.toks[j - 1] if j else None
        if tok.kind == "end":
            self.fail(f"{wanted}, found end of text", tok.pos)
        if prev is not None and (prev.kind == "num" or prev.text == ")"
                                 or (prev.kind == "name" and prev.text not in FUNCTIONS)):
            if tok.kind in ("num", "name"):
                hint = ("write * to multiply" if prev.text == ")" else f"write {prev.text}*"
                        + tok.text + ("(...)" if tok.text in FUNCTIONS else ""))
                self.fail(f"missing operator between {prev.text!r} and {tok.text!r} ({hint})",
                          tok.pos)
            if tok.text == "(":
                self.fail("missing operator before '(' (write * to multiply)", tok.pos)
        if tok.text == ",":
            self.fail("unexpected ',' (functions take one argument)", tok.pos)
        self.fail(f"{wanted}, found {tok.text!r}", tok.pos)

    def parse(self) -> Node:
        if self.peek().kind == "end":
            self.fail("empty expression", 0)
        tree = self.expr()
        tok = self.peek()
        if tok.kind != "end":
            if tok.text == ")":
                self.fail("unexpected ')' with no matching '('", tok.pos)
            self.unexpected(self.i, "expected an operator")
        return tree

    def expr(self) -> Node:
        left = self.term()
        while self.peek().text in ("+", "-"):
            op = self.take().text
            left = self.binary(op, left, self.term())
        return left

    def term(self) -> Node:
        left = self.unary()
        while self.peek().text in ("*", "/"):
            op = self.take().text
            left = self.binary(op, left, self.unary())
        return left

    def unary(self) -> Node:
        tok = self.peek()
        self.depth += 1
        if self.depth > MAX_DEPTH:
            self.fail(f"too deeply nested (max depth {MAX_DEPTH})", tok.pos)
        if tok.text in ("+", "-"):
            self.take()
            inner = self.unary()
            if tok.text == "+":
                out = inner
            else:
                out = self.node("neg", (inner,), pos=tok.pos, bits=inner.bits,
                                const=_fold(lambda a: -a, inner.const))
        else:
            out = self.power()
        self.depth -= 1
        return out

    def power(self) -> Node:
        base = self.atom()
        if self.peek().text not in ("^", "**"):
            return base
        self.take()
        exp = self.unary()
        bits = base.bits + exp.bits
        if exp.const is not None:
            exact = _exact(exp)  # floats can cancel: (10^300 + 10^200) - 10^300 is not 0
            n = abs(exp.const) if exact is None else abs(exact)
            if not (math.isfinite(n) and n <= MAX_EXPONENT):
                self.fail(_EXPONENT_RANGE, exp.pos)
            bits = max(1, math.ceil(n)) * base.bits + exp.bits
            if bits > MAX_EXACT_BITS:
                self.fail(_TOO_LARGE, exp.pos)
        return self.binary("^", base, exp, bits)

    def binary(self, op: str, a: Node, b: Node, bits: int | None = None) -> Node:
        return self.node(op, (a, b), pos=a.pos, const=_fold(_BINARY[op], a.const, b.const),
                         bits=a.bits + b.bits if bits is None else bits)

    def atom(self) -> Node:
        tok = self.take()
        if tok.kind == "num":
            q = Fraction(tok.text)
            bits = q.numerator.bit_length() + q.denominator.bit_length()
            return self.node("num", value=tok.text, pos=tok.pos, bits=bits,
                             const=complex(float(tok.text)))
        if tok.kind == "name" and tok.text in VARIABLES:
            return self.node("var", value=tok.text, pos=tok.pos)
        if tok.kind == "name" and tok.text in CONSTANTS:
            return self.node("const", value=tok.text, pos=tok.pos, bits=1,
                             const=complex(CONSTANTS[tok.text]))
        if tok.kind == "name":  # a function
            if self.peek().text != "(":
                self.unexpected(self.i, f"expected '(' after {tok.text}")
            arg = self.group()
            return self.node("call", (arg,), tok.text, tok.pos, bits=arg.bits,
                             const=_fold(_CMATH[tok.text], arg.const))
        if tok.text == "(":
            self.i -= 1
            return self.group()
        self.unexpected(self.i - 1, "expected a number, x, y, a function or '('")

    def group(self) -> Node:
        """``'(' expr ')'``; the caller has checked the '('."""
        opening = self.take()
        if self.peek().text == ")":
            self.fail("expected an expression inside '()'", self.peek().pos)
        inner = self.expr()
        tok = self.take()
        if tok.text != ")":
            if tok.kind == "end":
                self.fail("unclosed '('", opening.pos)
            self.unexpected(self.i - 1, "expected ')'")
        return inner


def parse(text: str) -> Node:
    """Parse ``text`` into a :class:`Node` tree, or raise :class:`ExprError`.

    >>> parse("2^3^2").const
    (512+0j)
    >>> parse("x.__class__")
    Traceback (most recent call last):
      ...
    game.expr.ExprError: unexpected character '.' at column 2
    """
    if not isinstance(text, str):
        raise ExprError(f"expected text, got {type(text).__name__}")
    if len(text) > MAX_LENGTH:
        raise ExprError(f"expression too long ({len(text)} characters, max {MAX_LENGTH})",
                        MAX_LENGTH, text)
    return _Parser(text).parse()


# --- back to text ----------------------------------------------------------

_PREC = {"+": 1, "-": 1, "*": 2, "/": 2, "neg": 3, "^": 4}


def to_text(node: Node) -> str:
    """Normalised text with only the parentheses needed.

    >>> to_text(parse("((x)) ** 2 -(-y)*3"))
    'x^2 - -y*3'
    """
    prec = _PREC.get(node.kind, 5)

    def wrap(child: Node, need: int) -> str:
        s = to_text(child)
        return f"({s})" if _PREC.get(child.kind, 5) < need else s

    if node.kind in ("num", "var", "const"):
        return node.value
    if node.kind == "call":
        return f"{node.value}({to_text(node.args[0])})"
    if node.kind == "neg":
        return "-" + wrap(node.args[0], 4)
    a, b = node.args
    if node.kind == "^":
        return wrap(a, 5) + "^" + wrap(b, 3)
    sep = f" {node.kind} " if prec == 1 else node.kind
    return wrap(a, prec) + sep + wrap(b, prec + 1)


# --- numpy evaluation of the tree ----------------------------------------------

_NUMPY = {"sin": np.sin, "cos": np.cos, "tan": np.tan, "exp": np.exp, "log": np.log,
          "sqrt": np.sqrt, "abs": np.abs, "tanh": np.tanh, "sinh": np.sinh,
          "cosh": np.cosh, "atan": np.arctan, "sign": np.sign}
_NP_BINARY = {"+": np.add, "-": np.subtract, "*": np.multiply, "/": np.divide,
              "^": np.power}


def _eval_tree(node: Node, x, y):
    if node.kind == "var":
        return x if node.value == "x" else y
    if node.kind == "num":
        return float(node.value)
    if node.kind == "const":
        return CONSTANTS[node.value]
    if node.kind == "neg":
        return np.negative(_eval_tree(node.args[0], x, y))
    if node.kind == "call":
        return _NUMPY[node.value](_eval_tree(node.args[0], x, y))
    a, b = node.args
    return _NP_BINARY[node.kind](_eval_tree(a, x, y), _eval_tree(b, x, y))


def _clean(value, shape) -> np.ndarray:
    """``value`` as a float array of ``shape``: complex, ±inf → NaN."""
    v = np.asarray(value)
    if np.iscomplexobj(v):
        v = np.where(v.imag == 0, v.real, np.nan)
    v = np.array(np.broadcast_to(v.astype(float, copy=False), shape))
    v[~np.isfinite(v)] = np.nan
    return v


# --- sympy --------------------------------------------------------------------

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


def _compile(exprs):
    import sympy

    # 1/0 and log(0) fold to sympy's zoo, which the numpy printer can't print.
    exprs = [e.xreplace({sympy.zoo: sympy.nan}) for e in exprs]
    # lambdify exec()s code that sympy prints from the expressions built above
    # out of vetted nodes; the user's text never reaches it.
    try:
        return sympy.lambdify(_sympy_kit()[:2], exprs, cse=True, modules=[_NUMPY, "numpy"])
    except Exception as err:  # noqa: BLE001 - an unforeseen sympy corner: refuse, not crash
        raise ExprError(f"cannot compile the derivatives ({type(err).__name__})") from None


def make_surface(text: str, domain=(-2.0, 2.0, -2.0, 2.0)) -> Surface:
    """A :class:`~game.surfaces.Surface` for the typed ``text``.

    f, grad and hess follow the surfaces conventions (coordinates on axis 0,
    results broadcast to the input's shape). Where f is undefined, f, its
    gradient and its Hessian are NaN: no warning, no exception.
    """
    domain = _check_domain(domain)
    tree = parse(text)
    _, grad_exprs, hess_exprs = derivatives(tree, text)
    grad_fn, hess_fn = _compile(grad_exprs), _compile(hess_exprs)

    def f(p):
        p = np.asarray(p, dtype=float)
        with np.errstate(all="ignore"):
            return _clean(_eval_tree(tree, p[0], p[1]), p.shape[1:])

    def grad(p):
        p = np.asarray(p, dtype=float)
        with np.errstate(all="ignore"):
            out = np.array([_clean(c, p.shape[1:]) for c in grad_fn(p[0], p[1])])
        return np.where(np.isnan(f(p)), np.nan, out)

    def hess(p):
        p = np.asarray(p, dtype=float)
        with np.errstate(all="ignore"):
            hxx, hxy, hyy = (_clean(c, p.shape[1:]) for c in hess_fn(p[0], p[1]))
        out = np.array([[hxx, hxy], [hxy, hyy]])
        return np.where(np.isnan(f(p)), np.nan, out)

    norm = to_text(tree)
    return Surface(name="custom", formula=f"f = {norm}", f=f, grad=grad, hess=hess,
                   domain=domain, critical_points=(), log_color=False,
                   about="your own function",
                   extra={"text": norm, "tree": tree,
                          "grad_text": tuple(str(g) for g in grad_exprs)})


# --- domain ------------------------------------------------------------------

def _check_domain(domain) -> tuple[float, float, float, float]:
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
