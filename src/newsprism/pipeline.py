"""The only composition point: the order of the stages, per-input failure capture, progress.

    ingest -> normalise -> store -> origins -> extract -> stories -> align -> judge -> brief

Each stage is a plain function over typed records; models are loaded once (``Models``) and passed
in. Bad inputs never stop a run: each one ends as a ``Failure`` with its stage and a one-line
reason, and every good input of the same run is stored.

The steps are public functions over batches, and batch mode (``newsprism.scale``) runs these
same functions on its partitions, so a failure is caught here and nowhere else:

- read: :func:`read` (paths -> articles or failures), made of :func:`read_docs` (each file's
  records within the time budget) and :func:`normalised` (one doc);
- origins: :func:`find_origins` against an index kept across batches (:func:`new_origin_index`,
  :func:`index_articles` to rebuild one);
- extract: :func:`extract` (one extraction per article; failures by position);
- stories: :func:`group` (articles into a grouper, one online pass) and :func:`absorb` (phase two
  of a two-phase grouping: a partition's stories merged into the stories held);
- claims: :func:`report` (a story's entities, claims, verdicts and brief, within its budget).

:func:`analyze` runs them in order over a store.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable, Iterator, Sequence

from newsprism import align, brief, codec, extract as extract_stage, ingest, judge, normalise, origins, stories, watchdog
from newsprism.errors import NewsprismError, StageTimeout, one_line
from newsprism.models import Models, models_for
from newsprism.rules import languages
from newsprism.settings import Config
from newsprism.store import Store
from newsprism.types import (
    Article,
    ArticleOrigins,
    Dossier,
    Extraction,
    Failure,
    Progress,
    ProgressFn,
    RawDoc,
    Story,
    StoryAssignment,
    StoryMerge,
    StoryReport,
)

Guard = Callable[[Article, Callable[[], Any]], Any]


def no_progress(progress: Progress) -> None:
    """A :data:`~newsprism.types.ProgressFn` that reports nothing (the library never prints)."""
    return None


@dataclass
class RunStats:
    """Counts and seconds per stage for one run."""

    seconds: dict[str, float] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)

    def add_time(self, stage: str, seconds: float) -> None:
        self.seconds[stage] = self.seconds.get(stage, 0.0) + seconds

    def as_tuple(self) -> tuple[tuple[str, float], ...]:
        items = [(f"seconds.{k}", round(v, 4)) for k, v in self.seconds.items()]
        items += [(f"count.{k}", float(v)) for k, v in self.counts.items()]
        return tuple(items)


def budget(config: Config) -> float:
    """Seconds one article may take in one stage (``article_budget_seconds``; 0: no limit)."""
    return max(0.0, float(config["article_budget_seconds"]))


def article_guard(config: Config, stage: str) -> Guard:
    """A stage's work on one article within the time budget (a StageTimeout when over)."""
    def guard(article: Article, work: Callable[[], Any]) -> Any:
        return watchdog.call(work, seconds=budget(config), stage=stage, labels=[article.source])
    return guard


# --------------------------------------------------------------------------- read


def is_url(given: str) -> bool:
    """Whether an input names a web page rather than a file (read by ``ingest.fetch``)."""
    return ingest.fetch.is_url(given)


def read_file(source: str, path: Any, *, config: Config) -> Iterator[RawDoc | Failure]:
    """One input file's docs, each read within the time budget; a record over it ends the file
    (a Failure for it and whatever followed it in the file)."""
    for item in watchdog.stream(ingest.read_one(source, path, config=config), seconds=budget(config),
                                stage="ingest", label=source):
        if isinstance(item, StageTimeout):
            item = Failure(source, "ingest", f"{item} (with the rest of this file)")
        yield item


def read_docs(paths: Sequence[str], *, config: Config) -> Iterator[RawDoc | Failure]:
    """Every record under ``paths`` (files, folders), in ingest's order, each within the time
    budget; a path or file that cannot be read is a Failure."""
    for found in ingest.inputs(paths):
        if isinstance(found, Failure):
            yield found
        else:
            yield from read_file(found[0], found[1], config=config)


