"""The rose overlay: the polar plot of D_u f = ∇f·u at the cursor, its
maximum along ∇f and its two zeros along the level curve."""
from __future__ import annotations

import numpy as np
import pygame

from .drawing import PainterBase, _fmt, _second
from .placement import beyond
from .geometry import _add, _pt
from .style import EDGE, ROSE_NEG, ROSE_POS, ROSE_RADIUS, ROSE_SAMPLES, ZERO_RGB


class RosePainter(PainterBase):
    """The compass rose of the directional derivative at the cursor."""

    def _cos_sin(self, theta):
        """cos and sin of the rose's angles (the same every frame), cached."""
        key = ("rose angles", theta.tobytes())
        out = self._boxes.get(key)
        if out is None:
            out = self._boxes[key] = (np.cos(theta), np.sin(theta))
        return out

    def _draw_rose(self, target, surface, vp, x, y, c):
        r = self._at(surface, x, y).rose(ROSE_SAMPLES)
        R = float(max(12.0, min(self.px(ROSE_RADIUS), 0.35 * min(vp.size))))
        if r.max_dir is None:
            if r.max_value == 0:                         # not an overflowed |∇f|
                pygame.draw.circle(target, EDGE, _pt(c), 9, 3)
                pygame.draw.circle(target, ZERO_RGB, _pt(c), 8, 1)
                s = "∇f = 0: every D_u f = 0"
                self._label(target, s, self._near(c, (0.0, -1.0), self.label_size(s), self.px(14)),
                            vp)
            return
        self.board.avoid(disc=(c, R))
        pad = 8
        size = int(2 * (R + pad))
        scratch = self._boxes.get(("rose", size))
        if scratch is None:
            scratch = self._boxes[("rose", size)] = pygame.Surface((size, size), pygame.SRCALPHA)
        scratch.fill((0, 0, 0, 0))
        half = size / 2
        # The polar curve scaled so that its maximum is R. |D_u f| / max is
        # formed first: R / max alone overflows for a tiny gradient (1e-310),
        # and ∞ · 0 along the zeros would be NaN.
        with np.errstate(all="ignore"):
            shape = np.abs(r.d) / r.max_value
        shape = np.where(np.isfinite(shape), np.minimum(shape, 1.0), 0.0) * R
        cos, sin = self._cos_sin(r.theta)
        px = half + shape * cos                          # the polar curve, in scratch
        py = half - shape * sin
        e = (float(r.max_dir[0]), -float(r.max_dir[1]))   # ∇f on screen
        tan = (-e[1], e[0])
        o = (half, half)
        pygame.draw.line(scratch, (255, 255, 255, 150), _add(o, tan, -(R + pad)),
                         _add(o, tan, R + pad), 1)
        n = px.size
        top = int(r.d.argmax())
        # each lobe's points in angle order, starting half a turn before its centre
        steps = np.arange(-(n // 2), n - n // 2)
        for colour, inside, centre in ((ROSE_POS, r.positive, top),
                                       (ROSE_NEG, r.d < 0, (top + n // 2) % n)):
            order = (centre + steps) % n
            order = order[inside[order]]
            if order.size < 2:
                continue
            poly = [o, *zip(px[order].tolist(), py[order].tolist())]
            pygame.draw.polygon(scratch, colour + (70,), poly)
            pygame.draw.polygon(scratch, EDGE + (255,), poly, 4)
            pygame.draw.polygon(scratch, colour + (255,), poly, 2)
        target.blit(scratch, _pt((c[0] - half, c[1] - half)))
        # the maximum along ∇f and its value
        tip = _add(c, e, R)
        self._dot(target, ROSE_POS, tip, 4)
        s = f"max D_u f = |∇f| = {_fmt(r.max_value)}"
        self._label(target, s, self._near(tip, e, self.label_size(s), self.px(8)), vp, ROSE_POS)
        # the two zeros, along the level curve
        for s in (1.0, -1.0):
            z = _add(c, tan, s * R)
            self._line(target, ZERO_RGB, _add(z, e, -6), _add(z, e, 6), 2)
            self._dot(target, ZERO_RGB, z, 3)
        s = "D_u f = 0"
        size = self.label_size(s)
        other = beyond(_add(c, tan, -R), (-tan[0], -tan[1]), size, self.px(8))
        spots = self._near(_add(c, tan, R), tan, size, self.px(8))
        self._label(target, s, _second(spots, other), vp, ZERO_RGB)
