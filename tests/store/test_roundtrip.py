"""Property tests: what goes into the store comes back equal, on every backend."""

from __future__ import annotations

import dataclasses
import uuid

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsprism.types import Article, Story

from .strategies import article_origins, articles, extractions, story_reports

SETTINGS = settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


def _fresh(article: Article) -> Article:
    # A unique id per example: one store serves every example of a test.
    return dataclasses.replace(article, id=uuid.uuid4().hex)


@SETTINGS
@given(batch=st.lists(articles, min_size=1, max_size=4))
def test_articles_round_trip(store, batch):
    batch = [_fresh(a) for a in batch]
    assert store.add_articles(batch) == len(batch)
    assert [store.get_article(a.id) for a in batch] == batch
    assert store.get_articles([a.id for a in reversed(batch)]) == list(reversed(batch))


@SETTINGS
@given(article=articles, origins=article_origins, extraction=extractions)
def test_stage_results_round_trip(store, article, origins, extraction):
    article = _fresh(article)
    store.add_articles([article])
    origins = dataclasses.replace(origins, article_id=article.id)
    extraction = dataclasses.replace(extraction, article_id=article.id)
    store.put_origins([origins])
    store.put_extractions([extraction])
    assert store.get_origins([article.id]) == {article.id: origins}
    assert store.get_extractions([article.id]) == {article.id: extraction}


@SETTINGS
@given(article=articles, report=story_reports)
def test_story_reports_round_trip(store, article, report):
    article = _fresh(article)
    store.add_articles([article])
    story = dataclasses.replace(report.story, id=uuid.uuid4().hex, article_ids=(article.id,))
    report = dataclasses.replace(report, story=story)
    store.put_story_reports([report])
    assert store.get_story_report(story.id) == report
    assert store.get_story(story.id) == story


@SETTINGS
@given(state=st.binary(max_size=2000))
def test_state_round_trip(store, state):
    store.save_stories([], [], [], state)
    assert store.story_state() == state
    assert isinstance(store.story_state(), (bytes, bytearray))


def test_stories_round_trip_through_save(store):
    article = Article(id="a1", source="s", reader="text.v1", text="Body.", content_hash="h")
    store.add_articles([article])
    story = Story(id="s1", title="T", article_ids=("a1",), first_seen="2024-11-04", last_seen=None)
    from newsprism.types import StoryAssignment

    store.save_stories([StoryAssignment("a1", "s1", 0.9, True)], [story], [], None)
    assert store.get_story("s1") == story
    assert store.story_state() is None
