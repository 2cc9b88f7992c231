"""Quotes and reported speech with their speakers.

Five kinds, each found by a general rule:
- ``direct``: text in quotation marks of any style ("...", “...”, «...», „...“) that reads as a
  statement (a verb, four words or more), with the speaker from the speech verb around it;
- ``dash``: a paragraph opened by a dash and closed by ", - X said." (the dialogue style of many
  translated reports);
- ``reported``: a speech or judgement verb with a clause complement ("X said/believes/assessed/
  estimates that ..."); the speaker is the verb's subject (through "who" to the noun it
  describes; the agent of a passive; none for "It is known that");
- ``according_to``: "according to X, ..." in either order;
- ``transcript``: interview lines "WALLACE: Let's start with ..." (a name in capitals or a known
  person or organisation, then a colon).
Attributing verbs with an object or infinitive ("cited derogatory comments", "wants to triple
...") and parenthetical "X, he said, is Y" are ``reported`` too.
The speaker is the canonical entity named by the subject's head (or a name compounded to it:
"the October NIS report" is the NIS), a pronoun's most recent person, "the newspaper"'s most
recent outlet, or None for an unnamed source ("analysts", "experts in Seoul").
"""

from __future__ import annotations

import bisect
import re
from typing import Any

from newsprism.extract import lemmas
from newsprism.extract.index import EntityIndex
from newsprism.extract.tokens import is_root, where
from newsprism.rules import languages
from newsprism.types import Quote

