"""Fixtures for the normalise tests."""

from __future__ import annotations

import pytest

from newsprism.settings import Config, default_config


@pytest.fixture(scope="session")
def config() -> Config:
    return default_config()
