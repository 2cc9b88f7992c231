"""Quantities: value or range, canonical unit, rate period, hedge and what is counted.

Numbers are found lexically (``numbers``); a number becomes a quantity once the words around it
say what it is: a currency or unit, a hedge ("about", "at least", "nearly"), a period ("per year",
"annually", "a monthly salary of"), and, from spaCy's parse, the noun it counts ("soldiers",
"tons of rice"). Numbers that are not amounts are dropped: years, days of the month, clock
times, ordinals, identifiers ("Voyager 2", "F-16") and ages set off after a name ("Smith, 45,").
A measurement used as a modifier ("6-inch caliber shells") is kept as a length of its own and is
never glued to the count before it ("9 million 6-inch shells" is 9e6 shells and 6 in).
"""

from __future__ import annotations

import re
from copy import copy
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Any

from newsprism.extract import numbers
from newsprism.extract.numbers import Atom
from newsprism.rules import languages
from newsprism.types import Quantity, QuantityValue

TON_NOTE = "'tons' may be short tons (907 kg) or metric tonnes (1,000 kg); read as t"
DOLLAR_NOTE = "'dollars' without a country read as US dollars"

_CURRENCY_PREFIX = [
    ("US$", "USD"), ("US $", "USD"), ("A$", "AUD"), ("C$", "CAD"), ("HK$", "HKD"), ("NZ$", "NZD"),
    ("$", "USD"), ("€", "EUR"), ("£", "GBP"), ("¥", "JPY"), ("₩", "KRW"), ("₽", "RUB"), ("₹", "INR"),
    ("₴", "UAH"), ("₪", "ILS"), ("USD", "USD"), ("EUR", "EUR"), ("GBP", "GBP"), ("RMB", "CNY"),
]
_CURRENCY_SUFFIX = [
    (r"€", "EUR"), (r"US dollars?", "USD"), (r"(?:U\.S\.|American) dollars?", "USD"),
    (r"dollars?", "USD"), (r"euros?", "EUR"), (r"pounds? sterling", "GBP"), (r"yen", "JPY"),
    (r"yuan|renminbi", "CNY"), (r"(?:South Korean )?won", "KRW"), (r"r[ou]bles?", "RUB"),
    (r"hryvnias?|hryvnia", "UAH"), (r"rupees?", "INR"), (r"shekels?", "ILS"), (r"francs?", "CHF"),
    (r"USD|EUR|GBP|JPY|CNY|KRW|RUB|UAH|INR", None),
]
# (pattern, canonical unit, note); longest alternatives first. Matched right after the number.
_UNITS: list[tuple[str, str, str | None]] = [
    (r"metric tons?|metric tonnes?|tonnes?|t", "t", None), (r"tons?", "t", TON_NOTE),
    (r"kilograms?|kilos?|kgs?", "kg", None), (r"milligrams?|mg", "mg", None), (r"grams?|g", "g", None),
    (r"lbs?|pounds?", "lb", None),
    (r"square kilomet(?:er|re)s?|sq\.? km|km2|km²|km\^2", "km2", None),
    (r"square miles?|sq\.? mi", "mi2", None), (r"square met(?:er|re)s?|m2|m²", "m2", None),
    (r"cubic kilomet(?:er|re)s?|km3|km³|km\^3|km cubed", "km3", None),
    (r"km squared", "km2", None),
    (r"kilomet(?:er|re)s? per hour|km/h|kph", "km/h", None), (r"miles per hour|mph", "mph", None),
    (r"kilomet(?:er|re)s?|km", "km", None), (r"centimet(?:er|re)s?|cm", "cm", None),
    (r"millimet(?:er|re)s?|mm", "mm", None), (r"nanomet(?:er|re)s?|nm", "nm", None),
    (r"met(?:er|re)s?|m", "m", None), (r"miles?|mi", "mi", None),
    (r"inch(?:es)?|in(?=\s*(?:[.,;)]|$|thick|long|wide|tall|high|deep|gap))", "in", None),
    (r"feet|foot|ft", "ft", None), (r"yards?|yd", "yd", None),
    (r"litres?|liters?|L|l", "l", None), (r"watts?", "W", None), (r"kelvins?", "K", None), (r"millilit(?:er|re)s?|ml", "ml", None), (r"cl", "cl", None),
    (r"gallons?|gal", "gal", None), (r"barrels?|bbl", "bbl", None),
    (r"percentage points?|pp", "pp", None), (r"%|percent|per cent", "%", None),
    (r"degrees? Celsius|°C|degrees? C\b|C", "°C", None), (r"degrees? Fahrenheit|°F", "°F", None),
    (r"[kMGT]?Wh", "", None), (r"[kMGT]?W\b", "", None), (r"[kMGT]?eV", "", None),
    (r"[kMG]?Hz", "", None), (r"megawatts?", "MW", None), (r"gigawatts?", "GW", None),
    (r"kilowatts?", "kW", None), (r"[KMGTPE]B|(?:kilo|mega|giga|tera|peta|exa)bytes?", "", None),
    (r"seconds?|secs?", "s", None), (r"minutes?|mins?", "min", None),
    (r"hours?|hrs?", "h", None), (r"days?", "day", None), (r"weeks?", "week", None),
    (r"months?", "month", None), (r"years?|yrs?", "year", None), (r"decades?", "decade", None),
]
_BYTES = {"kilo": "KB", "mega": "MB", "giga": "GB", "tera": "TB", "peta": "PB", "exa": "EB"}
_UNIT_RE = [(re.compile(rf"(?:{p})(?![\w°])"), unit, note) for p, unit, note in _UNITS]

