"""The curvature overlay: the Hessian's eigen-axes with their λ, the kind of
point (bowl, dome, saddle, flat) and the Newton step −H⁻¹∇f."""
from __future__ import annotations

import math

import numpy as np
import pygame

from .. import calculus as calc
from .drawing import PainterBase, _fmt, _fmt_vector, _second
from .placement import beyond
from .geometry import _add, _pt, _room, arrow_polygon
from .style import (CURV_MAX_PX, CURV_MIN_PX, CURV_PX, DIM, EDGE, FLAT_RGB, KIND_TEXT,
                    LAMBDA_NEG, LAMBDA_POS, NEWTON_RGB, TEXT)


class CurvaturePainter(PainterBase):
    """The Hessian at the cursor: eigen-axes, kind and Newton step;
    :meth:`lambda_scale` is its cached pixels-per-λ."""

    def lambda_scale(self, surface) -> float:
        """Pixels per unit of |λ|: the median over the domain of the larger
        |λ| draws as CURV_PX pixels (cached per surface); lengths are then
        clamped to [CURV_MIN_PX, CURV_MAX_PX]."""
        key = (surface.name, surface.formula)
        if key not in self._lam_scale:
            xmin, xmax, ymin, ymax = surface.domain
            g = np.array(np.meshgrid(np.linspace(xmin, xmax, 24), np.linspace(ymin, ymax, 24)))
            with np.errstate(all="ignore"):
                H = np.asarray(surface.hess(g), float) * np.ones((2, 2, 24, 24))
                Hm = np.moveaxis(H, (0, 1), (-2, -1)).reshape(-1, 2, 2)
                Hm = Hm[np.all(np.isfinite(Hm), axis=(1, 2))]
                big = np.abs(np.linalg.eigvalsh(0.5 * (Hm + Hm.transpose(0, 2, 1)))).max(
                    axis=1) if len(Hm) else np.zeros(0)
            big = big[np.isfinite(big)]
            mid = 2.0 * float(np.median(0.5 * big)) if big.size else 0.0   # halved: no overflow near 1e308
            self._lam_scale[key] = CURV_PX / mid if mid > 0 else CURV_PX
        return self._lam_scale[key]

    def _draw_curvature(self, target, surface, vp, x, y, c):
        cv = self._at(surface, x, y).curvature()
        if cv.kind is None:
            self._card.append(("Hessian undefined here", DIM, self.small))
            return
        scale = self.lambda_scale(surface)
        lams = cv.eigenvalues.tolist()
        vecs = cv.eigenvectors.T.tolist()               # rows: unit eigenvectors
        lam_max = max(abs(lams[0]), abs(lams[1]))
        axes = []
        for lam, (vx, vy), sub in zip(lams, vecs, ("₁", "₂")):
            d = (vx, -vy)                               # on screen
            flat = abs(lam) <= calc.FLAT_TOL * max(1.0, lam_max)
            colour = FLAT_RGB if flat else (LAMBDA_POS if lam > 0 else LAMBDA_NEG)
            L = self.px(min(max(abs(lam) * scale, CURV_MIN_PX), CURV_MAX_PX))
            self._line(target, colour, _add(c, d, -L), _add(c, d, L), 3)
            n = (-d[1], d[0])
            for s in (L, -L):
                end = _add(c, d, s)
                self._line(target, colour, _add(end, n, -4), _add(end, n, 4), 2)
            self.board.avoid(line=(_pt(_add(c, d, -L)), _pt(_add(c, d, L))))
            axes.append((f"λ{sub} = {_fmt(lam)}", colour, d, L))
        for label, colour, d, L in axes:               # just past an end of its axis
            size = self.label_size(label)
            back = (-d[0], -d[1])
            other = beyond(_add(c, d, -L), back, size, self.px(6))
            spots = self._near(_add(c, d, L), d, size, self.px(6))
            self._label(target, label, _second(spots, other), vp, colour)
        self._card.append((f"Hessian: {KIND_TEXT.get(cv.kind, cv.kind)}", TEXT, self.small))
        step = cv.newton_step
        sx, sy = (math.nan, math.nan) if step is None else (float(step[0]), float(step[1]))
        if not (math.isfinite(sx) and math.isfinite(sy)):
            self._card.append(("no Newton step: H singular", DIM, self.small))
            return
        desc = "Newton −H⁻¹∇f = ({}, {})".format(*_fmt_vector([sx, sy]))
        self._card.append((desc, NEWTON_RGB, self.small))
        length = math.hypot(sx, sy) * vp.scale
        if not (length > 0.5 and math.isfinite(length)):
            pygame.draw.circle(target, EDGE, _pt(c), 6, 3)
            pygame.draw.circle(target, NEWTON_RGB, _pt(c), 5, 1)
            return
        d = (sx * vp.scale / length, -sy * vp.scale / length)
        room = _room(c, d, vp.rect) - 4.0
        drawn = min(length, max(room, self.px(24.0)))   # shortened, never turned
        poly = arrow_polygon(c, d, drawn, width=self.px(3.0), head=self.px(12.0))
        pygame.draw.polygon(target, NEWTON_RGB, poly)
        pygame.draw.polygon(target, EDGE, poly, 1)
        short = drawn < length - 0.5
        tip = _add(c, d, drawn)
        self.board.avoid(line=(_pt(c), _pt(tip)))
        label = "Newton" + (" (shortened)" if short else "")
        self._label(target, label, self._near(tip, d, self.label_size(label), self.px(4)), vp,
                    NEWTON_RGB)
