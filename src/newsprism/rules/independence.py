"""How many independent origins a set of reports has (a shared utility, not a stage).

Two reports are not independent of each other when they trace to the same root (a copy, a
rewrite, a citation of the same outlet: ``ArticleOrigins.root``) or when they come from the same
outlet: the same canonical outlet name, or the same site in their URLs
(``ArticleOrigins.outlet`` and ``site``, set by the origins stage). An outlet's second report is
never a second source, whatever it cites.

The count is the largest set of reports no two of which share a root or an outlet: a maximum
matching between roots and outlets, each report an edge. So a wire story carried by two outlets
that also have reporting of their own counts three (the wire, and each outlet's own), while two
items from one outlet count once however they are sourced. The origins stage uses it for a
story, the judge for the reports behind one claim.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping, Sequence

from newsprism.rules.outlets import outlet_key
from newsprism.types import ArticleOrigins


@dataclass(frozen=True, slots=True)
class Independence:
    """The independent origins of a set of reports: their names (one per origin counted, in the
    order the reports came) and, when some reports shared an outlet, a sentence saying so."""

    origins: tuple[str, ...]
    note: str = ""


def root_key(origin: ArticleOrigins) -> str:
    """The root as compared: an outlet's name by its matching key, an article by its id."""
    root = origin.root or f"article:{origin.article_id}"
    return root if root.startswith("article:") else f"outlet:{outlet_key(root) or root}"


def outlet_keys(origin: ArticleOrigins) -> tuple[str, ...]:
    """What identifies the report's own outlet: its canonical name and its site, as keys."""
    keys = []
    if origin.outlet and outlet_key(origin.outlet):
        keys.append(f"outlet:{outlet_key(origin.outlet)}")
    if origin.site:
        keys.append(f"site:{origin.site.lower()}")
    return tuple(keys)


def same_outlet(a: ArticleOrigins, b: ArticleOrigins) -> bool:
    """Whether two reports come from one outlet (by name or by site)."""
    return bool(set(outlet_keys(a)) & set(outlet_keys(b)))


def _outlet_nodes(ids: Sequence[str], origins: Mapping[str, ArticleOrigins]) -> dict[str, str]:
    """article id -> its outlet node: names and sites that any one report ties together are one
    node (a report named "Valley Gazette" at valleygazette.com joins both); a report with
    neither is an outlet of its own."""
    parent: dict[str, str] = {}

    def find(key: str) -> str:
        while parent.setdefault(key, key) != key:
            parent[key] = parent[parent[key]]
            key = parent[key]
        return key

    for aid in ids:
        keys = outlet_keys(origins[aid])
        for other in keys[1:]:
            parent[find(other)] = find(keys[0])
    return {aid: find(keys[0]) if (keys := outlet_keys(origins[aid])) else f"own:{aid}" for aid in ids}


def assess(article_ids: Sequence[str], origins: Mapping[str, ArticleOrigins]) -> Independence:
    """The independent origins of the reports ``article_ids`` (those without origins count as
    their own origin, from an outlet of their own)."""
    ids = list(dict.fromkeys(article_ids))
    full = {aid: origins.get(aid) or ArticleOrigins(aid, root=f"article:{aid}") for aid in ids}
    outlet_of = _outlet_nodes(ids, full)
    roots = list(dict.fromkeys(root_key(full[aid]) for aid in ids))
    edges: dict[str, list[str]] = {}
    for aid in ids:
        edges.setdefault(root_key(full[aid]), []).append(aid)
    matched: dict[str, str] = {}  # outlet node -> the report (edge) that holds it

    def augment(root: str, seen: set[str]) -> bool:
        for aid in edges[root]:
            node = outlet_of[aid]
            if node in seen:
                continue
            seen.add(node)
            if node not in matched or augment(root_key(full[matched[node]]), seen):
                matched[node] = aid
                return True
        return False

    for root in roots:  # Kuhn's algorithm: a handful of reports per claim, a few hundred per story
        augment(root, set())
    counted = sorted(matched.values(), key=ids.index)
    names = tuple(dict.fromkeys(_name(full[aid]) for aid in counted))
    return Independence(names, _note(ids, full, outlet_of))


def _name(origin: ArticleOrigins) -> str:
    return origin.root_name or origin.root or origin.article_id


def _note(ids: list[str], full: Mapping[str, ArticleOrigins], outlet_of: Mapping[str, str]) -> str:
    """Say which outlets gave more than one of the reports: they count once."""
    by_outlet: dict[str, list[str]] = {}
    for aid in ids:
        by_outlet.setdefault(outlet_of[aid], []).append(aid)
    shared = [members for members in by_outlet.values() if len(members) > 1]
    if not shared:
        return ""
    parts = [f"{_outlet_name(full, members)} ({len(members)} reports)" for members in shared]
    return f"Reports from one outlet are never independent of each other: {', '.join(parts)}."


def _outlet_name(full: Mapping[str, ArticleOrigins], members: list[str]) -> str:
    for aid in members:
        if full[aid].outlet:
            return full[aid].outlet
    return full[members[0]].site or members[0]