_HEDGES: list[tuple[str, str]] = [
    ("just over", "approx_above"), ("slightly more than", "approx_above"),
    ("a little over", "approx_above"), ("a little more than", "approx_above"),
    ("just above", "approx_above"), ("slightly over", "approx_above"),
    ("just under", "approx_below"), ("just shy of", "approx_below"), ("nearly", "approx_below"),
    ("almost", "approx_below"), ("close to", "approx_below"), ("not quite", "approx_below"),
    ("at least", "min"), ("more than", "min"), ("well over", "min"), ("over", "min"),
    ("upwards of", "min"), ("in excess of", "min"), ("no fewer than", "min"),
    ("no less than", "min"), ("not less than", "min"), ("a minimum of", "min"), ("above", "min"),
    ("exceeding", "min"), ("at most", "max"), ("up to", "max"), ("no more than", "max"),
    ("not more than", "max"), ("as many as", "max"), ("as much as", "max"), ("under", "max"),
    ("less than", "max"), ("fewer than", "max"), ("below", "max"), ("a maximum of", "max"),
    ("about", "approx"), ("around", "approx"), ("approximately", "approx"), ("approx.", "approx"),
    ("roughly", "approx"), ("some", "approx"), ("an estimated", "approx"), ("estimated", "approx"),
    ("circa", "approx"), ("~", "approx"), (">", "min"), ("<", "max"), ("≥", "min"), ("≤", "max"),
]
_HEDGE_RE = re.compile(
    r"(?:^|(?<=[\s(]))(?P<hedge>" + "|".join(re.escape(h) for h, _ in _HEDGES) + r")"
    r"(?:\s+(?:only|just|a total of))?\s*$",
    re.IGNORECASE,
)
_HEDGE_OF = {h: kind for h, kind in _HEDGES}
_POST_HEDGE = re.compile(r"^(?:\s+or\s+(?P<w>more|so|less|fewer)\b|-?(?P<plus>plus)\b|\+)", re.I)

_PERIODS = {
    "year": "year", "annum": "year", "month": "month", "week": "week", "day": "day",
    "hour": "hour", "minute": "minute", "capita": "person", "head": "person", "person": "person",
    "people": "person",
}
_ADVERB_PERIOD = {"annually": "year", "yearly": "year", "monthly": "month", "weekly": "week",
                  "daily": "day", "hourly": "hour", "per annum": "year", "a year": "year"}
