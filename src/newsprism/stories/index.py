"""The online story index: everything the next article needs, in flat arrays.

Per story (row ``i``): the normalised centroid of its members' vectors in an IVF index
(:mod:`newsprism.stories.ann`, row ``i``) and the norm of their sum (so the centroid can be updated without keeping members),
member count, first/last day, a capped signature of its names, numbers and dates (the ``SIG``
keys its members share most, with how many members carry each), its title and that title's
centrality. Per article: its id and story row. Document frequencies of every hashed feature live
in a fixed-size count sketch, so idf needs no vocabulary.

Memory is linear in stories and flat per story (about 2.3 kB at 512 dimensions), so a million
stories fit in well under 4 GB; the serialised form is a numpy ``.npz`` (no pickle) holding the
arrays (IVF included) and a JSON block for strings.
"""

from __future__ import annotations

import io
import json
from array import array

import numpy as np

from newsprism.errors import ConfigError, StageError
from newsprism.stories.ann import IVF
from newsprism.stories.keys import KeyTable

MAGIC = b"NPSTORY1"
SIG = 24  # names/numbers/dates kept per story
WSIG = 64  # content words kept per story
SKETCH_BITS = 22  # 4M counters for document frequencies
_GROW = 1024


class StoryIndex:
    """Story rows, the ANN index over their centroids and the article -> story map."""

    def __init__(self, *, embedder: str, emb_dim: int, hash_dim: int = 256) -> None:
        self.embedder = embedder
        self.emb_dim = emb_dim
        self.hash_dim = hash_dim
        self.dim = emb_dim + hash_dim
        self.size = 0
        self.n_docs = 0
        self.df = np.zeros(1 << SKETCH_BITS, dtype=np.uint32)
        self.ann = IVF(self.dim)
        self.keys = KeyTable()
        self.norm = np.zeros(0, dtype=np.float32)
        self.count = np.zeros(0, dtype=np.int32)
        self.first_day = np.zeros(0, dtype=np.float64)
        self.last_day = np.zeros(0, dtype=np.float64)
        self.first_article = np.zeros(0, dtype=np.int64)
        self.absorbed_into = np.zeros(0, dtype=np.int64)
        self.title_score = np.zeros(0, dtype=np.float32)
        self.title_fit = np.zeros(0, dtype=np.float32)
        self.title_norm = np.zeros(0, dtype=np.float32)
        self.title_vec = np.zeros((0, emb_dim), dtype=np.float16)
        self.sig_keys = np.zeros((0, SIG), dtype=np.uint32)
        self.sig_kinds = np.zeros((0, SIG), dtype=np.uint8)
        self.sig_counts = np.zeros((0, SIG), dtype=np.float32)
        self.wsig_keys = np.zeros((0, WSIG), dtype=np.uint32)
        self.wsig_counts = np.zeros((0, WSIG), dtype=np.float16)
        self.titles: list[str] = []
        self.first_iso: list[str | None] = []
        self.last_iso: list[str | None] = []
        self.merged_from: dict[int, list[int]] = {}
        self.article_ids: list[str] = []
        self.article_story = array("q")

    # ------------------------------------------------------------------ growth

    def _grow(self, needed: int) -> None:
        capacity = len(self.norm)
        if needed <= capacity:
            return
        new = max(needed, capacity + capacity // 4, _GROW)  # 1.25x: at a million rows, doubling costs gigabytes
        pad = new - capacity

        def extend(values: np.ndarray, fill: float = 0) -> np.ndarray:
            shape = (pad,) + values.shape[1:]
            return np.concatenate([values, np.full(shape, fill, dtype=values.dtype)])

        self.norm, self.count = extend(self.norm), extend(self.count)
        self.first_day, self.last_day = extend(self.first_day, np.nan), extend(self.last_day, np.nan)
        self.first_article = extend(self.first_article, -1)
        self.absorbed_into = extend(self.absorbed_into, -1)
        self.title_score = extend(self.title_score, -1.0)
        self.title_fit, self.title_norm = extend(self.title_fit, -1.0), extend(self.title_norm)
        self.title_vec = extend(self.title_vec)
        self.sig_keys, self.sig_kinds = extend(self.sig_keys), extend(self.sig_kinds)
        self.sig_counts = extend(self.sig_counts)
        self.wsig_keys, self.wsig_counts = extend(self.wsig_keys), extend(self.wsig_counts)

    def new_story(self, vector: np.ndarray, *, article_index: int) -> int:
        row = self.size
        self._grow(row + 1)
        self.size += 1
        self.norm[row] = 1.0
        self.first_article[row] = article_index
        self.titles.append("")
        self.first_iso.append(None)
        self.last_iso.append(None)
        self.ann.set(row, vector.astype(np.float32))
        return row

    def story_id(self, row: int) -> str:
        return "s-" + self.article_ids[int(self.first_article[row])][:16]

    def live(self, row: int) -> bool:
        return self.absorbed_into[row] < 0

    # ------------------------------------------------------------------ idf

    def idf(self, keys: np.ndarray) -> np.ndarray:
        df = self.df[keys & ((1 << SKETCH_BITS) - 1)].astype(np.float32)
        return np.log1p((self.n_docs + 1.0) / (df + 1.0)).astype(np.float32)

    def count_doc(self, keys: np.ndarray) -> None:
        slots = np.unique(keys & ((1 << SKETCH_BITS) - 1))
        self.df[slots] += 1
        self.n_docs += 1

    # ------------------------------------------------------------------ candidates

    def search(self, vector: np.ndarray, count: int, rare: np.ndarray | None = None) -> np.ndarray:
        """The ``count`` nearest live stories, then the live stories filed under the ``rare``
        keys that are not among them."""
        rows = self.ann.search(vector.astype(np.float32), count)
        if rare is None or not len(rare):
            return rows
        filed = self.keys.lookup(rare)
        filed = filed[filed < self.size]
        if len(filed):
            filed = np.unique(self.live_rows(filed))
            filed = filed[~np.isin(filed, rows)]
        return np.concatenate([rows, filed]) if len(filed) else rows

    def live_rows(self, rows: np.ndarray) -> np.ndarray:
        """Each row, or the story it was merged into."""
        rows = rows.copy()
        for _ in range(64):
            parent = self.absorbed_into[rows]
            moved = parent >= 0
            if not moved.any():
                break
            rows[moved] = parent[moved]
        return rows

    def centroids(self, rows: np.ndarray) -> np.ndarray:
        return self.ann.get(rows)

    def update_centroid(self, row: int, vector: np.ndarray, *, weight: float = 1.0) -> None:
        """Add ``vector`` (a member's vector, or another story's sum) to the row's centroid."""
        old = self.centroids(np.array([row]))[0] * self.norm[row]
        total = old + vector * weight
        norm = float(np.linalg.norm(total)) or 1.0
        self.norm[row] = norm
        self.ann.set(row, (total / norm).astype(np.float32))

    # ------------------------------------------------------------------ serialisation

    def to_bytes(self) -> bytes:
        n = self.size
        meta = {
            "embedder": self.embedder, "emb_dim": self.emb_dim, "hash_dim": self.hash_dim,
            "n_docs": self.n_docs, "titles": self.titles, "first_iso": self.first_iso,
            "last_iso": self.last_iso, "article_ids": self.article_ids,
            "merged_from": {str(k): v for k, v in self.merged_from.items()},
        }
        buffer = io.BytesIO()
        buffer.write(MAGIC)
        np.savez(
            buffer,
            meta=np.frombuffer(json.dumps(meta).encode("utf-8"), dtype=np.uint8),
            **self.ann.arrays(), **self.keys.arrays(),
            df_slots=np.flatnonzero(self.df).astype(np.uint32),
            df_counts=self.df[self.df > 0], norm=self.norm[:n], count=self.count[:n], first_day=self.first_day[:n],
            last_day=self.last_day[:n], first_article=self.first_article[:n],
            absorbed_into=self.absorbed_into[:n], title_score=self.title_score[:n],
            title_fit=self.title_fit[:n], title_norm=self.title_norm[:n], title_vec=self.title_vec[:n],
            sig_keys=self.sig_keys[:n], sig_kinds=self.sig_kinds[:n],
            sig_counts=self.sig_counts[:n], wsig_keys=self.wsig_keys[:n],
            wsig_counts=self.wsig_counts[:n],
            article_story=np.frombuffer(self.article_story, dtype=np.int64),
        )
        return buffer.getvalue()

    @classmethod
    def from_bytes(cls, data: bytes, *, embedder: str, emb_dim: int) -> "StoryIndex":
        if not data.startswith(MAGIC):
            raise StageError("stories", "the stored story state is not newsprism story state "
                             "(start a new store, or delete its story state)")
        try:
            stream = io.BytesIO(data)
            stream.seek(len(MAGIC))
            arrays = np.load(stream, allow_pickle=False)
            meta = json.loads(arrays["meta"].tobytes().decode("utf-8"))
        except (ValueError, OSError, KeyError) as e:
            raise StageError("stories", f"the stored story state is damaged: {e}") from e
        if meta["embedder"] != embedder or meta["emb_dim"] != emb_dim:
            raise ConfigError(
                f"the stored stories were built with the {meta['embedder']} embedder; run with "
                f"--set embedder={meta['embedder']} or use a new store"
            )
        index = cls(embedder=embedder, emb_dim=emb_dim, hash_dim=int(meta["hash_dim"]))
        try:
            index.ann = IVF.from_arrays(index.dim, arrays)
            index.keys = KeyTable.from_arrays(arrays)
            index._load_arrays(arrays, meta)
        except KeyError as e:
            raise StageError("stories", f"the stored story state is damaged or from another newsprism: {e} "
                             "(start a new store, or delete its story state)") from e
        return index

    def _load_arrays(self, arrays: "np.lib.npyio.NpzFile", meta: dict) -> None:
        self.n_docs = int(meta["n_docs"])
        self.df = np.zeros(1 << SKETCH_BITS, dtype=np.uint32)
        self.df[arrays["df_slots"]] = arrays["df_counts"]
        for name in ("norm", "count", "first_day", "last_day", "first_article", "absorbed_into",
                     "title_score", "title_vec", "sig_keys", "sig_kinds", "sig_counts", "wsig_keys", "wsig_counts"):
            setattr(self, name, arrays[name].copy())
        self.size = len(self.norm)
        # added after the state's first format: a store written before them still loads (its
        # titles' centroid counts as one headline, and any new headline may replace its title)
        names = set(arrays.files)
        self.title_fit = arrays["title_fit"].copy() if "title_fit" in names else np.full(self.size, -1.0, np.float32)
        self.title_norm = (arrays["title_norm"].copy() if "title_norm" in names else
                           (np.abs(self.title_vec.astype(np.float32)).sum(axis=1) > 0).astype(np.float32))
        self.titles = list(meta["titles"])
        self.first_iso = list(meta["first_iso"])
        self.last_iso = list(meta["last_iso"])
        self.article_ids = list(meta["article_ids"])
        self.merged_from = {int(k): list(v) for k, v in meta["merged_from"].items()}
        self.article_story = array("q", arrays["article_story"].astype(np.int64).tobytes())
