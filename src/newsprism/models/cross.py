"""The judge's careful half: a cross-encoder that reads both claims at once.

Fine-tuned by ``scripts/judge_teacher.py`` from the all-MiniLM-L6-v2 weights (its bottom layers)
on public pair data (docs/judge.md) and shipped as ONNX with 8-bit weights
(``weights/judge.v1.cross.onnx``), with its WordPiece tokenizer and calibration. It runs on
onnxruntime, one thread per process (a batch already runs one process per core). Every word of
one claim attends to every word of the other, so it tells "the same fact in other words" from
"another fact about the same people" far better than the quick model, at a few milliseconds a
pair; the cascade in ``newsprism.models.judge`` gives it only the pairs the quick model cannot
rule out.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Sequence

import numpy as np

from newsprism.errors import ModelError

# One pair a run: the 8-bit weights are applied with activation scales computed per run, so a
# pair read in a batch would score a little differently with different company; alone, a pair's
# score is its own (and padding to the longest pair of a batch cost more than batching saved).
BATCH = 1


class CrossJudge:
    """The cross-encoder. Pairs are read with their two texts in sorted order, so the answer
    does not depend on which claim comes first."""

    def __init__(self, model: Path, tokenizer: Path, meta: Path) -> None:
        try:
            import onnxruntime
            from tokenizers import Tokenizer
        except ImportError as e:
            raise ModelError("the judge needs onnxruntime and tokenizers: pip install onnxruntime tokenizers") from e
        try:
            self.meta = json.loads(meta.read_text(encoding="utf-8"))
            options = onnxruntime.SessionOptions()
            options.intra_op_num_threads = 1
            options.inter_op_num_threads = 1
            self._session = onnxruntime.InferenceSession(str(model), options, providers=["CPUExecutionProvider"])
            self._tokenizer = Tokenizer.from_file(str(tokenizer))
        except Exception as e:  # noqa: BLE001 - onnxruntime and tokenizers raise their own types
            raise ModelError(f"cannot load the judge's cross-encoder from {model.parent}: {e}; reinstall newsprism") from e
        self._tokenizer.enable_truncation(max_length=int(self.meta.get("max_length", 128)))
        self._tokenizer.no_padding()  # the file pads every pair to 128 tokens; we pad per batch
        self._temperature = float(self.meta.get("temperature", 1.0))
        self._inputs = {i.name for i in self._session.get_inputs()}

    def logits(self, pairs: Sequence[tuple[str, str]]) -> np.ndarray:
        """Uncalibrated scores, one row (same, conflicting, different) per pair."""
        out = np.zeros((len(pairs), 3), dtype=np.float32)
        ordered = [tuple(sorted(p)) for p in pairs]
        # batches of similar length pad little
        order = sorted(range(len(pairs)), key=lambda i: len(ordered[i][0]) + len(ordered[i][1]))
        for start in range(0, len(order), BATCH):
            rows = order[start:start + BATCH]
            # one by one: the tokenizer's own batching starts threads, which costs more than it
            # saves for the few pairs of a story
            encoded = [self._tokenizer.encode(*ordered[i]) for i in rows]
            width = max(len(e.ids) for e in encoded)
            feeds = {name: np.zeros((len(rows), width), dtype=np.int64)
                     for name in ("input_ids", "attention_mask", "token_type_ids")}
            for k, e in enumerate(encoded):
                feeds["input_ids"][k, :len(e.ids)] = e.ids
                feeds["attention_mask"][k, :len(e.ids)] = 1
                feeds["token_type_ids"][k, :len(e.ids)] = e.type_ids
            out[rows] = self._session.run(None, {k: v for k, v in feeds.items() if k in self._inputs})[0]
        return out

    def probabilities(self, pairs: Sequence[tuple[str, str]]) -> np.ndarray:
        """Calibrated probabilities, one row (same, conflicting, different) per pair."""
        if not pairs:
            return np.zeros((0, 3), dtype=np.float32)
        z = self.logits(pairs) / self._temperature
        z = z - z.max(axis=1, keepdims=True)
        e = np.exp(z)
        return e / e.sum(axis=1, keepdims=True)
