"""The claim judge, measured: pair accuracy on held-out validation pairs, whether claims of
paraphrase pairs line up in the real pipeline, verdict counts on NeuS val, and its cost.

Sections (``--only``, default all):

- ``pairs``: accuracy and F1 of the shipped judge on the validation split of each training set
  (``scripts/judge_data.py``: our own held-out parts, never a set's test split), with the
  calibration error; needs ``--data`` (the judge's public data, docs/judge.md).
- ``lineup``: each MRPC validation pair (held out of MRPC *train*) made into a story of two
  one-sentence reports from two outlets; the real stages run (normalise, extract, align, judge);
  a pair "lines up" when one claim has mentions in both reports. Reported separately for
  paraphrase and non-paraphrase pairs; needs ``--data``.
- ``neus``: verdict counts over NeuS val stories, and a sample of corroborated and single-source
  claims with their mentions printed for a careful reader's hand check (``--sample N``).
- ``cost``: seconds of align + judge per story and per article on NeuS val, and the judge's own
  share.

    .venv/bin/python bench/judge.py --data /path/to/judge-data [--only pairs,lineup,neus,cost]
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))
sys.path.insert(0, str(ROOT / "bench"))

from brief_neus import articles_of  # noqa: E402

from newsprism import align, extract, judge, normalise, origins  # noqa: E402
from newsprism.models import Models  # noqa: E402
from newsprism.settings import default_config  # noqa: E402
from newsprism.types import RawDoc, Story  # noqa: E402

BENCH = ROOT.parent / "shared" / "bench"
LABELS = ("same", "conflicting", "different")


def section_pairs(data: Path, models: Models) -> None:
    import judge_data

    pairs = [p for p in judge_data.load(data, list(judge_data.READERS)) if p.split == "val"]
    probs = models.judge.probabilities([(p.a, p.b) for p in pairs])
    predicted = probs.argmax(axis=1)
    gold = np.array([LABELS.index(p.label) for p in pairs])
    print(f"## Judge ({models.judge.name}) on held-out validation pairs\n")
    print("| set | pairs | accuracy | F1 'same' | F1 'conflicting' | ECE |")
    print("|---|---:|---:|---:|---:|---:|")
    sources = sorted({p.source for p in pairs})
    for source in sources + ["all"]:
        rows = np.array([i for i, p in enumerate(pairs) if source in ("all", p.source)])
        print(f"| {source} | {len(rows)} | {np.mean(predicted[rows] == gold[rows]):.3f} | "
              f"{_f1(predicted[rows], gold[rows], 0)} | {_f1(predicted[rows], gold[rows], 1)} | "
              f"{_ece(probs[rows], gold[rows]):.3f} |")
    print()


def _f1(predicted: np.ndarray, gold: np.ndarray, label: int) -> str:
    if not (gold == label).any():
        return "-"
    tp = float(((predicted == label) & (gold == label)).sum())
    fp = float(((predicted == label) & (gold != label)).sum())
    fn = float(((predicted != label) & (gold == label)).sum())
    return f"{2 * tp / (2 * tp + fp + fn):.3f}" if tp else "0.000"


def _ece(probs: np.ndarray, gold: np.ndarray, bins: int = 10) -> float:
    confidence, correct = probs.max(axis=1), probs.argmax(axis=1) == gold
    ece = 0.0
    for lo in np.linspace(0, 1, bins, endpoint=False):
        inside = (confidence > lo) & (confidence <= lo + 1 / bins)
        if inside.any():
            ece += inside.mean() * abs(correct[inside].mean() - confidence[inside].mean())
    return float(ece)


def _two_reports(a: str, b: str, n: int, config) -> list:
    out = []
    for k, text in enumerate((a, b)):
        doc = RawDoc(source=f"pair:{n}:{k}", reader="bench", body=text, payload=f"{n}:{k}:{text}".encode(),
                     title=None, outlet=f"Outlet {'AB'[k]}")
        out.append(normalise.normalise(doc, config=config))
    return out


def lined_up(articles, claims) -> bool:
    ids = {a.id for a in articles}
    return any({m.article_id for m in c.mentions} >= ids for c in claims)


def section_lineup(data: Path, models: Models, config) -> None:
    import judge_data

    sets = [
        ("MRPC paraphrase", [p for p in judge_data.mrpc(data) if p.split == "val" and p.label == "same"]),
        ("MRPC not paraphrase", [p for p in judge_data.mrpc(data) if p.split == "val" and p.label == "different"]),
        ("ClaimDiff: two outlets' different claims on one topic",
         [p for p in judge_data.claimdiff(data) if p.split == "val" and not p.a.startswith(p.b[:40])]),
    ]
    print("## Claims of held-out pairs lining up (two one-sentence reports of two outlets, the real stages)\n")
    print("| pairs | count | lined up | rate |\n|---|---:|---:|---:|")
    for name, pairs in sets:
        hit = 0
        for n, pair in enumerate(pairs):
            articles = _two_reports(pair.a, pair.b, n, config)
            hit += lined_up(articles, _claims(articles, config, models))
        print(f"| {name} | {len(pairs)} | {hit} | {hit / len(pairs):.3f} |")
    print()


def _claims(articles, config, models):
    found = origins.run(articles, config=config, models=models)
    extractions = list(extract.run(articles, config=config, models=models))
    extractions, _ = extract.canonicalise(extractions, articles, config=config)
    story = Story(id="s", title="", article_ids=tuple(a.id for a in articles))
    topics = align.run(story, articles, {e.article_id: e for e in extractions}, config=config, models=models)
    claims, _ = judge.run(topics, {o.article_id: o for o in found}, config=config)
    return claims


def section_neus(models: Models, config, *, sample: int, limit: int, seed: int) -> list[float]:
    lines = (BENCH / "neus" / "val.source").read_text(encoding="utf-8").splitlines()[: limit or None]
    statuses: Counter = Counter()
    picked: dict[str, list] = {"corroborated": [], "single-source": []}
    seconds, sizes = [], []
    for number, line in enumerate(lines):
        articles = articles_of(line, number, config)
        found = origins.run(articles, config=config, models=models)
        extractions = list(extract.run(articles, config=config, models=models))
        extractions, _ = extract.canonicalise(extractions, articles, config=config)
        story = Story(id=f"n{number}", title="", article_ids=tuple(a.id for a in articles))
        t0 = time.perf_counter()
        topics = align.run(story, articles, {e.article_id: e for e in extractions}, config=config, models=models)
        claims, _ = judge.run(topics, {o.article_id: o for o in found}, config=config)
        seconds.append(time.perf_counter() - t0)
        sizes.append(len(articles))
        statuses.update(c.status for c in claims)
        text_of = {a.id: a for a in articles}
        for claim in claims:
            if claim.status in picked:
                picked[claim.status].append((number, claim, text_of))
    print(f"## NeuS val: verdicts over {len(lines)} stories ({sum(sizes)} reports)\n")
    print("| verdict | claims |\n|---|---:|")
    for status in ("corroborated", "repeated", "conflicting", "single-source"):
        print(f"| {status} | {statuses[status]} |")
    print()
    rng = random.Random(seed)
    for status, found_claims in picked.items():
        print(f"### {sample} {status} claims for the hand check (seed {seed})\n")
        for number, claim, text_of in rng.sample(found_claims, min(sample, len(found_claims))):
            print(f"- story {number}, {claim.id}: {claim.text}")
            for m in claim.mentions:
                article = text_of[m.article_id]
                print(f"    - [{article.outlet}] {article.text[m.start:m.end]}")
        print()
    print(f"align + judge: {statistics.mean(seconds) * 1000:.1f} ms per story, "
          f"{sum(seconds) / sum(sizes) * 1000:.2f} ms per report (mean of {len(seconds)} stories)\n")
    return seconds


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, help="the judge's public data (docs/judge.md)")
    parser.add_argument("--only", default="pairs,lineup,neus")
    parser.add_argument("--sample", type=int, default=30)
    parser.add_argument("--limit", type=int, default=0, help="NeuS val stories (0 = all)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--set", nargs="*", default=[], metavar="NAME=VALUE",
                        help="setting overrides, e.g. judge=judge.v1-quick")
    args = parser.parse_args(argv)
    config = default_config().replace(**dict(s.split("=", 1) for s in args.set))
    try:
        from newsprism.models import models_for
    except ImportError:  # a checkout from before the judge model (the "before" column)
        models = Models(spacy_model=config["spacy_model"], embedder_name=config["embedder"])
    else:
        models = models_for(config)
    wanted = set(args.only.split(","))
    if {"pairs", "lineup"} & wanted and args.data is None:
        parser.error("--data is needed for the pairs and lineup sections")
    if "pairs" in wanted and hasattr(models, "judge"):
        section_pairs(args.data, models)
    if "lineup" in wanted:
        section_lineup(args.data, models, config)
    if "neus" in wanted:
        section_neus(models, config, sample=args.sample, limit=args.limit, seed=args.seed)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
