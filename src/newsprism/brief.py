"""The cited brief. PLACEHOLDER until the claims work lands."""

from __future__ import annotations

from typing import Sequence

from newsprism.settings import Config
from newsprism.types import ArithmeticCheck, Article, BriefSentence, Claim, Story


def run(
    story: Story,
    claims: Sequence[Claim],
    checks: Sequence[ArithmeticCheck],
    articles: Sequence[Article],
    *,
    config: Config,
) -> list[BriefSentence]:
    """A short merged account where every sentence cites claims and articles."""
    return []
