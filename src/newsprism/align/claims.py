"""Splitting one article into checkable claim candidates.

A claim is read from a clause: each quantity gives one (with the clause as its context and a
mention span that does not overlap its neighbours'), each quote or reported statement that
carries no quantity gives one, and every other proper sentence that names an entity, a date or a
flow gives a statement or event claim. Each candidate gets its attribution (the quote or
"according to" around it, or the speaker a "He also said ..." sentence continues), its modality
(stated as done, as expected or possible, or neither), negation and, for numbers, who the number
is about (its role: soldier, worker ...).
"""

from __future__ import annotations

import re
from typing import Sequence

from newsprism.types import Article, EntityMention, Extraction, Flow, Offsets, Quantity, Quote

from newsprism.rules import claimtext, outlets
from newsprism.rules.claimtext import is_specific_speaker  # noqa: F401 - part of this module's API

# Clause boundaries inside a sentence: a semicolon, or a comma before a conjunction that opens a
# new clause. "but also" continues a list, so it is no boundary.
_CLAUSE_BREAK = re.compile(
    r";\s*|,\s+(?=(?:which|while|whereas|although|though|and|but|yet|so)\b)|\s+but\s+(?!also\b)"
    r"|\s+whereas\s+",
    re.IGNORECASE,
)
_DONE = re.compile(
    r"\b(?:has|have|had)\s+(?:(?:already|now|also|reportedly|just|recently|since)\s+)?"
    r"(?:been\s+)?(?!to\b|a\b|an\b|the\b|no\b)[a-z]+(?:ed|en|wn|nt|lt|ld|ught|id|de|ne|un|ung)\b"
    r"|\balready\b|\b(?:was|were)\s+(?:\w+ly\s+)?[a-z]+(?:ed|en|wn|nt)\b(?!\s+to\b)",
    re.IGNORECASE,
)
_EXPECTED = re.compile(
    r"\b(?:is|are|was|were|be)\s+(?:\w+ly\s+)?(?:expected|due|scheduled|set|planned|likely|"
    r"going|about|ready)\s+to\b|\b(?:is|are)\s+to\b|\bwill\b|\bshall\b|\bexpected\b|\bexpects?\b|"
    r"\bby the end of\b|\bplans?\s+to\b|\bforecasts?\b|\bpredicted\b|\bprojected\b|\bif\b|"
    r"\bcould\b|\bmay\b|\bmight\b|\bwould\b|\bpossibly\b|\bpotentially\b|\bin the event\b|"
    r"\bin case\b|\bunless\b",
    re.IGNORECASE,
)
_NEGATION = re.compile(
    r"\b(?:not|never|no|none|neither|nor|denied|denies|deny|rejected|refuted)\b(?!\s+only\b)|n['’]t\b",
    re.IGNORECASE,
)
_INCREMENT = re.compile(r"^\W*(?:more|additional|extra|further|another)\b(?!\s+than\b)", re.IGNORECASE)
_CONTINUES_SPEAKER = re.compile(
    r"^(?:It|He|She|They)\s+(?:also\s+|further\s+)?(?:said|says|added|adds|noted|notes|stressed|"
    r"stresses|underlines?|underlined|believes?|believed|argued|argues|warned|warns|explained|"
    r"explains|told|claims?|claimed|insists?|insisted|emphasi[sz]es|emphasi[sz]ed|pointed out|"
    r"estimates?|estimated|assesse[sd]|assessed)\b"
)
_ACCORDING_TO = re.compile(
    r"\b(?:according to|as (?:estimated|reported|assessed|stated) by|citing)\s+(?:the\s+)?"
    r"([\w.'’-]+(?:\s+(?:[A-Z][\w.'’-]*|of\b|in\b|for\b|from\b|the\b))*)"
)
_DATE = re.compile(
    r"\b(?:January|February|March|April|May|June|July|August|September|October|November|December|"
    r"Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|yesterday|today|tomorrow)\b|"
    r"\b(?:19|20)\d\d\b"
)
_WORD = re.compile(r"[^\W\d_][\w'’-]*")  # a word in any alphabet (Cyrillic reports have claims too)

