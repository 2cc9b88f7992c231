"""What two batch outputs must agree on: the stories (as sets of articles) and the verdicts."""

from __future__ import annotations

from pathlib import Path

from newsprism.scale.parquet import Dataset, from_rows
from newsprism.types import Claim, Failure, Story


def stories(out: Path) -> set[frozenset[str]]:
    return {frozenset(s.article_ids) for s in from_rows(Dataset(out).scan("stories"), Story)}


def verdicts(out: Path) -> set[tuple]:
    data = Dataset(out)
    members = {s.id: frozenset(s.article_ids) for s in from_rows(data.scan("stories"), Story)}
    return {
        (members[row["story_id"]], c.kind, c.text, c.status, c.independent_origins,
         tuple(sorted((m.article_id, m.start, m.end) for m in c.mentions)))
        for row, c in zip(data.scan("claims"), from_rows(data.scan("claims"), Claim))
    }


def failures(out: Path) -> set[tuple[str, str]]:
    data = Dataset(out)
    rows = list(from_rows(data.scan("failures"), Failure)) + list(from_rows(data.scan("story_failures"), Failure))
    return {(f.source, f.stage) for f in rows}


def article_ids(out: Path) -> list[str]:
    return [row["id"] for row in Dataset(out).scan("articles", ["id"])]
