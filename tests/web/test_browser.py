"""Browser tests with Debian's Chromium through Playwright (never `playwright install`).

Loads the stories page and the seeds' story, clicks a brief citation and checks that the cited
sentence is the highlighted :target, shows a hostile article without running any of its scripts,
and keeps screenshots in tests/artifacts/.
"""

from __future__ import annotations

import socket
import threading
import time
from pathlib import Path

import pytest

from .conftest import EVIL_ID, EVIL_STORY, STORY_ID, need

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