SPEECH_VERBS = {
    "say", "tell", "add", "state", "claim", "argue", "note", "warn", "believe", "think", "assess",
    "estimate", "report", "predict", "indicate", "suggest", "expect", "confirm", "reveal",
    "announce", "emphasize", "emphasise", "underline", "stress", "insist", "deny", "explain",
    "write", "conclude", "find", "show", "acknowledge", "admit", "allege", "assert", "contend",
    "declare", "maintain", "observe", "point", "recall", "remark", "reply", "respond", "tweet",
    "testify", "agree", "accuse", "complain", "caution", "speculate", "hint", "concede", "promise", "vow", "pledge", "urge", "ask",
    "forecast", "project", "calculate", "doubt", "question", "continue", "declare",
}
# Verbs that attribute a statement, a stance or a plan with a noun or infinitive object
# ("Clinton cited derogatory comments", "called on Trump to stop", "wants to triple ...").
OBJECT_VERBS = {
    "cite", "mention", "describe", "call", "complain", "demand", "charge", "accuse", "defend",
    "denounce", "promise", "want", "plan", "urge", "propose", "criticize", "criticise", "praise",
    "blame", "dismiss", "reject", "endorse", "tweet", "post", "release", "announce", "pledge",
    "threaten", "vow", "recommend", "request", "question", "acknowledge", "admit", "deny",
    "describe", "decry", "condemn", "slam", "hail", "welcome", "predict", "forecast", "estimate",
    "offer", "raise", "suggest", "ask", "tell", "say", "write", "report", "decide", "outline",
    "unveil", "present", "detail", "discuss", "highlight", "address", "identify", "respond",
    "attack", "blast", "rule", "rate", "file", "disclose", "refuse", "argue", "stress", "oppose",
    "warn", "show", "find", "conclude", "cite",
}
# Speech verbs of the other languages a full pipeline reads (lemmas, as its lemmatizer gives them);
# kept apart from the English ones so that English text never matches them.
FOREIGN_SPEECH_VERBS = {
    "fr": {"dire", "déclarer", "affirmer", "annoncer", "ajouter", "expliquer", "indiquer",
           "souligner", "préciser", "assurer", "confirmer", "estimer", "rapporter",
           "juger", "considérer", "avertir", "prévenir", "insister", "noter", "rappeler",
           "reconnaître", "démentir", "nier", "répondre", "écrire", "conclure", "révéler",
           "prédire", "penser", "croire", "signaler", "dénoncer", "promettre", "lancer", "marteler"},
}
# Word forms of speech verbs where no lemmatizer reads the language (direct quotes only).
SPEECH_FORMS = {
    "de": {"sagte", "sagten", "sagt", "erklärte", "erklärten", "erklärt", "betonte", "betonten",
           "teilte", "warnte", "schrieb", "meinte", "behauptete", "bestätigte", "fügte",
           "unterstrich", "so"},
    "es": {"dijo", "dijeron", "afirmó", "afirmaron", "declaró", "declararon", "señaló", "aseguró",
           "explicó", "añadió", "indicó", "subrayó", "advirtió", "según", "manifestó", "sostuvo"},
    "ru": {"заявил", "заявила", "заявили", "сказал", "сказала", "сказали", "сообщил", "сообщила",
           "сообщили", "отметил", "отметила", "подчеркнул", "подчеркнула", "добавил", "добавила",
           "пояснил", "пояснила", "заверил", "считает", "по словам"},
}
_TRANSCRIPT = re.compile(
    r"^[ \t]*[\"“]?(?P<name>[A-Z][A-Z.'’ -]{1,30}[A-Z]|[A-Z][a-z]+(?: [A-Z][a-z]+){0,2}):[ \t]+"
    r"(?P<content>[^\n]{10,})$", re.M
)
_DIRECT = re.compile(
    r"“(?P<a>[^”]{2,}?)”|\"(?P<b>[^\"\n]{2,}?)\"|«(?P<c>[^»]{2,}?)»|„(?P<d>[^“”]{2,}?)[“”]"
    r"|(?:``|'')(?P<e>[^\n]{2,}?)''"  # the typewriter style some archives use: ``...'' or ''...''
)
_DASH_LINE = re.compile(
    r"^[ \t]*[-–—][ \t]*(?P<content>[^\n]+?)[,.!?]?[ \t]*[-–—][ \t]*(?P<tail>[^\n]+?)[ \t]*$", re.M
)
_DASH_TAIL = re.compile(
    r"^(?:(?P<s1>[^\n,]+?)\s+(?P<v1>said|says|added|adds|noted|notes|stressed|explained|told\s+\w+|"
    r"emphasized|emphasised|stated|argued|warned)|(?P<v2>said|says|added|noted|stressed|explained)"
    r"\s+(?P<s2>[^\n,]+?))[.!]?$"
)
_PRONOUNS = {"he", "she", "they", "we", "i", "him", "her", "them"}
_OUTLET_NOUNS = {"newspaper", "daily", "paper", "outlet", "agency", "broadcaster", "publication",
                 "magazine", "report", "site"}


def find(doc: Any, text: str, index: EntityIndex, *, language: str | None = None) -> list[Quote]:
    """Every quote and reported statement in the article, in text order. ``language`` (the
    article's, for a doc parsed by that language's pipeline) adds its speech verbs and its
    "according to" ("selon")."""
    code = languages.code(language)
    verbs = SPEECH_VERBS | FOREIGN_SPEECH_VERBS.get(code, set())
    found: list[Quote] = []
    found.extend(_dash_quotes(text, index))
    found.extend(_transcript(text, index, found))
    sents = _Sentences(doc) if doc.has_annotation("DEP") else None
    found.extend(_direct_quotes(doc, text, index, found, sents, verbs))
    if sents is not None:
        found.extend(_reported(doc, text, index, found, verbs))
        found.extend(_according_to(doc, text, index, found, sents))
        if code == "fr":
            found.extend(_selon(doc, text, index, found, sents))
    found.sort(key=lambda q: q.start)
    return found


class _Sentences:
    """The sentence of a token, from boundaries read once per doc (spaCy's ``Token.sent`` walks
    the doc on every call, which made speaker look-ups the slowest rule here)."""

    def __init__(self, doc: Any) -> None:
        self.spans = list(doc.sents)
        self.starts = [sent.start for sent in self.spans]

    def of(self, i: int) -> Any:
        return self.spans[bisect.bisect_right(self.starts, i) - 1]


