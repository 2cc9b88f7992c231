"""The evidence decision (story_decision 'evidence.v1'): the shipped model, which articles it
reads, the second chance of a growing story, and the rare-key table in the saved state."""

from __future__ import annotations

import dataclasses
import math

import numpy as np
import pytest

from newsprism import stories
from newsprism.models import Models
from newsprism.settings import default_config
from newsprism.stories import evidence
from newsprism.stories.keys import KeyTable
from newsprism.testing import FakeEmbedder

from .test_stories import DATA, read_article


@pytest.fixture(scope="module")
def fake() -> Models:
    return Models.with_(embedder=FakeEmbedder(dim=64))


@pytest.fixture(scope="module")
def corpus():
    return {p.stem: read_article(p) for p in sorted(DATA.glob("*.txt"))}


def test_the_shipped_models_read_known_evidence_with_the_signs_it_can_have():
    models = evidence.load()
    assert set(models) == {"article", "story"}
    for model in models.values():
        assert set(model.weights) <= set(evidence.FEATURES)
        assert all(math.isfinite(w) for w in model.weights.values()) and math.isfinite(model.bias)
        for name in ("topic", "words", "facts", "title", "names", "figures", "lead_topic", "lead_words",
                     "lead_title", "judge"):
            assert model.weights.get(name, 0.0) >= 0.0, name
        for name in ("gap", "day_conflict"):
            assert model.weights.get(name, 0.0) <= 0.0, name
    rows = np.zeros((2, len(evidence.FEATURES)), dtype=np.float32)
    rows[1, evidence.COLUMN["names"]] = 3.0  # rare names in common: more likely one event
    low, high = models["article"].probability(rows)
    assert 0.0 < low < high < 1.0


def test_undated_articles_are_decided_as_by_the_hand_score(fake, corpus):
    undated = [dataclasses.replace(a, published=None) for a in corpus.values()]
    by_decision = {}
    for decision in ("evidence.v1", "score.v1"):
        config = default_config().replace(story_decision=decision)
        assignments, _, merges, _ = stories.run(undated, config=config, models=fake)
        by_decision[decision] = ([(a.story_id, a.started) for a in assignments], merges)
    assert by_decision["evidence.v1"] == by_decision["score.v1"]


def test_an_unknown_decision_is_refused(fake):
    from newsprism.errors import ConfigError

    with pytest.raises(ConfigError):
        stories.Grouper(config=default_config().replace(story_decision="vibes.v0"), models=fake)


def test_a_growing_story_gets_a_second_chance_and_the_merge_is_recorded(fake, corpus):
    """Two reports start apart; when a third joins the first, the grown story is read against
    the other once more and, with a story model that finds them one event, they merge."""
    left, right, bridge = corpus["bridge_a"], corpus["bridge_b"], corpus["bridge_ab"]
    # no bridge: the article's own reading of the first story stays under the merge probability
    grouper = stories.Grouper(config=default_config().replace(story_merge_probability=0.99), models=fake)
    grouper.model = {
        "article": evidence.Model({"names": 10.0}, -20.0),  # joins on enough rare names shared
        "story": evidence.Model({}, 5.0),  # every near story is the same event
    }
    first, second, third = grouper.add([left, right, bridge])
    assert first.started and second.started and not third.started
    assert len(grouper.merges) == 1
    merge = grouper.merges[0]
    assert (merge.kept, merge.absorbed, merge.article_id) == (first.story_id, second.story_id, bridge.id)
    [story] = grouper.stories()
    assert set(story.article_ids) == {left.id, right.id, bridge.id}
    assert story.merged_from == (second.story_id,)


def test_an_article_that_belongs_to_two_stories_bridges_them(fake, corpus):
    left, right, bridge = corpus["bridge_a"], corpus["bridge_b"], corpus["bridge_ab"]
    grouper = stories.Grouper(config=default_config().replace(story_merge_probability=0.7), models=fake)
    grouper.model = {
        "article": evidence.Model({"names": 10.0}, -20.0),  # the bridge: 0.71 and 0.95
        "story": evidence.Model({}, -20.0),  # no second chance: the bridge alone merges
    }
    first, second, third = grouper.add([left, right, bridge])
    assert first.started and second.started and not third.started
    assert [(m.kept, m.absorbed, m.article_id) for m in grouper.merges] == [
        (first.story_id, second.story_id, bridge.id)]
    assert third.story_id == first.story_id  # the older story keeps its id


def test_the_rare_key_table_round_trips_and_a_small_state_stays_small(fake, corpus):
    grouper = stories.Grouper(config=default_config(), models=fake)
    grouper.add(list(corpus.values()))
    state = grouper.state()
    assert len(state) < 1_000_000  # the 32 MB table is saved as its occupied slots
    again = stories.Grouper(config=default_config(), models=fake, state=state)
    assert np.array_equal(again.index.keys.slots, grouper.index.keys.slots)
    assert np.array_equal(again.index.keys.next, grouper.index.keys.next)
    keys = np.arange(1, 5000, dtype=np.uint32)
    table = KeyTable()
    table.file(3, keys[:10])
    assert set(table.lookup(keys[:10]).tolist()) == {3}
    assert len(table.lookup(keys[100:110])) <= 1  # only a slot shared by chance
