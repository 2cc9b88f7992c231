"""RSS and Atom feeds through feedparser: one RawDoc per entry.

The outlet is the entry's own ``<source>`` element (an aggregator's feed names where each item
came from), else the entry's publisher, else the feed's title. Entry content in HTML is reduced to
paragraphs by ``html.fragment_text``. A feed whose XML breaks part-way yields the entries read
before the break and a Failure for the file saying so.
"""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any, Iterator

from newsprism.errors import EmptyInput, MalformedInput, one_line
from newsprism.ingest import html
from newsprism.ingest.base import NO, STAGE, STRONG, Reader, canonical_json, clean_str, guarded
from newsprism.ingest.detect import read_capped
from newsprism.settings import Config
from newsprism.types import Failure, RawDoc

NAME = "feed.v1"
_ROOT = re.compile(
    rb"^(?:\xef\xbb\xbf)?\s*(?:<\?[^>]*\?>\s*|<!--.*?-->\s*|<!DOCTYPE[^>]*>\s*)*<(?:rss|feed|(?:\w+:)?RDF)[\s>]",
    re.S | re.I,
)


def read(path: Path, *, source: str, config: Config) -> Iterator[RawDoc | Failure]:
    """One RawDoc per feed entry."""
    import feedparser

    data = read_capped(path, max_bytes=config["max_input_bytes"])
    # A stream, never a string: feedparser fetches strings that look like URLs.
    parsed = feedparser.parse(io.BytesIO(data), resolve_relative_uris=False, sanitize_html=True)
    problem = _xml_problem(parsed)
    entries = parsed.entries
    if not entries:
        if problem:
            raise MalformedInput(f"feed XML is malformed: {problem}")
        if not parsed.get("version"):
            raise MalformedInput("not an RSS or Atom feed (no <rss>, <feed> or RDF root element)")
        raise EmptyInput("feed has no entries")
    feed_outlet = clean_str(parsed.feed.get("title"))
    feed_language = clean_str(parsed.feed.get("language"))
    results = [
        guarded(where, lambda entry=entry, where=where: entry_doc(
            entry, source=where, feed_outlet=feed_outlet, feed_language=feed_language
        ))
        for where, entry in ((f"{source}#{n}", e) for n, e in enumerate(entries, start=1))
    ]
    if not problem:
        yield from results
        return
    # In a broken feed, an entry without text is the entry the break cut short: the file's
    # failure reports it, rather than a second failure for the same break.
    docs = [r for r in results if isinstance(r, RawDoc)]
    if not docs:
        raise MalformedInput(f"feed XML is malformed: {problem}; no complete entry before the break")
    yield from docs
    yield Failure(source, STAGE, (
        f"feed XML is malformed ({problem}); {len(docs)} entries before the break were read, "
        "later ones may be missing"
    ))


def sniff(head: bytes) -> int:
    return STRONG if _ROOT.match(head[:4096]) else NO


def _xml_problem(parsed: Any) -> str | None:
    import feedparser

    if not parsed.get("bozo"):
        return None
    error = parsed.get("bozo_exception")
    # Harmless: a charset declared differently from the one used, a missing namespace declaration.
    harmless = (feedparser.CharacterEncodingOverride, feedparser.NonXMLContentType,
                feedparser.UndeclaredNamespace)
    if isinstance(error, harmless):
        return None
    return one_line(error) if error else "unknown XML error"


def entry_doc(
    entry: Any, *, source: str, feed_outlet: str | None = None, feed_language: str | None = None
) -> RawDoc:
    """A RawDoc from one feedparser entry."""
    body = _body(entry)
    if not body:
        raise EmptyInput("feed entry has no content or summary text (only a title or link)")
    entry_source = entry.get("source") or {}
    outlet = clean_str(entry_source.get("title")) or clean_str(entry.get("publisher")) or feed_outlet
    return RawDoc(
        source=source,
        reader=NAME,
        body=body,
        payload=canonical_json({k: v for k, v in entry.items() if not k.endswith("_parsed")}),
        title=clean_str(entry.get("title")),
        published=clean_str(entry.get("published") or entry.get("updated") or entry.get("created")),
        outlet=outlet,
        url=clean_str(entry.get("link")),
        author=clean_str(entry.get("author")),
        language=feed_language,
    )


def _body(entry: Any) -> str:
    candidates = list(entry.get("content") or [])
    if entry.get("summary_detail"):
        candidates.append(entry["summary_detail"])
    elif entry.get("summary"):
        candidates.append({"value": entry["summary"], "type": "text/html"})
    for item in candidates:
        value = (item.get("value") or "").strip()
        if not value:
            continue
        if item.get("type") == "text/plain" or not html.looks_like_markup(value):
            return value
        text = html.fragment_text(value)
        if text:
            return text
    return ""


READER = Reader(NAME, read=read, extensions=(".rss", ".atom", ".xml", ".rdf"), sniff=sniff)
