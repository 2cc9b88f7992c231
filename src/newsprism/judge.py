"""Verdicts for aligned claims. PLACEHOLDER until the claims work lands."""

from __future__ import annotations

from typing import Mapping, Sequence

from newsprism.settings import Config
from newsprism.types import ArithmeticCheck, ArticleOrigins, Claim


def run(
    aligned: Sequence, origins: Mapping[str, ArticleOrigins], *, config: Config
) -> tuple[list[Claim], list[ArithmeticCheck]]:
    """A verdict with its reason for each aligned claim group, and arithmetic checks."""
    return [], []
