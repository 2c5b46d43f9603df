"""The SGD family, exactly as ``torch.optim.SGD`` runs on the CPU: gd, momentum, nesterov.

Pure numpy. Conventions (shapes, ``t``, ``hp``, the returned new position) in
:mod:`game.optim.base`.

Followed operation by operation: ``torch/optim/sgd.py``, ``_single_tensor_sgd``
(torch's CPU path: foreach is only the default on CUDA), with dampening 0,
weight_decay 0, maximize False::

    if momentum != 0:
        if buf is None: buf = grad.detach().clone()        # step 1: b ← g
        else: buf.mul_(momentum).add_(grad, alpha=1 - dampening)   # b ← μ·b + g
        grad = grad.add(buf, alpha=momentum) if nesterov else buf
    param.add_(grad, alpha=-lr)

torch's CPU kernels compute ``add_(y, alpha=a)`` and ``x.add(y, alpha=a)``
as one fused multiply-add ``fma(a, y, x)`` (rounded once) on AVX2/AVX-512 and
aarch64, so do we (:func:`game.optim.exact.fma`). ``mul_`` followed by
``add_`` with alpha 1 rounds twice, as written. The momentum buffer is the
ball's velocity (up to the factor −η), so it is reflected at walls
(``bounce = ("buf",)``).
"""
from __future__ import annotations

import numpy as np

from .base import OKABE_ITO, Hyper, Rule, lr_hyper
from .exact import FEW, fma, fma1


def _momentum(default=0.9, *, positive=False) -> Hyper:
    return Hyper("momentum", default, 0.0, 1.0, "μ", "momentum factor",
                 lo_open=positive, hi_open=True)


def gd_init(n: int) -> dict:
    """Plain gradient descent keeps no state."""
    return {}


def gd_step(x, g, H, state, t, hp):
    """``torch.optim.SGD(lr)``: ``x ← x − η·g``, computed as ``fma(−η, g, x)``.

    >>> x, _ = gd_step(np.array([[1.0], [2.0]]), np.array([[2.0], [4.0]]), None, {},
    ...                np.array([1]), {"lr": 0.25})
    >>> x.ravel().tolist()
    [0.5, 1.0]
    """
    return fma(-hp["lr"], g, x), state


def momentum_init(n: int) -> dict:
    """``buf``: torch's momentum buffer, one column per ball (unset until step 1)."""
    return {"buf": np.zeros((2, n))}


def _update_buf(buf, g, t, mu):
    """torch's buffer: ``b ← g`` on step 1, then ``b ← μ·b + g`` (two roundings)."""
    np.multiply(buf, mu, out=buf)
    np.add(buf, g, out=buf)
    first = t == 1
    if first.any():
        buf[:, first] = g[:, first]
    return buf


def momentum_step(x, g, H, state, t, hp):
    """``torch.optim.SGD(lr, momentum)``, the heavy ball.

    Step 1: ``b ← g``; later steps: ``b ← μ·b + g``; then ``x ← x − η·b``
    (as ``fma(−η, b, x)``).

    >>> s = momentum_init(1)
    >>> x, s = momentum_step(np.array([[1.0], [0.0]]), np.array([[2.0], [0.0]]), None, s,
    ...                      np.array([1]), {"lr": 0.5, "momentum": 0.5})
    >>> x.ravel().tolist(), s["buf"].ravel().tolist()
    ([0.0, 0.0], [2.0, 0.0])
    >>> x, s = momentum_step(x, np.array([[0.0], [0.0]]), None, s, np.array([2]),
    ...                      {"lr": 0.5, "momentum": 0.5})
    >>> x.ravel().tolist()
    [-0.5, 0.0]
    """
    if x.size <= FEW:
        return _heavy_few(x, g, state, t, hp["lr"], hp["momentum"], False), state
    buf = _update_buf(state["buf"], g, t, hp["momentum"])
    return fma(-hp["lr"], buf, x), state


def nesterov_step(x, g, H, state, t, hp):
    """``torch.optim.SGD(lr, momentum, nesterov=True)``.

    Step 1: ``b ← g``; later: ``b ← μ·b + g``; then ``d ← g + μ·b`` (as
    ``fma(μ, b, g)``) and ``x ← x − η·d`` (as ``fma(−η, d, x)``).

    >>> x, s = nesterov_step(np.array([[1.0], [0.0]]), np.array([[2.0], [0.0]]), None,
    ...                      momentum_init(1), np.array([1]), {"lr": 0.25, "momentum": 0.5})
    >>> x.ravel().tolist()
    [0.25, 0.0]
    """
    mu = hp["momentum"]
    if x.size <= FEW:
        return _heavy_few(x, g, state, t, hp["lr"], mu, True), state
    buf = _update_buf(state["buf"], g, t, mu)
    return fma(-hp["lr"], fma(mu, buf, g), x), state


def _heavy_few(x, g, state, t, lr, mu, nesterov):
    """The momentum or Nesterov step for a few balls, on Python floats,
    operation for operation as over arrays (the same doubles): the new
    position; the buffer is updated in place."""
    first = [k == 1 for k in t.tolist()]
    bufs, out = [], []
    for br, gr, xr in zip(state["buf"].tolist(), g.tolist(), x.tolist()):
        b = [gv if one else bv * mu + gv for bv, gv, one in zip(br, gr, first)]
        bufs.append(b)
        if nesterov:
            out.append([fma1(-lr, fma1(mu, bv, gv), xv) for bv, gv, xv in zip(b, gr, xr)])
        else:
            out.append([fma1(-lr, bv, xv) for bv, xv in zip(b, xr)])
    state["buf"][...] = bufs
    return np.array(out)


GD = Rule(
    name="gd", label="GD", colour=OKABE_ITO["blue"],
    hyper=(lr_hyper(0.01),),
    second=None, needs_hess=False, bounce=(),
    rule_text="x ← x − η·g",
    note="x − η·g is one fused multiply-add (rounded once), as torch's add_(g, alpha=−lr)",
    init=gd_init, step=gd_step,
)

MOMENTUM = Rule(
    name="momentum", label="Momentum", colour=OKABE_ITO["orange"],
    hyper=(lr_hyper(0.005), _momentum()),
    second="momentum", needs_hess=False, bounce=("buf",),
    rule_text="b ← g on step 1, else b ← μ·b + g;  x ← x − η·b",
    note="μ·b + g rounds twice; x − η·b is one fused multiply-add, as torch's add_",
    init=momentum_init, step=momentum_step,
)

NESTEROV = Rule(
    name="nesterov", label="Nesterov", colour=OKABE_ITO["vermillion"],
    hyper=(lr_hyper(0.005), _momentum(positive=True)),
    second="momentum", needs_hess=False, bounce=("buf",),
    rule_text="b ← g on step 1, else b ← μ·b + g;  d ← g + μ·b;  x ← x − η·d",
    note="μ·b + g rounds twice; g + μ·b and x − η·d are fused multiply-adds, as torch's add",
    init=momentum_init, step=nesterov_step,
)