def regions(text: str) -> list[tuple[int, int]]:
    """Character spans the quote patterns match (quotation marks, dash dialogue, transcript
    lines): where a quotation may be, before any parse (for the cheap pre-pass)."""
    return [(m.start(), m.end()) for pattern in (_DIRECT, _DASH_LINE, _TRANSCRIPT) for m in pattern.finditer(text)]


def _overlaps(start: int, end: int, quotes: list[Quote]) -> bool:
    return any(start < q.end and q.start < end for q in quotes)


def _crosses(start: int, end: int, quotes: list[Quote]) -> bool:
    """Overlaps without nesting (a statement reported inside another one is kept)."""
    return any(start < q.end and q.start < end and not (q.start <= start and end <= q.end)
               and not (start <= q.start and q.end <= end) or (q.start, q.end) == (start, end)
               for q in quotes)


def _dash_quotes(text: str, index: EntityIndex) -> list[Quote]:
    out = []
    for match in _DASH_LINE.finditer(text):
        tail = _DASH_TAIL.match(match.group("tail"))
        if tail is None:
            continue
        group = "s1" if tail.group("s1") else "s2"
        s_start = match.start("tail") + tail.start(group)
        s_end = match.start("tail") + tail.end(group)
        entity = index.entity_in(s_start, s_end)
        speaker = entity.name if entity else None
        if speaker is None and tail.group(group).strip().lower() in _PRONOUNS:
            person = index.last_before(match.start())
            speaker = person.name if person else None
        c_start, c_end = match.start("content"), match.end("content")
        out.append(Quote(c_start, c_end, text[c_start:c_end], speaker, "dash", s_start, s_end,
                         (tail.group("v1") or tail.group("v2"))))
    return out


def _transcript(text: str, index: EntityIndex, taken: list[Quote]) -> list[Quote]:
    """Interview transcripts: "WALLACE: Let's start with ..." (the name in capitals, or known)."""
    out = []
    for match in _TRANSCRIPT.finditer(text):
        name = match.group("name")
        s_start, s_end = match.start("name"), match.end("name")
        entity = index.entity_in(s_start, s_end, types=("PERSON", "ORG", "OUTLET", "GOV"))
        if entity is None and not (name.isupper() and len(name) > 3):
            continue
        c_start, c_end = match.start("content"), match.end("content")
        c_end -= len(text[c_start:c_end]) - len(text[c_start:c_end].rstrip(" \"”"))
        if _overlaps(c_start, c_end, taken):
            continue
        speaker = entity.name if entity is not None else name.title()
        out.append(Quote(c_start, c_end, text[c_start:c_end], speaker, "transcript", s_start, s_end, ":"))
    return out


def _inside(match: Any, text: str, groups: str = "abcde") -> tuple[int, int]:
    """The quotation's words, without the spaces French and others set inside the marks."""
    group = next(g for g in groups if match.group(g) is not None)
    start, end = match.start(group), match.end(group)
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _direct_quotes(doc: Any, text: str, index: EntityIndex, taken: list[Quote],
                   sents: _Sentences | None, verbs: set[str] = SPEECH_VERBS) -> list[Quote]:
    out = []
    for match in _DIRECT.finditer(text):
        start, end = _inside(match, text)
        content = doc.char_span(start, end, alignment_mode="expand")
        if content is None or _overlaps(start, end, taken) or len(content) < 4:
            continue
        if not any(t.pos_ in {"VERB", "AUX"} for t in content) and not re.search(r"[.!?,]$", text[start:end]):
            continue  # a quoted name or title ("The Korean Herald"), not a statement
        speaker, s_span, cue = _speaker_near(doc, text, index, start, end, sents, verbs)
        if s_span[0] is None and out and "\n" not in text[out[-1].end:start] \
                and len(text[out[-1].end:start]) <= 80 and out[-1].speaker_start is not None:
            # a quote that goes on after its attribution ("...," said Caddell. "Yesterday ...")
            last = out[-1]
            speaker, s_span, cue = last.speaker, (last.speaker_start, last.speaker_end), last.cue
        out.append(Quote(start, end, text[start:end], speaker, "direct", s_span[0], s_span[1], cue))
    return out


