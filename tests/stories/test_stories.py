"""Online story grouping: join, new story, same kind but different event, merge, rerun, order."""

from __future__ import annotations

import hashlib
from pathlib import Path

import numpy as np
import pytest

from newsprism import stories
from newsprism.errors import ConfigError, StageError
from newsprism.models import Models
from newsprism.settings import default_config
from newsprism.stories import features
from newsprism.testing import FakeEmbedder
from newsprism.types import Article

DATA = Path(__file__).resolve().parents[1] / "data" / "stories"
SEEDS = Path(__file__).resolve().parents[2] / "examples" / "seeds"


def article(name: str, title: str, text: str, published: str | None = None) -> Article:
    digest = hashlib.sha256(f"{name}{title}{text}".encode()).hexdigest()
    return Article(id=digest[:24], source=name, reader="text", text=f"{title}\n{text}",
                   content_hash=digest[:24], title=title, published=published)


def read_article(path: Path) -> Article:
    """A test file: first line the title, an optional ``published:`` line, then the text."""
    lines = path.read_text(encoding="utf-8").splitlines()
    title, rest = lines[0], lines[1:]
    published = None
    if rest and rest[0].startswith("published:"):
        published, rest = rest[0].split(":", 1)[1].strip(), rest[1:]
    return article(path.stem, title, "\n".join(rest), published)


@pytest.fixture(scope="module")
def fake() -> Models:
    return Models.with_(embedder=FakeEmbedder(dim=64))


@pytest.fixture(scope="module")
def corpus() -> dict[str, Article]:
    return {p.stem: read_article(p) for p in sorted(DATA.glob("*.txt"))}


def group(items: list[Article], models: Models, **overrides):
    config = default_config().replace(**overrides) if overrides else default_config()
    return stories.run(items, config=config, models=models)


def story_of(assignments) -> dict[str, str]:
    return {a.article_id: a.story_id for a in assignments}


def test_a_second_report_of_one_event_joins_its_story(fake, corpus):
    first, second = corpus["quake_nepal_1"], corpus["quake_nepal_2"]
    assignments, touched, merges, _ = group([first, second], fake)
    assert [a.started for a in assignments] == [True, False]
    assert assignments[0].story_id == assignments[1].story_id
    assert len(touched) == 1 and set(touched[0].article_ids) == {first.id, second.id}
    assert merges == []


def test_an_unrelated_article_starts_a_new_story(fake, corpus):
    items = [corpus["quake_nepal_1"], corpus["phone_launch_1"]]
    assignments, touched, _, _ = group(items, fake)
    assert [a.started for a in assignments] == [True, True]
    assert len({a.story_id for a in assignments}) == 2
    assert {s.title for s in touched} == {items[0].title, items[1].title}


def test_two_events_of_the_same_kind_stay_apart(fake, corpus):
    names = ["quake_nepal_1", "quake_chile_1", "quake_nepal_2", "quake_chile_2",
             "phone_launch_1", "phone_launch_other", "phone_launch_2"]
    assignments, _, _, _ = group([corpus[n] for n in names], fake)
    by_name = dict(zip(names, (a.story_id for a in assignments)))
    assert by_name["quake_nepal_1"] == by_name["quake_nepal_2"]
    assert by_name["quake_chile_1"] == by_name["quake_chile_2"]
    assert by_name["quake_nepal_1"] != by_name["quake_chile_1"]
    assert by_name["phone_launch_1"] == by_name["phone_launch_2"]
    assert by_name["phone_launch_1"] != by_name["phone_launch_other"]


