"""The batch's output: a partitioned Parquet dataset, and the manifest that makes it resumable.

Layout of ``out_dir`` (hive-style partitions, readable by pyarrow, DuckDB, pandas and Spark)::

    manifest.json                      what is finished: chunks, claim buckets, settings used
    articles/chunk=00000/part.parquet  one partition per input chunk (phase 1: per-article work)
    extractions_raw/chunk=.../         per-article extractions (provisional entity ids)
    origins/  assignments/  merges/  touched/  failures/           (same chunks)
    state/                             snapshots of the origins index and stories state; final.bin
    stories/bucket=000/                final stories      (phase 2: per-story work)
    extractions/bucket=.../            extractions with entities canonical within their story
    reports/bucket=.../                one StoryReport per story (claims, verdicts, brief)
    claims/bucket=.../                 one row per claim: story, kind, text, status, reason
    story_failures/bucket=.../         stories whose claims could not be computed

Every record becomes one row: its scalar fields as typed columns (so the dataset can be queried
directly) and its nested fields (tuples, records) as JSON strings; ``from_table`` rebuilds the
exact record through ``newsprism.codec``. A partition is written to a temporary name and renamed,
and only counts once the manifest lists it, so a killed batch never leaves half a partition in
the results.
"""

from __future__ import annotations

import dataclasses
import json
import os
import shutil
import typing
from functools import cache
from pathlib import Path
from typing import Any, Iterable, Iterator, Sequence, TypeVar

from newsprism.codec import from_plain, to_plain
from newsprism.errors import ConfigError, MissingExtra

T = TypeVar("T")
MANIFEST = "manifest.json"
# 2: stories by the two-phase plan, partial stories kept per chunk (a batch folder of format 1
# is refused as one of other settings, not resumed with a different grouping)
FORMAT_VERSION = 2

try:
    import pyarrow as pa
    import pyarrow.dataset as pads
    import pyarrow.parquet as pq
except ImportError:  # pragma: no cover - pyarrow is a dependency of the scale extra
    pa = pads = pq = None  # type: ignore[assignment]


def require_pyarrow() -> None:
    if pa is None:
        raise MissingExtra("batch mode (Parquet output)", "scale", "pyarrow")


_SCALARS = {str: "string", int: "int64", float: "float64", bool: "bool_"}


@cache
def _columns(cls: type) -> tuple[tuple[str, str | None], ...]:
    """(field, arrow type name) per field of ``cls``; None means 'nested, stored as JSON'."""
    hints = typing.get_type_hints(cls)
    out = []
    for f in dataclasses.fields(cls):
        hint = hints[f.name]
        args = [a for a in typing.get_args(hint) if a is not type(None)]
        base = args[0] if typing.get_origin(hint) is not tuple and len(args) == 1 else hint
        out.append((f.name, _SCALARS.get(base)))
    return tuple(out)


def arrow_schema(cls: type, extra: Sequence[tuple[str, str]] = ()) -> "pa.Schema":
    """The Arrow schema of ``cls`` rows (plus ``extra`` (name, type) columns first)."""
    require_pyarrow()
    fields = [pa.field(name, getattr(pa, kind)()) for name, kind in extra]
    fields += [pa.field(name, getattr(pa, kind or "string")()) for name, kind in _columns(cls)]
    return pa.schema(fields)


def to_table(
    records: Sequence[Any], cls: type, *, extra: Sequence[tuple[str, str]] = (),
    extra_values: Sequence[Sequence[Any]] = (),
) -> "pa.Table":
    """Records of type ``cls`` as an Arrow table; ``extra_values[i]`` fills ``extra[i]``."""
    schema = arrow_schema(cls, extra)
    data: dict[str, list[Any]] = {name: list(values) for (name, _), values in zip(extra, extra_values)}
    for name, kind in _columns(cls):
        values = [getattr(r, name) for r in records]
        if kind is None:
            values = [None if v is None else json.dumps(to_plain(v), ensure_ascii=False) for v in values]
        data[name] = values
    return pa.Table.from_pydict(data, schema=schema)


def from_rows(rows: Iterable[dict[str, Any]], cls: type[T]) -> Iterator[T]:
    """Rebuild records from row dicts as ``to_table`` wrote them (extra columns are ignored)."""
    cols = _columns(cls)
    for row in rows:
        plain = {}
        for name, kind in cols:
            value = row.get(name)
            plain[name] = json.loads(value) if kind is None and value is not None else value
        yield from_plain(cls, plain)


def from_table(table: "pa.Table", cls: type[T]) -> list[T]:
    return list(from_rows(table.to_pylist(), cls))


# --------------------------------------------------------------------------- dataset


