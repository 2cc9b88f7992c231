"""Claims of a story lined up across its articles. PLACEHOLDER until the claims work lands."""

from __future__ import annotations

from typing import Mapping, Sequence

from newsprism.models import Models
from newsprism.settings import Config
from newsprism.types import Article, Extraction, Story


def run(
    story: Story,
    articles: Sequence[Article],
    extractions: Mapping[str, Extraction],
    *,
    config: Config,
    models: Models,
) -> list:
    """Split the story's articles into claims and group claims that say the same thing."""
    return []