def test_a_bridging_article_merges_two_stories_and_the_merge_is_recorded(fake, corpus):
    """(The hand score's merge threshold; evidence.v1's bridge: tests/stories/test_evidence.py.)"""
    left, right, bridge = corpus["bridge_a"], corpus["bridge_b"], corpus["bridge_ab"]
    assignments, touched, merges, _ = group([left, right, bridge], fake, story_decision="score.v1")
    assert [a.started for a in assignments] == [True, True, False]
    left_id, right_id = assignments[0].story_id, assignments[1].story_id
    assert left_id != right_id
    assert len(merges) == 1
    merge = merges[0]
    assert (merge.kept, merge.absorbed, merge.article_id) == (left_id, right_id, bridge.id)
    assert len(touched) == 1
    story = touched[0]
    assert story.id == left_id and story.merged_from == (right_id,)
    assert set(story.article_ids) == {left.id, right.id, bridge.id}
    assert assignments[2].story_id == left_id


def test_a_rerun_with_the_state_extends_the_same_story(fake, corpus):
    first, second, other = corpus["quake_nepal_1"], corpus["quake_nepal_2"], corpus["phone_launch_1"]
    assignments1, _, _, state = group([first, other], fake)
    assert isinstance(state, bytes) and state
    assignments2, touched, _, state2 = stories.run([second], config=default_config(), models=fake, state=state)
    assert assignments2[0].story_id == assignments1[0].story_id and not assignments2[0].started
    assert len(touched) == 1
    assert touched[0].article_ids == (first.id, second.id)  # earlier members included, in order
    # and the state keeps growing: a third run still sees both stories
    _, touched3, _, _ = stories.run([corpus["phone_launch_2"]], config=default_config(), models=fake, state=state2)
    assert touched3[0].article_ids == (other.id, corpus["phone_launch_2"].id)


def _without(state: bytes, names: set[str]) -> bytes:
    """The state as an older newsprism wrote it (the first format, an ``.npz``): the same arrays
    but ``names``."""
    import io
    import json

    from newsprism.stories.index import MAGIC, StoryIndex

    arrays, meta = StoryIndex._read_mapped(state, memoryview(state))
    buffer = io.BytesIO()
    buffer.write(MAGIC)
    np.savez(buffer, meta=np.frombuffer(json.dumps(meta).encode("utf-8"), dtype=np.uint8),
             **{k: arrays[k] for k in arrays.files if k not in names})
    return buffer.getvalue()


def test_a_state_written_before_the_title_arrays_still_loads_and_grows(fake, corpus):
    first, second = corpus["quake_nepal_1"], corpus["quake_nepal_2"]
    assignments1, _, _, state = group([first, corpus["phone_launch_1"]], fake)
    old = _without(state, {"title_fit", "title_norm", "keys_at", "keys_slots", "keys_next"})
    assignments2, touched, _, _ = stories.run([second], config=default_config(), models=fake, state=old)
    assert assignments2[0].story_id == assignments1[0].story_id and not assignments2[0].started
    assert touched[0].article_ids == (first.id, second.id)
    # control: a state that lost an array every version has is damaged, and says so
    with pytest.raises(StageError, match="damaged"):
        stories.run([second], config=default_config(), models=fake, state=_without(state, {"norm"}))


def test_output_is_deterministic(fake, corpus):
    items = list(corpus.values())
    first = group(items, fake)
    second = group(items, fake)
    assert first[:3] == second[:3]
    assert first[3] == second[3]


def test_stories_drift_and_close_with_time(fake, corpus):
    early = corpus["quake_nepal_1"]
    late = article("late", corpus["quake_nepal_2"].title or "", corpus["quake_nepal_2"].text,
                   published="2015-06-30T10:00:00+00:00")
    early = article("early", early.title or "", early.text, published="2015-04-25T08:00:00+00:00")
    assignments, touched, _, _ = group([early, late], fake)
    assert [a.started for a in assignments] == [True, True]  # two months later: a new story
    same_day = article("same", late.title or "", late.text, published="2015-04-25T20:00:00+00:00")
    assignments, touched, _, _ = group([early, same_day], fake)
    assert not assignments[1].started
    assert touched[0].first_seen == "2015-04-25T08:00:00+00:00"
    assert touched[0].last_seen == "2015-04-25T20:00:00+00:00"


