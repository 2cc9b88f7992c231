"""Canonical names of news outlets and agencies (a shared utility, not a stage).

One outlet must never count twice: "AP", "The Associated Press" and "Associated Press" are one
source, and so are "The Korean Herald" and "The Korea Herald". This module holds the shipped table
(``data/outlets.json``: canonical name, kind ``agency`` or ``outlet``, variants) and the cheap
rules that decide whether a name that is not in the table is plausibly an outlet at all, so that
persons ("according to Wi Sung Lak") and government bodies ("according to the NIS") are kept out.

Public API (stable; the extraction helper uses it too):

- ``OUTLETS``: canonical name -> :class:`Outlet`, loaded from the shipped table.
- ``canonical_outlet(name, *, threshold=90, cue=False) -> str | None``: the canonical name, or
  ``None`` when the string is neither a known nor a plausible outlet.
- ``is_news_outlet(name, *, cue=False) -> bool``.
- ``is_agency(name) -> bool``: a wire service (AP, Reuters, AFP, ...).
- ``site_of(url) -> str``: the site (registrable domain) of a URL, for "same outlet" checks.
- ``OutletRegistry``: remembers unknown outlets seen in a run so that spelling variants of one
  unknown outlet are merged by fuzzy matching too.
- ``report_label(article, *, number=None, limit=40) -> str``: how a report is named to a reader
  everywhere (briefs, reasons, tables, pictures, terminal): its outlet, else its URL's site, else
  its headline shortened at a word, else "report N"; never a file name.

``cue`` says that the words around the name already call it an outlet ("the South Korean daily
X", "the news agency X"): then any name that is not a government body or an institution passes.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from types import MappingProxyType
from typing import TYPE_CHECKING, Mapping

from anyascii import anyascii
from rapidfuzz import fuzz, process

if TYPE_CHECKING:
    from newsprism.types import Article


@dataclass(frozen=True, slots=True)
class Outlet:
    """A known outlet or agency: canonical name, ``kind`` (agency/outlet) and name variants."""

    name: str
    kind: str
    variants: tuple[str, ...] = ()


def _load_table() -> Mapping[str, Outlet]:
    raw = resources.files("newsprism").joinpath("data/outlets.json").read_text(encoding="utf-8")
    rows = json.loads(raw)["outlets"]
    return MappingProxyType({
        row["name"]: Outlet(row["name"], row["kind"], tuple(row.get("variants", ())))
        for row in rows
    })


OUTLETS: Mapping[str, Outlet] = _load_table()

_DOMAIN = re.compile(r"^[\w-]+(?:\.[\w-]+)*\.(?:com|org|net|co\.uk|co|news|tv|info|io|ua|il|kr|ru|de|fr)$", re.I)
_TRAILING_TLD = re.compile(r"\.(?:com|org|net|co\.uk|co|news|tv|info|io|ua|il|kr|ru|de|fr)$", re.I)
_QUOTES = "\"'“”‘’«»„‟`*_"

# Words that end (or are) an outlet's name. Matched case-sensitively on the capitalised word.
_SUFFIXES = frozenset(
    "Times Post Herald News Daily Journal Tribune Gazette Telegraph TV Radio Press Chronicle "
    "Observer Examiner Courier Star Mirror Express Standard Review Report Monitor Inquirer "
    "Sentinel Dispatch Bulletin Ledger Register Magazine Media Network Channel Broadcasting "
    "Ilbo Shimbun Zeitung Pravda Novosti Wire Newswire Today Online Weekly Insider Beacon "
    "Newsroom Globe Independent Agency Agencia Agence Agentur Nachrichten Allgemeine Vesti".split()
)
# Words that mark a government body, an institution or a company spokesperson, never an outlet.
_GOVERNMENT = frozenset(
    "ministry department service office council commission committee government police army "
    "navy forces force intelligence pentagon kremlin congress senate parliament court "
    "institute university bureau administration authority authorities embassy prosecutor "
    "prosecutors spokesman spokeswoman spokesperson officials official minister ministers "
    "president cabinet assembly agency command ministry's un nato cia fbi nsa nis kgb fsb sbu "
    "gur mod police's house centre center party campaign foundation organization organisation "
    "bank corporation company inc ltd group association union poll survey study".split()
)
# "Agency" in a name is a government body unless it says news/press ("Central Intelligence
# Agency" versus "Yonhap News Agency").
_NEWS_AGENCY = re.compile(r"\b(?:news|press|information|telegraph)\s+agency\b", re.I)
_CAMEL = re.compile(r"^[A-Z][a-z]+(?:[A-Z][a-z0-9]+){2,}$")


def clean_name(surface: str) -> str:
    """The name without surrounding quotes, a leading "the", a possessive or end punctuation."""
    name = " ".join(surface.split()).strip(_QUOTES + " .,;:!?()[]-–—")
    name = re.sub(r"(?:'s|’s)$", "", name).strip(_QUOTES + " ")
    return name


def outlet_key(name: str) -> str:
    """The matching key: ascii, lower case, no leading "the", no top-level domain, letters only."""
    text = anyascii(clean_name(name)).lower().replace("&", " and ")
    text = _TRAILING_TLD.sub("", re.sub(r"^(?:https?://)?(?:www\.)?", "", text))
    text = re.sub(r"^the\s+", "", text)
    return re.sub(r"[^a-z0-9]+", "", text)


_SECOND_LEVEL = frozenset("co com org net ac gov edu ne or go".split())


def site_of(url: str | None) -> str:
    """The site a URL belongs to, as a registrable domain ("news.example.co.uk/a" ->
    "example.co.uk"), lower case; "" for no URL or one without a host."""
    from urllib.parse import urlsplit

    if not url:
        return ""
    try:
        host = (urlsplit(url if "//" in url else f"//{url}").hostname or "").strip(".").lower()
    except ValueError:
        return ""
    labels = [label for label in host.split(".") if label]
    if len(labels) < 2 or all(label.isdigit() for label in labels):
        return host  # "localhost", an IP address
    keep = 3 if len(labels) >= 3 and len(labels[-1]) == 2 and labels[-2] in _SECOND_LEVEL else 2
    return ".".join(labels[-keep:])


@lru_cache(maxsize=1)
def _variant_index() -> dict[str, str]:
    index: dict[str, str] = {}
    for outlet in OUTLETS.values():
        for variant in (outlet.name, *outlet.variants):
            index.setdefault(outlet_key(variant), outlet.name)
    return index


def lookup(name: str) -> Outlet | None:
    """The table entry whose name or variant has exactly this key, else None."""
    canonical = _variant_index().get(outlet_key(name))
    return OUTLETS[canonical] if canonical else None


def _fuzzy(key: str, keys: list[str], threshold: float) -> str | None:
    # Short keys ("ap", "nbc") are acronyms: one letter apart is another outlet, so exact only.
    if len(key) < 8 or not keys:
        return None
    hit = process.extractOne(key, keys, scorer=fuzz.ratio, score_cutoff=threshold)
    return hit[0] if hit else None


def is_government(name: str) -> bool:
    """True when the name reads as a government body, institution, party or official."""
    if _NEWS_AGENCY.search(name):
        return False
    words = re.findall(r"[A-Za-z']+", name.lower())
    return any(w in _GOVERNMENT for w in words)


def _looks_like_outlet(name: str) -> bool:
    """Cheap form rules for names not in the table (no context cue)."""
    if _DOMAIN.match(name):
        return True
    if _CAMEL.match(name):  # TimeUkraineIsrael, HuffPost-like single tokens
        return True
    words = [w for w in name.split() if w.lower() != "the"]
    return len(words) >= 2 and any(word in _SUFFIXES for word in words)


def is_news_outlet(name: str, *, cue: bool = False) -> bool:
    """True for a known outlet, or an unknown name that plausibly is one (see module doc)."""
    return canonical_outlet(name, cue=cue) is not None


def canonical_outlet(name: str, *, threshold: float = 90, cue: bool = False) -> str | None:
    """The canonical name of the outlet ``name`` refers to, or None if it is not an outlet.

    Known names and variants map to the table; near spellings of a known name (rapidfuzz ratio
    >= ``threshold``) too; an unknown but plausible name is returned cleaned, as it is.
    """
    cleaned = clean_name(name)
    if not cleaned or len(cleaned) > 80 or not re.search(r"[A-Za-z]", cleaned):
        return None
    key = outlet_key(cleaned)
    index = _variant_index()
    if key in index:
        return index[key]
    if is_government(cleaned):
        return None
    match = _fuzzy(key, list(index), threshold)
    if match:
        return index[match]
    if _looks_like_outlet(cleaned):
        return re.sub(r"^[Tt]he\s+(?=\S)", "The ", cleaned) if cleaned.lower().startswith("the ") else cleaned
    if cue and not cleaned.isupper():
        # An explicit cue ("the daily X") vouches for the name; bare acronyms stay out because
        # "the agency NIS"-like phrasings are mostly government bodies.
        return cleaned
    return None


def is_agency(name: str) -> bool:
    """True when ``name`` is a known wire service or news agency."""
    outlet = lookup(name)
    return outlet is not None and outlet.kind == "agency"


class OutletRegistry:
    """Canonical names for one run: table names plus the unknown outlets met so far.

    An unknown outlet spelt two ways ("TimeUkraineIsrael", "Time Ukraine Israel") is merged into
    the first spelling seen, so it never counts twice.
    """

    def __init__(self, *, threshold: float = 90) -> None:
        self.threshold = threshold
        self._unknown: dict[str, str] = {}

    def canonical(self, name: str, *, cue: bool = False) -> str | None:
        canonical = canonical_outlet(name, threshold=self.threshold, cue=cue)
        if canonical is None or canonical in OUTLETS:
            return canonical
        key = outlet_key(canonical)
        if key in self._unknown:
            return self._unknown[key]
        match = _fuzzy(key, list(self._unknown), self.threshold)
        if match:
            return self._unknown[match]
        self._unknown[key] = canonical
        return canonical


def report_label(article: "Article", *, number: int | None = None, limit: int = 40) -> str:
    """How a report is named to a reader: the one rule for every place that names one.

    1. its outlet (``article.outlet``), e.g. "Korea Herald";
    2. else the site of its URL (``article.url``, or ``article.source`` when that is a URL),
       e.g. "koreaherald.com";
    3. else its headline, cut at a word boundary to at most ``limit`` characters with "…";
    4. else "report N" with ``number`` (the report's position where it is listed), or "untitled
       report" without one.

    Never a file name: input files are often named by a hash ("003_dabc40df9440d71a.txt"), which
    tells a reader nothing. Callers that list several reports pass ``number`` so that two
    untitled reports stay apart.
    """
    if article.outlet and article.outlet.strip():
        return shorten(" ".join(article.outlet.split()), limit)
    for url in (article.url, article.source):
        if url and re.match(r"^https?://", url.strip(), re.I):
            site = site_of(url.strip())
            if site:
                return site
    if article.title and article.title.strip():
        return shorten(" ".join(article.title.split()), limit)
    return f"report {number}" if number is not None else "untitled report"


def shorten(text: str, limit: int = 40) -> str:
    """``text`` cut at a word boundary to at most ``limit`` characters, ending in "…" when cut."""
    if len(text) <= limit:
        return text
    cut = text[: max(1, limit - 1)]
    if text[len(cut)].isalnum() and " " in cut[limit // 2:]:
        cut = cut[: cut.rindex(" ")]  # mid-word: back to the last whole word
    return cut.rstrip(" ,;:-–—") + "…"
