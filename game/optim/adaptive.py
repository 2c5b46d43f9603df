"""Per-coordinate step sizes, exactly as torch runs them: adagrad, rmsprop, adam.

Pure numpy. Conventions (shapes, ``t``, ``hp``, the returned new position) in
:mod:`game.optim.base`. Each rule follows torch's CPU path
(``_single_tensor_*``) operation by operation, with weight_decay 0,
maximize False, and amsgrad / centered / momentum / lr_decay off:

* ``torch/optim/adagrad.py``, ``_single_tensor_adagrad``::

      clr = lr / (1 + (step - 1) * lr_decay)          # = lr exactly (lr_decay 0)
      state_sum.addcmul_(grad, grad, value=1)
      std = state_sum.sqrt().add_(eps)
      param.addcdiv_(grad, std, value=-clr)

* ``torch/optim/rmsprop.py``, ``_single_tensor_rmsprop``::

      square_avg.mul_(alpha).addcmul_(grad, grad, value=1 - alpha)
      avg = square_avg.sqrt().add_(eps)
      param.addcdiv_(grad, avg, value=-lr)

* ``torch/optim/adam.py``, ``_single_tensor_adam``::

      exp_avg.lerp_(grad, 1 - beta1)
      exp_avg_sq.mul_(beta2).addcmul_(grad, grad, value=1 - beta2)
      bias_correction1 = 1 - beta1 ** step                # Python floats
      bias_correction2 = 1 - beta2 ** step
      step_size = lr / bias_correction1
      bias_correction2_sqrt = bias_correction2 ** 0.5
      denom = (exp_avg_sq.sqrt() / bias_correction2_sqrt).add_(eps)
      param.addcdiv_(exp_avg, denom, value=-step_size)

How torch's CPU kernels round, measured on torch 2.13 (AVX2/AVX-512): ``addcmul_``
is ``fma(value·t1, t2, self)``; ``lerp_(end, w)`` is ``fma(w, end − self, self)``
for ``|w| < 0.5`` and ``fma(w − 1, end − self, end)`` otherwise; ``addcdiv_`` is
``self + (value·t1)/t2`` and division by a number is a true division, both
rounded per operation. We do the same (:func:`game.optim.exact.fma`). The
square root is IEEE's, correctly rounded (torch's on CUDA and on builds without
MKL); torch's x86 CPU build takes ``sqrt`` from MKL's VML, which is off by one
unit in the last place for about 1 % of inputs, so there the iterates can
differ from ours at the rounding level. Moments and accumulators are gradient
statistics, not velocities: walls leave them alone (``bounce = ()``).
"""
from __future__ import annotations

import math

import numpy as np

from .base import OKABE_ITO, Hyper, Rule, lr_hyper
from .exact import FEW, fma, fma1


def _eps(default: float) -> Hyper:
    return Hyper("eps", default, 0.0, math.inf, "ε", "added to the denominator", lo_open=True)


# --- adagrad -----------------------------------------------------------------

def adagrad_init(n: int) -> dict:
    """``sum``: the accumulator, starting at torch's initial_accumulator_value 0."""
    return {"sum": np.zeros((2, n))}


def adagrad_step(x, g, H, state, t, hp):
    """``torch.optim.Adagrad(lr, lr_decay=0, eps, initial_accumulator_value=0)``.

    ``s ← s + g·g`` (one fma), then ``x ← x + ((−η)·g)/(√s + ε)``.

    >>> x, s = adagrad_step(np.array([[1.0], [1.0]]), np.array([[3.0], [0.0]]), None,
    ...                     adagrad_init(1), np.array([1]), {"lr": 0.5, "eps": 1e-10})
    >>> x.ravel().tolist(), s["sum"].ravel().tolist()     # 1 − 0.5·3/(3 + 1e-10)
    ([0.5000000000166667, 1.0], [9.0, 0.0])
    """
    s = state["sum"]
    if x.size <= FEW:
        try:
            return _adaptive_few(x, g, s, lambda gv, sv: fma1(gv, gv, sv), hp["lr"], hp["eps"]), state
        except ZeroDivisionError:                      # ε = 0 by hand: numpy's inf and NaN
            pass
    s[...] = fma(g, g, s)                              # addcmul_(g, g, value=1)
    std = np.sqrt(s) + hp["eps"]
    return x + ((-hp["lr"]) * g) / std, state          # addcdiv_(g, std, value=-clr)


# --- rmsprop -----------------------------------------------------------------

