"""Independence is counted by outlet: reports from one outlet (the same canonical name, or the
same site in their URLs) are never independent origins of each other, and the reason says so; one
report read twice (HTML and JSON Lines) adds no claim, citation or brief line of its own."""

from __future__ import annotations

import html
import json

import pytest

from newsprism import origins, pipeline
from newsprism.models import Models
from newsprism.render.json import render
from newsprism.rules import independence
from newsprism.settings import default_config
from newsprism.testing import FakeEmbedder, MemoryStore
from newsprism.types import Article, ArticleOrigins

from claim_inputs import rice_articles, run as judge_story

MODELS = Models.with_(embedder=FakeEmbedder())


def own(aid: str, outlet: str = "", site: str = "") -> ArticleOrigins:
    return ArticleOrigins(aid, root=outlet or f"article:{aid}", root_name=outlet or aid, outlet=outlet, site=site)


def citing(aid: str, cited: str, outlet: str = "", site: str = "") -> ArticleOrigins:
    return ArticleOrigins(aid, cites=(cited,), root=cited, root_name=cited, chain=(cited,), outlet=outlet, site=site)


def by_id(*items: ArticleOrigins) -> dict[str, ArticleOrigins]:
    return {o.article_id: o for o in items}


@pytest.mark.parametrize("reports, count", [
    # two items from one outlet, each its own report: one origin
    ([own("a", "Valley Gazette"), own("b", "Valley Gazette")], 1),
    # one outlet by its site only (no outlet name given): one origin
    ([own("a", site="valleygazette.com"), own("b", site="valleygazette.com")], 1),
    # a name and a site that one report ties together
    ([own("a", "Valley Gazette", "valleygazette.com"), own("b", site="valleygazette.com"),
      own("c", "Valley Gazette")], 1),
    # one outlet citing the wire and reporting on its own: still one outlet
    ([citing("a", "Associated Press", "Valley Gazette"), own("b", "Valley Gazette")], 1),
    # the wire's own report and an outlet citing it: one origin
    ([own("w", "Associated Press"), citing("a", "Associated Press", "Daily Planet")], 1),
    # a wire story carried by two outlets that also report on their own: wire + two outlets
    ([own("w", "Associated Press"), citing("a1", "Associated Press", "Valley Gazette"), own("a2", "Valley Gazette"),
      citing("b1", "Associated Press", "Daily Planet"), own("b2", "Daily Planet")], 3),
    # unknown outlets are independent of each other
    ([own("a"), own("b")], 2),
])
def test_independent_origins_never_count_one_outlet_twice(reports, count):
    found = independence.assess([o.article_id for o in reports], by_id(*reports))
    assert len(found.origins) == count
    assert origins.independent_origins([o.article_id for o in reports], by_id(*reports)) == count


def test_the_note_names_the_outlet():
    found = independence.assess(["a", "b"], by_id(own("a", "Valley Gazette"), own("b", "Valley Gazette")))
    assert found.origins == ("Valley Gazette",)
    assert found.note == "Reports from one outlet are never independent of each other: Valley Gazette (2 reports)."


def _two_items(**kwargs) -> list[Article]:
    a = Article(id="a", source="a.txt", reader="text", content_hash="ha",
                text="The council voted on Tuesday to spend $4 million on two new piers for the harbour.", **kwargs)
    b = Article(id="b", source="b.txt", reader="text", content_hash="hb",
                text="Fishermen welcomed plans for new piers, which will cost $4 million, at a meeting on Friday.",
                **kwargs)
    return [a, b]


@pytest.mark.parametrize("meta", [{"outlet": "Valley Gazette"}, {"url": "https://www.valleygazette.com/news/1"}])
def test_two_items_from_one_outlet_are_one_origin(meta):
    articles = _two_items(**meta)
    if "url" in meta:  # different pages of one site
        articles[1] = Article(**{**{f: getattr(articles[1], f) for f in Article.__slots__},
                                 "url": "https://valleygazette.com/sport/2"})
    found = {o.article_id: o for o in origins.run(articles, config=default_config(), models=MODELS)}
    groups = origins.groups(["a", "b"], found)
    assert origins.independent_origins(["a", "b"], found) == 1
    if "outlet" in meta:
        assert [g.name for g in groups] == ["Valley Gazette"]
        assert "2 reports from one outlet, Valley Gazette: one origin" in groups[0].reason


