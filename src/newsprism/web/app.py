"""The ASGI app: server-rendered pages over the store, plus the JSON API (``web/api.py``)."""

from __future__ import annotations

import time
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, FastAPI, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from jinja2 import Environment, FileSystemLoader, select_autoescape
from starlette.exceptions import HTTPException

from newsprism.errors import ConfigError, StoreError
from newsprism.store import open_store
from newsprism.types import StoryReport
from newsprism.web import views
from newsprism.web.api import router as api_router
from newsprism.web.readonly import ReadOnlyStore

HERE = Path(__file__).parent
PAGE_SIZE = 30
OUTLETS_TTL = 60.0
# No script may run: not ours (there is none) and not any that slipped into article text.
CSP = (
    "default-src 'none'; script-src 'none'; style-src 'self'; img-src 'self' data:; "
    "form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
)
SECURITY_HEADERS = [
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
    (b"cross-origin-opener-policy", b"same-origin"),
]


class SecurityHeaders:
    """Adds the CSP and friends to every HTTP response (a plain ASGI middleware: cheap)."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)

        async def with_headers(message) -> None:
            if message["type"] == "http.response.start":
                names = {k.lower() for k, _ in message.get("headers", [])}
                message["headers"] = list(message.get("headers", [])) + [
                    h for h in SECURITY_HEADERS if h[0] not in names
                ]
            await send(message)

        await self.app(scope, receive, with_headers)


def _templates() -> Environment:
    env = Environment(
        loader=FileSystemLoader(HERE / "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["short_time"] = views.short_time
    env.filters["snippet"] = views.snippet_html
    env.filters["css"] = views.css_token
    env.filters["name"] = views.display_name
    env.filters["outlet"] = views.outlet_name
    env.globals["verdicts"] = views.VERDICTS
    return env


def build_app(store_url: str, *, read_only: bool = True) -> FastAPI:
    store = open_store(store_url, read_only=read_only)

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        yield
        store.close()

    app = FastAPI(
        lifespan=lifespan,
        title="newsprism",
        description="Stories, claims with verdicts, origins and briefs from the newsprism store (read-only).",
        version="1",
        docs_url=None,  # the interactive docs load scripts from elsewhere; the document itself is served
        redoc_url=None,
        openapi_url="/api/openapi.json",
    )
    app.state.store = ReadOnlyStore(store) if read_only else store
    app.state.templates = _templates()
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    app.include_router(api_router)
    app.include_router(page_router)
    _add_errors(app)
    app.add_middleware(SecurityHeaders)
    return app


def _outlets(app: FastAPI) -> list[tuple[str, int]]:
    """The outlet filter's choices: a scan of every article, so kept for a minute."""
    cached = getattr(app.state, "outlets", None)
    if cached is None or time.monotonic() - cached[0] > OUTLETS_TTL:
        cached = app.state.outlets = (time.monotonic(), app.state.store.list_outlets()[:300])
    return cached[1]


def _page(request: Request, name: str, status: int = 200, **context: Any) -> HTMLResponse:
    template = request.app.state.templates.get_template(name)
    return HTMLResponse(template.render(request=request, **context), status_code=status)


def _error_page(request: Request, status: int, message: str) -> Response:
    if request.url.path.startswith("/api/"):
        return JSONResponse({"error": message}, status_code=status)
    return _page(request, "error.html", status=status, status_code=status, message=message)


def _add_errors(app: FastAPI) -> None:
    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException) -> Response:
        return _error_page(request, exc.status_code, str(exc.detail))

    @app.exception_handler(RequestValidationError)
    async def bad_request(request: Request, exc: RequestValidationError) -> Response:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in e.get('loc', ())[1:])}: {e.get('msg', '')}" for e in exc.errors()
        )
        return _error_page(request, 400, f"bad request: {problems}")

    @app.exception_handler(ConfigError)
    async def bad_value(request: Request, exc: ConfigError) -> Response:
        return _error_page(request, 400, str(exc))

    @app.exception_handler(StoreError)
    async def store_error(request: Request, exc: StoreError) -> Response:
        return _error_page(request, 503, f"the store could not be read: {exc}")


page_router = APIRouter(include_in_schema=False)


