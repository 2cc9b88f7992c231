"""Origins per claim: "X reported ..." / "according to X" (X an outlet) in a claim's sentence
makes X that report's origin for that claim, whatever else the article cites; a citation in
another sentence leaves the claim with the article's own root."""

from __future__ import annotations

from dataclasses import replace

from claim_inputs import make_article, q, run
from newsprism.render.json import claim_to_contract
from newsprism.types import ArticleOrigins, Citation, Extraction

BUDGET = "the council approved a budget of $2 million on Monday."


def _origins(article, *, cited=None, where=None):
    citations = ()
    if cited:
        start = article.text.index(where)
        citations = (Citation(cited, where, start, start + len(where), "reported"),)
    return ArticleOrigins(article.id, cites=(cited,) if cited else (), citations=citations,
                          root=f"article:{article.id}", root_name=article.id.upper(),
                          outlet=article.outlet or "")


def _story(second_sentence_cites: bool):
    a = make_article("a", f"The New York Times reported that {BUDGET} The mayor was pleased.")
    b_text = (f"According to The New York Times, {BUDGET} The mayor was pleased." if second_sentence_cites
              else f"Officials said {BUDGET} The New York Times reported that the mayor was pleased.")
    b = make_article("b", b_text)
    ex = {x.id: Extraction(x.id, quantities=(q(x.text, "$2 million", 2e6, unit="USD"),)) for x in (a, b)}
    origins = {
        "a": _origins(a, cited="The New York Times", where="The New York Times"),
        "b": _origins(b, cited="The New York Times", where="The New York Times"),
    }
    return [a, b], ex, origins


def test_a_claim_both_reports_have_from_one_outlet_is_repeated(config):
    articles, ex, origins = _story(second_sentence_cites=True)
    _, claims, _ = run(articles, ex, origins, config)
    budget = [c for c in claims if "$2 million" in c.text]
    assert len(budget) == 1 and budget[0].status == "repeated" and budget[0].independent_origins == 1
    assert budget[0].origins == ("The New York Times",)
    mentions = claim_to_contract(budget[0])["mentions"]
    assert {m["origin"] for m in mentions} == {"The New York Times"}


def test_control_a_citation_in_another_sentence_leaves_the_claim_its_report(config):
    articles, ex, origins = _story(second_sentence_cites=False)
    _, claims, _ = run(articles, ex, origins, config)
    budget = [c for c in claims if "$2 million" in c.text]
    assert len(budget) == 1 and budget[0].status == "corroborated" and budget[0].independent_origins == 2
    assert set(budget[0].origins) == {"The New York Times", "B"}


def test_a_report_citing_its_own_outlet_keeps_its_root(config):
    articles, ex, origins = _story(second_sentence_cites=True)
    origins["a"] = replace(origins["a"], outlet="The New York Times", root="The New York Times",
                           root_name="The New York Times")
    _, claims, _ = run(articles, ex, origins, config)
    budget = [c for c in claims if "$2 million" in c.text]
    assert budget[0].independent_origins == 1  # the Times' own report and a report citing it
