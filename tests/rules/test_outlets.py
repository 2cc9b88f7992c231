"""The shipped outlet table, canonical names and the outlet/person/government rules."""

from __future__ import annotations

import pytest

from newsprism.rules.outlets import (
    OUTLETS,
    OutletRegistry,
    canonical_outlet,
    is_agency,
    is_news_outlet,
    outlet_key,
)


@pytest.mark.parametrize(
    ("surface", "canonical"),
    [
        ("The Korean Herald", "The Korea Herald"),
        ('"The Korean Herald"', "The Korea Herald"),
        ("the Korea Herald", "The Korea Herald"),
        ("koreaherald.com", "The Korea Herald"),
        ("www.koreaherald.com", "The Korea Herald"),
        ("AP", "Associated Press"),
        ("The Associated Press", "Associated Press"),
        ("AFP", "Agence France-Presse"),
        ("Agence France Presse", "Agence France-Presse"),
        ("Reuters", "Reuters"),
        ("Thomson Reuters", "Reuters"),
        ("Yonhap News Agency", "Yonhap"),
        ("UPI", "United Press International"),
        ("New York Times", "The New York Times"),
        ("Huffington Post", "HuffPost"),
        ("TheBlaze", "The Blaze"),
        ("Washington Post's", "The Washington Post"),
    ],
)
def test_variants_map_to_one_canonical_name(surface, canonical):
    assert canonical_outlet(surface) == canonical


def test_table_variants_are_unambiguous():
    owner: dict[str, str] = {}
    for outlet in OUTLETS.values():
        assert outlet.kind in {"agency", "outlet"}
        for variant in (outlet.name, *outlet.variants):
            key = outlet_key(variant)
            assert owner.setdefault(key, outlet.name) == outlet.name, f"{variant!r} names two outlets"


@pytest.mark.parametrize("name", ["NIS", "National Intelligence Service", "the Pentagon", "Wi Sung Lak",
                                  "Central Intelligence Agency", "depositphotos", "Wee", "Ministry of Defence"])
def test_persons_and_government_bodies_are_not_outlets(name):
    assert canonical_outlet(name) is None
    assert not is_news_outlet(name)


@pytest.mark.parametrize("name", ["TimeUkraineIsrael", "The Daily Bugle", "Springfield Gazette", "example-news.com"])
def test_plausible_unknown_outlets_pass_by_form(name):
    assert is_news_outlet(name)


def test_a_cue_vouches_for_a_name_but_not_for_a_government_body():
    assert canonical_outlet("Strana") is None
    assert canonical_outlet("Strana", cue=True) == "Strana"
    assert canonical_outlet("Ministry of Defence", cue=True) is None


def test_similar_outlets_are_not_merged():
    assert canonical_outlet("The Korea Times") == "The Korea Times"
    assert canonical_outlet("New York Post") == "New York Post"
    assert canonical_outlet("NBC News") != canonical_outlet("CBS News")


def test_agencies_are_known():
    assert is_agency("AP") and is_agency("Reuters") and is_agency("AFP") and is_agency("Yonhap")
    assert not is_agency("The Korea Herald")


def test_registry_merges_spellings_of_an_unknown_outlet():
    registry = OutletRegistry()
    first = registry.canonical("TimeUkraineIsrael")
    assert registry.canonical("timeukraineisrael.com") == first
    assert registry.canonical("Time Ukraine Israel", cue=True) == first
