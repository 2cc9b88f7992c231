"""spaCy's attribute ruler (tag -> POS and morphology, plus a few exceptions), applied with
array look-ups instead of its token matcher.

The English models' ruler holds ~180 patterns, nearly all on one token and reading only its tag,
lower-case form, dependency label and whether it is white space; running them through spaCy's
``Matcher`` cost about as much as the parser. Here each single-token pattern is decided once per
distinct (tag, form, label, space) combination (cached for the process), the few others (two
tokens: "gon na", "there is"; a regular expression: "nothin'") are tried only where a token has
a form they name, and the results are written back with ``Doc.from_array``. The effect is the ruler's own: patterns apply
in the order they were added, later ones overriding earlier ones, each setting the attributes of
the token at its index. A ruler with a pattern this module does not understand is not compiled
(``compile`` returns None) and the caller keeps spaCy's component.

The ruler runs after the parser in the English pipelines and nothing after it (lemmatizer aside,
see ``lemmas``) reads what it writes, so it may also run after the entity recogniser.
"""

from __future__ import annotations

import re
from typing import Any

import numpy as np

# the token attributes a single-token pattern may test, in the column order of the key array
_TESTED = ("TAG", "LOWER", "DEP", "IS_SPACE")
_WRITTEN = ("POS", "MORPH", "LEMMA", "TAG", "DEP")


class FastRuler:
    """A compiled attribute ruler; call it on a parsed ``Doc``."""

    def __init__(self, ruler: Any, single: list[tuple[int, list[dict]]],
                 other: list[tuple[int, list[list[dict]]]], lowers: set[int]) -> None:
        from spacy.attrs import IDS

        self._ruler = ruler
        self._single = single  # (attr_id, token patterns) of the patterns of one compiled token
        self._other = [(attr_id, [(p, _anchor(p)) for p in patterns]) for attr_id, patterns in other]
        self._lowers = np.array(sorted(lowers), dtype=np.uint64)
        self._tested = [IDS[a] for a in _TESTED]
        self._written = [IDS[a] for a in _WRITTEN]
        self._column = {IDS[a]: n for n, a in enumerate(_WRITTEN)}
        self._effects: dict[tuple[int, ...], dict[int, list[tuple[int, int]]]] = {}
        self._final: dict[tuple[int, ...], tuple[list[bool], list[int]]] = {}
        self._regex_hits: dict[tuple[str, int], bool] = {}

    def __call__(self, doc: Any) -> Any:
        if len(doc) == 0:
            return doc
        tested = doc.to_array(self._tested).astype(np.uint64)
        keys = tested.copy()
        # only the forms some single-token pattern names matter; every other form is one key (0)
        keys[:, 1] = np.where(np.isin(keys[:, 1], self._lowers), keys[:, 1], 0)
        unique, inverse = np.unique(keys, axis=0, return_inverse=True)
        inverse = inverse.reshape(-1)
        unique_keys = [tuple(int(v) for v in row) for row in unique]
        finals = [self._final_of(doc.vocab, key) for key in unique_keys]
        mask = np.array([f[0] for f in finals], dtype=bool)
        values = np.array([f[1] for f in finals], dtype=np.uint64)
        out = doc.to_array(self._written).astype(np.uint64)
        out = np.where(mask[inverse], values[inverse], out)
        targets = self._other_matches(doc.vocab, tested)
        for i, attr_ids in targets.items():
            single = self._effects_of(doc.vocab, unique_keys[inverse[i]])
            writes = [(a, w) for a, ws in single.items() for w in ws]
            writes += [(a, w) for a in set(attr_ids) for w in self._writes(a)]
            for _, (column, value) in sorted(writes, key=lambda x: x[0]):  # stable: the ruler's order
                out[i, column] = value
        doc.from_array(self._written, out)
        return doc

    def _writes(self, attr_id: int) -> list[tuple[int, int]]:
        return [(self._column[attr], value) for attr, value in self._ruler.attrs[attr_id].items()]

    def _effects_of(self, vocab: Any, key: tuple[int, ...]) -> dict[int, list[tuple[int, int]]]:
        """The single-token patterns a token with ``key`` matches: attr_id -> (column, value)."""
        found = self._effects.get(key)
        if found is None:
            values = _values(vocab, key, masked=True)
            found = {attr_id: self._writes(attr_id) for attr_id, patterns in self._single
                     if any(_matches(p, values) for p in patterns)}
            self._effects[key] = found
        return found

    def _final_of(self, vocab: Any, key: tuple[int, ...]) -> tuple[list[bool], list[int]]:
        """Which columns the single-token patterns write for ``key``, and the last value each."""
        final = self._final.get(key)
        if final is None:
            mask, values = [False] * len(_WRITTEN), [0] * len(_WRITTEN)
            for writes in self._effects_of(vocab, key).values():  # in attr_id order
                for column, value in writes:
                    mask[column], values[column] = True, value
            final = self._final[key] = (mask, values)
        return final

    def _other_matches(self, vocab: Any, tested: np.ndarray) -> dict[int, list[int]]:
        """Token index -> attr_ids of the other patterns matching around it (the ``Matcher``'s
        semantics for fixed-length patterns), each tried only where its anchor token fits."""
        targets: dict[int, list[int]] = {}
        n = len(tested)
        for attr_id, patterns in self._other:
            index = self._ruler.indices[attr_id]
            for pattern, (j, forms, regex) in patterns:
                for pos in self._anchored(vocab, tested[:, 1], forms, regex):
                    start = pos - j
                    end = start + len(pattern)
                    if start < 0 or end > n:
                        continue
                    if all(_matches(t, _values(vocab, tuple(int(v) for v in tested[start + k]), masked=False))
                           for k, t in enumerate(pattern)):
                        targets.setdefault((start if index >= 0 else end) + index, []).append(attr_id)
        return targets

    def _anchored(self, vocab: Any, lowers: np.ndarray, forms: Any, regex: str | None) -> list[int]:
        """Positions whose form passes the anchor test (every position without one)."""
        if forms is not None:
            return np.flatnonzero(np.isin(lowers, forms)).tolist()
        if regex is None:
            return list(range(len(lowers)))
        hits = []
        for h in np.unique(lowers).tolist():
            hit = self._regex_hits.get((regex, h))
            if hit is None:
                hit = self._regex_hits[(regex, h)] = bool(re.search(regex, vocab.strings[h] if h else ""))
            if hit:
                hits.append(h)
        return np.flatnonzero(np.isin(lowers, np.array(hits, dtype=np.uint64))).tolist() if hits else []


