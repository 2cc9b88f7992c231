"""What two claim texts share, read from the words alone: the hand-made half of the judge's input.

The learned half of the judge (``newsprism.models.judge``) compares the texts' token vectors; this
module counts what a careful reader checks first: the content words both use, the names each
one has that the other lacks, the numbers, a negation on one side only, a hedge on one side only.
The same function serves training (``scripts/train_judge.py``) and every run, so the model sees
at run time exactly the features it was trained on.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from rapidfuzz import fuzz
from spacy.lang.en.stop_words import STOP_WORDS

_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*|\d[\d,.]*\d|\d")
_NEGATION = frozenset({
    "not", "no", "never", "none", "nobody", "nothing", "neither", "nor", "without", "denied",
    "denies", "deny", "refused", "refuses", "rejected", "rejects", "n't", "cannot", "failed",
})
_HEDGE = frozenset({
    "may", "might", "could", "would", "possibly", "possible", "likely", "expected", "expects",
    "plan", "plans", "planned", "planning", "reportedly", "allegedly", "alleged", "if", "will",
    "should", "probably", "potential", "potentially", "reported", "considering", "set",
})
_NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "twenty": 20, "thirty": 30, "forty": 40,
    "fifty": 50, "hundred": 100, "thousand": 1000, "million": 1e6, "billion": 1e9, "dozen": 12,
}
_SCALE = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}
_SUFFIXES = ("ings", "ing", "ies", "ied", "ed", "es", "s", "ly", "ment", "ion")
# Stop words that still decide what a sentence says.
_KEEP = _NEGATION | _HEDGE | {"more", "less", "fewer", "most", "least", "first", "last", "only"}
_STOP = frozenset(w for w in STOP_WORDS if w not in _KEEP) | {"said", "says", "say", "told", "according"}

FEATURE_NAMES = (
    "content_jaccard", "content_min_cover", "content_max_cover", "names_shared",
    "names_only_min", "names_only_max", "numbers_shared", "numbers_only_min", "numbers_only_max",
    "numbers_clash", "negation_differs", "negation_any", "hedge_differs", "length_short",
    "length_ratio", "fuzz_token_set", "fuzz_ratio", "question_any", "same_text",
)


@dataclass(frozen=True, slots=True)
class TextFacts:
    """What the features need from one text, computed once per text."""

    lower: str
    content: frozenset[str]
    names: frozenset[str]
    numbers: frozenset[float]
    negations: int
    hedges: frozenset[str]
    words: int
    question: bool


def _stem(word: str) -> str:
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            word = word[: -len(suffix)]
            break
    return word[:7]


def _number(token: str, following: str | None) -> float | None:
    cleaned = token.replace(",", "")
    try:
        value = float(cleaned.rstrip("."))
    except ValueError:
        return None
    if following in _SCALE:
        value *= _SCALE[following]
    return value


@lru_cache(maxsize=65536)
def facts(text: str) -> TextFacts:
    """Read once what the pair features compare (cached: a claim is compared many times)."""
    tokens = _WORD.findall(text)
    lower = [t.lower().replace("’", "'") for t in tokens]
    content, names, numbers, hedges = set(), set(), set(), set()
    negations = text.lower().count("n't")
    for i, (token, word) in enumerate(zip(tokens, lower)):
        if word[0].isdigit():
            nxt = lower[i + 1] if i + 1 < len(lower) else None
            value = _number(token, nxt)
            if value is not None:
                numbers.add(round(value, 6))
            continue
        if word in _NUMBER_WORDS and not (i > 0 and lower[i - 1][0].isdigit()):
            numbers.add(float(_NUMBER_WORDS[word]))
        if word in _NEGATION:
            negations += 1
        if word in _HEDGE:
            hedges.add(word)
        if token[0].isupper() and i > 0 and word not in _STOP:
            names.add(word)
        if word not in _STOP and len(word) > 2:
            content.add(_stem(word))
    return TextFacts(
        lower=" ".join(lower), content=frozenset(content), names=frozenset(names),
        numbers=frozenset(numbers), negations=negations, hedges=frozenset(hedges),
        words=len(tokens), question="?" in text,
    )


def _cover(a: frozenset, b: frozenset) -> float:
    """Share of ``a`` found in ``b`` (1 when ``a`` is empty: nothing is missing)."""
    return len(a & b) / len(a) if a else 1.0


def _only(a: frozenset, b: frozenset) -> float:
    """Share of ``a`` missing from ``b`` (0 when ``a`` is empty)."""
    return len(a - b) / len(a) if a else 0.0


def pair_features(a: str, b: str) -> np.ndarray:
    """The hand-made features of a pair of texts, in ``FEATURE_NAMES`` order, symmetric in a/b."""
    fa, fb = facts(a), facts(b)
    union = fa.content | fb.content
    cover_a, cover_b = _cover(fa.content, fb.content), _cover(fb.content, fa.content)
    names_only = (_only(fa.names, fb.names), _only(fb.names, fa.names))
    numbers_only = (_only(fa.numbers, fb.numbers), _only(fb.numbers, fa.numbers))
    clash = float(bool(fa.numbers) and bool(fb.numbers) and not (fa.numbers & fb.numbers))
    short, long_ = sorted((max(fa.words, 1), max(fb.words, 1)))
    return np.array([
        len(fa.content & fb.content) / len(union) if union else 0.0,
        min(cover_a, cover_b),
        max(cover_a, cover_b),
        min(len(fa.names & fb.names), 4) / 4.0,
        min(names_only),
        max(names_only),
        min(len(fa.numbers & fb.numbers), 3) / 3.0,
        min(numbers_only),
        max(numbers_only),
        clash,
        float((fa.negations % 2) != (fb.negations % 2)),
        float(fa.negations > 0 or fb.negations > 0),
        float(bool(fa.hedges) != bool(fb.hedges)),
        math.log1p(short) / 5.0,
        short / long_,
        fuzz.token_set_ratio(fa.lower, fb.lower) / 100.0,
        fuzz.ratio(fa.lower, fb.lower) / 100.0,
        float(fa.question or fb.question),
        float(fa.lower == fb.lower),
    ], dtype=np.float32)
