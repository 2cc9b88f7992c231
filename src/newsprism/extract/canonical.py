"""Which names are one entity: people across transliterations, acronyms and their expansions,
governments by country, capital or adjective, outlets by the shared outlet table.

Works on ``Item``s (a type, a lookup key and every name seen for it), so the same rules merge the
mentions of one article and the entities of a whole story or store. Rules, in order:

- the same key (a government is ``gov:<ISO3>`` whatever the name used; an outlet is its
  canonical outlet name) is one entity;
- an acronym is its expansion when it is introduced as "Long Name (ACR)" or, failing that, when
  it is the initials of a suffix of exactly one organisation's name in the same group of articles;
- organisation names equal up to "the", a national adjective in front, and "Korean"/"Korea"
  style adjective endings are one;
- people: every part of two multi-part names must sound alike (anyascii, then equal, or equal
  Metaphone / NYSIIS codes, or Jaro-Winkler >= 0.9), in the written order or with the family name
  moved, and the whole names must be close (rapidfuzz on the transliterations >= the
  ``alias_name_threshold`` setting, or every part phonetically equal). Different given names keep
  two people apart even with one family name ("Nam Sung-wook" is not "Wee Sung-luck").
  A lone family name ("Wee") joins the one full name it matches.
- across scripts (a Cyrillic or Hangul name and a Latin one) name parts may also agree by their
  consonant skeletons (``rules.names``): "Ви Сон Лак" and "위성락" are "Wi Sung Lak", "Ким Чен Ын"
  is "Kim Jong Un"; places agree through the exonym table or a close transliteration ("Пхеньян",
  "Сеул").
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Iterable, Sequence

import jellyfish
from anyascii import anyascii
from rapidfuzz import fuzz

from newsprism.extract import gazetteer
from newsprism.rules import names

_STOP = {"of", "for", "the", "and", "on", "in", "to", "at", "a", "an", "&", "de", "du", "la"}
_TITLES = {"mr", "mrs", "ms", "dr", "sir", "president", "congressman", "congresswoman", "senator",
           "sen", "rep", "gen", "general", "minister", "ambassador", "expert", "professor", "prof",
           "judge", "governor", "gov", "mayor", "secretary", "chairman", "leader", "king", "queen"}
_ACRONYM = re.compile(r"^(?:[A-Z][A-Z&]{1,7}|(?:[A-Z]\.){2,6})$")


@dataclass
class Item:
    """Something to be merged: its type, lookup key, names seen (with counts) and forced links."""

    type: str
    key: str
    names: Counter[str] = field(default_factory=Counter)
    links: set[int] = field(default_factory=set)  # indices of items known to be the same entity


@lru_cache(maxsize=65536)
def norm(name: str) -> str:
    """Lowercase ASCII words, no "the", no possessive, hyphens as spaces."""
    text = anyascii(names.english_form(name) or name).replace("’", "'").strip()
    text = re.sub(r"'s$|'$", "", text)
    text = re.sub(r"^(?:the|The)\s+", "", text)
    text = re.sub(r"[^\w\s&]", " ", text.replace("-", " "))
    return " ".join(text.lower().split())


def entity_id(kind: str, canonical_key: str) -> str:
    """Stable id: the same type and canonical key always give the same id."""
    digest = hashlib.sha1(f"{kind}:{canonical_key}".encode("utf-8")).hexdigest()[:12]
    return f"e-{digest}"


# --------------------------------------------------------------------------- people


def name_parts(name: str) -> list[str]:
    return list(_name_parts(name))


@lru_cache(maxsize=65536)
def _name_parts(name: str) -> tuple[str, ...]:
    words = [w for w in re.split(r"[\s\-‐]+", names.romanise(name, syllables=True).lower().replace(".", " ")) if w]
    while words and words[0].strip(",") in _TITLES:
        words = words[1:]
    return tuple(re.sub(r"[^a-z]", "", w) for w in words if re.sub(r"[^a-z]", "", w))


def _sounds_alike(a: str, b: str) -> bool:
    if a == b:
        return True
    if a[0] != b[0] and {a[0], b[0]} not in ({"c", "k"}, {"j", "z"}, {"y", "i"}, {"w", "v"}):
        return False
    if jellyfish.metaphone(a) == jellyfish.metaphone(b) or jellyfish.nysiis(a) == jellyfish.nysiis(b):
        return True
    return jellyfish.jaro_winkler_similarity(a, b) >= 0.9


def _alike_across(a: str, b: str) -> bool:
    return _sounds_alike(a, b) or names.parts_alike(a, b)


def same_person(a: str, b: str, *, threshold: float = 85) -> bool:
    """Two full names (two or more parts each) that are spellings of one person's name."""
    pa, pb = name_parts(a), name_parts(b)
    if len(pa) < 2 or len(pb) < 2:
        return False
    alike = _alike_across if names.non_latin(a) != names.non_latin(b) else _sounds_alike
    for cand in _orders(pb):
        if len(cand) == len(pa) and all(alike(x, y) for x, y in zip(pa, cand)):
            return True
        joined_a, joined_b = "".join(pa[1:]), "".join(cand[1:])
        if len(pa) != len(cand) and alike(pa[0], cand[0]) and (
            fuzz.ratio(joined_a, joined_b) >= threshold or alike(joined_a, joined_b)
        ):
            return True  # "Sung Lak" vs "Sunglak": given names written together or apart
    return False


