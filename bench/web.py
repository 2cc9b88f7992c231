"""Web app latency over a large store, on SQLite and PostgreSQL, and readers during an ingest.

Builds (once; ``--reuse`` keeps it) a store of 100k articles and 30k stories from real texts of
``../shared/bench/neus`` (three reports per story line) and ``polnear`` (articles outside any
story), with synthetic story reports (claims on real sentences, verdicts, brief, origins, a flow).
Then serves it with uvicorn in its own process on 127.0.0.1 and measures p50/p99 latency per
endpoint with a bounded load generator (fixed request count, fixed concurrency, timeouts).
Finally it runs readers while another process ingests new articles and reports, and counts
errors and torn pages (a page whose parts disagree or that does not end).

    .venv/bin/python bench/web.py [--pg postgresql://...] [--articles 100000] [--stories 30000]

Timings are noisy: the machine has 2 cores shared with other work.
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import json
import os
import random
import re
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from newsprism.store import open_store  # noqa: E402
from newsprism.types import (  # noqa: E402
    Article, BriefSentence, Claim, Flow, Mention, OriginGroup, Story, StoryAssignment, StoryReport,
)

DATA = Path(__file__).resolve().parents[1].parent / "shared" / "bench"
OUTLETS = [f"{name} {kind}" for name in ("North", "South", "East", "West", "Central", "Harbour", "Valley",
                                           "Capital") for kind in ("Times", "Post", "Herald", "Daily", "Wire")]
VERDICTS = ("corroborated", "repeated", "single-source", "conflicting")
_SENTENCE = re.compile(r"[^.!?]+[.!?]")


def real_texts(data: Path) -> tuple[list[list[tuple[str, str]]], list[tuple[str, str]]]:
    """NeuS story lines (each a list of (title, text)) and PolNeAR articles (title, text)."""
    lines = []
    for name in ("train.source", "val.source"):
        for line in (data / "neus" / name).read_text(encoding="utf-8").splitlines():
            reports = []
            for part in line.split(" [SEP] "):
                title, _, text = part.partition("ARTICLE=>")
                title, text = title.replace("TITLE=>", "").strip(), text.strip()
                if text:
                    reports.append((title, text))
            if reports:
                lines.append(reports)
    loose = [(p.stem, p.read_text(encoding="utf-8", errors="replace"))
             for p in sorted((data / "polnear").glob("*/text/*.txt"))]
    return lines, loose


def _article(n: int, title: str, text: str, day: int, hour: int) -> Article:
    text = f"{text}\n\n(Edition {n}.)"  # every copy is a distinct article
    digest = hashlib.sha256(f"{n}:{text}".encode()).hexdigest()
    return Article(
        id=digest[:16], source=f"bench/{n}.txt", reader="text.v1", text=text, content_hash=digest[16:32],
        title=title or None, outlet=OUTLETS[n % len(OUTLETS)], language="en",
        published=f"2024-{1 + day // 28 % 12:02d}-{1 + day % 28:02d}T{hour:02d}:{n % 60:02d}:00+00:00",
    )


def _report(k: int, members: list[Article]) -> StoryReport:
    claims, brief = [], []
    for i, article in enumerate(members):
        match = _SENTENCE.search(article.text)
        if not match:
            continue
        span = Mention(article.id, match.start(), match.end(), match.group())
        status = VERDICTS[(k + i) % 4]
        claims.append(Claim(f"c{i + 1}", "statement", match.group().strip()[:200], status,
                            f"Synthetic verdict {status} for the benchmark.", 1 + (i % 2), (span,)))
        brief.append(BriefSentence(match.group().strip()[:200], (f"c{i + 1}",), (article.id,), status))
    story = Story(f"s-{k:06d}", members[0].title or f"Story {k}", tuple(a.id for a in members),
                  first_seen=members[0].published, last_seen=members[-1].published)
    return StoryReport(
        story=story, origins=(OriginGroup(members[0].outlet or "x", story.article_ids, "synthetic"),),
        independent_origins=1, claims=tuple(claims), brief=tuple(brief),
        flows=(Flow(members[0].outlet or "a", members[-1].outlet or "b", "report", 0, 1, "x"),),
        flow_claims=(("c1",),),
    )


def build(url: str, *, articles: int, stories: int, data: Path, offset: int = 0) -> float:
    """Fill the store; returns seconds. ``offset`` numbers articles and stories after existing ones."""
    lines, loose = real_texts(data)
    store = open_store(url)
    started = time.perf_counter()
    n, batch, assignments, story_batch, reports = offset, [], [], [], []
    for k in range(offset // 3, offset // 3 + stories):
        members = []
        for title, text in lines[k % len(lines)]:
            members.append(_article(n, title, text, day=k % 336, hour=(n % 24)))
            n += 1
        batch += members
        report = _report(k, members)
        assignments += [StoryAssignment(a.id, report.story.id, 0.9, i == 0) for i, a in enumerate(members)]
        story_batch.append(report.story)
        reports.append(report)
        if len(batch) >= 3000:
            _flush(store, batch, assignments, story_batch, reports)
            batch, assignments, story_batch, reports = [], [], [], []
    while n - offset < articles:
        title, text = loose[n % len(loose)]
        batch.append(_article(n, title, text, day=n % 336, hour=n % 24))
        n += 1
        if len(batch) >= 3000:
            _flush(store, batch, [], [], [])
            batch = []
    _flush(store, batch, assignments, story_batch, reports)
    store.close()
    return time.perf_counter() - started


def _flush(store, batch, assignments, stories, reports) -> None:
    for start in range(0, len(batch), 500):
        store.add_articles(batch[start:start + 500])
    if stories:
        store.save_stories(assignments, stories, [], None)
        store.put_story_reports(reports)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_server(url: str) -> tuple[subprocess.Popen, str]:
    port = _free_port()
    code = ("import uvicorn; from newsprism.web import create_app; "
            f"uvicorn.run(create_app({url!r}), host='127.0.0.1', port={port}, log_level='warning')")
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"))
    server = subprocess.Popen([sys.executable, "-c", code], env=env)
    base = f"http://127.0.0.1:{port}"
    import httpx

    for _ in range(600):
        try:
            if httpx.get(base + "/api/stories?limit=1", timeout=5).status_code == 200:
                return server, base
        except httpx.HTTPError:
            time.sleep(0.1)
    server.kill()
    raise SystemExit("the server did not start")


async def _load(base: str, paths: list[str], *, concurrency: int) -> tuple[list[float], int]:
    """Fetch every path once with ``concurrency`` workers; returns latencies (ms) and errors."""
    import httpx

    latencies, errors, queue = [], 0, list(reversed(paths))
    async with httpx.AsyncClient(base_url=base, timeout=30) as client:
        async def worker() -> None:
            nonlocal errors
            while queue:
                path = queue.pop()
                t0 = time.perf_counter()
                try:
                    response = await client.get(path)
                    ok = response.status_code == 200 and _whole(path, response.text)
                except httpx.HTTPError:
                    ok = False
                latencies.append((time.perf_counter() - t0) * 1000)
                errors += not ok

        await asyncio.gather(*(worker() for _ in range(concurrency)))
    return latencies, errors


def _whole(path: str, body: str) -> bool:
    """A page is whole when it ends and its parts agree (no torn reads across a write)."""
    if path.startswith("/api/"):
        try:
            document = json.loads(body)
        except ValueError:
            return False
        if path.startswith("/api/stories/"):
            return {m["article_id"] for c in document["claims"] for m in c["mentions"]} <= set(document["article_ids"])
        return True
    if not body.rstrip().endswith("</html>"):
        return False
    if path.startswith("/stories/"):
        shown = body.count('class="report" id="article-')
        header = re.search(r"(\d+) reports? from", body)
        return bool(header) and int(header.group(1)) == shown
    return True


def endpoints(url: str, rng: random.Random, n: int) -> dict[str, list[str]]:
    store = open_store(url)
    total = store.count_stories()
    story_ids = [s.id for s in store.list_stories(limit=200, offset=rng.randrange(max(1, total - 200)))]
    article_ids = [a for s in story_ids for a in store.get_story(s).article_ids]
    store.close()
    words = ["president", "iran", "senate", "trump", "court", "police", "election", "tax", "climate", "border"]
    pick = lambda items: [items[rng.randrange(len(items))] for _ in range(n)]  # noqa: E731
    return {
        "page /": ["/"] * n,
        "page /?q=word": [f"/?q={w}" for w in pick(words)],
        "page /?outlet=X": [f"/?outlet={o.replace(' ', '+')}" for o in pick(OUTLETS)],
        "page /stories/ID": [f"/stories/{s}" for s in pick(story_ids)],
        "page /articles/ID": [f"/articles/{a}" for a in pick(article_ids)],
        "page /search?q=word": [f"/search?q={w}" for w in pick(words)],
        "api /api/stories": [f"/api/stories?offset={rng.randrange(1000)}" for _ in range(n)],
        "api /api/stories?q=word": [f"/api/stories?q={w}" for w in pick(words)],
        "api /api/stories/ID": [f"/api/stories/{s}" for s in pick(story_ids)],
        "api /api/articles/ID": [f"/api/articles/{a}" for a in pick(article_ids)],
        "api /api/search?q=word": [f"/api/search?q={w}" for w in pick(words)],
    }


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def measure(label: str, url: str, *, requests: int, concurrency: int) -> list[str]:
    server, base = start_server(url)
    rows = []
    try:
        for name, paths in endpoints(url, random.Random(7), requests).items():
            asyncio.run(_load(base, paths[:5], concurrency=1))  # warm up
            t0 = time.perf_counter()
            latencies, errors = asyncio.run(_load(base, paths, concurrency=concurrency))
            seconds = time.perf_counter() - t0
            rows.append(f"| {label} | {name} | {statistics.median(latencies):.1f} | {_pct(latencies, 0.99):.1f} "
                        f"| {len(paths) / seconds:.0f} | {errors} |")
            print(rows[-1], flush=True)
    finally:
        server.terminate()
        server.wait(timeout=30)
    return rows


def during_ingest(label: str, url: str, *, data: Path, seconds: float, concurrency: int, offset: int) -> str:
    """Readers on story pages, lists and search while another process ingests stories."""
    server, base = start_server(url)
    writer = subprocess.Popen(
        [sys.executable, __file__, "--_write", url, "--data", str(data), "--_offset", str(offset)],
        env=dict(os.environ, PYTHONPATH=str(ROOT / "src")),
    )
    rng, latencies, errors, fetched = random.Random(11), [], 0, 0
    paths = [p for group in endpoints(url, rng, 40).values() for p in group]
    rng.shuffle(paths)
    deadline = time.monotonic() + seconds
    try:
        while time.monotonic() < deadline and writer.poll() is None:
            batch = [paths[(fetched + i) % len(paths)] for i in range(44)]
            lat, err = asyncio.run(_load(base, batch, concurrency=concurrency))
            latencies += lat
            errors += err
            fetched += len(batch)
    finally:
        writer.kill() if writer.poll() is None else None
        writer.wait()
        server.terminate()
        server.wait(timeout=30)
    return (f"| {label} | {fetched} | {errors} | {statistics.median(latencies):.1f} | "
            f"{_pct(latencies, 0.99):.1f} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/newsprism-bench-web"))
    parser.add_argument("--pg", default=os.environ.get("NEWSPRISM_BENCH_PG_URL") or os.environ.get("NEWSPRISM_TEST_PG_URL"),
                        help="PostgreSQL URL (tables go to the schema bench_web); none skips PostgreSQL")
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--stories", type=int, default=30_000)
    parser.add_argument("--requests", type=int, default=200, help="requests per endpoint")
    parser.add_argument("--concurrency", type=int, default=4)
    parser.add_argument("--ingest-seconds", type=float, default=60)
    parser.add_argument("--reuse", action="store_true", help="keep an existing store of the right size")
    parser.add_argument("--only", choices=["sqlite", "postgresql"], help="measure one backend")
    parser.add_argument("--_write", help=argparse.SUPPRESS)
    parser.add_argument("--_offset", type=int, default=0, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args._write:  # the writer process of the concurrent test
        build(args._write, articles=6000, stories=2000, data=args.data, offset=args._offset)
        return

    backends = [("SQLite", f"sqlite:///{args.workdir}/web.db")]
    if args.pg:
        backends.append(("PostgreSQL", _pg_schema(args.pg, "bench_web", fresh=not args.reuse)))
    else:
        print("no PostgreSQL URL (--pg or NEWSPRISM_TEST_PG_URL): PostgreSQL skipped", file=sys.stderr)
    if args.only:
        backends = [b for b in backends if b[0].lower() == args.only]
    builds, latency, concurrent = [], [], []
    for label, url in backends:
        if label == "SQLite" and not args.reuse:
            for suffix in ("", "-wal", "-shm"):
                Path(f"{args.workdir}/web.db{suffix}").unlink(missing_ok=True)
        store = open_store(url)
        have = store.count_articles(), store.count_stories()
        store.close()
        if have != (args.articles, args.stories):
            seconds = build(url, articles=args.articles, stories=args.stories, data=args.data)
            builds.append(f"| {label} | {args.articles} | {args.stories} | {seconds:.0f} | {args.articles / seconds:.0f} |")
            print(builds[-1], flush=True)
        latency += measure(label, url, requests=args.requests, concurrency=args.concurrency)
        concurrent.append(during_ingest(label, url, data=args.data, seconds=args.ingest_seconds,
                                        concurrency=args.concurrency, offset=args.articles + 3 * args.stories))
        print(concurrent[-1], flush=True)

    print("\n### Store build\n\n| backend | articles | stories | seconds | articles/s |\n|---|---|---|---|---|")
    print("\n".join(builds) or "| (reused) | | | | |")
    print(f"\n### Latency ({args.requests} requests per endpoint, {args.concurrency} concurrent, loopback)\n")
    print("| backend | endpoint | p50 ms | p99 ms | req/s | errors |\n|---|---|---|---|---|---|")
    print("\n".join(latency))
    print(f"\n### Readers during an ingest ({args.concurrency} concurrent readers; writer adds 6,000 articles, 2,000 stories)\n")
    print("| backend | requests | errors or torn pages | p50 ms | p99 ms |\n|---|---|---|---|---|")
    print("\n".join(concurrent))


def _pg_schema(base: str, schema: str, *, fresh: bool) -> str:
    import psycopg

    with psycopg.connect(base, autocommit=True) as conn:
        if fresh:
            conn.execute(f"DROP SCHEMA IF EXISTS {schema} CASCADE")
        conn.execute(f"CREATE SCHEMA IF NOT EXISTS {schema}")
    return f"{base}{'&' if '?' in base else '?'}options=-csearch_path%3D{schema}"


if __name__ == "__main__":
    main()
