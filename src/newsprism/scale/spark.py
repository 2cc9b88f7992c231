"""The Spark engine (``pip install 'newsprism[spark]'`` and a Java 17 runtime): the pipeline's
own steps, as the local engine runs them, inside Spark.

- read: the file list is a DataFrame; ``mapInArrow`` reads each file through the pipeline's
  reading (or the Parquet reader) on the executors. Counting items per file gives every item the position it
  has in the local engine, hence the same chunks.
- per article: ``mapInArrow`` runs ``plan.article_job`` (normalise, extract) once per Arrow
  batch, with one model load per Python worker (``models_for``).
- near-copies: the origins index is kept across chunks, so the global step finds copies by
  lookup, never by comparing pairs.
- stories, phase one: articles grouped by chunk in a shuffle; ``applyInPandas`` runs
  ``plan.stories_job`` (a fresh online grouper per chunk, in arrival order) on the executors.
- origins and stories, phase two: the driver runs the global step (``plan.GlobalPlan``, the
  local engine's own code) chunk by chunk over the articles streamed back in order
  (``toLocalIterator``): origins in arrival order, and the merge of each chunk's partial stories
  into the stories held (one scored lookup per partial story, no embedding). This is the
  remaining serial part: correct, about 2 ms per article at 200k, one process.
- per story: members are joined to their story and grouped in a shuffle; ``applyInPandas``
  runs ``plan.story_job`` (canonical entities, align, judge, brief) per story.

Results go through the same ``BatchWriter`` as the local engine: same tables, same manifest,
same resumption. Run on a cluster with ``spark-submit`` (see the README); locally it starts
``local[workers]`` bound to 127.0.0.1 with the UI off.
"""

from __future__ import annotations

import json
import os
import pickle
import shutil
import sys
from typing import Any, Iterator, Sequence

from newsprism.codec import dumps, loads, to_plain
from newsprism.errors import MissingExtra, NewsprismError
from newsprism.scale import plan as P
from newsprism.scale.inputs import InputFile, read_file
from newsprism.scale.output import BatchWriter, Tracker
from newsprism.scale.parquet import from_rows
from newsprism.settings import Config
from newsprism.types import Article, ArticleOrigins, Extraction, Failure, RawDoc, Story


def _require() -> None:
    try:
        import pyspark  # noqa: F401
    except ImportError as e:
        raise MissingExtra("the Spark engine", "spark", "pyspark") from e
    if not (os.environ.get("JAVA_HOME") or shutil.which("java")):
        raise NewsprismError(
            "the Spark engine needs Java 17: apt-get install openjdk-17-jre-headless "
            "(or run scripts/install-spark.sh), or set JAVA_HOME")


def session(workers: int):
    """The active SparkSession (spark-submit's), or a local one on 127.0.0.1 with ``workers`` threads."""
    _require()
    from pyspark.sql import SparkSession

    active = SparkSession.getActiveSession()
    if active is not None:
        return active
    builder = SparkSession.builder.appName("newsprism-batch")
    # Under spark-submit (or pyspark) the launcher already chose the master: use it as it is.
    submitted = os.environ.get("PYSPARK_GATEWAY_PORT") or os.environ.get("SPARK_ENV_LOADED")
    if os.environ.get("SPARK_MASTER"):
        builder = builder.master(os.environ["SPARK_MASTER"])
    elif not submitted:
        # local mode: the Python workers are this interpreter (the virtualenv with the models)
        os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
        builder = (builder.master(f"local[{workers}]")
                   .config("spark.driver.host", "127.0.0.1")
                   .config("spark.driver.bindAddress", "127.0.0.1")
                   .config("spark.ui.enabled", "false")
                   .config("spark.ui.showConsoleProgress", "false")
                   .config("spark.sql.shuffle.partitions", str(max(2, workers * 2))))
    spark = (builder.config("spark.sql.execution.arrow.pyspark.enabled", "true")
             .config("spark.python.worker.reuse", "true").getOrCreate())
    spark.sparkContext.setLogLevel("ERROR")  # the library never prints; progress goes to the callback
    return spark


# --------------------------------------------------------------------------- executor side