def normalised(doc: RawDoc, *, config: Config) -> Article | Failure:
    """``normalise`` within the time budget; a bad doc, a crash or an overrun is a Failure."""
    try:
        return watchdog.call(lambda: normalise.normalise(doc, config=config), seconds=budget(config),
                             stage="normalise", labels=[doc.source])
    except NewsprismError as e:
        return Failure(doc.source, "normalise", one_line(e))
    except Exception as e:  # noqa: BLE001 - the batch records any per-input crash
        return Failure(doc.source, "normalise", f"unexpected {type(e).__name__}: {one_line(e)}")


def read(
    paths: Sequence[str], *, config: Config, progress: ProgressFn = no_progress
) -> Iterator[Article | Failure]:
    """Ingest and normalise: every input becomes an Article or a Failure, never nothing."""
    done = 0
    for item in read_docs(paths, config=config):
        if isinstance(item, RawDoc):
            item = normalised(item, config=config)
        done += 1
        progress(Progress("read", done))
        yield item


def repeat(article: Article, first: str | None) -> Failure:
    """An input holding the same bytes as one read before it: no second article, but a record of
    it, so that every input is an article or a failure."""
    return Failure(article.source, "ingest",
                   f"the same bytes as {first or 'an earlier input'}: read once, as article {article.id}")


def ingest_paths(
    paths: Sequence[str], *, config: Config, store: Store, progress: ProgressFn = no_progress,
    batch_size: int = 500,
) -> tuple[list[Article], list[Failure], int]:
    """Read inputs into the store in transactional batches. Returns (articles of this run,
    failures, how many articles were new). Rerunning adds nothing; a killed run resumes."""
    articles: list[Article] = []
    failures: list[Failure] = []
    seen: dict[str, str] = {}  # article id -> the source it was read from first
    new = 0
    pending: list[Article] = []
    for item in read(paths, config=config, progress=progress):
        if isinstance(item, Failure):
            failures.append(item)
            continue
        if item.id in seen:  # the same bytes given twice in one run: one article, and the record
            if seen[item.id] != item.source:
                failures.append(repeat(item, seen[item.id]))
            continue
        seen[item.id] = item.source
        articles.append(item)
        pending.append(item)
        if len(pending) >= batch_size:
            new += store.add_articles(pending)
            pending = []
    if pending:
        new += store.add_articles(pending)
    if failures:
        store.add_failures(failures)
    return articles, failures, new


# --------------------------------------------------------------------------- origins


def new_origin_index(config: Config) -> origins.OriginIndex:
    """An empty origins index (copies, near copies and rewrite candidates) for these settings."""
    return origins.new_index(config)


def index_articles(articles: Iterable[Article], *, index: origins.OriginIndex, config: Config,
                   models: Models) -> None:
    """Put earlier articles into ``index`` in order, as ``find_origins`` would have (rebuilding an
    index after a restart or under new settings); their origins are not kept."""
    origins.run([], config=config, models=models, prior=list(articles), index=index)


def origins_guard(config: Config, failures: list[Failure]) -> origins.Guard:
    """Each article's origins within the time budget; one that crashes or runs over is a
    Failure (it is then its own origin, see ``origins.run``)."""
    def guard(article: Article, find: Callable[[], origins.Found]) -> origins.Found | None:
        try:
            return watchdog.call(find, seconds=budget(config), stage="origins", labels=[article.source])
        except Exception as e:  # noqa: BLE001 - one article's crash must not stop the run
            failures.append(Failure(article.source, "origins", one_line(e)))
            return None
    return guard


def find_origins(
    articles: Sequence[Article], *, index: origins.OriginIndex, config: Config, models: Models,
    fetch: Callable[[Sequence[str]], list[Article]], failures: list[Failure],
) -> list[ArticleOrigins]:
    """The origins of ``articles`` (in arrival order) against every article in ``index``, which
    they are added to; ``fetch`` reads back earlier articles a rewrite check needs. An article
    that crashes or runs over is a Failure and its own origin; should the stage crash as a
    whole, every article is."""
    try:
        return origins.run(articles, config=config, models=models, index=index, fetch=fetch,
                           guard=origins_guard(config, failures))
    except Exception as e:  # noqa: BLE001 - a crash leaves each article its own origin, recorded
        reason = one_line(e)
        failures.extend(Failure(a.source, "origins", reason) for a in articles)
        return [ArticleOrigins(article_id=a.id, root=f"article:{a.id}", root_name=a.outlet or a.source)
                for a in articles]


# --------------------------------------------------------------------------- extract


