"""A longer fuzz than the test suite's: many hostile news-like inputs per generator
(``newsprism.fuzz``), each through the whole pipeline on its own, with new inputs every run.

Usage: python bench/fuzz.py [--examples 200] [--seed N] [--light] [--budget 10] [--top 5]

For each generator: inputs tried, how many became articles, how many were refused as input
(no text in them: a recorded failure, as it should be), broken promises (a stage crash, a stage
over its time budget, an input that is neither article nor failure, a dossier off the contract,
an exception out of ``analyze``), hangs (stages over budget) and the slowest input. The models
are the real ones (spaCy md and WordLlama) unless ``--light`` (a tokenizer and a fake embedder).
Prints Markdown tables; the broken promises, if any, with the input that broke them.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from hypothesis import HealthCheck, given, seed, settings  # noqa: E402

from newsprism import fuzz  # noqa: E402
from newsprism.models import Models, shared_models  # noqa: E402
from newsprism.settings import default_config  # noqa: E402
from newsprism.testing import FakeEmbedder  # noqa: E402


@dataclass
class Tally:
    inputs: int = 0
    articles: int = 0
    refused: int = 0
    broken: list[tuple[list[str], fuzz.Input]] = field(default_factory=list)
    hangs: int = 0
    slowest: tuple[float, fuzz.Input | None] = (0.0, None)
    reasons: Counter = field(default_factory=Counter)


def run_generator(name: str, *, examples: int, at: int, config, models) -> Tally:
    tally = Tally()

    @seed(at)
    @settings(max_examples=examples, deadline=None, database=None, suppress_health_check=list(HealthCheck))
    @given(fuzz.inputs(fuzz.GENERATORS[name]))
    def one(item: fuzz.Input) -> None:
        with tempfile.TemporaryDirectory() as folder:
            trial = fuzz.trial([item], folder=Path(folder) / "in", config=config, models=models)
        tally.inputs += 1
        tally.articles += trial.articles
        refused = [f for f in trial.failures if f not in trial.crashes and f not in trial.hangs]
        tally.refused += len(refused)
        tally.reasons.update(f"{f.stage}: {f.error.split(';')[0][:60]}" for f in refused)
        tally.hangs += len(trial.hangs)
        if trial.problems:
            tally.broken.append((trial.problems, item))
        if trial.seconds > tally.slowest[0]:
            tally.slowest = (trial.seconds, item)

    one()
    return tally


def preview(item: fuzz.Input | None, width: int = 70) -> str:
    if item is None:
        return ""
    text = item.text.encode("unicode_escape").decode("ascii")[:width].replace("|", "\\|")
    return f"{item.format}, {len(item.text)} chars: `{text}`"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--examples", type=int, default=200, help="inputs per generator")
    parser.add_argument("--seed", type=int, default=None, help="hypothesis seed (default: a new one)")
    parser.add_argument("--light", action="store_true", help="blank spaCy and a fake embedder")
    parser.add_argument("--budget", type=float, default=10.0, help="article_budget_seconds")
    parser.add_argument("--only", nargs="*", default=None, help="generator names")
    args = parser.parse_args()
    at = args.seed if args.seed is not None else random.randrange(2**32)
    config = default_config().replace(article_budget_seconds=args.budget)
    if args.light:
        import spacy

        models = Models.with_(nlp=spacy.blank("en"), embedder=FakeEmbedder(dim=64))
    else:
        models = shared_models(config["spacy_model"], config["embedder"])
    names = args.only or list(fuzz.GENERATORS)
    print(f"Fuzz: {args.examples} inputs per generator, seed {at}, "
          f"{'light models' if args.light else 'spaCy ' + config['spacy_model'] + ' + ' + config['embedder']}, "
          f"budget {args.budget:g} s per article per stage\n")
    print("| generator | inputs | articles | refused as input | broken promises | hangs | slowest s | slowest input |")
    print("|---|---:|---:|---:|---:|---:|---:|---|")
    totals, broken, reasons = Tally(), [], Counter()
    t0 = time.perf_counter()
    for name in names:
        tally = run_generator(name, examples=args.examples, at=at, config=config, models=models)
        print(f"| {name} | {tally.inputs} | {tally.articles} | {tally.refused} | {len(tally.broken)} | "
              f"{tally.hangs} | {tally.slowest[0]:.2f} | {preview(tally.slowest[1])} |", flush=True)
        totals.inputs += tally.inputs
        totals.articles += tally.articles
        totals.refused += tally.refused
        totals.hangs += tally.hangs
        reasons.update(tally.reasons)
        broken += [(name, problems, item) for problems, item in tally.broken]
    print(f"| **all** | {totals.inputs} | {totals.articles} | {totals.refused} | {len(broken)} | "
          f"{totals.hangs} | | {time.perf_counter() - t0:.0f} s in all |")
    print("\n| refused as input, because | inputs |\n|---|---:|")
    for reason, count in reasons.most_common():
        print(f"| {reason} | {count} |")
    for name, problems, item in broken[:20]:
        print(f"\n- {name}: {'; '.join(problems[:3])}\n  input: {preview(item, 300)}")
    sys.exit(1 if broken else 0)


if __name__ == "__main__":
    main()
