"""Entity mentions from spaCy's NER, typed for canonicalisation.

A country's name, capital or adjective becomes the government (type ``GOV``, key ``gov:ISO3``)
when the sentence uses it as an actor ("Pyongyang sends", "Russian aid", "information from
Seoul") and a place otherwise ("working in Russia", "experts in Seoul", "the Ukrainian front").
A capital used as a place is the city; a country used as a place is ``GPE`` with key
``country:ISO3``. Organisations that the shared outlet table (``newsprism.rules.outlets``) knows, or
that the words around them call a newspaper, are ``OUTLET``s. "Long Name (ACR)" introduces an
acronym, and later bare uses of it become mentions even where the NER missed them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from newsprism.extract import canonical, gazetteer, lemmas

# The labels of the French model (WikiNER: PER, LOC, ORG, MISC) read as ours. LOC goes through the
# gazetteer like English GPE (countries and capitals become GPE or GOV); MISC (events, works,
# nationalities, and many fragments in the small model) is kept only where the gazetteer knows
# it, since no English type lines up with it and the small model's MISC is mostly noise.
_WIKINER = {"PER": "PERSON", "LOC": "LOC", "ORG": "ORG", "MISC": "MISC"}
_SKIP_LABELS = {"DATE", "TIME", "PERCENT", "MONEY", "QUANTITY", "ORDINAL", "CARDINAL", "LANGUAGE"}
_PLACE_PREPS = {"in", "inside", "within", "across", "throughout", "near", "at", "around", "outside",
                "into", "through", "of"}
_GOV_NOUNS = {"government", "authorities", "authority", "regime", "officials", "leadership",
              "administration", "leader", "leaders", "state", "side", "forces", "military", "army",
              "troops", "aid", "assistance", "support", "help", "intelligence", "ministry", "embassy",
              "diplomats", "president", "payments", "deliveries", "decision", "intention", "officials"}
# French prepositions of place, and nouns of a government ("le gouvernement en Russie" is rare;
# "l'ambassadeur en Russie" is the envoy to the state).
_PLACE_PREPS_UD = {"en", "dans", "au", "aux", "sur", "près", "hors"}
_GOV_NOUNS_FR = {"gouvernement", "autorité", "régime", "dirigeant", "président", "ministère",
                 "ambassade", "ambassadeur", "armée", "troupe", "force", "aide", "soutien",
                 "renseignement", "diplomate", "état"}
_PLACE_NOUNS = {"front", "border", "territory", "peninsula", "soil", "city", "capital", "region",
                "coast", "waters", "airspace", "land", "countryside", "province", "frontline"}
_OUTLET_CUE = re.compile(r"\b(?:daily|newspaper|paper|news agency|agency|outlet|broadcaster|"
                         r"magazine|tabloid|weekly|site|channel|portal|publication)\s*[\"“”']?\s*$", re.I)
_ACRONYM_DEF = re.compile(r"\(\s*(?P<acr>[A-Z][A-Za-z&.]{1,9})\s*\)")


@dataclass
class RawMention:
    """A mention before merging: span, type, lookup key and an optional forced link."""

    start: int
    end: int
    text: str
    type: str
    key: str
    link: "RawMention | None" = None  # a mention known to be the same entity


def find(doc: Any, text: str, ner_doc: Any = None) -> list[RawMention]:
    """Typed mentions in document order (spans index ``text``, which is ``doc.text`` up to
    blanked sentences). ``ner_doc``, a Doc of the same length from the entity recogniser alone
    over other sentences, adds the names found there (typed without a parse)."""
    mentions: list[RawMention] = []
    ents = list(doc.ents) + (list(ner_doc.ents) if ner_doc is not None else [])
    for ent in ents:
        if ent.label_ in _SKIP_LABELS:
            continue
        span = _trim(ent)
        if span is None:
            continue
        if ent.label_ in {"PER", "MISC"}:
            mention = _typed_wikiner(span, ent.label_, text)
        else:
            mention = _typed(span, ent.label_, text)
        if mention is not None:
            mentions.append(mention)
    _add_acronyms(doc, text, mentions)
    mentions.sort(key=lambda m: m.start)
    return mentions


def _trim(ent: Any) -> Any:
    start, end = ent.start, ent.end
    doc = ent.doc
    while start < end and (doc[start].lower_ in {"the", "a", "an"} or doc[start].is_punct):
        start += 1
    while end > start and (doc[end - 1].lower_ in {"'s", "’s", "'"} or doc[end - 1].is_punct):
        end -= 1
    if start >= end:
        return None
    return doc[start:end]


def _typed_wikiner(span: Any, label: str, text: str) -> RawMention | None:
    """A French PER or MISC name: a person unless the outlet table knows the name ("Korea
    Herald" read as a person); MISC only when it names a country or capital."""
    surface = text[span.start_char:span.end_char]
    if label == "MISC":
        return _typed(span, "LOC", text) if gazetteer.load().lookup(surface) is not None else None
    from newsprism.rules import outlets

    if outlets.lookup(surface) is not None:
        return _typed(span, "ORG", text)
    return _typed(span, _WIKINER[label], text)


def _typed(span: Any, label: str, text: str) -> RawMention | None:
    surface = text[span.start_char:span.end_char]
    surface_clean = re.sub(r"['’]s$", "", surface)
    end_char = span.start_char + len(surface_clean)
    place = gazetteer.load().lookup(surface_clean)
    if place is not None and label in {"GPE", "NORP", "LOC", "ORG", "PERSON", "FAC"}:
        iso3, kind = place
        if _is_actor(span, kind):
            return RawMention(span.start_char, end_char, surface_clean, "GOV", f"gov:{iso3}")
        if kind == "seat":
            return RawMention(span.start_char, end_char, surface_clean, "GPE", f"place:{canonical.norm(surface_clean)}")
        return RawMention(span.start_char, end_char, surface_clean, "GPE", f"country:{iso3}")
    if label in {"NORP"}:
        return RawMention(span.start_char, end_char, surface_clean, "NORP", f"norp:{canonical.norm(surface_clean)}")
    if label == "PERSON" and is_outlet_name(surface_clean):
        label = "ORG"  # "Politico", "Axios": one word the outlet table knows is no person
    elif label in {"ORG", "NORP"} and looks_like_person(text, span.start_char, span.start_char + len(surface_clean)):
        label = "PERSON"  # "President Donald Trump", "Agnes Callamard, special rapporteur on ..."
    if label == "ORG" or (label in {"WORK_OF_ART", "PRODUCT"} and _outlet(surface_clean, text, span.start_char)):
        outlet = _outlet(surface_clean, text, span.start_char)
        if outlet is not None:
            return RawMention(span.start_char, end_char, surface_clean, "OUTLET", f"outlet:{outlet}")
        return RawMention(span.start_char, end_char, surface_clean, "ORG", f"org:{canonical.norm(surface_clean)}")
    kind = {"GPE": "GPE", "LOC": "LOC", "PERSON": "PERSON", "FAC": "FAC", "EVENT": "EVENT",
            "LAW": "LAW", "PRODUCT": "PRODUCT", "WORK_OF_ART": "WORK_OF_ART"}.get(label, label)
    return RawMention(span.start_char, end_char, surface_clean, kind, f"{kind.lower()}:{canonical.norm(surface_clean)}")


_PERSON_TITLE = re.compile(
    r"\b(?:President|Vice President|Mr|Mrs|Ms|Dr|Gen|Sen|Rep|Gov|Lt|Col|Sgt|Capt|Congressman|"
    r"Congresswoman|Senator|Governor|Ambassador|Prime Minister|Minister|Secretary|Judge|Justice|"
    r"Expert|Professor|Prof|Chancellor|Mayor|Pope|King|Queen|Prince|Princess)\.?\s+$"
)
_PERSON_ROLE = re.compile(
    r"^['’]?s?,\s+(?:the\s+|a\s+|an\s+|his\s+|her\s+)?(?:former\s+|deputy\s+|chief\s+|senior\s+|"
    r"special\s+|acting\s+|then-)*(?:rapporteur|spokes(?:man|woman|person)|minister|secretary|"
    r"director|president|chairman|chairwoman|ambassador|adviser|advisor|senator|governor|mayor|"
    r"professor|analyst|lawyer|attorney|judge|official|economist|researcher|founder|CEO)\b",
    re.IGNORECASE,
)
_NAME_WORDS = re.compile(r"^[A-Z][a-z'’-]+(?:\s+[A-Z][a-z'’.-]+){1,3}$")


def looks_like_person(text: str, start: int, end: int) -> bool:
    """A name of two to four capitalised words that the text itself calls a person: a title
    before it ("President Donald Trump") or a role after it ("Agnes Callamard, special
    rapporteur on ..."). Organisations with such words ("Trump Organization") do not match:
    the name must be personal-name shaped and the cue right beside it."""
    name = text[start:end]
    if not _NAME_WORDS.match(name):
        return False
    return bool(_PERSON_TITLE.search(text[max(0, start - 30):start]) or _PERSON_ROLE.match(text[end:end + 80]))


def is_outlet_name(name: str) -> bool:
    """A one-word name that the outlet table knows exactly ("Politico", "Axios", "Reuters")."""
    if len(name.split()) != 1:
        return False
    from newsprism.rules import outlets

    return outlets.lookup(name) is not None


def _outlet(name: str, text: str, start: int) -> str | None:
    try:
        from newsprism.rules import outlets
    except ImportError:  # the shared outlet table is optional for this module
        return None
    cue = bool(_OUTLET_CUE.search(text[max(0, start - 40):start]))
    try:
        return outlets.canonical_outlet(name, cue=cue)
    except Exception:  # noqa: BLE001 - an outlet-table problem must not lose the mention
        return None


def _is_actor(span: Any, kind: str) -> bool:
    """Is this country name, capital or adjective used for the state acting (not a place)?"""
    root = span.root
    if not span.doc.has_annotation("DEP"):
        return _is_actor_unparsed(span, kind)
    head = root.head
    case = next((c for c in root.children if c.dep_ == "case" and c.pos_ == "ADP"), None)
    if case is not None and root.dep_.split(":")[0] in {"obl", "nmod"}:
        # a UD parse (French): the preposition hangs on the name; English parses have no ADP case
        if case.lower_ in _PLACE_PREPS_UD:
            return lemmas.lemma(head).lower() in _GOV_NOUNS_FR and root.dep_.startswith("nmod")
        return True  # "à la Corée du Nord", "par Moscou", "avec Pyongyang"
    if kind == "demonym":
        noun = head if root.dep_ in {"amod", "compound", "nmod"} else root
        return lemmas.lemma(noun).lower() not in _PLACE_NOUNS
    if root.dep_ == "pobj":
        if head.lower_ in _PLACE_PREPS:
            return lemmas.lemma(head.head).lower() in _GOV_NOUNS and head.lower_ in {"in", "of"}
        return True  # "from Seoul", "to North Korea", "with Pyongyang", "by Moscow"
    if root.dep_ in {"compound", "amod", "nmod"}:
        return lemmas.lemma(head).lower() in _GOV_NOUNS or kind == "name"
    if kind == "seat":
        return root.dep_ in {"nsubj", "nsubjpass", "poss", "dobj", "iobj", "dative", "appos",
                             "conj", "agent", "attr", "obj", "obl:arg", "nsubj:pass"}  # and UD's
    return True


def _is_actor_unparsed(span: Any, kind: str) -> bool:
    """The same question from the neighbouring words alone, for names in unparsed sentences:
    "in Russia" is a place unless it follows a government noun ("officials in Seoul")."""
    doc = span.doc
    at = span.start - 1
    if at >= 0 and doc[at].lower_ == "the":  # "in the U.S."
        at -= 1
    before = doc[at].lower_ if at >= 0 else ""
    after = doc[span.end].lower_ if span.end < len(doc) else ""
    if kind == "demonym":
        return after not in _PLACE_NOUNS
    if before in _PLACE_PREPS:
        governing = doc[at - 1].lower_ if at > 0 else ""
        return before in {"in", "of"} and governing in _GOV_NOUNS
    return kind != "seat"


def _add_acronyms(doc: Any, text: str, mentions: list[RawMention]) -> None:
    """"Long Name (ACR)": link ACR to the long name; add bare later uses the NER missed."""
    defined: dict[str, RawMention] = {}
    for match in _ACRONYM_DEF.finditer(text):
        acr = match.group("acr")
        if not canonical.is_acronym(acr):
            continue
        owner = next((i for i, m in enumerate(mentions)
                      if m.end <= match.start() and text[m.end:match.start()].strip() == ""
                      and canonical.acronym_of(acr, m.text)), None)
        if owner is None:
            continue
        long_name = mentions[owner]
        defined[acr] = long_name
        inside = next((m for m in mentions if m.start == match.start("acr")), None)
        if inside is None:
            mentions.append(RawMention(match.start("acr"), match.end("acr"), acr, long_name.type,
                                       f"{long_name.type.lower()}:{canonical.norm(acr)}", link=long_name))
        else:
            inside.link = long_name
            inside.type = long_name.type
            inside.key = f"{long_name.type.lower()}:{canonical.norm(acr)}"
    if not defined:
        return
    covered = [(m.start, m.end) for m in mentions]
    pattern = re.compile(r"\b(" + "|".join(re.escape(a) for a in defined) + r")\b")
    for match in pattern.finditer(text):
        if any(s <= match.start() < e for s, e in covered):
            continue
        long_name = defined[match.group(1)]
        mentions.append(RawMention(match.start(), match.end(), match.group(1), long_name.type,
                                   f"{long_name.type.lower()}:{canonical.norm(match.group(1))}",
                                   link=long_name))
