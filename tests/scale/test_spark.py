"""The Spark engine gives the local engine's stories and verdicts on the same input.

Runs Spark in local mode (local[2], bound to 127.0.0.1, UI off). Skipped when pyspark or Java
is missing, except in CI (CI=true), where a missing Spark is a failure.
"""

from __future__ import annotations

import importlib.util
import os
import shutil

import pytest

from .scale_summary import article_ids, failures, stories, verdicts

IN_CI = os.environ.get("CI", "").lower() == "true"
MISSING = [name for name, ok in (
    ("pyspark", importlib.util.find_spec("pyspark") is not None),
    ("pandas", importlib.util.find_spec("pandas") is not None),
    ("Java", bool(os.environ.get("JAVA_HOME") or shutil.which("java"))),
) if not ok]

pytestmark = pytest.mark.spark
if MISSING and not IN_CI:
    pytestmark = [pytest.mark.spark, pytest.mark.skip(reason=f"Spark engine needs {', '.join(MISSING)}")]


@pytest.fixture(scope="module")
def spark_run(batch_inputs, config, tmp_path_factory):
    if MISSING:
        pytest.fail(f"CI must run the Spark tests: missing {', '.join(MISSING)} (scripts/install-spark.sh)")
    from newsprism.scale import batch

    out = tmp_path_factory.mktemp("spark") / "out"
    result = batch(batch_inputs, out_dir=str(out), config=config, engine="spark", workers=2, chunk_size=3)
    yield result, out
    from pyspark.sql import SparkSession

    active = SparkSession.getActiveSession()
    if active is not None:
        active.stop()


def test_spark_gives_the_same_articles_and_failures(spark_run, local_run):
    (_, spark_out), (_, local_out) = spark_run, local_run
    assert sorted(article_ids(spark_out)) == sorted(article_ids(local_out))
    assert failures(spark_out) == failures(local_out)


def test_spark_gives_the_same_stories_and_verdicts(spark_run, local_run):
    (_, spark_out), (_, local_out) = spark_run, local_run
    assert stories(spark_out) == stories(local_out)
    assert verdicts(spark_out) == verdicts(local_out)
    assert verdicts(local_out), "the seeds must give claims with verdicts"


def test_spark_output_loads_like_the_local_one(spark_run):
    from newsprism.scale import load
    from newsprism.testing import MemoryStore

    _, out = spark_run
    store = MemoryStore()
    assert load(str(out), store=store) == len(article_ids(out))
    assert {frozenset(s.article_ids) for s in store.list_stories(limit=100)} == stories(out)
