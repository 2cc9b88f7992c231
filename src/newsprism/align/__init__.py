"""Claims of a story lined up across its articles.

``run`` splits every article into claim candidates (:mod:`newsprism.align.claims`), then groups
candidates that speak about the same thing into topics (:mod:`newsprism.align.matching`):
candidate pairs by the judge model's vectors, then rules that compare what is counted and who it
is about, the unit and rate period and the number itself, and the judge model's reading of the
two claims. Whether the candidates of a topic agree is left to the judge stage, which gets the
model's verdict on every pair of a topic with it.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Mapping, Sequence

from newsprism.align import claims as _claims
from newsprism.align.matching import english, topics
from newsprism.models import Models
from newsprism.rules import units
from newsprism.rules.claimtext import plain_weighing, us_spelling
from newsprism.rules.outlets import report_label
from newsprism.settings import Config
from newsprism.types import (
    Article,
    ClaimCandidate,
    ClaimTopic,
    EntityMention,
    Extraction,
    Offsets,
    Quantity,
    Story,
)

__all__ = ["run", "candidates"]


def run(
    story: Story,
    articles: Sequence[Article],
    extractions: Mapping[str, Extraction],
    *,
    config: Config,
    models: Models,
) -> list[ClaimTopic]:
    """Split the story's articles into claims and group claims that speak of the same thing."""
    found: list[ClaimCandidate] = []
    for number, article in enumerate(articles, start=1):
        extraction = extractions.get(article.id) or Extraction(article_id=article.id)
        label = report_label(article, number=number)
        found.extend(replace(c, outlet=label, language=article.language) for c in candidates(article, extraction))
    if not found:
        return []
    # Story-wide reading order (first article first), which claim numbers follow.
    found = [replace(c, position=i) for i, c in enumerate(found)]
    return topics(
        found,
        models.judge,
        quantity_threshold=float(config["claim_align_threshold"]),
        statement_threshold=float(config["claim_statement_threshold"]),
        # claims of reports in other languages than English are read by the cross-lingual reader
        crosslingual=models.crosslingual if any(not english(c) for c in found) else None,
    )


def candidates(article: Article, extraction: Extraction) -> list[ClaimCandidate]:
    """Every checkable claim of one article, in text order, with non-overlapping mentions."""
    text = article.text
    names = {e.id: e.name for e in extraction.entities}
    out: list[ClaimCandidate] = []
    speakers: list[str | None] = []
    before: list[EntityMention] = []  # the names of the claim sentence before
    for sentence in _claims.sentences(article):
        body = text[sentence.start:sentence.end]
        if not _claims.is_claim_sentence(body):
            continue
        found = [_with_speaker_words(c, article, extraction)
                 for c in _sentence_candidates(article, extraction, sentence, speakers, len(out))]
        here = [m for m in extraction.mentions if sentence.start <= m.start < sentence.end]
        out.extend(_as_judged(found, text, names, sentence, here, before))
        speakers.append(next((c.attribution for c in found if c.attribution), None))
        before = here
    return out


# A sentence's only quote shorter than this is read with its sentence: a few quoted words ("a
# valid question") say little without who said them about what.
LONE_QUOTE_WORDS = 7


def _as_judged(
    found: list[ClaimCandidate], text: str, names: dict[str, str], sentence: Offsets,
    here: list[EntityMention], before: list[EntityMention],
) -> list[ClaimCandidate]:
    """What the judge model reads of each claim: its words with names made canonical, one
    spelling and one wording of set phrases (costs against benefits), a lone quote with its
    sentence (who says it is part of what is said), and a sentence that leans on the one before
    with who its pronoun stands for, or the names there (``here``: the names of this sentence,
    ``before``: of the claim sentence before)."""
    if not found:
        return []
    body = text[sentence.start:sentence.end]

    def norm(words: str) -> str:
        return plain_weighing(us_spelling(" ".join(_claims.canonical_names(words, here, names).split())))

    named_before = [(names.get(m.entity_id, m.text), m.type) for m in before]
    lead = None
    resolved = _claims.resolve_pronoun(body, named_before)
    if resolved is not None:
        body = resolved
    elif _claims.leans_on_before(body) and named_before:
        # who "they" may be: the names of the sentence before (not its whole statement,
        # which the judge would then read as this claim's)
        lead = ", ".join(dict.fromkeys(n for n, _ in named_before)) + ":"
    out = []
    for candidate in found:
        if len(found) == 1 and candidate.kind == "quote" and len(candidate.context.split()) < LONE_QUOTE_WORDS:
            words = body
        elif resolved is not None and candidate.context == text[sentence.start:sentence.end]:
            words = body  # the sentence, its pronoun resolved
        else:
            words = candidate.context
        out.append(replace(candidate, judged=norm(words), antecedent=lead))
    return out


