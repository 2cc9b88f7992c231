"""WARC and WARC.gz (e.g. Common Crawl's CC-NEWS) through warcio: one RawDoc per HTML response.

Records are streamed, so an archive may be far larger than ``max_input_bytes``; the cap applies
to each record instead. Requests, metadata, redirects, errors and non-HTML responses are not
articles and are passed over. Each page goes through ``html.extract_page``; the record's target
URI is kept as the URL, and its WARC-Date stands in for the publication time when the page gives
none. ``RawDoc.source`` is ``path#N``, N counting every record of the file from 1.
"""

from __future__ import annotations

import zlib
from pathlib import Path
from typing import Any, Iterator

from newsprism.errors import EmptyInput, MalformedInput, OversizedInput, UnreadableInput
from newsprism.ingest import html
from newsprism.ingest.base import NO, STRONG, Reader, guarded
from newsprism.ingest.detect import declared_charset, decode
from newsprism.settings import Config
from newsprism.types import Failure, RawDoc

NAME = "warc.v1"
_HTML_TYPES = ("text/html", "application/xhtml+xml")


def read(path: Path, *, source: str, config: Config) -> Iterator[RawDoc | Failure]:
    """One RawDoc per HTML response record of a WARC file."""
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    cap = config["max_input_bytes"]
    number = pages = 0
    try:
        fh = path.open("rb")
    except PermissionError as e:
        raise UnreadableInput("permission denied; check the file's read permission") from e
    with fh:
        records = iter(ArchiveIterator(fh))
        while True:
            try:
                record = next(records)
            except StopIteration:
                break
            # warcio reports broken header blocks with whatever error the parse hit
            except (ArchiveLoadFailed, EOFError, OSError, zlib.error, ValueError, AttributeError,
                    TypeError, IndexError) as e:
                raise MalformedInput(
                    f"WARC is malformed or truncated after record {number} ({type(e).__name__}: "
                    f"{e}); {pages} pages before it were read"
                ) from e
            number += 1
            if _is_html(record):
                pages += 1
                where = f"{source}#{number}"
                yield guarded(where, lambda record=record, where=where: record_doc(record, source=where, cap=cap))
    if number == 0:
        raise EmptyInput("WARC holds no records")
    if pages == 0:
        raise EmptyInput(f"WARC holds {number} records but no HTML page responses")


def sniff(head: bytes) -> int:
    return STRONG if head.startswith((b"WARC/", b"GZIP:WARC/")) else NO


def _is_html(record: Any) -> bool:
    if record.rec_type == "response":
        headers = record.http_headers
        if headers is None:
            return False
        status = headers.get_statuscode() or ""
        content_type = (headers.get_header("Content-Type") or "").lower()
        return status.startswith("2") and content_type.startswith(_HTML_TYPES)
    if record.rec_type == "resource":
        return (record.rec_headers.get_header("Content-Type") or "").lower().startswith(_HTML_TYPES)
    return False


def record_doc(record: Any, *, source: str, cap: int) -> RawDoc:
    """A RawDoc from one HTML response or resource record."""
    uri = record.rec_headers.get_header("WARC-Target-URI") or ""
    date = record.rec_headers.get_header("WARC-Date")
    if record.rec_headers.get_header("WARC-Truncated"):
        reason = record.rec_headers.get_header("WARC-Truncated")
        raise MalformedInput(f"the crawler truncated this record ({reason}); the page is incomplete")
    if record.length and record.length > cap:
        raise OversizedInput(f"record is {record.length:,} bytes, over the max_input_bytes cap of {cap:,}")
    try:
        body = record.content_stream().read(cap + 1)
    except (EOFError, OSError, zlib.error, ValueError) as e:
        raise MalformedInput(f"record body is truncated or corrupt ({type(e).__name__}: {e})") from e
    if len(body) > cap:
        raise OversizedInput(f"page is over the max_input_bytes cap of {cap:,}")
    if not body.strip():
        raise EmptyInput("HTML response has an empty body")
    markup = decode(body, declared=_charset(record) or declared_charset(body[:4096]))
    page = html.extract_page(markup, url=uri or None)
    return html.to_rawdoc(
        page,
        source=source,
        payload=uri.encode("utf-8") + b"\n" + body,
        reader=NAME,
        url=uri or None,
        published=page.published or date,
    )


def _charset(record: Any) -> str | None:
    headers = record.http_headers
    content_type = headers.get_header("Content-Type") if headers is not None else None
    if content_type and "charset=" in content_type.lower():
        return declared_charset(content_type.encode("latin-1", "ignore"))
    return None


READER = Reader(NAME, read=read, extensions=(".warc", ".warc.gz", ".arc", ".arc.gz"), sniff=sniff)
