"""The whole pipeline on hostile news-like text (``newsprism.fuzz``): no exception escapes, no
article runs over its time budget, every input ends as an article or a failure, no stage
crashes, and the dossier meets the contract.

Bounded to seconds: a few generated inputs per generator, derandomised (the same inputs every
run), most through a light model (spaCy's blank English: tokenizer only) and some through the
real model's parser and entity recogniser, where the endless loop was. ``bench/fuzz.py`` runs
many more, with new inputs each time.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsprism import fuzz
from newsprism.models import Models, load_spacy
from newsprism.settings import default_config
from newsprism.testing import FakeEmbedder

CONFIG = default_config().replace(article_budget_seconds=10.0)
SETTINGS = dict(deadline=None, database=None, derandomize=True, suppress_health_check=list(HealthCheck))
HUNG = ("http : / / www . example . com / news / 2012 / 03 / 27 / story . html\n"
        "3 / 27 / 2012 @ 10: 05AM\n"
        "The company said 10,000 workers lost their jobs.")


@pytest.fixture(scope="module")
def light():
    import spacy

    return Models.with_(nlp=spacy.blank("en"), embedder=FakeEmbedder(dim=64))


@pytest.fixture(scope="module")
def real():
    return Models.with_(nlp=load_spacy("md"), embedder=FakeEmbedder(dim=64))


def check(items, models) -> fuzz.Trial:
    with tempfile.TemporaryDirectory() as folder:
        trial = fuzz.trial(items, folder=Path(folder) / "in", config=CONFIG, models=models)
    assert not trial.problems, "\n".join(trial.problems + [repr(i)[:300] for i in items])
    assert trial.articles + len(trial.failures) >= trial.inputs
    return trial


@pytest.mark.timeout(600)
@pytest.mark.parametrize("generator", sorted(fuzz.GENERATORS))
def test_hostile_text_through_the_whole_pipeline(generator, light):
    @settings(max_examples=6, **SETTINGS)
    @given(st.lists(fuzz.inputs(fuzz.GENERATORS[generator]), min_size=1, max_size=3))
    def run(items):
        check(items, light)

    run()


@pytest.mark.slow
@pytest.mark.timeout(600)
@pytest.mark.parametrize("generator", sorted(fuzz.GENERATORS))
def test_hostile_text_through_the_real_parser(generator, real):
    @settings(max_examples=3, **SETTINGS)
    @given(fuzz.inputs(fuzz.GENERATORS[generator]))
    def run(item):
        check([item], real)

    run()


@pytest.mark.slow
@pytest.mark.timeout(600)
@pytest.mark.parametrize("form", fuzz.FORMATS)
def test_the_page_that_hung_analyze_goes_through(form, real):
    # the page, a line of numbers whose parse has a number at the root modified by a number (the
    # endless walk, whatever filters dates), and an ordinary report
    items = [fuzz.Input(HUNG, form), fuzz.Input("Sales\n2,000 3,000\n1 2 3 4", form),
             fuzz.Input("Ordinary report.\n\n" + HUNG.split("\n")[2], "txt")]
    trial = check(items, real)
    assert trial.articles == 3 and not trial.failures
