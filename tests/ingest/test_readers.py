"""Reader choice, folder walking, encodings and WARC archives built with warcio."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newsprism.ingest import READERS, choose, run
from newsprism.ingest.detect import decode, read_head
from newsprism.types import Failure, RawDoc

from .builders import page, read_all, write_warc

PARAS = [
    "South Korea's spy agency said on Monday that thousands of soldiers had been sent abroad.",
    "Each soldier is to receive about $2,000 a month, according to the agency's report to lawmakers.",
]


def test_readers_are_registered_under_versioned_names() -> None:
    assert list(READERS) == ["warc.v1", "feed.v1", "html.v1", "json.v1", "text.v1"]


@pytest.mark.parametrize(("name", "content", "reader"), [
    ("a.txt", b"Plain words here.\n", "text.v1"),
    ("a.html", b"<p>fragment without a doctype</p>", "html.v1"),
    ("saved.txt", b"<!DOCTYPE html><html><body><p>x</p></body></html>", "html.v1"),  # content wins
    ("feed.txt", b'<?xml version="1.0"?>\n<rss version="2.0"><channel></channel></rss>', "feed.v1"),
    ("a.atom", b"<feed xmlns='http://www.w3.org/2005/Atom'></feed>", "feed.v1"),
    ("noext", b'{"text": "x"}', "json.v1"),
    ("a.jsonl", b'{"text": "x"}\n{"text": "y"}\n', "json.v1"),
    ("notes.txt", b"{curly start but plain text}", "text.v1"),  # extension beats a weak sniff
    ("crawl.warc", b"WARC/1.0\r\n", "warc.v1"),
])
def test_choose(tmp_path: Path, name: str, content: bytes, reader: str) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    assert choose(path, read_head(path)).name == reader


def test_folders_recurse_in_sorted_order_and_skip_hidden(tmp_path: Path, config) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / ".git").mkdir()
    (tmp_path / "b" / "2.txt").write_text("Second file body text here.")
    (tmp_path / "1.txt").write_text("First file body text here.")
    (tmp_path / ".hidden.txt").write_text("Hidden file.")
    (tmp_path / ".git" / "x.txt").write_text("Inside a hidden folder.")
    sources = [item.source for item in run([str(tmp_path)], config=config)]
    assert sources == [str(tmp_path / "1.txt"), str(tmp_path / "b" / "2.txt")]


def test_source_is_the_path_as_given(tmp_path: Path, config, monkeypatch) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "a.txt").write_text("Body text of the article.")
    monkeypatch.chdir(tmp_path)
    assert [d.source for d in run(["./sub/a.txt", "sub/"], config=config)] == ["./sub/a.txt", "sub/a.txt"]


def test_same_bytes_same_id_wherever_they_are(tmp_path: Path, config) -> None:
    data = "Kim arrives in Moscow\nNorth Korea's leader arrived in Moscow on Tuesday for talks.".encode()
    (tmp_path / "a.txt").write_bytes(data)
    (tmp_path / "copy.txt").write_bytes(data)
    articles, _ = read_all([tmp_path / "a.txt", tmp_path / "copy.txt"], config)
    assert articles[0].id == articles[1].id and articles[0].source != articles[1].source


def test_a_record_has_the_same_id_in_json_and_json_lines(tmp_path: Path, config) -> None:
    records = [{"title": "A", "text": "First report text."}, {"text": "Second report text.", "date": "2024-11-04"}]
    (tmp_path / "all.json").write_text(json.dumps(records, indent=2))
    (tmp_path / "lines.jsonl").write_text("\n".join(json.dumps(r) for r in records))
    articles, failures = read_all([tmp_path], config)
    assert failures == []
    by_source = {Path(a.source).name: a.id for a in articles}
    assert by_source["all.json#1"] == by_source["lines.jsonl#1"]
    assert by_source["all.json#2"] == by_source["lines.jsonl#2"]


WESTERN = "Le café «Zürich» est très apprécié — naïve “quotes”, it’s done… and €5."


@pytest.mark.parametrize("encoding", ["cp1252", "utf-16", "utf-8-sig", "utf-16-le"])
def test_western_encodings_decode_correctly(encoding: str) -> None:
    assert decode(WESTERN.encode(encoding)) == WESTERN


def test_latin1_decodes_correctly() -> None:
    text = "Élève naïf à Noël, Zürich ist schön; le café est très bon."
    assert decode(text.encode("latin-1")) == text


def test_cyrillic_legacy_code_page() -> None:
    text = "Северная Корея направила тысячи солдат в Россию, сообщает южнокорейская разведка. " * 3
    assert decode(text.encode("cp1251")) == text


def test_cp1252_file_end_to_end(tmp_path: Path, config) -> None:
    path = tmp_path / "legacy.txt"
    path.write_bytes(("Café owners protest\n" + WESTERN).encode("cp1252"))
    [article], [] = read_all([path], config)
    assert article.title == "Café owners protest"
    assert article.text == WESTERN


CYRILLIC = "Северная Корея направила тысячи солдат в Россию, сообщает южнокорейская разведка."


@pytest.mark.parametrize("declared", [True, False])
def test_html_in_a_legacy_code_page(tmp_path: Path, config, declared: bool) -> None:
    markup = page("Солдаты отправлены", [CYRILLIC, CYRILLIC.upper()])
    markup = markup.replace('charset="utf-8"', 'charset="windows-1251"' if declared else "")
    path = tmp_path / "page.html"
    path.write_bytes(markup.encode("cp1251"))
    [article], [] = read_all([path], config)
    assert article.title == "Солдаты отправлены" and CYRILLIC in article.text
    assert article.language == "ru"


@pytest.mark.parametrize("gzip", [True, False])
def test_warc_html_responses_become_articles(tmp_path: Path, config, gzip: bool) -> None:
    dated = page("Troops sent abroad", PARAS, extra_head=(
        '<meta property="article:published_time" content="2024-11-04T18:19:00-05:00">'
        '<meta property="og:site_name" content="Harbour Daily">'
    ))
    undated = page("Rice deliveries", ["Russia will deliver up to 700,000 tonnes of rice a year, officials said on Monday."])
    path = write_warc(tmp_path / ("crawl.warc.gz" if gzip else "crawl.warc"), [
        ("https://harbour.example/troops", "text/html; charset=utf-8", dated.encode()),
        ("https://harbour.example/logo.png", "image/png", b"\x89PNG\r\n\x1a\n"),
        ("https://harbour.example/missing", "text/html", b"<html><body>Not found</body></html>"),
        ("https://rice.example/deal", "text/html", undated.encode()),
    ])
    articles, failures = read_all([path], config)
    assert failures == []
    # record 1 is warcinfo; 2 and 5 are the pages; the image and the 404 are not articles
    assert [a.source for a in articles] == [f"{path}#2", f"{path}#5"]
    troops, rice = articles
    assert (troops.reader, troops.title, troops.url) == ("warc.v1", "Troops sent abroad", "https://harbour.example/troops")
    assert troops.published == "2024-11-04T18:19:00-05:00" and troops.outlet == "Harbour Daily"
    assert troops.text.split("\n\n") == PARAS
    assert rice.url == "https://rice.example/deal"
    assert rice.published == "2024-11-05T01:02:03+00:00"  # no date on the page: the WARC-Date
    assert rice.outlet == "rice.example"


def test_warc_payload_is_uri_plus_http_body(tmp_path: Path, config) -> None:
    import hashlib

    body = page("Troops sent abroad", PARAS).encode()
    path = write_warc(tmp_path / "one.warc.gz", [("https://harbour.example/t", "text/html", body)])
    [doc] = [d for d in run([str(path)], config=config) if isinstance(d, RawDoc)]
    assert doc.payload == b"https://harbour.example/t\n" + body
    [article], _ = read_all([path], config)
    assert article.id == hashlib.sha256(doc.payload).hexdigest()[:16]


def test_html_reader_and_warc_reader_extract_alike(tmp_path: Path, config) -> None:
    markup = page("Troops sent abroad", PARAS, comment="A reader comment that is long enough to keep.")
    (tmp_path / "p.html").write_text(markup)
    write_warc(tmp_path / "p.warc.gz", [("https://harbour.example/t", "text/html", markup.encode())])
    html_article, warc_article = sorted(read_all([tmp_path], config)[0], key=lambda a: a.reader)
    assert html_article.text == warc_article.text and html_article.title == warc_article.title
    assert "reader comment" not in html_article.text


def test_failures_are_failures_not_exceptions(tmp_path: Path, config) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    items = list(run([str(tmp_path / "empty.txt"), str(tmp_path / "nope.txt")], config=config))
    assert all(isinstance(i, Failure) and i.stage == "ingest" for i in items)
    assert "empty" in items[0].error and "no such file" in items[1].error


def test_json_record_holding_a_whole_page(tmp_path: Path, config) -> None:
    markup = page("Troops sent abroad", PARAS, extra_head='<meta property="og:site_name" content="Harbour Daily">')
    (tmp_path / "saved.jsonl").write_text(json.dumps({"url": "https://h.example/t", "html": markup}) + "\n")
    [article], [] = read_all([tmp_path], config)
    assert article.title == "Troops sent abroad" and article.outlet == "Harbour Daily"
    assert article.url == "https://h.example/t" and article.text.split("\n\n") == PARAS


def test_html_without_closing_tags_is_not_truncated(tmp_path: Path, config) -> None:
    markup = page("Troops sent abroad", PARAS).replace("</body></html>", "")
    (tmp_path / "p.html").write_text(markup)  # HTML5 allows leaving them out
    [article], [] = read_all([tmp_path], config)
    assert article.text.split("\n\n") == PARAS


def test_control_characters_in_feed_and_page_markup(tmp_path: Path, config) -> None:
    dirty = "Officials said\x1b the \x0crice would arrive in December."
    item = f"<item><title>Rice</title><description><![CDATA[<p>{dirty}</p>]]></description></item>"
    (tmp_path / "f.rss").write_text(f'<?xml version="1.0"?><rss version="2.0"><channel><title>W</title>{item}</channel></rss>')
    (tmp_path / "p.html").write_text(page("Rice", [dirty]))
    articles, failures = read_all([tmp_path], config)
    assert [a.text for a in articles] == ["Officials said the rice would arrive in December."] * 2
    # the feed's XML is not well-formed (XML forbids those characters): said once, for the file
    assert [f.source for f in failures] == [str(tmp_path / "f.rss")] and "malformed" in failures[0].error
