"""OriginIndex: what origins remembers about earlier articles, in memory and persistable.

For each article it keeps the content hash (exact copies), a MinHash signature of its word
shingles (near copies, via datasketch ``MinHashLSH``), a MinHash signature of its content words
(candidates for rewrite alignment: a paraphrase keeps names, numbers and nouns but few 5-word
shingles) and the article's resolved root, so a later copy links to it without reading the
earlier article again.

Every lookup goes through a hash table or an LSH bucket, never over all articles, so building
the index for N articles costs O(N). ``to_bytes``/``from_bytes`` store the signatures compactly
(the LSH tables are rebuilt on load, which is linear and cheap), so the pipeline can keep the
index in the store between runs instead of re-reading every article.
"""

from __future__ import annotations

import io
import json
import re
import zlib
from collections import deque
from dataclasses import dataclass
from typing import Iterable, Iterator

import numpy as np
from datasketch import LeanMinHash, MinHash, MinHashLSH

from newsprism.errors import ConfigError, StoreError

_TOKEN = re.compile(r"\w+", re.UNICODE)
# Function words carry no content: dropping them makes the content-word set of a paraphrase
# close to its source's.
_STOP = frozenset(
    "the a an and or but of to in on at by for with from as is are was were be been being has "
    "have had it its this that these those he she they them his her their we our you your i "
    "not no will would could should may might can said says say also than then there which who "
    "whom what when where while about after before over under into out up down more most such "
    "other some any all each per said according".split()
)
FORMAT = "origin-index.v1"
# datasketch's hashing scheme, named so signatures saved today still compare after an upgrade.
_SCHEME = "affine32"
# Candidate recall matters more than candidate precision: every candidate is verified.
_NEAR_LSH_THRESHOLD = 0.4
_REWRITE_LSH_THRESHOLD = 0.4
# Rewrite candidates come from the most recent articles only. Content words are shared far more
# than shingles (every article on an election says "president"), so a store-wide content-word
# index would return more candidates per query as it grows; a window keeps each lookup bounded
# (linear overall) and matches how re-publishers work: they rewrite recent copy.
REWRITE_WINDOW = 50_000
# A copy cut to its first paragraphs, or with one paragraph added, is mostly contained in the
# other article even when the Jaccard estimate is lower than the threshold.
_CONTAINMENT = 0.9
_MIN_JACCARD_FOR_CONTAINMENT = 0.4


def words(text: str) -> list[str]:
    """Lower-cased word tokens: whitespace, quotes and punctuation changes do not matter."""
    return _TOKEN.findall(text.lower())


_FIRST_LINE = re.compile(r"\A\s*([^\n]*)\n")
_HEADLINE_WORDS = 20
_MIN_BODY_WORDS = 15


def body_words(text: str) -> list[str]:
    """Word tokens without a leading headline line: re-publishers write their own headline, so
    a short first line followed by more text is left out of the comparison."""
    tokens = words(text)
    match = _FIRST_LINE.match(text)
    if match:
        head = len(_TOKEN.findall(match.group(1)))
        if head <= _HEADLINE_WORDS and len(tokens) - head >= _MIN_BODY_WORDS:
            return tokens[head:]
    return tokens


_MASK = np.uint64(0xFFFFFFFF)
_MULT = np.uint64(1_000_003)


def shingle_hashes(tokens: list[str], size: int) -> list[int]:
    """32-bit hashes of the distinct word ``size``-grams (a polynomial over CRC-32 word hashes,
    computed with numpy rather than by joining strings)."""
    if not tokens:
        return []
    word_hashes = np.fromiter((zlib.crc32(t.encode()) for t in tokens), dtype=np.uint64, count=len(tokens))
    width = min(size, len(tokens))
    count = len(tokens) - width + 1
    grams = np.zeros(count, dtype=np.uint64)
    for k in range(width):
        grams = (grams * _MULT + word_hashes[k:k + count]) & _MASK
    return np.unique(grams).tolist()


def content_words(tokens: list[str]) -> list[int]:
    return [zlib.crc32(t.encode()) for t in set(tokens) if t not in _STOP and len(t) > 2]


def _identity(value: int) -> int:
    return value


@dataclass(frozen=True, slots=True)
class Entry:
    """What the index holds for one article."""

    article_id: str
    order: int
    content_hash: str
    size: int
    root: str
    root_name: str
    chain: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class IndexRow:
    """One article of the index as a storable row (signatures as raw bytes)."""

    article_id: str
    content_hash: str
    size: int
    root: str
    root_name: str
    chain: tuple[str, ...]
    near: bytes
    word: bytes | None


