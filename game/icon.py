"""Make the window icon, ``assets/icon.png``: ``python -m game.icon``.

A 64×64 picture of the hill in the app's own colormap with the red gradient
arrow on it, drawn by the same code as the app.
"""
from __future__ import annotations

import os
import sys

import numpy as np

from . import field, surfaces
from .viewport import Viewport

SIZE = 64


def make_icon():
    import pygame

    from .overlays import arrow_polygon
    from .render import ARROW_EDGE, ARROW_RGB

    hill = surfaces.get("hill")
    vp = Viewport.fit(hill.domain, (0, 0, SIZE, SIZE))
    fld = field.build(hill, vp)
    alpha, _ = field.contour_alpha(hill, fld, vp.scale, n_levels=6, width=1.2)
    icon = pygame.surfarray.make_surface(np.ascontiguousarray(field.blend(fld.rgb, alpha)))
    base = vp.to_screen([1.2, -1.2])
    poly = arrow_polygon(base, np.array([-1.0, -1.0]) / np.sqrt(2), 26, width=5, head=14)
    pygame.draw.polygon(icon, ARROW_RGB, poly)
    pygame.draw.polygon(icon, ARROW_EDGE, poly, 1)
    return icon


def main() -> int:
    os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
    import pygame

    from .render import ASSETS

    pygame.display.init()
    path = ASSETS / "icon.png"
    pygame.image.save(make_icon(), str(path))
    print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
