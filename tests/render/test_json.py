"""The dossier contract: the shipped schema equals the shared one, and dossiers validate."""

from __future__ import annotations

from pathlib import Path

import json

import pytest

from newsprism.render.json import dossier_to_contract, schema, validation_errors
from newsprism.types import Article, Dossier, Failure

ROOT = Path(__file__).resolve().parents[2]
SHARED = ROOT.parent / "shared"


def test_shipped_schema_is_identical_to_shared_contract():
    shared = SHARED / "contract" / "dossier.schema.json"
    if not shared.exists():
        pytest.skip("../shared/contract is not beside this checkout")
    shipped = ROOT / "src" / "newsprism" / "schema" / "dossier.schema.json"
    assert shipped.read_bytes() == shared.read_bytes()
    assert schema() == json.loads(shared.read_text())


def test_minimal_dossier_validates(assert_valid_dossier):
    article = Article(id="a1", source="x.txt", reader="text.v1", text="Hello.", content_hash="h")
    doc = dossier_to_contract(Dossier(articles=(article,), failures=(Failure("y.bin", "ingest", "binary"),)))
    assert_valid_dossier(doc)
    assert doc["failures"] == [{"source": "y.bin", "error": "binary", "stage": "ingest"}]


def test_validator_catches_a_broken_dossier():
    assert validation_errors({"schema": "newsprism.dossier/1", "articles": [{"id": 1}], "stories": []})