def _speaker_near(doc: Any, text: str, index: EntityIndex, start: int, end: int,
                  sents: _Sentences | None, verbs: set[str] = SPEECH_VERBS) -> tuple[str | None, tuple, str | None]:
    """The speaker of a quotation: the subject of a speech verb in the same sentence, outside it."""
    if sents is None:
        return None, (None, None), None  # no parse: walking heads of an unparsed doc is unsafe
    span = doc.char_span(start, end, alignment_mode="expand")
    sentences = []
    if span is not None:
        first = sents.of(span.start)
        sentences.append(first)
        last = sents.of(span.end - 1)  # a quote of several sentences is attributed after its end
        if last.start != first.start:
            sentences.append(last)
        if last.end < len(doc) and span.end >= last.end - 2:
            sentences.append(sents.of(last.end))
    before = text[max(0, start - 4):start]  # not doc.text: spaCy rebuilds that on every call
    if span is not None and ":" in before and first.start > 0:
        sentences.append(sents.of(first.start - 1))  # 'Caddell continued: "..."'
        if span.start > first.start:
            sentences.append(doc[first.start:span.start])
    for sent in sentences:
        for token in sent:
            if start <= token.idx < end or token.pos_ not in {"VERB", "AUX"} or lemmas.lemma(token).lower() not in verbs:
                continue
            subject = _subject(token) or _inverted_subject(token, index)
            if subject is not None:
                name, s_start, s_end = _speaker_of(subject, index)
                return name, (s_start, s_end), token.text
    return None, (None, None), None


def _subject(verb: Any) -> Any:
    # "..., saying that ...": the subject of the main verb speaks. Up the heads by a bounded
    # loop that stops at the root (a recursion on ``verb.head`` would not see the root end it).
    for _ in range(len(verb.doc)):
        found, subject = _own_subject(verb)
        if found:
            return subject
        if verb.dep_ not in {"xcomp", "conj", "advcl"} or verb.head.pos_ not in {"VERB", "AUX"} or is_root(verb):
            return None
        verb = verb.head
    return None


# Universal Dependencies labels a parser may give the subject that follows its verb ("», a
# déclaré Wi Sung-lak"); English parses use other labels, so English never reads this rule.
_UD_INVERTED = {"obl:arg", "obj", "obl", "nsubj:pass"}


def _inverted_subject(verb: Any, index: EntityIndex) -> Any:
    """A named speaker right after a speech verb that has no subject of its own (a UD parse of
    an inverted "dit-il" clause: the name is read as an argument of the verb)."""
    for child in verb.rights:
        if child.dep_ in _UD_INVERTED and child.pos_ in {"PROPN", "NOUN"}:
            subtree = list(child.subtree)
            if index.entity_in(subtree[0].idx, subtree[-1].idx + len(subtree[-1].text)) is not None:
                return child
            return None
    return None


def _own_subject(verb: Any) -> tuple[bool, Any]:
    """(True, the speaker) when the verb has a subject of its own, else (False, None)."""
    passive = any(c.dep_ in {"auxpass", "expl"} for c in verb.children) or lemmas.lemma(verb) == "be"
    for child in verb.children:
        # "It is known that": no speaker; "It says the campaign violated ...": "it" is one
        if child.dep_ in {"nsubj", "nsubjpass", "nsubj:pass"} and not (child.lower_ == "it" and passive):
            if child.dep_ == "nsubjpass":
                agent = next((c for c in verb.children if c.dep_ == "agent"), None)
                if agent is not None:
                    return True, next((c for c in agent.children if c.dep_ == "pobj"), None)
            if child.lower_ in {"who", "that", "which"} and verb.dep_ == "relcl":
                return True, verb.head
            return True, child
    return False, None


