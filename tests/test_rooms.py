"""The rooms with one-way doors: math and physics never import pygame."""
import doctest
import importlib
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PURE = ["game.surfaces", "game.surfaces.base", "game.surfaces.lesson", "game.surfaces.classic",
        "game.surfaces.regression", "game.optimizers", "game.world", "game.clock", "game.viewport",
        "game.field", "game.state"]
OPTIONAL_PURE = ["game.calculus", "game.expr"]


def existing(mods):
    return [m for m in mods if (ROOT / (m.replace(".", "/") + ".py")).exists()]



@pytest.mark.parametrize("module", PURE + existing(OPTIONAL_PURE))
def test_pure_room_imports_no_pygame(module):
    code = f"import sys, {module}; assert 'pygame' not in sys.modules, sorted(sys.modules)"
    r = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert r.returncode == 0, r.stderr


@pytest.mark.parametrize("module", PURE + ["game.cli"] + existing(OPTIONAL_PURE))
def test_doctests_pass(module):
    mod = importlib.import_module(module)
    result = doctest.testmod(mod, optionflags=doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0


def test_every_pure_room_has_doctests():
    total = sum(doctest.testmod(importlib.import_module(m)).attempted for m in PURE)
    assert total >= len(PURE)