@dataclass(frozen=True, slots=True)
class NearMatch:
    """An earlier article this one copies: estimated Jaccard and containment of the smaller."""

    article_id: str
    jaccard: float
    containment: float
    exact: bool = False


class OriginIndex:
    """Exact, near-copy and rewrite-candidate lookups over the articles added so far."""

    def __init__(
        self, *, num_perm: int = 128, shingle_size: int = 5, threshold: float = 0.7,
        rewrite_window: int = REWRITE_WINDOW,
    ) -> None:
        if num_perm < 16 or shingle_size < 1 or not 0.0 < threshold <= 1.0:
            raise ConfigError(
                "origins index needs minhash_permutations >= 16, shingle_size >= 1 and "
                f"0 < near_duplicate_threshold <= 1; got {num_perm}, {shingle_size}, {threshold}"
            )
        self.num_perm = num_perm
        self.shingle_size = shingle_size
        self.threshold = threshold
        probe = MinHash(num_perm=num_perm, seed=1, scheme=_SCHEME)
        self._perms = probe.permutations
        self._dtype = probe.hashvalues.dtype
        self._near = MinHashLSH(threshold=min(_NEAR_LSH_THRESHOLD, threshold), num_perm=num_perm,
                                weights=(0.2, 0.8))
        self._words = MinHashLSH(threshold=_REWRITE_LSH_THRESHOLD, num_perm=num_perm, weights=(0.3, 0.7))
        self._entries: dict[str, Entry] = {}
        self._by_hash: dict[str, str] = {}
        self._near_sig: dict[str, np.ndarray] = {}
        self._word_sig: dict[str, np.ndarray] = {}
        self._word_window: deque[str] = deque()
        self.rewrite_window = rewrite_window

    def fits(self, *, num_perm: int, shingle_size: int, threshold: float) -> bool:
        """True when this (e.g. saved) index was built with these settings; else rebuild it."""
        return (num_perm, shingle_size, threshold) == (self.num_perm, self.shingle_size, self.threshold)

    def __len__(self) -> int:
        return len(self._entries)

    def __contains__(self, article_id: object) -> bool:
        return article_id in self._entries

    def entry(self, article_id: str) -> Entry | None:
        return self._entries.get(article_id)

    # ------------------------------------------------------------------ signatures
    def _minhash(self, hashes: list[int]) -> LeanMinHash:
        minhash = MinHash(num_perm=self.num_perm, hashfunc=_identity, permutations=self._perms,
                          scheme=_SCHEME)
        minhash.update_batch(hashes)
        return LeanMinHash(minhash)

    def signatures(self, text: str, *, rewrites: bool = True) -> tuple[LeanMinHash, int, LeanMinHash | None]:
        """(shingle MinHash, number of shingles, content-word MinHash or None) of a text.

        ``rewrites=False`` skips the content-word signature when only copies are looked for.
        """
        tokens = body_words(text)
        grams = shingle_hashes(tokens, self.shingle_size)
        word_sig = self._minhash(content_words(tokens)) if rewrites else None
        return self._minhash(grams), len(grams), word_sig

    # ------------------------------------------------------------------ lookups
    def exact(self, content_hash: str) -> str | None:
        """The earliest indexed article with this content hash."""
        return self._by_hash.get(content_hash)

    def near(self, near_sig: LeanMinHash, size: int) -> list[NearMatch]:
        """Earlier near copies, earliest first, each verified on its signature."""
        out: list[NearMatch] = []
        if size == 0:
            return out  # no words: an empty signature would match every other empty text
        for key in self._near.query(near_sig):
            other = self._entries[key]
            jaccard = float(np.mean(self._near_sig[key] == near_sig.hashvalues))
            both = size + other.size
            shared = jaccard / (1.0 + jaccard) * both if both else 0.0
            containment = shared / max(1, min(size, other.size))
            if jaccard >= self.threshold or (
                containment >= _CONTAINMENT and jaccard >= _MIN_JACCARD_FOR_CONTAINMENT
            ):
                out.append(NearMatch(key, round(jaccard, 4), round(min(1.0, containment), 4)))
        return sorted(out, key=lambda m: self._entries[m.article_id].order)

    def rewrite_candidates(self, word_sig: LeanMinHash, *, limit: int = 5) -> list[str]:
        """Earlier articles sharing many content words, most similar first (at most ``limit``)."""
        scored = [
            (float(np.mean(self._word_sig[key] == word_sig.hashvalues)), key)
            for key in self._words.query(word_sig)
        ]
        scored.sort(key=lambda s: (-s[0], self._entries[s[1]].order))
        return [key for _, key in scored[:limit]]

    # ------------------------------------------------------------------ updates
    def add(
        self, article_id: str, content_hash: str, sigs: tuple[LeanMinHash, int, LeanMinHash | None], *,
        root: str, root_name: str, chain: tuple[str, ...] = (),
    ) -> None:
        """Remember one article (idempotent: an id already present is left as it is)."""
        if article_id in self._entries:
            return
        near_sig, size, word_sig = sigs
        self._entries[article_id] = Entry(article_id, len(self._entries), content_hash, size,
                                          root, root_name, tuple(chain))
        self._by_hash.setdefault(content_hash, article_id)
        self._near_sig[article_id] = near_sig.hashvalues
        if size:
            self._near.insert(article_id, near_sig, check_duplication=False)
        if word_sig is not None and not np.all(word_sig.hashvalues == np.iinfo(self._dtype).max):
            self._word_sig[article_id] = word_sig.hashvalues
            self._words.insert(article_id, word_sig, check_duplication=False)
            self._word_window.append(article_id)
            if len(self._word_window) > self.rewrite_window:
                oldest = self._word_window.popleft()
                self._words.remove(oldest)
                del self._word_sig[oldest]

    # ------------------------------------------------------------------ persistence
    def rows(self, *, start: int = 0) -> Iterator[IndexRow]:
        """Entries added at or after position ``start``, in order, as plain rows: a store keeps
        them in a table and appends only each run's new rows (``start=len(index)`` before it)."""
        for entry in list(self._entries.values())[start:]:
            word = self._word_sig.get(entry.article_id)
            yield IndexRow(entry.article_id, entry.content_hash, entry.size, entry.root,
                           entry.root_name, entry.chain, self._near_sig[entry.article_id].tobytes(),
                           None if word is None else word.tobytes())

    def add_row(self, row: IndexRow) -> None:
        """Add a row saved with :meth:`rows` (loading a whole table is linear)."""
        near = LeanMinHash(seed=1, hashvalues=np.frombuffer(row.near, dtype=self._dtype), scheme=_SCHEME)
        word = None if row.word is None else LeanMinHash(
            seed=1, hashvalues=np.frombuffer(row.word, dtype=self._dtype), scheme=_SCHEME)
        self.add(row.article_id, row.content_hash, (near, row.size, word), root=row.root,
                 root_name=row.root_name, chain=row.chain)

    def to_bytes(self) -> bytes:
        """A compact, versioned snapshot: entries as JSON plus the signature matrices."""
        ids = list(self._entries)
        meta = {
            "format": FORMAT, "num_perm": self.num_perm, "shingle_size": self.shingle_size,
            "threshold": self.threshold,
            "entries": [[e.article_id, e.content_hash, e.size, e.root, e.root_name, list(e.chain)]
                        for e in self._entries.values()],
        }
        near = np.array([self._near_sig[i] for i in ids], dtype=self._dtype).reshape(len(ids), self.num_perm)
        empty = np.full(self.num_perm, np.iinfo(self._dtype).max, dtype=self._dtype)
        word = np.array([self._word_sig.get(i, empty) for i in ids], dtype=self._dtype).reshape(len(ids), self.num_perm)
        buffer = io.BytesIO()
        np.savez_compressed(buffer, meta=np.frombuffer(json.dumps(meta).encode(), dtype=np.uint8),
                            near=near, word=word)
        return buffer.getvalue()

    @classmethod
    def from_bytes(cls, data: bytes) -> "OriginIndex":
        """Rebuild an index saved with :meth:`to_bytes` (LSH tables are rebuilt, linearly)."""
        try:
            arrays = np.load(io.BytesIO(data), allow_pickle=False)
            meta = json.loads(arrays["meta"].tobytes().decode())
            near, word = arrays["near"], arrays["word"]
        except (OSError, ValueError, KeyError) as e:
            raise StoreError(f"the saved origins index is unreadable ({e}); delete it to rebuild") from e
        if meta.get("format") != FORMAT:
            raise StoreError(f"the saved origins index has format {meta.get('format')!r}, not {FORMAT!r}; delete it to rebuild")
        index = cls(num_perm=meta["num_perm"], shingle_size=meta["shingle_size"], threshold=meta["threshold"])
        for row, (aid, chash, size, root, root_name, chain) in enumerate(meta["entries"]):
            sigs = (LeanMinHash(seed=1, hashvalues=near[row], scheme=_SCHEME), size, LeanMinHash(seed=1, hashvalues=word[row], scheme=_SCHEME))
            index.add(aid, chash, sigs, root=root, root_name=root_name, chain=tuple(chain))
        return index
