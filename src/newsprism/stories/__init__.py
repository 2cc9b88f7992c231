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

With ``story_decision`` 'evidence.v1' (the default), a dated article is decided instead by the
fitted evidence model (:mod:`newsprism.stories.evidence`): its candidates also include the
stories filed under its rarest names and figures (:mod:`newsprism.stories.keys`), the judge's
quick model reads its headline against the best few candidates' and it joins the best at
``story_join_probability`` (or, when the model would not, where the hand score would); a story it joins gets a second chance: read as a whole against the
stories near it, it merges (recorded) with each the story model puts at
``story_merge_probability``. Phase two of a batch (:meth:`Grouper.absorb`) reads a dated
partition story with the story model the same way, so local and Spark runs agree.

The whole index round-trips through its state (bytes written piece by piece into a store, or a
file the next grouper memory-maps), so a rerun on more files extends the same stories.
"""

from __future__ import annotations

import math
import mmap
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Callable, Iterable, Sequence, Union

import numpy as np

from newsprism.errors import ConfigError, StageError
from newsprism.models import AUTO, MULTILINGUAL, Models, foreign
from newsprism.settings import Config
from newsprism.stories import evidence as _evidence
from newsprism.stories import features as _features
from newsprism.stories import update as _update
from newsprism.stories.index import StoryIndex
from newsprism.stories.keys import RARE_FLOOR, rare_keys
from newsprism.stories.score import days_conflict, facts_agree, languages_apart, prepare, prepare_story, score
from newsprism.types import Article, Story, StoryAssignment, StoryMerge

__all__ = ["run", "Grouper"]

_EMBED_BATCH = 256
_JUDGED = 3  # candidates whose headlines the judgement model reads, per article
_JUDGE_FLOOR = 0.02  # ... when the evidence alone gives them at least this probability
_APART_WIDER = 4  # a report in another language in an English store weighs this many times the candidates
DECISIONS = ("evidence.v1", "score.v1")
# what a grouper starts from: a state's bytes (a bytearray or a mapping: used in place), or the
# path of a file written by :meth:`Grouper.save_state` (memory-mapped)
StateSource = Union[bytes, bytearray, memoryview, mmap.mmap, str, os.PathLike]


def _story_embedder(config: Config, models: Models, state: StateSource | None,
                    languages: Iterable[str | None]) -> Any:
    """The embedder the stories are grouped with. ``embedder = auto``: the one the held stories
    were built with; for a new state, the multilingual one when any report of the run (its
    ``languages``) is in another language than English (one vector space, so a French report
    joins the English reports of its event), else the models' English one."""
    if str(config["embedder"]) != AUTO:
        return models.embedder
    held = StoryIndex.embedder_of(state) if state is not None and (
        isinstance(state, (str, os.PathLike)) or len(state)) else None
    name = held or (MULTILINGUAL if any(foreign(language) for language in languages) else models.embedder_name)
    return models.get_embedder(name) if name != models.embedder_name else models.embedder


