"""Names by rule, for reports in a language no installed model reads (German, Spanish, Russian...).

Without an entity recogniser the names are the runs of capitalised words (Latin or Cyrillic),
read sentence by sentence from a tokenised doc (``spacy.blank`` with a sentencizer):

- a run loses the determiners, prepositions and other stop words of the language it opens with
  ("Die", "Laut", "В") and the person titles it holds ("Präsident Wladimir Putin");
- a run the gazetteer knows is a country or a seat of government, typed as the English
  extraction types a name it reads without a parse: the government (``GOV``, ``gov:ISO3``)
  unless a place preposition of the language comes before it ("in Russland", "в России"), then
  the place (``GPE``);
- a run right after a person title ("Präsident", "президент", "ministro") is a ``PERSON``;
- a run the outlet table knows is an ``OUTLET``;
- any other run is a ``NAME`` (a name whose kind is unknown), but only where capitals mark
  names: never a single word that opens its sentence, and in German, where every noun is
  capitalised, only runs of two words or more whose first word is no common noun by its ending
  ("Zeitung", "Regierung").

Spans index the article's text like every other mention.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from newsprism.extract import canonical, gazetteer
from newsprism.extract.entities import RawMention
from newsprism.rules import languages

__all__ = ["find", "TITLES"]

# Words that call the name after them a person (lower case; German titles are capitalised nouns).
TITLES = {
    "de": {"präsident", "präsidentin", "minister", "ministerin", "außenminister", "außenministerin",
           "kanzler", "kanzlerin", "bundeskanzler", "bundeskanzlerin", "herr", "frau", "botschafter",
           "botschafterin", "general", "sprecher", "sprecherin", "regierungschef", "staatschef",
           "premierminister", "ministerpräsident", "machthaber", "diktator", "dr", "prof"},
    "es": {"presidente", "presidenta", "ministro", "ministra", "canciller", "embajador", "embajadora",
           "portavoz", "general", "señor", "señora", "sr", "sra", "líder", "dirigente", "primer"},
    "ru": {"президент", "президента", "президенту", "министр", "министра", "глава", "главы",
           "посол", "посла", "генерал", "премьер", "премьер-министр", "лидер", "лидера",
           "господин", "госпожа", "представитель", "пресс-секретарь", "канцлер"},
}
# Prepositions after which a country is a place, not an actor ("in Russland", "в России").
_PLACE_PREPS = {
    "de": {"in", "im", "nach", "aus", "innerhalb", "außerhalb", "durch"},
    "es": {"en", "dentro", "por"},
    "ru": {"в", "во", "на", "по", "внутри"},
}
# Lower-case words that may join a name's capitalised words ("Corea del Norte", "von der Leyen").
_JOINERS = {"de", "del", "la", "von", "van", "der", "al", "bin", "y"}
_GERMAN_NOUN_ENDINGS = ("ung", "heit", "keit", "schaft", "tion", "tät", "ismus", "nis", "tum",
                        "ium", "ssion", "enz", "anz", "ment", "ur", "ik", "ie")


def find(doc: Any, text: str, *, language: str | None) -> list[RawMention]:
    """Typed name mentions in document order; ``doc`` is the tokenised ``text`` with sentences."""
    code = languages.code(language)
    out: list[RawMention] = []
    for sent in doc.sents:
        words = [(m.start(), m.end(), m.group()) for m in _WORD.finditer(text, sent.start_char, sent.end_char)]
        for first, last in _runs(words, text):
            mention = _typed(words, first, last, text, code, doc.vocab)
            if mention is not None:
                out.append(mention)
    return out


_WORD = re.compile(r"[^\W\d_][\w'’-]*\w|[^\W\d_]")
_Word = tuple[int, int, str]


def _capitalised(word: str) -> bool:
    return word[0].isupper()


def _runs(words: list[_Word], text: str) -> list[tuple[int, int]]:
    """(first, last) indexes of the maximal runs of capitalised words, joined by one space or a
    joiner word between capitalised words ("Corea del Norte")."""
    runs: list[tuple[int, int]] = []
    n = 0
    while n < len(words):
        if not _capitalised(words[n][2]):
            n += 1
            continue
        last = n
        while last + 1 < len(words):
            nxt = last + 1
            if _capitalised(words[nxt][2]) and _gap(words[last], words[nxt], text):
                last = nxt
            elif (words[nxt][2].lower() in _JOINERS and nxt + 1 < len(words)
                  and _capitalised(words[nxt + 1][2]) and _gap(words[last], words[nxt], text)
                  and _gap(words[nxt], words[nxt + 1], text)):
                last = nxt + 1
            else:
                break
        runs.append((n, last))
        n = last + 1
    return runs


def _gap(a: _Word, b: _Word, text: str) -> bool:
    return text[a[1]:b[0]] in {" ", "\u00a0"}


def _typed(words: list[_Word], first: int, last: int, text: str, code: str, vocab: Any) -> RawMention | None:
    titles = TITLES.get(code, set())
    titled = first > 0 and words[first - 1][2].lower() in titles
    gaz = gazetteer.load()
    while first <= last:
        word = words[first][2]
        lower = word.lower()
        if lower in titles:
            titled = True
        elif not (vocab[lower].is_stop or (_common_noun(word, code) and gaz.lookup(word) is None)):
            break
        first += 1
    if first > last:
        return None
    start, end = words[first][0], words[last][1]
    surface = text[start:end]
    place = gaz.lookup(surface)
    if place is not None:
        iso3, kind = place
        if kind != "demonym" and _after_place_prep(words, first, code, vocab):
            key = f"country:{iso3}" if kind == "name" else f"place:{canonical.norm(surface)}"
            return RawMention(start, end, surface, "GPE", key)
        return RawMention(start, end, surface, "GOV", f"gov:{iso3}")
    if titled:
        return RawMention(start, end, surface, "PERSON", f"person:{canonical.norm(surface)}")
    outlet = _outlet(surface)
    if outlet is not None:
        return RawMention(start, end, surface, "OUTLET", f"outlet:{outlet}")
    if first == last and first == 0:
        return None  # a word capitalised because it opens the sentence
    if code == "de" and first == last:
        return None  # a German noun
    if len(surface) < 2:
        return None
    return RawMention(start, end, surface, "NAME", f"name:{canonical.norm(surface)}")


def _after_place_prep(words: list[_Word], first: int, code: str, vocab: Any) -> bool:
    preps = _PLACE_PREPS.get(code, set())
    at = first - 1
    while at >= 0 and first - at < 3 and words[at][2].lower() not in preps and vocab[words[at][2].lower()].is_stop:
        at -= 1  # "in der Ukraine", "en la India"
    return at >= 0 and words[at][2].lower() in preps


def _common_noun(word: str, code: str) -> bool:
    """A German capitalised word that is a common noun by its ending ("Zeitung", "Regierung")."""
    return code == "de" and len(word) > 5 and word.lower().endswith(_GERMAN_NOUN_ENDINGS)


@lru_cache(maxsize=4096)
def _outlet(name: str) -> str | None:
    from newsprism.rules import outlets

    found = outlets.lookup(name)
    return found.name if found is not None else None
