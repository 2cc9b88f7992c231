"""Changes to one story row: an article joins, two stories merge, titles and dates follow."""

from __future__ import annotations

import math

import numpy as np

from newsprism.stories.features import Features, built_title
from newsprism.stories.index import SIG, WSIG, StoryIndex
from newsprism.stories.score import KIND_WEIGHT, Prepared

__all__ = ["add_article", "built_title", "copy_row", "fold", "merge"]


def _keep_top(index: StoryIndex, keys: np.ndarray, kinds: np.ndarray, counts: np.ndarray, size: int = SIG):
    """Collapse duplicate keys (summing counts) and keep the ``size`` most telling ones."""
    unique, first, inverse = np.unique(keys, return_index=True, return_inverse=True)
    summed = np.bincount(inverse, weights=counts).astype(np.float32)
    kinds = kinds[first]
    rank = summed * index.idf(unique) * KIND_WEIGHT[kinds]
    top = np.argsort(-rank, kind="stable")[:size]
    out_keys = np.zeros(size, dtype=np.uint32)
    out_kinds = np.zeros(size, dtype=np.uint8)
    out_counts = np.zeros(size, dtype=np.float32)
    out_keys[: len(top)], out_kinds[: len(top)], out_counts[: len(top)] = (
        unique[top], kinds[top], summed[top]
    )
    return out_keys, out_kinds, out_counts


def _add_signature(index: StoryIndex, row: int, keys, kinds, counts) -> None:
    present = index.sig_counts[row] > 0
    all_keys = np.concatenate([index.sig_keys[row][present], keys])
    all_kinds = np.concatenate([index.sig_kinds[row][present], kinds])
    all_counts = np.concatenate([index.sig_counts[row][present], counts])
    if len(all_keys) == 0:
        return
    index.sig_keys[row], index.sig_kinds[row], index.sig_counts[row] = _keep_top(
        index, all_keys, all_kinds, all_counts
    )


def _add_words(index: StoryIndex, row: int, keys: np.ndarray, counts: np.ndarray) -> None:
    present = index.wsig_counts[row] > 0
    all_keys = np.concatenate([index.wsig_keys[row][present], keys])
    if len(all_keys) == 0:
        return
    all_counts = np.concatenate([index.wsig_counts[row][present], counts])
    kinds = np.zeros(len(all_keys), dtype=np.uint8)
    index.wsig_keys[row], _, index.wsig_counts[row] = _keep_top(index, all_keys, kinds, all_counts, WSIG)


def _refresh_title(index: StoryIndex, row: int, *, title: str, embedding: np.ndarray, real: bool,
                   weight: float = 1.0) -> None:
    """Add a member's title vector (or another story's title sum, ``weight`` times its unit
    centroid) to the row's title centroid, and keep as the story's title the headline closest
    to that centroid (real headlines before built ones)."""
    total = index.title_vec[row].astype(np.float32) * index.title_norm[row] + embedding * weight
    norm = float(np.linalg.norm(total)) or 1.0
    centroid = total / norm
    index.title_vec[row], index.title_norm[row] = centroid.astype(np.float16), norm
    fit = float(embedding @ centroid) / (float(np.linalg.norm(embedding)) or 1.0)
    current_real = index.title_score[row] > 0
    if index.titles[row] and current_real and not real:
        return
    if not index.titles[row] or (real and not current_real) or fit > index.title_fit[row]:
        index.titles[row] = title
        index.title_fit[row] = fit
        index.title_score[row] = 1.0 if real else 0.0


def _dates(index: StoryIndex, row: int, day: float, published: str | None) -> None:
    if math.isnan(day):
        if index.first_iso[row] is None and math.isnan(index.first_day[row]):
            index.first_iso[row] = index.first_iso[row] or published
        return
    if math.isnan(index.first_day[row]) or day < index.first_day[row]:
        index.first_day[row], index.first_iso[row] = day, published
    if math.isnan(index.last_day[row]) or day > index.last_day[row]:
        index.last_day[row], index.last_iso[row] = day, published


def add_article(
    index: StoryIndex, row: int, *, prepared: Prepared, features: Features,
    published: str | None, text: str, joined: bool,
) -> None:
    """Record that the article just appended to ``index.article_ids`` belongs to ``row``."""
    index.article_story.append(row)
    index.count[row] += 1
    index.languages[row] |= features.language
    if joined:
        index.update_centroid(row, prepared.vector)
    _add_signature(index, row, prepared.sig_keys, prepared.sig_kinds,
                   np.ones(len(prepared.sig_keys), dtype=np.float32))
    _add_words(index, row, prepared.word_keys, prepared.word_tf)
    _dates(index, row, features.day, published)
    real = bool(features.title)
    title = features.title or built_title(text)
    _refresh_title(index, row, title=title, embedding=prepared.title, real=real)


def fold(index: StoryIndex, kept: int, source: StoryIndex, row: int) -> None:
    """Add story ``row`` of ``source`` (the same index, or a partition's) to row ``kept`` of
    ``index``: centroid, member count, signatures, dates and title."""
    index.update_centroid(kept, source.centroids(np.array([row]))[0] * source.norm[row])
    index.count[kept] += source.count[row]
    index.languages[kept] |= source.languages[row]
    present = source.sig_counts[row] > 0
    _add_signature(index, kept, source.sig_keys[row][present],
                   source.sig_kinds[row][present], source.sig_counts[row][present])
    present = source.wsig_counts[row] > 0
    _add_words(index, kept, source.wsig_keys[row][present], source.wsig_counts[row][present])
    for day, iso in ((source.first_day[row], source.first_iso[row]),
                     (source.last_day[row], source.last_iso[row])):
        _dates(index, kept, float(day), iso)
    _refresh_title(index, kept, title=source.titles[row],
                   embedding=source.title_vec[row].astype(np.float32), weight=float(source.title_norm[row]),
                   real=bool(source.title_score[row] > 0))


def copy_row(index: StoryIndex, source: StoryIndex, row: int, *, article_index: int) -> int:
    """A new story in ``index`` that is story ``row`` of ``source`` as it stands; its first
    article is ``index.article_ids[article_index]``. Returns the new row."""
    new = index.new_story(source.centroids(np.array([row]))[0], article_index=article_index)
    for name in ("norm", "count", "first_day", "last_day", "title_score", "title_fit", "title_norm", "title_vec",
                 "sig_keys", "sig_kinds", "sig_counts", "wsig_keys", "wsig_counts", "languages"):
        getattr(index, name)[new] = getattr(source, name)[row]
    index.titles[new] = source.titles[row]
    index.first_iso[new], index.last_iso[new] = source.first_iso[row], source.last_iso[row]
    return new


def merge(index: StoryIndex, kept: int, absorbed: int) -> None:
    """Fold story ``absorbed`` into ``kept``; the absorbed row stays, marked, for the record."""
    fold(index, kept, index, absorbed)
    index.ann.remove(absorbed)
    index.absorbed_into[absorbed] = kept
    index.merged_from.setdefault(kept, []).append(absorbed)
    index.merged_from[kept].extend(index.merged_from.pop(absorbed, []))
    members = np.frombuffer(index.article_story, dtype=np.int64)  # a writable view of the array
    members[members == absorbed] = kept
    del members  # release the buffer so the array can grow again
