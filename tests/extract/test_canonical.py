"""Alias rules and non-merges: people, acronyms, governments, organisations, outlets."""

from __future__ import annotations

from collections import Counter

import pytest

from newsprism.extract import canonical
from newsprism.extract.gazetteer import load


@pytest.mark.parametrize("a, b", [
    ("Wi Sung Lak", "Wee Sung-luck"),
    ("Volodymyr Zelensky", "Volodymyr Zelenskyy"),
    ("Zelensky Volodymyr", "Volodymyr Zelenskiy"),
    ("Donald Trump", "Donald J. Trump"),
])
def test_spellings_of_one_person_merge(a, b):
    assert canonical.same_person(a, b)


@pytest.mark.parametrize("a, b", [
    ("Nam Sung-wook", "Wee Sung-luck"),
    ("Nam Sung-wook", "Wi Sung Lak"),
    ("Kim Jong Un", "Kim Jong Il"),
    ("Hillary Clinton", "Bill Clinton"),
])
def test_different_people_stay_apart(a, b):
    assert not canonical.same_person(a, b)


def _groups(*items):
    built = [canonical.Item(t, k, Counter({n: 1})) for t, k, n in items]
    return canonical.cluster(built)


def test_lone_family_name_joins_the_one_full_name():
    g = _groups(("PERSON", "p1", "Wi Sung Lak"), ("PERSON", "p2", "Nam Sung-wook"), ("PERSON", "p3", "Wee"))
    assert g[2] == g[0] and g[1] != g[0]


@pytest.mark.parametrize("acronym, name, expected", [
    ("NIS", "South Korean National Intelligence Service", True),
    ("INSS", "Institute for National Security Strategy", True),
    ("NIS", "National Security Council", False),
])
def test_acronyms(acronym, name, expected):
    assert canonical.acronym_of(acronym, name) is expected


def test_acronym_merges_with_its_only_expansion_in_the_group():
    g = _groups(("ORG", "o1", "National Intelligence Service"), ("ORG", "o2", "NIS"),
                ("ORG", "o3", "Institute for National Security Strategy"), ("ORG", "o4", "INSS"))
    assert g[1] == g[0] and g[3] == g[2] and g[0] != g[2]


def test_org_names_with_national_adjective_and_adjective_endings():
    assert canonical.org_key("The Korean Herald") == canonical.org_key("the Korea Herald")
    assert canonical.org_key("the South Korean National Intelligence Service") == \
        canonical.org_key("National Intelligence Service")


@pytest.mark.parametrize("name, iso3, kind", [
    ("DPRK", "PRK", "name"), ("North Korea", "PRK", "name"), ("Pyongyang", "PRK", "seat"),
    ("Moscow", "RUS", "seat"), ("Russian", "RUS", "demonym"), ("Seoul", "KOR", "seat"),
    ("the U.S.", "USA", "name"), ("Washington", "USA", "seat"), ("Kremlin", "RUS", "seat"),
])
def test_gazetteer(name, iso3, kind):
    assert load().lookup(name) == (iso3, kind)


def test_ambiguous_names_are_not_countries():
    assert load().lookup("Georgia") is None and load().lookup("Korean") is None


def test_ids_are_stable():
    assert canonical.entity_id("GOV", "gov:PRK") == canonical.entity_id("GOV", "gov:PRK")
    assert canonical.stable_key("GOV", "North Korea") == "gov:PRK"


# ------------------------------------------------------------------ one type per entity in a story


def test_one_name_given_two_types_is_one_entity():
    g = _groups(("GOV", "gov:RUS", "Russia"), ("GPE", "g1", "Russia"), ("PERSON", "p1", "Donald Trump"),
                ("ORG", "o1", "Donald Trump"))
    assert g[0] == g[1] and g[2] == g[3] and g[0] != g[2]


def test_lone_family_name_of_another_type_joins_the_person():
    g = _groups(("PERSON", "p1", "Anthony Fauci"), ("ORG", "o1", "Fauci"), ("NORP", "n1", "Fauci"),
                ("PERSON", "p2", "Jeff Bezos"), ("ORG", "o2", "Bezos"))
    assert g[0] == g[1] == g[2] and g[3] == g[4] and g[0] != g[3]


def test_controls_places_and_other_names_stay_apart():
    # a country is not a person of that family name; two people of one family name keep a lone name apart
    g = _groups(("PERSON", "p1", "Michael Jordan"), ("GPE", "g1", "Jordan"),
                ("PERSON", "p2", "Hillary Clinton"), ("PERSON", "p3", "Bill Clinton"), ("ORG", "o1", "Clinton"),
                ("ORG", "o2", "Amazon"), ("GPE", "g2", "Amazon River"))
    assert g[0] != g[1] and g[4] not in (g[2], g[3]) and g[5] != g[6]


def test_merged_entity_is_shown_under_one_type():
    from newsprism.extract import _group_type

    assert _group_type(Counter({"ORG": 2, "PERSON": 1})) == "PERSON"
    assert _group_type(Counter({"GPE": 3, "GOV": 1})) == "GOV"
    assert _group_type(Counter({"ORG": 2, "NORP": 1})) == "ORG"
