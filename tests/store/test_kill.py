"""A run killed half-way leaves a store that a rerun completes: no duplicates, nothing missing.

The child ingests a folder through the real pipeline in batches. Its store wrapper lets the
first batch commit, then stalls in the middle of the second batch's transaction and writes a
marker file; the parent SIGKILLs it there, so the kill always lands inside an open write.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from newsprism.pipeline import ingest_paths
from newsprism.settings import default_config
from newsprism.store import open_store
from newsprism.testing import MemoryStore

from .conftest import SQL_BACKENDS

FILES = 130
BATCH = 50  # the pipeline's default is 500; smaller keeps the test quick

CHILD = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    from newsprism.pipeline import ingest_paths
    from newsprism.settings import default_config
    from newsprism.store import open_store

    url, marker, folder, batch = sys.argv[1:5]

    class StallInSecondBatch:
        def __init__(self, store):
            self.store, self.calls = store, 0

        def __getattr__(self, name):
            return getattr(self.store, name)

        def add_articles(self, articles):
            self.calls += 1
            if self.calls == 1:
                new = self.store.add_articles(articles)
                Path(marker + ".first").write_text(str(new))
                return new
            articles = list(articles)

            def half_then_stall():
                for n, article in enumerate(articles):
                    if n == len(articles) // 2:
                        Path(marker).write_text("stalled")
                        time.sleep(300)
                    yield article

            return self.store.add_articles(half_then_stall())

    ingest_paths([folder], config=default_config(), store=StallInSecondBatch(open_store(url)), batch_size=int(batch))
    """
)


def _corpus(folder: Path) -> None:
    folder.mkdir()
    for n in range(FILES):
        (folder / f"report-{n:05d}.txt").write_text(
            f"Harbour council approves plan {n}\n\n"
            f"The harbour council of the town voted on plan number {n} on Tuesday evening. "
            f"Members said the tracking word keyword{n:05d} marks this report. "
            f"The plan covers new piers, ferry timetables and a fish market.\n",
            encoding="utf-8",
        )


@pytest.mark.parametrize("store_factory", SQL_BACKENDS, indirect=True)
def test_killed_ingest_is_completed_by_a_rerun(store_factory, tmp_path):
    folder = tmp_path / "corpus"
    _corpus(folder)
    config = default_config()
    expected, failures, _ = ingest_paths([str(folder)], config=config, store=MemoryStore())
    assert not failures and len(expected) == FILES

    store_factory()  # creates the schema before the child starts
    marker = tmp_path / "stalled"
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(sys.path))
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, store_factory.url, str(marker), str(folder), str(BATCH)], env=env,
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 180
        while not marker.exists():
            if child.poll() is not None:
                pytest.fail(f"child ended before stalling: {child.stderr.read().decode()[-2000:]}")
            if time.monotonic() > deadline:
                pytest.fail("child never reached its second batch")
            time.sleep(0.05)
        os.kill(child.pid, signal.SIGKILL)
    finally:
        child.wait(timeout=60)
    assert child.returncode == -signal.SIGKILL
    assert (tmp_path / "stalled.first").read_text() == str(BATCH)

    store = store_factory()
    assert store.count_articles() == BATCH  # the first batch, nothing of the interrupted one

    _, failures, new = ingest_paths([str(folder)], config=config, store=store)
    assert not failures and new == FILES - BATCH
    stored = [a.id for a in store.iter_articles()]
    assert len(stored) == len(set(stored)) == store.count_articles() == FILES
    assert set(stored) == {a.id for a in expected}
    # The full-text index agrees with the table, including for articles of the killed batch.
    for n in (0, BATCH + 10, FILES - 1):
        assert len(store.search(f"keyword{n:05d}")) == 1
    assert store.count_search("harbour") == FILES