def test_state_from_another_embedder_is_refused(fake, corpus):
    _, _, _, state = group([corpus["quake_nepal_1"]], fake)
    other = Models.with_(embedder=FakeEmbedder(dim=32))
    with pytest.raises(ConfigError):
        stories.run([corpus["quake_nepal_2"]], config=default_config(), models=other, state=state)
    with pytest.raises(StageError):
        stories.run([corpus["quake_nepal_2"]], config=default_config(), models=fake, state=b"garbage")


def test_features_keep_names_numbers_with_units_and_dates():
    item = article("f", "Magnitude 7.8 quake hits Nepal",
                   "The earthquake struck near Kathmandu on April 25, 2015, killing 8,000 villagers. "
                   "The U.N. said São Paulo teams arrived.")
    got = features.extract(item)
    expected = {"n:nepal", "n:kathmandu", "q:7.8", "q:8000", "q:8000:villagers", "y:2015", "d:4-25",
                "n:sao paulo"}
    assert {features.stable_hash(t) for t in expected} <= set(got.keys.tolist())
    assert features.stable_hash("n:the") not in set(got.keys.tolist())


@pytest.fixture(scope="module")
def wordllama() -> Models:
    return Models(embedder_name="wordllama.v1")


@pytest.mark.slow
def test_the_two_seeds_form_one_story(wordllama):
    seeds = [read_seed(p) for p in sorted(SEEDS.glob("*.txt"))]
    assignments, touched, _, _ = stories.run(seeds, config=default_config(), models=wordllama)
    assert [a.started for a in assignments] == [True, False]
    assert len(touched) == 1 and len(touched[0].article_ids) == 2


def read_seed(path: Path) -> Article:
    text = path.read_text(encoding="utf-8")
    return Article(id=path.stem, source=str(path), reader="text", text=text, content_hash=path.stem)


def test_a_candidate_that_stands_out_is_joined_below_the_threshold(fake):
    grouper = stories.Grouper(config=default_config().replace(
        story_threshold=0.5, story_join_floor=0.2, story_join_margin=0.15), models=fake)
    assert grouper._joins(np.array([0.6, 0.59]))  # at the threshold: always
    assert grouper._joins(np.array([0.4, 0.2]))  # below it, but far ahead of the runner-up
    assert grouper._joins(np.array([0.3]))  # the only candidate leads an empty field
    assert not grouper._joins(np.array([0.4, 0.3]))  # two alike candidates: a new event of the kind
    assert not grouper._joins(np.array([0.19, 0.0]))  # under the floor


def test_the_margin_rule_joins_a_second_report_a_high_threshold_would_refuse(fake, corpus):
    first, second = corpus["quake_nepal_1"], corpus["quake_nepal_2"]
    strict = dict(story_threshold=0.99, story_join_margin=0.99, story_decision="score.v1")
    assignments, _, _, _ = group([first, second], fake, **strict)
    assert [a.started for a in assignments] == [True, True]
    assignments, _, _, _ = group([first, second], fake, story_threshold=0.99, story_decision="score.v1",
                                 story_join_floor=0.01, story_join_margin=0.01)
    assert [a.started for a in assignments] == [True, False]


