"""URL inputs: pages fetched with trafilatura from an HTTP server on 127.0.0.1 started here (no
other network), read like saved pages; every way a fetch fails is a failure with a one-line
reason, never a crash."""

from __future__ import annotations

import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from click.testing import CliRunner

from newsprism import api, ingest, pipeline
from newsprism.cli import EXIT_FATAL, EXIT_OK, cli
from newsprism.settings import default_config
from newsprism.types import Failure, RawDoc

PAGE = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>Russia to send rice to North Korea</title>
<meta property="og:site_name" content="Harbour Gazette">
<meta property="article:published_time" content="2024-11-05T09:30:00+09:00">
</head><body><nav><a href="/">Home</a> <a href="/world">World</a></nav>
<article><h1>Russia to send rice to North Korea</h1>
<p>Russia will provide between 600,000 and 700,000 tonnes of rice to North Korea this year,
South Korea's intelligence service told lawmakers in Seoul on Tuesday.</p>
<p>About 10,000 North Korean soldiers are expected to arrive in Russia by the end of the year,
the agency said, and each is said to be paid about $2,000 a month.</p>
<p>Officials in Moscow did not comment on the figures, which could not be independently verified.</p>
</article><footer>© Harbour Gazette</footer></body></html>"""


class Handler(BaseHTTPRequestHandler):
    routes = {
        "/article.html": (200, "text/html; charset=utf-8", PAGE.encode()),
        "/report.pdf": (200, "application/pdf", b"%PDF-1.7\n" + b"0" * 500),
        "/data.json": (200, "application/json", b'{"text": "not a page"}'),
        "/big.html": (200, "text/html", PAGE.replace("</article>", "<p>more</p>" * 2000 + "</article>").encode()),
    }

    def do_GET(self) -> None:  # noqa: N802 - the http.server API
        if self.path == "/moved":
            self.send_response(302)
            self.send_header("Location", "/article.html")
            self.end_headers()
            return
        if self.path == "/slow.html":
            time.sleep(2.5)  # longer than the 1 s timeout the test sets
        status, content_type, body = self.routes.get(self.path, (404, "text/html", b"<html>not found</html>"))
        if self.path == "/slow.html":
            status, content_type, body = self.routes["/article.html"]
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args) -> None:
        pass


@pytest.fixture(scope="module")
def server():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture
def local():
    """Settings that let fetches reach 127.0.0.1 (refused by default)."""
    return default_config().replace(fetch_private_addresses=True, fetch_timeout_seconds=1, max_input_bytes=20_000)


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]  # closed again on leaving: nothing listens there


def test_a_url_is_read_like_a_saved_page(server, local):
    url = f"{server}/article.html"
    (doc,) = list(ingest.run([url], config=local))
    assert isinstance(doc, RawDoc)
    assert doc.source == url and doc.url == url and doc.reader == "html.v1"
    assert doc.title == "Russia to send rice to North Korea" and doc.outlet == "Harbour Gazette"
    assert "600,000 and 700,000 tonnes of rice" in doc.body and "Home" not in doc.body
    assert doc.payload == PAGE.encode()  # the same id as the saved page would get


def test_a_redirect_keeps_the_url_given(server, local):
    (doc,) = list(ingest.run([f"{server}/moved"], config=local))
    assert isinstance(doc, RawDoc) and doc.url == f"{server}/moved" and "tonnes of rice" in doc.body


@pytest.mark.timeout(60)
@pytest.mark.parametrize("path, reason", [
    ("/missing.html", "could not fetch the page: the server answered HTTP 404 Not Found"),
    ("/report.pdf", "not a web page but application/pdf; only HTML pages are fetched"),
    ("/data.json", "not a web page but application/json"),
    ("/big.html", "could not fetch the page: the page is over the max_input_bytes cap"),
    ("/slow.html", "could not fetch the page: no answer within 1 s (fetch_timeout_seconds)"),
])
def test_a_failed_fetch_is_a_failure_with_its_reason(server, local, path, reason):
    (failure,) = list(ingest.run([server + path], config=local))
    assert isinstance(failure, Failure) and failure.stage == "ingest" and failure.source == server + path
    assert failure.error.startswith(reason) and "\n" not in failure.error


@pytest.mark.timeout(15)  # refused at once: no waiting for a timeout
def test_an_unreachable_url_fails_at_once_with_a_clear_reason(local):
    url = f"http://127.0.0.1:{closed_port()}/"
    (failure,) = list(ingest.run([url], config=local.replace(fetch_timeout_seconds=30)))
    assert isinstance(failure, Failure)
    assert failure.error == "could not fetch the page: connection refused (is the address right and the server up?)"


def test_private_addresses_are_refused_unless_allowed(server):
    (failure,) = list(ingest.run([f"{server}/article.html"], config=default_config()))
    assert isinstance(failure, Failure)
    assert "loopback, private or link-local; set fetch_private_addresses = true" in failure.error


def test_urls_and_files_mix_in_one_run(server, local, tmp_path):
    (tmp_path / "saved.html").write_text(PAGE, encoding="utf-8")
    items = list(pipeline.read([f"{server}/article.html", str(tmp_path), f"{server}/missing.html"], config=local))
    fetched, saved, missing = items
    assert fetched.url == f"{server}/article.html" and fetched.outlet == "Harbour Gazette"
    assert saved.id == fetched.id  # the same bytes: one article, whichever way it came
    assert isinstance(missing, Failure) and "HTTP 404" in missing.error


def test_analyze_a_url(server, local):
    import spacy

    from newsprism.models import Models
    from newsprism.testing import FakeEmbedder, FakeJudge

    models = Models.with_(nlp=spacy.blank("en"), embedder=FakeEmbedder(dim=64), judge=FakeJudge())
    dossier = api.analyze([f"{server}/article.html", f"http://127.0.0.1:{closed_port()}/gone"],
                          config=local.replace(db="memory:"), models=models)
    (article,) = dossier.articles
    assert article.url == article.source == f"{server}/article.html"
    assert [(f.stage, f.error.split(":")[0]) for f in dossier.failures if f.stage == "ingest"] == [
        ("ingest", "could not fetch the page")]


def test_cli_ingest_of_urls(server, tmp_path):
    db = f"sqlite:///{tmp_path / 's.db'}"
    ok = CliRunner().invoke(cli, ["--set", "fetch_private_addresses=true", "ingest", f"{server}/article.html",
                                  "--db", db], catch_exceptions=False)
    assert ok.exit_code == EXIT_OK, ok.output
    assert "1 article(s) read, 1 new, 0 failure(s)" in ok.output
    (hit,) = api.search("rice tonnes", db=db)
    assert hit.article.url == f"{server}/article.html"
    bad = CliRunner().invoke(cli, ["ingest", f"http://127.0.0.1:{closed_port()}/", "--db", db], catch_exceptions=False)
    assert bad.exit_code == EXIT_FATAL
    assert "could not fetch the page:" in bad.output and "Traceback" not in bad.output
