"""The batch's tables, its manifest of finished partitions, and progress with rate and ETA.

``BatchWriter`` is the one place that knows which table holds what; both engines write through
it, so their outputs have the same layout and ``load`` reads either.
"""

from __future__ import annotations

import math
import shutil
import time
from dataclasses import dataclass, field
from typing import Any, Iterable, Iterator, Sequence

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from newsprism.errors import ConfigError
from newsprism.models import Models
from newsprism.scale import plan as P
from newsprism.scale.inputs import InputFile
from newsprism.scale.parquet import FORMAT_VERSION, Dataset, from_rows, to_table
from newsprism.settings import Config
from newsprism.types import (
    Article,
    ArticleOrigins,
    Claim,
    Extraction,
    Failure,
    Progress,
    ProgressFn,
    Story,
    StoryAssignment,
    StoryMerge,
    StoryReport,
)

# Settings that change what the batch computes: a rerun into the same folder must use the same.
_FINGERPRINT_SKIP = {"db"}
STORIES_PER_BUCKET = 2000
SNAPSHOT_EVERY = 10


@dataclass
class Tracker:
    """Counts, seconds per stage and progress reports. The ETA of phase 1 is from input bytes."""

    files: Sequence[InputFile]
    callback: ProgressFn | None = None
    seconds: dict[str, float] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)
    stage_seconds: dict[str, float] = field(default_factory=dict)
    _done: dict[str, int] = field(default_factory=dict)
    _skipped: dict[str, int] = field(default_factory=dict)
    _stage_start: dict[str, float] = field(default_factory=dict)
    _last: float = field(default_factory=time.perf_counter)
    total_stories: int | None = None

    def add_time(self, stage: str, seconds: float) -> None:
        """Wall seconds this process spent in a step."""
        self.seconds[stage] = self.seconds.get(stage, 0.0) + seconds

    def add_cpu(self, stage: str, seconds: float) -> None:
        """Seconds a stage took inside its worker (summed over workers: the share of work per stage)."""
        self.stage_seconds[stage] = self.stage_seconds.get(stage, 0.0) + seconds

    def step(self, stage: str, items: int, *, files_done: int | None = None, skipped: bool = False,
             articles: int = 0, failures: int = 0) -> None:
        self._done[stage] = self._done.get(stage, 0) + items
        if skipped:
            self._skipped[stage] = self._skipped.get(stage, 0) + items
        self.counts["articles"] = self.counts.get("articles", 0) + articles
        self.counts["failures"] = self.counts.get("failures", 0) + failures
        now = time.perf_counter()
        # a stage's rate counts from when the previous stage last reported, not from the start
        start = self._stage_start.setdefault(stage, self._last)
        self._last = now
        if self.callback is None:
            return
        elapsed = max(now - start, 1e-6)
        done = self._done[stage]
        rate = (done - self._skipped.get(stage, 0)) / elapsed
        total, eta = None, None
        if stage == "articles" and files_done is not None:
            all_bytes = sum(f.size for f in self.files) or 1
            read = sum(f.size for f in self.files[:files_done + 1])
            eta = elapsed * (all_bytes - read) / read if read and not skipped else None
        elif stage == "stories" and self.total_stories:
            total = self.total_stories
            eta = (total - done) / rate if rate > 0 else None
        self.callback(Progress(stage, done, total, rate, eta, self.counts.get("articles", 0),
                               self.counts.get("failures", 0)))


@dataclass(frozen=True, slots=True)
class BatchResult:
    """What a batch did: where its dataset is, how much went in and out, and where time went."""

    out_dir: str
    engine: str
    articles: int
    failures: int
    stories: int
    claims: int
    chunks: int
    resumed_chunks: int
    seconds: tuple[tuple[str, float], ...] = ()
    stage_seconds: tuple[tuple[str, float], ...] = ()