_PER_AFTER = re.compile(
    r"^\s*(?:(?:per|a|an|each|every)\s+(?P<noun>[A-Za-z]+)|/\s?(?P<slash>[A-Za-z]+)"
    r"|(?P<adverb>annually|yearly|monthly|weekly|daily|hourly|per annum))\b",
    re.IGNORECASE,
)
_PERIOD_ADJ = {"annual": "year", "yearly": "year", "monthly": "month", "weekly": "week",
               "daily": "day", "hourly": "hour"}
_MONTHS = ("January|February|March|April|May|June|July|August|September|October|November|December|"
           "Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec")
_DATE_BEFORE = re.compile(rf"\b(?:{_MONTHS})\.?\s*$")
_DATE_AFTER = re.compile(rf"^(?:st|nd|rd|th)?\s*(?:of\s+)?(?:{_MONTHS})\b")
_CLOCK_AFTER = re.compile(r"^(?:\s?:\s?\d\d|\.\d\d\s*(?:am|pm)|\s*(?:am|pm|a\.m\.|p\.m\.)(?!\w))", re.I)
_ORDINAL_AFTER = re.compile(r"^(?:st|nd|rd|th)\b", re.I)
_CHANGE_VERB = re.compile(r"\b(?:rose|rise[sn]?|risen|fell|fall(?:en|s)?|increased?|decreased?|grew|"
                          r"grow[sn]?|dropped|drops?|climbed|jumped|slipped|declined|cut|raised|"
                          r"reduced|changed|went|gone|up|down)\s+$", re.I)
_RANGE_GAP = re.compile(r"\s*(?:-|–|—|to|through|and|or)\s*[$€£¥₩₽]?\s*|-\s*to\s*[$€£¥₩₽]?", re.I)
_SENTENCE_OPENERS = {"in", "at", "on", "by", "for", "only", "with", "of", "from", "the", "another",
                     "those", "these", "its", "their", "his", "her", "our", "since", "until", "after",
                     "before", "during", "all", "and", "but", "then", "now", "about", "some", "every"}
_GLUED_UNIT = re.compile(r"^(?:k|K|M|bn|m|s|h|t|g|L|l|C|in|ft|km|cm|mm|kg|mg|lbs?|mi|nm|ml|cl|pm|am|eV|"
                         r"MW|GW|kW|Wh|kWh|MWh|GB|MB|TB)\b")
_AND_A_HALF = re.compile(r"\s+and\s+a\s+half\b", re.I)
_WORD_BEFORE = re.compile(r"([A-Za-z][\w.'’-]*)\W*$")


@dataclass
class _Cand:
    """A number being turned into a quantity; mutated while context is read, then frozen."""

    start: int
    end: int
    value: float | None
    low: float | None = None
    high: float | None = None
    unit: str | None = None
    note: str | None = None
    hedge: str | None = None
    per: str | None = None
    what: str | None = None
    num_end: int = 0  # end of the number itself (before any unit), for the parse lookup
    vague: bool = False
    digits_only: bool = False
    scale: float = 1.0
    year_like: bool = False
    fraction: bool = False


def find(text: str, doc: Any = None, *, language: str | None = "en") -> list[Quantity]:
    """Every quantity in ``text``; ``doc`` (a spaCy Doc of the same text) adds what is counted.

    ``language`` is the article's ISO 639-1 code (``Article.language``); English, or None when
    it is unknown, is read here, any other by ``quantities_intl`` (which leaves ``what`` empty:
    ``doc`` is an English parse)."""
    if not languages.is_english(language):
        from newsprism.extract import quantities_intl  # it reads no English; only its own tables

        return quantities_intl.find(text, language)
    found = _text_candidates(text)
    if doc is None:
        return [_freeze(text, cand) for cand in found]
    kept = [copy(cand) for cand in found]  # the cached candidates stay as the text left them
    # after every span is final, so one amount never counts another's words
    for cand in kept:
        cand.what = _what(doc, cand, kept)
    _elliptical_more(text, kept)
    return [_freeze(text, cand) for cand in kept]


