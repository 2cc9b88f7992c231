"""Reports in French, German, Spanish and Russian join their story and line up with the English
ones: dates and citations in those languages, the multilingual embedder chosen when a run needs
it, the cross-lingual reader of claim pairs, and the seeds' story told in four languages."""

from __future__ import annotations

import glob
import json
from pathlib import Path

import numpy as np
import pytest
from dateutil import parser

from newsprism.models import MULTILINGUAL, Models
from newsprism.normalise import parse_published
from newsprism.origins.citations import parse
from newsprism.rules import dates
from newsprism.rules.outlets import OutletRegistry
from newsprism.settings import default_config
from newsprism.testing import FakeEmbedder

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "multilingual"


@pytest.mark.parametrize("text", ["4 novembre 2024", "4. November 2024", "4 ноября 2024 года",
                                  "4 de noviembre de 2024", "November 4, 2024", "4 листопада 2024 року"])
def test_dates_in_other_languages_read_as_the_english_one(text):
    assert parse_published(text) == "2024-11-04"


def test_english_dates_and_times_read_as_before():
    assert parse_published("6:19 PM EST, November 4, 2024").startswith("2024-11-04T18:19:00")
    assert parser.parse("Mar 3 2024 4 am", parserinfo=dates.INFO).hour == 4
    assert parse_published("April 2019 Jobs Report") in (None, "2019-04")  # a month is no day


@pytest.mark.parametrize("text, surface", [
    ("La Russie versera 200 millions de dollars, selon le quotidien sud-coréen The Korea Herald.", "The Korea Herald"),
    ("Russland zahlt 200 Millionen Dollar, wie die südkoreanische Zeitung Korea Herald berichtet.", "Korea Herald"),
    ("Россия выплачивает 200 млн долларов, сообщает южнокорейская газета The Korea Herald.", "The Korea Herald"),
    ("Según el diario The Korea Herald, Rusia pagará 200 millones de dólares.", "The Korea Herald"),
    ("Der Botschafter sagte dem Korea Herald, es gebe Krieg.", "Korea Herald"),
    ("Laut Reuters zahlt Russland.", "Reuters"),
])
def test_citations_in_other_languages(text, surface):
    found = parse(text, registry=OutletRegistry())
    assert [c.surface for c in found] == [surface]


@pytest.mark.parametrize("text", ["Selon Marie Dupont, c'est faux.", "D'après le ministère, non.",
                                  "Wi sagte dem Botschafter Kim, dass es so sei.", "По словам Путина, всё так."])
def test_people_and_ministries_are_no_outlet_citations(text):
    assert parse(text, registry=OutletRegistry()) == ()


def test_auto_takes_the_multilingual_embedder_only_when_a_run_needs_it():
    from newsprism.stories import Grouper

    fake = Models.with_(embedder=FakeEmbedder(dim=64))
    config = default_config()
    assert config["embedder"] == "auto"
    assert Grouper(config=config, models=fake, languages=["en", None]).embedder.name == "fake.v1"
    assert Grouper(config=config, models=fake, languages=["en", "fr"]).embedder.name == MULTILINGUAL
    # stories already held keep the embedder they were built with, whatever the run's languages
    held = Grouper(config=config, models=fake, languages=["en"]).state()
    assert Grouper(config=config, models=fake, state=held, languages=["ru"]).embedder.name == "fake.v1"
    # a named embedder is used as named
    named = config.replace(embedder="wordllama.v1")
    assert Grouper(config=named, models=fake, languages=["fr"]).embedder.name == "fake.v1"


@pytest.fixture(scope="module")
def models():
    return Models()


def test_the_crosslingual_reader_tells_a_translation_from_another_statement(models):
    reader = models.crosslingual
    rows = reader.probabilities([
        ("Each North Korean soldier is to receive about $2,000 a month.",
         "Chaque soldat nord-coréen doit recevoir environ 2 000 dollars par mois."),
        ("Each North Korean soldier is to receive about $2,000 a month.",
         "Каждый северокорейский солдат должен получать около 2000 долларов в месяц."),
        ("Each North Korean soldier is to receive about $2,000 a month.",
         "Im Juni unterzeichneten die Staatschefs beider Länder einen Beistandsvertrag."),
        ("The city council approved a new budget for schools.",
         "Le Conseil de sécurité se réunira mardi à New York."),
    ])
    assert rows.shape == (4, 3) and np.allclose(rows.sum(axis=1), 1.0, atol=1e-5)
    same = rows[:, 0]
    assert same[0] > 0.5 and same[1] > 0.5, same
    assert same[2] < 0.5 and same[3] < 0.5, same
    assert (rows[:, 1] == 0).all()  # wording across languages is never read as a conflict


