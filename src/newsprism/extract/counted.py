"""What a quantity counts or measures, read from spaCy's dependency parse.

"10,000 soldiers" (the noun the number modifies), "tons of rice" (the object of "of" after a
measure), "annual payments of $200 million" (the noun a money amount is "of"), "will be paid
about $2,000" (the verb a money amount is the object of, with its subject: "soldier pay").
Without a parse, the next noun after the amount stands in.
"""

from __future__ import annotations

from typing import Any

from newsprism.extract import lemmas
from newsprism.extract.tokens import climb, is_root

_CURRENCIES = {"USD", "EUR", "GBP", "JPY", "KRW", "RUB", "INR", "UAH", "ILS", "CNY", "CHF", "AUD",
               "CAD", "HKD", "NZD"}
_TIME_UNITS = {"s", "min", "h", "day", "week", "month", "year", "decade"}
_VERB_NOUN = {"earn": "earnings", "pay": "pay", "spend": "spending", "cost": "cost",
              "receive": "receipts", "raise": "funds raised", "lose": "losses", "owe": "debt"}
_MODIFIER_DEPS = {"compound", "amod", "nmod"}


def counted_noun(
    doc: Any, start: int, num_end: int, end: int, unit: str | None, others: list[tuple[int, int]]
) -> str | None:
    """The counted or measured thing for the quantity at ``[start, end)``, or None."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return None
    if not doc.has_annotation("DEP"):
        return _next_noun(doc, span.end, others)
    after_of = _of_object(doc, span.end)
    if unit is not None and unit not in _CURRENCIES and unit != "%":
        if unit in _TIME_UNITS and after_of is None:
            return None
        if after_of is not None:
            return _phrase(after_of, others)
        root = _root(span)  # "6-inch caliber shells": the measure describes the noun it modifies
        if root.dep_ in {"amod", "compound", "nummod", "npadvmod"} and root.head.pos_ == "NOUN":
            return _phrase(root.head, others + [(start, end)])
        return None
    if unit == "%":
        return _phrase(after_of, others) if after_of is not None else None
    root = _root(span)
    if unit in _CURRENCIES:
        return _money_what(root, others)
    # a count: "thousands of soldiers", "10,000 soldiers", "9 million 6-inch caliber shells"
    if after_of is not None and root.i >= span.end - 1:
        return _phrase(after_of, others)
    noun = root.head if root.dep_ in {"nummod", "quantmod", "compound", "amod"} else None
    if noun is not None:  # "9 million shells": up through the number words to the noun
        noun = climb(noun, lambda token: token.pos_ == "NUM")
    if noun is not None and noun.pos_ in {"NOUN", "PROPN"} and noun.i >= span.start:
        if not any(s <= noun.idx < e for s, e in others):
            return _phrase(noun, others)
    return _next_noun(doc, span.end, others)


def _root(span: Any) -> Any:
    for token in span:
        if token.head.i < span.start or token.head.i >= span.end or is_root(token):
            return token
    return span.root


def _of_object(doc: Any, index: int) -> Any:
    if index < len(doc) and doc[index].lower_ == "of":
        for child in doc[index].children:
            if child.dep_ == "pobj":
                return child
        for token in doc[index + 1:index + 5]:
            if token.pos_ in {"NOUN", "PROPN"}:
                return token
    return None


def _money_what(root: Any, others: list[tuple[int, int]]) -> str | None:
    head = root.head
    if root.dep_ == "pobj" and head.lower_ == "of" and head.head.pos_ == "NOUN":
        return _phrase(head.head, others, with_modifiers=False)
    if root.dep_ in {"dobj", "npadvmod", "attr", "oprd", "nsubjpass", "dative"} and head.pos_ in {"VERB", "AUX"}:
        verb = lemmas.lemma(head)
        noun = _VERB_NOUN.get(verb, verb)
        subject = next((c for c in head.children if c.dep_ in {"nsubj", "nsubjpass"}), None)
        if subject is not None and subject.pos_ == "NOUN":
            return f"{lemmas.lemma(subject)} {noun}"
        return noun
    return None


def _phrase(noun: Any, others: list[tuple[int, int]], *, with_modifiers: bool = True) -> str:
    """The noun with the modifiers to its left that belong to it, minus other quantities."""
    first = noun.i
    if with_modifiers:
        doc = noun.doc
        while first > 0 and noun.i - first < 4:
            token = doc[first - 1]
            inside = noun in token.ancestors
            if not inside or token.dep_ in {"det", "nummod", "poss", "predet", "case"} or token.like_num:
                break
            if any(s <= token.idx < e for s, e in others) or token.is_punct:
                break
            first -= 1
    return noun.doc[first:noun.i + 1].text


def _next_noun(doc: Any, index: int, others: list[tuple[int, int]]) -> str | None:
    """The first noun after the amount, skipping other quantities ("9 million 6-inch shells")."""
    for token in doc[index:index + 7]:
        if any(s <= token.idx < e for s, e in others):
            continue
        if token.is_punct and token.text != "-" or token.pos_ in {"VERB", "AUX", "ADP", "DET"}:
            return None
        if token.pos_ in {"NOUN", "PROPN"}:
            nxt = token.nbor(1) if token.i + 1 < len(doc) else None
            if nxt is not None and nxt.pos_ in {"NOUN"} and not nxt.is_punct:
                continue  # "caliber shells": the last noun of the compound is the thing
            return token.text
    return None
