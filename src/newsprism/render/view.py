"""Pieces shared by the HTML report and the web app: verdict colours, report names, text
highlighted by claim, and the story's pictures (drawn in ``pictures.py``). Every piece of article
text is escaped here; callers receive safe markup.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html import escape
from typing import Iterable, Mapping, Sequence

from newsprism.rules.outlets import report_label, site_of
from newsprism.rules import languages
from newsprism.render import pictures
from newsprism.types import Article, ArithmeticCheck, Claim, StoryReport

VERDICT_COLOURS = dict(pictures.VERDICT_FILLS)
VERDICT_BACKGROUNDS = {
    "corroborated": "#dff0d8",
    "repeated": "#fcefc7",
    "single-source": "#dbe8f7",
    "conflicting": "#f8d7da",
}
VERDICT_LABELS = {
    "corroborated": "corroborated",
    "repeated": "repeated (one origin)",
    "single-source": "single source",
    "conflicting": "conflicting",
}


def quoted_in(language: str | None) -> str:
    """"[fr] " before a sentence quoted in another language than English (nothing for English)."""
    return "" if languages.is_english(language) else f"[{language}] "


def report_labels(articles: Iterable[Article], *, limit: int = 40) -> dict[str, str]:
    """article id -> how the report is named (``newsprism.rules.outlets.report_label``), numbered by
    position so that untitled reports are "report 1", "report 2"."""
    return {a.id: report_label(a, number=n, limit=limit) for n, a in enumerate(articles, 1)}


def outlet_name(article: Article) -> str:
    """The outlet of an article for a meta line: its outlet, else its URL's site, else ""."""
    if article.outlet:
        return article.outlet
    for url in (article.url, article.source):
        if url and re.match(r"^https?://", url.strip(), re.I):
            return site_of(url.strip())
    return ""


VERDICTS = ("corroborated", "repeated", "single-source", "conflicting")


@dataclass(frozen=True, slots=True)
class OutletRow:
    """One outlet of a story (its reports grouped by :func:`report_labels`) with the claims its
    reports carried and those claims counted by verdict (in ``VERDICTS`` order, then any other)."""

    name: str
    article_ids: tuple[str, ...]
    claim_ids: tuple[str, ...]
    verdicts: tuple[tuple[str, int], ...]


def outlet_rows(report: StoryReport, articles: Sequence[Article]) -> list[OutletRow]:
    """Which outlet carried which claims: outlets with the most claims first."""
    labels = report_labels(articles)
    groups: dict[str, list[str]] = {}
    for article in articles:
        groups.setdefault(labels[article.id], []).append(article.id)
    rows = []
    for name, ids in groups.items():
        carried = [c for c in report.claims if any(m.article_id in ids for m in c.mentions)]
        counts: dict[str, int] = {v: 0 for v in VERDICTS}
        for claim in carried:
            counts[claim.status] = counts.get(claim.status, 0) + 1
        rows.append(OutletRow(name, tuple(ids), tuple(c.id for c in carried),
                              tuple((v, n) for v, n in counts.items() if n)))
    return sorted(rows, key=lambda r: (-len(r.claim_ids), r.name))


def mention_anchor(article_id: str, claim_id: str) -> str:
    """The HTML id of a claim's mention in an article: what brief citations link to."""
    return f"m-{article_id}-{claim_id}"


@dataclass(frozen=True, slots=True)
class Segment:
    """A run of article text, either plain or one claim's mention."""

    text: str
    claim_id: str | None = None
    status: str | None = None
    anchor: str | None = None


def segments(article: Article, claims: Iterable[Claim]) -> list[Segment]:
    """The article's text cut into plain runs and claim mentions (no overlaps: earlier and longer
    mentions win)."""
    marks = sorted(
        ((m.start, m.end, c) for c in claims for m in c.mentions if m.article_id == article.id),
        key=lambda t: (t[0], -(t[1] - t[0])),
    )
    out: list[Segment] = []
    pos = 0
    for start, end, claim in marks:
        if start < pos or end > len(article.text) or start >= end:
            continue
        if start > pos:
            out.append(Segment(article.text[pos:start]))
        out.append(Segment(
            article.text[start:end], claim.id, claim.status, mention_anchor(article.id, claim.id)
        ))
        pos = end
    if pos < len(article.text):
        out.append(Segment(article.text[pos:]))
    return out


def highlighted_html(article: Article, claims: Iterable[Claim], *, link_prefix: str = "#") -> str:
    """The article text as escaped HTML paragraphs with each claim mention marked."""
    parts: list[str] = []
    for seg in segments(article, claims):
        text = escape(seg.text).replace("\n", "<br>\n")
        if seg.claim_id is None:
            parts.append(text)
        else:
            parts.append(
                f'<mark id="{escape(seg.anchor or "")}" class="claim v-{escape(seg.status or "")}" '
                f'title="{escape(seg.claim_id)}: {escape(VERDICT_LABELS.get(seg.status or "", ""))}">'
                f'{text}<sup><a href="{escape(link_prefix)}claim-{escape(seg.claim_id)}">'
                f"{escape(seg.claim_id)}</a></sup></mark>"
            )
    return "".join(parts)


def story_pictures(
    report: StoryReport, articles: dict[str, Article], labels: Mapping[str, str] | None = None
) -> dict[str, str]:
    """The three pictures of a story, as SVG markup (empty strings when there is nothing to draw).
    ``labels``: article id -> report name (default: :func:`report_labels` of the story's reports)."""
    members = [articles[a] for a in report.story.article_ids if a in articles]
    labels = labels if labels is not None else report_labels(members)
    return {
        "flows": pictures.flow_svg(report.flows),
        "origins": pictures.origins_svg(report.origins, labels),
        "timeline": pictures.timeline_svg(members, labels),
    }


def checks_once(checks: Iterable[ArithmeticCheck]) -> list[ArithmeticCheck]:
    """Each arithmetic check shown once: checks of one computation (the same expression) against
    several reports' stated figures, or through several claims of one input, become one, with
    every claim it rests on and each report's comparison said once."""
    merged: dict[str, ArithmeticCheck] = {}
    for check in checks:
        kept = merged.get(check.expression)
        if kept is None:
            merged[check.expression] = check
            continue
        extra = check.explanation
        against = extra.find("Against ")
        extra = extra[against:] if against >= 0 else extra
        explanation = kept.explanation if extra in kept.explanation else f"{kept.explanation} {extra}"
        merged[check.expression] = ArithmeticCheck(
            claim_ids=tuple(dict.fromkeys(kept.claim_ids + check.claim_ids)),
            expression=kept.expression, computed=kept.computed, stated_low=kept.stated_low,
            stated_high=kept.stated_high, consistent=kept.consistent and check.consistent,
            explanation=explanation,
        )
    return list(merged.values())


def said_in(claim: Claim, labels: Mapping[str, str]) -> list[str]:
    """Each report that states the claim, with whom that report attributes it to ("report 1
    (Nam Sung-wook)"): each report's attribution kept apart, never merged into one list."""
    out: dict[str, str] = {}
    for m in claim.mentions:
        label = labels.get(m.article_id, m.article_id)
        text = f"{label} ({m.attribution})" if m.attribution else label
        if m.article_id not in out or (m.attribution and "(" not in out[m.article_id]):
            out[m.article_id] = text
    return list(out.values())