@lru_cache(maxsize=32)
def _text_candidates(text: str) -> tuple[_Cand, ...]:
    """The candidates as the text alone makes them (every span final). Cached: the scope plan
    and the extraction read the same article text one after the other (a batch holds 16)."""
    cands = _atoms_to_cands(text)
    cands = [c for c in cands if not _not_an_amount(text, c)]
    cands = _merge_ranges(text, cands)
    kept: list[_Cand] = []
    for cand in cands:
        _read_currency_before(text, cand)
        _read_unit_after(text, cand)
        if cand.fraction and cand.unit is None and cand.value is not None:
            cand.value, cand.unit = round(100 * cand.value, 4), "%"  # "half of the shortages": 50 %
        if cand.unit is None and cand.year_like:
            continue  # a year ("in 2024"), not an amount
        _read_hedge(text, cand)
        _read_period(text, cand)
        kept.append(cand)
    _share_units(text, kept)
    return tuple(kept)


def _elliptical_more(text: str, cands: list[_Cand]) -> None:
    """"thousands of soldiers ..., and thousands more are expected": the same thing is counted."""
    for before, cand in zip(cands, cands[1:]):
        if cand.what is None and before.what and re.match(r"\s+more\b", text[cand.end:]) \
                and cand.start - before.end < 200 and not re.search(r"[.!?]\s", text[before.end:cand.start]):
            cand.what = before.what


def _share_units(text: str, cands: list[_Cand]) -> None:
    """"45 and 50 mg", "3 or 4 percent": a bare number listed before a measured one shares its unit."""
    for first, second in zip(cands, cands[1:]):
        gap = text[first.end:second.start]
        if first.unit is None and second.unit is not None and not first.vague and re.fullmatch(
            r"\s*(?:,|and|or|,\s*and|,\s*or)\s*", gap
        ):
            first.unit, first.note = second.unit, first.note or second.note


def _atoms_to_cands(text: str) -> list[_Cand]:
    fractions = [m for m in numbers.FRACTION_WORDS.finditer(text) if _fraction_is_amount(text, m)]
    counted = [(m.start(), m.end()) for m in fractions if m.group("count")]
    cands = []
    for atom in numbers.find_atoms(text):
        if _overlaps(atom.start, atom.end, counted):
            continue  # "two thirds" is one fraction, not the number two
        cand = _Cand(atom.start, atom.end, atom.value, num_end=atom.end, digits_only=atom.digits_only,
                     scale=atom.scale, year_like=_year_like(text, atom))
        half = _AND_A_HALF.match(text, atom.end)
        if half is not None:  # "two and a half miles"
            cand.value, cand.end, cand.num_end, cand.digits_only = atom.value + 0.5, half.end(), half.end(), False
        cands.append(cand)
    taken = [(c.start, c.end) for c in cands]
    for match in numbers.VAGUE.finditer(text):
        bounds = numbers.vague_bounds(match)
        if bounds is None or _overlaps(match.start(), match.end(), taken):
            continue
        low, high = bounds
        cands.append(_Cand(match.start(), match.end(), None, low, high, num_end=match.end(),
                           vague=True, note=f"imprecise: '{match.group()}'"))
    taken = [(c.start, c.end) for c in cands]
    for match in fractions:
        if _overlaps(match.start(), match.end(), taken):
            continue
        cands.append(_Cand(match.start(), match.end(), numbers.fraction_value(match),
                           num_end=match.end(), fraction=True, note=f"stated as '{match.group()}'"))
    return sorted(cands, key=lambda c: c.start)


def _overlaps(start: int, end: int, spans: list[tuple[int, int]]) -> bool:
    return any(start < e and s < end for s, e in spans)


def _fraction_is_amount(text: str, match: re.Match[str]) -> bool:
    # "half of the shortages", "two thirds of the cake", "one-half miles"; not "the second half"
    before = text[max(0, match.start() - 12):match.start()].lower()
    if re.search(r"(?:first|second|third|fourth|last|final|other|the)\s+$", before):
        return False
    after = text[match.end():match.end() + 12]
    return bool(re.match(r"\s+(?:of|miles?|hours?|the|a|an)\b|[\s.,!?]|$", after)) and (
        match.group("count") is not None or re.match(r"\s+of\b", after) is not None
    )


