"""The controls block's background: what the app draws in the block until the
clickable controls are built (after the first frame, so that importing
pygame_gui does not delay it), and what the controls draw under themselves.
"""
from __future__ import annotations

import pygame

BLOCK_BG = (27, 29, 36)    # a shade lighter than the panel (22, 24, 30)


def draw_placeholder(target, layout) -> None:
    """Fill the ``layout``'s controls block with its background."""
    target.fill(BLOCK_BG, pygame.Rect(layout.controls))
