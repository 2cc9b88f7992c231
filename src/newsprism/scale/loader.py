"""A finished batch's Parquet dataset into a store, in bounded batches (``newsprism load``)."""

from __future__ import annotations

from pathlib import Path
from typing import Iterator, TypeVar

from newsprism.errors import ConfigError
from newsprism.scale.parquet import MANIFEST, Dataset, from_rows
from newsprism.store import Store
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

T = TypeVar("T")
BATCH = 1000


def _batches(data: Dataset, table: str, cls: type[T]) -> Iterator[list[T]]:
    chunk: list[T] = []
    for record in from_rows(data.scan(table), cls):
        chunk.append(record)
        if len(chunk) >= BATCH:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def load_dataset(out_dir: str, *, store: Store) -> int:
    if not (Path(out_dir) / MANIFEST).exists():
        raise ConfigError(f"{out_dir} is not a newsprism batch folder (no {MANIFEST}); run newsprism batch first")
    data = Dataset(out_dir)
    manifest = data.manifest()
    if not manifest.get("done"):
        raise ConfigError(f"the batch in {out_dir} is not finished: run the same newsprism batch command again to finish it")
    new = 0
    for articles in _batches(data, "articles", Article):
        new += store.add_articles(articles)
    for failures in _batches(data, "failures", Failure):
        store.add_failures(failures)
    for failures in _batches(data, "story_failures", Failure):
        store.add_failures(failures)
    for origins in _batches(data, "origins", ArticleOrigins):
        store.put_origins(origins)
    canonical: set[str] = set()
    for extractions in _batches(data, "extractions", Extraction):
        store.put_extractions(extractions)
        canonical.update(e.article_id for e in extractions)
    for extractions in _batches(data, "extractions_raw", Extraction):
        # articles in no story (their grouping failed) keep their per-article extraction
        store.put_extractions([e for e in extractions if e.article_id not in canonical])
    assignments = [a for chunk in _batches(data, "assignments", StoryAssignment) for a in chunk]
    merges = [m for chunk in _batches(data, "merges", StoryMerge) for m in chunk]
    final = {s.id: s for chunk in _batches(data, "stories", Story) for s in chunk}
    absorbed = {m.absorbed for m in merges}
    # absorbed stories are kept in the store, marked merged; their last record is the one to keep
    earlier = {s.id: s for chunk in _batches(data, "touched", Story) for s in chunk if s.id in absorbed}
    state = _last_state(data, manifest)
    store.save_stories(assignments, list(earlier.values()) + list(final.values()), merges, state)
    for reports in _batches(data, "reports", StoryReport):
        store.put_story_reports(reports)
    return new


def _last_state(data: Dataset, manifest: dict) -> Iterator[bytes] | None:
    """The final stories state, read in pieces as the store writes it (never whole in memory)."""
    return data.blob_pieces("state/final.bin") if data.blob_path("state/final.bin") else None
