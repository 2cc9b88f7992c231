"""The origin graph: each article's root, and the grouping of a set of articles by root.

Rules (documented in the report too):

- An article that copies (exact or near) or rewrites an earlier article has that article's root;
  its chain starts with ``article:<id>`` of the article it copies, then that article's chain.
- Otherwise, if it cites outlets, its root is the deepest outlet of the chain of its *primary*
  citation: the first provenance mark (dateline, byline, "X contributed", "h/t X", Reuters'
  sign-off), else the first citation in the lead (the first two body paragraphs). "As reported
  by A, citing B" gives root B and chain (A, B). An article citing several independent outlets
  in its lead is traced to the first one; the others stay in ``cites``. A citation deep in the
  body ("..., Politico reported") does not make the article a copy of that outlet.
- A citation of the article's own outlet (a Reuters story with a "(Reuters) -" dateline) is not
  a source: the article is its own origin, under its outlet's name.
- Otherwise the article is its own origin: ``article:<id>``, named by its outlet, title or source.

``groups`` merges articles by root, and also merges an own-origin article from outlet X with
articles whose root is the outlet X (one of them may well be the very report the others cite).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Mapping, Sequence

from newsprism.rules.independence import assess, root_key, same_outlet
from newsprism.origins.citations import PROVENANCE
from newsprism.rules.outlets import report_label, site_of
from newsprism.types import Article, ArticleOrigins, Citation, OriginGroup

_BODY_WORDS = 12
_LEAD_MAX_CHARS = 1200


@dataclass(frozen=True, slots=True)
class Parent:
    """The earlier article this one copies or rewrites, with what is known of its root."""

    article_id: str
    root: str
    root_name: str
    chain: tuple[str, ...]


def lead_end(article: Article) -> int:
    """End offset of the lead: the first two body paragraphs (>= 12 words), at most 1,200
    characters past the first one's start."""
    if article.paragraphs:
        spans = [(p.start, p.end) for p in article.paragraphs]
    else:
        spans = [(m.start(), m.end()) for m in re.finditer(r"[^\n]+", article.text)]
    body = [(s, e) for s, e in spans if len(article.text[s:e].split()) >= _BODY_WORDS]
    if not body:
        return min(len(article.text), _LEAD_MAX_CHARS)
    end = body[min(1, len(body) - 1)][1]
    return min(end, body[0][0] + _LEAD_MAX_CHARS)


def primary_chain(citations: Sequence[Citation], *, lead: int, own: str | None) -> tuple[str, ...]:
    """Names along the primary citation's chain, nearest first (see module doc)."""
    usable = [c for c in citations if c.name != own]
    heads = [c for c in usable if c.via is None]
    primary = next((c for c in heads if c.pattern in PROVENANCE), None)
    if primary is None:
        primary = next((c for c in heads if c.start < lead), None)
    if primary is None:
        return ()
    chain = [primary.name]
    for citation in usable:  # chain links follow their head in text order
        if citation.via == chain[-1] and citation.start > primary.start and citation.name not in chain:
            chain.append(citation.name)
    return tuple(chain)


def cites_of(citations: Sequence[Citation], chain: tuple[str, ...], *, own: str | None) -> tuple[str, ...]:
    """Canonical names cited, nearest first: the primary chain, then the rest in text order."""
    names = list(chain) + [c.name for c in citations if c.name != own]
    return tuple(dict.fromkeys(names))


def resolve(
    article: Article, citations: tuple[Citation, ...], *, own: str | None,
    parent: Parent | None, duplicate: tuple[str, float] | None, rewrite: tuple[str, float] | None,
) -> ArticleOrigins:
    """The ArticleOrigins of one article from its citations and the article it copies, if any.
    An original report's root is its own outlet when known (two items from one outlet are one
    origin; the outlet's report and reports citing it too), else the article itself."""
    chain = primary_chain(citations, lead=lead_end(article), own=own)
    cites = cites_of(citations, chain, own=own)
    common = dict(
        article_id=article.id, cites=cites, citations=citations,
        duplicate_of=duplicate[0] if duplicate else None,
        duplicate_score=duplicate[1] if duplicate else None,
        rewrite_of=rewrite[0] if rewrite else None,
        rewrite_coverage=rewrite[1] if rewrite else None,
        outlet=own or "", site=site_of(article.url),
    )
    if parent is not None:
        return ArticleOrigins(**common, root=parent.root, root_name=parent.root_name,
                              chain=(f"article:{parent.article_id}", *parent.chain))
    if chain:
        return ArticleOrigins(**common, root=chain[-1], root_name=chain[-1], chain=chain)
    if own:
        return ArticleOrigins(**common, root=own, root_name=own)
    # named as every view names a report: outlet, site, headline, never its file
    return ArticleOrigins(**common, root=f"article:{article.id}", root_name=report_label(article))


def own_report(origin: ArticleOrigins) -> bool:
    """An original report: it copies, rewrites and cites nothing (its root is itself or its
    own outlet)."""
    return not origin.duplicate_of and not origin.rewrite_of and not origin.chain


