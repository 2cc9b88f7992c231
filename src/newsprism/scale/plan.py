"""What both engines run: the per-article job, the per-partition stories job, the global
(arrival-order) step, the per-story job.

The work splits by what each step needs to see:

- per article (``article_job``, in parallel): normalise and extract;
- per partition (``stories_job``, in parallel): phase one of the two-phase story plan, a fresh
  online grouper over one chunk's articles in arrival order, giving partial stories;
- global, in arrival order (``GlobalPlan.advance``, one process): origins, with its LSH index
  kept across chunks (``fetch`` reads back earlier articles it wants to compare sentence by
  sentence), and phase two of the story plan: each chunk's partial stories are merged into the
  stories held (``stories.Grouper.absorb``: nearest centroids, shared names and numbers), one
  story at a time instead of one article at a time, with no embedding to compute;
- per story (``story_job``, in parallel): entities made canonical within the story, then
  align, judge and brief through the pipeline's own story report.

Partitions are the chunks (positions ``k * chunk_size`` on), whatever the engine or the number
of workers, so the local and Spark engines group alike. No stage logic lives here: every
decision is the stage functions'.
"""

from __future__ import annotations

import time
import zlib
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, Callable, Iterable, Mapping, Sequence

from newsprism import errors, origins, pipeline, stories, watchdog
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



def one_line(error: BaseException) -> str:
    return errors.one_line(error)


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
    normalised: list[tuple[int, Article]] = []
    for position, doc in docs:
        # the pipeline's own step: a bad doc, a crash or an overrun of the time budget is a Failure
        item = pipeline.normalised(doc, config=config)
        if isinstance(item, Failure):
            out.fail(position, item)
        else:
            normalised.append((position, item))
    out.seconds["normalise"] = clock() - t0
    t0 = clock()
    extraction_of = _extract_all(normalised, config=config, models=models, out=out)
    out.seconds["extract"] = clock() - t0
    for position, article in normalised:
        out.articles.append(article)
        out.extractions.append(extraction_of.get(article.id) or Extraction(article_id=article.id))
        out.positions.append(position)
    return out


def _extract_all(
    normalised: Sequence[tuple[int, Article]], *, config: Config, models: Models, out: ArticleBatch
) -> dict[str, Extraction]:
    """Article id -> extraction, through the pipeline's own batched extraction (each article
    within the time budget); an article that crashes or runs over on its own is recorded as a
    Failure and keeps an empty extraction."""
    done: dict[str, Extraction] = {}
    articles = [a for _, a in normalised]
    for (position, article), result in zip(normalised, pipeline.extract_all(articles, config=config, models=models)):
        if isinstance(result, Failure):
            out.fail(position, result)
            result = Extraction(article_id=article.id)
        done[article.id] = result
    return done


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
    grouper = stories.Grouper(config=config, models=models)
    failures: list[Failure] = []
    assignments, touched, merges = group(grouper, list(articles), failures,
                                         guard=pipeline.article_guard(config, "stories"))
    return PartialStories([a.id for a in articles], assignments, touched, merges, failures,
                          grouper.state(), time.perf_counter() - t0)


def group(grouper: stories.Grouper, articles: list[Article], failures: list[Failure], *,
          guard: Callable[[Article, Callable[[], Any]], Any] | None = None):
    """``articles`` added to ``grouper``: their assignments, the stories they touched, the merges.
    An article that fails (or runs over ``guard``'s budget) is recorded in ``failures`` and the
    others go on."""
    grouper.touched, grouper.merges = {}, []
    if not articles:
        return [], [], []
    reported: dict[str, Failure] = {}

    def failed(article: Article, error: Exception) -> None:
        reported.setdefault(article.id, Failure(article.source, "stories", one_line(error)))

    try:
        assignments = grouper.add(articles, on_error=failed, guard=guard)
    except Exception:  # noqa: BLE001 - the batch embedding failed: one by one, so a bad article loses only itself
        assignments = []
        for article in articles:
            if article.id in reported:
                continue
            try:
                assignments += grouper.add([article], on_error=failed, guard=guard)
            except Exception as e:  # noqa: BLE001
                failed(article, e)
    failures.extend(reported.values())
    return assignments, _touched(grouper, articles, failures), list(grouper.merges)


