"""The claim judge: do two claims state the same fact, contradict each other about the same
thing, or say something different? Calibrated probabilities for the three, per pair.

``judge.v1`` is a cascade of two models we train on public data (``scripts/train_judge.py``,
``scripts/judge_teacher.py``; sources, licences and measurements in docs/judge.md) and ship in
this package:

1. the quick model (``newsprism.models.quick``) reads every pair; a pair it finds at most
   ``QUICK_FLOOR`` likely to be about the same thing is settled by it ("different");
2. the cross-encoder (``newsprism.models.cross``) reads the pairs left and its answer stands.

``judge.v1-quick`` is the quick model alone: several times cheaper, less careful (the tables in
docs/judge.md say how much).
"""

from __future__ import annotations

from pathlib import Path
from typing import Sequence

import numpy as np

from newsprism.errors import ConfigError
from newsprism.models.cross import CrossJudge
from newsprism.models.quick import LABELS, Encoded, QuickJudge

__all__ = ["Judge", "JUDGES", "LABELS", "load", "WEIGHTS", "QUICK_FLOOR"]

WEIGHTS = Path(__file__).resolve().parent / "weights"
JUDGES = ("judge.v1", "judge.v1-quick")
# Pairs the quick model finds this unlikely to be about one thing are not worth the cross-encoder
# (chosen on the validation pairs: it loses under 1% of the pairs the cross-encoder calls the
# same, see docs/judge.md).
QUICK_FLOOR = 0.15


class Judge:
    """The judge a run uses (``Models.judge``): ``encode`` for neighbour vectors, and
    ``probabilities`` for pairs (rows of same, conflicting, different)."""

    def __init__(self, name: str, quick: QuickJudge, cross: CrossJudge | None) -> None:
        self.name = name
        self.quick = quick
        self.cross = cross
        self.meta = {"quick": quick.meta, "cross": cross.meta if cross else None}
        self.asked = {"quick": 0, "cross": 0}

    def encode(self, texts: Sequence[str]) -> list[Encoded]:
        return self.quick.encode(texts)

    def probabilities(self, pairs: Sequence[tuple[str, str]], floors: np.ndarray | None = None) -> np.ndarray:
        """Rows of (same, conflicting, different). A pair goes on to the cross-encoder when the
        quick model's "same or conflicting" passes its floor: ``floors`` (one per pair) where
        the caller needs more than ``QUICK_FLOOR`` before a careful reading can matter."""
        out = self.quick.probabilities(pairs)
        self.asked["quick"] += len(pairs)
        if self.cross is None or not len(pairs):
            return out
        floor = QUICK_FLOOR if floors is None else np.maximum(np.asarray(floors, dtype=np.float32), QUICK_FLOOR)
        unsure = np.flatnonzero(out[:, 0] + out[:, 1] > floor)
        if len(unsure):
            out[unsure] = self.cross.probabilities([pairs[i] for i in unsure])
            self.asked["cross"] += len(unsure)
        return out


def load(name: str, *, weights: Path = WEIGHTS) -> Judge:
    """The judge of that versioned name, from the weights shipped in the package."""
    if name not in JUDGES:
        raise ConfigError(f"unknown judge {name!r}; choose one of {', '.join(JUDGES)}")
    version = name.split("-")[0]
    quick = QuickJudge(weights / f"{version}.quick.npz")
    cross = None
    if not name.endswith("-quick"):
        cross = CrossJudge(weights / f"{version}.cross.onnx", weights / f"{version}.tokenizer.json",
                           weights / f"{version}.cross.json")
    return Judge(name, quick, cross)
