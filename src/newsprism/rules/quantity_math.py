"""Numbers as intervals: units, periods, hedges, compatibility and rate x count x period.

Shared by the align and judge stages (not a stage itself). A stated quantity becomes the interval
of values it allows: "about 2,000" is 2,000 +/- 10%, "over 200 million" is [200 million, inf),
"nearly 20,000" is [17,000, 20,000], "600,000 to 700,000" is that range. Two statements are
compatible when their intervals meet. Arithmetic checks additionally read a round figure as
rounded ("$200 million" could be anything from 150 to 250 million), because news rounds totals.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from newsprism.types import QuantityValue

# Relative slack for each hedge; the hedge words follow the contract's quantity.hedge.
APPROX_SLACK = 0.10
EXACT_SLACK = 0.005
NEAR_SLACK = 0.15

# Canonical unit spellings extraction may give, folded to one symbol per unit.
_UNIT_ALIASES = {
    "usd": "USD", "$": "USD", "dollar": "USD", "dollars": "USD", "us$": "USD",
    "eur": "EUR", "€": "EUR", "euro": "EUR", "euros": "EUR",
    "gbp": "GBP", "£": "GBP", "pound sterling": "GBP",
    "t": "t", "ton": "t", "tons": "t", "tonne": "t", "tonnes": "t", "metric ton": "t",
    "metric tons": "t", "short ton": "t",
    "kg": "kg", "kilogram": "kg", "kilograms": "kg", "g": "g", "gram": "g", "grams": "g",
    "km": "km", "kilometre": "km", "kilometer": "km", "kilometres": "km", "kilometers": "km",
    "m": "m", "metre": "m", "meter": "m", "metres": "m", "meters": "m",
    "mi": "mi", "mile": "mi", "miles": "mi",
    "%": "%", "percent": "%", "per cent": "%", "pct": "%",
}
# Units of one dimension, with the factor to the dimension's base unit.
_TO_BASE = {
    "t": ("mass", 1000.0), "kg": ("mass", 1.0), "g": ("mass", 0.001),
    "km": ("length", 1000.0), "m": ("length", 1.0), "mi": ("length", 1609.344),
}
_PERIOD_ALIASES = {
    "annually": "year", "annual": "year", "yearly": "year", "a year": "year", "per year": "year",
    "years": "year", "yr": "year", "monthly": "month", "months": "month", "a month": "month",
    "weekly": "week", "weeks": "week", "daily": "day", "days": "day", "a day": "day",
    "hourly": "hour", "hours": "hour",
}
# Length of each period in months, for converting rates.
PERIOD_MONTHS = {"year": 12.0, "month": 1.0, "week": 12.0 / 52.0, "day": 12.0 / 365.0, "hour": 12.0 / 8760.0}


def canonical_unit(unit: str | None) -> str | None:
    """One spelling per unit ("tonnes", "tons", "t" -> "t"); unknown units pass through."""
    if unit is None:
        return None
    key = unit.strip().lower()
    return _UNIT_ALIASES.get(key, unit.strip())


def canonical_period(per: str | None) -> str | None:
    """One spelling per rate period ("annually" -> "year"); other denominators pass through."""
    if per is None:
        return None
    key = per.strip().lower()
    key = re.sub(r"^(per|a|an|each|every)\s+", "", key) if key not in _PERIOD_ALIASES else key
    return _PERIOD_ALIASES.get(key, key)


def is_time_period(per: str | None) -> bool:
    return canonical_period(per) in PERIOD_MONTHS


def units_comparable(a: str | None, b: str | None) -> bool:
    """Same unit, or two units of one dimension (t and kg); a bare count only matches a count."""
    ua, ub = canonical_unit(a), canonical_unit(b)
    if ua == ub:
        return True
    if ua in _TO_BASE and ub in _TO_BASE:
        return _TO_BASE[ua][0] == _TO_BASE[ub][0]
    return False


def unit_factor(unit: str | None) -> float:
    """Factor to the dimension's base unit (1 for units without a conversion)."""
    return _TO_BASE.get(canonical_unit(unit) or "", ("", 1.0))[1]


@dataclass(frozen=True, slots=True)
class Interval:
    """The values a statement allows, in base units; ``central`` is the stated point."""

    low: float
    high: float
    central: float

    def meets(self, other: "Interval") -> bool:
        return self.low <= other.high and other.low <= self.high


def _point(value: float, hedge: str | None) -> tuple[float, float]:
    if hedge == "approx":
        return value * (1 - APPROX_SLACK), value * (1 + APPROX_SLACK)
    if hedge == "min":
        return value, math.inf
    if hedge == "max":
        return 0.0 if value >= 0 else -math.inf, value
    if hedge == "approx_below":
        return value * (1 - NEAR_SLACK), value
    if hedge == "approx_above":
        return value, value * (1 + NEAR_SLACK)
    return value * (1 - EXACT_SLACK), value * (1 + EXACT_SLACK)


def interval(q: QuantityValue, *, rounding: bool = False) -> Interval | None:
    """The interval a quantity allows (in base units), or None when it carries no number.

    ``rounding`` widens an exact round figure to what rounds to it (200 million -> 150-250
    million), as arithmetic checks need.
    """
    factor = unit_factor(q.unit)
    if q.value is not None:
        low, high = _point(q.value, q.hedge)
        if q.hedge in (None, "exact", "approx"):
            # A round figure stands for what rounds to it: in full for arithmetic, and up to
            # APPROX_SLACK when comparing reports (49 and 50 agree; 12 and 30 do not).
            half = rounding_step(q.value) / 2
            if not rounding:
                half = min(half, abs(q.value) * APPROX_SLACK)
            low, high = min(low, q.value - half), max(high, q.value + half)
        central = q.value
    elif q.low is not None or q.high is not None:
        low = q.low if q.low is not None else 0.0
        high = q.high if q.high is not None else math.inf
        if q.hedge == "approx":
            low, high = low * (1 - APPROX_SLACK), high * (1 + APPROX_SLACK)
        central = (low + high) / 2 if math.isfinite(high) else low
    else:
        return None
    return Interval(low * factor, high * factor, central * factor)