def rmsprop_init(n: int) -> dict:
    """``square_avg``: the running mean of g², starting at 0 as in torch."""
    return {"square_avg": np.zeros((2, n))}


def rmsprop_step(x, g, H, state, t, hp):
    """``torch.optim.RMSprop(lr, alpha, eps)`` (not centered, no momentum).

    ``v ← α·v + ((1 − α)·g)·g`` (the ``+`` fused with the last product), then
    ``x ← x + ((−η)·g)/(√v + ε)``: ε outside the square root.

    >>> x, s = rmsprop_step(np.array([[1.0], [1.0]]), np.array([[2.0], [0.0]]), None,
    ...                     rmsprop_init(1), np.array([1]),
    ...                     {"lr": 0.5, "alpha": 0.75, "eps": 1e-8})
    >>> s["square_avg"].ravel().tolist()
    [1.0, 0.0]
    """
    alpha = hp["alpha"]
    v = state["square_avg"]
    if x.size <= FEW:
        w = 1 - alpha
        try:
            return _adaptive_few(x, g, v, lambda gv, vv: fma1(w * gv, gv, vv * alpha),
                                 hp["lr"], hp["eps"]), state
        except ZeroDivisionError:
            pass
    np.multiply(v, alpha, out=v)
    v[...] = fma((1 - alpha) * g, g, v)
    avg = np.sqrt(v) + hp["eps"]
    return x + ((-hp["lr"]) * g) / avg, state


# --- adam --------------------------------------------------------------------

def adam_init(n: int) -> dict:
    """``exp_avg`` and ``exp_avg_sq``: the two moments, starting at 0 as in torch."""
    return {"exp_avg": np.zeros((2, n)), "exp_avg_sq": np.zeros((2, n))}


def bias_corrections(lr: float, beta1: float, beta2: float, t) -> tuple:
    """Per ball: ``step_size = lr / (1 − β1**t)`` and ``(1 − β2**t) ** 0.5``.

    Computed in Python floats, once per distinct step count, as torch does.

    >>> bias_corrections(0.1, 0.5, 0.75, np.array([1, 2, 1]))[0].tolist()
    [0.2, 0.13333333333333333, 0.2]
    """
    t = np.asarray(t)
    if t.size <= 16:                                   # a few balls: no sort
        ks = [float(k) for k in t.ravel().tolist()]
        return (np.array([lr / (1 - beta1 ** k) for k in ks]).reshape(t.shape),
                np.array([(1 - beta2 ** k) ** 0.5 for k in ks]).reshape(t.shape))
    steps, where = np.unique(t, return_inverse=True)
    size = np.array([lr / (1 - beta1 ** float(k)) for k in steps])
    root = np.array([(1 - beta2 ** float(k)) ** 0.5 for k in steps])
    return size[where], root[where]


def adam_step(x, g, H, state, t, hp):
    """``torch.optim.Adam(lr, betas=(β1, β2), eps)`` (no amsgrad, no weight decay).

    ``m ← m + (1 − β1)·(g − m)`` (torch's lerp_, one fma),
    ``v ← β2·v + ((1 − β2)·g)·g`` (one fma), then
    ``x ← x + ((−η/(1 − β1^t))·m)/(√v/√(1 − β2^t) + ε)``: both bias corrections,
    ε outside the square root and after the correction.

    >>> x, s = adam_step(np.array([[1.0], [1.0]]), np.array([[4.0], [0.0]]), None,
    ...                  adam_init(1), np.array([1]),
    ...                  {"lr": 0.5, "betas": (0.5, 0.75), "eps": 1e-8})
    >>> x.ravel().tolist()          # 1 − 1·2/(2/0.5 + 1e-8): the first step is ≈ η·sign(g)
    [0.50000000125, 1.0]
    """
    b1, b2 = hp["betas"]
    m, v = state["exp_avg"], state["exp_avg_sq"]
    w = 1 - b1
    if x.size <= FEW:
        try:
            return _adam_few(x, g, m, v, t, hp["lr"], b1, b2, hp["eps"]), state
        except ZeroDivisionError:
            pass
    if abs(w) < 0.5:                                   # lerp_(g, w), small weight
        m[...] = fma(w, g - m, m)
    else:
        m[...] = fma(w - 1, g - m, g)
    np.multiply(v, b2, out=v)
    v[...] = fma((1 - b2) * g, g, v)
    step_size, bc2_sqrt = bias_corrections(hp["lr"], b1, b2, t)
    denom = np.sqrt(v) / bc2_sqrt + hp["eps"]
    return x + ((-step_size) * m) / denom, state


