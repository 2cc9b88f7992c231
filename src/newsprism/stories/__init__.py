"""Stories: online grouping of articles that report one event.

Each article, in arrival order, is turned into a vector (document embedding next to
feature-hashed idf-weighted words, names and numbers) and a fact signature (names, places,
numbers with units, dates). The nearest ``story_candidates`` story centroids come from an inverted-file
index (:mod:`newsprism.stories.ann`); each candidate is scored (:mod:`newsprism.stories.score`: facts count more than
topic) with a time decay; the article joins the best story at or above ``story_threshold`` (or,
from ``story_join_floor`` up, when that story leads the runner-up by ``story_join_margin``) or
starts a new one. When the article also scores at or above ``story_merge_threshold`` with a
second story, it bridges the two: they merge (the older story keeps its id; the merge is
returned as a ``StoryMerge`` and the absorbed id kept in ``merged_from``). Cost per article is
one ANN query plus work on a fixed number of candidates, flat in the number of stories held.

The whole index round-trips through ``state`` bytes, so a rerun on more files extends the same
stories.
"""

from __future__ import annotations

from typing import Any, Callable, Sequence

import numpy as np

from newsprism.errors import ConfigError, StageError
from newsprism.models import Models
from newsprism.settings import Config
from newsprism.stories import evidence as _evidence
from newsprism.stories import features as _features
from newsprism.stories import update as _update
from newsprism.stories.index import StoryIndex
from newsprism.stories.keys import RARE_FLOOR, rare_keys
from newsprism.stories.score import facts_agree, prepare, prepare_story, score
from newsprism.types import Article, Story, StoryAssignment, StoryMerge

__all__ = ["run", "Grouper"]

_EMBED_BATCH = 256
_JUDGED = 3  # candidates whose headlines the judgement model reads, per article
_JUDGE_FLOOR = 0.02  # ... when the evidence alone gives them at least this probability