def _year_like(text: str, atom: Atom) -> bool:
    raw = text[atom.start:atom.end]
    return bool(re.fullmatch(r"1[6-9]\d\d|20\d\d", raw))


def _not_an_amount(text: str, cand: _Cand) -> bool:
    """Dates, clock times, ordinals, identifiers, ages after a name, pronoun "one"."""
    before, after = text[max(0, cand.start - 40):cand.start], text[cand.end:cand.end + 20]
    raw = text[cand.start:cand.end]
    if cand.vague or cand.fraction:
        return False
    if re.search(r"\^$", before) or re.search(r"(?:1[6-9]|20)\d\d[-–]$", before):
        return True  # an exponent ("km^3") or the end of a year span ("2013-14")
    if _DATE_BEFORE.search(before) and re.fullmatch(r"\d{1,4}", raw):
        return True  # "November 4", "June 2024"
    if re.fullmatch(r"\d{1,2}", raw) and _DATE_AFTER.match(after):
        return True  # "4 November", "4th of July"
    if _CLOCK_AFTER.match(after) or re.search(r"\d:$", before):
        return True
    if _ORDINAL_AFTER.match(after):
        return True
    if re.match(r"^[A-Za-z]", after) and not _GLUED_UNIT.match(after) and not raw[-1:].isalpha():
        return True  # "06F6", "1500b": glued to letters that are no unit, an identifier
    if re.search(r"[A-Za-z]-?$", before) or re.search(r"\d\.$", before) and cand.digits_only:
        return True  # "L2", "F-16", "COVID-19", "i7", "2013-14"
    if re.match(r"^[-/.]\d", after) and cand.digits_only and not re.match(r"^-\d", after):
        return True  # "2024-11-04", "06/11", "1.2.3"
    if cand.digits_only and (re.match(r"^\s*/\s*\d", after) or re.search(r"\d\s*/\s*$", before)):
        return True  # "3 / 27 / 2012", "news / 2012 / 03 / 27 / story": a date or a URL split into tokens
    return _identifier_or_age(text, cand, before, after)


def _identifier_or_age(text: str, cand: _Cand, before: str, after: str) -> bool:
    raw = text[cand.start:cand.end]
    if raw.lower() == "one" and (re.match(r"^\s+(?:of|another|who|that|which|in)\b|^\s*[,.;:!?]", after)
                                 or re.search(r"\b(?:no|the|this|that|any|every|each|which)\s+$",
                                              before, re.I)):
        return True
    if cand.digits_only and re.search(r"(?:No\.|#|Nos\.)\s*$", before):
        return True
    word = _WORD_BEFORE.search(before)
    if cand.digits_only and word and before.endswith(word.group(1) + " "):
        prev = word.group(1)
        start_of_sentence = prev.lower() in _SENTENCE_OPENERS
        hedge_word = prev.lower() in {h.split()[-1] for h in _HEDGE_OF} or prev.lower() in {
            "only", "just", "some", "all", "and", "or", "to", "of", "in"}
        if prev[0].isupper() and not start_of_sentence and not hedge_word and prev not in {"US", "U.S."}:
            if not re.match(r"^\s*(?:%|percent|per cent|million|billion|thousand)", after):
                return True  # "Voyager 2", "English 101", "Flight 370"
    if cand.digits_only and re.search(r"[A-Z][a-z]+,\s*$", before) and re.match(r"^\s*,", after):
        return bool(re.fullmatch(r"\d{1,3}", raw))  # "Smith, 45, said": an age set off after a name
    return False


def _merge_ranges(text: str, cands: list[_Cand]) -> list[_Cand]:
    out: list[_Cand] = []
    i = 0
    while i < len(cands):
        cand = cands[i]
        nxt = cands[i + 1] if i + 1 < len(cands) else None
        if nxt is not None and cand.value is not None and nxt.value is not None:
            merged = _range_of(text, cand, nxt)
            if merged is not None:
                out.append(merged)
                i += 2
                continue
        out.append(cand)
        i += 1
    return out