def _speaker_of(subject: Any, index: EntityIndex) -> tuple[str | None, int, int]:
    """Canonical name for a subject token, with the subject phrase's span."""
    tokens = [t for t in subject.subtree if not (t.dep_ in {"relcl", "punct"} and t.i > subject.i)]
    first, last = tokens[0], tokens[-1]
    # stop the phrase at a relative clause or a comma after the head ("X, who ...")
    stop = next((t for t in subject.subtree if t.i > subject.i and (t.dep_ == "relcl" or t.text == ",")), None)
    if stop is not None:
        last = subject.doc[stop.i - 1]
    s_start, s_end = first.idx, last.idx + len(last.text)
    entity = index.entity_in(s_start, s_end, head=subject.idx)
    if entity is None and lemmas.lemma(subject).lower() in _OUTLET_NOUNS:
        # 'the South Korean daily "The Korean Herald"': the outlet, not the country
        entity = index.entity_in(s_start, s_end + 40, types=("OUTLET",))
    owner = next((c for c in subject.children if c.dep_ == "poss"), None)
    owned = owner is not None and index.entity_in(
        min(t.idx for t in owner.subtree), owner.idx + len(owner.text), head=owner.idx) is not None
    if entity is None and owner is not None and not owned:
        # "The kingdom's US embassy": the embassy is the unnamed owner's, not the United States'
        return None, s_start, s_end
    if entity is None:
        linked = [c.idx for c in subject.children if c.dep_ in {"compound", "poss", "nmod", "amod", "appos"}]
        for pos in linked:
            entity = index.entity_in(s_start, s_end, head=pos)
            if entity is not None:
                break
    if entity is None:
        # "information from Seoul", "a study by the INSS", "intelligence in Seoul"
        for prep in (c for c in subject.children if c.dep_ == "prep" and c.lower_ in {"from", "by", "of", "in"}):
            pobj = next((g for g in prep.children if g.dep_ == "pobj"), None)
            if pobj is not None:
                entity = index.entity_in(pobj.idx, pobj.idx + len(pobj.text) + 200, head=pobj.idx)
                if entity is not None and (prep.lower_ != "in" or entity.type == "GOV"):
                    break
                entity = None
    if entity is None and subject.lower_ in _PRONOUNS:
        entity = index.last_before(subject.idx, ("PERSON",) if subject.lower_ not in {"they", "we"} else ("PERSON", "ORG", "GOV"))
    if entity is None and lemmas.lemma(subject).lower() in _OUTLET_NOUNS and any(
        t.lower_ == "the" for t in subject.lefts
    ):
        entity = index.last_before(subject.idx, ("OUTLET",))
    return (entity.name if entity else None), s_start, s_end


def _reported(doc: Any, text: str, index: EntityIndex, taken: list[Quote],
              verbs: set[str] = SPEECH_VERBS) -> list[Quote]:
    out: list[Quote] = []
    for i in where(doc, "POS", ("VERB", "AUX")):  # a lemma is computed on demand: verbs only
        token = doc[i]
        lemma = lemmas.lemma(token).lower()
        if lemma not in verbs and lemma not in OBJECT_VERBS:
            continue
        clause = _complement(token, lemma, verbs)
        if clause is None:
            continue
        words = list(clause.subtree)
        c_start = words[0].idx
        if words[0].lower_ in _THAT and len(words) > 1:
            c_start = words[1].idx
        c_end = words[-1].idx + len(words[-1].text)
        if words[-1].is_punct:
            c_end = words[-1].idx if len(words) > 1 else c_end
            c_end = words[-2].idx + len(words[-2].text) if len(words) > 1 else c_end
        if c_end - c_start < 8 or _overlaps(c_start, c_end, taken) or _crosses(c_start, c_end, out):
            continue
        subject = _subject(token) or _inverted_subject(token, index)
        if subject is None:
            speaker, s_start, s_end = None, None, None
        else:
            speaker, s_start, s_end = _speaker_of(subject, index)
        out.append(Quote(c_start, c_end, text[c_start:c_end], speaker, "reported", s_start, s_end, token.text))
    return out


