"""Cheap per-article features for story grouping: names, numbers, dates and content words.

spaCy is too slow for a per-article budget of a few milliseconds, so names come from a general
surface pass: runs of capitalised words and acronyms, transliterated with anyascii and
lower-cased so "Sécurité" and "Securite" agree; Cyrillic names are found too, places named in
another script take their English name ("Пхеньян" is "pyongyang", ``rules.names``). (The
cross-script skeleton keys of ``rules.names`` are not features: as plain name keys they shift
English scores; they need a kind of their own in the scorer.) Numbers keep the word after them ("26 pirates",
"7.1 magnitude") because a bare "26" agrees by accident far more often than "26 pirates".
Years and month-day dates are kept apart: two reports that name different dates are usually
two events of the same kind.

Every feature is a stable 32-bit hash (crc32; Python's ``hash`` changes between processes, and
the state must survive a restart).
"""

from __future__ import annotations

import math
import re
import zlib
from dataclasses import dataclass

import numpy as np
from anyascii import anyascii

from newsprism.rules import names as cross_script
from newsprism.rules import languages
from newsprism.types import Article

# The lead carries the event (who, what, where, when); the tail of a long article drifts into
# background that other stories share. These caps also bound the per-article cost.
LEAD_CHARS = 2500
NAME_CHARS = 6000

KIND_NAME, KIND_NUMBER, KIND_YEAR, KIND_DAY = 1, 2, 3, 4

_MONTHS = {
    m: i + 1
    for i, names in enumerate([
        ("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"), ("may",),
        ("june", "jun"), ("july", "jul"), ("august", "aug"), ("september", "sep", "sept"),
        ("october", "oct"), ("november", "nov"), ("december", "dec"),
    ])
    for m in names
}
_WEEKDAYS = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"}

# Capitalised words that are not names (sentence openers, pronouns, titles of address).
_NOT_NAMES = frozenset("""
a an the this that these those there then than thus and but or nor so yet for if when while
where after before since until as at by in on of to from with without about above below into
over under up down out he she it they we you i his her its their our your my me him them us
who whom whose which what why how all any both each few more most other some such no not only
own same very can will just should now also however meanwhile although though because even
according said says say one two three four five six seven eight nine ten mr mrs ms dr sir
photo image video read more update updated posted copyright share click follow see here last
next first new many much every another today yesterday tomorrow is are was were be been being
have has had do does did let lets still already never always often please
""".split())

_NAME_CONNECTORS = frozenset("of de del della der van von al bin la le du da dos das".split())

_STOPWORDS = _NOT_NAMES | frozenset("""
would could may might must shall also like well back get got make made take took go went come
came give gave know known way year years time times people percent week weeks day days month
months told tell including include includes around against between during through per via
said saying says report reported reports reporting according officials official statement
""".split())

# Words after a number that name what it counts are kept with it; anything else is dropped.
_CAP_WORD = r"[A-ZА-ЯЁ][\w'’\-]*"
_NAME_RE = re.compile(
    rf"(?<![\w'’])(?:{_CAP_WORD}|[A-ZА-ЯЁ]{{2,}})(?:\s+(?:(?:{'|'.join(_NAME_CONNECTORS)})\s+)?{_CAP_WORD})*"
)
_NUMBER_RE = re.compile(
    r"(?<![\w.])([$€£]?)(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)[ \t]*(%|[a-zA-Z][a-zA-Z\-]*)?"
)
_DATE_RE = re.compile(
    r"\b(Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
    r"Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?\s+(\d{1,2})\b"
    r"|\b(\d{1,2})\s+(Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|"
    r"Aug(?:ust)?|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\b"
)
_WORD_RE = re.compile(r"[a-z][a-z0-9\-]{2,}")
_SCALE = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12, "bn": 1e9, "m": 1e6}


@dataclass(frozen=True, slots=True)
class Features:
    """One article's features: hashed names/numbers/dates with their kind and count, hashed
    content words with counts, the text to embed, the title (and a title to embed, built from
    the first sentence when there is none) and the time (epoch days or NaN)."""

    keys: np.ndarray  # uint32 hashes of names, numbers and dates
    kinds: np.ndarray  # uint8 KIND_* per key
    counts: np.ndarray  # float32 occurrences per key
    words: np.ndarray  # uint32 hashes of content words
    word_counts: np.ndarray  # float32
    embed_text: str
    title: str
    title_text: str  # the headline, or for an article without one its first sentence
    day: float
    language: int = 0  # the report's language as one bit (``language_bit``); 0 when unknown


# Languages a story keeps track of, one bit each (any other language shares the last bit).
LANGUAGES = ("en", "fr", "de", "es", "ru", "it", "pt", "uk", "pl", "nl", "ko", "ja", "zh", "ar", "tr")


def language_bit(language: str | None) -> int:
    """The bit of a report's language in a story's language mask (0: not known)."""
    if not languages.known(language):
        return 0
    code = languages.code(language)
    return 1 << (LANGUAGES.index(code) if code in LANGUAGES else len(LANGUAGES))


ENGLISH_BIT = language_bit("en")


_SENTENCE_END = re.compile(r"(?<=[.!?])\s")


def built_title(text: str, *, limit: int = 90) -> str:
    """A title for an article without a headline: its first sentence, cut at a word."""
    first = _SENTENCE_END.split(text.strip(), maxsplit=1)[0] if text.strip() else ""
    first = " ".join(first.split())
    if len(first) <= limit:
        return first
    return first[:limit].rsplit(" ", 1)[0] + "…"


