"""Quantities beyond English: French gold and a cross-language silver agreement rate.

Usage: python bench/quantities_intl.py [--data /work/ml-data]

1. French gold: the Microsoft Recognizers-Text French specs (MIT; see the data's SOURCES.md):
   CurrencyModel, DimensionModel, PercentModel. Per case, predictions (``quantities.find(...,
   language="fr")``) are matched one-to-one to gold results on the value (relative tolerance 1e-6;
   a range by its midpoint); "value+unit" also needs our unit to equal the gold unit mapped to
   ours (a gold unit we have no code for, e.g. "Dollar Canadien", never matches). Precision counts
   every quantity we return in the case's text, recall every gold result.
2. Silver: NTREX-128 (newstest2019 English and its human translations, line-aligned). For each
   line where either side has a quantity, do the English and the translated line give the same
   set of values (unit ignored)? A translator's "9 millions" for "nine million" agrees; a line
   where one side writes a year or a date the other spells out does not, so the rate is a floor.
Nothing here is tuned on: the tables in ``newsprism.extract.locales`` were written before this ran.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from newsprism.extract import quantities  # noqa: E402

_GOLD_UNITS = {
    "Dollar": "USD", "Dollar États-Unis": "USD", "Euro": "EUR", "Livre": "GBP", "Yen Japonais": "JPY",
    "Franc Suisse": "CHF", "Yuan Chinois": "CNY", "Roupie": "INR", "Roupie indienne": "INR",
    "Kilomètres": "km", "Mètres": "m", "Litre": "l", "Tonne": "t", "Tonne métrique": "t",
    "Millimètres": "mm", "Mètre carré": "m2", "Kilomètre carré": "km2", "Baril": "bbl",
    "Centimètres": "cm", "Millilitre": "ml", "Miles par heure": "mph", "Mile": "mi", "Pied": "ft",
    "Gallon": "gal", "Pouce": "in",
}
_KINDS = {"currency": "NumberWithUnit/French/CurrencyModel.json",
          "dimension": "NumberWithUnit/French/DimensionModel.json",
          "percent": "Number/French/PercentModel.json"}
_NTREX = {"fr": "fra", "de": "deu", "es": "spa", "ru": "rus"}


def _value(q) -> float | None:
    v = q.quantity
    if v.value is not None:
        return v.value
    return (v.low + v.high) / 2 if v.low is not None and v.high is not None else None


def _gold(result: dict, kind: str) -> tuple[float | None, str | None]:
    res = result.get("Resolution") or {}
    raw = str(res.get("value", "")).rstrip("%").replace(",", ".")
    try:
        value = float(raw)
    except ValueError:
        value = None
    unit = "%" if kind == "percent" else _GOLD_UNITS.get(res.get("unit", ""), "?")
    if kind == "dimension" and res.get("unit") == "Livre":
        unit = "lb"
    return value, unit


def _close(a: float | None, b: float | None) -> bool:
    return a is not None and b is not None and math.isclose(a, b, rel_tol=1e-6, abs_tol=1e-9)


def _match(pred: list[tuple[float | None, str | None]], gold: list[tuple[float | None, str | None]],
           with_unit: bool) -> int:
    used, hits = set(), 0
    for gv, gu in gold:
        for i, (pv, pu) in enumerate(pred):
            if i not in used and _close(pv, gv) and (not with_unit or pu == gu):
                used.add(i)
                hits += 1
                break
    return hits


def gold_table(data: Path) -> list[tuple[str, str, int, int, float, float]]:
    rows = []
    for kind, rel in _KINDS.items():
        cases = json.loads((data / "recognizers-text-fr/Specs" / rel).read_text(encoding="utf-8"))
        for with_unit in (False, True):
            n_pred = n_gold = hits = 0
            for case in cases:
                pred = [(_value(q), q.quantity.unit) for q in quantities.find(case["Input"], language="fr")]
                gold = [_gold(r, kind) for r in case.get("Results", [])]
                n_pred, n_gold = n_pred + len(pred), n_gold + len(gold)
                hits += _match(pred, gold, with_unit)
            rows.append((kind, "value+unit" if with_unit else "value", n_gold, n_pred,
                         hits / n_pred if n_pred else 0.0, hits / n_gold if n_gold else 0.0))
    return rows


def _values(line: str, language: str) -> frozenset[float]:
    return frozenset(round(v, 6) for q in quantities.find(line, language=language)
                     if (v := _value(q)) is not None)


def silver_table(data: Path) -> list[tuple[str, int, int, float]]:
    base = data / "ntrex/NTREX-128"
    english = (base / "newstest2019-src.eng.txt").read_text(encoding="utf-8").splitlines()
    english_values = [_values(line, "en") for line in english]
    rows = []
    for language, code in _NTREX.items():
        lines = (base / f"newstest2019-ref.{code}.txt").read_text(encoding="utf-8").splitlines()
        pairs = [(e, _values(line, language)) for e, line in zip(english_values, lines)]
        with_any = [(e, x) for e, x in pairs if e or x]
        same = sum(1 for e, x in with_any if e == x)
        rows.append((language, len(pairs), len(with_any), same / len(with_any) if with_any else 0.0))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=Path("/work/ml-data"))
    args = parser.parse_args()
    print("French gold (Recognizers-Text specs)")
    print(f"{'kind':<10} {'match':<11} {'gold':>5} {'pred':>5} {'P':>6} {'R':>6} {'F1':>6}")
    for kind, match, n_gold, n_pred, p, r in gold_table(args.data):
        f1 = 2 * p * r / (p + r) if p + r else 0.0
        print(f"{kind:<10} {match:<11} {n_gold:>5} {n_pred:>5} {p:>6.3f} {r:>6.3f} {f1:>6.3f}")
    print("\nNTREX-128 silver: English line and its translation give the same set of values")
    print(f"{'lang':<5} {'lines':>6} {'with a value':>13} {'same set':>9}")
    for language, n, n_any, rate in silver_table(args.data):
        print(f"{language:<5} {n:>6} {n_any:>13} {rate:>9.3f}")


if __name__ == "__main__":
    main()
