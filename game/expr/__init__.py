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

The package, one concern a file:

- ``tree``: the vocabulary, the ``MAX_*`` caps, :class:`ExprError` and the
  :class:`Node` tree;
- ``parser``: the tokenizer, the recursive-descent parser and ``to_text``;
- ``domain``: ``parse_domain`` and the domain checks;
- ``evaluate``: f evaluated by walking the tree with numpy, NaN cleaning;
- ``derive``: the sympy side: size forecasts, exact derivatives, lambdify;
- ``surface``: ``make_surface``, which puts them together.
"""
from __future__ import annotations

from .derive import derivatives
from .domain import parse_domain
from .parser import parse, to_text
from .surface import make_surface
from .tree import (CONSTANTS, FUNCTIONS, MAX_DEPTH, MAX_EXACT_BITS, MAX_EXPONENT,
                   MAX_GRAD_NODES, MAX_HESS_NODES, MAX_LENGTH, MAX_NODES, MAX_NUMBER_EXP,
                   VARIABLES, ExprError, Node)

__all__ = ["CONSTANTS", "FUNCTIONS", "MAX_DEPTH", "MAX_EXACT_BITS", "MAX_EXPONENT",
           "MAX_GRAD_NODES", "MAX_HESS_NODES", "MAX_LENGTH", "MAX_NODES", "MAX_NUMBER_EXP",
           "VARIABLES", "ExprError", "Node", "derivatives", "make_surface", "parse",
           "parse_domain", "to_text"]
