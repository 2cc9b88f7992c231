"""Small text rules shared by the claims stages (align, judge, brief); not a stage itself.

- ``content_words``: the words of a clause that carry its content, crudely stemmed (names are
  left to the entity comparison);
- ``is_specific_speaker``: a named person, agency or body, as opposed to "analysts",
  "experts in Seoul", "two" or an outlet (an outlet named as a source is an origin);
- ``split_sentences``: sentence offsets for text that came without them.
"""

from __future__ import annotations

import re
from functools import lru_cache

from spacy.lang.en.stop_words import STOP_WORDS

from newsprism.rules import outlets
from newsprism.types import Offsets

_CONTENT = re.compile(r"(?<![\w'’-])[a-z][a-z'’-]{2,}")
_WORD = re.compile(r"[A-Za-z][\w'’-]*")
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"”’')\]]*\s+(?=[\"“‘(\[]?[A-Z0-9-])|\n+")
GENERIC_SPEAKERS = frozenset({
    "expert", "experts", "analyst", "analysts", "official", "officials", "source", "sources",
    "observer", "observers", "people", "critic", "critics", "resident", "residents", "witness",
    "witnesses", "report", "reports", "media", "someone", "many", "some", "others", "they",
    "he", "she", "it", "we", "i", "diplomat", "diplomats", "insider", "insiders",
    "information", "data", "estimates", "figures", "one", "two", "three", "both", "all",
})


@lru_cache(maxsize=65536)
def content_words(text: str) -> frozenset[str]:
    """Lower-case content words, stop words out, crudely stemmed ("sanctions" ~ "sanctioned")."""
    out = set()
    for word in _CONTENT.findall(text):
        if word in STOP_WORDS:
            continue
        for suffix in ("ings", "ing", "ies", "ed", "es", "s", "ly"):
            if word.endswith(suffix) and len(word) - len(suffix) >= 3:
                word = word[: -len(suffix)]
                break
        out.add(word[:6])
    return frozenset(out)


def overlap(a: str, b: str) -> float:
    """Jaccard share of content words (0 when either has none)."""
    wa, wb = content_words(a), content_words(b)
    if not wa or not wb:
        return 0.0
    return len(wa & wb) / len(wa | wb)


def is_specific_speaker(name: str | None) -> bool:
    """A named person, agency or body: it has a capitalised word, does not open with a generic
    head ("experts in Seoul") and is not a news outlet."""
    if not name or not any(ch.isupper() for ch in name):
        return False
    words = [w.lower() for w in _WORD.findall(name)]
    words = [w for w in words if w not in {"the", "a", "an", "other", "many", "several"}]
    if not words or words[0] in GENERIC_SPEAKERS:
        return False
    if outlets.lookup(name) is not None:
        return False
    return True


def speaker_key(name: str | None) -> str:
    return " ".join(w.lower() for w in _WORD.findall(name or ""))


def split_sentences(text: str) -> list[Offsets]:
    """Sentence offsets by punctuation and line breaks (normalise's are preferred when given)."""
    out: list[Offsets] = []
    start = 0
    for match in _SENTENCE_END.finditer(text):
        out.append(Offsets(start, match.start()))
        start = match.end()
    out.append(Offsets(start, len(text)))
    trimmed = []
    for span in out:
        s, e = span.start, span.end
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if e > s:
            trimmed.append(Offsets(s, e))
    return trimmed


# ------------------------------------------------------------------ what a figure stands for
# Two different numbers are only a conflict when they are two values for one measure. These
# rules read the words right around a figure to tell when it is something else: one of several
# values listed together, a forecast rather than an outcome, a part or a total of something,
# a threshold, an earlier value it is compared with, a peak, or the rest of a set ("other").

_NUMBER = r"(?:[$€£]\s?)?\d[\d,.]*(?:\s?(?:%|percent|million|billion|thousand))?"
_LIST_AFTER = re.compile(rf"^\s*(?:,|,?\s*and|,?\s*or|&)\s+{_NUMBER}\b", re.IGNORECASE)
_LIST_BEFORE = re.compile(rf"\b{_NUMBER}\s*(?:,|,?\s*and|,?\s*or|&)\s*$", re.IGNORECASE)
# Someone's forecast of a measure (as opposed to a plan: "10,000 are expected to arrive").
_FORECASTERS = (r"economists?|analysts?|forecasters?|markets?|investors?|polls?|pollsters?|"
                r"surveys?|consensus|wall street|traders?")