# Who a number is about. Groups fold synonyms, so "military personnel" and "troops" match.
_ROLES = {
    "soldier": "soldier", "troop": "soldier", "serviceman": "soldier", "servicemen": "soldier",
    "personnel": "soldier", "fighter": "soldier", "combatant": "soldier", "mercenary": "soldier",
    "military": "soldier", "army": "soldier", "marine": "soldier",
    "worker": "worker", "labourer": "worker", "laborer": "worker", "employee": "worker",
    "staff": "worker", "workforce": "worker",
    "citizen": "civilian", "civilian": "civilian", "resident": "civilian", "person": "civilian",
    "people": "civilian", "inhabitant": "civilian",
    "child": "child", "children": "child", "student": "student", "pupil": "student",
    "refugee": "refugee", "migrant": "migrant", "prisoner": "prisoner", "hostage": "hostage",
    "patient": "patient", "voter": "voter", "officer": "police", "police": "police",
    "dead": "dead", "death": "dead", "killed": "dead", "fatality": "dead", "toll": "dead",
    "injured": "injured", "wounded": "injured", "injury": "injured",
}


def sentences(article: Article) -> list[Offsets]:
    """The article's sentences: normalise's offsets, or a plain split when it gave none."""
    return list(article.sentences) if article.sentences else claimtext.split_sentences(article.text)


def _trim(text: str, span: Offsets) -> Offsets:
    start, end = span.start, span.end
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return Offsets(start, end)


def clauses(text: str, sentence: Offsets) -> list[Offsets]:
    """The clauses of one sentence (absolute offsets)."""
    body = text[sentence.start:sentence.end]
    out: list[Offsets] = []
    start = 0
    for match in _CLAUSE_BREAK.finditer(body):
        if match.start() > start:
            out.append(Offsets(sentence.start + start, sentence.start + match.start()))
        start = match.end()
    out.append(Offsets(sentence.start + start, sentence.end))
    return [s for s in (_trim(text, o) for o in out) if s.end > s.start]


def is_claim_sentence(text: str) -> bool:
    """A proper sentence: headings ("Money for soldiers") and credit lines carry no claim."""
    words = _WORD.findall(text)
    if len(words) < 5:
        return False
    return text.rstrip()[-1:] in ".!?\"”’')" or len(words) >= 12


def modality(text: str, span: Offsets, clause: Offsets, sentence: Offsets) -> tuple[str, str | None]:
    """done / expected / stated for a quantity or clause, from the cue nearest to it in its
    clause; a sentence opening with "If" makes every clause of it conditional."""
    best: tuple[int, str, str] | None = None
    window = text[clause.start:clause.end]
    for kind, pattern in (("done", _DONE), ("expected", _EXPECTED)):
        for match in pattern.finditer(window):
            s, e = clause.start + match.start(), clause.start + match.end()
            if s < span.end and e > span.start:
                distance = 0
            else:
                distance = span.start - e if e <= span.start else s - span.end
            if best is None or distance < best[0]:
                best = (distance, kind, match.group(0))
    if best is not None:
        return best[1], best[2].lower()
    head = text[sentence.start:clause.start]
    if re.match(r"\W*(?:if|should|unless)\b", head, re.IGNORECASE):
        return "expected", "if"
    return "stated", None


def negated(text: str, clause: Offsets) -> bool:
    return bool(_NEGATION.search(text[clause.start:clause.end]))


def role_of(text: str, quantity: Quantity, clause: Offsets) -> str | None:
    """Who or what the number is about. A count names it itself ("10,000 soldiers": extraction's
    ``what``); an amount of money or goods is about whoever it goes to, the role word nearest to
    the number in its clause ("each soldier ... paid about $2,000")."""
    value = quantity.quantity
    what = (value.what or "").lower()
    if value.unit is None and what:
        return next((r for w in _WORD.findall(what) if (r := _role_word(w)) is not None), None)
    best: tuple[int, str] | None = None
    for match in _WORD.finditer(text, clause.start, clause.end):
        role = _role_word(match.group(0).lower())
        if role is None:
            continue
        if match.start() >= quantity.end:
            distance = match.start() - quantity.end
        else:
            distance = quantity.start - match.end()
        if distance < 0:
            distance = 0
        if best is None or distance < best[0]:
            best = (distance, role)
    return best[1] if best else None