def test_with_on_error_a_failing_article_is_reported_and_undone(fake, corpus, monkeypatch):
    """One article fails in its features, one part-way through its assignment (after its id was
    listed and it had started a story): both are reported, the others are grouped as without
    them, and the index holds no trace that would misname a later member."""
    from newsprism.stories import update

    items = [corpus[n] for n in ("quake_nepal_1", "phone_launch_1", "quake_chile_1", "quake_nepal_2",
                                 "phone_launch_2", "quake_chile_2")]
    bad_features, bad_assign = items[1].id, items[2].id  # phone_launch_1 and quake_chile_1 start stories
    extract, add_article = features.extract, update.add_article

    def broken_extract(a):
        if a.id == bad_features:
            raise ValueError("unreadable features")
        return extract(a)

    def broken_add(index, row, **kw):
        if index.article_ids[-1] == bad_assign:
            raise ValueError("corrupt signature")
        return add_article(index, row, **kw)

    monkeypatch.setattr(features, "extract", broken_extract)
    monkeypatch.setattr(update, "add_article", broken_add)
    grouper = stories.Grouper(config=default_config(), models=fake)
    errors = []
    assignments = grouper.add(items, on_error=lambda a, e: errors.append((a.id, str(e))))
    assert errors == [(bad_features, "unreadable features"), (bad_assign, "corrupt signature")]
    monkeypatch.undo()
    expected = stories.Grouper(config=default_config(), models=fake).add(
        [a for a in items if a.id not in {bad_features, bad_assign}])
    assert [(a.article_id, a.story_id, a.started) for a in assignments] == \
        [(a.article_id, a.story_id, a.started) for a in expected]
    index = grouper.index
    assert len(index.article_ids) == len(index.article_story) == 4
    with pytest.raises(ValueError):  # without on_error the failure propagates
        monkeypatch.setattr(features, "extract", broken_extract)
        stories.Grouper(config=default_config(), models=fake).add(items)


# ---------------------------------------------------------------- two-phase: partitions merged


def test_partitions_grouped_apart_merge_into_the_same_events(fake, corpus):
    """Phase two takes a partition's stories into the stories held: a report of a held event
    folds into it (a recorded merge of the partition's story), another event stays apart, and
    the state is a grouper's like any other (a later article joins as it would)."""
    config = default_config()
    first = [corpus["quake_nepal_1"], corpus["phone_launch_1"], corpus["quake_chile_1"]]
    second = [corpus["quake_nepal_2"], corpus["quake_chile_2"], corpus["phone_launch_other"]]
    held = stories.Grouper(config=config, models=fake)
    for part_items in (first, second):
        part = stories.Grouper(config=config, models=fake)
        part.add(part_items)
        held.merges = []
        held.absorb(part.state())
    index = held.index
    final = {aid: held.story_id_of(row) for aid, row in zip(index.article_ids, index.article_story)}
    assert len(final) == 6 and len(index.article_ids) == len(index.article_story)
    assert final[corpus["quake_nepal_1"].id] == final[corpus["quake_nepal_2"].id]
    assert final[corpus["quake_chile_1"].id] == final[corpus["quake_chile_2"].id]
    assert final[corpus["quake_nepal_1"].id] != final[corpus["quake_chile_1"].id]
    assert final[corpus["phone_launch_other"].id] != final[corpus["phone_launch_1"].id]
    # the merges name the partition's story that was absorbed and the held one that kept it
    kept = {(m.kept, m.absorbed) for m in held.merges}
    nepal2 = "s-" + corpus["quake_nepal_2"].id[:16]
    assert (final[corpus["quake_nepal_1"].id], nepal2) in kept
    # idf counts are the sum of the partitions'
    assert index.n_docs == 6
    # what is held is a grouper's state: reloaded, it takes in a later report of a held event
    again = stories.Grouper(config=config, models=fake, state=held.state())
    [assignment] = again.add([corpus["phone_launch_2"]])
    assert assignment.story_id == final[corpus["phone_launch_1"].id]
    assert {s.id: len(s.article_ids) for s in again.stories()}[assignment.story_id] == 2


def test_a_partition_of_another_embedder_is_refused(fake, corpus):
    config = default_config()
    part = stories.Grouper(config=config, models=Models.with_(embedder=FakeEmbedder(dim=32)))
    part.add([corpus["quake_nepal_1"]])
    held = stories.Grouper(config=config, models=fake)
    with pytest.raises(ConfigError):
        held.absorb(part.index)
