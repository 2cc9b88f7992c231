"""Deciding which claim candidates speak about the same thing, and grouping them into topics.

Embeddings alone cannot decide: "soldiers paid about $2,000 a month" and "workers earn about $800
a month" score 0.81. So a pair is first vetoed when the parts disagree on what it is about (who
the number concerns, what is counted, the unit dimension, the rate period, a number added to an
earlier one against a total), and only then scored: similarity, plus a bonus when the figures
agree or the same thing is counted, plus shared canonical entities. Incompatible figures align
only when the same thing is positively counted on both sides (then the judge reports a conflict);
otherwise two different numbers are two different claims.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from newsprism import claimtext, quantity_math as qm
from newsprism.types import ClaimCandidate, ClaimTopic

# Bonuses added to the cosine similarity; they let a matching figure carry a pair whose wording
# differs (one report's "earning about $800 a month" against another's "they earn $800 a month").
FIGURE_BONUS = 0.25
SAME_FIGURE_BONUS = 0.10
SAME_THING_BONUS = 0.10
ENTITY_BONUS = 0.10
# Statements share entities all the time ("North Korea", "Russia"); what they say about them is
# in their other words, so shared content words count heavily.
CONTENT_WEIGHT = 0.5
# Figures this many times apart are not one figure misreported but different measures (a monthly
# wage per soldier against the yearly total for all of them).
MAGNITUDE_GAP = 10.0
# Two claims of one article join a topic only when near-identical: articles repeat themselves,
# but a topic must not swallow an article's distinct statements.
SAME_ARTICLE_EXTRA = 0.15

_WORD = re.compile(r"[a-z][a-z'-]+")
_STOP = {"of", "the", "a", "an", "to", "in", "for", "and", "per", "each", "about", "some"}


@dataclass(frozen=True, slots=True)
class Decision:
    """Whether two candidates may share a topic, the score if so, and why not otherwise."""

    score: float
    veto: str | None = None


def _what_words(candidate: ClaimCandidate) -> frozenset[str]:
    what = (candidate.quantity.what if candidate.quantity else None) or ""
    words = {w[:-1] if w.endswith("s") and len(w) > 3 else w for w in _WORD.findall(what.lower())}
    return frozenset(words - _STOP)


def same_thing(a: ClaimCandidate, b: ClaimCandidate) -> bool | None:
    """True when both positively count the same thing, False when clearly different things,
    None when it cannot be told."""
    if a.role and b.role:
        return a.role == b.role
    if _is_money(a) or _is_money(b):
        # Money is named by how it is paid ("payments", "income", "salary"): only who gets it tells.
        return None
    wa, wb = _what_words(a), _what_words(b)
    if wa and wb:
        return bool(wa & wb)
    if (a.role and wb) or (b.role and wa):
        return None
    return None


def _is_money(candidate: ClaimCandidate) -> bool:
    unit = qm.canonical_unit(candidate.quantity.unit if candidate.quantity else None)
    return bool(unit and re.fullmatch(r"[A-Z]{3}", unit))


def _period_veto(a: qm.QuantityValue, b: qm.QuantityValue) -> str | None:
    pa, pb = qm.canonical_period(a.per), qm.canonical_period(b.per)
    if pa is None or pb is None or pa == pb:
        return None
    if qm.is_time_period(pa) and qm.is_time_period(pb):
        return None  # compared as rates by quantity_math.compatible
    return f"different denominators ({pa} vs {pb})"


def quantity_decision(a: ClaimCandidate, b: ClaimCandidate, similarity: float) -> Decision:
    qa, qb = a.quantity, b.quantity
    if qa is None or qb is None:
        return Decision(0.0, "no figure to compare")
    if a.increment != b.increment:
        return Decision(0.0, "a number added to an earlier one is not a total")
    if not qm.units_comparable(qa.unit, qb.unit):
        return Decision(0.0, f"different units ({qa.unit} vs {qb.unit})")
    if (veto := _period_veto(qa, qb)) is not None:
        return Decision(0.0, veto)
    thing = same_thing(a, b)
    if thing is False:
        return Decision(0.0, "about different things")
    figures = qm.compatible(qa, qb)
    if (veto := figure_veto(a, b, figures)) is not None:
        return Decision(0.0, veto)
    if figures is False and thing is not True:
        return Decision(0.0, "different figures with nothing showing they count the same thing")
    if qm.magnitude_ratio(qa, qb) >= MAGNITUDE_GAP:
        return Decision(0.0, "figures an order of magnitude apart measure different things")
    score = similarity
    if figures is True:
        score += FIGURE_BONUS
        if _same_figure(qa, qb):
            score += SAME_FIGURE_BONUS
    if thing is True:
        score += SAME_THING_BONUS
    score += ENTITY_BONUS * _jaccard(a.entity_ids, b.entity_ids)
    return Decision(score)


# Two increments ("five more", "four more") are one event's figure only when their clauses say
# nearly the same thing; otherwise they count additions at different times or to different sets.
INCREMENT_OVERLAP = 0.4


def forecast(candidate: ClaimCandidate) -> bool:
    """The figure is someone's forecast of a measure (read from its own mention)."""
    return claimtext.is_forecast(candidate.text)


