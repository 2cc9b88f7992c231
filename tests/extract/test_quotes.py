"""Each quote style, with its speaker."""

from __future__ import annotations

from newsprism.extract import entities, quotes
from newsprism.extract.index import EntityIndex


def _quotes(nlp, text):
    doc = nlp(text)
    found = quotes.find(doc, text, EntityIndex.build(entities.find(doc, text)))
    for q in found:
        assert text[q.start:q.end] == q.text
    return found


def test_dash_quote(nlp_md):
    text = ("Wi Sung Lak is a former ambassador.\n"
            "- It is known that North Korea is fighting for Russia, - Wi Sung Lak said.\n")
    dash = [q for q in _quotes(nlp_md, text) if q.kind == "dash"]
    assert len(dash) == 1
    assert dash[0].speaker == "Wi Sung Lak"
    assert dash[0].text.startswith("It is known that")


def test_direct_quote_curly_and_straight(nlp_md):
    for open_, close in (("“", "”"), ('"', '"'), ("«", "»")):
        text = f"{open_}We will not back down from this fight,{close} John Smith said on Monday."
        direct = [q for q in _quotes(nlp_md, text) if q.kind == "direct"]
        assert len(direct) == 1, (open_, direct)
        assert direct[0].speaker == "John Smith"


def test_quoted_name_is_not_a_quote(nlp_md):
    text = 'According to the South Korean daily "The Korean Herald", prices rose.'
    assert not [q for q in _quotes(nlp_md, text) if q.kind == "direct"]


def test_reported_speech_with_that(nlp_md):
    text = "The NIS estimates that North Korean workers typically earn $800 a month."
    reported = [q for q in _quotes(nlp_md, text) if q.kind == "reported"]
    assert reported and reported[0].speaker == "NIS"
    assert reported[0].text.startswith("North Korean workers")


def test_reported_speech_through_who(nlp_md):
    text = ("The paper quotes former ambassador Wi Sung Lak, who believes that Russian aid "
            "will help North Korea.")
    reported = [q for q in _quotes(nlp_md, text) if q.kind == "reported"]
    assert reported[0].speaker == "Wi Sung Lak"


def test_unknown_speaker_is_none(nlp_md):
    text = "However, experts in Seoul believe that Pyongyang can rely on Moscow's support."
    reported = [q for q in _quotes(nlp_md, text) if q.kind == "reported"]
    assert reported and reported[0].speaker is None
    text = "It is predicted that the war could end quickly."
    assert all(q.speaker is None for q in _quotes(nlp_md, text))


def test_according_to_agency_report(nlp_md):
    text = ("The National Intelligence Service (NIS) met. According to the October NIS report, "
            "each soldier is to receive a monthly salary of about $2,000.")
    acc = [q for q in _quotes(nlp_md, text) if q.kind == "according_to"]
    assert acc and acc[0].speaker == "National Intelligence Service"
    assert acc[0].text.startswith("each soldier")


def test_according_to_unnamed_analysts(nlp_md):
    text = "Russia, according to analysts, is ready to provide Pyongyang with rice."
    acc = [q for q in _quotes(nlp_md, text) if q.kind == "according_to"]
    assert acc and acc[0].speaker is None


def test_according_to_an_outlet_named_after_its_kind(nlp_md):
    text = 'Prices rose, according to the South Korean daily "The Korean Herald".'
    acc = [q for q in _quotes(nlp_md, text) if q.kind == "according_to"]
    assert acc and acc[0].speaker and "Herald" in acc[0].speaker


def test_transcript_lines(nlp_md):
    text = 'Partial transcript:\nWALLACE: Let us start with the breaking news on the debate.\n'
    found = [q for q in _quotes(nlp_md, text) if q.kind == "transcript"]
    assert found and found[0].speaker.lower() == "wallace" and found[0].text.startswith("Let us start")


def test_heading_line_is_not_the_subject(models_md):
    from newsprism import extract
    from newsprism.settings import default_config
    from newsprism.types import Article

    text = "Forecasts for the future\nExpert Nam Sung-wook believes that the cooperation will continue."
    article = Article(id="h1", source="h1.txt", reader="text", text=text, content_hash="h1")
    (extraction,) = extract.run([article], config=default_config(), models=models_md)
    reported = [q for q in extraction.quotes if q.kind == "reported"]
    assert reported and reported[0].speaker == "Nam Sung-wook"


def test_runs_without_a_parser():
    from newsprism.models import load_spacy

    nlp = load_spacy("sm", disable=["parser"])
    nlp.add_pipe("sentencizer", first=True)
    text = "“We will not back down from this fight,” John Smith said. He added more."
    found = _quotes(nlp, text)
    assert [q.kind for q in found] == ["direct"]


def test_an_unnamed_owner_keeps_a_compound_name_from_speaking(nlp_md):
    text = "The kingdom's US embassy said that the report was absurd and called for an inquiry."
    reported = [q for q in _quotes(nlp_md, text) if q.kind == "reported"]
    assert reported and reported[0].speaker is None
    # control: a named owner speaks through its embassy
    text = "Saudi Arabia's US embassy said that the report was absurd and called for an inquiry."
    reported = [q for q in _quotes(nlp_md, text) if q.kind == "reported"]
    assert reported and reported[0].speaker == "Saudi Arabia"
