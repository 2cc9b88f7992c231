"""When two statements about one thing cannot both hold, read from their words; not a stage.

The judge model tells whether two claims speak of the same thing; which words make two such
claims disagree is clearer as rules a reader can check:

- ``opposed``: the two use predicates that exclude each other for the same event: "stepped
  down" / "was fired", "approved" / "rejected", "won" / "lost", "rose" / "fell" ...;
- ``status``: one says the event has happened ("has been indicted"), the other that it is
  expected or possible ("is expected to be indicted").

Each returns the two wordings that differ, or None.
"""

from __future__ import annotations

import re

# Pairs of predicate families that exclude each other when said of the same event. A family is
# a regular expression over lower-case text; the words must stand as predicates, so nouns such
# as "the rise" or "a loss" are left out where they are common.
_FAMILIES: tuple[tuple[str, str, str], ...] = (
    ("left of their own accord", r"\b(?:resign(?:s|ed|ing)?|step(?:s|ped|ping)? down|quit(?:s|ting)?|retir(?:e|es|ed|ing))\b",
     r"\b(?:fired|sacked|dismissed|ousted|removed from (?:office|the job|his post|her post)|forced out|pushed out|expelled)\b"),
    ("approved or rejected", r"\b(?:approv(?:e|es|ed|ing)|pass(?:es|ed)|endors(?:e|es|ed)|back(?:s|ed)|accept(?:s|ed)|ratif(?:y|ies|ied))\b",
     r"\b(?:reject(?:s|ed|ing)?|block(?:s|ed)|veto(?:es|ed)|vote[sd]? down|voted against|turn(?:s|ed) down|den(?:y|ies|ied))\b"),
    ("won or lost", r"\b(?:w[oi]n(?:s|ning)?|won|defeat(?:s|ed)|beat(?:s|en)?)\b", r"\b(?:los(?:e|es|t|ing)|conced(?:e|es|ed))\b"),
    ("rose or fell", r"\b(?:r[io]s(?:e|es|en)|increas(?:e|es|ed)|climb(?:s|ed)|grew|grow(?:s|n)|jump(?:s|ed)|soar(?:s|ed)|surg(?:e|es|ed))\b",
     r"\b(?:f[ae]ll(?:s|en)?|decreas(?:e|es|ed)|declin(?:e|es|ed)|dropp(?:ed)|drops|plung(?:e|es|ed)|shr[ai]nk(?:s)?|slump(?:s|ed)|tumbl(?:e|es|ed))\b"),
    ("confirmed or denied", r"\b(?:confirm(?:s|ed)|admit(?:s|ted)|acknowledg(?:e|es|ed))\b", r"\b(?:den(?:y|ies|ied)|reject(?:s|ed) (?:the )?(?:claim|report|allegation)s?)\b"),
    ("convicted or cleared", r"\b(?:convicted|found guilty|pleaded guilty|sentenced)\b", r"\b(?:acquitted|found not guilty|cleared|exonerated|pleaded not guilty)\b"),
    ("alive or dead", r"\b(?:survived|alive|rescued)\b", r"\b(?:died|dead|killed)\b"),
    ("held or freed", r"\b(?:arrested|detained|jailed|imprisoned|captured|in custody)\b", r"\b(?:released|freed|set free|let go)\b"),
    ("opened or closed", r"\b(?:open(?:s|ed)|reopen(?:s|ed))\b", r"\b(?:clos(?:e|es|ed)|shut(?:s)? down)\b"),
    ("supported or opposed", r"\b(?:support(?:s|ed)|favou?r(?:s|ed))\b", r"\b(?:oppos(?:e|es|ed))\b"),
    ("agreed or refused", r"\b(?:agree(?:s|d)|accept(?:s|ed))\b", r"\b(?:refus(?:e|es|ed)|declin(?:e|es|ed) to)\b"),
    ("allowed or banned", r"\b(?:allow(?:s|ed)|permit(?:s|ted)|lift(?:s|ed) (?:the )?ban)\b", r"\b(?:ban(?:s|ned)|forb(?:id|ids|ade)|prohibit(?:s|ed))\b"),
)
_COMPILED = tuple((name, re.compile(yes, re.IGNORECASE), re.compile(no, re.IGNORECASE)) for name, yes, no in _FAMILIES)


def opposed(a: str, b: str) -> tuple[str, str, str] | None:
    """(what differs, a's word, b's word) when ``a`` and ``b`` use predicates of two families
    that exclude each other, each text using one family only."""
    for name, yes, no in _COMPILED:
        ya, na, yb, nb = yes.search(a), no.search(a), yes.search(b), no.search(b)
        if ya and not na and nb and not yb:
            return name, ya.group(0), nb.group(0)
        if na and not ya and yb and not nb:
            return name, na.group(0), yb.group(0)
    return None


_EXPECTED_BEFORE = re.compile(
    r"\b(?:(?:is|are|was|were)\s+(?:expected|likely|set|due|poised|about|going|scheduled|planning|"
    r"preparing)\s+to(?:\s+be)?|(?:will|would|could|may|might|should|to)\s+(?:soon\s+)?(?:be\s+)?|"
    r"plans?\s+to(?:\s+be)?|expects?\s+to(?:\s+be)?)\s*$",
    re.IGNORECASE,
)
_DONE_BEFORE = re.compile(
    r"\b(?:has|have|had)\s+(?:\w+ly\s+)?(?:been\s+)?(?:\w+ly\s+)?$|\b(?:was|were)\s+(?:\w+ly\s+)?$",
    re.IGNORECASE,
)
_PARTICIPLE = re.compile(r"\b([a-z]{3,}(?:ed|en))\b")


def _stem(word: str) -> str:
    for suffix in ("ed", "en", "e"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)]
    return word


def _statuses(text: str) -> dict[str, tuple[str, str]]:
    """For each past-participle verb, whether the words before it say it happened or is
    expected: {stem: (status, the words)}."""
    out: dict[str, tuple[str, str]] = {}
    lower = text.lower()
    for match in _PARTICIPLE.finditer(lower):
        before = lower[max(0, match.start() - 40):match.start()]
        if (cue := _EXPECTED_BEFORE.search(before)) is not None:
            out.setdefault(_stem(match.group(1)), ("expected", (cue.group(0) + match.group(1)).strip()))
        elif (cue := _DONE_BEFORE.search(before)) is not None:
            out.setdefault(_stem(match.group(1)), ("done", (cue.group(0) + match.group(1)).strip()))
    return out


def status(a: str, b: str) -> tuple[str, str] | None:
    """(a's words, b's words) when one text says an event has happened and the other that it is
    expected or possible, for the same verb ("has been indicted" / "is expected to be
    indicted")."""
    sa, sb = _statuses(a), _statuses(b)
    for stem in sa.keys() & sb.keys():
        (kind_a, words_a), (kind_b, words_b) = sa[stem], sb[stem]
        if kind_a != kind_b:
            return words_a, words_b
    return None
