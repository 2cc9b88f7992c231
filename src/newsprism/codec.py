"""Typed records to plain JSON values and back, for the store and the scale-out engines.

``to_plain(record)`` gives dicts/lists/scalars; ``from_plain(Type, value)`` rebuilds the record,
recursing through nested dataclasses, tuples and optionals by the type hints in ``types.py``.
"""

from __future__ import annotations

import dataclasses
import json
import types as _pytypes
import typing
from functools import cache
from typing import Any, TypeVar

T = TypeVar("T")


def to_plain(value: Any) -> Any:
    """A JSON-ready copy of a record (dataclasses become dicts, tuples become lists)."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: to_plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, (list, tuple)):
        return [to_plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): to_plain(v) for k, v in value.items()}
    if isinstance(value, bytes):
        return value.decode("latin-1")
    return value


def dumps(value: Any) -> str:
    """Compact JSON for a record."""
    return json.dumps(to_plain(value), ensure_ascii=False, separators=(",", ":"))


def loads(cls: type[T], text: str) -> T:
    """The record of type ``cls`` stored as ``text`` by :func:`dumps`."""
    return from_plain(cls, json.loads(text))


@cache
def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls)


def from_plain(cls: Any, value: Any) -> Any:
    """Rebuild a value of type ``cls`` from :func:`to_plain` output."""
    if value is None:
        return None
    origin = typing.get_origin(cls)
    if origin in (typing.Union, _pytypes.UnionType):
        options = [a for a in typing.get_args(cls) if a is not type(None)]
        return from_plain(options[0], value) if len(options) == 1 else value
    if origin is tuple:
        args = typing.get_args(cls)
        if len(args) == 2 and args[1] is Ellipsis:
            return tuple(from_plain(args[0], v) for v in value)
        return tuple(from_plain(a, v) for a, v in zip(args, value))
    if dataclasses.is_dataclass(cls):
        hints = _hints(cls)
        kwargs = {
            f.name: from_plain(hints[f.name], value[f.name])
            for f in dataclasses.fields(cls)
            if f.name in value
        }
        return cls(**kwargs)
    if cls is bytes and isinstance(value, str):
        return value.encode("latin-1")
    if cls is float and isinstance(value, int):
        return float(value)
    return value
