"""Shared fixtures: paths, the seeds, contract validation."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "examples" / "seeds"
SHARED = ROOT.parent / "shared"
IN_CI = os.environ.get("CI", "").lower() == "true"


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    return SEEDS


@pytest.fixture
def assert_valid_dossier():
    """Validate a dossier dict against the shipped contract, failing with every error listed."""
    from newsprism.render.json import validation_errors

    def check(document: dict) -> dict:
        errors = validation_errors(document)
        assert not errors, "dossier breaks the contract:\n" + "\n".join(errors[:20])
        return document

    return check
