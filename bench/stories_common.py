"""Shared pieces of the story benchmarks: loaders, scores, the online run and the baseline."""

from __future__ import annotations

import datetime
import hashlib
import pickle
import random
import re
import time
from collections import defaultdict
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Sequence
from urllib.parse import urlparse

import numpy as np

from newsprism.models import Models
from newsprism.settings import Config
from newsprism.stories import Grouper
from newsprism.types import Article

BENCH = Path(__file__).resolve().parents[1].parent / "shared" / "bench"


def make_article(text: str, title: str | None, source: str) -> Article:
    digest = hashlib.sha256(f"{source}\n{title}\n{text}".encode()).hexdigest()
    return Article(id=digest[:32], source=source, reader="bench", text=text,
                   content_hash=digest[:32], title=title)


# ------------------------------------------------------------------ NeuS

_REPORT = re.compile(r"TITLE=>\s*(.*?)\s*ARTICLE=>\s*(.*)", re.S)


def load_neus(folder: Path, split: str) -> tuple[list[Article], list[str]]:
    """Every report of ``split`` with its gold story (the line it came from)."""
    articles, gold = [], []
    path = folder / f"{split}.source"
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines()):
        for k, report in enumerate(line.split(" [SEP] ")):
            match = _REPORT.match(report.strip())
            title, text = (match.group(1), match.group(2)) if match else (None, report)
            title = title.rstrip(".") if title else None
            articles.append(make_article(text.strip(), title, f"{split}:{number}:{k}"))
            gold.append(f"{split}:{number}")
    return articles, gold


# ------------------------------------------------------------------ ECB+

_NO_SPACE_BEFORE = re.compile(r" ([,.;:!?%)\]}'’”]|'s|n't)")
_NO_SPACE_AFTER = re.compile(r"([(\[{$“]) ")


def load_ecb(folder: Path) -> tuple[list[Article], list[str], list[str]]:
    """Each document's text rebuilt from the tokens; gold event story and gold topic."""
    sentences: dict[str, dict[int, list[str]]] = defaultdict(lambda: defaultdict(list))
    for line in (folder / "dev_text.txt").read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if len(parts) >= 4:
            sentences[parts[0]][int(parts[1])].append(parts[3])
    articles, events, topics = [], [], []
    for doc in sorted(sentences):
        lines = [" ".join(tokens) for _, tokens in sorted(sentences[doc].items())]
        lines = [_NO_SPACE_AFTER.sub(r"\1", _NO_SPACE_BEFORE.sub(r"\1", s)) for s in lines]
        topic = doc.split("_")[0]
        kind = "ecbplus" if doc.endswith("ecbplus.xml") else "ecb"
        articles.append(make_article("\n".join(lines), None, doc))
        events.append(f"{topic}/{kind}")
        topics.append(topic)
    return articles, events, topics


# ------------------------------------------------------------------ dated: gun violence incidents

# Fetched separately (never copied into this repository), e.g. with the search tool's fetch of
# github:cltl/LongTailQATask @ 1306bad62fb2750583548a1f5880abe086b3f1c4 (the SemEval-2018 task 5
# pilot data, Postma et al.), keeping EventRegistries/GunViolenceArchive/the_violent_corpus/.
GVA_CORPUS = Path("EventRegistries") / "GunViolenceArchive" / "the_violent_corpus"


class _NewsItem:
    """What the corpus files hold (a pickled ``classes.NewsItem``): title, content, dct, uri, id."""


class _SafeUnpickler(pickle.Unpickler):
    """The corpus files are pickles: only a NewsItem and dates may be built from them, nothing
    that could run code."""

    def find_class(self, module: str, name: str):  # noqa: D102
        if (module, name) in {("datetime", "date"), ("datetime", "datetime")}:
            return getattr(datetime, name)
        if name == "NewsItem":
            return _NewsItem
        raise pickle.UnpicklingError(f"{module}.{name} is not allowed in a corpus file")


