"""Story grouping speed and memory on one core: articles per second for the assignment alone and
with the embedding, per-article latency (p50/p99) with 10k, 100k and 1M stories already held,
peak memory, and the state's size and save/load time: the state is written to a file piece by
piece (peak memory while saving), then a fresh process memory-maps it and goes on assigning, as
a resumed run does (its own peak; --state-dir holds the file).

The held stories are synthetic but built from real texts: each is a real report's vector and
signatures (NeuS and ECB+), jittered and with part of its names replaced, so the index holds
many near-alike stories as a real archive does. Timed articles are real NeuS val reports
streamed in after them. Other processes share this machine's CPU, so timings are noisy.

    .venv/bin/python bench/stories_speed.py [--sizes 10000 100000 1000000] [--data DIR]
"""

from __future__ import annotations

import os

for _name in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "NUMEXPR_NUM_THREADS"):
    os.environ.setdefault(_name, "1")  # one core, as the goal is stated

import argparse  # noqa: E402
import json  # noqa: E402
import resource  # noqa: E402
import subprocess  # noqa: E402
import tempfile  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from dataclasses import replace  # noqa: E402
from pathlib import Path  # noqa: E402

import numpy as np  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))

from stories_common import BENCH, load_ecb, load_neus  # noqa: E402

from newsprism.models import Models  # noqa: E402
from newsprism.settings import default_config  # noqa: E402
from newsprism.stories import Grouper, features  # noqa: E402
from newsprism.stories import update as _update  # noqa: E402
from newsprism.stories.index import SIG, WSIG, StoryIndex  # noqa: E402
from newsprism.stories.score import prepare  # noqa: E402


