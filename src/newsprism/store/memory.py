"""The Store protocol in memory (``open_store("memory:")``), for tests and throwaway runs.

Same semantics as the SQL backends: idempotent ingest, writes all-or-nothing, foreign keys
checked, merges followed and never rewritten (``rows.check_merge``). Search matches whole
lower-cased words (the SQL backends also stem). ``newsprism.testing`` re-exports it.
"""

from __future__ import annotations

import re
import threading
from typing import Iterable, Iterator, Sequence

from newsprism.codec import dumps
from newsprism.errors import StoreError
from newsprism.store import MARK_END, MARK_START, Hit, StatePieces, StorySummary
from newsprism.store.rows import bound, check_merge, summary_from, utc_key
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

_WORD = re.compile(r"\w+", re.UNICODE)


class MemoryStore:
    """The Store protocol in memory (dicts), for tests. Same semantics as the SQL backends:
    idempotent ingest, writes all-or-nothing, foreign keys checked, merges followed and never
    rewritten. Search matches whole lower-cased words (the SQL backends also stem)."""

    def __init__(self) -> None:
        self.url = "memory:"
        self._lock = threading.RLock()
        self._articles: dict[str, Article] = {}  # insertion order is arrival order
        self._failures: dict[tuple[str, str, str], Failure] = {}
        self._origins: dict[str, ArticleOrigins] = {}
        self._extractions: dict[str, Extraction] = {}
        self._stories: dict[str, Story] = {}
        self._absorbed_into: dict[str, str] = {}
        self._assignments: dict[str, str] = {}
        self._merges: dict[str, StoryMerge] = {}
        self._state: bytes | None = None
        self._origin_index: dict[str, str] = {}
        self._reports: dict[str, StoryReport] = {}

    # articles and failures
    def add_articles(self, articles: Iterable[Article]) -> int:
        batch = list(articles)
        with self._lock:
            new = 0
            for article in batch:
                if article.id not in self._articles:
                    self._articles[article.id] = article
                    new += 1
            return new

    def add_failures(self, failures: Iterable[Failure]) -> None:
        batch = list(failures)
        with self._lock:
            for failure in batch:
                self._failures.setdefault((failure.source, failure.stage, failure.error), failure)

    def has_article(self, article_id: str) -> bool:
        return article_id in self._articles

    def get_article(self, article_id: str) -> Article | None:
        return self._articles.get(article_id)

    def get_articles(self, article_ids: Sequence[str]) -> list[Article]:
        return [self._articles[a] for a in dict.fromkeys(article_ids) if a in self._articles]

    def iter_articles(self) -> Iterator[Article]:
        return iter(list(self._articles.values()))

    def count_articles(self) -> int:
        return len(self._articles)

    def list_failures(self) -> list[Failure]:
        return list(self._failures.values())

    def _matches(self, article: Article, terms: list[str]) -> int:
        words = _WORD.findall(f"{article.title or ''} {article.text}".lower())
        counts = {t: words.count(t) for t in terms}
        return sum(counts.values()) if all(counts.values()) else 0

    def search(self, query: str, *, limit: int = 20, offset: int = 0) -> list[Hit]:
        terms = [t.lower() for t in _WORD.findall(query)][:32]
        if not terms:
            return []
        scored = [(self._matches(a, terms), n, a) for n, a in enumerate(self._articles.values())]
        ranked = sorted((s for s in scored if s[0]), key=lambda s: (-s[0], s[1]))
        return [Hit(a, _snippet(a.text, terms), float(score)) for score, _, a in ranked[offset:offset + limit]]

    def count_search(self, query: str) -> int:
        terms = [t.lower() for t in _WORD.findall(query)][:32]
        return sum(1 for a in self._articles.values() if terms and self._matches(a, terms))

    # stage results
    def _check_articles(self, article_ids: Iterable[str]) -> None:
        missing = [a for a in article_ids if a not in self._articles]
        if missing:
            raise StoreError(f"refused by the store's constraints: unknown article {missing[0]!r}")

    def add_origin_index_rows(self, rows: Iterable[tuple[str, str]]) -> None:
        with self._lock:
            for article_id, record in rows:
                self._origin_index.setdefault(article_id, record)

    def origin_index_rows(self) -> list[str]:
        return list(self._origin_index.values())

    def put_origins(self, origins: Iterable[ArticleOrigins]) -> None:
        batch = list(origins)
        with self._lock:
            self._check_articles(o.article_id for o in batch)
            self._origins.update((o.article_id, o) for o in batch)

    def get_origins(self, article_ids: Sequence[str]) -> dict[str, ArticleOrigins]:
        return {a: self._origins[a] for a in article_ids if a in self._origins}

    def put_extractions(self, extractions: Iterable[Extraction]) -> None:
        batch = list(extractions)
        with self._lock:
            self._check_articles(e.article_id for e in batch)
            self._extractions.update((e.article_id, e) for e in batch)

    def get_extractions(self, article_ids: Sequence[str]) -> dict[str, Extraction]:
        return {a: self._extractions[a] for a in article_ids if a in self._extractions}

    # stories
    def save_stories(
        self,
        assignments: Iterable[StoryAssignment],
        stories: Iterable[Story],
        merges: Iterable[StoryMerge],
        state: StatePieces | None,
    ) -> None:
        assignments, stories, merges = list(assignments), list(stories), list(merges)
        with self._lock:
            self._check_articles([a.article_id for a in assignments]
                                 + [a for s in stories for a in s.article_ids])
            known = set(self._stories) | {s.id for s in stories} | {m.absorbed for m in merges}
            unknown = [a.story_id for a in assignments if a.story_id not in known]
            unknown += [m.kept for m in merges if m.kept not in known]
            if unknown:
                raise StoreError(f"refused by the store's constraints: unknown story {unknown[0]!r}")
            for merge in merges:
                known = self._merges.get(merge.absorbed)
                check_merge(merge, known.kept if known is not None else None)
            for story in stories:
                self._stories[story.id] = story
            self._assignments.update((a.article_id, a.story_id) for a in assignments)
            for merge in merges:
                self._merges.setdefault(merge.absorbed, merge)
                self._stories.setdefault(merge.absorbed, Story(id=merge.absorbed, title="", article_ids=()))
                self._absorbed_into[merge.absorbed] = merge.kept
            if state is not None:
                self._state = bytes(state) if isinstance(state, (bytes, bytearray)) else b"".join(state)

    def story_state(self) -> bytes | None:
        return self._state

    def live_story_id(self, story_id: str) -> str | None:
        if story_id not in self._stories:
            return None
        current, seen = story_id, set()
        while current in self._absorbed_into:
            if current in seen:
                raise StoreError(f"story merges form a cycle through {story_id!r}")
            seen.add(current)
            current = self._absorbed_into[current]
        return current

    def get_assignments(self, article_ids: Sequence[str]) -> dict[str, str]:
        return {
            a: self.live_story_id(self._assignments[a]) or self._assignments[a]
            for a in article_ids
            if a in self._assignments
        }

    def _live(self) -> list[Story]:
        live = [s for s in self._stories.values() if s.id not in self._absorbed_into]
        live.sort(key=lambda s: s.id)
        live.sort(key=lambda s: utc_key(s.last_seen) or "", reverse=True)
        live.sort(key=lambda s: utc_key(s.last_seen) is None)
        return live

    def list_stories(self, *, limit: int = 50, offset: int = 0) -> list[Story]:
        return self._live()[offset:offset + limit]

    def count_stories(self) -> int:
        return len(self._stories) - len(self._absorbed_into)

    def get_story(self, story_id: str) -> Story | None:
        return self._stories.get(story_id)

    def put_story_reports(self, reports: Iterable[StoryReport]) -> None:
        batch = list(reports)
        with self._lock:
            self._check_articles(a for r in batch for a in r.story.article_ids)
            for report in batch:
                self._stories[report.story.id] = report.story
                self._reports[report.story.id] = report

    def get_story_report(self, story_id: str) -> StoryReport | None:
        return self._reports.get(story_id)

    # reads for the web app
    def _filtered(self, query, outlet, since, until) -> list[Story]:
        since_key, until_key = bound(since), bound(until, end=True)
        terms = [t.lower() for t in _WORD.findall(query or "")][:32]
        out = []
        for story in self._live():
            first = utc_key(story.first_seen) or utc_key(story.last_seen)
            last = utc_key(story.last_seen) or utc_key(story.first_seen)
            members = self.get_articles(story.article_ids)
            if since_key and not (last and last >= since_key):
                continue
            if until_key and not (first and first <= until_key):
                continue
            if outlet and not any((a.outlet or "").lower() == outlet.lower() for a in members):
                continue
            if terms and not any(self._matches(a, terms) for a in members):
                continue
            out.append(story)
        return out

    def list_story_reports(self, *, limit: int = 50, offset: int = 0, query: str | None = None,
                           outlet: str | None = None, since: str | None = None,
                           until: str | None = None) -> list[StoryReport]:
        stories = self._filtered(query, outlet, since, until)[offset:offset + limit]
        return [self._reports.get(s.id) or StoryReport(story=s) for s in stories]

    def list_story_summaries(self, *, limit: int = 50, offset: int = 0, query: str | None = None,
                             outlet: str | None = None, since: str | None = None,
                             until: str | None = None) -> list[StorySummary]:
        reports = self.list_story_reports(limit=limit, offset=offset, query=query, outlet=outlet,
                                          since=since, until=until)
        return [summary_from(dumps(r.story), dumps(r)) for r in reports]

    def count_story_reports(self, *, query: str | None = None, outlet: str | None = None,
                            since: str | None = None, until: str | None = None) -> int:
        return len(self._filtered(query, outlet, since, until))

    def story_outlets(self, story_ids: Sequence[str]) -> dict[str, tuple[str, ...]]:
        out = {}
        for story_id in dict.fromkeys(story_ids):
            story = self._stories.get(story_id)
            members = self.get_articles(story.article_ids) if story and story_id not in self._absorbed_into else []
            out[story_id] = tuple(sorted({a.outlet for a in members if a.outlet}))
        return out

    def list_outlets(self) -> list[tuple[str, int]]:
        counts: dict[str, int] = {}
        for article in self._articles.values():
            if article.outlet:
                counts[article.outlet] = counts.get(article.outlet, 0) + 1
        return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))

    def close(self) -> None:
        return None


def _snippet(text: str, terms: list[str], width: int = 80) -> str:
    lowered = text.lower()
    at = min((i for t in terms if (i := lowered.find(t)) >= 0), default=0)
    start = max(0, at - width)
    piece = text[start:at + width]
    for term in terms:
        piece = re.sub(rf"\b({re.escape(term)})\b", MARK_START + r"\1" + MARK_END, piece, flags=re.I)
    return ("…" if start else "") + piece + ("…" if at + width < len(text) else "")
