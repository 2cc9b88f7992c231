"""Every text in ../shared/bench/ through the pipeline once, timed article by article and stage by
stage: which articles are slowest in each stage, and did any fail or run over its budget.

Usage: python bench/slowest.py [--data DIR] [--limit N] [--top 5] [--model md|sm] [--budget 30]

The texts: NeuS (train and val, three reports a line), PolNeAR (train and dev article texts),
ECB+ dev (documents rebuilt from their tokens) and the quantulum3 test sentences (each one a
tiny article). Each becomes a RawDoc and goes through the stages in the pipeline's order:
normalise, origins (one index over all), extract, stories (one online grouper over all), then
claims per story (align, judge, brief: the pipeline's own ``story_report``). Extraction runs one
article at a time here (so its time is its own; the pipeline batches it), with the watchdog's
budget as in a run; a story's time for an article leaves out the embedding, done for all the
articles at once. Prints Markdown tables.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from collections import defaultdict
from pathlib import Path
from typing import Any, Callable

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))

from newsprism import extract, origins, pipeline, stories, watchdog  # noqa: E402
from newsprism.errors import one_line  # noqa: E402
from newsprism.models import shared_models  # noqa: E402
from newsprism.settings import default_config  # noqa: E402
from newsprism.types import Article, Extraction, Failure, RawDoc  # noqa: E402
from stories_common import load_ecb, load_neus  # noqa: E402

DATA = ROOT.parent / "shared" / "bench"


def raw(text: str, title: str | None, source: str) -> RawDoc:
    return RawDoc(source=source, reader="bench", body=text, payload=f"{source}\n{text}".encode(), title=title)


def texts(data: Path) -> list[RawDoc]:
    docs: list[RawDoc] = []
    for split in ("train", "val"):
        articles, _ = load_neus(data / "neus", split)
        docs += [raw(a.text, a.title, f"neus/{a.source}") for a in articles]
    for split in ("train", "dev"):
        for path in sorted((data / "polnear" / split / "text").glob("*.txt")):
            docs.append(raw(path.read_text(encoding="utf-8"), None, f"polnear/{split}/{path.name}"))
    articles, _, _ = load_ecb(data / "ecbplus_dev")
    docs += [raw(a.text, None, f"ecb+/{a.source}") for a in articles]
    for name in ("quantities.json", "quantities.ambiguity.json", "expand.json", "errors.json"):
        path = data / "quantulum3_tests" / name
        rows = json.loads(path.read_text(encoding="utf-8")) if path.exists() else []
        for n, row in enumerate(rows):
            sentence = row.get("req") if isinstance(row, dict) else None
            if isinstance(sentence, str) and sentence.strip():
                docs.append(raw(sentence, None, f"quantulum3/{name}#{n}"))
    return docs


class Timer:
    """Seconds per (stage, article source), and the failures met."""

    def __init__(self) -> None:
        self.seconds: dict[str, dict[str, float]] = defaultdict(dict)
        self.size: dict[str, int] = {}
        self.failures: list[Failure] = []

    def time(self, stage: str, source: str, work: Callable[[], Any]) -> Any:
        t0 = time.perf_counter()
        try:
            return work()
        finally:
            self.seconds[stage][source] = self.seconds[stage].get(source, 0.0) + time.perf_counter() - t0

    def guard(self, stage: str, budget: float):
        def guard(article: Article, work: Callable[[], Any]) -> Any:
            return self.time(stage, article.source, lambda: watchdog.call(
                work, seconds=budget, stage=stage, labels=[article.source]))
        return guard


def warm_up(*, config, models) -> None:
    """Load what loads lazily (the models, the lemma tables) before anything is timed."""
    doc = raw("The council said on Tuesday that about 4,000 people were paid $2 million a month.", None, "warm-up")
    article = pipeline.normalised(doc, config=config)
    list(extract.run([article], config=config, models=models))
    models.embedder.embed([article.text])


def run(docs: list[RawDoc], *, config, models, timer: Timer) -> None:
    budget = pipeline.budget(config)
    warm_up(config=config, models=models)
    articles: list[Article] = []
    for doc in docs:
        item = timer.time("normalise", doc.source, lambda: pipeline.normalised(doc, config=config))
        if isinstance(item, Failure):
            timer.failures.append(item)
        else:
            articles.append(item)
            timer.size[item.source] = len(item.text)
    print(f"normalised {len(articles)} of {len(docs)}", file=sys.stderr, flush=True)
    origin_failures: list[Failure] = []
    guard = pipeline.origins_guard(config, origin_failures)
    found = origins.run(articles, config=config, models=models, index=origins.new_index(config),
                        guard=lambda a, find: timer.time("origins", a.source, lambda: guard(a, find)))
    timer.failures += origin_failures
    origin_of = {o.article_id: o for o in found}
    print("origins done", file=sys.stderr, flush=True)
    extraction_of: dict[str, Extraction] = {}
    for n, article in enumerate(articles):
        extracted = timer.time("extract", article.source,
                               lambda: pipeline.extract([article], config=config, models=models))
        timer.failures += extracted.failed.values()
        extraction_of[article.id] = extracted.extractions[0]
        if n % 1000 == 999:
            print(f"extracted {n + 1}", file=sys.stderr, flush=True)

    def failed(article: Article, error: Exception) -> None:
        timer.failures.append(Failure(article.source, "stories", one_line(error)))

    grouper = stories.Grouper(config=config, models=models)
    grouper.add(articles, on_error=failed, guard=timer.guard("stories", budget))
    by_id = {a.id: a for a in articles}
    story_list = grouper.stories()
    print(f"{len(story_list)} stories", file=sys.stderr, flush=True)
    for story in story_list:
        label = f"story:{story.id} ({len(story.article_ids)} articles)"
        try:
            timer.time("claims", label, lambda: watchdog.call(lambda: pipeline.story_report(
                story, articles=by_id, origin_of=origin_of, extraction_of=extraction_of, config=config,
                models=models), seconds=budget * max(1, len(story.article_ids)), stage="claims", labels=[label]))
        except Exception as e:  # noqa: BLE001 - reported below
            timer.failures.append(Failure(label, "claims", one_line(e)))


def report(timer: Timer, top: int) -> None:
    print("| stage | items | total s | p50 ms | p99 ms | max s |")
    print("|---|---:|---:|---:|---:|---:|")
    for stage, times in timer.seconds.items():
        values = sorted(times.values())
        p99 = values[min(len(values) - 1, int(len(values) * 0.99))]
        print(f"| {stage} | {len(values)} | {sum(values):.1f} | {statistics.median(values) * 1000:.1f} | "
              f"{p99 * 1000:.1f} | {values[-1]:.2f} |")
    print()
    print(f"| stage | slowest {top} | seconds | characters |")
    print("|---|---|---:|---:|")
    for stage, times in timer.seconds.items():
        for source, seconds in sorted(times.items(), key=lambda kv: -kv[1])[:top]:
            print(f"| {stage} | {source} | {seconds:.2f} | {timer.size.get(source, '')} |")
    print()
    kinds = defaultdict(int)
    for failure in timer.failures:
        kinds[(failure.stage, "over budget" if "took longer than" in failure.error else failure.error[:70])] += 1
    print(f"Failures: {len(timer.failures)}")
    for (stage, what), count in sorted(kinds.items()):
        print(f"- {stage}: {what} ({count})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--limit", type=int, default=0, help="only N texts, spread over the data sets (0: all)")
    parser.add_argument("--top", type=int, default=5)
    parser.add_argument("--model", default="md", choices=["md", "sm"])
    parser.add_argument("--budget", type=float, default=30.0, help="article_budget_seconds")
    args = parser.parse_args()
    config = default_config().replace(spacy_model=args.model, article_budget_seconds=args.budget)
    models = shared_models(config["spacy_model"], config["embedder"])
    docs = texts(args.data)
    if args.limit and args.limit < len(docs):  # spread over every data set
        step = len(docs) / args.limit
        docs = [docs[int(i * step)] for i in range(args.limit)]
    t0 = time.perf_counter()
    timer = Timer()
    run(docs, config=config, models=models, timer=timer)
    print(f"{len(docs)} texts from {args.data}, model {args.model}, budget {args.budget:g} s: "
          f"{time.perf_counter() - t0:.0f} s in all\n")
    report(timer, args.top)


if __name__ == "__main__":
    main()
