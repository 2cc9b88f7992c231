"""Fixtures for the extraction tests: the spaCy models (loaded once) and seed articles."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsprism.models import Models, load_spacy
from newsprism.types import Article

SEEDS = Path(__file__).resolve().parents[2] / "examples" / "seeds"


@pytest.fixture(scope="session")
def nlp_sm():
    return load_spacy("sm")


@pytest.fixture(scope="session")
def nlp_md():
    # what the pipeline uses by default (falls back to sm when the md package is missing)
    return load_spacy("md")


def make_article(text: str, article_id: str = "a1") -> Article:
    return Article(id=article_id, source=f"{article_id}.txt", reader="text", text=text,
                   content_hash=article_id)


def seed_articles() -> list[Article]:
    """The two seeds' body text, as ingest leaves it: first seed without its headline and
    dateline lines, second without its "Photo: depositphotos" boilerplate line."""
    first = (SEEDS / "000_950007d2726c287a.txt").read_text(encoding="utf-8").split("\n")
    second = (SEEDS / "003_dabc40df9440d71a.txt").read_text(encoding="utf-8").split("\n")
    body1 = "\n".join(first[1:2] + first[3:])
    body2 = "\n".join(line for line in second if line.strip() != "Photo: depositphotos")
    return [make_article(body1, "seed-000"), make_article(body2, "seed-003")]


@pytest.fixture(scope="session")
def models_md(nlp_md):
    return Models.with_(nlp=nlp_md)


@pytest.fixture(scope="session")
def seed_bodies() -> list[Article]:
    return seed_articles()
