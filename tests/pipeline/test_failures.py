"""An article the stories stage cannot place is a recorded failure; the run and its other articles
go on, and the dossier still meets the contract."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from newsprism import pipeline
from newsprism.models import Models
from newsprism.render.json import render
from newsprism.settings import default_config
from newsprism.stories import features
from newsprism.testing import FakeEmbedder, MemoryStore
from newsprism.types import Article, Failure, RawDoc

DATA = Path(__file__).resolve().parents[1] / "data" / "stories"


def test_a_stories_failure_loses_only_its_article(tmp_path, monkeypatch, assert_valid_dossier):
    for name in ("quake_nepal_1", "quake_nepal_2", "phone_launch_1"):
        shutil.copy(DATA / f"{name}.txt", tmp_path / f"{name}.txt")
    extract = features.extract

    def broken(article):
        if "phone_launch_1" in article.source:
            raise ValueError("unreadable features")
        return extract(article)

    monkeypatch.setattr(features, "extract", broken)
    store = MemoryStore()
    models = Models.with_(embedder=FakeEmbedder(dim=64))
    dossier = pipeline.analyze([str(tmp_path)], config=default_config(), store=store, models=models)
    failed = [(Path(f.source).name, f.stage, f.error) for f in dossier.failures]
    assert failed == [("phone_launch_1.txt", "stories", "unreadable features")]
    grouped = {aid for report in dossier.stories for aid in report.story.article_ids}
    assert len(grouped) == 2 and len(dossier.stories) == 1  # both quake reports, in one story
    assert len(store.get_assignments([a.id for a in dossier.articles])) == 2
    assert_valid_dossier(json.loads(render(dossier)))


def test_the_same_bytes_twice_in_one_run_are_one_article_and_a_record(tmp_path):
    """Every input path is an article or a failure: a second file with the same bytes is no
    second article, and is recorded (it was once dropped without a trace)."""
    text = (DATA / "quake_nepal_1.txt").read_text(encoding="utf-8")
    (tmp_path / "a.txt").write_text(text, encoding="utf-8")
    (tmp_path / "b.txt").write_text(text, encoding="utf-8")
    articles, failures, _ = pipeline.ingest_paths([str(tmp_path), str(tmp_path / "a.txt")],
                                                  config=default_config(), store=MemoryStore())
    assert [Path(a.source).name for a in articles] == ["a.txt"]
    assert [(Path(f.source).name, f.stage) for f in failures] == [("b.txt", "ingest")]
    assert failures[0].error == f"the same bytes as {tmp_path / 'a.txt'}: read once, as article {articles[0].id}"


def test_a_doc_that_cannot_be_normalised_is_a_failure_of_that_stage():
    config = default_config()
    bad = RawDoc(source="b.txt", reader="text.v1", body="\x00", payload=b"\x00")
    good = RawDoc(source="c.txt", reader="text.v1", body="Good text.", payload=b"Good text.")
    failed = pipeline.normalised(bad, config=config)
    assert isinstance(failed, Failure) and (failed.source, failed.stage) == ("b.txt", "normalise")
    assert failed.error == "no body text left after clean-up (only whitespace or control characters)"
    assert isinstance(pipeline.normalised(good, config=config), Article)
