"""Rules that keep two different figures (or statements) from being reported as a conflict when
they are not two values of one measure. Every sentence is made up; each rule has a control that
still conflicts, so the rule cannot pass by switching conflicts off."""

from __future__ import annotations

import pytest

from claim_inputs import SameVector, independent, make_article, mentions, q, quote, run
from newsprism.rules import claimtext
from newsprism.types import Extraction


def _statuses(config, text_a, figures_a, text_b, figures_b):
    """Verdicts for two reports; ``figures_*`` are (surface, value, keyword options) triples.
    Every text has the same embedding, so only the rules keep claims apart."""
    a, b = make_article("a", text_a), make_article("b", text_b)
    ex = {
        "a": Extraction("a", quantities=tuple(q(text_a, s, v, **kw) for s, v, kw in figures_a)),
        "b": Extraction("b", quantities=tuple(q(text_b, s, v, **kw) for s, v, kw in figures_b)),
    }
    _, claims, _ = run([a, b], ex, independent("a", "b"), config, embedder=SameVector())
    return [c.status for c in claims]


# ------------------------------------------------------------------ figures listed together


def test_in_list_reads_coordinated_figures_but_not_a_range():
    text = "The two suspects, aged 19 and 23, were held overnight."
    assert claimtext.in_list(text, "19") and claimtext.in_list(text, "23")
    assert not claimtext.in_list("Prices rose between 3 and 5 percent.", "3")
    assert not claimtext.in_list("The two suspects were held overnight with 19 others.", "19")


def test_two_values_listed_together_are_not_alternatives(config):
    text = "The two suspects, aged 19 and 23, were held overnight at the central station."
    other = "Police said the suspects, aged 19 and 23, were held overnight at the central station."
    age = {"what": "years of age"}
    statuses = _statuses(config, text, [("19", 19, age), ("23", 23, age)], other, [("19", 19, age), ("23", 23, age)])
    assert "conflicting" not in statuses


# --------------------------------------------------------------------- forecast vs outcome


@pytest.mark.parametrize("text, expected", [
    ("Economists had expected 90,000 new jobs in March.", True),
    ("Analysts polled by a wire service were forecasting a 2.1% rise.", True),
    ("That was well above expectations for a gain of 90,000 jobs.", True),
    ("Output is projected to reach 4 million tonnes next year.", True),
    ("Factories added a better-than-expected 120,000 jobs in March.", False),
    ("At least 5,000 volunteers are expected to arrive by June.", False),
    ("The toll, as estimated by local officials, stands at 40.", False),
])
def test_is_forecast(text, expected):
    assert claimtext.is_forecast(text) is expected


def test_a_forecast_does_not_conflict_with_the_outcome(config):
    statuses = _statuses(
        config, "Factories created 120,000 jobs in March across the northern region.", [("120,000 jobs", 120_000, {"what": "jobs"})],
        "Economists had expected 90,000 jobs in March across the northern region.", [("90,000 jobs", 90_000, {"what": "jobs"})])
    assert "conflicting" not in statuses


def test_two_outcomes_still_conflict(config):
    statuses = _statuses(
        config, "Factories created 120,000 jobs in March across the northern region.", [("120,000 jobs", 120_000, {"what": "jobs"})],
        "Factories created 90,000 jobs in March across the northern region.", [("90,000 jobs", 90_000, {"what": "jobs"})])
    assert statuses == ["conflicting", "conflicting"]


def test_forecasts_from_different_surveys_may_differ(config):
    statuses = _statuses(
        config, "Economists in one survey had expected 90,000 jobs in March.", [("90,000 jobs", 90_000, {"what": "jobs"})],
        "Economists in another poll had expected 75,000 jobs in March.", [("75,000 jobs", 75_000, {"what": "jobs"})])
    assert "conflicting" not in statuses


# ------------------------------------------------------------------------- part and total


@pytest.mark.parametrize("context, figure, scope", [
    ("The Greens won 47 of the 120 seats in the assembly.", "120 seats", "whole"),
    ("The Greens won 47 of the 120 seats in the assembly.", "47", None),
    ("The storm killed 40 people, including 9 people in the capital.", "9 people", "subset"),
    ("A party needs 61 seats for a majority in the assembly.", "61 seats", "threshold"),
    ("Unemployment rose to 5.2% from 3.1% in May.", "3.1%", "baseline"),
    ("Claims fell to 800,000, down from a peak of 6.9 million.", "6.9 million", "baseline"),
    ("Claims reached a record high of 6.9 million in April.", "6.9 million", "peak"),
    ("They serve alongside 3,000 other troops in the region.", "3,000 other troops", "other"),
    ("The hijackers of 9/11 lived in the city.", "9/11", "non-value"),
    ("The Greens won 47 seats in the assembly.", "47 seats", None),
])
def test_figure_scope(context, figure, scope):
    assert claimtext.figure_scope(context, figure) == scope


