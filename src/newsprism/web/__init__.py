"""The web app and JSON API: reads the store, never runs pipeline stages, never writes.

``create_app(store_url)`` builds the ASGI app; ``serve(store_url)`` runs it with uvicorn on
127.0.0.1 unless told otherwise. Pages are server-rendered (Jinja2, autoescaped), pictures are
server-made SVG, and every response carries a Content-Security-Policy that allows no script at all.
"""

from __future__ import annotations

from typing import Any

from newsprism.errors import MissingExtra


def create_app(store_url: str, *, read_only: bool = True) -> Any:
    """The ASGI app over the store at ``store_url`` (opened now, so a bad URL fails here).

    ``read_only`` (the default) hands the app a view of the store without any write method.
    """
    try:
        from newsprism.web.app import build_app
    except ImportError as e:
        raise MissingExtra("the web app", "web", e.name or "fastapi") from e
    return build_app(store_url, read_only=read_only)


def serve(store_url: str, *, host: str = "127.0.0.1", port: int = 8000, log_level: str = "info") -> None:
    """Serve the app until interrupted. Binds to loopback unless ``host`` says otherwise."""
    try:
        import uvicorn
    except ImportError as e:
        raise MissingExtra("newsprism serve", "web", "uvicorn") from e
    app = create_app(store_url)
    uvicorn.run(app, host=host, port=port, log_level=log_level, server_header=False)
