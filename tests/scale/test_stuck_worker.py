"""A pool worker stuck where the time budget cannot reach it (signals blocked, as in C code that
never returns to Python) is replaced; only the article it was stuck on is lost, as a failure.

The fault is injected into the spawned workers through a ``sitecustomize`` module on their
``PYTHONPATH``: it wraps ``normalise`` to block SIGALRM and sleep on one marked article.
"""

from __future__ import annotations

import os
import textwrap
from pathlib import Path

import pytest

from newsprism.scale import batch
from newsprism.scale.parquet import Dataset, from_rows
from newsprism.settings import default_config
from newsprism.types import Failure

from .scale_summary import article_ids

HOOK = textwrap.dedent("""
    import os, signal, time
    marker = os.environ.get("NEWSPRISM_TEST_STUCK_MARKER")
    if marker:
        import newsprism.normalise as _normalise
        _real = _normalise.normalise

        def _stuck(doc, **kwargs):
            if marker in doc.body:
                signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGALRM})  # no soft interruption
                time.sleep(3600)
            return _real(doc, **kwargs)

        _normalise.normalise = _stuck
""")

BODY = ("The harbour council of Springfield voted on Tuesday to build two new piers for about "
        "$4 million, the mayor said. Work starts in May and should take 18 months. Tag {}.")


@pytest.mark.timeout(300)
def test_a_worker_that_cannot_be_interrupted_is_replaced(tmp_path, monkeypatch):
    hook = tmp_path / "hook"
    hook.mkdir()
    (hook / "sitecustomize.py").write_text(HOOK, encoding="utf-8")
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join([str(hook), os.environ.get("PYTHONPATH", "")]))
    monkeypatch.setenv("NEWSPRISM_TEST_STUCK_MARKER", "STUCK-HERE")
    inputs = tmp_path / "in"
    inputs.mkdir()
    for n, tag in enumerate(["one", "two", "STUCK-HERE", "three", "four"]):
        (inputs / f"{n}.txt").write_text(f"Harbour vote {tag}\n\n{BODY.format(tag)}\n", encoding="utf-8")
    config = default_config().replace(article_budget_seconds=3.0, spacy_model="sm")  # room for a loaded machine
    out = tmp_path / "out"
    result = batch([str(inputs)], out_dir=str(out), config=config, workers=2, chunk_size=10)
    assert result.articles == 4 and len(article_ids(out)) == 4
    failed = [f for f in from_rows(Dataset(out).scan("failures"), Failure)]
    assert [(Path(f.source).name, f.stage) for f in failed] == [("2.txt", "normalise")]
    assert failed[0].error == ("normalise took longer than 3 s; skipped "
                               "(its worker could not be interrupted and was replaced)")
