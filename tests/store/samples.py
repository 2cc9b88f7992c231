"""Small hand-made records for the store tests."""

from __future__ import annotations

from newsprism.types import Article, Story, StoryAssignment


def article(n: int, *, title: str | None = None, text: str | None = None, outlet: str | None = None,
            published: str | None = None) -> Article:
    return Article(
        id=f"art{n:05d}",
        source=f"/in/{n}.txt",
        reader="text.v1",
        text=text or f"Report number {n} about the harbour council meeting.",
        content_hash=f"hash{n:05d}",
        title=title,
        outlet=outlet,
        published=published,
    )


def story(story_id: str, article_ids: tuple[str, ...], *, first: str | None = None,
          last: str | None = None, title: str = "A story") -> Story:
    return Story(id=story_id, title=title, article_ids=article_ids, first_seen=first, last_seen=last)


def started(article_id: str, story_id: str) -> StoryAssignment:
    return StoryAssignment(article_id=article_id, story_id=story_id, score=1.0, started=True)


def joined(article_id: str, story_id: str, score: float = 0.7) -> StoryAssignment:
    return StoryAssignment(article_id=article_id, story_id=story_id, score=score, started=False)
