"""Origins: copies, rewrites and in-text citations -> the origin graph and independent origins.

Ten outlets repeating one wire story are one source. For each article, in published order:

1. exact copy: an earlier article with the same ``content_hash``;
2. near copy: MinHash LSH over word shingles (``shingle_size``, ``minhash_permutations``),
   verified on the signatures: estimated Jaccard >= ``near_duplicate_threshold``, or most of the
   smaller article contained in the other (a trimmed ending, an added paragraph);
3. rewrite: candidates from a content-word MinHash LSH over the most recent 50,000 articles,
   verified by aligning sentences with ``models.embedder`` (``rewrite_sentence_similarity``,
   ``rewrite_min_coverage``);
4. citations parsed from the text (:mod:`.citations`), names made canonical by
   :mod:`newsprism.rules.outlets`;
5. the root (:mod:`.graph`): the copied article's root, else the deepest outlet of the primary
   citation chain, else the article itself.

``duplicate_of`` is the earliest copy; copies are kept, never deleted. Every lookup goes through
the :class:`OriginIndex` (hash tables and LSH buckets), so cost grows linearly with articles.
"""

from __future__ import annotations

from typing import Callable, Iterable, Mapping, Sequence

from newsprism.models import Models
from newsprism.origins.citations import parse as parse_citations
from newsprism.origins.graph import Parent, groups, independent_origins, resolve, same_report_copies
from newsprism.origins.index import IndexRow, NearMatch, OriginIndex
from newsprism.origins.rewrites import SentenceVectors, best_rewrite
from newsprism.origins.translations import translations
from newsprism.rules.outlets import OutletRegistry
from newsprism.settings import Config
from newsprism.types import Article, ArticleOrigins

Found = tuple[ArticleOrigins, tuple]
Guard = Callable[[Article, Callable[[], Found]], "Found | None"]

__all__ = ["IndexRow", "OriginIndex", "groups", "independent_origins", "index_fits", "new_index", "parse_citations", "run",
           "same_report_copies", "translations"]


def index_fits(index: OriginIndex, config: Config) -> bool:
    """True when a saved index was built with the current settings (else build a new one)."""
    return index.fits(num_perm=config["minhash_permutations"], shingle_size=config["shingle_size"],
                      threshold=config["near_duplicate_threshold"])


def new_index(config: Config) -> OriginIndex:
    """An empty index configured from the settings."""
    return OriginIndex(
        num_perm=config["minhash_permutations"],
        shingle_size=config["shingle_size"],
        threshold=config["near_duplicate_threshold"],
    )


