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
PYGAME_ROOMS = ("game.app", "game.controls", "game.render", "game.panel", "game.overlays", "game.ui")


def all_modules():
    import game
    return sorted(m.name for m in pkgutil.walk_packages(game.__path__, "game."))


PURE = [m for m in all_modules() if not m.startswith(PYGAME_ROOMS)]


def test_the_pure_rooms_are_the_ones_the_design_names():
    for room in ("game.surfaces", "game.optim", "game.optim.tick", "game.optim.minimum",
                 "game.world", "game.balls", "game.history", "game.tuning", "game.racespec",
                 "game.labruns", "game.clock", "game.viewport", "game.field", "game.state", "game.calculus",
                 "game.expr", "game.views"):
        assert room in PURE


@pytest.mark.parametrize("module", PURE)
def test_pure_room_imports_no_pygame(module):
    code = f"import sys, {module}; assert 'pygame' not in sys.modules, sorted(sys.modules)"
    r = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert r.returncode == 0, r.stderr


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
