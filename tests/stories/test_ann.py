"""The IVF index: exact before training, still finds a row's own vector after it, survives a
round trip, and never returns removed rows."""

from __future__ import annotations

import numpy as np

from newsprism.stories import ann


def unit(rows: int, dim: int, seed: int) -> np.ndarray:
    vectors = np.random.default_rng(seed).normal(size=(rows, dim)).astype(np.float32)
    return vectors / np.linalg.norm(vectors, axis=1, keepdims=True)


def test_search_finds_each_row_before_and_after_training(monkeypatch):
    monkeypatch.setattr(ann, "TRAIN_AT", 100)
    vectors = unit(600, 32, seed=1)
    index = ann.IVF(32)
    for row, vector in enumerate(vectors[:50]):
        index.set(row, vector)
    assert index.coarse is None
    assert all(index.search(v, 3)[0] == r for r, v in enumerate(vectors[:50]))
    for row, vector in enumerate(vectors[50:], start=50):
        index.set(row, vector)
    assert index.coarse is not None
    hits = sum(index.search(v, 5)[0] == r for r, v in enumerate(vectors))
    assert hits >= 0.95 * len(vectors)


def test_moved_and_removed_rows(monkeypatch):
    monkeypatch.setattr(ann, "TRAIN_AT", 100)
    vectors = unit(300, 16, seed=2)
    index = ann.IVF(16)
    index.set_many(np.arange(300), vectors)
    index.set(7, vectors[200])  # row 7 now sits where row 200 is
    assert set(index.search(vectors[200], 2).tolist()) == {7, 200}
    index.remove(200)
    assert 200 not in index.search(vectors[200], 10).tolist()
    again = ann.IVF.from_arrays(16, index.arrays())
    assert again.search(vectors[200], 10).tolist() == index.search(vectors[200], 10).tolist()


def test_reload_searches_exactly_as_before(monkeypatch):
    """Lists keep their filing order over a save: with RECENT capping each list, re-filing in row
    order would change which rows a query sees, and a resumed batch would group differently."""
    monkeypatch.setattr(ann, "TRAIN_AT", 64)
    monkeypatch.setattr(ann, "RECENT", 8)
    vectors = unit(400, 16, seed=3)
    index = ann.IVF(16)
    for row, vector in enumerate(vectors[:300]):
        index.set(row, vector)
    for row in range(0, 120, 3):  # later updates move old rows to the back of their lists
        index.set(row, vectors[300 + row // 3])
    again = ann.IVF.from_arrays(16, index.arrays())
    queries = unit(60, 16, seed=4)
    assert [again.search(q, 10).tolist() for q in queries] == [index.search(q, 10).tolist() for q in queries]


def test_rows_turn_half_precision_past_half_at(monkeypatch):
    monkeypatch.setattr(ann, "TRAIN_AT", 10_000)
    monkeypatch.setattr(ann, "HALF_AT", 2000)
    vectors = unit(2100, 8, seed=5)
    index = ann.IVF(8)
    index.set_many(np.arange(1500), vectors[:1500])
    assert index.vectors.dtype == np.float32
    index.set_many(np.arange(1500, 2100), vectors[1500:])
    assert index.vectors.dtype == np.float16
    assert index.search(vectors[2050], 1).tolist() == [2050]
    again = ann.IVF.from_arrays(8, index.arrays())
    assert again.vectors.dtype == np.float16
