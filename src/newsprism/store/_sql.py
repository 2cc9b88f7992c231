"""What the SQL backends share: every write of the Store protocol and the reads that are the
same SQL on both, each written once.

A backend supplies its connections (``_read`` for one query, ``_write`` for one transaction,
which yields a cursor), its full-text search (``search``, ``count_search``, ``_story_filter``)
and the few things its dialect says differently, as small strings:

- ``_P``: the parameter placeholder (``?`` for SQLite, ``%s`` for psycopg);
- ``_ids_in(ids)``: ``(condition, params)`` pieces matching a column against many ids
  (``IN (?, ...)`` 500 at a time for SQLite, ``= ANY(%s)`` at once for PostgreSQL);
- ``_ADD_MEMBER``: a story member's row (SQLite also keeps the article's rowid, which its
  full-text index joins on);
- ``_NULLS_LAST``: what puts stories without a time last in a newest-first order (SQLite sorts
  NULL lowest already);
- ``_OUTLET_STORIES`` and ``_text_stories(terms)``: the stories an outlet reported and those
  matching a text query, for ``_story_filter``;
- ``ARTICLES_TABLE``'s columns are shared; each backend adds its key and its text index.

Writes are idempotent: an article, failure or index row already present is left as it is
(``ON CONFLICT DO NOTHING``); origins, extractions, stories and reports are replaced.
"""

from __future__ import annotations

from typing import Any, ContextManager, Iterable, Iterator, Sequence

from newsprism.codec import dumps, loads
from newsprism.errors import StoreError
from newsprism.store import StatePieces, StorySummary
from newsprism.store.rows import (
    ARTICLE_COLUMNS,
    article_from,
    article_row,
    bound,
    check_merge,
    chunks,
    joined,
    query_terms,
    story_row,
    summary_from,
)
from newsprism.types import (
    Article,
    ArticleOrigins,
    Extraction,
    Failure,
    Story,
    StoryAssignment,
    StoryMerge,
    StoryReport,
)


