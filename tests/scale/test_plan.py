"""The engines' shared plan: extraction runs once per job (with a one-by-one fallback), and one
stories grouper lives across chunks, serialised only when a snapshot asks for it.

A hashed bag-of-words embedder and a stand-in extractor keep these fast; the end-to-end tests
(test_local, test_spark) run the real models."""

from __future__ import annotations

import numpy as np
import pytest

from newsprism import extract as extract_stage
from newsprism import stories
from newsprism.models import Models
from newsprism.normalise import normalise
from newsprism.scale import plan as P
from newsprism.settings import default_config
from newsprism.stories import update as story_update
from newsprism.stories.index import StoryIndex
from newsprism.testing import FakeEmbedder
from newsprism.types import Extraction, RawDoc

EVENTS = {
    "quake": ("A magnitude 7.1 earthquake struck northern Chile on Tuesday, killing {n} people in Antofagasta. "
              "Rescue teams searched the rubble in Antofagasta, the emergency office said."),
    "strike": ("Dock workers in Rotterdam ended a {n}-day strike on Monday after a pay deal with the port "
               "employers. The Rotterdam port authority said ships were moving again."),
    "transfer": ("Harbour Rovers signed striker Jonas Berg from Lakeside United for {n} million euros on "
                 "Friday. Berg scored goals for Lakeside United last season, manager Elena Marsh said."),
    "vote": ("Parliament in Vilnius approved the {n} budget on Thursday after a long debate. Finance "
             "minister Rasa Vaitkus said the Vilnius budget cuts the deficit."),
}


def docs(count: int = 12) -> list[RawDoc]:
    names = list(EVENTS)
    out = []
    for i in range(count):
        event = names[i % len(names)]
        text = EVENTS[event].format(n=12 + i % len(names)) + f" Report number {i} from outlet {i % 5}."
        out.append(RawDoc(source=f"test#{i + 1}", reader="text", body=text, payload=text.encode(),
                          title=f"{event.title()} report {i}", published=f"2024-05-{1 + i:02d}T10:00:00+00:00"))
    return out


@pytest.fixture(scope="module")
def config():
    return default_config()


@pytest.fixture(scope="module")
def models():
    return Models.with_(embedder=FakeEmbedder())


@pytest.fixture
def fake_extract(monkeypatch):
    """extract.run stood in for: records the size of every call and raises on marked articles."""
    calls: list[int] = []
    bad: set[str] = set()

    def run(articles, *, config, models):
        articles = list(articles)
        calls.append(len(articles))
        for article in articles:
            if article.source in bad:
                raise ValueError(f"cannot parse {article.source}")
            yield Extraction(article_id=article.id)

    monkeypatch.setattr(extract_stage, "run", run)
    return calls, bad


def test_article_job_extracts_every_article_in_one_call(config, models, fake_extract):
    calls, _bad = fake_extract
    batch = P.article_job(list(enumerate(docs(6))), config=config, models=models)
    assert calls == [6]
    assert [e.article_id for e in batch.extractions] == [a.id for a in batch.articles]
    assert batch.positions == list(range(6)) and not batch.failures
    assert set(batch.seconds) == {"normalise", "extract"}


def test_an_extraction_crash_loses_only_its_article(config, models, fake_extract):
    calls, bad = fake_extract
    bad.add("test#3")
    empty = RawDoc(source="test#99", reader="text", body="   ", payload=b"empty")
    batch = P.article_job(list(enumerate(docs(6) + [empty])), config=config, models=models)
    # the crash at the third: it alone (a failure), then the rest batched again
    assert calls == [6, 1, 3]
    assert len(batch.articles) == len(batch.extractions) == 6  # the crashed article is kept, unextracted
    assert sorted((f.source, f.stage) for f in batch.failures) == [("test#3", "extract"), ("test#99", "normalise")]
    assert dict(zip((f.source for f in batch.failures), batch.failure_positions)) == {"test#3": 2, "test#99": 6}


