"""Extraction: entities with aliases, quantities with hedges, quotes with speakers, flows.

``run`` reads one article at a time (spaCy's ``nlp.pipe`` batches the parsing) and merges the
names inside each article; ``canonicalise`` merges entities across the articles it is given (a
story or the store), giving every entity a stable id and every quote speaker and flow end its
canonical name. Every span satisfies ``article.text[start:end] == text``.

Each article is read with the pipeline of its language (``Models.nlp_for``): English (and
reports of unknown language) with the English model, French with the French model (the whole
pipeline: the prefilter's cues are English), and a language without a model with a tokenizer
alone (``extract_names_and_figures``: names by rule, quantities, direct quotes). The
extraction records which (``Extraction.level``).
"""

from __future__ import annotations

import bisect
import contextlib
from collections import Counter
from dataclasses import replace
from typing import Any, Iterable, Iterator, Sequence, TypeVar

from newsprism.errors import ConfigError
from newsprism.extract import (
    attributes, canonical, entities, flows, gazetteer, lemmas, names_rules, prefilter, quantities, quotes,
)
from newsprism.extract.index import EntityIndex
from newsprism.extract.tokens import where
from newsprism.models import FULL, NAMES_AND_FIGURES, Models, extraction_level, one_blas_thread, pipeline_language
from newsprism.settings import Config
from newsprism.types import Article, Entity, Extraction, Offsets

__all__ = ["run", "canonicalise", "extract_doc", "extract_names_and_figures", "prepare", "SCOPES"]

SCOPES = ("all", "claims")
_T = TypeVar("_T")

_BATCH = 16
_ACTOR_RANK = {"GOV": 5, "PERSON": 4, "OUTLET": 3, "ORG": 3, "NORP": 1}


def run(articles: Iterable[Article], *, config: Config, models: Models) -> Iterator[Extraction]:
    """Per-article extraction. Mention ids are canonical within the article; ``canonicalise``
    makes them canonical across articles. With ``extract_scope = "claims"`` spaCy parses only
    the sentences an extractor can use and runs the entity recogniser alone on those that only
    name someone (``prefilter``); the rest are never read. Each article is read by its
    language's pipeline; the output keeps the input's order."""
    threshold = float(config.get("alias_name_threshold"))
    scope = str(config.get("extract_scope"))
    if scope not in SCOPES:
        raise ConfigError(f"extract_scope must be one of {', '.join(SCOPES)}, not {scope!r}")
    batch: list[Article] = []
    for article in articles:
        batch.append(article)
        if len(batch) >= _BATCH:
            yield from _run_languages(models, batch, threshold, scope)
            batch = []
    if batch:
        yield from _run_languages(models, batch, threshold, scope)


def _run_languages(models: Models, batch: list[Article], threshold: float, scope: str) -> Iterator[Extraction]:
    """One batch, each language's articles through its own pipeline, in the batch's order."""
    groups: dict[str, list[int]] = {}
    for i, article in enumerate(batch):
        groups.setdefault(pipeline_language(article.language), []).append(i)
    if list(groups) == ["en"]:
        yield from _run_batch(models.nlp, batch, threshold, scope)
        return
    out: list[Extraction | None] = [None] * len(batch)
    for code, members in groups.items():
        articles = [batch[i] for i in members]
        nlp = models.nlp_for(code)
        if code == "en":
            found = _run_batch(nlp, articles, threshold, scope)
        elif extraction_level(code) == FULL:
            found = _run_batch(nlp, articles, threshold, "all")  # the prefilter's cues are English
        else:
            found = _run_unparsed(nlp, articles, threshold)
        for i, extraction in zip(members, found):
            out[i] = extraction
    yield from (extraction for extraction in out if extraction is not None)


def _run_unparsed(nlp: Any, batch: list[Article], threshold: float) -> Iterator[Extraction]:
    for article, doc in zip(batch, nlp.pipe([a.text for a in batch])):
        yield extract_names_and_figures(article, doc, threshold=threshold)


def _line_breaks(doc: Any) -> Any:
    """A line break ends a sentence: headings without a full stop ("Forecasts for the future")
    must not become the subject of the next line's sentence."""
    # only white-space tokens hold a line break (a token's trailing white space is one space at
    # most); their positions come from one array read rather than a walk over every token
    for i in where(doc, "IS_SPACE", (1,)):
        if i + 1 < len(doc) and "\n" in doc[i].text:
            doc[i + 1].is_sent_start = True
    return doc


