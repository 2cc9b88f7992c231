"""The cited brief on NeuS: citations, grounding, coverage of the human neutral summary, ROUGE.

Each line of ``val.source`` is one story told by three outlets (left, centre, right); the same
line of ``val.target`` is a human-written neutral summary. Per story the real stages run
(normalise, origins, extraction, then align + judge + brief), and the brief is scored:

- cited: share of brief sentences citing at least one claim and one article (goal 100%);
- grounded: share of summary / "only in" sentences found verbatim in an article;
- fact coverage: recall of the target's facts in the brief, where a fact is a number, a
  capitalised name word or a content word (stop words out, crude stemming), counted once each;
- ROUGE-1/2/L F1 (own implementation: lower-case word tokens, no stemming) against the target.

Baselines in the same run for scale: ``lead-1 x3`` (first sentence of each report, uncited) and
``all text`` (the three reports whole: the ceiling any extractive brief can reach).

    .venv/bin/python bench/brief_neus.py [--data DIR] [--limit N] [--embedder wordllama.v1]
"""

from __future__ import annotations

import argparse
import hashlib
import re
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

from spacy.lang.en.stop_words import STOP_WORDS

from newsprism import align, brief, extract, judge, normalise, origins
from newsprism.errors import NewsprismError
from newsprism.models import Models
from newsprism.settings import default_config
from newsprism.types import RawDoc, Story

BENCH = Path(__file__).resolve().parents[1].parent / "shared" / "bench"
_REPORT = re.compile(r"TITLE=>\s*(.*?)\s*ARTICLE=>\s*(.*)", re.S)
_TOKEN = re.compile(r"[A-Za-z][A-Za-z'’-]*|\d[\d,.]*")


def parse(report: str) -> tuple[str | None, str]:
    match = _REPORT.match(report.strip())
    if not match:
        return None, report.strip()
    return match.group(1).strip().rstrip(".") or None, match.group(2).strip()


def tokens(text: str) -> list[str]:
    return [t.lower().rstrip(".,") for t in _TOKEN.findall(text)]


def facts(text: str) -> set[str]:
    """Numbers, names and content words, crudely stemmed so "sanctions"/"sanctioned" meet."""
    out = set()
    for token in _TOKEN.findall(text):
        word = token.lower().rstrip(".,")
        if word[0].isdigit():
            out.add(word.replace(",", ""))
            continue
        if word in STOP_WORDS or len(word) < 3:
            continue
        for suffix in ("ing", "ed", "es", "s", "ly"):
            if word.endswith(suffix) and len(word) - len(suffix) >= 4:
                word = word[: -len(suffix)]
                break
        out.add(word[:7])
    return out


def rouge_n(candidate: list[str], reference: list[str], n: int) -> float:
    def grams(words: list[str]) -> Counter:
        return Counter(tuple(words[i:i + n]) for i in range(len(words) - n + 1))

    c, r = grams(candidate), grams(reference)
    overlap = sum((c & r).values())
    if not overlap:
        return 0.0
    precision, recall = overlap / sum(c.values()), overlap / sum(r.values())
    return 2 * precision * recall / (precision + recall)


def rouge_l(candidate: list[str], reference: list[str]) -> float:
    if not candidate or not reference:
        return 0.0
    previous = [0] * (len(reference) + 1)
    for word in candidate:
        current = [0]
        for j, ref in enumerate(reference, start=1):
            current.append(previous[j - 1] + 1 if word == ref else max(previous[j], current[-1]))
        previous = current
    lcs = previous[-1]
    if not lcs:
        return 0.0
    precision, recall = lcs / len(candidate), lcs / len(reference)
    return 2 * precision * recall / (precision + recall)


def score(text: str, target: str) -> dict[str, float]:
    cand, ref = tokens(text), tokens(target)
    wanted = facts(target)
    return {
        "coverage": len(wanted & facts(text)) / len(wanted) if wanted else 0.0,
        "rouge1": rouge_n(cand, ref, 1),
        "rouge2": rouge_n(cand, ref, 2),
        "rougeL": rouge_l(cand, ref),
        "words": float(len(cand)),
    }


def articles_of(line: str, number: int, config) -> list:
    out = []
    for k, report in enumerate(line.split(" [SEP] ")):
        title, body = parse(report)
        payload = f"neus:{number}:{k}\n{title}\n{body}".encode()
        doc = RawDoc(source=f"neus:val:{number}:{k}", reader="bench", body=body, payload=payload,
                     title=title, outlet=f"outlet {k + 1}")
        try:
            out.append(normalise.normalise(doc, config=config))
        except NewsprismError:
            continue  # an empty report in the data: the story is told by the others
    return out


