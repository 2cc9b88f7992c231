"""How much an article belongs to a candidate story: same event, not merely same topic.

Three similarities, each in [0, 1]:

- ``topic``: embedding cosine to the story centroid, rescaled from ``TOPIC_FLOOR`` (the cosine two
  unrelated news texts already reach with a static embedder) to 1;
- ``words``: idf-weighted content-word cosine between the article's and the story's most telling
  words (the classic event-tracking signal);
- ``facts``: idf-weighted cosine of names, places, numbers-with-units and dates.

Two reports of one event share rare names and numbers; two events of one kind share the topic
and the common words. So ``facts`` carries the most weight, topic and words are discounted by up to
``FACT_GATE`` when the facts do not agree, and month-day dates that disagree (both sides name a
day, none in common) cost a penalty. The weights were set from the score distributions of the
NeuS train split (never val, never ECB+). The time decay multiplies the whole
score: a story's pull halves every ``story_half_life_days`` after it was last seen, so stories
drift and close; without publication times (benchmarks, undated files) there is no decay.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from newsprism.stories.features import KIND_DAY, KIND_NAME, KIND_NUMBER, KIND_YEAR, Features
from newsprism.stories.index import SIG, WSIG, StoryIndex

TOPIC_FLOOR = 0.5
# ... per embedder, where the unrelated texts' cosine is elsewhere: e5.v1's centred vectors put
# unrelated news leads near 0.06 (WMT news documents, scripts/fit_e5_center.py)
TOPIC_FLOORS = {"e5.v1": 0.1}
MULTILINGUAL_READER = "e5.v1"  # reads reports in other languages where the stories' embedder cannot
WEIGHTS = {"topic": 0.35, "words": 0.45, "facts": 0.20}
DAY_CONFLICT = 0.15
FACT_GATE, FACT_GATE_FULL = 0.3, 0.2  # up to 30% of topic+words is lost when no fact agrees
# Names, numbers and dates are not equally telling: a shared name or unit-tagged number is
# strong, a shared year weak (background years recur across a topic).
KIND_WEIGHT = np.ones(5, dtype=np.float32)  # kind 0: a content word
KIND_WEIGHT[KIND_NAME], KIND_WEIGHT[KIND_NUMBER] = 1.0, 1.0
KIND_WEIGHT[KIND_YEAR], KIND_WEIGHT[KIND_DAY] = 0.5, 1.0
ALPHA = BETA = 1.0 / math.sqrt(2.0)  # ANN vector = [ALPHA * embedding, BETA * hashed words]
NAME_BOOST = 2.0  # names count double in the hashed word vector too
MARGIN_FACTS = 0.1  # facts agreement a below-threshold join needs (see Grouper._joins)


@dataclass(frozen=True, slots=True)
class Prepared:
    """An article's vectors and fact signature, ready to score against candidates."""

    vector: np.ndarray  # [ALPHA * embedding, BETA * words], unit length
    embedding: np.ndarray
    title: np.ndarray  # the title's embedding (a story's: its members' title centroid), unit length
    words: np.ndarray
    sig_keys: np.ndarray  # sorted uint32
    sig_kinds: np.ndarray
    sig_weights: np.ndarray
    word_keys: np.ndarray  # sorted uint32, the WSIG most telling words
    word_weights: np.ndarray
    word_tf: np.ndarray  # 1 + log tf, what the story signature accumulates
    day: float
    day_end: float  # the last day (an article: its day; a story: its last member's)
    members: int = 1
    languages: int = 0  # language bits (an article: its own; a story: its members')


def _hashed(keys: np.ndarray, weights: np.ndarray, dim: int) -> np.ndarray:
    keys = keys.astype(np.int64)
    signs = np.where((keys >> 31) & 1, -1.0, 1.0)
    out = np.bincount(keys % dim, weights=signs * weights, minlength=dim).astype(np.float32)
    norm = float(np.linalg.norm(out))
    return out / norm if norm else out


def _top_sorted(keys: np.ndarray, weights: np.ndarray, size: int) -> np.ndarray:
    """Positions of the ``size`` heaviest keys, in ascending key order (for searchsorted)."""
    top = np.argsort(-weights, kind="stable")[:size]
    return top[np.argsort(keys[top], kind="stable")]


