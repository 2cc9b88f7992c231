"""Plain text: the seeds (the golden case) and the headline / dateline / credit rules."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsprism.errors import EmptyInput
from newsprism.ingest.text import is_credit, is_dateline, is_headline, parse

from .builders import read_all

SEEDS = Path(__file__).resolve().parents[2] / "examples" / "seeds"


@pytest.fixture
def seeds(config):
    articles, failures = read_all([SEEDS], config)
    assert failures == []
    return {Path(a.source).name[:3]: a for a in articles}


def test_seed_000_headline_and_dateline(seeds) -> None:
    article = seeds["000"]
    assert article.title == "Russia backs North Korea with aid, rice, and military ties"
    assert article.published == "2024-11-04T18:19:00-05:00"
    assert article.language == "en"
    assert "6:19 PM EST" not in article.text  # the dateline is metadata, kept in boilerplate
    assert article.boilerplate == ("6:19 PM EST, November 4, 2024",)
    assert article.text.startswith("Russian assistance to North Korea includes annual payments")
    # a section heading inside the body stays as its own paragraph
    assert "Money for soldiers" in [article.text[p.start:p.end] for p in article.paragraphs]


def test_seed_003_credit_line_is_not_body_and_first_paragraph_is_not_a_title(seeds) -> None:
    article = seeds["003"]
    assert "Photo: depositphotos" not in article.text
    assert "depositphotos" not in article.text
    assert article.boilerplate == ("Photo: depositphotos",)
    assert article.title is None  # the first body line is a long paragraph, not a headline
    assert article.text.startswith("North Korea, according to South Korean intelligence")
    headings = [article.text[p.start:p.end] for p in article.paragraphs]
    assert "Military costs and benefits" in headings and "Forecasts for the future" in headings
    assert article.text.count("’") == (SEEDS / "003_dabc40df9440d71a.txt").read_text("utf-8").count("’")


def test_seed_ids_are_hashes_of_the_file_bytes(seeds) -> None:
    import hashlib

    for article in seeds.values():
        assert article.id == hashlib.sha256(Path(article.source).read_bytes()).hexdigest()[:16]


@pytest.mark.parametrize("line", [
    "6:19 PM EST, November 4, 2024",
    "Published: 2024-11-04 18:19",
    "Seoul, November 4, 2024",
    "Updated Nov. 5, 2024, 3:00 a.m. ET",
    "Monday, 4 November 2024 | 18:19",
    "04/11/2024",
])
def test_datelines(line: str) -> None:
    assert is_dateline(line)


@pytest.mark.parametrize("line", [
    "On November 4, 2024 Russia sent lots of rice to North Korea",
    "May 2024 was hot",
    "In 2024",
    "Money for soldiers",
    "The 2024 election in May was big",
])
def test_not_datelines(line: str) -> None:
    assert not is_dateline(line)


@pytest.mark.parametrize("line", [
    "Photo: depositphotos", "Image: Reuters", "Photo credit: John Smith", "Getty Images",
    "Kim Jong Un in Pyongyang. (AP Photo/Lee Jin-man)", "© 2024 Harbour Daily", "Illustration: Jane Doe",
    "Main image: Shutterstock",
])
def test_credits(line: str) -> None:
    assert is_credit(line)


@pytest.mark.parametrize("line", [
    "Photography is an art that needs time", "Money for soldiers",
    "Images from the front line show destruction in the east of the country, officials said.",
])
def test_not_credits(line: str) -> None:
    assert not is_credit(line)


@pytest.mark.parametrize(("line", "expected"), [
    ("Russia backs North Korea with aid, rice, and military ties", True),
    ("Where is the outrage over the deal?", True),
    ("This is a sentence that ends with a period.", False),
    ("one", False),
    ("lowercase start is not a title", False),
])
def test_headline_shape(line: str, expected: bool) -> None:
    assert is_headline(line) is expected


def test_headline_needs_a_longer_line_after_it() -> None:
    doc = parse("Short first line\nShort", source="x", payload=b"x")
    assert doc.title is None and doc.body == "Short first line\nShort"


def test_lone_line_is_body_not_headline() -> None:
    doc = parse("Just one line of text without a period", source="x", payload=b"x")
    assert doc.title is None and doc.body == "Just one line of text without a period"


def test_headline_after_dateline_and_byline() -> None:
    text = "Nov 4, 2024\nBy Jane Doe\nAid deal signed\nThe two governments signed an aid deal on Monday, officials said."
    doc = parse(text, source="x", payload=text.encode())
    assert (doc.title, doc.published, doc.author) == ("Aid deal signed", "Nov 4, 2024", "Jane Doe")
    assert doc.body == "The two governments signed an aid deal on Monday, officials said."


def test_only_credits_is_empty() -> None:
    with pytest.raises(EmptyInput):
        parse("Photo: Reuters\n\nGetty Images\n", source="x", payload=b"x")


@pytest.mark.parametrize("line", ["April 2019 Jobs Report", "Happy Fourth of July 2019!"])
def test_a_month_in_a_title_is_not_a_dateline(line: str) -> None:
    assert not is_dateline(line)


@pytest.mark.parametrize("line", [
    "Video: John McCain dies at age 81",
    "U.S. public more aware of racial inequality but still rejects reparations: Reuters/Ipsos polling",
])
def test_titles_naming_media_are_not_credits(line: str) -> None:
    assert not is_credit(line)


def test_headline_over_a_short_first_sentence() -> None:
    text = "Trump accuses his Justice Department of favoring Democrats\nMany of them are actually Republicans.\nMore text."
    assert parse(text, source="x", payload=b"x").title == "Trump accuses his Justice Department of favoring Democrats"