def _worker(values: dict[str, Any]):
    """Config and models of this Python worker (models load once per worker)."""
    from newsprism.models import models_for

    config = P.config_of(values)
    return config, models_for(config)


def _read_files(values: dict[str, Any]):
    def read(batches: Iterator[Any]) -> Iterator[Any]:
        import pyarrow as pa

        config = P.config_of(values)
        for batch in batches:
            out: dict[str, list] = {"file_index": [], "rec": [], "doc": [], "failure": []}
            for index, path in zip(batch.column("file_index").to_pylist(), batch.column("path").to_pylist()):
                items = read_file(InputFile(index, path, 0), config=config)
                for rec, item in enumerate(items):
                    out["file_index"].append(index)
                    out["rec"].append(rec)
                    out["doc"].append(dumps(item) if isinstance(item, RawDoc) else None)
                    out["failure"].append(dumps(item) if isinstance(item, Failure) else None)
            yield pa.RecordBatch.from_pydict(out, schema=_RAW_SCHEMA())
    return read


_RAW_DDL = "file_index long, rec long, doc string, failure string"
_ARTICLE_DDL = "position long, article_id string, article string, extraction string, failures string"


def _RAW_SCHEMA():  # noqa: N802 - a schema constant built lazily (pyarrow is imported late)
    import pyarrow as pa

    return pa.schema([("file_index", pa.int64()), ("rec", pa.int64()), ("doc", pa.string()), ("failure", pa.string())])


def _ARTICLE_SCHEMA():  # noqa: N802
    import pyarrow as pa

    return pa.schema([("position", pa.int64()), ("article_id", pa.string()), ("article", pa.string()),
                      ("extraction", pa.string()), ("failures", pa.string())])


def _process_articles(values: dict[str, Any]):
    def process(batches: Iterator[Any]) -> Iterator[Any]:
        import pyarrow as pa

        config, models = _worker(values)
        for batch in batches:
            rows = list(zip(batch.column("position").to_pylist(), batch.column("doc").to_pylist(),
                            batch.column("failure").to_pylist()))
            # one job for the whole Arrow batch: extraction then parses its articles together
            docs = [(position, loads(RawDoc, doc)) for position, doc, _failure in rows if doc is not None]
            yield pa.RecordBatch.from_pydict(
                _article_rows(rows, P.article_job(docs, config=config, models=models)),
                schema=_ARTICLE_SCHEMA())
    return process


def _article_rows(rows: list[tuple], result: P.ArticleBatch) -> dict[str, list]:
    """One output row per input row: its article (if any) and the failures of its doc."""
    at = {position: i for i, position in enumerate(result.positions)}
    failed: dict[int, list[Failure]] = {}
    for position, failure in zip(result.failure_positions, result.failures):
        failed.setdefault(position, []).append(failure)
    out: dict[str, list] = {k: [] for k in _ARTICLE_SCHEMA().names}
    for position, doc, failure in rows:
        i = at.get(position) if doc is not None else None
        article = result.articles[i] if i is not None else None
        failures = failed.get(position, []) if doc is not None else [loads(Failure, failure)]
        out["position"].append(position)
        out["article_id"].append(article.id if article else None)
        out["article"].append(dumps(article) if article else None)
        out["extraction"].append(dumps(result.extractions[i]) if article else None)
        out["failures"].append(json.dumps(to_plain(failures)))
    return out


def _partition_groups(values: dict[str, Any]):
    def per_chunk(pdf: Any) -> Any:
        import pandas as pd

        config, models = _worker(values)
        # in input order, then the global step's choice: arrival order, each id once (earlier
        # chunks' ids were left out by the caller)
        rows = pdf.sort_values("position").to_dict("records")
        articles = [loads(Article, row["article"]) for row in rows]
        chosen = [articles[i] for i in P.select(P.ArticleBatch(articles=articles))]
        partial = P.stories_job(chosen, config=config, models=models)
        return pd.DataFrame({"chunk": [int(rows[0]["chunk"])], "result": [pickle.dumps(partial)]})
    return per_chunk