def prepare(features: Features, embedding: np.ndarray, index: StoryIndex, title: np.ndarray | None = None) -> Prepared:
    word_tf = (1.0 + np.log(features.word_counts)).astype(np.float32)
    word_weights = index.idf(features.words) * word_tf
    fact_idf = index.idf(features.keys)
    fact_weights = fact_idf * (1.0 + np.log(features.counts)) * KIND_WEIGHT[features.kinds]
    words = _hashed(
        np.concatenate([features.words, features.keys]),
        np.concatenate([word_weights, fact_weights * NAME_BOOST]),
        index.hash_dim,
    )
    vector = np.concatenate([embedding * ALPHA, words * BETA]).astype(np.float32)
    chosen = _top_sorted(features.keys, fact_weights, SIG)
    words_chosen = _top_sorted(features.words, word_weights, WSIG)
    return Prepared(
        vector=vector / (float(np.linalg.norm(vector)) or 1.0),
        embedding=embedding,
        title=embedding if title is None else title,
        words=words,
        sig_keys=features.keys[chosen],
        sig_kinds=features.kinds[chosen],
        sig_weights=fact_weights[chosen],
        word_keys=features.words[words_chosen],
        word_weights=word_weights[words_chosen],
        word_tf=word_tf[words_chosen],
        day=features.day,
        day_end=features.day,
        languages=features.language,
    )


def prepare_story(source: StoryIndex, row: int, index: StoryIndex) -> Prepared:
    """Story ``row`` of ``source`` (a partition's grouping) as a query against ``index``: its
    centroid is the vector, its signatures (weighted by their share of its members, as a story
    side is) the facts and words, its first day the day."""
    vector = source.centroids(np.array([row]))[0].astype(np.float32)
    emb_dim = source.emb_dim
    embedding = vector[:emb_dim] / (float(np.linalg.norm(vector[:emb_dim])) or 1.0)
    words = vector[emb_dim:] / (float(np.linalg.norm(vector[emb_dim:])) or 1.0)
    members = max(int(source.count[row]), 1)
    present = source.sig_counts[row] > 0
    keys, kinds = source.sig_keys[row][present], source.sig_kinds[row][present]
    weights = index.idf(keys) * KIND_WEIGHT[kinds] * (source.sig_counts[row][present] / members)
    order = np.argsort(keys, kind="stable")
    present = source.wsig_counts[row] > 0
    word_keys = source.wsig_keys[row][present]
    word_tf = source.wsig_counts[row][present].astype(np.float32)
    word_order = np.argsort(word_keys, kind="stable")
    title = source.title_vec[row].astype(np.float32)
    return Prepared(
        vector=vector, embedding=embedding.astype(np.float32), words=words.astype(np.float32),
        title=title / (float(np.linalg.norm(title)) or 1.0),
        sig_keys=keys[order], sig_kinds=kinds[order], sig_weights=weights[order].astype(np.float32),
        word_keys=word_keys[word_order],
        word_weights=(index.idf(word_keys) * word_tf / members)[word_order].astype(np.float32),
        word_tf=word_tf[word_order], day=float(source.first_day[row]), day_end=float(source.last_day[row]),
        members=members, languages=int(source.languages[row]),
    )


