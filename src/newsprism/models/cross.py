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
        """Uncalibrated scores, one row (same, conflicting, different) per pair. One pair a run:
        the 8-bit weights are applied with activation scales computed per run, so a pair read in
        a batch would score a little differently in other company (and padding to a batch's
        longest pair cost more than batching saved)."""
        out = np.zeros((len(pairs), 3), dtype=np.float32)
        for row, pair in enumerate(pairs):
            # one by one: the tokenizer's own batching starts threads, costly for a story's few pairs
            e = self._tokenizer.encode(*sorted(pair))
            feeds = {"input_ids": np.array([e.ids], dtype=np.int64),
                     "attention_mask": np.ones((1, len(e.ids)), dtype=np.int64),
                     "token_type_ids": np.array([e.type_ids], dtype=np.int64)}
            out[row] = self._session.run(None, {k: v for k, v in feeds.items() if k in self._inputs})[0][0]
        return out

    def probabilities(self, pairs: Sequence[tuple[str, str]]) -> np.ndarray:
        """Calibrated probabilities, one row (same, conflicting, different) per pair."""
        if not pairs:
            return np.zeros((0, 3), dtype=np.float32)
        z = self.logits(pairs) / self._temperature
        z = z - z.max(axis=1, keepdims=True)
        e = np.exp(z)
        return e / e.sum(axis=1, keepdims=True)
