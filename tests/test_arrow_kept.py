"""The arrow's shape is kept while the mouse rests: the kept answer is the
one computed afresh, for the same surface, view and point only."""
import pygame

from game import surfaces
from game.render import Renderer


def test_the_kept_arrow_is_the_fresh_one_and_follows_the_surface_the_view_and_the_point():
    pygame.font.init()
    r = Renderer((1280, 800))
    bowl, hill = surfaces.get("bowl"), surfaces.get("hill")
    vp = r.viewport(bowl)
    first = r.arrow_shape(bowl, vp, (0.7, 0.4))
    assert first == r._arrow_shape(bowl, vp, (0.7, 0.4))
    assert r.arrow_shape(bowl, vp, (0.7, 0.4)) is first            # kept
    other = r.arrow_shape(hill, r.viewport(hill), (0.7, 0.4))
    assert other == r._arrow_shape(hill, r.viewport(hill), (0.7, 0.4))
    assert other[2] != first[2]        # the hill's ∇f points the other way from the bowl's
    moved = r.arrow_shape(bowl, vp, (0.7, 0.5))
    assert moved == r._arrow_shape(bowl, vp, (0.7, 0.5)) and moved != first
    zoomed = r.viewport(bowl, (0.0, 1.0, 0.0, 1.0))
    assert r.arrow_shape(bowl, zoomed, (0.7, 0.5)) == r._arrow_shape(bowl, zoomed, (0.7, 0.5))
    assert r.arrow_shape(bowl, zoomed, (0.7, 0.5))[1] != moved[1]   # its base moved on screen