def peak_gb() -> float:
    """Peak resident memory since the last reset (VmHWM), in GB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024 / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024 / 1024


def reset_peak() -> None:
    try:
        Path("/proc/self/clear_refs").write_text("5")
    except OSError:
        pass  # not Linux: the peak then covers the whole run


def templates(grouper: Grouper, articles) -> list:
    """Prepared vectors and signatures of real reports, to copy into synthetic stories."""
    feats = [features.extract(a) for a in articles]
    embeddings = grouper.embed([f.embed_text for f in feats])
    out = []
    for article, feat, embedding in zip(articles, feats, embeddings):
        grouper.index.count_doc(np.concatenate([feat.words, feat.keys]))
        out.append((article, feat, prepare(feat, embedding, grouper.index)))
    return out


def fill(index: StoryIndex, target: int, pool: list, rng: np.random.Generator, batch: int = 50_000) -> None:
    """Add synthetic one-article stories until the index holds ``target`` stories."""
    while index.size < target:
        n = min(batch, target - index.size)
        start = index.size
        index._grow(start + n)
        picks = rng.integers(0, len(pool), n)
        vectors = np.stack([pool[p][2].vector for p in picks])
        vectors += rng.normal(0, 0.02, vectors.shape).astype(np.float32)
        vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
        rows = np.arange(start, start + n)
        for row, p in zip(rows.tolist(), picks.tolist()):
            article, feat, prepared = pool[p]
            keys = prepared.sig_keys.copy()
            keys[: len(keys) // 2] = rng.integers(0, 2**32, len(keys) // 2, dtype=np.uint32)  # another event
            index.sig_keys[row, : len(keys)] = keys
            index.sig_kinds[row, : len(keys)] = prepared.sig_kinds
            index.sig_counts[row, : len(keys)] = 1.0
            index.wsig_keys[row, : len(prepared.word_keys)] = prepared.word_keys
            index.wsig_counts[row, : len(prepared.word_keys)] = prepared.word_tf
            index.article_ids.append(f"synthetic-{row:09d}")
            index.article_story.append(row)
            index.titles.append(f"{feat.title} #{row}")
            index.first_iso.append(None)
            index.last_iso.append(None)
            index.title_vec[row] = prepared.embedding.astype(np.float16)
            if hasattr(index, "keys"):  # the rare-key table (evidence.v1): filed as a real story is
                index.keys.file(row, keys[:12])
        index.first_article[rows] = np.arange(len(index.article_ids) - n, len(index.article_ids))
        index.count[rows] = 1
        index.norm[rows] = 1.0
        index.title_score[rows] = 1.0
        if hasattr(index, "title_norm"):
            index.title_norm[rows] = 1.0
        index.size += n
        index.ann.set_many(rows, vectors)  # setup only: bulk filing


def vectors(grouper: Grouper, feats: list) -> np.ndarray:
    """What the grouper reads per article (its lead's embedding, and its title's where it reads one)."""
    if hasattr(grouper, "vectors"):
        return grouper.vectors(feats)
    return grouper.embed([f.embed_text for f in feats])


def timed_stream(grouper: Grouper, articles, embeddings: np.ndarray | None) -> np.ndarray:
    """Seconds per article for assigning each article (with its embedding when none given)."""
    out = []
    for i, article in enumerate(articles):
        t0 = time.perf_counter()
        feat = features.extract(article)
        embedding = vectors(grouper, [feat])[0] if embeddings is None else embeddings[i]
        grouper._assign(article, feat, embedding)
        out.append(time.perf_counter() - t0)
    return np.asarray(out)


def timed_reports(args: argparse.Namespace, count: int) -> list:
    """The first ``count`` NeuS val reports, dated with --dated (the evidence model reads dated ones)."""
    stream, _ = load_neus(args.data / "neus", "val")
    stream = stream[:count]
    if args.dated:
        stream = [replace(a, published="2024-06-12T12:00:00+00:00") for a in stream]
    return stream


def resume(args: argparse.Namespace, config, models: Models) -> None:
    """Map a saved state in this fresh process, assign 100 more reports, print its peak memory."""
    stream = timed_reports(args, 100)
    grouper = Grouper(config=config, models=models)
    embeddings = vectors(grouper, [features.extract(a) for a in stream])
    t0 = time.perf_counter()
    loaded = Grouper(config=config, models=models, state=args.resume)
    load_s = time.perf_counter() - t0
    timed_stream(loaded, stream, embeddings)
    print(json.dumps({"load_s": load_s, "peak_gb": peak_gb()}))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=BENCH)
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    parser.add_argument("--stream", type=int, default=900, help="real articles timed at each size")
    parser.add_argument("--state-dir", type=Path, default=Path(tempfile.gettempdir()),
                        help="where the state file is written (and memory-mapped back)")
    parser.add_argument("--dated", action="store_true",
                        help="date the timed reports (story_decision evidence.v1 reads dated articles only)")
    parser.add_argument("--resume", type=Path, help=argparse.SUPPRESS)  # the child process of a size's row
    args = parser.parse_args()
    models = Models(embedder_name="wordllama.v1")
    config = default_config()
    if args.resume:
        resume(args, config, models)
        return
    grouper = Grouper(config=config, models=models)
    train, _ = load_neus(args.data / "neus", "train")
    ecb, _, _ = load_ecb(args.data / "ecbplus_dev")
    pool = templates(grouper, train + ecb)
    stream = timed_reports(args, args.stream)

    t0 = time.perf_counter()
    feats = [features.extract(a) for a in stream]
    feature_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    embeddings = vectors(grouper, feats)
    embed_s = time.perf_counter() - t0

    rng = np.random.default_rng(7)
    print("| stories held | assignment alone: articles/s | p50 ms | p99 ms | with embedding (one at a time): "
          "articles/s | p50 ms | p99 ms | peak memory GB (assigning) | peak GB (and saving the state) | "
          "peak GB of a resumed run (state mapped, 100 more assigned) | state MB | save s | load s |")
    print("|---|---|---|---|---|---|---|---|---|---|---|---|---|")
    for size in args.sizes:
        fill(grouper.index, size, pool, rng)
        held = grouper.index.size
        reset_peak()
        alone = timed_stream(grouper, stream, embeddings)
        with_embedding = timed_stream(grouper, stream, None)
        peak_assign = peak_gb()
        path = args.state_dir / f"newsprism-stories-{os.getpid()}.state"
        t0 = time.perf_counter()
        grouper.save_state(path)
        save_s = time.perf_counter() - t0
        peak_save = peak_gb()
        # a resumed run: a fresh process maps the file and goes on assigning
        child = subprocess.run([sys.executable, __file__, "--resume", str(path), "--data", str(args.data)]
                               + (["--dated"] if args.dated else []), capture_output=True, text=True, check=True)
        resumed = json.loads(child.stdout.strip().splitlines()[-1])
        size_mb = path.stat().st_size / 1e6
        print(f"| {held:,} | {len(alone) / alone.sum():.0f} | {np.percentile(alone, 50) * 1e3:.2f} | "
              f"{np.percentile(alone, 99) * 1e3:.2f} | {len(with_embedding) / with_embedding.sum():.0f} | "
              f"{np.percentile(with_embedding, 50) * 1e3:.2f} | {np.percentile(with_embedding, 99) * 1e3:.2f} | "
              f"{peak_assign:.2f} | {peak_save:.2f} | {resumed['peak_gb']:.2f} | {size_mb:.0f} | {save_s:.1f} | "
              f"{resumed['load_s']:.1f} |", flush=True)
        path.unlink()
    print(f"\nBatch embedding of {len(stream)} reports (wordllama.v1, one core): "
          f"{len(stream) / embed_s:.0f} articles/s; feature extraction alone: {len(stream) / feature_s:.0f} articles/s.")
    print(f"Index arrays hold SIG={SIG} facts and WSIG={WSIG} words per story.")


if __name__ == "__main__":
    main()
