"""The local engine end to end: every input ends as an article or a failure, the results load
into a store, a pool gives what one process gives, and a killed batch resumes without loss."""

from __future__ import annotations

import json

import pytest

from newsprism.errors import ConfigError
from newsprism.scale import batch, load
from newsprism.scale.parquet import Dataset
from newsprism.testing import MemoryStore

from .scale_summary import article_ids, failures, stories, verdicts


def test_every_input_is_an_article_or_a_failure(local_run):
    result, out = local_run
    ids = article_ids(out)
    assert len(ids) == len(set(ids)) == 6  # 2 seeds + copy + 2 quake reports + 1 transfer
    assert result.articles == 6
    broken = [src for src, stage in failures(out) if src.endswith("extra.jsonl#5")]
    assert broken, failures(out)
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["done"] and manifest["chunks"] == [0, 1, 2]


def test_every_article_lands_in_exactly_one_story(local_run):
    _result, out = local_run
    groups = stories(out)
    members = [a for g in groups for a in g]
    assert sorted(members) == sorted(article_ids(out))
    assert 1 < len(groups) < 6


def test_results_load_into_a_store_and_reload_adds_nothing(local_run):
    _result, out = local_run
    store = MemoryStore()
    assert load(str(out), store=store) == 6
    assert store.count_articles() == 6
    assert load(str(out), store=store) == 0
    assert {frozenset(s.article_ids) for s in store.list_stories(limit=100)} == stories(out)
    for story in store.list_stories(limit=100):
        assert store.get_story_report(story.id) is not None


def test_a_pool_gives_what_one_process_gives(local_run, batch_inputs, config, tmp_path):
    _result, out = local_run
    pooled = tmp_path / "pooled"
    batch(batch_inputs, out_dir=str(pooled), config=config, workers=2, chunk_size=3)
    assert stories(pooled) == stories(out)
    assert verdicts(pooled) == verdicts(out)
    assert failures(pooled) == failures(out)


class Killed(Exception):
    pass


def test_a_killed_batch_resumes_with_nothing_lost_or_doubled(local_run, batch_inputs, config, tmp_path):
    _result, out = local_run
    resumed = tmp_path / "resumed"

    def kill_after_two_chunks(progress):
        if progress.stage == "articles" and progress.done >= 6:
            raise Killed()

    with pytest.raises(Killed):
        batch(batch_inputs, out_dir=str(resumed), config=config, workers=1, chunk_size=3,
              progress=kill_after_two_chunks)
    manifest = Dataset(resumed).manifest()
    # chunk 1 is after the last snapshot (chunk 0): resuming replays it through origins and stories
    assert manifest["chunks"] == [0, 1] and manifest["snapshot"] == 0
    # a half-written partition of the next chunk, as a kill during the write would leave it
    (resumed / "articles" / "chunk=00002").mkdir(parents=True)
    (resumed / "articles" / "chunk=00002" / "part.parquet").write_bytes(b"garbage")
    result = batch(batch_inputs, out_dir=str(resumed), config=config, workers=1, chunk_size=3)
    assert result.resumed_chunks == 2
    assert sorted(article_ids(resumed)) == sorted(article_ids(out))
    assert stories(resumed) == stories(out)
    assert verdicts(resumed) == verdicts(out)


def test_rerunning_a_finished_batch_does_nothing_new(local_run, batch_inputs, config):
    result, out = local_run
    again = batch(batch_inputs, out_dir=str(out), config=config, workers=1, chunk_size=3)
    assert again.articles == result.articles and again.stories == result.stories


def test_other_inputs_into_the_same_folder_are_refused(local_run, seeds_dir, config):
    _result, out = local_run
    with pytest.raises(ConfigError, match="other inputs"):
        batch([str(seeds_dir)], out_dir=str(out), config=config, workers=1, chunk_size=3)


def test_bad_arguments_say_what_to_do(config, tmp_path):
    with pytest.raises(ConfigError, match="engine"):
        batch(["x"], out_dir=str(tmp_path), config=config, engine="dask")
    with pytest.raises(ConfigError, match="not a newsprism batch"):
        load(str(tmp_path / "nothing"), store=MemoryStore())


def test_parquet_tables_are_an_input(config, tmp_path):
    import pyarrow as pa
    import pyarrow.parquet as pq

    table = pa.table({
        "title": ["Port strike ends", None],
        "text": ["Dock workers in Rotterdam ended a 9-day strike on Monday after a 5% pay deal.", ""],
        "outlet": ["Harbour News", "Harbour News"],
        "published": ["2024-05-06", None],
    })
    pq.write_table(table, tmp_path / "in.parquet")
    result = batch([str(tmp_path / "in.parquet")], out_dir=str(tmp_path / "out"), config=config, workers=1)
    assert result.articles == 1
    assert ("%s#2" % (tmp_path / "in.parquet"), "ingest") in failures(tmp_path / "out")


def _origins(out):
    from newsprism.scale.parquet import from_rows
    from newsprism.types import ArticleOrigins

    return {(o.article_id, o.duplicate_of, o.root) for o in from_rows(Dataset(out).scan("origins"), ArticleOrigins)}


def test_copies_are_found_across_chunks(local_run, batch_inputs, config, tmp_path):
    _result, out = local_run
    assert any(dup for _aid, dup, _root in _origins(out)), "the seeds' copy should be found as a duplicate"
    # one article a chunk: earlier articles reach origins only through its index kept across chunks
    alone = tmp_path / "alone"
    batch(batch_inputs, out_dir=str(alone), config=config, workers=1, chunk_size=1)
    assert _origins(alone) == _origins(out)


def test_auto_chooses_a_batch_embedder_from_a_sample_of_its_inputs(seeds_dir):
    from pathlib import Path

    from newsprism.scale import batch_embedder
    from newsprism.scale.inputs import expand
    from newsprism.settings import default_config

    multilingual = Path(seeds_dir).parent / "multilingual"
    config = default_config()
    assert batch_embedder(expand([str(seeds_dir)]), config=config) == "wordllama.v1"
    assert batch_embedder(expand([str(multilingual)]), config=config) == "e5.v1"  # 3 of 5 reports
    assert batch_embedder(expand([str(seeds_dir / "000_950007d2726c287a.txt")]), config=config) == "wordllama.v1"
