"""Reads that the SQL backends share word for word; only the parameter placeholder differs
(``?`` for SQLite, ``%s`` for psycopg). A backend supplies ``_read``, ``_get_json``,
``_story_rows`` and ``_story_filter``, and sets ``_P`` to its placeholder."""

from __future__ import annotations

from typing import Sequence

from newsprism.codec import loads
from newsprism.errors import StoreError
from newsprism.store import StorySummary
from newsprism.store.rows import summary_from
from newsprism.types import ArticleOrigins, Extraction, Story, StoryReport


class SQLReads:
    """The read methods of the Store protocol that are the same SQL on every backend."""

    _P = "?"

    def has_article(self, article_id: str) -> bool:
        return bool(self._read(f"SELECT 1 FROM articles WHERE id = {self._P}", (article_id,)))

    def count_articles(self) -> int:
        return self._read("SELECT count(*) FROM articles")[0][0]

    def get_origins(self, article_ids: Sequence[str]) -> dict[str, ArticleOrigins]:
        return {k: loads(ArticleOrigins, v) for k, v in self._get_json("origins", article_ids)}

    def get_extractions(self, article_ids: Sequence[str]) -> dict[str, Extraction]:
        return {k: loads(Extraction, v) for k, v in self._get_json("extractions", article_ids)}

    def origin_index_rows(self) -> list[str]:
        return [r[0] for r in self._read("SELECT record FROM origin_index ORDER BY seq")]

    def story_state(self) -> bytes | None:
        rows = self._read("SELECT data FROM story_state ORDER BY chunk")
        return b"".join(bytes(r[0]) for r in rows) if rows else None

    def live_story_id(self, story_id: str) -> str | None:
        current, seen = story_id, set()
        while current not in seen:
            seen.add(current)
            rows = self._read(f"SELECT absorbed_into FROM stories WHERE id = {self._P}", (current,))
            if not rows:
                return None if current == story_id else current
            if rows[0][0] is None:
                return current
            current = rows[0][0]
        raise StoreError(f"story merges form a cycle through {story_id!r}")

    def count_stories(self) -> int:
        return self._read("SELECT count(*) FROM stories WHERE absorbed_into IS NULL")[0][0]

    def get_story(self, story_id: str) -> Story | None:
        rows = self._read(f"SELECT record FROM stories WHERE id = {self._P}", (story_id,))
        return loads(Story, rows[0][0]) if rows else None

    def get_story_report(self, story_id: str) -> StoryReport | None:
        rows = self._read(f"SELECT record FROM story_reports WHERE story_id = {self._P}", (story_id,))
        return loads(StoryReport, rows[0][0]) if rows else None

    def list_story_reports(
        self, *, limit: int = 50, offset: int = 0, query: str | None = None,
        outlet: str | None = None, since: str | None = None, until: str | None = None,
    ) -> list[StoryReport]:
        rows = self._story_rows(limit, offset, query, outlet, since, until)
        return [loads(StoryReport, r) if r else StoryReport(story=loads(Story, s)) for s, r in rows]

    def list_story_summaries(
        self, *, limit: int = 50, offset: int = 0, query: str | None = None,
        outlet: str | None = None, since: str | None = None, until: str | None = None,
    ) -> list[StorySummary]:
        return [summary_from(s, r) for s, r in self._story_rows(limit, offset, query, outlet, since, until)]

    def count_story_reports(
        self, *, query: str | None = None, outlet: str | None = None,
        since: str | None = None, until: str | None = None,
    ) -> int:
        where, params = self._story_filter(query, outlet, since, until)
        return self._read(f"SELECT count(*) FROM stories s WHERE {where}", params)[0][0]

    def list_outlets(self) -> list[tuple[str, int]]:
        rows = self._read(
            "SELECT outlet, count(*) FROM articles WHERE outlet IS NOT NULL "
            "GROUP BY outlet ORDER BY count(*) DESC, outlet"
        )
        return [(o, n) for o, n in rows]
