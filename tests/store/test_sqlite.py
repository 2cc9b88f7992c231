"""What only the SQLite backend promises: URL forms, WAL mode, the schema version."""

from __future__ import annotations

import sqlite3

import pytest

from newsprism.errors import ConfigError, StoreError
from newsprism.store import open_store
from newsprism.store._sqlite_schema import SCHEMA_VERSION
from newsprism.store.sqlite import SQLiteStore

from .samples import article


def test_creates_parent_folder_and_uses_wal(tmp_path):
    path = tmp_path / "a" / "b" / "news.db"
    store = open_store(f"sqlite:///{path}")
    store.add_articles([article(1)])
    store.close()
    db = sqlite3.connect(path)
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert db.execute("SELECT version FROM schema_version").fetchall() == [(SCHEMA_VERSION,)]
    # the external-content FTS index agrees with its table
    db.execute("INSERT INTO articles_fts(articles_fts) VALUES ('integrity-check')")


def test_relative_path(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    store = open_store("sqlite:///out/newsprism.db")
    store.add_articles([article(1)])
    store.close()
    assert (tmp_path / "out" / "newsprism.db").exists()


def test_memory_database():
    store = SQLiteStore("sqlite:///:memory:")
    assert store.add_articles([article(1)]) == 1
    assert store.search("harbour")[0].article.id == "art00001"


def test_reopening_keeps_everything(tmp_path):
    url = f"sqlite:///{tmp_path}/n.db"
    first = open_store(url)
    first.add_articles([article(1), article(2)])
    first.close()
    with pytest.raises(StoreError):
        first.count_articles()
    assert open_store(url).count_articles() == 2


def test_newer_schema_is_refused(tmp_path):
    path = tmp_path / "n.db"
    open_store(f"sqlite:///{path}").close()
    db = sqlite3.connect(path)
    db.execute("INSERT INTO schema_version VALUES (99)")
    db.commit()
    db.close()
    with pytest.raises(StoreError, match="upgrade newsprism"):
        open_store(f"sqlite:///{path}")


@pytest.mark.parametrize("url", ["sqlite://relative.db", "sqlite:///", "mysql://x"])
def test_bad_urls(url):
    with pytest.raises(ConfigError):
        open_store(url)


def test_version_1_store_is_upgraded(tmp_path):
    from newsprism.types import Story, StoryAssignment

    path = tmp_path / "old.db"
    store = open_store(f"sqlite:///{path}")
    store.add_articles([article(1, text="Ferries stop at the new pier.")])
    store.save_stories([StoryAssignment("art00001", "s1", 1.0, True)], [Story("s1", "t", ("art00001",))], [], None)
    store.close()
    db = sqlite3.connect(path)  # make it look like a version 1 store
    db.execute("DROP INDEX story_members_seq")
    db.execute("ALTER TABLE story_members DROP COLUMN article_seq")
    db.execute("UPDATE schema_version SET version = 1")
    db.commit()
    db.close()
    store = open_store(f"sqlite:///{path}")
    assert [r.story.id for r in store.list_story_reports(query="pier")] == ["s1"]
    assert sqlite3.connect(path).execute("SELECT version FROM schema_version").fetchall() == [(SCHEMA_VERSION,)]