def prepare(nlp: Any) -> Any:
    """Add the line-break sentence rule before the parser (once; harmless to other stages)."""
    from spacy.language import Language  # imported here so importing newsprism stays light

    if not Language.has_factory("newsprism_line_breaks"):
        Language.component("newsprism_line_breaks", func=_line_breaks)
    if "newsprism_line_breaks" not in nlp.pipe_names:
        anchor = "parser" if "parser" in nlp.pipe_names else None
        if anchor is not None:
            nlp.add_pipe("newsprism_line_breaks", before=anchor)
    return nlp


def _run_batch(nlp: Any, batch: list[Article], threshold: float, scope: str) -> Iterator[Extraction]:
    prepare(nlp)
    if scope == "all":
        for article, doc in zip(batch, _full_pipe(nlp, [a.text for a in batch])):
            yield extract_doc(article, doc, threshold=threshold)
        return
    plans = [prefilter.plan(a.text, a.sentences, language=a.language) for a in batch]
    # parsed before the names pass switches the other components off for a while
    docs = _full_pipe(nlp, [_gapped(nlp, a.text, p.names + p.dropped) for a, p in zip(batch, plans)])
    ner_docs = _names_pass(nlp, batch, plans)
    for article, plan, doc, ner_doc in zip(batch, plans, docs, ner_docs):
        yield extract_doc(article, doc, threshold=threshold, ner_doc=ner_doc, skip=plan.dropped)


def _full_pipe(nlp: Any, texts: list[Any]) -> list[Any]:
    """The whole pipeline, with the same annotations at less cost: no lemmatizer (``lemmas.lemma``
    computes the lemma of the few tokens the rules ask about) and the attribute ruler applied by
    array look-ups (``attributes``) after the other components."""
    lemmatizer = nlp.get_pipe("lemmatizer") if "lemmatizer" in nlp.pipe_names else None
    if lemmatizer is not None and not hasattr(lemmatizer, "lemmatize"):
        lemmatizer = None  # not spaCy's lemmatizer: let it run
    ruler = _fast_ruler(nlp)
    skipped = ["lemmatizer"] * (lemmatizer is not None) + ["attribute_ruler"] * (ruler is not None)
    with one_blas_thread():
        docs = list(nlp.pipe(texts, disable=skipped)) if skipped else list(nlp.pipe(texts))
    if ruler is not None:
        docs = [ruler(doc) for doc in docs]
    if lemmatizer is not None:
        docs = [lemmas.defer(doc, lemmatizer) for doc in docs]
    return docs


_RULERS: dict[int, tuple[Any, Any]] = {}


def _fast_ruler(nlp: Any) -> Any:
    """The compiled attribute ruler of ``nlp`` (once per pipeline), or None to run spaCy's: when
    there is none, it does not run last but for the lemmatizer and entity recogniser (which read
    none of what it writes, except the lemmatizer that ``lemmas`` replays after it), or it uses a
    pattern ``attributes`` does not compile."""
    if "attribute_ruler" not in nlp.pipe_names:
        return None
    ruler = nlp.get_pipe("attribute_ruler")
    if id(ruler) not in _RULERS:
        after = nlp.pipe_names[nlp.pipe_names.index("attribute_ruler") + 1:]
        fast = attributes.compile(ruler) if set(after) <= {"lemmatizer", "ner"} else None
        _RULERS[id(ruler)] = (ruler, fast)  # the ruler is kept so that its id is not reused
    return _RULERS[id(ruler)][1]


def _gapped(nlp: Any, text: str, gaps: Sequence[Offsets]) -> Any:
    """The tokens of ``text`` with ``gaps`` blanked; each gap's whitespace is a sentence of its
    own, so a kept sentence never runs on over a gap (the rules read sentence ends in the
    original text, where the gap holds words)."""
    doc = nlp.make_doc(prefilter.blank(text, gaps))
    starts = doc.to_array("IDX").tolist() if len(doc) else []
    for gap in gaps:
        i = bisect.bisect_right(starts, gap.start) - 1
        if i >= 0 and doc[i].is_space:
            doc[i].is_sent_start = True
            _plain_space(doc[i])
        j = bisect.bisect_left(starts, gap.end)
        if j < len(doc):
            doc[j].is_sent_start = True
    return doc


