"""Readers: paths and URLs -> RawDoc records, or Failure records for inputs that cannot be read.

``run(paths, config=...)`` walks files and folders (recursing in sorted order, skipping hidden
files and folders), picks a reader per file and yields one RawDoc per article: a file for plain
text and HTML, a record for JSON and JSON Lines, an entry for feeds, an HTML response for WARC.
An input that is an http(s) URL is downloaded and read as an HTML page (``fetch.py``).
Nothing stops the run: every unreadable file or bad record becomes a ``Failure`` with a one-line
reason, and the other inputs go on.

Readers are registered under versioned names, the way a plugin would register one::

    from newsprism.ingest import READERS, register
    register(Reader("mine.v1", read=..., extensions=(".mine",), sniff=lambda head: 0))

A reader is chosen by a STRONG content sniff (WARC magic, a feed's XML root, an HTML doctype),
then by extension, then by a WEAK sniff (text starting with ``{`` or ``[`` is JSON), and plain
text otherwise. ``max_input_bytes`` caps each file; for WARC it caps each record instead, since
one archive holds thousands of inputs.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Iterator, Sequence

from newsprism.errors import BinaryInput, InputError, UnreadableInput, one_line
from newsprism.ingest import feeds, fetch, html, jsonl, text, warc
from newsprism.ingest.base import NO, STAGE, STRONG, WEAK, Reader
from newsprism.ingest.detect import binary_kind, read_head
from newsprism.settings import Config
from newsprism.types import Failure, RawDoc

__all__ = ["NO", "READERS", "STRONG", "WEAK", "Reader", "choose", "inputs", "read_one", "register", "run"]

READERS: dict[str, Reader] = {}
FALLBACK = "text.v1"


def register(reader: Reader) -> Reader:
    """Add a reader under its versioned name (replacing one of the same name)."""
    READERS[reader.name] = reader
    return reader


# Order matters for sniffing: a feed's XML may embed HTML, so feeds are asked before HTML.
for _reader in (warc.READER, feeds.READER, html.READER, jsonl.READER, text.READER):
    register(_reader)


def run(paths: Sequence[str], *, config: Config) -> Iterator[RawDoc | Failure]:
    """Yield one RawDoc per article found under ``paths`` (folders recurse), or a Failure."""
    for item in inputs(paths):
        if isinstance(item, Failure):
            yield item
        else:
            yield from read_one(item[0], item[1], config=config)


def inputs(paths: Sequence[str]) -> Iterator[tuple[str, Path | None] | Failure]:
    """(source, path) for every file ``run`` reads, in its order; (url, None) for a URL; a
    Failure for a bad path."""
    return _inputs(paths)


def read_one(source: str, path: Path | None, *, config: Config) -> Iterator[RawDoc | Failure]:
    """What ``run`` yields for one file, or for one URL when ``path`` is None (a caller can then
    budget its time input by input)."""
    return _read_one(path, source, config)


def choose(path: Path, head: bytes) -> Reader:
    """The reader for a file, from its first bytes and its name."""
    scores = {name: reader.sniff(head) for name, reader in READERS.items()}
    strong = [name for name, score in scores.items() if score >= STRONG]
    if strong:
        return READERS[strong[0]]
    if head.startswith(b"GZIP:"):
        raise BinaryInput("gzip-compressed file that is not a WARC; decompress it first")
    kind = binary_kind(head)
    if kind:
        raise BinaryInput(f"not text but {kind}; only text, HTML, JSON, feeds and WARC are read")
    name = path.name.lower()
    for reader in READERS.values():
        if any(name.endswith(ext) for ext in reader.extensions):
            return reader
    weak = [name for name, score in scores.items() if score == WEAK]
    return READERS[weak[0] if weak else FALLBACK]


def _read_one(path: Path | None, source: str, config: Config) -> Iterator[RawDoc | Failure]:
    try:
        if path is None:
            yield from fetch.read_url(source, config=config)
            return
        if not path.exists():
            raise UnreadableInput("no such file (a broken link?); check the path")
        if not path.is_file():
            # A pipe or device would block or never end; only regular files are read.
            raise UnreadableInput("not a regular file (a pipe, socket or device)")
        reader = choose(path, read_head(path))
        yield from reader.read(path, source=source, config=config)
    except InputError as e:
        yield Failure(source, STAGE, one_line(e))
    except Exception as e:  # noqa: BLE001 - a reader crash on one file must not stop the batch
        yield Failure(source, STAGE, f"unexpected {type(e).__name__}: {one_line(e)}")


def _inputs(paths: Sequence[str]) -> Iterator[tuple[str, Path | None] | Failure]:
    """(source, path) for every file to read, in a stable order; (url, None) for a URL; Failures
    for bad paths."""
    for given in paths:
        if fetch.is_url(given):
            yield given.strip(), None
            continue
        path = Path(given)
        try:
            if path.is_dir():
                found = list(_walk(given))
                if not found:
                    raise UnreadableInput("folder holds no readable files (hidden files are skipped)")
                yield from found
            elif path.exists() or path.is_symlink():
                yield given, path
            else:
                raise UnreadableInput("no such file or folder; check the path")
        except InputError as e:
            yield Failure(given, STAGE, one_line(e))
        except OSError as e:
            yield Failure(given, STAGE, f"cannot open: {e.strerror or e}")


def _walk(folder: str) -> Iterator[tuple[str, Path | None] | Failure]:
    """Files under ``folder`` in sorted order, skipping hidden files and folders; a sub-folder
    that cannot be listed becomes a Failure rather than being skipped silently."""
    errors: list[OSError] = []
    for root, dirs, files in os.walk(folder, onerror=errors.append):
        yield from _folder_failures(errors)
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if not name.startswith("."):
                full = os.path.join(root, name)
                yield full, Path(full)
    yield from _folder_failures(errors)


def _folder_failures(errors: list[OSError]) -> Iterator[Failure]:
    while errors:
        error = errors.pop(0)
        yield Failure(str(error.filename), STAGE, f"cannot list the folder: {error.strerror or error}")
