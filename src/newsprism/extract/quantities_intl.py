"""Quantities in French, German, Spanish and Russian (and digits in any other language).

The same records as the English reader (``quantities``), with language-neutral values: "plus de
9 millions d'obus", "über 9 Millionen Granaten" and "более 9 млн снарядов" are all 9e6 with hedge
``min``, as "over 9 million shells" is; "2 000 dollars par mois", "2.000 Dollar im Monat" and
"2000 долларов в месяц" are 2000 USD per month. The words come from ``locales``: decimal commas,
thousands written with spaces (also thin and narrow no-break spaces) or dots, scale words and
abbreviations, spelled numbers (text2num, for the languages it reads), currencies, units,
hedges, periods and vague amounts ("des milliers"). As in English, years, dates, clock times,
ordinals and identifiers ("F-16", "Boeing 737", "n° 5") are not amounts.

What is counted (``what``) is left empty: the parse the English reader takes it from is an
English one.
"""

from __future__ import annotations

import re
from functools import lru_cache

from text_to_num import text2num

from newsprism.extract import locales
from newsprism.extract.quantities import _Cand  # the number being read, as the English reader keeps it
from newsprism.extract.locales import DOLLAR_NOTE, Locale
from newsprism.types import Quantity, QuantityValue

_SPACES = "\u00a0\u202f\u2009 "
_DIGITS = {
    ",": rf"\d{{1,3}}(?:(?:[{_SPACES}]|\.)\d{{3}}(?!\d))+(?:,\d+)?|\d+(?:,\d+)?",
    None: rf"\d{{1,3}}(?:[{_SPACES},.]\d{{3}}(?!\d))+(?:[.,]\d+)?|\d+(?:[.,]\d+)?",
}
_YEAR = re.compile(r"1[6-9]\d\d|20\d\d")
_GLUED = re.compile(r"^(?:km|kg|mm|cm|m|t|g|l|h|k|ml|MW|GW|kW|kWh|MWh|bn|Mio|Mrd|Md|млн|млрд|тыс|км|кг|"
                    r"мм|см|м|т|г|л|ч|%)(?![^\W\d_])")
_NUMBER_SIGN = r"(?:n[°º]|N[°º]|Nr\.|No\.|Nº|№|#)\s*$"


def find(text: str, language: str) -> list[Quantity]:
    """Every quantity in ``text`` written in ``language`` (an ISO 639-1 code, not English)."""
    return [_freeze(text, cand) for cand in _candidates(text, language)]


@lru_cache(maxsize=32)
def _candidates(text: str, language: str) -> tuple[_Cand, ...]:
    locale = locales.get(language)
    cands = [c for c in _atoms(text, locale) if not _not_an_amount(text, c, locale)]
    cands = _merge_ranges(text, cands, locale)
    kept = []
    for cand in cands:
        year = cand.digits_only and _YEAR.fullmatch(text[cand.start:cand.end]) is not None
        if year and re.match(locale.year_after, text[cand.end:], re.I):
            continue  # "2019 года", "в 2019 г."
        _read_currency_before(text, cand)
        _read_unit_after(text, cand, locale)
        if year and cand.unit in {None, "year"}:
            continue  # a year ("en 2019"), not an amount
        _read_hedge(text, cand, locale)
        _read_period(text, cand, locale)
        kept.append(cand)
    return tuple(kept)


# --------------------------------------------------------------------------- numbers


@lru_cache(maxsize=16)
def _number_re(locale: Locale) -> re.Pattern[str]:
    scales = "|".join(p for p, _ in locale.scales) or r"(?!)"
    return re.compile(
        rf"(?P<sign>(?<![\w.,])[-−])?(?<![\d.,])(?P<digits>{_DIGITS[locale.decimal]})"
        rf"(?P<scale>[{_SPACES}]?(?:{scales})(?![\w]))?",
        re.IGNORECASE,
    )


def _digits_value(raw: str, decimal: str | None) -> float:
    raw = re.sub(rf"[{_SPACES}]", "", raw)
    if decimal == ",":
        return float(raw.replace(".", "").replace(",", "."))
    marks = re.findall(r"[.,]", raw)
    if not marks:
        return float(raw)
    last = max(raw.rfind("."), raw.rfind(","))
    if len(set(marks)) == 1 and (len(marks) > 1 or len(raw) - last - 1 == 3):
        return float(re.sub(r"[.,]", "", raw))  # "1.000.000", "1,000": thousands
    return float(re.sub(r"[.,]", "", raw[:last]) + "." + raw[last + 1:])