def _plain_space(token: Any) -> None:
    """A long run of spaces is a word the models never saw; read it as the break it stands for."""
    token.norm_ = "\n\n" if "\n" in token.text else " "


def _names_pass(nlp: Any, batch: list[Article], plans: list[prefilter.ScopePlan]) -> list[Any]:
    """The entity recogniser alone over the sentences that only name someone (None where an
    article has none)."""
    wanted = [i for i, p in enumerate(plans) if p.names]
    out: list[Any] = [None] * len(batch)
    if not wanted or "ner" not in nlp.pipe_names:
        return out
    enable = ["ner"]
    if "tok2vec" in nlp.pipe_names and "ner" in getattr(nlp.get_pipe("tok2vec"), "listening_components", ()):
        enable.insert(0, "tok2vec")  # a model whose recogniser reads the shared embedding
    docs = []
    for i in wanted:
        doc = nlp.make_doc(prefilter.blank(batch[i].text, plans[i].parse + plans[i].dropped))
        for token in doc:
            if token.is_space and len(token) > 2:
                _plain_space(token)
        docs.append(doc)
    with nlp.select_pipes(enable=enable), one_blas_thread():
        for i, doc in zip(wanted, nlp.pipe(docs)):
            out[i] = doc
    return out


def extract_doc(article: Article, doc: Any, *, threshold: float = 85, ner_doc: Any = None,
                skip: Sequence[Offsets] = ()) -> Extraction:
    """Everything extracted from one article whose spaCy ``doc`` is already made. ``doc`` may
    have sentences blanked out (same length, see ``prefilter.blank``); ``ner_doc`` holds the
    names of sentences only the entity recogniser read; nothing is kept that starts in a
    ``skip`` sentence (the text-only rules would otherwise still see it)."""
    text = article.text
    english = pipeline_language(article.language) == "en"
    raw = _outside(entities.find(doc, text, ner_doc), skip)
    index = EntityIndex.build(raw, threshold=threshold)
    found_quantities = _outside(quantities.find(text, doc, language=article.language), skip)
    found_quotes = _outside(quotes.find(doc, text, index, language=article.language), skip)
    # the flow rules read English verbs and English parses: another language has none
    found_flows = flows.find(doc, text, index, found_quantities) if english else []
    return Extraction(
        article_id=article.id,
        mentions=tuple(index.mentions),
        entities=tuple(index.entities),
        quantities=tuple(found_quantities),
        quotes=tuple(found_quotes),
        flows=tuple(found_flows),
    )


def extract_names_and_figures(article: Article, doc: Any, *, threshold: float = 85) -> Extraction:
    """What can be read from an article in a language no installed model parses, from
    ``doc``, its tokens and sentences (``spacy.blank`` and a sentencizer): names by rule
    (``names_rules``), quantities in the article's language, direct quotes (speakers only
    beside a speech verb); no reported speech, no flows. The level is ``NAMES_AND_FIGURES``."""
    text = article.text
    found_quantities = quantities.find(text, language=article.language)
    # a number's words are no name ("eine Million Barrel Öl")
    amounts = [(q.start, q.end) for q in found_quantities]
    raw = [m for m in names_rules.find(doc, text, language=article.language)
           if not any(m.start < end and start < m.end for start, end in amounts)]
    index = EntityIndex.build(raw, threshold=threshold)
    return Extraction(
        article_id=article.id,
        mentions=tuple(index.mentions),
        entities=tuple(index.entities),
        quantities=tuple(found_quantities),
        quotes=tuple(quotes.find_unparsed(doc, text, index, language=article.language)),
        level=NAMES_AND_FIGURES,
    )


def _outside(items: list[_T], skip: Sequence[Offsets]) -> list[_T]:
    if not skip:
        return items
    starts = [span.start for span in skip]

    def skipped(pos: int) -> bool:
        i = bisect.bisect_right(starts, pos) - 1
        return i >= 0 and pos < skip[i].end

    return [item for item in items if not skipped(item.start)]  # type: ignore[attr-defined]


