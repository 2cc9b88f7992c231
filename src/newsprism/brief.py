"""The cited brief: a short merged account of a story, then what one report alone says, then
where reports differ.

The brief is extractive: every summary and "only in" sentence is a sentence of an article,
verbatim, so nothing appears that no article says. Each cites every claim whose mention lies in
it and whose verdict it carries (a line marked single-source never cites a corroborated claim),
and every article that states one of those claims. Each fact is shown once: no sentence twice,
and single-source lines of different reports that state one fact (the judge did not line them
up) become one summary line citing every report that states it, never an "only in" line each.
"Where reports differ" sentences quote both sides' whole statements and name the difference the
judge found; reports are named as every view names them (outlet, site, headline, "report N"),
never by their file. ``BriefSentence`` refuses to exist without a claim and an article to
cite, so an uncited sentence cannot be produced.
"""

from __future__ import annotations

import re

from dataclasses import dataclass
from typing import Sequence

from newsprism.rules import claimtext, languages, units
from newsprism.rules.outlets import report_label
from newsprism.settings import Config
from newsprism.types import ArithmeticCheck, Article, BriefSentence, Claim, Mention, Offsets, Story

# Verdicts from most to least settled: a summary leads with what is best supported.
_STRENGTH = {"corroborated": 0, "repeated": 1, "conflicting": 2, "single-source": 3}
_KIND_WEIGHT = {"quantity": 0, "quote": 1, "event": 1, "statement": 2}
_FIGURE = re.compile(r"\d")
# Below this many shared sentences the summary takes in each report's lead as well.
MIN_SUMMARY = 3


@dataclass(frozen=True, slots=True)
class _Sentence:
    article_id: str
    start: int
    end: int
    text: str
    language: str | None = None  # its article's: the brief quotes each report in its own language


def run(
    story: Story,
    claims: Sequence[Claim],
    checks: Sequence[ArithmeticCheck],
    articles: Sequence[Article],
    *,
    config: Config,
) -> list[BriefSentence]:
    """A short merged account where every sentence cites claims and articles."""
    by_id = {a.id: a for a in articles}
    if not claims or not by_id:
        return []
    order = {a.id: i for i, a in enumerate(articles)}
    return _brief(_Claims(claims), by_id, order, config)


def _brief(claims: _Claims, by_id: dict[str, Article], order: dict[str, int], config: Config) -> list[BriefSentence]:
    out = _summary(claims, by_id, order, limit=int(config["brief_max_sentences"]))
    shown = {s.text for s in out}
    alone = [s for s in _only_in(claims, by_id, order, limit=int(config["brief_max_only_in"]))
             if s.text not in shown]
    out = _each_fact_once(out + alone)
    out += _differ(claims, by_id)
    return out


# Two reports' "only here" sentences that share this much of their content words state one fact
# the judge did not line up: it is no fact of one report alone.
SAME_FACT = 0.6


def _each_fact_once(lines: list[BriefSentence]) -> list[BriefSentence]:
    """Single-source lines of different reports that share most of their content words state one
    fact the judge did not line up: shown once, in the summary, citing every report that states
    it, with no verdict of its own (each of its claims keeps its own), and never under "only in
    one report". Other lines keep their place."""
    merged: set[int] = set()
    summary: list[BriefSentence] = []
    rest: list[BriefSentence] = []
    for i, line in enumerate(lines):
        if i in merged:
            continue
        same = [j for j, other in enumerate(lines) if j > i and j not in merged
                and line.status == other.status == "single-source" and other.article_ids != line.article_ids
                and claimtext.overlap(line.text, other.text) >= SAME_FACT]
        if same:
            merged.update(same)
            group = [line] + [lines[j] for j in same]
            line = BriefSentence(
                text=line.text, claim_ids=tuple(dict.fromkeys(c for g in group for c in g.claim_ids)),
                article_ids=tuple(dict.fromkeys(a for g in group for a in g.article_ids)),
                status=None, section="summary", language=line.language)
        (summary if line.section == "summary" else rest).append(line)
    return summary + rest


def _sentence_of(mention: Mention, article: Article) -> _Sentence:
    """The article sentence holding a mention (the mention itself if sentences are unknown)."""
    for span in article.sentences or claimtext.split_sentences(article.text):
        if span.start <= mention.start < span.end:
            start, end = span.start, max(span.end, min(mention.end, len(article.text)))
            return _Sentence(article.id, start, end, article.text[start:end].strip(), article.language)
    return _Sentence(article.id, mention.start, mention.end, mention.text.strip(), article.language)


class _Claims(tuple):
    """The story's claims, with their mentions indexed by article so that finding the claims of
    a sentence is not a scan of every claim (stories grow to hundreds of articles)."""

    by_article: dict[str, list[tuple[int, Claim]]]

    def __new__(cls, claims: Sequence[Claim]) -> "_Claims":
        self = super().__new__(cls, claims)
        self.by_article = {}
        for claim in claims:
            for m in claim.mentions:
                self.by_article.setdefault(m.article_id, []).append((m.start, claim))
        return self


