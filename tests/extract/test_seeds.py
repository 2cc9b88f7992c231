"""The seeds' acceptance: numbers, merged people/agencies/governments, quotes, flows, spans."""

from __future__ import annotations

import pytest

from newsprism import extract
from newsprism.settings import default_config


@pytest.fixture(scope="module")
def seeds(models_md, seed_bodies):
    articles = seed_bodies
    config = default_config()
    local = list(extract.run(articles, config=config, models=models_md))
    merged, entities = extract.canonicalise(local, articles, config=config)
    return articles, merged, entities


def test_every_span_is_valid(seeds):
    articles, merged, _ = seeds
    for article, extraction in zip(articles, merged):
        for item in (*extraction.mentions, *extraction.quantities, *extraction.quotes, *extraction.flows):
            assert article.text[item.start:item.end] == item.text


def _entity_with(entities, alias):
    found = [e for e in entities if alias in e.aliases]
    assert found, alias
    return found[0]


def test_alias_groups(seeds):
    _, merged, entities = seeds
    wi = _entity_with(entities, "Wi Sung Lak")
    assert {"Wee Sung-luck", "Wee"} <= set(wi.aliases)
    assert "Nam Sung-wook" not in wi.aliases
    nk = next(e for e in entities if e.type == "GOV" and e.name == "North Korea")
    assert {"DPRK", "North Korea", "Pyongyang"} <= set(nk.aliases)
    ru = next(e for e in entities if e.type == "GOV" and e.name == "Russia")
    assert {"Moscow", "Russia", "Russian"} <= set(ru.aliases)
    sk = next(e for e in entities if e.type == "GOV" and e.name == "South Korea")
    assert "Seoul" in sk.aliases
    assert {"NIS", "National Intelligence Service"} <= set(_entity_with(entities, "NIS").aliases)
    assert "Institute for National Security Strategy" in _entity_with(entities, "INSS").aliases
    herald = [e for e in entities if "Herald" in e.name]
    assert len(herald) == 1
    ids = {m.entity_id for x in merged for m in x.mentions}
    assert {wi.id, nk.id, ru.id} <= ids


def _quantity(merged, surface):
    for extraction in merged:
        for q in extraction.quantities:
            if q.text == surface:
                return q.quantity
    raise AssertionError(f"no quantity {surface!r}")


@pytest.mark.parametrize("surface, value, low, high, unit, per, hedge, what", [
    ("$200 million", 2e8, None, None, "USD", "year", "exact", "payments"),
    ("600,000 to 700,000 tons", None, 6e5, 7e5, "t", "year", "exact", "rice"),
    ("about $2,000", 2000, None, None, "USD", "month", "approx", "salary"),
    ("at least 10,000", 1e4, None, None, None, None, "min", "military personnel"),
    ("$800 a month", 800, None, None, "USD", "month", "exact", None),
    ("several dozen dollars a month", None, 36, 108, "USD", "month", "approx", None),
    ("about 10,000", 1e4, None, None, None, None, "approx", "soldiers"),
    ("nearly 20,000", 2e4, None, None, None, None, "approx_below", "containers"),
    ("over 9 million", 9e6, None, None, None, None, "min", None),
    ("6-inch", 6, None, None, "in", None, "exact", None),
    ("over half", 50, None, None, "%", None, "min", "shortages"),
    ("about $2000 per month", 2000, None, None, "USD", "month", "approx", None),
    ("over $200 million", 2e8, None, None, "USD", "year", "min", None),
    ("about 4,000", 4000, None, None, None, None, "approx", "North Korean workers"),
    ("about $800 a month", 800, None, None, "USD", "month", "approx", None),
    ("approximately 4 million tonnes", 4e6, None, None, "t", "year", "approx", "grain"),
    ("600,000 to 700,000 tonnes", None, 6e5, 7e5, "t", None, "exact", "rice"),
    ("thousands", None, 2000, 10000, None, None, "approx", None),
])
def test_seed_numbers(seeds, surface, value, low, high, unit, per, hedge, what):
    q = _quantity(seeds[1], surface)
    assert (q.value, q.low, q.high, q.unit, q.per, q.hedge) == (value, low, high, unit, per, hedge)
    if what is not None:
        assert q.what == what
    if "shells" in surface or surface == "over 9 million":
        assert q.what and q.what.endswith("shells")


def test_no_dates_or_years_as_quantities(seeds):
    for extraction in seeds[1]:
        for q in extraction.quantities:
            assert q.text not in {"2024", "June", "4", "19"}


def test_seed_quotes(seeds):
    quotes = [q for x in seeds[1] for q in x.quotes]
    dash = [q for q in quotes if q.kind == "dash"]
    assert len(dash) == 1 and dash[0].speaker == "Wi Sung Lak"
    def speaker(prefix):
        return next(q.speaker for q in quotes if q.text.startswith(prefix))

    assert speaker("Russian aid will help") == "Wi Sung Lak"
    assert speaker("they typically earn $800") == "National Intelligence Service"
    assert speaker("Pyongyang can rely on Moscow") is None
    assert speaker("if there is ever a threat of war") == "Wi Sung Lak"
    assert speaker("each North Korean soldier sent") == "National Intelligence Service"
    assert speaker("Pyongyang’s decision to send") == "Institute for National Security Strategy"


def test_seed_flows(seeds):
    flows = [(f.source, f.target, f.what) for x in seeds[1] for f in x.flows]
    ru_nk = [f for f in flows if f[:2] == ("Russia", "North Korea")]
    assert {"payments", "rice"} <= {f[2] for f in ru_nk}
    assert any("space technology" in f[2] for f in ru_nk)
    assert any(f[0] == "North Korea" and f[2] == "soldiers" for f in flows)
    assert any(f[0] == "North Korea" and f[2] == "containers" for f in flows)
