"""Attribution: one speaker per quote from the text's own attribution, pronouns read as the
nearest earlier compatible speaker; each report's speaker kept with its mention, never merged."""

from __future__ import annotations

from claim_inputs import independent, make_article, quote, run
from newsprism.align import candidates
from newsprism.types import Entity, EntityMention, Extraction, Quote

TEXT = ("Donald Trump told reporters on Friday that the inquiry into his aides was unfair to all of them. "
        "He said: “I feel very badly for Gen. Flynn, he has been treated very unfairly.”")


def _extraction(text: str, speaker_of_second: str, speaker_words: str) -> Extraction:
    trump = Entity("e-t", "Donald Trump", "PERSON", ("Donald Trump",))
    flynn = Entity("e-f", "Michael Flynn", "PERSON", ("Flynn",))
    mentions = (EntityMention(0, 12, "Donald Trump", "PERSON", "e-t"),
                EntityMention(text.index("Flynn"), text.index("Flynn") + 5, "Flynn", "PERSON", "e-f"))
    first = quote(text, "the inquiry into his aides was unfair to all of them", "Donald Trump")
    content = "I feel very badly for Gen. Flynn, he has been treated very unfairly."
    start = text.index(content)
    words_at = text.index(speaker_words)
    second = Quote(start, start + len(content), content, speaker_of_second, "direct",
                   words_at, words_at + len(speaker_words), "said")
    return Extraction("a", mentions, (trump, flynn), (), (first, second))


def test_a_name_inside_the_quote_is_not_its_speaker():
    article = make_article("a", TEXT)
    found = candidates(article, _extraction(TEXT, "Michael Flynn", "He"))
    spoken = [c for c in found if "badly" in c.text]
    assert spoken and {c.attribution for c in spoken} == {"Donald Trump"}


def test_control_a_speaker_named_outside_the_quote_is_kept():
    text = ("Donald Trump told reporters on Friday that the inquiry into his aides was unfair to all of them. "
            "Michael Flynn said: “I feel very badly for my family, they have been treated very unfairly.”")
    trump = Entity("e-t", "Donald Trump", "PERSON", ("Donald Trump",))
    flynn = Entity("e-f", "Michael Flynn", "PERSON", ("Michael Flynn",))
    at = text.index("Michael Flynn")
    mentions = (EntityMention(0, 12, "Donald Trump", "PERSON", "e-t"),
                EntityMention(at, at + 13, "Michael Flynn", "PERSON", "e-f"))
    content = "I feel very badly for my family, they have been treated very unfairly."
    start = text.index(content)
    quotes = (quote(text, "the inquiry into his aides was unfair to all of them", "Donald Trump"),
              Quote(start, start + len(content), content, "Michael Flynn", "direct", at, at + 13, "said"))
    ex = Extraction("a", mentions, (trump, flynn), (), quotes)
    spoken = [c for c in candidates(make_article("a", text), ex) if "badly" in c.text]
    assert spoken and {c.attribution for c in spoken} == {"Michael Flynn"}


def test_each_reports_speaker_is_kept_with_its_mention(config):
    a = make_article("a", "Intelligence in Seoul believes that North Korea is a bargaining chip for Russia in talks.")
    b = make_article("b", "Nam Sung-wook believes that North Korea is a bargaining chip for Russia in talks.")
    ex = {
        "a": Extraction("a", quotes=(quote(a.text, "North Korea is a bargaining chip for Russia in talks", "South Korea"),)),
        "b": Extraction("b", quotes=(quote(b.text, "North Korea is a bargaining chip for Russia in talks", "Nam Sung-wook"),)),
    }
    _, claims, _ = run([a, b], ex, independent("a", "b"), config)
    chip = [c for c in claims if "bargaining chip" in c.text]
    assert len(chip) == 1
    assert {(m.article_id, m.attribution) for m in chip[0].mentions} == {("a", "South Korea"), ("b", "Nam Sung-wook")}
    assert "Attributed to South Korea (A) and Nam Sung-wook (B)" in chip[0].reason


def test_according_to_a_statement_from_a_body_is_that_body():
    text = "Sixteen Marines were arrested on Thursday, according to a statement from the Marine Corps."
    at = text.index("Marine Corps")
    corps = Entity("e-m", "U.S. Marine Corps", "ORG", ("Marine Corps",))
    ex = Extraction("a", (EntityMention(at, at + 12, "Marine Corps", "ORG", "e-m"),), (corps,))
    found = candidates(make_article("a", text), ex)
    assert found and {c.attribution for c in found} == {"U.S. Marine Corps"}


def test_control_according_to_officials_stays_officials():
    text = "Sixteen Marines were arrested on Thursday in California, according to officials."
    at = text.index("California")
    place = Entity("e-c", "California", "GPE", ("California",))
    ex = Extraction("a", (EntityMention(at, at + 10, "California", "GPE", "e-c"),), (place,))
    found = candidates(make_article("a", text), ex)
    assert found and {c.attribution for c in found} == {"officials"}
