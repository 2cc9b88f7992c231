"""Which sentences can carry a checkable claim: a cheap pass to run before the parser and NER.

A proposal for the extraction stage (its owner decides whether and how to use it): the slow
parts (spaCy parse, NER) need only run on sentences that can hold a claim, and news articles
have many that cannot (scene-setting, background, boilerplate). A sentence is kept when it has
any of:

- a number: digits, or a spelled-out number or amount word ("seven", "million", "dozens");
- a quote: straight or curly quotation marks, or a dash that opens reported speech;
- an attribution cue: said, told, according to, announced, reported, claimed, confirmed ...;
- a flow verb: provide, supply, send, deliver, pay, give, transfer, sell, fund, receive ...;
- a name: a capitalised word that does not open the sentence (or an acronym), which is where
  events ("X met Y in Z") live.

Everything here is regular expressions over the text (about a microsecond per sentence); it
never looks at the meaning. The last rule keeps most news sentences; ``require_cue=True`` drops
sentences whose only reason is a name, for stages (quantities, quotes, flows) that need more.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Sequence

from newsprism.types import Offsets

_NUMBER = re.compile(
    r"\d|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|forty|"
    r"fifty|hundred|hundreds|thousand|thousands|million|millions|billion|billions|trillion|dozen|"
    r"dozens|half|quarter|percent|per\s+cent)\b", re.IGNORECASE)
_QUOTE = re.compile(r"[\"“”„«»]|(?:^|\s)[—–-]\s?[A-Z]|(?:^|\s)'[A-Z]")
_CUE = re.compile(
    r"\b(?:said|says|say|told|tells|according\s+to|announced|announces|reported|reports|stated|"
    r"states|claimed|claims|confirmed|confirms|denied|denies|added|adds|noted|warned|insisted|"
    r"estimated|estimates|citing|cited|quoted|wrote|writes|argued|explained|acknowledged|"
    r"admitted|alleged|accused|promised|pledged|vowed|predicted|expects|expected)\b", re.IGNORECASE)
_FLOW = re.compile(
    r"\b(?:provid|suppl|sen[dt]|deliver|pa(?:y|id|ys)|gave|give|giv|transfer|donat|sell|sold|"
    r"export|import|fund|financ|lend|lent|loan|grant|receiv|ship|allocat|offer|contribut|"
    r"sanction|deploy|dispatch)\w*", re.IGNORECASE)
_NAME = re.compile(r"(?<=[\s(\[/,;:])(?:[A-Z][\w'’.-]*[a-z]\w*|[A-Z]{2,}\b)")


@dataclass(frozen=True, slots=True)
class SentenceSignals:
    """Why a sentence was kept: which cheap signals it shows."""

    index: int
    number: bool
    quote: bool
    cue: bool
    flow: bool
    name: bool

    @property
    def strong(self) -> bool:
        """A signal more specific than a name alone."""
        return self.number or self.quote or self.cue or self.flow


def signals(sentence: str, index: int = 0) -> SentenceSignals:
    """The cheap signals of one sentence."""
    return SentenceSignals(
        index=index,
        number=bool(_NUMBER.search(sentence)),
        quote=bool(_QUOTE.search(sentence)),
        cue=bool(_CUE.search(sentence)),
        flow=bool(_FLOW.search(sentence)),
        name=bool(_NAME.search(" " + sentence.split(" ", 1)[1] if " " in sentence else "")),
    )


def claim_sentences(text: str, sentences: Sequence[Offsets], *, require_cue: bool = False) -> list[int]:
    """Indexes of the sentences (``Article.sentences``) that can carry a claim, in order."""
    keep = []
    for index, span in enumerate(sentences):
        found = signals(text[span.start:span.end], index)
        if found.strong or (found.name and not require_cue):
            keep.append(index)
    return keep
