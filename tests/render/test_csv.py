"""--format csv: one row per claim per report, with verdicts, the report's words and citations."""

from __future__ import annotations

import csv
import dataclasses
import io

from newsprism.render import render
from newsprism.render.csv import COLUMNS
from newsprism.types import Claim, Dossier, Mention, Story, StoryReport


def parse(text: str) -> list[dict[str, str]]:
    reader = csv.DictReader(io.StringIO(text, newline=""))
    assert tuple(reader.fieldnames) == COLUMNS
    return list(reader)


def test_one_row_per_claim_per_report(seed_dossier):
    rows = parse(render(seed_dossier, "csv"))
    report = seed_dossier.stories[0]
    expected = sum(len({m.article_id for m in c.mentions}) for c in report.claims)
    assert len(rows) == expected == 7
    assert {(r["claim_id"], r["article_id"]) for r in rows} == {
        (c.id, m.article_id) for c in report.claims for m in c.mentions
    }
    c3 = [r for r in rows if r["claim_id"] == "c3"]
    assert [r["said"] for r in c3] == ["600,000 to 700,000 tonnes of rice", "600,000 to 700,000 tons of rice"]
    assert all(r["verdict"] == "corroborated" and r["independent_origins"] == "2" for r in c3)
    assert all(r["story_id"] == "s-seeds" and r["reason"] == "Two reports give the same range." for r in c3)


def test_reports_are_named_and_cited(seed_dossier):
    untitled, titled = seed_dossier.articles  # 003_dabc40df9440d71a.txt has no headline line
    rows = parse(render(seed_dossier, "csv"))
    by_article = {r["article_id"]: r for r in rows}
    assert by_article[titled.id]["report"] == "Russia backs North Korea with aid, rice…"
    assert by_article[untitled.id]["report"] == "report 1"  # no outlet, URL or headline: never its file name
    assert by_article[titled.id]["published"] == "2024-11-04T18:19:00-05:00"
    assert not any(".txt" in r["report"] for r in rows)


def test_attribution_is_the_reports_own(seed_dossier):
    rows = parse(render(seed_dossier, "csv"))
    c2 = next(r for r in rows if r["claim_id"] == "c2")
    assert c2["attribution"] == "Wee Sung-luck"
    c1 = {r["article_id"]: r["attribution"] for r in rows if r["claim_id"] == "c1"}
    assert set(c1.values()) == {""}


def test_quoting_and_formula_cells():
    text = 'He said "no", then, later:\nyes'
    claim = Claim("c1", "quote", text, "single-source", "=HYPERLINK(\"http://x\")", 1,
                  (Mention("a1", 0, 4, "-1 + =2"),))
    report = StoryReport(story=Story("s1", "A, \"quoted\" title", ("a1",)), claims=(claim,))
    rows = parse(render(Dossier(articles=(), stories=(report,)), "csv"))
    assert rows[0]["claim"] == text and rows[0]["story_title"] == 'A, "quoted" title'
    assert rows[0]["reason"].startswith("'=") and rows[0]["said"] == "'-1 + =2"


def test_a_claim_without_mentions_keeps_a_row(seed_dossier):
    report = seed_dossier.stories[0]
    bare = dataclasses.replace(report.claims[0], id="c9", mentions=())
    dossier = dataclasses.replace(seed_dossier, stories=(dataclasses.replace(report, claims=(bare,)),))
    rows = parse(render(dossier, "csv"))
    assert [(r["claim_id"], r["article_id"], r["report"]) for r in rows] == [("c9", "", "")]