class Dataset:
    """One batch's output folder: partitions written atomically, a manifest of finished ones."""

    def __init__(self, out_dir: str | os.PathLike[str], *, create: bool = False) -> None:
        """``create``: the batch writing the folder makes it; a reader (``newsprism load``)
        never does, and a missing folder is an error."""
        require_pyarrow()
        self.root = Path(out_dir)
        if create:
            self.root.mkdir(parents=True, exist_ok=True)
        elif not self.root.is_dir():
            raise ConfigError(f"no batch output at {out_dir}; run `newsprism batch INPUT... --out {out_dir}` first")

    # manifest ---------------------------------------------------------------------------------
    def manifest(self) -> dict[str, Any]:
        path = self.root / MANIFEST
        if not path.exists():
            return {}
        try:
            return json.loads(path.read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError) as e:
            raise ConfigError(f"{path} is not a newsprism batch manifest ({e}); use a new --out folder") from e

    def save_manifest(self, manifest: dict[str, Any]) -> None:
        # Written beside and renamed: a kill mid-write leaves the previous manifest intact.
        path = self.root / MANIFEST
        tmp = path.with_suffix(".json.tmp")
        tmp.write_text(json.dumps(manifest, indent=1, sort_keys=True), encoding="utf-8")
        os.replace(tmp, path)

    # partitions -------------------------------------------------------------------------------
    def partition_dir(self, table: str, key: str, value: int) -> Path:
        width = 5 if key == "chunk" else 3
        return self.root / table / f"{key}={value:0{width}d}"

    def write(self, table: str, key: str, value: int, data: "pa.Table") -> None:
        """Write (or replace) one partition of ``table``, atomically."""
        final = self.partition_dir(table, key, value)
        tmp = final.with_name("." + final.name + ".tmp")
        shutil.rmtree(tmp, ignore_errors=True)
        tmp.mkdir(parents=True)
        pq.write_table(data, tmp / "part.parquet", compression="zstd")
        shutil.rmtree(final, ignore_errors=True)
        os.replace(tmp, final)

    def drop_unfinished(self, key: str, finished: Iterable[int]) -> None:
        """Remove partitions (and temporaries) a killed run left behind that the manifest does not list."""
        keep = {f"{key}={v:0{5 if key == 'chunk' else 3}d}" for v in finished}
        for table_dir in (p for p in self.root.iterdir() if p.is_dir()):
            for part in table_dir.iterdir():
                stale = part.name.startswith(".") or (part.name.startswith(key + "=") and part.name not in keep)
                if stale:
                    shutil.rmtree(part, ignore_errors=True) if part.is_dir() else part.unlink()

    def read_partition(self, table: str, key: str, value: int, columns: Sequence[str] | None = None) -> "pa.Table":
        path = self.partition_dir(table, key, value) / "part.parquet"
        return pq.read_table(path, columns=list(columns) if columns else None)

    def has_table(self, table: str) -> bool:
        path = self.root / table
        return path.is_dir() and any(path.rglob("*.parquet"))

    def scan(self, table: str, columns: Sequence[str] | None = None, *, batch_size: int = 2048) -> Iterator[dict[str, Any]]:
        """Rows of ``table`` across its partitions, in partition order, a batch at a time."""
        if not self.has_table(table):
            return
        for part in sorted((self.root / table).glob("*=*/*.parquet")) + sorted((self.root / table).glob("*.parquet")):
            for batch in pq.ParquetFile(part).iter_batches(batch_size=batch_size, columns=list(columns) if columns else None):
                yield from batch.to_pylist()

    def dataset(self, table: str) -> "pads.Dataset":
        """The table as a pyarrow dataset (partition keys as columns), for ad-hoc queries."""
        return pads.dataset(self.root / table, format="parquet", partitioning="hive")

    def write_blob(self, name: str, data: "bytes | Iterable[bytes | memoryview]") -> None:
        """Write a blob atomically: its bytes, or its pieces in order (written as they come, so a
        large stories state is never built whole in memory)."""
        path = self.root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name("." + path.name + ".tmp")
        with open(tmp, "wb") as out:
            for piece in ((data,) if isinstance(data, (bytes, bytearray, memoryview)) else data):
                out.write(piece)
        os.replace(tmp, path)

    def read_blob(self, name: str) -> bytes | None:
        path = self.root / name
        return path.read_bytes() if path.exists() else None

    def blob_path(self, name: str) -> Path | None:
        """Where a non-empty blob lies (a stories state is memory-mapped from there), or None."""
        path = self.root / name
        return path if path.exists() and path.stat().st_size > 0 else None

    def blob_pieces(self, name: str, size: int = 32 << 20) -> "Iterator[bytes]":
        """A blob read in pieces of ``size`` bytes (nothing when it is missing)."""
        path = self.root / name
        if not path.exists():
            return
        with open(path, "rb") as f:
            while piece := f.read(size):
                yield piece