def _role_word(word: str) -> str | None:
    if word in _ROLES:
        return _ROLES[word]
    if word.endswith("ies") and word[:-3] + "y" in _ROLES:
        return _ROLES[word[:-3] + "y"]
    if word.endswith("s") and word[:-1] in _ROLES:
        return _ROLES[word[:-1]]
    return None


def candidate_attribution(
    quotes: Sequence[Quote], clause: Offsets, sentence: Offsets, article: Article,
    extraction: Extraction,
) -> str | None:
    """The speaker of the quote or "according to" overlapping the clause most, else of one
    covering its sentence, else an "according to X" found in the sentence."""
    best: tuple[int, str] | None = None
    for quote in quotes:
        speaker = quote.speaker or speaker_before(article, extraction, quote, sentence)
        if speaker is None:
            continue
        for span in (clause, sentence):
            overlap = min(quote.end, span.end) - max(quote.start, span.start)
            speaker_in = quote.speaker_start is not None and span.start <= quote.speaker_start < span.end
            if overlap > 0 or speaker_in:
                score = max(overlap, 1) + (10_000 if span is clause else 0)
                if best is None or score > best[0]:
                    best = (score, speaker)
    if best is not None:
        return best[1]
    return _according_to(article, extraction, sentence)


_REPORTING = re.compile(
    r"\b(?:believes?|believed|said|says|thinks?|thought|argues?|argued|warns?|warned|"
    r"assesse[sd]|assess|estimates?|estimated|claims?|claimed|notes?|noted|stresses|stressed)"
    r"\s+(?:that\s+)?$"
)


def speaker_before(article: Article, extraction: Extraction, quote: Quote, sentence: Offsets) -> str | None:
    """The speaker of reported speech extraction left unnamed: the named person or body right
    before "believes that ..." ("Expert Nam Sung-wook believes that"; an appositive between
    them is skipped), never a place after a preposition ("experts in Seoul believe")."""
    if not sentence.start <= quote.start <= sentence.end:
        return None
    head = article.text[sentence.start:quote.start]
    verb = _REPORTING.search(head)
    if verb is None:
        return None
    subject_end = sentence.start + verb.start()
    before = article.text[sentence.start:subject_end].rstrip()
    appositive = re.search(r",[^,]+,$", before)
    if appositive:
        before = before[:appositive.start()]
    names = {e.id: (e.name, e.type) for e in extraction.entities}
    for mention in sorted(extraction.mentions, key=lambda m: -m.start):
        if mention.end > sentence.start + len(before) or mention.start < sentence.start:
            continue
        if sentence.start + len(before) - mention.end > 1:
            return None  # the words right before the verb are not a name
        name, kind = names.get(mention.entity_id, (mention.text, mention.type))
        preceding = article.text[max(sentence.start, mention.start - 6):mention.start].lower()
        if kind not in ("PERSON", "ORG", "GOV") or re.search(r"\b(?:in|of|from|at|to)\s+$", preceding):
            return None
        return name
    return None


_DOCUMENT_FROM = re.compile(
    r"\s+(?:[\w-]+\s+){0,2}?(?:statement|report|release|analysis|study|survey|assessment|memo|letter)\s+"
    r"(?:from|by|of)\s+(?:the\s+)?([A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*)*)"
)


def _according_to(article: Article, extraction: Extraction, sentence: Offsets) -> str | None:
    body = article.text[sentence.start:sentence.end]
    names = {e.id: e.name for e in extraction.entities}
    for match in _ACCORDING_TO.finditer(body):
        start, end = sentence.start + match.start(1), sentence.start + match.end(1)
        surface = re.sub(r"(?:\s+(?:of|in|for|from|the))+$", "", match.group(1).strip())
        surface = re.sub(r"(?<=[a-z])\.$", "", surface)  # the sentence's full stop, not "U.S."
        if surface.lower() in {"a", "an"}:
            # "according to a statement from the Marine Corps": the body named after the document
            named = _DOCUMENT_FROM.match(body, match.end(1))
            if named is None:
                return None
            start, end, surface = sentence.start + named.start(1), sentence.start + named.end(1), named.group(1)
        if outlets.lookup(surface) is not None:
            continue  # "as reported by <outlet>" is a citation, the origins work's business
        for mention in extraction.mentions:
            if mention.start == start and mention.end <= end:
                return names.get(mention.entity_id, mention.text)
        return surface or None
    return None


