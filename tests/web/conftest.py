"""A store with the seeds' story, built from the real seed texts, plus a hostile article.

The claims, brief, flows and origins are written by hand here (located in the real texts), so the
pages are tested with everything a story report can hold, whatever the stages produce today.
"""

from __future__ import annotations

import dataclasses
import os
from pathlib import Path

import pytest

from newsprism.pipeline import ingest_paths
from newsprism.settings import default_config
from newsprism.store import open_store
from newsprism.types import (
    ArithmeticCheck,
    Article,
    ArticleOrigins,
    BriefSentence,
    Claim,
    Entity,
    EntityMention,
    Extraction,
    Flow,
    Mention,
    OriginGroup,
    Quantity,
    QuantityValue,
    Quote,
    Story,
    StoryAssignment,
    StoryMerge,
    StoryReport,
)

SEEDS = Path(__file__).resolve().parents[2] / "examples" / "seeds"
STORY_ID = "s-seeds"
EVIL_ID = "evil0000deadbeef"
EVIL_STORY = "s-evil"


def mention(article: Article, needle: str) -> Mention:
    start = article.text.index(needle)
    return Mention(article.id, start, start + len(needle), needle)


def _seed_articles(store) -> tuple[Article, Article]:
    articles, failures, _ = ingest_paths([str(SEEDS)], config=default_config(), store=store)
    assert not failures and len(articles) == 2
    first = next(a for a in articles if "10,000 soldiers are expected" in a.text)
    second = next(a for a in articles if a is not first)
    return first, second


def _claims(a: Article, b: Article) -> tuple[Claim, ...]:
    return (
        Claim("c1", "quantity", "About 10,000 North Korean soldiers were sent to Russia", "repeated",
              "Both reports trace back to one origin, the Korea Herald.", 1,
              (mention(a, "10,000 soldiers are expected to arrive"),
               mention(b, "about 10,000 soldiers")), origins=("Korea Herald",)),
        Claim("c2", "quantity", "Each soldier is paid about $2,000 a month", "single-source",
              "Only one report gives this figure.", 1, (mention(a, "paid about $2000 per month"),),
              attribution="Wee Sung-luck"),
        Claim("c3", "quantity", "Russia will provide 600,000 to 700,000 tonnes of rice", "corroborated",
              "Two reports give the same range.", 2,
              (mention(a, "600,000 to 700,000 tonnes of rice"), mention(b, "600,000 to 700,000 tons of rice"))),
        Claim("c4", "statement", "North Korea has sent nearly 20,000 containers of shells", "conflicting",
              "Another report gives a different count.", 1,
              (mention(b, "nearly 20,000 containers"),), conflicts_with=("c5",)),
        Claim("c5", "statement", "Russia could help with space technology", "single-source",
              "Only one report says so.", 1, (mention(a, "Russia could help North Korea with advanced space technology"),)),
    )


def _report(a: Article, b: Article) -> StoryReport:
    story = Story(STORY_ID, "North Korea sends troops to Russia", (a.id, b.id),
                  first_seen="2024-11-04T18:19:00-05:00", last_seen="2024-11-05T08:00:00+09:00")
    claims = _claims(a, b)
    return StoryReport(
        story=story,
        origins=(OriginGroup("Korea Herald", (a.id, b.id), "both cite the Korea Herald"),),
        independent_origins=1,
        entities=(Entity("e1", "Wee Sung-lac", "PERSON", ("Wee Sung-luck", "Wi Sung Lak")),),
        claims=claims,
        flows=(
            Flow("North Korea", "Russia", "soldiers", 0, 10, "sent soldiers",
                 QuantityValue(10000, None, None, None, None, "approx", "soldiers")),
            Flow("Russia", "North Korea", "rice", 0, 10, "rice", QuantityValue(None, 600000, 700000, "t", "year", None, "rice")),
            # more of what the seeds say moves between the two, so the flow picture has long labels
            Flow("North Korea", "Russia", "containers of artillery shells", 0, 10, "nearly 20,000 containers"),
            Flow("Russia", "North Korea", "air defence systems", 0, 10, "air defence systems"),
            Flow("Russia", "North Korea", "advanced space technology", 0, 10, "advanced space technology"),
            Flow("South Korea", "Ukraine", "intelligence on the deployment", 0, 10, "intelligence"),
        ),
        flow_claims=(("c1",), ("c3",), ("c4",), (), ("c5",), ()),
        checks=(ArithmeticCheck(("c1", "c2"), "10000 x 2000 x 12", 240e6, 200e6, None, True,
                                "10,000 soldiers paid $2,000 a month make $240 million a year, over $200 million."),),
        brief=(
            BriefSentence("About 10,000 soldiers went to Russia, by one origin's count.", ("c1",), (a.id, b.id), "repeated"),
            BriefSentence("Each is paid about $2,000 a month.", ("c2",), (a.id,), "single-source"),
            BriefSentence("Russia is to send 600,000 to 700,000 tonnes of rice.", ("c3",), (a.id, b.id), "corroborated"),
        ),
    )


