"""Deciding which claim candidates speak about the same thing, and grouping them into topics.

The judge model (``newsprism.models.judge``) reads two claims and says how likely they state the
same fact, conflict about the same thing, or say different things; a pair is "about the same
thing" by the sum of the first two. Figures are read by rules first, because a model of words
cannot weigh "soldiers paid about $2,000 a month" against "workers earn about $800 a month": a
pair is vetoed when the parts disagree on what it is about (who the number concerns, what is
counted, the unit dimension, the rate period, a number added to an earlier one against a total),
and agreeing figures add to the model's score. Incompatible figures align only when the same thing
is positively counted on both sides (then the judge stage reports a conflict); otherwise two
different numbers are two different claims.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from newsprism.rules import claimtext, languages, quantity_math as qm
from newsprism.types import ClaimCandidate, ClaimTopic, PairJudgement

# Bonuses added to the judge's probability that two figures' clauses speak of the same thing;
# they let a matching figure carry a pair whose wording differs (one report's "earning about $800
# a month" against another's "they earn $800 a month").
FIGURE_BONUS = 0.25
SAME_FIGURE_BONUS = 0.10
SAME_THING_BONUS = 0.10
ENTITY_BONUS = 0.10
# Figures this many times apart are not one figure misreported but different measures (a monthly
# wage per soldier against the yearly total for all of them).
MAGNITUDE_GAP = 10.0
# A figure against a statement without one must clear the statement threshold by this much.
MIXED_MARGIN = 0.1
# Two claims of one article join a topic only when near sure to be one fact said twice (articles
# repeat themselves, but a topic must not swallow an article's distinct statements): figures
# with this much more than the threshold, statements the judge is this sure say the same.
SAME_ARTICLE_EXTRA = 0.15
SAME_ARTICLE_SAME = 0.95
# ... and the quick model's "same or conflicting" below this sends such a pair no further.
SAME_REPORT_FLOOR = 0.6
# A topic grows by its best pairs, but every pair of its members must still score at least this
# (the judge's probability that they speak of one thing, with the figures' bonuses), so that
# A~B and B~C never put two different statements A and C in one topic.
LINK_FLOOR = 0.4

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


def quantity_decision(a: ClaimCandidate, b: ClaimCandidate, related: float) -> Decision:
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
    score = related
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


def statement_decision(a: ClaimCandidate, b: ClaimCandidate, related: float) -> Decision:
    """Statements (and quotes, events) are about the same thing by the judge's word alone."""
    return Decision(related)


def _jaccard(a: tuple[str, ...], b: tuple[str, ...]) -> float:
    """Share of items in common (0 when either side is empty)."""
    if not a or not b:
        return 0.0
    sa, sb = set(a), set(b)
    return len(sa & sb) / len(sa | sb)


def decide(
    a: ClaimCandidate, b: ClaimCandidate, judged: PairJudgement | None, *, quantity_threshold: float,
    statement_threshold: float,
) -> Decision:
    """Whether ``a`` and ``b`` speak about the same thing; ``score`` 0 with a veto when not.
    ``judged`` is None only when ``rule_veto`` already refused the pair."""
    if (veto := rule_veto(a, b)) is not None or judged is None:
        return Decision(0.0, veto or "not judged")
    related = judged.same + judged.conflicting
    if a.kind == "quantity" and b.kind == "quantity":
        decision, threshold = quantity_decision(a, b, related), quantity_threshold
    elif a.kind == "quantity" or b.kind == "quantity":
        # one report gives a figure the other leaves out ("failed to deliver timely $400 rebates"
        # / "failed to deliver timely rebates"): the same statement only on the judge's firm word
        decision, threshold = statement_decision(a, b, related), statement_threshold + MIXED_MARGIN
    else:
        decision, threshold = statement_decision(a, b, related), statement_threshold
    if decision.veto is not None:
        return decision
    if a.article_id == b.article_id and (
            decision.score < threshold + SAME_ARTICLE_EXTRA if a.kind == b.kind == "quantity"
            else judged.same < SAME_ARTICLE_SAME):
        return Decision(decision.score, "one report's distinct statements")
    if decision.score < threshold:
        return Decision(decision.score, "not similar enough")
    return decision


def rule_veto(a: ClaimCandidate, b: ClaimCandidate) -> str | None:
    """The vetoes the rules give without the judge (two figures read apart)."""
    if a.kind == "quantity" and b.kind == "quantity":
        return quantity_decision(a, b, 0.0).veto
    return None


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
NEIGHBOURS = 8
MAX_BUCKET = 100
# Pairs whose judge vectors are further apart than this are never about the same thing (checked
# on the judge's validation pairs: no paraphrase pair falls below it).
PAIR_FLOOR = 0.2
# Like figures still need some wording in common to be compared at all.
BUCKET_FLOOR = 0.25
# Decisions that refuse a pair without ruling out that a topic holds both (through a third); an
# article's distinct statements never share a topic.
_SOFT = frozenset({"not similar enough"})


def _candidate_pairs(candidates: list[ClaimCandidate], sims: np.ndarray) -> set[tuple[int, int]]:
    n = len(candidates)
    usable = sims >= PAIR_FLOOR
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


def english(candidate: ClaimCandidate) -> bool:
    """Whether the claim's report is in English (or its language is unknown)."""
    return languages.is_english(candidate.language)


