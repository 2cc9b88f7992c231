"""The pages: stories list with filters, the story page, the article page, search."""

from __future__ import annotations

from html.parser import HTMLParser

from .conftest import EVIL_ID, STORY_ID


class Page(HTMLParser):
    """Collects element ids, links and tags with their classes from a page."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.ids: set[str] = set()
        self.links: list[str] = []
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        self.tags.append((tag, attributes))
        if attributes.get("id"):
            self.ids.add(attributes["id"])
        if tag == "a" and attributes.get("href"):
            self.links.append(attributes["href"])

    def with_class(self, tag: str, cls: str) -> list[dict]:
        return [a for t, a in self.tags if t == tag and cls in (a.get("class") or "").split()]


def test_stories_page_lists_the_seeds_story(client, seed_store):
    response = client.get("/")
    assert response.status_code == 200
    page = Page(response.text)
    assert f"/stories/{STORY_ID}" in page.links and "/stories/s-old" not in page.links  # absorbed: hidden
    assert "North Korea sends troops to Russia" in response.text
    assert "2 reports" in response.text and "1 independent origin" in response.text
    assert "1 repeated" in response.text and "2 single-source" in response.text and "1 conflicting" in response.text
    assert 'name="q"' in response.text  # the search box


def test_stories_filters(client):
    def listed(**params) -> set[str]:
        page = Page(client.get("/", params=params).text)
        return {link.rsplit("/", 1)[1] for link in page.links if link.startswith("/stories/")}

    assert listed(q="rice tonnes") == {STORY_ID}
    assert listed(q="officials") == {"s-evil"}
    assert listed(q="nothingmatchesthis") == set()
    assert listed(since="2024-11-06") == {"s-evil"}
    assert listed(until="2024-11-05") == {STORY_ID}
    response = client.get("/", params={"since": "last tuesday"})
    assert response.status_code == 400 and "not a date" in response.text


def test_story_page_has_everything(client, seed_store):
    _, ids = seed_store
    response = client.get(f"/stories/{STORY_ID}")
    assert response.status_code == 200
    page = Page(response.text)
    # brief citations link to ids present on the page: the exact mention of the cited claim
    cites = [a["href"] for a in page.with_class("a", "cite")]
    assert cites and all(href.startswith("#") and href[1:] in page.ids for href in cites)
    assert f"#m-{ids['a']}-c2" in cites and f"#m-{ids['b']}-c1" in cites
    # claims highlighted in both reports, coloured by verdict
    marks = page.with_class("mark", "claim")
    assert {m["id"] for m in marks} >= {f"m-{ids['a']}-c3", f"m-{ids['b']}-c3", f"m-{ids['b']}-c4"}
    assert any("v-conflicting" in m["class"] for m in marks) and any("v-corroborated" in m["class"] for m in marks)
    assert {f"article-{ids['a']}", f"article-{ids['b']}"} <= page.ids
    # claims table with verdicts and reasons
    assert {"claim-c1", "claim-c5"} <= page.ids
    assert "Two reports give the same range." in response.text
    # three server-made pictures
    assert response.text.count("<svg") == 3
    assert "Korea Herald" in response.text and "240 million" in response.text


def test_absorbed_story_redirects_to_the_live_one(client):
    response = client.get("/stories/s-old", follow_redirects=False)
    assert response.status_code == 301 and response.headers["location"] == f"/stories/{STORY_ID}"


def test_article_page_marks_extractions(client, seed_store):
    _, ids = seed_store
    response = client.get(f"/articles/{ids['a']}")
    assert response.status_code == 200
    page = Page(response.text)
    assert page.with_class("mark", "x-entity") and page.with_class("mark", "x-quantity")
    # quotes are marked with a span: the text has its own quotation marks, and a <q> element
    # would add a second pair ("““I feel very badly ...””")
    assert page.with_class("span", "x-quote") and not page.with_class("q", "x-quote")
    assert f"/stories/{STORY_ID}" in page.links
    assert "Korea Herald" in response.text


def test_search_page(client, seed_store):
    _, ids = seed_store
    response = client.get("/search", params={"q": "satellite"})
    assert response.status_code == 200
    assert f"/articles/{ids['a']}" in Page(response.text).links or f"/articles/{ids['b']}" in Page(response.text).links
    assert "<mark>" in response.text


def test_unknown_and_bad_ids_are_404(client):
    for path in ("/stories/nope", "/stories/..%2F..%2Fetc", "/articles/x'%20OR%201=1", f"/articles/{EVIL_ID}x"):
        response = client.get(path)
        assert response.status_code == 404, path


def test_bad_page_number_is_400(client):
    assert client.get("/", params={"page": "0"}).status_code == 400
    assert client.get("/", params={"page": "many"}).status_code == 400


def test_outlets_page_shows_which_outlet_carried_which_claim(client, seed_store):
    _, ids = seed_store
    response = client.get(f"/stories/{STORY_ID}/outlets")
    assert response.status_code == 200
    page = Page(response.text)
    assert f"/stories/{STORY_ID}" in page.links and f"/stories/{STORY_ID}/outlets" in page.links  # the tabs
    # by time: [1] the dated report, named by its headline; [2] the one with no name but its number
    heads = [a.get("title") for t, a in page.tags if t == "th" and "outlet-col" in (a.get("class") or "")]
    assert heads == ["report 2", "Russia backs North Korea with aid, rice…"]  # most claims first
    rows = response.text.split('<table class="matrix">')[1].split("<tr id=")[1:]
    carried = {row.split('"')[1]: [cell.count("●") for cell in row.split('<td class="cell">')[1:]] for row in rows}
    assert carried == {"claim-c1": [1, 1], "claim-c2": [1, 0], "claim-c3": [1, 1], "claim-c4": [0, 1],
                       "claim-c5": [1, 0]}
    assert 'class="dot v-conflicting"' in rows[3]
    # the chart: one bar per verdict an outlet carried, with the totals beside the bars
    chart = response.text.split('id="chart"')[1].split("</section>")[0]
    assert chart.count("<svg") == 1 and "Claims carried by each outlet" in chart
    assert chart.count("<rect") == 4 + 3 + 3  # legend swatches, then report 2: 3 verdicts, the other: 3
    assert ">4</text>" in chart and ">3</text>" in chart


def test_outlets_page_follows_merges_and_404s(client):
    response = client.get("/stories/s-old/outlets", follow_redirects=False)
    assert response.status_code == 301 and response.headers["location"] == f"/stories/{STORY_ID}/outlets"
    assert client.get("/stories/nope/outlets").status_code == 404
