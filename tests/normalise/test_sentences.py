"""Sentence splitting: titles, initials, acronyms and abbreviations are not sentence ends."""

from __future__ import annotations

import pytest

from newsprism.normalise import sentence_offsets, paragraph_offsets, split_fast, split_pysbd
from newsprism.errors import ConfigError


def sentences(paragraph: str, split=split_fast) -> list[str]:
    return [paragraph[s:e] for s, e in split(paragraph)]


@pytest.mark.parametrize(("paragraph", "expected"), [
    ("Mr. Smith went to Washington. He said hello.", ["Mr. Smith went to Washington.", "He said hello."]),
    ("President John F. Kerry spoke on Nov. 4 at 6 p.m. in Seoul.", ["President John F. Kerry spoke on Nov. 4 at 6 p.m. in Seoul."]),
    ("The U.S. Navy sailed. The U.S. said so. Talks with the U.S. The end.",
     ["The U.S. Navy sailed.", "The U.S. said so.", "Talks with the U.S.", "The end."]),
    ('"It is known," he said. "We will help." Then he left.', ['"It is known," he said.', '"We will help."', "Then he left."]),
    ("Is it true? Yes! It is… Maybe.", ["Is it true?", "Yes!", "It is…", "Maybe."]),
    ("Yahoo! reported it. e.g. this stays.", ["Yahoo! reported it. e.g. this stays."]),
    ("He earns about $2,000 a month. That is 3.5 times more.", ["He earns about $2,000 a month.", "That is 3.5 times more."]),
    ("See No. 5 on the list. It was first.", ["See No. 5 on the list.", "It was first."]),
    ("北朝鮮は兵士を派遣した。ロシアは米を送る。", ["北朝鮮は兵士を派遣した。", "ロシアは米を送る。"]),
    ("No final stop here", ["No final stop here"]),
])
def test_fast_splitter(paragraph: str, expected: list[str]) -> None:
    assert sentences(paragraph) == expected


def test_pysbd_splitter_gives_offsets_too() -> None:
    paragraph = "Mr. Smith went to Washington. He said hello."
    assert sentences(paragraph, split_pysbd) == ["Mr. Smith went to Washington.", "He said hello."]


def test_sentences_never_cross_paragraphs() -> None:
    text = "Money for soldiers\n\nEach soldier gets $2,000. Workers get $800"
    spans = sentence_offsets(text, paragraph_offsets(text))
    assert [text[s.start:s.end] for s in spans] == ["Money for soldiers", "Each soldier gets $2,000.", "Workers get $800"]


def test_unknown_splitter_is_a_config_error() -> None:
    with pytest.raises(ConfigError, match="fast.v1"):
        sentence_offsets("x", paragraph_offsets("x"), splitter="nope.v9")
