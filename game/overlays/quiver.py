"""The quiver overlay: ∇f as a grid of arrows, baked once into the map picture."""
from __future__ import annotations

import math

import numpy as np
import pygame

from .. import calculus as calc
from .drawing import PainterBase
from .geometry import _pt, arrow_polygon
from .style import QUIVER_CELLS, QUIVER_EDGE, QUIVER_RGB


class QuiverPainter(PainterBase):
    """Bakes the gradient field into the map picture (:meth:`bake_quiver`)."""

    def bake_quiver(self, base, surface, vp, offset=(0, 0)) -> None:
        """Draw ∇f as a grid of arrows onto ``base``, the map picture whose
        top-left is the screen point ``vp.rect[:2]`` (shifted by ``offset``).

        Lengths are ``0.8 · cell · min(1, sqrt(|∇f| / p90))`` where p90 is the
        90th percentile of |∇f| over the grid: the square root keeps small
        gradients visible and the clamp keeps the steepest walls in their cell.
        """
        w, h = vp.size
        nx = int(min(QUIVER_CELLS, max(w // 10, 1)))
        cell = w / nx
        ny = max(round(h / cell), 1)
        q = calc.quiver(surface, vp.view, nx, ny)
        norm = np.where(q.valid & np.isfinite(q.norm), q.norm, 0.0)
        moving = norm > 0
        if not (q.valid.any()):
            return
        ref = float(np.percentile(norm[moving], 90)) if moving.any() else 1.0
        full = 0.8 * min(cell, h / ny)
        with np.errstate(all="ignore"):
            length = full * np.minimum(1.0, np.sqrt(norm / ref))
        length = np.where(moving, np.maximum(length, min(5.0, full)), 0.0)
        centre = vp.to_screen(q.points) - np.reshape(vp.rect[:2], (2, 1, 1)) \
            + np.reshape(offset, (2, 1, 1))
        with np.errstate(all="ignore"):
            d = np.stack([q.grad[0], -q.grad[1]]) / np.where(moving, norm, 1.0)
        head = np.minimum(0.42 * length, max(3.0, 0.28 * cell))
        width = max(1.0, 0.07 * cell)
        for j, i in zip(*np.nonzero(q.valid)):
            c = centre[:, j, i]
            if not moving[j, i]:
                pygame.draw.circle(base, QUIVER_EDGE, _pt(c), 2.5)
                pygame.draw.circle(base, QUIVER_RGB, _pt(c), 1.5)
                continue
            L, u = float(length[j, i]), d[:, j, i]
            if not (np.all(np.isfinite(u)) and math.isfinite(L)):
                continue
            poly = arrow_polygon(c - u * L / 2, u, L, width, float(head[j, i]))
            pygame.draw.polygon(base, QUIVER_RGB, poly)
            pygame.draw.polygon(base, QUIVER_EDGE, poly, 1)
