"""What every reader shares: the Reader record, per-record failure capture, canonical JSON bytes."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Iterator, Protocol

from newsprism.errors import InputError, one_line
from newsprism.settings import Config
from newsprism.types import Failure, RawDoc

STAGE = "ingest"

# How sure a reader is that a file is its format, from the file's first bytes.
NO, WEAK, STRONG = 0, 1, 2


class ReadFn(Protocol):
    def __call__(self, path: Path, *, source: str, config: Config) -> Iterator[RawDoc | Failure]: ...


@dataclass(frozen=True, slots=True)
class Reader:
    """An input format. ``sniff(head)`` rates the first bytes (NO, WEAK or STRONG); a STRONG sniff
    beats the file extension, which beats a WEAK sniff. ``read`` raises an InputError for a file
    it cannot read and yields a Failure for a single bad record inside an otherwise good file."""

    name: str
    read: ReadFn
    extensions: tuple[str, ...]
    sniff: Callable[[bytes], int]


def guarded(source: str, make: Callable[[], RawDoc]) -> RawDoc | Failure:
    """Build one record's RawDoc; an error becomes that record's Failure, so one bad record never
    costs the other records of its file."""
    try:
        return make()
    except InputError as e:
        return Failure(source, STAGE, one_line(e))
    except Exception as e:  # noqa: BLE001 - a library crash on one record must not stop the file
        return Failure(source, STAGE, f"unexpected {type(e).__name__}: {one_line(e)}")


def canonical_json(value: Any) -> bytes:
    """Stable bytes for a JSON value: the same record always hashes to the same id."""
    return json.dumps(
        value, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str
    ).encode("utf-8")


def clean_str(value: Any) -> str | None:
    """A metadata value as a one-line string, or None when absent or blank."""
    if value is None or isinstance(value, (dict, list, tuple)):
        return None
    text = " ".join(str(value).split())
    return text or None