class SQLStore:
    """The Store protocol's methods that are the same SQL on every backend."""

    _P = "?"
    _ADD_MEMBER = "INSERT INTO story_members (story_id, article_id) VALUES (?, ?) ON CONFLICT DO NOTHING"
    _NULLS_LAST = ""

    # what a backend provides ----------------------------------------------------------------
    def _read(self, sql: str, params: Sequence = ()) -> list[tuple]:
        raise NotImplementedError

    def _write(self) -> ContextManager[Any]:
        raise NotImplementedError

    def _ids_in(self, ids: list[str]) -> Iterator[tuple[str, list]]:
        raise NotImplementedError

    def _text_stories(self, terms: list[str]) -> tuple[str, str]:
        """The condition (one placeholder) picking stories whose articles match these search
        terms, and its parameter."""
        raise NotImplementedError

    def _story_filter(self, query: str | None, outlet: str | None, since: str | None,
                      until: str | None) -> tuple[str, list]:
        """The WHERE condition and parameters of a story listing: live stories, in the time
        window, reported by the outlet, matching the query."""
        where, params = ["s.absorbed_into IS NULL"], []
        since_key, until_key = bound(since), bound(until, end=True)
        if since_key:
            where.append(f"coalesce(s.last_seen_utc, s.first_seen_utc) >= {self._P}")
            params.append(since_key)
        if until_key:
            where.append(f"coalesce(s.first_seen_utc, s.last_seen_utc) <= {self._P}")
            params.append(until_key)
        if outlet:
            where.append(self._OUTLET_STORIES)
            params.append(outlet)
        terms = query_terms(query or "")
        if terms:
            condition, param = self._text_stories(terms)
            where.append(condition)
            params.append(param)
        return " AND ".join(where), params

    def _by_ids(self, sql: str, article_ids: Sequence[str]) -> list[tuple]:
        """Rows of ``sql`` (holding one ``{ids}`` condition) for these ids, duplicates dropped."""
        out: list[tuple] = []
        for condition, params in self._ids_in(list(dict.fromkeys(article_ids))):
            out += self._read(sql.format(ids=condition), params)
        return out

    # articles and failures ------------------------------------------------------------------
    def add_articles(self, articles: Iterable[Article]) -> int:
        marks = ", ".join(self._P for _ in ARTICLE_COLUMNS)
        sql = f"INSERT INTO articles ({', '.join(ARTICLE_COLUMNS)}) VALUES ({marks}) ON CONFLICT DO NOTHING"
        with self._write() as cur:
            # Consumed inside the transaction: a crash part-way commits nothing. The row count
            # sums the statement's own inserts (not a full-text trigger's); conflicts count 0.
            cur.executemany(sql, (article_row(a) for a in articles))
            return max(cur.rowcount, 0)

    def add_failures(self, failures: Iterable[Failure]) -> None:
        p = self._P
        with self._write() as cur:
            cur.executemany(
                f"INSERT INTO failures (source, stage, error) VALUES ({p}, {p}, {p}) ON CONFLICT DO NOTHING",
                ((f.source, f.stage, f.error) for f in failures),
            )

    def has_article(self, article_id: str) -> bool:
        return bool(self._read(f"SELECT 1 FROM articles WHERE id = {self._P}", (article_id,)))

    def get_article(self, article_id: str) -> Article | None:
        rows = self._read(f"SELECT record, text FROM articles WHERE id = {self._P}", (article_id,))
        return article_from(*rows[0]) if rows else None

    def get_articles(self, article_ids: Sequence[str]) -> list[Article]:
        """The articles with these ids, in the order given; unknown ids are skipped."""
        found = {a.id: a for a in (article_from(r, t) for r, t in
                                   self._by_ids("SELECT record, text FROM articles WHERE id {ids}", article_ids))}
        return [found[a] for a in dict.fromkeys(article_ids) if a in found]

    def iter_articles(self) -> Iterator[Article]:
        # Pages by insertion order so that no read snapshot is held between pages.
        last = 0
        while True:
            rows = self._read(
                f"SELECT seq, record, text FROM articles WHERE seq > {self._P} ORDER BY seq LIMIT 500", (last,)
            )
            if not rows:
                return
            for _seq, record, text in rows:
                yield article_from(record, text)
            last = rows[-1][0]

    def count_articles(self) -> int:
        return self._read("SELECT count(*) FROM articles")[0][0]

    def list_failures(self) -> list[Failure]:
        return [Failure(*r) for r in self._read("SELECT source, stage, error FROM failures ORDER BY seq")]

    # stage results --------------------------------------------------------------------------
    def put_origins(self, origins: Iterable[ArticleOrigins]) -> None:
        self._put_json("origins", ((o.article_id, dumps(o)) for o in origins))

    def put_extractions(self, extractions: Iterable[Extraction]) -> None:
        self._put_json("extractions", ((e.article_id, dumps(e)) for e in extractions))

    def _put_json(self, table: str, rows: Iterable[tuple[str, str]]) -> None:
        p = self._P
        with self._write() as cur:
            cur.executemany(
                f"INSERT INTO {table} (article_id, record) VALUES ({p}, {p}) "
                "ON CONFLICT (article_id) DO UPDATE SET record = excluded.record",
                rows,
            )

    def get_origins(self, article_ids: Sequence[str]) -> dict[str, ArticleOrigins]:
        return {k: loads(ArticleOrigins, v) for k, v in self._get_json("origins", article_ids)}

    def get_extractions(self, article_ids: Sequence[str]) -> dict[str, Extraction]:
        return {k: loads(Extraction, v) for k, v in self._get_json("extractions", article_ids)}

    def _get_json(self, table: str, article_ids: Sequence[str]) -> list[tuple]:
        return self._by_ids(f"SELECT article_id, record FROM {table} WHERE article_id {{ids}}", article_ids)

    def add_origin_index_rows(self, rows: Iterable[tuple[str, str]]) -> None:
        p = self._P
        with self._write() as cur:
            cur.executemany(
                f"INSERT INTO origin_index (article_id, record) VALUES ({p}, {p}) ON CONFLICT DO NOTHING", rows
            )

    def origin_index_rows(self) -> list[str]:
        return [r[0] for r in self._read("SELECT record FROM origin_index ORDER BY seq")]

    # stories --------------------------------------------------------------------------------
    def save_stories(
        self,
        assignments: Iterable[StoryAssignment],
        stories: Iterable[Story],
        merges: Iterable[StoryMerge],
        state: StatePieces | None,
    ) -> None:
        p = self._P
        with self._write() as cur:
            for story in stories:
                self._upsert_story(cur, story)
            cur.executemany(
                f"INSERT INTO assignments (article_id, story_id, score, started) VALUES ({p}, {p}, {p}, {p}) "
                "ON CONFLICT (article_id) DO UPDATE SET story_id = excluded.story_id, "
                "score = excluded.score, started = excluded.started",
                ((a.article_id, a.story_id, a.score, bool(a.started)) for a in assignments),
            )
            for merge in merges:
                self._record_merge(cur, merge)
            if state is not None:
                cur.execute("DELETE FROM story_state")
                cur.executemany(f"INSERT INTO story_state (chunk, data) VALUES ({p}, {p})", chunks(state))

    def _upsert_story(self, cur: Any, story: Story) -> None:
        p = self._P
        cur.execute(
            f"INSERT INTO stories (id, title, first_seen_utc, last_seen_utc, record) VALUES ({p}, {p}, {p}, {p}, {p}) "
            "ON CONFLICT (id) DO UPDATE SET title = excluded.title, first_seen_utc = excluded.first_seen_utc, "
            "last_seen_utc = excluded.last_seen_utc, record = excluded.record",
            story_row(story),
        )
        cur.execute(f"DELETE FROM story_members WHERE story_id = {p}", (story.id,))
        cur.executemany(self._ADD_MEMBER, [(story.id, a) for a in dict.fromkeys(story.article_ids)])

    def _record_merge(self, cur: Any, merge: StoryMerge) -> None:
        p = self._P
        known = cur.execute(f"SELECT kept FROM merges WHERE absorbed = {p}", (merge.absorbed,)).fetchone()
        check_merge(merge, known[0] if known is not None else None)
        if known is None:
            cur.execute(
                f"INSERT INTO merges (kept, absorbed, article_id, score) VALUES ({p}, {p}, {p}, {p})",
                (merge.kept, merge.absorbed, merge.article_id, merge.score),
            )
        # A story absorbed before it was ever saved still gets a row, so the merge can be followed.
        cur.execute(
            f"INSERT INTO stories (id, title, record) VALUES ({p}, NULL, {p}) ON CONFLICT (id) DO NOTHING",
            (merge.absorbed, dumps(Story(id=merge.absorbed, title="", article_ids=()))),
        )
        cur.execute(f"UPDATE stories SET absorbed_into = {p} WHERE id = {p}", (merge.kept, merge.absorbed))
        # Its articles now belong to the kept story.
        cur.execute(f"DELETE FROM story_members WHERE story_id = {p}", (merge.absorbed,))

    def story_state(self) -> bytearray | None:
        p = self._P
        numbers = [r[0] for r in self._read("SELECT chunk FROM story_state ORDER BY chunk")]
        if not numbers:
            return None
        total = self._read("SELECT SUM(LENGTH(data)) FROM story_state")[0][0] or 0
        # one chunk at a time into one buffer: a large state is never held twice
        pieces = (self._read(f"SELECT data FROM story_state WHERE chunk = {p}", (n,))[0][0] for n in numbers)
        return joined(pieces, int(total))

    def get_assignments(self, article_ids: Sequence[str]) -> dict[str, str]:
        found = self._by_ids("SELECT article_id, story_id FROM assignments WHERE article_id {ids}", article_ids)
        live: dict[str, str] = {}
        return {a: live.setdefault(s, self.live_story_id(s) or s) for a, s in found}

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

    def list_stories(self, *, limit: int = 50, offset: int = 0) -> list[Story]:
        rows = self._read(
            "SELECT record FROM stories WHERE absorbed_into IS NULL "
            f"ORDER BY last_seen_utc DESC{self._NULLS_LAST}, id LIMIT {self._P} OFFSET {self._P}",
            (limit, offset),
        )
        return [loads(Story, r[0]) for r in rows]

    def count_stories(self) -> int:
        return self._read("SELECT count(*) FROM stories WHERE absorbed_into IS NULL")[0][0]

    def get_story(self, story_id: str) -> Story | None:
        rows = self._read(f"SELECT record FROM stories WHERE id = {self._P}", (story_id,))
        return loads(Story, rows[0][0]) if rows else None

    def put_story_reports(self, reports: Iterable[StoryReport]) -> None:
        p = self._P
        with self._write() as cur:
            for report in reports:
                # The report carries its story; keeping the story row in step lets a report be
                # stored on its own (and the listing stay consistent with what the report says).
                self._upsert_story(cur, report.story)
                cur.execute(
                    f"INSERT INTO story_reports (story_id, record) VALUES ({p}, {p}) "
                    "ON CONFLICT (story_id) DO UPDATE SET record = excluded.record",
                    (report.story.id, dumps(report)),
                )

    def get_story_report(self, story_id: str) -> StoryReport | None:
        rows = self._read(f"SELECT record FROM story_reports WHERE story_id = {self._P}", (story_id,))
        return loads(StoryReport, rows[0][0]) if rows else None

    # reads for the web app ------------------------------------------------------------------
    def _story_rows(self, limit, offset, query, outlet, since, until) -> list[tuple]:
        where, params = self._story_filter(query, outlet, since, until)
        return self._read(
            f"""SELECT s.record, r.record FROM stories s LEFT JOIN story_reports r ON r.story_id = s.id
                WHERE {where}
                ORDER BY s.last_seen_utc DESC{self._NULLS_LAST}, s.id LIMIT {self._P} OFFSET {self._P}""",
            (*params, limit, offset),
        )

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

    def story_outlets(self, story_ids: Sequence[str]) -> dict[str, tuple[str, ...]]:
        out: dict[str, set[str]] = {s: set() for s in dict.fromkeys(story_ids)}
        for story_id, outlet in self._by_ids(
            "SELECT DISTINCT m.story_id, a.outlet FROM story_members m JOIN articles a "
            "ON a.id = m.article_id WHERE m.story_id {ids} AND a.outlet IS NOT NULL",
            story_ids,
        ):
            out[story_id].add(outlet)
        return {s: tuple(sorted(o)) for s, o in out.items()}

    def list_outlets(self) -> list[tuple[str, int]]:
        rows = self._read(
            "SELECT outlet, count(*) FROM articles WHERE outlet IS NOT NULL "
            "GROUP BY outlet ORDER BY count(*) DESC, outlet"
        )
        return [(o, n) for o, n in rows]
