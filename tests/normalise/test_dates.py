"""Published times: ISO 8601 with the offset a named zone implies; naive stays naive."""

from __future__ import annotations

import pytest

from newsprism.normalise import parse_published


@pytest.mark.parametrize(("raw", "iso"), [
    ("6:19 PM EST, November 4, 2024", "2024-11-04T18:19:00-05:00"),
    ("November 4, 2024 6:19 PM EDT", "2024-11-04T18:19:00-04:00"),
    ("2024-11-04 18:19 PST", "2024-11-04T18:19:00-08:00"),
    ("Mon, 04 Nov 2024 18:19:00 GMT", "2024-11-04T18:19:00+00:00"),
    ("2024-11-04T18:19:00Z", "2024-11-04T18:19:00+00:00"),
    ("2024-11-04 18:19 UTC", "2024-11-04T18:19:00+00:00"),
    ("4 November 2024, 18:19 CET", "2024-11-04T18:19:00+01:00"),
    ("Tuesday, 5 November 2024 09:30 KST", "2024-11-05T09:30:00+09:00"),
    ("2024-11-04T18:19:00+05:30", "2024-11-04T18:19:00+05:30"),
    ("Nov. 4, 2024 6:19 p.m. ET", "2024-11-04T18:19:00-05:00"),  # ET follows daylight saving
    ("July 4, 2024 6:19 p.m. ET", "2024-07-04T18:19:00-04:00"),
    ("Published: 2024-11-04 18:19", "2024-11-04T18:19:00"),  # no zone: stays naive
    ("November 4, 2024", "2024-11-04"),  # no time: stays a date
    ("2024-11-04", "2024-11-04"),
    ("1730762340", "2024-11-04T23:19:00+00:00"),  # epoch seconds
    ("1730762340000", "2024-11-04T23:19:00+00:00"),  # epoch milliseconds
])
def test_parse_published(raw: str, iso: str) -> None:
    assert parse_published(raw) == iso


@pytest.mark.parametrize("raw", ["", "   ", "yesterday", "Money for soldiers", "November 4", None])
def test_unparseable_or_yearless_dates_are_none(raw) -> None:
    assert parse_published(raw) is None