def _extraction(a: Article) -> Extraction:
    name = mention(a, "Wee Sung-luck")
    qty = mention(a, "$2000 per month")
    quote_start = a.text.index("if there is ever a threat of war")
    return Extraction(
        a.id,
        mentions=(EntityMention(name.start, name.end, name.text, "PERSON", "e1"),),
        entities=(Entity("e1", "Wee Sung-lac", "PERSON"),),
        quantities=(Quantity(qty.start, qty.end, qty.text, QuantityValue(2000, None, None, "USD", "month", "approx")),),
        quotes=(Quote(quote_start, quote_start + 32, a.text[quote_start:quote_start + 32], "Wee Sung-lac", "reported"),),
    )


EVIL_TEXT = (
    "Breaking: <script>document.title='pwned'; alert(1)</script> officials said "
    '<a href="javascript:alert(2)">click here</a> and <img src=x onerror="alert(3)"> that 5 people left.'
)


def _evil() -> tuple[Article, StoryReport]:
    article = Article(
        id=EVIL_ID, source="/in/evil.html", reader="html.v1", text=EVIL_TEXT, content_hash="evil",
        title="<script>alert('title')</script>Evil & co", outlet='<img src=x onerror="alert(4)">',
        published="2024-11-06T10:00:00+00:00", url="javascript:alert(5)",
    )
    start = EVIL_TEXT.index("<script>")
    claim = Claim("c1", "statement", "<b>bold</b> claim", "conflicting", "<i>reason</i>", 1,
                  (Mention(EVIL_ID, start, start + 20, EVIL_TEXT[start:start + 20]),))
    report = StoryReport(
        story=Story(EVIL_STORY, "<script>alert('story')</script>", (EVIL_ID,), last_seen="2024-11-06"),
        claims=(claim,),
        brief=(BriefSentence("<script>alert(6)</script> said", ("c1",), (EVIL_ID,), "conflicting"),),
        flows=(Flow("<script>", "</svg><script>alert(7)</script>", "x", 0, 1, "x"),),
        origins=(OriginGroup("<b>o</b>", (EVIL_ID,), "r"),),
    )
    return article, report


def build_seed_store(url: str) -> dict[str, str]:
    """Fill the store at ``url``; returns the ids the tests look for."""
    store = open_store(url)
    a, b = _seed_articles(store)
    evil, evil_report = _evil()
    store.add_articles([evil])
    store.put_origins([ArticleOrigins(a.id, cites=("Korea Herald",), root="Korea Herald", root_name="Korea Herald",
                                      chain=("TimeUkraineIsrael", "Korea Herald"))])
    store.put_extractions([_extraction(a)])
    report = _report(a, b)
    # A third story absorbed into the seeds' story, to test redirects.
    store.save_stories(
        [StoryAssignment(a.id, STORY_ID, 1.0, True), StoryAssignment(b.id, "s-old", 1.0, True),
         StoryAssignment(EVIL_ID, EVIL_STORY, 1.0, True)],
        [dataclasses.replace(report.story, article_ids=(a.id,)), Story("s-old", "old", (b.id,)), evil_report.story],
        [StoryMerge(STORY_ID, "s-old", b.id, 0.8)], b"state",
    )
    store.put_story_reports([report, evil_report])
    store.close()
    return {"a": a.id, "b": b.id}


@pytest.fixture(scope="session")
def seed_store(tmp_path_factory) -> tuple[str, dict[str, str]]:
    url = f"sqlite:///{tmp_path_factory.mktemp('web')}/seeds.db"
    return url, build_seed_store(url)


@pytest.fixture(scope="session")
def client(seed_store):
    from fastapi.testclient import TestClient

    from newsprism.web import create_app

    with TestClient(create_app(seed_store[0])) as test_client:
        yield test_client


def need(variable_or_path: str, *, what: str) -> None:
    """Skip when a browser/server is missing, but fail in CI (CI=true), where it must be there."""
    if os.environ.get("CI") == "true":
        pytest.fail(f"{what} is missing in CI: run scripts/ci-services.sh start first")
    pytest.skip(f"{what} is missing")