def _range_of(text: str, first: _Cand, second: _Cand) -> _Cand | None:
    gap = text[first.end:second.start]
    if len(gap) > 14:
        return None
    probe = _Cand(first.start, first.end, first.value, num_end=first.end)
    _read_unit_after(text, probe)
    unit_gap = text[probe.end:second.start] if probe.unit else gap
    if not _RANGE_GAP.fullmatch(unit_gap):
        return None
    probe2 = _Cand(second.start, second.end, second.value, num_end=second.end)
    _read_unit_after(text, probe2)
    if probe.unit and probe2.unit and probe.unit != probe2.unit:
        return None  # "44 ml to 50 mg": two measurements, not a range
    word = unit_gap.strip(" $€£¥₩₽").lower()
    before = text[max(0, first.start - 30):first.start].lower()
    if word in {"and", "or"} and not re.search(r"between\s+[$€£¥₩₽]?$", before):
        return None  # "45 and 50 cases" are two numbers; "between 45 and 50" is a range
    if word in {"-", "–", "—"} and (first.year_like or second.year_like):
        return None  # "2013-14"
    if word in {"to", "-"} and _CHANGE_VERB.search(re.sub(r"from\s+[$€£¥₩₽]?$", "", before)) \
            and re.search(r"from\s+[$€£¥₩₽]?$", before):
        return None  # "rose from 3% to 5%": two values, not a range
    low, high = first.value, second.value
    assert low is not None and high is not None
    if first.scale == 1.0 and second.scale > 1.0 and low < high / second.scale:
        low *= second.scale  # "3 to 5 million" shares the scale
    start = first.start
    if re.search(r"between\s+[$€£¥₩₽]?$", before):
        start = first.start  # "between" is read as part of the hedge context, not the span
    return _Cand(start, second.end, None, min(low, high), max(low, high), num_end=second.end,
                 unit=probe.unit, note=probe.note, scale=second.scale)


def _read_currency_before(text: str, cand: _Cand) -> None:
    before = text[max(0, cand.start - 6):cand.start]
    for symbol, code in _CURRENCY_PREFIX:
        if re.search(re.escape(symbol) + r"\s?[-−]?$", before):
            cand.start -= len(before) - before.rfind(symbol)
            cand.unit = code
            # "$5m", "$2bn": a letter scale right after a money amount is millions/billions
            scale = re.match(r"^(m|mn|bn|b)\b", text[cand.end:], re.I)
            if scale and cand.scale == 1.0:
                factor = 1e6 if scale.group(1).lower() in {"m", "mn"} else 1e9
                cand.value = cand.value * factor if cand.value is not None else None
                cand.low = cand.low * factor if cand.low is not None else None
                cand.high = cand.high * factor if cand.high is not None else None
                cand.end += scale.end()
            return


def _read_unit_after(text: str, cand: _Cand) -> None:
    after = text[cand.end:cand.end + 40]
    gap = re.match(r"^(?:\s?-\s?|\s|\u00a0)?", after)
    offset = gap.end() if gap else 0
    rest = after[offset:]
    for pattern, code in _CURRENCY_SUFFIX:
        match = re.match(rf"(?:{pattern})(?!\w)", rest, re.IGNORECASE if pattern != "€" else 0)
        if match and cand.unit is None:
            cand.unit = code or match.group().upper()
            if match.group().lower().startswith("dollar"):
                cand.note = DOLLAR_NOTE
            cand.end += offset + match.end()
            return
    if cand.unit is not None:
        return
    for regex, unit, note in _UNIT_RE:
        match = regex.match(rest)
        if match is None or (match.group() in {"m", "g", "t", "L", "l", "h", "s"} and offset > 1):
            continue
        if match.group() == "C" and offset != 0:
            continue  # "-10C" is a temperature; "30 C" is too ambiguous
        surface = match.group()
        if unit == "lb" and surface.lower().startswith("pound") and cand.scale >= 1e6:
            unit, note = "GBP", None  # "20 million pounds" is money, not weight
        cand.unit = unit or _unit_symbol(surface)
        cand.note = cand.note or note
        cand.end += offset + match.end()
        return


