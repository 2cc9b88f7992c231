"""Extraction: entities, quantities, quotes and flows per article. PLACEHOLDER: extracts nothing."""

from __future__ import annotations

from typing import Iterable, Iterator, Sequence

from newsprism.models import Models
from newsprism.settings import Config
from newsprism.types import Article, Entity, Extraction


def run(articles: Iterable[Article], *, config: Config, models: Models) -> Iterator[Extraction]:
    """Per-article extraction (mentions carry provisional, article-local entity ids)."""
    for article in articles:
        yield Extraction(article_id=article.id)


def canonicalise(
    extractions: Sequence[Extraction], articles: Sequence[Article], *, config: Config
) -> tuple[list[Extraction], list[Entity]]:
    """Merge entities across articles (aliases, transliterations, acronyms, governments)."""
    return list(extractions), []
