"""Fit the cross-lingual claim reader (shipped as newsprism/data/crosslingual.v1.json).

The judge model reads English; two claims in different languages are read instead by the
multilingual embedder (``e5.v1``): the probability that they state the same thing is a logistic
function of the cosine of their centred e5 vectors, fitted here on sentence pairs from public
news translations: a sentence and its human translation (same), against another sentence of the
same news document (same story, other statement) and a sentence of another document.

Data: WMT21 news test sets (github:wmt-conference/wmt21-news-systems @
f41750dadbf2ba6ab01ca5380347d253298a3427, xml/newstest2021.{fr-de,de-fr,ru-en}.all.xml, converted to
JSON Lines with documents as lists of sentences; research use, no licence stated). NTREX-128, which
bench/stories_multilingual.py and bench/claims_multilingual.py report on, is not read.

    .venv/bin/python scripts/fit_crosslingual.py --wmt /work/ml-data/wmt-doclevel
"""

from __future__ import annotations

import argparse
import json
import random
from pathlib import Path

import numpy as np

from newsprism.models import E5Embedder

OUT = Path(__file__).resolve().parents[1] / "src" / "newsprism" / "data" / "crosslingual.v1.json"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--wmt", type=Path, required=True)
    parser.add_argument("--per-set", type=int, default=150, help="positive pairs per test set")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    rng = random.Random(7)
    left, right, label = [], [], []
    for name in ("newstest2021.fr-de", "newstest2021.de-fr", "newstest2021.ru-en"):
        docs = [json.loads(line) for line in (args.wmt / f"{name}.jsonl").read_text(encoding="utf-8").splitlines() if line]
        docs = [(d["src"], next(iter(d["refs"].values()))) for d in docs]
        docs = [(s, r) for s, r in docs if len(s) == len(r) and len(s) >= 3]
        for _ in range(args.per_set):
            k = rng.randrange(len(docs))
            src, ref = docs[k]
            i = rng.randrange(len(src))
            j = rng.choice([x for x in range(len(ref)) if x != i])
            other_src, other_ref = docs[rng.choice([x for x in range(len(docs)) if x != k])]
            left += [src[i], src[i], src[i]]
            right += [ref[i], ref[j], rng.choice(other_ref)]
            label += [1, 0, 0]
    embedder = E5Embedder()
    a, b = embedder.embed(left), embedder.embed(right)
    cos = (a * b).sum(axis=1)
    y = np.array(label, dtype=np.float64)
    w, c = 10.0, -5.0
    for _ in range(5000):  # plain logistic regression on one feature
        p = 1 / (1 + np.exp(-(w * cos + c)))
        w -= 0.5 * np.mean((p - y) * cos)
        c -= 0.5 * np.mean(p - y)
    p = 1 / (1 + np.exp(-(w * cos + c)))
    accuracy = float(np.mean((p >= 0.5) == (y == 1)))
    result = {"embedder": embedder.name, "weight": round(float(w), 4), "bias": round(float(c), 4),
              "pairs": len(y), "train_accuracy": round(accuracy, 4),
              "cosine_same_mean": round(float(cos[y == 1].mean()), 4),
              "cosine_same_story_other_mean": round(float(cos[1::3].mean()), 4),
              "cosine_other_story_mean": round(float(cos[2::3].mean()), 4)}
    args.out.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    print(json.dumps(result))


if __name__ == "__main__":
    main()