_SPEAKER_PRONOUNS = {"he": ("PERSON",), "she": ("PERSON",), "they": ("PERSON", "ORG", "GOV", "OUTLET")}


def quote_speaker(article: Article, extraction: Extraction, quote: Quote,
                  previous: Sequence[str | None]) -> str | None:
    """One speaker per quote, from the text's own attribution: the quote's speaker, unless that
    name is said inside the quote itself (who is spoken of, not who speaks: "I feel very badly
    for Gen. Flynn"); a pronoun ("he said") stands for the nearest earlier speaker of a
    compatible kind in the article, else the name extraction resolved it to."""
    speaker = quote.speaker
    if speaker is None:
        return None
    kinds = {e.name: e.type for e in extraction.entities}
    inside = {m.entity_id for m in extraction.mentions if quote.start <= m.start < quote.end}
    if any(e.name == speaker and e.id in inside for e in extraction.entities):
        speaker = None
    words = ""
    if quote.speaker_start is not None and quote.speaker_end is not None:
        words = article.text[quote.speaker_start:quote.speaker_end].strip().lower()
    compatible = _SPEAKER_PRONOUNS.get(words)
    if compatible is not None or speaker is None:
        for earlier in reversed(previous[-3:]):
            if earlier is not None and kinds.get(earlier, "PERSON") in (compatible or ("PERSON",)):
                return earlier
    return speaker


def continued_speaker(text: str, sentence: Offsets, previous: Sequence[str | None]) -> str | None:
    """"He also said ..." / "It also underlines ..." continues the nearest earlier speaker."""
    if not _CONTINUES_SPEAKER.match(text[sentence.start:sentence.end]):
        return None
    for speaker in reversed(previous[-3:]):
        if speaker is not None:
            return speaker
    return None


def mention_spans(quantities: Sequence[Quantity], clause: Offsets, text: str) -> list[Offsets]:
    """Non-overlapping mention spans for the quantities of one clause: the clause is cut at the
    last comma (else the last word) between neighbouring quantities."""
    spans: list[Offsets] = []
    start = clause.start
    for i, quantity in enumerate(quantities):
        if i + 1 < len(quantities):
            nxt = quantities[i + 1]
            gap = text[quantity.end:nxt.start]
            comma = max(gap.rfind(","), gap.rfind(";"))
            joins = list(re.finditer(r"\s(?:but|and|or|while|plus|as well as)\b", gap))
            if comma >= 0:
                end = quantity.end + comma + 1
            elif joins:
                end = quantity.end + joins[-1].start()  # "... soldiers to the front | but also ..."
            else:
                end = nxt.start
        else:
            end = clause.end
        spans.append(_trim(text, Offsets(start, max(end, quantity.end))))
        start = end
    return spans


_INCREMENT_BEFORE = re.compile(
    r"\b(?:adding|another|a further|an additional|an extra|(?:rose|risen|rising|increased?|"
    r"increasing|grew|grown|jumped|climbed|raised|fell|fallen|dropped|decreased?|declined?|cut|"
    r"reduced|up|down)\s+by)\s*$",
    re.IGNORECASE,
)


def increment(text: str, quantity: Quantity) -> bool:
    """"thousands more", "2,000 additional troops", "adding 1,290", "rose by 3%": a number
    added to an earlier one (or taken from it)."""
    if re.search(r"\b(?:more|additional|extra|further)\b(?!\s+than\b)", quantity.text, re.IGNORECASE):
        return True
    if _INCREMENT_BEFORE.search(text[max(0, quantity.start - 25):quantity.start]):
        return True
    return bool(_INCREMENT.match(text[quantity.end:quantity.end + 20]))


def has_date(text: str) -> bool:
    return bool(_DATE.search(text))


