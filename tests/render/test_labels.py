"""How reports are named to readers: one rule (``newsprism.rules.outlets.report_label``) everywhere."""

from __future__ import annotations

import dataclasses

from hypothesis import given
from hypothesis import strategies as st

from newsprism.rules.outlets import report_label, shorten
from newsprism.render import markdown
from newsprism.types import Article, Dossier

TITLE = "Russia backs North Korea with aid, rice, and military ties"
HASHED = "examples/seeds/003_dabc40df9440d71a.txt"


def article(**fields) -> Article:
    base = Article(id="a1", source=HASHED, reader="text.v1", text="Some text.", content_hash="h")
    return dataclasses.replace(base, **fields)


def test_outlet_first():
    assert report_label(article(outlet="The Korea Herald", title=TITLE, url="https://x.example.com/a")) == "The Korea Herald"


def test_then_the_site_of_the_url():
    assert report_label(article(title=TITLE, url="https://www.koreaherald.com/view.php?ud=2024")) == "koreaherald.com"
    assert report_label(article(source="http://news.bbc.co.uk/2/hi/asia.stm")) == "bbc.co.uk"


def test_then_the_headline_cut_at_a_word():
    label = report_label(article(title=TITLE))
    assert label == "Russia backs North Korea with aid, rice…"
    assert len(label) <= 40 and "'" not in label
    assert report_label(article(title="Short headline")) == "Short headline"


def test_then_report_n_never_the_file_name():
    assert report_label(article(), number=2) == "report 2"
    assert report_label(article()) == "untitled report"
    assert "dabc40df" not in report_label(article(title="  "), number=1)


@given(st.text(min_size=1, max_size=120), st.integers(min_value=8, max_value=80))
def test_shorten_keeps_to_the_limit_and_keeps_a_prefix(text, limit):
    out = shorten(text, limit)
    assert len(out) <= limit
    assert out == text or (out.endswith("…") and text.startswith(out[:-1]))


def test_markdown_names_reports_by_the_rule_not_by_file():
    first = article(id="a1", title=TITLE, source="in/000_950007d2726c287a.txt")
    second = article(id="a2", source=HASHED)
    text = markdown.render(Dossier(articles=(first, second)))
    assert "| 1 | Russia backs North Korea with aid, rice… |" in text
    assert "| 2 | report 2 |" in text
