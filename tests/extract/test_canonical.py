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
