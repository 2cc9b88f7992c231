"""Token positions picked from spaCy's attribute arrays.

A rule that looks at a few kinds of token (verbs, the word "according") finds them in one array
read instead of walking the doc: every ``for token in doc`` builds a Python object per token,
which cost the rules more than their own logic.
"""

from __future__ import annotations

from typing import Any, Callable, Iterable

import numpy as np


def where(doc: Any, attr: str, values: Iterable[Any]) -> list[int]:
    """Indices, in order, of the tokens whose ``attr`` ("POS", "LOWER", ...) is one of ``values``
    (strings, or the ids spaCy stores: ``spacy.symbols.VERB``)."""
    from spacy.attrs import IDS

    if len(doc) == 0:
        return []
    if attr == "POS":
        ids = [_pos_id(v) for v in values]
    else:
        ids = [doc.vocab.strings[v] if isinstance(v, str) else v for v in values]
    column = doc.to_array(IDS[attr]).reshape(-1).astype(np.uint64)
    return np.flatnonzero(np.isin(column, np.array(ids, dtype=np.uint64))).tolist()


def _pos_id(value: Any) -> int:
    from spacy.parts_of_speech import IDS as POS_IDS

    return POS_IDS[value] if isinstance(value, str) else int(value)


# Walks over the parse compare tokens by index, never with ``is``: spaCy makes a new ``Token``
# object on every access (``token.head is token`` is False even at a sentence's root), so a walk
# that waits for ``is`` to hold never ends.


def same(a: Any, b: Any) -> bool:
    """Whether two tokens of one doc are the same token (by index)."""
    return a is not None and b is not None and a.i == b.i


def is_root(token: Any) -> bool:
    """Whether ``token`` heads its sentence (spaCy's root is its own head)."""
    return token.head.i == token.i


def climb(token: Any, keep_going: Callable[[Any], bool]) -> Any:
    """Walk up the heads from ``token`` while ``keep_going(token)`` holds; stop at the sentence's
    root. At most ``len(doc)`` steps, so even a parse that were not a tree ends."""
    for _ in range(len(token.doc)):
        if not keep_going(token) or is_root(token):
            return token
        token = token.head
    return token
