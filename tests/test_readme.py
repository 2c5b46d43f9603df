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
    assert re.search(r"\| 1000 \| [\d.]+ \| [\d.]+ \| [\d.]+ \|", speed)
    assert re.search(r"colormap build.*\*\*[\d.]+ ms\*\*", speed)
    assert "BENCH_" not in README and "TODO" not in README, "a placeholder is left in the README"
