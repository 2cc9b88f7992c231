"""Behaviour every store backend shares: idempotent ingest, search, stage results, stories."""

from __future__ import annotations

import pytest

from newsprism import store as store_module
from newsprism.errors import ConfigError, StoreError
from newsprism.store import MARK_END, MARK_START, StorySummary
from newsprism.types import ArticleOrigins, Claim, Extraction, Failure, Mention, StoryMerge, StoryReport

from .samples import article, joined, started, story


def test_ingesting_twice_adds_nothing(store_factory):
    batch = [article(n) for n in range(50)]
    store = store_factory()
    assert store.add_articles(batch) == 50
    assert store.add_articles(batch) == 0
    assert store.add_articles(batch[:10] + [article(50)]) == 1
    assert store.count_articles() == 51
    assert [a.id for a in store.iter_articles()] == [a.id for a in batch] + ["art00050"]
    if store_factory.backend != "memory":
        reopened = store_factory()  # a second connection to the same store sees the same rows
        assert reopened.count_articles() == 51


def test_duplicates_within_one_call_count_once(store):
    assert store.add_articles([article(1), article(1), article(2)]) == 2
    assert store.count_articles() == 2


def test_a_failing_batch_stores_nothing(store):
    def batch():
        yield article(1)
        yield article(2)
        raise RuntimeError("reader crashed")

    with pytest.raises(RuntimeError):
        store.add_articles(batch())
    assert store.count_articles() == 0
    assert store.add_articles([article(3)]) == 1


def test_get_and_has(store):
    store.add_articles([article(1), article(2)])
    assert store.has_article("art00001") and not store.has_article("nope")
    assert store.get_article("nope") is None
    assert [a.id for a in store.get_articles(["art00002", "nope", "art00001"])] == ["art00002", "art00001"]


def test_failures_are_kept_once(store):
    failures = [Failure("/in/x.bin", "ingest", "binary input"), Failure("/in/y", "ingest", "empty")]
    store.add_failures(failures)
    store.add_failures(failures)
    assert store.list_failures() == failures


def test_search_finds_words_in_title_and_text(store):
    store.add_articles([
        article(1, title="Pyongyang receives oil", text="Shipments arrived by rail last week."),
        article(2, title="Harbour news", text="The council approved a new pier for ferries."),
        article(3, title="Weather", text="Rain all day; ferries cancelled, the pier closed."),
    ])
    assert [h.article.id for h in store.search("Pyongyang")] == ["art00001"]
    assert [h.article.id for h in store.search("shipments")] == ["art00001"]
    assert {h.article.id for h in store.search("pier ferries")} == {"art00002", "art00003"}
    assert [h.article.id for h in store.search("council pier")] == ["art00002"]
    assert store.search("absent") == [] and store.search("  ") == [] and store.search('"(*') == []
    hit = store.search("council")[0]
    assert f"{MARK_START}council{MARK_END}" in hit.snippet.lower()
    assert hit.score > 0
    assert store.count_search("pier") == 2 and store.count_search("") == 0
    assert len(store.search("pier", limit=1)) == 1 and len(store.search("pier", limit=1, offset=1)) == 1


def test_stage_results_are_replaced_on_rewrite(store):
    store.add_articles([article(1)])
    store.put_origins([ArticleOrigins("art00001", root="Reuters")])
    store.put_origins([ArticleOrigins("art00001", root="Yonhap")])
    assert store.get_origins(["art00001", "nope"])["art00001"].root == "Yonhap"
    store.put_extractions([Extraction("art00001")])
    assert store.get_extractions(["art00001"]) == {"art00001": Extraction("art00001")}


def test_stage_results_need_a_stored_article(store):
    with pytest.raises(StoreError):
        store.put_origins([ArticleOrigins("ghost")])
    with pytest.raises(StoreError):
        store.save_stories([started("ghost", "s1")], [story("s1", ("ghost",))], [], None)


def _two_stories_then_merge(store):
    store.add_articles([article(n) for n in range(1, 5)])
    store.save_stories(
        [started("art00001", "s1"), joined("art00002", "s1"), started("art00003", "s2")],
        [story("s1", ("art00001", "art00002"), first="2024-11-01", last="2024-11-02"),
         story("s2", ("art00003",), first="2024-11-03", last="2024-11-03")],
        [], b"state-1",
    )
    merge = StoryMerge(kept="s1", absorbed="s2", article_id="art00004", score=0.8)
    store.save_stories(
        [joined("art00004", "s1")],
        [story("s1", ("art00001", "art00002", "art00003", "art00004"), first="2024-11-01", last="2024-11-04")],
        [merge], b"state-2",
    )
    return merge


def test_assignments_follow_merges(store):
    _two_stories_then_merge(store)
    assert store.get_assignments(["art00003", "art00004", "nope"]) == {"art00003": "s1", "art00004": "s1"}
    assert store.live_story_id("s2") == "s1" and store.live_story_id("s1") == "s1"
    assert store.live_story_id("nope") is None
    assert [s.id for s in store.list_stories()] == ["s1"]
    assert store.count_stories() == 1
    assert store.get_story("s2") is not None  # absorbed stories are kept
    assert store.story_state() == b"state-2"


