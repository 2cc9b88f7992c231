"""The newsroom store: PostgreSQL through psycopg 3 (the ``postgres`` extra).

Same tables and promises as the SQLite store: every write method is one transaction, ingest is
idempotent by article id, merges are recorded and never rewritten. Full-text search uses a stored
``tsvector`` column (title weighted above text) with a GIN index and ``plainto_tsquery``, so a
user's words never cause a syntax error. Tables live in the connection's ``search_path``, so
``?options=-csearch_path%3Dmyschema`` in the URL keeps several stores in one database.

Connections are per thread (the web app serves requests from a thread pool).
"""

from __future__ import annotations

import re
import threading
from contextlib import contextmanager
from typing import Any, Iterable, Iterator, Sequence

from newsprism.codec import dumps, loads
from newsprism.errors import MissingExtra, MissingStore, StoreError
from newsprism.store import Hit
from newsprism.store._sql import SQLReads
from newsprism.store.rows import (
    ARTICLE_COLUMNS,
    MARK_END,
    MARK_START,
    SCHEMA_VERSION,
    article_from,
    article_row,
    bound,
    chunks,
    query_terms,
    story_row,
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

try:
    import psycopg
except ImportError as e:  # pragma: no cover - depends on the installed extras
    raise MissingExtra("the PostgreSQL store", "postgres", "psycopg") from e

# to_tsvector refuses results over 1 MB; the index covers the first 300,000 characters of a text.
_SCHEMA = (
    "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)",
    """CREATE TABLE IF NOT EXISTS articles (
        seq BIGSERIAL PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        source TEXT NOT NULL,
        reader TEXT NOT NULL,
        title TEXT,
        outlet TEXT,
        published TEXT,
        published_utc TEXT,
        language TEXT,
        url TEXT,
        content_hash TEXT NOT NULL,
        text TEXT NOT NULL,
        record TEXT NOT NULL,
        tsv TSVECTOR GENERATED ALWAYS AS (
            setweight(to_tsvector('english', coalesce(title, '')), 'A')
            || setweight(to_tsvector('english', left(text, 300000)), 'B')
        ) STORED
    )""",
    "CREATE INDEX IF NOT EXISTS articles_tsv ON articles USING GIN (tsv)",
    "CREATE INDEX IF NOT EXISTS articles_outlet ON articles (lower(outlet))",
    "CREATE INDEX IF NOT EXISTS articles_content_hash ON articles (content_hash)",
    """CREATE TABLE IF NOT EXISTS failures (
        seq BIGSERIAL PRIMARY KEY, source TEXT NOT NULL, stage TEXT NOT NULL, error TEXT NOT NULL,
        UNIQUE (source, stage, error))""",
    """CREATE TABLE IF NOT EXISTS origins (
        article_id TEXT PRIMARY KEY REFERENCES articles(id), record TEXT NOT NULL)""",
    """CREATE TABLE IF NOT EXISTS extractions (
        article_id TEXT PRIMARY KEY REFERENCES articles(id), record TEXT NOT NULL)""",
    """CREATE TABLE IF NOT EXISTS stories (
        id TEXT PRIMARY KEY, title TEXT, first_seen_utc TEXT, last_seen_utc TEXT,
        absorbed_into TEXT REFERENCES stories(id) DEFERRABLE INITIALLY DEFERRED,
        record TEXT NOT NULL)""",
    "CREATE INDEX IF NOT EXISTS stories_recent ON stories (last_seen_utc DESC NULLS LAST, id) WHERE absorbed_into IS NULL",
    """CREATE TABLE IF NOT EXISTS story_members (
        story_id TEXT NOT NULL REFERENCES stories(id) DEFERRABLE INITIALLY DEFERRED,
        article_id TEXT NOT NULL REFERENCES articles(id),
        PRIMARY KEY (story_id, article_id))""",
    "CREATE INDEX IF NOT EXISTS story_members_article ON story_members (article_id)",
    """CREATE TABLE IF NOT EXISTS assignments (
        article_id TEXT PRIMARY KEY REFERENCES articles(id),
        story_id TEXT NOT NULL REFERENCES stories(id) DEFERRABLE INITIALLY DEFERRED,
        score DOUBLE PRECISION NOT NULL, started BOOLEAN NOT NULL)""",
    """CREATE TABLE IF NOT EXISTS merges (
        seq BIGSERIAL PRIMARY KEY,
        kept TEXT NOT NULL REFERENCES stories(id) DEFERRABLE INITIALLY DEFERRED,
        absorbed TEXT NOT NULL UNIQUE REFERENCES stories(id) DEFERRABLE INITIALLY DEFERRED,
        article_id TEXT NOT NULL, score DOUBLE PRECISION NOT NULL)""",
    "CREATE TABLE IF NOT EXISTS story_state (chunk INTEGER PRIMARY KEY, data BYTEA NOT NULL)",
    "CREATE TABLE IF NOT EXISTS origin_index (seq BIGSERIAL PRIMARY KEY, article_id TEXT NOT NULL UNIQUE, record TEXT NOT NULL)",
    """CREATE TABLE IF NOT EXISTS story_reports (
        story_id TEXT PRIMARY KEY REFERENCES stories(id) DEFERRABLE INITIALLY DEFERRED,
        record TEXT NOT NULL)""",
)
_QUERY = "plainto_tsquery('english', %s)"


class PostgresStore(SQLReads):
    """The Store protocol over a PostgreSQL database (``postgresql://USER@HOST:PORT/DB``)."""

    _P = "%s"

    def __init__(self, url: str, *, read_only: bool = False) -> None:
        self.url = url
        self._read_only = read_only
        self._local = threading.local()
        self._lock = threading.Lock()
        self._all: list[Any] = []
        self._closed = False
        if read_only:
            self._check_version()
        else:
            self._migrate()

    # ------------------------------------------------------------------ connections

    def _conn(self):
        if self._closed:
            raise StoreError("the PostgreSQL store is closed")
        conn = getattr(self._local, "conn", None)
        if conn is None or conn.closed:
            try:
                conn = psycopg.connect(self.url, autocommit=True)
                if self._read_only:  # every statement of this session runs read-only
                    conn.execute("SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY")
            except psycopg.Error as e:
                raise StoreError(f"cannot connect to PostgreSQL: {_first_line(e)}") from e
            self._local.conn = conn
            with self._lock:
                self._all.append(conn)
        return conn

    @contextmanager
    def _write(self) -> Iterator[Any]:
        """One transaction: committed when the block ends, rolled back if it raises."""
        if self._read_only:
            raise StoreError("the PostgreSQL store is open read-only: this command does not write")
        conn = self._conn()
        try:
            with conn.transaction():
                with conn.cursor() as cur:
                    yield cur
        except psycopg.errors.IntegrityError as e:
            raise StoreError(f"refused by the store's constraints: {_first_line(e)}") from e
        except psycopg.Error as e:
            raise StoreError(f"PostgreSQL write failed: {_first_line(e)}") from e

    def _read(self, sql: str, params: Sequence = ()) -> list[tuple]:
        try:
            return self._conn().execute(sql, params).fetchall()
        except psycopg.Error as e:
            raise StoreError(f"PostgreSQL read failed: {_first_line(e)}") from e

    def _check_version(self) -> None:
        """A store opened read-only is used as it is: its tables must exist, up to date."""
        if self._read("SELECT to_regclass('schema_version')")[0][0] is None:
            raise MissingStore(_redacted(self.url))
        version = self._read("SELECT max(version) FROM schema_version")[0][0]
        if version is None or version < SCHEMA_VERSION:
            raise StoreError(f"the store was written by an older newsprism (schema {version}); run "
                             "`newsprism ingest` on it once to upgrade it")
        if version > SCHEMA_VERSION:
            raise StoreError(f"the store has schema version {version}, newer than this newsprism "
                             f"({SCHEMA_VERSION}): upgrade newsprism")

    def _migrate(self) -> None:
        # An up-to-date store needs no DDL; skipping it keeps opening a store from waiting on the
        # table locks of a running ingest.
        if self._read("SELECT to_regclass('schema_version')")[0][0] is not None:
            version = self._read("SELECT max(version) FROM schema_version")[0][0]
            if version == SCHEMA_VERSION:
                return
        with self._write() as cur:
            # Two processes opening a new store at once must not race on CREATE TABLE.
            cur.execute("SELECT pg_advisory_xact_lock(hashtext(current_schema()))")
            for statement in _SCHEMA:
                cur.execute(statement)
            version = cur.execute("SELECT max(version) FROM schema_version").fetchone()[0]
            if version is None:
                cur.execute("INSERT INTO schema_version (version) VALUES (%s)", (SCHEMA_VERSION,))
            elif version < SCHEMA_VERSION:  # new tables were created above (IF NOT EXISTS)
                cur.execute("UPDATE schema_version SET version = %s", (SCHEMA_VERSION,))
            elif version > SCHEMA_VERSION:
                raise StoreError(
                    f"the store has schema version {version}, newer than this newsprism "
                    f"({SCHEMA_VERSION}): upgrade newsprism"
                )

    def close(self) -> None:
        with self._lock:
            self._closed = True
            for conn in self._all:
                conn.close()
            self._all.clear()

    # ------------------------------------------------------------------ articles and failures

    def add_articles(self, articles: Iterable[Article]) -> int:
        columns = ", ".join(ARTICLE_COLUMNS)
        marks = ", ".join("%s" for _ in ARTICLE_COLUMNS)
        sql = f"INSERT INTO articles ({columns}) VALUES ({marks}) ON CONFLICT (id) DO NOTHING"
        with self._write() as cur:
            # Consumed inside the transaction: a crash part-way commits nothing. executemany
            # pipelines the rows and sums their row counts (conflicts count 0).
            cur.executemany(sql, (article_row(a) for a in articles))
            return max(cur.rowcount, 0)

    def add_failures(self, failures: Iterable[Failure]) -> None:
        with self._write() as cur:
            cur.executemany(
                "INSERT INTO failures (source, stage, error) VALUES (%s, %s, %s) ON CONFLICT DO NOTHING",
                [(f.source, f.stage, f.error) for f in failures],
            )

    def get_article(self, article_id: str) -> Article | None:
        rows = self._read("SELECT record, text FROM articles WHERE id = %s", (article_id,))
        return article_from(*rows[0]) if rows else None

    def get_articles(self, article_ids: Sequence[str]) -> list[Article]:
        ids = list(dict.fromkeys(article_ids))
        rows = self._read("SELECT record, text FROM articles WHERE id = ANY(%s)", (ids,))
        found = {a.id: a for a in (article_from(r, t) for r, t in rows)}
        return [found[a] for a in ids if a in found]

    def iter_articles(self) -> Iterator[Article]:
        last = 0
        while True:
            rows = self._read(
                "SELECT seq, record, text FROM articles WHERE seq > %s ORDER BY seq LIMIT 500", (last,)
            )
            if not rows:
                return
            for _, record, text in rows:
                yield article_from(record, text)
            last = rows[-1][0]

    def list_failures(self) -> list[Failure]:
        return [Failure(*r) for r in self._read("SELECT source, stage, error FROM failures ORDER BY seq")]

    def search(self, query: str, *, limit: int = 20, offset: int = 0) -> list[Hit]:
        terms = query_terms(query)
        if not terms:
            return []
        options = f"StartSel={MARK_START}, StopSel={MARK_END}, MaxWords=35, MinWords=15"
        rows = self._read(
            f"""SELECT a.record, a.text, ts_headline('english', left(a.text, 300000), q, %s),
                       ts_rank_cd(a.tsv, q)
                FROM articles a, {_QUERY} q WHERE a.tsv @@ q
                ORDER BY ts_rank_cd(a.tsv, q) DESC, a.seq LIMIT %s OFFSET %s""",
            (options, " ".join(terms), limit, offset),
        )
        return [Hit(article_from(r, t), snippet, float(score)) for r, t, snippet, score in rows]

    def count_search(self, query: str) -> int:
        terms = query_terms(query)
        if not terms:
            return 0
        return self._read(f"SELECT count(*) FROM articles WHERE tsv @@ {_QUERY}", (" ".join(terms),))[0][0]

    # ------------------------------------------------------------------ stage results

    def put_origins(self, origins: Iterable[ArticleOrigins]) -> None:
        self._put_json("origins", [(o.article_id, dumps(o)) for o in origins])

    def put_extractions(self, extractions: Iterable[Extraction]) -> None:
        self._put_json("extractions", [(e.article_id, dumps(e)) for e in extractions])

    def add_origin_index_rows(self, rows: Iterable[tuple[str, str]]) -> None:
        batch = list(rows)
        with self._write() as cur:
            cur.executemany(
                "INSERT INTO origin_index (article_id, record) VALUES (%s, %s) ON CONFLICT (article_id) DO NOTHING",
                batch,
            )

    def _put_json(self, table: str, rows: list[tuple[str, str]]) -> None:
        with self._write() as cur:
            cur.executemany(
                f"INSERT INTO {table} (article_id, record) VALUES (%s, %s) "
                "ON CONFLICT (article_id) DO UPDATE SET record = excluded.record",
                rows,
            )

    def _get_json(self, table: str, article_ids: Sequence[str]) -> list[tuple[str, str]]:
        ids = list(dict.fromkeys(article_ids))
        return self._read(f"SELECT article_id, record FROM {table} WHERE article_id = ANY(%s)", (ids,))

    # ------------------------------------------------------------------ stories

    def save_stories(
        self,
        assignments: Iterable[StoryAssignment],
        stories: Iterable[Story],
        merges: Iterable[StoryMerge],
        state: bytes | None,
    ) -> None:
        with self._write() as cur:
            for story in stories:
                _upsert_story(cur, story)
            cur.executemany(
                "INSERT INTO assignments (article_id, story_id, score, started) VALUES (%s, %s, %s, %s) "
                "ON CONFLICT (article_id) DO UPDATE SET story_id = excluded.story_id, "
                "score = excluded.score, started = excluded.started",
                [(a.article_id, a.story_id, a.score, a.started) for a in assignments],
            )
            for merge in merges:
                _record_merge(cur, merge)
            if state is not None:
                cur.execute("DELETE FROM story_state")
                cur.executemany("INSERT INTO story_state (chunk, data) VALUES (%s, %s)", chunks(state))

    def get_assignments(self, article_ids: Sequence[str]) -> dict[str, str]:
        ids = list(dict.fromkeys(article_ids))
        found = self._read("SELECT article_id, story_id FROM assignments WHERE article_id = ANY(%s)", (ids,))
        live: dict[str, str] = {}
        return {a: live.setdefault(s, self.live_story_id(s) or s) for a, s in found}

    def list_stories(self, *, limit: int = 50, offset: int = 0) -> list[Story]:
        rows = self._read(
            "SELECT record FROM stories WHERE absorbed_into IS NULL "
            "ORDER BY last_seen_utc DESC NULLS LAST, id LIMIT %s OFFSET %s",
            (limit, offset),
        )
        return [loads(Story, r[0]) for r in rows]

    def put_story_reports(self, reports: Iterable[StoryReport]) -> None:
        with self._write() as cur:
            for report in reports:
                _upsert_story(cur, report.story)
                cur.execute(
                    "INSERT INTO story_reports (story_id, record) VALUES (%s, %s) "
                    "ON CONFLICT (story_id) DO UPDATE SET record = excluded.record",
                    (report.story.id, dumps(report)),
                )

    # ------------------------------------------------------------------ web reads

    def _story_filter(self, query, outlet, since, until) -> tuple[str, list]:
        where, params = ["s.absorbed_into IS NULL"], []
        since_key, until_key = bound(since), bound(until, end=True)
        if since_key:
            where.append("coalesce(s.last_seen_utc, s.first_seen_utc) >= %s")
            params.append(since_key)
        if until_key:
            where.append("coalesce(s.first_seen_utc, s.last_seen_utc) <= %s")
            params.append(until_key)
        if outlet:
            where.append(
                "EXISTS (SELECT 1 FROM story_members m JOIN articles a ON a.id = m.article_id "
                "WHERE m.story_id = s.id AND lower(a.outlet) = lower(%s))"
            )
            params.append(outlet)
        terms = query_terms(query or "")
        if terms:
            where.append(
                "s.id IN (SELECT m.story_id FROM articles a JOIN story_members m "
                f"ON m.article_id = a.id WHERE a.tsv @@ {_QUERY})"
            )
            params.append(" ".join(terms))
        return " AND ".join(where), params

    def _story_rows(self, limit, offset, query, outlet, since, until) -> list[tuple]:
        where, params = self._story_filter(query, outlet, since, until)
        return self._read(
            f"""SELECT s.record, r.record FROM stories s LEFT JOIN story_reports r ON r.story_id = s.id
                WHERE {where} ORDER BY s.last_seen_utc DESC NULLS LAST, s.id LIMIT %s OFFSET %s""",
            (*params, limit, offset),
        )

    def story_outlets(self, story_ids: Sequence[str]) -> dict[str, tuple[str, ...]]:
        ids = list(dict.fromkeys(story_ids))
        out: dict[str, set[str]] = {s: set() for s in ids}
        for story_id, outlet in self._read(
            "SELECT DISTINCT m.story_id, a.outlet FROM story_members m JOIN articles a "
            "ON a.id = m.article_id WHERE m.story_id = ANY(%s) AND a.outlet IS NOT NULL",
            (ids,),
        ):
            out[story_id].add(outlet)
        return {s: tuple(sorted(o)) for s, o in out.items()}


def _redacted(url: str) -> str:
    """The URL without its password, for messages."""
    return re.sub(r"(://[^:/@]+):[^@/]*@", r"\1:***@", url)


def _first_line(error: BaseException) -> str:
    return (str(error).strip().splitlines() or [type(error).__name__])[0]


def _upsert_story(cur, story: Story) -> None:
    cur.execute(
        "INSERT INTO stories (id, title, first_seen_utc, last_seen_utc, record) VALUES (%s, %s, %s, %s, %s) "
        "ON CONFLICT (id) DO UPDATE SET title = excluded.title, first_seen_utc = excluded.first_seen_utc, "
        "last_seen_utc = excluded.last_seen_utc, record = excluded.record",
        story_row(story),
    )
    cur.execute("DELETE FROM story_members WHERE story_id = %s", (story.id,))
    cur.executemany(
        "INSERT INTO story_members (story_id, article_id) VALUES (%s, %s) ON CONFLICT DO NOTHING",
        [(story.id, a) for a in dict.fromkeys(story.article_ids)],
    )


def _record_merge(cur, merge: StoryMerge) -> None:
    if merge.kept == merge.absorbed:
        raise StoreError(f"story {merge.kept!r} cannot absorb itself")
    known = cur.execute("SELECT kept FROM merges WHERE absorbed = %s", (merge.absorbed,)).fetchone()
    if known is not None and known[0] != merge.kept:
        raise StoreError(
            f"story {merge.absorbed!r} was already absorbed into {known[0]!r}; "
            f"refusing to record it as absorbed into {merge.kept!r}"
        )
    if known is None:
        cur.execute(
            "INSERT INTO merges (kept, absorbed, article_id, score) VALUES (%s, %s, %s, %s)",
            (merge.kept, merge.absorbed, merge.article_id, merge.score),
        )
    cur.execute(
        "INSERT INTO stories (id, title, record) VALUES (%s, NULL, %s) ON CONFLICT (id) DO NOTHING",
        (merge.absorbed, dumps(Story(id=merge.absorbed, title="", article_ids=()))),
    )
    cur.execute("UPDATE stories SET absorbed_into = %s WHERE id = %s", (merge.kept, merge.absorbed))
    cur.execute("DELETE FROM story_members WHERE story_id = %s", (merge.absorbed,))