def test_a_part_does_not_conflict_with_its_total(config):
    statuses = _statuses(
        config, "The Greens won 47 of the 120 seats in the regional assembly.",
        [("47", 47, {"what": "seats"}), ("120 seats", 120, {"what": "seats"})],
        "The Greens won 47 seats in the regional assembly on Sunday.", [("47 seats", 47, {"what": "seats"})])
    assert "conflicting" not in statuses


def test_a_subset_does_not_conflict_with_the_whole_count(config):
    statuses = _statuses(
        config, "The storm killed 40 people, including 9 people in the capital.",
        [("40 people", 40, {"what": "people"}), ("9 people", 9, {"what": "people"})],
        "The storm killed 40 people across the region on Monday.", [("40 people", 40, {"what": "people"})])
    assert "conflicting" not in statuses


def test_a_threshold_and_other_troops_are_not_the_count(config):
    statuses = _statuses(
        config, "The Greens won 47 seats, short of the 61 seats needed for a majority.",
        [("47 seats", 47, {"what": "seats"}), ("61 seats", 61, {"what": "seats"})],
        "The Greens won 47 seats in the regional assembly on Sunday.", [("47 seats", 47, {"what": "seats"})])
    assert "conflicting" not in statuses
    statuses = _statuses(
        config, "About 2,500 troops remain in the country this year.", [("About 2,500 troops", 2500, {"what": "troops", "hedge": "approx"})],
        "They serve alongside 7,000 other troops in the country this year.", [("7,000 other troops", 7000, {"what": "troops"})])
    assert "conflicting" not in statuses


def test_the_earlier_value_a_figure_is_compared_with_is_no_conflict(config):
    rate = {"unit": "%", "what": "unemployment rate"}
    statuses = _statuses(
        config, "Unemployment in the region rose to 5.2% from 3.1% in May.",
        [("5.2%", 5.2, rate), ("3.1%", 3.1, rate)],
        "Unemployment in the region rose to 5.2% in May, the office said.", [("5.2%", 5.2, rate)])
    assert "conflicting" not in statuses


# ------------------------------------------------------------------------------ increments


def test_increments_of_different_events_do_not_conflict(config):
    statuses = _statuses(
        config, "Divers brought three more miners out of the shaft on Tuesday.", [("three more miners", 3, {"what": "miners"})],
        "The team hopes to reach two more miners before the rain arrives.", [("two more miners", 2, {"what": "miners"})])
    assert "conflicting" not in statuses


def test_increments_of_the_same_event_still_conflict(config):
    statuses = _statuses(
        config, "Divers brought three more miners out of the shaft on Tuesday.", [("three more miners", 3, {"what": "miners"})],
        "Divers brought two more miners out of the shaft on Tuesday.", [("two more miners", 2, {"what": "miners"})])
    assert statuses == ["conflicting", "conflicting"]


# ---------------------------------------------------------------------------------- status


def test_cue_near():
    assert claimtext.cue_near("At least 500 nurses are expected to arrive.", "At least 500 nurses", "are expected to")
    assert not claimtext.cue_near("The governor will praise the city for planting 5,000 trees.", "5,000 trees", "will")


def test_a_tense_cue_far_from_the_figure_is_no_status_difference(config):
    statuses = _statuses(
        config, "The governor will praise the city for planting 5,000 trees last spring.", [("5,000 trees", 5000, {"what": "trees"})],
        "The city has planted 5,000 trees, the governor said.", [("5,000 trees", 5000, {"what": "trees"})])
    assert statuses == ["corroborated"]


# -------------------------------------------------------------------------------- negation


def _plain(config, text_a, text_b):
    table = {"Lisbon": "city"}
    a, b = make_article("a", text_a), make_article("b", text_b)
    ex = {"a": Extraction("a", mentions=mentions(text_a, table)), "b": Extraction("b", mentions=mentions(text_b, table))}
    _, claims, _ = run([a, b], ex, independent("a", "b"), config)
    return {c.status for c in claims}


def test_a_negation_said_in_other_words_agrees(config):
    assert "conflicting" not in _plain(
        config, "The mayor of Lisbon refused to sign the harbour budget bill on Monday.",
        "The mayor of Lisbon did not sign the harbour budget bill on Monday.")


def test_a_question_is_not_contradicted_by_a_negation(config):
    assert "conflicting" not in _plain(
        config, "Will the mayor of Lisbon sign the harbour budget bill on Monday?",
        "The mayor of Lisbon did not sign the harbour budget bill on Monday.")


def test_a_plain_negation_still_conflicts(config):
    assert "conflicting" in _plain(
        config, "The mayor of Lisbon signed the harbour budget bill on Monday.",
        "The mayor of Lisbon did not sign the harbour budget bill on Monday.")


# ----------------------------------------------------------------------------- attribution


