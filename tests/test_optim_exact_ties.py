"""The fused multiply-add where rounding ``sl + pl`` to odd decides the result.

``fma`` rounds the low parts' sum to odd only where ``sh + RN(sl + pl)`` is
exactly half-way between two doubles and ``sl + pl`` was inexact. Such
inputs are rare by chance, so they are built here: ``a·b = ±2⁻⁵³·(1 ± 2⁻⁶⁴)``
(2⁶⁴ + 1 = 274177 · 67280421310721 and 2⁶⁴ − 1 = 4294967295 · 4294967297),
so that ``RN(a·b) = ±2⁻⁵³`` is half an ulp of any ``c`` in [1, 2), with a
low part of ±2⁻¹¹⁷ that decides which way the half-way sum goes."""
from fractions import Fraction

import numpy as np

from game.optim.exact import fma

PAIRS = [(274177, 67280421310721), (4294967295, 4294967297)]     # 2⁶⁴ + 1, 2⁶⁴ − 1


def exact_fma(a, b, c):
    return float(Fraction(a) * Fraction(b) + Fraction(c))


def cases(n=4000, seed=0):
    rng = np.random.default_rng(seed)
    a, b, c = [], [], []
    for i in range(n):
        A, B = PAIRS[i % 2]
        s = int(rng.integers(-20, 20))
        sign = 1.0 if rng.random() < 0.5 else -1.0
        a.append(sign * A * 2.0 ** s)
        b.append(B * 2.0 ** (-117 - s))
        j = int(rng.integers(0, 2 ** 52))
        c.append((1.0 + j * 2.0 ** -52) * (1.0 if rng.random() < 0.5 else -1.0))
    return np.array(a), np.array(b), np.array(c)


def test_half_way_sums_go_the_way_the_low_part_says():
    a, b, c = cases()
    assert set(np.abs(a * b).tolist()) == {2.0 ** -53}         # RN(a·b) is half an ulp of c
    got = fma(a, b, c)
    want = [exact_fma(*t) for t in zip(a, b, c)]
    assert [float(v) for v in got] == want
    plain = (a * b + c).tolist()
    assert sum(p != w for p, w in zip(plain, want)) > len(want) // 8   # two roundings differ


def test_half_way_sums_with_a_scalar_factor_and_alone():
    a, b, c = cases(600, seed=1)
    for i in range(0, 600, 7):
        assert float(fma(float(a[i]), b[i], c[i])) == exact_fma(a[i], b[i], c[i])
    A, B = PAIRS[0]
    col = np.full((2, 300), B * 2.0 ** -117)
    cc = 1.0 + np.arange(600).reshape(2, 300) * 2.0 ** -52
    got = fma(float(A), col, cc)
    assert [float(v) for v in got.ravel()] == [exact_fma(float(A), B * 2.0 ** -117, v)
                                               for v in cc.ravel()]
