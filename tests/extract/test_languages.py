"""Extraction by the article's language: French full, German/Russian names and figures."""

from __future__ import annotations

import json

import pytest

from newsprism.codec import dumps, loads, to_plain
from newsprism.extract import gazetteer, run
from newsprism.models import Models, extraction_level, pipeline_language
from newsprism.settings import default_config
from newsprism.types import Article, Extraction

FR = ("La Russie a fourni à la Corée du Nord plus d'un million de barils de pétrole, selon le "
      "Korea Herald. « Cette aide va permettre à la Corée du Nord de survivre à la crise », a "
      "déclaré Wi Sung-lak, ancien ambassadeur sud-coréen en Russie. Le président Vladimir "
      "Poutine a affirmé que Moscou soutiendrait Pyongyang.")
DE = ("Russland hat Nordkorea laut der Zeitung Korea Herald mehr als eine Million Barrel Öl "
      "geliefert. „Diese Hilfe wird Nordkorea helfen, die Krise zu überstehen“, sagte der frühere "
      "Botschafter Wi Sung-lak. Nach Angaben des südkoreanischen Geheimdienstes erhält jeder "
      "Soldat rund 2000 Dollar im Monat.")
RU = ("Россия поставила Северной Корее нефть, сообщила газета Korea Herald. «Эта помощь позволит "
      "Северной Корее пережить кризис», — заявил бывший посол Ви Сон Рак. По данным разведки "
      "Южной Кореи, каждый северокорейский солдат получит около 2000 долларов в месяц.")
EN = ("Russia has supplied North Korea with oil, according to the Korea Herald. Each North Korean "
      "soldier will receive about $2,000 a month, the NIS said.")


def _article(text: str, language: str | None, article_id: str) -> Article:
    return Article(id=article_id, source=f"{article_id}.txt", reader="text", text=text,
                   content_hash=article_id, language=language)


@pytest.fixture(scope="module")
def extracted(nlp_md) -> dict[str, Extraction]:
    articles = [_article(FR, "fr", "fr"), _article(EN, "en", "en"), _article(DE, "de", "de"),
                _article(RU, "ru", "ru"), _article(EN, None, "none")]
    out = list(run(articles, config=default_config(), models=Models.with_(nlp=nlp_md)))
    assert [e.article_id for e in out] == [a.id for a in articles]  # the input's order
    for article, extraction in zip(articles, out):
        for item in (*extraction.mentions, *extraction.quantities, *extraction.quotes):
            assert article.text[item.start:item.end] == item.text
    return {e.article_id: e for e in out}


def _types(extraction: Extraction) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for m in extraction.mentions:
        out.setdefault(m.text, set()).add(m.type)
    return out


def _entity_key(extraction: Extraction, text: str) -> str:
    mention = next(m for m in extraction.mentions if m.text == text)
    return mention.entity_id


def test_levels():
    assert pipeline_language(None) == pipeline_language("en") == pipeline_language("und") == "en"
    assert extraction_level("fr") == extraction_level("en") == extraction_level(None) == "full"
    assert extraction_level("de") == extraction_level("ru") == extraction_level("es") == "names and figures"


def test_french_is_full(extracted):
    fr = extracted["fr"]
    assert fr.level == "full"
    types = _types(fr)
    assert types["Wi Sung-lak"] == {"PERSON"} and types["Vladimir Poutine"] == {"PERSON"}
    assert types["Russie"] <= {"GOV", "GPE"} and types["Corée du Nord"] <= {"GOV", "GPE"}
    assert any("million" in q.text for q in fr.quantities)
    direct = [q for q in fr.quotes if q.kind == "direct"]
    assert [(q.text, q.speaker) for q in direct] == [
        ("Cette aide va permettre à la Corée du Nord de survivre à la crise", "Wi Sung-lak")]
    reported = [q for q in fr.quotes if q.kind == "reported"]
    assert reported and reported[0].speaker == "Vladimir Poutine"
    assert not fr.flows


@pytest.mark.parametrize("article_id", ["de", "ru"])
def test_names_and_figures(extracted, article_id):
    found = extracted[article_id]
    assert found.level == "names and figures"
    assert not found.flows
    # no English-parse artefacts: no English NER labels, no reported speech, no quantity "what"
    assert {m.type for m in found.mentions} <= {"GOV", "GPE", "PERSON", "OUTLET", "ORG", "NAME"}
    assert {q.kind for q in found.quotes} == {"direct"}
    assert any("2000" in q.text for q in found.quantities)
    speaker = {"de": "Wi Sung-lak", "ru": "Ви Сон Рак"}[article_id]
    assert [q.speaker for q in found.quotes] == [speaker]
    assert {"de": "Wi Sung-lak", "ru": "Ви Сон Рак"}[article_id] in _types(found)
    assert "PERSON" in _types(found)[speaker]


def test_countries_keyed_like_english(extracted):
    en, fr, de, ru = (extracted[k] for k in ("en", "fr", "de", "ru"))
    russia = _entity_key(en, "Russia")
    assert _entity_key(fr, "Russie") == _entity_key(de, "Russland") == _entity_key(ru, "Россия") == russia
    north = _entity_key(en, "North Korea")
    assert _entity_key(fr, "Corée du Nord") == _entity_key(de, "Nordkorea") == _entity_key(ru, "Северной Корее") == north


def test_english_unchanged_by_language_none(extracted):
    en, none = extracted["en"], extracted["none"]
    assert to_plain(en)["mentions"] == to_plain(none)["mentions"]
    assert en.quotes == none.quotes and en.quantities == none.quantities and en.level == "full"


def test_gazetteer_names_across_languages():
    g = gazetteer.load()
    for names, iso3 in (
        (("Russie", "Russland", "Rusia", "Россия", "России", "Россией"), "RUS"),
        (("Corée du Nord", "Nordkorea", "Corea del Norte", "Северная Корея", "Северной Кореи"), "PRK"),
        (("Corée du Sud", "Südkorea", "Corea del Sur", "Южная Корея", "Южной Корее"), "KOR"),
        (("Ukraine", "Украина", "Украине"), "UKR"),
    ):
        for name in names:
            assert g.lookup(name) == (iso3, "name"), name
    for name in ("Moscou", "Moskau", "Moscú", "Москва", "Москве"):
        assert g.lookup(name) == ("RUS", "seat"), name
    for name in ("Pjöngjang", "Пхеньян", "Pyongyang"):
        assert g.lookup(name) == ("PRK", "seat"), name
    for name in ("Séoul", "Seúl", "Сеул"):
        assert g.lookup(name) == ("KOR", "seat"), name
    for name in ("Kiew", "Киев", "Київ", "Kyiv"):
        assert g.lookup(name) == ("UKR", "seat"), name
    assert g.lookup("Того") is None  # "of that", not Togo


def test_stored_extraction_without_level_loads():
    stored = json.loads(dumps(Extraction(article_id="old")))
    del stored["level"]
    assert loads(Extraction, json.dumps(stored)).level == "full"
    assert loads(Extraction, dumps(Extraction(article_id="x", level="names and figures"))).level == "names and figures"
