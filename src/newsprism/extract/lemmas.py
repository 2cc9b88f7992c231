"""Lemmas on demand, so spaCy's lemmatizer need not run over every token.

The rules read the lemma of a few hundred tokens per article (candidate speech and flow verbs,
subjects, heads); the lemmatizer component would compute one for every token (about 7% of the
stage's spaCy time). ``run`` pipes with the lemmatizer switched off and marks each doc with the
lemmatizer it skipped; ``lemma`` then asks that lemmatizer for one token, which gives exactly
what the component would have written: the component keeps a lemma the attribute ruler already
set (its exceptions: "gonna", "ai n't", ...) and otherwise writes ``lemmatize(token)[0]``, whose
result depends only on the token's text, POS and morphology (and is cached on those).
"""

from __future__ import annotations

from typing import Any

_KEY = "newsprism_lemmatizer"


def defer(doc: Any, lemmatizer: Any) -> Any:
    """Mark ``doc`` as piped without ``lemmatizer``: ``lemma`` will ask it token by token."""
    doc.user_data[_KEY] = lemmatizer
    return doc


def lemma(token: Any) -> str:
    """The token's lemma, as the lemmatizer component would have set it."""
    if token.lemma:  # set by the pipeline, or by the attribute ruler's exceptions
        return token.lemma_
    lemmatizer = token.doc.user_data.get(_KEY)
    if lemmatizer is None:  # a doc no lemmatizer read (the names pass): as spaCy leaves it
        return token.lemma_
    return lemmatizer.lemmatize(token)[0]