class _Run:
    """State of one call to :func:`run`: the index, the outlet registry, the articles in reach."""

    def __init__(
        self, *, config: Config, models: Models, index: OriginIndex,
        fetch: Callable[[Sequence[str]], Iterable[Article]] | None = None,
    ) -> None:
        self.config = config
        self.fetch = fetch
        self.models = models
        self.index = index
        self.registry = OutletRegistry(threshold=config["outlet_fuzzy_threshold"])
        self.articles: dict[str, Article] = {}
        self._vectors: SentenceVectors | None = None

    @property
    def vectors(self) -> SentenceVectors:
        # The embedder loads only when a rewrite candidate actually turns up.
        if self._vectors is None:
            self._vectors = SentenceVectors(self.models.embedder)
        return self._vectors

    def _before(self, article: Article) -> float:
        # An article seen in an earlier run keeps its place: only articles indexed before it
        # can be what it copies, so a rerun gives the same answer.
        entry = self.index.entry(article.id)
        return entry.order if entry is not None else float("inf")

    def _copy_of(self, article: Article, sigs: tuple) -> NearMatch | None:
        before = self._before(article)
        earliest = self.index.exact(article.content_hash)
        if earliest is not None and self.index.entry(earliest).order >= before:
            earliest = None
        matches = [m for m in self.index.near(sigs[0], sigs[1])
                   if self.index.entry(m.article_id).order < before]
        if earliest is not None:
            exact = NearMatch(earliest, 1.0, 1.0, exact=True)
            order = self.index.entry(earliest).order
            earlier = [m for m in matches if self.index.entry(m.article_id).order < order]
            return earlier[0] if earlier else exact
        return matches[0] if matches else None

    def _rewrite_of(self, article: Article, sigs: tuple) -> tuple[str, float] | None:
        before = self._before(article)
        keys = [k for k in self.index.rewrite_candidates(sigs[2]) if self.index.entry(k).order < before]
        missing = [k for k in keys if k not in self.articles]
        if missing and self.fetch is not None:
            self.articles.update((a.id, a) for a in self.fetch(missing))
        candidates = [self.articles[k] for k in keys if k in self.articles]
        if not candidates:
            return None
        candidates.sort(key=lambda a: self.index.entry(a.id).order)
        return best_rewrite(
            article, candidates, vectors=self.vectors,
            threshold=self.config["rewrite_sentence_similarity"],
            min_coverage=self.config["rewrite_min_coverage"],
        )

    def process(self, article: Article, guard: Guard | None = None) -> ArticleOrigins:
        """The article's origins, then the article indexed. ``guard`` runs the finding (the
        costly part; the index is only written after it): when it gives None the article is
        its own origin and is not indexed."""
        self.articles[article.id] = article
        found = guard(article, lambda: self._find(article)) if guard is not None else self._find(article)
        if found is None:
            own = self.registry.canonical(article.outlet, cue=True) if article.outlet else None
            return resolve(article, (), own=own, parent=None, duplicate=None, rewrite=None)
        origin, sigs = found
        self.index.add(article.id, article.content_hash, sigs, root=origin.root,
                       root_name=origin.root_name, chain=origin.chain)
        return origin

    def _find(self, article: Article) -> tuple[ArticleOrigins, tuple]:
        sigs = self.index.signatures(article.text)
        citations = parse_citations(article.text, registry=self.registry)
        own = self.registry.canonical(article.outlet, cue=True) if article.outlet else None
        copy = self._copy_of(article, sigs)
        duplicate = (copy.article_id, copy.jaccard) if copy else None
        rewrite = None if copy else self._rewrite_of(article, sigs)
        parent_id = duplicate[0] if duplicate else rewrite[0] if rewrite else None
        parent = None
        if parent_id is not None:
            entry = self.index.entry(parent_id)
            parent = Parent(parent_id, entry.root, entry.root_name, entry.chain)
        origin = resolve(article, citations, own=own, parent=parent, duplicate=duplicate, rewrite=rewrite)
        return origin, sigs


def run(
    articles: Sequence[Article],
    *,
    config: Config,
    models: Models,
    prior: Sequence[Article] = (),
    index: OriginIndex | None = None,
    fetch: Callable[[Sequence[str]], Iterable[Article]] | None = None,
    guard: Guard | None = None,
) -> list[ArticleOrigins]:
    """Origins of ``articles`` (sorted by published time), one ArticleOrigins each, in order.

    ``prior`` are earlier articles (e.g. from the store) that these may copy or rewrite; they are
    indexed first and not returned. ``index``, when given, is an :class:`OriginIndex` kept from
    earlier runs (see :meth:`OriginIndex.to_bytes`); it is updated in place with ``articles``.
    Exact and near copies of indexed articles are found from the index alone; a rewrite check
    needs the earlier article's text: ``fetch(ids)`` (e.g. ``store.get_articles``) is called for
    the few candidates not in this run or ``prior``. An article already in the index is compared
    only with articles indexed before it, so rerunning gives the same answer.

    ``guard(article, find)``, when given, runs each article's ``find()`` (the caller's time
    budget, say) and returns its result, or None to give up on that article: it is then its own
    origin (by its outlet), is not indexed, and the others go on.
    """
    state = _Run(config=config, models=models, index=index if index is not None else new_index(config),
                 fetch=fetch)
    for article in prior:
        state.articles[article.id] = article
        if article.id not in state.index:
            state.process(article)
    return [state.process(article, guard) for article in articles]
