"""Arithmetic checks between the claims of a story: rate x count x period against a stated total.

Only combinations the reports themselves put together are checked: a total is tested against a
count mentioned in the same sentence ("if at least 10,000 are sent, this amounts to $200 million")
and a rate per person of the same kind of people ("each soldier ... about $2,000 a month"). Every
distinct wording of the total ("$200 million", "over $200 million") gets its own check, read with
its hedge and, for a round figure, its rounding.
"""

from __future__ import annotations

import math
import re
from typing import Mapping, Sequence

from newsprism.rules import quantity_math as qm
from newsprism.types import ArithmeticCheck, ClaimCandidate, QuantityValue

_CURRENCY = re.compile(r"^[A-Z]{3}$")


def _is_money(q: QuantityValue) -> bool:
    unit = qm.canonical_unit(q.unit)
    return bool(unit and _CURRENCY.match(unit))


def _rate(members: Sequence[ClaimCandidate]) -> ClaimCandidate | None:
    for c in members:
        q = c.quantity
        if q is not None and c.role and _is_money(q) and qm.is_time_period(q.per) and not c.increment:
            return c
    return None


def _count(members: Sequence[ClaimCandidate]) -> ClaimCandidate | None:
    for c in members:
        q = c.quantity
        if q is not None and c.role and q.unit is None and not c.increment and q.per is None:
            if qm.interval(q) is not None:
                return c
    return None


def _totals(members: Sequence[ClaimCandidate]) -> list[ClaimCandidate]:
    return [
        c for c in members
        if c.quantity is not None and _is_money(c.quantity)
        and (c.quantity.per is None or qm.canonical_period(c.quantity.per) == "year")
    ]


def checks(groups: Mapping[str, Sequence[ClaimCandidate]]) -> list[ArithmeticCheck]:
    """Checks for every (rate, count, total) the story's reports put together."""
    counts = {cid: c for cid, m in groups.items() if (c := _count(m)) is not None}
    beside = {cid: _counts_beside(_totals(m), counts, groups) for cid, m in groups.items()}
    # A figure the report itself derives from a count ("..., this amounts to") is a total, never
    # a rate per head.
    rates = {cid: r for cid, m in groups.items() if not beside[cid] and (r := _rate(m)) is not None}
    out: list[ArithmeticCheck] = []
    seen: set[tuple] = set()
    for total_id, members in groups.items():
        totals = _totals(members)
        if not totals or not beside[total_id]:
            continue
        for count_id in beside[total_id]:
            count = counts[count_id]
            for rate_id, rate in rates.items():
                if rate.role != count.role or qm.canonical_unit(rate.quantity.unit) != qm.canonical_unit(totals[0].quantity.unit):
                    continue
                for total in _distinct_wordings(totals):
                    key = (rate_id, count_id, total_id, total.quantity_text)
                    if key not in seen:
                        seen.add(key)
                        out.append(_check(rate, count, total, members, (rate_id, count_id, total_id)))
    return out


def _counts_beside(
    totals: Sequence[ClaimCandidate], counts: Mapping[str, ClaimCandidate],
    groups: Mapping[str, Sequence[ClaimCandidate]],
) -> list[str]:
    """Count claims stated in the same sentence as one of ``totals``."""
    if not totals:
        return []
    sentences = {(t.article_id, t.sentence.start) for t in totals}
    return [
        cid for cid in counts
        if any((c.article_id, c.sentence.start) in sentences for c in groups[cid] if c.quantity is not None)
    ]


def _distinct_wordings(totals: Sequence[ClaimCandidate]) -> list[ClaimCandidate]:
    out: dict[tuple, ClaimCandidate] = {}
    for t in totals:
        q = t.quantity
        out.setdefault((q.value, q.low, q.high, q.hedge or "exact"), t)
    return list(out.values())


def _months(total: ClaimCandidate, members: Sequence[ClaimCandidate]) -> tuple[float, str]:
    period = qm.canonical_period(total.quantity.per)
    if period is None:
        period = next(
            (qm.canonical_period(m.quantity.per) for m in members if m.quantity and m.quantity.per), None
        )
    if period == "year" or period is None:
        note = "" if period else " (no period is given for the total; read as a year)"
        return 12.0, note
    return qm.PERIOD_MONTHS.get(period, 12.0), ""


def _check(
    rate: ClaimCandidate, count: ClaimCandidate, total: ClaimCandidate,
    members: Sequence[ClaimCandidate], claim_ids: tuple[str, str, str],
) -> ArithmeticCheck:
    rq, cq, tq = rate.quantity, count.quantity, total.quantity
    months, note = _months(total, members)
    periods = months / (qm.per_month_factor(rq.per) or 1.0)
    ri, ci = qm.interval(rq), qm.interval(cq)
    computed = ri.central * ci.central * periods
    low, high = ri.low * ci.low * periods, ri.high * ci.high * periods
    stated = qm.interval(tq, rounding=True)
    consistent = stated is not None and stated.low <= high and low <= stated.high
    period_word = "a year" if months == 12.0 else f"per {months:g} months"
    expression = (
        f"{qm.format_number(ci.central)} {count.role}s × {qm.describe(QuantityValue(ri.central, None, None, rq.unit, rq.per, None))}"
        f" × {periods:g} {qm.canonical_period(rq.per)}s = ${qm.format_number(computed)} {period_word}"
        if qm.canonical_unit(rq.unit) == "USD" else
        f"{qm.format_number(ci.central)} × {qm.format_number(ri.central)} × {periods:g} = {qm.format_number(computed)}"
    )
    explanation = _explain(rate, count, total, computed, (low, high), stated, consistent) + note
    return ArithmeticCheck(
        claim_ids=claim_ids,
        expression=expression,
        computed=computed,
        stated_low=None if stated is None else stated.low,
        stated_high=None if stated is None or math.isinf(stated.high) else stated.high,
        consistent=consistent,
        explanation=explanation,
    )


def _range_words(low: float, high: float) -> str:
    if math.isinf(high):
        return f"{qm.format_number(low)} or more"
    return f"{qm.format_number(low)} to {qm.format_number(high)}"


def _explain(
    rate: ClaimCandidate, count: ClaimCandidate, total: ClaimCandidate, computed: float,
    bounds: tuple[float, float], stated: qm.Interval | None, consistent: bool,
) -> str:
    tq = total.quantity
    allows = "nothing" if stated is None else _range_words(stated.low, stated.high)
    why = []
    if tq.hedge in (None, "exact") and tq.value is not None:
        why.append(f"'{total.quantity_text}' is a round figure, so it stands for {allows}")
    else:
        why.append(f"'{total.quantity_text}' allows {allows}")
    hedged = [c.quantity_text for c in (rate, count) if c.quantity.hedge not in (None, "exact")]
    if hedged:
        why.append(f"the hedged inputs ({', '.join(repr(h) for h in hedged)}) give "
                   f"{_range_words(*bounds)}")
    verdict = "consistent" if consistent else "not consistent"
    inside = stated is not None and stated.low <= computed <= stated.high
    central = ("the computed figure itself falls inside" if inside
               else "only the hedged range, not the computed figure itself, reaches it")
    if not consistent:
        central = "no value allowed by the hedges reaches it"
    return (f"Against {total.outlet}'s '{total.quantity_text}': {verdict}. "
            f"{'; '.join(why)}; {central}.")
