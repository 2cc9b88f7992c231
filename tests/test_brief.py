"""The brief: every sentence cited, nothing no article says, and no way to build an uncited one."""

from __future__ import annotations

import pytest

from claim_inputs import independent, make_article, q
from newsprism import align, brief, judge
from newsprism.models import Models
from newsprism.testing import FakeJudge
from newsprism.types import BriefSentence, Claim, Extraction, Mention, Story


@pytest.mark.parametrize(
    "claim_ids, article_ids",
    [((), ("a",)), (("c1",), ()), ((), ()), (("",), ("a",)), (("c1",), ("",))],
)
def test_an_uncited_brief_sentence_cannot_exist(claim_ids, article_ids):
    with pytest.raises(ValueError, match="must cite"):
        BriefSentence("North Korea sent troops.", claim_ids, article_ids)


def test_an_empty_brief_sentence_cannot_exist():
    with pytest.raises(ValueError):
        BriefSentence("  ", ("c1",), ("a",))


def _story(config):
    a = make_article("a", "Russia will deliver 600,000 tons of rice to North Korea this winter. "
                          "North Korea has sent nearly 20,000 containers to Russia. "
                          "At the market, 12 people were killed in the blast on Monday.")
    b = make_article("b", "Russia will deliver 600,000 tonnes of rice to North Korea this winter, officials said. "
                          "North Korea produces approximately 4 million tonnes of grain every year. "
                          "At the market, 30 people were killed in the blast on Monday.")
    ex = {
        "a": Extraction("a", quantities=(
            q(a.text, "600,000 tons", 6e5, unit="tons", what="rice"),
            q(a.text, "nearly 20,000 containers", 20_000, hedge="approx_below", what="containers"),
            q(a.text, "12 people", 12, what="people killed"),
        )),
        "b": Extraction("b", quantities=(
            q(b.text, "600,000 tonnes", 6e5, unit="tonnes", what="rice"),
            q(b.text, "approximately 4 million tonnes", 4e6, unit="t", per="year", hedge="approx", what="grain"),
            q(b.text, "30 people", 30, what="people killed"),
        )),
    }
    story = Story("s", "t", ("a", "b"))
    topics = align.run(story, [a, b], ex, config=config, models=Models.with_(judge=FakeJudge()))
    claims, checks = judge.run(topics, independent("a", "b"), config=config)
    return story, [a, b], claims, checks


def test_brief_sections_citations_and_verbatim_text(config):
    story, articles, claims, checks = _story(config)
    sentences = brief.run(story, claims, checks, articles, config=config)
    ids = {c.id for c in claims}
    by_section = {}
    for s in sentences:
        by_section.setdefault(s.section, []).append(s)
        assert s.claim_ids and set(s.claim_ids) <= ids
        assert s.article_ids and set(s.article_ids) <= {"a", "b"}
        assert s.status in {"corroborated", "repeated", "single-source", "conflicting"}
    assert {"summary", "differ"} <= set(by_section) <= {"summary", "only_in", "differ"}
    # Summary and "only in" sentences are sentences of the articles, word for word.
    for s in by_section["summary"] + by_section.get("only_in", []):
        assert any(s.text in a.text for a in articles)
    shared, *leads = by_section["summary"]
    assert "rice" in shared.text and shared.status == "corroborated" and set(shared.article_ids) == {"a", "b"}
    # With one shared claim only, each report's lead joins the account, marked single-source;
    # what one report alone says is in the summary (so marked) or in "only in", never in both.
    alone = [(s.article_ids, s.text) for s in leads + by_section.get("only_in", []) if s.status == "single-source"]
    assert all(len(ids) == 1 for ids, _ in alone) and len(alone) == len(set(alone))
    assert any(ids == ("a",) and "containers" in text for ids, text in alone)
    assert any(ids == ("b",) and "grain" in text for ids, text in alone)
    (differ,) = by_section["differ"]
    assert "12 people" in differ.text and "30 people" in differ.text and differ.status == "conflicting"


def test_each_claim_cited_in_a_sentence_is_really_in_it(config):
    story, articles, claims, checks = _story(config)
    by_id = {c.id: c for c in claims}
    for s in brief.run(story, claims, checks, articles, config=config):
        if s.section == "differ":
            continue
        for cid in s.claim_ids:
            assert any(m.text in s.text or s.text in _article(articles, m.article_id).text
                       for m in by_id[cid].mentions)


def _article(articles, article_id):
    return next(a for a in articles if a.id == article_id)


def test_no_claims_no_brief(config):
    assert brief.run(Story("s", "t", ()), [], [], [], config=config) == []


def test_a_story_without_shared_claims_opens_with_its_first_report(config):
    a = make_article("a", "North Korea has sent nearly 20,000 containers to Russia by rail.")
    claim = Claim("c1", "quantity", a.text, "single-source", "Only A reports this.", 1,
                  (Mention("a", 0, len(a.text), a.text),))
    sentences = brief.run(Story("s", "t", ("a",)), [claim], [], [a], config=config)
    assert sentences[0].section == "summary" and sentences[0].status == "single-source"
    assert sentences[0].claim_ids == ("c1",)


# ------------------------------------------------------------------ each fact once (issue 16)


def _claim(cid, article_id, text, status, full_text):
    start = full_text.index(text)
    return Claim(cid, "statement", text, status, "", 1, (Mention(article_id, start, start + len(text), text),))


def test_the_same_fact_in_two_reports_is_shown_once_citing_both_never_as_only_in(config):
    fact = "The council approved the new budget for the schools on Monday evening."
    a = make_article("a", f"{fact} The mayor was pleased with the result.")
    b = make_article("b", f"The council approved the new budget for schools on Monday evening. Parents protested.")
    claims = [
        _claim("c1", "a", fact, "single-source", a.text),
        _claim("c2", "a", "The mayor was pleased with the result.", "single-source", a.text),
        _claim("c3", "b", "The council approved the new budget for schools on Monday evening.", "single-source", b.text),
        _claim("c4", "b", "Parents protested.", "single-source", b.text),
    ]
    lines = brief.run(Story("s", "t", ("a", "b")), claims, [], [a, b], config=config)
    budget = [s for s in lines if "budget" in s.text]
    assert len(budget) == 1 and set(budget[0].article_ids) == {"a", "b"} and budget[0].section == "summary"
    assert set(budget[0].claim_ids) == {"c1", "c3"}
    # controls: facts of one report stay "only in" that report (or lead the summary), once each
    texts = [s.text for s in lines]
    assert len(texts) == len(set(texts))
    assert any("mayor" in s.text and s.article_ids == ("a",) for s in lines)


def test_a_line_marked_single_source_never_cites_a_shared_claim(config):
    story, articles, claims, checks = _story(config)
    status = {c.id: c.status for c in claims}
    for s in brief.run(story, claims, checks, articles, config=config):
        if s.section != "differ" and s.status:
            assert {status[c] for c in s.claim_ids} == {s.status}, s
