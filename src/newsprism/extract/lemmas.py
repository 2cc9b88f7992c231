"""Lemmas on demand, so spaCy's lemmatizer need not run over every token.

The rules read the lemma of a few hundred tokens per article (candidate speech and flow verbs,
subjects, heads); the lemmatizer component would compute one for every token (about 7% of the
stage's spaCy time). ``run`` pipes with the lemmatizer switched off and marks each doc with the
lemmatizer it skipped; ``lemma`` then asks that lemmatizer for one token, which gives exactly
what the component would have written: the component keeps a lemma the attribute ruler already
set (its exceptions: "gonna", "ai n't", ...) and otherwise writes ``lemmatize(token)[0]``, whose
result depends only on the token's text, POS and morphology. spaCy caches it on those only
for inflected forms; ``lemma`` keeps every result (base forms too, which spaCy recomputes each
time from the morphology's features), so a verb seen before costs one dictionary look-up.
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
    memo = _memo(lemmatizer)
    if memo is None:
        return lemmatizer.lemmatize(token)[0]
    key = (token.orth, token.pos, token.morph.key)
    found = memo.get(key)
    if found is None:
        if len(memo) > _MEMO_SIZE:
            memo.clear()  # a bound for very long runs; a vocabulary's worth of forms fits
        found = memo[key] = lemmatizer.lemmatize(token)[0]
    return found


_MEMO_SIZE = 500_000
_MEMOS: dict[int, tuple[Any, dict[tuple[int, int, int], str] | None]] = {}


def _memo(lemmatizer: Any) -> dict[tuple[int, int, int], str] | None:
    """The remembered lemmas of ``lemmatizer``, or None for one whose result may depend on more
    than the token's text, POS and morphology (not spaCy's own rule or lookup lemmatizer)."""
    entry = _MEMOS.get(id(lemmatizer))
    if entry is None:
        own = type(lemmatizer).__module__.startswith("spacy.") and lemmatizer.mode in {"rule", "lookup"}
        entry = _MEMOS[id(lemmatizer)] = (lemmatizer, {} if own else None)  # kept: its id is not reused
    return entry[1]
