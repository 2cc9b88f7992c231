"""Names across scripts: Cyrillic and Hangul forms meet their English spellings.

anyascii turns every script into Latin letters, but a transliteration is not the English
spelling: "Ви Сон Лак" becomes "Vi Son Lak" (English "Wi Sung Lak"), "Ким Чен Ын" "Kim Chen Yn"
("Kim Jong Un"), "위성락" "WiSeongLag". Across scripts the vowels and voicing are the first
things lost, so two name parts from different scripts agree when their consonant skeletons do
(:func:`skeleton`: g/k, b/p, d/t, v/w/f, s/z/sh, j/ch/zh, l/r, "ng" as "n", vowels and y
dropped): "Chen"/"Jong" are both "jn", "Son"/"Sung"/"Seong" "sn". The loose test is only ever
used between a Latin name and a non-Latin one; two Latin names keep the stricter rules of their
callers. Hangul names are cut into syllables (one syllable is one part of a Korean name).

A few places are not transliterations at all ("Москва" is Moscow, "Пхеньян" Pyongyang): the
shipped ``data/exonyms.tsv`` (sourced there, kept small) gives their English names.

Used by entity canonicalisation (extract.canonical, extract.gazetteer) and story features.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from importlib import resources

import jellyfish
from anyascii import anyascii

__all__ = ["non_latin", "romanise", "english_form", "skeleton", "parts_alike", "same_place", "loose_key"]

_HANGUL = re.compile(r"[\uac00-\ud7a3]")
_DIGRAPHS = (("tch", "j"), ("dzh", "j"), ("zh", "j"), ("ch", "j"), ("dj", "j"), ("ts", "s"),
             ("sh", "s"), ("kh", "h"), ("ph", "f"), ("ck", "k"), ("ng", "n"))
_CLASSES = str.maketrans({"g": "k", "q": "k", "c": "k", "b": "p", "d": "t", "v": "w", "f": "w",
                          "z": "s", "x": "s", "r": "l"})


@lru_cache(maxsize=65536)
def non_latin(name: str) -> bool:
    """True when ``name`` has letters of a script other than Latin (Cyrillic, Hangul, Greek, ...)."""
    return any(ch.isalpha() and not unicodedata.name(ch, "").startswith("LATIN") for ch in name)


@lru_cache(maxsize=65536)
def romanise(name: str, *, syllables: bool = False) -> str:
    """``name`` in Latin letters (anyascii); with ``syllables``, each Hangul syllable a word
    ("위성락" -> "Wi Seong Lag"), as each is one part of a Korean personal name."""
    if syllables and _HANGUL.search(name):
        name = _HANGUL.sub(lambda m: f" {m.group()} ", name)
    return " ".join(anyascii(name).split())


@lru_cache(maxsize=1)
def _exonyms() -> dict[str, str]:
    raw = resources.files("newsprism").joinpath("data/exonyms.tsv").read_text(encoding="utf-8")
    rows = [line.split("\t") for line in raw.splitlines() if line and not line.startswith("#")]
    return {_fold(form): english for form, english in rows}


def _fold(name: str) -> str:
    return " ".join(name.replace("ё", "е").replace("Ё", "Е").lower().split())


def english_form(name: str) -> str | None:
    """The English name of a place written in another script, from the exonym table, else None."""
    if not non_latin(name):
        return None
    return _exonyms().get(_fold(name))


@lru_cache(maxsize=65536)
def skeleton(word: str) -> str:
    """The consonant skeleton of one romanised name part ("Seong" -> "sn", "Chen" -> "jn")."""
    text = re.sub(r"[^a-z]", "", anyascii(word).lower())
    for digraph, single in _DIGRAPHS:
        text = text.replace(digraph, single)
    text = re.sub(r"[aeiouy]", "", text.translate(_CLASSES))
    return re.sub(r"(.)\1+", r"\1", text)


def parts_alike(a: str, b: str) -> bool:
    """Two romanised name parts, one from a non-Latin script: the same consonant skeleton, and
    for a skeleton of one consonant or none, both open with a vowel or both with that consonant
    ("Eun"/"Un"/"Ын"; "Ё"/"Yo"; not "Yo"/"Un", whose skeletons differ)."""
    ka, kb = skeleton(a), skeleton(b)
    if ka != kb:
        return False
    if len(ka) >= 2:
        return True
    return (a[:1].lower() in "aeiouy") == (b[:1].lower() in "aeiouy")


def loose_key(name: str) -> str | None:
    """A key two spellings of one multi-part name share across scripts ("Ким Чен Ын" and
    "Kim Jong Un": "km jn n"), or None for a one-part name or one with an empty skeleton."""
    parts = [skeleton(p) for p in romanise(name, syllables=True).split()]
    if len(parts) < 2 or sum(1 for p in parts if p) < 2:
        return None
    return " ".join(parts)


def same_place(a: str, b: str) -> bool:
    """Two names of one place, at least one of them in another script: the exonym table, or a
    transliteration close to the English name ("Сеул"/"Seoul", "Берлин"/"Berlin")."""
    if non_latin(a) == non_latin(b):
        return False
    ea, eb = (english_form(n) or romanise(n) for n in (a, b))
    la, lb = (re.sub(r"[^a-z ]", "", e.lower()) for e in (ea, eb))
    if la == lb:
        return True
    words_a, words_b = la.split(), lb.split()
    return len(words_a) == len(words_b) and all(
        skeleton(x) == skeleton(y) and jellyfish.jaro_winkler_similarity(x, y) >= 0.85
        for x, y in zip(words_a, words_b)
    )
