"""Helpers shared by the store backends: record <-> row, time keys, search terms, the merge rule.

Articles keep their searchable and listable fields as columns and the rest of the record as JSON
(without the text, which has its own column, so it is stored once).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from datetime import datetime, time, timezone

from newsprism.codec import from_plain, to_plain
from newsprism.errors import ConfigError, StoreError
from newsprism.store import MARK_END, MARK_START, StorySummary  # noqa: F401 - re-exported
from newsprism.types import Article, Story, StoryMerge

SCHEMA_VERSION = 1
# The grouping state can grow with the corpus; chunks keep each value far below the 1 GB limit
# that both SQLite (SQLITE_MAX_LENGTH) and PostgreSQL (bytea) put on one value.
STATE_CHUNK = 32 * 1024 * 1024
_TERM = re.compile(r"\w+", re.UNICODE)


def article_record(article: Article) -> str:
    """The article as JSON, without its text (stored in its own column)."""
    plain = to_plain(article)
    plain.pop("text")
    return json.dumps(plain, ensure_ascii=False, separators=(",", ":"))


def article_from(record: str, text: str) -> Article:
    plain = json.loads(record)
    plain["text"] = text
    return from_plain(Article, plain)


def article_row(article: Article) -> tuple:
    """Column values in the order of ``ARTICLE_COLUMNS``."""
    return (
        article.id, article.source, article.reader, article.title, article.outlet,
        article.published, utc_key(article.published), article.language, article.url,
        article.content_hash, article.text, article_record(article),
    )


ARTICLE_COLUMNS = (
    "id", "source", "reader", "title", "outlet", "published", "published_utc", "language", "url",
    "content_hash", "text", "record",
)
# Their declarations, the same in both SQL dialects (each adds its own key and text index).
_REQUIRED = {"id": "TEXT NOT NULL UNIQUE", "source": "TEXT NOT NULL", "reader": "TEXT NOT NULL",
             "content_hash": "TEXT NOT NULL", "text": "TEXT NOT NULL", "record": "TEXT NOT NULL"}
ARTICLE_COLUMNS_DDL = ",\n    ".join(f"{c} {_REQUIRED.get(c, 'TEXT')}" for c in ARTICLE_COLUMNS)


def chunks(state: "bytes | Iterable[bytes | memoryview]") -> Iterator[tuple[int, bytes]]:
    """(number, piece) rows for a state: its bytes, or its pieces in order (a grouper's
    ``state_pieces()``, regrouped here so that no whole copy is ever built). An empty state is
    one empty piece, not none."""
    size = STATE_CHUNK
    if isinstance(state, (bytes, bytearray, memoryview)):
        view = memoryview(state)
        yield from ((n, bytes(view[i:i + size])) for n, i in enumerate(range(0, max(len(view), 1), size)))
        return
    number, buffer = 0, bytearray()
    for piece in state:
        piece = memoryview(piece).cast("B")
        while len(piece):
            take = piece[:size - len(buffer)]
            buffer += take
            piece = piece[len(take):]
            if len(buffer) == size:
                yield number, bytes(buffer)
                number, buffer = number + 1, bytearray()
    if buffer or number == 0:
        yield number, bytes(buffer)


def joined(pieces: "Iterable[bytes | memoryview]", total: int) -> bytearray:
    """A stored state's chunks in one writable buffer of ``total`` bytes, filled in place (the
    grouper then works on views into it: the state is never held twice)."""
    out = bytearray(total)
    at = 0
    for piece in pieces:
        out[at:at + len(piece)] = piece
        at += len(piece)
    return out if at == total else out[:at]


def story_row(story: Story) -> tuple:
    from newsprism.codec import dumps

    return (story.id, story.title, utc_key(story.first_seen), utc_key(story.last_seen), dumps(story))


def utc_key(value: str | None, *, end: bool = False) -> str | None:
    """An ISO 8601 time as a sortable UTC string ``YYYY-MM-DDTHH:MM:SS``; None if unparseable.

    Times without an offset are taken as UTC. A bare date means its first second, or with
    ``end`` its last, so that a date range includes both end days.
    """
    if not value:
        return None
    text = value.strip()
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00") if text.endswith("Z") else text)
    except ValueError:
        return None
    if end and len(text) == 10:
        moment = datetime.combine(moment.date(), time(23, 59, 59))
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S")


def bound(value: str | None, *, end: bool = False) -> str | None:
    """A date filter from a caller: None stays None, anything unparseable is a ConfigError."""
    if value is None or value == "":
        return None
    key = utc_key(value, end=end)
    if key is None:
        raise ConfigError(f"not a date or ISO 8601 time: {value!r} (use e.g. 2024-11-04)")
    return key


def query_terms(query: str) -> list[str]:
    """The words of a user's query; operators and punctuation are ignored, all words must match."""
    return [t.lower() for t in _TERM.findall(query)][:32]


def fts5_query(terms: list[str]) -> str:
    """An FTS5 query that matches documents holding every term (each quoted: no syntax errors)."""
    return " ".join('"' + t.replace('"', '""') + '"' for t in terms)


def summary_from(story_json: str, report_json: str | None) -> StorySummary:
    """A list row from the stored story and report JSON, without rebuilding the whole records."""
    story = json.loads(story_json)
    report = json.loads(report_json) if report_json else {}
    counts: dict[str, int] = {}
    for claim in report.get("claims", ()):
        counts[claim["status"]] = counts.get(claim["status"], 0) + 1
    return StorySummary(
        id=story["id"], title=story.get("title") or "", first_seen=story.get("first_seen"),
        last_seen=story.get("last_seen"), article_count=len(story.get("article_ids", ())),
        independent_origins=report.get("independent_origins", 0), claim_count=sum(counts.values()),
        verdicts=tuple(counts.items()),
    )


def check_merge(merge: StoryMerge, known: str | None) -> None:
    """The rule every store keeps for a merge (``known``: the story ``merge.absorbed`` was
    already recorded as absorbed into, if any): a story never absorbs itself, and a story
    absorbed into one story is never recorded as absorbed into another."""
    if merge.kept == merge.absorbed:
        raise StoreError(f"story {merge.kept!r} cannot absorb itself")
    if known is not None and known != merge.kept:
        raise StoreError(
            f"story {merge.absorbed!r} was already absorbed into {known!r}; "
            f"refusing to record it as absorbed into {merge.kept!r}"
        )
