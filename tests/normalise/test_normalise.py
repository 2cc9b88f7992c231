"""RawDoc -> Article: clean-up, language, outlet, hashes, failures."""

from __future__ import annotations

import pytest

from newsprism.errors import EmptyInput, StageError
from newsprism.normalise import clean_text, detect_language, normalise
from newsprism.types import RawDoc


def doc(body: str, **fields) -> RawDoc:
    fields.setdefault("payload", body.encode())
    return RawDoc(source=fields.pop("source", "x.txt"), reader="text.v1", body=body, **fields)


def test_clean_up_keeps_quotes_and_dashes_but_not_controls() -> None:
    raw = "\ufeff“Quoted” — it’s\u00a0here\u200b.\x07\r\nNext\u2028line\t\ttabbed   spaced"
    assert clean_text(raw) == "“Quoted” — it’s here.\nNext\nline tabbed spaced".replace("\n", "\n\n")


def test_composed_characters() -> None:
    assert clean_text("Cafe\u0301 A\u030a") == "Café Å"


def test_blank_line_blocks_are_paragraphs_and_wrapped_lines_join() -> None:
    text = clean_text("First paragraph is wrapped\nover two lines of text.\n\n\n\nSecond one.\n")
    assert text == "First paragraph is wrapped over two lines of text.\n\nSecond one."


def test_same_text_from_two_outlets_shares_content_hash_not_id(config) -> None:
    body = "North Korea sent troops to Russia, officials said on Monday."
    a = normalise(doc(body, payload=b"a", outlet="A"), config=config)
    b = normalise(doc(body + "\n", payload=b"b", outlet="B"), config=config)
    assert a.content_hash == b.content_hash and a.id != b.id


@pytest.mark.parametrize(("text", "code"), [
    ("North Korea has sent thousands of soldiers to Russia to support its military operations.", "en"),
    ("Nordkorea hat nach Angaben des südkoreanischen Geheimdienstes Tausende Soldaten nach Russland geschickt.", "de"),
    ("La Corée du Nord a envoyé des milliers de soldats en Russie, selon les services de renseignement.", "fr"),
    ("Северная Корея направила тысячи солдат в Россию, сообщает южнокорейская разведка.", "ru"),
    ("북한은 러시아에 수천 명의 병사를 파견했으며 연말까지 더 많은 병력이 도착할 것으로 예상된다고 국가정보원이 밝혔다.", "ko"),
])
def test_language(text: str, code: str) -> None:
    assert detect_language(text) == code


def test_short_text_uses_the_declared_language() -> None:
    assert detect_language("Kurz.", declared="de-DE") == "de"
    assert detect_language("Short.", declared=None) is None


def test_outlet_from_reader_else_url_host(config) -> None:
    body = "A body long enough to be an article about rice deliveries."
    assert normalise(doc(body, outlet="  The Korea  Herald "), config=config).outlet == "The Korea Herald"
    assert normalise(doc(body, url="https://www.koreaherald.com/x"), config=config).outlet == "koreaherald.com"
    assert normalise(doc(body), config=config).outlet is None


def test_metadata_is_cleaned(config) -> None:
    article = normalise(doc("Body text here.", title="  Rice\n for \u200brockets ", published="Nov 4, 2024 6:19 PM EST",
                            boilerplate=(" Photo:\u00a0Reuters ",)), config=config)
    assert article.title == "Rice for rockets"
    assert article.published == "2024-11-04T18:19:00-05:00"
    assert article.boilerplate == ("Photo: Reuters",)


def test_empty_after_clean_up_raises(config) -> None:
    with pytest.raises(EmptyInput):
        normalise(doc(" \u200b\x00\n\t "), config=config)


def test_raw_html_must_go_through_the_readers(config) -> None:
    with pytest.raises(StageError, match="html.extract_page"):
        normalise(RawDoc("p.html", "html.v1", "<p>x</p>", b"x", is_html=True), config=config)


def test_pysbd_splitter_setting(config) -> None:
    article = normalise(doc("Mr. Smith went to Washington. He said hello."), config=config.replace(sentence_splitter="pysbd.v1"))
    assert [article.text[s.start:s.end] for s in article.sentences] == ["Mr. Smith went to Washington.", "He said hello."]
