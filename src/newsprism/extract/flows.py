"""Who gives what to whom, from the dependency parse.

- "A provides/sends/delivers/pays/supplies X to B", "A provides B with X", "A is ready to provide
  B with X" (the subject is found through "set to", "ready to", "expected to");
- "B receives/obtains/buys X from A";
- "A helps/assists B with X";
- nominal forms: "A's assistance to B", "Russian aid to B", and "... includes X, Y and Z", which
  gives one flow per item listed.
Each end is the canonical entity the phrase names (or the phrase itself for an unnamed place such
as "the Ukrainian front"); a quantity inside the item is attached.
"""

from __future__ import annotations

from typing import Any, Sequence

from newsprism.extract import lemmas
from newsprism.extract.index import EntityIndex
from newsprism.extract.tokens import is_root, same, where
from newsprism.types import Flow, Quantity

GIVE = {"provide", "send", "deliver", "pay", "supply", "give", "transfer", "ship", "export", "sell",
         "donate", "grant", "lend", "offer", "hand", "dispatch", "deploy", "allocate", "funnel"}
GET = {"receive", "obtain", "get", "buy", "import", "acquire", "purchase"}
HELP = {"help", "assist", "aid", "support"}
NOUNS = {"assistance", "aid", "support", "help", "supply", "supplies", "delivery", "deliveries",
          "payment", "payments", "shipment", "shipments", "export", "exports", "transfer", "transfers"}
_GIVE_OR_HELP = GIVE | HELP
_ACTORS = ("GOV", "ORG", "PERSON", "OUTLET", "NORP", "GPE")


def find(doc: Any, text: str, index: EntityIndex, quantities: Sequence[Quantity]) -> list[Flow]:
    """Every flow stated in the article."""
    if not doc.has_annotation("DEP"):
        return []
    out: list[Flow] = []
    for i in where(doc, "POS", ("VERB", "NOUN")):
        token = doc[i]
        pos = token.pos_
        if pos == "VERB":  # the POS first: a lemma is computed on demand (``lemmas``)
            lemma = lemmas.lemma(token).lower()
            if lemma in _GIVE_OR_HELP:
                out.extend(_give(token, text, index, quantities, helping=lemma in HELP))
            elif lemma in GET:
                out.extend(_get(token, text, index, quantities))
        elif pos == "NOUN" and token.lower_ in NOUNS:
            out.extend(_nominal(token, text, index, quantities))
    return out


def _agent(verb: Any) -> Any:
    """The subject, climbing through "is set to", "ready to", "expected to" and conjunctions."""
    for level in range(4):
        for child in verb.children:
            if child.dep_ == "nsubj" and child.lower_ not in {"who", "which", "that", "it"}:
                return child
            if child.dep_ == "nsubjpass" and level > 0:
                return child  # "Russia is set to provide": the subject of "set" gives
        if verb.dep_ in {"xcomp", "acomp", "conj", "advcl", "ccomp"} and not is_root(verb):
            verb = verb.head
            continue
        if verb.dep_ == "relcl":
            return verb.head
        break
    return None


def _name(token: Any, index: EntityIndex, *, phrase_ok: bool) -> str | None:
    if token is None:
        return None
    words = list(token.subtree)
    start, end = words[0].idx, words[-1].idx + len(words[-1].text)
    entity = index.entity_in(start, end, head=token.idx, types=_ACTORS)
    if entity is None:
        for child in token.children:
            if child.dep_ in {"compound", "amod", "poss", "nmod"}:
                entity = index.entity_in(start, end, head=child.idx, types=_ACTORS)
                if entity is not None and entity.type == "GOV":
                    break
                entity = None
    if entity is not None:
        return entity.name
    if not phrase_ok:
        return None
    left = [t for t in token.lefts if t.dep_ in {"amod", "compound"}]
    first = left[0].i if left else token.i
    return token.doc[first:token.i + 1].text


def _items(obj: Any) -> list[Any]:
    """An object and its conjuncts ("soldiers ... but also containers")."""
    items = [obj]
    for token in obj.subtree:
        if token.dep_ == "conj" and token.head in items and token.pos_ in {"NOUN", "PROPN", "NUM"}:
            items.append(token)
    return items


