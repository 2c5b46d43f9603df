"""The overlays take new fonts and grow with the window: ``set_fonts`` and
``scale`` (the layout's), as the renderer sets them."""
from pathlib import Path

import numpy as np
import pygame
import pytest

from game import overlays as ov
from game import surfaces
from game.viewport import Viewport

ASSETS = Path(__file__).resolve().parents[1] / "assets"
BG = (40, 40, 40)


@pytest.fixture(scope="module")
def painter():
    pygame.display.init()
    pygame.font.init()
    pygame.display.set_mode((1400, 900))
    return ov.OverlayPainter(pygame.font.Font(str(ASSETS / "DejaVuSans.ttf"), 12),
                             pygame.font.Font(str(ASSETS / "DejaVuSansMono.ttf"), 14))


def draw(painter, names, cursor=(0.5, 0.5), name="hill"):
    s = surfaces.get(name)
    vp = Viewport.fit(s.domain, (8, 8, 880, 880))
    target = pygame.Surface((1400, 900)).convert()
    target.fill(BG)
    painter.draw_map(target, s, vp, cursor, frozenset(names))
    return pygame.surfarray.array3d(target).astype(int), vp


def test_set_fonts_makes_every_label_taller(painter):
    draw(painter, ["rose", "curvature"])
    small = sorted(r.h for r in painter.placed)
    painter.set_fonts(pygame.font.Font(str(ASSETS / "DejaVuSans.ttf"), 18),
                      pygame.font.Font(str(ASSETS / "DejaVuSansMono.ttf"), 20))
    try:
        draw(painter, ["rose", "curvature"])
        big = sorted(r.h for r in painter.placed)
    finally:
        painter.set_fonts(pygame.font.Font(str(ASSETS / "DejaVuSans.ttf"), 12),
                          pygame.font.Font(str(ASSETS / "DejaVuSansMono.ttf"), 14))
    assert len(big) == len(small) >= 4
    assert all(b >= a + 4 for a, b in zip(small, big))


@pytest.mark.parametrize("scale", [1.0, 1.35, 1.6])
def test_rose_radius_scales(painter, scale):
    """The rose's outline reaches ROSE_RADIUS × scale pixels from the cursor."""
    painter.scale = scale
    try:
        img, vp = draw(painter, ["rose"])
    finally:
        painter.scale = 1.0
    c = vp.to_screen(np.array([0.5, 0.5]))
    m = np.all(img == np.array(ov.ROSE_POS), axis=2) | np.all(img == np.array(ov.ROSE_NEG), axis=2)
    for r in painter.placed:                     # the labels' text shares the colours
        m[r.left:r.right, r.top:r.bottom] = False
    sx, sy = np.nonzero(m)
    reach = np.hypot(sx - c[0], sy - c[1])
    near = reach[reach < 2 * ov.ROSE_RADIUS * scale]
    # the outline and the dot at the maximum reach a few pixels past the radius
    assert ov.ROSE_RADIUS * scale <= near.max() <= ov.ROSE_RADIUS * scale + 5