def _partials(processed, *, values: dict[str, Any], size: int) -> Iterator[tuple[int, P.PartialStories]]:
    """Phase one of the story plan, per chunk on the executors, streamed back in chunk order.
    An id already given in an earlier chunk is left out (the global step drops it there)."""
    from pyspark.sql import functions as F

    keyed = (processed.where(F.col("article_id").isNotNull())
             .select("position", "article_id", "article", F.floor(F.col("position") / size).alias("chunk")))
    first = keyed.groupBy("article_id").agg(F.min("chunk").alias("chunk"))
    results = keyed.join(first, ["article_id", "chunk"]).groupBy("chunk").applyInPandas(
        _partition_groups(values), schema="chunk long, result binary")
    for row in results.orderBy("chunk").toLocalIterator():
        yield int(row["chunk"]), pickle.loads(row["result"])  # noqa: S301 - our own executors' output


def _story_groups(values: dict[str, Any]):
    def per_story(pdf: Any) -> Any:
        import pandas as pd

        config, models = _worker(values)
        rows = pdf.sort_values("order").to_dict("records")
        story = loads(Story, rows[0]["story"])
        by_id = {}
        for row in rows:
            by_id[row["id"]] = (
                next(from_rows([json.loads(row["article"])], Article)),
                next(from_rows([json.loads(row["origin"])], ArticleOrigins)) if row["origin"] else None,
                next(from_rows([json.loads(row["extraction"])], Extraction)) if row["extraction"] else None,
            )
        members = [by_id[a][0] for a in story.article_ids if a in by_id]
        result = P.story_job(story, members, {a: v[1] for a, v in by_id.items() if v[1]},
                             {a: v[2] for a, v in by_id.items() if v[2]}, config=config, models=models)
        return pd.DataFrame({"story_id": [story.id], "bucket": [int(rows[0]["bucket"])],
                             "result": [json.dumps({"report": to_plain(result.report),
                                                    "extractions": to_plain(result.extractions),
                                                    "failures": to_plain(result.failures)})]})
    return per_story


# --------------------------------------------------------------------------- driver


def _positions(spark, raw) -> dict[int, int]:
    """file index -> position of its first item (items numbered as the local engine numbers them)."""
    counts = dict(raw.groupBy("file_index").count().collect())
    offsets, total = {}, 0
    for index in sorted(counts):
        offsets[index] = total
        total += counts[index]
    return offsets


def _global_step(processed, *, writer: BatchWriter, config: Config, tracker: Tracker, files) -> None:
    from newsprism.models import models_for

    models = models_for(config)
    global_plan = writer.global_plan(config=config, models=models)
    size = writer.chunk_size
    partials = _partials(processed, values=dict(config.values), size=size)
    pending: list[tuple[int, P.PartialStories]] = []

    def partial_of(number: int) -> P.PartialStories | None:
        """The chunk's partial stories (None: it has no article, or the stream is done)."""
        while not pending or pending[0][0] < number:
            if pending:
                pending.pop(0)
            nxt = next(partials, None)
            if nxt is None:
                return None
            pending.append(nxt)
        return pending[0][1] if pending[0][0] == number else None

    def flush(number: int, rows: list) -> None:
        batch = P.ArticleBatch()
        for row in rows:
            batch.failures += [loads(Failure, json.dumps(f)) for f in json.loads(row["failures"])]
            if row["article"] is not None:
                batch.articles.append(loads(Article, row["article"]))
                batch.extractions.append(loads(Extraction, row["extraction"]))
                batch.positions.append(row["position"])
        result = global_plan.advance(batch, partial=partial_of(number))
        for stage, seconds in result.seconds.items():
            tracker.add_cpu(stage, seconds)
        writer.write_chunk(number, result, origin_index=global_plan.origin_index)
        tracker.step("articles", len(rows), files_done=len(files) - 1, articles=len(result.articles),
                     failures=len(result.failures))

    rows: list = []
    current = None
    for row in processed.orderBy("position").toLocalIterator():
        number = row["position"] // size
        if current is not None and number != current:
            flush(current, rows)
            rows = []
        current = number
        rows.append(row.asDict())
    if rows:
        flush(current, rows)
    writer.save_final_state(global_plan.stories_state_pieces())


