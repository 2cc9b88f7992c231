"""Lemmas on demand, so spaCy's lemmatizer need not run over every token.

The rules read the lemma of a few hundred tokens per article (candidate speech and flow verbs,
subjects, heads); the lemmatizer component would compute one for every token (about 7% of the
stage's spaCy time). ``run`` pipes with the lemmatizer switched off and marks each doc with the
lemmatizer it skipped; ``lemma`` then asks that lemmatizer for one token, which gives exactly
what the component would have written: the component keeps a lemma the attribute ruler already
set (its exceptions: "gonna", "ai n't", ...) and otherwise writes ``lemmatize(token)[0]``, whose
result depends only on the token's text, POS and morphology. spaCy caches it on those only
for inflected forms; ``lemma`` keeps every result (base forms too, which spaCy recomputes each
time from the morphology's features), so a verb seen before costs one dictionary look-up. A
form not seen before runs spaCy's own rule code on a copy of its tables whose word index is a
set: spaCy keeps each part of speech's index as a list of tens of thousands of words and scans
it for every rule tried, which made a new verb cost about 0.1 ms.
"""

from __future__ import annotations

from typing import Any, Callable

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
    memo, compute = _memo(lemmatizer)
    if memo is None:
        return compute(token)[0]
    key = (token.orth, token.pos, token.morph.key)
    found = memo.get(key)
    if found is None:
        if len(memo) > _MEMO_SIZE:
            memo.clear()  # a bound for very long runs; a vocabulary's worth of forms fits
        found = memo[key] = compute(token)[0]
    return found


_MEMO_SIZE = 500_000
_Memo = tuple[Any, "dict[tuple[int, int, int], str] | None", Callable[[Any], list[str]]]
_MEMOS: dict[int, _Memo] = {}


def _memo(lemmatizer: Any) -> tuple[dict[tuple[int, int, int], str] | None, Callable[[Any], list[str]]]:
    """The remembered lemmas of ``lemmatizer`` (None for one whose result may depend on more
    than the token's text, POS and morphology: not spaCy's own rule or lookup lemmatizer), and
    the function that computes a lemma list."""
    entry = _MEMOS.get(id(lemmatizer))
    if entry is None:
        own = type(lemmatizer).__module__.startswith("spacy.") and lemmatizer.mode in {"rule", "lookup"}
        entry = (lemmatizer, {} if own else None, _fast_rules(lemmatizer) or lemmatizer.lemmatize)
        _MEMOS[id(lemmatizer)] = entry  # the lemmatizer is kept so that its id is not reused
    return entry[1], entry[2]


class _SetIndex:
    """What spaCy's ``rule_lemmatize`` reads from ``self``, with the word index as sets (it only
    asks ``form in index`` and whether a part of speech has an index at all)."""

    def __init__(self, lemmatizer: Any) -> None:
        from spacy.lookups import Lookups

        self.cache: dict[Any, list[str]] = {}
        self.is_base_form = lemmatizer.is_base_form
        self.lookups = Lookups()
        for name in lemmatizer.lookups.tables:
            table = lemmatizer.lookups.get_table(name)
            copy = self.lookups.add_table(name)
            for key, value in table.items():
                copy[key] = frozenset(value) if name == "lemma_index" else value


def _fast_rules(lemmatizer: Any) -> Callable[[Any], list[str]] | None:
    """spaCy's rule lemmatization over set indexes, or None when ``lemmatizer`` is not spaCy's
    rule lemmatizer with its own rule code (then it is asked itself)."""
    from spacy.pipeline import Lemmatizer

    rules = getattr(type(lemmatizer), "rule_lemmatize", None)
    if not isinstance(lemmatizer, Lemmatizer) or lemmatizer.mode != "rule" or rules is not Lemmatizer.rule_lemmatize:
        return None
    index = lemmatizer.lookups.get_table("lemma_index") if lemmatizer.lookups.has_table("lemma_index") else {}
    if not all(isinstance(words, list) and all(isinstance(w, str) for w in words) for words in index.values()):
        return None
    fast = _SetIndex(lemmatizer)
    return lambda token: rules(fast, token)
