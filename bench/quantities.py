"""Quantity extraction on the quantulum3 test sentences: precision, recall, F1 on value and on
value plus unit, over all gold items and over the items in scope for news.

Usage: python bench/quantities.py [--data DIR] [--model sm|md] [--no-parse] [--scope all|claims|both]

With a parse, each sentence goes through ``newsprism.extract.run`` with the given
``extract_scope`` ("both" prints one table per scope).

A predicted range is compared by its midpoint (quantulum3 writes ranges as midpoint +-
uncertainty). Matching is per sentence, one-to-one, on the value (relative tolerance 1e-6);
value+unit also needs the unit to agree after mapping quantulum3's unit names to ours.
Out of scope for news (reported separately, never tuned on): years and identifiers written as
bare numbers ("1979", "Voyager 2", "English 101", "Core i7 860"), which newsprism drops on
purpose because they are not amounts. A third row also leaves out gold items in physics and
computing units that news rarely uses (eV, inverse femtobarn, kibibyte, gray, candela second).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from newsprism import extract  # noqa: E402
from newsprism.extract import quantities  # noqa: E402
from newsprism.models import Models  # noqa: E402
from newsprism.settings import default_config  # noqa: E402
from newsprism.types import Article, Offsets  # noqa: E402

DATA = ROOT.parent / "shared" / "bench" / "quantulum3_tests"

# quantulum3 unit names -> newsprism canonical units
UNIT_MAP = {
    "metre": "m", "kilometre": "km", "centimetre": "cm", "millimetre": "mm", "nanometre": "nm",
    "picometre": "pm", "attometre": "am", "mile": "mi", "inch": "in", "foot": "ft", "yard": "yd",
    "kilogram": "kg", "gram": "g", "milligram": "mg", "tonne": "t", "ton": "t", "pound-mass": "lb",
    "litre": "l", "cubic centimetre": "ml", "centilitre": "cl", "gallon": "gal", "barrel": "bbl",
    "percentage": "%", "dollar": "USD", "euro": "EUR", "pound sterling": "GBP", "yen": "JPY",
    "second": "s", "minute": "min", "hour": "h", "day": "day", "week": "week", "month": "month",
    "year": "year", "degree Celsius": "°C", "degree fahrenheit": "°F", "square kilometre": "km2",
    "square mile": "mi2", "cubic kilometre": "km3", "kilometre per hour": "km/h",
    "electronvolt": "eV", "teraelectronvolt": "TeV", "gigahertz": "GHz", "megabyte": "MB",
    "exabyte": "EB", "megawatt hour": "MWh", "watt hour": "Wh", "dimensionless": None,
}


PER_MAP = {"hour": "h", "minute": "min", "second": "s", "kilogram": "kg", "kg": "kg", "km": "km",
           "kilometre": "km"}


def gold_unit(name: str) -> str | None:
    """quantulum3's unit name in our notation; "dollar per hour" -> "USD/h"."""
    if " per " in name and name not in UNIT_MAP:
        top, _, bottom = name.partition(" per ")
        top_unit = "" if top == "count" else (UNIT_MAP.get(top, top) or "")
        return f"{top_unit}/{UNIT_MAP.get(bottom, bottom)}"
    return UNIT_MAP.get(name, name)


NEWS_UNITS = {None, "USD", "EUR", "GBP", "JPY", "%", "t", "kg", "g", "mg", "lb", "km", "m", "cm", "mm",
              "mi", "in", "ft", "yd", "km2", "mi2", "m2", "l", "ml", "cl", "gal", "bbl", "s", "min", "h",
              "day", "week", "month", "year", "°C", "°F", "km/h", "mph", "W", "kW", "MW", "GW", "Wh",
              "kWh", "MWh", "GWh", "USD/h"}


def out_of_scope(sentence: str, gold: dict, *, news_units: bool = False) -> bool:
    if news_units and gold_unit(gold.get("unit", "")) not in NEWS_UNITS:
        return True  # physics and computing units (eV, inverse femtobarn, kibibyte, gray, ...)
    if gold.get("unit") != "dimensionless":
        return False
    surface = str(gold.get("surface", ""))
    if re.fullmatch(r"1[6-9]\d\d|20\d\d", surface):
        return True  # a year
    at = sentence.find(surface)
    before = sentence[max(0, at - 20):at] if at >= 0 else ""
    return bool(re.search(r"(?<![.!?] )\b[A-Z][\w-]*\s$|\b[a-z]\d+\s$", before)) and at > 0  # "Voyager 2", "i7 860"


def found(sentence: str, nlp, scope: str) -> list:
    if nlp is None:
        return quantities.find(sentence, None)
    article = Article(id="s", source="s", reader="text", text=sentence, content_hash="s",
                      sentences=(Offsets(0, len(sentence)),))
    config = default_config().replace(extract_scope=scope)
    return list(next(extract.run([article], config=config, models=Models.with_(nlp=nlp))).quantities)


