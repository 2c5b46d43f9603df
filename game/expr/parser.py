"""Text → :class:`~game.expr.tree.Node` tree and back: a regex tokenizer, a
recursive-descent parser that enforces the ``MAX_*`` caps as it goes and folds
constant subtrees in complex floats, and ``to_text``. Nothing here calls
``eval``."""
from __future__ import annotations

import cmath
import math
import re
from dataclasses import dataclass
from fractions import Fraction

from .tree import (_EXPONENT_RANGE, _TOO_LARGE, CONSTANTS, FUNCTIONS, MAX_DEPTH,
                   MAX_EXACT_BITS, MAX_EXPONENT, MAX_LENGTH, MAX_NODES, MAX_NUMBER_EXP,
                   VARIABLES, ExprError, Node, _exact)

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
            if exact is not None:   # compared exactly: float(Fraction(10**600)) raises
                n, ok = abs(exact), abs(exact) <= MAX_EXPONENT
            else:
                n = abs(exp.const)
                ok = math.isfinite(n) and n <= MAX_EXPONENT
            if not ok:
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
