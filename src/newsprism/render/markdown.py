"""The dossier as Markdown for people: per story the brief with citations, the verdicts with
their reasons, where reports differ, the origins and why reports were merged, then the articles
and the failures."""

from __future__ import annotations

from typing import Sequence

from newsprism.render.view import VERDICT_LABELS, checks_once, quoted_in, report_labels, said_in
from newsprism.types import Article, ArticleOrigins, Dossier, StoryReport


def _cell(text: str | None) -> str:
    return (text or "").replace("|", "\\|").replace("\n", " ")


def _brief(report: StoryReport, labels: dict[str, str]) -> list[str]:
    lines: list[str] = []
    section = None
    titles = {"summary": "Brief", "only_in": "Only in one report", "differ": "Where reports differ"}
    for sentence in report.brief:
        if sentence.section != section:
            section = sentence.section
            lines += ["", f"### {titles.get(section, section.replace('_', ' ').capitalize())}", ""]
        cites = ", ".join(sentence.claim_ids)
        sources = "; ".join(labels.get(a, a) for a in sentence.article_ids)
        status = f" *({VERDICT_LABELS.get(sentence.status or '', sentence.status)})*" if sentence.status else ""
        lines.append(f"- {quoted_in(sentence.language)}{sentence.text}{status} [{cites} — {sources}]")
    return lines


def _claims(report: StoryReport, labels: dict[str, str]) -> list[str]:
    if not report.claims:
        return []
    lines = ["", "### Claims and verdicts", "", "| id | claim | verdict | origins | said in | reason |",
             "|---|---|---|---|---|---|"]
    for c in report.claims:
        said = "; ".join(said_in(c, labels))
        lines.append(
            f"| {c.id} | {_cell(c.text)} | {VERDICT_LABELS.get(c.status, c.status)} | "
            f"{c.independent_origins} | {_cell(said)} | {_cell(c.reason)} |"
        )
    for check in checks_once(report.checks):
        verdict = "consistent" if check.consistent else "NOT consistent"
        lines.append("")
        lines.append(f"- Arithmetic check ({', '.join(check.claim_ids)}): {check.expression} — {verdict}. {check.explanation}")
    return lines


def _origins(report: StoryReport, labels: dict[str, str], origin_of: dict[str, ArticleOrigins]) -> list[str]:
    lines = ["", f"### Origins: {report.independent_origins} independent", ""]
    for group in report.origins:
        reports = ", ".join(labels.get(a, a) for a in group.article_ids)
        why = f" — {group.reason}" if group.reason else ""
        lines.append(f"- **{group.name}**: {len(group.article_ids)} report(s) ({reports}){why}")
        for aid in group.article_ids:
            origin = origin_of.get(aid)
            if origin and origin.chain:
                lines.append(f"  - {labels.get(aid, aid)} → " + " → ".join(origin.chain))
    return lines


def _story(report: StoryReport, labels: dict[str, str], origin_of: dict[str, ArticleOrigins]) -> list[str]:
    story = report.story
    lines = [f"## {story.title or story.id}", ""]
    lines.append(f"Story `{story.id}`: {len(story.article_ids)} report(s), "
                 f"{report.independent_origins} independent origin(s).")
    lines += _brief(report, labels)
    lines += _claims(report, labels)
    lines += _origins(report, labels, origin_of)
    if report.flows:
        lines += ["", "### Flows", ""]
        lines += [f"- {f.source} → {f.target}: {f.what}" for f in report.flows]
    if report.entities:
        lines += ["", "### Entities", ""]
        lines += [f"- {e.name} ({e.type}): {', '.join(e.aliases)}" for e in report.entities]
    return lines + [""]


def _articles(articles: Sequence[Article], labels: dict[str, str], origin_of: dict[str, ArticleOrigins]) -> list[str]:
    lines = ["## Articles", "", "| # | report | id | title | outlet | published | cites | source |",
             "|---|---|---|---|---|---|---|---|"]
    for n, a in enumerate(articles, 1):
        cites = ", ".join(origin_of[a.id].cites) if a.id in origin_of else ""
        lines.append(
            f"| {n} | {_cell(labels.get(a.id))} | `{a.id}` | {_cell(a.title)} | {_cell(a.outlet)} | "
            f"{_cell(a.published)} | {_cell(cites)} | {_cell(a.source)} |"
        )
    return lines + [""]


def render(dossier: Dossier) -> str:
    """The dossier as one Markdown document."""
    labels = report_labels(dossier.articles)
    origin_of = {o.article_id: o for o in dossier.origins}
    lines = ["# newsprism dossier", ""]
    lines.append(f"{len(dossier.articles)} article(s), {len(dossier.stories)} story(ies), "
                 f"{len(dossier.failures)} failure(s).")
    lines.append("")
    for report in dossier.stories:
        lines += _story(report, labels, origin_of)
    lines += _articles(dossier.articles, labels, origin_of)
    if dossier.failures:
        lines += ["## Failures", "", "| source | stage | reason |", "|---|---|---|"]
        lines += [f"| {_cell(f.source)} | {f.stage} | {_cell(f.error)} |" for f in dossier.failures]
        lines.append("")
    return "\n".join(lines)
