"""A report's language as the stages read it: its base ISO 639-1 code, lower case ("fr" of
"fr-CA" or "fr_FR"), and English when it is not known (None, "", "und": a report is read as
English unless it says otherwise, as it was before newsprism read other languages)."""

from __future__ import annotations

from typing import Iterable

ENGLISH = "en"
_UNKNOWN = {"", "und"}


def _base(language: str | None) -> str:
    return str(language or "").strip().lower().replace("_", "-").split("-")[0]


def known(language: str | None) -> bool:
    """Whether a language was detected or declared at all."""
    return _base(language) not in _UNKNOWN


def code(language: str | None) -> str:
    """The base code; ``ENGLISH`` when not known."""
    base = _base(language)
    return ENGLISH if base in _UNKNOWN else base


def is_english(language: str | None) -> bool:
    """English, or not known (read as English)."""
    return code(language) == ENGLISH


def several(languages: Iterable[str | None]) -> bool:
    """Whether reports in these languages are in more than one."""
    return len({code(language) for language in languages}) > 1