def _orders(parts: list[str]) -> list[list[str]]:
    # family name first (Korean, Chinese, Hungarian order) or last
    return [parts, parts[-1:] + parts[:-1], parts[1:] + parts[:1]]


def _family_match(single: str, full: str) -> bool:
    parts = name_parts(full)
    word = name_parts(single)
    if len(word) != 1 or len(parts) < 2:
        return False
    alike = _alike_across if names.non_latin(single) != names.non_latin(full) else _sounds_alike
    return alike(word[0], parts[0]) or alike(word[0], parts[-1])


# --------------------------------------------------------------------------- organisations


def initials(name: str) -> str:
    return "".join(w[0] for w in norm(name).split() if w not in _STOP).upper()


def _suffix_initials(name: str) -> set[str]:
    words = norm(name).split()
    content = [w for w in words if w not in _STOP]
    return {"".join(w[0] for w in seq[start:]).upper()
            for seq in (content, words) for start in range(len(seq)) if len(seq) - start >= 2}


def acronym_of(acronym: str, name: str) -> bool:
    """True when ``acronym`` is the initials of ``name`` or of a tail of it ("South Korean
    National Intelligence Service" -> NIS) or of its words with stopwords kept (INSS)."""
    letters = acronym.replace(".", "").replace("&", "").upper()
    if len(letters) < 2:
        return False
    words = [w for w in norm(name).split()]
    content = [w for w in words if w not in _STOP]
    for seq in (content, words):
        for start in range(len(seq)):
            if "".join(w[0] for w in seq[start:]).upper() == letters and len(seq) - start >= 2:
                return True
    return False


def org_key(name: str) -> str:
    """Key that ignores "the", a national adjective in front and adjective endings."""
    words = norm(name).split()
    g = gazetteer.load()
    for size in (2, 1):
        if len(words) > size and g.lookup(" ".join(words[:size])) and g.lookup(" ".join(words[:size]))[1] == "demonym":
            words = words[size:]
            break
    # "Korean Herald" / "Korea Herald": an adjective ending in -an is read as its noun in -a
    return " ".join(re.sub(r"(?<=[a-z]{3})an$", "a", w) for w in words)


def is_acronym(text: str) -> bool:
    return bool(_ACRONYM.match(text.strip()))


# --------------------------------------------------------------------------- clustering


