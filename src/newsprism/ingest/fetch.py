"""Web pages by URL: ``newsprism analyze https://...`` and ``newsprism ingest https://...``.

An input that starts with ``http://`` or ``https://`` is downloaded with trafilatura's
downloader (urllib3 with a timeout, at most two redirects and a size cap) and read like a saved
HTML page: the same RawDoc the HTML reader makes, with the URL as the article's ``url`` and
``source``, so a page fetched twice, or fetched and also read from a saved copy, is one article.

Every way a download can fail is an InputError with a one-line reason, which the batch records as
that input's failure and goes on: offline or a name that does not resolve, a refused connection,
no answer within ``fetch_timeout_seconds``, an HTTP error status (404, 500), a body that is not
an HTML page (a PDF, an image, JSON), a body over ``max_input_bytes``, a TLS error (an invalid
certificate is refused, never retried unverified).

Addresses that are loopback, private or link-local are refused unless the
``fetch_private_addresses`` setting is on (trafilatura's SSRF protection, checked on every
redirect hop): URLs often come from other people, and should not reach into the network newsprism
runs in by accident.
"""

from __future__ import annotations

import logging
import re
import threading
from contextlib import contextmanager
from http import HTTPStatus
from typing import Any, Iterator

from newsprism.errors import BinaryInput, UnreadableInput
from newsprism.ingest import html
from newsprism.ingest.detect import binary_kind, declared_charset, decode
from newsprism.settings import Config
from newsprism.types import RawDoc

_URL = re.compile(r"^https?://[^\s/?#]+", re.I)
_HTML_TYPES = ("text/html", "application/xhtml+xml")
# What trafilatura's downloader logs when it gives up, and the reason a reader is told.
_REASONS = (
    ("ssrf protection", "the address is loopback, private or link-local; set fetch_private_addresses = true to fetch it"),
    ("exceeds max_file_size", "the page is over the max_input_bytes cap"),
    ("connection refused", "connection refused (is the address right and the server up?)"),
    ("name or service not known", "the host name does not resolve (offline, or a typo in the URL?)"),
    ("temporary failure in name resolution", "the host name does not resolve (offline?)"),
    ("nodename nor servname", "the host name does not resolve (offline, or a typo in the URL?)"),
    ("failed to resolve", "the host name does not resolve (offline, or a typo in the URL?)"),
    ("network is unreachable", "the network is unreachable (offline?)"),
    ("no route to host", "no route to the host (offline?)"),
    ("certificate", "the site's TLS certificate is not valid; not fetched"),
    ("ssl", "a TLS (https) error; not fetched"),
    ("too many redirects", "too many redirects"),
    ("connection reset", "the server closed the connection"),
    ("remote end closed", "the server closed the connection"),
)


def is_url(given: str) -> bool:
    """Whether an input names a web page (http or https) rather than a file."""
    return bool(_URL.match(given.strip()))


def read_url(url: str, *, config: Config) -> Iterator[RawDoc]:
    """One RawDoc for the web page at ``url``; raises an InputError saying why it cannot be read."""
    response = download(url, config=config)
    data = response.data or b""
    content_type = (response.headers or {}).get("content-type", "")
    mime = content_type.split(";", 1)[0].strip().lower()
    kind = binary_kind(data[:65_536])
    if kind or (mime and mime not in _HTML_TYPES):
        what = mime or kind
        raise BinaryInput(f"not a web page but {what}; only HTML pages are fetched (save the file and pass its path)")
    markup = decode(data, declared=declared_charset(content_type.encode("latin-1", "ignore"))
                    or declared_charset(data[:4096]))
    page = html.extract_page(markup, url=url)
    yield html.to_rawdoc(page, source=url, payload=data, url=url)


def download(url: str, *, config: Config) -> Any:
    """trafilatura's response (``.data``, ``.status``, ``.headers``) for a 200 answer; raises
    UnreadableInput with the reason otherwise."""
    from trafilatura import downloads

    timeout = max(1, round(float(config["fetch_timeout_seconds"])))
    with _download_log() as messages:
        response = downloads.fetch_response(url.strip(), decode=False, config=_trafilatura_config(config, timeout))
    if response is None:
        raise UnreadableInput(f"could not fetch the page: {_reason(messages, timeout)}")
    if response.status != 200:
        try:
            phrase = HTTPStatus(response.status).phrase
        except ValueError:
            phrase = "error"
        raise UnreadableInput(f"could not fetch the page: the server answered HTTP {response.status} {phrase}")
    if not response.data:
        raise UnreadableInput("could not fetch the page: the server sent no content")
    return response


def _trafilatura_config(config: Config, timeout: int) -> Any:
    from trafilatura.settings import use_config

    settings = use_config()  # a fresh copy of trafilatura's defaults
    settings.set("DEFAULT", "DOWNLOAD_TIMEOUT", str(timeout))
    settings.set("DEFAULT", "MAX_FILE_SIZE", str(int(config["max_input_bytes"])))
    settings.set("DEFAULT", "SSRF_PROTECTION", "off" if config["fetch_private_addresses"] else "on")
    settings.set("DEFAULT", "INSECURE_SSL_FALLBACK", "off")
    return settings


def _reason(messages: list[str], timeout: int) -> str:
    text = " ".join(messages).lower()
    if "timed out" in text or "timeout" in text:
        return f"no answer within {timeout} s (fetch_timeout_seconds)"
    for needle, reason in _REASONS:
        if needle in text:
            return reason
    if not messages:
        return "the download failed (offline?)"
    last = " ".join(messages[-1].split())
    return last if len(last) <= 200 else last[:197] + "..."


class _Collect(logging.Handler):
    """Keeps the messages trafilatura's downloader logs in this thread (its only account of why
    a download failed)."""

    def __init__(self) -> None:
        super().__init__(level=logging.DEBUG)
        self.thread = threading.get_ident()
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        if record.thread == self.thread and record.levelno >= logging.WARNING:
            self.messages.append(record.getMessage())


@contextmanager
def _download_log() -> Iterator[list[str]]:
    logger = logging.getLogger("trafilatura.downloads")
    handler = _Collect()
    logger.addHandler(handler)
    try:
        yield handler.messages
    finally:
        logger.removeHandler(handler)
