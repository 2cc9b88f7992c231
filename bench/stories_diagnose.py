"""Where online story grouping loses quality: retrieval or decision.

Streams a data set through the grouper (as stories_neus.py / stories_ecb.py do) and, for every
article whose gold story already exists among the live stories, asks: was a story holding its
gold story among the ANN candidates (retrieval), was it the best-scored candidate (ranking), and
did the article join it (decision: threshold, or margin with agreeing facts)? A gold story can be split over several
rows; the best-scored of them counts. Also prints the quantiles of that gold score and of the
best wrong candidate's score, so a change to scoring can be aimed at the part that fails.

    .venv/bin/python bench/stories_diagnose.py [--sets neus:val ecb] [--embedder wordllama.v1]
"""

from __future__ import annotations

import argparse
import sys
from collections import defaultdict
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from stories_common import BENCH, load_ecb, load_neus, shuffled  # noqa: E402

from newsprism.models import Models  # noqa: E402
from newsprism.settings import default_config  # noqa: E402
from newsprism.stories import Grouper, features  # noqa: E402
from newsprism.stories.score import prepare, score  # noqa: E402


def load(name: str, data: Path) -> tuple[list, list[str]]:
    if name == "ecb":
        articles, events, _ = load_ecb(data / "ecbplus_dev")
        return articles, events
    return load_neus(data / "neus", name.split(":", 1)[1])


def diagnose(articles, gold, *, grouper: Grouper) -> dict[str, object]:
    index = grouper.index
    rows_of_gold: dict[str, set[int]] = defaultdict(set)
    embeddings = grouper.embed([features.extract(a).embed_text for a in articles])
    exists = retrieved = ranked = decided = 0
    gold_scores, wrong_scores = [], []
    for article, label, embedding in zip(articles, gold, embeddings):
        feats = features.extract(article)
        live = {grouper._live(r) for r in rows_of_gold.get(label, ())}
        if live:
            exists += 1
            prepared = prepare(feats, embedding, index)
            rows = index.search(prepared.vector, grouper.candidates)
            scores = score(prepared, index, rows, half_life_days=grouper.half_life)
            is_gold = np.isin(rows, np.fromiter(live, dtype=np.int64))
            if is_gold.any():
                retrieved += 1
                best_gold = float(scores[is_gold].max())
                best_wrong = float(scores[~is_gold].max()) if (~is_gold).any() else 0.0
                ranked += best_gold >= best_wrong
                gold_scores.append(best_gold)
                wrong_scores.append(best_wrong)
        grouper._assign(article, feats, embedding)
        decided += bool(live) and grouper._live(int(index.article_story[-1])) in live
        rows_of_gold[label].add(int(index.article_story[-1]))
    return {"exists": exists, "retrieved": retrieved, "ranked": ranked, "decided": decided,
            "gold": np.array(gold_scores), "wrong": np.array(wrong_scores)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=BENCH)
    parser.add_argument("--sets", nargs="+", default=["neus:val", "ecb"])
    parser.add_argument("--embedder", default="wordllama.v1")
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--set", nargs="*", default=[], help="setting overrides name=value")
    args = parser.parse_args()
    config = default_config().replace(**dict(s.split("=", 1) for s in args.set))
    quantiles = (0.1, 0.25, 0.5, 0.75)
    print("| set | articles with a live gold story | gold among candidates | gold best-scored "
          "| joined a gold row | gold score q10/q25/q50/q75 | best wrong q10/q25/q50/q75 |")
    print("|---|---|---|---|---|---|---|")
    for name in args.sets:
        articles, gold = load(name, args.data)
        order = shuffled(articles, seed=args.seed)
        articles, gold = [articles[i] for i in order], [gold[i] for i in order]
        grouper = Grouper(config=config, models=Models(embedder_name=args.embedder))
        d = diagnose(articles, gold, grouper=grouper)
        n = max(d["exists"], 1)
        q_gold = "/".join(f"{v:.2f}" for v in np.quantile(d["gold"], quantiles)) if len(d["gold"]) else "-"
        q_wrong = "/".join(f"{v:.2f}" for v in np.quantile(d["wrong"], quantiles)) if len(d["wrong"]) else "-"
        print(f"| {name} | {d['exists']} | {d['retrieved'] / n:.3f} | {d['ranked'] / n:.3f} | "
              f"{d['decided'] / n:.3f} | {q_gold} | {q_wrong} |", flush=True)


if __name__ == "__main__":
    main()
