"""Inputs of a batch: the list of files, a Parquet table reader, and one numbered stream of docs.

Both engines see the same inputs in the same order: folders are expanded here (sorted, hidden
files skipped) and each file is read by the pipeline's own reading (``pipeline.read_docs``) on its
own, so an item's position (file number, record number) is the same whichever engine reads it. Parquet tables are
read here because they are a batch format: a table with ``text`` (or ``html``) and optionally
``title``, ``url``, ``published``, ``outlet``, ``author``, ``language`` and ``id`` columns.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator, Sequence

from newsprism import pipeline
from newsprism.errors import UnreadableInput
from newsprism.settings import Config
from newsprism.types import Failure, RawDoc

PARQUET_SUFFIXES = (".parquet", ".pq")
_OPTIONAL = ("title", "url", "published", "outlet", "author", "language")


@dataclass(frozen=True, slots=True)
class InputFile:
    """One file of the batch, its position in the batch and its size (for progress and ETA)."""

    index: int
    path: str
    size: int


def expand(inputs: Sequence[str]) -> list[InputFile]:
    """The batch's files in a fixed order. A missing input is kept: reading it records a failure."""
    files: list[str] = []
    for given in inputs:
        path = Path(given)
        if pipeline.is_url(given):
            files.append(given.strip())  # a web page: Path() would fold its "//"
        elif path.is_dir():
            found = sorted(
                p for p in path.rglob("*")
                if p.is_file() and not any(part.startswith(".") for part in p.relative_to(path).parts)
            )
            files.extend(str(p) for p in found)
        else:
            files.append(str(path))
    out = []
    for index, name in enumerate(files):
        try:
            size = Path(name).stat().st_size
        except OSError:
            size = 0
        out.append(InputFile(index, name, size))
    return out


def read_parquet(path: str) -> Iterator[RawDoc | Failure]:
    """One RawDoc per row of a Parquet table of articles (``text`` or ``html`` column required)."""
    try:
        import pyarrow.parquet as pq
    except ImportError as e:  # pragma: no cover
        raise UnreadableInput(f"{path}: reading Parquet needs pyarrow: pip install 'newsprism[scale]'") from e
    try:
        table = pq.ParquetFile(path)
    except Exception as e:  # noqa: BLE001 - pyarrow raises several unrelated types for a bad file
        yield Failure(path, "ingest", f"not a readable Parquet file: {' '.join(str(e).split())[:200]}")
        return
    names = set(table.schema_arrow.names)
    body = "text" if "text" in names else "html" if "html" in names else None
    if body is None:
        yield Failure(path, "ingest", "Parquet table has no 'text' or 'html' column")
        return
    number = 0
    for batch in table.iter_batches(batch_size=1024):
        for row in batch.to_pylist():
            number += 1
            source = f"{path}#{number}"
            text = row.get(body)
            if not isinstance(text, str) or not text.strip():
                yield Failure(source, "ingest", f"row has no {body}")
                continue
            meta = {k: (str(row[k]) if row.get(k) is not None else None) for k in _OPTIONAL if k in names}
            # The payload is the row itself, so the same row gives the same article id anywhere.
            payload = json.dumps({k: (str(v) if v is not None else None) for k, v in sorted(row.items())},
                                 ensure_ascii=False).encode("utf-8")
            yield RawDoc(source=source, reader="parquet.v1", body=text, payload=payload,
                         is_html=body == "html", **meta)


def read_file(file: InputFile, *, config: Config) -> Iterator[RawDoc | Failure]:
    """Every item of one input file, through ingest (or the Parquet reader)."""
    if file.path.lower().endswith(PARQUET_SUFFIXES):
        yield from read_parquet(file.path)
        return
    yield from pipeline.read_docs([file.path], config=config)  # each record within the time budget


def stream(files: Sequence[InputFile], *, config: Config) -> Iterator[tuple[InputFile, RawDoc | Failure]]:
    """Every item of the batch, in batch order, with the file it came from."""
    for file in files:
        for item in read_file(file, config=config):
            yield file, item
