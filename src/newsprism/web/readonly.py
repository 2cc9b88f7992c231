"""A read-only view of a store: the web app gets this, so no handler can write by mistake."""

from __future__ import annotations

from typing import Any

from newsprism.store import Store

READ_METHODS = frozenset({
    "has_article", "get_article", "get_articles", "iter_articles", "count_articles", "list_failures",
    "search", "count_search", "get_origins", "get_extractions", "story_state", "get_assignments",
    "list_stories", "count_stories", "get_story", "get_story_report", "live_story_id",
    "list_story_reports", "list_story_summaries", "count_story_reports", "story_outlets", "list_outlets",
})


class ReadOnlyStore:
    """Forwards the Store protocol's read methods; anything else is an AttributeError."""

    def __init__(self, store: Store) -> None:
        self._store = store
        self.url = store.url

    def __getattr__(self, name: str) -> Any:
        if name in READ_METHODS:
            return getattr(self._store, name)
        raise AttributeError(f"the web app's store is read-only: {name} is not available")

    def close(self) -> None:
        self._store.close()