_LIST_HEAD = re.compile(
    r"\b(?:includes?|included|including|provides?|provided|providing|offers?|offered|sends?|sent|"
    r"delivers?|delivered|supplies|supplied|such as|are|is|were|was)\s+|:\s*",
    re.IGNORECASE,
)
_ITEM_EDGE = re.compile(r"^[\s,;]*(?:(?:and|or|as well as|plus)\s+)?|[\s,;.]+$", re.IGNORECASE)


def list_items(text: str, sentence: Offsets, flows: Sequence[Flow]) -> tuple[Offsets, list[Offsets]] | None:
    """A sentence that lists what one party gives another ("Russian assistance to North Korea
    includes annual payments of $200 million, deliveries of ... rice, the provision of space
    technology, and possibly military support ..."): the head up to the list ("Russian assistance
    to North Korea includes") and each item's span. Extraction gives one flow per item, each
    spanning from the head to the end of its item; None when the sentence lists nothing."""
    inside = sorted((f for f in flows if sentence.start <= f.start < sentence.end), key=lambda f: f.end)
    by_start: dict[int, list[Flow]] = {}
    for flow in inside:
        by_start.setdefault(flow.start, []).append(flow)
    listed = max(by_start.values(), key=len, default=[])
    if len(listed) < 2:
        return None
    first = listed[0]
    what_at = text.find(first.what, first.start, first.end)
    heads = [m for m in _LIST_HEAD.finditer(text, first.start, what_at if what_at >= 0 else first.end)]
    if not heads:
        return None
    head_end = heads[-1].end()
    items: list[Offsets] = []
    start = head_end
    for flow in listed:
        span = _trim_item(text, Offsets(start, min(flow.end, sentence.end)))
        if span is not None:
            items.append(span)
        start = flow.end
    if len(items) < 2:
        return None
    return Offsets(sentence.start, head_end), items


def _trim_item(text: str, span: Offsets) -> Offsets | None:
    body = text[span.start:span.end]
    lead = _ITEM_EDGE.match(body)
    start = span.start + (lead.end() if lead else 0)
    tail = re.search(r"[\s,;.]+$", text[start:span.end])
    end = span.start + len(body) - (len(tail.group(0)) if tail else 0)
    return Offsets(start, end) if end - start >= 3 else None


def item_context(text: str, head: Offsets, item: Offsets) -> str:
    """A listed item as a whole statement: the list's head and the item."""
    return f"{text[head.start:head.end].strip()} {text[item.start:item.end]}"


# What an item may carry of the item before it when extraction's spans are cut at its flow:
# "[about 10,000 soldiers] to the Ukrainian front but also [nearly 20,000 containers]".
_ITEM_LEAD = re.compile(r"^(?:not only\s+|[^\d,;]{0,60}?\b(?:but also|as well as)\s+)", re.IGNORECASE)


def item_statement(text: str, head: Offsets, item: Offsets) -> str:
    """What a reader is shown of a listed item: the head and the item, without what the item
    carries of the one before it."""
    words = _ITEM_LEAD.sub("", text[item.start:item.end], count=1)
    return " ".join(f"{text[head.start:head.end].strip()} {words}".split())


_CONCESSIVE = re.compile(r"^\W*(?:although|though|even though|while|whereas|despite the fact that)\b", re.IGNORECASE)


def statement_parts(text: str, span: Offsets) -> list[Offsets]:
    """A reported statement cut into the statements it makes: "although A, B" is two (A and B),
    as are clauses joined by "but" or a semicolon (``clauses``)."""
    out: list[Offsets] = []
    for part in clauses(text, span):
        body = text[part.start:part.end]
        lead = _CONCESSIVE.match(body)
        comma = body.find(",", lead.end()) if lead else -1
        if lead and comma > 0 and len(_WORD.findall(body[comma:])) >= 3:
            out.append(_trim(text, Offsets(part.start + lead.end(), part.start + comma)))
            out.append(_trim(text, Offsets(part.start + comma + 1, part.end)))
        else:
            out.append(part)
    return [p for p in out if len(_WORD.findall(text[p.start:p.end])) >= 3] or [span]


