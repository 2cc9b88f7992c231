"""Story grouping on a dated stream: reports of gun-violence incidents (one incident, one story),
streamed in publication order, next to the scikit-learn baseline (TF-IDF + average-link
agglomerative clustering, offline, all pairs).

The data is not in ../shared/bench: fetch github:cltl/LongTailQATask (the SemEval-2018 task 5
pilot corpus: Gun Violence Archive incidents and the local news reports that document them,
each with its document creation date; commit 1306bad62fb2750583548a1f5880abe086b3f1c4; no licence
is stated in the repository: research data, the texts belong to their outlets) and pass its folder
with --data. Every incident is of the
same kind (a shooting), so the confusers are hard: many shootings a day, in the same cities.
The corpus gives days, not times: reports of one day are streamed in a random order (--seed).
Incidents are split in two halves by a hash of their id (--half dev / test / all): settings are
chosen on dev, test is reported beside it.

    .venv/bin/python bench/stories_dated.py --data /work/stories-data/longtailqa [--half dev test]
        [--embedder wordllama.v1] [--two-phase 1000] [--limit N]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from stories_common import (  # noqa: E402
    GVA_CORPUS,
    load_gva,
    print_methods,
    shuffled_within_days,
)

from newsprism.settings import default_config  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=Path("/work/stories-data/longtailqa"),
                        help="the fetched cltl/LongTailQATask folder (or its the_violent_corpus folder)")
    parser.add_argument("--half", nargs="+", default=["dev", "test"], choices=["dev", "test", "all"])
    parser.add_argument("--embedder", nargs="+", default=["wordllama.v1"])
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--limit", type=int, default=0, help="only the first N reports of the stream")
    parser.add_argument("--baseline-cut", type=float, default=0.8,
                        help="cosine distance cut for the baseline (the one chosen on NeuS val)")
    parser.add_argument("--no-baseline", action="store_true")
    parser.add_argument("--two-phase", nargs="*", type=int, default=[],
                        help="also run the batch engines' two-phase plan with these partition sizes")
    parser.add_argument("--set", nargs="*", default=[], help="setting overrides name=value")
    args = parser.parse_args()
    if not (args.data / GVA_CORPUS).is_dir() and not any(args.data.glob("*/*.json")):
        print(f"no dated corpus at {args.data}: fetch github:cltl/LongTailQATask and pass --data; skipped")
        return
    config = default_config().replace(**dict(s.split("=", 1) for s in args.set))
    for half in args.half:
        articles, gold = load_gva(args.data, half=half)
        order = shuffled_within_days(articles, seed=args.seed)
        if args.limit:
            order = order[: args.limit]
        articles, gold = [articles[i] for i in order], [gold[i] for i in order]
        print(f"\n### Gun violence reports ({half}): {len(articles)} reports, {len(set(gold))} incidents, "
              f"in date order (seed {args.seed})\n")
        print_methods(articles, gold, config=config, embedders=args.embedder, two_phase=args.two_phase,
                      baseline_cut=None if args.no_baseline else args.baseline_cut)


if __name__ == "__main__":
    main()
