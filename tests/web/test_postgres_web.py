"""The same app over PostgreSQL: `newsprism serve --db postgresql://...` shows the same story."""

from __future__ import annotations

import os
import uuid

import pytest

from .conftest import STORY_ID, build_seed_store, need

pytestmark = pytest.mark.postgres
PG_URL = os.environ.get("NEWSPRISM_TEST_PG_URL")


@pytest.fixture(scope="module")
def pg_client():
    if not PG_URL:
        need("NEWSPRISM_TEST_PG_URL", what="a PostgreSQL test server (NEWSPRISM_TEST_PG_URL)")
    import psycopg
    from fastapi.testclient import TestClient

    from newsprism.web import create_app

    schema = "w_" + uuid.uuid4().hex[:12]
    with psycopg.connect(PG_URL, autocommit=True) as conn:
        conn.execute(f"CREATE SCHEMA {schema}")
    url = f"{PG_URL}{'&' if '?' in PG_URL else '?'}options=-csearch_path%3D{schema}"
    try:
        ids = build_seed_store(url)
        with TestClient(create_app(url)) as client:
            yield client, ids
    finally:
        with psycopg.connect(PG_URL, autocommit=True) as conn:
            conn.execute(f"DROP SCHEMA {schema} CASCADE")


def test_pages_and_api_on_postgres(pg_client):
    client, ids = pg_client
    listing = client.get("/", params={"q": "rice"})
    assert listing.status_code == 200 and f"/stories/{STORY_ID}" in listing.text
    story = client.get(f"/stories/{STORY_ID}")
    assert story.status_code == 200 and f'id="m-{ids["a"]}-c2"' in story.text
    assert client.get("/stories/s-old", follow_redirects=False).headers["location"] == f"/stories/{STORY_ID}"
    body = client.get(f"/api/stories/{STORY_ID}").json()
    assert len(body["claims"]) == 5
    assert client.get("/api/search", params={"q": "satellite"}).json()["total"] >= 1
    assert client.get("/api/stories", params={"outlet": "nobody"}).json()["total"] == 0