_THAT = {"that", "que", "qu'", "qu’"}


def _complement(verb: Any, lemma: str, verbs: set[str] = SPEECH_VERBS) -> Any:
    """What is said: a clause ("said that ..."), else, for attributing verbs, an infinitive or
    object phrase of three words or more ("wants to triple ...", "cited derogatory comments"),
    else, for a parenthetical "X, he said, is Y", the clause the verb interrupts."""
    for child in verb.children:
        if child.dep_ == "ccomp":
            return child
    if verb.dep_ == "parataxis" and lemma in verbs and verb.head.pos_ in {"VERB", "AUX"}:
        return verb.head
    if lemma not in OBJECT_VERBS:
        return None
    for dep in ("xcomp", "dobj"):
        for child in verb.children:
            if child.dep_ == dep and sum(1 for _ in child.subtree) >= 3 and child.pos_ not in {"PRON", "PROPN"}:
                return child
    for child in verb.children:  # "called on Trump to stop", "complained about his mic"
        if child.dep_ == "prep" and child.lower_ in {"on", "about", "for"} and sum(1 for _ in child.subtree) >= 3:
            return child
    return None


def _according_to(doc: Any, text: str, index: EntityIndex, taken: list[Quote],
                  sents: _Sentences) -> list[Quote]:
    out: list[Quote] = []
    for i in where(doc, "LOWER", ("according",)):
        token = doc[i]
        if token.i + 1 >= len(doc) or doc[token.i + 1].lower_ != "to":
            continue
        to = doc[token.i + 1]
        source = next((c for c in to.children if c.dep_ == "pobj"), None)
        if source is None:
            continue
        phrase = [t for t in source.subtree]
        p_start, p_end = token.idx, phrase[-1].idx + len(phrase[-1].text)
        sent = sents.of(token.i)
        content = _content_around(text, sent, p_start, p_end)
        if content is None:
            continue
        c_start, c_end = content
        if _overlaps(c_start, c_end, out):
            continue
        speaker, s_start, s_end = _speaker_of(source, index)
        out.append(Quote(c_start, c_end, text[c_start:c_end], speaker, "according_to", s_start, s_end,
                         "according to"))
    return out


def _selon(doc: Any, text: str, index: EntityIndex, taken: list[Quote],
           sents: _Sentences) -> list[Quote]:
    """French "selon X, ...": the preposition marks its source noun (UD ``case``)."""
    out: list[Quote] = []
    for i in where(doc, "LOWER", ("selon",)):
        token = doc[i]
        source = token.head
        if token.dep_ != "case" or source.i == i or is_root(source):
            continue
        phrase = list(source.subtree)
        p_start, p_end = token.idx, phrase[-1].idx + len(phrase[-1].text)
        if p_end - p_start > 160:
            continue  # a parse that hangs the clause on the source
        content = _content_around(text, sents.of(token.i), p_start, p_end)
        if content is None or _overlaps(content[0], content[1], out + taken):
            continue
        speaker, s_start, s_end = _speaker_of(source, index)
        out.append(Quote(content[0], content[1], text[content[0]:content[1]], speaker, "according_to",
                         s_start, s_end, token.text))
    return out


