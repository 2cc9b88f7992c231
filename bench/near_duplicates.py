"""Near-duplicate benchmark on real text: copies made the way re-publishers make them.

Originals: PolNeAR article texts, NeuS reports (title + lead) and ECB+ documents, read in place
from ``../shared/bench``. A random share of them is re-published with one or more edits:

- ``headline``: a new headline line (taken from another article);
- ``cut``: the last paragraphs (or, for one-paragraph texts, the last sentences) cut, keeping
  at least 60%;
- ``insert``: a paragraph from an unrelated article inserted at a random place;
- ``format``: whitespace changed (double spaces, joined and split lines) and straight quotes
  made curly (or the reverse);
- ``mixed``: headline + format + cut or insert.

Copies and originals are shuffled together (a copy may come before its original) and run
through the origins index (exact hash + MinHash LSH). A predicted pair is (article,
duplicate_of); it is right when both come from the same original. Recall is over the articles
that have an earlier member of their group. Throughput is the index alone (signatures, lookup,
insert) on one core; the CPU is shared with other work, so timings are noisy.

Usage: .venv/bin/python bench/near_duplicates.py [--data ../shared/bench] [--copies 0.3] [--seed 7]
"""

from __future__ import annotations

import argparse
import hashlib
import random
import re
import sys
import time
from collections import defaultdict
from pathlib import Path

from newsprism.origins import OriginIndex
from newsprism.origins.index import body_words, shingle_hashes
from newsprism.settings import default_config

DEFAULT_DATA = Path(__file__).resolve().parents[1].parent / "shared" / "bench"
KINDS = ("headline", "cut", "insert", "format", "mixed")


def load_texts(data: Path) -> list[str]:
    """Real article texts: PolNeAR files, NeuS reports, ECB+ documents (>= 40 words each)."""
    texts: list[str] = []
    for path in sorted((data / "polnear").glob("*/text/*.txt")):
        texts.append(path.read_text(encoding="utf-8"))
    for name in ("train.source", "val.source"):
        path = data / "neus" / name
        if path.exists():
            for line in path.read_text(encoding="utf-8").splitlines():
                for report in line.split(" [SEP] "):
                    match = re.match(r"\s*TITLE=>\s*(.*?)\s*ARTICLE=>\s*(.*)", report, re.S)
                    if match:
                        texts.append(f"{match.group(1)}\n\n{match.group(2)}")
    texts.extend(_ecb_documents(data / "ecbplus_dev" / "dev_text.txt"))
    unique = list(dict.fromkeys(t.strip() for t in texts))
    return [t for t in unique if len(t.split()) >= 40]


def _ecb_documents(path: Path) -> list[str]:
    if not path.exists():
        return []
    docs: dict[str, dict[int, list[str]]] = defaultdict(lambda: defaultdict(list))
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if len(parts) == 4:
            docs[parts[0]][int(parts[1])].append(parts[3])
    return ["\n\n".join(" ".join(tokens) for _, tokens in sorted(sents.items())) for sents in docs.values()]


def _paragraphs(text: str) -> list[str]:
    return [p for p in re.split(r"\n\s*\n", text) if p.strip()]


def _new_title(other: str, rng: random.Random) -> str:
    # A re-publisher's own headline: words of another article in a new order, so the new
    # headline shares no word run with anything.
    tokens = other.split()
    start = rng.randrange(max(1, len(tokens) - 12))
    title = tokens[start:start + rng.randint(6, 12)]
    rng.shuffle(title)
    return " ".join(title).capitalize().rstrip(".,") + "."


def _headline(text: str, other: str, rng: random.Random) -> str:
    parts = _paragraphs(text)
    if len(parts) > 1 and len(parts[0].split()) <= 20:
        parts[0] = _new_title(other, rng)  # replace the headline line
    else:
        parts.insert(0, _new_title(other, rng))
    return "\n\n".join(parts)


def _cut(text: str, rng: random.Random) -> str:
    """Cut the ending, keeping at least 60% of the words: whole paragraphs when there are
    enough, else trailing sentences, else the last quarter of the words (a teaser cut)."""
    words = len(text.split())
    paragraphs = _paragraphs(text)
    keep = len(paragraphs) - 1
    if keep >= 2 and len("\n\n".join(paragraphs[:keep]).split()) >= 0.6 * words:
        while keep > 1 and len("\n\n".join(paragraphs[:keep - 1]).split()) >= 0.6 * words and rng.random() < 0.6:
            keep -= 1
        return "\n\n".join(paragraphs[:keep])
    # Few paragraphs: cut trailing sentences of the last one, keeping line breaks as they are.
    pieces = re.split(r"(?<=[.!?])( +)", text)  # sentence, separator, sentence, ...
    sentences = pieces[0::2]
    keep = len(sentences) - 1
    while keep >= 1:
        kept = "".join(pieces[: 2 * keep - 1])
        if len(kept.split()) < 0.6 * words:
            break
        if keep == len(sentences) - 1 or rng.random() < 0.6:
            best = kept
        keep -= 1
    if "best" in locals():
        return best
    tokens = text.split(" ")
    return " ".join(tokens[: max(1, int(len(tokens) * 0.75))])


