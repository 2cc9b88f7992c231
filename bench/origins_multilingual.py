"""Translations found within a story (``origins.translations``), and independent reports in two
languages not taken for translations.

- NTREX-128 (github:MicrosoftTranslator/NTREX @ 8561f6a, CC BY-SA 4.0): per story and language,
  the English report and its human translation as one story (the translation a day later): is the
  translation found a rewrite of the English report? And the English report with the translation
  of the next story: never.
- SemEval-2022 task 8 training sample (github:GeekDream-x/SemEval2022-Task8-TonyX @ 4281dc9, Apache-2.0
  for the repository; texts are the outlets'): cross-lingual pairs rated "very similar" (Overall <=
  1.5): two outlets' own reports of one event, in two languages (title and about 1,000 characters
  each). None should be read as a translation of the other.

    .venv/bin/python bench/origins_multilingual.py [--ntrex /work/ml-data/ntrex]
        [--semeval /work/ml-data/semeval2022-task8-hfl/data/training_set.csv] [--stories 30]
"""

from __future__ import annotations

import argparse
import csv
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from stories_multilingual import ntrex_or_skip  # noqa: E402

from newsprism import normalise, origins  # noqa: E402
from newsprism.errors import NewsprismError  # noqa: E402
from newsprism.models import Models  # noqa: E402
from newsprism.settings import default_config  # noqa: E402
from newsprism.types import RawDoc  # noqa: E402


def _article(key: str, title: str | None, body: str, language: str, day: str, config):
    doc = RawDoc(source=key, reader="bench", body=body, payload=f"{key}\n{body}".encode(), title=title,
                 language=language, published=day, outlet=f"outlet {key}")
    return normalise.normalise(doc, config=config)


def _translation_of(pair, config, models) -> str | None:
    found = {o.article_id: o for o in origins.run(pair, config=config, models=models)}
    out = origins.translations(pair, found, reader=models.crosslingual,
                               min_coverage=float(config["rewrite_min_coverage"]))
    return out[pair[1].id].rewrite_of


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ntrex", type=Path, default=Path("/work/ml-data/ntrex"))
    parser.add_argument("--semeval", type=Path,
                        default=Path("/work/ml-data/semeval2022-task8-hfl/data/training_set.csv"))
    parser.add_argument("--stories", type=int, default=30)
    args = parser.parse_args()
    config, models = default_config(), Models()
    if (loaded := ntrex_or_skip(args.ntrex, ["en", "fr", "de", "es", "ru"])) is not None:
        articles, gold, langs = loaded
        by = {(g, lang): a for a, g, lang in zip(articles, gold, langs)}
        stories = list(dict.fromkeys(gold))[: args.stories]
        print(f"NTREX-128, {len(stories)} stories: the English report with its translation, and with the "
              "next story's translation\n")
        print("| language | translations found | read as a translation of another story |")
        print("|---|---|---|")
        for language in ("fr", "de", "es", "ru"):
            found = wrong = 0
            for n, story in enumerate(stories):
                def make(key, lang, source, day):
                    return _article(key, source.title, "\n\n".join(source.text.split("\n")), lang, day, config)
                english = make(f"en/{n}", "en", by[(story, "en")], "2019-01-01")
                own = make(f"{language}/{n}", language, by[(story, language)], "2019-01-02")
                other = make(f"{language}/other/{n}", language, by[(stories[(n + 1) % len(stories)], language)], "2019-01-02")
                found += _translation_of([english, own], config, models) == english.id
                wrong += _translation_of([english, other], config, models) is not None
            print(f"| {language} | {found} / {len(stories)} | {wrong} / {len(stories)} |", flush=True)
    if args.semeval.exists():
        rows = list(csv.DictReader(args.semeval.open(encoding="utf-8")))
        pairs = [r for r in rows if r["lang1"] != r["lang2"] and float(r["Overall"]) <= 1.5]
        read = taken = 0
        for k, row in enumerate(pairs):
            try:
                first = _article(f"a{k}", None, row["text1"], row["lang1"], "2020-01-01", config)
                second = _article(f"b{k}", None, row["text2"], row["lang2"], "2020-01-02", config)
            except NewsprismError:
                continue
            read += 1
            taken += _translation_of([first, second], config, models) is not None
        print(f"\nSemEval-2022 task 8 sample: {read} cross-lingual pairs of 'very similar' independent reports; "
              f"read as translations: {taken}")
    else:
        print(f"no SemEval-2022 task 8 sample at {args.semeval}; skipped")


if __name__ == "__main__":
    main()
