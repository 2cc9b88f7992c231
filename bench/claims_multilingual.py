"""Claims lined up across languages: an English report and its French (German, Spanish, Russian)
version as one story; do their claims line up sentence with translated sentence?

Data: NTREX-128 (github:MicrosoftTranslator/NTREX @ 8561f6a622db9edad1217683e5c83daefd8bb2bf,
CC BY-SA 4.0), the WMT19 English news test set translated by people, line by line: line i of the
French document is the translation of line i of the English one, which gives the gold. Per story
and language the real stages run (normalise, extraction in each language, align); in every topic
that holds claims of both reports, each (English claim, other claim) pair is a cross-lingual
link, right when both claims sit in lines with the same number.

- precision: right links / links;
- recall: of the line numbers where both reports have a claim, the share linked by some topic;
- "judge alone": the same claims, aligned as if both reports were English (the English judge
  reads the other language), as newsprism did before it read languages.

    .venv/bin/python bench/claims_multilingual.py --data /work/ml-data/ntrex [--limit 40]
        [--languages fr de es ru]
"""

from __future__ import annotations

import argparse
import hashlib
import sys
import time
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from stories_multilingual import ntrex_or_skip  # noqa: E402

from newsprism import align, extract, normalise  # noqa: E402
from newsprism.errors import NewsprismError  # noqa: E402
from newsprism.models import Models  # noqa: E402
from newsprism.settings import default_config  # noqa: E402
from newsprism.types import RawDoc, Story  # noqa: E402


def _article(story_id: str, language: str, title: str, lines: list[str], config):
    body = "\n\n".join(lines)
    payload = f"ntrex:{story_id}:{language}\n{title}\n{body}".encode()
    doc = RawDoc(source=f"ntrex/{language}/{story_id}", reader="bench", body=body, payload=payload,
                 title=title, language=language, outlet=f"outlet {language}")
    article = normalise.normalise(doc, config=config)
    # where each line starts in the normalised text (lines are kept whole)
    starts, at = [], 0
    for line in lines:
        found = article.text.find(line[:30].strip(), at)
        starts.append(found if found >= 0 else at)
        at = max(at, starts[-1] + 1)
    return article, starts


def _line(starts: list[int], position: int) -> int:
    line = 0
    for i, start in enumerate(starts):
        if start <= position:
            line = i
    return line


def score(topics, en_id: str, xx_id: str, en_starts, xx_starts) -> tuple[int, int, set[int], set[int]]:
    links = right = 0
    linked: set[int] = set()
    both: set[int] = set()
    en_lines, xx_lines = set(), set()
    for topic in topics:
        en = {_line(en_starts, c.start) for c in topic.candidates if c.article_id == en_id}
        xx = {_line(xx_starts, c.start) for c in topic.candidates if c.article_id == xx_id}
        en_lines |= en
        xx_lines |= xx
        for i in en:
            for j in xx:
                links += 1
                right += i == j
                if i == j:
                    linked.add(i)
    both = en_lines & xx_lines
    return links, right, linked & both, both


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=Path("/work/ml-data/ntrex"))
    parser.add_argument("--languages", nargs="+", default=["fr", "de", "es", "ru"])
    parser.add_argument("--limit", type=int, default=40, help="stories (of 123)")
    args = parser.parse_args()
    if (loaded := ntrex_or_skip(args.data, ["en"] + args.languages)) is None:
        return
    config = default_config()
    models = Models()
    articles, gold, langs = loaded
    by = {(g, lang): a for a, g, lang in zip(articles, gold, langs)}
    stories = list(dict.fromkeys(gold))[: args.limit]
    print(f"{len(stories)} NTREX stories; English against each language; one run\n")
    print("| language | method | claims (en / other) | cross links | precision | recall | s per story |")
    print("|---|---|---|---|---|---|---|")
    for language in args.languages:
        totals = {"reader": [0, 0, 0, 0, 0.0], "judge alone": [0, 0, 0, 0, 0.0]}
        counts = [0, 0]
        for story_id in stories:
            en_source, xx_source = by[(story_id, "en")], by[(story_id, language)]
            try:
                en, en_starts = _article(story_id, "en", en_source.title, en_source.text.split("\n"), config)
                xx, xx_starts = _article(story_id, language, xx_source.title, xx_source.text.split("\n"), config)
            except NewsprismError:
                continue
            extractions = list(extract.run([en, xx], config=config, models=models))
            extractions, _ = extract.canonicalise(extractions, [en, xx], config=config)
            extraction_of = {e.article_id: e for e in extractions}
            story = Story(id=hashlib.sha1(story_id.encode()).hexdigest()[:12], title=en.title or "",
                          article_ids=(en.id, xx.id))
            for method, pair in (("reader", [en, xx]), ("judge alone", [en, replace(xx, language=None)])):
                t0 = time.perf_counter()
                topics = align.run(story, pair, extraction_of, config=config, models=models)
                seconds = time.perf_counter() - t0
                links, right, linked, both = score(topics, en.id, xx.id, en_starts, xx_starts)
                total = totals[method]
                total[0] += links
                total[1] += right
                total[2] += len(linked)
                total[3] += len(both)
                total[4] += seconds
                if method == "reader":
                    counts[0] += sum(1 for t in topics for c in t.candidates if c.article_id == en.id)
                    counts[1] += sum(1 for t in topics for c in t.candidates if c.article_id == xx.id)
        for method, (links, right, linked, both, seconds) in totals.items():
            precision = right / links if links else float("nan")
            recall = linked / both if both else float("nan")
            print(f"| {language} | {method} | {counts[0]} / {counts[1]} | {links} | {precision:.3f} | {recall:.3f} | "
                  f"{seconds / max(len(stories), 1):.2f} |", flush=True)


if __name__ == "__main__":
    main()
