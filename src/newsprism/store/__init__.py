"""The article store, chosen by URL: ``sqlite:///PATH`` (default, embedded) or
``postgresql://...`` (the ``postgres`` extra). Stages never touch the store; the pipeline, the
CLI and the web app do, through the :class:`Store` protocol and :func:`open_store`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, Iterator, Protocol, Sequence

from newsprism.errors import ConfigError, MissingStore
from newsprism.types import (
    Article,
    ArticleOrigins,
    Extraction,
    Failure,
    Story,
    StoryAssignment,
    StoryMerge,
    StoryReport,
)

# a grouping state to save: its bytes, or its pieces in order (``Grouper.state_pieces()``)
StatePieces = bytes | bytearray | Iterable[bytes | memoryview]


class SearchHit(Protocol):
    article: Article
    snippet: str
    score: float


@dataclass(frozen=True, slots=True)
class Hit:
    """A search result. ``snippet`` is plain text around the match, the matched words wrapped in
    ``MARK_START`` / ``MARK_END`` (control characters article text never holds)."""

    article: Article
    snippet: str
    score: float


MARK_START, MARK_END = "\x02", "\x03"


@dataclass(frozen=True, slots=True)
class StorySummary:
    """One row of a stories list: what the list shows without loading whole reports.
    ``verdicts`` counts the report's claims by status, in order of first appearance."""

    id: str
    title: str
    first_seen: str | None
    last_seen: str | None
    article_count: int
    independent_origins: int = 0
    claim_count: int = 0
    verdicts: tuple[tuple[str, int], ...] = ()


class Store(Protocol):
    """What every backend provides. All writes are transactional and idempotent."""

    url: str

    # articles and failures
    def add_articles(self, articles: Iterable[Article]) -> int:
        """Store articles not yet present (by id); returns how many were new. One transaction."""
        ...

    def add_failures(self, failures: Iterable[Failure]) -> None: ...
    def has_article(self, article_id: str) -> bool: ...
    def get_article(self, article_id: str) -> Article | None: ...
    def get_articles(self, article_ids: Sequence[str]) -> list[Article]: ...
    def iter_articles(self) -> Iterator[Article]:
        """Every article in arrival (insertion) order."""
        ...

    def count_articles(self) -> int: ...
    def list_failures(self) -> list[Failure]: ...
    def search(self, query: str, *, limit: int = 20, offset: int = 0) -> list[SearchHit]:
        """Full-text search over title and text, best first."""
        ...

    # stage results
    def put_origins(self, origins: Iterable[ArticleOrigins]) -> None: ...
    def get_origins(self, article_ids: Sequence[str]) -> dict[str, ArticleOrigins]: ...
    def add_origin_index_rows(self, rows: Iterable[tuple[str, str]]) -> None:
        """Append the origins stage's index rows ((article id, serialised row), arrival order);
        a row for an article already present is ignored."""
        ...

    def origin_index_rows(self) -> list[str]:
        """Every saved origins index row, in the order they were added."""
        ...

    def put_extractions(self, extractions: Iterable[Extraction]) -> None: ...
    def get_extractions(self, article_ids: Sequence[str]) -> dict[str, Extraction]: ...
    def save_stories(
        self,
        assignments: Iterable[StoryAssignment],
        stories: Iterable[Story],
        merges: Iterable[StoryMerge],
        state: StatePieces | None,
    ) -> None:
        """Record assignments, upsert stories (absorbed stories are kept, marked merged) and the
        grouping state (its bytes, or its pieces in order), in one transaction."""
        ...

    def story_state(self) -> bytes | bytearray | None:
        """The grouping state last saved (a writable buffer where the store can: the grouper
        then works on it in place), or None."""
        ...
    def get_assignments(self, article_ids: Sequence[str]) -> dict[str, str]:
        """article id -> id of the live story holding it (following merges)."""
        ...

    def list_stories(self, *, limit: int = 50, offset: int = 0) -> list[Story]:
        """Live (not absorbed) stories, newest last-seen first."""
        ...

    def get_story(self, story_id: str) -> Story | None: ...
    def put_story_reports(self, reports: Iterable[StoryReport]) -> None: ...
    def get_story_report(self, story_id: str) -> StoryReport | None: ...

    # reads for the web app (never write)
    def count_search(self, query: str) -> int: ...
    def count_stories(self) -> int:
        """How many live (not absorbed) stories there are."""
        ...

    def live_story_id(self, story_id: str) -> str | None:
        """The live story that holds ``story_id`` now (itself unless absorbed); None if unknown."""
        ...

    def list_story_reports(
        self,
        *,
        limit: int = 50,
        offset: int = 0,
        query: str | None = None,
        outlet: str | None = None,
        since: str | None = None,
        until: str | None = None,
    ) -> list[StoryReport]:
        """Live stories, newest last-seen first, each as its stored report (or a bare report when
        none is stored yet). ``query``: every word must occur in some article of the story (full
        text); ``outlet``: some article is from that outlet (case-insensitive); ``since`` /
        ``until``: dates or ISO times the story's first..last-seen span overlaps (both ends
        inclusive). A bad date raises ConfigError."""
        ...

    def list_story_summaries(
        self,
        *,
        limit: int = 50,
        offset: int = 0,
        query: str | None = None,
        outlet: str | None = None,
        since: str | None = None,
        until: str | None = None,
    ) -> list[StorySummary]:
        """The same stories as :meth:`list_story_reports`, as light summaries (fast lists)."""
        ...

    def count_story_reports(
        self,
        *,
        query: str | None = None,
        outlet: str | None = None,
        since: str | None = None,
        until: str | None = None,
    ) -> int: ...
    def story_outlets(self, story_ids: Sequence[str]) -> dict[str, tuple[str, ...]]:
        """story id -> the distinct outlets of its articles, sorted."""
        ...

    def list_outlets(self) -> list[tuple[str, int]]:
        """(outlet, article count) for every named outlet, most articles first."""
        ...

    def close(self) -> None: ...


def open_store(url: str, *, read_only: bool = False) -> Store:
    """Open (creating if needed) the store at ``url``. With ``read_only`` (the commands that only
    read: search, stories, story, serve) the store must exist; it is opened read-only, never created,
    migrated or changed, and a missing one raises :class:`~newsprism.errors.MissingStore`."""
    if url.startswith("sqlite:"):
        from newsprism.store.sqlite import SQLiteStore

        return SQLiteStore(url, read_only=read_only)
    if url.startswith(("postgresql:", "postgres:")):
        from newsprism.store.postgres import PostgresStore

        return PostgresStore(url, read_only=read_only)
    if url == "memory:":
        if read_only:
            raise MissingStore("memory: (a new in-memory store holds nothing to read)")
        from newsprism.store.memory import MemoryStore

        return MemoryStore()
    raise ConfigError(
        f"unknown store URL {url!r}: use sqlite:///PATH (e.g. sqlite:///newsprism.db) or postgresql://USER@HOST/DB"
    )