def predicted(sentence: str, nlp, scope: str = "all") -> list[tuple[float, str | None]]:
    out = []
    for q in found(sentence, nlp, scope):
        v = q.quantity
        value = v.value if v.value is not None else (
            (v.low + v.high) / 2 if v.low is not None and v.high is not None else None)
        if value is None:
            continue
        unit = v.unit
        if v.per is not None:  # "$15.4/hour", "four times per week": a compound unit there
            unit = f"{unit or ''}/{PER_MAP.get(v.per, v.per)}"
        if unit == "%" and q.text.lower().split()[-1] in {"half", "third", "thirds", "sixth", "halves"}:
            value, unit = value / 100, None  # fractions written as words are dimensionless there
        out.append((value, unit))
    return out


def close(a: float, b: float) -> bool:
    return abs(a - b) <= 1e-6 * max(1.0, abs(a), abs(b))


def match(gold: list[tuple[float, str | None]], pred: list[tuple[float, str | None]], *, unit: bool) -> int:
    used = [False] * len(pred)
    hits = 0
    for g_value, g_unit in gold:
        for i, (p_value, p_unit) in enumerate(pred):
            if used[i] or not close(g_value, p_value) or (unit and g_unit != p_unit):
                continue
            used[i] = True
            hits += 1
            break
    return hits


def score(rows, nlp, *, scope: bool, news_units: bool = False,
          extract_scope: str = "all") -> dict[str, tuple[float, float, float]]:
    tp_v = tp_u = n_gold = n_pred = 0
    for row in rows:
        sentence = row["req"]
        gold = [g for g in row["res"] if not (scope and out_of_scope(sentence, g, news_units=news_units))]
        gold_pairs = [(float(g["value"]), gold_unit(g["unit"])) for g in gold]
        pred = predicted(sentence, nlp, extract_scope)
        for g in row["res"]:  # an out-of-scope item neither rewards nor penalises a prediction
            if scope and out_of_scope(sentence, g, news_units=news_units):
                pred = [p for i, p in enumerate(pred) if not (close(p[0], float(g["value"])) and
                        all(not close(q[0], p[0]) for q in pred[:i]))]
        n_gold += len(gold_pairs)
        n_pred += len(pred)
        tp_v += match(gold_pairs, pred, unit=False)
        tp_u += match(gold_pairs, pred, unit=True)

    def prf(tp: int) -> tuple[float, float, float]:
        p = tp / n_pred if n_pred else 0.0
        r = tp / n_gold if n_gold else 0.0
        return p, r, (2 * p * r / (p + r) if p + r else 0.0)

    return {"value": prf(tp_v), "value+unit": prf(tp_u), "counts": (n_gold, n_pred, 0)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--model", default="sm")
    parser.add_argument("--no-parse", action="store_true", help="numbers and units only, no spaCy")
    parser.add_argument("--scope", choices=("all", "claims", "both"), default="all",
                        help="extract_scope for the parsed runs")
    args = parser.parse_args()
    rows = json.loads((args.data / "quantities.json").read_text(encoding="utf-8"))
    rows += json.loads((args.data / "quantities.ambiguity.json").read_text(encoding="utf-8"))
    nlp = None
    if not args.no_parse:
        from newsprism.models import load_spacy
        nlp = load_spacy(args.model)
    for extract_scope in ("all", "claims") if args.scope == "both" else (args.scope,):
        table(rows, nlp, extract_scope if nlp is not None else "no parse")


def table(rows, nlp, extract_scope: str) -> None:
    print(f"Quantities on quantulum3's test sentences ({len(rows)} sentences, "
          f"quantities.json + quantities.ambiguity.json; extract_scope {extract_scope})\n")
    print("| gold set | items | predicted | P value | R value | F1 value | P value+unit | R value+unit | F1 value+unit |")
    print("|---|---|---|---|---|---|---|---|---|")
    for label, scope, news_units in (("all gold items", False, False), ("in scope for news", True, False),
                                     ("in scope, news units only", True, True)):
        s = score(rows, nlp, scope=scope, news_units=news_units, extract_scope=extract_scope)
        (pv, rv, fv), (pu, ru, fu) = s["value"], s["value+unit"]
        n_gold, n_pred, _ = s["counts"]
        print(f"| {label} | {n_gold} | {n_pred} | {pv:.3f} | {rv:.3f} | {fv:.3f} | {pu:.3f} | {ru:.3f} | {fu:.3f} |")
    print("\nCQE (EMNLP 2023), news sentences: F1 0.920 value, 0.856 value+unit (a different test set).\n")


if __name__ == "__main__":
    main()
