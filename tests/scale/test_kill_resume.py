"""A batch SIGKILLed several times at random points (in the middle of a partition, of the story
buckets, with its pool of workers busy) and rerun each time ends with exactly what an
uninterrupted run gives: the same articles, stories, claims and verdicts, and failures.

The batch runs in a process of its own, in its own process group, with a pool of two workers;
the kill points are drawn from a seeded random generator (reproducible): after a chosen number
of finished partitions or story buckets, plus a random fraction of a second, the whole group is
killed with SIGKILL.
"""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from newsprism.scale import batch
from newsprism.settings import default_config

from .scale_summary import article_ids, failures, stories, verdicts

DATA = Path(__file__).resolve().parents[1] / "data"
SETS = {"spacy_model": "sm", "article_budget_seconds": 60.0}
CHUNK = 3
KILLS = 3
CHILD = """
import json, sys
from newsprism.scale import batch
from newsprism.settings import default_config
out, chunk, sets, *paths = sys.argv[1:]
config = default_config().replace(**json.loads(sets))
result = batch(paths, out_dir=out, config=config, workers=2, chunk_size=int(chunk))
sys.exit(1 if result.failures else 0)
"""


def inputs(seeds_dir: Path) -> list[str]:
    return [str(seeds_dir), str(DATA / "scale" / "extra.jsonl"), str(DATA / "stories")]


def progress(out: Path) -> int:
    """Finished partitions plus finished story buckets, as the manifest lists them."""
    try:
        manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return 0
    return len(manifest.get("chunks", [])) + len(manifest.get("buckets", []))


def start(paths: list[str], out: Path) -> subprocess.Popen:
    """The batch in a process of its own (and its own process group: the kill takes the pool's
    workers with it, as a crash of the machine would)."""
    command = [sys.executable, "-c", CHILD, str(out), str(CHUNK), json.dumps(SETS), *paths]
    return subprocess.Popen(command, start_new_session=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def kill_after(process: subprocess.Popen, out: Path, *, steps: int, delay: float, limit: float = 240) -> bool:
    """SIGKILL the batch's process group ``delay`` s after ``steps`` more partitions or buckets
    are finished; False when the batch ended first."""
    target = progress(out) + steps
    deadline = time.monotonic() + limit
    while progress(out) < target:
        if process.poll() is not None:
            return False
        if time.monotonic() > deadline:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
            pytest.fail("the batch made no progress for four minutes")
        time.sleep(0.02)
    time.sleep(delay)
    if process.poll() is not None:
        return False
    os.killpg(process.pid, signal.SIGKILL)
    process.wait()
    return True


@pytest.mark.slow
@pytest.mark.timeout(900)
def test_killed_at_random_points_a_batch_ends_as_an_uninterrupted_one(seeds_dir, tmp_path):
    paths = inputs(seeds_dir)
    config = default_config().replace(**SETS)
    whole = tmp_path / "whole"
    batch(paths, out_dir=str(whole), config=config, workers=1, chunk_size=CHUNK)
    total = progress(whole)
    assert total >= 6, "enough partitions and buckets to kill in the middle of"

    rng = random.Random(20240)
    out = tmp_path / "killed"
    kills = 0
    for _ in range(KILLS):
        process = start(paths, out)
        steps = rng.randint(1, max(1, (total - progress(out)) // 2))
        if kill_after(process, out, steps=steps, delay=rng.uniform(0.0, 0.4)):
            kills += 1
    assert kills >= 2, "the batch was killed in the middle more than once"
    process = start(paths, out)
    assert process.wait(timeout=600) in (0, 1), process.stderr.read().decode()[-2000:]

    assert sorted(article_ids(out)) == sorted(article_ids(whole))
    assert len(article_ids(out)) == len(set(article_ids(out)))
    assert stories(out) == stories(whole)
    assert verdicts(out) == verdicts(whole)
    assert failures(out) == failures(whole)
