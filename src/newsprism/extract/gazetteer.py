"""Countries, their capitals and adjectival forms: which country a name stands for.

Built from the shipped ``newsprism/data/countries.tsv`` (names, capitals, demonyms and long names from the
countryinfo data set) checked against pycountry's ISO 3166 names, plus the handful of political
short forms news uses that neither lists ("DPRK", "ROK", "U.S.", "the Kremlin").

Reports in French, German, Spanish and Russian name the same countries: pycountry's gettext
translations of the ISO names (read offline from ``pycountry.LOCALES_DIR``; the inverted
"Corée, République de" forms are left out) and a small sourced table of short forms and seats
(``data/country_names.tsv``: "Russland", "Moscou", "Пхеньян") map them to the English keys. A
Russian name in another case than the nominative ("России", "Москве", "Северной Кореи") is
found by its word stems, without case endings, when the form itself is not known.
"""

from __future__ import annotations

import gettext
import re
from dataclasses import dataclass, field
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
# Languages whose ISO 3166 names pycountry's translations give (read offline).
_LANGUAGES = ("fr", "de", "es", "ru")
# Translated names that are also common words of their language ("того": "of that"), and
# translations that are first names or another place in English text ("Maurice", "Granada").
_COMMON_WORDS = {"того"}
_AMBIGUOUS_TRANSLATED = {"maurice", "mauricio", "georgie", "granada", "salvador", "gana", "chili"}
_CYRILLIC = re.compile(r"[\u0400-\u04FF]")
# Russian (and Ukrainian) noun and adjective endings, longest first: "России"/"Россией" -> "Росс".
_RU_ENDINGS = re.compile(r"(?:ией|ией|ями|ами|ого|его|ому|ему|ой|ей|ий|ый|ая|яя|ое|ее|ые|ие|ую|юю|"
                         r"ия|ии|ию|ье|ья|ью|ем|ом|ам|ям|ах|ях|а|я|у|ю|е|и|ы|ь|й|о|і|ї)$")
_RU_VOWELS = "аяуюеэиыьйоії"
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
    by_stem: dict[str, tuple[str, str]] = field(default_factory=dict)

    def lookup(self, name: str) -> tuple[str, str] | None:
        """(iso3, kind) with kind in name / seat / demonym, or None."""
        k = key(name)
        if k in _AMBIGUOUS or name.strip().lower() in _COMMON_WORDS:
            return None
        for table, kind in ((self.by_name, "name"), (self.by_seat, "seat"), (self.by_demonym, "demonym")):
            if k in table:
                return table[k], kind
        if _CYRILLIC.search(name):
            return self.by_stem.get(stem(name))
        return None

    def name_of(self, iso3: str) -> str:
        return self.countries[iso3].name


def stem(name: str) -> str:
    """A Cyrillic name's words without their case endings ("Северной Кореи" -> "северн коре"):
    a light stemmer for look-ups, not a morphology."""
    words = re.findall(r"[\w-]+", name.lower().replace("ё", "е"))
    # then any vowel left: "Корея" and "Корее" both end up "кор"
    return " ".join(_RU_ENDINGS.sub("", w).rstrip(_RU_VOWELS) if len(w) > 4 else w for w in words)


def _translations() -> list[tuple[str, str, str]]:
    """(iso3, kind, form) from pycountry's ISO 3166 translations and the sourced short-form table."""
    out: list[tuple[str, str, str]] = []
    for language in _LANGUAGES:
        try:
            catalog = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[language])
        except OSError:  # a pycountry build without this language's catalogue
            continue
        for record in pycountry.countries:
            for attr in ("name", "official_name", "common_name"):
                english = getattr(record, attr, None)
                form = catalog.gettext(english) if english else None
                if form and form != english and "," not in form:
                    out.append((record.alpha_3, "name", form))
    raw = resources.files("newsprism").joinpath("data/country_names.tsv").read_text(encoding="utf-8")
    for line in raw.splitlines():
        if line and not line.startswith("#"):
            iso3, kind, _language, form = line.split("\t")
            out.append((iso3, kind, form))
    return out


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
    by_stem: dict[str, tuple[str, str]] = {}
    clashes: set[str] = set()
    for iso3, kind, form in _translations():
        if iso3 not in countries:
            continue
        if key(form) in _AMBIGUOUS_TRANSLATED:
            continue
        (by_name if kind == "name" else by_seat).setdefault(key(form), iso3)
        if _CYRILLIC.search(form):
            found = by_stem.setdefault(stem(form), (iso3, kind))
            if found[0] != iso3:
                clashes.add(stem(form))
    for clash in clashes:  # two countries' names with one stem: neither is read by its stem
        by_stem.pop(clash, None)
    return Gazetteer(countries, by_name, by_seat, by_demonym, by_stem)
