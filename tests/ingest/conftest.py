"""Fixtures for the ingest tests."""

from __future__ import annotations

import pytest

from newsprism.settings import Config, default_config


@pytest.fixture
def config() -> Config:
    return default_config()