_FORECAST = re.compile(
    rf"\b(?:{_FORECASTERS})\b[^.;]{{0,60}}?\b(?:expect\w*|forecast\w*|predict\w*|project\w*|"
    r"anticipat\w*|estimat\w*|look(?:ing|ed) for|call(?:ed|ing) for)\b"
    r"|\b(?:had|have|has)\s+(?:been\s+)?(?:expected|expecting|forecast|forecasted|predicted|"
    r"projected|anticipated|looking for)\b"
    r"|\b(?:expectations?|forecasts?|projections?|predictions?|consensus estimates?)\s+(?:of|for|that|was|were|had)\b"
    r"|\b(?:forecast(?:ed)?|projected|predicted)\s+(?:to|that|an?|the|\d|[$€£])"
    r"|\bestimated\s+to\s+(?!have\b)",
    re.IGNORECASE,
)
_WHOLE_BEFORE = re.compile(rf"\b{_NUMBER}\s+(?:[a-z-]+\s+){{0,2}}(?:of|out of)\s+(?:the\s+|its\s+|their\s+|all\s+)?$",
                           re.IGNORECASE)
_WHOLE_AFTER = re.compile(r"^[\s-]*(?:seats?|members?)\s+(?:chamber|house|parliament|assembly|"
                          r"legislature|senate|body)\b", re.IGNORECASE)
_SUBSET_BEFORE = re.compile(r"\b(?:including|includes|included|among them|among whom|of whom|of which|"
                            r"among those|among the)\s+(?:\w+\s+){0,2}$", re.IGNORECASE)
_THRESHOLD = re.compile(r"\b(?:majority|needed|required|threshold|minimum|at stake|up for grabs)\b",
                        re.IGNORECASE)
_BASELINE_BEFORE = re.compile(r"\b(?:from|compared (?:with|to)|versus|vs\.?|previously|before)\s+"
                              r"(?:a\s+|the\s+|an?\s+\w+\s+of\s+)?(?:\w+\s+)?$", re.IGNORECASE)
_PEAK_BEFORE = re.compile(r"\b(?:peak(?:ed)?|record|high|low|highest|lowest|maximum|minimum|top)\s+"
                          r"(?:\w+\s+)?(?:of\s+|at\s+)?(?:\w+\s+)?$", re.IGNORECASE)
_OTHER = re.compile(r"^\s*(?:other|more of|rest|remaining others?)\b", re.IGNORECASE)
_NON_VALUE = re.compile(r"\b\d{1,2}/\d{1,2}\b(?!\s*(?:%|percent))")


def figure_window(context: str, figure: str | None, *, chars: int = 60) -> tuple[str, str]:
    """The words right before and right after a figure in its clause ("" when not found)."""
    if not figure:
        return "", ""
    at = context.find(figure)
    if at < 0:
        return "", ""
    return context[max(0, at - chars):at], context[at + len(figure):at + len(figure) + chars]


def in_list(context: str, figure: str | None) -> bool:
    """One of several figures listed together ("ages 13 and 15", "5, 7 and 9 percent"): each is
    a value of its own, never an alternative to the others."""
    before, after = figure_window(context, figure)
    if re.search(r"\bbetween\s+\S*\s*$", before, re.IGNORECASE):
        return False  # "between 5 and 7" is one range
    return bool(_LIST_AFTER.match(after) or _LIST_BEFORE.search(before))


def is_forecast(text: str) -> bool:
    """Someone's forecast or expectation of a measure ("economists expected 190,000 jobs",
    "expectations for a rise of 2%"), not the outcome; "better than expected" is an outcome."""
    cleaned = re.sub(r"\b(?:better|worse|more|less|higher|lower|stronger|weaker|bigger|smaller)"
                     r"[\s-]+than[\s-]+(?:expected|forecast|predicted|anticipated)", " ", text, flags=re.IGNORECASE)
    return bool(_FORECAST.search(cleaned))


