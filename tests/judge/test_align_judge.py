"""Every verdict, every kind of conflict, updates and arithmetic checks, on small hand-built
stories aligned by the align stage (no real extraction or model involved)."""

from __future__ import annotations

import pytest

from claim_inputs import independent, make_article, mentions, one_origin, q, quote, rice_articles, run
from newsprism import judge
from newsprism.types import Extraction


# ------------------------------------------------------------------------------------- verdicts


def _rice_story(origins):
    articles, ex = rice_articles()
    return articles, ex, origins


@pytest.mark.parametrize(
    "origins, status, count",
    [
        (independent("a", "b"), "corroborated", 2),
        (one_origin("a", "b", name="Yonhap"), "repeated", 1),
    ],
)
def test_verdict_follows_independent_origins_not_report_count(config, origins, status, count):
    articles, ex, origins = _rice_story(origins)
    _, claims, _ = run(articles, ex, origins, config)
    assert [(c.status, c.independent_origins) for c in claims] == [(status, count)]
    if status == "repeated":
        assert "one origin" in claims[0].reason and "Yonhap" in claims[0].reason
        assert claims[0].origins == ("Yonhap",)


def test_single_source(config):
    a = make_article("a", "North Korea has sent nearly 20,000 containers of shells to Russia.")
    ex = {"a": Extraction("a", quantities=(q(a.text, "nearly 20,000 containers", 20_000, hedge="approx_below", what="containers"),))}
    _, claims, _ = run([a], ex, independent("a"), config)
    assert [c.status for c in claims] == ["single-source"]
    assert claims[0].reason.startswith("Only A")


def test_one_article_saying_it_twice_is_still_single_source(config):
    a = make_article("a", "Russia will deliver 600,000 tons of rice to North Korea. "
                          "The 600,000 tons of rice will reach North Korea by train.")
    ex = {"a": Extraction("a", quantities=(
        q(a.text, "600,000 tons", 6e5, unit="t", what="rice"),
        q(a.text, "600,000 tons", 6e5, unit="t", what="rice", nth=2),
    ))}
    _, claims, _ = run([a], ex, independent("a"), config)
    assert len(claims) == 1 and len(claims[0].mentions) == 2
    assert claims[0].status == "single-source"


# ------------------------------------------------------------------------------------ conflicts


def _toll(config, *, first: str | None, second: str | None, values=(12, 30)):
    a = make_article("a", f"At the market, {values[0]} people were killed in the blast on Monday.", published=first)
    b = make_article("b", f"At the market, {values[1]} people were killed in the blast on Monday.", published=second)
    ex = {
        "a": Extraction("a", quantities=(q(a.text, f"{values[0]} people", values[0], what="people killed"),)),
        "b": Extraction("b", quantities=(q(b.text, f"{values[1]} people", values[1], what="people killed"),)),
    }
    return run([a, b], ex, independent("a", "b"), config)


def test_incompatible_numbers_conflict(config):
    _, claims, _ = _toll(config, first=None, second=None)
    assert [c.status for c in claims] == ["conflicting", "conflicting"]
    a, b = claims
    assert a.conflicts_with == (b.id,) and b.conflicts_with == (a.id,)
    reason = dict(a.conflict_reasons)[b.id]
    assert "'12 people" in reason and "'30 people" in reason and "cannot both be true" in reason


def test_a_rising_toll_published_later_is_an_update_not_a_conflict(config):
    _, claims, _ = _toll(config, first="2024-11-04T08:00:00+00:00", second="2024-11-04T18:00:00+00:00")
    early, late = claims
    assert "conflicting" not in {early.status, late.status}
    assert late.updates == (early.id,)
    assert "update, not a conflict" in late.reason and "Superseded by" in early.reason


def test_a_falling_figure_is_a_conflict_even_when_later(config):
    _, claims, _ = _toll(config, first="2024-11-04T08:00:00+00:00", second="2024-11-04T18:00:00+00:00", values=(30, 12))
    assert {c.status for c in claims} == {"conflicting"}
    assert not any(c.updates for c in claims)


