"""HTML: every HTML-to-text step of newsprism lives here.

- ``extract_page`` reads a whole web page through trafilatura (main text without comments, title,
  date with time and offset where the page gives them, site name, author, canonical URL). The
  HTML reader and the WARC reader both call it.
- ``fragment_text`` turns a fragment of markup (a feed entry's content, a JSON ``body`` with
  tags) into paragraphs. trafilatura is made for pages and drops short fragments, so fragments
  go through lxml directly.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterator

from newsprism.errors import EmptyInput, MalformedInput
from newsprism.ingest.base import NO, STRONG, Reader, clean_str
from newsprism.ingest.detect import declared_charset, decode, read_capped
from newsprism.settings import Config
from newsprism.types import Failure, RawDoc

NAME = "html.v1"
FULL_EXTRACTION_BELOW = 250  # characters of text from fast mode under which the full extractor runs

_HTML_START = re.compile(rb"^\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html[\s>]|head[\s>])", re.I | re.S)
_HTML_CLOSED = re.compile(r"</(?:html|body)\s*>", re.I)
_HTML_OPENED = re.compile(r"<(?:html|body)[\s>]", re.I)
_LANG = re.compile(r"<html[^>]*\slang\s*=\s*[\"']?([A-Za-z]{2,3})(?:[-_][A-Za-z0-9]+)?", re.I)
_MARKUP = re.compile(r"<(?:p|br|div|a|span|em|strong|b|i|ul|li|h[1-6]|img|figure|blockquote)[\s/>]", re.I)
# Control characters XML forbids: lxml refuses them, and they are never article text.
_XML_INVALID = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_MIDNIGHT = re.compile(r"^(\d{4}-\d{2}-\d{2})T00:00:00$")
_BLOCKS = {
    "p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote",
    "section", "article", "tr", "table", "figure", "figcaption", "header", "footer", "pre", "hr",
}


@dataclass(frozen=True, slots=True)
class PageText:
    """What trafilatura found on a page."""

    text: str
    title: str | None
    published: str | None
    outlet: str | None
    author: str | None
    url: str | None
    language: str | None


def read(path: Path, *, source: str, config: Config) -> Iterator[RawDoc | Failure]:
    """One RawDoc for an HTML page."""
    data = read_capped(path, max_bytes=config["max_input_bytes"])
    markup = decode(data, declared=declared_charset(data[:4096]))
    page = extract_page(markup)
    yield to_rawdoc(page, source=source, payload=data)


def sniff(head: bytes) -> int:
    return STRONG if _HTML_START.match(head[:2048]) else NO


def looks_like_markup(text: str) -> bool:
    """Whether a text field holds HTML tags rather than plain text."""
    return bool(_MARKUP.search(text[:5000]))


def to_rawdoc(
    page: PageText, *, source: str, payload: bytes, reader: str = NAME, **known: str | None
) -> RawDoc:
    """A RawDoc from an extracted page; ``known`` values (e.g. a WARC record's URL) win."""
    fields = {
        "title": page.title, "published": page.published, "outlet": page.outlet,
        "author": page.author, "url": page.url, "language": page.language,
    }
    fields.update({k: v for k, v in known.items() if v})
    return RawDoc(source=source, reader=reader, body=page.text, payload=payload, **fields)


def extract_page(markup: str, *, url: str | None = None) -> PageText:
    """Main text and metadata of a web page; raises MalformedInput or EmptyInput."""
    markup = _XML_INVALID.sub("", markup)
    if _is_truncated(markup):
        raise MalformedInput(
            "HTML page is truncated (it stops mid-text without closing <html>/<body>); save the whole page again"
        )
    doc = _trafilatura(markup, url=url, fast=True)
    found = len(doc.text or "") if doc is not None else 0
    if found < FULL_EXTRACTION_BELOW:
        # Fast mode skips trafilatura's readability/jusText comparison, which costs about as
        # much again; it is worth it only when the main extractor found little text.
        full = _trafilatura(markup, url=url, fast=False)
        if full is not None and len(full.text or "") > found:
            doc = full
    text = (doc.text or "").strip() if doc is not None else ""
    if not text:
        text = fragment_text(markup)  # trafilatura drops short pages; keep their paragraphs
    title = clean_str(doc.title) if doc is not None else None
    text = _drop_leading_title(text, title)
    if not text:
        raise EmptyInput("no article text found in the HTML page")
    return PageText(
        text=text,
        title=title,
        published=_date(doc.date) if doc is not None else None,
        outlet=clean_str(doc.sitename) if doc is not None else None,
        author=clean_str(doc.author) if doc is not None else None,
        url=clean_str(doc.url) if doc is not None else url,
        language=_language(markup),
    )


def _trafilatura(markup: str, *, url: str | None, fast: bool) -> Any:
    import trafilatura

    try:
        return trafilatura.bare_extraction(
            markup,
            url=url,
            fast=fast,
            with_metadata=True,
            include_comments=False,
            include_tables=True,
            deduplicate=False,
            # keep the time and offset, not only the day
            date_extraction_params={"original_date": True, "outputformat": "%Y-%m-%dT%H:%M:%S%z"},
        )
    except (ValueError, TypeError, AttributeError) as e:  # lxml/trafilatura on broken trees
        raise MalformedInput(f"HTML could not be parsed: {e}") from e


def fragment_text(markup: str) -> str:
    """Paragraph text of an HTML fragment: block elements become line breaks; scripts dropped."""
    from lxml import etree
    from lxml import html as lxml_html

    try:
        root = lxml_html.fragment_fromstring(_XML_INVALID.sub("", markup), create_parent="div")
    except (etree.ParserError, ValueError) as e:
        raise MalformedInput(f"HTML fragment could not be parsed: {e}") from e
    etree.strip_elements(root, "script", "style", "noscript", "template", with_tail=False)
    for element in root.iter():
        if isinstance(element.tag, str) and element.tag.lower() in _BLOCKS:
            element.tail = "\n" + (element.tail or "")
            element.text = "\n" + (element.text or "") if element.tag.lower() != "br" else element.text
    text = root.text_content()
    lines = (" ".join(line.split()) for line in text.split("\n"))
    return "\n".join(line for line in lines if line)


def _is_truncated(markup: str) -> bool:
    """HTML5 lets a page leave </body></html> out, so only a page that also stops inside text or
    inside a tag counts as cut short."""
    tail = markup[-20000:]
    return (
        bool(_HTML_OPENED.search(markup[:20000]))
        and not _HTML_CLOSED.search(tail)
        and not tail.rstrip().endswith(">")
    )


def _drop_leading_title(text: str, title: str | None) -> str:
    """trafilatura keeps the page's <h1> as the first line; the title is kept apart."""
    if title:
        first, _, rest = text.partition("\n")
        if " ".join(first.split()).casefold() == title.casefold():
            return rest.strip()
    return text


def _date(value: str | None) -> str | None:
    if not value:
        return None
    # htmldate fills an unknown time with midnight and no offset: that is a date, not a time.
    match = _MIDNIGHT.match(value)
    return match.group(1) if match else value


def _language(markup: str) -> str | None:
    match = _LANG.search(markup[:5000])
    return match.group(1).lower() if match else None


READER = Reader(NAME, read=read, extensions=(".html", ".htm", ".xhtml", ".shtml"), sniff=sniff)
