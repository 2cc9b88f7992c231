"""JSON and JSON Lines: news records with the usual field names.

A JSON file holds one record, an array of records, or an object with the records under
``articles`` (also ``items``, ``entries``, ``results``). A JSON Lines file holds one record per
line; a bad line becomes a Failure for ``path#LINE`` and the other lines go on. Field names are
matched case-insensitively, first hit wins:

    text       text, body, content, article, maintext, full_text, fulltext, article_text, html,
               description, summary
    title      title, headline, name
    url        url, link, canonical_url, uri, href
    published  published, date, published_at, publishedAt, pubDate, date_publish, datePublished,
               publication_date, created_at, timestamp, time
    outlet     outlet, source, publisher, source_name, site_name, sitename, source_domain, site,
               domain (an object's ``name``/``title`` is used, as in NewsAPI's ``source``)
    author     author, authors, byline, creator (lists are joined)
    language   language, lang

A text field that holds HTML is reduced to its paragraphs. The id derives from the record's
canonical JSON (sorted keys), so the same record gives the same id in JSON and in JSON Lines.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Iterator

from newsprism.errors import EmptyInput, MalformedInput
from newsprism.ingest import html
from newsprism.ingest.base import NO, WEAK, Reader, canonical_json, clean_str, guarded
from newsprism.ingest.detect import decode, read_capped
from newsprism.settings import Config
from newsprism.types import Failure, RawDoc

NAME = "json.v1"
CONTAINERS = ("articles", "items", "entries", "results")
FIELDS: dict[str, tuple[str, ...]] = {
    "text": ("text", "body", "content", "article", "maintext", "full_text", "fulltext",
             "article_text", "html", "description", "summary"),
    "title": ("title", "headline", "name"),
    "url": ("url", "link", "canonical_url", "uri", "href"),
    "published": ("published", "date", "published_at", "publishedat", "pubdate", "date_publish",
                  "datepublished", "publication_date", "created_at", "timestamp", "time"),
    "outlet": ("outlet", "source", "publisher", "source_name", "site_name", "sitename",
               "source_domain", "site", "domain"),
    "author": ("author", "authors", "byline", "creator"),
    "language": ("language", "lang"),
}


def read(path: Path, *, source: str, config: Config) -> Iterator[RawDoc | Failure]:
    """RawDocs for a JSON document or a JSON Lines file."""
    data = read_capped(path, max_bytes=config["max_input_bytes"])
    content = decode(data)
    try:
        value = json.loads(content)
    except json.JSONDecodeError as e:
        if path.name.lower().endswith((".jsonl", ".ndjson", ".jsonlines")) or _first_line_is_json(content):
            yield from _lines(content, source)
            return
        raise MalformedInput(
            f"invalid JSON at line {e.lineno}, column {e.colno}: {e.msg} (truncated file?)"
        ) from e
    yield from _document(value, source)


def sniff(head: bytes) -> int:
    start = head.lstrip(b"\xef\xbb\xbf \t\r\n")[:1]
    return WEAK if start in (b"{", b"[") else NO


def _first_line_is_json(content: str) -> bool:
    first = content.lstrip("\ufeff \t\r\n").split("\n", 1)[0]
    try:
        return isinstance(json.loads(first), dict)
    except json.JSONDecodeError:
        return False


def _lines(content: str, source: str) -> Iterator[RawDoc | Failure]:
    for number, line in enumerate(content.lstrip("\ufeff").split("\n"), start=1):
        if line.strip():
            where = f"{source}#{number}"
            yield guarded(where, lambda line=line, where=where: _line(line, where))


def _line(line: str, where: str) -> RawDoc:
    try:
        value = json.loads(line)
    except json.JSONDecodeError as e:
        raise MalformedInput(f"invalid JSON on this line at column {e.colno}: {e.msg}") from e
    return record(value, source=where)


def _document(value: Any, source: str) -> Iterator[RawDoc | Failure]:
    if isinstance(value, dict):
        for key in CONTAINERS:
            if isinstance(value.get(key), list):
                value = value[key]
                break
        else:
            yield guarded(source, lambda: record(value, source=source))
            return
    if not isinstance(value, list):
        raise MalformedInput("JSON holds neither an article object nor a list of articles")
    if not value:
        raise EmptyInput("JSON holds an empty list of articles")
    for number, item in enumerate(value, start=1):
        where = f"{source}#{number}"
        yield guarded(where, lambda item=item, where=where: record(item, source=where))


def record(value: Any, *, source: str) -> RawDoc:
    """A RawDoc from one JSON record; raises MalformedInput or EmptyInput."""
    if not isinstance(value, dict):
        raise MalformedInput(f"record is a JSON {type(value).__name__}, not an object with a text field")
    fields = {k.lower(): v for k, v in value.items() if isinstance(k, str)}
    body = _pick(fields, "text")
    if not isinstance(body, str) or not body.strip():
        raise EmptyInput(f"record has no text; put the article in one of: {', '.join(FIELDS['text'][:4])}")
    known = {
        "title": clean_str(_pick(fields, "title")),
        "published": _published(_pick(fields, "published")),
        "outlet": _name(_pick(fields, "outlet")),
        "url": clean_str(_pick(fields, "url")),
        "author": _author(_pick(fields, "author")),
        "language": clean_str(_pick(fields, "language")),
    }
    if html.sniff(body[:2048].encode("utf-8", "replace")):
        # a whole saved page: the record's own fields win over what the page says
        page = html.extract_page(body, url=known["url"])
        return html.to_rawdoc(page, source=source, payload=canonical_json(value), reader=NAME, **known)
    if html.looks_like_markup(body):
        body = html.fragment_text(body)
    return RawDoc(source=source, reader=NAME, body=body, payload=canonical_json(value), **known)


def _pick(fields: dict[str, Any], kind: str) -> Any:
    for key in FIELDS[kind]:
        value = fields.get(key)
        if value not in (None, "", [], {}):
            return value
    return None


def _published(value: Any) -> str | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return str(value)  # epoch seconds or milliseconds; normalise reads them
    return clean_str(value)


def _name(value: Any) -> str | None:
    if isinstance(value, dict):
        value = value.get("name") or value.get("title")
    return clean_str(value)


def _author(value: Any) -> str | None:
    if isinstance(value, list):
        names = [_name(v) for v in value]
        return ", ".join(n for n in names if n) or None
    return _name(value)


READER = Reader(NAME, read=read, extensions=(".json", ".jsonl", ".ndjson", ".jsonlines"), sniff=sniff)
