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
from typing import Any, Iterator, Sequence

from newsprism.errors import MissingExtra, MissingStore, StoreError
from newsprism.store import Hit
from newsprism.store._sql import SQLStore
from newsprism.store.rows import (
    ARTICLE_COLUMNS_DDL,
    MARK_END,
    MARK_START,
    SCHEMA_VERSION,
    article_from,
    query_terms,
)

try:
    import psycopg
except ImportError as e:  # pragma: no cover - depends on the installed extras
    raise MissingExtra("the PostgreSQL store", "postgres", "psycopg") from e

# to_tsvector refuses results over 1 MB; the index covers the first 300,000 characters of a text.
_SCHEMA = (
    "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)",
    f"""CREATE TABLE IF NOT EXISTS articles (
        seq BIGSERIAL PRIMARY KEY,
        {ARTICLE_COLUMNS_DDL},
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


class PostgresStore(SQLStore):
    """The Store protocol over a PostgreSQL database (``postgresql://USER@HOST:PORT/DB``)."""

    _P = "%s"
    _ADD_MEMBER = "INSERT INTO story_members (story_id, article_id) VALUES (%s, %s) ON CONFLICT DO NOTHING"
    _NULLS_LAST = " NULLS LAST"
    _OUTLET_STORIES = ("EXISTS (SELECT 1 FROM story_members m JOIN articles a ON a.id = m.article_id "
                       "WHERE m.story_id = s.id AND lower(a.outlet) = lower(%s))")

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

    def _ids_in(self, ids: list[str]) -> Iterator[tuple[str, list]]:
        if ids:
            yield "= ANY(%s)", [ids]

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

    # ------------------------------------------------------------------ full-text search

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

    def _text_stories(self, terms: list[str]) -> tuple[str, str]:
        return ("s.id IN (SELECT m.story_id FROM articles a JOIN story_members m "
                f"ON m.article_id = a.id WHERE a.tsv @@ {_QUERY})", " ".join(terms))


def _redacted(url: str) -> str:
    """The URL without its password, for messages."""
    return re.sub(r"(://[^:/@]+):[^@/]*@", r"\1:***@", url)


def _first_line(error: BaseException) -> str:
    return (str(error).strip().splitlines() or [type(error).__name__])[0]

