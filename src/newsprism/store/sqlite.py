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
from typing import Iterator, Sequence

from newsprism.errors import ConfigError, MissingStore, StoreError
from newsprism.store import Hit
from newsprism.store._sql import SQLStore
from newsprism.store._sqlite_schema import (
    MEMBERS_BY_SEQ,
    SCHEMA_VERSION,
    has_column,
    statements,
    upgrade,
)
from newsprism.store.rows import MARK_END, MARK_START, article_from, fts5_query, query_terms

def _path_of(url: str) -> str:
    if not url.startswith("sqlite:///"):
        raise ConfigError(f"SQLite store URL must look like sqlite:///PATH, got {url!r}")
    path = url[len("sqlite:///"):]
    if not path:
        raise ConfigError(f"SQLite store URL {url!r} names no file: use e.g. sqlite:///newsprism.db")
    return path


class SQLiteStore(SQLStore):
    """The Store protocol over one SQLite file (``sqlite:///PATH``, or ``sqlite:///:memory:``)."""

    # a member row also keeps its article's rowid: story search goes from the full-text index to
    # stories without reading article rows
    _ADD_MEMBER = ("INSERT INTO story_members (story_id, article_id, article_seq) "
                   "VALUES (?1, ?2, (SELECT seq FROM articles WHERE id = ?2)) ON CONFLICT DO NOTHING")
    # from the outlet index to stories: never reads the (large) article rows
    _OUTLET_STORIES = ("s.id IN (SELECT m.story_id FROM articles a JOIN story_members m ON m.article_seq = a.seq "
                       "WHERE a.outlet = ? COLLATE NOCASE)")

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
    def _write(self) -> Iterator[sqlite3.Cursor]:
        """One transaction (a cursor in it): committed when the block ends, rolled back if it raises."""
        if self._read_only:
            raise StoreError(f"store {self._path} is open read-only: this command does not write")
        with self._connection() as db:
            try:
                db.execute("BEGIN IMMEDIATE")
            except sqlite3.Error as e:
                raise StoreError(f"cannot write to {self._path}: {e}") from e
            try:
                yield db.cursor()
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

    def _ids_in(self, ids: list[str]) -> Iterator[tuple[str, list]]:
        for start in range(0, len(ids), 500):  # far below SQLite's limit on parameters
            chunk = ids[start:start + 500]
            yield f"IN ({', '.join('?' for _ in chunk)})", chunk

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

    # ------------------------------------------------------------------ full-text search

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

    def _text_stories(self, terms: list[str]) -> tuple[str, str]:
        return ("s.id IN (SELECT m.story_id FROM story_members m WHERE m.article_seq IN "
                "(SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?))", fts5_query(terms))