@dataclass
class Extracted:
    """What :func:`extract` gives: one extraction per article, in order (empty for an article
    that failed), and each failure under its article's position."""

    extractions: list[Extraction]
    failed: dict[int, Failure]


def extract(articles: Sequence[Article], *, config: Config, models: Models) -> Extracted:
    """Extraction in batches (the parser batches well), each article within the time budget; an
    article that crashes or runs over on its own is a Failure, and the others go on."""
    results = watchdog.each(articles, lambda batch: extract_stage.run(batch, config=config, models=models),
                            seconds=budget(config), stage="extract", label=lambda a: a.source)
    out = Extracted([], {})
    for position, (article, result) in enumerate(zip(articles, results)):
        if isinstance(result, Exception):
            out.failed[position] = Failure(article.source, "extract", one_line(result))
            result = Extraction(article_id=article.id)
        out.extractions.append(result)
    return out


# --------------------------------------------------------------------------- stories


@dataclass
class Grouped:
    """What a stories step gives: the articles' assignments, the stories it touched (full member
    lists), the merges it made, and the articles it could not place."""

    assignments: list[StoryAssignment] = field(default_factory=list)
    touched: list[Story] = field(default_factory=list)
    merges: list[StoryMerge] = field(default_factory=list)
    failures: list[Failure] = field(default_factory=list)


# a grouper's starting state: its bytes or the path of a state file (stories.StateSource)
StateSource = stories.StateSource


def new_grouper(*, config: Config, models: Models, state: StateSource | None = None,
                languages: Iterable[str | None] = ()) -> stories.Grouper:
    """The online story grouper, holding the stories of ``state`` (its bytes, or the path of a
    state file, memory-mapped; None: no story yet)."""
    return stories.Grouper(config=config, models=models, state=state or None, languages=languages)


def group(grouper: stories.Grouper, articles: Sequence[Article], *, config: Config) -> Grouped:
    """``articles`` added to ``grouper`` in order, each within the time budget. An article that
    fails or runs over is a Failure and the others go on (when the batch's embedding fails, the
    articles are added one by one, so a bad one loses only itself)."""
    grouper.touched, grouper.merges = {}, []
    if not articles:
        return Grouped()
    guard = article_guard(config, "stories")
    reported: dict[str, Failure] = {}

    def failed(article: Article, error: Exception) -> None:
        reported.setdefault(article.id, Failure(article.source, "stories", one_line(error)))

    try:
        assignments = grouper.add(list(articles), on_error=failed, guard=guard)
    except Exception:  # noqa: BLE001 - the batch embedding failed: one by one
        assignments = []
        for article in articles:
            if article.id in reported:
                continue
            try:
                assignments += grouper.add([article], on_error=failed, guard=guard)
            except Exception as e:  # noqa: BLE001
                failed(article, e)
    failures = list(reported.values())
    return Grouped(assignments, _touched(grouper, articles, failures), list(grouper.merges), failures)


def absorb(grouper: stories.Grouper, partial: bytes, articles: Sequence[Article]) -> Grouped:
    """Phase two of a two-phase grouping: the stories a fresh grouper formed over one partition
    (its ``state``; ``articles`` are the partition's) merged into the stories ``grouper`` holds.
    Gives the stories it touched and the merges it made; should the merge fail, the partition
    keeps its own stories and its articles are recorded."""
    grouper.touched, grouper.merges = {}, []
    if not partial:
        return Grouped()
    try:
        grouper.absorb(partial)
    except Exception as e:  # noqa: BLE001 - the chunk keeps its partition's stories, recorded
        return Grouped(failures=[Failure(a.source, "stories", f"story merge: {one_line(e)}") for a in articles])
    failures: list[Failure] = []
    return Grouped(touched=_touched(grouper, articles, failures), merges=list(grouper.merges), failures=failures)


def _touched(grouper: stories.Grouper, articles: Sequence[Article], failures: list[Failure]) -> list[Story]:
    try:
        return grouper.stories()
    except Exception as e:  # noqa: BLE001 - the assignments still hold the members
        failures.extend(Failure(a.source, "stories", f"story records: {one_line(e)}") for a in articles)
        return []


# --------------------------------------------------------------------------- claims


