"""Ingest benchmark: articles per second and peak memory for each reader and for the SQLite store.

Real articles come from ``../shared/bench/``: every NeuS report (train + val ``.source``, three
reports a line as ``TITLE=> ... ARTICLE=> ...``), every NeuS human-written neutral summary
(``.target``, same format) and every PolNeAR article (``*/text/*.txt``, with title, publisher and
date from ``metadata.tsv``). They are written into a temporary folder once per format: plain
text files, HTML pages, JSON Lines, RSS feeds and WARC.gz archives. Each reader then runs in its
own subprocess (so peak memory is its own): ``ingest.run`` + ``normalise`` over its folder. The
store row normalises the JSON Lines copy first (untimed), then times ``store.add_articles`` in
batches of 500 (as the pipeline does) into a fresh SQLite file, and a second, idempotent pass.

Timings are wall-clock on a shared 2-core machine with other jobs running: they are noisy.

    .venv/bin/python bench/ingest.py [--data ../shared/bench] [--limit N] [--keep DIR]
"""

from __future__ import annotations

import argparse
import csv
import html
import io
import json
import os
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from email.utils import format_datetime
from datetime import datetime, timezone
from pathlib import Path

BENCH = Path(__file__).resolve().parents[1].parent / "shared" / "bench"
READERS = ("text", "html", "jsonl", "rss", "warc")
PER_FILE = {"jsonl": 1000, "rss": 100, "warc": 1000}
_REPORT = re.compile(r"TITLE=>\s*(.*?)\s*ARTICLE=>\s*(.*)", re.S)


@dataclass(frozen=True)
class Item:
    """One real article as the benchmark writes it out."""

    title: str | None
    body: str
    outlet: str | None = None
    date: str | None = None  # YYYY-MM-DD


# --------------------------------------------------------------------------- loading


def load(data: Path) -> list[Item]:
    items: list[Item] = []
    for name in ("train.source", "val.source", "train.target", "val.target"):
        path = data / "neus" / name
        if not path.exists():
            continue
        for line in path.read_text("utf-8").splitlines():
            for report in line.split(" [SEP] "):
                match = _REPORT.match(report.strip())
                if match and match.group(2).strip():
                    items.append(Item(match.group(1).rstrip(".") or None, match.group(2).strip()))
    meta = _polnear_meta(data / "polnear" / "metadata.tsv")
    for path in sorted((data / "polnear").glob("*/text/*.txt")):
        row = meta.get(path.stem, {})
        body = path.read_text("utf-8").strip()
        if body:
            items.append(Item(row.get("title") or None, body, row.get("publisher"), row.get("publication_date")))
    return items


def _polnear_meta(path: Path) -> dict[str, dict[str, str]]:
    if not path.exists():
        return {}
    with path.open(encoding="utf-8", newline="") as fh:
        return {row["filename"]: row for row in csv.DictReader(fh, delimiter="\t")}


# --------------------------------------------------------------------------- writing the formats


def _paragraphs(body: str) -> list[str]:
    return [p.strip() for p in re.split(r"\n\s*\n|\n", body) if p.strip()]


def _page(item: Item) -> str:
    meta = ""
    if item.outlet:
        meta += f'<meta property="og:site_name" content="{html.escape(item.outlet)}">'
    if item.date:
        meta += f'<meta property="article:published_time" content="{item.date}T12:00:00+00:00">'
    title = html.escape(item.title or "")
    paragraphs = "".join(f"<p>{html.escape(p)}</p>" for p in _paragraphs(item.body))
    return (
        f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{title}</title>{meta}</head>'
        f"<body><nav><a href='/'>Home</a></nav><article><h1>{title}</h1>{paragraphs}</article>"
        "<footer>Contact us</footer></body></html>"
    )


def _rfc822(date: str | None) -> str | None:
    if not date:
        return None
    return format_datetime(datetime.fromisoformat(date).replace(hour=12, tzinfo=timezone.utc))


def write_text(items: list[Item], folder: Path) -> None:
    for n, item in enumerate(items):
        sub = folder / f"{n // 1000:03d}"
        sub.mkdir(parents=True, exist_ok=True)
        dateline = f"{datetime.fromisoformat(item.date):%B %-d, %Y}\n" if item.date else ""
        title = f"{item.title}\n" if item.title else ""
        (sub / f"{n:06d}.txt").write_text(title + dateline + item.body + "\n", "utf-8")


def write_html(items: list[Item], folder: Path) -> None:
    for n, item in enumerate(items):
        sub = folder / f"{n // 1000:03d}"
        sub.mkdir(parents=True, exist_ok=True)
        (sub / f"{n:06d}.html").write_text(_page(item), "utf-8")


