"""Rewrite detection: a later article that paraphrases an earlier one sentence by sentence.

Shingles miss paraphrase (the seeds share 4% of their 5-word shingles), so each sentence of the
later article is matched to its most similar sentence of the candidate by embedding cosine; the
coverage is the share of the later article's sentences whose best match reaches
``rewrite_sentence_similarity``. Candidates come from the index (content-word MinHash LSH), never
from all pairs, and sentence vectors are computed once per article and only when needed.
"""

from __future__ import annotations

import re
from collections import OrderedDict
from dataclasses import dataclass, field

import numpy as np

from newsprism.models import Embedder
from newsprism.types import Article

# Sentence ends: . ! ? followed by space/newline and a capital, quote or digit; or a line break.
_SPLIT = re.compile(r"(?<=[.!?…])[\"”’)]?\s+(?=[\"“‘(]?[A-Z0-9])|\n+")
_MIN_WORDS = 6  # headlines, datelines and captions are not sentences worth aligning


def sentences(article: Article) -> list[str]:
    """The article's sentences of at least six words (Article.sentences when normalise set them)."""
    if article.sentences:
        parts = [article.text[s.start:s.end] for s in article.sentences]
    else:
        parts = _SPLIT.split(article.text)
    return [p.strip() for p in parts if len(p.split()) >= _MIN_WORDS]


@dataclass
class SentenceVectors:
    """Lazily embedded sentences per article id, kept for the most recently used articles only
    (candidates are mostly recent), so memory stays flat over a long run."""

    embedder: Embedder
    capacity: int = 20_000
    _cache: OrderedDict[str, np.ndarray] = field(default_factory=OrderedDict)

    def of(self, article: Article) -> np.ndarray:
        vectors = self._cache.get(article.id)
        if vectors is None:
            vectors = self.embedder.embed(sentences(article))
            self._cache[article.id] = vectors
            if len(self._cache) > self.capacity:
                self._cache.popitem(last=False)
        else:
            self._cache.move_to_end(article.id)
        return vectors


def coverage(later: np.ndarray, earlier: np.ndarray, *, threshold: float) -> float:
    """Share of ``later``'s sentences whose best match in ``earlier`` has cosine >= threshold."""
    if len(later) == 0 or len(earlier) == 0:
        return 0.0
    best = (later @ earlier.T).max(axis=1)
    return float(np.mean(best >= threshold))


def best_rewrite(
    article: Article, candidates: list[Article], *, vectors: SentenceVectors,
    threshold: float, min_coverage: float,
) -> tuple[str, float] | None:
    """The candidate covering most of ``article``'s sentences, if it covers at least
    ``min_coverage``; ties go to the earlier candidate (candidates come earliest-first)."""
    mine = vectors.of(article)
    if len(mine) < 2:
        return None  # one sentence is a quote or a lead, not a rewritten article
    best: tuple[str, float] | None = None
    for candidate in candidates:
        share = coverage(mine, vectors.of(candidate), threshold=threshold)
        if share >= min_coverage and (best is None or share > best[1]):
            best = (candidate.id, round(share, 4))
    return best
