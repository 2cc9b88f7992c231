"""Governments versus places, acronyms introduced in the text, outlets, spans."""

from __future__ import annotations

from newsprism.extract import entities
from newsprism.extract.index import EntityIndex


def _mentions(nlp, text):
    found = entities.find(nlp(text), text)
    for m in found:
        assert text[m.start:m.end] == m.text
    return {m.text: (m.type, m.key) for m in found}


def test_capital_as_actor_or_place(nlp_md):
    text = "According to information from Seoul, experts in Seoul disagree."
    doc = nlp_md(text)
    found = [(m.text, m.type) for m in entities.find(doc, text)]
    assert found[0] == ("Seoul", "GOV") and found[1] == ("Seoul", "GPE")


def test_country_adjective_and_capital_are_one_government(nlp_md):
    text = ("Russian aid to North Korea is growing. Moscow sends rice to Pyongyang, "
            "and the DPRK sends troops to Russia.")
    doc = nlp_md(text)
    index = EntityIndex.build(entities.find(doc, text))
    govs = {e.name: set(e.aliases) for e in index.entities if e.type == "GOV"}
    assert {"Russian", "Moscow"} <= govs["Russia"]
    assert {"North Korea", "Pyongyang", "DPRK"} <= govs["North Korea"]


def test_country_as_a_place(nlp_md):
    text = "About 4,000 North Korean workers live in Russia."
    kinds = _mentions(nlp_md, text)
    assert kinds["Russia"] == ("GPE", "country:RUS")


def test_acronym_introduced_in_parentheses_and_reused(nlp_md):
    text = ("A study by the Institute for National Security Strategy (INSS) says so. "
            "The INSS also warned of risks.")
    doc = nlp_md(text)
    index = EntityIndex.build(entities.find(doc, text))
    inss = [e for e in index.entities if "INSS" in e.aliases]
    assert len(inss) == 1 and inss[0].name == "Institute for National Security Strategy"
    assert sum(1 for m in index.mentions if m.text == "INSS") == 2


def test_outlet_from_the_shared_table(nlp_md):
    text = 'This was reported by the South Korean daily "The Korean Herald" on Monday.'
    doc = nlp_md(text)
    index = EntityIndex.build(entities.find(doc, text))
    outlets = [e for e in index.entities if e.type == "OUTLET"]
    assert len(outlets) == 1 and "Herald" in outlets[0].name


def test_a_one_word_outlet_name_is_no_person():
    assert entities.is_outlet_name("Politico") and entities.is_outlet_name("Axios")
    # controls: people, and names of more words, are left to the model
    assert not entities.is_outlet_name("Flynn") and not entities.is_outlet_name("Michael Bloomberg")


def test_politico_is_an_outlet_in_text(nlp_md):
    text = "Politico reported on Monday that the senator would resign, and Michael Flynn said nothing."
    found = _mentions(nlp_md, text)
    assert found.get("Politico", ("OUTLET",))[0] == "OUTLET"
    assert found["Michael Flynn"][0] == "PERSON"


def test_a_name_the_text_calls_a_person_is_a_person():
    from newsprism.extract.entities import looks_like_person

    text = "Agnes Callamard, special rapporteur on summary executions, said so. President Donald Trump agreed."
    assert looks_like_person(text, 0, len("Agnes Callamard"))
    at = text.index("Donald Trump")
    assert looks_like_person(text, at, at + len("Donald Trump"))
    # controls: no cue beside the name, or no personal-name shape
    text = "Goldman Sachs said so. The President of Goldman Sachs agreed, and the UN Security Council met."
    assert not looks_like_person(text, 0, len("Goldman Sachs"))
    at = text.index("UN Security Council")
    assert not looks_like_person(text, at, at + len("UN Security Council"))
