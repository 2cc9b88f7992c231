"""Bytes to text, and which reader a file needs: size cap, binary sniffing, encoding detection.

Decoding order, and why: UTF-8 first (strict), because it is what almost everything is and a
strict decode never misreads other encodings as it; then a declared charset (HTML meta, HTTP
header) if the caller knows one; then Windows-1252 when the result reads as Western text, because
charset-normalizer guesses badly on short Western texts (it calls a cp1252 news story cp1250 and
turns "naïve" into "naďve"); then charset-normalizer for everything else (Cyrillic, Greek, CJK ...).
"""

from __future__ import annotations

import codecs
import re
import zlib
from pathlib import Path

from newsprism.errors import (
    BinaryInput,
    EmptyInput,
    EncodingProblem,
    MalformedInput,
    OversizedInput,
    UnreadableInput,
)

HEAD_BYTES = 65_536

# Magic numbers of formats people drop into a news folder by mistake, with a name for the message.
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"%PDF", "a PDF document"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"PK\x03\x04", "a ZIP archive (or Office document)"),
    (b"\x7fELF", "an executable"),
    (b"MZ", "a Windows executable"),
    (b"SQLite format 3\x00", "an SQLite database"),
    (b"BZh", "a bzip2 archive"),
    (b"\xfd7zXZ\x00", "an xz archive"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"RIFF", "a RIFF media file"),
    (b"\x00\x00\x00\x18ftyp", "an MP4 video"),
    (b"\x00\x00\x00\x20ftyp", "an MP4 video"),
)
_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# Characters that are not text: C0/C1 controls other than tab, newline, carriage return, form feed.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")
_LATIN_WORD = re.compile(r"[A-Za-z\u00c0-\u00ff\u0152\u0153\u0160\u0161\u0178\u017d\u017e]+")
_CHARSET = re.compile(rb"""charset\s*=\s*["']?\s*([A-Za-z0-9_:.\-]+)""", re.IGNORECASE)
_XML_ENCODING = re.compile(rb"""^\s*<\?xml[^>]*encoding\s*=\s*["']([A-Za-z0-9_.\-]+)""")


def read_capped(path: Path, *, max_bytes: int) -> bytes:
    """The file's bytes, or a typed error: missing, unreadable, empty or over the size cap."""
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise OversizedInput(
                f"file is {size:,} bytes, over the max_input_bytes cap of {max_bytes:,}; "
                "split it or raise the cap (--set max_input_bytes=...)"
            )
        with path.open("rb") as fh:
            data = fh.read(max_bytes + 1)
    except FileNotFoundError as e:
        raise UnreadableInput("file disappeared while reading; check the path") from e
    except PermissionError as e:
        raise UnreadableInput("permission denied; check the file's read permission") from e
    except IsADirectoryError as e:
        raise UnreadableInput("is a folder, not a file") from e
    except OSError as e:
        raise UnreadableInput(f"cannot read the file: {e.strerror or e}") from e
    if len(data) > max_bytes:  # grew while we read it
        raise OversizedInput(f"file is over the max_input_bytes cap of {max_bytes:,}")
    if not data:
        raise EmptyInput("file is empty (0 bytes)")
    return data


def read_head(path: Path) -> bytes:
    """The first bytes of a file (decompressed if gzip), for sniffing its format."""
    try:
        with path.open("rb") as fh:
            head = fh.read(HEAD_BYTES)
    except PermissionError as e:
        raise UnreadableInput("permission denied; check the file's read permission") from e
    except OSError as e:
        raise UnreadableInput(f"cannot read the file: {e.strerror or e}") from e
    if head.startswith(b"\x1f\x8b"):
        # Decompress only what the head holds: a truncated archive must still be recognised.
        try:
            return b"GZIP:" + zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(head, 4096)
        except zlib.error as e:
            raise MalformedInput(f"gzip file is corrupt ({e}); re-download it") from e
    return head


def binary_kind(head: bytes) -> str | None:
    """A name for a known binary format, or None when the bytes may be text."""
    for magic, name in _MAGIC:
        if head.startswith(magic):
            return name
    if not any(head.startswith(bom) for bom, _ in _BOMS) and b"\x00" in head[:8192]:
        # NUL bytes without a UTF-16/32 byte-order mark: maybe BOM-less UTF-16, else binary.
        if _bomless_utf16(head[:8192]) is None:
            return "binary data (it contains NUL bytes)"
    return None


