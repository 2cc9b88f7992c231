"""Pieces shared by the HTML report and the web app: verdict colours, text highlighted by claim,
and server-made SVG pictures (flow graph, origins graph, timeline). Every piece of article text
is escaped here; callers receive safe markup.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime
from html import escape
from typing import Iterable, Sequence

from newsprism.types import Article, Claim, Flow, OriginGroup, StoryReport

VERDICT_COLOURS = {
    "corroborated": "#2e7d32",
    "repeated": "#b26a00",
    "single-source": "#1565c0",
    "conflicting": "#c62828",
}
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


def article_label(article: Article, *, limit: int = 48) -> str:
    """How a report is named to a reader: its outlet, else its headline, else its file name."""
    if article.outlet:
        return article.outlet
    if article.title:
        return _short(article.title, limit)
    return article.source.rstrip("/").rsplit("/", 1)[-1]


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


def _svg(width: int, height: int, body: str, title: str) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="100%" role="img" aria-label="{escape(title)}"><title>{escape(title)}</title>'
        '<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" '
        'markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#555"/>'
        f"</marker></defs>{body}</svg>"
    )


def _circle_layout(names: Sequence[str], cx: float, cy: float, r: float) -> dict[str, tuple[float, float]]:
    if len(names) == 1:
        return {names[0]: (cx, cy)}
    return {
        n: (cx + r * math.cos(2 * math.pi * i / len(names) - math.pi / 2),
            cy + r * math.sin(2 * math.pi * i / len(names) - math.pi / 2))
        for i, n in enumerate(names)
    }


def _short(text: str, limit: int = 34) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def flow_svg(flows: Sequence[Flow]) -> str:
    """Who gives what to whom, as a directed graph (empty string when there are no flows)."""
    if not flows:
        return ""
    names = list(dict.fromkeys([f.source for f in flows] + [f.target for f in flows]))
    width, height = 640, 360
    pos = _circle_layout(names, width / 2, height / 2, min(width, height) / 2 - 60)
    edges: dict[tuple[str, str], list[str]] = {}
    for f in flows:
        edges.setdefault((f.source, f.target), []).append(f.what)
    body = []
    for (src, dst), whats in edges.items():
        (x1, y1), (x2, y2) = pos[src], pos[dst]
        dx, dy = x2 - x1, y2 - y1
        dist = math.hypot(dx, dy) or 1.0
        sx, sy, ex, ey = x1 + dx / dist * 40, y1 + dy / dist * 22, x2 - dx / dist * 40, y2 - dy / dist * 22
        label = _short("; ".join(dict.fromkeys(whats)), 60)
        body.append(
            f'<line x1="{sx:.0f}" y1="{sy:.0f}" x2="{ex:.0f}" y2="{ey:.0f}" stroke="#555" '
            f'stroke-width="1.6" marker-end="url(#arrow)"/>'
            f'<text x="{(sx + ex) / 2:.0f}" y="{(sy + ey) / 2 - 6:.0f}" font-size="11" '
            f'text-anchor="middle" fill="#333">{escape(label)}</text>'
        )
    for name, (x, y) in pos.items():
        body.append(
            f'<rect x="{x - 62:.0f}" y="{y - 16:.0f}" width="124" height="32" rx="8" fill="#eef" '
            f'stroke="#446"/><text x="{x:.0f}" y="{y + 4:.0f}" font-size="12" text-anchor="middle">'
            f"{escape(_short(name, 20))}</text>"
        )
    return _svg(width, height, "".join(body), "Flow graph: who gives what to whom")


def origins_svg(groups: Sequence[OriginGroup], articles: dict[str, Article]) -> str:
    """Reports on the left, each linked to the independent origin it traces to on the right."""
    if not groups:
        return ""
    height = max(80, 40 * sum(len(g.article_ids) for g in groups) + 20)
    width = 640
    body = []
    row = 0
    for group in groups:
        # the origin box sits level with the middle of its reports
        ty = 30 + 40 * (row + (len(group.article_ids) - 1) / 2)
        for aid in group.article_ids:
            y = 30 + 40 * row
            article = articles.get(aid)
            label = article_label(article, limit=38) if article else aid
            body.append(
                f'<text x="10" y="{y + 4}" font-size="12">{escape(label)}</text>'
                f'<line x1="260" y1="{y}" x2="420" y2="{ty:.0f}" stroke="#777" marker-end="url(#arrow)"/>'
            )
            row += 1
        body.append(
            f'<rect x="425" y="{ty - 15:.0f}" width="205" height="30" rx="8" fill="#fff3e0" '
            f'stroke="#a65"/><text x="527" y="{ty + 4:.0f}" font-size="12" text-anchor="middle">'
            f"{escape(_short(group.name, 30))}</text>"
        )
    return _svg(width, height, "".join(body), "Origins: which independent source each report traces to")


def _parse_time(text: str | None) -> datetime | None:
    if not text:
        return None
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        return None


def timeline_svg(articles: Sequence[Article]) -> str:
    """Reports placed on a time axis by publication time (undated reports listed apart)."""
    dated = [(t, a) for a in articles if (t := _parse_time(a.published))]
    if not dated:
        return ""
    dated.sort(key=lambda p: p[0].timestamp())
    stamps = [t.timestamp() for t, _ in dated]
    lo, hi = min(stamps), max(stamps)
    span = (hi - lo) or 1.0
    width, height = 640, 60 + 22 * len(dated)
    body = ['<line x1="40" y1="30" x2="600" y2="30" stroke="#444"/>']
    for i, (t, a) in enumerate(dated):
        x = 40 + 560 * ((t.timestamp() - lo) / span if hi > lo else 0.5)
        y = 52 + 22 * i
        body.append(
            f'<circle cx="{x:.0f}" cy="30" r="5" fill="#1565c0"/>'
            f'<line x1="{x:.0f}" y1="35" x2="{x:.0f}" y2="{y - 4}" stroke="#bbb"/>'
            f'<text x="{x + (-6 if x > 320 else 6):.0f}" y="{y}" font-size="11" '
            f'text-anchor="{"end" if x > 320 else "start"}">{escape(t.isoformat())} '
            f"{escape(article_label(a, limit=40))}</text>"
        )
    return _svg(width, height, "".join(body), "Timeline of the reports")


def story_pictures(report: StoryReport, articles: dict[str, Article]) -> dict[str, str]:
    """The three pictures of a story, as SVG markup (empty strings when there is nothing to draw)."""
    members = [articles[a] for a in report.story.article_ids if a in articles]
    return {
        "flows": flow_svg(report.flows),
        "origins": origins_svg(report.origins, articles),
        "timeline": timeline_svg(members),
    }
