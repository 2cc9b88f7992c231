"""Golden input folders, one per reader: tests/data/ingest/<format>/ with expected.json.

Each expected.json maps a file name to what must come out of it, in order: an article's fields
and paragraphs, or a failure (the start of its reason) for a bad record.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newsprism.ingest import run
from newsprism.normalise import normalise
from newsprism.types import Failure

DATA = Path(__file__).resolve().parents[1] / "data" / "ingest"
CASES = [
    (folder.name, name, expected)
    for folder in sorted(p for p in DATA.iterdir() if p.is_dir())
    for name, expected in json.loads((folder / "expected.json").read_text("utf-8")).items()
]
FIELDS = ("reader", "title", "published", "outlet", "url", "author", "language")


@pytest.mark.parametrize(("folder", "name", "expected"), CASES, ids=[f"{f}/{n}" for f, n, _ in CASES])
def test_golden(folder: str, name: str, expected: list[dict], config) -> None:
    path = str(DATA / folder / name)
    got = list(run([path], config=config))
    assert [item.source for item in got] == [path + e["source"] for e in expected]
    for item, want in zip(got, expected):
        if "failure" in want:
            assert isinstance(item, Failure), item
            assert item.stage == "ingest" and item.error.startswith(want["failure"])
            continue
        assert not isinstance(item, Failure), item
        article = normalise(item, config=config)
        assert {f: getattr(article, f) for f in FIELDS} == {f: want[f] for f in FIELDS}
        assert [article.text[p.start:p.end] for p in article.paragraphs] == want["paragraphs"]
        assert list(article.boilerplate) == want["boilerplate"]


def test_every_reader_has_a_golden_folder() -> None:
    folders = {p.name for p in DATA.iterdir() if p.is_dir()}
    assert {"text", "html", "rss", "atom", "json", "jsonl"} <= folders  # WARC: test_warc.py builds its own


def test_html_comments_and_navigation_are_not_body(config) -> None:
    article = normalise(next(iter(run([str(DATA / "html" / "article.html")], config=config))), config=config)
    assert "READER COMMENT" not in article.text
    assert "Home" not in article.text and "Copyright" not in article.text
