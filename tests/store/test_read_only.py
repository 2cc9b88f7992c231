"""Commands that only read never create or change a store: `stories`, `search` and `serve` open
an existing store read-only and stop with a clear message and exit code 3 when there is none;
`load` never creates the batch folder it reads."""

from __future__ import annotations

import hashlib
import uuid
from pathlib import Path

import pytest
from click.testing import CliRunner

from newsprism.cli import EXIT_FATAL, EXIT_OK, cli
from newsprism.errors import ConfigError, MissingStore, StoreError
from newsprism.store import open_store

from .conftest import PG_URL, _pg_schema, need_postgres, pg_schema_url
from .samples import article

MESSAGE = "no store at {}; run `newsprism analyze` or `ingest` first, or pass --db"


def run(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


@pytest.mark.parametrize("command", [["stories"], ["search", "rice"], ["serve"]])
def test_a_missing_store_is_an_error_and_nothing_is_created(tmp_path, command):
    missing = tmp_path / "no" / "such" / "dir" / "x.db"
    result = run(*command, "--db", f"sqlite:///{missing}")
    assert result.exit_code == EXIT_FATAL
    assert MESSAGE.format(missing) in result.output
    assert not (tmp_path / "no").exists()


@pytest.mark.parametrize("command", [["stories"], ["search", "rice"]])
def test_the_default_store_is_not_made_in_the_current_folder(tmp_path, monkeypatch, command):
    monkeypatch.chdir(tmp_path)
    result = run(*command)
    assert result.exit_code == EXIT_FATAL
    assert MESSAGE.format("newsprism.db") in result.output
    assert list(tmp_path.iterdir()) == []


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_reading_an_existing_store_leaves_it_as_it_was(tmp_path):
    path = tmp_path / "s.db"
    writer = open_store(f"sqlite:///{path}")
    writer.add_articles([article(1, text="Rice deliveries to Pyongyang doubled this year.")])
    writer.close()
    before = _digest(path)
    assert run("stories", "--db", f"sqlite:///{path}").exit_code == EXIT_OK
    found = run("search", "rice", "--db", f"sqlite:///{path}")
    assert found.exit_code == EXIT_OK and "art00001" in found.output
    from newsprism.web import create_app

    create_app(f"sqlite:///{path}")  # what `serve` opens
    assert _digest(path) == before


def test_a_store_opened_read_only_refuses_writes(tmp_path):
    url = f"sqlite:///{tmp_path / 's.db'}"
    open_store(url).close()
    store = open_store(url, read_only=True)
    with pytest.raises(StoreError, match="read-only"):
        store.add_articles([article(1)])
    assert store.count_articles() == 0
    store.close()


def test_a_file_that_is_not_a_store_is_refused_as_such(tmp_path):
    path = tmp_path / "notes.db"
    path.write_bytes(b"")
    with pytest.raises(StoreError, match="not a newsprism store"):
        open_store(f"sqlite:///{path}", read_only=True)
    assert path.read_bytes() == b""


def test_memory_and_missing_stores_are_missing_stores():
    with pytest.raises(MissingStore):
        open_store("memory:", read_only=True)
    with pytest.raises(MissingStore):
        open_store("sqlite:///:memory:", read_only=True)


@pytest.mark.postgres
def test_postgres_read_only(tmp_path):
    need_postgres()
    schema = "t_" + uuid.uuid4().hex[:12]
    _pg_schema(True, schema)
    try:
        url = pg_schema_url(PG_URL, schema)
        with pytest.raises(MissingStore):
            open_store(url, read_only=True)  # an empty schema: no store there
        writer = open_store(url)
        writer.add_articles([article(1)])
        writer.close()
        reader = open_store(url, read_only=True)
        assert reader.count_articles() == 1
        with pytest.raises(StoreError):
            reader.add_articles([article(2)])
        reader.close()
    finally:
        _pg_schema(False, schema)


def test_load_never_creates_the_folder_it_reads(tmp_path):
    from newsprism.scale import load
    from newsprism.testing import MemoryStore

    with pytest.raises(ConfigError):
        load(str(tmp_path / "no-batch"), store=MemoryStore())
    assert not (tmp_path / "no-batch").exists()
