"""Plain text articles: an optional headline, datelines, bylines and credit lines around a body.

How the top of a file is read (general rules, not tuned to any one outlet):

- **credit lines** anywhere ("Photo: depositphotos", "Image credit: Reuters", "(AP Photo/Jane Doe)",
  a short line naming a picture agency such as Getty Images, "© 2024 ...") are not body text:
  they go to ``boilerplate``;
- **datelines** among the first lines ("6:19 PM EST, November 4, 2024", "Published: 2024-11-04
  18:19"): a short line that is a date with at most a few other words. The first one is the
  published time (parsed later by normalise); all go to ``boilerplate``;
- **bylines** among the first lines ("By Jane Doe, Reuters"): the author; kept in ``boilerplate``;
- **the headline**: the first remaining line when it is short (at most 200 characters and 25
  words), has at least two words, starts like a title, does not end like a sentence (., ;, :),
  and body text follows it (a longer line, or a whole sentence). A first line that is a long
  paragraph, or a lone line, is body.

Short section headings inside the body ("Money for soldiers") stay in the body as paragraphs.
"""

from __future__ import annotations

import re
import warnings
from pathlib import Path
from typing import Iterator

from newsprism.errors import EmptyInput
from newsprism.ingest.base import NO, Reader
from newsprism.ingest.detect import decode, read_capped
from newsprism.rules import dates
from newsprism.rules.boilerplate import is_credit
from newsprism.settings import Config
from newsprism.types import Failure, RawDoc

NAME = "text.v1"
TOP_LINES = 6  # datelines and bylines are looked for among this many first non-empty lines

_BYLINE = re.compile(
    r"^(?i:by|written by|story by|reporting by|words by)\s+"
    r"([A-Z][\w.'’-]*(?:\s+(?:[A-Z][\w.'’-]*|and|&|de|van|von|der|al|bin|la|le|da))*)",
)
_MONTH = re.compile(
    r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\b", re.IGNORECASE
)
_NUMERIC_DATE = re.compile(r"\b\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4}\b")
_YEAR = re.compile(r"\b(?:1[89]\d\d|2[01]\d\d)\b")
_DAY_OR_TIME = re.compile(r"\b(?:[0-2]?\d|3[01])(?:st|nd|rd|th)?\b|\d:\d\d")
_WORD = re.compile(r"[^\W\d_]+")
_SENTENCE_END = re.compile(r"[.,;:]\s*$")
_ENDS_SENTENCE = re.compile(r"[.!?…][\"'”’)]*$")
_TITLE_START = re.compile(r"^[\"'“‘«(\[]?[^\W_a-z]")


def read(path: Path, *, source: str, config: Config) -> Iterator[RawDoc | Failure]:
    """One RawDoc for a plain text file."""
    data = read_capped(path, max_bytes=config["max_input_bytes"])
    yield parse(decode(data), source=source, payload=data)


def sniff(head: bytes) -> int:
    return NO  # plain text is the fallback, never claimed from content


def parse(text: str, *, source: str, payload: bytes, reader: str = NAME) -> RawDoc:
    """Split a plain text article into headline, dateline, byline, credits and body."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    removed: set[int] = set()
    boilerplate: list[tuple[int, str]] = []
    for i, line in enumerate(lines):
        if is_credit(line):
            removed.add(i)
            boilerplate.append((i, line.strip()))
    published, author = _scan_top(lines, removed, boilerplate)
    title = _headline(lines, removed)
    body = "\n".join(line for i, line in enumerate(lines) if i not in removed).strip()
    if not body:
        what = "a headline" if title else "credit or date lines"
        raise EmptyInput(f"no body text: the file holds only {what}")
    return RawDoc(
        source=source,
        reader=reader,
        body=body,
        payload=payload,
        title=title,
        published=published,
        author=author,
        boilerplate=tuple(line for _, line in sorted(boilerplate)),
    )


def _scan_top(
    lines: list[str], removed: set[int], boilerplate: list[tuple[int, str]]
) -> tuple[str | None, str | None]:
    """Take datelines and bylines out of the first non-empty lines; return (published, author)."""
    published = author = None
    for i in _top(lines, removed, TOP_LINES):
        line = lines[i].strip()
        if is_dateline(line):
            published = published or line
        elif (match := _BYLINE.match(line)) and len(line) <= 100 and author is None:
            author = match.group(1).strip()
        else:
            continue
        removed.add(i)
        boilerplate.append((i, line))
    return published, author


def _top(lines: list[str], removed: set[int], count: int) -> list[int]:
    return [i for i, line in enumerate(lines) if line.strip() and i not in removed][:count]


def _headline(lines: list[str], removed: set[int]) -> str | None:
    remaining = _top(lines, removed, 2)
    if len(remaining) < 2:
        return None  # a lone line is the article, not its headline
    first, following = lines[remaining[0]].strip(), lines[remaining[1]].strip()
    # Body text follows a headline: a longer line, or at least a whole sentence.
    if not is_headline(first) or (len(following) <= len(first) and not _ENDS_SENTENCE.search(following)):
        return None
    removed.add(remaining[0])
    return first


def is_headline(line: str) -> bool:
    """Short, title-like, not ending like a sentence."""
    words = line.split()
    return (
        2 <= len(words) <= 25
        and len(line) <= 200
        and not _SENTENCE_END.search(line)
        and bool(_TITLE_START.match(line))
        and not is_credit(line)
        and not is_dateline(line)
    )


def is_dateline(line: str) -> bool:
    """A short line that is a date (with a time, a zone or a place) and little else."""
    line = line.strip()
    if not line or len(line) > 100 or not any(ch.isdigit() for ch in line):
        return False
    named_day = (_MONTH.search(line) or dates.MONTH.search(line)) and _YEAR.search(line) and _DAY_OR_TIME.search(_YEAR.sub("", line))
    if not (_NUMERIC_DATE.search(line) or named_day):
        return False  # "April 2019 Jobs Report" names a month; a dateline names a day
    skipped = _skipped_words(line)
    # What is left may name a place ("Seoul") or a label, but not say anything ("May 2024 was hot").
    return skipped is not None and len(skipped) <= 4 and all(w[0].isupper() for w in skipped)


def _skipped_words(line: str) -> list[str] | None:
    """Words dateutil had to skip to read ``line`` as a date, or None when it is not a date."""
    from dateutil import parser

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # unknown zone names: normalise resolves them later
        try:
            _, skipped = parser.parse(line, fuzzy_with_tokens=True, parserinfo=dates.INFO)
        except (ValueError, OverflowError, TypeError):
            return None
    words = [w for token in skipped for w in _WORD.findall(token)]
    # Words dateutil reads as date parts it ignores ("at", "on", weekday names) are fine.
    return [w for w in words if len(w) > 1 and w.lower() not in _DATE_FILLER and w.lower() not in dates.FILLER]


_DATE_FILLER = frozenset(
    "published updated posted modified last at on am pm of the et pt ct mt by and".split()
)

READER = Reader(NAME, read=read, extensions=(".txt", ".text", ".md"), sniff=sniff)
