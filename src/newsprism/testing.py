"""Test doubles shipped with newsprism: use them in your own tests as ours do.

- ``FakeEmbedder``: deterministic hashed bag-of-words vectors; no model, no download.
- ``FakeJudge``: a stand-in for the claim judge: "same" by shared words, or fixed probabilities.
- ``MemoryStore``: an in-memory Store (``newsprism.store.memory``, re-exported here).
"""

from __future__ import annotations

import hashlib
import re
from typing import Sequence

import numpy as np

from newsprism.store.memory import MemoryStore

__all__ = ["FakeEmbedder", "FakeJudge", "MemoryStore"]

_WORD = re.compile(r"\w+", re.UNICODE)


class FakeEmbedder:
    """Hashed bag-of-words embedder: texts sharing words get similar vectors. Deterministic."""

    name = "fake.v1"

    def __init__(self, dim: int = 64) -> None:
        self.dim = dim

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for row, text in enumerate(texts):
            for word in _WORD.findall(text.lower()):
                digest = hashlib.blake2b(word.encode(), digest_size=4).digest()
                out[row, int.from_bytes(digest, "little") % self.dim] += 1.0
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        norms[norms == 0] = 1.0
        return out / norms


class FakeJudge:
    """A stand-in for the claim judge (``newsprism.models.judge.Judge``), deterministic.

    By default two texts are "the same statement" as far as they share words (Jaccard share of
    their lower-case words), never conflicting; with ``fixed=(same, conflicting, different)``
    every pair gets those probabilities (1.0 "same" leaves only the rules to keep claims apart).
    """

    name = "fake-judge"

    def __init__(self, *, fixed: tuple[float, float, float] | None = None, dim: int = 64) -> None:
        self.fixed = fixed
        self._embedder = FakeEmbedder(dim)

    def encode(self, texts: Sequence[str]) -> list:
        from newsprism.models.quick import Encoded

        vectors = self._embedder.embed(list(texts))
        return [Encoded(v[None, :], np.ones(1, dtype=np.float32), v) for v in vectors]

    def probabilities(self, pairs: Sequence[tuple[str, str]], floors: np.ndarray | None = None) -> np.ndarray:
        out = np.zeros((len(pairs), 3), dtype=np.float32)
        for row, (a, b) in enumerate(pairs):
            if self.fixed is not None:
                out[row] = self.fixed
                continue
            wa, wb = set(_WORD.findall(a.lower())), set(_WORD.findall(b.lower()))
            same = len(wa & wb) / len(wa | wb) if wa | wb else 0.0
            out[row] = (same, 0.0, 1.0 - same)
        return out