class _UnionFind:
    def __init__(self, size: int) -> None:
        self.parent = list(range(size))

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def cluster(items: Sequence[Item], *, threshold: float = 85) -> list[int]:
    """The group (index of its first item) of each item."""
    uf = _UnionFind(len(items))
    first_of: dict[tuple[str, str], int] = {}
    for i, item in enumerate(items):
        first = first_of.setdefault((item.type, item.key), i)
        uf.union(first, i)
        for j in item.links:
            uf.union(i, j)
    _merge_orgs(items, uf)
    _merge_people(items, uf, threshold)
    _merge_places(items, uf)
    _merge_across_types(items, uf)
    return [uf.find(i) for i in range(len(items))]


# Types a name may wrongly get beside its right one; a government and its country are one actor.
_PLACES = frozenset({"GOV", "GPE", "LOC"})
_NAMED = frozenset({"PERSON", "ORG", "NORP", "OUTLET", "GPE", "GOV", "LOC", "FAC", "PRODUCT", "WORK_OF_ART", "EVENT"})


def _merge_across_types(items: Sequence[Item], uf: _UnionFind) -> None:
    """One entity, one type across a story: the same name given two types is one entity
    ("Russia" as GOV and as GPE; "Donald Trump" as PERSON and as ORG), and a lone family name
    given another type ("Fauci" as ORG) is the one person of that family name. A place keeps a
    one-word name apart from a person ("Jordan"); different one-word names stay apart."""
    by_name: dict[str, int] = {}
    for i, item in enumerate(items):
        if item.type not in _NAMED:
            continue
        for name in item.names:
            key = norm(name)
            if not key or (len(key.split()) < 2 and item.type not in _PLACES and not is_acronym(name)):
                continue  # one-word names of people and bodies: the family-name rule below
            other = by_name.setdefault(key, i)
            if other != i and (len(key.split()) >= 2 or items[other].type in _PLACES):
                uf.union(other, i)
    people = [i for i, it in enumerate(items) if it.type == "PERSON"]
    full = [(i, n) for i in people for n in items[i].names if len(_name_parts(n)) >= 2]
    for i, item in enumerate(items):
        if item.type not in _NAMED - _PLACES - {"PERSON", "OUTLET"}:
            continue
        singles = [n for n in item.names if len(_name_parts(n)) == 1 and not is_acronym(n)]
        if not singles or len(singles) != len(item.names):
            continue
        owners = {uf.find(j) for j, n in full if name_parts(n)[-1] == name_parts(singles[0])[0]}
        if len(owners) == 1:
            uf.union(owners.pop(), i)


def _merge_places(items: Sequence[Item], uf: _UnionFind) -> None:
    """A place named in another script ("Сеул", "Пхеньян") is the place of its English name."""
    places = [(i, n) for i, it in enumerate(items) if it.type in _PLACES for n in it.names]
    foreign = [(i, n) for i, n in places if names.non_latin(n)]
    for i, name in foreign:
        for j, other in places:
            if uf.find(i) != uf.find(j) and not names.non_latin(other) and names.same_place(name, other):
                uf.union(i, j)


def _merge_orgs(items: Sequence[Item], uf: _UnionFind) -> None:
    orgs = [i for i, it in enumerate(items) if it.type in {"ORG", "OUTLET"}]
    by_key: dict[str, int] = {}
    for i in orgs:
        for name in items[i].names:
            if is_acronym(name):
                continue
            k = f"{items[i].type}:{org_key(name)}"
            if k in by_key:
                uf.union(by_key[k], i)
            else:
                by_key[k] = i
    expansions: dict[str, set[int]] = {}  # initials of every tail of every long name -> items
    for i in orgs:
        for n in items[i].names:
            if not is_acronym(n) and len(n.split()) >= 2:
                for letters in _suffix_initials(n):
                    expansions.setdefault(letters, set()).add(i)
    for i in orgs:
        for name in items[i].names:
            if not is_acronym(name):
                continue
            letters = name.replace(".", "").replace("&", "").upper()
            owners = {uf.find(j) for j in expansions.get(letters, ())}
            if len(owners) == 1:
                uf.union(owners.pop(), i)


_LETTER = {"c": "k", "z": "j", "i": "y", "v": "w"}