def story_report(
    story: Story,
    *,
    articles: dict[str, Article],
    origin_of: dict[str, ArticleOrigins],
    extraction_of: dict[str, Extraction],
    config: Config,
    models: Models,
) -> tuple[StoryReport, list[Extraction]]:
    """A story's origins, entities, claims, verdicts and brief; also its articles' extractions
    with entities made canonical across the whole story (earlier runs' articles included)."""
    members = [articles[a] for a in story.article_ids if a in articles]
    ids = [a.id for a in members]
    if languages.several(a.language for a in members):
        # a report that translates another of the story is a rewrite of it: one origin
        origin_of = origins.translations(members, origin_of, reader=models.crosslingual,
                                         min_coverage=float(config["rewrite_min_coverage"]))
    groups = origins.groups(ids, origin_of)
    canonical, entities = extract_stage.canonicalise(
        [extraction_of[a] for a in ids if a in extraction_of], members, config=config
    )
    # one report read twice (a page as HTML and again as JSON Lines) adds no claim or citation
    copies = origins.same_report_copies(ids, origin_of)
    reports = [a for a in members if a.id not in copies]
    story_extractions = {e.article_id: e for e in canonical if e.article_id not in copies}
    aligned = align.run(story, reports, story_extractions, config=config, models=models)
    claims, checks = judge.run(aligned, {a.id: origin_of[a.id] for a in reports if a.id in origin_of}, config=config)
    sentences = brief.run(story, claims, checks, reports, config=config)
    flows = judge.story_flows(story_extractions, claims)
    report = StoryReport(
        story=story,
        origins=groups,
        independent_origins=origins.independent_origins(ids, origin_of),
        entities=tuple(entities),
        claims=tuple(claims),
        flows=tuple(flow for flow, _ in flows),
        flow_claims=tuple(ids for _, ids in flows),
        checks=tuple(checks),
        brief=tuple(sentences),
    )
    return report, canonical


@dataclass
class Reported:
    """What :func:`report` gives: the story's report (None when it failed), its articles'
    extractions made canonical (empty when it failed) and the failure."""

    report: StoryReport | None
    canonical: list[Extraction]
    failures: list[Failure]


def report(
    story: Story, *, articles: dict[str, Article], origin_of: dict[str, ArticleOrigins],
    extraction_of: dict[str, Extraction], config: Config, models: Models,
) -> Reported:
    """:func:`story_report` within the time budget (the budget per article, times its articles);
    a story that crashes or runs over is a Failure and the other stories go on."""
    try:
        built, canonical = watchdog.call(lambda: story_report(
            story, articles=articles, origin_of=origin_of, extraction_of=extraction_of, config=config,
            models=models,
        ), seconds=budget(config) * max(1, len(story.article_ids)), stage="claims", labels=[f"story:{story.id}"])
    except Exception as e:  # noqa: BLE001 - one story's crash must not lose the others
        return Reported(None, [], [Failure(f"story:{story.id}", "claims", one_line(e))])
    return Reported(built, list(canonical), [])


# --------------------------------------------------------------------------- analyze


def _index_settings(config: Config) -> list:
    return [config["minhash_permutations"], config["shingle_size"], config["near_duplicate_threshold"]]


def _origin_index(store: Store, *, config: Config, models: Models) -> origins.OriginIndex:
    """The origins index over every stored article, so a new article can be found to copy one
    stored by an earlier run. Rows saved under other settings are rebuilt once from the store."""
    index = new_origin_index(config)
    wanted = _index_settings(config)
    for text in store.origin_index_rows():
        saved = json.loads(text)
        if saved["settings"] != wanted:
            index = new_origin_index(config)
            index_articles(store.iter_articles(), index=index, config=config, models=models)
            return index
        index.add_row(codec.from_plain(origins.IndexRow, saved["row"]))
    return index


def _origins_step(
    ordered: Sequence[Article], *, config: Config, store: Store, models: Models, failures: list[Failure]
) -> list[ArticleOrigins]:
    index = _origin_index(store, config=config, models=models)
    before = len(index)
    article_origins = find_origins(ordered, index=index, config=config, models=models, fetch=store.get_articles,
                                   failures=failures)
    store.put_origins(article_origins)
    store.add_origin_index_rows(
        (row.article_id, json.dumps({"settings": _index_settings(config), "row": codec.to_plain(row)}))
        for row in index.rows(start=before)
    )
    return article_origins


