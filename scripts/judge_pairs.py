"""In-domain pairs for the judge: claims of different reports of one story, as the pipeline makes
them, from NeuS *train* (never its test split, never val).

For each story the real stages run (normalise, extract, claim candidates); each claim is paired
with its three nearest claims of the story's other reports (WordLlama vectors: the quick model
is what these pairs train, so they must not be chosen by it) and one at random. The text of each
side is what the judge reads at run time (``ClaimCandidate.judged_text``). Stories are split
90/10 into train and val by a hash of their line number.

    .venv/bin/python scripts/judge_pairs.py --out DATA/derived/neus_train_pairs.jsonl
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

from brief_neus import articles_of  # noqa: E402

from newsprism import align, extract  # noqa: E402
from newsprism.models import Models, load_embedder  # noqa: E402
from newsprism.settings import default_config  # noqa: E402

NEAREST = 3


def story_pairs(candidates, vectors, rng: random.Random) -> set[tuple[int, int]]:
    sims = vectors @ vectors.T
    report = np.array([c.article_id for c in candidates])
    pairs: set[tuple[int, int]] = set()
    for i in range(len(candidates)):
        others = np.flatnonzero(report != report[i])
        if not len(others):
            continue
        for j in others[np.argsort(-sims[i, others], kind="stable")[:NEAREST]]:
            pairs.add((min(i, int(j)), max(i, int(j))))
        j = int(rng.choice(list(others)))
        pairs.add((min(i, j), max(i, j)))
    return pairs


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--neus", type=Path, default=ROOT.parent / "shared" / "bench" / "neus" / "train.source")
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    if args.neus.name.startswith(("test", "val")):
        parser.error("pairs are made from NeuS train only")
    config = default_config()
    models = Models(spacy_model=config["spacy_model"])
    embedder = load_embedder("wordllama.v1")
    rng = random.Random(args.seed)
    lines = args.neus.read_text(encoding="utf-8").splitlines()
    written = 0
    args.out.parent.mkdir(parents=True, exist_ok=True)
    with args.out.open("w", encoding="utf-8") as out:
        for number, line in enumerate(lines):
            articles = articles_of(line, number, config)
            if len(articles) < 2:
                continue
            extractions = list(extract.run(articles, config=config, models=models))
            extractions, _ = extract.canonicalise(extractions, articles, config=config)
            by_id = {e.article_id: e for e in extractions}
            found = [c for a in articles for c in align.candidates(a, by_id[a.id])]
            unique = list({(c.article_id, c.judged_text): c for c in found}.values())
            if len(unique) < 2:
                continue
            vectors = embedder.embed([c.judged_text for c in unique])
            split = "val" if int(hashlib.sha1(str(number).encode()).hexdigest()[:6], 16) % 10 == 0 else "train"
            for i, j in sorted(story_pairs(unique, vectors, rng)):
                out.write(json.dumps({"a": unique[i].judged_text, "b": unique[j].judged_text, "story": number,
                                      "split": split}) + "\n")
                written += 1
            if number % 500 == 0:
                print(f"... {number} stories, {written} pairs", file=sys.stderr, flush=True)
    print(f"{written} pairs from {len(lines)} stories -> {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
