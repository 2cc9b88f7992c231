"""Stories: online grouping of articles that report one event. PLACEHOLDER: one story per run."""

from __future__ import annotations

from typing import Sequence

from newsprism.models import Models
from newsprism.settings import Config
from newsprism.types import Article, Story, StoryAssignment, StoryMerge


def run(
    articles: Sequence[Article], *, config: Config, models: Models, state: bytes | None = None
) -> tuple[list[StoryAssignment], list[Story], list[StoryMerge], bytes]:
    """Assign each article, in arrival order, to a story. Returns assignments, the stories they
    touched (full article lists, including earlier articles from ``state``), merges, new state."""
    if not articles:
        return [], [], [], state or b""
    sid = "s-" + articles[0].id[:12]
    assignments = [StoryAssignment(a.id, sid, 1.0, i == 0) for i, a in enumerate(articles)]
    story = Story(id=sid, title=articles[0].title or "", article_ids=tuple(a.id for a in articles))
    return assignments, [story], [], b""
