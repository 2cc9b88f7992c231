"""Claims are shown as whole statements on the seeds (hand-built extraction), while mentions stay
where the figure is said; a statement that is one already is shown as it is."""

from __future__ import annotations

import re

from claim_inputs import independent, make_article, q, run
from newsprism.rules.units import is_statement
from newsprism.types import Extraction

_DEPENDENT = re.compile(r"^(?:which|and|but|to|earning|covering|who)\b")


def test_seed_claims_are_whole_statements(seeds, config):
    story, articles, extractions, origins = seeds
    topics, claims, _ = run(articles, extractions, origins, config)
    texts = {c.id: c.text for c in claims}
    fragments = {i: t for i, t in texts.items() if _DEPENDENT.match(t) or not is_statement(t)}
    assert not fragments, fragments
    shells = [t for t in texts.values() if "9 million" in t]
    assert shells and all(t.startswith("According to information from Seoul, North Korea has sent") for t in shells)
    wage = [c for t in topics for c in t.candidates if "earning about $800" in c.text]
    assert wage and all("North Korean workers in Russia, earning about $800 a month" in c.statement for c in wage)
    # the mention stays the figure's own words, so a fact beside it is not cited as this claim
    assert all("4,000" not in c.text for c in wage)


def test_a_whole_sentence_claim_is_left_as_it_is(config):
    a = make_article("a", "The council approved a budget of $2 million on Monday.")
    ex = {"a": Extraction("a", quantities=(q(a.text, "$2 million", 2e6, unit="USD"),))}
    _, claims, _ = run([a], ex, independent("a"), config)
    assert [c.text for c in claims] == ["The council approved a budget of $2 million on Monday."]
