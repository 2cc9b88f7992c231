"""A claim is a whole statement: who or what, what is said of it, and what it says.

The spans the claim splitter finds (a quantity's share of its clause, a clause, a quote) can be
fragments of the statement they belong to:

- a span that starts inside its sentence with the word that ties it to what comes before ("which
  may contain over 9 million shells", "earning about $800 a month", "to the Ukrainian front but
  also nearly 20,000 containers", "covering over half of the shortages") lacks the subject and
  verb it depends on: it is read from the start of its sentence;
- a clause opened by "and" or "but" whose own subject follows ("and thousands more are
  expected ...") is a statement without the conjunction;
- a sentence's opening condition or circumstance ("If Pyongyang sends at least 10,000
  military personnel, as estimated by intelligence in Seoul,") is read with the main clause;
- a span that stops on a word that needs what follows ("... voted 5-2 on Wednesday to approve
  a") runs on to the end of its clause, or of its sentence;
- a quote of a few words that is no statement of its own ("a valid question.", "Face the
  Nation.") is read with its sentence.

Spans that are statements already ("North Korea produces about 4 million tonnes of grain") are
left as they are. :func:`whole` gives the span to use; the claim's text is the article's text
at that span, verbatim.
"""

from __future__ import annotations

import re

from newsprism.types import Offsets

__all__ = ["whole", "is_fragment", "is_statement"]

# Words that tie a span to what comes before it in its sentence.
_DEPENDENT_START = re.compile(
    r"^\W*(?:which|who|whom|whose|where|when|that|while|whereas|although|though|because|as|if|"
    r"to|of|in|on|at|for|with|from|by|into|onto|over|under|than|about|against|between|including|"
    r"such as|like|not only|but also|also|plus|as well as|both|either|neither|nor|or|"
    r"[a-z]+ing|[a-z]+ed)\b"
)
_CONJUNCTION = re.compile(r"^(\W*(?:and|but|yet|so|then)\s+)(?:also\s+)?", re.IGNORECASE)
# A word after the conjunction that shows no subject of its own follows ("and said ...").
_VERB_NEXT = re.compile(
    r"^\W*(?:is|are|was|were|be|been|has|have|had|will|would|could|can|may|might|must|should|do|"
    r"does|did|said|says|added|told|[a-z]+ed|[a-z]+ing)\b"
)
# Words that need what follows them.
_DANGLING_END = re.compile(
    r"\b(?:a|an|the|to|of|and|or|but|for|with|in|on|at|by|from|that|which|its|their|his|her|our|"
    r"this|these|those|as|than|about|into|over|some|nearly|almost|more|less|only|also)\W*$",
    re.IGNORECASE,
)
_WORD = re.compile(r"[A-Za-z][\w'’-]*")
# A sentence opened by one of these holds a condition or a circumstance, said only with its main clause.
_SUBORDINATE = re.compile(r"^\W*(?:if|as|when|whenever|while|although|though|because|since|unless|once|after|before)\b",
                          re.IGNORECASE)
# A finite verb, roughly: enough to tell "a valid question." from "it is a valid question".
_FINITE = re.compile(
    r"\b(?:is|are|was|were|be|been|being|am|has|have|had|will|would|could|can|may|might|must|"
    r"shall|should|do|does|did|said|says|say|told|tells|sent|gave|took|made|paid|got|went|came|saw|"
    r"knew|thought|found|left|kept|held|brought|bought|built|lost|won|met|ran|fell|rose|grew|drew|"
    r"wrote|spoke|chose|broke|began|became|struck|sold|spent|put|cut|hit|led|fled|shot|sought|"
    r"fought|caught|taught|threw|flew|drove|stood|meant|felt|heard|dealt|[a-z]{2,}(?:ed|es|ts|ds|ns|ks|ys))\b"
)
STATEMENT_WORDS = 4  # fewer words than this is no statement of its own


def is_statement(words: str) -> bool:
    """Enough words and a verb: it says something of something."""
    return len(_WORD.findall(words)) >= STATEMENT_WORDS and bool(_FINITE.search(words))


def is_fragment(text: str, span: Offsets, sentence: Offsets) -> bool:
    """The span lacks the words of its sentence it depends on (see the module docstring)."""
    return whole(text, span, span, sentence) != span


# What opens a reported statement: a speech verb, "that", a colon or comma ("..., he said: ...").
_OPENS_SPEECH = re.compile(
    r"(?:\bthat|\b(?:said|says|say|told|tells|added|adds|believes?|believed|thinks?|thought|warn|warned|"
    r"warns|argue|argued|argues|claim|claimed|claims|note|noted|notes|stress|stressed|insist|insisted|"
    r"write|wrote|writes|estimated?|estimates|assess|assessed|declared|explained|stated|insists|"
    r"emphasi[sz]ed|emphasi[sz]es|whether|fear|fears|feared|hope|hopes|hoped|predict|predicts|predicted)|"
    r"[,;:—–])\s*$",
    re.IGNORECASE,
)


def whole(text: str, span: Offsets, clause: Offsets, sentence: Offsets, *, quote: bool = False) -> Offsets:
    """The span of the whole statement ``span`` belongs to: ``span`` itself when it is one.
    A ``quote`` is a statement of its own when what comes before it in its sentence opens
    speech ("said", "that", a colon); one that is the object of another verb ("dismissed claims
    that ...", "investigated for '...'") is read with its sentence."""
    start, end = span.start, span.end
    body = text[start:end]
    if start > sentence.start:
        conjunction = _CONJUNCTION.match(body)
        before = text[sentence.start:start].rstrip(" \"“‘'«")
        if conjunction and not _VERB_NEXT.match(body[conjunction.end():]):
            start += conjunction.end()  # "and thousands more are expected ..." has its own subject
        elif quote:
            # a quote that opens its sentence ("“None of ...,” the release states") or follows
            # words that open speech is a statement; one that is another verb's object is not
            start = start if not before or _OPENS_SPEECH.search(before) else sentence.start
        elif conjunction or _DEPENDENT_START.match(body) or not _begins_subject(text, start, clause):
            start = sentence.start
    if end < sentence.end and _DANGLING_END.search(text[start:end]):
        end = clause.end if clause.end > end and not _DANGLING_END.search(text[start:clause.end]) else sentence.end
    if start == sentence.start and end < sentence.end and _SUBORDINATE.match(text[start:end]):
        end = sentence.end  # "If Pyongyang sends 10,000 soldiers," says nothing without "this amounts to ..."
    if start == sentence.start and not re.search(r"\w", text[end:sentence.end]):
        end = sentence.end  # the closing quotation mark and full stop of a sentence read whole
    out = _trim(text, Offsets(start, end))
    if not is_statement(text[out.start:out.end]):
        out = _trim(text, sentence)
    return out


def _begins_subject(text: str, start: int, clause: Offsets) -> bool:
    """A mid-sentence span that starts its clause or a new clause after a comma starts with its
    own subject; one that starts mid-clause ("... soldiers | to the front") does not."""
    if start <= clause.start:
        return True
    before = text[clause.start:start].rstrip()
    return before.endswith((",", ";", ":", "—", "–"))


def _trim(text: str, span: Offsets) -> Offsets:
    start, end = span.start, span.end
    while start < end and text[start] in " \n\t,;:—–-":
        start += 1
    while end > start and text[end - 1] in " \n\t,;:—–-":
        end -= 1
    return Offsets(start, end)