def _stories_step(spark, *, writer: BatchWriter, config: Config, tracker: Tracker) -> None:
    from pyspark.sql import functions as F

    writer.prepare_stories(tracker=tracker, disk_shuffle=False)  # Spark shuffles by itself
    count = writer.manifest["bucket_count"]
    todo = {sid: s for sid, s in writer.stories.items() if P.bucket_of(sid, count) not in writer.manifest["buckets"]}
    if not todo:
        return
    membership = spark.createDataFrame(
        [(aid, sid, order, P.bucket_of(sid, count), dumps(story))
         for sid, story in todo.items() for order, aid in enumerate(story.article_ids)],
        "id string, story_id string, order int, bucket int, story string")
    root = str(writer.data.root)
    as_json = lambda table, key: (spark.read.parquet(f"{root}/{table}").drop("chunk")  # noqa: E731
                                  .select(F.col(key).alias("id"), F.to_json(F.struct("*")).alias(table)))
    members = (membership.join(as_json("articles", "id").withColumnRenamed("articles", "article"), "id")
               .join(as_json("origins", "article_id").withColumnRenamed("origins", "origin"), "id", "left")
               .join(as_json("extractions_raw", "article_id").withColumnRenamed("extractions_raw", "extraction"), "id", "left"))
    results = members.groupBy("story_id").applyInPandas(
        _story_groups(dict(config.values)), schema="story_id string, bucket int, result string")
    pending: dict[int, list[P.StoryResult]] = {}
    current = None
    for row in results.orderBy("bucket", "story_id").toLocalIterator():
        if current is not None and row["bucket"] != current:
            _write_bucket(writer, current, pending.pop(current), tracker)
        current = row["bucket"]
        pending.setdefault(current, []).append(_result(row["result"]))
    for bucket, results_of in pending.items():
        _write_bucket(writer, bucket, results_of, tracker)


def _result(text: str) -> P.StoryResult:
    from newsprism.codec import from_plain
    from newsprism.types import StoryReport

    plain = json.loads(text)
    return P.StoryResult(
        report=from_plain(StoryReport, plain["report"]) if plain["report"] else None,
        extractions=[from_plain(Extraction, e) for e in plain["extractions"]],
        failures=[from_plain(Failure, f) for f in plain["failures"]],
    )


def _write_bucket(writer: BatchWriter, bucket: int, results: list[P.StoryResult], tracker: Tracker) -> None:
    writer.write_bucket(bucket, sorted(results, key=lambda r: r.report.story.id if r.report else ""))
    tracker.step("stories", len(results))


def run(files: Sequence[InputFile], *, writer: BatchWriter, config: Config, workers: int, tracker: Tracker) -> None:
    import time

    spark = session(workers)
    values = dict(config.values)
    t0 = time.perf_counter()
    listing = spark.createDataFrame([(f.index, f.path) for f in files], "file_index long, path string")
    listing = listing.repartition(max(1, min(len(files), workers * 4)), "file_index")
    raw = listing.mapInArrow(_read_files(values), _RAW_DDL).persist()
    offsets = _positions(spark, raw)
    offset_df = spark.createDataFrame(list(offsets.items()) or [(0, 0)], "file_index long, offset long")
    from pyspark.sql import functions as F

    numbered = raw.join(F.broadcast(offset_df), "file_index").withColumn("position", F.col("offset") + F.col("rec"))
    finished = sorted(writer.finished_chunks())
    if finished:  # a resumed batch does the per-article work only for chunks not yet written
        numbered = numbered.where(~(F.floor(F.col("position") / writer.chunk_size)).isin(finished))
    processed = numbered.select("position", "doc", "failure").mapInArrow(
        _process_articles(values), _ARTICLE_DDL).persist()
    _global_step(processed, writer=writer, config=config, tracker=tracker, files=files)
    tracker.add_time("spark articles+origins+stories", time.perf_counter() - t0)
    t0 = time.perf_counter()
    _stories_step(spark, writer=writer, config=config, tracker=tracker)
    tracker.add_time("spark claims", time.perf_counter() - t0)
    processed.unpersist()
    raw.unpersist()
    writer.finish()