_PRONOUN_SUBJECT = re.compile(
    r"^\W*(?:They|He|She|We|The two(?: sides| countries| leaders)?|Both(?: sides| countries)?)\s+"
    r"(?:\w+ly\s+)?(?:have|has|had|will|would|are|were|is|was|[a-z]+ed)\b"
)


def pronoun_subject(body: str) -> bool:
    """The sentence's subject is a pronoun and a verb follows ("They have signed ...")."""
    return bool(_PRONOUN_SUBJECT.match(body))


_LEANS_ON_BEFORE = re.compile(r"\b(?:they|them|their|he|his|him|she|her)\b", re.IGNORECASE)


def leans_on_before(body: str) -> bool:
    """The sentence's first words lean on the one before for who they speak of ("The NIS
    estimates that they typically earn ..."). "This" and "it" refer to a statement as often as
    to someone, and are left alone."""
    head = " ".join(body.split()[:8])
    return bool(_LEANS_ON_BEFORE.search(head))


_ACTOR_TYPES = frozenset({"PERSON", "ORG", "GOV", "GPE", "NORP", "OUTLET", "LOC"})
_LEADING_PRONOUN = re.compile(r"^(\W*)(They|He|She)\b(?=\s+(?:(?:\w+ly|later|then|now|still|already)\s+)?(?:have|has|had|will|would|are|were|is|was|also|"
                              r"[a-z]+ed|[a-z]+s)\b)")


# Place names written with "the": "the United States", "the Netherlands", "the Czech Republic".
_THE_PLACE = re.compile(r"^(?:United|Republic|Kingdom|Democratic|People|Federal|Islamic|State)\b|"
                        r"(?:s|Republic|Union|Islands|Emirates|Kingdom|States|Federation)$")


def canonical_names(text: str, mentions: Sequence[EntityMention], names: dict[str, str]) -> str:
    """``text`` with each name written as its canonical entity's ("the DPRK" -> "North
    Korea", "Wee Sung-luck" -> "Wi Sung Lak"), so that the judge does not read two spellings of
    one name as two people or places."""
    swaps = {m.text: (names[m.entity_id], m.type) for m in mentions
             if m.type in _ACTOR_TYPES and m.entity_id in names and names[m.entity_id] != m.text}
    for surface in sorted(swaps, key=len, reverse=True):
        name, kind = swaps[surface]
        pattern = rf"(?<![\w-]){re.escape(surface)}(?![\w-])"
        if kind in {"GPE", "GOV", "LOC"} and not _THE_PLACE.search(name):
            # "the DPRK" -> "North Korea", not "the North Korea" ("the US" keeps its article)
            pattern = rf"(?:\b[Tt]he )?{pattern}"
        text = re.sub(pattern, lambda _m, name=name: name, text)
    # "the National Intelligence Service (NIS)" became "... (National Intelligence Service)"
    return re.sub(r"\b([A-Z][\w.'’ -]{2,60}?) \(\1\)", r"\1", text)


def resolve_pronoun(body: str, before: Sequence[tuple[str, str]]) -> str | None:
    """The sentence with its leading subject pronoun replaced by who it stands for in the
    sentence before (``before``: (canonical name, type) in text order): "They" by the first two
    actors named there, "He"/"She" by the last person; None when that cannot be told."""
    match = _LEADING_PRONOUN.match(body)
    if match is None:
        return None
    pronoun = match.group(2)
    if pronoun == "They":
        # countries and bodies first: "Nam Sung-wook believes that cooperation between North
        # Korea and Russia will continue. They have signed ..." speaks of the two countries
        bodies = list(dict.fromkeys(n for n, t in before if t in {"GOV", "GPE", "ORG", "NORP"}))
        people = list(dict.fromkeys(n for n, t in before if t == "PERSON"))
        actors = bodies if len(bodies) >= 2 else people
        if len(actors) < 2:
            return None
        who = f"{actors[0]} and {actors[1]}"
    else:
        people = [n for n, t in before if t == "PERSON"]
        if not people:
            return None
        who = people[-1]
    return body[:match.start(2)] + who + body[match.end(2):]
