"""An inverted-file (IVF) nearest-neighbour index over story centroids, in numpy.

Why not HNSW: story centroids change every time an article joins, and an HNSW graph pays a full
insertion (hundreds of distance computations) per change; measured with usearch on this shared,
loaded machine that was 3-6 ms per update, and building 30k random 512-d rows took about 100 s. Here an update is a
row write. Below ``TRAIN_AT`` rows the search is exact; at ``TRAIN_AT`` rows and again at each
``GROW`` times that, k-means (a few Lloyd rounds on a sample) picks ``sqrt``-many coarse
centroids and every row is filed under its nearest one. A query scans the ``NPROBE`` nearest
lists, and in each only the ``RECENT`` most recently filed rows: news stories close with time,
and the cap keeps the cost per article flat however many stories are held.

A row whose vector moves to another list is filed again there; its old entry is skipped lazily
(``list_of`` says where a row lives now). Removed rows are masked, not deleted.

Vectors are float32 up to ``HALF_AT`` rows and float16 beyond: converting float16 rows for each
query cost 2-4 ms per article (more than the rest of the assignment), while at a million stories
float32 would add a gigabyte. The lists are saved in their filing order, so a reloaded index
searches exactly as the one that was saved.
"""

from __future__ import annotations

from array import array

import mmap

import numpy as np

TRAIN_AT = 4096
HALF_AT = 1 << 18  # 256k rows of 512 float32 = 512 MB; past that, rows are stored as float16
GROW = 8
NPROBE = 8
RECENT = 256
_CHUNK = 65536