def figure_scope(context: str, figure: str | None) -> str | None:
    """What the figure stands for when it is not a plain value of a measure: ``whole`` (the total
    a part is taken from: "157 of the 338 seats"), ``subset`` ("including 12 children"),
    ``threshold`` ("170 seats needed for a majority"), ``baseline`` (the earlier value it is
    compared with: "up from 2.1%"), ``peak`` ("a peak of 7 million"), ``other`` ("7,000 other
    troops"), ``non-value`` ("9/11"); None for a plain value."""
    if figure and _NON_VALUE.search(figure):
        return "non-value"
    before, after = figure_window(context, figure)
    if not figure or (not before and not after and figure not in context):
        return None
    if _WHOLE_BEFORE.search(before) or _WHOLE_AFTER.match(after):
        return "whole"
    if _SUBSET_BEFORE.search(before):
        return "subset"
    if _THRESHOLD.search(_words_around(before, after, 4)):
        return "threshold"
    if _BASELINE_BEFORE.search(before) and re.search(r"\d", context.replace(figure, " ", 1)):
        return "baseline"
    if _PEAK_BEFORE.search(before):
        return "peak"
    if _OTHER.match(after) or re.search(r"\bother\b", figure, re.IGNORECASE):
        return "other"
    return None


def _words_around(before: str, after: str, n: int) -> str:
    return " ".join(before.split()[-n:] + after.split()[:n])


def cue_near(context: str, figure: str | None, cue: str | None, *, words: int = 3) -> bool:
    """Is the modality cue within ``words`` words of the figure? Tense far from a figure belongs
    to another verb ("will hail the US passing 200 million doses")."""
    if not cue or not figure:
        return False
    at = context.lower().find(figure.lower())
    if at < 0:
        return False
    low = context.lower()
    end = at + len(figure)
    for match in re.finditer(re.escape(cue.lower()), low):
        if match.end() <= at:
            gap = low[match.end():at]
        elif match.start() >= end:
            gap = low[end:match.start()]
        else:
            return True
        if len(_WORD.findall(gap)) <= words:
            return True
    return False


# A statement with one of these words already says "no" in other words ("refused to commit",
# "prohibits"): the other report's "did not commit" agrees with it.
NEGATIVE_WORDS = re.compile(
    r"\b(?:refus\w*|prohibit\w*|ban(?:s|ned|ning)?|barr?(?:ed|ing)?|reject\w*|den(?:y|ies|ied)|declin\w*|"
    r"fail\w*|halt\w*|stop\w*|block\w*|without|lack\w*|cease\w*|end(?:s|ed|ing)?|quit\w*|"
    r"withdr[ae]w\w*|cancel\w*|suspend\w*|drop(?:s|ped)?|against|no longer)\b",
    re.IGNORECASE,
)


# What happened to the people a count is about: "shot three people, killing two" counts two
# different things although both are "people".
_OUTCOMES = {
    "killed": "dead", "killing": "dead", "dead": "dead", "died": "dead", "deaths": "dead",
    "death": "dead", "kills": "dead", "murdered": "dead", "fatalities": "dead", "lives": "dead",
    "shot": "hurt", "shooting": "hurt", "injured": "hurt", "injuring": "hurt", "wounded": "hurt",
    "wounding": "hurt", "hurt": "hurt", "hospitalized": "hurt", "hospitalised": "hurt",
    "arrested": "held", "detained": "held", "arresting": "held", "charged": "held",
    "wound": "hurt", "wounds": "hurt", "remains": "dead", "bodies": "dead",
    "missing": "missing", "unaccounted": "missing", "rescued": "saved", "evacuated": "saved", "displaced": "displaced",
}


def outcome_of(context: str, figure: str | None, *, words: int = 2) -> str | None:
    """The outcome word next to a count of people (within ``words`` words either side, the
    nearest one), or None."""
    before, after = figure_window(context, figure, chars=40)
    inside = [w.lower() for w in _WORD.findall(figure or "")]
    near = [(i, w.lower()) for i, w in enumerate(reversed(_WORD.findall(before)[-words:]))]
    near += [(i, w.lower()) for i, w in enumerate(_WORD.findall(after)[:words])]
    for word in inside:
        if word in _OUTCOMES:
            return _OUTCOMES[word]
    for _, word in sorted(near):
        if word in _OUTCOMES:
            return _OUTCOMES[word]
    return None


