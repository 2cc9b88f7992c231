"""The dossier's claims as CSV for spreadsheets: one row per claim per report that says it.

Columns (``COLUMNS``, in this order, with a header row):

``story_id``, ``story_title``, ``claim_id`` (unique within its story), ``claim``, ``kind``,
``verdict``, ``independent_origins`` (of the claim), ``report`` (how the report is named:
``newsprism.rules.outlets.report_label``), ``outlet``, ``published``, ``article_id``, ``url``, ``said``
(the report's own words for the claim; several mentions joined with " … "), ``attribution`` (who
the report says said it: the speaker of the quote holding those words in that report, else the
claim's attribution), ``reason`` (why the verdict).

A claim that no report's words could be found for still gets one row, with the report columns
empty, so no claim is lost. Quoting follows RFC 4180 (Python's ``csv`` module). A cell that a
spreadsheet would run as a formula (starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage
return, and not a plain number) is prefixed with ``'``: article text is untrusted.
"""

from __future__ import annotations

import csv
import io
import re
from typing import Iterator

from newsprism.rules.outlets import report_label
from newsprism.types import Article, Claim, Dossier, Extraction, Mention, StoryReport

COLUMNS = (
    "story_id", "story_title", "claim_id", "claim", "kind", "verdict", "independent_origins",
    "report", "outlet", "published", "article_id", "url", "said", "attribution", "reason",
)
_FORMULA = re.compile(r"^[=+\-@\t\r]")
_NUMBER = re.compile(r"^[+-]?\d[\d,.]*%?$")


def _cell(value: object) -> str:
    text = "" if value is None else str(value)
    if _FORMULA.match(text) and not _NUMBER.match(text):
        return "'" + text
    return text


def attribution_in(claim: Claim, mentions: list[Mention], extraction: Extraction | None) -> str | None:
    """Who one report says said the claim: the speaker of a quote of that report holding the
    claim's words, else the claim's own attribution."""
    for quote in extraction.quotes if extraction else ():
        if quote.speaker and any(quote.start < m.end and m.start < quote.end for m in mentions):
            return quote.speaker
    return claim.attribution


def rows(dossier: Dossier) -> Iterator[dict[str, str]]:
    """One dict per claim per report, keyed by ``COLUMNS``."""
    articles = {a.id: a for a in dossier.articles}
    numbers = {a.id: n for n, a in enumerate(dossier.articles, 1)}
    extraction_of = {e.article_id: e for e in dossier.extractions}
    for report in dossier.stories:
        for claim in report.claims:
            by_article: dict[str, list[Mention]] = {}
            for mention in claim.mentions:
                by_article.setdefault(mention.article_id, []).append(mention)
            if not by_article:
                yield _row(report, claim, None, "", [], None, None)
            for article_id, mentions in by_article.items():
                article = articles.get(article_id)
                label = report_label(article, number=numbers[article_id]) if article else ""
                yield _row(report, claim, article, article_id, mentions, label,
                           attribution_in(claim, mentions, extraction_of.get(article_id)))


def _row(report: StoryReport, claim: Claim, article: Article | None, article_id: str,
         mentions: list[Mention], label: str | None, attribution: str | None) -> dict[str, str]:
    said = " … ".join(dict.fromkeys(" ".join(m.text.split()) for m in mentions))
    values = {
        "story_id": report.story.id, "story_title": report.story.title, "claim_id": claim.id,
        "claim": claim.text, "kind": claim.kind, "verdict": claim.status,
        "independent_origins": claim.independent_origins, "report": label,
        "outlet": article.outlet if article else None, "published": article.published if article else None,
        "article_id": article_id, "url": article.url if article else None, "said": said,
        "attribution": attribution, "reason": claim.reason,
    }
    return {k: _cell(values[k]) for k in COLUMNS}


def render(dossier: Dossier) -> str:
    """The claims as CSV text with a header row."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS)
    writer.writeheader()
    writer.writerows(rows(dossier))
    return out.getvalue()
