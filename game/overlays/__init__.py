"""The six calculus overlays, drawn with pygame.

The geometry comes from :mod:`game.calculus` (pure numpy, world coordinates);
this package only turns it into pixels. Screen y points down, so a world
vector ``(vx, vy)`` is drawn along ``(vx, -vy)``.

* ``quiver``    the gradient field as arrows, baked once into the background
* ``rose``      the compass rose of ``D_u f = ∇f·u`` at the cursor
* ``level``     the level set through the cursor, its tangent and the right angle
* ``slices``    the lines x = x₀, y = y₀ and two inset plots of f along them
* ``curvature`` the Hessian's eigen-axes, its reading and the Newton step
* ``jacobian``  the gradient map's images of a small circle vs. its linear map

Per frame each overlay costs a handful of numpy calls and pygame draws: text
is drawn from cached glyphs (a line drawn again as a few pictures of them),
and the cards and their text go out in one ``fblits``; the level set's height
grid is sampled once per surface and view and its cells indexed by value, so
that a level visits only the cells it crosses; f, ∇f and H at the cursor
are evaluated once a frame for every overlay (a
:class:`~game.calculus.PointReadout`, kept while the cursor stays put), and
the quiver is baked. Every shortcut paints
the same pixels as the plain way (tests/test_overlay_pixels.py).

Layout of the package (one concern per module):

* :mod:`.catalogue`   the overlays' names, keys and one-line descriptions
* :mod:`.style`       colours and sizes
* :mod:`.geometry`    screen-point helpers (pure: no pygame)
* :mod:`.levelcells`  the level grid's cells indexed by value: the level set's
  segments without scanning the grid (pure: no pygame)
* :mod:`.placement`   where text goes: the first free spot among candidates, clear of
  other labels, the arrow and the cursor, inside the map (pure: no pygame)
* :mod:`.textrun`     :class:`TextRun`: one line of cached glyphs, drawn as pictures of
  them once drawn twice
* :mod:`.drawing`     :class:`PainterBase`: the glyph cache, cards, labels placed on the
  frame's board (drawn last, above every line), edged lines, ``set_fonts`` and ``scale``
* :mod:`.quiver`, :mod:`.level`, :mod:`.rose`, :mod:`.curvature`,
  :mod:`.jacobian`, :mod:`.slices`   one mixin per overlay
* :mod:`.painter`     :class:`OverlayPainter`: the mixins together and ``draw_map``
"""
from .catalogue import DESCRIPTIONS, KEYS, OVERLAYS
from .textrun import TextRun
from .geometry import BIG, arrow_polygon
from .geometry import _nice_floor as _nice_floor
from .painter import OverlayPainter
from .style import (BOX_BG, COOL, CURV_MAX_PX, CURV_MIN_PX, CURV_PX, DIM, EDGE, FLAT_RGB,
                    INSET_BG, INSET_FRAME, KIND_TEXT, LAMBDA_NEG, LAMBDA_POS, LENS_CIRCLE,
                    LENS_FRACTION, LENS_LINEAR, LENS_SAMPLES, LENS_TRUE, LEVEL_MAX_SAMPLES,
                    LEVEL_PX, LEVEL_RGB, NEWTON_RGB, QUIVER_CELLS, QUIVER_EDGE, QUIVER_RGB,
                    ROSE_NEG, ROSE_POS, ROSE_RADIUS, ROSE_SAMPLES, SLICE_X_RGB, SLICE_Y_RGB,
                    TANGENT_PX, TANGENT_RGB, TEXT, WARM, ZERO_RGB)

__all__ = [
    "OVERLAYS", "KEYS", "DESCRIPTIONS", "OverlayPainter", "TextRun", "arrow_polygon", "BIG",
    "EDGE", "TEXT", "DIM", "BOX_BG", "QUIVER_RGB", "QUIVER_EDGE", "WARM", "COOL", "FLAT_RGB",
    "ROSE_POS", "ROSE_NEG", "ZERO_RGB", "LEVEL_RGB", "TANGENT_RGB", "SLICE_X_RGB",
    "SLICE_Y_RGB", "LAMBDA_POS", "LAMBDA_NEG", "NEWTON_RGB", "LENS_CIRCLE", "LENS_TRUE",
    "LENS_LINEAR", "INSET_BG", "INSET_FRAME", "QUIVER_CELLS", "ROSE_RADIUS", "LEVEL_PX",
    "LEVEL_MAX_SAMPLES", "TANGENT_PX", "CURV_PX", "CURV_MIN_PX", "CURV_MAX_PX",
    "LENS_FRACTION", "LENS_SAMPLES", "ROSE_SAMPLES", "KIND_TEXT",
]