_NOT_QUALIFIER = frozenset({
    "of", "the", "a", "an", "more", "additional", "extra", "further", "other", "million", "billion",
    "thousand", "thousands", "hundred", "hundreds", "dozen", "dozens", "percent", "per", "some",
    "about", "around", "nearly", "almost", "over", "under", "least", "most", "at", "up", "to",
    "roughly", "approximately", "some", "than", "less", "fewer", "just", "only", "and", "or",
    "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
    "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen",
    "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety", "half", "quarter",
    "several", "few", "many", "couple",
})


def qualifiers(figure: str | None, what: str | None) -> frozenset[str]:
    """Lower-case words that narrow what is counted ("three key swing states" -> key, swing);
    names ("U.S. troops") are left to the entity comparison."""
    what_words = _WORD.findall(what or "")
    head = {what_words[-1].lower()} if what_words else set()
    head |= {w[:-1] for w in head if w.endswith("s")}
    words = [w for w in _WORD.findall(f"{figure or ''} {what or ''}") if w.islower()]
    return frozenset(w for w in words if w not in _NOT_QUALIFIER and w not in head
                     and w.rstrip("s") not in head and not w.isdigit())


_VAGUE = re.compile(r"^\W*(?:a\s+few\s+|several\s+|many\s+)?(?:dozens|hundreds|thousands|millions|billions|"
                    r"scores|tens of thousands|hundreds of thousands)\b", re.IGNORECASE)


def is_vague(figure: str | None) -> bool:
    """"dozens", "hundreds of people", "millions of families": an order of magnitude, not a
    count another report's count can contradict."""
    return bool(figure and _VAGUE.match(figure))


_TITLE = re.compile(r"\b(?:president|minister|premier|spokes(?:man|woman|person)|secretary|chancellor|"
                    r"king|queen|leader|governor|mayor|chief|head|ambassador|envoy)\b")
_PRONOUNS = frozenset({"he", "she", "they", "it", "we", "his", "her", "their"})


def same_speaker_maybe(a_name: str | None, a_text: str | None, b_name: str | None, b_text: str | None) -> bool:
    """Could two attributions name one speaker? A pronoun, a dateline in capitals, a shared name
    word ("Ocasio-Cortez" / "Alexandria Ocasio-Cortez", "Clinton" / "Clinton Foundation") or an
    acronym of the other ("CDC") leave it open."""
    for text in (a_text or a_name, b_text or b_name):
        words = _WORD.findall(text or "")
        if not words or (len(words) == 1 and (words[0].lower() in _PRONOUNS or words[0].isupper() and len(words[0]) > 4)):
            return True
        if any(w.lower() in _PRONOUNS for w in words[:1]) and len(words) <= 2:
            return True
    for text in (a_text, b_text):
        if text and _TITLE.search(text) and not re.search(r"\b[A-Z][a-z]+\s+[A-Z][a-z]+", text):
            return True  # "Turkey's president": a title, whose holder the other may name
    names_a = {w.lower() for w in _WORD.findall(f"{a_name or ''} {a_text or ''}") if w[:1].isupper()}
    names_b = {w.lower() for w in _WORD.findall(f"{b_name or ''} {b_text or ''}") if w[:1].isupper()}
    names_a -= {"the", "a", "an", "u.s", "us", "former", "president", "minister", "senator", "new"}
    names_b -= {"the", "a", "an", "u.s", "us", "former", "president", "minister", "senator", "new"}
    if names_a & names_b:
        return True
    return _acronym_of(names_a, b_name, b_text) or _acronym_of(names_b, a_name, a_text)


def _acronym_of(words: set[str], name: str | None, text: str | None) -> bool:
    letters = "".join(w[0] for w in _WORD.findall(f"{name or ''} {text or ''}") if w[:1].isupper())
    return any(len(w) >= 2 and w.upper() in (letters.upper(), ) or (len(w) >= 3 and w.upper() in letters.upper())
               for w in words if w.isalpha() and len(w) <= 5)


