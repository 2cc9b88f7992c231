"""Readers: paths -> RawDoc records (or Failure records for inputs that cannot be read).

PLACEHOLDER until the ingest work lands: reads plain text files only.
"""

from __future__ import annotations

from pathlib import Path
from typing import Iterator, Sequence

from newsprism.settings import Config
from newsprism.types import Failure, RawDoc


def run(paths: Sequence[str], *, config: Config) -> Iterator[RawDoc | Failure]:
    """Yield one RawDoc per article found under ``paths`` (folders recurse), or a Failure."""
    for given in paths:
        path = Path(given)
        files = sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
        for file in files:
            try:
                data = file.read_bytes()
            except OSError as e:
                yield Failure(str(file), "ingest", f"cannot read: {e.strerror}")
                continue
            yield RawDoc(source=str(file), reader="text.v1", body=data.decode("utf-8", "replace"), payload=data)
