"""RawDoc -> Article: clean text, paragraphs and sentences, language, published time, outlet, ids.

- **Text.** NFC; every line break style becomes ``\\n``; control and invisible characters go
  (soft hyphen, zero-width space, byte-order mark); every other whitespace run becomes one space.
  Quotes, apostrophes and dashes are kept as they are: later stages quote spans of ``text``.
  Paragraphs are blocks separated by blank lines when the input has them (a block's hard-wrapped
  lines are joined), else single lines; they are joined with one blank line. Clean-up is
  idempotent: normalising an article's text again gives the same text.
- **Sentences** never cross paragraphs. ``fast.v1`` (default) is a rule splitter that knows
  titles, initials, dotted acronyms and month abbreviations; ``pysbd.v1`` uses pysbd (more
  careful, about 30 times slower). Chosen by the ``sentence_splitter`` setting.
- **Boilerplate**: captions, photo credits, bylines, "Related:" lines, share widgets and
  navigation text go from ``text`` to ``boilerplate`` (``newsprism.rules.boilerplate``), whatever
  the reader, so none of it becomes a claim.
- **Language**: py3langid on the first 600 characters (offline); the declared language of the
  page or record when the text is too short to tell.
- **Published**: ISO 8601, with the offset when the input gives a zone (named zones such as EST,
  PDT, CET or KST are resolved by the table below); without one it stays naive; a date without a
  time stays a date. Unparseable dates give None.
- **Outlet**: the reader's outlet (site name, feed source, record field), else the URL's host.
- **id** = first 16 hex digits of sha256(payload): the same bytes always give the same id.
  **content_hash** = sha256 of the normalised text: exact copies across outlets share it.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
import warnings
from datetime import datetime, timezone
from functools import lru_cache
from itertools import islice
from typing import Callable
from urllib.parse import urlsplit

from newsprism.errors import ConfigError, EmptyInput, StageError
from newsprism.rules import boilerplate, dates
from newsprism.settings import Config
from newsprism.types import Article, Offsets, RawDoc

STAGE = "normalise"
LANGUAGE_SAMPLE = 600  # characters; py3langid costs ~2.5 ms per 1,000 and is sure well before
MIN_LETTERS_FOR_LANGUAGE = 40

# --------------------------------------------------------------------------- text clean-up

_LINE_BREAKS = re.compile(r"\r\n|[\r\u2028\u2029\x85\x0b\x0c]")
# C0/C1 controls except tab and newline; soft hyphen, zero-width space, word joiner, Mongolian
# vowel separator, byte-order mark; lone surrogates (they cannot be stored as UTF-8).
_INVISIBLE = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f\u00ad\u200b\u2060\u180e\ufeff\ud800-\udfff]")
_SPACES = re.compile(r"[^\S\n]+")


def clean_text(text: str) -> str:
    """The normalised form of a body text (see the module docstring). Idempotent."""
    text = unicodedata.normalize("NFC", text)
    text = _LINE_BREAKS.sub("\n", text)
    text = _INVISIBLE.sub("", text)
    text = _SPACES.sub(" ", text)
    # Removing an invisible character can bring a letter and its combining accent together.
    text = unicodedata.normalize("NFC", text)
    return "\n\n".join(_paragraphs(text))


def clean_line(text: str | None) -> str | None:
    """A title, name or other one-line value, cleaned the same way; None when blank."""
    if not text:
        return None
    line = " ".join(clean_text(text).split())
    return line or None


def _paragraphs(text: str) -> list[str]:
    lines = [line.strip(" ") for line in text.split("\n")]
    if "" not in _trim(lines):
        return [line for line in lines if line]
    paragraphs: list[str] = []
    block: list[str] = []
    for line in lines + [""]:
        if line:
            block.append(line)
        elif block:
            paragraphs.extend(_unwrap(block))
            block = []
    return paragraphs


def _unwrap(block: list[str]) -> list[str]:
    """Join the hard-wrapped lines of a block; a line much shorter than the wrap width (a heading
    or a byline over the text) is a paragraph of its own."""
    if len(block) == 1:
        return block
    width = max(len(line) for line in block)
    out: list[list[str]] = [[]]
    for i, line in enumerate(block):
        out[-1].append(line)
        if i < len(block) - 1 and len(line) < 0.6 * width:
            out.append([])
    return [" ".join(part) for part in out if part]


def _trim(lines: list[str]) -> list[str]:
    start, end = 0, len(lines)
    while start < end and not lines[start]:
        start += 1
    while end > start and not lines[end - 1]:
        end -= 1
    return lines[start:end]


def paragraph_offsets(text: str) -> tuple[Offsets, ...]:
    """Offsets of the paragraphs of a normalised text (separated by one blank line)."""
    out: list[Offsets] = []
    start = 0
    for paragraph in text.split("\n\n"):
        out.append(Offsets(start, start + len(paragraph)))
        start += len(paragraph) + 2
    return tuple(o for o in out if o.end > o.start)


# --------------------------------------------------------------------------- sentences

Splitter = Callable[[str], list[tuple[int, int]]]

_END = re.compile(r"(?:\.{3}|[.!?…])+[\"'”’»)\]]*(?=\s)|[。！？]+[」』”）]*")
_ABBREVIATIONS = frozenset(
    """mr mrs ms mx dr prof sr jr st mt ft gen lt col sgt capt cmdr adm maj brig rev hon pres gov
    sen rep reps atty supt insp det cpl pvt gov messrs mme mlle vs v etc inc ltd co corp bros dept
    univ assn ave blvd rd jan feb mar apr jun jul aug sep sept oct nov dec mon tue tues wed thu
    thur thurs fri sat sun approx est fig figs vol vols cf al ed eds pp ca""".split()
)
_NUMBER_ABBREVIATIONS = frozenset({"no", "nos", "p", "art", "para", "sec"})
_DOTTED = re.compile(r"(?:[A-Za-z]\.)+[A-Za-z]")
# After an acronym such as "U.S." a sentence starts only with a word that rarely follows it.
_STARTERS = frozenset(
    """the a an he she it they we i you his her its their our this that these those there but and
    so yet in on at as for if when while after before however meanwhile still then now some many
    most no not one two mr mrs ms dr""".split()
)
_OPENERS = "\"'“‘«([¿¡"


def split_fast(paragraph: str) -> list[tuple[int, int]]:
    """Sentence spans of one paragraph by rules (the ``fast.v1`` splitter)."""
    spans: list[tuple[int, int]] = []
    start = 0
    for match in _END.finditer(paragraph):
        end = match.end()
        nxt = _next_word(paragraph, end)
        if nxt is None or not _is_boundary(paragraph, match, nxt):
            continue
        spans.append((start, end))
        start = nxt[0]
    if start < len(paragraph):
        spans.append((start, len(paragraph)))
    return [span for span in (_strip(paragraph, s, e) for s, e in spans) if span[1] > span[0]]


def _next_word(paragraph: str, end: int) -> tuple[int, str] | None:
    """Start index and text of the word after ``end``, or None at the paragraph's end."""
    i = end
    while i < len(paragraph) and paragraph[i].isspace():
        i += 1
    if i >= len(paragraph):
        return None
    j = i
    while j < len(paragraph) and not paragraph[j].isspace():
        j += 1
    return i, paragraph[i:j]


