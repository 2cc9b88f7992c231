"""Origins at scale: time and memory for 10k, 100k and 1M short documents (linear, no all-pairs).

Documents are short (40-90 words) and drawn from the word frequencies of real news text
(PolNeAR and NeuS under ``../shared/bench``), so unrelated documents share words the way real
ones do; 10% are re-published copies of an earlier document (new headline, cut ending) and 2%
cite an agency in their lead. Modes:

- ``full``: ``newsprism.origins.run`` (citations, exact/near copies, rewrite candidates and
  sentence alignment with the configured embedder, roots);
- ``near``: the index alone (content hash + near-copy MinHash LSH), what a store-wide dedup costs.

The time per document must stay flat as N grows. Peak memory (ru_maxrss) is reported because
the in-memory datasketch LSH holds one bucket entry per band per document. The CPU is shared
with other work, so timings are noisy; CPU seconds are printed beside wall seconds.

Usage: .venv/bin/python bench/origins_scale.py [--sizes 10000,100000] [--mode full|near]
"""

from __future__ import annotations

import argparse
import hashlib
import random
import re
import resource
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Iterator

import numpy as np

from newsprism import origins
from newsprism.models import Models
from newsprism.settings import default_config
from newsprism.types import Article

DEFAULT_DATA = Path(__file__).resolve().parents[1].parent / "shared" / "bench"
HEADLINE = (6, 15)  # words in a headline
AGENCIES = ("(AP) —", "(Reuters) -", "(AFP) —", "(Yonhap) —")


def vocabulary(data: Path) -> tuple[list[str], np.ndarray]:
    counts: Counter[str] = Counter()
    for path in sorted((data / "polnear").glob("*/text/*.txt")):
        counts.update(re.findall(r"[A-Za-z][A-Za-z'’-]*|\d[\d,.]*", path.read_text(encoding="utf-8")))
    source = data / "neus" / "train.source"
    if source.exists():
        counts.update(re.findall(r"[A-Za-z][A-Za-z'’-]*|\d[\d,.]*", source.read_text(encoding="utf-8")))
    words = [w for w, _ in counts.most_common(60_000)]
    freq = np.array([counts[w] for w in words], dtype=np.float64)
    return words, freq / freq.sum()


def _sentence(words: list[str], rng: np.random.Generator, cdf: np.ndarray, *, size: tuple[int, int] = (10, 22)) -> str:
    picked = np.searchsorted(cdf, rng.random(int(rng.integers(*size))), side="right").clip(0, len(words) - 1)
    text = " ".join(words[i] for i in picked)
    return text[:1].upper() + text[1:] + "."


def documents(n: int, *, seed: int, words: list[str], probs: np.ndarray) -> Iterator[Article]:
    rng = np.random.default_rng(seed)
    probs = np.cumsum(probs)  # sampling by searchsorted on the CDF: rng.choice(p=...) is O(V) a call
    pyrng = random.Random(seed)
    recent: list[str] = []
    for i in range(n):
        is_copy = bool(recent) and pyrng.random() < 0.10
        if is_copy:
            base = pyrng.choice(recent)
            lines = base.split("\n")
            # A copy: the re-publisher's own headline, the last sentence cut.
            text = "\n".join([_sentence(words, rng, probs, size=HEADLINE)] + lines[1:-1] if len(lines) > 3 else lines)
        else:
            title = _sentence(words, rng, probs, size=HEADLINE)
            body = [_sentence(words, rng, probs) for _ in range(int(rng.integers(3, 6)))]
            if pyrng.random() < 0.02:
                body[0] = f"SEOUL {pyrng.choice(AGENCIES)} {body[0]}"
            text = "\n".join([title, *body])
            recent.append(text)
            if len(recent) > 1000:
                recent.pop(0)
        digest = hashlib.sha256(text.encode()).hexdigest()[:16]
        yield Article(id=f"d{i}", source="copy" if is_copy else "original", reader="bench", text=text, content_hash=digest,
                      published=f"{i:09d}")


def run_once(n: int, *, mode: str, words: list[str], probs: np.ndarray, models: Models) -> tuple[float, float, int, int, int]:
    config = default_config()
    copies = 0
    made = 0
    if mode == "full":
        articles = list(documents(n, seed=n, words=words, probs=probs))
        made = sum(1 for a in articles if a.source == "copy")
        t0, c0 = time.perf_counter(), time.process_time()
        result = origins.run(articles, config=config, models=models)
        copies = sum(1 for o in result if o.duplicate_of)
    else:
        # Only (id, hash, text) kept in memory: at 1M documents the index is what is measured.
        docs = []
        for a in documents(n, seed=n, words=words, probs=probs):
            docs.append((a.id, a.content_hash, a.text))
            made += a.source == "copy"
        index = origins.new_index(config)
        t0, c0 = time.perf_counter(), time.process_time()
        for aid, content_hash, text in docs:
            sigs = index.signatures(text, rewrites=False)
            if index.exact(content_hash) or index.near(sigs[0], sigs[1]):
                copies += 1
            index.add(aid, content_hash, sigs, root=f"article:{aid}", root_name=aid)
    wall, cpu = time.perf_counter() - t0, time.process_time() - c0
    return wall, cpu, copies, made, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--sizes", default="10000,100000,1000000")
    parser.add_argument("--mode", choices=("full", "near"), default="full")
    args = parser.parse_args(argv)
    words, probs = vocabulary(args.data)
    if not words:
        print(f"no texts under {args.data}", file=sys.stderr)
        return 1
    models = Models()
    print(f"origins scale, mode {args.mode} (embedder {models.embedder_name}); shared 2-core machine\n")
    print("| documents | wall s | CPU s | µs/doc (CPU) | docs/s (CPU) | copies made | found (incl. copies among originals) | peak RSS MiB |")
    print("|---:|---:|---:|---:|---:|---:|---:|---:|")
    for n in (int(s) for s in args.sizes.split(",")):
        wall, cpu, copies, made, rss = run_once(n, mode=args.mode, words=words, probs=probs, models=models)
        print(f"| {n:,} | {wall:,.1f} | {cpu:,.1f} | {cpu / n * 1e6:,.0f} | {n / cpu:,.0f} | {made:,} | {copies:,} | {rss:,} |",
              flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
