"""Small text rules shared by the claims stages (align, judge, brief); not a stage itself.

- ``content_words``: the words of a clause that carry its content, crudely stemmed (names are
  left to the entity comparison);
- ``is_specific_speaker``: a named person, agency or body, as opposed to "analysts",
  "experts in Seoul", "two" or an outlet (an outlet named as a source is an origin);
- ``split_sentences``: sentence offsets for text that came without them.
"""

from __future__ import annotations

import re
from functools import lru_cache

from spacy.lang.en.stop_words import STOP_WORDS

from newsprism.types import Offsets

try:  # the shared outlet table of the origins work
    from newsprism import outlets as _outlets
except ImportError:  # pragma: no cover - shipped with the package
    _outlets = None

_CONTENT = re.compile(r"(?<![\w'’-])[a-z][a-z'’-]{2,}")
_WORD = re.compile(r"[A-Za-z][\w'’-]*")
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"”’')\]]*\s+(?=[\"“‘(\[]?[A-Z0-9-])|\n+")
GENERIC_SPEAKERS = frozenset({
    "expert", "experts", "analyst", "analysts", "official", "officials", "source", "sources",
    "observer", "observers", "people", "critic", "critics", "resident", "residents", "witness",
    "witnesses", "report", "reports", "media", "someone", "many", "some", "others", "they",
    "he", "she", "it", "we", "i", "diplomat", "diplomats", "insider", "insiders",
    "information", "data", "estimates", "figures", "one", "two", "three", "both", "all",
})


@lru_cache(maxsize=65536)
def content_words(text: str) -> frozenset[str]:
    """Lower-case content words, stop words out, crudely stemmed ("sanctions" ~ "sanctioned")."""
    out = set()
    for word in _CONTENT.findall(text):
        if word in STOP_WORDS:
            continue
        for suffix in ("ings", "ing", "ies", "ed", "es", "s", "ly"):
            if word.endswith(suffix) and len(word) - len(suffix) >= 3:
                word = word[: -len(suffix)]
                break
        out.add(word[:6])
    return frozenset(out)


def overlap(a: str, b: str) -> float:
    """Jaccard share of content words (0 when either has none)."""
    wa, wb = content_words(a), content_words(b)
    if not wa or not wb:
        return 0.0
    return len(wa & wb) / len(wa | wb)


def is_specific_speaker(name: str | None) -> bool:
    """A named person, agency or body: it has a capitalised word, does not open with a generic
    head ("experts in Seoul") and is not a news outlet."""
    if not name or not any(ch.isupper() for ch in name):
        return False
    words = [w.lower() for w in _WORD.findall(name)]
    words = [w for w in words if w not in {"the", "a", "an", "other", "many", "several"}]
    if not words or words[0] in GENERIC_SPEAKERS:
        return False
    if _outlets is not None and _outlets.lookup(name) is not None:
        return False
    return True


def speaker_key(name: str | None) -> str:
    return " ".join(w.lower() for w in _WORD.findall(name or ""))


def split_sentences(text: str) -> list[Offsets]:
    """Sentence offsets by punctuation and line breaks (normalise's are preferred when given)."""
    out: list[Offsets] = []
    start = 0
    for match in _SENTENCE_END.finditer(text):
        out.append(Offsets(start, match.start()))
        start = match.end()
    out.append(Offsets(start, len(text)))
    trimmed = []
    for span in out:
        s, e = span.start, span.end
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if e > s:
            trimmed.append(Offsets(s, e))
    return trimmed
