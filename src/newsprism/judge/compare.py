"""How two statements of one topic relate: agree, disagree (and why), or one updates the other."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from newsprism.rules import claimtext, contrasts, quantity_math as qm
from newsprism.types import ClaimCandidate, PairJudgement

# Which difference is reported first when a pair differs in several ways.
KIND_ORDER = ("numbers", "status", "negation", "statement", "attribution")
# Differences that make two reports disagree (a claim is then conflicting); an attribution
# difference keeps the two statements one claim and is said in its reason instead.
CONFLICT_KINDS = frozenset({"numbers", "status", "negation", "statement"})
# The judge model's conflict probability at or above which two statements of one topic disagree
# (and above its probability that they state the same fact).
CONFLICT_PROBABILITY = 0.5


@dataclass(frozen=True, slots=True)
class Difference:
    """Why two candidates cannot be the same claim stated the same way."""

    kind: str
    reason: str


def wording(candidate: ClaimCandidate) -> str:
    """The words a reason quotes: the figure as written, or the claim's mention."""
    if candidate.quantity_text:
        q = candidate.quantity
        if q is not None and q.unit is None and q.what and q.what.lower() not in candidate.quantity_text.lower():
            # A bare count says what it counts ("thousands" -> "thousands of soldiers").
            joiner = " of " if re.fullmatch(r"(?:hundreds|thousands|millions|billions|dozens|tens)", candidate.quantity_text, re.I) else " "
            return f"{candidate.quantity_text}{joiner}{q.what}"
        return candidate.quantity_text
    text = " ".join(candidate.text.split())
    return text if len(text) <= 120 else text[:117] + "..."


specific_speaker = claimtext.is_specific_speaker
# A negation only contradicts the statement it negates: the two must say nearly the same words.
NEGATION_OVERLAP = 0.5
# Two speakers for "the same statement" only when the statements share a fair part of their
# content words, not merely a topic.
ATTRIBUTION_OVERLAP = 0.2
# ... and only statements long enough to be one ("his nominee to head the CIA" is a fragment any
# speaker may utter).
ATTRIBUTION_WORDS = 4
# A tense cue belongs to the figure only when it stands this close to it.
STATUS_WINDOW = 3


def _status_differs(a: ClaimCandidate, b: ClaimCandidate) -> bool:
    """Done against expected for one figure, each status read next to its figure; forecasts of a
    measure have no such status (their outcome is another claim)."""
    if {a.modality, b.modality} != {"done", "expected"}:
        return False
    if claimtext.is_forecast(a.text) or claimtext.is_forecast(b.text):
        return False
    return all(claimtext.cue_near(c.context, c.quantity_text, c.modality_cue, words=STATUS_WINDOW)
               for c in (a, b))


def _asserted(a: ClaimCandidate, b: ClaimCandidate) -> bool:
    """A negation contradicts only an assertion: not a question, and not a statement that says
    "no" in other words ("refused to commit" against "did not commit")."""
    if "?" in a.context or "?" in b.context:
        return False
    positive = b if a.negated else a
    return not claimtext.NEGATIVE_WORDS.search(positive.context)


def _status_phrase(candidate: ClaimCandidate) -> str:
    cue = f" ('{candidate.modality_cue}')" if candidate.modality_cue else ""
    return {"done": "as already done", "expected": "as expected or possible"}.get(
        candidate.modality, "without saying when"
    ) + cue


