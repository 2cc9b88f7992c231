"""The cheap pre-pass: which sentences get the parser, which the entity recogniser alone, which
nothing; and blanking keeps every offset."""

from __future__ import annotations

from newsprism.extract.prefilter import blank, claim_sentences, plan, signals, split_sentences
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
        "Russia pays $2,000 a month.",                    # quantity
        "\u201cWe will respond,\u201d she warned.",        # quotation and speech verb
        "The ministry says the figure is wrong.",          # speech verb
        "Moscow will supply rice to Pyongyang.",            # flow with names
        "It was a cold and grey morning.",                 # nothing
        "Talks then resumed in Geneva.",                   # a name only
    ])
    assert claim_sentences(text, spans) == [0, 1, 2, 3, 5]
    assert claim_sentences(text, spans, require_cue=True) == [0, 1, 2, 3]
    found = plan(text, spans)
    assert found.parse == tuple(spans[:4])
    assert found.names == (spans[5],)
    assert found.dropped == (spans[4],)


def test_a_common_sentence_opener_is_not_a_name_but_a_name_opening_one_is():
    assert not signals("The rain fell all day.").name
    assert signals("Moscow responded quickly.").name
    assert signals("US troops left the base.").name
    assert signals("Yesterday the IAEA met.").name
    assert signals("Seven hundred people left.").quantity


def test_a_flow_verb_without_a_name_needs_no_parse():
    assert not signals("the shop will send it back soon.").parse
    assert signals("Moscow will send troops to the front.").parse


def test_quotation_over_two_sentences_keeps_both_and_the_attribution_after():
    text, spans = _spans([
        "The meeting ended late.",
        "\u201cWe are not leaving.",
        "This is our home,\u201d",
        "said the mayor of the town.",
        "It was a cold and grey morning.",
    ])
    found = plan(text, spans)
    assert spans[1] in found.parse and spans[2] in found.parse and spans[3] in found.parse
    assert spans[4] in found.dropped


def test_blank_keeps_length_and_line_breaks():
    text = "One line here.\nAnother line there."
    out = blank(text, [Offsets(0, 14), Offsets(15, len(text))])
    assert len(out) == len(text) and out.strip() == "" and out[14] == "\n"
    assert blank(text, []) == text


def test_split_sentences_when_an_article_has_none():
    text = "Prices rose. \u201cIt hurts,\u201d she said.\nA new line"
    assert [text[s.start:s.end] for s in split_sentences(text)] == [
        "Prices rose.", "\u201cIt hurts,\u201d she said.", "A new line"]


def test_blank_handles_overlapping_unsorted_and_empty_spans():
    text = "One two.\nThree four.\nFive."
    out = blank(text, [Offsets(14, 20), Offsets(4, 12), Offsets(10, 16), Offsets(3, 3)])
    expected = "".join(" " if 4 <= i < 20 and c != "\n" else c for i, c in enumerate(text))
    assert out == expected


def test_cues_found_over_the_whole_text_answer_as_a_search_of_each_sentence():
    from newsprism.extract import prefilter

    speech, flow = prefilter._cues()
    text = ("He said no. Aid was given.sent by them; unsaid words. The envoy told"
            "her nothing. According\nto aides, it was sold. Nothing here. gave")
    # sentence ends that cut words ("told|her", "Sen|t"), a cue that runs over an end, empty spans
    cuts = [0, 12, 27, 29, 53, 68, 72, 88, 110, 124, 124, len(text)]
    spans = [Offsets(a, b) for a, b in zip(cuts, cuts[1:])]
    expected = tuple([pattern.search(text[s.start:s.end]) is not None for s in spans] for pattern in (speech, flow))
    assert prefilter._cue_sentences(text, spans) == expected
    assert any(expected[0]) and any(expected[1])
