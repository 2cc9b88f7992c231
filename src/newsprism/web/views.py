"""What the pages and the API show, built from store records. Plain functions, no I/O.

Everything that ends up in HTML either goes through Jinja2's autoescaping or is escaped here
(``Markup`` is only ever built from escaped pieces).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from html import escape
from typing import Iterable, Sequence
from urllib.parse import urlsplit

from markupsafe import Markup

from newsprism.rules.outlets import report_label
from newsprism.render.view import (
    VERDICT_LABELS,
    checks_once,
    highlighted_html,
    mention_anchor,
    outlet_name,
    outlet_rows,
    quoted_in,
    report_labels,
    segments,
    story_pictures,
)
from newsprism.render.pictures import outlet_chart_svg
from newsprism.store import MARK_END, MARK_START, StorySummary
from newsprism.types import Article, Claim, Extraction, StoryReport

VERDICTS = ("corroborated", "repeated", "single-source", "conflicting")
_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.:-]{0,159}$")


def valid_id(value: str) -> bool:
    """Ids come from requests: only short strings of letters, digits and ``_.:-`` are looked up."""
    return bool(_ID.match(value))


def css_token(value: str | None) -> str:
    """A value safe to use inside a class name (verdicts are free text in the store)."""
    return re.sub(r"[^a-z0-9-]", "", (value or "").lower())


def safe_url(url: str | None) -> str | None:
    """Only http(s) URLs become links; anything else (javascript:, data:) is shown as text."""
    if not url:
        return None
    try:
        scheme = urlsplit(url.strip()).scheme.lower()
    except ValueError:
        return None
    return url.strip() if scheme in {"http", "https"} else None


def snippet_html(snippet: str) -> Markup:
    """A search snippet, escaped, with the matched words in <mark>."""
    text = escape(snippet.replace("\n", " "))
    return Markup(text.replace(MARK_START, "<mark>").replace(MARK_END, "</mark>"))


def snippet_plain(snippet: str) -> str:
    return snippet.replace(MARK_START, "").replace(MARK_END, "")


def display_name(article: Article) -> str:
    """A heading for an article: its title, else how the report is named (its outlet or site;
    never its file name)."""
    return article.title or report_label(article)


def short_time(value: str | None) -> str:
    if not value:
        return ""
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return value
    return moment.strftime("%Y-%m-%d %H:%M") if len(value) > 10 else moment.strftime("%Y-%m-%d")


def verdict_counts(claims: Iterable[Claim]) -> dict[str, int]:
    counts = {v: 0 for v in VERDICTS}
    for claim in claims:
        counts[claim.status] = counts.get(claim.status, 0) + 1
    return counts


def story_summary(summary: StorySummary, outlets: Sequence[str]) -> dict:
    """One row of the stories list (page and API)."""
    verdicts = {v: 0 for v in VERDICTS}
    verdicts.update(summary.verdicts)
    return {
        "id": summary.id,
        "title": summary.title,
        "first_seen": summary.first_seen,
        "last_seen": summary.last_seen,
        "article_count": summary.article_count,
        "outlets": list(outlets),
        "outlet_count": len(outlets),
        "independent_origins": summary.independent_origins,
        "claim_count": summary.claim_count,
        "verdicts": verdicts,
    }


@dataclass
class Citation:
    label: str
    href: str
    title: str


@dataclass
class BriefLine:
    text: str
    status: str | None
    section: str
    citations: list[Citation] = field(default_factory=list)


def _by_time(articles: Iterable[Article]) -> list[Article]:
    from newsprism.store.rows import utc_key

    return sorted(articles, key=lambda a: (utc_key(a.published) or "9999", a.id))


def brief_lines(report: StoryReport, articles: dict[str, Article], rendered: set[str]) -> list[BriefLine]:
    """Brief sentences with numbered citations linking to the exact cited span when it is shown,
    else to the cited report."""
    claims = {c.id: c for c in report.claims}
    labels = report_labels(articles.values())
    numbers = {a: n + 1 for n, a in enumerate(articles)}
    out = []
    for sentence in report.brief:
        line = BriefLine(quoted_in(sentence.language) + sentence.text, sentence.status, sentence.section)
        for claim_id in sentence.claim_ids:
            claim = claims.get(claim_id)
            cited = [m.article_id for m in claim.mentions] if claim else []
            ordered = sorted(dict.fromkeys(sentence.article_ids), key=lambda a: numbers.get(a, len(numbers) + 1))
            for article_id in (a for a in ordered if a in cited or not claim):
                anchor = mention_anchor(article_id, claim_id)
                name = labels.get(article_id, article_id)
                line.citations.append(Citation(
                    label=f"{numbers.get(article_id, '?')}",
                    href=f"#{anchor}" if anchor in rendered else f"#article-{article_id}",
                    title=f"{name}, claim {claim_id}",
                ))
        if not line.citations:  # cited articles without a matching mention still get a link
            for article_id in sentence.article_ids:
                line.citations.append(Citation(f"{numbers.get(article_id, '?')}", f"#article-{article_id}", article_id))
        out.append(line)
    return out


def story_context(report: StoryReport, members: Sequence[Article]) -> dict:
    """Everything the story page shows."""
    articles = {a.id: a for a in _by_time(members)}
    labels = report_labels(articles.values())
    bodies, rendered = [], set()
    for article in articles.values():
        rendered.update(s.anchor for s in segments(article, report.claims) if s.anchor)
        bodies.append({
            "article": article,
            "name": article.title or labels[article.id],
            "url": safe_url(article.url),
            "html": Markup(highlighted_html(article, report.claims)),
            "claims": sum(1 for c in report.claims for m in c.mentions if m.article_id == article.id),
        })
    pictures = {k: Markup(v) for k, v in story_pictures(report, articles, labels).items()}
    numbers = {a: n + 1 for n, a in enumerate(articles)}

    def where(article_id: str) -> str:
        return f"[{numbers[article_id]}] {labels[article_id]}" if article_id in labels else article_id

    claims = [{
        "claim": c,
        "status": css_token(c.status),
        "label": VERDICT_LABELS.get(c.status, c.status),
        "mentions": [
            {"href": f"#{mention_anchor(m.article_id, c.id)}", "article_id": m.article_id,
             "outlet": where(m.article_id)}
            for m in {m.article_id: m for m in reversed(c.mentions)}.values()  # one link per report
        ],
    } for c in report.claims]
    return {
        "report": report,
        "checks": checks_once(report.checks),
        "articles": list(articles.values()),
        "bodies": bodies,
        "brief": brief_lines(report, articles, rendered),
        "claims": claims,
        "verdicts": verdict_counts(report.claims),
        "pictures": pictures,
        "outlets": sorted({a.outlet for a in members if a.outlet}),
    }


def outlet_matrix(report: StoryReport, members: Sequence[Article]) -> dict:
    """Which outlet carried which claim: outlets (most claims first) with their verdict counts,
    and per claim a cell per outlet. Shared by the outlets page and the JSON API."""
    articles = _by_time(members)
    rows = outlet_rows(report, articles)
    claims = []
    for claim in report.claims:
        said_in = {m.article_id for m in claim.mentions}
        claims.append({
            "claim": claim, "status": css_token(claim.status), "label": VERDICT_LABELS.get(claim.status, claim.status),
            "carried": [bool(said_in & set(row.article_ids)) for row in rows],
        })
    return {"outlets": rows, "claims": claims, "verdicts": verdict_counts(report.claims)}


def outlet_context(report: StoryReport, members: Sequence[Article]) -> dict:
    """Everything the outlets page shows: the matrix and the chart of claims per outlet."""
    matrix = outlet_matrix(report, members)
    chart = outlet_chart_svg([(row.name, dict(row.verdicts)) for row in matrix["outlets"]], VERDICT_LABELS)
    numbers = {a.id: n for n, a in enumerate(_by_time(members), 1)}
    return {**matrix, "report": report, "chart": Markup(chart), "numbers": numbers,
            "articles": {a.id: a for a in members}}


def outlet_json(report: StoryReport, members: Sequence[Article]) -> dict:
    """The outlets view as JSON (``/api/stories/{id}/outlets``)."""
    matrix = outlet_matrix(report, members)
    names = [row.name for row in matrix["outlets"]]
    return {
        "story_id": report.story.id,
        "outlets": [
            {"name": row.name, "article_ids": list(row.article_ids), "claim_ids": list(row.claim_ids),
             "verdicts": {**{v: 0 for v in VERDICTS}, **dict(row.verdicts)}}
            for row in matrix["outlets"]
        ],
        "claims": [
            {"id": c["claim"].id, "text": c["claim"].text, "status": c["claim"].status,
             "outlets": [name for name, carried in zip(names, c["carried"]) if carried]}
            for c in matrix["claims"]
        ],
    }


def _marked(text: str, base: int, spans: list[tuple[int, int, str, str]]) -> str:
    """Escaped ``text`` (which starts at ``base``) with non-overlapping spans wrapped in <mark>."""
    out, pos = [], base
    for start, end, kind, title in sorted(spans):
        if start < pos or end > base + len(text) or start >= end:
            continue
        out.append(escape(text[pos - base:start - base]))
        out.append(f'<mark class="x-{kind}" title="{escape(title)}">{escape(text[start - base:end - base])}</mark>')
        pos = end
    out.append(escape(text[pos - base:]))
    return "".join(out)


def extraction_html(article: Article, extraction: Extraction | None) -> Markup:
    """The article text with quotes (outer spans), and entities and quantities inside them."""
    text = article.text
    if extraction is None:
        return Markup(escape(text))
    inner = [(m.start, m.end, "entity", f"{m.type}: {m.entity_id}") for m in extraction.mentions]
    inner += [(q.start, q.end, "quantity", _quantity_title(q.quantity)) for q in extraction.quantities]
    quotes = sorted((q.start, q.end, q.speaker or "unknown speaker") for q in extraction.quotes
                    if 0 <= q.start < q.end <= len(text))
    out, pos = [], 0
    for start, end, speaker in quotes:
        if start < pos:
            continue
        out.append(_marked(text[pos:start], pos, [s for s in inner if pos <= s[0] and s[1] <= start]))
        body = _marked(text[start:end], start, [s for s in inner if start <= s[0] and s[1] <= end])
        out.append(f'<span class="x-quote" title="quote: {escape(speaker)}">{body}</span>')  # the text has its own quotation marks: a <q> would double them
        pos = end
    out.append(_marked(text[pos:], pos, [s for s in inner if pos <= s[0]]))
    return Markup("".join(out))


def _quantity_title(value) -> str:
    parts = []
    if value.value is not None:
        parts.append(f"{value.value:g}")
    elif value.low is not None or value.high is not None:
        parts.append(f"{value.low if value.low is not None else '?'}–{value.high if value.high is not None else '?'}")
    parts += [p for p in (value.unit, f"per {value.per}" if value.per else None,
                          f"({value.hedge})" if value.hedge else None, value.what) if p]
    return "quantity: " + " ".join(str(p) for p in parts)
