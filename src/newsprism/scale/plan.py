"""What both engines run, around the pipeline's own steps: the per-article job, the
per-partition stories job, the global (arrival-order) step, the per-story job.

The work splits by what each step needs to see:

- per article (``article_job``, in parallel): ``pipeline.normalised`` and ``pipeline.extract``;
- per partition (``stories_job``, in parallel): phase one of the two-phase story plan, a fresh
  grouper over one chunk's articles in arrival order (``pipeline.group``), giving partial stories;
- global, in arrival order (``GlobalPlan.advance``, one process): ``pipeline.find_origins`` with
  its index kept across chunks (``fetch`` reads back earlier articles it wants to compare
  sentence by sentence), and phase two of the story plan: each chunk's partial stories merged
  into the stories held (``pipeline.absorb``), one story at a time instead of one article at a
  time, with no embedding to compute;
- per story (``story_job``, in parallel): ``pipeline.report`` (canonical entities, claims,
  verdicts, brief).

Partitions are the chunks (positions ``k * chunk_size`` on), whatever the engine or the number
of workers, so the local and Spark engines group alike. What is decided here is only which
articles go where and in what order; every decision about an article is the pipeline's, and a
failure is caught there.
"""

from __future__ import annotations

import time
import zlib
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, Callable, Iterable, Iterator, Mapping, Sequence

from newsprism import pipeline
from newsprism.models import Models
from newsprism.settings import Config
from newsprism.types import (
    Article,
    ArticleOrigins,
    Extraction,
    Failure,
    RawDoc,
    Story,
    StoryAssignment,
    StoryMerge,
    StoryReport,
)


def config_of(values: Mapping[str, Any]) -> Config:
    """A Config rebuilt in a worker (Config holds a mappingproxy, which does not pickle)."""
    return Config(MappingProxyType(dict(values)))


# --------------------------------------------------------------------------- per article


@dataclass
class ArticleBatch:
    """What the per-article job gives back for a list of docs, in their order."""

    articles: list[Article] = field(default_factory=list)
    extractions: list[Extraction] = field(default_factory=list)
    positions: list[int] = field(default_factory=list)
    failures: list[Failure] = field(default_factory=list)
    seconds: dict[str, float] = field(default_factory=dict)  # per stage, summed over the docs
    # the position of the doc behind each of ``failures`` (-1: not known), so an engine that
    # keeps one row per doc (Spark) can put every failure on its own doc's row
    failure_positions: list[int] = field(default_factory=list)

    def fail(self, position: int, failure: Failure) -> None:
        self.failures.append(failure)
        self.failure_positions.append(position)


def article_job(docs: Sequence[tuple[int, RawDoc]], *, config: Config, models: Models) -> ArticleBatch:
    """Normalise each doc, then extract them all in one call (spaCy's ``nlp.pipe`` batches only
    what it is given at once); every doc ends as an article or a Failure."""
    out = ArticleBatch(seconds={"normalise": 0.0, "extract": 0.0})
    clock = time.perf_counter
    t0 = clock()
    positions: list[int] = []
    for position, doc in docs:
        item = pipeline.normalised(doc, config=config)
        if isinstance(item, Failure):
            out.fail(position, item)
        else:
            out.articles.append(item)
            positions.append(position)
    out.seconds["normalise"] = clock() - t0
    t0 = clock()
    extracted = pipeline.extract(out.articles, config=config, models=models)
    out.seconds["extract"] = clock() - t0
    for index, failure in extracted.failed.items():
        out.fail(positions[index], failure)
    out.extractions = extracted.extractions
    out.positions = positions
    return out


# --------------------------------------------------------------------------- per partition


@dataclass
class PartialStories:
    """Phase one of the story plan for one partition: its articles grouped by a fresh grouper.
    Story ids are the partition's; phase two may absorb them into stories held before."""

    article_ids: list[str]
    assignments: list[StoryAssignment]
    touched: list[Story]
    merges: list[StoryMerge]
    failures: list[Failure]
    state: bytes
    seconds: float = 0.0


def stories_job(articles: Sequence[Article], *, config: Config, models: Models) -> PartialStories:
    """A fresh online grouper over ``articles`` (one partition, in arrival order)."""
    t0 = time.perf_counter()
    grouper = pipeline.new_grouper(config=config, models=models)
    grouped = pipeline.group(grouper, articles, config=config)
    return PartialStories([a.id for a in articles], grouped.assignments, grouped.touched, grouped.merges,
                          grouped.failures, grouper.state(), time.perf_counter() - t0)


# --------------------------------------------------------------------------- global, in order