def _batch(raw: list[RawDoc], config, start: int = 0) -> P.ArticleBatch:
    batch = P.ArticleBatch()
    for position, doc in enumerate(raw, start):
        article = normalise(doc, config=config)
        batch.articles.append(article)
        batch.extractions.append(Extraction(article_id=article.id))
        batch.positions.append(position)
    return batch


def _plan(config, models, state=None) -> P.GlobalPlan:
    return P.GlobalPlan(config=config, models=models, fetch=lambda ids: [], state=state)


def _story_of(results) -> dict[str, str]:
    """article id -> its final story id, following merges."""
    members = P.Membership()
    for r in results:
        members.add(((a.article_id, a.story_id) for a in r.assignments),
                    ((m.kept, m.absorbed) for m in r.merges), r.touched)
    return {aid: sid for sid, story in members.stories().items() for aid in story.article_ids}


def test_partitions_grouped_apart_then_merged_give_the_events(config, models, monkeypatch):
    """Phase one groups each chunk alone; phase two merges a chunk's partial stories into the
    stories held, so the reports of one event in three chunks end in one story, as in one run."""
    raw = docs(12)  # four events, one report of each in every chunk of four
    whole = stories.run([normalise(d, config=config) for d in raw], config=config, models=models)
    plan = _plan(config, models)
    asked = []
    state = plan.grouper.state_pieces
    monkeypatch.setattr(plan.grouper, "state_pieces", lambda: asked.append(1) or state())
    results = [plan.advance(_batch(raw[i:i + 4], config, i)) for i in range(0, 12, 4)]
    story_of = _story_of(results)
    assert story_of == _follow(whole)
    assert len(set(story_of.values())) == 4
    # chunks after the first bring partial stories that fold into the held ones: recorded merges
    assert all(len(r.merges) == 4 for r in results[1:]) and not results[0].merges
    assert not asked  # the stories held are never serialised mid-batch ...
    assert sum(len(p) for p in results[-1].state()) > 0 and len(asked) == 1  # ... only when a snapshot asks
    with pytest.raises(RuntimeError):
        results[0].state()  # the grouper has moved on: that chunk's state is gone


def test_phase_one_done_elsewhere_gives_what_the_plan_does_itself(config, models):
    raw = docs(12)
    batches = [_batch(raw[i:i + 4], config, i) for i in range(0, 12, 4)]
    here = _plan(config, models)
    own = [here.advance(b) for b in batches]
    away = _plan(config, models)
    given = []
    for b in batches:
        chosen = [b.articles[i] for i in away.select(b)]
        given.append(away.advance(b, partial=P.stories_job(chosen, config=config, models=models)))
    assert [r.assignments for r in given] == [r.assignments for r in own]
    assert [r.merges for r in given] == [r.merges for r in own]
    assert away.stories_state() == here.stories_state()
    # a phase one made on other articles than the plan takes is not used: it is redone
    stale = _plan(config, models)
    wrong = P.stories_job(batches[0].articles[:2], config=config, models=models)
    assert stale.advance(batches[0], partial=wrong).assignments == own[0].assignments
    # a phase one that crashed in its worker is redone in the global step

    def crashed():
        raise RuntimeError("worker died")

    assert _plan(config, models).advance(batches[0], partial=crashed).assignments == own[0].assignments


def _follow(whole) -> dict[str, str]:
    """The one-run answer with its merges applied (as Membership applies them to chunks)."""
    assignments, touched, merges, _state = whole
    members = P.Membership()
    members.add(((a.article_id, a.story_id) for a in assignments), ((m.kept, m.absorbed) for m in merges), touched)
    return {aid: sid for sid, story in members.stories().items() for aid in story.article_ids}