def _unit_symbol(surface: str) -> str:
    lowered = surface.lower()
    for prefix, symbol in _BYTES.items():
        if lowered.startswith(prefix):
            return symbol
    return surface


def _read_hedge(text: str, cand: _Cand) -> None:
    if cand.vague:
        cand.hedge = "approx"
        match = _HEDGE_RE.search(text[max(0, cand.start - 30):cand.start])
        if match:
            cand.hedge = _HEDGE_OF[match.group("hedge").lower()]
            cand.start -= len(text[max(0, cand.start - 30):cand.start]) - match.start("hedge")
        return
    window = text[max(0, cand.start - 30):cand.start]
    match = _HEDGE_RE.search(window)
    cand.hedge = "exact"
    if match is not None:
        cand.hedge = _HEDGE_OF[match.group("hedge").lower()]
        cand.start -= len(window) - match.start("hedge")
    elif cand.low is not None and re.search(r"between\s*$", window, re.I):
        cand.start -= len(window) - re.search(r"between\s*$", window, re.I).start()
    post = _POST_HEDGE.match(text[cand.end:cand.end + 12])
    if post is not None:
        word = (post.group("w") or "plus").lower()
        cand.hedge = {"more": "min", "plus": "min", "so": "approx", "less": "max", "fewer": "max"}[word]
        cand.end += post.end()


def _read_period(text: str, cand: _Cand) -> None:
    if cand.unit in {"km/h", "mph"}:
        return
    after = text[cand.end:cand.end + 80]
    # skip "of rice", "of grain" etc. between the amount and its period
    skip = re.match(r"^(?:\s+of\s+(?:[A-Za-z-]+\s+){0,2}?[A-Za-z-]+(?=\s+(?:per|a|an|each|every|annually|"
                    r"yearly|monthly|weekly|daily|per annum)\b))?", after)
    rest = after[skip.end() if skip else 0:]
    match = _PER_AFTER.match(rest)
    if match is not None:
        noun = (match.group("noun") or match.group("slash") or "").lower()
        if match.group("adverb"):
            cand.per = _ADVERB_PERIOD.get(match.group("adverb").lower(), "year")
        elif noun:
            lemma = noun[:-1] if noun.endswith("s") and noun not in {"people", "capita"} else noun
            if match.group(0).strip().lower().startswith(("a ", "an ")) and lemma not in _PERIODS:
                lemma = ""  # "a week" is a period; "a new ..." is not a denominator
            cand.per = _PERIODS.get(lemma, lemma or None) if lemma not in {"the", "of"} else None
        if cand.per is not None and (cand.end + (skip.end() if skip else 0)) == cand.end:
            cand.end += match.end()  # "$800 a month": the period belongs to the quantity's words
        if cand.per is not None:
            return
    before = text[max(0, cand.start - 60):cand.start]
    adj = re.search(r"\b(annual|yearly|monthly|weekly|daily|hourly)\s+(?:[a-z]+\s+){1,2}of\s+$", before, re.I)
    if adj is not None:
        cand.per = _PERIOD_ADJ[adj.group(1).lower()]


def _what(doc: Any, cand: _Cand, cands: list[_Cand]) -> str | None:
    from newsprism.extract.counted import counted_noun

    others = [(c.start, c.end) for c in cands if c is not cand]  # identity: a _Cand, not a token
    return counted_noun(doc, cand.start, cand.num_end, cand.end, cand.unit, others)


def _freeze(text: str, cand: _Cand) -> Quantity:
    value = cand.value
    if value is not None and float(value).is_integer():
        value = float(value)
    quantity = QuantityValue(
        value=value, low=cand.low, high=cand.high, unit=cand.unit, per=cand.per,
        hedge=cand.hedge, what=cand.what, note=cand.note,
    )
    return Quantity(start=cand.start, end=cand.end, text=text[cand.start:cand.end], quantity=quantity)


def with_what(quantity: Quantity, what: str | None) -> Quantity:
    """A copy with ``what`` set (used when a later pass knows better)."""
    return replace(quantity, quantity=replace(quantity.quantity, what=what))