def _sqrt(v: float) -> float:
    """``np.sqrt`` of one float: NaN below zero (a NaN either way)."""
    return math.sqrt(v) if v >= 0.0 else math.nan


def _adaptive_few(x, g, s, update, lr, eps):
    """Adagrad's or RMSprop's step for a few balls, on Python floats,
    operation for operation as over arrays (the same doubles): the statistic
    ``s`` becomes ``update(g, s)`` in place (once nothing can fail); the new
    position is returned."""
    new, out = [], []
    for xr, gr, sr in zip(x.tolist(), g.tolist(), s.tolist()):
        row = [update(gv, sv) for gv, sv in zip(gr, sr)]
        new.append(row)
        out.append([xv + ((-lr) * gv) / (_sqrt(sv) + eps) for xv, gv, sv in zip(xr, gr, row)])
    s[...] = new
    return np.array(out)


def _adam_few(x, g, m, v, t, lr, b1, b2, eps):
    """Adam's step for a few balls, on Python floats, operation for operation
    as over arrays (the same doubles); the moments are updated in place, once
    nothing can fail."""
    w = 1 - b1
    ks = [float(k) for k in t.tolist()]
    size = [-(lr / (1 - b1 ** k)) for k in ks]
    root = [(1 - b2 ** k) ** 0.5 for k in ks]
    ms, vs, out = [], [], []
    for xr, gr, mr, vr in zip(x.tolist(), g.tolist(), m.tolist(), v.tolist()):
        if abs(w) < 0.5:                               # lerp_(g, w), as in adam_step
            mn = [fma1(w, gv - mv, mv) for gv, mv in zip(gr, mr)]
        else:
            mn = [fma1(w - 1, gv - mv, gv) for gv, mv in zip(gr, mr)]
        vn = [fma1((1 - b2) * gv, gv, vv * b2) for gv, vv in zip(gr, vr)]
        ms.append(mn)
        vs.append(vn)
        out.append([xv + (s * mv) / (_sqrt(vv) / r + eps)
                    for xv, mv, vv, s, r in zip(xr, mn, vn, size, root)])
    m[...] = ms
    v[...] = vs
    return np.array(out)


_UNIT = Hyper("alpha", 0.99, 0.0, 1.0, "α", "smoothing constant", hi_open=True)

ADAGRAD = Rule(
    name="adagrad", label="Adagrad", colour=OKABE_ITO["bluish green"],
    hyper=(lr_hyper(0.1), _eps(1e-10)),
    second=None, needs_hess=False, bounce=(),
    rule_text="s ← s + g²  (s₀ = 0);  x ← x − η·g/(√s + ε)",
    note="s + g² is one fused multiply-add (torch's addcmul_); "
         "the step is x + ((−η)·g)/(√s + ε)",
    init=adagrad_init, step=adagrad_step,
)

RMSPROP = Rule(
    name="rmsprop", label="RMSprop", colour=OKABE_ITO["reddish purple"],
    hyper=(lr_hyper(0.01), _UNIT, _eps(1e-8)),
    second="alpha", needs_hess=False, bounce=(),
    rule_text="v ← α·v + (1 − α)·g²  (v₀ = 0);  x ← x − η·g/(√v + ε)",
    note="v ← fma((1 − α)·g, g, α·v), as torch's mul_ then addcmul_; "
         "the step is x + ((−η)·g)/(√v + ε)",
    init=rmsprop_init, step=rmsprop_step,
)

ADAM = Rule(
    name="adam", label="Adam", colour=OKABE_ITO["sky blue"],
    hyper=(lr_hyper(0.01),
           Hyper("betas", (0.9, 0.999), 0.0, 1.0, "β", "moment decay rates",
                 hi_open=True, pair=True),
           _eps(1e-8)),
    second="beta1", needs_hess=False, bounce=(),
    rule_text="m ← β₁·m + (1 − β₁)·g;  v ← β₂·v + (1 − β₂)·g²  (m₀ = v₀ = 0, t = 1, 2, …);  "
              "x ← x − (η/(1 − β₁ᵗ))·m/(√v/√(1 − β₂ᵗ) + ε)",
    note="m ← fma(1 − β₁, g − m, m) if β₁ > 0.5, else fma((1 − β₁) − 1, g − m, g) "
         "(torch's lerp_); v ← fma((1 − β₂)·g, g, β₂·v); η/(1 − β₁ᵗ) and "
         "(1 − β₂ᵗ)**0.5 in Python floats",
    init=adam_init, step=adam_step,
)