def _is_boundary(paragraph: str, match: re.Match[str], nxt: tuple[int, str]) -> bool:
    mark = match.group()
    if mark[0] in "。！？":
        return True
    word = nxt[1].lstrip(_OPENERS)
    if not word:
        return False
    first = word[0]
    if first.islower() or not (first.isalnum() or first in "$€£¥#@"):
        return False  # "e.g. the", "Yahoo! reported", "...and"
    if not mark.startswith(".") or mark.startswith("..."):
        return True
    before = paragraph[: match.start()].rsplit(None, 1)
    token = before[-1].lstrip(_OPENERS) if before else ""
    lowered = token.lower()
    if lowered in _ABBREVIATIONS:
        return False
    if lowered in _NUMBER_ABBREVIATIONS and first.isdigit():
        return False
    if len(token) == 1 and token.isalpha() and token.isupper():
        return False  # an initial: "John F. Kerry"
    if _DOTTED.fullmatch(token):
        return word.rstrip(",;:").lower() in _STARTERS  # "U.S. The" ends; "U.S. Navy" does not
    return True


def _strip(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


@lru_cache(maxsize=1)
def _pysbd() -> object:
    import pysbd

    return pysbd.Segmenter(language="en", clean=False, char_span=True)


def split_pysbd(paragraph: str) -> list[tuple[int, int]]:
    """Sentence spans of one paragraph by pysbd (the ``pysbd.v1`` splitter)."""
    spans = [_strip(paragraph, s.start, s.end) for s in _pysbd().segment(paragraph)]  # type: ignore[attr-defined]
    return [span for span in spans if span[1] > span[0]]


SPLITTERS: dict[str, Splitter] = {"fast.v1": split_fast, "pysbd.v1": split_pysbd}


def sentence_offsets(
    text: str, paragraphs: tuple[Offsets, ...], *, splitter: str = "fast.v1"
) -> tuple[Offsets, ...]:
    """Sentences of each paragraph as offsets into ``text``."""
    try:
        split = SPLITTERS[splitter]
    except KeyError as e:
        raise ConfigError(f"unknown sentence splitter {splitter!r}; choose one of {', '.join(SPLITTERS)}") from e
    return tuple(
        Offsets(p.start + s, p.start + e) for p in paragraphs for s, e in split(text[p.start : p.end])
    )


# --------------------------------------------------------------------------- language

_LETTER = re.compile(r"[^\W\d_]")
_ISO_639_1 = re.compile(r"^[a-z]{2}$")


def detect_language(text: str, *, declared: str | None = None) -> str | None:
    """ISO 639-1 code of ``text`` (first 600 characters), or the declared one for short texts."""
    sample = text[:LANGUAGE_SAMPLE]
    declared_code = (declared or "").strip().lower().replace("_", "-").split("-")[0]
    declared_code = declared_code if _ISO_639_1.match(declared_code) else None
    if sum(1 for _ in islice(_LETTER.finditer(sample), MIN_LETTERS_FOR_LANGUAGE)) < MIN_LETTERS_FOR_LANGUAGE:
        return declared_code
    import py3langid

    code, _score = py3langid.classify(sample)
    return code if _ISO_639_1.match(code) else declared_code


# --------------------------------------------------------------------------- published time

# Zone abbreviations seen in news datelines, as hours east of UTC. Ambiguous names take the
# reading English-language news means most often: CST is US Central (not China), IST is India
# (not Ireland), AST is Atlantic (not Arabia). ET/CT/MT/PT follow daylight saving by date.
_ZONE_HOURS: dict[str, float] = {
    "UTC": 0, "GMT": 0, "UT": 0, "Z": 0, "WET": 0, "WEST": 1, "BST": 1, "IST": 5.5,
    "CET": 1, "CEST": 2, "MET": 1, "MEST": 2, "EET": 2, "EEST": 3, "MSK": 3, "TRT": 3,
    "AST": -4, "ADT": -3, "EST": -5, "EDT": -4, "CST": -6, "CDT": -5, "MST": -7, "MDT": -6,
    "PST": -8, "PDT": -7, "AKST": -9, "AKDT": -8, "HST": -10, "NST": -3.5, "NDT": -2.5,
    "KST": 9, "JST": 9, "HKT": 8, "SGT": 8, "PHT": 8, "AWST": 8, "WIB": 7, "ICT": 7,
    "PKT": 5, "NPT": 5.75, "ACST": 9.5, "ACDT": 10.5, "AEST": 10, "AEDT": 11, "NZST": 12,
    "NZDT": 13, "SAST": 2, "CAT": 2, "EAT": 3, "WAT": 1, "GST": 4, "IRST": 3.5, "BRT": -3,
    "ART": -3, "CLT": -4, "COT": -5, "PET": -5,
}
_ZONE_NAMES = {"ET": "America/New_York", "CT": "America/Chicago", "MT": "America/Denver",
               "PT": "America/Los_Angeles"}
_EPOCH = re.compile(r"^\d{9,13}(?:\.\d+)?$")
_DEFAULTS = (datetime(2000, 1, 1, 0, 0, 0), datetime(2001, 2, 2, 1, 1, 1))


@lru_cache(maxsize=1)
def _tzinfos() -> dict[str, object]:
    from dateutil import tz

    zones: dict[str, object] = {name: int(hours * 3600) for name, hours in _ZONE_HOURS.items()}
    zones.update({name: tz.gettz(region) for name, region in _ZONE_NAMES.items()})
    return zones


def parse_published(value: str | None) -> str | None:
    """ISO 8601 for a date string (or epoch seconds/milliseconds), or None if it is no date."""
    if not value or not value.strip():
        return None
    value = value.strip()
    if _EPOCH.match(value):
        seconds = float(value) / (1000 if float(value) >= 1e11 else 1)
        try:
            stamp = datetime.fromtimestamp(seconds, tz=timezone.utc)
        except (OverflowError, OSError, ValueError):
            return None
        return stamp.isoformat(timespec="seconds")
    parsed = _parse_twice(value, fuzzy=False) or _parse_twice(value, fuzzy=True)
    if parsed is None:
        return None
    first, second = parsed
    if first.year != second.year or not 1800 <= first.year <= 2200:
        return None  # no year given ("November 4") or not a plausible publication year
    if first.day != second.day:
        return f"{first.year:04d}-{first.month:02d}"
    if first.hour != second.hour:
        return first.date().isoformat()  # a date without a time stays a date
    return first.replace(microsecond=0).isoformat(timespec="seconds")


def _parse_twice(value: str, *, fuzzy: bool) -> tuple[datetime, datetime] | None:
    """Parse with two different defaults: fields that differ were not in ``value``."""
    from dateutil import parser

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # an unknown zone name leaves the time naive
        try:
            return tuple(  # type: ignore[return-value]
                parser.parse(value, default=default, tzinfos=_tzinfos(), fuzzy=fuzzy, parserinfo=dates.INFO)
                for default in _DEFAULTS
            )
        except (ValueError, OverflowError, TypeError):
            return None


# --------------------------------------------------------------------------- the article


def outlet_of(doc: RawDoc) -> str | None:
    """The outlet named by the reader, else the host of the article's URL (without www.)."""
    outlet = clean_line(doc.outlet)
    if outlet:
        return outlet
    if doc.url:
        host = (urlsplit(doc.url.strip()).hostname or "").lower()
        return host.removeprefix("www.") or None
    return None


def normalise(doc: RawDoc, *, config: Config) -> Article:
    """One RawDoc as a clean Article; raises EmptyInput when no body text is left."""
    if doc.is_html:
        raise StageError(STAGE, (
            f"{doc.source}: RawDoc holds raw HTML; read it with newsprism.ingest "
            "(html.extract_page) so the page's text and metadata are extracted first"
        ))
    cleaned = clean_text(doc.body)
    text, dropped = boilerplate.split(cleaned)
    if not text:  # nothing but a caption or a byline: keep it rather than lose the input
        text, dropped = cleaned, []
    if not text:
        raise EmptyInput("no body text left after clean-up (only whitespace or control characters)")
    paragraphs = paragraph_offsets(text)
    title = clean_line(doc.title)
    return Article(
        id=hashlib.sha256(doc.payload).hexdigest()[:16],
        source=doc.source,
        reader=doc.reader,
        text=text,
        content_hash=hashlib.sha256(text.encode("utf-8")).hexdigest(),
        title=title,
        outlet=outlet_of(doc),
        published=parse_published(doc.published),
        language=detect_language(text, declared=doc.language),
        url=clean_line(doc.url),
        author=clean_line(doc.author),
        paragraphs=paragraphs,
        sentences=sentence_offsets(text, paragraphs, splitter=config["sentence_splitter"]),
        boilerplate=tuple(line for line in map(clean_line, (*doc.boilerplate, *dropped)) if line),
    )

