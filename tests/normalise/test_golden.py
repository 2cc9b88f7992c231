"""Golden cases in tests/data/normalise/: a RawDoc and the Article fields it must give."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newsprism.normalise import normalise
from newsprism.types import RawDoc

DATA = Path(__file__).resolve().parents[1] / "data" / "normalise"
CASES = sorted(DATA.glob("*.json"))


@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_golden(path: Path, config) -> None:
    case = json.loads(path.read_text("utf-8"))
    raw = dict(case["rawdoc"], payload=case["rawdoc"]["payload"].encode())
    article = normalise(RawDoc(**raw), config=config)
    want = case["article"]
    assert article.text == want["text"]
    assert [article.text[p.start:p.end] for p in article.paragraphs] == want["paragraphs"]
    assert [article.text[s.start:s.end] for s in article.sentences] == want["sentences"]
    for field in ("title", "published", "outlet", "language"):
        assert getattr(article, field) == want[field], field


def test_there_are_golden_cases() -> None:
    assert len(CASES) >= 2