def run_story(line: str, number: int, *, config, models) -> tuple[list, list, float]:
    articles = articles_of(line, number, config)
    found = origins.run(articles, config=config, models=models)
    origin_of = {o.article_id: o for o in found}
    extractions = list(extract.run(articles, config=config, models=models))
    extractions, _ = extract.canonicalise(extractions, articles, config=config)
    extraction_of = {e.article_id: e for e in extractions}
    story = Story(id=hashlib.sha1(line.encode()).hexdigest()[:12], title=articles[0].title or "",
                  article_ids=tuple(a.id for a in articles))
    t0 = time.perf_counter()
    topics = align.run(story, articles, extraction_of, config=config, models=models)
    claims, checks = judge.run(topics, origin_of, config=config)
    sentences = brief.run(story, claims, checks, articles, config=config)
    return articles, sentences, time.perf_counter() - t0, claims


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=BENCH / "neus")
    parser.add_argument("--limit", type=int, default=0, help="first N stories only (0 = all)")
    parser.add_argument("--embedder", default="wordllama.v1")
    args = parser.parse_args(argv)
    config = default_config().replace(embedder=args.embedder)
    models = Models(spacy_model=config["spacy_model"], embedder_name=config["embedder"])
    sources = (args.data / "val.source").read_text(encoding="utf-8").splitlines()
    targets = (args.data / "val.target").read_text(encoding="utf-8").splitlines()
    if args.limit:
        sources, targets = sources[: args.limit], targets[: args.limit]
    rows: dict[str, list[dict[str, float]]] = {k: [] for k in ("brief: summary", "brief: all sections", "lead-1 x3 (uncited)", "all text (ceiling)")}
    cited, grounded, seconds, statuses, sizes = [], [], [], Counter(), []
    for number, (line, target) in enumerate(zip(sources, targets)):
        title, body = parse(target)
        target_text = f"{title or ''}. {body}"
        articles, sentences, elapsed, claims = run_story(line, number, config=config, models=models)
        seconds.append(elapsed)
        statuses.update(c.status for c in claims)
        sizes.append(len(sentences))
        cited.append(sum(1 for s in sentences if s.claim_ids and s.article_ids) / len(sentences) if sentences else 0.0)
        extractive = [s for s in sentences if s.section != "differ"]
        texts = [a.text for a in articles]
        grounded.append(sum(1 for s in extractive if any(s.text in t for t in texts)) / len(extractive) if extractive else 0.0)
        summary = " ".join(s.text for s in sentences if s.section == "summary")
        rows["brief: summary"].append(score(summary, target_text))
        rows["brief: all sections"].append(score(" ".join(s.text for s in sentences), target_text))
        lead = " ".join(a.text[s.start:s.end] for a in articles for s in a.sentences[:1])
        rows["lead-1 x3 (uncited)"].append(score(lead, target_text))
        rows["all text (ceiling)"].append(score(" ".join(texts), target_text))
        if (number + 1) % 50 == 0:
            print(f"... {number + 1} stories", file=sys.stderr)
    n = len(seconds)
    print(f"## NeuS val: cited brief ({n} stories, embedder {args.embedder})\n")
    print("| measure | value |\n|---|---|")
    print(f"| brief sentences citing >= 1 claim and >= 1 article (mean per story) | {100 * statistics.mean(cited):.1f}% |")
    print(f"| stories where every brief sentence is cited | {100 * sum(1 for c in cited if c == 1.0) / n:.1f}% |")
    print(f"| summary / 'only in' sentences found verbatim in an article | {100 * statistics.mean(grounded):.1f}% |")
    print(f"| brief sentences per story (mean) | {statistics.mean(sizes):.1f} |")
    print(f"| claims by verdict (all stories) | {', '.join(f'{k} {v}' for k, v in statuses.most_common())} |")
    print(f"| align + judge + brief, seconds per story (mean / max) | {statistics.mean(seconds):.3f} / {max(seconds):.3f} |")
    print("\n| text scored against the human neutral summary | fact coverage (recall) | ROUGE-1 F1 | ROUGE-2 F1 | ROUGE-L F1 | words |")
    print("|---|---|---|---|---|---|")
    for name, scores in rows.items():
        mean = {k: statistics.mean(s[k] for s in scores) for k in scores[0]}
        print(f"| {name} | {100 * mean['coverage']:.1f}% | {100 * mean['rouge1']:.1f} | {100 * mean['rouge2']:.1f} | "
              f"{100 * mean['rougeL']:.1f} | {mean['words']:.0f} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