def _stories_step(
    ordered: Sequence[Article], *, config: Config, store: Store, models: Models, failures: list[Failure]
) -> list[Story]:
    """Assign the articles not yet in a story; return every live story holding a run article.
    An article the stage cannot place is a failure; it stays stored and a rerun tries it again."""
    assigned = store.get_assignments([a.id for a in ordered])
    grouper = new_grouper(config=config, models=models, state=store.story_state(),
                          languages=[a.language for a in ordered])
    grouped = group(grouper, [a for a in ordered if a.id not in assigned], config=config)
    failures += grouped.failures
    store.save_stories(grouped.assignments, grouped.touched, grouped.merges, grouper.state_pieces())
    assigned = store.get_assignments([a.id for a in ordered])
    return [s for sid in dict.fromkeys(assigned.values()) if (s := store.get_story(sid))]


@dataclass
class _Context:
    """Everything the story reports need, for the run's articles and their story-mates."""

    articles: dict[str, Article]
    origin_of: dict[str, ArticleOrigins]
    extraction_of: dict[str, Extraction]


def _context(
    story_list: Sequence[Story], ordered: Sequence[Article], article_origins: Sequence[ArticleOrigins],
    extractions: Sequence[Extraction], *, store: Store,
) -> _Context:
    by_id = {a.id: a for a in ordered}
    needed = [aid for s in story_list for aid in s.article_ids if aid not in by_id]
    by_id.update({a.id: a for a in store.get_articles(needed)})
    origin_of = {o.article_id: o for o in article_origins}
    origin_of.update(store.get_origins([a for a in needed if a not in origin_of]))
    extraction_of = {e.article_id: e for e in extractions}
    extraction_of.update(store.get_extractions([a for a in needed if a not in extraction_of]))
    return _Context(by_id, origin_of, extraction_of)


def _reports_step(
    story_list: Sequence[Story], context: _Context, *, config: Config, models: Models,
    failures: list[Failure],
) -> list[StoryReport]:
    reports: list[StoryReport] = []
    for story in story_list:
        done = report(story, articles=context.articles, origin_of=context.origin_of,
                      extraction_of=context.extraction_of, config=config, models=models)
        failures += done.failures
        if done.report is not None:
            reports.append(done.report)
            context.extraction_of.update((e.article_id, e) for e in done.canonical)
    return reports


def analyze(
    paths: Sequence[str],
    *,
    config: Config,
    store: Store,
    models: Models | None = None,
    progress: ProgressFn = no_progress,
) -> Dossier:
    """Run every stage on ``paths`` and return the dossier; results are also kept in ``store``."""
    models = models or models_for(config)
    stats = RunStats()
    clock = time.perf_counter()

    def lap(stage: str) -> None:
        nonlocal clock
        now = time.perf_counter()
        stats.add_time(stage, now - clock)
        clock = now

    articles, failures, new = ingest_paths(paths, config=config, store=store, progress=progress)
    stats.counts.update(articles=len(articles), new_articles=new, failures=len(failures))
    lap("ingest")
    ordered = sorted(articles, key=lambda a: (a.published or "", a.id))
    article_origins = _origins_step(ordered, config=config, store=store, models=models, failures=failures)
    lap("origins")
    progress(Progress("origins", len(ordered), len(ordered)))
    # entities are made canonical per story (story_report), over the story's articles of every
    # run; doing it here across the whole run too would only be undone there
    extracted = extract(ordered, config=config, models=models)
    failures += extracted.failed.values()
    lap("extract")
    progress(Progress("extract", len(ordered), len(ordered)))
    story_list = _stories_step(ordered, config=config, store=store, models=models, failures=failures)
    lap("stories")
    context = _context(story_list, ordered, article_origins, extracted.extractions, store=store)
    reports = _reports_step(story_list, context, config=config, models=models, failures=failures)
    store.put_extractions(context.extraction_of[a.id] for a in ordered if a.id in context.extraction_of)
    store.put_story_reports(reports)
    lap("claims")
    shown = set(context.articles)
    return Dossier(
        articles=tuple(context.articles.values()),
        origins=tuple(o for aid, o in context.origin_of.items() if aid in shown),
        extractions=tuple(e for aid, e in context.extraction_of.items() if aid in shown),
        stories=tuple(reports),
        failures=tuple(failures),
        stats=stats.as_tuple(),
    )