def write_jsonl(items: list[Item], folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for start in range(0, len(items), PER_FILE["jsonl"]):
        with (folder / f"{start:06d}.jsonl").open("w", encoding="utf-8") as fh:
            for item in items[start : start + PER_FILE["jsonl"]]:
                record = {"title": item.title, "text": item.body, "source": item.outlet, "date": item.date}
                fh.write(json.dumps({k: v for k, v in record.items() if v}, ensure_ascii=False) + "\n")


def write_rss(items: list[Item], folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for start in range(0, len(items), PER_FILE["rss"]):
        entries = []
        for n, item in enumerate(items[start : start + PER_FILE["rss"]], start=start):
            content = "".join(f"<p>{html.escape(p)}</p>" for p in _paragraphs(item.body))
            parts = [f"<title>{html.escape(item.title or '')}</title>",
                     f"<link>https://bench.example/{n}</link>",
                     f"<content:encoded><![CDATA[{content}]]></content:encoded>"]
            if (date := _rfc822(item.date)):
                parts.append(f"<pubDate>{date}</pubDate>")
            if item.outlet:
                parts.append(f'<source url="https://{item.outlet}.example/rss">{html.escape(item.outlet)}</source>')
            entries.append("<item>" + "".join(parts) + "</item>")
        (folder / f"{start:06d}.rss").write_text(
            '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0" '
            'xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>Bench wire</title>'
            + "".join(entries) + "</channel></rss>", "utf-8")


def write_warc(items: list[Item], folder: Path) -> None:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    folder.mkdir(parents=True, exist_ok=True)
    for start in range(0, len(items), PER_FILE["warc"]):
        with (folder / f"{start:06d}.warc.gz").open("wb") as fh:
            writer = WARCWriter(fh, gzip=True)
            for n, item in enumerate(items[start : start + PER_FILE["warc"]], start=start):
                headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
                record = writer.create_warc_record(
                    f"https://bench.example/{n}", "response",
                    payload=io.BytesIO(_page(item).encode("utf-8")), http_headers=headers,
                    warc_headers_dict={"WARC-Date": "2024-11-05T00:00:00Z"},
                )
                writer.write_record(record)


WRITERS = {"text": write_text, "html": write_html, "jsonl": write_jsonl, "rss": write_rss, "warc": write_warc}


# --------------------------------------------------------------------------- measuring (subprocess)


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: kilobytes


def worker_read(folder: Path) -> dict:
    """Ingest + normalise one format's folder; counts, seconds and peak memory."""
    from newsprism.ingest import run
    from newsprism.normalise import normalise
    from newsprism.settings import default_config
    from newsprism.types import RawDoc

    config = default_config()
    _warm_up(config)
    baseline = _rss_mb()
    articles = failures = 0
    normalise_seconds = 0.0
    start, cpu_start = time.perf_counter(), time.process_time()
    for item in run([str(folder)], config=config):
        if isinstance(item, RawDoc):
            t0 = time.perf_counter()
            normalise(item, config=config)
            normalise_seconds += time.perf_counter() - t0
            articles += 1
        else:
            failures += 1
    seconds = time.perf_counter() - start
    return {"articles": articles, "failures": failures, "seconds": seconds,
            "cpu_seconds": time.process_time() - cpu_start,
            "normalise_seconds": normalise_seconds, "peak_mb": _rss_mb(), "baseline_mb": baseline}


def _warm_up(config) -> None:
    """Load what the first article would load (trafilatura, feedparser, warcio, py3langid), so the
    timing measures steady-state reading, not imports."""
    import feedparser  # noqa: F401
    import warcio.archiveiterator  # noqa: F401

    from newsprism.ingest.html import extract_page
    from newsprism.normalise import normalise
    from newsprism.types import RawDoc

    text = "Russia will send rice to North Korea, officials in Seoul said on Monday. " * 3
    extract_page(f"<html><head><title>Warm up</title></head><body><p>{text}</p></body></html>")
    normalise(RawDoc("warm-up", "text.v1", text, b"w"), config=config)


def worker_store(folder: Path, db: Path) -> dict:
    """Normalise the JSON Lines copy (untimed), then time adding it to a fresh SQLite store."""
    from newsprism.ingest import run
    from newsprism.normalise import normalise
    from newsprism.settings import default_config
    from newsprism.types import RawDoc

    try:
        from newsprism.store import open_store

        store = open_store(f"sqlite:///{db}")
    except (ImportError, ModuleNotFoundError) as e:
        return {"error": f"store not available: {e}"}
    config = default_config()
    articles = [normalise(d, config=config) for d in run([str(folder)], config=config) if isinstance(d, RawDoc)]
    baseline = _rss_mb()
    timings = []
    for _ in range(2):  # the second pass adds nothing: the cost of idempotence checks
        new = 0
        start = time.perf_counter()
        for i in range(0, len(articles), 500):
            new += store.add_articles(articles[i : i + 500])
        timings.append((time.perf_counter() - start, new))
    count = store.count_articles()
    store.close()
    return {"articles": len(articles), "first": timings[0], "second": timings[1], "count": count,
            "peak_mb": _rss_mb(), "baseline_mb": baseline, "db_mb": db.stat().st_size / 2**20}


def _spawn(*args: str) -> dict:
    done = subprocess.run([sys.executable, __file__, *args], capture_output=True, text=True, check=False)
    if done.returncode != 0:
        return {"error": (done.stderr.strip().splitlines() or ["crashed"])[-1]}
    return json.loads(done.stdout.strip().splitlines()[-1])


# --------------------------------------------------------------------------- the table


def _row(name: str, files: int, result: dict) -> str:
    if "error" in result:
        return f"| {name} | {files} | - | - | - | - | - | - | - | {result['error']} |"
    rate = result["articles"] / result["seconds"] if result["seconds"] else 0.0
    share = 100 * result["normalise_seconds"] / result["seconds"] if result["seconds"] else 0.0
    cpu_rate = result["articles"] / result["cpu_seconds"] if result["cpu_seconds"] else 0.0
    return (f"| {name} | {files} | {result['articles']:,} | {result['failures']} | {result['seconds']:.1f} | "
            f"**{rate:,.0f}** | {cpu_rate:,.0f} | {share:.0f}% | {result['peak_mb']:.0f} MB | "
            f"+{result['peak_mb'] - result['baseline_mb']:.0f} MB over {result['baseline_mb']:.0f} MB after imports |")


def _store_row(result: dict) -> str:
    if "error" in result:
        return f"| SQLite store (add_articles, batches of 500) | - | - | - | {result['error']} |"
    (s1, new1), (s2, new2) = result["first"], result["second"]
    return (f"| SQLite store: add_articles, batches of 500, fresh file | {result['articles']:,} ({new1:,} new) | {s1:.1f} | "
            f"**{result['articles'] / s1:,.0f}** | {result['peak_mb']:.0f} MB (+{result['peak_mb'] - result['baseline_mb']:.0f} MB), "
            f"file {result['db_mb']:.0f} MB |\n"
            f"| SQLite store: same articles again (idempotent) | {result['articles']:,} ({new2} new, {result['count']:,} rows) | "
            f"{s2:.1f} | **{result['articles'] / s2:,.0f}** | - |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=BENCH)
    parser.add_argument("--limit", type=int, default=0, help="use only the first N articles (0: all)")
    parser.add_argument("--keep", type=Path, default=None, help="write the generated inputs here and keep them")
    parser.add_argument("--readers", nargs="+", default=list(READERS), choices=READERS)
    parser.add_argument("--worker", choices=("read", "store"), help=argparse.SUPPRESS)
    parser.add_argument("--dir", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--db", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        result = worker_read(args.dir) if args.worker == "read" else worker_store(args.dir, args.db)
        print(json.dumps(result))
        return

    items = load(args.data)
    if args.limit:
        items = items[: args.limit]
    if not items:
        sys.exit(f"no articles found under {args.data}; pass --data")
    root = args.keep or Path(tempfile.mkdtemp(prefix="newsprism-bench-"))
    try:
        _run(items, root, args.readers)
    finally:
        if args.keep is None:
            shutil.rmtree(root, ignore_errors=True)


def _run(items: list[Item], root: Path, readers: list[str]) -> None:
    print(f"\n{len(items):,} real articles ({sum(len(i.body) for i in items) / len(items):,.0f} characters on average), "
          f"written once per format under {root}\n")
    rows = []
    for name in readers:
        folder = root / name
        t0 = time.perf_counter()
        WRITERS[name](items, folder)
        files = sum(1 for p in folder.rglob("*") if p.is_file())
        print(f"  wrote {name}: {files} files in {time.perf_counter() - t0:.1f}s", file=sys.stderr)
        rows.append(_row(name, files, _spawn("--worker", "read", "--dir", str(folder))))
    print("| reader | files | articles | failures | wall s | articles/s (wall) | articles per CPU-s | "
          "normalise share (wall) | peak RSS | memory |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---|")
    print("\n".join(rows))
    if "jsonl" not in readers:
        write_jsonl(items, root / "jsonl")
    store = _spawn("--worker", "store", "--dir", str(root / "jsonl"), "--db", str(root / "bench.db"))
    print("\n| store | articles | seconds | articles/s | peak RSS |")
    print("|---|---:|---:|---:|---|")
    print(_store_row(store))
    load = os.getloadavg()[0]
    print(f"\nWall-clock on a shared 2-core machine with other jobs running (load average {load:.1f} at the end): "
          "wall timings are noisy; articles per CPU-second (this process's user+system time) is the steadier "
          "figure. Peak RSS is the whole worker process (Python, trafilatura, lxml, py3langid loaded).")


if __name__ == "__main__":
    main()