def _flow(source: str, target: str, item: Any, text: str, anchor: Any,
          quantities: Sequence[Quantity]) -> Flow:
    words = [t for t in item.subtree if not (t.dep_ == "conj" and t.i != item.i) and t.dep_ != "cc"]
    own = [t for t in words if not any(t in c.subtree for c in item.children if c.dep_ in {"conj", "cc"})]
    words = own or [item]
    i_start, i_end = words[0].idx, words[-1].idx + len(words[-1].text)
    quantity = next((q.quantity for q in quantities if i_start <= q.start < i_end), None)
    what = (quantity.what if quantity is not None and quantity.what else None) or _what_text(words)
    start = min(anchor.idx, i_start)
    end = max(i_end, anchor.idx + len(anchor.text))
    return Flow(source=source, target=target, what=what, start=start, end=end,
                text=text[start:end], quantity=quantity)


def _what_text(words: list[Any]) -> str:
    while words and words[0].dep_ in {"det", "cc", "preconj", "advmod"}:
        words = words[1:]
    while words and words[-1].is_punct:
        words = words[:-1]
    kept = words[:8]
    return " ".join(t.text for t in kept).replace(" - ", "-").strip()


def _give(verb: Any, text: str, index: EntityIndex, quantities: Sequence[Quantity], *,
          helping: bool) -> list[Flow]:
    source = _name(_agent(verb), index, phrase_ok=False)
    if source is None:
        return []
    obj = next((c for c in verb.children if c.dep_ in {"dobj", "obj"}), None)
    dative = next((c for c in verb.children if c.dep_ in {"dative", "iobj"}), None)
    preps = {c.lower_: next((g for g in c.children if g.dep_ == "pobj"), None)
             for c in verb.children if c.dep_ in {"prep", "dative"}}
    target_tok, item = None, obj
    if "with" in preps and preps["with"] is not None:
        target_tok, item = obj, preps["with"]  # "provide Pyongyang with rice"
    elif "to" in preps:
        target_tok = preps["to"]
    elif dative is not None and dative.pos_ in {"NOUN", "PROPN"}:
        target_tok = dative
    elif helping:
        target_tok, item = obj, preps.get("in") or verb
    target = _name(target_tok, index, phrase_ok=not helping)
    if target is None or item is None or target == source:
        return []
    items = _items(item)
    if same(item, obj):  # "sent not only soldiers ... but also containers": a noun conjoined to the verb
        items += [c for c in verb.children if c.dep_ == "conj" and c.pos_ == "NOUN"]
    return [_flow(source, target, it, text, verb, quantities) for it in items]


def _get(verb: Any, text: str, index: EntityIndex, quantities: Sequence[Quantity]) -> list[Flow]:
    target = _name(_agent(verb), index, phrase_ok=False)
    prep_from = next((c for c in verb.children if c.dep_ == "prep" and c.lower_ == "from"), None)
    source_tok = next((g for g in prep_from.children if g.dep_ == "pobj"), None) if prep_from else None
    source = _name(source_tok, index, phrase_ok=False)
    obj = next((c for c in verb.children if c.dep_ in {"dobj", "obj"}), None)
    if target is None or source is None or obj is None or target == source:
        return []
    return [_flow(source, target, it, text, verb, quantities) for it in _items(obj)]


def _nominal(noun: Any, text: str, index: EntityIndex, quantities: Sequence[Quantity]) -> list[Flow]:
    source_tok = next((c for c in noun.children if c.dep_ in {"poss", "amod", "compound", "nmod"}), None)
    source = _name(source_tok, index, phrase_ok=False) if source_tok is not None else None
    if source is None:
        prep_from = next((c for c in noun.children if c.dep_ == "prep" and c.lower_ == "from"), None)
        pobj = next((g for g in prep_from.children if g.dep_ == "pobj"), None) if prep_from else None
        source = _name(pobj, index, phrase_ok=False)
    prep_to = next((c for c in noun.children if c.dep_ == "prep" and c.lower_ in {"to", "for"}), None)
    target_tok = next((g for g in prep_to.children if g.dep_ == "pobj"), None) if prep_to else None
    target = _name(target_tok, index, phrase_ok=False)
    if source is None or target is None or source == target:
        return []
    head = noun.head
    if noun.dep_ == "nsubj" and lemmas.lemma(head) in {"include", "involve", "comprise", "consist"}:
        objs = [c for c in head.children if c.dep_ in {"dobj", "obj"}]
        items = [it for obj in objs for it in _items(obj)]
        if items:
            return [_flow(source, target, it, text, noun, quantities) for it in items]
    return [_flow(source, target, noun, text, noun, quantities)]
