"""In-text citations: every phrasing of the issue, the non-citations, and chain order."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newsprism.origins.citations import parse
from newsprism.rules.outlets import OutletRegistry

CASES = json.loads((Path(__file__).resolve().parents[1] / "data" / "origins" / "citations.json").read_text(encoding="utf-8"))


def _parse(text: str):
    return parse(text, registry=OutletRegistry())


@pytest.mark.parametrize("case", CASES["citations"], ids=lambda c: c["text"][:40])
def test_each_phrasing_is_a_citation(case):
    got = [[c.name, c.pattern, c.via] for c in _parse(case["text"])]
    assert got == case["expect"]


@pytest.mark.parametrize("text", CASES["non_citations"], ids=lambda t: t[:40])
def test_attributions_to_people_and_government_are_not_citations(text):
    assert _parse(text) == ()


def test_citation_spans_point_into_the_text():
    text = "Troops arrived, as reported by TimeUkraineIsrael, citing the Korea Herald."
    for citation in _parse(text):
        assert text[citation.start:citation.end] == citation.surface


def test_chain_order_a_took_it_from_b():
    text = "The talks failed, as reported by Kyiv Post, citing Ukrinform, citing Interfax."
    citations = _parse(text)
    assert [(c.name, c.via) for c in citations] == [
        ("Kyiv Post", None), ("Ukrinform", "Kyiv Post"), ("Interfax", "Ukrinform"),
    ]


def test_unknown_outlet_needs_a_cue():
    assert _parse("according to Strana, the plan changed.") == ()
    cited = _parse("according to the Ukrainian outlet Strana, the plan changed.")
    assert [c.name for c in cited] == ["Strana"]


def test_spelling_variants_of_one_outlet_become_one_name():
    text = ('Aid grew, according to the South Korean daily "The Korean Herald". '
            "Later, as reported by TimeUkraineIsrael, citing the Korea Herald, it grew again.")
    names = {c.name for c in _parse(text)}
    assert names == {"The Korea Herald", "TimeUkraineIsrael"}


def test_an_outlets_report_is_a_citation_and_a_persons_is_not():
    registry = OutletRegistry()
    found = parse("The embassy called for an investigation into The Guardian’s report that the phone was hacked.",
                  registry=registry)
    assert [(c.name, c.pattern) for c in found] == [("The Guardian", "report_of")]
    assert parse("Trump’s report card was poor, and Biden's story was told.", registry=registry) == ()