def _touched(grouper: stories.Grouper, articles: Sequence[Article], failures: list[Failure]) -> list[Story]:
    try:
        return grouper.stories()
    except Exception as e:  # noqa: BLE001 - the chunk's assignments still hold its members
        failures.extend(Failure(a.source, "stories", f"story records: {one_line(e)}") for a in articles)
        return []


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
    state: Callable[[], bytes]
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

    One ``stories.Grouper`` holds the stories as long as the plan lives: a chunk adds to it in
    memory, and its state is serialised only when asked (``stories_state``, a snapshot's
    ``ChunkResult.state``), so the cost of a chunk does not grow with the stories held before it."""

    def __init__(self, *, config: Config, models: Models,
                 fetch: Callable[[Sequence[str]], list[Article]], state: bytes | None = None,
                 origin_index: Any = None) -> None:
        self.config = config
        self.models = models
        self.fetch = fetch  # earlier articles by id (rewrite candidates that left memory)
        self.grouper = stories.Grouper(config=config, models=models, state=state or None)
        self.generation = 0  # chunks fed to the grouper (advanced or replayed) so far
        self.seen: set[str] = set()
        # the origins stage's index, kept across chunks: every earlier article is in reach of a
        # new one at the cost of a lookup
        self.origin_index = origin_index if origin_index is not None else origins.new_index(config)

    def stories_state(self) -> bytes:
        """The stories state after every chunk fed so far (serialised now: costly for a large batch)."""
        return self.grouper.state()

    def _state_after(self, generation: int) -> Callable[[], bytes]:
        def state() -> bytes:
            if self.generation != generation:
                raise RuntimeError("a chunk's stories state was asked for after later chunks were added")
            return self.grouper.state()
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
        article_origins = self._origins(articles, failures)
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
        touched, merges = self._absorb(partial.state, articles, failures)
        seconds["story merge"] = time.perf_counter() - t1
        self.remember(a.id for a in articles)
        return ChunkResult(
            articles=articles, extractions=[batch.extractions[i] for i in keep],
            origins=article_origins, assignments=list(partial.assignments),
            touched=list(partial.touched) + touched, merges=list(partial.merges) + merges,
            failures=failures, state=self._state_after(self.generation), seconds=seconds,
            partial=partial.state,
        )

    def _origins(self, articles: list[Article], failures: list[Failure]) -> list[ArticleOrigins]:
        try:
            return origins.run(articles, config=self.config, models=self.models, index=self.origin_index,
                               fetch=self.fetch, guard=pipeline.origins_guard(self.config, failures))
        except Exception as e:  # noqa: BLE001 - a crash leaves each article its own origin, recorded
            reason = one_line(e)
            failures.extend(Failure(a.source, "origins", reason) for a in articles)
            return [ArticleOrigins(article_id=a.id, root=f"article:{a.id}", root_name=a.outlet or a.source)
                    for a in articles]

    def replay(self, articles: Sequence[Article], partial: bytes) -> None:
        """Feed a finished chunk through origins and the story merge again, discarding their
        output, to rebuild the state after a snapshot (both are deterministic in order; the
        chunk's partial stories are the ones it was written with)."""
        if articles:
            origins.run([], config=self.config, models=self.models, prior=list(articles), index=self.origin_index)
        self._absorb(partial, articles, [])

    def _absorb(self, partial: bytes, articles: Sequence[Article],
                failures: list[Failure]) -> tuple[list[Story], list[StoryMerge]]:
        """Phase two: the chunk's partial stories (their state) merged into the stories held;
        the stories it touched (full member lists) and the merges it made."""
        grouper = self.grouper
        grouper.touched, grouper.merges = {}, []
        self.generation += 1
        if not partial:
            return [], []
        try:
            grouper.absorb(partial)
        except Exception as e:  # noqa: BLE001 - the chunk keeps its partition's stories, recorded
            failures.extend(Failure(a.source, "stories", f"story merge: {one_line(e)}") for a in articles)
            return [], []
        return _touched(grouper, articles, failures), list(grouper.merges)


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
    """Canonical entities within the story, then claims, verdicts and brief for it."""
    t0 = time.perf_counter()
    result = _story_job(story, members, origin_of, extraction_of, config=config, models=models)
    result.seconds = time.perf_counter() - t0
    return result


def _story_job(
    story: Story, members: Sequence[Article], origin_of: Mapping[str, ArticleOrigins],
    extraction_of: Mapping[str, Extraction], *, config: Config, models: Models,
) -> StoryResult:
    ids = [a.id for a in members]
    raw = {aid: extraction_of.get(aid) or Extraction(article_id=aid) for aid in ids}
    full_origins = {aid: origin_of.get(aid) or ArticleOrigins(aid, root=f"article:{aid}") for aid in ids}
    try:
        # the pipeline's own story report: entities made canonical across the story, then
        # align, judge and brief; it gives back the story's canonical extractions with it
        report, canonical = watchdog.call(lambda: pipeline.story_report(story, articles={a.id: a for a in members}, origin_of=full_origins,
                                              extraction_of=raw, config=config, models=models),
                              seconds=pipeline.budget(config) * max(1, len(members)), stage="claims",
                              labels=[f"story:{story.id}"])
    except Exception as e:  # noqa: BLE001 - one story's crash must not lose the others
        return StoryResult(None, list(raw.values()), [Failure(f"story:{story.id}", "claims", one_line(e))])
    done = {e.article_id for e in canonical}
    return StoryResult(report, list(canonical) + [e for a, e in raw.items() if a not in done], [])
