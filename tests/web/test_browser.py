"""Browser tests with Debian's Chromium through Playwright (never `playwright install`).

Loads the stories page and the seeds' story, clicks a brief citation and checks that the cited
sentence is the highlighted :target, shows a hostile article without running any of its scripts,
and keeps screenshots in tests/artifacts/.

Legibility: the story page, its outlets view and the HTML report, at 1400 px and at a phone's
390 px, screenshotted (to $NEWSPRISM_SCREENSHOTS if set, else a temporary folder) and measured:
the claims table and its verdict badges are shown and inside the screen, nothing makes the page
scroll sideways, and in every picture no two labels overlap, none leaves the picture, and none is
drawn smaller than 9 px.
"""

from __future__ import annotations

import os
import socket
import threading
import time
from pathlib import Path

import pytest

from newsprism.render.pictures import text_width

from .conftest import EVIL_ID, EVIL_STORY, STORY_ID, _extraction, _report, _seed_articles, need

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]


@pytest.fixture(scope="module")
def server(seed_store):
    import uvicorn

    from newsprism.web import create_app

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    config = uvicorn.Config(create_app(seed_store[0]), host="127.0.0.1", port=port, log_level="warning")
    instance = uvicorn.Server(config)
    thread = threading.Thread(target=instance.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not instance.started:
        if time.monotonic() > deadline or not thread.is_alive():
            pytest.fail("the web app did not start")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    instance.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.exists():
        need(str(CHROMIUM), what="Chromium at /usr/bin/chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS, headless=True)
        yield launched
        launched.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    opened = context.new_page()
    opened.dialogs = []
    opened.on("dialog", lambda dialog: (opened.dialogs.append(dialog.message), dialog.dismiss()))
    yield opened
    context.close()


def shot(page, name: str) -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    assert path.stat().st_size > 1000
    return path


def test_stories_page_and_story_with_citation(server, page, seed_store):
    _, ids = seed_store
    page.goto(server + "/")
    assert page.title().startswith("Stories")
    page.fill("input[name=q]", "rice")
    page.click("button[type=submit]")
    page.wait_for_load_state()
    assert "q=rice" in page.url and page.locator(".story-row").count() == 1
    shot(page, "stories")

    page.click(f"a[href='/stories/{STORY_ID}']")
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "North Korea sends troops to Russia"
    assert page.locator("svg").count() == 3
    shot(page, "story")

    target = f"m-{ids['a']}-c2"
    citation = page.locator(f"a.cite[href='#{target}']")
    citation.click()
    page.wait_for_function("id => location.hash === '#' + id", arg=target)
    highlighted = page.evaluate(
        """() => { const el = document.querySelector(':target');
                   if (!el) return null;
                   const style = getComputedStyle(el);
                   return {id: el.id, text: el.textContent, outline: style.outlineStyle,
                           background: style.backgroundColor}; }"""
    )
    assert highlighted and highlighted["id"] == target
    assert highlighted["text"].startswith("paid about $2000 per month")
    assert highlighted["outline"] == "solid" and highlighted["background"] == "rgb(255, 235, 59)"
    assert page.locator(f"#{target}").is_visible()
    shot(page, "story-citation")


def test_hostile_article_runs_no_script(server, page):
    for path in (f"/articles/{EVIL_ID}", f"/stories/{EVIL_STORY}", "/"):
        page.goto(server + path)
        page.wait_for_load_state("load")
        assert page.dialogs == []
        assert page.title() != "pwned"
        assert page.evaluate("document.querySelectorAll('script, img, iframe').length") == 0
        assert page.evaluate("[...document.links].filter(a => a.protocol === 'javascript:').length") == 0
    page.goto(server + f"/articles/{EVIL_ID}")
    assert "<script>document.title='pwned'" in page.locator(".article-text").inner_text()
    shot(page, "hostile-article")


def test_phone_sized_screen(browser, server):
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
    phone = context.new_page()
    phone.goto(server + f"/stories/{STORY_ID}")
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 390 + 1  # nothing forces sideways scrolling of the page
    shot(phone, "story-phone")
    context.close()


# --------------------------------------------------------------------------- legibility

WIDTHS = {"desktop": {"width": 1400, "height": 900}, "phone": {"width": 390, "height": 844}}
SMALLEST_FONT_PX = 9.0
# Every picture's labels as the browser lays them out (getBBox, in picture units), checked
# pairwise for overlaps and against the picture's edges; font sizes scaled to the screen.
MEASURE_PICTURES = """() => [...document.querySelectorAll('svg')].map(svg => {
    const box = svg.viewBox.baseVal, scale = svg.getBoundingClientRect().width / box.width;
    const labels = [...svg.querySelectorAll('text')].map(t => {
        const b = t.getBBox();
        return {text: t.textContent, x: b.x, y: b.y, w: b.width, h: b.height,
                size: parseFloat(t.getAttribute('font-size')), px: parseFloat(getComputedStyle(t).fontSize) * scale};
    });
    const overlaps = [];
    labels.forEach((a, i) => labels.slice(i + 1).forEach(b => {
        if (a.x + a.w > b.x + 0.5 && b.x + b.w > a.x + 0.5 && a.y + a.h > b.y + 0.5 && b.y + b.h > a.y + 0.5)
            overlaps.push(a.text + ' / ' + b.text);
    }));
    const outside = labels.filter(b => b.x < -0.5 || b.y < -0.5 || b.x + b.w > box.width + 0.5
                                        || b.y + b.h > box.height + 0.5).map(b => b.text);
    return {name: svg.getAttribute('aria-label'), labels: labels.length, overlaps, outside,
            smallest: Math.min(...labels.map(b => b.px)),
            widths: labels.map(b => [b.text, b.size, b.w])};
})"""


@pytest.fixture(scope="module")
def screens(tmp_path_factory) -> Path:
    folder = Path(os.environ.get("NEWSPRISM_SCREENSHOTS") or tmp_path_factory.mktemp("screens"))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture(scope="module")
def report_file(tmp_path_factory) -> Path:
    """The HTML report of the seeds' story (the same hand-made report the web tests use)."""
    from newsprism.render import render
    from newsprism.testing import MemoryStore
    from newsprism.types import Dossier

    a, b = _seed_articles(MemoryStore())
    dossier = Dossier(articles=(a, b), extractions=(_extraction(a),), stories=(_report(a, b),))
    path = tmp_path_factory.mktemp("report") / "report.html"
    path.write_text(render(dossier, "html"), encoding="utf-8")
    return path


def open_at(browser, url: str, size: str):
    context = browser.new_context(viewport=WIDTHS[size], is_mobile=size == "phone")
    page = context.new_page()
    page.goto(url)
    page.wait_for_load_state("load")
    return context, page


def check_legible(page, size: str, *, claims: str, pictures: int) -> None:
    width = WIDTHS[size]["width"]
    assert page.evaluate("document.documentElement.scrollWidth") <= width + 1, "the page scrolls sideways"
    table = page.locator(claims)
    assert table.is_visible() and table.locator("tr[id^=claim-]").count() == 5
    box = table.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= width + 1, "the claims table is wider than the screen"
    badges = table.locator(".badge")
    assert badges.count() == 5
    for i in range(badges.count()):
        badge = badges.nth(i).bounding_box()
        assert badges.nth(i).is_visible() and badge["x"] >= 0 and badge["x"] + badge["width"] <= width + 1
        assert badge["height"] >= 12 and badges.nth(i).inner_text().strip()
    drawn = page.evaluate(MEASURE_PICTURES)
    assert len(drawn) == pictures
    for picture in drawn:
        assert picture["labels"] >= 1, picture
        assert not picture["overlaps"], f"{picture['name']}: labels overlap: {picture['overlaps']}"
        assert not picture["outside"], f"{picture['name']}: labels cut off: {picture['outside']}"
        assert picture["smallest"] >= SMALLEST_FONT_PX, f"{picture['name']}: labels at {picture['smallest']:.1f} px"
        # the layout places labels by estimated widths: they must not be narrower than drawn
        for text, size, drawn_width in picture["widths"]:
            assert text_width(text, size) >= drawn_width - 0.5, (text, text_width(text, size), drawn_width)


@pytest.mark.parametrize("size", WIDTHS)
def test_story_page_is_legible(browser, server, screens, size):
    context, page = open_at(browser, f"{server}/stories/{STORY_ID}", size)
    check_legible(page, size, claims="table.claims", pictures=3)
    page.screenshot(path=str(screens / f"story-{size}.png"), full_page=True)
    context.close()


@pytest.mark.parametrize("size", WIDTHS)
def test_html_report_is_legible(browser, report_file, screens, size):
    context, page = open_at(browser, report_file.as_uri(), size)
    check_legible(page, size, claims="table.claims", pictures=3)
    page.screenshot(path=str(screens / f"report-{size}.png"), full_page=True)
    context.close()


@pytest.mark.parametrize("size", WIDTHS)
def test_outlets_view_is_legible(browser, server, screens, size):
    context, page = open_at(browser, f"{server}/stories/{STORY_ID}/outlets", size)
    width = WIDTHS[size]["width"]
    assert page.evaluate("document.documentElement.scrollWidth") <= width + 1
    matrix = page.locator("table.matrix")
    assert matrix.is_visible() and matrix.locator("tr[id^=claim-]").count() == 5
    assert matrix.locator(".dot").count() == 7 and matrix.locator(".dot").first.is_visible()
    (chart,) = page.evaluate(MEASURE_PICTURES)
    assert not chart["overlaps"] and not chart["outside"] and chart["smallest"] >= SMALLEST_FONT_PX, chart
    box = page.locator("#chart svg").bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= width + 1  # the chart is seen whole
    page.screenshot(path=str(screens / f"outlets-{size}.png"), full_page=True)
    context.close()