def test_merges_are_never_rewritten(store):
    merge = _two_stories_then_merge(store)
    store.save_stories([], [], [merge], None)  # the same merge again is fine
    store.add_articles([article(9)])
    store.save_stories([started("art00009", "s9")], [story("s9", ("art00009",))], [], None)
    with pytest.raises(StoreError):
        store.save_stories([], [], [StoryMerge(kept="s9", absorbed="s2", article_id="art00009", score=0.9)], None)
    assert store.live_story_id("s2") == "s1"
    assert store.story_state() == b"state-2"  # the refused call changed nothing


def test_large_state_is_chunked(store, monkeypatch):
    monkeypatch.setattr(store_module.rows, "STATE_CHUNK", 1000)
    state = bytes(range(256)) * 20  # 5 chunks
    store.save_stories([], [], [], state)
    assert store.story_state() == state
    store.save_stories([], [], [], b"small")
    assert store.story_state() == b"small"


def test_list_stories_newest_first(store):
    store.add_articles([article(n) for n in range(1, 5)])
    store.save_stories(
        [started(f"art0000{n}", f"s{n}") for n in range(1, 5)],
        [story("s1", ("art00001",), last="2024-11-04T18:19:00-05:00"),  # 23:19 UTC
         story("s2", ("art00002",), last="2024-11-05T07:00:00+09:00"),  # 22:00 UTC the day before
         story("s3", ("art00003",), last=None),
         story("s4", ("art00004",), last="2024-11-06")],
        [], None,
    )
    assert [s.id for s in store.list_stories()] == ["s4", "s1", "s2", "s3"]
    assert [s.id for s in store.list_stories(limit=2, offset=1)] == ["s1", "s2"]


def _stories_for_listing(store):
    store.add_articles([
        article(1, title="Oil for Pyongyang", outlet="Reuters"),
        article(2, text="Troops crossed the border at dawn.", outlet="Yonhap"),
        article(3, text="The harbour council met again.", outlet="Korea Herald"),
    ])
    store.save_stories(
        [started("art00001", "s1"), joined("art00002", "s1"), started("art00003", "s2")],
        [story("s1", ("art00001", "art00002"), first="2024-11-01T10:00:00Z", last="2024-11-04T10:00:00Z"),
         story("s2", ("art00003",), first="2024-11-06T10:00:00Z", last="2024-11-07T10:00:00Z")],
        [], None,
    )
    store.put_story_reports([StoryReport(story=store.get_story("s1"), independent_origins=2)])


def test_list_story_reports_filters(store):
    _stories_for_listing(store)
    reports = store.list_story_reports()
    assert [r.story.id for r in reports] == ["s2", "s1"]
    assert reports[0] == StoryReport(story=store.get_story("s2"))  # no report stored yet: a bare one
    assert reports[1].independent_origins == 2

    def ids(**kw):
        found = [r.story.id for r in store.list_story_reports(**kw)]
        assert store.count_story_reports(**kw) == len(found)
        return found

    assert ids(query="troops border") == ["s1"]
    assert ids(query="pyongyang") == ["s1"]
    assert ids(query="harbour troops") == []
    assert ids(outlet="yonhap") == ["s1"] and ids(outlet="Korea Herald") == ["s2"] and ids(outlet="X") == []
    assert ids(since="2024-11-05") == ["s2"]
    assert ids(until="2024-11-04") == ["s1"]
    assert ids(since="2024-11-04", until="2024-11-06") == ["s2", "s1"]
    assert [r.story.id for r in store.list_story_reports(limit=1, offset=1)] == ["s1"]
    with pytest.raises(ConfigError):
        store.list_story_reports(since="yesterday-ish")


def test_story_summaries_match_reports(store):
    _stories_for_listing(store)
    claim = Claim("c1", "quantity", "x", "conflicting", "r", 1, (Mention("art00001", 0, 1, "R"),))
    store.put_story_reports([StoryReport(story=store.get_story("s1"), independent_origins=2, claims=(claim,) * 2)])
    summaries = store.list_story_summaries(outlet="reuters")
    assert summaries == [StorySummary("s1", "A story", "2024-11-01T10:00:00Z", "2024-11-04T10:00:00Z", 2, 2, 2,
                                      (("conflicting", 2),))]
    assert [s.id for s in store.list_story_summaries()] == ["s2", "s1"]
    assert store.list_story_summaries(query="harbour")[0].claim_count == 0


def test_story_outlets_and_outlet_list(store):
    _stories_for_listing(store)
    assert store.story_outlets(["s1", "s2", "nope"]) == {
        "s1": ("Reuters", "Yonhap"), "s2": ("Korea Herald",), "nope": (),
    }
    assert sorted(store.list_outlets()) == [("Korea Herald", 1), ("Reuters", 1), ("Yonhap", 1)]


def test_report_rewrite_replaces(store):
    _stories_for_listing(store)
    store.put_story_reports([StoryReport(story=store.get_story("s1"), independent_origins=1)])
    assert store.get_story_report("s1").independent_origins == 1
    assert store.get_story_report("s2") is None