# --------------------------------------------------------------------------- groups


def _explain(origin: ArticleOrigins, root_name: str, copies: Mapping[str, str]) -> str:
    short = origin.article_id[:8]
    if origin.duplicate_of:
        kind = "exact copy" if origin.duplicate_score == 1.0 else "near copy"
        same = (", the same report read again: its claims count once"
                if origin.article_id in copies else "")
        return f"{short}: {kind} of {origin.duplicate_of[:8]} (Jaccard {origin.duplicate_score:.2f}){same}"
    if origin.rewrite_of:
        return f"{short}: rewrite of {origin.rewrite_of[:8]} ({origin.rewrite_coverage:.0%} of sentences)"
    if own_report(origin):
        return f"{short}: original report of {root_name}"
    if len(origin.chain) > 1:
        return f"{short} via {' via '.join(origin.chain[:-1])}"
    return f"{short} directly"


def _reason(members: list[ArticleOrigins], name: str, copies: Mapping[str, str]) -> str:
    parts = [_explain(o, name, copies) for o in members]
    citing = [o for o in members if not o.duplicate_of and not o.rewrite_of and o.chain]
    own = [o for o in members if own_report(o)]
    if len(members) == 1:
        if citing:
            return f"cites {name} ({parts[0]})"
        return parts[0]
    if citing and len(citing) == len(members):
        lead = "both cite" if len(members) == 2 else f"all {len(members)} cite"
        return f"{lead} {name} ({'; '.join(parts)})"
    if own and citing:
        return f"{name}'s own report and reports citing {name} ({'; '.join(parts)})"
    if len(own) == len(members) and all(same_outlet(own[0], o) for o in own[1:]):
        return f"{len(own)} reports from one outlet, {name}: one origin ({'; '.join(parts)})"
    return f"one origin, {name} ({'; '.join(parts)})"


def groups(article_ids: Sequence[str], origins: Mapping[str, ArticleOrigins]) -> tuple[OriginGroup, ...]:
    """The origins of a set of articles, each with the articles it covers and why: one group
    per root. Groups holding reports of one outlet say so; :func:`independent_origins` counts
    them once (``newsprism.rules.independence``)."""
    ids = list(dict.fromkeys(a for a in article_ids if a in origins))
    outlet_roots = {root_key(origins[a]) for a in ids if not origins[a].root.startswith("article:")}
    by_key: dict[str, list[ArticleOrigins]] = {}
    for aid in ids:
        origin = origins[aid]
        key = root_key(origin)
        # An original report from outlet X (stored before roots were outlets) joins reports citing X.
        named = root_key(ArticleOrigins(aid, root=origin.root_name)) if origin.root_name else key
        if key.startswith("article:") and named in outlet_roots:
            key = named
        by_key.setdefault(key, []).append(origin)
    copies = same_report_copies(ids, origins)
    out = []
    for key, members in by_key.items():
        name = members[0].root_name or members[0].root or key
        if not key.startswith("article:"):
            name = next((o.root for o in members if root_key(o) == key), name)
        out.append(OriginGroup(name=name, article_ids=tuple(o.article_id for o in members),
                               reason=_reason(members, name, copies) + _shared_outlets(members, by_key, key)))
    return tuple(out)


def _shared_outlets(members: list[ArticleOrigins], by_key: Mapping[str, list[ArticleOrigins]], key: str) -> str:
    """"; not independent of Y: one outlet's reports in both" for each other group sharing an outlet."""
    others = [other_key for other_key, other in by_key.items() if other_key != key
              and any(same_outlet(a, b) for a in members for b in other)]
    if not others:
        return ""
    names = [by_key[k][0].root_name or by_key[k][0].root or k for k in others]
    return f"; not independent of {', '.join(names)}: one outlet's reports are in both"


def independent_origins(article_ids: Sequence[str], origins: Mapping[str, ArticleOrigins]) -> int:
    """How many independent origins the articles have: no two counted share a root or an outlet."""
    return len(assess(article_ids, origins).origins)


def same_report_copies(article_ids: Sequence[str], origins: Mapping[str, ArticleOrigins]) -> dict[str, str]:
    """copy id -> id of the article it is a copy of, for copies that are one report read twice:
    an exact or near copy of another of ``article_ids`` from the same outlet (by name or site),
    or an exact copy where neither says its outlet, such as one page ingested as HTML and again
    as a JSON Lines record. Such a copy adds no claim and no citation of its own."""
    present = set(article_ids)
    out: dict[str, str] = {}
    for aid in article_ids:
        origin = origins.get(aid)
        original = origin.duplicate_of if origin else None
        if original is None or original not in present or original not in origins:
            continue
        first = origins[original]
        anonymous = not (origin.outlet or origin.site or first.outlet or first.site)
        if same_outlet(origin, first) or (anonymous and origin.duplicate_score == 1.0):
            out[aid] = original
    for aid, original in out.items():  # a copy of a copy points at the first
        seen = {aid}
        while original in out and original not in seen:
            seen.add(original)
            original = out[original]
        out[aid] = original
    return out
