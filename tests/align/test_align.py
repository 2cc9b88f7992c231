"""Alignment decisions: what align lines up across reports and what it keeps apart, on small
hand-built stories (no real extraction or model involved), read through the judge's verdicts."""

from __future__ import annotations

from claim_inputs import SameVector, independent, make_article, one_origin, q, run
from newsprism.types import Extraction


# ------------------------------------------------------------------------------------ alignment


def test_soldier_pay_does_not_align_with_worker_wage_even_at_similarity_one(config):
    a = make_article("a", "Each North Korean soldier in Russia is paid about $2,000 a month by Moscow.")
    b = make_article("b", "North Korean workers in Russia earn about $2,000 a month on building sites.")
    ex = {
        "a": Extraction("a", quantities=(q(a.text, "about $2,000 a month", 2000, unit="USD", per="month", hedge="approx"),)),
        "b": Extraction("b", quantities=(q(b.text, "about $2,000 a month", 2000, unit="USD", per="month", hedge="approx"),)),
    }
    topics, claims, _ = run([a, b], ex, independent("a", "b"), config, embedder=SameVector())
    assert len(topics) == 2
    assert {c.status for c in claims} == {"single-source"}


def test_different_goods_and_magnitudes_do_not_align(config):
    a = make_article("a", "North Korea produces approximately 4 million tonnes of grain every year.")
    b = make_article("b", "Russia will provide 600,000 to 700,000 tonnes of rice every year to Pyongyang.")
    ex = {
        "a": Extraction("a", quantities=(q(a.text, "approximately 4 million tonnes", 4e6, unit="t", per="year", hedge="approx", what="grain"),)),
        "b": Extraction("b", quantities=(q(b.text, "600,000 to 700,000 tonnes", low=6e5, high=7e5, unit="t", per="year", what="rice"),)),
    }
    topics, _, _ = run([a, b], ex, independent("a", "b"), config, embedder=SameVector())
    assert len(topics) == 2


def test_tons_and_tonnes_align_and_independent_origins_corroborate(config):
    a = make_article("a", "Russia will deliver 600,000 to 700,000 tons of rice to North Korea each year.")
    b = make_article("b", "Moscow is ready to supply Pyongyang with 600,000 to 700,000 tonnes of rice.")
    ex = {
        "a": Extraction("a", quantities=(q(a.text, "600,000 to 700,000 tons", low=6e5, high=7e5, unit="tons", per="year", what="rice"),)),
        "b": Extraction("b", quantities=(q(b.text, "600,000 to 700,000 tonnes", low=6e5, high=7e5, unit="t", what="rice"),)),
    }
    topics, claims, _ = run([a, b], ex, independent("a", "b"), config)
    assert len(claims) == 1
    claim = claims[0]
    assert claim.status == "corroborated" and claim.independent_origins == 2
    assert {m.article_id for m in claim.mentions} == {"a", "b"}
    assert "2 independent origins" in claim.reason


def test_over_200_million_agrees_with_200_million_and_says_why(config):
    a = make_article("a", "The deployment would bring Pyongyang $200 million a year in payments.")
    b = make_article("b", "The deployment could bring Pyongyang an annual income of over $200 million.")
    ex = {
        "a": Extraction("a", quantities=(q(a.text, "$200 million", 2e8, unit="USD", per="year"),)),
        "b": Extraction("b", quantities=(q(b.text, "over $200 million", 2e8, unit="USD", per="year", hedge="min"),)),
    }
    _, claims, _ = run([a, b], ex, one_origin("a", "b"), config)
    assert len(claims) == 1
    assert claims[0].status == "repeated"
    assert "floor" in claims[0].reason and "over $200 million" in claims[0].reason
