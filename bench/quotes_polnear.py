"""Quotes and reported speech on PolNeAR dev: source-span and content-span overlap P/R/F1.

Gold: brat standoff in ``polnear/dev/attributions/*.ann`` (Source, Cue and Content spans tied by
Attribution events); one annotator's file per article (the first by name when several annotated
it). Predictions: ``newsprism.extract`` quotes of the article text (their content span, and their
speaker span where one was found). A predicted span is correct when it overlaps a gold span of
the same role by at least one character; each gold span is counted once. Citron (BBC) reports
source-span F1 0.820 on a comparable corpus.

Usage: .venv/bin/python bench/quotes_polnear.py [--data ../shared/bench] [--model md|sm] [--limit N]
       [--scope all|claims|both]   (extract_scope: every sentence parsed, or only those that can
                                    carry a claim; "both" prints one table per scope)
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from newsprism import extract  # noqa: E402
from newsprism.models import Models  # noqa: E402
from newsprism.normalise import paragraph_offsets, sentence_offsets  # noqa: E402
from newsprism.settings import default_config  # noqa: E402
from newsprism.types import Article  # noqa: E402

DATA = ROOT.parent / "shared" / "bench"
Span = tuple[int, int]


def read_gold(path: Path) -> tuple[list[Span], list[Span]]:
    """(source spans, content spans) of the attributions in one .ann file."""
    spans: dict[str, tuple[str, list[Span]]] = {}
    events: list[str] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("T"):
            tid, info, *_ = line.split("\t")
            kind, _, ranges = info.partition(" ")
            pieces = [tuple(int(x) for x in r.split()) for r in ranges.split(";")]
            spans[tid] = (kind, [(a, b) for a, b in pieces])
        elif line.startswith("E"):
            events.append(line.split("\t")[1])
    sources: set[Span] = set()
    contents: set[Span] = set()
    for event in events:
        for arg in event.split()[1:]:
            role, _, tid = arg.partition(":")
            role = role.rstrip("0123456789")
            if tid in spans and role in {"Source", "Content"}:
                for span in spans[tid][1]:
                    (sources if role == "Source" else contents).add(span)
    return sorted(sources), sorted(contents)


def overlap(a: Span, b: Span) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def prf(pred: list[Span], gold: list[Span]) -> tuple[int, int, int, int]:
    hit_pred = sum(any(overlap(p, g) for g in gold) for p in pred)
    hit_gold = sum(any(overlap(g, p) for p in pred) for g in gold)
    return hit_pred, len(pred), hit_gold, len(gold)


def articles(data: Path, limit: int | None) -> list[tuple[Article, Path]]:
    dev = data / "polnear" / "dev"
    chosen: dict[str, Path] = {}
    for ann in sorted((dev / "attributions").glob("*.ann")):
        stem = ann.stem.rsplit("_", 1)[0]
        text = dev / "text" / f"{stem}.txt"
        if text.exists() and stem not in chosen:
            chosen[stem] = ann
    out = []
    for stem, ann in list(chosen.items())[:limit]:
        text = (dev / "text" / f"{stem}.txt").read_text(encoding="utf-8")
        paragraphs = paragraph_offsets(text)  # sentences as the pipeline's normalise gives them
        out.append((Article(id=stem, source=stem, reader="text", text=text, content_hash=stem,
                            paragraphs=paragraphs, sentences=sentence_offsets(text, paragraphs)), ann))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--model", default="md")
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument("--scope", choices=("all", "claims", "both"), default="all")
    args = parser.parse_args()
    pairs = articles(args.data, args.limit)
    models = Models(spacy_model=args.model)
    for scope in ("all", "claims") if args.scope == "both" else (args.scope,):
        report(pairs, models, args.model, scope)


def report(pairs: list[tuple[Article, Path]], models: Models, model: str, scope: str) -> None:
    config = default_config().replace(extract_scope=scope)
    started = time.perf_counter()
    found = list(extract.run([a for a, _ in pairs], config=config, models=models))
    seconds = time.perf_counter() - started
    totals = {"source": [0, 0, 0, 0], "content": [0, 0, 0, 0]}
    kinds: Counter[str] = Counter()
    for (article, ann), extraction in zip(pairs, found):
        gold_sources, gold_contents = read_gold(ann)
        pred_contents = [(q.start, q.end) for q in extraction.quotes]
        pred_sources = sorted({(q.speaker_start, q.speaker_end) for q in extraction.quotes
                               if q.speaker_start is not None})
        kinds.update(q.kind for q in extraction.quotes)
        for key, pred, gold in (("source", pred_sources, gold_sources), ("content", pred_contents, gold_contents)):
            for i, n in enumerate(prf(pred, gold)):
                totals[key][i] += n
    print(f"Quotes on PolNeAR dev ({len(pairs)} articles, spaCy {model}, extract_scope {scope}, "
          f"{seconds:.0f} s wall)\n")
    print("| span | gold | predicted | precision | recall | F1 |")
    print("|---|---|---|---|---|---|")
    for key, (hp, np_, hg, ng) in totals.items():
        p = hp / np_ if np_ else 0.0
        r = hg / ng if ng else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        print(f"| {key} | {ng} | {np_} | {p:.3f} | {r:.3f} | {f:.3f} |")
    print(f"\nPredicted quotes by kind: {dict(kinds)}. Citron (BBC): source-span F1 0.820.\n")


if __name__ == "__main__":
    main()