def release_mapped(old: np.ndarray) -> None:
    """An array read in place from a memory-mapped state file has just been copied (grown): drop
    its pages from memory at once rather than when the whole mapping goes, so growing a loaded
    index holds the copy and at most one array's pages of the file, not both in full. (Pages
    are re-read from the file if anything still reads the old view.)"""
    base = old
    while isinstance(base, np.ndarray):
        base = base.base
    if not isinstance(base, mmap.mmap) or not old.nbytes or not hasattr(base, "madvise"):
        return
    anchor = np.frombuffer(base, dtype=np.uint8)
    start = old.__array_interface__["data"][0] - anchor.__array_interface__["data"][0]
    del anchor
    page = mmap.PAGESIZE
    low, high = -(-start // page) * page, (start + old.nbytes) // page * page
    if high > low:
        base.madvise(mmap.MADV_DONTNEED, low, high - low)


class IVF:
    """Rows of unit vectors (float32, float16 past ``HALF_AT``) searchable by inner product."""

    def __init__(self, dim: int) -> None:
        self.dim = dim
        self.vectors = np.zeros((0, dim), dtype=np.float32)
        self.alive = np.zeros(0, dtype=bool)
        self.list_of = np.zeros(0, dtype=np.int32)
        self.coarse: np.ndarray | None = None
        self.lists: list[array] = []
        self.size = 0
        self.trained_at = 0

    def _grow(self, needed: int) -> None:
        capacity = len(self.alive)
        if needed <= capacity:
            return
        new = max(needed, capacity + capacity // 4, 1024)
        dtype = np.float16 if needed > HALF_AT else np.float32  # by rows held: a reload converts alike
        old = self.vectors
        self.vectors = np.concatenate([old.astype(dtype, copy=False), np.zeros((new - capacity, self.dim), dtype)])
        release_mapped(old)
        old = self.alive
        self.alive = np.concatenate([old, np.zeros(new - capacity, bool)])
        release_mapped(old)
        self.list_of = np.concatenate([self.list_of, np.full(new - capacity, -1, np.int32)])

    def set(self, row: int, vector: np.ndarray) -> None:
        """Add row ``row`` (the next one) or replace its vector."""
        if row >= self.size:
            self._grow(row + 1)
            self.size = row + 1
        self.vectors[row] = vector
        self.alive[row] = True
        if self.coarse is not None:
            nearest = int(np.argmax(self.coarse @ vector.astype(np.float32)))
            if nearest != self.list_of[row]:
                self.list_of[row] = nearest
                self.lists[nearest].append(row)
        if self.size >= max(TRAIN_AT, self.trained_at * GROW):
            self.train()

    def set_many(self, rows: np.ndarray, vectors: np.ndarray) -> None:
        """Bulk add of new rows (loading, benchmarks); trains when a threshold is crossed."""
        top = int(rows.max()) + 1
        self._grow(top)
        self.size = max(self.size, top)
        self.vectors[rows] = vectors
        self.alive[rows] = True
        if self.coarse is None or self.size >= self.trained_at * GROW:
            if self.size >= TRAIN_AT:
                self.train()
            return
        nearest = self._nearest(self.vectors[rows])
        self.list_of[rows] = nearest
        for row, lst in zip(rows.tolist(), nearest.tolist()):
            self.lists[lst].append(row)

    def remove(self, row: int) -> None:
        self.alive[row] = False

    def get(self, rows: np.ndarray) -> np.ndarray:
        return self.vectors[rows].astype(np.float32)

    def _nearest(self, vectors: np.ndarray) -> np.ndarray:
        out = np.empty(len(vectors), dtype=np.int32)
        for start in range(0, len(vectors), _CHUNK):
            block = vectors[start:start + _CHUNK].astype(np.float32)
            out[start:start + _CHUNK] = np.argmax(block @ self.coarse.T, axis=1)
        return out

    def train(self) -> None:
        """Pick coarse centroids by k-means on a sample and file every live row again."""
        n = self.size
        count = max(16, int(np.sqrt(n)))
        rng = np.random.default_rng(n)  # deterministic for a given history
        sample_rows = np.flatnonzero(self.alive[:n])
        if len(sample_rows) > 16 * count:
            sample_rows = np.sort(rng.choice(sample_rows, 16 * count, replace=False))
        sample = self.vectors[sample_rows].astype(np.float32)
        centroids = sample[rng.choice(len(sample), min(count, len(sample)), replace=False)]
        for _ in range(5):
            nearest = np.argmax(sample @ centroids.T, axis=1)
            sums = np.zeros_like(centroids)
            np.add.at(sums, nearest, sample)
            norms = np.linalg.norm(sums, axis=1, keepdims=True)
            empty = norms[:, 0] == 0
            centroids = np.where(empty[:, None], centroids, sums / np.maximum(norms, 1e-9))
        self.coarse = centroids.astype(np.float32)
        self._file_all()
        self.trained_at = n

    def _file_all(self) -> None:
        n = self.size
        self.list_of[:n] = -1
        live = np.flatnonzero(self.alive[:n])
        nearest = self._nearest(self.vectors[live])
        self.list_of[live] = nearest
        order = np.argsort(nearest, kind="stable")
        bounds = np.searchsorted(nearest[order], np.arange(len(self.coarse) + 1))
        self.lists = [array("q", live[order[bounds[i]:bounds[i + 1]]].tolist()) for i in range(len(self.coarse))]

    def search(self, vector: np.ndarray, count: int) -> np.ndarray:
        """Rows of the ``count`` best live vectors by inner product, best first (ties: lower row)."""
        if self.size == 0:
            return np.zeros(0, dtype=np.int64)
        if self.coarse is None:
            rows = np.flatnonzero(self.alive[: self.size])
        else:
            probe = np.argsort(-(self.coarse @ vector), kind="stable")[:NPROBE]
            parts = [np.frombuffer(self.lists[p], dtype=np.int64)[-RECENT:] for p in probe]
            rows = np.concatenate(parts) if parts else np.zeros(0, dtype=np.int64)
            rows = rows[(self.list_of[rows] == np.repeat(probe, [len(p) for p in parts])) & self.alive[rows]]
            rows = np.unique(rows)
        if len(rows) == 0:
            return np.zeros(0, dtype=np.int64)
        sims = self.vectors[rows].astype(np.float32, copy=False) @ vector
        best = np.lexsort((rows, -sims))[:count]
        return rows[best].astype(np.int64)

    # ------------------------------------------------------------------ serialisation

    def arrays(self) -> dict[str, np.ndarray]:
        n = self.size
        out = {"ivf_vectors": self.vectors[:n], "ivf_alive": self.alive[:n],
               "ivf_trained_at": np.array([self.trained_at], dtype=np.int64)}
        if self.coarse is not None:
            out["ivf_coarse"] = self.coarse
            out["ivf_list_of"] = self.list_of[:n]
            out["ivf_list_sizes"] = np.array([len(lst) for lst in self.lists], dtype=np.int64)
            out["ivf_list_rows"] = np.concatenate(
                [np.frombuffer(lst, dtype=np.int64) for lst in self.lists]) if self.lists else np.zeros(0, np.int64)
        return out

    @classmethod
    def from_arrays(cls, dim: int, arrays) -> "IVF":
        index = cls(dim)
        vectors = arrays["ivf_vectors"]
        index.size = len(vectors)
        adopt = getattr(arrays, "own", None)
        if adopt is not None and vectors.dtype == (np.float16 if index.size > HALF_AT else np.float32):
            # views into a writable state buffer (a mapped file): kept as they are, no copy
            index.vectors, index.alive = adopt("ivf_vectors"), adopt("ivf_alive")
            index.list_of = np.full(index.size, -1, np.int32)
        else:
            index._grow(index.size)
            index.vectors[: index.size] = vectors
            index.alive[: index.size] = arrays["ivf_alive"]
        index.trained_at = int(arrays["ivf_trained_at"][0])
        if "ivf_coarse" in arrays:
            index.coarse = arrays["ivf_coarse"].astype(np.float32)
            if "ivf_list_rows" in arrays:  # the saved filing order: search as before the save
                index.list_of[: index.size] = arrays["ivf_list_of"]
                bounds = np.concatenate([[0], np.cumsum(arrays["ivf_list_sizes"])])
                rows = arrays["ivf_list_rows"].astype(np.int64)
                index.lists = [array("q", rows[bounds[i]:bounds[i + 1]].tobytes()) for i in range(len(bounds) - 1)]
            else:
                index._file_all()
        return index