def _scale_of(raw: str, locale: Locale) -> float:
    word = raw.strip(_SPACES)
    for pattern, factor in locale.scales:
        if re.fullmatch(pattern, word, re.IGNORECASE):
            return float(factor)  # type: ignore[arg-type]
    return 1.0


def _atoms(text: str, locale: Locale) -> list[_Cand]:
    cands = []
    for match in _number_re(locale).finditer(text):
        value = _digits_value(match.group("digits"), locale.decimal)
        scale = _scale_of(match.group("scale"), locale) if match.group("scale") else 1.0
        value = float(f"{value * scale:.12g}")  # 16,4 millions is 16400000, not 16399999.999999998
        if match.group("sign"):
            value = -value
        cands.append(_Cand(match.start(), match.end(), value, scale=scale,
                           digits_only=not match.group("scale")))
    taken = [(c.start, c.end) for c in cands]
    cands += [c for c in _spelled(text, locale) if not _overlaps(c.start, c.end, taken)]
    taken = [(c.start, c.end) for c in cands]
    for pattern, (low, high) in locale.vague:  # type: ignore[misc]
        for match in re.finditer(rf"(?<!\w){pattern}(?!\w)", text, re.IGNORECASE):
            if not _overlaps(match.start(), match.end(), taken):
                taken.append((match.start(), match.end()))
                cands.append(_Cand(match.start(), match.end(), None, float(low), float(high), vague=True,
                                   note=f"imprecise: '{match.group()}'"))
    return sorted(cands, key=lambda c: c.start)


def _spelled(text: str, locale: Locale) -> list[_Cand]:
    if (locale.code not in locales.TEXT2NUM_LANGUAGES and locale.code != "ru") or locale.spelled is None:
        return []
    word = rf"\b{locale.spelled}\b"
    out = []
    for match in re.finditer(rf"{word}(?:(?:[{_SPACES}]+|-){word})*", text, re.IGNORECASE):
        words = list(re.finditer(r"[^\s-]+", match.group()))
        while words and words[-1].group().lower() in {"et", "y", "und"}:
            words.pop()
        while words and words[0].group().lower() in {"et", "y", "und"}:
            words.pop(0)
        if not words or (len(words) == 1 and words[0].group().lower() in locale.lone_words):
            continue
        start, end = match.start() + words[0].start(), match.start() + words[-1].end()
        if locale.code == "ru":
            value = locales.ru_value([w.group() for w in words])
            if value is None:
                continue
            out.append(_Cand(start, end, value))
            continue
        try:
            words_read = re.sub(r"^eine\b", "ein", text[start:end].lower())  # text2num: "ein million" only
            value = float(text2num(words_read, locale.code))
        except ValueError:
            continue  # a run text2num refuses is left unread rather than guessed
        out.append(_Cand(start, end, value))
    return out


def _overlaps(start: int, end: int, spans: list[tuple[int, int]]) -> bool:
    return any(start < e and s < end for s, e in spans)


# --------------------------------------------------------------------------- not amounts


