"""Countries, their capitals and adjectival forms: which country a name stands for.

Built from the shipped ``newsprism/data/countries.tsv`` (names, capitals, demonyms and long names from the
countryinfo data set) checked against pycountry's ISO 3166 names, plus the handful of political
short forms news uses that neither lists ("DPRK", "ROK", "U.S.", "the Kremlin").
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import pycountry
from anyascii import anyascii

from newsprism.rules import names

# Political short forms and metonyms that name a state or its government.
_EXTRA_NAMES = {
    "PRK": ("DPRK", "D.P.R.K.", "N. Korea", "Democratic People's Republic of Korea"),
    "KOR": ("ROK", "S. Korea", "Republic of Korea"),
    "USA": ("US", "U.S.", "USA", "U.S.A.", "America", "United States of America"),
    "GBR": ("UK", "U.K.", "Britain", "Great Britain"),
    "RUS": ("Russian Federation",),
    "CHN": ("PRC", "People's Republic of China", "Mainland China"),
    "TWN": ("Republic of China",),
    "IRN": ("Islamic Republic of Iran",),
    "SYR": ("Syrian Arab Republic",),
    "COD": ("DRC", "DR Congo"),
    "ARE": ("UAE", "U.A.E."),
}
# Seats of government used for the government itself.
_EXTRA_SEATS = {
    "USA": ("Washington", "White House"), "RUS": ("Kremlin",), "UKR": ("Kiev",),
    "GBR": ("Downing Street", "Whitehall"), "KOR": ("Blue House",), "ISR": ("Tel Aviv",),
    "TUR": ("Ankara",), "IND": ("New Delhi", "Delhi"), "CHN": ("Zhongnanhai",),
}
_EXTRA_DEMONYMS = {"USA": ("U.S.", "US"), "GBR": ("UK",), "PRK": ("N. Korean",)}
# Names too ambiguous to read as a country or capital on their own.
_AMBIGUOUS = {"georgia", "jordan", "chad", "victoria", "kingston", "georgetown", "san jose",
              "santiago", "hamilton", "washington d.c.", "korean", "guinea", "niger", "dominica"}


def key(name: str) -> str:
    """Lowercase ASCII with "the" and possessive removed: the lookup key for a place name."""
    text = anyascii(names.english_form(name) or name).strip().lower().replace("’", "'")
    if text.startswith("the "):
        text = text[4:]
    if text.endswith("'s"):
        text = text[:-2]
    return " ".join(text.replace("'", "'").split())


@dataclass(frozen=True, slots=True)
class Country:
    """One country: ISO alpha-3 code, the short name news uses, capital and demonym."""

    iso3: str
    name: str
    capital: str
    demonym: str


@dataclass(frozen=True, slots=True)
class Gazetteer:
    """Name -> country lookups by kind: the country's names, its seats of government, demonyms."""

    countries: dict[str, Country]
    by_name: dict[str, str]
    by_seat: dict[str, str]
    by_demonym: dict[str, str]

    def lookup(self, name: str) -> tuple[str, str] | None:
        """(iso3, kind) with kind in name / seat / demonym, or None."""
        k = key(name)
        if k in _AMBIGUOUS:
            return None
        for table, kind in ((self.by_name, "name"), (self.by_seat, "seat"), (self.by_demonym, "demonym")):
            if k in table:
                return table[k], kind
        return None

    def name_of(self, iso3: str) -> str:
        return self.countries[iso3].name


def _read_rows() -> list[list[str]]:
    raw = resources.files("newsprism").joinpath("data/countries.tsv").read_text(encoding="utf-8")
    return [line.split("\t") for line in raw.splitlines() if line and not line.startswith("#")]


@lru_cache(maxsize=1)
def load() -> Gazetteer:
    """The shipped gazetteer (cached)."""
    countries: dict[str, Country] = {}
    by_name: dict[str, str] = {}
    by_seat: dict[str, str] = {}
    by_demonym: dict[str, str] = {}
    for row in _read_rows():
        iso3, name, capital, demonym = row[:4]
        aliases = row[4].split("|") if len(row) > 4 and row[4] else []
        countries[iso3] = Country(iso3, name, capital, demonym)
        record = pycountry.countries.get(alpha_3=iso3)
        iso_names = [getattr(record, attr) for attr in ("name", "official_name", "common_name")
                     if record is not None and getattr(record, attr, None)]
        for alias in [name, *aliases, *iso_names, *_EXTRA_NAMES.get(iso3, ())]:
            by_name.setdefault(key(alias), iso3)
        for seat in [capital, *_EXTRA_SEATS.get(iso3, ())]:
            if seat:
                by_seat.setdefault(key(seat), iso3)
        for adjective in [demonym, *_EXTRA_DEMONYMS.get(iso3, ())]:
            if adjective:
                by_demonym.setdefault(key(adjective), iso3)
    for iso3, names in _EXTRA_NAMES.items():
        for alias in names:
            by_name[key(alias)] = iso3
    return Gazetteer(countries, by_name, by_seat, by_demonym)