@pytest.mark.slow
def test_the_seeds_story_in_four_languages_is_one_story_of_one_origin(models, assert_valid_dossier):
    from newsprism import pipeline
    from newsprism.render import json as render_json
    from newsprism.testing import MemoryStore

    paths = sorted(glob.glob(str(EXAMPLE / "*.txt")))
    dossier = pipeline.analyze(paths, config=default_config(), store=MemoryStore(), models=models)
    assert not dossier.failures
    languages = {a.id: a.language for a in dossier.articles}
    assert sorted(languages.values()) == ["de", "en", "en", "fr", "ru"]
    assert len(dossier.stories) == 1, [s.story.article_ids for s in dossier.stories]
    document = json.loads(render_json.render(dossier))
    assert_valid_dossier(document)
    story = document["stories"][0]
    assert story["independent_origins"] == 1
    assert all(a["cites"] and "Korea Herald" in a["cites"][-1] for a in document["articles"])

    def languages_of(claim):
        return {languages[m["article_id"]] for m in claim["mentions"]}

    # the soldier's monthly pay and the worker's earnings line up across languages
    pay = [c for c in story["claims"] if (q := c.get("quantity")) and q.get("value") == 2000 and q.get("per") == "month"]
    assert pay and max(len(languages_of(c) - {"en"}) for c in pay) >= 2, [languages_of(c) for c in pay]
    wage = [c for c in story["claims"] if (q := c.get("quantity")) and q.get("value") == 800 and q.get("per") == "month"]
    assert wage and max(len(languages_of(c)) for c in wage) >= 3, [languages_of(c) for c in wage]
    # the brief quotes reports in their own language and says which
    foreign = [s for s in story["brief"] if s.get("language") not in (None, "en")]
    assert all(s["language"] in {"fr", "de", "ru"} for s in foreign)


def _report(name: str, title: str, text: str, language: str):
    import hashlib

    from newsprism.types import Article

    digest = hashlib.sha256(f"{name}{title}{text}".encode()).hexdigest()
    return Article(id=digest[:24], source=name, reader="text", text=f"{title}\n{text}",
                   content_hash=digest[:24], title=title, language=language)


def test_an_english_store_reads_a_report_in_another_language_through_the_multilingual_embedder():
    from newsprism.stories import Grouper

    fake = Models.with_(embedder=FakeEmbedder(dim=64))
    config = default_config().replace(embedder="wordllama.v1")  # a store built for English
    english = [
        _report("en1", "Russia to pay North Korea $200 million a year for troops",
                "Russia will pay North Korea about $200 million a year, and each North Korean soldier "
                "sent to fight for Russia is to receive about $2,000 a month, South Korea's spy agency said.", "en"),
        _report("en2", "Magnitude 7.1 earthquake strikes off the coast of Chile",
                "A magnitude 7.1 earthquake struck off the coast of central Chile on Tuesday; no damage "
                "was reported and no tsunami warning was issued.", "en"),
    ]
    grouper = Grouper(config=config, models=fake, languages=["en"])
    grouper.add(english)
    assert "e5.v1" not in fake._embedders  # English reports in an English store never load it
    french = _report("fr1", "La Russie versera 200 millions de dollars par an à la Corée du Nord",
                     "La Russie versera à la Corée du Nord environ 200 millions de dollars par an, et chaque "
                     "soldat nord-coréen envoyé combattre pour la Russie recevra environ 2 000 dollars par mois, "
                     "selon le renseignement sud-coréen.", "fr")
    [assignment] = grouper.add([french])
    story_of = {a: s.id for s in grouper.stories() for a in s.article_ids}
    assert not assignment.started and assignment.story_id == story_of[english[0].id] != story_of[english[1].id]
    assert grouper._headlines  # read through the multilingual embedder