def _not_an_amount(text: str, cand: _Cand, locale: Locale) -> bool:
    """Dates, clock times, ordinals, identifiers: numbers that count nothing."""
    if cand.vague or not cand.digits_only:
        return False
    before, after = text[max(0, cand.start - 40):cand.start], text[cand.end:cand.end + 30]
    raw = text[cand.start:cand.end]
    short = re.fullmatch(r"[-−]?\d{1,2}", raw) is not None
    if re.search(rf"(?:{locale.months})\.?\s*(?:de\s+)?$", before, re.I) and re.fullmatch(r"\d{1,4}", raw):
        return True  # "novembre 2024", "im November 2024"
    if short and re.match(rf"^\.?\s*(?:de\s+)?(?:{locale.months})(?!\w)", after, re.I):
        return True  # "4 novembre", "4. November", "4 de noviembre", "4 ноября"
    if re.match(locale.time_after, after) or re.match(r"^\s?:\s?\d\d", after) or re.search(r"\d\s?[:h]$", before):
        return True  # "14h30", "14 Uhr", "14:30"
    if re.match(locale.ordinal_after, after):
        return True  # "1er", "3.", "2º", "3-й"
    if re.match(r"^[^\W\d_]", after) and not _GLUED.match(after):
        return True  # "1500b", "06F6": glued to letters that are no unit
    if re.search(r"[^\W\d_][-‐]?$", before) or re.search(r"\d[.,/]$", before):
        return True  # "F-16", "COVID-19", "Су-35", the tail of "12.03.2024"
    if re.match(r"^[-/.]\d", after) and not re.match(r"^-\d", after):
        return True  # "2024-11-04", "06/11", "12.03.2024", "3.5" where the decimal mark is ","
    if re.search(_NUMBER_SIGN, before):
        return True  # "n° 5", "Nr. 3", "№ 7"
    return locale.id_before_capital and _named_thing(before, after)


def _named_thing(before: str, after: str) -> bool:
    """"Boeing 737", "Ligue 1": a capitalised word inside a sentence names the number."""
    word = re.search(r"(?:^|(?<=[\s(«\"“]))([^\W\d_][\w'’-]*)\s$", before)
    if word is None or not word.group(1)[0].isupper() or word.group(1).isupper() and len(word.group(1)) <= 3:
        return False  # "USD 5", "UE 27" are read elsewhere or left be
    opener = before[:word.start(1)].rstrip()
    if not opener or opener[-1] in ".!?:;«\"“(—–-":
        return False  # the first word of a sentence is capitalised anyway
    return not re.match(r"^\s*(?:%|[$€£])", after)


# --------------------------------------------------------------------------- ranges


def _merge_ranges(text: str, cands: list[_Cand], locale: Locale) -> list[_Cand]:
    out: list[_Cand] = []
    i = 0
    while i < len(cands):
        nxt = cands[i + 1] if i + 1 < len(cands) else None
        merged = _range_of(text, cands[i], nxt, locale) if nxt is not None else None
        out.append(merged or cands[i])
        i += 2 if merged is not None else 1
    return out


def _range_of(text: str, first: _Cand, second: _Cand, locale: Locale) -> _Cand | None:
    if first.value is None or second.value is None or second.start - first.end > 16:
        return None
    probe, probe2 = _Cand(first.start, first.end, first.value), _Cand(second.start, second.end, second.value)
    _read_unit_after(text, probe, locale)
    _read_unit_after(text, probe2, locale)
    if probe.unit and probe2.unit and probe.unit != probe2.unit:
        return None
    gap = text[probe.end:second.start] if probe.end <= second.start else text[first.end:second.start]
    before = text[max(0, first.start - 40):first.start]
    dash = re.fullmatch(r"\s*[-–—]\s*[$€£]?\s*", gap) is not None
    if dash and (_YEAR.fullmatch(text[first.start:first.end]) or _YEAR.fullmatch(text[second.start:second.end])):
        return None  # "2013-2014"
    word = re.fullmatch(rf"\s+(?:{locale.range_words})\s+[$€£]?\s*", gap, re.I) is not None
    paired = any(re.search(opener, before, re.I) and re.fullmatch(rf"\s+(?:{between})\s+[$€£]?\s*", gap, re.I)
                 for opener, between in locale.range_pairs)
    if not (dash or word or paired):
        return None
    if re.search(locale.change_verbs, before, re.I):
        return None  # "passé de 3 % à 5 %": a change between two values
    low, high = first.value, second.value
    if first.scale == 1.0 and second.scale > 1.0 and abs(low) < abs(high) / second.scale:
        low *= second.scale  # "3 à 5 millions" share the scale
    return _Cand(first.start, second.end, None, min(low, high), max(low, high), unit=probe.unit,
                 note=probe.note, scale=second.scale)


# --------------------------------------------------------------------------- context


def _read_currency_before(text: str, cand: _Cand) -> None:
    before = text[max(0, cand.start - 5):cand.start]
    for pattern, code in locales.symbol_currencies():
        if code is None:
            continue
        match = re.search(rf"(?:{pattern})[{_SPACES}]?[-−]?$", before)
        if match:
            cand.start -= len(before) - match.start()
            cand.unit = str(code)
            return


