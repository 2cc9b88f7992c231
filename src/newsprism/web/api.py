"""The JSON API under ``/api/``: stories, story, a story's outlets, article, search, the dossier schema.

Lists are paginated (``limit``, ``offset``; the answer carries ``total``). The story endpoint
returns the dossier contract's ``story`` object and the article endpoint its ``article`` object,
so API clients and dossier readers parse the same shapes.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import RedirectResponse
from starlette.exceptions import HTTPException

from newsprism.render.json import article_to_contract, schema, story_to_contract
from newsprism.types import StoryReport
from newsprism.web import views

router = APIRouter(prefix="/api", tags=["api"])


def _page(total: int, limit: int, offset: int, items: list[Any]) -> dict[str, Any]:
    return {"total": total, "limit": limit, "offset": offset, "items": items}


@router.get("/stories", summary="Live stories, newest first, with filters")
def list_stories(
    request: Request,
    q: str | None = Query(None, max_length=200, description="words that must occur in some article of the story"),
    outlet: str | None = Query(None, max_length=200, description="only stories with an article from this outlet"),
    since: str | None = Query(None, max_length=40, description="date or ISO time; the story was seen on or after it"),
    until: str | None = Query(None, max_length=40, description="date or ISO time; the story was seen on or before it"),
    limit: int = Query(50, ge=1, le=200),
    offset: int = Query(0, ge=0, le=10_000_000),
) -> dict[str, Any]:
    store = request.app.state.store
    filters = {"query": q, "outlet": outlet, "since": since, "until": until}
    summaries = store.list_story_summaries(limit=limit, offset=offset, **filters)
    outlets = store.story_outlets([s.id for s in summaries])
    items = [views.story_summary(s, outlets.get(s.id, ())) for s in summaries]
    return _page(store.count_story_reports(**filters), limit, offset, items)


def _report(request: Request, story_id: str, suffix: str = "") -> StoryReport | RedirectResponse:
    store = request.app.state.store
    live = store.live_story_id(story_id) if views.valid_id(story_id) else None
    if live is None:
        raise HTTPException(404, "no such story")
    if live != story_id:
        return RedirectResponse(f"/api/stories/{live}{suffix}", status_code=301)
    return store.get_story_report(story_id) or StoryReport(story=store.get_story(story_id))


@router.get("/stories/{story_id}", summary="One story as the dossier contract's story object")
def get_story(request: Request, story_id: str) -> Any:
    report = _report(request, story_id)
    return report if isinstance(report, RedirectResponse) else story_to_contract(report)


@router.get("/stories/{story_id}/outlets", summary="Which outlet carried which claim of a story, with verdict counts")
def get_story_outlets(request: Request, story_id: str) -> Any:
    report = _report(request, story_id, "/outlets")
    if isinstance(report, RedirectResponse):
        return report
    return views.outlet_json(report, request.app.state.store.get_articles(report.story.article_ids))


@router.get("/articles/{article_id}", summary="One article as the dossier contract's article object")
def get_article(request: Request, article_id: str) -> dict[str, Any]:
    store = request.app.state.store
    article = store.get_article(article_id) if views.valid_id(article_id) else None
    if article is None:
        raise HTTPException(404, "no such article")
    out = article_to_contract(
        article,
        store.get_origins([article.id]).get(article.id),
        store.get_extractions([article.id]).get(article.id),
    )
    out["story_id"] = store.get_assignments([article.id]).get(article.id)
    return out


@router.get("/search", summary="Full-text search over article titles and texts, best first")
def search(
    request: Request,
    q: str = Query(..., min_length=1, max_length=200),
    limit: int = Query(20, ge=1, le=200),
    offset: int = Query(0, ge=0, le=100_000),
) -> dict[str, Any]:
    store = request.app.state.store
    hits = store.search(q, limit=limit, offset=offset)
    items = [
        {
            "id": h.article.id,
            "title": h.article.title,
            "outlet": h.article.outlet,
            "published": h.article.published,
            "url": h.article.url,
            "snippet": views.snippet_plain(h.snippet),
            "score": h.score,
        }
        for h in hits
    ]
    return _page(store.count_search(q), limit, offset, items)


@router.get("/schema", summary="The dossier JSON Schema (newsprism's output contract)")
def dossier_schema() -> dict[str, Any]:
    return schema()