def _possible(candidate: ClaimCandidate) -> bool:
    """Stated as expected, planned or possible, with the cue right by the figure."""
    return candidate.modality == "expected" and claimtext.cue_near(
        candidate.context, candidate.quantity_text, candidate.modality_cue, words=3)


def figure_veto(a: ClaimCandidate, b: ClaimCandidate, figures: bool | None) -> str | None:
    """Why two figures are not two values of one measure, or None when they may be."""
    if forecast(a) != forecast(b):
        return "a forecast and an outcome are different measures"
    sa = claimtext.figure_scope(a.context, a.quantity_text)
    sb = claimtext.figure_scope(b.context, b.quantity_text)
    if "non-value" in (sa, sb):
        return "not a value of a measure (a date or a name)"
    if figures is not False:
        return None
    if claimtext.is_vague(a.quantity_text) or claimtext.is_vague(b.quantity_text):
        return "an order of magnitude ('hundreds', 'millions') is no count to contradict"
    if _possible(a) != _possible(b):
        return "a possible or planned figure and a stated one are different measures"
    if sa != sb:
        return f"different scopes ({sa or 'a value'} vs {sb or 'a value'})"
    if claimtext.in_list(a.context, a.quantity_text) or claimtext.in_list(b.context, b.quantity_text):
        return "one of several figures listed together, not an alternative value"
    if forecast(a) and forecast(b) and not (
            claimtext.is_specific_speaker(a.attribution)
            and claimtext.speaker_key(a.attribution) == claimtext.speaker_key(b.attribution)):
        return "forecasts from different sources may differ"
    if a.increment and b.increment and claimtext.overlap(a.context, b.context) < INCREMENT_OVERLAP:
        return "increments of different events"
    oa = claimtext.outcome_of(a.context, a.quantity_text)
    ob = claimtext.outcome_of(b.context, b.quantity_text)
    if oa and ob and oa != ob:
        return f"different outcomes counted ({oa} vs {ob})"
    what_a = a.quantity.what if a.quantity else None
    what_b = b.quantity.what if b.quantity else None
    # A figure with a unit ("600,000 tons") names its unit, not a narrower thing counted.
    figure_a = None if a.quantity.unit else a.quantity_text
    figure_b = None if b.quantity.unit else b.quantity_text
    if claimtext.qualifiers(figure_a, what_a) != claimtext.qualifiers(figure_b, what_b):
        return "the thing counted is narrowed differently"
    return None


def _same_figure(a: qm.QuantityValue, b: qm.QuantityValue) -> bool:
    """The very same number, and one specific enough to be telling (not "2" or "a few")."""
    ia, ib = qm.interval(a), qm.interval(b)
    if ia is None or ib is None or ia.central != ib.central:
        return False
    return a.unit is not None or ia.central >= 100


def statement_decision(a: ClaimCandidate, b: ClaimCandidate, similarity: float) -> Decision:
    if a.entity_ids and b.entity_ids and not set(a.entity_ids) & set(b.entity_ids):
        return Decision(0.0, "no entity in common")
    shared = claimtext.overlap(a.context, b.context)
    if shared == 0.0:
        return Decision(0.0, "no content word in common")
    return Decision(similarity + ENTITY_BONUS * _jaccard(a.entity_ids, b.entity_ids) + CONTENT_WEIGHT * shared)


def _jaccard(a: tuple[str, ...], b: tuple[str, ...]) -> float:
    """Share of items in common (0 when either side is empty)."""
    if not a or not b:
        return 0.0
    sa, sb = set(a), set(b)
    return len(sa & sb) / len(sa | sb)


def decide(
    a: ClaimCandidate, b: ClaimCandidate, similarity: float, *, quantity_threshold: float,
    statement_threshold: float,
) -> Decision:
    """Whether ``a`` and ``b`` speak about the same thing; ``score`` 0 with a veto when not."""
    if (a.kind == "quantity") != (b.kind == "quantity"):
        return Decision(0.0, "a figure and a statement without one")
    if a.kind == "quantity":
        decision, threshold = quantity_decision(a, b, similarity), quantity_threshold
    else:
        decision, threshold = statement_decision(a, b, similarity), statement_threshold
    if decision.veto is not None:
        return decision
    if a.article_id == b.article_id:
        threshold += SAME_ARTICLE_EXTRA
    if decision.score < threshold:
        return Decision(decision.score, "not similar enough")
    return decision


