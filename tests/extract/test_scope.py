"""extract_scope = "claims": spaCy reads only the sentences that can carry a claim, and the
extraction keeps every offset and every claim-bearing finding of the full parse."""

from __future__ import annotations

import pytest

from newsprism import extract
from newsprism.errors import ConfigError
from newsprism.extract.prefilter import blank, plan
from newsprism.settings import default_config
from newsprism.types import Offsets

from .conftest import make_article

TEXT = (
    "It was a cold and grey morning in the capital, and the streets were empty.\n"
    "Kim Jong Un met military officials on Tuesday.\n"
    "\u201cWe will not back down. The fight goes on,\u201d he said.\n"
    "The weather was mild for the season and nobody stayed indoors.\n"
    "Russia pays $2,000 a month to the soldiers, the NIS estimates.\n"
)


def _extract(models, text, scope):
    config = default_config().replace(extract_scope=scope)
    return next(extract.run([make_article(text)], config=config, models=models))


def _spans(extraction):
    return [*extraction.mentions, *extraction.quantities, *extraction.quotes, *extraction.flows]


def test_offsets_hold_on_scope_claims(models_md, seed_bodies):
    config = default_config().replace(extract_scope="claims")
    for article, extraction in zip(seed_bodies, extract.run(seed_bodies, config=config, models=models_md)):
        spans = _spans(extraction)
        assert spans
        for item in spans:
            assert article.text[item.start:item.end] == item.text


def test_claims_scope_finds_what_the_full_parse_finds_here(models_md):
    found = plan(TEXT)
    assert [TEXT[s.start:s.end].split()[0] for s in found.names] == ["Kim"]  # entity recogniser only
    assert [TEXT[s.start:s.end].split()[1] for s in found.dropped] == ["was", "weather"]
    full, scoped = _extract(models_md, TEXT, "all"), _extract(models_md, TEXT, "claims")
    key = lambda e: ([(m.text, m.start) for m in e.mentions], [(q.text, q.quantity) for q in e.quantities],
                     [(q.text, q.speaker, q.kind) for q in e.quotes], [(f.source, f.target, f.what) for f in e.flows])
    assert key(scoped) == key(full)
    # the quotation spans two sentences; its speaker is the pronoun's person, named a sentence before
    direct = [q for q in scoped.quotes if q.kind == "direct"]
    assert [q.speaker for q in direct] == ["Kim Jong Un"]
    assert "The fight goes on" in direct[0].text


def test_a_dropped_sentence_yields_nothing(nlp_md):
    # the acronym rule reads the text, not the doc: it would find "ACME" again in a skipped sentence
    text = ("The Atomic Cooperation and Mining Enterprise (ACME) said it sent 30 tons of rice to Laos.\n"
            "it rained over the hills, and ACME was quiet, some 40 people said.\n")
    plain = text.index("it rained")
    skipped = Offsets(plain, len(text) - 1)
    article = make_article(text)
    doc = nlp_md(blank(text, [skipped]))
    scoped = extract.extract_doc(article, doc, skip=(skipped,))
    assert _spans(scoped) and all(item.start < plain for item in _spans(scoped))
    unguarded = extract.extract_doc(article, doc)
    assert any(item.start >= plain for item in _spans(unguarded))


def test_scope_all_is_the_plain_full_parse(models_md, nlp_md):
    article = make_article(TEXT)
    expected = extract.extract_doc(article, nlp_md(TEXT))
    assert _extract(models_md, TEXT, "all") == expected


def test_an_unknown_scope_is_refused(models_md):
    with pytest.raises(ConfigError):
        _extract(models_md, TEXT, "some")