def test_a_short_fragment_in_two_mouths_is_no_attribution_conflict(config):
    text_a = "Senator Lopez called it the plan for Lisbon."
    text_b = "Governor Reyes called it the plan for Lisbon."
    content = "the plan for Lisbon"
    a, b = make_article("a", text_a), make_article("b", text_b)
    ex = {
        "a": Extraction("a", mentions=mentions(text_a, {"Lisbon": "city"}), quotes=(quote(text_a, content, "Senator Lopez"),)),
        "b": Extraction("b", mentions=mentions(text_b, {"Lisbon": "city"}), quotes=(quote(text_b, content, "Governor Reyes"),)),
    }
    _, claims, _ = run([a, b], ex, independent("a", "b"), config)
    assert "conflicting" not in {c.status for c in claims}


# ------------------------------------------------------- what is counted: outcome, qualifier


def test_outcome_and_qualifiers_of_a_count():
    text = "The gunman wounded five people at the depot, killing two."
    assert claimtext.outcome_of(text, "five people") == "hurt"
    assert claimtext.outcome_of(text, "two") == "dead"
    assert claimtext.qualifiers("four coastal border towns", "towns") == {"coastal", "border"}
    assert claimtext.qualifiers("about 4,000 towns", "towns") == frozenset()
    assert claimtext.qualifiers("2,500 U.S. troops", "troops") == frozenset()


def test_people_hurt_and_people_killed_are_different_counts(config):
    statuses = _statuses(
        config, "The gunman wounded five people at the depot on Friday.", [("five people", 5, {"what": "people"})],
        "At the depot on Friday the gunman opened fire, killing two people.", [("two people", 2, {"what": "people"})])
    assert "conflicting" not in statuses


def test_a_narrowed_count_is_not_the_whole_count(config):
    statuses = _statuses(
        config, "Floods hit nine towns in the province this week.", [("nine towns", 9, {"what": "towns"})],
        "Floods hit four coastal towns in the province this week.", [("four coastal towns", 4, {"what": "towns"})])
    assert "conflicting" not in statuses
    statuses = _statuses(
        config, "Floods hit nine towns in the province this week.", [("nine towns", 9, {"what": "towns"})],
        "Floods hit four towns in the province this week.", [("four towns", 4, {"what": "towns"})])
    assert statuses == ["conflicting", "conflicting"]


# ------------------------------------------- vague counts, possible figures, one speaker named twice


def test_vague_counts_and_speaker_aliases():
    assert claimtext.is_vague("hundreds of people") and claimtext.is_vague("millions")
    assert not claimtext.is_vague("about 10,000 soldiers")
    assert claimtext.same_speaker_maybe("Maria Lopez-Reyes", "she", "Lopez-Reyes", "Lopez-Reyes")
    assert claimtext.same_speaker_maybe("Federal Aviation Administration", None, "FAA", "the FAA")
    assert claimtext.same_speaker_maybe("Jane Roe", "Jane Roe's charity", "Roe Foundation", None)
    assert not claimtext.same_speaker_maybe("NIS", None, "Nam Sung-wook", None)


def test_hundreds_does_not_contradict_a_count(config):
    statuses = _statuses(
        config, "The flood killed at least 1,200 people in the valley.", [("at least 1,200 people", 1200, {"what": "people", "hedge": "min"})],
        "The flood killed hundreds of people in the valley.", [("hundreds of people", None, {"what": "people", "low": 200, "high": 999})])
    assert "conflicting" not in statuses


def test_a_possible_figure_does_not_contradict_a_stated_one(config):
    statuses = _statuses(
        config, "The clinics vaccinated 800,000 residents on Monday in the province.", [("800,000 residents", 800_000, {"what": "residents"})],
        "The clinics could soon vaccinate 1.2 million residents a day in the province.", [("1.2 million residents", 1.2e6, {"what": "residents"})])
    assert "conflicting" not in statuses


def test_one_speaker_named_two_ways_is_no_attribution_conflict(config):
    text_a = "The FAA said that airlines must inspect every engine of the grounded fleet before Friday."
    text_b = "The Federal Aviation Administration said airlines must inspect every engine of the grounded fleet before Friday."
    content = "airlines must inspect every engine of the grounded fleet before Friday"
    a, b = make_article("a", text_a), make_article("b", text_b)
    ex = {
        "a": Extraction("a", quotes=(quote(text_a, content, "FAA"),)),
        "b": Extraction("b", quotes=(quote(text_b, content, "Federal Aviation Administration"),)),
    }
    _, claims, _ = run([a, b], ex, independent("a", "b"), config)
    assert "conflicting" not in {c.status for c in claims}


def test_a_title_may_name_the_speaker_another_report_names():
    assert claimtext.same_speaker_maybe("Ana Costa", "Prime Minister Ana Costa", "Portugal", "Portugal's prime minister")
    assert claimtext.qualifiers("three", "key coastal towns") == {"key", "coastal"}


def test_differing_tonnages_of_one_good_still_conflict(config):
    statuses = _statuses(
        config, "The port shipped 600,000 tons of rice to the capital this year.", [("600,000 tons", 6e5, {"unit": "t", "what": "rice"})],
        "The port shipped 90,000 tonnes of rice to the capital this year.", [("90,000 tonnes", 9e4, {"unit": "t", "what": "rice"})])
    assert statuses == ["conflicting", "conflicting"]
