"""Which sentences the slow parts of extraction must see: a cheap pass before spaCy.

Every extractor here needs the parse only around a few surface cues, and the cues are cheap to
find with the extractors' own patterns:

- a quantity: the spans ``quantities.find`` reads without a parse (numbers, vague amounts,
  fractions); the parse only adds what is counted, from the same sentence;
- a quotation: the quote patterns of ``quotes`` (quotation marks of any style, dash dialogue,
  transcript lines), with every sentence the quotation touches (a quote opened in one sentence
  often closes in the next) and the sentences either side, where its speaker is named;
- reported speech: a word form of one of the speech or attributing verbs ``quotes`` reads, or
  "according to";
- a flow: a form of a giving / receiving / helping verb or noun ``flows`` reads, in a sentence
  that also names someone (a flow without a named end is dropped anyway).

Those sentences get the full pipeline (``parse``). Sentences that only name someone (a
capitalised word that is no common sentence opener, or an acronym) get the entity recogniser
alone (``names``): their names still make entities, resolve "he said" and "Kim" later in the
article, and make statement claims downstream. Everything else is neither parsed nor tagged.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Sequence

from newsprism.rules import claimtext
from newsprism.extract import flows, quantities, quotes
from newsprism.types import Offsets

__all__ = ["ScopePlan", "plan", "blank", "signals", "claim_sentences", "split_sentences", "SentenceSignals"]

# irregular forms of the verbs the extractors read (regular ones are generated)
_IRREGULAR = {
    "say": ("said",), "tell": ("told",), "think": ("thought",), "write": ("wrote", "written"),
    "find": ("found",), "show": ("shown",), "give": ("gave", "given"), "sell": ("sold",),
    "send": ("sent",), "pay": ("paid",), "lend": ("lent",), "buy": ("bought",),
    "get": ("got", "gotten"), "hand": (), "forecast": ("forecast",), "rule": (),
    "speak": ("spoke", "spoken"), "withhold": ("withheld",), "hold": ("held",),
    "bring": ("brought",), "make": ("made",), "lead": ("led",), "feel": ("felt",),
}
_NAME = re.compile(r"(?<![\w'’-])(?:[A-Z][\w'’.-]*[a-z]\w*|[A-Z]{2,}\b)")
_FIRST_WORD = re.compile(r"^[\W_]*([A-Z][\w'’-]*)")
_ACCORDING = re.compile(r"\baccording\s+to\b", re.IGNORECASE)
_WORD = re.compile(r"\w+")


def _forms(lemma: str) -> set[str]:
    """Inflected forms of a verb or noun lemma (over-generating is harmless: it only keeps a
    sentence for the parser)."""
    out = {lemma, *_IRREGULAR.get(lemma, ())}
    if lemma.endswith("e"):
        out |= {lemma + "s", lemma + "d", lemma[:-1] + "ing"}
    elif lemma.endswith("y") and lemma[-2:-1] not in set("aeiou"):
        out |= {lemma[:-1] + "ies", lemma[:-1] + "ied", lemma + "ing"}
    else:
        s = "es" if lemma.endswith(("s", "sh", "ch", "x", "z", "o")) else "s"
        out |= {lemma + s, lemma + "ed", lemma + "ing"}
        if re.search(r"[^aeiou][aeiou][bdgklmnprt]$", lemma):  # "plan" -> "planned", "admit" -> "admitting"
            out |= {lemma + lemma[-1] + "ed", lemma + lemma[-1] + "ing"}
    return out


def _words_re(lemmas: set[str]) -> re.Pattern[str]:
    forms = sorted({f for lemma in lemmas for f in _forms(lemma)}, key=len, reverse=True)
    # lower case only: "United States" and "State Department" are names, not the verb "state"
    return re.compile(r"\b(?:" + "|".join(map(re.escape, forms)) + r")\b")


@lru_cache(maxsize=1)
def _cues() -> tuple[re.Pattern[str], re.Pattern[str]]:
    speech = _words_re(set(quotes.SPEECH_VERBS) | set(quotes.OBJECT_VERBS))
    flow = _words_re(set(flows.GIVE) | set(flows.GET) | set(flows.HELP) | set(flows.NOUNS))
    return speech, flow


@lru_cache(maxsize=1)
def _openers() -> frozenset[str]:
    """Common words that are capitalised only because they open a sentence."""
    from spacy.lang.en.stop_words import STOP_WORDS  # a plain word list; no model is loaded

    return frozenset(STOP_WORDS)


@dataclass(frozen=True, slots=True)
class SentenceSignals:
    """What the cheap pass saw in one sentence."""

    index: int
    quantity: bool
    quote: bool
    speech: bool
    flow: bool
    name: bool

    @property
    def parse(self) -> bool:
        """Does an extractor need this sentence's parse?"""
        return self.quantity or self.quote or self.speech or (self.flow and self.name)


