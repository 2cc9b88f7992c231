"""What the judge reads of a claim: one name per entity, one spelling, one wording of set
phrases, and who a leading pronoun stands for. Each rule with a control it must leave alone."""

from __future__ import annotations

from newsprism.align.claims import canonical_names, resolve_pronoun
from newsprism.rules.claimtext import plain_weighing, us_spelling
from newsprism.types import EntityMention


def _mention(text: str, sentence: str, kind: str, entity: str) -> EntityMention:
    start = sentence.index(text)
    return EntityMention(start, start + len(text), text, kind, entity)


def test_a_country_written_by_its_canonical_name_drops_the_acronyms_article():
    sentence = "In June, the leaders of Russia and the DPRK signed a pact."
    names = {"e1": "North Korea"}
    out = canonical_names(sentence, [_mention("DPRK", sentence, "GOV", "e1")], names)
    assert out == "In June, the leaders of Russia and North Korea signed a pact."


def test_a_country_whose_name_takes_the_article_keeps_it():
    sentence = "Officials in the US said so."
    out = canonical_names(sentence, [_mention("US", sentence, "GPE", "e1")], {"e1": "United States"})
    assert out == "Officials in the United States said so."


def test_an_organisation_keeps_its_article():
    sentence = "A report by the NIS said so."
    names = {"e1": "National Intelligence Service"}
    out = canonical_names(sentence, [_mention("NIS", sentence, "ORG", "e1")], names)
    assert out == "A report by the National Intelligence Service said so."


def test_a_name_and_its_acronym_in_brackets_become_one_name():
    sentence = "the National Intelligence Service (NIS) assessed it"
    mentions = [_mention("National Intelligence Service", sentence, "ORG", "e1"), _mention("NIS", sentence, "ORG", "e1")]
    out = canonical_names(sentence, mentions, {"e1": "National Intelligence Service"})
    assert out == "the National Intelligence Service assessed it"


def test_british_spellings_read_as_american_and_other_words_stay():
    assert us_spelling("A mutual defence agreement was organised.") == "A mutual defense agreement was organized."
    assert us_spelling("Defence of the rise.") == "Defense of the rise."  # "rise" is no -ise verb


def test_weighing_costs_against_benefits_reads_in_one_wording():
    a = plain_weighing("Pyongyang might lose more than it gains by joining the war")
    b = plain_weighing("the move would do more harm than good")
    assert "costs that outweigh the benefits" in a and "costs that outweigh the benefits" in b
    assert plain_weighing("the risks outweigh the benefits") == "the costs outweigh the benefits"
    # controls: other comparisons of more and less are left as they are
    for text in ("They lost more than 300 seats", "it gains more than it spends", "costs rose by more than 5%"):
        assert plain_weighing(text) == text


def test_they_stands_for_the_two_bodies_named_before():
    before = [("Nam Sung-wook", "PERSON"), ("North Korea", "GPE"), ("Russia", "GPE")]
    out = resolve_pronoun("They have signed a mutual defence agreement.", before)
    assert out == "North Korea and Russia have signed a mutual defence agreement."


def test_he_stands_for_the_last_person_named_before():
    before = [("Joe Biden", "PERSON"), ("Senate", "ORG"), ("Mitch McConnell", "PERSON")]
    assert resolve_pronoun("He later resigned.", before) == "Mitch McConnell later resigned."


def test_a_pronoun_with_nobody_to_stand_for_is_left():
    assert resolve_pronoun("They have signed a deal.", [("Nam Sung-wook", "PERSON")]) is None
    assert resolve_pronoun("He said so.", [("Russia", "GPE")]) is None
    assert resolve_pronoun("The deal was signed.", [("Russia", "GPE"), ("China", "GPE")]) is None