def _sentence_candidates(
    article: Article, extraction: Extraction, sentence: Offsets, speakers: list[str | None],
    counter: int,
) -> list[ClaimCandidate]:
    text = article.text
    inherited = _claims.continued_speaker(text, sentence, speakers)
    out: list[ClaimCandidate] = []
    quantities = [q for q in extraction.quantities if sentence.start <= q.start < sentence.end]
    listing = _claims.list_items(text, sentence, extraction.flows)
    if listing is not None:
        out.extend(_item_candidates(article, extraction, sentence, listing, quantities, inherited, counter))
        listed = [(c.start, c.end) for c in out]
        quantities = [q for q in quantities if not any(s <= q.start < e for s, e in listed)]
    for clause in _claims.clauses(text, sentence):
        inside = sorted((q for q in quantities if clause.start <= q.start < clause.end), key=lambda q: q.start)
        if not inside:
            continue
        attribution = inherited or _claims.candidate_attribution(
            extraction.quotes, clause, sentence, article, extraction
        )
        for quantity, span in zip(inside, _claims.mention_spans(inside, clause, text)):
            out.append(_quantity_candidate(
                article, extraction, quantity, span, clause, sentence, attribution, counter + len(out)
            ))
    covered = [(c.start, c.end) for c in out]
    for quote in extraction.quotes:
        if not sentence.start <= quote.start < sentence.end:
            continue
        if any(s < quote.end and quote.start < e for s, e in covered):
            continue  # its content is already read as quantity claims, which carry the speaker
        span = Offsets(max(quote.start, sentence.start), min(quote.end, sentence.end))
        speaker = (_claims.quote_speaker(article, extraction, quote, speakers) or inherited
                   or _claims.speaker_before(article, extraction, quote, sentence))
        for part in _claims.statement_parts(text, span):
            whole = units.whole(text, part, part, sentence, quote=True)
            if whole != part and any(c.kind == "quote" and c.statement == text[whole.start:whole.end] for c in out):
                continue  # two pieces of one quote that say nothing apart: one statement
            out.append(_plain_candidate(article, extraction, "quote", part, sentence, speaker, counter + len(out)))
        covered.append((span.start, span.end))
    if not out and _statement_worthy(article, extraction, sentence):
        kind = "event" if _is_event(article, extraction, sentence) else "statement"
        attribution = inherited or _claims.candidate_attribution(
            extraction.quotes, sentence, sentence, article, extraction
        )
        out.append(_plain_candidate(article, extraction, kind, sentence, sentence, attribution, counter))
    return out


def _item_candidates(
    article: Article, extraction: Extraction, sentence: Offsets, listing: tuple[Offsets, list[Offsets]],
    quantities: list[Quantity], inherited: str | None, counter: int,
) -> list[ClaimCandidate]:
    """One claim per listed item, each read as the whole statement "<head> <item>"."""
    text = article.text
    head, items = listing
    attribution = inherited or _claims.candidate_attribution(extraction.quotes, sentence, sentence, article, extraction)
    out: list[ClaimCandidate] = []
    for item in items:
        context = _claims.item_context(text, head, item)
        inside = [q for q in quantities if item.start <= q.start < item.end]
        if len(inside) == 1:
            candidate = _quantity_candidate(article, extraction, inside[0], item, item, sentence, attribution,
                                            counter + len(out))
        else:
            candidate = _plain_candidate(article, extraction, "statement", item, sentence, attribution,
                                         counter + len(out))
        out.append(replace(candidate, context=context, statement=_claims.item_statement(text, head, item)))
    return out