def canonicalise(
    extractions: Sequence[Extraction], articles: Sequence[Article], *, config: Config
) -> tuple[list[Extraction], list[Entity]]:
    """Merge entities across all given articles; rewrite ids, speakers and flow ends."""
    threshold = float(config.get("alias_name_threshold"))
    items: list[canonical.Item] = []
    owner: list[tuple[int, Entity]] = []
    for n, extraction in enumerate(extractions):
        said = Counter((m.entity_id, m.text) for m in extraction.mentions)
        for entity in extraction.entities:
            # weigh each alias by how often it was written, so the usual spelling names the entity
            names = Counter({alias: max(1, said[(entity.id, alias)]) for alias in entity.aliases or (entity.name,)})
            items.append(canonical.Item(entity.type, _item_key(entity), names))
            owner.append((n, entity))
    groups = canonical.cluster(items, threshold=threshold)
    merged = _merged_entities(items, groups)
    local_to_global = {(owner[i][0], owner[i][1].id): merged[groups[i]] for i in range(len(items))}
    out: list[Extraction] = []
    for n, extraction in enumerate(extractions):
        # actors win when a government and a place share a name ("North Korea")
        ranked = sorted(extraction.entities, key=lambda e: _ACTOR_RANK.get(e.type, 0))
        name_map = {e.name: local_to_global[(n, e.id)].name for e in ranked}
        id_map = {e.id: local_to_global[(n, e.id)] for e in extraction.entities}
        out.append(_rewrite(extraction, id_map, name_map))
    unique = list({e.id: e for e in merged.values()}.values())
    return out, unique


def _item_key(entity: Entity) -> str:
    # the local id is a hash of the key; keep gazetteer/outlet identity, else the name decides
    if entity.type in {"GOV", "OUTLET"}:
        return f"{entity.type.lower()}-name:{entity.name}"
    return f"{entity.type.lower()}-name:{canonical.norm(entity.name)}"


def _merged_entities(items: list[canonical.Item], groups: list[int]) -> dict[int, Entity]:
    members: dict[int, list[int]] = {}
    for i, group in enumerate(groups):
        members.setdefault(group, []).append(i)
    merged: dict[int, Entity] = {}
    for group, indices in members.items():
        names: Counter[str] = Counter()
        for i in indices:
            names.update(items[i].names)
        kind = _group_type(Counter(items[i].type for i in indices))
        keys = [items[i].key for i in indices]
        name = _group_name(kind, names, keys)
        key = canonical.stable_key(kind, name)
        merged[group] = Entity(
            id=canonical.entity_id(kind, key), name=name, type=kind,
            aliases=tuple(sorted(set(names), key=lambda s: (-names[s], s))),
        )
    return merged


# When one entity was given several types, the one it is shown and compared under: an outlet is
# an outlet, a government an actor, a person a person; else the type most mentions gave it.
_TYPE_PRIORITY = ("OUTLET", "GOV", "PERSON")


def _group_type(types: Counter[str]) -> str:
    return next((t for t in _TYPE_PRIORITY if t in types), types.most_common(1)[0][0])


def _group_name(kind: str, names: Counter[str], keys: list[str]) -> str:
    if kind in {"GOV", "OUTLET"}:
        # local entities already carry the gazetteer / outlet-table name: keep the most used one
        gov_names = [k.split(":", 1)[1] for k in keys if k.startswith(("gov-name:", "outlet-name:"))]
        if gov_names:
            return Counter(gov_names).most_common(1)[0][0]
    if kind == "GPE":
        for name in names:
            found = gazetteer.load().lookup(name)
            if found is not None and found[1] == "name":
                return gazetteer.load().name_of(found[0])
    return canonical.canonical_name(kind, names, "")


def _rewrite(extraction: Extraction, id_map: dict[str, Entity], name_map: dict[str, str]) -> Extraction:
    mentions = tuple(
        replace(m, entity_id=id_map[m.entity_id].id, type=id_map[m.entity_id].type) if m.entity_id in id_map else m
        for m in extraction.mentions
    )
    found = {id_map[e.id].id: id_map[e.id] for e in extraction.entities}
    quotes_out = tuple(
        replace(q, speaker=name_map.get(q.speaker, q.speaker)) if q.speaker else q
        for q in extraction.quotes
    )
    flows_out = tuple(
        replace(f, source=name_map.get(f.source, f.source), target=name_map.get(f.target, f.target))
        for f in extraction.flows
    )
    return replace(extraction, mentions=mentions, entities=tuple(found.values()),
                   quotes=quotes_out, flows=flows_out)
