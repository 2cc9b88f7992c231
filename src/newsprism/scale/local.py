"""The local engine: a process pool over all cores, one model load per process, bounded memory.

Phase 1 streams the inputs in chunks of ``chunk_size`` items. Each chunk's docs are split over
the pool (normalise, extract), then the chunk's articles are grouped into partial
stories on the pool (phase one of the story plan), while the parent runs the global stages
(origins, and the merge of partial stories into the stories held) on the oldest chunk in arrival
order; at most three chunks are in flight, so memory does not grow with the input. Each finished
chunk is written as one partition of every table and then listed in the manifest. Phase 2
shuffles the finished partitions by story bucket on disk and runs the per-story job (canonical
entities, claims, verdicts, brief) on the pool, one bucket at a time. A killed batch reruns with the same arguments and starts after its last listed partition.
"""

from __future__ import annotations

import math
import multiprocessing
import os
import time
from concurrent.futures import Future, ProcessPoolExecutor
from typing import Any, Callable, Iterator, Sequence

from newsprism import pipeline, watchdog
from newsprism.models import Models, models_for
from newsprism.scale import plan as P
from newsprism.scale import supervise
from newsprism.scale.inputs import InputFile, stream
from newsprism.scale.output import BatchWriter, Tracker
from newsprism.settings import Config
from newsprism.types import Extraction, Failure, RawDoc

HARD_GRACE_SECONDS = 2.0  # past the budget, a worker stuck in C code ends itself after max(this, the budget)

# Per-process state of a pool worker, set once by the initializer.
_WORKER: dict[str, Any] = {}


def _init_worker(values: dict[str, Any], folder: str | None = None) -> None:
    # One thread per process: the pool is the parallelism; torch/BLAS threads would fight it.
    for name in ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS", "TOKENIZERS_PARALLELISM"):
        os.environ[name] = "false" if name == "TOKENIZERS_PARALLELISM" else "1"
    config = P.config_of(values)
    seconds = pipeline.budget(config)
    if folder is not None and seconds > 0:  # stuck past the budget where it cannot be interrupted: end
        watchdog.arm_hard_exit(folder, grace=max(HARD_GRACE_SECONDS, seconds))
    _WORKER["config"] = config
    _WORKER["models"] = models_for(config)


def _article_task(docs: list[tuple[int, RawDoc]]) -> P.ArticleBatch:
    return P.article_job(docs, config=_WORKER["config"], models=_WORKER["models"])


def _partition_task(articles: list) -> P.PartialStories:
    return P.stories_job(articles, config=_WORKER["config"], models=_WORKER["models"])


def _story_task(jobs: list[tuple]) -> list[P.StoryResult]:
    return [P.story_job(*job, config=_WORKER["config"], models=_WORKER["models"]) for job in jobs]


class _Inline:
    """workers=1: the same tasks in this process, no pool (debuggable, no model copies)."""

    def __init__(self, values: dict[str, Any]) -> None:
        _init_worker(values)

    def submit(self, fn: Callable, *args: Any) -> Future:
        future: Future = Future()
        future.set_result(fn(*args))
        return future

    def shutdown(self, wait: bool = True, cancel_futures: bool = False) -> None:
        return None


def _pool(workers: int, config: Config) -> supervise.Pool:
    values = dict(config.values)
    if workers <= 1:
        return supervise.Pool(lambda _folder: _Inline(values))  # in this process: the soft budget only

    def make(folder: str) -> ProcessPoolExecutor:
        # spawn, not fork: the parent may hold loaded models and their threads, which fork copies badly.
        return ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("spawn"),
                                   initializer=_init_worker, initargs=(values, folder))
    return supervise.Pool(make)


def _doc_label(item: tuple[int, RawDoc]) -> str:
    return item[1].source


def _story_label(job: tuple) -> str:
    return f"story:{job[0].id}"


def _articles_of(tasks: Sequence[supervise.Task], pool: supervise.Pool, failures: list[Failure]) -> P.ArticleBatch:
    """The chunk's per-article results; a doc its worker got stuck on is a failure."""
    gathered = [pool.gather(task) for task in tasks]
    batch = _merge([piece for g in gathered for piece in g.results], failures)
    for g in gathered:
        for (position, doc), stage, reason in g.lost:
            batch.fail(position, Failure(doc.source, stage, reason))
    return batch


def _chunks(items: Iterator[tuple[InputFile, RawDoc | Failure]], size: int):
    """(chunk number, [(position, file, item)]) with ``size`` items each, in input order."""
    chunk: list = []
    number = position = 0
    for file, item in items:
        chunk.append((position, file, item))
        position += 1
        if len(chunk) == size:
            yield number, chunk
            number, chunk = number + 1, []
    if chunk:
        yield number, chunk


def _split(docs: list[tuple[int, RawDoc]], parts: int) -> list[list[tuple[int, RawDoc]]]:
    step = max(1, math.ceil(len(docs) / max(1, parts)))
    return [docs[i:i + step] for i in range(0, len(docs), step)]