def _claims_in(sentence: _Sentence, claims: _Claims, among: Sequence[Claim] | None = None) -> list[Claim]:
    """The claims with a mention in ``sentence`` (only those ``among`` when given)."""
    allowed = None if among is None else {c.id for c in among}
    found = [c for start, c in claims.by_article.get(sentence.article_id, ())
             if sentence.start <= start < sentence.end and (allowed is None or c.id in allowed)]
    return list({c.id: c for c in found}.values())


def _cite(
    sentence: _Sentence, primary: Sequence[Claim], claims: _Claims, *, section: str,
    status: str, only_article: bool = False,
) -> BriefSentence:
    # a line cites the claims in it that carry its verdict: a line marked single-source never
    # cites a corroborated claim (which the summary cites where it is shown)
    inside = [c for c in _claims_in(sentence, claims) if c.status == status]
    cited = list(dict.fromkeys([c.id for c in primary] + [c.id for c in inside]))
    if only_article:
        article_ids = [sentence.article_id]
    else:
        article_ids = list(dict.fromkeys(
            [sentence.article_id] + [m.article_id for c in primary for m in c.mentions]
        ))
    return BriefSentence(
        text=sentence.text, claim_ids=tuple(cited), article_ids=tuple(article_ids),
        status=status, section=section, language=sentence.language,
    )


def _best_mention(claim: Claim, by_id: dict[str, Article], claims: _Claims, order: dict[str, int]) -> _Sentence | None:
    """The mention whose sentence carries the fewest other claims (the most focused wording)."""
    best: tuple[tuple, _Sentence] | None = None
    for mention in claim.mentions:
        article = by_id.get(mention.article_id)
        if article is None:
            continue
        sentence = _sentence_of(mention, article)
        key = (len(_claims_in(sentence, claims)), order.get(article.id, 0), mention.start)
        if best is None or key < best[0]:
            best = (key, sentence)
    return None if best is None else best[1]


def _leads(claims: Sequence[Claim], order: dict[str, int]) -> list[Claim]:
    """The first single-source claim of each report, in report order."""
    firsts: dict[str, Claim] = {}
    for claim in sorted(claims, key=lambda c: _position(c, order)):
        if claim.status == "single-source":
            firsts.setdefault(claim.mentions[0].article_id, claim)
    return sorted(firsts.values(), key=lambda c: _position(c, order))


def _summary(claims: _Claims, by_id: dict[str, Article], order: dict[str, int], *, limit: int) -> list[BriefSentence]:
    shared = [c for c in claims if c.status in ("corroborated", "repeated")]
    out = _shared_summary(shared, claims, by_id, order, limit=limit)
    if len(out) >= MIN_SUMMARY:
        return out
    # Few shared claims: each report's lead fills the account, marked single-source.
    used = {s.text for s in out}
    for claim in _leads(claims, order):
        if len(out) >= min(limit, MIN_SUMMARY + 1):
            break
        sentence = _sentence_of(claim.mentions[0], by_id[claim.mentions[0].article_id])
        if sentence.text in used or any(c.status != "single-source" for c in _claims_in(sentence, claims)):
            continue  # shown already, or a fact other reports state too (the shared summary's)
        used.add(sentence.text)
        out.append(_cite(sentence, [claim], claims, section="summary", status="single-source", only_article=True))
    return out


def _shared_summary(shared: Sequence[Claim], claims: _Claims, by_id: dict[str, Article],
                    order: dict[str, int], *, limit: int) -> list[BriefSentence]:
    ranked = sorted(shared, key=lambda c: (_STRENGTH[c.status], -len({m.article_id for m in c.mentions}), _KIND_WEIGHT.get(c.kind, 3), _position(c, order)))
    chosen: list[tuple[tuple, BriefSentence]] = []
    used: set[tuple[str, int]] = set()
    covered: set[str] = set()
    for claim in ranked:
        if len(chosen) >= limit:
            break
        if claim.id in covered:
            continue
        sentence = _best_mention(claim, by_id, claims, order)
        if sentence is None or (sentence.article_id, sentence.start) in used:
            continue
        used.add((sentence.article_id, sentence.start))
        together = [c for c in _claims_in(sentence, claims, shared) if c.status == claim.status]
        covered.update(c.id for c in together)
        cited = _cite(sentence, together or [claim], claims, section="summary", status=claim.status)
        chosen.append(((order.get(sentence.article_id, 0), sentence.start), cited))
    # Read in the order the reports tell it, not in ranking order.
    return [s for _, s in sorted(chosen, key=lambda t: t[0])]


def _position(claim: Claim, order: dict[str, int]) -> tuple[int, int]:
    return min((order.get(m.article_id, 0), m.start) for m in claim.mentions)


