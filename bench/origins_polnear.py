"""PolNeAR: how well origins finds the wire agency or credited outlet of each article from its text.

Gold (``metadata.tsv``): ``wire`` (AP, UPI, AFP, Reuters) and ``credit`` ("h/t: The Hill") of
each article in ``train``/``dev``. Predictions come from ``newsprism.origins.run`` on the article
text alone, with the publisher as the article's own outlet. Three readings are scored, micro over
(article, outlet) pairs:

- wire from root: the article's root, when it is a news agency, against the gold wire;
- wire or credit from root: the root (any outlet) against wire + credit;
- wire or credit in cites: every cited outlet against wire + credit (citations of outlets that
  the gold does not list count as false positives, so this precision is a floor).

Usage: .venv/bin/python bench/origins_polnear.py [--data ../shared/bench] [--split train,dev]
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import re
import sys
import time
from pathlib import Path

from newsprism import origins
from newsprism.models import Models
from newsprism.rules.outlets import canonical_outlet, is_agency, lookup
from newsprism.settings import default_config
from newsprism.testing import FakeEmbedder
from newsprism.types import Article

DEFAULT_DATA = Path(__file__).resolve().parents[1].parent / "shared" / "bench"
PUBLISHERS = {
    "breitbart": "Breitbart News", "huff-post": "HuffPost", "nyt": "The New York Times",
    "politico": "Politico", "usa-today": "USA Today", "wash-post": "The Washington Post",
    "west-journal": "The Western Journal",
}


def _gold(row: dict[str, str]) -> tuple[set[str], set[str]]:
    wire, credit = set(), set()
    if row["wire"] not in {"", "None", "NA"}:
        wire.add(canonical_outlet(row["wire"]) or row["wire"])
    raw = row["credit"].strip()
    if raw not in {"", "None", "NA"}:
        name = raw.split(":", 1)[1] if ":" in raw else raw
        credit.add(canonical_outlet(name, cue=True) or name.strip())
    return wire, credit


def load(data: Path, splits: list[str]) -> list[tuple[Article, set[str], set[str], str]]:
    rows = []
    with open(data / "polnear" / "metadata.tsv", newline="", encoding="utf-8") as fh:
        for row in csv.DictReader(fh, delimiter="\t"):
            if row["compartment"] not in splits:
                continue
            path = data / "polnear" / row["compartment"] / "text" / f"{row['filename']}.txt"
            if not path.exists():
                continue
            text = path.read_text(encoding="utf-8")
            article = Article(
                id=hashlib.sha256(text.encode()).hexdigest()[:16], source=str(path), reader="text",
                text=text, content_hash=hashlib.sha256(text.encode()).hexdigest()[:16],
                outlet=PUBLISHERS.get(row["publisher"], row["publisher"]),
                published=row["publication_date"],
            )
            wire, credit = _gold(row)
            rows.append((article, wire, credit, row["compartment"]))
    rows.sort(key=lambda r: (r[0].published or "", r[0].id))
    return rows


def _named_in(name: str, text: str) -> bool:
    outlet = lookup(name)
    names = (name, *outlet.variants) if outlet else (name,)
    lowered = text.lower()
    return any(re.search(rf"\b{re.escape(n.lower())}\b", lowered) for n in names if len(n) > 2)


def _score(pairs: list[tuple[set[str], set[str]]]) -> tuple[int, int, int, float, float, float]:
    tp = sum(len(p & g) for p, g in pairs)
    fp = sum(len(p - g) for p, g in pairs)
    fn = sum(len(g - p) for p, g in pairs)
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return tp, fp, fn, precision, recall, f1


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--split", default="train,dev")
    args = parser.parse_args(argv)
    rows = load(args.data, args.split.split(","))
    if not rows:
        print(f"no PolNeAR texts under {args.data / 'polnear'}", file=sys.stderr)
        return 1
    # Rewrite detection is not what this measures; the fake embedder keeps the run model-free.
    models = Models.with_(embedder=FakeEmbedder())
    t0 = time.perf_counter()
    result = origins.run([r[0] for r in rows], config=default_config(), models=models)
    seconds = time.perf_counter() - t0
    of = {o.article_id: o for o in result}
    readings: dict[str, list[tuple[set[str], set[str]]]] = {"wire from root": [],
                                                             "wire or credit from root": [],
                                                             "wire or credit in cites": []}
    for article, wire, credit, _split in rows:
        origin = of[article.id]
        root = set() if origin.root.startswith("article:") else {origin.root}
        readings["wire from root"].append(({r for r in root if is_agency(r)}, wire))
        readings["wire or credit from root"].append((root, wire | credit))
        readings["wire or credit in cites"].append((set(origin.cites), wire | credit))
    named = sum(1 for article, _w, credit, _s in rows if credit and any(_named_in(c, article.text) for c in credit))
    n_wire = sum(1 for r in rows if r[1])
    n_credit = sum(1 for r in rows if r[2])
    print(f"PolNeAR ({args.split}): {len(rows)} articles, {n_wire} with a wire, {n_credit} with a credit; "
          f"origins ran in {seconds:.1f} s ({len(rows) / seconds:.0f} articles/s, shared CPU)\n")
    print("| reading | TP | FP | FN | precision | recall | F1 |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for name, pairs in readings.items():
        tp, fp, fn, p, r, f = _score(pairs)
        print(f"| {name} | {tp} | {fp} | {fn} | {p:.3f} | {r:.3f} | {f:.3f} |")
    print(f"\nCredited outlets named anywhere in their article's text (an upper bound for any reading "
          f"of the text): {named} of {n_credit}. Most credits are page metadata (\"h/t\" widgets), "
          "not words of the article.")
    misses = [(a.source.rsplit("/", 1)[-1], sorted(w | c), of[a.id].root, of[a.id].cites)
              for a, w, c, _ in rows if (w | c) and not ((w | c) & set(of[a.id].cites))]
    if misses:
        print(f"\nMissed gold outlets ({len(misses)} articles; first 15):\n")
        for name, gold, root, cites in misses[:15]:
            print(f"- {name}: gold {gold}; root {root}; cites {list(cites)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
