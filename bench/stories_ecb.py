"""ECB+ dev story grouping: each document's text is rebuilt from the token file, documents are
shuffled and streamed into the online grouper. Gold at the event level is (topic, ecb or ecbplus
from the file name): inside one topic, the two halves are two different events of the same kind
(two earthquakes, two phone launches). The topic level is reported too, next to the scikit-learn
baseline (TF-IDF + average-link agglomerative clustering, offline, all pairs).

ECB+ has no publication dates in the token file, so the time decay is off.

    .venv/bin/python bench/stories_ecb.py [--data DIR] [--embedder wordllama.v1 minilm.v1]
        [--two-phase 25 50]   (the batch engines' plan: partitions grouped apart, then merged)
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from stories_common import (  # noqa: E402
    BENCH,
    TABLE_HEAD,
    baseline,
    load_ecb,
    run_online,
    run_two_phase,
    shuffled,
    table_row,
)

from newsprism.models import Models  # noqa: E402
from newsprism.settings import default_config  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=BENCH / "ecbplus_dev")
    parser.add_argument("--embedder", nargs="+", default=["wordllama.v1", "minilm.v1"])
    parser.add_argument("--seeds", type=int, nargs="+", default=[13, 14, 15])
    parser.add_argument("--baseline-cut", type=float, default=0.8,
                        help="cosine distance cut for the baseline (the one chosen on NeuS val)")
    parser.add_argument("--two-phase", nargs="*", type=int, default=[],
                        help="also run the batch engines' two-phase plan with these partition sizes")
    parser.add_argument("--set", nargs="*", default=[], help="setting overrides name=value")
    args = parser.parse_args()
    config = default_config().replace(**dict(s.split("=", 1) for s in args.set))
    all_articles, all_events, all_topics = load_ecb(args.data)
    for seed in args.seeds:
        order = shuffled(all_articles, seed=seed)
        articles = [all_articles[i] for i in order]
        levels = {"event (topic, ecb/ecbplus)": [all_events[i] for i in order],
                  "topic": [all_topics[i] for i in order]}
        results = [run_online(articles, config=config, models=Models(embedder_name=name),
                              name=f"newsprism online ({name})") for name in args.embedder]
        results += [run_two_phase(articles, config=config, models=Models(embedder_name=name), partition=size,
                                  name=f"newsprism two-phase, partitions of {size} ({name})")
                    for name in args.embedder for size in args.two_phase]
        results.append(baseline(articles, distance=args.baseline_cut))
        for level, gold in levels.items():
            print(f"\n### ECB+ dev, {level}: {len(articles)} documents, {len(set(gold))} gold stories, "
                  f"shuffled (seed {seed})\n")
            print(TABLE_HEAD)
            for result in results:
                print(table_row(result, gold), flush=True)


if __name__ == "__main__":
    main()
