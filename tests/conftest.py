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


@pytest.fixture(scope="session")
def seeds():
    """The two seeds as a story with a careful reader's extraction (``claim_inputs``)."""
    from claim_inputs import hand_built_seeds

    return hand_built_seeds()


@pytest.fixture(scope="session")
def config():
    """The default settings (a folder's conftest may give its own)."""
    from newsprism.settings import default_config

    return default_config()


@pytest.fixture
def assert_valid_dossier():
    """Validate a dossier dict against the shipped contract, failing with every error listed."""
    from newsprism.render.json import validation_errors

    def check(document: dict) -> dict:
        errors = validation_errors(document)
        assert not errors, "dossier breaks the contract:\n" + "\n".join(errors[:20])
        return document

    return check
