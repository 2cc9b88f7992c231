"""The online story index: everything the next article needs, in flat arrays.

Per story (row ``i``): the normalised centroid of its members' vectors in an IVF index
(:mod:`newsprism.stories.ann`, row ``i``) and the norm of their sum (so the centroid can be updated without keeping members),
member count, first/last day, a capped signature of its names, numbers and dates (the ``SIG``
keys its members share most, with how many members carry each), its title and that title's
centrality. Per article: its id and story row. Document frequencies of every hashed feature live
in a fixed-size count sketch, so idf needs no vocabulary.

Memory is linear in stories and flat per story (about 2.3 kB at 512 dimensions), so a million
stories fit in well under 4 GB. The serialised form (:meth:`StoryIndex.pieces`) is a JSON header
for strings, dtypes and shapes followed by the raw arrays (IVF included) at aligned offsets, no
pickle: it is written piece by piece and read back as views into the buffer or a memory-mapped
file (:meth:`StoryIndex.open`), so saving and loading a million stories never holds two copies.
"""

from __future__ import annotations

import io
import json
import mmap
import os
import re
import struct
import zipfile
from array import array
from collections.abc import Iterator
from pathlib import Path

import numpy as np

from newsprism.errors import ConfigError, StageError
from newsprism.stories.ann import IVF, release_mapped
from newsprism.stories.keys import KeyTable

