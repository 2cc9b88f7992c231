"""A dossier with the seeds' story as the web tests build it (real seed texts, hand-written
claims, brief, flows and origins located in them), so renderers are tested on everything a
story report can hold whatever the stages produce today."""

from __future__ import annotations

import pytest

from newsprism.testing import MemoryStore
from newsprism.types import Dossier
from web.conftest import _extraction, _report, _seed_articles  # tests/ is on sys.path (pytest rootdir-less packages)


@pytest.fixture(scope="session")
def seed_dossier() -> Dossier:
    a, b = _seed_articles(MemoryStore())
    return Dossier(articles=(a, b), extractions=(_extraction(a),), stories=(_report(a, b),))
