"""Store backends for the parametrized store tests: memory, SQLite and PostgreSQL.

PostgreSQL tests read NEWSPRISM_TEST_PG_URL (see scripts/ci-services.sh). Without it they skip,
except in CI (CI=true), where a missing server is a failure.
"""

from __future__ import annotations

import os
import uuid
from typing import Callable, Iterator

import pytest

from newsprism.store import Store, open_store

PG_URL = os.environ.get("NEWSPRISM_TEST_PG_URL")


def need_postgres() -> str:
    """The test server's URL, or skip (fail in CI) when there is none."""
    if PG_URL:
        return PG_URL
    if os.environ.get("CI") == "true":
        pytest.fail("NEWSPRISM_TEST_PG_URL is not set in CI: scripts/ci-services.sh start must run first")
    pytest.skip("no PostgreSQL test server (set NEWSPRISM_TEST_PG_URL, see scripts/ci-services.sh)")


def pg_schema_url(base: str, schema: str) -> str:
    """``base`` with every table living in ``schema`` (libpq's options parameter)."""
    joiner = "&" if "?" in base else "?"
    return f"{base}{joiner}options=-csearch_path%3D{schema}"


def _pg_schema(create: bool, schema: str) -> None:
    import psycopg

    with psycopg.connect(PG_URL, autocommit=True) as conn:
        if create:
            conn.execute(f"CREATE SCHEMA {schema}")
        else:
            conn.execute(f"DROP SCHEMA IF EXISTS {schema} CASCADE")


@pytest.fixture
def store_factory(request, tmp_path) -> Iterator[Callable[[], Store]]:
    """Opens stores of the backend under test: every call opens the same store again."""
    backend = request.param
    opened: list[Store] = []
    cleanup: list[Callable[[], None]] = []
    if backend == "memory":
        from newsprism.testing import MemoryStore

        shared = MemoryStore()
        url = None
    elif backend == "sqlite":
        url = f"sqlite:///{tmp_path}/store/newsprism.db"
    else:
        need_postgres()
        schema = "t_" + uuid.uuid4().hex[:12]
        _pg_schema(True, schema)
        cleanup.append(lambda: _pg_schema(False, schema))
        url = pg_schema_url(PG_URL, schema)

    def factory() -> Store:
        store = shared if url is None else open_store(url)
        opened.append(store)
        return store

    factory.backend = backend  # type: ignore[attr-defined]
    factory.url = url  # type: ignore[attr-defined]
    yield factory
    for store in opened:
        store.close()
    for step in cleanup:
        step()


BACKENDS = ["memory", "sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]
SQL_BACKENDS = ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]


def pytest_generate_tests(metafunc):
    if "store_factory" in metafunc.fixturenames and not any(
        m.name == "parametrize" and "store_factory" in str(m.args[0]) for m in metafunc.definition.iter_markers()
    ):
        metafunc.parametrize("store_factory", BACKENDS, indirect=True)


@pytest.fixture
def store(store_factory) -> Store:
    return store_factory()
