"""Invariants of normalisation, checked on generated text with hypothesis."""

from __future__ import annotations

import hashlib
import re

from hypothesis import given, settings
from hypothesis import strategies as st

from newsprism.normalise import clean_text, normalise, parse_published, split_fast, split_pysbd
from newsprism.settings import default_config
from newsprism.types import RawDoc

CONFIG = default_config()
# Text that stresses the clean-up: odd line breaks, odd spaces, controls, combining marks,
# curly quotes, dashes, surrogates, CJK full stops.
NASTY = st.sampled_from(list(
    "\r\n\t \u00a0\u2028\u2029\x85\x0b\x0c\x00\x07\x1b\x7f\x9f\u00ad\u200b\ufeff\u2000\u2001\u3000"
    "\u0301\u0308\u0327e\u00e9A\u212b\u2126“”‘’—–….!?。\"'()[]$ \ud800"
))
WORDS = st.sampled_from(["Mr.", "U.S.", "The", "rice", "Seoul", "said", "2,000", "J.", "No.", "5", "e.g.", "a.m."])
TEXTS = st.lists(st.one_of(st.text(max_size=8), NASTY, WORDS), max_size=60).map("".join)
SENTENCE_TEXT = st.lists(st.one_of(WORDS, st.sampled_from([" ", " ", "\n", "\n\n", ". ", "? ", "” "])), max_size=80).map("".join)


def _doc(body: str, payload: bytes = b"p") -> RawDoc:
    return RawDoc(source="gen", reader="text.v1", body=body, payload=payload)


@given(TEXTS)
@settings(max_examples=400, deadline=None)
def test_clean_text_is_idempotent(text: str) -> None:
    once = clean_text(text)
    assert clean_text(once) == once


@given(TEXTS)
@settings(max_examples=200, deadline=None)
def test_clean_text_leaves_no_controls_or_odd_spaces(text: str) -> None:
    out = clean_text(text)
    assert not re.search(r"[\x00-\x09\x0b-\x1f\x7f-\x9f\u00a0\u2028\u2029\ufeff\u200b]", out)
    assert "  " not in out and "\n\n\n" not in out and out == out.strip()
    out.encode("utf-8")  # no lone surrogates


@given(SENTENCE_TEXT)
@settings(max_examples=300, deadline=None)
def test_normalising_an_articles_text_again_changes_nothing(body: str) -> None:
    if not clean_text(body):
        return
    article = normalise(_doc(body), config=CONFIG)
    again = normalise(_doc(article.text), config=CONFIG)
    assert again.text == article.text
    assert again.paragraphs == article.paragraphs and again.sentences == article.sentences
    assert again.content_hash == article.content_hash


@given(SENTENCE_TEXT)
@settings(max_examples=300, deadline=None)
def test_offsets_are_valid(body: str) -> None:
    if not clean_text(body):
        return
    article = normalise(_doc(body), config=CONFIG)
    text = article.text
    assert "\n\n".join(text[p.start:p.end] for p in article.paragraphs) == text
    for p in article.paragraphs:
        assert 0 <= p.start < p.end <= len(text) and "\n" not in text[p.start:p.end]
    previous_end = 0
    for s in article.sentences:
        sentence = text[s.start:s.end]
        assert sentence and sentence == sentence.strip() and s.start >= previous_end
        assert any(p.start <= s.start and s.end <= p.end for p in article.paragraphs)  # never crosses
        previous_end = s.end
    # every non-space character of every paragraph lies in some sentence
    covered = sum(len(text[s.start:s.end].replace(" ", "")) for s in article.sentences)
    assert covered == len(text.replace(" ", "").replace("\n", ""))


@given(st.binary(max_size=200), SENTENCE_TEXT.filter(lambda t: bool(clean_text(t))))
@settings(deadline=None)
def test_ids_are_stable_hashes_of_the_payload(payload: bytes, body: str) -> None:
    first = normalise(_doc(body, payload), config=CONFIG)
    second = normalise(_doc(body + " ", payload), config=CONFIG)
    assert first.id == second.id == hashlib.sha256(payload).hexdigest()[:16]
    assert first.content_hash == hashlib.sha256(first.text.encode()).hexdigest()


@given(st.text(max_size=40))
@settings(deadline=None)
def test_parse_published_never_raises_and_gives_iso(value: str) -> None:
    out = parse_published(value)
    assert out is None or re.fullmatch(
        r"\d{4}-\d{2}(-\d{2}(T\d{2}:\d{2}:\d{2}([+-]\d{2}:\d{2}(:\d{2})?)?)?)?", out
    ), out


@given(SENTENCE_TEXT.map(lambda t: " ".join(t.split())))
@settings(max_examples=100, deadline=None)
def test_splitters_cover_the_paragraph(paragraph: str) -> None:
    for split in (split_fast, split_pysbd):
        spans = split(paragraph)
        assert "".join(paragraph[s:e] for s, e in spans).replace(" ", "") == paragraph.replace(" ", "")