def _values(vocab: Any, key: tuple[int, ...], *, masked: bool) -> dict[str, Any]:
    def text(h: int) -> str:
        return vocab.strings[h] if h else ""

    lower = (text(key[1]) if key[1] else None) if masked else text(key[1])
    return {"TAG": text(key[0]), "LOWER": lower, "DEP": text(key[2]), "IS_SPACE": bool(key[3])}


def _anchor(pattern: list[dict]) -> tuple[int, Any, str | None]:
    """(token index, form hashes or None, regex or None) of the test that picks where to try
    ``pattern``: the first token with a literal or IN form, else one with a regex on the form."""
    from spacy.strings import hash_string

    for j, token in enumerate(pattern):
        test = token.get("LOWER")
        if isinstance(test, str):
            return j, np.array([hash_string(test)], dtype=np.uint64), None
        if isinstance(test, dict) and set(test) == {"IN"}:
            return j, np.array([hash_string(x) for x in test["IN"]], dtype=np.uint64), None
    for j, token in enumerate(pattern):
        test = token.get("LOWER")
        if isinstance(test, dict) and set(test) == {"REGEX"}:
            return j, None, test["REGEX"]
    return 0, None, None


def _matches(pattern: dict, values: dict) -> bool:
    """Whether one token's ``values`` satisfy a token pattern (the Matcher's semantics for
    literals, IN, NOT_IN and REGEX on string attributes, and booleans on flags)."""
    for attr, test in pattern.items():
        value = values[attr]
        if attr == "LOWER" and value is None:
            return False  # a form no single-token pattern names (they test LOWER by literal or IN only)
        if isinstance(test, dict):
            for op, arg in test.items():
                if op == "IN" and value not in arg or op == "NOT_IN" and value in arg:
                    return False
                if op == "REGEX" and not re.search(arg, value):
                    return False
        elif value != test:
            return False
    return True


def compile(ruler: Any) -> FastRuler | None:
    """A ``FastRuler`` doing exactly what spaCy's ``ruler`` does, or None if some pattern uses
    a feature this module does not handle."""
    try:
        attrs, vocab = ruler.attrs, ruler.vocab
    except AttributeError:
        return None
    single: list[tuple[int, list[dict]]] = []
    other: list[tuple[int, list[list[dict]]]] = []
    lowers: set[int] = set()
    for attr_id in range(len(attrs)):
        patterns = ruler.matcher.get(str(attr_id))[1]
        if set(attrs[attr_id]) - _written_ids() or not all(_understood(t) for p in patterns for t in p):
            return None
        names = [_single_lowers(p[0]) if len(p) == 1 else None for p in patterns]
        if all(n is not None for n in names):
            lowers |= {vocab.strings.add(n) for found in names for n in found}  # type: ignore[union-attr]
            single.append((attr_id, [p[0] for p in patterns]))
        else:
            other.append((attr_id, patterns))
    return FastRuler(ruler, single, other, lowers)


def _written_ids() -> set[int]:
    from spacy.attrs import IDS

    return {IDS[a] for a in _WRITTEN}


def _understood(token_pattern: dict) -> bool:
    """Only the attributes ``_TESTED``, tested by literal, IN, NOT_IN or REGEX (no OP)."""
    for attr, test in token_pattern.items():
        if attr not in _TESTED:
            return False
        if attr == "IS_SPACE":
            if not isinstance(test, bool):
                return False
        elif isinstance(test, dict):
            if not test or set(test) - {"IN", "NOT_IN", "REGEX"}:
                return False
        elif not isinstance(test, str):
            return False
    return True


def _single_lowers(token_pattern: dict) -> set[str] | None:
    """The forms a single-token pattern names, or None if it tests the form otherwise than by a
    literal or IN (such a pattern is tried like a longer one)."""
    test = token_pattern.get("LOWER")
    if test is None:
        return set()
    if isinstance(test, str):
        return {test}
    if set(test) == {"IN"}:
        return set(test["IN"])
    return None
