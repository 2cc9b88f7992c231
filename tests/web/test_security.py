"""Untrusted article text, titles and URLs: escaped everywhere, no script allowed, read-only app."""

from __future__ import annotations

import pytest

from newsprism.web import create_app

from .conftest import EVIL_ID, EVIL_STORY


@pytest.mark.parametrize("path", ["/", f"/stories/{EVIL_STORY}", f"/stories/{EVIL_STORY}/outlets", f"/articles/{EVIL_ID}",
                                  "/search?q=officials"])
def test_hostile_article_is_shown_as_text(client, path):
    response = client.get(path)
    assert response.status_code == 200
    text = response.text.lower()
    assert "<script" not in text and "<img" not in text and "<b>" not in text
    assert 'href="javascript:' not in text and "onerror=\"" not in text
    assert "&lt;script&gt;" in text or "officials" in text


def test_every_response_forbids_scripts(client):
    for path in ("/", f"/stories/{EVIL_STORY}", "/api/stories", "/static/style.css", "/nope"):
        csp = client.get(path).headers["content-security-policy"]
        assert "script-src 'none'" in csp and "default-src 'none'" in csp
        assert client.get(path).headers["x-content-type-options"] == "nosniff"


def test_the_app_cannot_write(client, seed_store):
    store = client.app.state.store
    for name in ("add_articles", "put_story_reports", "save_stories", "put_origins"):
        with pytest.raises(AttributeError):
            getattr(store, name)
    assert client.post("/api/stories").status_code == 405
    assert client.delete(f"/api/stories/{EVIL_STORY}").status_code == 405


def test_writable_app_only_when_asked(seed_store):
    app = create_app(seed_store[0], read_only=False)
    assert hasattr(app.state.store, "add_articles")


def test_serve_binds_to_loopback_by_default():
    import inspect

    from newsprism.web import serve

    assert inspect.signature(serve).parameters["host"].default == "127.0.0.1"
