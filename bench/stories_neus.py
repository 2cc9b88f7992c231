"""NeuS story grouping: every line is one story told by three outlets. All reports of a split are
shuffled and streamed into the online grouper; B-cubed P/R/F1 and ARI against the lines, next to
the scikit-learn baseline (TF-IDF + average-link agglomerative clustering, offline, all pairs).

NeuS has no publication dates, so the time decay is off (every article has ``published=None``).

    .venv/bin/python bench/stories_neus.py [--data DIR] [--splits val train] [--embedder wordllama.v1]
        [--two-phase 250 1000]   (the batch engines' plan: partitions grouped apart, then merged)
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from stories_common import (  # noqa: E402
    BENCH,
    load_neus,
    print_methods,
    shuffled,
)

from newsprism.settings import default_config  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=BENCH / "neus")
    parser.add_argument("--splits", nargs="+", default=["val", "train"])
    parser.add_argument("--embedder", nargs="+", default=["wordllama.v1", "minilm.v1"])
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--baseline-cut", type=float, default=0.8,
                        help="cosine distance cut for the baseline (0.8: best on NeuS val of 0.7/0.8/0.85/0.9)")
    parser.add_argument("--no-baseline", action="store_true")
    parser.add_argument("--two-phase", nargs="*", type=int, default=[],
                        help="also run the batch engines' two-phase plan with these partition sizes")
    parser.add_argument("--set", nargs="*", default=[], help="setting overrides name=value")
    args = parser.parse_args()
    config = default_config().replace(**dict(s.split("=", 1) for s in args.set))
    for split in args.splits:
        articles, gold = load_neus(args.data, split)
        order = shuffled(articles, seed=args.seed)
        articles, gold = [articles[i] for i in order], [gold[i] for i in order]
        print(f"\n### NeuS {split}: {len(articles)} reports, {len(set(gold))} stories, shuffled (seed {args.seed})\n")
        print_methods(articles, gold, config=config, embedders=args.embedder, two_phase=args.two_phase,
                      baseline_cut=None if args.no_baseline else args.baseline_cut)


if __name__ == "__main__":
    main()