@dataclass(frozen=True, slots=True)
class ScopePlan:
    """Sentence spans to parse in full, and those to give to the entity recogniser only."""

    parse: tuple[Offsets, ...]
    names: tuple[Offsets, ...]
    dropped: tuple[Offsets, ...]


def split_sentences(text: str) -> tuple[Offsets, ...]:
    """Rough sentence spans for text that arrives without them (ends at . ! ? and line breaks)."""
    return tuple(claimtext.split_sentences(text))


def _has_name(sentence: str) -> bool:
    first = _FIRST_WORD.match(sentence)
    if first is not None and (first.group(1).lower().strip("'’") not in _openers()
                              or len(first.group(1)) > 1 and first.group(1).isupper()):
        return True  # "Moscow responded.", "US troops left.": a name may open the sentence
    rest = sentence[first.end():] if first is not None else sentence
    return _NAME.search(rest) is not None


def _overlapping(spans: Sequence[tuple[int, int]], sentences: Sequence[Offsets]) -> set[int]:
    """Indexes of the sentences (in text order) that any of ``spans`` overlaps."""
    ends = [s.end for s in sentences]
    hit: set[int] = set()
    for start, end in spans:
        i = bisect.bisect_right(ends, start)
        while i < len(sentences) and sentences[i].start < end:
            hit.add(i)
            i += 1
    return hit


def _quote_sentences(text: str, sentences: Sequence[Offsets]) -> set[int]:
    """Sentences a quotation touches, and the neighbours where ``quotes`` looks for its speaker:
    the next sentence when the quotation ends its sentence ("..." / He said.), the previous one
    when a colon opens it (Smith continued: "...")."""
    keep: set[int] = set()
    for start, end in quotes.regions(text):
        touched = sorted(_overlapping([(start, end)], sentences))
        if not touched:
            continue
        keep.update(touched)
        last = touched[-1]
        if last + 1 < len(sentences) and sentences[last].end - end <= 3:
            keep.add(last + 1)
        if touched[0] > 0 and ":" in text[max(0, start - 4):start]:
            keep.add(touched[0] - 1)
    return keep


def _signals_all(text: str, sentences: Sequence[Offsets], language: str | None = None) -> list[SentenceSignals]:
    found = quantities.find(text, language=language)
    with_quantity = _overlapping([(q.start, q.end) for q in found], sentences)
    near_quote = _quote_sentences(text, sentences)
    said, flowing = _cue_sentences(text, sentences)
    out = []
    for i, span in enumerate(sentences):
        body = text[span.start:span.end]
        out.append(SentenceSignals(
            index=i, quantity=i in with_quantity, quote=i in near_quote,
            speech=said[i] or _ACCORDING.search(body) is not None, flow=flowing[i],
            name=_has_name(body),
        ))
    return out