def _letters(parts: Sequence[str]) -> frozenset[str]:
    # first letters, and the first consonant of each skeleton so that "Kim Chen Yn" and "Gim
    # Jeong Eun" meet "Kim Jong Un" (a wider block only costs comparisons, never a merge)
    first = {_LETTER.get(p[0], p[0]) for p in parts}
    return frozenset(first | {"~" + (names.skeleton(p)[:1] or "_") for p in parts})


def _merge_people(items: Sequence[Item], uf: _UnionFind, threshold: float) -> None:
    """Pairwise name matching, only between names that share initials (blocking keeps a store
    of many thousands of people tractable: spellings of one name keep their first letters)."""
    people = [i for i, it in enumerate(items) if it.type == "PERSON"]
    full = [(i, n, _letters(_name_parts(n))) for i in people for n in items[i].names if len(_name_parts(n)) >= 2]
    by_letter: dict[str, list[int]] = {}
    for k, (_, _, letters) in enumerate(full):
        for letter in letters:
            by_letter.setdefault(letter, []).append(k)
    for a, (i, na, la) in enumerate(full):
        shared: Counter[int] = Counter(b for letter in la for b in by_letter[letter] if b > a)
        for b, count in shared.items():
            j, nb, lb = full[b]
            if count < min(2, len(la), len(lb)) or uf.find(i) == uf.find(j):
                continue
            if same_person(na, nb, threshold=threshold):
                uf.union(i, j)
    for i in people:
        singles = [n for n in items[i].names if len(_name_parts(n)) == 1]
        if not singles or any(len(_name_parts(n)) >= 2 for n in items[i].names):
            continue
        letter = _LETTER.get(_name_parts(singles[0])[0][0], _name_parts(singles[0])[0][0])
        owners = {uf.find(j) for k in by_letter.get(letter, []) for j, n, _ in [full[k]]
                  if _family_match(singles[0], n)}
        if len(owners) == 1:
            uf.union(owners.pop(), i)


def canonical_name(kind: str, names: Counter[str], key: str) -> str:
    """The name an entity is shown under."""
    if kind in {"GOV", "GPE"} and key.startswith(("gov:", "country:")):
        return gazetteer.load().name_of(key.split(":", 1)[1])
    if kind == "OUTLET" and key.startswith("outlet:"):
        return key.split(":", 1)[1]
    cleaned = Counter()
    for name, count in names.items():
        cleaned[_display(name)] += count
    candidates = [n for n in cleaned if not is_acronym(n)] or list(cleaned)
    if kind == "PERSON":
        multi = [n for n in candidates if len(name_parts(n)) >= 2] or candidates
        return max(multi, key=lambda n: (cleaned[n], len(n)))
    if kind == "ORG":
        multi = [n for n in candidates if len(n.split()) >= 2] or candidates
        plain = [n for n in multi if org_key(n) == norm(n)] or multi  # without a national adjective
        return min(plain, key=lambda n: (-cleaned[n], len(n), n))
    return max(candidates, key=lambda n: (cleaned[n], -len(n)))


def _display(name: str) -> str:
    text = re.sub(r"['’]s$", "", name.strip())
    return re.sub(r"^(?:the|The)\s+", "", text).strip(" \"'“”")


def group_key(kind: str, keys: Iterable[str], name: str) -> str:
    """The canonical key a group's id is made from (prefers gazetteer and outlet keys)."""
    keys = list(keys)
    for prefix in ("gov:", "country:", "outlet:"):
        for k in keys:
            if k.startswith(prefix):
                return k
    return f"{kind.lower()}:{norm(name)}"


def stable_key(kind: str, name: str) -> str:
    """The key an entity id is made from, the same whichever articles were merged."""
    if kind in {"GOV", "GPE"}:
        found = gazetteer.load().lookup(name)
        if found is not None and (kind == "GOV" or found[1] == "name"):
            return f"{'gov' if kind == 'GOV' else 'country'}:{found[0]}"
    if kind == "OUTLET":
        return f"outlet:{name}"
    return f"{kind.lower()}:{norm(name)}"
