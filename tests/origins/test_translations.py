"""A report that translates an earlier report of its story is a rewrite of it: one origin."""

from __future__ import annotations

import pytest

from newsprism import origins
from newsprism.models import Models
from newsprism.normalise import normalise
from newsprism.settings import default_config
from newsprism.types import RawDoc

ENGLISH = """A strong earthquake struck southern Peru on Tuesday, damaging dozens of homes in the Arequipa region.
The quake had a magnitude of 6.8 and struck at a depth of 30 kilometres, the national seismological service said.
Local officials said at least 120 houses were damaged and two people were injured by falling debris.
Schools in the region will stay closed on Wednesday while engineers inspect the buildings.
The government sent three planes with tents, water and medical supplies to the area."""
FRENCH = """Un fort séisme a frappé le sud du Pérou mardi, endommageant des dizaines de maisons dans la région d'Arequipa.
Le séisme, d'une magnitude de 6,8, s'est produit à une profondeur de 30 kilomètres, a indiqué le service sismologique national.
Selon les autorités locales, au moins 120 maisons ont été endommagées et deux personnes ont été blessées par des débris.
Les écoles de la région resteront fermées mercredi pendant que des ingénieurs inspectent les bâtiments.
Le gouvernement a envoyé trois avions chargés de tentes, d'eau et de matériel médical dans la zone."""
OTHER_FRENCH = """Le Parlement européen a adopté jeudi une loi sur la réparation des appareils électroniques.
Les fabricants devront proposer des pièces détachées pendant au moins sept ans après la vente.
Le texte a été approuvé par 584 voix contre 3, avec 14 abstentions.
Les associations de consommateurs ont salué une avancée, tandis que l'industrie redoute des coûts plus élevés.
La loi doit encore être approuvée formellement par les États membres avant d'entrer en vigueur."""


def _article(name: str, text: str, language: str, day: str):
    config = default_config()
    return normalise(RawDoc(source=name, reader="text", body=text, payload=f"{name}\n{text}".encode(),
                            language=language, published=day, outlet=f"Outlet {name}"), config=config)


@pytest.fixture(scope="module")
def models():
    return Models()


def _origins(articles, models):
    config = default_config()
    found = {o.article_id: o for o in origins.run(articles, config=config, models=models)}
    return found, origins.translations(articles, found, reader=models.crosslingual,
                                       min_coverage=float(config["rewrite_min_coverage"]))


def test_a_translation_is_a_rewrite_of_its_source_and_shares_its_root(models):
    english = _article("en.txt", ENGLISH, "en", "2024-06-11")
    french = _article("fr.txt", FRENCH, "fr", "2024-06-12")
    before, after = _origins([english, french], models)
    assert origins.independent_origins([english.id, french.id], before) == 2  # what the index alone sees
    assert after[french.id].rewrite_of == english.id and after[french.id].rewrite_coverage >= 0.6
    assert after[french.id].root == after[english.id].root
    assert origins.independent_origins([english.id, french.id], after) == 1
    assert after[english.id] == before[english.id]  # the earlier report is untouched


def test_a_report_of_another_story_in_another_language_stays_its_own_origin(models):
    english = _article("en.txt", ENGLISH, "en", "2024-06-11")
    other = _article("other.txt", OTHER_FRENCH, "fr", "2024-06-12")
    before, after = _origins([english, other], models)
    assert after == before


def test_reports_in_one_language_are_never_read(models):
    class Refuses:
        def vectors(self, texts):
            raise AssertionError("read")

    english = _article("en.txt", ENGLISH, "en", "2024-06-11")
    again = _article("en2.txt", ENGLISH.replace("Tuesday", "Tuesday evening"), "en", "2024-06-12")
    found = {o.article_id: o for o in origins.run([english, again], config=default_config(), models=models)}
    assert origins.translations([english, again], found, reader=Refuses(), min_coverage=0.6) == found
