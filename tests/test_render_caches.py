"""The renderer's caches stay bounded however many functions are typed: the
arrow's scale per surface and the colorbar per colour scale."""
import pygame

from game import app
from game import state as st
from game.render import Renderer


def test_typing_many_functions_keeps_the_caches_bounded():
    pygame.display.init()
    size = (1280, 800)
    screen = pygame.display.set_mode(size)
    renderer = Renderer(size)
    session = app.Session.start(st.State(surface="bowl"))
    for k in range(40):
        session.dispatch(st.Action(st.EDIT_START), renderer, screen)
        while session.state.editing:          # it opens holding the last function
            session.dispatch(st.Action(st.EDIT_BACKSPACE), renderer, screen)
        session.dispatch(st.Action(st.EDIT_INSERT, f"x^2 + {k + 1}*y^2"), renderer, screen)
        session.dispatch(st.Action(st.EDIT_SUBMIT), renderer, screen)
        assert session.state.expr == f"x^2 + {k + 1}*y^2"
        renderer.draw(screen, session.state, session.world, 1.0, (0.5, 0.5))
    assert len(renderer._grad_scale) <= 16
    assert sum(1 for key in renderer._sprites if key[0] == "colorbar") == 1