def _statement_worthy(article: Article, extraction: Extraction, sentence: Offsets) -> bool:
    """A sentence with an entity, a date or a flow, or one whose subject is a pronoun standing for
    the names of the sentence before ("They have signed a mutual defence agreement ..."); with
    no extraction at all, any sentence."""
    if not extraction.mentions and not extraction.quantities and not extraction.quotes:
        return True
    body = article.text[sentence.start:sentence.end]
    return (
        any(sentence.start <= m.start < sentence.end for m in extraction.mentions)
        or any(sentence.start <= f.start < sentence.end for f in extraction.flows)
        or _claims.has_date(body)
        or (_claims.pronoun_subject(body)
            and any(sentence.start - 400 <= m.start < sentence.start for m in extraction.mentions))
    )


def _is_event(article: Article, extraction: Extraction, sentence: Offsets) -> bool:
    body = article.text[sentence.start:sentence.end]
    return _claims.has_date(body) or any(sentence.start <= f.start < sentence.end for f in extraction.flows)


def _entities_in(extraction: Extraction, span: Offsets) -> tuple[str, ...]:
    return tuple(dict.fromkeys(
        m.entity_id for m in extraction.mentions if span.start <= m.start < span.end
    ))


def _quantity_candidate(
    article: Article, extraction: Extraction, quantity: Quantity, span: Offsets, clause: Offsets,
    sentence: Offsets, attribution: str | None, position: int,
) -> ClaimCandidate:
    text = article.text
    mood, cue = _claims.modality(text, Offsets(quantity.start, quantity.end), clause, sentence)
    return ClaimCandidate(
        id=f"{article.id}:{position}",
        article_id=article.id,
        kind="quantity",
        start=span.start,
        end=span.end,
        text=text[span.start:span.end],
        context=text[clause.start:clause.end],
        statement=_statement(text, span, clause, sentence),
        sentence=sentence,
        attribution=attribution,
        quantity=quantity.quantity,
        quantity_text=quantity.text,
        entity_ids=_entities_in(extraction, clause),
        modality=mood,
        modality_cue=cue,
        negated=_claims.negated(text, clause),
        increment=_claims.increment(text, quantity),
        role=_claims.role_of(text, quantity, clause),
        published=article.published,
        position=position,
        outlet=report_label(article),
    )


def _plain_candidate(
    article: Article, extraction: Extraction, kind: str, span: Offsets, sentence: Offsets,
    attribution: str | None, position: int,
) -> ClaimCandidate:
    text = article.text
    mood, cue = _claims.modality(text, span, span, sentence)
    return ClaimCandidate(
        id=f"{article.id}:{position}",
        article_id=article.id,
        kind=kind,
        start=span.start,
        end=span.end,
        text=text[span.start:span.end],
        context=text[span.start:span.end],
        statement=_statement(text, span, span, sentence, quote=kind == "quote"),
        sentence=sentence,
        attribution=attribution,
        entity_ids=_entities_in(extraction, sentence),
        modality=mood,
        modality_cue=cue,
        negated=_claims.negated(text, span),
        published=article.published,
        position=position,
        outlet=report_label(article),
    )


def _statement(text: str, span: Offsets, clause: Offsets, sentence: Offsets, *, quote: bool = False) -> str:
    """The whole statement the span belongs to, verbatim (``newsprism.rules.units``)."""
    whole = units.whole(text, span, clause, sentence, quote=quote)
    return " ".join(text[whole.start:whole.end].split())


def _with_speaker_words(candidate: ClaimCandidate, article: Article, extraction: Extraction) -> ClaimCandidate:
    """Keep the words the article names its source with ("Intelligence in Seoul") beside the
    canonical name ("South Korea"), so reasons can quote them."""
    if candidate.attribution is None:
        return candidate
    sentence = candidate.sentence
    for quote in extraction.quotes:
        if (quote.speaker == candidate.attribution and quote.speaker_start is not None
                and quote.speaker_end is not None and sentence.start <= quote.speaker_start < sentence.end):
            words = article.text[quote.speaker_start:quote.speaker_end]
            if words and words != candidate.attribution:
                return replace(candidate, attribution_text=words)
    return candidate
