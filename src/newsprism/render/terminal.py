"""Stories for the terminal, as rich renderables (built here, printed by the CLI): one story
(``newsprism story ID``) and the list of stories (``newsprism stories``).

Readable at 80 columns: long text wraps inside its column, ids and dates never wrap, and no line
is wider than the console (the CLI tests print at a width of 80). Colours follow the verdicts;
without a colour terminal the words carry the same information.
"""

from __future__ import annotations

from typing import Iterable, Mapping, Protocol, Sequence

from rich import box
from rich.console import Group, RenderableType
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from newsprism.render.view import VERDICT_LABELS, VERDICTS, outlet_name, outlet_rows, report_labels
from newsprism.types import Article, Story, StoryReport

STYLES = {"corroborated": "green", "repeated": "yellow", "single-source": "blue", "conflicting": "red"}
SHORT_LABELS = {"corroborated": "corroborated", "repeated": "repeated", "single-source": "single-source",
                "conflicting": "conflicting"}
SECTIONS = {"summary": "Brief", "only_in": "Only in one report", "differ": "Where reports differ"}


def verdict_counts(counts: Mapping[str, int] | Iterable[tuple[str, int]], *, sep: str = " · ",
                   labels: Mapping[str, str] = VERDICT_LABELS) -> Text:
    """Non-zero verdict counts as coloured words: "3 corroborated · 1 single source"."""
    items = dict(counts.items() if isinstance(counts, Mapping) else counts)
    order = [v for v in VERDICTS if items.get(v)] + [v for v in items if v not in VERDICTS and items[v]]
    out = Text()
    for verdict in order:
        if out:
            out.append(sep)
        # a no-break space: a count never wraps away from its verdict
        out.append(f"{items[verdict]}\u00a0{labels.get(verdict, verdict)}", style=STYLES.get(verdict, ""))
    return out or Text("no claims yet", style="dim")


def _day(value: str | None) -> str:
    return (value or "")[:10]


def _heading(text: str) -> Text:
    return Text(f"\n{text}", style="bold underline")


def story(report: StoryReport, articles: Sequence[Article]) -> Group:
    """One story: title, meta line, verdict counts, the brief with numbered citations, the
    claims with verdicts and where they were said, and the outlets with what they carried."""
    story = report.story
    numbers = {a.id: n for n, a in enumerate(articles, 1)}
    labels = report_labels(articles)
    outlets = outlet_rows(report, articles)
    span = _day(story.first_seen) + (f" – {_day(story.last_seen)}" if _day(story.last_seen) not in ("", _day(story.first_seen)) else "")
    known = {outlet_name(a) for a in articles} - {""}
    where = f" from {len(known)} outlet(s)" if known else ""
    meta = Text(f"Story {story.id} · {len(articles)} report(s){where} · "
                f"{report.independent_origins} independent origin(s)" + (f" · {span}" if span else ""), style="dim")
    counts: dict[str, int] = {}
    for claim in report.claims:
        counts[claim.status] = counts.get(claim.status, 0) + 1
    parts: list[RenderableType] = [Text(story.title or "(untitled story)", style="bold"), meta, verdict_counts(counts)]
    parts += _brief(report, numbers)
    if report.claims:
        parts += [_heading("Claims"), _claims(report, numbers)]
    parts += [_heading("Reports"), _reports(articles, labels)]
    if outlets:
        parts += [_heading("Outlets"), _outlets(outlets, numbers)]
    return Group(*parts)


def _brief(report: StoryReport, numbers: Mapping[str, int]) -> list[RenderableType]:
    out: list[RenderableType] = []
    section, lines = None, None
    for sentence in report.brief:
        if sentence.section != section:
            section = sentence.section
            lines = Table.grid(padding=(0, 1, 0, 0))  # a bullet column: wrapped lines hang under the text
            lines.add_column(no_wrap=True)
            lines.add_column(ratio=1)
            out += [_heading(SECTIONS.get(section, section.replace("_", " ").capitalize())), Padding(lines, (0, 0, 0, 2))]
        line = Text(sentence.text)
        if sentence.status:
            line.append(f" — {VERDICT_LABELS.get(sentence.status, sentence.status)}", style=STYLES.get(sentence.status, ""))
        cites = "".join(f"[{n}]" for n in sorted({numbers[a] for a in sentence.article_ids if a in numbers}))
        line.append(f" {cites} {', '.join(sentence.claim_ids)}", style="dim")
        lines.add_row("•", line)
    if not report.brief:
        out += [_heading("Brief"), Text("  No brief yet.", style="dim")]
    return out