@page_router.get("/", response_class=HTMLResponse)
def stories_page(
    request: Request,
    q: str = Query("", max_length=200),
    outlet: str = Query("", max_length=200),
    since: str = Query("", max_length=40),
    until: str = Query("", max_length=40),
    page: int = Query(1, ge=1, le=1_000_000),
) -> HTMLResponse:
    store = request.app.state.store
    filters = {"query": q or None, "outlet": outlet or None, "since": since or None, "until": until or None}
    total = store.count_story_reports(**filters)
    summaries = store.list_story_summaries(limit=PAGE_SIZE, offset=(page - 1) * PAGE_SIZE, **filters)
    outlets = store.story_outlets([s.id for s in summaries])
    rows = [views.story_summary(s, outlets.get(s.id, ())) for s in summaries]
    params = {k: v for k, v in {"q": q, "outlet": outlet, "since": since, "until": until}.items() if v}
    pages = max(1, -(-total // PAGE_SIZE))
    return _page(
        request, "stories.html", rows=rows, total=total, q=q, outlet=outlet, since=since, until=until,
        page=page, pages=pages, all_outlets=_outlets(request.app),
        prev_url=f"/?{urlencode({**params, 'page': page - 1})}" if page > 1 else None,
        next_url=f"/?{urlencode({**params, 'page': page + 1})}" if page < pages else None,
    )


def _live_report(request: Request, story_id: str, prefix: str, suffix: str = "") -> Any:
    """The stored report of a live story (a bare one before claims are stored), or a redirect
    to the story that absorbed ``story_id``; 404 for an unknown id."""
    store = request.app.state.store
    live = store.live_story_id(story_id) if views.valid_id(story_id) else None
    if live is None:
        raise HTTPException(404, "no such story")
    if live != story_id:  # absorbed by a merge: its articles live on in the kept story
        return RedirectResponse(f"{prefix}/stories/{live}{suffix}", status_code=301)
    return store.get_story_report(story_id) or StoryReport(story=store.get_story(story_id))


def _story_tab(request: Request, story_id: str, tab: str, context) -> Response:
    """One tab of a story's page: the live story's report and members through ``context``."""
    report = _live_report(request, story_id, "", "" if tab == "story" else f"/{tab}")
    if isinstance(report, Response):
        return report
    members = request.app.state.store.get_articles(report.story.article_ids)
    return _page(request, f"{tab}.html", tab=tab, **context(report, members))


@page_router.get("/stories/{story_id}", response_class=HTMLResponse)
def story_page(request: Request, story_id: str) -> Response:
    return _story_tab(request, story_id, "story", views.story_context)


@page_router.get("/stories/{story_id}/outlets", response_class=HTMLResponse)
def outlets_page(request: Request, story_id: str) -> Response:
    return _story_tab(request, story_id, "outlets", views.outlet_context)


@page_router.get("/articles/{article_id}", response_class=HTMLResponse)
def article_page(request: Request, article_id: str) -> Response:
    store = request.app.state.store
    article = store.get_article(article_id) if views.valid_id(article_id) else None
    if article is None:
        raise HTTPException(404, "no such article")
    extraction = store.get_extractions([article.id]).get(article.id)
    origins = store.get_origins([article.id]).get(article.id)
    story_id = store.get_assignments([article.id]).get(article.id)
    report = store.get_story_report(story_id) if story_id else None
    claims = [
        {"claim": c, "status": views.css_token(c.status)}
        for c in (report.claims if report else ()) if any(m.article_id == article.id for m in c.mentions)
    ]
    story = report.story if report else (store.get_story(story_id) if story_id else None)
    return _page(
        request, "article.html", article=article, url=views.safe_url(article.url),
        text_html=views.extraction_html(article, extraction), extraction=extraction, origins=origins,
        story=story, claims=claims,
    )


@page_router.get("/search", response_class=HTMLResponse)
def search_page(
    request: Request, q: str = Query("", max_length=200), page: int = Query(1, ge=1, le=10_000)
) -> HTMLResponse:
    store = request.app.state.store
    hits = store.search(q, limit=PAGE_SIZE, offset=(page - 1) * PAGE_SIZE) if q else []
    total = store.count_search(q) if q else 0
    pages = max(1, -(-total // PAGE_SIZE))
    return _page(
        request, "search.html", q=q, hits=hits, total=total, page=page, pages=pages,
        prev_url=f"/search?{urlencode({'q': q, 'page': page - 1})}" if page > 1 else None,
        next_url=f"/search?{urlencode({'q': q, 'page': page + 1})}" if page < pages else None,
    )
