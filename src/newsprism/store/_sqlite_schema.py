"""The SQLite store's schema, its version and the upgrades from older versions."""

from __future__ import annotations

import sqlite3

from newsprism.store.rows import ARTICLE_COLUMNS_DDL

SCHEMA_VERSION = 3  # 2: story_members.article_seq; 3: origin_index

_SCHEMA = """
CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS articles (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    {ARTICLE_COLUMNS_DDL}
);
CREATE INDEX IF NOT EXISTS articles_outlet ON articles(outlet COLLATE NOCASE);
CREATE INDEX IF NOT EXISTS articles_content_hash ON articles(content_hash);
CREATE VIRTUAL TABLE IF NOT EXISTS articles_fts USING fts5(
    title, text, content='articles', content_rowid='seq',
    tokenize='porter unicode61 remove_diacritics 2'
);
CREATE TRIGGER IF NOT EXISTS articles_ai AFTER INSERT ON articles BEGIN
    INSERT INTO articles_fts(rowid, title, text) VALUES (new.seq, new.title, new.text);
END;
CREATE TRIGGER IF NOT EXISTS articles_ad AFTER DELETE ON articles BEGIN
    INSERT INTO articles_fts(articles_fts, rowid, title, text)
    VALUES ('delete', old.seq, old.title, old.text);
END;
CREATE TABLE IF NOT EXISTS failures (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    source TEXT NOT NULL, stage TEXT NOT NULL, error TEXT NOT NULL,
    UNIQUE (source, stage, error)
);
CREATE TABLE IF NOT EXISTS origins (
    article_id TEXT PRIMARY KEY REFERENCES articles(id), record TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS extractions (
    article_id TEXT PRIMARY KEY REFERENCES articles(id), record TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS stories (
    id TEXT PRIMARY KEY,
    title TEXT,
    first_seen_utc TEXT,
    last_seen_utc TEXT,
    absorbed_into TEXT REFERENCES stories(id) DEFERRABLE INITIALLY DEFERRED,
    record TEXT NOT NULL
);
-- SQLite sorts NULL lowest, so DESC puts stories with no time last, as the listing wants.
CREATE INDEX IF NOT EXISTS stories_recent ON stories(absorbed_into, last_seen_utc DESC, id);
CREATE TABLE IF NOT EXISTS story_members (
    story_id TEXT NOT NULL REFERENCES stories(id) DEFERRABLE INITIALLY DEFERRED,
    article_id TEXT NOT NULL REFERENCES articles(id),
    article_seq INTEGER,
    PRIMARY KEY (story_id, article_id)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS story_members_article ON story_members(article_id);
CREATE TABLE IF NOT EXISTS assignments (
    article_id TEXT PRIMARY KEY REFERENCES articles(id),
    story_id TEXT NOT NULL REFERENCES stories(id) DEFERRABLE INITIALLY DEFERRED,
    score REAL NOT NULL,
    started INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS merges (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    kept TEXT NOT NULL REFERENCES stories(id) DEFERRABLE INITIALLY DEFERRED,
    absorbed TEXT NOT NULL UNIQUE REFERENCES stories(id) DEFERRABLE INITIALLY DEFERRED,
    article_id TEXT NOT NULL,
    score REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS story_state (chunk INTEGER PRIMARY KEY, data BLOB NOT NULL);
-- the origins stage's index rows (copy/rewrite signatures), append-only, in arrival order
CREATE TABLE IF NOT EXISTS origin_index (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    article_id TEXT NOT NULL UNIQUE,
    record TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS story_reports (
    story_id TEXT PRIMARY KEY REFERENCES stories(id) DEFERRABLE INITIALLY DEFERRED,
    record TEXT NOT NULL
);
"""
_SCHEMA = _SCHEMA.replace("{ARTICLE_COLUMNS_DDL}", ARTICLE_COLUMNS_DDL)

# Story search goes full-text match -> article rowid -> story without touching the (large) article rows.
MEMBERS_BY_SEQ = "CREATE INDEX IF NOT EXISTS story_members_seq ON story_members(article_seq, story_id)"


def has_column(db: sqlite3.Connection, table: str, column: str) -> bool:
    return any(row[1] == column for row in db.execute(f"PRAGMA table_info({table})"))


def upgrade(db: sqlite3.Connection, version: int) -> None:
    """Bring an older store up to ``SCHEMA_VERSION`` inside the opening transaction."""
    if version < 2:
        if not has_column(db, "story_members", "article_seq"):
            db.execute("ALTER TABLE story_members ADD COLUMN article_seq INTEGER")
        db.execute("UPDATE story_members SET article_seq = (SELECT seq FROM articles WHERE id = article_id)")
        db.execute(MEMBERS_BY_SEQ)
    db.execute("DELETE FROM schema_version")
    db.execute("INSERT INTO schema_version(version) VALUES (?)", (SCHEMA_VERSION,))


def statements(script: str = _SCHEMA) -> list[str]:
    """Split the schema script into statements (triggers hold ';' inside BEGIN ... END)."""
    out, current = [], ""
    for line in script.strip().splitlines():
        current += line + "\n"
        if sqlite3.complete_statement(current):
            out.append(current.strip())
            current = ""
    return out