class BatchWriter:
    """Writes one batch's partitions and keeps its manifest."""

    def __init__(self, out_dir: str, *, files: Sequence[InputFile], config: Config, chunk_size: int,
                 engine: str) -> None:
        self.data = Dataset(out_dir, create=True)
        self.chunk_size = chunk_size
        self.engine = engine
        identity = {
            "format": FORMAT_VERSION,
            "inputs": [f.path for f in files],
            "chunk_size": chunk_size,
            "settings": {k: v for k, v in sorted(config.values.items()) if k not in _FINGERPRINT_SKIP},
        }
        manifest = self.data.manifest()
        if manifest and manifest.get("identity") != identity:
            raise ConfigError(
                f"{out_dir} holds a batch of other inputs or settings; rerun with the same inputs and "
                "settings to resume it, or choose a new --out folder")
        self.manifest = manifest or {"identity": identity, "chunks": [], "buckets": [], "done": False}
        self.data.save_manifest(self.manifest)
        self.resumed = len(self.manifest["chunks"])
        self.data.drop_unfinished("chunk", self.manifest["chunks"])
        self.data.drop_unfinished("bucket", self.manifest["buckets"])

    def finished_chunks(self) -> set[int]:
        return set(self.manifest["chunks"])

    # phase 1 --------------------------------------------------------------------------------
    def global_plan(self, *, config: Config, models: Models) -> P.GlobalPlan:
        """A GlobalPlan as it stood after the last finished chunk (empty for a new batch): the
        newest snapshot of the stages' state, then the chunks after it replayed through them."""
        chunks = sorted(self.manifest["chunks"])
        snapshot = self.manifest.get("snapshot")
        # the snapshot file is memory-mapped by the grouper, not read into memory
        state = self.data.blob_path(f"state/stories-{snapshot:05d}.bin") if snapshot is not None else None
        plan = P.GlobalPlan(config=config, models=models, fetch=self.fetch_articles, state=state or None)
        if snapshot is not None:
            blob = self.data.read_blob(f"state/origins-{snapshot:05d}.bin")
            plan.origin_index = type(plan.origin_index).from_bytes(blob)
        for chunk in chunks:
            plan.remember(self.data.read_partition("articles", "chunk", chunk, columns=["id"]).column("id").to_pylist())
            if snapshot is None or chunk > snapshot:
                plan.replay(list(from_rows(self.data.read_partition("articles", "chunk", chunk).to_pylist(), Article)),
                            self.data.read_blob(f"state/partial-{chunk:05d}.bin") or b"")
        return plan

    def fetch_articles(self, ids: Sequence[str]) -> list[Article]:
        """Earlier articles by id, from the finished partitions (rewrite candidates the origins index names)."""
        wanted = set(ids)
        table = self.data.dataset("articles").to_table(filter=pc.field("id").isin(list(wanted)))
        return list(from_rows(table.to_pylist(), Article))

    def write_chunk(self, number: int, result: P.ChunkResult, *, origin_index: Any = None) -> None:
        d = self.data
        d.write("articles", "chunk", number, to_table(result.articles, Article))
        d.write("extractions_raw", "chunk", number, to_table(result.extractions, Extraction))
        d.write("origins", "chunk", number, to_table(result.origins, ArticleOrigins))
        d.write("assignments", "chunk", number, to_table(result.assignments, StoryAssignment))
        d.write("merges", "chunk", number, to_table(result.merges, StoryMerge))
        d.write("touched", "chunk", number, to_table(result.touched, Story))
        d.write("failures", "chunk", number, to_table(result.failures, Failure))
        # the chunk's partial stories, until a snapshot holds them (a restart replays from here)
        d.write_blob(f"state/partial-{number:05d}.bin", result.partial)
        snapshot = None
        if self.snapshot_due(number):
            d.write_blob(f"state/stories-{number:05d}.bin", result.state())
            if origin_index is not None:
                d.write_blob(f"state/origins-{number:05d}.bin", origin_index.to_bytes())
            snapshot = number
        self.manifest["chunks"] = sorted(set(self.manifest["chunks"]) | {number})
        if snapshot is not None:
            self.manifest["snapshot"] = snapshot
        self.manifest.setdefault("counts", {})[str(number)] = [len(result.articles), len(result.failures)]
        d.save_manifest(self.manifest)
        if snapshot is not None:
            for old in (d.root / "state").glob("*-*.bin"):
                if not old.name.endswith(f"-{snapshot:05d}.bin") or old.name.startswith("partial-"):
                    old.unlink()

    def snapshot_due(self, number: int) -> bool:
        """Whether chunk ``number`` ends with a snapshot of the stages' state. The state grows
        with the batch, so a snapshot costs more the later it comes: they are spaced by a tenth
        of the chunks done (at least ``SNAPSHOT_EVERY``), which keeps the bytes written linear in
        the input while a restart replays at most about a tenth of the work done."""
        last = self.manifest.get("snapshot")
        return last is None or number - last >= max(SNAPSHOT_EVERY, number // 10)

    def save_final_state(self, state: "bytes | Iterable[bytes | memoryview] | None") -> None:
        """The stories state after the last chunk, for the store (later analyze runs go on from it)."""
        self.data.write_blob("state/final.bin", state or b"")

    # phase 2 --------------------------------------------------------------------------------
    def membership(self) -> P.Membership:
        members = P.Membership()
        for chunk in sorted(self.manifest["chunks"]):
            read = lambda t: self.data.read_partition(t, "chunk", chunk).to_pylist()  # noqa: E731
            members.add(((r["article_id"], r["story_id"]) for r in read("assignments")),
                        ((r["kept"], r["absorbed"]) for r in read("merges")),
                        from_rows(read("touched"), Story))
        return members

    def prepare_stories(self, *, tracker: Tracker, disk_shuffle: bool = True) -> None:
        """Final stories, and the articles' rows shuffled on disk into story buckets."""
        t0 = time.perf_counter()
        members = self.membership()
        self.stories = members.stories()
        if "bucket_count" not in self.manifest:
            self.manifest["bucket_count"] = max(1, math.ceil(len(self.stories) / STORIES_PER_BUCKET))
            self.data.save_manifest(self.manifest)
        count = self.manifest["bucket_count"]
        tracker.total_stories = len(self.stories)
        self.bucket_of_article = {
            aid: P.bucket_of(sid, count) for sid, story in self.stories.items() for aid in story.article_ids
        }
        if disk_shuffle and not self.manifest.get("shuffled"):
            self._shuffle(count)
        tracker.add_time("shuffle", time.perf_counter() - t0)

    def _shuffle(self, count: int) -> None:
        shuffle = self.data.root / "_shuffle"
        shutil.rmtree(shuffle, ignore_errors=True)
        for chunk in sorted(self.manifest["chunks"]):
            for table, key in (("articles", "id"), ("extractions_raw", "article_id"), ("origins", "article_id")):
                data = self.data.read_partition(table, "chunk", chunk)
                buckets = pa.array([self.bucket_of_article.get(a, -1) for a in data.column(key).to_pylist()], pa.int32())
                for bucket in range(count):
                    part = data.filter(pc.equal(buckets, bucket))
                    if part.num_rows:
                        folder = shuffle / table / f"bucket={bucket:03d}"
                        folder.mkdir(parents=True, exist_ok=True)
                        pq.write_table(part, folder / f"chunk={chunk:05d}.parquet")
        self.manifest["shuffled"] = True
        self.data.save_manifest(self.manifest)

    def _bucket_rows(self, table: str, bucket: int) -> list[dict[str, Any]]:
        folder = self.data.root / "_shuffle" / table / f"bucket={bucket:03d}"
        return [r for f in sorted(folder.glob("*.parquet")) for r in pq.read_table(f).to_pylist()]

    def story_buckets(self) -> Iterator[tuple[int, list[tuple]]]:
        """(bucket, story jobs) for every bucket not yet finished; a job is story_job's arguments."""
        count = self.manifest["bucket_count"]
        for bucket in range(count):
            if bucket in self.manifest["buckets"]:
                continue
            articles = {a.id: a for a in from_rows(self._bucket_rows("articles", bucket), Article)}
            extractions = {e.article_id: e for e in from_rows(self._bucket_rows("extractions_raw", bucket), Extraction)}
            origins = {o.article_id: o for o in from_rows(self._bucket_rows("origins", bucket), ArticleOrigins)}
            jobs = []
            for sid in sorted(s for s in self.stories if P.bucket_of(s, count) == bucket):
                story = self.stories[sid]
                members = [articles[a] for a in story.article_ids if a in articles]
                jobs.append((story, members, {a.id: origins[a.id] for a in members if a.id in origins},
                             {a.id: extractions[a.id] for a in members if a.id in extractions}))
            yield bucket, jobs

    def write_bucket(self, bucket: int, results: Sequence[P.StoryResult]) -> None:
        d = self.data
        reports = [r.report for r in results if r.report is not None]
        stories = [self.stories[r.report.story.id] for r in results if r.report is not None]
        stories += [self.stories[f.source[len("story:"):]] for r in results for f in r.failures
                    if r.report is None and f.source.startswith("story:")]
        claims = [(rep.story.id, c) for rep in reports for c in rep.claims]
        d.write("stories", "bucket", bucket, to_table(stories, Story))
        d.write("extractions", "bucket", bucket, to_table([e for r in results for e in r.extractions], Extraction))
        d.write("reports", "bucket", bucket, to_table(reports, StoryReport, extra=[("story_id", "string")],
                                                       extra_values=[[rep.story.id for rep in reports]]))
        d.write("claims", "bucket", bucket, to_table([c for _, c in claims], Claim, extra=[("story_id", "string")],
                                                      extra_values=[[s for s, _ in claims]]))
        d.write("story_failures", "bucket", bucket, to_table([f for r in results for f in r.failures], Failure))
        self.manifest["buckets"] = sorted(set(self.manifest["buckets"]) | {bucket})
        d.save_manifest(self.manifest)

    def finish(self) -> None:
        shutil.rmtree(self.data.root / "_shuffle", ignore_errors=True)
        self.manifest["done"] = True
        self.data.save_manifest(self.manifest)

    def result(self, tracker: Tracker) -> BatchResult:
        counts = self.manifest.get("counts", {})
        claims = sum(1 for _ in self.data.scan("claims", ["id"]))
        return BatchResult(
            out_dir=str(self.data.root), engine=self.engine,
            articles=sum(c[0] for c in counts.values()), failures=sum(c[1] for c in counts.values())
            + sum(1 for _ in self.data.scan("story_failures", ["source"])),
            stories=sum(1 for _ in self.data.scan("stories", ["id"])), claims=claims,
            chunks=len(self.manifest["chunks"]), resumed_chunks=self.resumed,
            seconds=tuple((k, round(v, 3)) for k, v in tracker.seconds.items()),
            stage_seconds=tuple((k, round(v, 3)) for k, v in tracker.stage_seconds.items()),
        )

