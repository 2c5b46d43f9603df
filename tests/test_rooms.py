"""The rooms with one-way doors: math and physics never import pygame."""
import doctest
import importlib
import pkgutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
# The rooms where pygame lives; every other module of the package is pure.
PYGAME_ROOMS = ("game.app", "game.app_window", "game.controls", "game.render", "game.render_map",
                "game.render_balls", "game.render_arrow", "game.render_text", "game.panel",
                "game.panel_cards", "game.panel_retained", "game.overlays", "game.ui", "game.bench", "game.soak",
                "game.cli", "game.icon", "game.session")


def all_modules():
    import game
    return sorted(m.name for m in pkgutil.walk_packages(game.__path__, "game."))


PURE = [m for m in all_modules()
        if not any(m == r or m.startswith(r + ".") for r in PYGAME_ROOMS)]


def test_the_pure_rooms_are_the_ones_the_design_names():
    for room in ("game.surfaces", "game.optim", "game.optim.tick", "game.optim.minimum",
                 "game.world", "game.balls", "game.history", "game.tuning", "game.racespec",
                 "game.labruns", "game.clock", "game.viewport", "game.field", "game.state", "game.calculus",
                 "game.expr", "game.views", "game.controls_layout", "game.textedit", "game.editing",
                 "game.basin", "game.trailring", "game.colormap", "game.png", "game.layout",
                 "game.cli_checks"):
        assert room in PURE


_LOADS_PYGAME = """
import importlib, sys
for m in sys.argv[1:]:
    importlib.import_module(m)
    print('pygame loaded:', 'pygame' in sys.modules)
"""


def _loads_pygame(*modules) -> list:
    """Import ``modules`` in order in one fresh interpreter: after each, whether
    pygame is loaded."""
    r = subprocess.run([sys.executable, "-c", _LOADS_PYGAME, *modules], cwd=ROOT,
                       capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    return [line.endswith("True") for line in r.stdout.splitlines()
            if line.startswith("pygame loaded:")]


def test_pure_rooms_import_no_pygame():
    """One interpreter imports every pure room, then a pygame room: pygame must
    appear only with the latter. (Importing a room alone loads a subset of what
    importing them all loads.) If it appears earlier, every pure room is tried
    in its own interpreter, so that the message names each one that loads it."""
    loaded = _loads_pygame(*PURE, "game.render")
    assert len(loaded) == len(PURE) + 1 and loaded[-1], "the check must see pygame where a pygame room loads it"
    if any(loaded[:-1]):
        culprits = [m for m in PURE if _loads_pygame(m)[0]]
        pytest.fail(f"pure rooms that import pygame: {', '.join(culprits)}")


@pytest.mark.parametrize("module", all_modules())
def test_doctests_pass(module):
    mod = importlib.import_module(module)
    result = doctest.testmod(mod, optionflags=doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0


def test_the_math_rooms_have_doctests():
    rooms = ["game.surfaces.lesson", "game.optim", "game.optim.tick", "game.optim.minimum",
             "game.balls", "game.history", "game.tuning", "game.clock", "game.viewport", "game.field", "game.state",
             "game.calculus", "game.expr"]
    for m in rooms:
        assert doctest.testmod(importlib.import_module(m)).attempted > 0, m