def _claims(report: StoryReport, numbers: Mapping[str, int]) -> Table:
    table = Table(box=box.SIMPLE_HEAD, expand=True, pad_edge=False, show_edge=False)
    table.add_column("id", no_wrap=True, style="dim")
    table.add_column("claim", ratio=3, overflow="fold")
    table.add_column("verdict", ratio=1, min_width=10, overflow="fold")
    table.add_column("in", no_wrap=False, min_width=3)
    for claim in report.claims:
        said_in = " ".join(f"[{n}]" for n in sorted({numbers[m.article_id] for m in claim.mentions if m.article_id in numbers}))
        text = Text(claim.text)
        if claim.attribution:
            text.append(f" ({claim.attribution})", style="dim")
        verdict = Text(VERDICT_LABELS.get(claim.status, claim.status), style=STYLES.get(claim.status, ""))
        verdict.append(f"\n{claim.independent_origins} origin(s)", style="dim")
        table.add_row(claim.id, text, verdict, said_in)
    return table


def _reports(articles: Sequence[Article], labels: Mapping[str, str]) -> Table:
    table = Table(box=box.SIMPLE_HEAD, expand=True, pad_edge=False, show_edge=False)
    table.add_column("#", no_wrap=True, justify="right")
    table.add_column("report", ratio=2, overflow="fold")
    table.add_column("published", no_wrap=True)
    table.add_column("url", ratio=2, overflow="fold", style="dim")
    for n, article in enumerate(articles, 1):
        label = labels[article.id]
        if article.title and article.title.startswith(label.rstrip("…")):
            name = Text(article.title)  # named by its headline: the whole headline
        else:
            name = Text(label)
            if article.title:
                name.append(f"\n{article.title}", style="dim")
        table.add_row(str(n), name, _day(article.published), article.url or "")
    return table


def _outlets(rows: Sequence, numbers: Mapping[str, int]) -> Table:
    table = Table(box=box.SIMPLE_HEAD, expand=True, pad_edge=False, show_edge=False)
    table.add_column("outlet", ratio=2, overflow="fold")
    table.add_column("reports", no_wrap=True)
    table.add_column("claims carried", ratio=3, overflow="fold")
    for row in rows:
        carried = verdict_counts(row.verdicts)
        if row.claim_ids:
            carried.append(f"\n{', '.join(row.claim_ids)}", style="dim")
        table.add_row(row.name, " ".join(f"[{numbers[a]}]" for a in row.article_ids), carried)
    return table


class StoryListing(Protocol):
    """What the stories list shows of a story (``newsprism.api.StoryRow``)."""

    story: Story
    outlets: tuple[str, ...]
    verdicts: tuple[tuple[str, int], ...]


def stories(rows: Iterable[StoryListing]) -> Table:
    """The stories list: title, id and claims by verdict; article count, outlets, last seen."""
    table = Table(box=box.SIMPLE_HEAD, expand=True, pad_edge=False, show_edge=False)
    table.add_column("story", ratio=3, min_width=24, overflow="fold")
    table.add_column("articles", no_wrap=True, justify="right")
    table.add_column("outlets", ratio=1, overflow="fold")
    table.add_column("last seen", no_wrap=True)
    for row in rows:
        cell = Text(row.story.title or "(untitled story)")
        cell.append(f"\n{row.story.id}", style="dim")
        cell.append("\n")
        cell.append_text(verdict_counts(row.verdicts, labels=SHORT_LABELS))
        table.add_row(cell, str(len(row.story.article_ids)), ", ".join(row.outlets), _day(row.story.last_seen))
    return table
