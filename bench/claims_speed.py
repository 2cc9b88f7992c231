"""Seconds per story for align + judge + brief as a story grows to 100 articles.

Stories of N articles are built from real reports: NeuS leads (the reports of consecutive val
lines pooled into one story, so the articles overlap in topic only partly, as a large story's do)
or full-length PolNeAR articles (``--corpus polnear``, about 30 sentences each).
Normalise, origins and extraction run first and are not timed; then align (claim splitting,
embedding, alignment), judge (verdicts, conflicts, arithmetic) and brief are timed separately.
The machine's 2 cores are shared with other work, so timings are noisy: each size runs
``--repeat`` times and the median is shown.

    .venv/bin/python bench/claims_speed.py [--data DIR] [--corpus neus|polnear] [--sizes 3,10,25,50,100] [--repeat 3]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from brief_neus import BENCH, articles_of  # noqa: E402

from newsprism import align, brief, extract, judge, normalise, origins  # noqa: E402
from newsprism.errors import NewsprismError  # noqa: E402
from newsprism.models import Models  # noqa: E402
from newsprism.settings import default_config  # noqa: E402
from newsprism.types import RawDoc, Story  # noqa: E402


def neus_articles(folder: Path, size: int, config) -> list:
    lines = (folder / "neus" / "val.source").read_text(encoding="utf-8").splitlines()
    articles = []
    for number, line in enumerate(lines):
        articles.extend(articles_of(line, number, config))
        if len(articles) >= size:
            break
    return articles[:size]


def polnear_articles(folder: Path, size: int, config) -> list:
    """Full-length political news articles (PolNeAR train texts), in file-name order."""
    out = []
    for path in sorted((folder / "polnear" / "train" / "text").glob("*.txt"))[:size]:
        body = path.read_text(encoding="utf-8")
        doc = RawDoc(source=str(path), reader="bench", body=body, payload=body.encode(),
                     outlet=path.name.split("_", 1)[0])
        try:
            out.append(normalise.normalise(doc, config=config))
        except NewsprismError:
            continue
    return out


def build(folder: Path, corpus: str, size: int, config, models):
    loader = neus_articles if corpus == "neus" else polnear_articles
    articles = loader(folder, size, config)
    found = {o.article_id: o for o in origins.run(articles, config=config, models=models)}
    extractions = list(extract.run(articles, config=config, models=models))
    extractions, _ = extract.canonicalise(extractions, articles, config=config)
    story = Story(id=f"bench-{size}", title="bench", article_ids=tuple(a.id for a in articles))
    return story, articles, {e.article_id: e for e in extractions}, found


def timed(story, articles, extractions, found, config, models):
    t0 = time.perf_counter()
    topics = align.run(story, articles, extractions, config=config, models=models)
    t1 = time.perf_counter()
    claims, checks = judge.run(topics, found, config=config)
    t2 = time.perf_counter()
    sentences = brief.run(story, claims, checks, articles, config=config)
    t3 = time.perf_counter()
    candidates = sum(len(t.candidates) for t in topics)
    return (t1 - t0, t2 - t1, t3 - t2), candidates, claims, sentences


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=BENCH, help="the shared bench folder")
    parser.add_argument("--corpus", choices=("neus", "polnear"), default="neus",
                        help="neus: short leads (title + first paragraphs); polnear: full articles")
    parser.add_argument("--sizes", default="3,10,25,50,100")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--embedder", default="wordllama.v1")
    args = parser.parse_args(argv)
    config = default_config().replace(embedder=args.embedder)
    models = Models(spacy_model=config["spacy_model"], embedder_name=config["embedder"])
    models.embedder.embed(["warm up"])
    print(f"## align + judge + brief on {args.corpus}, seconds per story (median of {args.repeat}; embedder {args.embedder}; "
          "2 shared cores, noisy)\n")
    print("| articles | sentences | claim candidates | claims | brief sentences | align s | judge s | brief s | total s | ms per article |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for size in (int(s) for s in args.sizes.split(",")):
        story, articles, extractions, found = build(args.data, args.corpus, size, config, models)
        runs = [timed(story, articles, extractions, found, config, models) for _ in range(args.repeat)]
        parts = [statistics.median(r[0][i] for r in runs) for i in range(3)]
        total = sum(parts)
        _, candidates, claims, sentences = runs[0]
        n_sentences = sum(len(a.sentences) for a in articles)
        print(f"| {len(articles)} | {n_sentences} | {candidates} | {len(claims)} | {len(sentences)} | "
              f"{parts[0]:.3f} | {parts[1]:.3f} | {parts[2]:.3f} | {total:.3f} | {1000 * total / len(articles):.1f} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