def _bomless_utf16(data: bytes) -> str | None:
    """'utf-16-le'/'utf-16-be' when NULs sit in every other byte as in ASCII-range UTF-16."""
    if len(data) < 4:
        return None
    even = data[0::2].count(0) / max(1, len(data[0::2]))
    odd = data[1::2].count(0) / max(1, len(data[1::2]))
    if odd > 0.3 and even < 0.05:
        return "utf-16-le"
    if even > 0.3 and odd < 0.05:
        return "utf-16-be"
    return None


def declared_charset(head: bytes) -> str | None:
    """The charset an XML declaration or an HTML meta tag announces, if it names a known codec."""
    match = _XML_ENCODING.match(head) or _CHARSET.search(head[:4096])
    if not match:
        return None
    name = match.group(1).decode("ascii", "ignore").lower()
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def decode(data: bytes, *, declared: str | None = None) -> str:
    """Decode bytes to text; raises BinaryInput or EncodingProblem when that is not possible."""
    if not data.strip():
        raise EmptyInput("file holds only whitespace")
    kind = binary_kind(data[:HEAD_BYTES])
    if kind:
        raise BinaryInput(f"not text but {kind}; only text, HTML, JSON, feeds and WARC are read")
    text = _decode_any(data, declared)
    sample = text[:20_000]
    if sample and len(_CONTROL.findall(sample)) > max(2, len(sample) // 100):
        raise BinaryInput("not text: too many control characters; is it a binary file?")
    return text


def _decode_any(data: bytes, declared: str | None) -> str:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return _strict(data, encoding)
    utf16 = _bomless_utf16(data[:8192]) if b"\x00" in data[:8192] else None
    if utf16:
        return _strict(data, utf16)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    mostly = data.decode("utf-8", "replace")
    bad = mostly.count("\ufffd")
    if any(ord(ch) > 127 and ch != "\ufffd" for ch in mostly):
        # Real UTF-8 sequences next to invalid bytes: a UTF-8 file with a few stray bytes, or a
        # file that mixes two encodings, which no single decoding can read correctly.
        if bad * 1000 <= len(data):
            return mostly
        raise EncodingProblem(
            f"mixes UTF-8 with another encoding ({bad} invalid UTF-8 sequences); "
            "re-save the file as UTF-8"
        )
    if declared and declared not in {"utf-8", "utf_8"}:
        try:
            return data.decode(declared)
        except (UnicodeDecodeError, LookupError):
            pass
    western = _as_cp1252(data)
    if western is not None:
        return western
    return _charset_normalizer(data)


def _strict(data: bytes, encoding: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as e:
        raise EncodingProblem(
            f"starts like {encoding} but byte {e.start} is not valid {encoding}; "
            "the file is truncated or mis-encoded; re-save it as UTF-8"
        ) from e


def _as_cp1252(data: bytes) -> str | None:
    """The cp1252 reading when it looks like Western text, else None. In Western text accented
    letters sit inside mostly-ASCII words ("café"); Cyrillic or Greek in a legacy code page read
    as cp1252 gives words made only of accented letters ("Ñåâåðíàÿ"), which this rejects."""
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        return None
    accented = [w for w in _LATIN_WORD.findall(text[:50_000]) if not w.isascii()]
    if not accented:
        return text
    foreign = sum(1 for w in accented if len(w) > 1 and not any(ch.isascii() for ch in w))
    return text if foreign <= 0.3 * len(accented) else None


def _charset_normalizer(data: bytes) -> str:
    from charset_normalizer import from_bytes

    best = from_bytes(data[:HEAD_BYTES] if len(data) > HEAD_BYTES else data).best()
    if best is None or best.encoding is None:
        raise EncodingProblem(
            "bytes do not decode in any known text encoding; re-save the file as UTF-8"
        )
    try:
        return data.decode(best.encoding)
    except (UnicodeDecodeError, LookupError) as e:
        raise EncodingProblem(
            f"looks like {best.encoding} but does not decode as it; re-save the file as UTF-8"
        ) from e
