"""In-text citations of outlets: "according to X", "citing X", "X's report", "(AP) —", "h/t X", ...

A citation is a statement that the article reports from a news outlet or agency. Attributions of
a claim to a person or a government body ("according to the NIS", "according to Wi Sung Lak")
are not citations: they belong to quotes and claims. The name found by a pattern is kept only
when :mod:`newsprism.rules.outlets` knows it, or judges it a plausible outlet; words around the name
that call it an outlet ("the South Korean daily X", "news agency X") let an unknown name pass.

Chains keep their order: "as reported by A, citing B" gives ``Citation(A)`` then
``Citation(B, via=A)``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterator

from newsprism.rules.outlets import OutletRegistry, lookup
from newsprism.types import Citation

# A capitalised name of up to seven words ("The Korea Herald", "Agence France-Presse",
# "TimeUkraineIsrael", "RawStory.com"), or a quoted name.
_WORD = r"[A-Z][\w.&'’\-]*[\w]"
_JOIN = r"(?:[ \t]+(?:of|and|&|de|du|des|la|le|el|al|di|der|am|for|the)(?=[ \t]+[A-Z]))?[ \t]+"
_CAP = rf"(?:[Tt]he[ \t]+)?{_WORD}(?:{_JOIN}{_WORD}){{0,6}}"
_QUOTED = r"[\"“‘'«][^\"”’'»\n]{2,60}[\"”’'»]"
NAME = rf"(?P<name>{_QUOTED}|{_CAP})"
# Words that present the following name as an outlet: "the South Korean daily", "news agency".
_OUTLET_NOUN = (
    r"(?:daily|dailies|newspaper|paper|tabloid|weekly|news\s+agency|agency|wire\s+service|"
    r"news\s+outlet|media\s+outlet|outlet|news\s+portal|portal|news\s+site|website|site|"
    r"broadcaster|TV\s+channel|channel|television|radio|radio\s+station|magazine|publication|"
    r"newswire|blog)"
)
PRE = rf"(?P<cue>(?:(?:the|a|an)\s+)?(?:[\w\-]+\s+){{0,3}}?{_OUTLET_NOUN}\s+)?"
_REPORT = r"(?:(?:a|an|the)\s+)?(?:new\s+|recent\s+|latest\s+|earlier\s+)?(?:reports?|article|story|analysis|interview|investigation)\s+(?:by|in|from|on|with)\s+"
_THE = r"(?:the\s+)?"

_DASH = r"[-—–]"
_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("according_to", re.compile(rf"\b[Aa]ccording\s+to\s+(?:{_REPORT})?{_THE}{PRE}{NAME}")),
    ("citing", re.compile(rf"\b[Cc]iting\s+(?:{_REPORT})?{_THE}{PRE}{NAME}")),
    ("reported_by", re.compile(
        rf"\b(?:[Aa]s\s+)?(?:first\s+|originally\s+|previously\s+|earlier\s+)?[Rr]eported\s+(?:by|in)\s+{_THE}{PRE}{NAME}")),
    ("said_in_report", re.compile(rf"{PRE}{NAME}\s+said\s+in\s+(?:a|an|its)\s+(?:\w+\s+)?(?:report|article|story)")),
    ("reported", re.compile(
        rf"{PRE}{NAME},?\s+(?:has\s+|had\s+|first\s+|also\s+|earlier\s+)?(?:reported|reports)\b")),
    ("report_of", re.compile(
        rf"{PRE}{NAME}['’]s\s+(?:(?:new|recent|latest|earlier|original|own)\s+)?"
        r"(?:report|reporting|story|article|investigation|analysis|scoop)\b")),
    ("told", re.compile(rf"\b(?:told|telling|tells)\s+{_THE}{PRE}{NAME}")),
    ("dateline", re.compile(
        rf"(?m)^[ \t]*(?:[A-Z0-9][\w'’.\-]*,?[ \t]+){{1,6}}\((?P<name>[A-Z][\w .&\-]{{0,40}}[\w])\)\s*{_DASH}")),
    ("contributed", re.compile(
        rf"{NAME}(?:\s+(?:staff\s+)?(?:writers?|reporters?|correspondents?)\b[^.\n]{{0,120}}?)?\s+contributed\b")),
    ("hat_tip", re.compile(rf"(?:\b[Hh]/[Tt]|\b[Hh]at\s+[Tt]ip)\s*[:\-—]?\s*(?:to\s+)?{_THE}{NAME}")),
    ("byline", re.compile(rf"(?m)^\s*By\s+[^\n]{{1,100}}?(?:,|\||—|-)\s*{NAME}\s*$")),
)
# The same citations in French, German, Spanish and Russian ("selon le quotidien sud-coréen The
# Korea Herald", "wie die Zeitung Korea Herald berichtet", "según el diario X", "сообщает газета X",
# "со ссылкой на X"). A name may be written in Cyrillic; outlet nouns follow these languages' order
# (a French adjective may come after the noun).
_UPPER = "A-ZÀ-ÖØ-ÞА-ЯЁ"
_WORD_ML = rf"[{_UPPER}][\w.&'’\-]*[\w]"
_CAP_ML = rf"(?:[Tt]he[ \t]+)?{_WORD_ML}(?:{_JOIN}{_WORD_ML}){{0,6}}"
NAME_ML = rf"(?P<name>{_QUOTED}|{_CAP_ML})"
_NOUN_ML = (
    r"(?:quotidien|journal|hebdomadaire|agence(?:\s+de\s+presse)?|cha[iî]ne|site|magazine|m[ée]dia|radio|"
    r"(?:Tages|Wochen)?[Zz]eitung|Nachrichtenagentur|Agentur|Sender|Magazin|Blatt|Portal|"
    r"diario|peri[óo]dico|agencia(?:\s+de\s+noticias)?|cadena|medio|semanario|revista|"
    r"газета|газеты|газете|агентство|агентства|информагентство|издание|издания|телеканал|портал|журнал)"
)
_ADJ = r"(?:[\w\-]+\s+){0,2}?"
PRE_ML = rf"(?P<cue>(?:(?:le|la|l['’]|les|un|une|die|der|das|des|dem|el|los|las|un)\s*)?{_ADJ}{_NOUN_ML}\s+{_ADJ})?"
_PATTERNS_ML: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("according_to", re.compile(
        rf"\b(?:[Ss]elon|[Dd]['’]apr[èe]s|[Ll]aut|[Ss]eg[úu]n|[Пп]о\s+(?:данным|сообщению|информации|словам)|[Сс]огласно)\s+"
        rf"(?:(?:le|la|l['’]|les|die|der|dem|des|el|la|los|las)\s*)?{PRE_ML}{NAME_ML}")),
    ("citing", re.compile(
        rf"(?:\b[Cc]itant|\b[Cc]it[ée]e?s?\s+par|\b[Uu]nter\s+Berufung\s+auf|\b[Cc]itando\s+a|"
        rf"[Сс]о\s+ссылкой\s+на)\s+(?:(?:le|la|l['’]|les|die|den|das|el|la|los|las)\s*)?{PRE_ML}{NAME_ML}")),
    ("reported", re.compile(
        rf"(?:\b(?:rapporte|a\s+rapport[ée]|indique|r[ée]v[èe]le|berichtet(?:e)?|meldet(?:e)?|"
        rf"inform[óo]|inform[aa]|report[óo]|сообщает|сообщила|сообщило|сообщил|пишет|писала|передает|передаёт)\s+)"
        rf"(?:(?:le|la|l['’]|les|die|der|das|el|la|los|las)\s*)?{PRE_ML}{NAME_ML}")),
    ("told", re.compile(
        rf"\b(?:sagte|erkl[äa]rte|a\s+(?:d[ée]clar[ée]|dit|confi[ée])|dijo|declar[óo])\s+(?:dem|der|au|[àa]\s+la|[àa]\s+l['’]|al|a\s+la)\s*"
        rf"{PRE_ML}{NAME_ML}")),
    ("reported", re.compile(
        rf"\b[Ww]ie\s+(?:(?:die|der|das)\s+)?{PRE_ML}{NAME_ML}\s+(?:\w+\s+){{0,3}}?(?:berichtet|berichtete|meldet|meldete|schreibt|schrieb)\b")),
)

# The closing line Reuters puts under its copy: "(Reporting by A; Editing by B)".
_SIGNOFF = re.compile(r"\(\s*(?:Additional\s+)?[Rr]eporting\s+by\s+[^()]{2,200}?;\s*(?:[\w ]+;\s*)*[Ee]diting\s+by\s+[^()]{2,120}\)")
# "A, citing B" / "A, which cited B" / "A, quoting B": B is where A took it from.
_CHAIN = re.compile(
    rf"\s*,?\s*(?:which|who)?\s*(?:in\s+turn\s+)?(?:citing|cited|quoting|quoted|relying\s+on)\s+(?:{_REPORT})?{_THE}{PRE}{NAME}")
_TRIGGERS = {
    "said_in_report": re.compile(r"\bsaid\s+in\s+(?:a|an|its)\s+(?:\w+\s+)?(?:report|article|story)"),
    "reported": re.compile(r"\b(?:reported|reports)\b"),
    "contributed": re.compile(r"\bcontributed\b"),
    "report_of": re.compile(r"['’]s\s+(?:\w+\s+)?(?:report|reporting|story|article|investigation|analysis|scoop)\b"),
}
_WINDOW = 260
# Patterns whose position alone says "this is where the article comes from".
PROVENANCE = frozenset({"dateline", "contributed", "hat_tip", "byline", "signoff"})
# A dateline opens a line with a few capitalised words or numbers (a place, a date):
# "SEOUL, Nov 4 (Reuters) -", "Mexico City (AFP) –". The name in its parentheses is an agency ("(Yonhap) —"), like an outlet noun.
_WEAK_CUE = frozenset({"dateline"})


@dataclass(frozen=True, slots=True)
class _Raw:
    name: str
    surface: str
    start: int
    end: int
    pattern: str
    match_end: int
    cue: bool


def _trim(name: str) -> str:
    # The capitalised run may swallow a sentence-initial word after the name ("Reuters The").
    return re.sub(r"\s+(?:The|A|An|In|On|But|And)$", "", name)


def _candidates(pattern: str, regex: re.Pattern[str], text: str) -> Iterator[re.Match[str]]:
    trigger = _TRIGGERS.get(pattern)
    if trigger is None:
        yield from regex.finditer(text)
        return
    # Patterns whose name comes before the verb would be tried at every character; try them
    # only in a window before each verb.
    for hit in trigger.finditer(text):
        start = max(0, hit.start() - _WINDOW)
        for match in regex.finditer(text, start, hit.end()):
            if match.end() >= hit.end():
                yield match
                break


def _raw_matches(text: str) -> Iterator[_Raw]:
    for pattern, regex in _PATTERNS:
        for match in _candidates(pattern, regex, text):
            surface = _trim(match.group("name"))
            start = match.start("name")
            cue = bool(match.groupdict().get("cue")) or surface[:1] in "\"“‘'«"
            yield _Raw(surface, surface, start, start + len(surface), pattern, match.end(), cue)
    for pattern, regex in _PATTERNS_ML:
        for match in regex.finditer(text):
            surface = _trim(match.group("name"))
            start = match.start("name")
            cue = bool(match.groupdict().get("cue")) or surface[:1] in "\"“‘'«„"
            yield _Raw(surface, surface, start, start + len(surface), pattern, match.end(), cue)
    for match in _SIGNOFF.finditer(text):
        yield _Raw("Reuters", match.group(0), match.start(), match.end(), "signoff", match.end(), True)


def _strip_quotes(surface: str) -> str:
    return surface.strip("\"“”‘’'«» ")


_OF = re.compile(r"^(?P<person>.+?)\s+of\s+(?P<outlet>(?:the\s+)?[A-Z].*)$")


def _canonical(name: str, *, cue: bool, registry: OutletRegistry) -> str | None:
    """The outlet a cited name stands for. "Paul Sperry of Counter Jihad" and "Bill O'Reilly of
    Fox News" name a journalist of an outlet: the outlet is the part after "of" (unless the
    whole name is a known outlet, like "Voice of America")."""
    match = _OF.match(name)
    if match and lookup(name) is None:
        return registry.canonical(match.group("outlet"), cue=False)
    return registry.canonical(name, cue=cue)


def parse(text: str, *, registry: OutletRegistry) -> tuple[Citation, ...]:
    """Every outlet citation in ``text``, in text order, chains resolved (``via``)."""
    found: list[Citation] = []
    taken: list[tuple[int, int]] = []
    for raw in sorted(_raw_matches(text), key=lambda r: (r.start, -(r.end - r.start))):
        if any(s < raw.end and raw.start < e for s, e in taken):
            continue  # the same words matched by two patterns: keep the first
        name = _canonical(_strip_quotes(raw.name), cue=raw.cue or raw.pattern in _WEAK_CUE, registry=registry)
        if name is None:
            continue
        taken.append((raw.start, raw.end))
        citation = Citation(name, raw.surface, raw.start, raw.end, raw.pattern)
        found.append(citation)
        found.extend(_chain(text, raw.match_end, citation, registry=registry, taken=taken))
    return tuple(found)


def _chain(
    text: str, pos: int, citation: Citation, *, registry: OutletRegistry,
    taken: list[tuple[int, int]],
) -> list[Citation]:
    """Follow "A, citing B, citing C" from the end of A's match."""
    out: list[Citation] = []
    previous = citation
    while (match := _CHAIN.match(text, pos)) is not None:
        surface = _trim(match.group("name"))
        cue = bool(match.group("cue")) or surface[:1] in "\"“‘'«"
        name = _canonical(_strip_quotes(surface), cue=cue, registry=registry)
        if name is None or name == previous.name:
            break
        start = match.start("name")
        taken.append((start, start + len(surface)))
        previous = Citation(name, surface, start, start + len(surface), "citing", via=previous.name)
        out.append(previous)
        pos = match.end()
    return out
