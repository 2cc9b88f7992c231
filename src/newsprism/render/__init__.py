"""Renderers: a Dossier as JSON (the contract), Markdown or self-contained HTML.

Registered by name the way a plugin would be; ``render(dossier, fmt)`` picks one.
"""

from __future__ import annotations

from typing import Callable

from newsprism.errors import ConfigError
from newsprism.render import html, json, markdown
from newsprism.types import Dossier

RENDERERS: dict[str, Callable[[Dossier], str]] = {
    "json": json.render,
    "markdown": markdown.render,
    "html": html.render,
}


def render(dossier: Dossier, fmt: str) -> str:
    """The dossier in format ``fmt`` (json, markdown or html)."""
    try:
        return RENDERERS[fmt](dossier)
    except KeyError as e:
        raise ConfigError(f"unknown format {fmt!r}; choose one of {', '.join(RENDERERS)}") from e
