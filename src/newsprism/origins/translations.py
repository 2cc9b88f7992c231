"""Translations within a story: a report in one language that renders an earlier report in another,
sentence by sentence, is a rewrite of it (one origin), as a paraphrase in the same language is.

The origins index finds rewrite candidates by their content words, which two languages do not share,
so translations are looked for once a story holds reports in several languages: each report that
copies, rewrites and cites nothing is read against the story's earlier reports in other languages
with the cross-lingual reader (``models.crosslingual``): the share of its sentences whose best match
there is the same statement with probability ``SAME`` at least; from ``rewrite_min_coverage`` up it
is a translation of the earlier report, which gives it that report's root.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any, Mapping, Sequence

import numpy as np

from newsprism.origins.graph import own_report
from newsprism.origins.rewrites import sentences
from newsprism.rules import languages
from newsprism.types import Article, ArticleOrigins

SAME = 0.9  # the reader's probability that two sentences say the same, for a sentence to be matched


def translations(
    members: Sequence[Article], origin_of: Mapping[str, ArticleOrigins], *, reader: Any, min_coverage: float,
) -> dict[str, ArticleOrigins]:
    """``origin_of`` with each report found to translate an earlier report of the story marked a
    rewrite of it (``rewrite_of``, ``rewrite_coverage``, its root and chain); the others as given.
    Nothing is read unless the story holds reports in two languages."""
    out = dict(origin_of)
    if not languages.several(a.language for a in members):
        return out
    ordered = sorted(members, key=lambda a: (a.published or "", a.id))
    vectors: dict[str, np.ndarray] = {}

    def of(article: Article) -> np.ndarray:
        if article.id not in vectors:
            vectors[article.id] = reader.vectors(sentences(article))
        return vectors[article.id]

    for k, article in enumerate(ordered):
        origin = out.get(article.id)
        if origin is None or not own_report(origin):
            continue
        earlier = [e for e in ordered[:k] if languages.code(e.language) != languages.code(article.language) and e.id in out]
        if not earlier:
            continue
        mine = of(article)
        if len(mine) < 2:
            continue  # one sentence is a quote or a lead, not a translated report
        best: tuple[Article, float] | None = None
        for candidate in earlier:
            theirs = of(candidate)
            if not len(theirs):
                continue
            same = reader.same((mine @ theirs.T).max(axis=1))
            share = float((same >= SAME).mean())
            if share >= min_coverage and (best is None or share > best[1]):
                best = (candidate, round(share, 4))
        if best is not None:
            source = out[best[0].id]
            out[article.id] = replace(origin, rewrite_of=best[0].id, rewrite_coverage=best[1], root=source.root,
                                      root_name=source.root_name, chain=(f"article:{source.article_id}", *source.chain))
    return out