def _read_unit_after(text: str, cand: _Cand, locale: Locale) -> None:
    """Currency or unit right after the number (after "de"/"d'" when a scale word came first)."""
    after = text[cand.end:cand.end + 50]
    gap = re.match(rf"^[{_SPACES}]?", after)
    offsets = [gap.end() if gap else 0]
    joined = re.match(rf"^[{_SPACES}]?{locale.of}", after, re.I)
    if joined and (cand.scale > 1.0 or cand.vague):
        offsets.append(joined.end())  # "9 millions de dollars", "des milliers d'euros"
    for offset in offsets:
        rest = after[offset:]
        for table, flags in ((locales.symbol_currencies(), 0), (locale.currencies, re.I),
                             (locales.symbol_units(), 0), (locale.units, re.I)):
            for pattern, code in table:
                match = re.match(rf"(?:{pattern})(?![\w°²])", rest, flags)
                if match is None or (offset > 1 and len(match.group()) <= 2 and table in (
                        locales.symbol_units(), locale.units) and code != "%"):
                    continue  # "millions de t" is no unit; "millions de $" is a currency
                if cand.unit is not None and table in (locales.symbol_units(), locale.units):
                    return  # "$5 millions": the currency before is the unit
                if cand.unit is None:
                    cand.unit = match.group().upper() if code is None else str(code).rstrip("!")
                    cand.note = DOLLAR_NOTE if str(code).endswith("!") else cand.note
                cand.end += offset + match.end()
                return


def _read_hedge(text: str, cand: _Cand, locale: Locale) -> None:
    window = text[max(0, cand.start - 40):cand.start]
    best: tuple[int, str] | None = None
    for pattern, kind in locale.hedges:
        match = re.search(rf"(?:^|(?<=[\s(«\"“'’]))(?:{pattern})\s*$", window, re.I)
        if match and (best is None or match.start() < best[0]):
            best = (match.start(), str(kind))
    if best is None and re.search(r"(?:~|≈)\s*$", window):
        best = (window.rfind("~") if "~" in window else window.rfind("≈"), "approx")
    cand.hedge = "approx" if cand.vague else "exact"
    if best is not None:
        cand.hedge = best[1]
        cand.start -= len(window) - best[0]
    for pattern, kind in locale.post_hedges:
        post = re.match(rf"^\s+(?:{pattern})(?!\w)", text[cand.end:cand.end + 20], re.I)
        if post:
            cand.hedge = str(kind)
            cand.end += post.end()
            return


def _read_period(text: str, cand: _Cand, locale: Locale) -> None:
    if cand.unit in {"km/h"}:
        return
    after = text[cand.end:cand.end + 60]
    for pattern, per in locale.periods:
        match = re.match(rf"^[\s,]*(?:{pattern})(?![\w])", after, re.I)
        if match:
            cand.per, cand.end = str(per), cand.end + match.end()
            return
    for words in (1, 2):  # "2 000 tonnes de riz par an": the period is the amount's
        skipped = re.match(rf"^(?:{locale.of}|\s+)[^\W\d_]+(?:\s+[^\W\d_]+){{{words - 1}}}", after, re.I)
        for pattern, per in locale.periods if skipped else ():
            if re.match(rf"^\s*(?:{pattern})(?![\w])", after[skipped.end():], re.I):
                cand.per = str(per)
                return
    before = text[max(0, cand.start - 50):cand.start]
    for pattern, per in locale.periods:  # "un salaire mensuel de 800 euros"
        if re.search(rf"(?<!\w)(?:{pattern})(?:\s+[^\W\d_]+)?\s+(?:de|d['’]|von|в размере)\s*$", before, re.I):
            cand.per = str(per)
            return


def _freeze(text: str, cand: _Cand) -> Quantity:
    value = float(cand.value) if cand.value is not None else None
    quantity = QuantityValue(value=value, low=cand.low, high=cand.high, unit=cand.unit, per=cand.per,
                             hedge=cand.hedge, what=None, note=cand.note)
    return Quantity(start=cand.start, end=cand.end, text=text[cand.start:cand.end], quantity=quantity)
