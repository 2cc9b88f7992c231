"""Fixtures for batch mode: the seeds plus a few synthetic articles, run once per session."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsprism.settings import default_config

DATA = Path(__file__).resolve().parents[1] / "data" / "scale"


@pytest.fixture(scope="session")
def batch_inputs(seeds_dir) -> list[str]:
    # two real reports of one story, an exact copy of one of them from another outlet, two
    # reports of a second story, one of a third, and one broken JSON line
    return [str(seeds_dir), str(DATA / "extra.jsonl")]


@pytest.fixture(scope="session")
def config():
    return default_config()


@pytest.fixture(scope="session")
def local_run(batch_inputs, config, tmp_path_factory):
    from newsprism.scale import batch

    out = tmp_path_factory.mktemp("local") / "out"
    result = batch(batch_inputs, out_dir=str(out), config=config, workers=1, chunk_size=3)
    return result, out