@lru_cache(maxsize=1)
def _cue_forms() -> tuple[frozenset[str], frozenset[str]] | None:
    """The word forms the speech and flow cues (``_cues``) match, when every one is a run of
    word characters (a cue then matches where a whole word, a maximal run, is one of them)."""
    speech = {f for lemma in set(quotes.SPEECH_VERBS) | set(quotes.OBJECT_VERBS) for f in _forms(lemma)}
    flow = {f for lemma in set(flows.GIVE) | set(flows.GET) | set(flows.HELP) | set(flows.NOUNS)
            for f in _forms(lemma)}
    if not all(_WORD.fullmatch(f) for f in speech | flow):
        return None  # a form of several words: the regexes decide
    return frozenset(speech), frozenset(flow)


def _cue_sentences(text: str, sentences: Sequence[Offsets]) -> tuple[list[bool], list[bool]]:
    """Does each sentence, read on its own, hold a speech cue, a flow cue? What ``_cues``
    would answer sentence by sentence, from one pass over the text's words (its alternations
    cost a regex step at every character): in a sentence on its own, the words are the text's
    words cut at the sentence's ends."""
    forms = _cue_forms()
    if forms is None:
        bodies = [text[span.start:span.end] for span in sentences]
        return ([_cues()[0].search(body) is not None for body in bodies],
                [_cues()[1].search(body) is not None for body in bodies])
    speech_forms, flow_forms = forms
    runs = [m.span() for m in _WORD.finditer(text)]
    starts = [start for start, _ in runs]
    speech, flow = [False] * len(sentences), [False] * len(sentences)
    for n, span in enumerate(sentences):
        i = max(0, bisect.bisect_right(starts, span.start) - 1)  # a word the sentence may open in
        while i < len(runs) and runs[i][0] < span.end:
            start, end = runs[i]
            i += 1
            if end <= span.start:
                continue
            word = text[max(start, span.start):min(end, span.end)]
            speech[n] = speech[n] or word in speech_forms
            flow[n] = flow[n] or word in flow_forms
    return speech, flow


def signals(sentence: str, index: int = 0) -> SentenceSignals:
    """The cheap signals of one sentence on its own."""
    found = _signals_all(sentence, [Offsets(0, len(sentence))])[0]
    return SentenceSignals(index, found.quantity, found.quote, found.speech, found.flow, found.name)


def plan(text: str, sentences: Sequence[Offsets] = (), *, language: str | None = None) -> ScopePlan:
    """Which sentences to parse, which to give to the entity recogniser, which to skip
    (``language``: the article's, for the quantities it holds; None reads English)."""
    sentences = tuple(sentences) or split_sentences(text)
    parse, names, dropped = [], [], []
    for found, span in zip(_signals_all(text, sentences, language), sentences):
        (parse if found.parse else names if found.name else dropped).append(span)
    return ScopePlan(tuple(parse), tuple(names), tuple(dropped))


def claim_sentences(text: str, sentences: Sequence[Offsets], *, require_cue: bool = False) -> list[int]:
    """Indexes of the sentences that can carry a claim, in order: those to parse, and (unless
    ``require_cue``) those that name someone."""
    return [found.index for found in _signals_all(text, sentences)
            if found.parse or (found.name and not require_cue)]


def blank(text: str, spans: Sequence[Offsets]) -> str:
    """``text`` with the characters of ``spans`` turned into spaces (line breaks kept), so
    every offset stays where it was and spaCy reads each blanked span as whitespace."""
    if not spans:
        return text
    pieces, done = [], 0
    for start, end in _merged(spans):
        pieces.append(text[done:start])
        pieces.append("\n".join(" " * len(line) for line in text[start:end].split("\n")))
        done = end
    pieces.append(text[done:])
    return "".join(pieces)


def _merged(spans: Sequence[Offsets]) -> list[tuple[int, int]]:
    """The union of ``spans`` as sorted, disjoint (start, end) runs."""
    out: list[tuple[int, int]] = []
    for span in sorted(spans, key=lambda s: s.start):
        if out and span.start <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], span.end))
        elif span.end > span.start:
            out.append((span.start, span.end))
    return out
