"""Batch mode: the pipeline's own steps over large inputs, on a local process pool or on Spark.

::

    result = batch(["warcs/", "feed.jsonl"], out_dir="out/", config=config)   # local engine
    result = batch(inputs, out_dir="out/", config=config, engine="spark")      # pip install 'newsprism[spark]'
    new = load("out/", store=open_store("sqlite:///newsprism.db"))             # then: newsprism serve

Results are a partitioned Parquet dataset (see ``newsprism.scale.parquet``); a killed batch run
again with the same inputs and ``out_dir`` resumes after its last finished partition.
"""

from __future__ import annotations

import os
from typing import Any, Sequence

from newsprism.errors import ConfigError
from newsprism.scale.output import BatchResult, Tracker
from newsprism.settings import Config
from newsprism.store import Store
from newsprism.types import Progress, ProgressFn, RawDoc

ENGINES = ("local", "spark")
DEFAULT_CHUNK = 1000

__all__ = ["batch", "load", "BatchResult", "Progress", "ProgressFn", "ENGINES"]


def batch(
    inputs: Sequence[str],
    *,
    out_dir: str,
    config: Config,
    engine: str = "local",
    workers: int = 0,
    progress: ProgressFn | None = None,
    chunk_size: int = DEFAULT_CHUNK,
) -> BatchResult:
    """Run every stage over ``inputs`` (folders, text/HTML files, JSON Lines, WARC(.gz), Parquet)
    and write the results under ``out_dir``. ``workers``: processes (0 = every core; 1 = no pool);
    for Spark, the local master's threads when no cluster is configured. ``progress`` receives a
    :class:`Progress` after every chunk and story bucket. Returns counts and seconds per stage."""
    from newsprism.models import AUTO
    from newsprism.scale.inputs import expand
    from newsprism.scale.output import BatchWriter

    if engine not in ENGINES:
        raise ConfigError(f"unknown engine {engine!r}; choose one of {', '.join(ENGINES)}")
    if not inputs:
        raise ConfigError("batch needs at least one input (a folder, file, JSON Lines, WARC or Parquet)")
    if workers < 0:
        raise ConfigError(f"workers must be 0 (every core) or more, got {workers}")
    if chunk_size < 1:
        raise ConfigError(f"chunk_size must be at least 1, got {chunk_size}")
    workers = workers or os.cpu_count() or 1
    files = expand(inputs)
    if config["embedder"] == AUTO:
        # partitions are grouped apart and merged: they share one embedder, chosen before any
        # partition is grouped, from a sample of the first inputs (the same inputs choose the same)
        config = config.replace(embedder=batch_embedder(files, config=config))
    writer = BatchWriter(out_dir, files=files, config=config, chunk_size=chunk_size, engine=engine)
    tracker = Tracker(files=files, callback=progress)
    if writer.manifest.get("done"):
        return writer.result(tracker)
    if engine == "spark":
        from newsprism.scale import spark

        spark.run(files, writer=writer, config=config, workers=workers, tracker=tracker)
    else:
        from newsprism.scale import local

        local.run(files, writer=writer, config=config, workers=workers, tracker=tracker)
    return writer.result(tracker)


# ``embedder = auto`` in a batch: how many of the first documents are read to choose, and what share
# of them must be in other languages than English for the multilingual embedder (it costs about
# 30 times the English one per report: a few foreign reports in an English corpus do not pay for it)
AUTO_SAMPLE = 200
AUTO_SHARE = 0.05


def batch_embedder(files: Sequence[Any], *, config: Config) -> str:
    """The embedder ``auto`` means for a batch over ``files``: the multilingual one when at least
    ``AUTO_SHARE`` of its first ``AUTO_SAMPLE`` documents are in a known language other than
    English, the English one otherwise."""
    from newsprism import pipeline
    from newsprism.models import ENGLISH, MULTILINGUAL, foreign
    from newsprism.scale.inputs import stream
    from newsprism.types import Article

    read = other = 0
    for _file, item in stream(files, config=config):
        if read >= AUTO_SAMPLE:
            break
        if isinstance(item, RawDoc):
            article = pipeline.normalised(item, config=config)
            if isinstance(article, Article):
                read += 1
                other += foreign(article.language)
    return MULTILINGUAL if read and other >= AUTO_SHARE * read else ENGLISH


def load(out_dir: str, *, store: Store) -> int:
    """Put a finished batch's results into ``store``; returns how many articles were new there.
    Loading twice adds nothing (every store write is idempotent)."""
    from newsprism.scale.loader import load_dataset

    return load_dataset(out_dir, store=store)