def _outlet(uri: str) -> str:
    """The site a report came from (archive.org snapshots unwrapped)."""
    match = re.search(r"web\.archive\.org/web/[^/]+/(.*)", uri)
    url = match.group(1) if match else uri
    url = url if url.startswith("http") else "http://" + url
    return urlparse(url).netloc.lower().split(":")[0].removeprefix("www.")


def load_gva(folder: Path, *, half: str = "all") -> tuple[list[Article], list[str]]:
    """Every report of a gun-violence incident (one folder per Gun Violence Archive incident),
    dated by its document creation time, in date order, with its gold incident. Reports linked
    to several incidents (round-ups) are left out: their gold is not one story. ``half``: "dev"
    or "test" keeps the incidents whose hash is even or odd (tune on one, report both)."""
    corpus = folder / GVA_CORPUS if (folder / GVA_CORPUS).is_dir() else folder
    found: list[tuple[str, str, _NewsItem]] = []
    for path in sorted(corpus.glob("*/*.json")):
        with open(path, "rb") as handle:
            found.append((path.parent.name, path.stem, _SafeUnpickler(handle).load()))
    incidents_of: dict[str, set[str]] = defaultdict(set)
    for incident, doc, _ in found:
        incidents_of[doc].add(incident)
    rows = []
    for incident, doc, item in found:
        if len(incidents_of[doc]) > 1:
            continue
        parity = int(hashlib.sha256(incident.encode()).hexdigest(), 16) % 2
        if half != "all" and parity != (0 if half == "dev" else 1):
            continue
        day = item.dct.isoformat() if hasattr(item.dct, "isoformat") else None
        text = item.content.strip()
        article = make_article(text, item.title.strip() or None, f"gva:{incident}:{doc}")
        article = replace(article, published=f"{day}T12:00:00+00:00" if day else None, outlet=_outlet(item.uri),
                          url=item.uri)
        rows.append((day or "", doc, article, f"gva:{incident}"))
    rows.sort(key=lambda row: (row[0], row[1]))  # a stream in publication order
    return [row[2] for row in rows], [row[3] for row in rows]


def shuffled_within_days(articles: list[Article], *, seed: int) -> list[int]:
    """Positions in date order, reports of the same day in a random order (the corpus gives
    days, not times)."""
    rng = random.Random(seed)
    keys = [(a.published or "", rng.random()) for a in articles]
    return sorted(range(len(articles)), key=lambda i: keys[i])


# ------------------------------------------------------------------ scores


def bcubed(gold: Sequence[str], predicted: Sequence[str]) -> tuple[float, float, float]:
    by_gold: dict[str, set[int]] = defaultdict(set)
    by_pred: dict[str, set[int]] = defaultdict(set)
    for i, (g, p) in enumerate(zip(gold, predicted)):
        by_gold[g].add(i)
        by_pred[p].add(i)
    precision = recall = 0.0
    for i, (g, p) in enumerate(zip(gold, predicted)):
        both = len(by_gold[g] & by_pred[p])
        precision += both / len(by_pred[p])
        recall += both / len(by_gold[g])
    n = len(gold)
    precision, recall = precision / n, recall / n
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def ari(gold: Sequence[str], predicted: Sequence[str]) -> float:
    from sklearn.metrics import adjusted_rand_score

    return float(adjusted_rand_score(gold, predicted))


@dataclass
class Result:
    name: str
    labels: list[str]
    seconds: float
    embed_seconds: float = 0.0


def run_online(articles: Sequence[Article], *, config: Config, models: Models, name: str) -> Result:
    """Stream the articles in the given order through the grouper; final story of each article."""
    grouper = Grouper(config=config, models=models)
    t0 = time.perf_counter()
    from newsprism.stories import features

    feats = [features.extract(a) for a in articles]
    if hasattr(grouper, "vectors"):
        embeddings = grouper.vectors(feats)
    else:  # main before the title embeddings (to measure it with the same bench)
        embeddings = grouper.embed([f.embed_text for f in feats])
    embed_seconds = time.perf_counter() - t0
    t1 = time.perf_counter()
    grouper.add(articles, embeddings)
    seconds = time.perf_counter() - t1
    final = {a: s for story in grouper.stories() for s in [story.id] for a in story.article_ids}
    return Result(name, [final[a.id] for a in articles], seconds, embed_seconds)


