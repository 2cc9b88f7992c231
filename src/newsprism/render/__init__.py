"""Renderers: a Dossier as JSON (the contract), Markdown, self-contained HTML, or CSV (the claims,
one row per claim per report).

Registered by name the way a plugin would be; ``render(dossier, fmt)`` picks one.
"""

from __future__ import annotations

from typing import Callable

from newsprism.errors import ConfigError
from newsprism.render import csv, html, json, markdown
from newsprism.types import Dossier

RENDERERS: dict[str, Callable[[Dossier], str]] = {
    "json": json.render,
    "markdown": markdown.render,
    "html": html.render,
    "csv": csv.render,
}


def render(dossier: Dossier, fmt: str) -> str:
    """The dossier in format ``fmt`` (json, markdown, html or csv)."""
    try:
        return RENDERERS[fmt](dossier)
    except KeyError as e:
        raise ConfigError(f"unknown format {fmt!r}; choose one of {', '.join(RENDERERS)}") from e