# British spellings news agencies and outlets differ on, as the American ones, so that the claim
# judge reads "defence agreement" and "defense pact" alike. Whole words only.
_SPELLING = {
    "defence": "defense", "offence": "offense", "licence": "license", "pretence": "pretense",
    "centre": "center", "centres": "centers", "centred": "centered", "theatre": "theater",
    "metre": "meter", "metres": "meters", "kilometre": "kilometer", "kilometres": "kilometers",
    "litre": "liter", "litres": "liters", "tonne": "ton", "tonnes": "tons", "programme": "program",
    "programmes": "programs", "labour": "labor", "favour": "favor", "favourable": "favorable",
    "honour": "honor", "behaviour": "behavior", "neighbour": "neighbor", "neighbouring": "neighboring",
    "colour": "color", "rumour": "rumor", "rumours": "rumors", "armour": "armor", "harbour": "harbor",
    "endeavour": "endeavor", "vigour": "vigor", "catalogue": "catalog", "dialogue": "dialog",
    "analyse": "analyze", "analysed": "analyzed", "paralyse": "paralyze", "travelled": "traveled",
    "travelling": "traveling", "cancelled": "canceled", "cancelling": "canceling", "labelled": "labeled",
    "modelling": "modeling", "counselling": "counseling", "jewellery": "jewelry", "sceptical": "skeptical",
    "ageing": "aging", "judgement": "judgment", "enrolment": "enrollment", "fulfil": "fulfill",
    "grey": "gray", "tyre": "tire", "tyres": "tires", "plough": "plow", "aluminium": "aluminum",
    "manoeuvre": "maneuver", "manoeuvres": "maneuvers", "paediatric": "pediatric", "oestrogen": "estrogen",
}
_ISE = re.compile(r"\b([a-z]{3,})is(e|es|ed|ing|ation|ations)\b")
_ISE_WORDS = frozenset({
    "organ", "recogn", "real", "critic", "apolog", "author", "character", "emphas", "legal",
    "maxim", "minim", "mobil", "modern", "normal", "prior", "special", "stabil", "summar",
    "util", "visual", "central", "civil", "fertil", "final", "global", "harmon", "hospital",
    "industrial", "ital", "jeopard", "local", "memor", "militar", "national", "neutral",
    "optim", "polar", "popular", "privat", "publi", "radical", "rational", "sanit", "scrutin",
    "subsid", "sympath", "terror", "urban", "weapon", "capital", "categor", "colon", "democrat",
})


def us_spelling(text: str) -> str:
    """``text`` with common British spellings in their American form ("defence" -> "defense",
    "organised" -> "organized"), keeping the case of a first capital."""
    def word(match: re.Match) -> str:
        found = match.group(0)
        lower = found.lower()
        swapped = _SPELLING.get(lower)
        if swapped is None:
            ise = _ISE.fullmatch(lower)
            if ise is None or ise.group(1) not in _ISE_WORDS:
                return found
            swapped = f"{ise.group(1)}iz{ise.group(2)}"
        return swapped.capitalize() if found[:1].isupper() else swapped
    return re.sub(r"[A-Za-z]+", word, text)


# Set phrases of weighing costs against benefits, read by the judge in one wording: reporters
# render an assessment as "might lose more than it gains", "would do more harm than good" or
# "the costs outweigh the benefits", and a small model does not see that these say one thing.
_WEIGHING = (
    (re.compile(r"\blos(?:e|es|ing) more than (?:it|they|he|she|we|you|one) (?:gains?|wins?)\b", re.I),
     "have costs that outweigh the benefits"),
    (re.compile(r"\blost more than (?:it|they|he|she|we|you|one) (?:gained|won)\b", re.I),
     "had costs that outweighed the benefits"),
    (re.compile(r"\b(do|does|did|doing|done) more harm than good\b", re.I),
     "have costs that outweigh the benefits"),
    (re.compile(r"\bthe (?:downsides|drawbacks|risks|disadvantages) (outweigh|outweighed) the "
                r"(?:upsides|benefits|advantages|gains|rewards)\b", re.I),
     r"the costs \1 the benefits"),
    (re.compile(r"\bthe (?:upsides|benefits|advantages|gains|rewards) (?:outweigh|outweighed) the "
                r"(?:downsides|drawbacks|risks|disadvantages|costs)\b", re.I),
     "the benefits outweigh the costs"),
)


def plain_weighing(text: str) -> str:
    """``text`` with set phrases of costs against benefits in one wording ("might lose more than
    it gains" -> "might have costs that outweigh the benefits")."""
    for pattern, wording in _WEIGHING:
        text = pattern.sub(wording, text)
    return text
