"""Reading two claims in different languages: the judge model reads English only, so a pair whose
reports are in two languages is read by the multilingual embedder (``e5.v1``) instead.

The probability that the two state the same thing is a logistic function of the cosine of their
(centred) e5 vectors, fitted on human translations of news sentences against other sentences of
the same story (``scripts/fit_crosslingual.py``; weights in ``data/crosslingual.v1.json``). The
embedder cannot tell a denial from the statement it denies, so across languages a pair is "same"
or "different", never "conflicting" by wording: conflicting figures are still found by the
rules that compare the numbers themselves.
"""

from __future__ import annotations

import json
import os
from collections import OrderedDict
from typing import Sequence

import numpy as np

from newsprism.models import MULTILINGUAL, Embedder

CACHE = 20_000  # texts whose vectors a reader keeps
FITTED = os.path.join(os.path.dirname(os.path.dirname(__file__)), "data", "crosslingual.v1.json")


class CrossLingualReader:
    """Same / conflicting / different probabilities for claim pairs in two languages."""

    name = "crosslingual.v1"

    def __init__(self, embedder: Embedder) -> None:
        with open(FITTED, encoding="utf-8") as f:
            fitted = json.load(f)
        if fitted["embedder"] != embedder.name:
            raise ValueError(f"{self.name} was fitted on {fitted['embedder']} vectors, not {embedder.name}")
        self.embedder = embedder
        self.weight = float(fitted["weight"])
        self.bias = float(fitted["bias"])
        # the most recently read texts (a story's claims are read against each other many times;
        # a batch reads millions of claims in one process, so the cache is bounded)
        self._cache: OrderedDict[str, np.ndarray] = OrderedDict()

    def vectors(self, texts: Sequence[str]) -> np.ndarray:
        """One unit vector per text (a text read recently is not embedded again)."""
        if not texts:
            return np.zeros((0, self.embedder.dim), dtype=np.float32)
        missing = [t for t in dict.fromkeys(texts) if t not in self._cache]
        found = dict(zip(missing, self.embedder.embed(missing))) if missing else {}
        for text in dict.fromkeys(texts):
            if text in found:
                self._cache[text] = found[text]
            else:
                found[text] = self._cache[text]
                self._cache.move_to_end(text)
        while len(self._cache) > CACHE:
            self._cache.popitem(last=False)
        return np.stack([found[t] for t in texts]).astype(np.float32)

    def same(self, cosines: np.ndarray) -> np.ndarray:
        return 1.0 / (1.0 + np.exp(-(self.weight * np.asarray(cosines, dtype=np.float64) + self.bias)))

    def probabilities(self, pairs: Sequence[tuple[str, str]]) -> np.ndarray:
        """Rows of (same, conflicting, different), as the judge model gives them."""
        if not pairs:
            return np.zeros((0, 3), dtype=np.float32)
        a = self.vectors([p[0] for p in pairs])
        b = self.vectors([p[1] for p in pairs])
        same = self.same((a * b).sum(axis=1))
        return np.stack([same, np.zeros_like(same), 1.0 - same], axis=1).astype(np.float32)


def load(models) -> CrossLingualReader:
    return CrossLingualReader(models.get_embedder(MULTILINGUAL))