def _weight(claim: Claim) -> int:
    """Figures first (the most checkable facts, whatever kind of claim carries them), then quotes
    and events, then statements."""
    return 0 if _FIGURE.search(claim.text) else _KIND_WEIGHT.get(claim.kind, 3)


def _only_in(claims: _Claims, by_id: dict[str, Article], order: dict[str, int], *, limit: int) -> list[BriefSentence]:
    out: list[BriefSentence] = []
    alone = [c for c in claims if c.status == "single-source"]
    for article_id in sorted({c.mentions[0].article_id for c in alone}, key=lambda a: order.get(a, 0)):
        article = by_id.get(article_id)
        if article is None:
            continue
        sentences = {c.id: _sentence_of(c.mentions[0], article) for c in alone
                     if c.mentions[0].article_id == article_id}

        def shares(sentence: _Sentence) -> bool:
            # a sentence that also carries a fact other reports state is a weaker "only here"
            return any(c.status != "single-source" for c in _claims_in(sentence, claims))

        mine = sorted((c for c in alone if c.id in sentences),
                      key=lambda c: (_weight(c), shares(sentences[c.id]), c.mentions[0].start))
        picked: dict[int, tuple[_Sentence, list[Claim]]] = {}
        for claim in mine:
            sentence = sentences[claim.id]
            if sentence.start not in picked and len(picked) >= limit:
                continue
            picked.setdefault(sentence.start, (sentence, []))[1].append(claim)
        for start in sorted(picked):
            sentence, primary = picked[start]
            out.append(_cite(sentence, primary, claims, section="only_in", status="single-source",
                             only_article=True))
    return out


def _differ(claims: Sequence[Claim], by_id: dict[str, Article]) -> list[BriefSentence]:
    """One sentence per conflicting pair: both wordings verbatim, then the difference found."""
    out: list[BriefSentence] = []
    by_claim = {c.id: c for c in claims}
    seen: set[frozenset[str]] = set()
    for claim in claims:
        for other_id, reason in claim.conflict_reasons:
            pair = frozenset((claim.id, other_id))
            other = by_claim.get(other_id)
            if pair in seen or other is None:
                continue
            seen.add(pair)
            out.append(_difference(claim, other, reason, by_id))
    for claim in claims:
        for older_id in claim.updates:
            older = by_claim.get(older_id)
            if older is not None:
                out.append(_difference(claim, older, "a later figure that updates an earlier one", by_id, status=claim.status))
    return out


def _in_language(article_id: str, by_id: dict[str, Article]) -> str:
    """" [fr]" after a report quoted in another language than English (nothing for English)."""
    article = by_id.get(article_id)
    language = article.language if article is not None else None
    return "" if languages.is_english(language) else f" [{language}]"


def _label(article_id: str, by_id: dict[str, Article]) -> str:
    """The report's name as every view gives it: outlet, site, headline or "report N", never a
    file name (``newsprism.rules.outlets.report_label``)."""
    article = by_id.get(article_id)
    if article is None:
        return "a report"
    return report_label(article, number=list(by_id).index(article_id) + 1)


def _statement(mention: Mention, by_id: dict[str, Article]) -> str:
    """The whole statement a mention belongs to (``newsprism.rules.units``), verbatim."""
    article = by_id.get(mention.article_id)
    if article is None:
        return " ".join(mention.text.split())
    sentence = _sentence_of(mention, article)
    span = units.whole(article.text, Offsets(mention.start, mention.end),
                       Offsets(mention.start, mention.end), Offsets(sentence.start, sentence.end))
    return " ".join(article.text[span.start:span.end].split())


def _pick(a: Claim, b: Claim, reason: str) -> tuple[Mention, Mention]:
    """The two mentions the difference is about: from different reports, preferring the ones
    whose words the reason quotes."""
    def quoted(m: Mention) -> int:
        return sum(1 for part in reason.split("'")[1::2] if part and part in m.text)

    pairs = [(ma, mb) for ma in a.mentions for mb in b.mentions if ma.article_id != mb.article_id]
    if not pairs:
        return a.mentions[0], b.mentions[0]
    return max(pairs, key=lambda p: quoted(p[0]) + quoted(p[1]))


def _difference(a: Claim, b: Claim, reason: str, by_id: dict[str, Article], *, status: str = "conflicting") -> BriefSentence:
    ma, mb = _pick(a, b, reason)
    article_ids = list(dict.fromkeys([ma.article_id, mb.article_id] + [m.article_id for c in (a, b) for m in c.mentions]))
    text = (f"{_label(ma.article_id, by_id)}{_in_language(ma.article_id, by_id)}: “{_statement(ma, by_id)}” — "
            f"{_label(mb.article_id, by_id)}{_in_language(mb.article_id, by_id)}: “{_statement(mb, by_id)}” ({reason}).")
    return BriefSentence(text=text, claim_ids=(a.id, b.id), article_ids=tuple(article_ids),
                         status=status, section="differ")
