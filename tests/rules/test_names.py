"""Names across scripts: Cyrillic and Hangul forms find their English names, and only those."""

from __future__ import annotations

from collections import Counter

import pytest

from newsprism.extract import canonical
from newsprism.rules import names
from newsprism.stories import features


@pytest.mark.parametrize("other, english", [
    ("Ви Сон Лак", "Wi Sung Lak"),
    ("위성락", "Wi Sung Lak"),
    ("위성락", "Wee Sung-luck"),
    ("Ким Чен Ын", "Kim Jong Un"),
    ("김정은", "Kim Jong-un"),
    ("Владимир Путин", "Vladimir Putin"),
    ("Сергей Лавров", "Sergei Lavrov"),
])
def test_a_name_in_another_script_is_its_english_spelling(other, english):
    assert canonical.same_person(other, english)
    assert canonical.same_person(english, other)


@pytest.mark.parametrize("other, english", [
    ("Ким Чен Ын", "Kim Yo Jong"),
    ("Ви Сон Лак", "Nam Sung-wook"),
    ("Сергей Лавров", "Sergei Ryabkov"),
    ("위성락", "Wi Song-ho"),
])
def test_other_people_stay_apart(other, english):
    assert not canonical.same_person(other, english)


def test_a_lone_family_name_across_scripts():
    assert canonical._family_match("Путин", "Vladimir Putin")
    assert not canonical._family_match("Путин", "Robert Putnam")


@pytest.mark.parametrize("other, english, same", [
    ("Сеул", "Seoul", True), ("Пхеньян", "Pyongyang", True), ("서울", "Seoul", True),
    ("Берлин", "Berlin", True), ("Москва", "Moscow", True),
    ("Сеул", "Seville", False), ("Путин", "Putnam", False), ("Пхеньян", "Pyeongtaek", False),
])
def test_places(other, english, same):
    assert names.same_place(other, english) is same


def test_latin_names_keep_their_own_rules():
    assert not names.same_place("Seoul", "Seul")  # both Latin: not this module's call
    assert names.english_form("Pyongyang") is None
    assert names.romanise("Wi Sung Lak", syllables=True) == "Wi Sung Lak"


def test_the_entity_groups_join_across_scripts():
    people = ["Ким Чен Ын", "Kim Jong Un", "Kim Yo Jong", "위성락", "Wi Sung Lak"]
    items = [canonical.Item("PERSON", f"person:{canonical.norm(n)}", Counter({n: 1})) for n in people]
    groups = canonical.cluster(items)
    assert groups[0] == groups[1] and groups[3] == groups[4]
    assert len({groups[0], groups[2], groups[3]}) == 3
    places = ["Сеул", "Seoul", "Пхеньян", "Pyongyang", "Seville"]
    items = [canonical.Item("GPE", f"place:{canonical.norm(n)}", Counter({n: 1})) for n in places]
    assert canonical.cluster(items) == [0, 0, 2, 2, 4]


def test_story_features_find_cyrillic_names_and_exonyms():
    russian = set(features._names("Владимир Путин прибыл в Пхеньян, заявили в США."))
    english = set(features._names("Vladimir Putin arrived in Pyongyang, the United States said."))
    assert {"n:vladimir putin", "n:pyongyang", "n:united states"} <= russian & english
