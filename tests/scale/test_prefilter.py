"""The claim pre-pass keeps sentences that can carry a claim and drops those that cannot."""

from __future__ import annotations

from newsprism.scale.prefilter import claim_sentences, signals
from newsprism.types import Offsets


def _spans(sentences: list[str]) -> tuple[str, list[Offsets]]:
    text, spans = "", []
    for sentence in sentences:
        start = len(text)
        text += sentence + " "
        spans.append(Offsets(start, start + len(sentence)))
    return text, spans


def test_each_signal_keeps_its_sentence_and_plain_prose_is_dropped():
    text, spans = _spans([
        "Russia pays $2,000 a month.",                    # number
        "\u201cWe will respond,\u201d she warned.",        # quote and cue
        "The ministry says the figure is wrong.",          # cue
        "Moscow will supply rice to Pyongyang.",            # flow (and names)
        "It was a cold and grey morning.",                 # nothing
        "Talks then resumed in Geneva.",                   # a name only
    ])
    assert claim_sentences(text, spans) == [0, 1, 2, 3, 5]
    assert claim_sentences(text, spans, require_cue=True) == [0, 1, 2, 3]


def test_a_capitalised_sentence_opener_is_not_a_name():
    assert not signals("Yesterday it rained all day.").name
    assert signals("Yesterday the IAEA met.").name
    assert signals("Seven hundred people left.").number