def test_a_plan_rebuilt_from_a_snapshot_and_replay_goes_on_the_same(config, models):
    raw = docs(12)
    chunks = [_batch(raw[i:i + 4], config, i) for i in range(0, 12, 4)]
    plan = _plan(config, models)
    first = plan.advance(chunks[0])
    snapshot = b"".join(first.state())
    second = plan.advance(chunks[1])
    last = plan.advance(chunks[2])
    rebuilt = _plan(config, models, state=snapshot)
    rebuilt.remember(a.id for a in chunks[0].articles + chunks[1].articles)
    rebuilt.replay(chunks[1].articles, second.partial)
    again = rebuilt.advance(chunks[2])
    assert again.assignments == last.assignments
    assert again.touched == last.touched and again.merges == last.merges
    assert rebuilt.stories_state() == plan.stories_state()


def test_a_stories_crash_loses_only_its_article_and_leaves_the_grouper_sound(config, models, monkeypatch):
    raw = docs(12)
    articles = [normalise(d, config=config) for d in raw]
    # the first report of an event (it would start a story), and two in one chunk
    bad = {articles[2].id, articles[5].id, articles[6].id}
    add_article = story_update.add_article

    def crash_on_bad(index, row, **kw):
        if index.article_ids[-1] in bad:
            raise ValueError("corrupt features")
        return add_article(index, row, **kw)

    monkeypatch.setattr(story_update, "add_article", crash_on_bad)
    plan = _plan(config, models)
    results = [plan.advance(_batch(raw[i:i + 4], config, i)) for i in range(0, 12, 4)]
    failed = [f for r in results for f in r.failures]
    assert sorted((f.source, f.stage) for f in failed) == [("test#3", "stories"), ("test#6", "stories"),
                                                            ("test#7", "stories")]
    story_of = _story_of(results)
    assert set(story_of) == {a.id for a in articles} - bad  # every other article in exactly one story
    # a story is named after the article that started it: a story the crashed article had just
    # started must not take in later articles under another article's name
    for sid in set(story_of.values()):
        assert sid[2:] in {aid[:16] for aid, s in story_of.items() if s == sid}, sid
    index = plan.grouper.index
    assert len(index.article_ids) == len(index.article_story) == 9
    # a story a crashed article had just started in its partition holds no member: it is not
    # taken into the stories held (the partition grouper's own undo is tested in tests/stories)
    assert all(index.count[row] > 0 for row in range(index.size))
    # the last chunk's stories, as the grouper lists them, hold the articles assigned to them
    listed = {aid: s.id for s in results[-1].touched for aid in s.article_ids}
    assert listed and all(story_of[aid] == sid for aid, sid in listed.items())


def test_snapshots_thin_out_as_the_state_grows(config, tmp_path):
    from newsprism.scale.output import SNAPSHOT_EVERY, BatchWriter

    writer = BatchWriter(str(tmp_path / "out"), files=[], config=config, chunk_size=1000, engine="local")
    taken = []
    for number in range(1000):
        if writer.snapshot_due(number):
            taken.append(number)
            writer.manifest["snapshot"] = number
    assert taken[:3] == [0, SNAPSHOT_EVERY, 2 * SNAPSHOT_EVERY]
    # a snapshot costs what the state holds, so spacing them by a tenth of the chunks done keeps
    # the total written linear; a restart still replays at most about a tenth of the work
    assert sum(taken) < 15 * 1000
    assert all(b - a <= max(SNAPSHOT_EVERY, b // 10 + 1) for a, b in zip(taken, taken[1:]))


def test_an_input_with_the_same_bytes_as_another_is_recorded(config, models):
    raw = docs(3)
    twice = RawDoc(source="test#copy", reader=raw[0].reader, body=raw[0].body, payload=raw[0].payload,
                   title=raw[0].title, published=raw[0].published)
    result = _plan(config, models).advance(_batch(raw + [twice], config))
    assert len(result.articles) == 3
    assert [(f.source, f.stage) for f in result.failures] == [("test#copy", "ingest")]
    assert result.failures[0].error.startswith("the same bytes as test#1: read once")