class Grouper:
    """The online grouper: feed articles one at a time (or in batches) with :meth:`add`."""

    def __init__(self, *, config: Config, models: Models, state: bytes | None = None) -> None:
        self.embedder = models.embedder
        self.threshold = float(config["story_threshold"])
        self.merge_threshold = float(config["story_merge_threshold"])
        self.half_life = float(config["story_half_life_days"])
        self.candidates = int(config["story_candidates"])
        self.join_floor = float(config["story_join_floor"])
        self.join_margin = float(config["story_join_margin"])
        if self.candidates < 1:
            raise ConfigError(f"story_candidates must be at least 1, got {self.candidates}")
        if state:
            self.index = StoryIndex.from_bytes(state, embedder=self.embedder.name, emb_dim=self.embedder.dim)
        else:
            self.index = StoryIndex(embedder=self.embedder.name, emb_dim=self.embedder.dim)
        self.touched: dict[int, None] = {}
        self.merges: list[StoryMerge] = []
        self.judge = getattr(models.judge, "quick", models.judge) if _JUDGED else None
        self.collector: Callable[[int, np.ndarray, np.ndarray], None] | None = None

    def add(
        self, articles: Sequence[Article], embeddings: np.ndarray | None = None, *,
        on_error: Callable[[Article, Exception], None] | None = None,
        guard: Callable[[Article, Callable[[], Any]], Any] | None = None,
    ) -> list[StoryAssignment]:
        """Assign ``articles`` in order; ``embeddings`` (:meth:`vectors` of their features) may be
        given to skip the embedder.

        Without ``on_error`` the first failure propagates. With it, an article whose features or
        assignment fail is handed to ``on_error``, whatever it left half done is undone, and the
        others go on (the embedder runs on the whole batch: its failure still propagates).
        ``guard(article, work)``, with ``on_error``, runs each article's own work and returns
        its result (the caller's time budget, say); what it raises goes to ``on_error``."""
        guard = guard or (lambda _article, work: work())
        if on_error is None:
            feats = [_features.extract(a) for a in articles]
        else:
            feats, kept = [], []
            for article in articles:
                try:
                    feats.append(guard(article, lambda: _features.extract(article)))
                    kept.append(article)
                except Exception as e:  # noqa: BLE001 - reported to the caller, the batch goes on
                    on_error(article, e)
            articles = kept
        if embeddings is None:
            embeddings = self.vectors(feats)
        if on_error is None:
            return [self._assign(a, f, e) for a, f, e in zip(articles, feats, embeddings)]
        out = []
        for article, feat, embedding in zip(articles, feats, embeddings):
            try:
                out.append(guard(article, lambda: self._assign(article, feat, embedding)))
            except Exception as e:  # noqa: BLE001 - reported to the caller, the batch goes on
                self._undo_partial()
                on_error(article, e)
        return out

    def _undo_partial(self) -> None:
        """After an assignment failed part-way: the article's id is listed before its story is
        recorded (every later member would be read against the wrong id), so drop it; a story it
        had just started holds no member and leaves the candidates. (Its idf counts and any merge
        it had made stay: both are as if the article had been read.)"""
        index = self.index
        position = len(index.article_story)
        if len(index.article_ids) <= position:
            return
        del index.article_ids[position:]
        last = index.size - 1
        if last >= 0 and int(index.first_article[last]) == position and index.count[last] == 0:
            index.ann.remove(last)

    def vectors(self, feats: Sequence[_features.Features]) -> np.ndarray:
        """Each article's lead embedding next to its title's: one row of twice the embedder's
        dimension per article."""
        lead = self.embed([f.embed_text for f in feats])
        title = self.embed([f.title_text for f in feats])
        return np.concatenate([lead, title], axis=1)

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        parts = [self.embedder.embed(texts[i:i + _EMBED_BATCH]) for i in range(0, len(texts), _EMBED_BATCH)]
        if not parts:
            return np.zeros((0, self.embedder.dim), dtype=np.float32)
        return np.concatenate(parts).astype(np.float32)

    def _assign(self, article: Article, feats: _features.Features, embedding: np.ndarray) -> StoryAssignment:
        index = self.index
        dim = index.emb_dim
        prepared = prepare(feats, embedding[:dim], index, title=embedding[dim:])
        rare = None
        if _evidence.WEIGHTS:
            rare = rare_keys(feats.keys, feats.kinds, index.idf(feats.keys), floor=RARE_FLOOR)
        rows = index.search(prepared.vector, self.candidates, rare)
        if _evidence.WEIGHTS:
            scores = self._judged(feats.title_text, _evidence.evidence(prepared, index, rows), rows) if len(rows) else rows
            order = np.lexsort((rows, -scores)) if len(rows) else rows
            joins = bool(len(rows)) and float(scores[order[0]]) >= self.threshold
        else:
            scores = score(prepared, index, rows, half_life_days=self.half_life) if len(rows) else rows
            order = np.lexsort((rows, -scores)) if len(rows) else rows  # ties: the older story
            # Decide before changing anything: a failure above leaves the index as it was.
            joins = bool(len(rows)) and self._joins(scores[order], lambda: facts_agree(prepared, index, int(rows[order[0]])))
        index.article_ids.append(article.id)
        article_index = len(index.article_ids) - 1
        if joins:
            row, best = int(rows[order[0]]), float(scores[order[0]])
            row = self._bridge(row, rows, scores, order, article.id)
            started = False
        else:
            row = index.new_story(prepared.vector, article_index=article_index)
            best, started = 1.0, True
        # Count the article in the idf sketch only after it was scored against the others.
        index.count_doc(np.concatenate([feats.words, feats.keys]))
        _update.add_article(index, row, prepared=prepared, features=feats,
                            published=article.published, text=article.text, joined=not started)
        if rare is not None:
            index.keys.file(row, rare)
            if not started:
                row = self._second_chance(row, article.id)
        self.touched[row] = None
        return StoryAssignment(article.id, index.story_id(row), round(best, 4), started)

    def _joins(self, ranked: np.ndarray, facts_agree: Callable[[], bool] = lambda: True) -> bool:
        """Join the best candidate when it scores at ``threshold``, or, from ``join_floor`` up, when
        it stands out from the other candidates by ``join_margin``. Why relative: the candidates
        are the article's nearest stories, so they share its topic; a report of one of them
        scores clearly above the crowd, while a new event of the same kind scores about as
        well against several (a join there would start a topic snowball). When only one story
        of the kind is held, it leads the crowd too, so such a join also needs the facts to
        agree (``facts_agree``: shared names or numbers, no disagreeing day)."""
        best = float(ranked[0])
        if best >= self.threshold:
            return True
        second = float(ranked[1]) if len(ranked) > 1 else 0.0
        return best >= self.join_floor and best - second >= self.join_margin and facts_agree()

    def _judged(self, title: str, rows_x: np.ndarray, rows: np.ndarray, *, weights=None, bias=None) -> np.ndarray:
        """Probabilities from the evidence, the few best candidates read again with the judgement
        model's reading of the two headlines."""
        scores = _evidence.probability(rows_x, weights=weights, bias=bias)
        if self.judge is None or _JUDGED == 0:
            return scores
        top = np.argsort(-scores, kind="stable")[:_JUDGED]
        top = top[scores[top] >= _JUDGE_FLOOR]
        if not len(top):
            return scores
        same = self.judge.probabilities([(title, self.index.titles[int(rows[k])]) for k in top])[:, 0]
        rows_x[top, _evidence.COLUMN["judge"]] = same
        rows_x[top, _evidence.COLUMN["judged"]] = 1.0
        scores[top] = _evidence.probability(rows_x[top], weights=weights, bias=bias)
        return scores

    def _second_chance(self, row: int, article_id: str) -> int:
        """Story ``row`` has just grown: with the evidence of all its members, does it belong
        with another story it was kept apart from? Merge each one it does; returns the kept row."""
        index = self.index
        query = prepare_story(index, row, index)
        rare = rare_keys(query.sig_keys, query.sig_kinds, index.idf(query.sig_keys), floor=RARE_FLOOR)
        rows = index.search(query.vector, self.candidates + 1, rare)
        rows = rows[rows != row]
        if not len(rows):
            return row
        rows_x = _evidence.evidence(query, index, rows)
        scores = _evidence.probability(rows_x, weights=_evidence.STORY_WEIGHTS or None,
                                       bias=_evidence.STORY_BIAS if _evidence.STORY_WEIGHTS else None)
        if self.collector is not None:
            self.collector(row, rows, rows_x)
        for k in np.argsort(-scores, kind="stable"):
            if scores[k] < self.merge_threshold:
                break
            other = int(rows[k])
            if not index.live(other) or other == row:
                continue
            kept, absorbed = min(row, other), max(row, other)
            self.merges.append(StoryMerge(kept=index.story_id(kept), absorbed=index.story_id(absorbed),
                                          article_id=article_id, score=round(float(scores[k]), 4)))
            _update.merge(index, kept, absorbed)
            self.touched.pop(absorbed, None)
            row = kept
        return row

    def _bridge(self, row: int, rows: np.ndarray, scores: np.ndarray, order: np.ndarray, article_id: str) -> int:
        """Merge every other candidate this article also belongs to; returns the kept row."""
        others = [(int(rows[i]), float(scores[i])) for i in order[1:] if scores[i] >= self.merge_threshold]
        if not others or scores[order[0]] < self.merge_threshold:
            return row
        for other, other_score in others:
            if not self.index.live(other) or other == row:
                continue
            kept, absorbed = min(row, other), max(row, other)  # the older story keeps its id
            self.merges.append(StoryMerge(
                kept=self.index.story_id(kept), absorbed=self.index.story_id(absorbed),
                article_id=article_id, score=round(other_score, 4),
            ))
            _update.merge(self.index, kept, absorbed)
            self.touched.pop(absorbed, None)
            row = kept
        return row

    def absorb(self, partial: StoryIndex | bytes) -> None:
        """Phase two of a two-phase grouping: take in the stories a fresh grouper formed over one
        partition of the articles (its index or state; partitions taken in order). Each of its
        stories is scored against the stories held as an article would be (nearest centroids,
        facts over topic, time decay, the same join rule) and either folds into the best one (a
        recorded merge: the partition's story id is absorbed) or is kept as a story of its own.
        The partition's own decisions stand: its stories are no candidates for each other. Its
        articles and idf counts are added, so the state is the same kind as one grouper's."""
        if isinstance(partial, (bytes, bytearray)):
            partial = StoryIndex.from_bytes(bytes(partial), embedder=self.embedder.name, emb_dim=self.embedder.dim)
        index = self.index
        if (partial.embedder, partial.emb_dim, partial.hash_dim) != (index.embedder, index.emb_dim, index.hash_dim):
            raise ConfigError(f"a partition grouped with the {partial.embedder} embedder cannot join "
                              f"stories grouped with {index.embedder}")
        # checked before anything changes: every article in a live story that has members
        rows = np.frombuffer(partial.article_story, dtype=np.int64)
        if len(rows) != len(partial.article_ids) or (len(rows) and (
                rows.max() >= partial.size or (partial.absorbed_into[rows] >= 0).any())):
            raise StageError("stories", "a partition's story state is inconsistent (articles without a live story)")
        index.df += partial.df
        index.n_docs += partial.n_docs
        base, held = len(index.article_ids), index.size
        index.article_ids.extend(partial.article_ids)
        row_of = {row: self._absorb_story(partial, row, base, held)
                  for row in range(partial.size) if partial.live(row) and partial.count[row] > 0}
        # a bridge may since have merged a kept row into an older one
        index.article_story.extend(self._live(row_of[int(r)]) for r in partial.article_story)

    def _absorb_story(self, partial: StoryIndex, row: int, base: int, held: int) -> int:
        index = self.index
        prepared = prepare_story(partial, row, index)
        rows = index.search(prepared.vector, self.candidates * 2) if held else np.zeros(0, np.int64)
        rows = rows[rows < held][: self.candidates]
        scores = score(prepared, index, rows, half_life_days=self.half_life) if len(rows) else rows
        order = np.lexsort((rows, -scores)) if len(rows) else rows
        joins = bool(len(rows)) and self._joins(scores[order], lambda: facts_agree(prepared, index, int(rows[order[0]])))
        first = partial.article_ids[int(partial.first_article[row])]
        if not joins:
            new = _update.copy_row(index, partial, row, article_index=base + int(partial.first_article[row]))
            self.touched[new] = None
            return new
        kept = self._bridge(int(rows[order[0]]), rows, scores, order, first)
        self.merges.append(StoryMerge(kept=index.story_id(kept), absorbed=partial.story_id(row),
                                      article_id=first, score=round(float(scores[order[0]]), 4)))
        _update.fold(index, kept, partial, row)
        self.touched[kept] = None
        return kept

    def stories(self) -> list[Story]:
        """Every live story touched so far, with its full member list."""
        index = self.index
        live = sorted({self._live(r) for r in self.touched})
        members = np.frombuffer(index.article_story, dtype=np.int64)
        wanted = np.isin(members, np.asarray(live, dtype=np.int64))
        positions = np.nonzero(wanted)[0]
        by_row: dict[int, list[str]] = {r: [] for r in live}
        for position, row in zip(positions.tolist(), members[positions].tolist()):
            by_row[row].append(index.article_ids[position])
        del members
        return [
            Story(
                id=index.story_id(r), title=index.titles[r], article_ids=tuple(by_row[r]),
                first_seen=index.first_iso[r], last_seen=index.last_iso[r],
                merged_from=tuple(index.story_id(m) for m in index.merged_from.get(r, [])),
            )
            for r in live
        ]

    def story_id_of(self, row: int) -> str:
        """The id of the live story row ``row`` now belongs to (following merges)."""
        return self.index.story_id(self._live(row))

    def _live(self, row: int) -> int:
        while self.index.absorbed_into[row] >= 0:
            row = int(self.index.absorbed_into[row])
        return row

    def state(self) -> bytes:
        return self.index.to_bytes()


def run(
    articles: Sequence[Article], *, config: Config, models: Models, state: bytes | None = None,
    on_error: Callable[[Article, Exception], None] | None = None,
    guard: Callable[[Article, Callable[[], Any]], Any] | None = None,
) -> tuple[list[StoryAssignment], list[Story], list[StoryMerge], bytes]:
    """Assign each article, in arrival order, to a story. Returns assignments, the stories they
    touched (full article lists, including earlier articles from ``state``), merges, new state.
    ``on_error`` and ``guard``: as for :meth:`Grouper.add` (an article that fails is reported,
    the rest go on)."""
    grouper = Grouper(config=config, models=models, state=state)
    assignments = grouper.add(articles, on_error=on_error, guard=guard)
    return assignments, grouper.stories(), grouper.merges, grouper.state()
