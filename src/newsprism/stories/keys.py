"""Candidate stories by rare shared facts: which recent stories carry this name, place or figure.

The nearest-centroid search (:mod:`newsprism.stories.ann`) finds stories that read alike; when
many stories of one kind are held (a dozen shootings a day in one country, every quake of a
year), the report of one of them can read more like another than like its own, and its story
is missed. Its rarest names and figures (a victim's name, a street, "7.1 magnitude") point at it
directly. This table files each story under the rarest keys of its members: a fixed array of
``SLOTS`` slots (a key's slot is its hash), each holding the ``DEPTH`` stories most recently
filed there, so memory is fixed (32 MB) whatever the number of stories, and a lookup costs a
few array reads. Two keys sharing a slot only add a candidate that the scoring then weighs.
"""

from __future__ import annotations

import numpy as np

SLOT_BITS = 21
DEPTH = 4
KEYS_PER_ARTICLE = 12  # the rarest names and figures of an article that file or look up stories
RARE_FLOOR = 2.0  # idf below which a key is too common to point at stories


class KeyTable:
    """Recent stories per rare-key slot (rows stored plus one; 0 is empty)."""

    def __init__(self) -> None:
        self.slots = np.zeros((1 << SLOT_BITS, DEPTH), dtype=np.int32)
        self.next = np.zeros(1 << SLOT_BITS, dtype=np.uint8)

    def _slot(self, keys: np.ndarray) -> np.ndarray:
        return (keys.astype(np.int64) * 0x9E3779B1 >> 11) & ((1 << SLOT_BITS) - 1)

    def file(self, row: int, keys: np.ndarray) -> None:
        """File story ``row`` under each of ``keys`` (once per slot)."""
        for slot in np.unique(self._slot(keys)).tolist():
            ring = self.slots[slot]
            if (ring == row + 1).any():
                continue
            ring[self.next[slot]] = row + 1
            self.next[slot] = (self.next[slot] + 1) % DEPTH

    def lookup(self, keys: np.ndarray) -> np.ndarray:
        """The stories filed under any of ``keys`` (rows, ascending)."""
        if not len(keys):
            return np.zeros(0, dtype=np.int64)
        found = self.slots[self._slot(keys)].ravel()
        return np.unique(found[found > 0]).astype(np.int64) - 1

    def arrays(self) -> dict[str, np.ndarray]:
        """The occupied slots only (a small run's state stays small)."""
        at = np.flatnonzero(self.slots.any(axis=1)).astype(np.uint32)
        return {"keys_at": at, "keys_slots": self.slots[at], "keys_next": self.next[at]}

    @classmethod
    def from_arrays(cls, arrays) -> "KeyTable":
        table = cls()
        if "keys_at" in arrays:
            at = arrays["keys_at"]
            table.slots[at] = arrays["keys_slots"]
            table.next[at] = arrays["keys_next"]
        return table


def rare_keys(keys: np.ndarray, kinds: np.ndarray, idf: np.ndarray, *, floor: float) -> np.ndarray:
    """An article's ``KEYS_PER_ARTICLE`` rarest names and figures with idf at least ``floor``
    (years and common words never: they point at too many stories)."""
    from newsprism.stories.features import KIND_DAY, KIND_NAME, KIND_NUMBER

    wanted = ((kinds == KIND_NAME) | (kinds == KIND_NUMBER) | (kinds == KIND_DAY)) & (idf >= floor)
    chosen = np.flatnonzero(wanted)
    chosen = chosen[np.argsort(-idf[chosen], kind="stable")[:KEYS_PER_ARTICLE]]
    return keys[chosen]
