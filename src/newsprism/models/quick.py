"""The judge's quick half: a small static model that reads every candidate pair of a story.

Trained by ``scripts/train_judge.py`` (docs/judge.md), shipped as ``weights/judge.v1.quick.npz``,
run on numpy alone:

- each text is cut into WordLlama's tokens (the tokenizer ships with wordllama) and each token
  looked up in a token table (WordLlama's own, from the wordllama package, or a fine-tuned copy
  when the weights carry one), projected, and weighted by a learned per-token weight;
- a pair is compared three ways: the weighted mean vectors (their product and difference), how
  much of each text's weight finds a close token in the other and what is left unmatched (a
  soft word alignment), and the hand-made counts of ``newsprism.models.pairtext``;
- a two-layer network turns that into three scores (same statement, conflicting, different),
  scaled by a temperature fitted on held-out pairs so that they are calibrated probabilities.

Its outputs are symmetric in the two texts. Its mean vectors also serve to find each claim's
nearest neighbours.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

import numpy as np

from newsprism.errors import ModelError
from newsprism.models import one_blas_thread, pairtext

LABELS = ("same", "conflicting", "different")
TOKENIZER = "l2_supercat"
MAX_TOKENS = 64
# The soft alignment compares each text's most telling tokens only (highest learned weight):
# stop words and punctuation weigh little, and the cost of a pair grows with the square of this.
ALIGN_TOKENS = 16
# A token of one text counts as found in the other when its best match is at least this close.
ALIGN_FLOOR = 0.6


@dataclass(frozen=True, slots=True)
class Encoded:
    """One text as the judge reads it: the unit vectors and weights of its ``ALIGN_TOKENS`` most
    telling tokens, and the weighted mean vector of all its tokens."""

    tokens: np.ndarray
    weights: np.ndarray
    mean: np.ndarray


def _softplus(x: np.ndarray) -> np.ndarray:
    return np.logaddexp(0.0, x)


def _unit(rows: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(rows, axis=-1, keepdims=True)
    return rows / np.maximum(norms, 1e-8)


def _padded(items: Sequence[Encoded], width: int) -> tuple[np.ndarray, np.ndarray]:
    """Token vectors and weights of several texts in one array, zero-padded to ``width``."""
    vectors = np.zeros((len(items), width, items[0].tokens.shape[1]), dtype=np.float32)
    weights = np.zeros((len(items), width), dtype=np.float32)
    for k, item in enumerate(items):
        vectors[k, :len(item.weights)] = item.tokens
        weights[k, :len(item.weights)] = item.weights
    return vectors, weights


def align_features(left: Sequence[Encoded], right: Sequence[Encoded]) -> tuple[np.ndarray, np.ndarray]:
    """Soft word alignment of each pair of texts, one row per pair:

    - the weighted share of each text's tokens that find a close token in the other, and the
      weighted shortfall below ``ALIGN_FLOOR``, as (min, max) over the two sides;
    - what is left unmatched: for each side, the weighted sum of each token's vector minus its
      best match in the other text; both sides' absolute values added (so that the network can
      tell an unmatched verb from an unmatched adjective)."""
    width = max(max(len(e.weights) for e in left), max(len(e.weights) for e in right))
    va, wa = _padded(left, width)
    vb, wb = _padded(right, width)
    sims = np.matmul(va, vb.transpose(0, 2, 1))
    to_b = np.where(wb[:, None, :] > 0, sims, -2.0)
    to_a = np.where(wa[:, :, None] > 0, sims, -2.0)
    best_a, best_b = to_b.max(axis=2), to_a.max(axis=1)
    cover = np.stack([(wa * best_a).sum(1), (wb * best_b).sum(1)], axis=1)
    short = np.stack([(wa * np.maximum(ALIGN_FLOOR - best_a, 0.0)).sum(1),
                      (wb * np.maximum(ALIGN_FLOOR - best_b, 0.0)).sum(1)], axis=1)
    rows = np.arange(len(left))[:, None]
    match_a = vb[rows, to_b.argmax(axis=2)]
    match_b = va[rows, to_a.argmax(axis=1)]
    rest = (np.abs((wa[:, :, None] * (va - match_a)).sum(1))
            + np.abs((wb[:, :, None] * (vb - match_b)).sum(1)))
    summary = np.concatenate([cover.min(1, keepdims=True), cover.max(1, keepdims=True),
                              short.min(1, keepdims=True), short.max(1, keepdims=True)], axis=1)
    return summary, rest


class QuickJudge:
    """The quick model. Load once per process (through ``Models.judge``)."""

    def __init__(self, path: Path | str) -> None:
        path = Path(path)
        try:
            with np.load(path, allow_pickle=False) as data:
                params = {k: data[k] for k in data.files}
        except (OSError, ValueError) as e:
            raise ModelError(f"cannot read the judge's weights at {path}: {e}; reinstall newsprism") from e
        self.meta = json.loads(str(params.pop("meta")))
        self.name = self.meta["name"]
        # the token table is projected once: each token's unit vector and weight are then looked up
        table = params["embed"].astype(np.float32) if "embed" in params else wordllama_table()
        projected = table @ params["project"].astype(np.float32)
        self._vectors = projected
        self._unit_vectors = _unit(projected)
        self._token_weight = _softplus(params["token_weight"].astype(np.float32))
        self._feature_mean = params["feature_mean"]
        self._feature_std = params["feature_std"]
        self._w1, self._b1 = params["w1"], params["b1"]
        self._w2, self._b2 = params["w2"], params["b2"]
        self._temperature = float(params["temperature"])
        self._tokenizer = _tokenizer(self.meta["tokenizer"])
        self._cache: dict[str, Encoded] = {}

    def encode(self, texts: Sequence[str]) -> list[Encoded]:
        """Each text as token vectors (cached per text: a claim is compared many times)."""
        missing = [t for t in dict.fromkeys(texts) if t not in self._cache]
        if missing:
            if len(self._cache) + len(missing) > 50_000:
                self._cache.clear()
            for text, ids in zip(missing, self.token_ids(missing)):
                self._cache[text] = self._encode_ids(ids)
        return [self._cache[t] for t in texts]

    def token_ids(self, texts: Sequence[str]) -> list[list[int]]:
        # one by one: the tokenizer's own batching starts threads, which costs more than it saves
        return [self._tokenizer.encode(t, add_special_tokens=False).ids[:MAX_TOKENS] or [0] for t in texts]

    def _encode_ids(self, ids: list[int]) -> Encoded:
        index = np.asarray(ids, dtype=np.int64)
        weights = self._token_weight[index]
        mean = _unit((weights / max(float(weights.sum()), 1e-8)) @ self._vectors[index])
        top = np.sort(np.argsort(-weights, kind="stable")[:ALIGN_TOKENS])
        kept = weights[top] / max(float(weights[top].sum()), 1e-8)
        return Encoded(self._unit_vectors[index[top]], kept.astype(np.float32), mean.astype(np.float32))

    def logits(self, pairs: Sequence[tuple[str, str]], *, chunk: int = 256) -> np.ndarray:
        """Uncalibrated scores, one row (same, conflicting, different) per pair."""
        if not pairs:
            return np.zeros((0, 3), dtype=np.float32)
        out = []
        with one_blas_thread():
            for start in range(0, len(pairs), chunk):
                part = pairs[start:start + chunk]
                left = self.encode([a for a, _ in part])
                right = self.encode([b for _, b in part])
                ma = np.stack([e.mean for e in left])
                mb = np.stack([e.mean for e in right])
                hand = np.stack([pairtext.pair_features(a, b) for a, b in part])
                summary, rest = align_features(left, right)
                x = np.concatenate([
                    ma * mb, np.abs(ma - mb), (ma * mb).sum(1, keepdims=True), summary, rest,
                    (hand - self._feature_mean) / self._feature_std,
                ], axis=1).astype(np.float32)
                hidden = np.maximum(x @ self._w1 + self._b1, 0.0)
                out.append(hidden @ self._w2 + self._b2)
        return np.concatenate(out)

    def probabilities(self, pairs: Sequence[tuple[str, str]]) -> np.ndarray:
        """Calibrated probabilities, one row (same, conflicting, different) per pair."""
        z = self.logits(pairs) / self._temperature
        z = z - z.max(axis=1, keepdims=True)
        e = np.exp(z)
        return e / e.sum(axis=1, keepdims=True)


def wordllama_table() -> np.ndarray:
    """WordLlama's token table (32,000 x 256), from the wordllama package (no download)."""
    try:
        import wordllama
        from safetensors.numpy import load_file
    except ImportError as e:
        raise ModelError("the judge needs wordllama: pip install wordllama==0.4.0.post1") from e
    path = Path(os.path.dirname(wordllama.__file__)) / "weights" / f"{TOKENIZER}_256.safetensors"
    try:
        return next(iter(load_file(str(path)).values())).astype(np.float32)
    except (OSError, StopIteration) as e:
        raise ModelError(f"cannot read WordLlama's token table at {path}: {e}") from e


def _tokenizer(name: str):
    """WordLlama's tokenizer, read from the wordllama package (no download)."""
    try:
        import wordllama
        from tokenizers import Tokenizer
    except ImportError as e:
        raise ModelError("the judge needs wordllama: pip install wordllama==0.4.0.post1") from e
    path = Path(os.path.dirname(wordllama.__file__)) / "tokenizers" / f"{name}_tokenizer_config.json"
    try:
        tokenizer = Tokenizer.from_file(str(path))
    except Exception as e:  # noqa: BLE001 - tokenizers raises its own exception types
        raise ModelError(f"cannot read WordLlama's tokenizer at {path}: {e}") from e
    tokenizer.no_padding()
    tokenizer.no_truncation()
    return tokenizer
