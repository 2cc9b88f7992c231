"""The pipeline's steps over batches, which ``analyze`` and both batch engines run: each catches
its own failures, so a bad article, partition or story costs only itself. Stand-in models keep
these fast (no parser, a hashed bag-of-words embedder)."""

from __future__ import annotations

import pytest

from newsprism import origins, pipeline
from newsprism.models import Models
from newsprism.normalise import normalise
from newsprism.settings import default_config
from newsprism.testing import FakeEmbedder, FakeJudge, MemoryStore
from newsprism.types import RawDoc, Story

CONFIG = default_config()
BODY = ("The harbour council of Springfield voted on Tuesday to build two new piers for about "
        "$4 million, the mayor said. Work starts in May and should take 18 months. Tag {}.")


class _BatchShy(FakeEmbedder):
    """Embeds one text at a time, and fails on a batch or on a text holding ``BAD``."""

    def embed(self, texts):
        if len(texts) > 1 or any("BAD" in t for t in texts):
            raise RuntimeError("embedding failed")
        return super().embed(texts)


def articles(*tags: str):
    out = []
    for n, tag in enumerate(tags):
        text = BODY.format(tag)
        doc = RawDoc(source=f"{tag}.txt", reader="text.v1", body=text, payload=text.encode(),
                     title=f"Harbour vote {tag}", published=f"2024-05-0{n + 1}T10:00:00+00:00")
        out.append(normalise(doc, config=CONFIG))
    return out


def test_when_a_batch_embedding_fails_articles_are_grouped_one_by_one():
    models = Models.with_(embedder=_BatchShy())
    grouper = pipeline.new_grouper(config=CONFIG, models=models)
    grouped = pipeline.group(grouper, articles("one", "BAD", "two"), config=CONFIG)
    assert [(f.source, f.stage, f.error) for f in grouped.failures] == [("BAD.txt", "stories", "embedding failed")]
    assert len(grouped.assignments) == 2 and {a.article_id for a in grouped.assignments} == {
        s for story in grouped.touched for s in story.article_ids}


def test_a_partition_that_cannot_be_merged_keeps_its_stories_and_is_recorded():
    models = Models.with_(embedder=FakeEmbedder())
    batch = articles("one", "two")
    held = pipeline.new_grouper(config=CONFIG, models=models)
    merged = pipeline.absorb(held, b"not a stories state", batch)
    assert [(f.source, f.stage) for f in merged.failures] == [("one.txt", "stories"), ("two.txt", "stories")]
    assert all(f.error.startswith("story merge: ") for f in merged.failures)
    assert not merged.touched and not merged.merges
    assert pipeline.absorb(held, b"", batch) == pipeline.Grouped()  # an empty partition merges nothing


def test_when_origins_crashes_as_a_whole_each_article_is_its_own_origin_and_a_failure(monkeypatch):
    def crash(*_args, **_kwargs):
        raise ValueError("index corrupt")

    monkeypatch.setattr(origins, "run", crash)
    failures = []
    batch = articles("one", "two")
    found = pipeline.find_origins(batch, index=pipeline.new_origin_index(CONFIG), config=CONFIG,
                                  models=Models.with_(embedder=FakeEmbedder()), fetch=lambda ids: [],
                                  failures=failures)
    assert [(o.article_id, o.root) for o in found] == [(a.id, f"article:{a.id}") for a in batch]
    assert [(f.source, f.stage, f.error) for f in failures] == [("one.txt", "origins", "index corrupt"),
                                                                 ("two.txt", "origins", "index corrupt")]


def test_a_story_whose_report_crashes_is_a_failure_of_its_own(monkeypatch):
    def crash(*_args, **_kwargs):
        raise ValueError("no claims today")

    monkeypatch.setattr(pipeline, "story_report", crash)
    batch = articles("one")
    story = Story(id="s-1", title="Harbour vote", article_ids=(batch[0].id,))
    done = pipeline.report(story, articles={batch[0].id: batch[0]}, origin_of={}, extraction_of={}, config=CONFIG,
                           models=Models.with_(embedder=FakeEmbedder(), judge=FakeJudge()))
    assert done.report is None and done.canonical == []
    assert [(f.source, f.stage, f.error) for f in done.failures] == [("story:s-1", "claims", "no claims today")]


@pytest.mark.timeout(120)
def test_analyze_records_an_origins_crash_and_goes_on(tmp_path, monkeypatch):
    import spacy

    for tag in ("one", "two"):
        (tmp_path / f"{tag}.txt").write_text(f"Harbour vote {tag}\n\n{BODY.format(tag)}\n", encoding="utf-8")

    def crash(*_args, **_kwargs):
        raise ValueError("index corrupt")

    monkeypatch.setattr(origins, "run", crash)
    models = Models.with_(nlp=spacy.blank("en"), embedder=FakeEmbedder(), judge=FakeJudge())
    dossier = pipeline.analyze([str(tmp_path)], config=CONFIG, store=MemoryStore(), models=models)
    assert len(dossier.articles) == 2 and dossier.stories
    assert sorted((f.source.rsplit("/", 1)[-1], f.stage) for f in dossier.failures) == [
        ("one.txt", "origins"), ("two.txt", "origins")]
