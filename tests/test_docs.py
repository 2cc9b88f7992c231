"""Docs are tested: the generated reference matches the code; README names every command."""

from __future__ import annotations

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