MAGIC = b"NPSTORY1"  # the first format: a numpy .npz after the magic (still read)
MAGIC2 = b"NPSTORY2"  # raw arrays at 64-byte boundaries after a JSON header (mappable)
_ALIGN = 64
_EMBEDDER = re.compile(r'^\{"meta": \{"embedder": "([^"]+)"')  # the header's first field (``_meta``)
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
        self.languages = np.zeros(0, dtype=np.uint16)  # bits of the languages its reports are in
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
            grown = np.concatenate([values, np.full(shape, fill, dtype=values.dtype)])
            release_mapped(values)
            return grown

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
        self.languages = extend(self.languages)

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

    def _meta(self) -> dict:
        return {
            "embedder": self.embedder, "emb_dim": self.emb_dim, "hash_dim": self.hash_dim,
            "n_docs": self.n_docs, "titles": self.titles, "first_iso": self.first_iso,
            "last_iso": self.last_iso, "article_ids": self.article_ids,
            "merged_from": {str(k): v for k, v in self.merged_from.items()},
        }

    def _arrays(self) -> dict[str, np.ndarray]:
        n = self.size
        return {
            **self.ann.arrays(), **self.keys.arrays(),
            "df_slots": np.flatnonzero(self.df).astype(np.uint32),
            "df_counts": self.df[self.df > 0], "norm": self.norm[:n], "count": self.count[:n],
            "first_day": self.first_day[:n], "last_day": self.last_day[:n],
            "first_article": self.first_article[:n], "absorbed_into": self.absorbed_into[:n],
            "title_score": self.title_score[:n], "title_fit": self.title_fit[:n],
            "title_norm": self.title_norm[:n], "title_vec": self.title_vec[:n],
            "sig_keys": self.sig_keys[:n], "sig_kinds": self.sig_kinds[:n], "sig_counts": self.sig_counts[:n],
            "wsig_keys": self.wsig_keys[:n], "wsig_counts": self.wsig_counts[:n],
            "languages": self.languages[:n],
            "article_story": np.frombuffer(self.article_story, dtype=np.int64),
        }

    def pieces(self) -> Iterator[memoryview]:
        """The serialised state in order, without building it: a header (magic, JSON length, JSON
        with the strings and each array's dtype, shape and offset), then every array's raw bytes,
        each at a 64-byte boundary, so a reader can map the arrays in place (:meth:`from_buffer`)."""
        arrays = {name: np.ascontiguousarray(a) for name, a in self._arrays().items()}
        entries, offset = [], 0
        for name, a in arrays.items():
            entries.append([name, a.dtype.str, list(a.shape), offset])
            offset = _aligned(offset + a.nbytes)
        header = json.dumps({"meta": self._meta(), "arrays": entries}).encode("utf-8")
        head = MAGIC2 + struct.pack("<Q", len(header)) + header
        yield memoryview(head + bytes(_aligned(len(head)) - len(head)))
        for name, a in arrays.items():
            raw = memoryview(a.reshape(-1).view(np.uint8)) if a.size else memoryview(b"")
            yield raw
            if _aligned(len(raw)) > len(raw):
                yield memoryview(bytes(_aligned(len(raw)) - len(raw)))

    def to_bytes(self) -> bytes:
        return b"".join(self.pieces())

    def save(self, path: Path) -> None:
        """Write the state to ``path`` piece by piece (never a second copy in memory), atomically."""
        path = Path(path)
        tmp = path.with_name("." + path.name + ".tmp")
        with open(tmp, "wb") as out:
            for piece in self.pieces():
                out.write(piece)
        os.replace(tmp, path)

    @classmethod
    def open(cls, path: Path, *, embedder: str, emb_dim: int) -> "StoryIndex":
        """The state saved at ``path``, memory-mapped: its arrays are read from the file as they are
        needed and copied only where they change (a private, copy-on-write mapping), so loading a
        million stories does not first read them all into memory."""
        with open(path, "rb") as f:
            if os.fstat(f.fileno()).st_size == 0:
                raise StageError("stories", f"the story state at {path} is empty (damaged)")
            mapped = mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_COPY)
        return cls.from_buffer(mapped, embedder=embedder, emb_dim=emb_dim)

    @classmethod
    def embedder_of(cls, state) -> str | None:
        """The embedder a saved state was built with (its bytes or file path), read from the start
        of its header alone (the header's first field); None when it cannot be read (loading the
        state then says what is wrong)."""
        try:
            if isinstance(state, (str, os.PathLike)):
                with open(state, "rb") as f:
                    head = f.read(len(MAGIC2) + 8 + 256)
            else:
                view = memoryview(state)
                if bytes(view[:len(MAGIC)]) == MAGIC:  # the first format: read as a whole
                    return str(cls._read_npz(bytes(view[len(MAGIC):]))[1]["embedder"])
                head = bytes(view[:len(MAGIC2) + 8 + 256])
        except (OSError, ValueError, KeyError, StageError):
            return None
        if head[:len(MAGIC2)] != MAGIC2:
            return None
        found = _EMBEDDER.search(head[len(MAGIC2) + 8:].decode("utf-8", errors="replace"))
        return found.group(1) if found else None

    @classmethod
    def from_buffer(cls, data, *, embedder: str, emb_dim: int) -> "StoryIndex":
        """The state in ``data`` (bytes, bytearray, memoryview or mmap). Over a writable buffer
        (a bytearray, a copy-on-write mapping) the arrays are views into it, not copies; over
        bytes they are copied (bytes cannot change). States of the first format (``.npz``) load too."""
        view = memoryview(data)
        start = bytes(view[:len(MAGIC)])
        if start == MAGIC:
            arrays, meta = cls._read_npz(bytes(view[len(MAGIC):]))
        elif start == MAGIC2:
            arrays, meta = cls._read_mapped(data, view)
        else:
            raise StageError("stories", "the stored story state is not newsprism story state "
                             "(start a new store, or delete its story state)")
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

    @staticmethod
    def _read_npz(data: bytes) -> tuple["_Arrays", dict]:
        try:
            npz = np.load(io.BytesIO(data), allow_pickle=False)
            arrays = _Arrays({name: npz[name] for name in npz.files}, owned=True)
            return arrays, json.loads(arrays["meta"].tobytes().decode("utf-8"))
        except (ValueError, OSError, KeyError, zipfile.BadZipFile) as e:
            raise StageError("stories", f"the stored story state is damaged: {e}") from e

    @staticmethod
    def _read_mapped(data, view: memoryview) -> tuple["_Arrays", dict]:
        try:
            (length,) = struct.unpack("<Q", bytes(view[len(MAGIC2):len(MAGIC2) + 8]))
            head_end = len(MAGIC2) + 8 + length
            header = json.loads(bytes(view[len(MAGIC2) + 8:head_end]).decode("utf-8"))
            base = _aligned(head_end)
            arrays = {}
            for name, dtype, shape, offset in header["arrays"]:
                dtype = np.dtype(dtype)
                count = int(np.prod(shape, dtype=np.int64))
                if base + offset + count * dtype.itemsize > len(view):
                    raise ValueError(f"array {name} runs past the end of the state (truncated)")
                arrays[name] = np.frombuffer(data, dtype=dtype, count=count, offset=base + offset).reshape(shape)
            return _Arrays(arrays, owned=not view.readonly), header["meta"]
        except (ValueError, struct.error, KeyError, TypeError, UnicodeDecodeError) as e:
            raise StageError("stories", f"the stored story state is damaged: {e}") from e

    def _load_arrays(self, arrays: "np.lib.npyio.NpzFile", meta: dict) -> None:
        self.n_docs = int(meta["n_docs"])
        self.df = np.zeros(1 << SKETCH_BITS, dtype=np.uint32)
        self.df[arrays["df_slots"]] = arrays["df_counts"]
        for name in ("norm", "count", "first_day", "last_day", "first_article", "absorbed_into",
                     "title_score", "title_vec", "sig_keys", "sig_kinds", "sig_counts", "wsig_keys", "wsig_counts"):
            setattr(self, name, arrays.own(name))
        self.size = len(self.norm)
        # added after the state's first format: a store written before them still loads (its
        # titles' centroid counts as one headline, and any new headline may replace its title)
        names = set(arrays.files)
        self.title_fit = arrays.own("title_fit") if "title_fit" in names else np.full(self.size, -1.0, np.float32)
        self.title_norm = (arrays.own("title_norm") if "title_norm" in names else
                           (np.abs(self.title_vec.astype(np.float32)).sum(axis=1) > 0).astype(np.float32))
        # a state written before stories kept their languages: not known (0), read as before
        self.languages = arrays.own("languages") if "languages" in names else np.zeros(self.size, np.uint16)
        self.titles = list(meta["titles"])
        self.first_iso = list(meta["first_iso"])
        self.last_iso = list(meta["last_iso"])
        self.article_ids = list(meta["article_ids"])
        self.merged_from = {int(k): list(v) for k, v in meta["merged_from"].items()}
        self.article_story = array("q", arrays["article_story"].astype(np.int64).tobytes())


def _aligned(offset: int) -> int:
    return -(-offset // _ALIGN) * _ALIGN


class _Arrays:
    """A state's arrays by name. ``owned``: they may be kept and changed as they are (fresh
    arrays, or views into a writable buffer); otherwise :meth:`own` copies."""

    def __init__(self, arrays: dict[str, np.ndarray], *, owned: bool) -> None:
        self._arrays = arrays
        self.owned = owned
        self.files = list(arrays)

    def __getitem__(self, name: str) -> np.ndarray:
        return self._arrays[name]

    def __contains__(self, name: object) -> bool:
        return name in self._arrays

    def own(self, name: str) -> np.ndarray:
        a = self._arrays[name]
        return a if self.owned and a.flags.writeable else a.copy()
