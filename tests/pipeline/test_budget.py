"""One article stuck in any stage costs only itself: with a budget of 1 s, an injected stage
that never ends on one article makes that article a recorded failure ("extract took longer than
1 s; skipped") and the run goes on with the others, in ``analyze`` and ``ingest``."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest

from newsprism import normalise, origins, pipeline
from newsprism.extract import quantities
from newsprism.models import Models
from newsprism.render.json import render
from newsprism.settings import default_config
from newsprism.stories import features
from newsprism.testing import FakeEmbedder, MemoryStore

CONFIG = default_config().replace(article_budget_seconds=1.0)
BODY = ("The harbour council of Springfield voted on Tuesday to build two new piers for about "
        "$4 million, the mayor said. Work starts in May and should take 18 months.")


def forever(*_args, **_kwargs):
    while True:
        pass


def hangs_on(marker: str, real):
    def patched(thing, *args, **kwargs):
        text = getattr(thing, "body", None) or getattr(thing, "text", None) or thing
        if isinstance(text, str) and marker in text:
            forever()
        return real(thing, *args, **kwargs)
    return patched


@pytest.fixture(scope="module")
def models():
    import spacy

    return Models.with_(nlp=spacy.blank("en"), embedder=FakeEmbedder(dim=64))


def write(folder: Path, names: list[str]) -> None:
    folder.mkdir(exist_ok=True)
    for n, name in enumerate(names):
        (folder / f"{n}-{name}.txt").write_text(f"Harbour vote {name}\n\n{BODY} Tag {name}.\n", encoding="utf-8")


@pytest.mark.timeout(120)
def test_an_article_stuck_in_any_stage_is_a_failure_and_the_run_goes_on(tmp_path, monkeypatch, models,
                                                                      assert_valid_dossier):
    write(tmp_path / "in", ["good-one", "HANG-NORMALISE", "HANG-ORIGINS", "HANG-EXTRACT", "HANG-STORIES", "good-two"])
    monkeypatch.setattr(normalise, "normalise", hangs_on("HANG-NORMALISE", normalise.normalise))
    monkeypatch.setattr(origins, "parse_citations", hangs_on("HANG-ORIGINS", origins.parse_citations))
    monkeypatch.setattr(quantities, "find", hangs_on("HANG-EXTRACT", quantities.find))
    monkeypatch.setattr(features, "extract", hangs_on("HANG-STORIES", features.extract))
    store = MemoryStore()
    dossier = pipeline.analyze([str(tmp_path / "in")], config=CONFIG, store=store, models=models)
    failed = {Path(f.source).name.split("-", 1)[1]: (f.stage, f.error) for f in dossier.failures}
    assert failed == {
        "HANG-NORMALISE.txt": ("normalise", "normalise took longer than 1 s; skipped"),
        "HANG-ORIGINS.txt": ("origins", "origins took longer than 1 s; skipped"),
        "HANG-EXTRACT.txt": ("extract", "extract took longer than 1 s; skipped"),
        "HANG-STORIES.txt": ("stories", "stories took longer than 1 s; skipped"),
    }
    # every input is an article or a failure; the good ones went all the way through
    assert len(dossier.articles) == 5 and store.count_articles() == 5
    grouped = {aid for report in dossier.stories for aid in report.story.article_ids}
    good = {a.id for a in dossier.articles if "good" in a.source}
    assert good <= grouped
    extraction = {e.article_id: e for e in dossier.extractions}
    assert all(extraction[aid].quantities for aid in good)
    assert_valid_dossier(json.loads(render(dossier)))


@pytest.mark.timeout(120)
def test_ingest_skips_a_record_its_reader_cannot_finish(tmp_path, monkeypatch):
    from newsprism import ingest
    from newsprism.ingest import jsonl

    folder = tmp_path / "in"
    write(folder, ["good-one"])
    (folder / "feed.jsonl").write_text("\n".join(json.dumps({"title": f"r{n}", "text": f"{BODY} {n}"})
                                                 for n in range(3)) + "\n", encoding="utf-8")
    real = jsonl.READER.read

    def stuck_after_first(path, **kwargs):
        for n, item in enumerate(real(path, **kwargs)):
            if n == 1:
                forever()
            yield item

    monkeypatch.setitem(ingest.READERS, jsonl.READER.name, dataclasses.replace(jsonl.READER, read=stuck_after_first))
    articles, failures, _new = pipeline.ingest_paths([str(folder)], config=CONFIG, store=MemoryStore())
    assert len(articles) == 2  # the text file and the feed's first record
    [failure] = failures
    assert failure.source.endswith("feed.jsonl") and failure.stage == "ingest"
    assert failure.error == "ingest took longer than 1 s; skipped (with the rest of this file)"
