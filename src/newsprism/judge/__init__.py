"""Verdicts for the claims of a story, each with its reason, and arithmetic checks.

Within each topic from the align stage the candidates are split into agreeing groups (every pair
in a group agrees: compatible figures, the same status, the same polarity, and the judge model
does not read the two as opposite statements). Each group becomes a ``Claim``:

- ``conflicting`` when a group of another report in its topic disagrees with it (figures that
  cannot both hold, done against expected, a negation, statements the judge model reads as
  contradicting each other), with the reason for each claim it conflicts with;
- otherwise ``corroborated`` when its reports trace to two or more independent origins,
  ``repeated`` when several reports trace to one origin, ``single-source`` for one report.

A later, higher figure for the same count (a toll that rises) updates the earlier one: recorded
in ``Claim.updates`` and said in the reason, not counted as a conflict. The same statement put in
different mouths by two reports stays one claim; the reason names each report's speaker.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import Mapping, Sequence

from newsprism.rules import independence
from newsprism.rules.outlets import outlet_key
from newsprism.rules import quantity_math as qm
from newsprism.judge import compare
from newsprism.judge.arithmetic import checks as arithmetic_checks
from newsprism.settings import Config
from newsprism.types import (
    ArithmeticCheck,
    ArticleOrigins,
    Claim,
    ClaimCandidate,
    ClaimTopic,
    Extraction,
    Flow,
    Mention,
    PairJudgement,
)

__all__ = ["run", "flow_claim_ids", "story_flows"]


@dataclass
class _Group:
    """An agreeing set of candidates of one topic, on its way to becoming a Claim."""

    id: str
    topic: str
    members: list[ClaimCandidate]
    conflicts: dict[str, str] = field(default_factory=dict)
    updates: dict[str, str] = field(default_factory=dict)
    updated_by: dict[str, str] = field(default_factory=dict)


def run(
    aligned: Sequence[ClaimTopic], origins: Mapping[str, ArticleOrigins], *, config: Config
) -> tuple[list[Claim], list[ArithmeticCheck]]:
    """A verdict with its reason for each agreeing group of each topic, and arithmetic checks."""
    groups: list[_Group] = []
    verdicts: dict[tuple[str, str], PairJudgement] = {}
    for topic in aligned:
        verdicts.update({(v.a, v.b): v for v in topic.judgements})
        verdicts.update({(v.b, v.a): v for v in topic.judgements})
        topic_groups = [
            _Group(id="", topic=topic.id, members=members) for members in _split(topic.candidates, verdicts)
        ]
        groups.extend(topic_groups)
    groups.sort(key=lambda g: min(c.position for c in g.members))
    for n, group in enumerate(groups, start=1):
        group.id = f"c{n}"
    by_topic: dict[str, list[_Group]] = {}
    for group in groups:
        by_topic.setdefault(group.topic, []).append(group)
    for topic_groups in by_topic.values():
        _relate(topic_groups, verdicts)
    claims = [_claim(g, origins) for g in groups]
    found = arithmetic_checks({g.id: g.members for g in groups})
    return claims, found


def _conflicts(a: ClaimCandidate, b: ClaimCandidate, verdicts: Mapping[tuple[str, str], PairJudgement]) -> list:
    """The differences between two candidates that make them disagree."""
    return [d for d in compare.differences(a, b, verdicts.get((a.id, b.id)))
            if d.kind in compare.CONFLICT_KINDS]


def _split(candidates: Sequence[ClaimCandidate], verdicts: Mapping[tuple[str, str], PairJudgement]) -> list[list[ClaimCandidate]]:
    """Greedy complete-link: a candidate joins the first group it agrees with entirely."""
    out: list[list[ClaimCandidate]] = []
    for candidate in candidates:
        for members in out:
            if all(not _conflicts(candidate, m, verdicts) for m in members):
                members.append(candidate)
                break
        else:
            out.append([candidate])
    return out


def _relate(topic_groups: list[_Group], verdicts: Mapping[tuple[str, str], PairJudgement]) -> None:
    """Conflicts and updates between the groups of one topic (across reports only: an article
    that states two things is not at odds with another report)."""
    for i, a in enumerate(topic_groups):
        for b in topic_groups[i + 1:]:
            pairs = [(x, y) for x in a.members for y in b.members if x.article_id != y.article_id]
            found = [(x, y, d) for x, y in pairs for d in _conflicts(x, y, verdicts)]
            if not found:
                continue
            numbers_only = all(d.kind == "numbers" for _, _, d in found)
            if numbers_only and _record_update(a, b, found):
                continue
            found.sort(key=lambda t: (compare.KIND_ORDER.index(t[2].kind), _closeness(t[0], t[1])))
            reason = found[0][2].reason
            a.conflicts[b.id] = reason
            b.conflicts[a.id] = reason


def _closeness(a: ClaimCandidate, b: ClaimCandidate) -> float:
    """How far apart two figures are: the clearest example of a difference in status is the one
    where the figures themselves agree ("about 10,000 have been sent" / "at least 10,000 are
    expected")."""
    if a.quantity is None or b.quantity is None:
        return 0.0
    penalty = 0.0 if qm.compatible(a.quantity, b.quantity) else 1000.0
    return penalty + qm.magnitude_ratio(a.quantity, b.quantity)


def _record_update(a: _Group, b: _Group, found: list) -> bool:
    """True (and recorded) when every differing pair is an earlier figure and its later rise."""
    directions = set()
    for x, y, _ in found:
        earlier, later = compare.ordered(x, y)
        if not compare.update_of(earlier, later):
            return False
        directions.add(later in b.members)
    if len(directions) != 1:
        return False
    newer, older = (b, a) if directions.pop() else (a, b)
    x, y, _ = found[0]
    earlier, later = compare.ordered(x, y)
    text = (f"{later.outlet} ({later.published}) gives '{compare.wording(later)}' where the earlier "
            f"{earlier.outlet} ({earlier.published}) gave '{compare.wording(earlier)}'")
    newer.updates[older.id] = text
    older.updated_by[newer.id] = text
    return True


def _claim(group: _Group, origins: Mapping[str, ArticleOrigins]) -> Claim:
    members = group.members
    articles = list(dict.fromkeys(c.article_id for c in members))
    # independent origins: no two share a root or an outlet (newsprism.rules.independence),
    # each report's root for this claim the outlet it cites for it, if it cites one
    own = claim_origins(members, origins)
    found = independence.assess(articles, own)
    roots = names = list(found.origins)
    if group.conflicts:
        status = "conflicting"
        reason = "Reports differ: " + "; ".join(
            f"{reason} (see {other})" for other, reason in group.conflicts.items()
        ) + "."
    elif len(roots) >= 2:
        status = "corroborated"
        reason = f"Reported by {len(roots)} independent origins ({', '.join(names)}) that agree."
    elif len(articles) >= 2:
        status = "repeated"
        outlets = ", ".join(dict.fromkeys(c.outlet or c.article_id for c in members))
        reason = (f"Reported by {len(articles)} reports ({outlets}), but all trace to one origin, "
                  f"{names[0]}: repeated, not corroborated.")
    else:
        status = "single-source"
        reason = f"Only {members[0].outlet or members[0].article_id} reports this."
    reason += (f" {found.note}" if found.note and status != "conflicting" else "")
    reason += _agreement_note(members) + _update_note(group) + _speaker_note(members)
    rep = _representative(members)
    return Claim(
        id=group.id,
        kind=rep.kind,
        text=_text(rep),
        status=status,
        reason=reason,
        independent_origins=len(roots),
        mentions=tuple(Mention(c.article_id, c.start, c.end, c.text, c.attribution,
                               _origin_name(own.get(c.article_id))) for c in members),
        attribution=_attribution(members),
        quantity=_quantity(members),
        conflicts_with=tuple(group.conflicts),
        conflict_reasons=tuple(group.conflicts.items()),
        origins=tuple(names),
        updates=tuple(group.updates),
    )


def claim_origins(members: Sequence[ClaimCandidate], origins: Mapping[str, ArticleOrigins]) -> dict[str, ArticleOrigins]:
    """Each report's origins as far as this claim goes: an outlet the report cites in the
    claim's own sentence ("The New York Times reported the charges ...", "according to
    Reuters") is where the report has this claim from, whatever else the article cites; the
    end of a chain ("A, citing B") is the origin. A report's own outlet citing itself, and
    reports without such a citation, keep the article's root. A report with no known outlet or
    root is named by its report label, never by its file."""
    out: dict[str, ArticleOrigins] = {}
    for c in members:
        origin = (out.get(c.article_id) or origins.get(c.article_id)
                  or ArticleOrigins(c.article_id, root=f"article:{c.article_id}"))
        cited = [ct for ct in origin.citations if c.sentence.start <= ct.start < c.sentence.end]
        name = next((ct.name for ct in reversed(cited) if ct.via), cited[-1].name) if cited else None
        if name is None or (origin.outlet and outlet_key(origin.outlet) == outlet_key(name)):
            out[c.article_id] = _labelled(origin, [c])  # no citation here, or the outlet's own
        else:
            out[c.article_id] = replace(origin, root=name, root_name=name)
    return out


def _labelled(origin: ArticleOrigins, members: Sequence[ClaimCandidate]) -> ArticleOrigins:
    """An article root named by its report label (outlet, site, headline, "report N")."""
    if not origin.root.startswith("article:") and origin.root:
        return origin
    label = next((c.outlet for c in members if c.article_id == origin.article_id and c.outlet), None)
    return replace(origin, root_name=label) if label else origin


def _origin_name(origin: ArticleOrigins | None) -> str | None:
    if origin is None:
        return None
    return origin.root_name or origin.root or None


def _agreement_note(members: Sequence[ClaimCandidate]) -> str:
    """Say why differently hedged figures agree ("$200 million" and "over $200 million")."""
    quantities = [c for c in members if c.quantity is not None]
    for i, a in enumerate(quantities):
        for b in quantities[i + 1:]:
            if a.article_id != b.article_id and not qm.same_statement(a.quantity, b.quantity):
                return (f" {a.outlet} says '{compare.wording(a)}' and {b.outlet} says "
                        f"'{compare.wording(b)}': {qm.why_compatible(a.quantity, b.quantity)}.")
    return ""


def _update_note(group: _Group) -> str:
    parts = [f" Updates {other}: {text}; a later figure supersedes an earlier one, so this is an "
             "update, not a conflict." for other, text in group.updates.items()]
    parts += [f" Superseded by {other}: {text} (an update, not a conflict)."
              for other, text in group.updated_by.items()]
    return "".join(parts)


def _speaker_note(members: Sequence[ClaimCandidate]) -> str:
    speakers = {}
    for c in members:
        if compare.specific_speaker(c.attribution):
            speakers.setdefault(c.attribution, c.outlet)
    if len(speakers) < 2:
        return ""
    return " Attributed to " + " and ".join(f"{s} ({o})" for s, o in speakers.items()) + "."


def _representative(members: Sequence[ClaimCandidate]) -> ClaimCandidate:
    return members[0]


def _text(candidate: ClaimCandidate) -> str:
    """What a reader is shown: the whole statement (``newsprism.rules.units``), never a fragment."""
    if candidate.statement:
        return candidate.statement
    text = candidate.text if len(candidate.text.split()) >= 5 else candidate.context
    return " ".join(text.split())


def _attribution(members: Sequence[ClaimCandidate]) -> str | None:
    named = [c.attribution for c in members if compare.specific_speaker(c.attribution)]
    if named:
        return named[0]
    return next((c.attribution for c in members if c.attribution), None)


def _quantity(members: Sequence[ClaimCandidate]):
    with_numbers = [c.quantity for c in members if c.quantity is not None]
    if not with_numbers:
        return None
    return next((q for q in with_numbers if q.per), with_numbers[0])


def flow_claim_ids(
    extractions: Mapping[str, Extraction], claims: Sequence[Claim]
) -> list[tuple[str, ...]]:
    """For each flow of ``extractions`` (extraction by extraction, flow by flow: the order the
    pipeline lists a story's flows in), the ids of the claims whose mentions overlap the flow's
    span in its article, so the dossier's ``flows[].claim_ids`` point at the claims."""
    where: dict[str, list[tuple[int, int, str]]] = {}
    for claim in claims:
        for m in claim.mentions:
            where.setdefault(m.article_id, []).append((m.start, m.end, claim.id))
    out: list[tuple[str, ...]] = []
    for article_id, extraction in extractions.items():
        spans = where.get(article_id, [])
        for flow in extraction.flows:
            ids = [cid for start, end, cid in spans if start < flow.end and flow.start < end]
            out.append(tuple(dict.fromkeys(ids)))
    return out


_LEADING = re.compile(r"^(?:the|a|an|some|its|their)\s+", re.IGNORECASE)


def _flow_key(flow: Flow) -> tuple[str, str, str]:
    what = _LEADING.sub("", " ".join(flow.what.lower().split()))
    return flow.source, flow.target, what


def story_flows(
    extractions: Mapping[str, Extraction], claims: Sequence[Claim]
) -> list[tuple[Flow, tuple[str, ...]]]:
    """The story's flows, one per (source, target, what) however many reports give it, each with
    the ids of every claim it rests on. The flow kept is the first that states a quantity with a
    period, else the first with a quantity, else the first."""
    ids_of = flow_claim_ids(extractions, claims)
    flows = [f for e in extractions.values() for f in e.flows]
    merged: dict[tuple[str, str, str], list] = {}
    for flow, ids in zip(flows, ids_of):
        entry = merged.setdefault(_flow_key(flow), [flow, []])
        entry[1].extend(ids)
        kept = entry[0]
        if flow.quantity is not None and (
            kept.quantity is None or (flow.quantity.per and not kept.quantity.per)
        ):
            entry[0] = flow
    return [(flow, tuple(dict.fromkeys(ids))) for flow, ids in merged.values()]