def rounding_step(value: float) -> float:
    """Place value of the last significant digit: 200,000,000 -> 100,000,000; 2,400 -> 100."""
    if value == 0 or not math.isfinite(value):
        return 1.0
    magnitude = abs(value)
    step = 10.0 ** math.floor(math.log10(magnitude))
    while step >= 1 and not math.isclose(magnitude / step, round(magnitude / step), abs_tol=1e-9):
        step /= 10
    return max(step, 1.0) if magnitude >= 1 else step


def per_month_factor(per: str | None) -> float | None:
    """How many of ``per`` fit in a month (None when ``per`` is not a time period)."""
    period = canonical_period(per)
    if period not in PERIOD_MONTHS:
        return None
    return PERIOD_MONTHS[period]


def compatible(a: QuantityValue, b: QuantityValue) -> bool | None:
    """Do two quantities allow a common value? None when they cannot be compared (other unit,
    other rate period, or no number)."""
    if not units_comparable(a.unit, b.unit):
        return None
    pa, pb = canonical_period(a.per), canonical_period(b.per)
    ia, ib = interval(a), interval(b)
    if ia is None or ib is None:
        return None
    if pa != pb and pa is not None and pb is not None:
        fa, fb = per_month_factor(pa), per_month_factor(pb)
        if fa is None or fb is None:
            return None
        # Express both as per-month rates before comparing.
        ia = Interval(ia.low / fa, ia.high / fa, ia.central / fa)
        ib = Interval(ib.low / fb, ib.high / fb, ib.central / fb)
    return ia.meets(ib)


def magnitude_ratio(a: QuantityValue, b: QuantityValue) -> float:
    """How many times larger the larger central figure is (rates compared per month)."""
    ia, ib = interval(a), interval(b)
    if ia is None or ib is None:
        return 1.0
    fa, fb = per_month_factor(a.per), per_month_factor(b.per)
    if fa is None or fb is None:
        fa = fb = 1.0  # a figure without a period is taken as stated
    ca, cb = abs(ia.central / fa), abs(ib.central / fb)
    if min(ca, cb) == 0:
        return math.inf if max(ca, cb) > 0 else 1.0
    return max(ca, cb) / min(ca, cb)


def same_statement(a: QuantityValue, b: QuantityValue) -> bool:
    """The same figure with the same hedge (no explanation needed when they agree)."""
    return (
        a.value == b.value and a.low == b.low and a.high == b.high
        and (a.hedge or "exact") == (b.hedge or "exact")
        and canonical_unit(a.unit) == canonical_unit(b.unit)
    )


_HEDGE_WORDS = {
    "approx": "about", "min": "at least", "max": "at most", "approx_below": "nearly",
    "approx_above": "just over", "exact": "", None: "",
}


def format_number(value: float) -> str:
    """A figure as a reader writes it: 240,000,000 -> "240 million"."""
    if not math.isfinite(value):
        return "unbounded"
    for size, word in ((1e12, "trillion"), (1e9, "billion"), (1e6, "million")):
        if abs(value) >= size:
            scaled = value / size
            text = f"{scaled:,.2f}".rstrip("0").rstrip(".")
            return f"{text} {word}"
    if float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def describe(q: QuantityValue) -> str:
    """A short wording of a quantity: "about $2,000 a month", "600,000-700,000 t"."""
    if q.value is not None:
        number = format_number(q.value)
    elif q.low is not None and q.high is not None:
        number = f"{format_number(q.low)}-{format_number(q.high)}"
    elif q.low is not None:
        number = f"{format_number(q.low)} or more"
    elif q.high is not None:
        number = f"up to {format_number(q.high)}"
    else:
        number = "?"
    unit = canonical_unit(q.unit)
    if unit == "USD":
        text = f"${number}"
    elif unit:
        text = f"{number} {unit}"
    else:
        text = number
    hedge = _HEDGE_WORDS.get(q.hedge, q.hedge or "")
    text = f"{hedge} {text}".strip()
    if q.per:
        text += f" a {canonical_period(q.per)}"
    return text


def why_compatible(a: QuantityValue, b: QuantityValue) -> str:
    """One sentence on why two differently hedged figures still agree."""
    if same_statement(a, b):
        return f"both give {describe(a)}"
    hedges = {a.hedge, b.hedge}
    if "min" in hedges:
        floor, other = (a, b) if a.hedge == "min" else (b, a)
        return (f"'{describe(floor)}' only sets a floor, which '{describe(other)}' meets, so the "
                "figures agree")
    if "max" in hedges:
        cap, other = (a, b) if a.hedge == "max" else (b, a)
        return f"'{describe(cap)}' only sets a ceiling, which '{describe(other)}' respects"
    if canonical_unit(a.unit) == canonical_unit(b.unit) and a.unit != b.unit:
        return f"'{a.unit}' and '{b.unit}' are the same unit and the figures match"
    return f"'{describe(a)}' and '{describe(b)}' overlap once their hedges are allowed for"


def why_incompatible(a: QuantityValue, b: QuantityValue) -> str:
    return (f"'{describe(a)}' and '{describe(b)}' cannot both be true: no value satisfies both "
            "once their hedges are allowed for")