def test_done_against_expected_is_a_status_conflict(config):
    a = make_article("a", "North Korea has sent about 10,000 soldiers to the front in Ukraine.")
    b = make_article("b", "At least 10,000 soldiers are expected to arrive at the front in Ukraine.")
    ex = {
        "a": Extraction("a", quantities=(q(a.text, "about 10,000 soldiers", 10_000, hedge="approx", what="soldiers"),)),
        "b": Extraction("b", quantities=(q(b.text, "At least 10,000 soldiers", 10_000, hedge="min", what="soldiers"),)),
    }
    _, claims, _ = run([a, b], ex, one_origin("a", "b"), config)
    assert {c.status for c in claims} == {"conflicting"}
    reason = claims[0].reason
    assert "status differs" in reason and "has sent" in reason and "expected" in reason


def test_negation_conflicts(config):
    text_a = "The Energy Ministry confirmed that the Zaporizhzhia plant was shut down on Monday."
    text_b = "The Energy Ministry did not confirm that the Zaporizhzhia plant was shut down on Monday."
    a, b = make_article("a", text_a), make_article("b", text_b)
    table = {"Energy Ministry": "ministry", "Zaporizhzhia": "plant"}
    ex = {"a": Extraction("a", mentions=mentions(text_a, table)), "b": Extraction("b", mentions=mentions(text_b, table))}
    _, claims, _ = run([a, b], ex, independent("a", "b"), config)
    assert {c.status for c in claims} == {"conflicting"}
    assert "negates" in claims[0].reason


def test_curly_apostrophes_are_no_negation_difference(config):
    text_a = "Senator Graham said: I don't believe I have spoken with him since he was sworn in."
    text_b = "Senator Graham said: I don’t believe I have spoken with him since he was sworn in."
    a, b = make_article("a", text_a), make_article("b", text_b)
    table = {"Graham": "graham"}
    ex = {"a": Extraction("a", mentions=mentions(text_a, table)), "b": Extraction("b", mentions=mentions(text_b, table))}
    _, claims, _ = run([a, b], ex, independent("a", "b"), config)
    assert [c.status for c in claims] == ["corroborated"]


def test_same_statement_from_different_speakers_is_one_claim_naming_both(config):
    text_a = "The NIS assesses that Russia will use North Korea as a bargaining chip in talks with Washington."
    text_b = "Nam Sung-wook believes that Russia will use North Korea as a bargaining chip in talks with Washington."
    a, b = make_article("a", text_a), make_article("b", text_b)
    table = {"Russia": "ru", "North Korea": "nk", "Washington": "us"}
    content = "Russia will use North Korea as a bargaining chip in talks with Washington"
    ex = {
        "a": Extraction("a", mentions=mentions(text_a, table), quotes=(quote(text_a, content, "NIS"),)),
        "b": Extraction("b", mentions=mentions(text_b, table), quotes=(quote(text_b, content, "Nam Sung-wook"),)),
    }
    _, claims, _ = run([a, b], ex, one_origin("a", "b"), config)
    assert [c.status for c in claims] == ["repeated"]
    assert "Attributed to NIS (A) and Nam Sung-wook (B)." in claims[0].reason


def test_generic_sources_do_not_make_an_attribution_conflict(config):
    text_a = "Analysts say that Russia will use North Korea as a bargaining chip in talks with Washington."
    text_b = "Nam Sung-wook believes that Russia will use North Korea as a bargaining chip in talks with Washington."
    a, b = make_article("a", text_a), make_article("b", text_b)
    content = "Russia will use North Korea as a bargaining chip in talks with Washington"
    ex = {
        "a": Extraction("a", quotes=(quote(text_a, content, "analysts"),)),
        "b": Extraction("b", quotes=(quote(text_b, content, "Nam Sung-wook"),)),
    }
    _, claims, _ = run([a, b], ex, independent("a", "b"), config)
    assert [c.status for c in claims] == ["corroborated"]