def _insert(text: str, other: str, rng: random.Random) -> str:
    parts = _paragraphs(text)
    extra = rng.choice(_paragraphs(other))
    # A paragraph of the re-publisher's own: at most a fifth of the article's length.
    extra = " ".join(extra.split()[: max(8, len(text.split()) // 5)])
    parts.insert(rng.randint(1, max(1, len(parts))), extra)
    return "\n\n".join(parts)


def _format(text: str, rng: random.Random) -> str:
    if '"' in text:
        text = re.sub(r'"(\w)', r"“\1", text).replace('"', "”").replace("'", "’")
    else:
        text = text.replace("“", '"').replace("”", '"').replace("’", "'")
    text = text.replace(". ", ".  ") if rng.random() < 0.5 else text.replace("\n\n", "\n")
    return re.sub(r"\n", "\n  ", text) if rng.random() < 0.5 else text


def make_copy(text: str, other: str, kind: str, rng: random.Random) -> str:
    if kind == "headline":
        return _headline(text, other, rng)
    if kind == "cut":
        return _cut(text, rng)
    if kind == "insert":
        return _insert(text, other, rng)
    if kind == "format":
        return _format(text, rng)
    text = _format(_headline(text, other, rng), rng)
    return _cut(text, rng) if rng.random() < 0.5 else _insert(text, other, rng)


def build(texts: list[str], *, share: float, rng: random.Random) -> list[tuple[str, int, str]]:
    """(text, group, kind) for every original and copy, shuffled."""
    docs = [(text, group, "original") for group, text in enumerate(texts)]
    for group, text in enumerate(texts):
        if rng.random() < share:
            for _ in range(rng.choice((1, 1, 2))):
                kind = rng.choice(KINDS)
                other = texts[rng.randrange(len(texts))]
                docs.append((make_copy(text, other, kind, rng), group, kind))
    rng.shuffle(docs)
    return docs


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--copies", type=float, default=0.3, help="share of originals that get copies")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    texts = load_texts(args.data)
    if not texts:
        print(f"no texts under {args.data}", file=sys.stderr)
        return 1
    rng = random.Random(args.seed)
    docs = build(texts, share=args.copies, rng=rng)
    config = default_config()
    index = OriginIndex(num_perm=config["minhash_permutations"], shingle_size=config["shingle_size"],
                        threshold=config["near_duplicate_threshold"])
    predicted: dict[int, tuple[int, float]] = {}
    t0, c0 = time.perf_counter(), time.process_time()
    for i, (text, _group, _kind) in enumerate(docs):
        content_hash = hashlib.sha256(text.encode()).hexdigest()[:16]
        sigs = index.signatures(text, rewrites=False)
        exact = index.exact(content_hash)
        near = index.near(sigs[0], sigs[1])
        if exact is not None:
            predicted[i] = (int(exact), 1.0)
        elif near:
            predicted[i] = (int(near[0].article_id), near[0].jaccard)
        index.add(str(i), content_hash, sigs, root=f"article:{i}", root_name=str(i))
    seconds, cpu = time.perf_counter() - t0, time.process_time() - c0
    report(docs, predicted, seconds, cpu, len(texts))
    return 0


def _source_duplicates(a: str, b: str) -> bool:
    """Exact check (not MinHash) that two originals are one text published twice."""
    first = set(shingle_hashes(body_words(a), 5))
    second = set(shingle_hashes(body_words(b), 5))
    return bool(first and second) and len(first & second) / min(len(first), len(second)) >= 0.8


def report(docs: list[tuple[str, int, str]], predicted: dict[int, tuple[int, float]], seconds: float,
           cpu: float, n_originals: int) -> None:
    first_of: dict[int, int] = {}
    should = []  # documents with an earlier member of their group
    for i, (_text, group, _kind) in enumerate(docs):
        if group in first_of:
            should.append(i)
        else:
            first_of[group] = i
    by_kind: dict[str, list[int]] = defaultdict(list)
    for i in should:
        by_kind[docs[i][2]].append(i)
    found = {i for i in should if i in predicted and docs[predicted[i][0]][1] == docs[i][1]}
    false = [(i, j, s) for i, (j, s) in predicted.items() if docs[j][1] != docs[i][1]]
    tp = len(found)
    precision = tp / (tp + len(false)) if tp + len(false) else 1.0
    recall = tp / len(should) if should else 1.0
    print(f"{len(docs)} documents: {n_originals} real originals + {len(docs) - n_originals} copies; "
          f"{len(should)} should point to an earlier member of their group\n")
    originals = {group: text for text, group, kind in docs if kind == "original"}
    source_dups = [f for f in false if _source_duplicates(originals[docs[f[0]][1]], originals[docs[f[1]][1]])]
    real_false = len(false) - len(source_dups)
    print("| documents | pairs expected | found | flagged pairs across groups | of which the source data's own duplicates | false pairs | precision | recall | docs/s wall | docs/s per CPU-second |")
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    strict = tp / (tp + real_false) if tp else 0.0
    print(f"| {len(docs)} | {len(should)} | {tp} | {len(false)} | {len(source_dups)} | {real_false} | {strict:.4f} | "
          f"{recall:.4f} | {len(docs) / seconds:,.0f} | {len(docs) / cpu:,.0f} |")
    print(f"\nPrecision counting the source data's own duplicates as false too: {precision:.4f}. "
          "A pair across groups is the source data's own duplicate when the two underlying originals "
          "share >= 80% of the smaller one's exact word 5-shingles (one wire story under two outlets' "
          "headlines, the same ECB+ document twice); samples are printed below.")
    print("\n| copy kind | expected | found | recall |")
    print("|---|---:|---:|---:|")
    for kind in ("original", *KINDS):
        items = by_kind.get(kind, [])
        if items:
            hit = sum(1 for i in items if i in found)
            print(f"| {kind} | {len(items)} | {hit} | {hit / len(items):.4f} |")
    made = [f for f in false if f not in source_dups]
    for i, j, score in (made[:5] + source_dups[:3]):
        print(f"\nflagged pair (Jaccard {score}; {docs[i][2]} / {docs[j][2]}):\n  A: {docs[i][0][:200]!r}\n  B: {docs[j][0][:200]!r}")


if __name__ == "__main__":
    sys.exit(main())