def test_the_judge_calls_one_outlets_two_items_repeated_and_says_why(config):
    articles, ex = rice_articles()
    _, claims, _ = judge_story(articles, ex, by_id(own("a", "Valley Gazette"), own("b", "Valley Gazette")), config)
    [claim] = claims
    assert claim.status == "repeated" and claim.independent_origins == 1
    assert "independent origins" not in claim.reason.split(".")[0]
    assert "Valley Gazette (2 reports)" in claim.reason


# --------------------------------------------------------------------------- one report read twice

BODY = [
    "The harbour council of Springfield voted on Tuesday to build two new piers for about $4 million, the mayor said.",
    "Work will start in May and should take 18 months, according to the council.",
    "About 120 fishing boats use the harbour every day, the harbour master said.",
]
OTHER = [
    "Springfield will spend $4 million on two new piers, council members decided on Tuesday.",
    "Construction is due to start in May and last 18 months.",
    "Some 120 boats use the harbour daily.",
]


def _inputs(folder):
    folder.mkdir()
    url = "https://www.valleygazette.com/local/piers"
    paras = "".join(f"<p>{html.escape(p)}</p>\n" for p in BODY)
    (folder / "page.html").write_text(
        f"<!doctype html><html><head><title>Two new piers</title>"
        f'<meta property="og:site_name" content="Valley Gazette"><link rel="canonical" href="{url}">'
        f"</head><body><article><h1>Two new piers</h1>\n{paras}</article></body></html>", encoding="utf-8")
    record = {"title": "Two new piers", "text": "\n\n".join(BODY), "url": url, "source": "Valley Gazette"}
    (folder / "dump.jsonl").write_text(json.dumps(record) + "\n", encoding="utf-8")
    (folder / "planet.txt").write_text("Piers for Springfield\n\n" + "\n\n".join(OTHER) + "\n", encoding="utf-8")


@pytest.fixture(scope="module")
def blank_models():
    import spacy

    return Models.with_(nlp=spacy.blank("en"), embedder=FakeEmbedder(dim=64))


def test_one_report_read_twice_adds_no_claim_citation_or_brief_line(tmp_path, blank_models, assert_valid_dossier):
    _inputs(tmp_path / "in")
    dossier = pipeline.analyze([str(tmp_path / "in")], config=default_config(), store=MemoryStore(),
                               models=blank_models)
    by_source = {a.source.rsplit("/", 1)[-1]: a for a in dossier.articles}
    assert set(by_source) == {"page.html", "dump.jsonl", "planet.txt"}
    origin_of = {o.article_id: o for o in dossier.origins}
    html_id, jsonl_id = by_source["page.html"].id, by_source["dump.jsonl"].id
    copy, original = sorted([html_id, jsonl_id], key=lambda aid: origin_of[aid].duplicate_of is None)
    assert origin_of[copy].duplicate_of == original  # the dossier says which is a copy of which
    [story] = dossier.stories
    assert set(story.story.article_ids) == set(origin_of)
    assert story.claims, "the story has claims to check"
    for claim in story.claims:
        cited = [m.article_id for m in claim.mentions]
        assert copy not in cited and len(cited) == len(set(cited)), claim
    for sentence in story.brief:
        assert copy not in sentence.article_ids
    lines = [s.text for s in story.brief]
    assert len(lines) == len(set(lines))
    reasons = " ".join(g.reason for g in story.origins)
    assert f"{copy[:8]}: " in reasons and "the same report read again" in reasons
    document = assert_valid_dossier(json.loads(render(dossier)))
    assert {a["id"]: a["duplicate_of"] for a in document["articles"]}[copy] == original
