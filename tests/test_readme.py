"""The README tells the truth: its commands, keys and screenshot."""
import re
from pathlib import Path

from game import controls, surfaces

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text()


def fenced_commands():
    return re.findall(r"```sh\n(.*?)\n```", README, flags=re.S)


def test_ci_runs_the_readme_test_command():
    test_cmd = next(c for c in fenced_commands() if c.endswith("-m pytest"))
    ci = (ROOT / ".ci" / "run").read_text().splitlines()
    assert test_cmd in ci


def test_run_command_installs_and_starts_the_app():
    run_cmd = next(c for c in fenced_commands() if c.endswith("main.py"))
    assert "pip install" in run_cmd and "requirements.txt" in run_cmd


def test_every_key_of_the_help_is_in_the_readme():
    for key, _ in controls.HELP:
        assert f"| {key} |" in README, key


def test_every_surface_is_in_the_readme():
    for name in surfaces.names():
        assert f"| {name} |" in README, name


def test_screenshot_exists_and_is_a_png():
    for path in re.findall(r"\]\((assets/[^)]+\.png)\)", README):
        data = (ROOT / path).read_bytes()
        assert data[:8] == b"\x89PNG\r\n\x1a\n", path


def test_requirements_name_pygame_ce_not_pygame():
    req = (ROOT / "requirements.txt").read_text().lower().split()
    names = [re.split(r"[<>=!~;\[]", r)[0] for r in req]
    assert "pygame-ce" in names and "pygame" not in names


def test_speed_section_has_measured_figures():
    speed = README[README.index("## Speed"):]
    runs = r"[\d.]+(?: / [\d.]+)*"            # one figure, or one per run
    assert re.search(rf"\| 1,000 balls \| {runs} \| {runs} \| {runs} \|", speed)
    assert re.search(r"colormap rebuild.*\*\*[\d.]+ ms\*\*", speed)
    assert "BENCH_" not in README and "TODO" not in README, "a placeholder is left in the README"


def test_readme_pictures_are_what_their_commands_make(tmp_path):
    """Each picture under a README command is that command's output."""
    import shlex

    import numpy as np
    import pygame

    from game import cli

    commands = re.findall(r"`python main.py (--screenshot (assets/[^ ]+\.png)[^`]*)`", README)
    assert len(commands) >= 6
    for args, path in commands:
        argv = shlex.split(args)
        out = tmp_path / Path(path).name
        argv[argv.index("--screenshot") + 1] = str(out)
        assert cli.main(argv) == 0, args
        made = pygame.surfarray.array3d(pygame.image.load(str(out))).astype(int)
        kept = pygame.surfarray.array3d(pygame.image.load(str(ROOT / path))).astype(int)
        assert made.shape == kept.shape, path
        assert np.abs(made - kept).mean() < 0.5, path


def test_every_module_is_in_the_readme_table():
    """A newcomer finds every room of the package in "How it is built"."""
    import pkgutil

    import game
    table = README[README.index("## How it is built"):]
    for m in pkgutil.iter_modules(game.__path__):
        name = f"game/{m.name}/" if m.ispkg else f"game/{m.name}.py"
        assert f"`{name}`" in table, name
