"""The dossier as one self-contained HTML file: no scripts, no external assets, every piece of
article text escaped (Jinja2 autoescape; SVG and highlighted text are built escaped in view.py)."""

from __future__ import annotations

from functools import cache

import jinja2
from markupsafe import Markup

from newsprism.render import view
from newsprism.types import Dossier


@cache
def _environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.PackageLoader("newsprism.render", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def render(dossier: Dossier) -> str:
    """The dossier as a self-contained HTML report."""
    articles = {a.id: a for a in dossier.articles}
    labels = view.report_labels(dossier.articles)
    short = view.report_labels(dossier.articles, limit=24)
    origin_of = {o.article_id: o for o in dossier.origins}
    stories = []
    for report in dossier.stories:
        members = [articles[a] for a in report.story.article_ids if a in articles]
        claim_of = {c.id: c for c in report.claims}
        stories.append({
            "report": report,
            "members": members,
            "claim_of": claim_of,
            "checks": view.checks_once(report.checks),
            "said_in": {c.id: view.said_in(c, labels) for c in report.claims},
            "texts": {a.id: Markup(view.highlighted_html(a, report.claims)) for a in members},
            "pictures": {k: Markup(v) for k, v in view.story_pictures(report, articles, labels).items()},
        })
    return _environment().get_template("report.html.j2").render(
        dossier=dossier,
        articles=articles,
        origin_of=origin_of,
        stories=stories,
        colours=view.VERDICT_COLOURS,
        backgrounds=view.VERDICT_BACKGROUNDS,
        labels=view.VERDICT_LABELS,
        anchor=view.mention_anchor,
        label=lambda aid: labels.get(aid, aid),
        short_label=lambda aid: short.get(aid, aid),
        outlet=view.outlet_name,
    )