def _merge(pieces: Sequence[P.ArticleBatch], failures: list[Failure]) -> P.ArticleBatch:
    out = P.ArticleBatch(failures=list(failures), failure_positions=[-1] * len(failures))
    for piece in pieces:
        out.articles += piece.articles
        out.extractions += piece.extractions
        out.positions += piece.positions
        out.failures += piece.failures
        out.failure_positions += piece.failure_positions
        for stage, seconds in piece.seconds.items():
            out.seconds[stage] = out.seconds.get(stage, 0.0) + seconds
    return out


def run_articles(
    files: Sequence[InputFile], *, writer: BatchWriter, config: Config, models: Models,
    pool: Any, workers: int, tracker: Tracker,
) -> None:
    """Phase 1 on the pool: every chunk not yet in the manifest, written as it finishes."""
    global_plan = writer.global_plan(config=config, models=models)
    finished = writer.finished_chunks()
    in_flight: list[tuple[int, list, list[Failure], list[supervise.Task]]] = []

    def finish_oldest() -> None:
        number, chunk, failures, tasks = in_flight.pop(0)
        t0 = time.perf_counter()
        batch = _articles_of(tasks, pool, failures)
        tracker.add_time("articles (pool wait)", time.perf_counter() - t0)
        # phase one of the story plan on the pool (while origins runs here), on the articles the
        # global step takes; if its worker dies, the global step does it here
        partial = pool.submit_raw(_partition_task, [batch.articles[i] for i in global_plan.select(batch)])
        t0 = time.perf_counter()
        result = global_plan.advance(batch, partial=partial.result)
        for stage, seconds in {**batch.seconds, **result.seconds}.items():
            tracker.add_cpu(stage, seconds)
        tracker.add_time("origins+stories", time.perf_counter() - t0)
        t0 = time.perf_counter()
        writer.write_chunk(number, result, origin_index=global_plan.origin_index)
        tracker.add_time("write", time.perf_counter() - t0)
        tracker.step("articles", len(chunk), files_done=chunk[-1][1].index, articles=len(result.articles),
                     failures=len(result.failures))

    for number, chunk in _chunks(stream(files, config=config), writer.chunk_size):
        if number in finished:
            tracker.step("articles", len(chunk), files_done=chunk[-1][1].index, skipped=True)
            continue
        docs = [(pos, item) for pos, _file, item in chunk if isinstance(item, RawDoc)]
        failures = [item for _pos, _file, item in chunk if isinstance(item, Failure)]
        tasks = [pool.submit(_article_task, part, _doc_label) for part in _split(docs, workers * 2)]
        in_flight.append((number, chunk, failures, tasks))
        # the pool works on the next chunks (and this chunk's partition stories) while this
        # process runs origins and the story merge of the oldest
        if len(in_flight) >= 3:
            finish_oldest()
    while in_flight:
        finish_oldest()
    writer.save_final_state(global_plan.stories_state_pieces())


def run_stories(*, writer: BatchWriter, pool: Any, workers: int, tracker: Tracker) -> None:
    """Phase 2 on the pool: per-story claims, one story bucket at a time."""
    for bucket, jobs in writer.story_buckets():
        t0 = time.perf_counter()
        per_task = max(1, math.ceil(len(jobs) / (workers * 4)))
        tasks = [pool.submit(_story_task, jobs[i:i + per_task], _story_label) for i in range(0, len(jobs), per_task)]
        results = []
        for gathered in (pool.gather(task) for task in tasks):
            results += [r for piece in gathered.results for r in piece]
            results += [_lost_story(job, stage, reason) for job, stage, reason in gathered.lost]
        tracker.add_cpu("claims", sum(r.seconds for r in results))
        tracker.add_time("claims", time.perf_counter() - t0)
        writer.write_bucket(bucket, results)
        tracker.step("stories", len(jobs))


def _lost_story(job: tuple, stage: str, reason: str) -> P.StoryResult:
    """A story whose worker got stuck on it: no report, its members' extractions as they were."""
    story, members, _origin_of, extraction_of = job
    raw = [extraction_of.get(a.id) or Extraction(article_id=a.id) for a in members]
    return P.StoryResult(None, raw, [Failure(f"story:{story.id}", "claims", reason)])


def run(files: Sequence[InputFile], *, writer: BatchWriter, config: Config, workers: int,
        tracker: Tracker) -> None:
    models = models_for(config)
    pool = _pool(workers, config)
    try:
        run_articles(files, writer=writer, config=config, models=models, pool=pool, workers=workers,
                     tracker=tracker)
        writer.prepare_stories(tracker=tracker)
        run_stories(writer=writer, pool=pool, workers=workers, tracker=tracker)
        writer.finish()
    finally:
        pool.shutdown()


__all__ = ["run"]