@dataclass
class ChunkResult:
    """The global step's output for one chunk. ``state`` gives the stories state as it stands
    after this chunk, serialised on demand (it grows with the batch: only snapshots ask for it);
    it must be called before the plan advances again."""

    articles: list[Article]
    extractions: list[Extraction]
    origins: list[ArticleOrigins]
    assignments: list[StoryAssignment]
    touched: list[Story]
    merges: list[StoryMerge]
    failures: list[Failure]
    state: Callable[[], Iterator[memoryview]]  # the state's pieces in order (Grouper.state_pieces)
    seconds: dict[str, float] = field(default_factory=dict)
    partial: bytes = b""  # the partition's own stories (phase one), kept to rebuild after a restart


def arrival_order(batch: ArticleBatch) -> list[int]:
    """Indexes of the chunk's articles in the order the stages see them (as ``analyze`` does)."""
    return sorted(range(len(batch.articles)),
                  key=lambda i: (batch.articles[i].published or "", batch.articles[i].id))


def select(batch: ArticleBatch, seen: set[str] | frozenset[str] = frozenset()) -> list[int]:
    """Indexes of the chunk's articles in arrival order, each id once and none in ``seen`` (the
    same bytes given twice, in this chunk or an earlier one, count once)."""
    keep: list[int] = []
    chunk_ids: set[str] = set()
    for i in arrival_order(batch):
        aid = batch.articles[i].id
        if aid not in seen and aid not in chunk_ids:
            chunk_ids.add(aid)
            keep.append(i)
    return keep


def _repeats(batch: ArticleBatch, keep: Sequence[int]) -> list[Failure]:
    """The chunk's inputs that ``select`` left out (the same bytes as an input before them),
    each recorded as the pipeline records it."""
    kept = set(keep)
    first = {batch.articles[i].id: batch.articles[i].source for i in keep}
    return [pipeline.repeat(article, first.get(article.id)) for i, article in enumerate(batch.articles)
            if i not in kept and first.get(article.id) != article.source]


class GlobalPlan:
    """The steps that must see articles one after another: dedup by id, origins, and phase two
    of the story plan (a chunk's partial stories merged into the stories held).

    One grouper holds the stories and one index the origins as long as the plan lives: a chunk
    adds to them in memory, and the stories state is serialised only when asked
    (``stories_state``, a snapshot's ``ChunkResult.state``), so the cost of a chunk does not grow
    with the stories held before it."""

    def __init__(self, *, config: Config, models: Models,
                 fetch: Callable[[Sequence[str]], list[Article]], state: "pipeline.StateSource | None" = None,
                 origin_index: Any = None) -> None:
        self.config = config
        self.models = models
        self.fetch = fetch  # earlier articles by id (rewrite candidates that left memory)
        self.grouper = pipeline.new_grouper(config=config, models=models, state=state)
        self.generation = 0  # chunks fed to the grouper (advanced or replayed) so far
        self.seen: set[str] = set()
        self.origin_index = origin_index if origin_index is not None else pipeline.new_origin_index(config)

    def stories_state(self) -> bytes:
        """The stories state after every chunk fed so far (serialised now: costly for a large batch)."""
        return self.grouper.state()

    def stories_state_pieces(self) -> Iterator[memoryview]:
        """The same state in pieces, for writing it out without a whole copy in memory."""
        return self.grouper.state_pieces()

    def _state_after(self, generation: int) -> Callable[[], Iterator[memoryview]]:
        def state() -> Iterator[memoryview]:
            if self.generation != generation:
                raise RuntimeError("a chunk's stories state was asked for after later chunks were added")
            return self.grouper.state_pieces()
        return state

    def remember(self, article_ids: Iterable[str]) -> None:
        """Count articles as taken, so later chunks leave their ids out (also used after a restart)."""
        self.seen.update(article_ids)

    def select(self, batch: ArticleBatch) -> list[int]:
        """Indexes of the chunk's articles the global stages take (``select``, with the ids of
        earlier chunks left out)."""
        return select(batch, self.seen)

    def advance(self, batch: ArticleBatch, *,
                partial: PartialStories | Callable[[], PartialStories] | None = None) -> ChunkResult:
        """Run the global stages on one chunk. ``partial``: phase one of the story plan for this
        chunk, done elsewhere (a pool worker, a Spark task) on the articles ``select`` takes; done
        here when missing, crashed or made on other articles."""
        failures = list(batch.failures)
        keep = self.select(batch)
        failures += _repeats(batch, keep)
        articles = [batch.articles[i] for i in keep]
        t0 = time.perf_counter()
        article_origins = pipeline.find_origins(articles, index=self.origin_index, config=self.config,
                                                models=self.models, fetch=self.fetch, failures=failures)
        t1 = time.perf_counter()
        seconds = {"origins": t1 - t0}
        if callable(partial):
            try:
                partial = partial()
            except Exception:  # noqa: BLE001 - the worker's phase one crashed as a whole: redone here
                partial = None
            t1 = time.perf_counter()
        if partial is None or partial.article_ids != [a.id for a in articles]:
            partial = stories_job(articles, config=self.config, models=self.models)
            t1 = time.perf_counter()
        seconds["stories"] = partial.seconds
        failures += partial.failures
        merged = self._absorb(partial.state, articles)
        failures += merged.failures
        seconds["story merge"] = time.perf_counter() - t1
        self.remember(a.id for a in articles)
        return ChunkResult(
            articles=articles, extractions=[batch.extractions[i] for i in keep], origins=article_origins,
            assignments=list(partial.assignments), touched=list(partial.touched) + merged.touched,
            merges=list(partial.merges) + merged.merges, failures=failures,
            state=self._state_after(self.generation), seconds=seconds, partial=partial.state,
        )

    def replay(self, articles: Sequence[Article], partial: bytes) -> None:
        """Feed a finished chunk through origins and the story merge again, discarding their
        output, to rebuild the state after a snapshot (both are deterministic in order; the
        chunk's partial stories are the ones it was written with)."""
        if articles:
            pipeline.index_articles(articles, index=self.origin_index, config=self.config, models=self.models)
        self._absorb(partial, articles)

    def _absorb(self, partial: bytes, articles: Sequence[Article]) -> pipeline.Grouped:
        self.generation += 1
        return pipeline.absorb(self.grouper, partial, articles)