def differences(a: ClaimCandidate, b: ClaimCandidate, verdict: PairJudgement | None = None) -> list[Difference]:
    """Every way ``a`` and ``b`` differ (empty when they agree); ``verdict`` is the judge model's
    reading of the pair, when the align stage asked for it."""
    out: list[Difference] = []
    if a.quantity is not None and b.quantity is not None and qm.compatible(a.quantity, b.quantity) is False:
        out.append(Difference("numbers", (
            f"{a.outlet} gives '{wording(a)}' and {b.outlet} gives '{wording(b)}': "
            f"{qm.why_incompatible(a.quantity, b.quantity)}"
        )))
    # Tense is telling for figures ("have sent 10,000" / "10,000 are expected"); for statements
    # it is mostly style ("has decided to run" / "will run"), so only figures are compared.
    if a.kind == "quantity" and b.kind == "quantity" and _status_differs(a, b):
        out.append(Difference("status", (
            f"the status differs: {a.outlet} states '{wording(a)}' {_status_phrase(a)}, "
            f"{b.outlet} states '{wording(b)}' {_status_phrase(b)}"
        )))
    if a.negated != b.negated and claimtext.overlap(a.context, b.context) >= NEGATION_OVERLAP and _asserted(a, b):
        yes, no = (b, a) if a.negated else (a, b)
        out.append(Difference("negation", (
            f"{no.outlet} negates what {yes.outlet} states: '{wording(no)}' against '{wording(yes)}'"
        )))
    if a.kind != "quantity" and not out:
        out.extend(_statement_differences(a, b, verdict))
    if (a.kind != "quantity" and specific_speaker(a.attribution) and specific_speaker(b.attribution)
            and claimtext.overlap(a.context, b.context) >= ATTRIBUTION_OVERLAP
            and min(len(claimtext.content_words(a.context)), len(claimtext.content_words(b.context))) >= ATTRIBUTION_WORDS
            and claimtext.speaker_key(a.attribution) != claimtext.speaker_key(b.attribution)
            and not claimtext.same_speaker_maybe(a.attribution, a.attribution_text, b.attribution, b.attribution_text)):
        out.append(Difference("attribution", (
            f"the same statement is attributed to {_speaker(a)} by {a.outlet} and to "
            f"{_speaker(b)} by {b.outlet}"
        )))
    out.sort(key=lambda d: KIND_ORDER.index(d.kind))
    return out


# Two statements of one topic are read for opposite predicates or a different status only when
# the judge model is this sure they speak of the same thing.
CONTRAST_RELATED = 0.5


def _statement_differences(a: ClaimCandidate, b: ClaimCandidate, verdict: PairJudgement | None) -> list[Difference]:
    """Statements that speak of one thing and cannot both hold: the judge model reads them as
    contradicting, or their predicates exclude each other, or one says done where the other says
    expected."""
    if verdict is None or verdict.same + verdict.conflicting < CONTRAST_RELATED:
        return []
    if (found := contrasts.opposed(a.context, b.context)) is not None:
        name, word_a, word_b = found
        return [Difference("statement", (
            f"{a.outlet} says '{word_a}' where {b.outlet} says '{word_b}' ({name}): "
            f"'{wording(a)}' against '{wording(b)}'"
        ))]
    if (found := contrasts.status(a.context, b.context)) is not None:
        words_a, words_b = found
        return [Difference("status", (
            f"the status differs: {a.outlet} says '{words_a}', {b.outlet} says '{words_b}'"
        ))]
    if verdict.conflicting >= CONFLICT_PROBABILITY and verdict.conflicting > verdict.same:
        return [Difference("statement", (
            f"{a.outlet} and {b.outlet} say opposite things: '{wording(a)}' against '{wording(b)}'"
        ))]
    return []


def _speaker(candidate: ClaimCandidate) -> str:
    if candidate.attribution_text and candidate.attribution_text.lower() != (candidate.attribution or "").lower():
        return f"{candidate.attribution} ('{candidate.attribution_text}')"
    return candidate.attribution or "nobody named"


def _time(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed if parsed.tzinfo is not None else None


def update_of(earlier: ClaimCandidate, later: ClaimCandidate) -> bool:
    """Does ``later`` supersede ``earlier``: the same count, published later, risen (a toll
    that climbs), both stated rather than forecast?"""
    if earlier.quantity is None or later.quantity is None:
        return False
    t1, t2 = _time(earlier.published), _time(later.published)
    if t1 is None or t2 is None or not t1 < t2:
        return False
    if "expected" in (earlier.modality, later.modality) or earlier.negated or later.negated:
        return False
    i1, i2 = qm.interval(earlier.quantity), qm.interval(later.quantity)
    if i1 is None or i2 is None:
        return False
    return i2.central > i1.central


def ordered(a: ClaimCandidate, b: ClaimCandidate) -> tuple[ClaimCandidate, ClaimCandidate]:
    """The pair in publication order (unknown times keep the given order)."""
    t1, t2 = _time(a.published), _time(b.published)
    if t1 is not None and t2 is not None and t2 < t1:
        return b, a
    return a, b