def _unit_rows(matrix: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return matrix / norms


def _sig_cosine(
    art_keys: np.ndarray, art_w: np.ndarray, keys: np.ndarray, story_w: np.ndarray, present: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Cosine between one sparse article vector and candidate rows' sparse vectors; and the hits."""
    if len(art_keys) == 0:
        return np.zeros(len(keys), dtype=np.float32), np.zeros(keys.shape, dtype=bool)
    pos = np.clip(np.searchsorted(art_keys, keys), 0, len(art_keys) - 1)
    hit = (art_keys[pos] == keys) & present
    dot = (np.where(hit, art_w[pos], 0.0) * story_w).sum(axis=1)
    norm_s = np.maximum(np.linalg.norm(story_w, axis=1), 1e-9)
    norm_a = float(np.linalg.norm(art_w)) or 1.0
    return (dot / (norm_s * norm_a)).astype(np.float32), hit


def words_similarity(prepared: Prepared, index: StoryIndex, rows: np.ndarray) -> np.ndarray:
    keys = index.wsig_keys[rows]
    present = index.wsig_counts[rows] > 0
    share = index.wsig_counts[rows] / np.maximum(index.count[rows], 1)[:, None]
    story_w = index.idf(keys) * share * present
    return _sig_cosine(prepared.word_keys, prepared.word_weights, keys, story_w, present)[0]


def facts_similarity(prepared: Prepared, index: StoryIndex, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Idf-weighted cosine of fact signatures, and whether month-day dates disagree."""
    keys = index.sig_keys[rows]
    kinds = index.sig_kinds[rows]
    present = index.sig_counts[rows] > 0
    share = index.sig_counts[rows] / np.maximum(index.count[rows], 1)[:, None]
    story_w = index.idf(keys) * KIND_WEIGHT[kinds] * share * present
    facts, hit = _sig_cosine(prepared.sig_keys, prepared.sig_weights, keys, story_w, present)
    if len(prepared.sig_keys) == 0:
        return facts, np.zeros(len(rows), dtype=bool)
    art_has_day = bool((prepared.sig_kinds == KIND_DAY).any())
    story_days = (kinds == KIND_DAY) & present
    conflict = art_has_day & story_days.any(axis=1) & ~(hit & story_days).any(axis=1)
    return facts, conflict


def languages_apart(prepared: Prepared, index: StoryIndex, rows: np.ndarray) -> np.ndarray:
    """Per candidate row: the report is in a language none of the story's reports is in (both known)."""
    held = index.languages[rows].astype(np.int64)
    return (held != 0) & (prepared.languages != 0) & ((held & prepared.languages) == 0)


def score(
    prepared: Prepared, index: StoryIndex, rows: np.ndarray, *, half_life_days: float,
    topic_apart: np.ndarray | None = None,
) -> np.ndarray:
    """The belonging score of the article to each candidate row (higher is better).
    ``topic_apart``: for stories held with an embedder that reads English only, the topic
    similarity (cosine) a multilingual reader gives the rows whose reports are all in other
    languages than the article (NaN for the others)."""
    centroids = index.centroids(rows)
    emb_dim = index.emb_dim
    topic = _unit_rows(centroids[:, :emb_dim]) @ prepared.embedding
    floor = TOPIC_FLOORS.get(index.embedder, TOPIC_FLOOR)
    topic = np.clip((topic - floor) / (1.0 - floor), 0.0, 1.0)
    if topic_apart is not None:
        floor = TOPIC_FLOORS[MULTILINGUAL_READER]
        read = np.clip((np.nan_to_num(topic_apart) - floor) / (1.0 - floor), 0.0, 1.0)
        topic = np.where(np.isnan(topic_apart), topic, read)
    words = words_similarity(prepared, index, rows)
    # A report in a language none of the story's reports is in shares no words with them; with a
    # multilingual embedder its topic similarity stands in for the wording.
    words = np.where(languages_apart(prepared, index, rows), np.maximum(words, topic), words)
    facts, conflict = facts_similarity(prepared, index, rows)
    # Topic and wording only count in full when the facts agree too: two phone launches by one
    # maker read alike, but name different models, prices and days.
    gate = (1.0 - FACT_GATE) + FACT_GATE * np.minimum(1.0, facts / FACT_GATE_FULL)
    total = (WEIGHTS["facts"] * facts
             + (WEIGHTS["topic"] * topic + WEIGHTS["words"] * words) * gate
             - DAY_CONFLICT * conflict)
    if not math.isnan(prepared.day) and half_life_days > 0:
        gap = np.abs(prepared.day - index.last_day[rows])
        decay = np.where(np.isnan(gap), 1.0, 0.5 ** (np.nan_to_num(gap) / half_life_days))
        total = total * decay
    return total.astype(np.float32)


def facts_agree(prepared: Prepared, index: StoryIndex, row: int) -> bool:
    """Whether the article's facts back a join to ``row`` that the score alone would not carry:
    some names, numbers or dates in common (``MARGIN_FACTS``) and no disagreeing day."""
    facts, conflict = facts_similarity(prepared, index, np.array([row], dtype=np.int64))
    return bool(facts[0] >= MARGIN_FACTS and not conflict[0])


def days_conflict(prepared: Prepared, index: StoryIndex, row: int) -> bool:
    """Whether the article and story ``row`` each name a month-day and share none: two launches
    or two quakes of one kind. The fitted evidence model gives it little weight (reports of one
    shooting often name other days too: the day before, the funeral), so it vetoes a join."""
    return bool(facts_similarity(prepared, index, np.array([row], dtype=np.int64))[1][0])


def components(prepared: Prepared, index: StoryIndex, rows: np.ndarray) -> dict[str, np.ndarray]:
    """The separate similarities (for benchmarks and for explaining a decision)."""
    centroids = index.centroids(rows)
    emb_dim = index.emb_dim
    facts, conflict = facts_similarity(prepared, index, rows)
    return {
        "topic_raw": _unit_rows(centroids[:, :emb_dim]) @ prepared.embedding,
        "words": words_similarity(prepared, index, rows),
        "hashed_words": _unit_rows(centroids[:, emb_dim:]) @ prepared.words,
        "facts": facts,
        "conflict": conflict.astype(np.float32),
    }
