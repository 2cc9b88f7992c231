"""Speed per language: what a report costs in each language, stage by stage (one core).

The same 60 NTREX-128 stories (github:MicrosoftTranslator/NTREX @ 8561f6a, CC BY-SA 4.0) in
English and in their French, German, Spanish and Russian translations, so the texts differ only by
language: normalise, extraction (English and French by spaCy's models, the others at the
"names and figures" level), and the story embedding (wordllama.v1 for English, e5.v1 for any
language; the grouper embeds a report's lead and its headline).

    .venv/bin/python bench/languages_speed.py --data /work/ml-data/ntrex [--stories 60]
"""

from __future__ import annotations

import os

for _name in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_name, "1")

import argparse  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))

from stories_multilingual import ntrex_or_skip  # noqa: E402

from newsprism import extract, normalise  # noqa: E402
from newsprism.models import Models  # noqa: E402
from newsprism.settings import default_config  # noqa: E402
from newsprism.stories import features  # noqa: E402
from newsprism.types import RawDoc  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=Path("/work/ml-data/ntrex"))
    parser.add_argument("--stories", type=int, default=60)
    parser.add_argument("--languages", nargs="+", default=["en", "fr", "de", "es", "ru"])
    args = parser.parse_args()
    if (loaded := ntrex_or_skip(args.data, args.languages)) is None:
        return
    config = default_config()
    models = Models()
    articles, gold, langs = loaded
    wanted = set(list(dict.fromkeys(gold))[: args.stories])
    print(f"{len(wanted)} NTREX stories per language, one core\n")
    print("| language | reports | words per report | normalise ms | extraction ms | level | "
          "story embedding ms (e5.v1) | story embedding ms (wordllama.v1) |")
    print("|---|---|---|---|---|---|---|---|")
    for language in args.languages:
        group = [a for a, g, lang in zip(articles, gold, langs) if lang == language and g in wanted]
        docs = [RawDoc(source=a.source, reader="bench", body=a.text, payload=a.text.encode(), title=a.title,
                       language=language) for a in group]
        # warm: models load outside the timing
        first = normalise.normalise(docs[0], config=config)
        list(extract.run([first], config=config, models=models))
        for name in ("e5.v1", "wordllama.v1"):
            models.get_embedder(name).embed(["warm"])
        t0 = time.perf_counter()
        normalised = [normalise.normalise(d, config=config) for d in docs]
        t1 = time.perf_counter()
        extractions = list(extract.run(normalised, config=config, models=models))
        t2 = time.perf_counter()
        feats = [features.extract(a) for a in normalised]
        texts = [f.embed_text for f in feats] + [f.title_text for f in feats]
        times = {}
        for name in ("e5.v1", "wordllama.v1"):
            t = time.perf_counter()
            models.get_embedder(name).embed(texts)
            times[name] = (time.perf_counter() - t) / len(normalised) * 1e3
        words = sum(len(a.text.split()) for a in normalised) / len(normalised)
        level = extractions[0].level if hasattr(extractions[0], "level") else "full"
        n = len(normalised)
        print(f"| {language} | {n} | {words:.0f} | {(t1 - t0) / n * 1e3:.1f} | {(t2 - t1) / n * 1e3:.1f} | {level} | "
              f"{times['e5.v1']:.0f} | {times['wordllama.v1']:.1f} |", flush=True)


if __name__ == "__main__":
    main()
