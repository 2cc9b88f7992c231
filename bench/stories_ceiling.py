"""How far single-pass (online) grouping can go on these sets, whatever the scoring.

Explains the distance between ``stories_neus.py`` / ``stories_ecb.py`` and their goals by measuring
two optimistic ceilings with plain full-text TF-IDF (idf fitted on the whole set, i.e. knowing the
future, which the online grouper cannot):

- nearest earlier article: for each article whose story already has an earlier report, is the
  most similar earlier article (TF-IDF cosine; and TF-IDF plus the embedding) one of them? An
  online grouper that ranks by similarity cannot join more articles correctly than this;
- online grouping by TF-IDF alone (each article joins the earlier story with the highest mean
  similarity to its members, or starts one), with the cut chosen on the set itself (the best of
  a sweep, reported with its cut): what a tuned single-pass lexical grouper reaches.

Same shuffles as the other story benchmarks; O(n^2) memory (fine for these sets, not a method).

    .venv/bin/python bench/stories_ceiling.py [--sets neus:val neus:train ecb]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from stories_common import BENCH, bcubed, load_ecb, load_neus, shuffled  # noqa: E402

CUTS = (0.1, 0.15, 0.2, 0.25, 0.3, 0.35)


def load(name: str, data: Path, seed: int) -> tuple[list, list[str]]:
    if name == "ecb":
        articles, gold, _ = load_ecb(data / "ecbplus_dev")
    else:
        articles, gold = load_neus(data / "neus", name.split(":", 1)[1])
    order = shuffled(articles, seed=seed)
    return [articles[i] for i in order], [gold[i] for i in order]


def nearest_earlier(sim: np.ndarray, gold: list[str]) -> tuple[float, int]:
    """Share of articles (with an earlier report of their story) whose nearest earlier one is gold."""
    hits = total = 0
    seen: set[str] = set()
    for i, label in enumerate(gold):
        if label in seen:
            total += 1
            hits += gold[int(np.argmax(sim[i, :i]))] == label
        seen.add(label)
    return hits / max(total, 1), total


def online_mean_link(sim: np.ndarray, cut: float) -> list[int]:
    """Each article joins the earlier story with the highest mean similarity if >= cut."""
    n = len(sim)
    label = np.full(n, -1, dtype=np.int64)
    stories = 0
    for i in range(n):
        if i:
            sums = np.bincount(label[:i], weights=sim[i, :i], minlength=stories)
            sizes = np.bincount(label[:i], minlength=stories)
            means = sums / np.maximum(sizes, 1)
            best = int(np.argmax(means))
            if means[best] >= cut:
                label[i] = best
                continue
        label[i] = stories
        stories += 1
    return label.tolist()


def embeddings(articles, embedder: str) -> np.ndarray:
    from newsprism.models import Models
    from newsprism.stories import features

    vectors = Models(embedder_name=embedder).embedder.embed([features.extract(a).embed_text for a in articles])
    vectors = np.asarray(vectors, dtype=np.float32)
    return vectors / np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-9)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=BENCH)
    parser.add_argument("--sets", nargs="+", default=["neus:val", "neus:train", "ecb"])
    parser.add_argument("--embedder", default="wordllama.v1")
    parser.add_argument("--seed", type=int, default=13)
    args = parser.parse_args()
    from sklearn.feature_extraction.text import TfidfVectorizer

    print("| set | articles with an earlier report of their story | nearest earlier is gold: TF-IDF "
          f"| TF-IDF + 0.3 x {args.embedder} | online TF-IDF mean-link, best cut: B3 P / R / F1 (cut) |")
    print("|---|---|---|---|---|")
    for name in args.sets:
        articles, gold = load(name, args.data, args.seed)
        texts = [f"{a.title or ''}\n{a.text}" for a in articles]
        matrix = TfidfVectorizer(stop_words="english", sublinear_tf=True).fit_transform(texts)
        sim = (matrix @ matrix.T).toarray().astype(np.float32)
        nn, total = nearest_earlier(sim, gold)
        emb = embeddings(articles, args.embedder)
        nn_both, _ = nearest_earlier(sim + 0.3 * (emb @ emb.T), gold)
        best = max(((bcubed(gold, online_mean_link(sim, cut)), cut) for cut in CUTS), key=lambda x: x[0][2])
        (p, r, f), cut = best
        print(f"| {name} | {total} | {nn:.3f} | {nn_both:.3f} | {p:.3f} / {r:.3f} / {f:.3f} ({cut}) |", flush=True)


if __name__ == "__main__":
    main()