def _content_around(text: str, sent: Any, p_start: int, p_end: int) -> tuple[int, int] | None:
    """The statement an "according to" phrase attributes: the longer side of the sentence."""
    s_start, s_end = sent.start_char, sent.end_char
    while s_end > s_start and text[s_end - 1] in " .\n!?":
        s_end -= 1
    before = (s_start, p_start)
    after = (p_end, s_end)
    start, end = max(before, after, key=lambda r: r[1] - r[0])
    if len(text[s_start:p_start].strip(" ,")) >= 3 and p_end < s_end - 8:
        start, end = s_start, s_end  # "North Korea, according to X, has sent ...": the whole sentence
    while start < end and text[start] in " ,;:—–-":
        start += 1
    while end > start and text[end - 1] in " ,;:—–-":
        end -= 1
    return (start, end) if end - start >= 8 else None


_PLAIN_DIRECT = re.compile(_DIRECT.pattern + r"|»(?P<f>[^«]{2,}?)«")  # and German »...«
_PLAIN_SPEAKERS = ("PERSON", "ORG", "OUTLET", "GOV", "NAME")


def find_unparsed(doc: Any, text: str, index: EntityIndex, *, language: str | None) -> list[Quote]:
    """Direct quotes of an article no parser of its language read (``doc``: tokens and
    sentences only): text in quotation marks that reads as a statement (four words or more, or
    closing with a stop or comma). Its speaker is a name right beside a speech verb of the
    language (``SPEECH_FORMS``: "sagte Präsident Putin", "Путин заявил") in the sentences
    the quotation spans; otherwise None. No reported speech: that needs a parse."""
    forms = SPEECH_FORMS.get(languages.code(language), set())
    sentences = [(s.start_char, s.end_char) for s in doc.sents]
    ends = [end for _, end in sentences]
    out: list[Quote] = []
    for match in _PLAIN_DIRECT.finditer(text):
        start, end = _inside(match, text, "abcdef")
        if len(text[start:end].split()) < 4 and not re.search(r"[.!?,]$", text[start:end]):
            continue  # a quoted name or title
        first = bisect.bisect_right(ends, start)
        last = min(bisect.bisect_left(ends, end), len(sentences) - 1)
        if first >= len(sentences):
            continue
        if last + 1 < len(sentences) and sentences[last][1] - match.end() <= 3:
            last += 1  # „...“ / Sagte er.
        region = (sentences[first][0], sentences[last][1])
        speaker = _plain_speaker(text, index, region, (match.start(), match.end()), forms)
        name, s_start, s_end, cue = speaker if speaker else (None, None, None, None)
        out.append(Quote(start, end, text[start:end], name, "direct", s_start, s_end, cue))
    return out


def _plain_speaker(text: str, index: EntityIndex, region: tuple[int, int], quote: tuple[int, int],
                   forms: set[str]) -> tuple[str, int, int, str] | None:
    """(name, start, end, verb) of a mention at most three words from a speech verb ("sagte der
    frühere Botschafter Wi Sung-lak"), both in
    ``region`` and outside the quotation."""
    if not forms:
        return None
    found = []
    for m in re.finditer(r"(?<!\w)(?:" + "|".join(map(re.escape, sorted(forms, key=len, reverse=True)))
                         + r")(?!\w)", text[region[0]:region[1]], re.IGNORECASE):
        v_start, v_end = region[0] + m.start(), region[0] + m.end()
        if quote[0] <= v_start < quote[1]:
            continue
        found.append((v_start, v_end, m.group()))
    for v_start, v_end, cue in found:
        for mention in index.mentions:
            if mention.type not in _PLAIN_SPEAKERS or not region[0] <= mention.start < region[1] \
                    or quote[0] <= mention.start < quote[1]:
                continue
            gap = text[v_end:mention.start] if mention.start >= v_end else text[mention.end:v_start]
            if mention.start < v_end and mention.end > v_start:
                continue
            if len(gap.split()) <= 3 and not re.search(r"[.!?«»“”„\"]", gap):
                return index.by_id[mention.entity_id].name, mention.start, mention.end, cue
    return None
