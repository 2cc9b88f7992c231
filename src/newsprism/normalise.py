"""RawDoc -> Article. PLACEHOLDER until the normalise work lands."""

from __future__ import annotations

import hashlib
from typing import Iterable, Iterator

from newsprism.settings import Config
from newsprism.types import Article, Failure, RawDoc


def normalise(doc: RawDoc, *, config: Config) -> Article:
    """One RawDoc as a clean Article (raises InputError when there is no body text)."""
    text = doc.body.strip()
    return Article(
        id=hashlib.sha256(doc.payload).hexdigest()[:16],
        source=doc.source,
        reader=doc.reader,
        text=text,
        content_hash=hashlib.sha256(text.encode()).hexdigest()[:16],
        title=doc.title,
    )


def run(docs: Iterable[RawDoc | Failure], *, config: Config) -> Iterator[Article | Failure]:
    """Normalise each RawDoc; pass Failures through."""
    for doc in docs:
        yield doc if isinstance(doc, Failure) else normalise(doc, config=config)
