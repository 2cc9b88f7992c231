"""The default store: one SQLite file (WAL mode, FTS5 over title and text, foreign keys).

Every write method is one ``BEGIN IMMEDIATE ... COMMIT`` transaction, so a process killed
half-way leaves the store as it was after the last finished call; rerunning the same inputs adds
what is missing and nothing twice (articles are keyed by their content-hash id). Readers on other
connections are never blocked by a writer (WAL) and never see half a write.

Connections are per thread (the web app serves requests from a thread pool); ``:memory:`` has one
connection shared under a lock, since each connection to ``:memory:`` is a different database.
"""

from __future__ import annotations

import sqlite3
import threading
import urllib.parse
from contextlib import contextmanager
from pathlib import Path
from typing import Iterable, Iterator, Sequence

from newsprism.codec import dumps, loads
from newsprism.errors import ConfigError, MissingStore, StoreError
from newsprism.store import Hit
from newsprism.store._sqlite_schema import (
    MEMBERS_BY_SEQ,
    SCHEMA_VERSION,
    has_column,
    statements,
    upgrade,
)
from newsprism.store._sql import SQLReads
from newsprism.store.rows import (
    ARTICLE_COLUMNS,
    MARK_END,
    MARK_START,
    chunks as _chunks,
    article_from,
    article_row,
    bound,
    fts5_query,
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

_SELECT_ARTICLE = "SELECT record, text FROM articles"


def _path_of(url: str) -> str:
    if not url.startswith("sqlite:///"):
        raise ConfigError(f"SQLite store URL must look like sqlite:///PATH, got {url!r}")
    path = url[len("sqlite:///"):]
    if not path:
        raise ConfigError(f"SQLite store URL {url!r} names no file: use e.g. sqlite:///newsprism.db")
    return path


class SQLiteStore(SQLReads):
    """The Store protocol over one SQLite file (``sqlite:///PATH``, or ``sqlite:///:memory:``)."""

    def __init__(self, url: str, *, read_only: bool = False) -> None:
        self.url = url
        self._path = _path_of(url)
        self._memory = self._path == ":memory:"
        self._read_only = read_only
        if read_only and (self._memory or not Path(self._path).is_file()):
            raise MissingStore(self._path)  # a reader never creates a store (nor its folder)
        if not self._memory and not read_only:
            try:
                Path(self._path).parent.mkdir(parents=True, exist_ok=True)
            except OSError as e:
                raise StoreError(f"cannot create the folder for {self._path}: {e.strerror}") from e
        self._local = threading.local()
        self._lock = threading.RLock()
        self._all: list[sqlite3.Connection] = []
        self._shared: sqlite3.Connection | None = None
        self._closed = False
        with self._connection() as db:
            if read_only:
                self._check_version(db)
            else:
                self._migrate(db)

    # ------------------------------------------------------------------ connections

    def _connect(self) -> sqlite3.Connection:
        try:
            if self._read_only:  # the file is opened read-only: no write can reach it
                target = "file:" + urllib.parse.quote(str(Path(self._path).resolve())) + "?mode=ro"
                db = sqlite3.connect(target, uri=True, isolation_level=None, check_same_thread=False, timeout=60)
            else:
                db = sqlite3.connect(self._path, isolation_level=None, check_same_thread=False, timeout=60)
            db.execute("PRAGMA foreign_keys = ON")
            db.execute("PRAGMA busy_timeout = 60000")
            if self._read_only:
                db.execute("PRAGMA query_only = ON")
                db.execute("PRAGMA mmap_size = 1073741824")
            elif not self._memory:
                db.execute("PRAGMA journal_mode = WAL")
                # In WAL mode NORMAL survives a killed process; only a power cut may lose the
                # last commits, and never corrupts the file.
                db.execute("PRAGMA synchronous = NORMAL")
                # Readers share the OS page cache through mmap; each connection keeps 32 MB of its own.
                db.execute("PRAGMA mmap_size = 1073741824")
                db.execute("PRAGMA cache_size = -32768")
        except sqlite3.Error as e:
            raise StoreError(f"cannot open SQLite store {self._path}: {e}") from e
        with self._lock:
            self._all.append(db)
        return db

    @contextmanager
    def _connection(self) -> Iterator[sqlite3.Connection]:
        if self._closed:
            raise StoreError(f"store {self.url} is closed")
        if self._memory:
            with self._lock:
                if self._shared is None:
                    self._shared = self._connect()
                yield self._shared
            return
        db = getattr(self._local, "db", None)
        if db is None:
            db = self._local.db = self._connect()
        yield db

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        """One transaction: committed when the block ends, rolled back if it raises."""
        if self._read_only:
            raise StoreError(f"store {self._path} is open read-only: this command does not write")
        with self._connection() as db:
            try:
                db.execute("BEGIN IMMEDIATE")
            except sqlite3.Error as e:
                raise StoreError(f"cannot write to {self._path}: {e}") from e
            try:
                yield db
                db.execute("COMMIT")
            except sqlite3.IntegrityError as e:
                db.execute("ROLLBACK")
                raise StoreError(f"refused by the store's constraints: {e}") from e
            except sqlite3.Error as e:
                db.execute("ROLLBACK")
                raise StoreError(f"write to {self._path} failed: {e}") from e
            except BaseException:
                if db.in_transaction:
                    db.execute("ROLLBACK")
                raise

    def _read(self, sql: str, params: Sequence = ()) -> list[tuple]:
        with self._connection() as db:
            try:
                return db.execute(sql, params).fetchall()
            except sqlite3.Error as e:
                raise StoreError(f"read from {self._path} failed: {e}") from e

    def _check_version(self, db: sqlite3.Connection) -> None:
        """A store opened read-only is used as it is: it must be a newsprism store, up to date."""
        try:
            row = db.execute("SELECT max(version) FROM schema_version").fetchone()
        except sqlite3.Error as e:
            raise StoreError(f"{self._path} is not a newsprism store ({e}); pass --db with the right store") from e
        if row[0] is None or row[0] < SCHEMA_VERSION:
            raise StoreError(
                f"store {self._path} was written by an older newsprism (schema {row[0]}); run "
                f"`newsprism ingest` on it once to upgrade it"
            )
        if row[0] > SCHEMA_VERSION:
            raise StoreError(
                f"store {self._path} has schema version {row[0]}, newer than this newsprism "
                f"({SCHEMA_VERSION}): upgrade newsprism"
            )

    def _migrate(self, db: sqlite3.Connection) -> None:
        try:
            db.execute("BEGIN IMMEDIATE")
        except sqlite3.Error as e:
            raise StoreError(f"cannot open SQLite store {self._path}: {e}") from e
        try:
            # executescript would commit first; run the statements one by one inside the transaction.
            for statement in statements():
                db.execute(statement)
            if has_column(db, "story_members", "article_seq"):
                db.execute(MEMBERS_BY_SEQ)
            row = db.execute("SELECT max(version) FROM schema_version").fetchone()
            if row[0] is None:
                db.execute("INSERT INTO schema_version(version) VALUES (?)", (SCHEMA_VERSION,))
            elif row[0] < SCHEMA_VERSION:
                upgrade(db, row[0])
            elif row[0] > SCHEMA_VERSION:
                raise StoreError(
                    f"store {self._path} has schema version {row[0]}, newer than this newsprism "
                    f"({SCHEMA_VERSION}): upgrade newsprism"
                )
            db.execute("COMMIT")
        except BaseException:
            db.execute("ROLLBACK")
            raise

    def close(self) -> None:
        with self._lock:
            self._closed = True
            for db in self._all:
                try:
                    db.close()
                except sqlite3.Error:
                    pass
            self._all.clear()
            self._shared = None

    # ------------------------------------------------------------------ articles and failures

    def add_articles(self, articles: Iterable[Article]) -> int:
        columns = ", ".join(ARTICLE_COLUMNS)
        marks = ", ".join("?" for _ in ARTICLE_COLUMNS)
        with self._write() as db:
            # The iterable is consumed inside the transaction: a crash part-way commits nothing.
            cursor = db.executemany(
                f"INSERT OR IGNORE INTO articles ({columns}) VALUES ({marks})",
                (article_row(a) for a in articles),
            )
            # rowcount counts the statement's own inserts, not the FTS trigger's.
            return max(cursor.rowcount, 0)

    def add_failures(self, failures: Iterable[Failure]) -> None:
        with self._write() as db:
            db.executemany(
                "INSERT OR IGNORE INTO failures (source, stage, error) VALUES (?, ?, ?)",
                ((f.source, f.stage, f.error) for f in failures),
            )

    def get_article(self, article_id: str) -> Article | None:
        rows = self._read(f"{_SELECT_ARTICLE} WHERE id = ?", (article_id,))
        return article_from(*rows[0]) if rows else None

    def get_articles(self, article_ids: Sequence[str]) -> list[Article]:
        """The articles with these ids, in the order given; unknown ids are skipped."""
        found: dict[str, Article] = {}
        ids = list(dict.fromkeys(article_ids))
        for start in range(0, len(ids), 500):
            chunk = ids[start:start + 500]
            marks = ", ".join("?" for _ in chunk)
            for record, text in self._read(f"{_SELECT_ARTICLE} WHERE id IN ({marks})", chunk):
                article = article_from(record, text)
                found[article.id] = article
        return [found[a] for a in ids if a in found]

    def iter_articles(self) -> Iterator[Article]:
        # Pages by insertion order so that no read snapshot is held between pages.
        last = 0
        while True:
            rows = self._read(
                "SELECT seq, record, text FROM articles WHERE seq > ? ORDER BY seq LIMIT 500", (last,)
            )
            if not rows:
                return
            for seq, record, text in rows:
                yield article_from(record, text)
            last = rows[-1][0]

    def list_failures(self) -> list[Failure]:
        rows = self._read("SELECT source, stage, error FROM failures ORDER BY seq")
        return [Failure(*row) for row in rows]

    def search(self, query: str, *, limit: int = 20, offset: int = 0) -> list[Hit]:
        terms = query_terms(query)
        if not terms:
            return []
        match = fts5_query(terms)
        # Rank inside the index first; article rows and snippets only for the page asked for.
        top = self._read(
            "SELECT rowid, rank FROM articles_fts WHERE articles_fts MATCH ? ORDER BY rank, rowid LIMIT ? OFFSET ?",
            (match, limit, offset),
        )
        if not top:
            return []
        marks = ", ".join("?" for _ in top)
        rows = {
            seq: (record, text, snippet)
            for seq, record, text, snippet in self._read(
                f"""SELECT a.seq, a.record, a.text, snippet(articles_fts, -1, ?, ?, '…', 16)
                    FROM articles_fts JOIN articles a ON a.seq = articles_fts.rowid
                    WHERE articles_fts MATCH ? AND articles_fts.rowid IN ({marks})""",
                (MARK_START, MARK_END, match, *[seq for seq, _ in top]),
            )
        }
        return [Hit(article_from(*rows[seq][:2]), rows[seq][2], -rank) for seq, rank in top if seq in rows]

    def count_search(self, query: str) -> int:
        terms = query_terms(query)
        if not terms:
            return 0
        return self._read(
            "SELECT count(*) FROM articles_fts WHERE articles_fts MATCH ?", (fts5_query(terms),)
        )[0][0]

    # ------------------------------------------------------------------ stage results

    def put_origins(self, origins: Iterable[ArticleOrigins]) -> None:
        self._put_json("origins", ((o.article_id, dumps(o)) for o in origins))

    def put_extractions(self, extractions: Iterable[Extraction]) -> None:
        self._put_json("extractions", ((e.article_id, dumps(e)) for e in extractions))

    def add_origin_index_rows(self, rows: Iterable[tuple[str, str]]) -> None:
        with self._write() as db:
            db.executemany("INSERT OR IGNORE INTO origin_index (article_id, record) VALUES (?, ?)", rows)

    def _put_json(self, table: str, rows: Iterable[tuple[str, str]]) -> None:
        with self._write() as db:
            db.executemany(
                f"INSERT INTO {table} (article_id, record) VALUES (?, ?) "
                "ON CONFLICT(article_id) DO UPDATE SET record = excluded.record",
                rows,
            )

    def _get_json(self, table: str, article_ids: Sequence[str]) -> list[tuple[str, str]]:
        ids = list(dict.fromkeys(article_ids))
        out: list[tuple[str, str]] = []
        for start in range(0, len(ids), 500):
            chunk = ids[start:start + 500]
            marks = ", ".join("?" for _ in chunk)
            out += self._read(f"SELECT article_id, record FROM {table} WHERE article_id IN ({marks})", chunk)
        return out

    # ------------------------------------------------------------------ stories

    def save_stories(
        self,
        assignments: Iterable[StoryAssignment],
        stories: Iterable[Story],
        merges: Iterable[StoryMerge],
        state: bytes | None,
    ) -> None:
        with self._write() as db:
            for story in stories:
                _upsert_story(db, story)
            db.executemany(
                "INSERT INTO assignments (article_id, story_id, score, started) VALUES (?, ?, ?, ?) "
                "ON CONFLICT(article_id) DO UPDATE SET story_id = excluded.story_id, "
                "score = excluded.score, started = excluded.started",
                ((a.article_id, a.story_id, a.score, int(a.started)) for a in assignments),
            )
            for merge in merges:
                _record_merge(db, merge)
            if state is not None:
                db.execute("DELETE FROM story_state")
                db.executemany("INSERT INTO story_state (chunk, data) VALUES (?, ?)", _chunks(state))

    def get_assignments(self, article_ids: Sequence[str]) -> dict[str, str]:
        ids = list(dict.fromkeys(article_ids))
        found: dict[str, str] = {}
        for start in range(0, len(ids), 500):
            chunk = ids[start:start + 500]
            marks = ", ".join("?" for _ in chunk)
            found.update(self._read(
                f"SELECT article_id, story_id FROM assignments WHERE article_id IN ({marks})", chunk
            ))
        live: dict[str, str] = {}
        return {a: live.setdefault(s, self.live_story_id(s) or s) for a, s in found.items()}

    def list_stories(self, *, limit: int = 50, offset: int = 0) -> list[Story]:
        rows = self._read(
            "SELECT record FROM stories WHERE absorbed_into IS NULL "
            "ORDER BY last_seen_utc DESC, id LIMIT ? OFFSET ?",
            (limit, offset),
        )
        return [loads(Story, r[0]) for r in rows]

    def put_story_reports(self, reports: Iterable[StoryReport]) -> None:
        with self._write() as db:
            for report in reports:
                # The report carries its story; keeping the story row in step lets a report be
                # stored on its own (and the listing stay consistent with what the report says).
                _upsert_story(db, report.story)
                db.execute(
                    "INSERT INTO story_reports (story_id, record) VALUES (?, ?) "
                    "ON CONFLICT(story_id) DO UPDATE SET record = excluded.record",
                    (report.story.id, dumps(report)),
                )

    # ------------------------------------------------------------------ web reads

    def _story_filter(
        self, query: str | None, outlet: str | None, since: str | None, until: str | None
    ) -> tuple[str, list]:
        where, params = ["s.absorbed_into IS NULL"], []
        since_key, until_key = bound(since), bound(until, end=True)
        if since_key:
            where.append("coalesce(s.last_seen_utc, s.first_seen_utc) >= ?")
            params.append(since_key)
        if until_key:
            where.append("coalesce(s.first_seen_utc, s.last_seen_utc) <= ?")
            params.append(until_key)
        if outlet:
            # From the outlet index to stories: never reads the (large) article rows.
            where.append(
                "s.id IN (SELECT m.story_id FROM articles a JOIN story_members m ON m.article_seq = a.seq "
                "WHERE a.outlet = ? COLLATE NOCASE)"
            )
            params.append(outlet)
        if query is not None:
            terms = query_terms(query)
            if terms:
                where.append(
                    "s.id IN (SELECT m.story_id FROM story_members m WHERE m.article_seq IN "
                    "(SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?))"
                )
                params.append(fts5_query(terms))
        return " AND ".join(where), params

    def _story_rows(self, limit, offset, query, outlet, since, until) -> list[tuple]:
        where, params = self._story_filter(query, outlet, since, until)
        return self._read(
            f"""SELECT s.record, r.record FROM stories s LEFT JOIN story_reports r ON r.story_id = s.id
                WHERE {where}
                ORDER BY s.last_seen_utc DESC, s.id LIMIT ? OFFSET ?""",
            (*params, limit, offset),
        )

    def story_outlets(self, story_ids: Sequence[str]) -> dict[str, tuple[str, ...]]:
        ids = list(dict.fromkeys(story_ids))
        out: dict[str, set[str]] = {s: set() for s in ids}
        for start in range(0, len(ids), 500):
            chunk = ids[start:start + 500]
            marks = ", ".join("?" for _ in chunk)
            for story_id, outlet in self._read(
                f"SELECT DISTINCT m.story_id, a.outlet FROM story_members m JOIN articles a "
                f"ON a.id = m.article_id WHERE m.story_id IN ({marks}) AND a.outlet IS NOT NULL",
                chunk,
            ):
                out[story_id].add(outlet)
        return {s: tuple(sorted(o)) for s, o in out.items()}


def _upsert_story(db: sqlite3.Connection, story: Story) -> None:
    db.execute(
        "INSERT INTO stories (id, title, first_seen_utc, last_seen_utc, record) VALUES (?, ?, ?, ?, ?) "
        "ON CONFLICT(id) DO UPDATE SET title = excluded.title, first_seen_utc = excluded.first_seen_utc, "
        "last_seen_utc = excluded.last_seen_utc, record = excluded.record",
        story_row(story),
    )
    db.execute("DELETE FROM story_members WHERE story_id = ?", (story.id,))
    db.executemany(
        "INSERT OR IGNORE INTO story_members (story_id, article_id, article_seq) "
        "VALUES (?, ?, (SELECT seq FROM articles WHERE id = ?))",
        ((story.id, a, a) for a in story.article_ids),
    )


def _record_merge(db: sqlite3.Connection, merge: StoryMerge) -> None:
    if merge.kept == merge.absorbed:
        raise StoreError(f"story {merge.kept!r} cannot absorb itself")
    known = db.execute("SELECT kept FROM merges WHERE absorbed = ?", (merge.absorbed,)).fetchone()
    if known is not None and known[0] != merge.kept:
        raise StoreError(
            f"story {merge.absorbed!r} was already absorbed into {known[0]!r}; "
            f"refusing to record it as absorbed into {merge.kept!r}"
        )
    if known is None:
        db.execute(
            "INSERT INTO merges (kept, absorbed, article_id, score) VALUES (?, ?, ?, ?)",
            (merge.kept, merge.absorbed, merge.article_id, merge.score),
        )
    # A story absorbed before it was ever saved still gets a row, so the merge can be followed.
    db.execute(
        "INSERT OR IGNORE INTO stories (id, title, record) VALUES (?, NULL, ?)",
        (merge.absorbed, dumps(Story(id=merge.absorbed, title="", article_ids=()))),
    )
    db.execute("UPDATE stories SET absorbed_into = ? WHERE id = ?", (merge.kept, merge.absorbed))
    # Its articles now belong to the kept story.
    db.execute("DELETE FROM story_members WHERE story_id = ?", (merge.absorbed,))
