"""Cross-lingual story grouping: one news story told in several languages must be one story.

Data (not in ../shared/bench; fetch with the search tool's ``fetch`` and pass ``--data``):
NTREX-128 (github:MicrosoftTranslator/NTREX @ 8561f6a622db9edad1217683e5c83daefd8bb2bf,
CC BY-SA 4.0): the WMT19 English news test set (123 stories from BBC, Reuters, the Guardian, RT
...) translated by people, document by document, into French, German, Spanish and Russian. Each
(story, language) is one report; the gold story is the document id. The language versions are
translations, so this measures whether reports join across languages, not independent
reporting. Reports are shuffled and streamed into the online grouper (no dates: time decay off);
B-cubed P/R/F1 over all reports, and the share of same-story report pairs in different
languages that end in one story (cross-lingual pair recall), next to the TF-IDF baseline and
the same agglomerative clustering over e5 vectors.

    .venv/bin/python bench/stories_multilingual.py --data /work/ml-data/ntrex \\
        [--languages en fr de es ru] [--embedder e5.v1 wordllama.v1] [--two-phase 200]
"""

from __future__ import annotations

import argparse
import itertools
import json
import sys
from dataclasses import replace
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from stories_common import (  # noqa: E402
    Result,
    baseline,
    bcubed,
    make_article,
    run_online,
    run_two_phase,
    shuffled,
    table_row,
    TABLE_HEAD,
)

from newsprism.models import Models  # noqa: E402
from newsprism.settings import default_config  # noqa: E402

DOCS = "ntrex_docs_en_fr_de_es_ru.jsonl"


def load_ntrex(folder: Path, languages: list[str]) -> tuple[list, list[str], list[str]]:
    """Reports (title = the story's first sentence in that language), gold story ids, languages.
    Built from the line-aligned NTREX files and DOCUMENT_IDS.tsv when the joined file is absent."""
    records = []
    if (folder / DOCS).exists():
        records = [json.loads(line) for line in (folder / DOCS).read_text(encoding="utf-8").splitlines() if line]
    else:
        ids = (folder / "DOCUMENT_IDS.tsv").read_text(encoding="utf-8").splitlines()
        files = {"en": "newstest2019-src.eng.txt", "fr": "newstest2019-ref.fra.txt",
                 "de": "newstest2019-ref.deu.txt", "es": "newstest2019-ref.spa.txt",
                 "ru": "newstest2019-ref.rus.txt"}
        for lang, name in files.items():
            lines = (folder / "NTREX-128" / name).read_text(encoding="utf-8").splitlines()
            for story, group in itertools.groupby(zip(ids, lines), key=lambda x: x[0].split("\t")[0]):
                records.append({"story_id": story, "lang": lang, "sentences": [s for _, s in group]})
    articles, gold, langs = [], [], []
    for record in records:
        if record["lang"] not in languages:
            continue
        sentences = record["sentences"]
        article = make_article("\n".join(sentences[1:]), sentences[0], f"ntrex/{record['lang']}/{record['story_id']}")
        articles.append(replace(article, language=record["lang"]))
        gold.append(record["story_id"])
        langs.append(record["lang"])
    return articles, gold, langs


def ntrex_or_skip(folder: Path, languages: list[str]) -> tuple[list, list[str], list[str]] | None:
    """``load_ntrex``, or None after saying the data is missing (every NTREX benchmark skips alike)."""
    if not folder.is_dir():
        print(f"no NTREX folder at {folder}: fetch github:MicrosoftTranslator/NTREX and pass --data; skipped")
        return None
    return load_ntrex(folder, languages)


def cross_pair_recall(gold: list[str], labels: list[str], langs: list[str]) -> float:
    """Of the report pairs of one gold story in two languages, the share put in one story."""
    hit = total = 0
    for i, j in itertools.combinations(range(len(gold)), 2):
        if gold[i] == gold[j] and langs[i] != langs[j]:
            total += 1
            hit += labels[i] == labels[j]
    return hit / total if total else float("nan")


def e5_baseline(articles, *, distance: float) -> Result:
    """Average-link agglomerative clustering over e5 vectors of each report's headline and lead
    (its first 600 characters, as the grouper embeds; all pairs, offline)."""
    import time

    from sklearn.cluster import AgglomerativeClustering

    t0 = time.perf_counter()
    vectors = Models(embedder_name="e5.v1").embedder.embed([f"{a.title}\n{a.text}"[:600] for a in articles])
    distances = np.clip(1.0 - vectors @ vectors.T, 0.0, 2.0)
    labels = AgglomerativeClustering(n_clusters=None, distance_threshold=distance, metric="precomputed",
                                     linkage="average").fit_predict(distances)
    return Result(f"baseline e5 + agglomerative (cut {distance})", [str(x) for x in labels], time.perf_counter() - t0)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=Path("/work/ml-data/ntrex"))
    parser.add_argument("--languages", nargs="+", default=["en", "fr", "de", "es", "ru"])
    parser.add_argument("--embedder", nargs="+", default=["e5.v1", "wordllama.v1"])
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--two-phase", nargs="*", type=int, default=[])
    parser.add_argument("--baseline-cut", type=float, default=0.8)
    parser.add_argument("--e5-cut", type=float, default=0.7,
                        help="cosine distance cut for the e5 baseline (0.7: cosine 0.3, about the 99th "
                             "percentile of unrelated WMT news leads, scripts/fit_e5_center.py)")
    parser.add_argument("--english-first", action="store_true",
                        help="stream every English report first, then the others (a store built in "
                             "English that then receives reports in other languages)")
    parser.add_argument("--no-baselines", action="store_true")
    parser.add_argument("--set", nargs="*", default=[], help="setting overrides name=value")
    args = parser.parse_args()
    if (loaded := ntrex_or_skip(args.data, args.languages)) is None:
        return
    config = default_config().replace(**dict(s.split("=", 1) for s in args.set))
    articles, gold, langs = loaded
    order = shuffled(articles, seed=args.seed)
    if args.english_first:
        order = sorted(order, key=lambda i: langs[i] != "en")  # stable: each part stays shuffled
    articles, gold, langs = [articles[i] for i in order], [gold[i] for i in order], [langs[i] for i in order]
    print(f"{len(articles)} reports of {len(set(gold))} stories in {', '.join(args.languages)}"
          f"{', English first' if args.english_first else ''}\n")
    print(TABLE_HEAD.replace("| ARI |", "| ARI |").replace(" |\n|", " | cross-lingual pair recall |\n|", 1) + "---|")
    results = []
    for name in args.embedder:
        results.append(run_online(articles, config=config, models=Models(embedder_name=name),
                                  name=f"newsprism online ({name})"))
        for size in args.two_phase:
            results.append(run_two_phase(articles, config=config, models=Models(embedder_name=name),
                                         partition=size, name=f"newsprism two-phase, partitions of {size} ({name})"))
    if not args.no_baselines:
        results.append(baseline(articles, distance=args.baseline_cut))
        results.append(e5_baseline(articles, distance=args.e5_cut))
    for result in results:
        print(f"{table_row(result, gold)} {cross_pair_recall(gold, result.labels, langs):.3f} |", flush=True)
    print("\nPer language (B-cubed over that language's reports alone, online, first embedder):")
    first = results[0]
    for lang in args.languages:
        keep = [i for i, x in enumerate(langs) if x == lang]
        p, r, f = bcubed([gold[i] for i in keep], [first.labels[i] for i in keep])
        print(f"- {lang}: P {p:.3f} R {r:.3f} F1 {f:.3f}")


if __name__ == "__main__":
    main()
