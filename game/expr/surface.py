"""``make_surface``: typed text → a :class:`~game.surfaces.Surface` with
f, its exact gradient and Hessian, broadcasting like the built-in surfaces."""
from __future__ import annotations

import numpy as np

from game.surfaces import Surface

from .derive import _compile, derivatives
from .domain import _check_domain
from .evaluate import _clean, _eval_tree
from .parser import parse, to_text


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