def stable_hash(text: str) -> int:
    return zlib.crc32(text.encode("utf-8"))


def _clean_name(phrase: str) -> str | None:
    words = phrase.replace("’", "'").split()
    while words and words[0].lower() in _NOT_NAMES:
        words.pop(0)
    while words and (words[-1].lower() in _NOT_NAMES or words[-1].lower() in _NAME_CONNECTORS):
        words.pop()
    if not words:
        return None
    name = " ".join(words)
    name = re.sub(r"'s$", "", name)
    name = anyascii(cross_script.english_form(name) or name).lower().strip(" -'.")
    if len(name) < 2 or name in _WEEKDAYS or name in _MONTHS:
        return None
    return name


def _names(text: str) -> list[str]:
    out: list[str] = []
    for match in _NAME_RE.finditer(text):
        name = _clean_name(match.group(0))
        if name is None:
            continue
        out.append("n:" + name)
        parts = name.split()
        if len(parts) > 1:
            # Surnames and single words of a long name, so "Sanders" meets "Bernie Sanders".
            out.extend("n:" + p for p in parts if len(p) > 3 and p not in _NAME_CONNECTORS)
    return out


def _number_value(digits: str, unit: str | None) -> tuple[str, str | None]:
    value = float(digits.replace(",", ""))
    unit_l = unit.lower() if unit else None
    if unit_l in _SCALE:
        value *= _SCALE[unit_l]
        unit_l = None
    text = f"{value:.6g}"
    return text, unit_l


def _numbers(text: str) -> list[str]:
    out: list[str] = []
    for match in _NUMBER_RE.finditer(text):
        currency, digits, unit = match.groups()
        value, unit_l = _number_value(digits, unit)
        if currency:
            unit_l = {"$": "usd", "€": "eur", "£": "gbp"}[currency]
        if unit_l is not None and unit_l in _STOPWORDS and unit_l != "percent":
            unit_l = None
        number = float(value)
        if unit_l is None and 1900 <= number <= 2099 and "." not in digits:
            out.append("y:" + value)  # a year: tagged apart below
            continue
        if number < 10 and "." not in digits and unit_l is None:
            continue  # bare small counts agree by chance
        if unit_l is not None:
            out.append(f"q:{value}:{unit_l}")
        if number >= 10 or "." in digits:
            out.append("q:" + value)  # the bare value too: "10,000 soldiers" / "10,000 troops"
    return out


def _dates(text: str) -> list[str]:
    out: list[str] = []
    for match in _DATE_RE.finditer(text):
        month = match.group(1) or match.group(4)
        day = match.group(2) or match.group(3)
        number = _MONTHS.get(month.lower().rstrip("."))
        if number and 1 <= int(day) <= 31:
            out.append(f"d:{number}-{int(day)}")
    return out


def _count(tokens: list[str]) -> tuple[np.ndarray, np.ndarray]:
    counts: dict[int, float] = {}
    for token in tokens:
        key = stable_hash(token)
        counts[key] = counts.get(key, 0.0) + 1.0
    keys = np.fromiter(counts.keys(), dtype=np.uint32, count=len(counts))
    values = np.fromiter(counts.values(), dtype=np.float32, count=len(counts))
    return keys, values


def _day(published: str | None) -> float:
    """Days since the epoch from an ISO 8601 string; NaN when missing or unreadable."""
    if not published:
        return math.nan
    from datetime import datetime, timezone

    try:
        moment = datetime.fromisoformat(published.replace("Z", "+00:00"))
    except ValueError:
        return math.nan
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.timestamp() / 86400.0


def extract(article: Article) -> Features:
    """The features of one article (pure, deterministic)."""
    title = (article.title or "").strip()
    body = article.text
    if title and body.startswith(title):
        body = body[len(title):]
    head = f"{title}\n{body[:NAME_CHARS]}" if title else body[:NAME_CHARS]
    lead = head[: LEAD_CHARS + len(title)]
    tagged = [(t, KIND_NAME) for t in _names(head)]
    tagged += [(t, KIND_YEAR if t.startswith("y:") else KIND_NUMBER) for t in _numbers(head)]
    tagged += [(t, KIND_DAY) for t in _dates(head)]
    kind_of: dict[int, int] = {}
    counts: dict[int, float] = {}
    for token, kind in tagged:
        key = stable_hash(token)
        kind_of[key] = kind
        counts[key] = counts.get(key, 0.0) + 1.0
    keys = np.fromiter(counts.keys(), dtype=np.uint32, count=len(counts))
    # The headline names the event: its words count twice.
    words = [w for w in _WORD_RE.findall(anyascii(f"{title}\n{lead}").lower()) if w not in _STOPWORDS]
    word_keys, word_counts = _count(words)
    return Features(
        keys=keys,
        kinds=np.fromiter((kind_of[int(k)] for k in keys), dtype=np.uint8, count=len(keys)),
        counts=np.fromiter(counts.values(), dtype=np.float32, count=len(counts)),
        words=word_keys,
        word_counts=word_counts,
        embed_text=lead,
        title=title,
        title_text=title or built_title(body),
        day=_day(article.published),
        language=language_bit(article.language),
    )