class _Topics:
    """Union-find over candidates where a merge must pass every cross pair (complete link on
    vetoes), so that A~B and B~C never force A and C together against a veto."""

    def __init__(self, n: int) -> None:
        self.parent = list(range(n))
        self.members: dict[int, list[int]] = {i: [i] for i in range(n)}

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def merge(self, i: int, j: int) -> None:
        ri, rj = self.find(i), self.find(j)
        self.parent[rj] = ri
        self.members[ri].extend(self.members.pop(rj))


# Each candidate is compared with its nearest neighbours only (plus every figure of the same unit
# and magnitude), so the cost grows with n x NEIGHBOURS, not n squared.
NEIGHBOURS = 12
MAX_BUCKET = 100
# Like figures still need some wording in common to be compared at all.
BUCKET_FLOOR = 0.25


def _candidate_pairs(candidates: list[ClaimCandidate], sims: np.ndarray, floor: float) -> set[tuple[int, int]]:
    n = len(candidates)
    is_figure = np.array([c.kind == "quantity" for c in candidates])
    usable = (sims >= floor) & (is_figure[:, None] == is_figure[None, :])
    np.fill_diagonal(usable, False)
    masked = np.where(usable, sims, -np.inf)
    k = min(NEIGHBOURS, n - 1)
    pairs: set[tuple[int, int]] = set()
    if k > 0:
        nearest = np.argpartition(-masked, k - 1, axis=1)[:, :k]
        rows = np.repeat(np.arange(n), k)
        cols = nearest.ravel()
        keep = usable[rows, cols]
        low, high = np.minimum(rows[keep], cols[keep]), np.maximum(rows[keep], cols[keep])
        pairs.update(zip(low.tolist(), high.tolist()))
    buckets: dict[tuple, list[int]] = {}
    for i, c in enumerate(candidates):
        if c.quantity is not None and (span := qm.interval(c.quantity)) is not None and span.central > 0:
            # Money is compared whoever it is said to go to; other figures by what they count.
            thing = "" if _is_money(c) else (c.role or min(_what_words(c), default=""))
            key = (qm.canonical_unit(c.quantity.unit), thing, int(np.floor(np.log10(span.central))))
            buckets.setdefault(key, []).append(i)
    for (unit, thing, magnitude), members in buckets.items():
        if len(members) > MAX_BUCKET:
            continue  # a flood of like figures: the nearest neighbours above must do
        for other in members + buckets.get((unit, thing, magnitude + 1), []):
            for i in members:
                if i != other and sims[i, other] >= BUCKET_FLOOR:
                    pairs.add((i, other) if i < other else (other, i))
    return pairs


def topics(
    candidates: list[ClaimCandidate], vectors: np.ndarray, *, quantity_threshold: float,
    statement_threshold: float,
) -> list[ClaimTopic]:
    """Group candidates into topics, best-scoring pairs first."""
    sims = np.asarray(vectors, dtype=np.float32) @ np.asarray(vectors, dtype=np.float32).T
    floor = min(
        quantity_threshold - FIGURE_BONUS - SAME_FIGURE_BONUS - SAME_THING_BONUS - ENTITY_BONUS,
        statement_threshold - ENTITY_BONUS - CONTENT_WEIGHT,
    )
    pairs = _candidate_pairs(candidates, sims, floor)
    cache: dict[tuple[int, int], Decision] = {}

    def decision(i: int, j: int) -> Decision:
        key = (i, j) if i < j else (j, i)
        if key not in cache:
            cache[key] = decide(
                candidates[key[0]], candidates[key[1]], float(sims[key]),
                quantity_threshold=quantity_threshold, statement_threshold=statement_threshold,
            )
        return cache[key]

    scored = []
    for i, j in sorted(pairs):
        d = decision(i, j)
        if d.veto is None:
            scored.append((d.score, i, j))
    scored.sort(key=lambda t: (-t[0], t[1], t[2]))
    groups = _Topics(len(candidates))
    kept: list[tuple[int, int, float]] = []
    for score, i, j in scored:
        ri, rj = groups.find(i), groups.find(j)
        if ri == rj:
            continue
        if any(decision(x, y).veto not in (None, "not similar enough")
               for x in groups.members[ri] for y in groups.members[rj]):
            continue
        groups.merge(ri, rj)
        kept.append((i, j, score))
    return _as_topics(candidates, groups, kept)


def _as_topics(
    candidates: list[ClaimCandidate], groups: _Topics, kept: list[tuple[int, int, float]]
) -> list[ClaimTopic]:
    roots = sorted(groups.members, key=lambda r: min(groups.members[r]))
    out: list[ClaimTopic] = []
    for n, root in enumerate(roots, start=1):
        members = sorted(groups.members[root])
        member_set = set(members)
        scores = tuple(
            (candidates[i].id, candidates[j].id, round(s, 4)) for i, j, s in kept if i in member_set
        )
        out.append(ClaimTopic(id=f"t{n}", candidates=tuple(candidates[i] for i in members), scores=scores))
    return out