class _Judged:
    """The judge's verdicts on pairs of one story's candidates, asked in batches and kept. A pair
    with a claim not in English is read by the cross-lingual reader (``crosslingual``), as the
    judge model reads English only."""

    def __init__(self, candidates: list[ClaimCandidate], judge, crosslingual=None) -> None:
        self.candidates = candidates
        self.judge = judge
        self.crosslingual = crosslingual
        self.found: dict[tuple[int, int], PairJudgement] = {}

    def _reader_reads(self, i: int, j: int) -> bool:
        return self.crosslingual is not None and not (english(self.candidates[i]) and english(self.candidates[j]))

    def ask(self, pairs: list[tuple[int, int]]) -> None:
        wanted = [p for p in pairs if p not in self.found]
        crossing = [p for p in wanted if self._reader_reads(*p)]
        if crossing:
            rows = self.crosslingual.probabilities([self.texts(i, j) for i, j in crossing])
            for (i, j), row in zip(crossing, rows):
                self.found[(i, j)] = PairJudgement(
                    self.candidates[i].id, self.candidates[j].id, *(round(float(x), 4) for x in row))
            wanted = [p for p in wanted if p not in self.found]
        if not wanted:
            return
        texts = [self.texts(i, j) for i, j in wanted]
        # two claims of one report join only when near sure to be one fact said twice: not
        # worth the careful reading unless the quick one already leans that way
        floors = np.array([SAME_REPORT_FLOOR if self.candidates[i].article_id == self.candidates[j].article_id
                           else 0.0 for i, j in wanted], dtype=np.float32)
        for (i, j), row in zip(wanted, self.judge.probabilities(texts, floors)):
            self.found[(i, j)] = PairJudgement(
                self.candidates[i].id, self.candidates[j].id, *(round(float(x), 4) for x in row))

    def texts(self, i: int, j: int) -> tuple[str, str]:
        """What the judge reads of a pair: each claim with the sentence it leans on, unless both
        are of one report (where that sentence may be the other claim itself)."""
        a, b = self.candidates[i], self.candidates[j]
        if a.article_id == b.article_id:
            return a.own_text, b.own_text
        return a.judged_text, b.judged_text

    def get(self, i: int, j: int) -> PairJudgement:
        key = (i, j) if i < j else (j, i)
        if key not in self.found:
            self.ask([key])
        return self.found[key]


def topics(
    candidates: list[ClaimCandidate], judge, *, quantity_threshold: float, statement_threshold: float,
    crosslingual=None,
) -> list[ClaimTopic]:
    """Group candidates into topics, best-scoring pairs first; ``judge`` is the claim judge
    (``Models.judge``), ``crosslingual`` the reader of pairs not both in English
    (``Models.crosslingual``; None when every claim is in English)."""
    if not candidates:
        return []
    encoded = judge.encode([c.judged_text for c in candidates])
    vectors = np.stack([e.mean for e in encoded]).astype(np.float32)
    sims = vectors @ vectors.T
    if crosslingual is not None:
        # pairs with a claim in another language are found by the multilingual vectors
        shared = crosslingual.vectors([c.judged_text for c in candidates])
        both = np.array([english(c) for c in candidates])
        sims = np.where(both[:, None] & both[None, :], sims, shared @ shared.T)
    pairs = sorted(_candidate_pairs(candidates, sims))
    judged = _Judged(candidates, judge, crosslingual)
    judged.ask([p for p in pairs if rule_veto(candidates[p[0]], candidates[p[1]]) is None])
    cache: dict[tuple[int, int], Decision] = {}

    def decision(i: int, j: int) -> Decision:
        key = (i, j) if i < j else (j, i)
        if key not in cache:
            a, b = candidates[key[0]], candidates[key[1]]
            verdict = judged.get(*key) if rule_veto(a, b) is None else None
            cache[key] = decide(a, b, verdict, quantity_threshold=quantity_threshold,
                                statement_threshold=statement_threshold)
        return cache[key]

    scored = []
    for i, j in pairs:
        d = decision(i, j)
        if d.veto is None:
            scored.append((d.score, i, j))
    scored.sort(key=lambda t: (-t[0], t[1], t[2]))
    groups = _Topics(len(candidates))
    kept: list[tuple[int, int, float]] = []
    for score, i, j in scored:
        ri, rj = groups.find(i), groups.find(j)
        if ri == rj or not _may_join(groups.members[ri], groups.members[rj], decision):
            continue
        groups.merge(ri, rj)
        kept.append((i, j, score))
    return _as_topics(candidates, groups, kept, judged)


def _may_join(left: list[int], right: list[int], decision) -> bool:
    """Complete link: no pair across the two groups is vetoed, and every pair scores at least
    ``LINK_FLOOR``."""
    for x in left:
        for y in right:
            d = decision(x, y)
            if (d.veto is not None and d.veto not in _SOFT) or d.score < LINK_FLOOR:
                return False
    return True


def _as_topics(
    candidates: list[ClaimCandidate], groups: _Topics, kept: list[tuple[int, int, float]], judged: _Judged,
) -> list[ClaimTopic]:
    roots = sorted(groups.members, key=lambda r: min(groups.members[r]))
    out: list[ClaimTopic] = []
    for n, root in enumerate(roots, start=1):
        members = sorted(groups.members[root])
        member_set = set(members)
        scores = tuple(
            (candidates[i].id, candidates[j].id, round(s, 4)) for i, j, s in kept if i in member_set
        )
        verdicts = tuple(judged.get(i, j) for k, i in enumerate(members) for j in members[k + 1:]
                         if rule_veto(candidates[i], candidates[j]) is None)
        out.append(ClaimTopic(id=f"t{n}", candidates=tuple(candidates[i] for i in members), scores=scores,
                              judgements=verdicts))
    return out
