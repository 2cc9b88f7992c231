"""Docs are tested: the generated reference matches the code; README names every command; the
architecture page names every part of the package and every file it points at exists."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

from newsprism.cli import cli
from newsprism.docs import reference
from newsprism.settings import SETTINGS

ROOT = Path(__file__).resolve().parents[1]


def test_reference_is_up_to_date():
    committed = (ROOT / "docs" / "reference.md").read_text(encoding="utf-8")
    assert committed == reference(), "docs/reference.md is stale: run python -m newsprism.docs > docs/reference.md"


def test_every_setting_has_help_and_is_in_reference():
    text = (ROOT / "docs" / "reference.md").read_text(encoding="utf-8")
    for setting in SETTINGS:
        assert setting.help.strip(), f"setting {setting.name} has no help text"
        assert f"`{setting.name}`" in text


def test_readme_gives_both_commands_and_every_cli_command():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "make demo" in readme and "make test" in readme
    for name in cli.commands:
        assert f"newsprism {name}" in readme, f"README does not mention `newsprism {name}`"


def test_architecture_page_names_every_part_and_points_at_real_files():
    text = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    package = ROOT / "src" / "newsprism"
    parts = [p.name + "/" for p in package.iterdir() if (p / "__init__.py").is_file()]
    parts += [p.name for p in package.glob("*.py") if p.name != "__init__.py"]
    missing = [part for part in parts if f"`{part}" not in text]
    assert not missing, f"docs/architecture.md does not say where these fit: {missing}"
    contracts = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]["contracts"]
    stages = [m.split(".")[-1] for m in contracts[0]["layers"][-2].split(" | ")]
    assert all(stage in text for stage in stages)
    for path in re.findall(r"`((?:[a-z_]+/)*[a-z_]+\.py)`", text):
        found = [p for p in (package / path, ROOT / path) if p.is_file()] + list(package.glob(f"*/{path}"))
        assert found, f"docs/architecture.md points at {path}, which does not exist"
