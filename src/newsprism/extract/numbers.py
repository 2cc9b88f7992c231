"""Finding numbers in text: digits, spelled-out numbers (text2num), scales, vague amounts, fractions.

This is the lexical layer under ``quantities``: it knows how a number is written, not what it
counts. Every atom carries its character span in the text it was found in.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import lru_cache

from text_to_num import text2num

_UNITS_WORDS = (
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
    "sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety"
).split()
_SCALE_WORDS = {"hundred": 100.0, "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}
_SCALE_SUFFIX = {
    "k": 1e3, "K": 1e3, "m": 1e6, "M": 1e6, "mn": 1e6, "mln": 1e6, "bn": 1e9, "B": 1e9, "b": 1e9,
    "T": 1e12, "tn": 1e12, "trn": 1e12,
}
_SPELLED_WORD = "|".join(_UNITS_WORDS + list(_SCALE_WORDS))
# "a hundred and two", "twenty-one", "three million, two hundred & forty"
SPELLED = (
    rf"(?:\b(?:a|an)\s+(?=(?:hundred|thousand|million|billion|dozen)\b))?"
    rf"\b(?:{_SPELLED_WORD})\b(?:(?:\s*,?\s+|-|\s+(?:and|&)\s+)\b(?:{_SPELLED_WORD})\b)*"
)
DIGITS = r"(?:\d{1,3}(?:,\d{3})+|\d{1,3}(?:[\u00a0\u202f\u2009]\d{3})+|\d+)(?:\.\d+)?|\.\d+"
_FRACTION_CHARS = {"½": 0.5, "⅓": 1 / 3, "⅔": 2 / 3, "¼": 0.25, "¾": 0.75, "⅕": 0.2, "⅛": 0.125}
_SCI = r"(?:e[-−+]?\d+|\s?[x×]\s?10\^?[-−]?\d+)"

NUMBER = re.compile(
    rf"(?P<sign>(?<![\w.])[-−])?"
    rf"(?:(?P<mixed>\d+)\s+(?P<fnum>\d+)/(?P<fden>\d+)(?!\d)"
    rf"|(?P<frac>\d+)/(?P<den>\d+)(?![\d/])"
    rf"|(?P<digits>{DIGITS})(?P<uni>[½⅓⅔¼¾⅕⅛])?(?P<sci>{_SCI})?"
    rf"|(?P<unichar>[½⅓⅔¼¾⅕⅛])"
    rf"|(?P<spelled>{SPELLED}))"
    rf"(?P<scale>\s*(?:-\s*)?\b(?:thousand|million|billion|trillion)\b"
    rf"|(?<=\d)(?-i:k|K|M|mn|mln|bn|B|T|tn)\b)?",
    re.IGNORECASE,
)

# Vague amounts: a careful reader's bounds ("thousands" is 2,000 up to but not 10,000-ish).
VAGUE = re.compile(
    r"\b(?P<lead>(?:several|a\s+few|few|many)\s+)?"
    r"(?P<word>tens|hundreds|thousands|millions|billions|dozens|dozen|hundred|thousand|million|billion)"
    r"(?:\s+of\s+(?P<of>thousands|millions|billions))?\b",
    re.IGNORECASE,
)
_VAGUE_BASE = {
    "tens": 10.0, "dozens": 12.0, "dozen": 12.0, "hundreds": 100.0, "hundred": 100.0,
    "thousands": 1e3, "thousand": 1e3, "millions": 1e6, "million": 1e6, "billions": 1e9,
    "billion": 1e9,
}

FRACTION_WORDS = re.compile(
    r"\b(?:(?P<count>one|a|an|two|three|four)[\s-]+)?(?P<part>half|halves|thirds?|quarters?|fifths?|"
    r"sixths?|tenths?)\b",
    re.IGNORECASE,
)
_PARTS = {"half": 2, "halves": 2, "third": 3, "quarter": 4, "fifth": 5, "sixth": 6, "tenth": 10}


@dataclass(frozen=True, slots=True)
class Atom:
    """One written number: its span, value, whether it was spelled out, and its raw scale."""

    start: int
    end: int
    value: float
    spelled: bool = False
    scaled: bool = False
    digits_only: bool = False
    scale: float = 1.0


def _spelled_value(words: str) -> float | None:
    cleaned = re.sub(r"\s*&\s*", " and ", words.replace(",", " ")).strip().lower()
    cleaned = re.sub(r"^an?\s+", "one ", cleaned)
    cleaned = re.sub(r"\s+", " ", cleaned)
    try:
        return float(text2num(cleaned, "en"))
    except ValueError:
        # text2num refuses "and" in some places ("two hundred and two" is fine, "million and")
        try:
            return float(text2num(cleaned.replace(" and ", " "), "en"))
        except ValueError:
            return None


_MAX_EXPONENT = 100
_MAX_VALUE = 1e100


def _digits_value(match: re.Match[str]) -> float | None:
    raw = match.group("digits")
    number = float(re.sub(r"[,\u00a0\u202f\u2009]", "", raw))
    if match.group("uni"):
        number += _FRACTION_CHARS[match.group("uni")]
    sci = match.group("sci")
    if sci:
        exponent = re.search(r"[-−+]?\d+$", sci)
        if exponent is None:
            return None
        power = int(exponent.group().replace("−", "-"))
        if abs(power) > _MAX_EXPONENT:
            return None  # "21801e997": no amount a report gives (and past what a float holds)
        number *= 10.0 ** power
    return number


def _value(match: re.Match[str]) -> float | None:
    if match.group("mixed"):
        den = int(match.group("fden"))
        return None if den == 0 else int(match.group("mixed")) + int(match.group("fnum")) / den
    if match.group("frac"):
        den = int(match.group("den"))
        return None if den == 0 else int(match.group("frac")) / den
    if match.group("digits"):
        return _digits_value(match)
    if match.group("unichar"):
        return _FRACTION_CHARS[match.group("unichar")]
    return _spelled_value(match.group("spelled"))


def _scale(raw: str | None) -> float:
    if not raw:
        return 1.0
    word = raw.strip(" -").strip()
    if word.lower() in _SCALE_WORDS:
        return _SCALE_WORDS[word.lower()]
    return _SCALE_SUFFIX.get(word, _SCALE_SUFFIX.get(word.lower(), 1.0))


def find_atoms(text: str) -> list[Atom]:
    """Every written number in ``text``, left to right, non-overlapping."""
    return list(_atoms(text))


@lru_cache(maxsize=32)
def _atoms(text: str) -> tuple[Atom, ...]:
    # cached: the scope plan and the extraction read the same article text one after the other
    # (a str caches its hash, so a repeat look-up costs no pass over the text)
    atoms: list[Atom] = []
    for match in NUMBER.finditer(text):
        spelled = match.group("spelled")
        if spelled is not None and not _plausible_spelled(spelled):
            continue
        value = _value(match)
        if value is None:
            if spelled is not None:
                atoms.extend(_split_spelled(text, match.start("spelled"), match.end("spelled")))
            continue
        scale = _scale(match.group("scale"))
        value *= scale
        if not math.isfinite(value) or abs(value) > _MAX_VALUE:
            continue  # a run of hundreds of digits is no amount; infinity breaks the arithmetic and JSON
        if match.group("sign"):
            value = -value
        atoms.append(Atom(
            start=match.start(), end=match.end(), value=value, spelled=spelled is not None,
            scaled=bool(match.group("scale")),
            digits_only=bool(match.group("digits")) and not match.group("scale") and not match.group("sci"),
            scale=scale,
        ))
    return tuple(atoms)


def _split_spelled(text: str, start: int, end: int) -> list[Atom]:
    """A run of number words text2num refuses ("two, three or four"): one atom per word."""
    out = []
    for word in re.finditer(r"[A-Za-z]+(?:-[A-Za-z]+)?", text[start:end]):
        value = _spelled_value(word.group())
        if value is not None and word.group().lower() not in {"and", "a", "an"}:
            out.append(Atom(start + word.start(), start + word.end(), value, spelled=True))
    return out


def _plausible_spelled(words: str) -> bool:
    # a lone "a"/"an" never reaches here; a lone scale word ("million") is a vague amount instead
    lowered = words.lower().strip()
    return lowered not in _SCALE_WORDS


def vague_bounds(match: re.Match[str]) -> tuple[float, float] | None:
    """(low, high) for "thousands", "several dozen", "tens of thousands", ... else None."""
    word = match.group("word").lower()
    base = _VAGUE_BASE[word]
    lead = (match.group("lead") or "").strip().lower()
    of = (match.group("of") or "").lower()
    plural = word.endswith("s")
    if not plural and not lead:
        return None  # "thousand" alone is a number word, not a vague amount
    if of:
        base *= _VAGUE_BASE[of]
    if lead in {"several", "many"}:
        return 3 * base, 9 * base
    if lead in {"a few", "few"}:
        return 2 * base, 5 * base
    if word in {"tens", "dozens"} and not of:
        return 2 * base, 9 * base
    return 2 * base, 10 * base if not of else 10 * base


def fraction_value(match: re.Match[str]) -> float:
    part = match.group("part").lower().rstrip("s") if match.group("part").lower() != "halves" else "halves"
    den = _PARTS.get(part, _PARTS.get(part + "s", 2))
    count_word = (match.group("count") or "one").lower()
    count = {"one": 1, "a": 1, "an": 1, "two": 2, "three": 3, "four": 4}[count_word]
    return count / den
