"""The JSON API: paginated lists, the contract's story and article objects, search, schema."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema

from newsprism.render.json import schema

from .conftest import STORY_ID


def _validator(definition: str) -> jsonschema.Draft202012Validator:
    document = dict(schema())
    document.update({"$ref": f"#/$defs/{definition}"})
    document.pop("required", None)
    document.pop("properties", None)
    document.pop("type", None)
    return jsonschema.Draft202012Validator(document)


def test_stories_list_is_paginated(client):
    body = client.get("/api/stories").json()
    assert body["total"] == 2 and body["offset"] == 0 and len(body["items"]) == 2
    first = client.get("/api/stories", params={"limit": 1}).json()
    second = client.get("/api/stories", params={"limit": 1, "offset": 1}).json()
    assert len(first["items"]) == len(second["items"]) == 1
    assert {first["items"][0]["id"], second["items"][0]["id"]} == {STORY_ID, "s-evil"}
    seeds = next(i for i in body["items"] if i["id"] == STORY_ID)
    assert seeds["verdicts"] == {"corroborated": 1, "repeated": 1, "single-source": 2, "conflicting": 1}
    assert seeds["article_count"] == 2 and seeds["independent_origins"] == 1
    assert client.get("/api/stories", params={"q": "rice"}).json()["total"] == 1
    assert client.get("/api/stories", params={"limit": 1000}).status_code == 400


def test_story_is_the_contract_story(client):
    body = client.get(f"/api/stories/{STORY_ID}").json()
    errors = list(_validator("story").iter_errors(body))
    assert not errors, errors[0]
    assert body["id"] == STORY_ID and len(body["claims"]) == 5 and len(body["brief"]) == 3
    assert client.get("/api/stories/s-old", follow_redirects=False).status_code == 301
    assert client.get("/api/stories/nope").status_code == 404


def test_article_is_the_contract_article(client, seed_store):
    _, ids = seed_store
    body = client.get(f"/api/articles/{ids['a']}").json()
    body.pop("story_id")
    errors = list(_validator("article").iter_errors(body))
    assert not errors, errors[0]
    assert body["entities"] and body["quantities"] and body["quotes"]
    assert client.get(f"/api/articles/{ids['b']}").json()["story_id"] == STORY_ID  # follows the merge


def test_search(client):
    body = client.get("/api/search", params={"q": "Pyongyang rice"}).json()
    assert body["total"] == 2 and len(body["items"]) == 2
    assert all("\x02" not in item["snippet"] for item in body["items"])
    assert client.get("/api/search").status_code == 400


def test_schema_and_openapi(client):
    shipped = json.loads((Path(__file__).resolve().parents[2] / "src/newsprism/schema/dossier.schema.json").read_text())
    assert client.get("/api/schema").json() == shipped
    openapi = client.get("/api/openapi.json").json()
    assert {"/api/stories", "/api/stories/{story_id}", "/api/articles/{article_id}", "/api/search"} <= set(openapi["paths"])


def test_story_outlets(client):
    body = client.get(f"/api/stories/{STORY_ID}/outlets").json()
    assert body["story_id"] == STORY_ID
    first, second = body["outlets"]
    assert first["name"] == "report 2" and first["claim_ids"] == ["c1", "c2", "c3", "c5"]
    assert first["verdicts"] == {"corroborated": 1, "repeated": 1, "single-source": 2, "conflicting": 0}
    assert second["claim_ids"] == ["c1", "c3", "c4"] and second["verdicts"]["conflicting"] == 1
    outlets_of = {c["id"]: c["outlets"] for c in body["claims"]}
    assert outlets_of["c4"] == [second["name"]] and len(outlets_of["c3"]) == 2
    assert client.get("/api/stories/s-old/outlets", follow_redirects=False).headers["location"] == \
        f"/api/stories/{STORY_ID}/outlets"
    assert client.get("/api/stories/nope/outlets").status_code == 404