# ----------------------------------------------------------------------------------- arithmetic


def _pay_story(total_text: str, total: float, hedge: str | None):
    a = make_article("a", "Each North Korean soldier will be paid about $2,000 a month by Russia. "
                          f"If 10,000 soldiers are sent, this amounts to {total_text} a year for Pyongyang.")
    ex = {"a": Extraction("a", quantities=(
        q(a.text, "about $2,000 a month", 2000, unit="USD", per="month", hedge="approx"),
        q(a.text, "10,000 soldiers", 10_000, what="soldiers"),
        q(a.text, total_text, total, unit="USD", per="year", hedge=hedge),
    ))}
    return [a], ex


@pytest.mark.parametrize(
    "total_text, total, hedge, consistent",
    [
        ("$200 million", 2e8, None, True),  # round figure: 150-250 million
        ("over $200 million", 2e8, "min", True),
        ("$240 million", 2.4e8, None, True),
        ("$900 million", 9e8, None, False),
        ("under $100 million", 1e8, "max", False),
    ],
)
def test_rate_times_count_times_period_against_total(config, total_text, total, hedge, consistent):
    articles, ex = _pay_story(total_text, total, hedge)
    _, claims, checks = run(articles, ex, independent("a"), config)
    assert len(checks) == 1
    check = checks[0]
    assert check.computed == pytest.approx(240e6)
    assert check.consistent is consistent
    assert "12 months" in check.expression and "$240 million a year" in check.expression
    assert total_text in check.explanation
    assert set(check.claim_ids) <= {c.id for c in claims} and len(set(check.claim_ids)) == 3


def test_flows_point_at_the_claims_that_state_them(config):
    from newsprism.types import Flow

    a = make_article("a", "Russia will deliver 600,000 tons of rice to North Korea this winter.")
    start = a.text.index("deliver")
    flow = Flow("Russia", "North Korea", "rice", start, start + 30, a.text[start:start + 30])
    ex = {"a": Extraction("a", quantities=(q(a.text, "600,000 tons", 6e5, unit="t", what="rice"),), flows=(flow,))}
    _, claims, _ = run([a], ex, independent("a"), config)
    assert judge.flow_claim_ids(ex, claims) == [(claims[0].id,)]


def test_story_flows_merge_the_same_flow_across_reports():
    from newsprism import judge
    from newsprism.types import Claim, Extraction, Flow, Mention, QuantityValue

    yearly = QuantityValue(value=None, low=6e5, high=7e5, unit="t", per="year", hedge="exact", what="rice")
    flat = QuantityValue(value=None, low=6e5, high=7e5, unit="t", per=None, hedge="exact", what="rice")
    one = Extraction("a1", flows=(Flow("Russia", "North Korea", "rice", 0, 10, "x" * 10, flat),
                                  Flow("Russia", "North Korea", "the space technology", 20, 30, "y" * 10)))
    two = Extraction("a2", flows=(Flow("Russia", "North Korea", "Rice", 5, 15, "z" * 10, yearly),
                                  Flow("North Korea", "Russia", "soldiers", 40, 50, "w" * 10)))
    claims = [Claim("c1", "quantity", "rice", "repeated", "r", 1, (Mention("a1", 0, 12, "x"),)),
              Claim("c2", "quantity", "rice", "repeated", "r", 1, (Mention("a2", 0, 20, "z"),))]
    merged = judge.story_flows({"a1": one, "a2": two}, claims)
    assert [(f.source, f.target, f.what) for f, _ in merged] == [
        ("Russia", "North Korea", "Rice"), ("Russia", "North Korea", "the space technology"),
        ("North Korea", "Russia", "soldiers")]
    rice, ids = merged[0]
    assert rice.quantity == yearly and ids == ("c1", "c2")
    assert merged[2][1] == ()
