"""Speed of the whole extraction stage (spaCy + entities + quantities + quotes + flows +
canonicalisation), in words per second per core, with and without spaCy's parser, and where the
time goes. Texts: PolNeAR dev articles (real news). Times are CPU seconds of this process
(``time.process_time``), so words per CPU-second is words/s per core and other jobs sharing the
machine inflate them less than wall-clock time; they are still noisy (caches, frequency).

Usage: .venv/bin/python bench/extract_speed.py [--data ../shared/bench] [--model md|sm] [--limit N]
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from newsprism import extract  # noqa: E402
from newsprism.extract import entities, flows, quantities, quotes  # noqa: E402
from newsprism.extract.index import EntityIndex  # noqa: E402
from newsprism.models import Models, load_spacy  # noqa: E402
from newsprism.settings import default_config  # noqa: E402
from newsprism.types import Article  # noqa: E402

DATA = ROOT.parent / "shared" / "bench"


def load_articles(data: Path, limit: int) -> list[Article]:
    files = sorted((data / "polnear" / "dev" / "text").glob("*.txt"))[:limit]
    return [Article(id=f.stem, source=f.name, reader="text", text=f.read_text(encoding="utf-8"),
                    content_hash=f.stem) for f in files]


def timed_stage(articles: list[Article], nlp) -> dict[str, float]:
    parts = {"spacy": 0.0, "entities": 0.0, "quantities": 0.0, "quotes": 0.0, "flows": 0.0,
             "canonicalise": 0.0}
    t0 = time.process_time()
    docs = list(nlp.pipe([a.text for a in articles], batch_size=16))
    parts["spacy"] = time.process_time() - t0
    extractions = []
    for article, doc in zip(articles, docs):
        t = time.process_time()
        index = EntityIndex.build(entities.find(doc, article.text))
        parts["entities"] += time.process_time() - t
        t = time.process_time()
        found = quantities.find(article.text, doc)
        parts["quantities"] += time.process_time() - t
        t = time.process_time()
        quotes.find(doc, article.text, index)
        parts["quotes"] += time.process_time() - t
        t = time.process_time()
        flows.find(doc, article.text, index, found)
        parts["flows"] += time.process_time() - t
        extractions.append(extract.extract_doc(article, doc))
    t = time.process_time()
    extract.canonicalise(extractions, articles, config=default_config())
    parts["canonicalise"] = time.process_time() - t
    return parts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--model", default="md")
    parser.add_argument("--limit", type=int, default=40)
    args = parser.parse_args()
    articles = load_articles(args.data, args.limit)
    words = sum(len(a.text.split()) for a in articles)
    print(f"Extraction speed: {len(articles)} PolNeAR dev articles, {words} words, spaCy {args.model}, "
          f"1 process (torch/numpy threads: {os.environ.get('OMP_NUM_THREADS', 'default')})\n")
    print("| setting | words/s (whole stage) | spaCy s | entities s | quantities s | quotes s | flows s | canonicalise s |")
    print("|---|---|---|---|---|---|---|---|")
    for label, disable in (("with parser", []), ("without parser", ["parser"])):
        nlp = load_spacy(args.model, disable=disable)
        if disable:  # sentences from punctuation rules instead of the parse
            nlp.add_pipe("sentencizer", first=True)
        list(extract.run(articles[:2], config=default_config(), models=Models.with_(nlp=nlp)))  # warm-up
        started = time.process_time()
        list(extract.run(articles, config=default_config(), models=Models.with_(nlp=nlp)))
        whole = time.process_time() - started
        parts = timed_stage(articles, nlp)
        print(f"| {label} | {words / whole:,.0f} | {parts['spacy']:.2f} | {parts['entities']:.2f} | "
              f"{parts['quantities']:.2f} | {parts['quotes']:.2f} | {parts['flows']:.2f} | "
              f"{parts['canonicalise']:.2f} |")
    print("\nwords/s = words / CPU seconds of the whole stage; the breakdown re-runs each part on the same docs.")


if __name__ == "__main__":
    main()
