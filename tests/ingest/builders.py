"""Builders for ingest tests: each test writes the small files it needs into tmp_path."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Sequence

from newsprism.ingest import run
from newsprism.normalise import normalise
from newsprism.settings import Config
from newsprism.types import Article, Failure, RawDoc


def page(title: str, paragraphs: Sequence[str], *, extra_head: str = "", comment: str = "") -> str:
    """A small but complete news page."""
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    comments = f'<section id="comments" class="comments"><p>{comment}</p></section>' if comment else ""
    return (
        f"<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>{title}</title>"
        f"{extra_head}</head><body><article><h1>{title}</h1>{body}</article>{comments}</body></html>"
    )


def write_warc(path: Path, records: Sequence[tuple[str, str, bytes]], *, gzip: bool = True,
               date: str = "2024-11-05T01:02:03Z") -> Path:
    """A WARC (gzipped per record by default) with one response per (uri, content type, body)."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with path.open("wb") as fh:
        writer = WARCWriter(fh, gzip=gzip)
        info = writer.create_warcinfo_record(path.name, {"software": "newsprism-tests"})
        writer.write_record(info)
        for uri, content_type, body in records:
            status = "404 Not Found" if "missing" in uri else "200 OK"
            headers = StatusAndHeaders(status, [("Content-Type", content_type)], protocol="HTTP/1.1")
            record = writer.create_warc_record(
                uri, "response", payload=io.BytesIO(body), http_headers=headers,
                warc_headers_dict={"WARC-Date": date},
            )
            writer.write_record(record)
    return path


def read_all(paths: Sequence[str | Path], config: Config) -> tuple[list[Article], list[Failure]]:
    """Ingest and normalise, the way the pipeline does; returns (articles, failures)."""
    articles: list[Article] = []
    failures: list[Failure] = []
    for item in run([str(p) for p in paths], config=config):
        if isinstance(item, RawDoc):
            articles.append(normalise(item, config=config))
        else:
            failures.append(item)
    return articles, failures
