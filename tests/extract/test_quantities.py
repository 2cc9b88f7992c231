"""Each quantity pattern: value or range, unit, period, hedge, what; non-amounts dropped."""

from __future__ import annotations

import pytest

from newsprism.extract import quantities


def _one(text, nlp=None, surface=None):
    doc = nlp(text) if nlp is not None else None
    found = quantities.find(text, doc)
    for q in found:
        assert text[q.start:q.end] == q.text
    if surface is not None:
        found = [q for q in found if surface in q.text]
    assert len(found) == 1, found
    return found[0].quantity


@pytest.mark.parametrize("text, value, unit, hedge", [
    ("They paid $200 million.", 2e8, "USD", "exact"),
    ("They paid over $200 million.", 2e8, "USD", "min"),
    ("It costs €10M now.", 1e7, "EUR", "exact"),
    ("He earned £2bn last year.", 2e9, "GBP", "exact"),
    ("at least 10,000 military personnel", 1e4, None, "min"),
    ("about 10,000 soldiers", 1e4, None, "approx"),
    ("approximately 4 million tonnes of grain", 4e6, "t", "approx"),
    ("nearly 20,000 containers", 2e4, None, "approx_below"),
    ("almost 300 people", 300, None, "approx_below"),
    ("up to 4,000 km away", 4000, "km", "max"),
    ("just over 5% of voters", 5, "%", "approx_above"),
    ("35 percent of voters", 35, "%", "exact"),
    ("fewer than 12 ships", 12, None, "max"),
    ("some 2,000 troops", 2000, None, "approx"),
    ("twenty-one years", 21, "year", "exact"),
    ("a hundred and two of those", 102, None, "exact"),
    ("10,000-plus refugees", 1e4, None, "min"),
])
def test_value_unit_hedge(text, value, unit, hedge):
    q = _one(text)
    assert q.value == pytest.approx(value)
    assert q.unit == unit
    assert q.hedge == hedge


def test_range_with_unit_period_and_ton_note(nlp_sm):
    q = _one("deliveries of 600,000 to 700,000 tons of rice per year", nlp_sm)
    assert (q.value, q.low, q.high) == (None, 600_000, 700_000)
    assert q.unit == "t" and q.per == "year" and q.what == "rice"
    assert "short" in q.note and "metric" in q.note


def test_tonnes_have_no_ambiguity_note():
    q = _one("600,000 to 700,000 tonnes of rice")
    assert q.unit == "t" and q.note is None


def test_between_and_shared_scale():
    q = _one("between 3 and 5 million people")
    assert (q.low, q.high) == (3e6, 5e6)
    assert _one("They were given 45 and 50 mg.", surface="50").value == 50


def test_change_is_not_a_range():
    found = quantities.find("Prices rose from 3% to 5% this year.")
    assert [q.quantity.value for q in found] == [3, 5]


@pytest.mark.parametrize("text, per", [
    ("earning about $800 a month", "month"),
    ("$2000 per month", "month"),
    ("4 million tonnes of grain annually", "year"),
    ("annual payments of $200 million", "year"),
    ("a monthly salary of about $2,000", "month"),
    ("$15 per soldier", "soldier"),
    ("$3 per capita", "person"),
])
def test_periods_and_denominators(text, per):
    assert _one(text).per == per


def test_imprecise_amounts(nlp_sm):
    q = _one("has sent thousands of soldiers to Russia", nlp_sm)
    assert q.value is None and q.low == 2000 and q.hedge == "approx" and q.what == "soldiers"
    q = _one("earn only several dozen dollars a month")
    assert (q.low, q.high, q.unit, q.per) == (36, 108, "USD", "month")


def test_fraction_over_half(nlp_sm):
    q = _one("covering over half of the shortages", nlp_sm)
    assert (q.value, q.unit, q.hedge, q.what) == (50, "%", "min", "shortages")


def test_modifier_measure_is_not_a_count(nlp_md):
    text = "containers which may contain over 9 million 6-inch caliber shells."
    found = quantities.find(text, nlp_md(text))
    count = next(q.quantity for q in found if "9 million" in q.text)
    length = next(q.quantity for q in found if q.text == "6-inch")
    assert (count.value, count.hedge, count.unit) == (9e6, "min", None)
    assert count.what.endswith("shells") and "inch" not in count.what
    assert (length.value, length.unit) == (6, "in")


@pytest.mark.parametrize("text", [
    "In June, the leaders met.",
    "It happened in 2024 and again on November 4.",
    "At 6:19 PM EST the session opened.",
    "He came 21st in the race.",
    "Voyager 2 flew past in 1979.",
    "The F-16 and COVID-19 were mentioned.",
    "John Smith, 45, said no.",
    "No one came; one of them left.",
])
def test_non_amounts_are_dropped(text):
    assert quantities.find(text) == []


def test_what_from_the_parse(nlp_sm):
    text = "There are currently about 4,000 North Korean workers in Russia."
    assert _one(text, nlp_sm).what == "North Korean workers"
    text = "Russian assistance includes annual payments of $200 million."
    assert _one(text, nlp_sm).what == "payments"


def test_elliptical_more_counts_the_same_thing(nlp_sm):
    text = "It has sent thousands of soldiers to Russia, and thousands more are expected."
    found = quantities.find(text, nlp_sm(text))
    assert [q.quantity.what for q in found] == ["soldiers", "soldiers"]


def test_the_parse_does_not_change_the_cached_text_only_quantities(nlp_sm):
    text = "Rebels seized 300 rifles and 40 trucks."
    plain = quantities.find(text)
    parsed = quantities.find(text, nlp_sm(text))
    assert [q.quantity.what for q in parsed] == ["rifles", "trucks"]
    assert quantities.find(text) == plain and all(q.quantity.what is None for q in plain)


@pytest.mark.parametrize("text", ["about 21801e997 tons", "1e400 dollars", "9" * 400 + " tons"])
def test_numbers_past_any_amount_are_not_quantities(text):
    # once an OverflowError in extraction ("1e997"), or infinity in the arithmetic and the JSON
    assert quantities.find(text, None) == []


@pytest.mark.parametrize("text", ["3 / 27 / 2012 @ 10: 05AM", "http : / / www . example . com / news / 2012 / 03 / 27 / story . html",
                                  "Updated 10 : 05 PM"])
def test_dates_times_and_urls_split_into_tokens_are_not_quantities(text):
    assert quantities.find(text, None) == []


def test_a_figure_next_to_a_spaced_date_is_still_read():
    found = quantities.find("On 3 / 27 / 2012 the firm cut 1,200 jobs.", None)
    assert [q.text for q in found] == ["1,200"]