def run_two_phase(articles: Sequence[Article], *, config: Config, models: Models, partition: int,
                  name: str) -> Result:
    """The batch engines' two-phase plan: a fresh grouper per ``partition`` articles (phase one),
    each partition's stories then merged into the stories held (``Grouper.absorb``, phase two)."""
    held = Grouper(config=config, models=models)
    t0 = time.perf_counter()
    for start in range(0, len(articles), partition):
        part = Grouper(config=config, models=models)
        part.add(articles[start:start + partition])
        held.absorb(part.index)
    index = held.index
    final = {aid: held.story_id_of(int(row)) for aid, row in zip(index.article_ids, index.article_story)}
    return Result(name, [final[a.id] for a in articles], time.perf_counter() - t0)


def baseline(articles: Sequence[Article], *, distance: float) -> Result:
    """What a user would do with scikit-learn: TF-IDF, then average-link agglomerative
    clustering on cosine distance cut at ``distance`` (all pairs, offline)."""
    from sklearn.cluster import AgglomerativeClustering
    from sklearn.feature_extraction.text import TfidfVectorizer

    t0 = time.perf_counter()
    texts = [f"{a.title or ''}\n{a.text}" for a in articles]
    matrix = TfidfVectorizer(stop_words="english", sublinear_tf=True, min_df=1).fit_transform(texts)
    distances = np.clip(1.0 - (matrix @ matrix.T).toarray(), 0.0, 2.0)  # rows are unit length
    model = AgglomerativeClustering(n_clusters=None, distance_threshold=distance,
                                    metric="precomputed", linkage="average")
    labels = model.fit_predict(distances)
    return Result(f"baseline TF-IDF + agglomerative (cut {distance})", [str(x) for x in labels],
                  time.perf_counter() - t0)


def print_methods(articles: Sequence[Article], gold: Sequence[str], *, config: Config, embedders: Sequence[str],
                  two_phase: Sequence[int], baseline_cut: float | None) -> None:
    """The table of one data set: newsprism online and in the batch plan for each embedder (and
    partition size), then the TF-IDF baseline unless ``baseline_cut`` is None."""
    print(TABLE_HEAD)
    for name in embedders:
        result = run_online(articles, config=config, models=Models(embedder_name=name),
                            name=f"newsprism online ({name})")
        print(table_row(result, gold), flush=True)
        for size in two_phase:
            result = run_two_phase(articles, config=config, models=Models(embedder_name=name), partition=size,
                                   name=f"newsprism two-phase, partitions of {size} ({name})")
            print(table_row(result, gold), flush=True)
    if baseline_cut is not None:
        print(table_row(baseline(articles, distance=baseline_cut), gold), flush=True)


def shuffled(items: list, *, seed: int) -> list[int]:
    order = list(range(len(items)))
    random.Random(seed).shuffle(order)
    return order


def table_row(result: Result, gold: Sequence[str]) -> str:
    p, r, f = bcubed(gold, result.labels)
    stories = len(set(result.labels))
    rate = len(gold) / result.seconds if result.seconds else float("inf")
    embed = f"{result.embed_seconds:.1f}" if result.embed_seconds else "-"
    return (f"| {result.name} | {p:.3f} | {r:.3f} | {f:.3f} | {ari(gold, result.labels):.3f} | "
            f"{stories} | {len(set(gold))} | {result.seconds:.1f} | {embed} | {rate:.0f} |")


TABLE_HEAD = ("| method | B3 P | B3 R | B3 F1 | ARI | stories found | gold stories | "
              "grouping s | embedding s | articles/s (grouping) |\n"
              "|---|---|---|---|---|---|---|---|---|---|")