# --------------------------------------------------------------------------- final stories


class Membership:
    """Final stories from the chunks' assignments and merges (absorbed stories follow their keeper)."""

    def __init__(self) -> None:
        self.parent: dict[str, str] = {}
        self.story_of: dict[str, str] = {}
        self.order: dict[str, int] = {}
        self.records: dict[str, Story] = {}

    def _find(self, sid: str) -> str:
        root = sid
        while self.parent.get(root, root) != root:
            root = self.parent[root]
        while sid != root:  # path compression keeps long merge chains cheap
            self.parent[sid], sid = root, self.parent[sid]
        return root

    def add(self, assignments: Iterable[tuple[str, str]], merges: Iterable[tuple[str, str]],
            touched: Iterable[Story]) -> None:
        for aid, sid in assignments:
            self.story_of[aid] = sid
            self.order.setdefault(aid, len(self.order))
        for kept, absorbed in merges:
            if self._find(absorbed) != self._find(kept):
                self.parent[self._find(absorbed)] = self._find(kept)
        for story in touched:
            self.records[story.id] = story

    def stories(self) -> dict[str, Story]:
        """Live story id -> Story with its final members, in arrival order."""
        members: dict[str, list[str]] = {}
        for aid in sorted(self.story_of, key=self.order.__getitem__):
            members.setdefault(self._find(self.story_of[aid]), []).append(aid)
        absorbed_by: dict[str, list[str]] = {}  # one pass: each partition's story is absorbed once
        for sid in self.parent:
            root = self._find(sid)
            if root != sid:
                absorbed_by.setdefault(root, []).append(sid)
        out = {}
        for sid, ids in members.items():
            record = self.records.get(sid) or Story(id=sid, title="", article_ids=())
            if set(record.article_ids) == set(ids):
                ids = list(record.article_ids)  # the stage's own order when it agrees
            absorbed = tuple(absorbed_by.get(sid, ()))
            merged = tuple(dict.fromkeys(record.merged_from + absorbed))
            out[sid] = Story(id=sid, title=record.title, article_ids=tuple(ids), first_seen=record.first_seen,
                             last_seen=record.last_seen, merged_from=merged)
        return out


def bucket_of(story_id: str, buckets: int) -> int:
    """A stable bucket for a story (crc32: Python's hash changes between processes)."""
    return zlib.crc32(story_id.encode()) % buckets


# --------------------------------------------------------------------------- per story


@dataclass
class StoryResult:
    report: StoryReport | None
    extractions: list[Extraction]
    failures: list[Failure]
    seconds: float = 0.0


def story_job(
    story: Story, members: Sequence[Article], origin_of: Mapping[str, ArticleOrigins],
    extraction_of: Mapping[str, Extraction], *, config: Config, models: Models,
) -> StoryResult:
    """The pipeline's story report (canonical entities, claims, verdicts, brief) over the members
    a story bucket holds; a member without a row is unextracted and its own origin. Gives every
    member's extraction: canonical when the report was made, as it was otherwise."""
    t0 = time.perf_counter()
    ids = [a.id for a in members]
    raw = {aid: extraction_of.get(aid) or Extraction(article_id=aid) for aid in ids}
    full_origins = {aid: origin_of.get(aid) or ArticleOrigins(aid, root=f"article:{aid}") for aid in ids}
    done = pipeline.report(story, articles={a.id: a for a in members}, origin_of=full_origins,
                           extraction_of=raw, config=config, models=models)
    canonical = {e.article_id for e in done.canonical}
    extractions = list(done.canonical) + [e for aid, e in raw.items() if aid not in canonical]
    return StoryResult(done.report, extractions, done.failures, time.perf_counter() - t0)
