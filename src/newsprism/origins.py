"""Origins: copies, rewrites and in-text citations -> independent origins.

PLACEHOLDER until the origins work lands: every article is its own origin.
"""

from __future__ import annotations

from typing import Mapping, Sequence

from newsprism.models import Models
from newsprism.settings import Config
from newsprism.types import Article, ArticleOrigins, OriginGroup


def run(
    articles: Sequence[Article], *, config: Config, models: Models, prior: Sequence[Article] = ()
) -> list[ArticleOrigins]:
    """Origins of ``articles`` (``prior``: earlier articles, e.g. from the store, they may copy)."""
    return [
        ArticleOrigins(article_id=a.id, root=f"article:{a.id}", root_name=a.outlet or a.source)
        for a in articles
    ]


def groups(
    article_ids: Sequence[str], origins: Mapping[str, ArticleOrigins]
) -> tuple[OriginGroup, ...]:
    """The independent origins of a set of articles, each with the articles it covers and why."""
    by_root: dict[str, list[str]] = {}
    for aid in article_ids:
        by_root.setdefault(origins[aid].root, []).append(aid)
    return tuple(
        OriginGroup(name=origins[ids[0]].root_name or root, article_ids=tuple(ids), reason="")
        for root, ids in by_root.items()
    )