class Grouper:
    """The online grouper: feed articles one at a time (or in batches) with :meth:`add`."""

    def __init__(self, *, config: Config, models: Models, state: StateSource | None = None,
                 languages: Iterable[str | None] = ()) -> None:
        self.embedder = _story_embedder(config, models, state, languages)
        self.threshold = float(config["story_threshold"])
        self.merge_threshold = float(config["story_merge_threshold"])
        self.half_life = float(config["story_half_life_days"])
        self.candidates = int(config["story_candidates"])
        self.join_floor = float(config["story_join_floor"])
        self.join_margin = float(config["story_join_margin"])
        if self.candidates < 1:
            raise ConfigError(f"story_candidates must be at least 1, got {self.candidates}")
        self.decision = str(config["story_decision"])
        if self.decision not in DECISIONS:
            raise ConfigError(f"story_decision must be one of {', '.join(DECISIONS)}, got {self.decision!r}")
        self.evidence = self.decision == "evidence.v1"
        self.join_probability = float(config["story_join_probability"])
        self.merge_probability = float(config["story_merge_probability"])
        self.model = _evidence.load() if self.evidence else None
        self._models = models
        self._judge: Any = None
        # bench/stories_fit.py listens here: ("article" or "story", query, candidate rows, evidence)
        self.collector: Callable[[str, Any, np.ndarray, np.ndarray], None] | None = None
        if isinstance(state, (str, os.PathLike)):
            self.index = StoryIndex.open(Path(state), embedder=self.embedder.name, emb_dim=self.embedder.dim)
        elif state:
            self.index = StoryIndex.from_buffer(state, embedder=self.embedder.name, emb_dim=self.embedder.dim)
        else:
            self.index = StoryIndex(embedder=self.embedder.name, emb_dim=self.embedder.dim)
        self.touched: dict[int, None] = {}
        self._headlines: dict[str, np.ndarray] = {}  # story headline -> multilingual vector (see _topic_apart)
        self.merges: list[StoryMerge] = []

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
        dimension per article (the 'score.v1' decision reads no title: the lead stands in)."""
        lead = self.embed([f.embed_text for f in feats])
        title = self.embed([f.title_text for f in feats]) if self.evidence else lead
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
        modelled = self.evidence and not math.isnan(feats.day)
        rare = rare_keys(feats.keys, feats.kinds, index.idf(feats.keys), floor=RARE_FLOOR) if modelled else None
        # a report in another language than English, in stories whose embedder reads English only,
        # is found by its rare names and figures too (its embedding says little there)
        foreign = self._foreign_to_embedder(feats)
        lookup = rare if rare is not None or not foreign else rare_keys(
            feats.keys, feats.kinds, index.idf(feats.keys), floor=RARE_FLOOR)
        # ... and weighs more of the nearest stories: its own vector is a poor guide there
        rows = index.search(prepared.vector, self.candidates * (_APART_WIDER if foreign else 1), lookup)
        topic_apart = self._topic_apart(feats, prepared, rows)
        if topic_apart is not None:
            modelled = False  # the fitted model reads the stories' own embedder: the hand score decides
        # Decide before changing anything: a failure here leaves the index as it was.
        scores, order, joins, modelled = self._decide(
            prepared, rows, modelled=modelled and (lambda: self._probabilities(feats.title_text, prepared, rows, article)),
            topic_apart=topic_apart)
        index.article_ids.append(article.id)
        article_index = len(index.article_ids) - 1
        if joins:
            row, best = int(rows[order[0]]), float(scores[order[0]])
            row = self._bridge(row, rows, scores, order, article.id, modelled=modelled)
            started = False
        else:
            row = index.new_story(prepared.vector, article_index=article_index)
            best, started = 1.0, True
        # Count the article in the idf sketch only after it was scored against the others.
        index.count_doc(np.concatenate([feats.words, feats.keys]))
        # a join read across languages leaves the centroid alone (the report's vector is in the
        # stories' embedder, which does not read its language)
        across = topic_apart is not None and not started and not np.isnan(topic_apart[order[0]])
        _update.add_article(index, row, prepared=prepared, features=feats,
                            published=article.published, text=article.text, joined=not started and not across)
        if rare is not None:
            index.keys.file(row, rare)
            if not started:
                row = self._second_chance(row, article.id)
        self.touched[row] = None
        return StoryAssignment(article.id, index.story_id(row), round(best, 4), started)

    def _foreign_to_embedder(self, feats: _features.Features) -> bool:
        """The stories' embedder reads English only and the report is in another language."""
        return self.embedder.name != MULTILINGUAL and feats.language not in (0, _features.ENGLISH_BIT)

    def _topic_apart(self, feats: _features.Features, prepared: Any, rows: np.ndarray) -> np.ndarray | None:
        """Where the stories' embedder reads English only: for the candidate stories whose reports
        are all in other languages than this one (either way round), the multilingual embedder's
        cosine between this report's lead and the story's headline; NaN for the other rows. None
        when there is no such row (English stores and English reports never pay for it)."""
        if self.embedder.name == MULTILINGUAL or not len(rows):
            return None
        apart = languages_apart(prepared, self.index, rows)
        if not apart.any():
            return None
        reader = self._models.get_embedder(MULTILINGUAL)
        lead = reader.embed([feats.embed_text])[0]
        titles = [self.index.titles[int(r)] for r in rows[apart]]
        missing = [t for t in dict.fromkeys(titles) if t not in self._headlines]
        if missing:
            if len(self._headlines) > 50_000:
                self._headlines.clear()
            self._headlines.update(zip(missing, reader.embed(missing)))
        out = np.full(len(rows), np.nan, dtype=np.float32)
        out[apart] = np.stack([self._headlines[t] for t in titles]) @ lead
        return out

    def _decide(self, prepared: Any, rows: np.ndarray, *, modelled: Any,
                topic_apart: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray, bool, bool]:
        """Scores, their order (ties: the older story) and whether to join the first; and whether
        the model decided. ``modelled``: False, or a function giving the model's probabilities.
        What the hand score would join is joined when the model would not: on a stream where
        the index has counted few documents no name is rare yet, and the model, fitted on a
        warm index, would split what the hand score keeps whole."""
        index = self.index
        if not len(rows):
            return rows, rows, False, False
        if modelled:
            scores = modelled()
            order = np.lexsort((rows, -scores))
            if float(scores[order[0]]) >= self.join_probability and not days_conflict(prepared, index, int(rows[order[0]])):
                return scores, order, True, True
        scores = score(prepared, index, rows, half_life_days=self.half_life, topic_apart=topic_apart)
        order = np.lexsort((rows, -scores))
        return scores, order, self._joins(scores[order], lambda: facts_agree(prepared, index, int(rows[order[0]]))), False

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

    @property
    def judge(self) -> Any:
        """The judgement model's quick reader (loaded on first use)."""
        if self._judge is None:
            judge = self._models.judge
            self._judge = getattr(judge, "quick", judge)
        return self._judge

    def _probabilities(self, title: str, prepared: Any, rows: np.ndarray, query: Any) -> np.ndarray:
        """The article model's probability per candidate row (``query``, an article or a
        partition's (index, row), goes to the collector)."""
        if not len(rows):
            return np.zeros(0, dtype=np.float32)
        rows_x = _evidence.evidence(prepared, self.index, rows)
        titles = [self.index.titles[int(r)] for r in rows]
        scores = _evidence.judged(self.model["article"], self.judge if _JUDGED else None, title, titles,
                                  rows_x, top=_JUDGED, floor=_JUDGE_FLOOR)
        if self.collector is not None:
            self.collector("article", query, rows, rows_x)
        return scores

    def _second_chance(self, row: int, article_id: str) -> int:
        """Story ``row`` has just grown: with the evidence of all its members, does it belong
        with another story it was kept apart from? Merge each one it does; returns the kept row."""
        index = self.index
        query = prepare_story(index, row, index)
        rows, scores = self._story_probabilities(query, index, row)
        if not len(rows):
            return row
        order = np.lexsort((rows, -scores))
        others = [(int(rows[k]), float(scores[k])) for k in order if scores[k] >= self.merge_probability]
        return self._merge_all(row, others, article_id)

    def _story_probabilities(self, query: Any, source: Any, row: int, *, held: int | None = None):
        """Candidate stories for a story (``row`` of ``source``) and a probability for each.
        Without ``held`` (a second chance) the story model reads them. With ``held`` (phase two
        of a batch: only the rows below it, the stories held before the partition came in),
        the article model does, the story's headline read by the judge: a report that a
        partition grouped alone ends where the online pass would have put it."""
        index = self.index
        rare = rare_keys(query.sig_keys, query.sig_kinds, index.idf(query.sig_keys), floor=RARE_FLOOR)
        rows = index.search(query.vector, self.candidates + 1 if held is None else self.candidates * 2, rare)
        rows = rows[rows != row] if held is None else rows[rows < held]
        if held is not None:
            return rows, self._probabilities(source.titles[row], query, rows, (source, row))
        if not len(rows):
            return rows, np.zeros(0, dtype=np.float32)
        rows_x = _evidence.evidence(query, index, rows)
        if self.collector is not None:
            self.collector("story", (source, row), rows, rows_x)
        return rows, self.model["story"].probability(rows_x)

    def _merge_all(self, row: int, others: list[tuple[int, float]], article_id: str) -> int:
        """Merge each of the ``others`` (row, score) into ``row`` or it into them (the older story
        keeps its id; each merge recorded); returns the kept row."""
        for other, other_score in others:
            other = self._live(other)
            if not self.index.live(other) or other == row:
                continue
            kept, absorbed = min(row, other), max(row, other)
            self.merges.append(StoryMerge(
                kept=self.index.story_id(kept), absorbed=self.index.story_id(absorbed),
                article_id=article_id, score=round(other_score, 4),
            ))
            _update.merge(self.index, kept, absorbed)
            self.touched.pop(absorbed, None)
            row = kept
        return row

    def _bridge(self, row: int, rows: np.ndarray, scores: np.ndarray, order: np.ndarray, article_id: str, *,
                modelled: bool) -> int:
        """Merge every other candidate this article also belongs to (``scores``: probabilities
        when ``modelled``); returns the kept row."""
        threshold = self.merge_probability if modelled else self.merge_threshold
        others = [(int(rows[i]), float(scores[i])) for i in order[1:] if scores[i] >= threshold]
        if not others or scores[order[0]] < threshold:
            return row
        return self._merge_all(row, others, article_id)

    def absorb(self, partial: StoryIndex | bytes) -> None:
        """Phase two of a two-phase grouping: take in the stories a fresh grouper formed over one
        partition of the articles (its index or state; partitions taken in order). Each of its
        stories is scored against the stories held as an article would be (nearest centroids,
        facts over topic, time decay, the same join rule) and either folds into the best one (a
        recorded merge: the partition's story id is absorbed) or is kept as a story of its own.
        The partition's own decisions stand: its stories are no candidates for each other. Its
        articles and idf counts are added, so the state is the same kind as one grouper's."""
        if not isinstance(partial, StoryIndex):
            partial = StoryIndex.from_buffer(partial, embedder=self.embedder.name, emb_dim=self.embedder.dim)
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
        dated = self.evidence and not math.isnan(prepared.day)
        modelled = False
        if dated and held:
            rows, found = self._story_probabilities(prepared, partial, row, held=held)
            scores, order, joins, modelled = self._decide(prepared, rows, modelled=lambda: found)
        else:
            rows = index.search(prepared.vector, self.candidates * 2) if held else np.zeros(0, np.int64)
            rows = rows[rows < held][: self.candidates]
            scores, order, joins, _ = self._decide(prepared, rows, modelled=False)
        first = partial.article_ids[int(partial.first_article[row])]
        rare = rare_keys(prepared.sig_keys, prepared.sig_kinds, index.idf(prepared.sig_keys),
                         floor=RARE_FLOOR) if dated else None
        if not joins:
            new = _update.copy_row(index, partial, row, article_index=base + int(partial.first_article[row]))
            if rare is not None:
                index.keys.file(new, rare)
            self.touched[new] = None
            return new
        kept = self._bridge(int(rows[order[0]]), rows, scores, order, first, modelled=modelled)
        self.merges.append(StoryMerge(kept=index.story_id(kept), absorbed=partial.story_id(row),
                                      article_id=first, score=round(float(scores[order[0]]), 4)))
        _update.fold(index, kept, partial, row)
        if rare is not None:
            index.keys.file(kept, rare)
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

    def state_pieces(self) -> Iterator[memoryview]:
        """The state as :meth:`state` gives it, in pieces (stores write them without a whole copy)."""
        return self.index.pieces()

    def save_state(self, path: Path) -> None:
        """Write the state to a file that a later grouper memory-maps (``Grouper(state=path)``)."""
        self.index.save(path)


def run(
    articles: Sequence[Article], *, config: Config, models: Models, state: StateSource | None = None,
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
