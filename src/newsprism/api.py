"""The Python API: what the CLI and scripts call. Batch functions record bad inputs as failures
and carry on; :func:`read_articles` is the strict variant that raises on the first bad input.

    >>> from newsprism import api
    >>> dossier = api.analyze(["examples/seeds"], db="sqlite:///newsprism.db")  # doctest: +SKIP
"""

from __future__ import annotations

from contextlib import contextmanager
from dataclasses import dataclass
from typing import Iterator, Sequence

from newsprism import pipeline, render
from newsprism.errors import InputError, NewsprismError, NotInStore
from newsprism.models import Models
from newsprism.settings import Config, load_config
from newsprism.store import SearchHit, open_store
from newsprism.store import Store
from newsprism.store.rows import utc_key
from newsprism.types import Article, Dossier, Failure, ProgressFn, Story, StoryReport


def _resolve(config: Config | None, db: str | None) -> Config:
    config = config or load_config()
    return config.replace(db=db) if db else config


@contextmanager
def opened(config: Config, *, read_only: bool = False) -> Iterator[Store]:
    """The store named by the ``db`` setting, closed afterwards (``read_only``: it must exist,
    and is neither created nor changed)."""
    store = open_store(config["db"], read_only=read_only)
    try:
        yield store
    finally:
        store.close()


def analyze(
    paths: Sequence[str],
    *,
    config: Config | None = None,
    db: str | None = None,
    models: Models | None = None,
    progress: ProgressFn = pipeline.no_progress,
) -> Dossier:
    """Run the whole pipeline over ``paths``; results are kept in the store and returned."""
    config = _resolve(config, db)
    with opened(config) as store:
        return pipeline.analyze(paths, config=config, store=store, models=models, progress=progress)


def analyze_and_render(
    paths: Sequence[str], *, config: Config, fmt: str, progress: ProgressFn = pipeline.no_progress
) -> tuple[Dossier, str]:
    """:func:`analyze`, then the dossier rendered as ``fmt`` (json, markdown, html or csv)."""
    dossier = analyze(paths, config=config, progress=progress)
    return dossier, render.render(dossier, fmt)


@dataclass(frozen=True, slots=True)
class IngestResult:
    """What an ingest did: articles read, how many were new to the store, and the failures."""

    read: int
    new: int
    failures: tuple[Failure, ...]


def ingest(
    paths: Sequence[str], *, config: Config | None = None, db: str | None = None,
    progress: ProgressFn = pipeline.no_progress,
) -> IngestResult:
    """Store the articles found under ``paths`` without analysing them."""
    config = _resolve(config, db)
    with opened(config) as store:
        articles, failures, new = pipeline.ingest_paths(paths, config=config, store=store, progress=progress)
    return IngestResult(read=len(articles), new=new, failures=tuple(failures))


def read_articles(paths: Sequence[str], *, config: Config | None = None) -> list[Article]:
    """Strict reading: the articles under ``paths``, raising InputError on the first bad input."""
    config = config or load_config()
    out: list[Article] = []
    for item in pipeline.read(paths, config=config):
        if isinstance(item, Failure):
            raise InputError(f"{item.source}: {item.error}")
        out.append(item)
    return out


def search(query: str, *, config: Config | None = None, db: str | None = None, limit: int = 20) -> list[SearchHit]:
    """Full-text search over stored articles."""
    if not query.strip():
        raise NewsprismError("search needs some words to look for")
    config = _resolve(config, db)
    with opened(config, read_only=True) as store:
        return store.search(query, limit=limit)


@dataclass(frozen=True, slots=True)
class StoryRow:
    """A story with the outlets of its articles and its claims counted by verdict (from its
    stored report; empty before one is stored), for listings."""

    story: Story
    outlets: tuple[str, ...]
    verdicts: tuple[tuple[str, int], ...] = ()
    independent_origins: int = 0


def list_stories(*, config: Config | None = None, db: str | None = None, limit: int = 50) -> list[StoryRow]:
    """Live stories, newest first, with their outlets and verdict counts."""
    config = _resolve(config, db)
    with opened(config, read_only=True) as store:
        listed = store.list_stories(limit=limit)
        outlets = store.story_outlets([story.id for story in listed])
        summaries = {s.id: s for s in store.list_story_summaries(limit=limit)}
    rows = []
    for story in listed:
        summary = summaries.get(story.id)
        rows.append(StoryRow(story, outlets.get(story.id, ()), summary.verdicts if summary else (),
                             summary.independent_origins if summary else 0))
    return rows


@dataclass(frozen=True, slots=True)
class StoryView:
    """One story as its stored report with its articles (in time order, undated last).
    ``asked`` is the id asked for, which a merge may have absorbed into ``report.story``."""

    report: StoryReport
    articles: tuple[Article, ...]
    asked: str


def get_story(story_id: str, *, config: Config | None = None, db: str | None = None) -> StoryView:
    """A story by id (following merges), with its report and articles. Raises NotInStore."""
    config = _resolve(config, db)
    with opened(config, read_only=True) as store:
        live = store.live_story_id(story_id.strip())
        story = store.get_story(live) if live else None
        if story is None:
            raise NotInStore("story", story_id, "`newsprism stories` lists the stories and their ids")
        report = store.get_story_report(story.id) or StoryReport(story=story)
        articles = store.get_articles(report.story.article_ids)
    return StoryView(report, tuple(sorted(articles, key=lambda a: (utc_key(a.published) or "9999", a.id))), story_id)
