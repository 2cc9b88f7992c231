"""The command line: a thin veneer. Each command parses options, calls one library function, and
turns newsprism's errors into a one-line message and an exit code.

Exit codes:
  0  every input became an article (or there was nothing to do)
  1  the run finished but some inputs failed (listed in the dossier's ``failures`` and on stderr)
  2  usage error (bad option or argument)
  3  nothing could be done: a configuration, store or model error, or no input was readable
"""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import Any, Sequence

import click

from newsprism import __version__
from newsprism.errors import NewsprismError
from newsprism.settings import SETTINGS, Config, load_config
from newsprism.types import Progress

EXIT_OK, EXIT_PARTIAL, EXIT_USAGE, EXIT_FATAL = 0, 1, 2, 3


class _Progress:
    """A rich progress display on stderr that appears only once a run has lasted a few seconds."""

    def __init__(self, *, quiet: bool, delay: float = 2.0) -> None:
        self.quiet = quiet or not sys.stderr.isatty()
        self.delay = delay
        self.started = time.monotonic()
        self._progress: Any = None
        self._tasks: dict[str, Any] = {}

    def __call__(self, report: Progress) -> None:
        if self.quiet or time.monotonic() - self.started < self.delay:
            return
        stage, done, total = report.stage, report.done, report.total
        if self._progress is None:
            from rich.console import Console
            from rich.progress import BarColumn, MofNCompleteColumn, TextColumn, TimeElapsedColumn
            from rich.progress import Progress as Bar

            self._progress = Bar(
                TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                console=Console(stderr=True), transient=True,
            )
            self._progress.start()
        if stage not in self._tasks:
            self._tasks[stage] = self._progress.add_task(stage, total=total)
        self._progress.update(self._tasks[stage], completed=done, total=total)

    def close(self) -> None:
        if self._progress is not None:
            self._progress.stop()


def _err(message: str) -> None:
    click.echo(f"newsprism: {message}", err=True)


def _config(ctx: click.Context, db: str | None) -> Config:
    obj = ctx.obj or {}
    overrides = dict(obj.get("overrides", {}))
    if db:
        overrides["db"] = db
    return load_config(path=obj.get("config_path"), overrides=overrides)


def _parse_sets(values: Sequence[str]) -> dict[str, str]:
    out: dict[str, str] = {}
    for item in values:
        name, sep, value = item.partition("=")
        if not sep:
            raise click.BadParameter(f"expected NAME=VALUE, got {item!r}", param_hint="--set")
        out[name.strip()] = value.strip()
    return out


def _fail(error: NewsprismError) -> None:
    _err(str(error))
    sys.exit(EXIT_FATAL)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="newsprism")
@click.option("--config", "config_path", type=click.Path(dir_okay=False), default=None,
              help="A newsprism.toml settings file (see `newsprism settings`).")
@click.option("--set", "sets", multiple=True, metavar="NAME=VALUE",
              help="Override one setting, e.g. --set embedder=minilm.v1 (repeatable).")
@click.pass_context
def cli(ctx: click.Context, config_path: str | None, sets: tuple[str, ...]) -> None:
    """newsprism: what is actually known about a news story.

    Reads articles (text, HTML, JSON/JSON Lines, RSS/Atom, WARC), traces them to their independent
    origins, groups them into stories, extracts and checks their claims, and writes a dossier.
    """
    if config_path is None and Path("newsprism.toml").is_file():
        config_path = "newsprism.toml"
    ctx.obj = {"config_path": config_path, "overrides": _parse_sets(sets)}


@cli.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--format", "fmt", type=click.Choice(["json", "markdown", "html", "csv"]), default="markdown",
              show_default=True, help="Output format; json follows the dossier contract; csv has one row "
              "per claim per report (verdict, words, attribution, reason).")
@click.option("--output", "-o", type=click.Path(dir_okay=False), default=None,
              help="Write the dossier to this file instead of standard output.")
@click.option("--db", default=None, help="Store URL (default from settings: sqlite:///newsprism.db).")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar and no summary on stderr.")
@click.pass_context
def analyze(ctx: click.Context, paths: tuple[str, ...], fmt: str, output: str | None,
            db: str | None, quiet: bool) -> None:
    """Run the whole pipeline on PATHS (files or folders) and print or write the dossier."""
    from newsprism import api

    progress = _Progress(quiet=quiet)
    try:
        config = _config(ctx, db)
        dossier, text = api.analyze_and_render(list(paths), config=config, fmt=fmt, progress=progress)
    except NewsprismError as e:
        progress.close()
        _fail(e)
        return
    progress.close()
    if output:
        Path(output).parent.mkdir(parents=True, exist_ok=True)
        Path(output).write_text(text, encoding="utf-8")
    else:
        click.echo(text, nl=False)
    _summarise(quiet, len(dossier.articles), len(dossier.stories), dossier.failures, output)
    if not dossier.articles and dossier.failures:
        sys.exit(EXIT_FATAL)
    sys.exit(EXIT_PARTIAL if dossier.failures else EXIT_OK)


def _summarise(quiet: bool, n_articles: int, n_stories: int, failures: Sequence[Any], output: str | None) -> None:
    for failure in failures:
        _err(f"failed: {failure.source} ({failure.stage}): {failure.error}")
    if not quiet:
        where = f" -> {output}" if output else ""
        click.echo(f"{n_articles} article(s), {n_stories} story(ies), {len(failures)} failure(s){where}", err=True)


@cli.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--db", default=None, help="Store URL.")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar and no summary.")
@click.pass_context
def ingest(ctx: click.Context, paths: tuple[str, ...], db: str | None, quiet: bool) -> None:
    """Read PATHS into the store only (no analysis). Rerunning adds nothing."""
    from newsprism import api

    progress = _Progress(quiet=quiet)
    try:
        result = api.ingest(list(paths), config=_config(ctx, db), progress=progress)
    except NewsprismError as e:
        progress.close()
        _fail(e)
        return
    progress.close()
    for failure in result.failures:
        _err(f"failed: {failure.source} ({failure.stage}): {failure.error}")
    if not quiet:
        click.echo(f"{result.read} article(s) read, {result.new} new, {len(result.failures)} failure(s)", err=True)
    if not result.read and result.failures:
        sys.exit(EXIT_FATAL)
    sys.exit(EXIT_PARTIAL if result.failures else EXIT_OK)


@cli.command()
@click.argument("query")
@click.option("--db", default=None, help="Store URL.")
@click.option("--limit", default=20, show_default=True, help="How many results.")
@click.pass_context
def search(ctx: click.Context, query: str, db: str | None, limit: int) -> None:
    """Full-text search over the stored articles' titles and text."""
    from rich.console import Console
    from rich.table import Table

    from newsprism import api

    try:
        hits = api.search(query, config=_config(ctx, db), limit=limit)
    except NewsprismError as e:
        _fail(e)
        return
    table = Table("id", "title", "outlet", "published", "snippet")
    for hit in hits:
        a = hit.article
        table.add_row(a.id, a.title or "", a.outlet or "", a.published or "", hit.snippet)
    Console().print(table)
    if not hits:
        click.echo("no matches", err=True)


@cli.command()
@click.option("--db", default=None, help="Store URL.")
@click.option("--limit", default=50, show_default=True, help="How many stories.")
@click.pass_context
def stories(ctx: click.Context, db: str | None, limit: int) -> None:
    """List stories with their article counts, outlets, claims by verdict and dates, newest first."""
    from rich.console import Console

    from newsprism import api
    from newsprism.render import terminal

    try:
        rows = api.list_stories(config=_config(ctx, db), limit=limit)
    except NewsprismError as e:
        _fail(e)
        return
    Console().print(terminal.stories(rows))
    if not rows:
        click.echo("no stories yet", err=True)


@cli.command("story")
@click.argument("story_id")
@click.option("--db", default=None, help="Store URL.")
@click.pass_context
def story_cmd(ctx: click.Context, story_id: str, db: str | None) -> None:
    """Show one story: its brief, claims by verdict, reports and outlets (ids from `newsprism stories`)."""
    from rich.console import Console

    from newsprism import api
    from newsprism.render import terminal

    try:
        view = api.get_story(story_id, config=_config(ctx, db))
    except NewsprismError as e:
        _fail(e)
        return
    if view.report.story.id != view.asked:
        click.echo(f"story {view.asked} was merged into {view.report.story.id}", err=True)
    Console().print(terminal.story(view.report, view.articles))


@cli.command()
@click.option("--db", default=None, help="Store URL.")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to bind (loopback unless told otherwise).")
@click.option("--port", default=8000, show_default=True, help="Port to listen on.")
@click.pass_context
def serve(ctx: click.Context, db: str | None, host: str, port: int) -> None:
    """Serve the web app and JSON API over the store (read-only)."""
    try:
        from newsprism import web

        web.serve(_config(ctx, db)["db"], host=host, port=port)
    except NewsprismError as e:
        _fail(e)


@cli.command()
@click.argument("inputs", nargs=-1, required=True)
@click.option("--out", "out_dir", required=True, type=click.Path(file_okay=False),
              help="Folder for the partitioned Parquet dataset (rerun with the same folder to resume).")
@click.option("--engine", type=click.Choice(["local", "spark"]), default="local", show_default=True,
              help="local: a process pool over every core; spark: the same stages on Apache Spark.")
@click.option("--workers", default=0, show_default=True,
              help="Worker processes (local) or local[N] threads (spark); 0 = every core.")
@click.option("--quiet", "-q", is_flag=True, help="No progress and no summary.")
@click.pass_context
def batch(ctx: click.Context, inputs: tuple[str, ...], out_dir: str, engine: str, workers: int, quiet: bool) -> None:
    """Run every stage over large INPUTS (folders, JSON Lines, WARC, Parquet) into a Parquet dataset."""
    from newsprism import scale

    def report(p: Progress) -> None:
        if quiet:
            return
        total = f"/{p.total}" if p.total is not None else ""
        eta = f", ETA {p.eta_seconds:.0f} s" if p.eta_seconds is not None else ""
        click.echo(f"\r{p.stage}: {p.done}{total} ({p.rate:.1f}/s{eta}), {p.articles} articles, "
                   f"{p.failures} failures", err=True, nl=False)

    try:
        result = scale.batch(list(inputs), out_dir=out_dir, config=_config(ctx, None), engine=engine,
                             workers=workers, progress=report)
    except NewsprismError as e:
        _fail(e)
        return
    if not quiet:
        click.echo(f"\n{result.articles} article(s), {result.stories} story(ies), {result.claims} claim(s), "
                   f"{result.failures} failure(s) -> {result.out_dir}", err=True)
    if not result.articles and result.failures:
        sys.exit(EXIT_FATAL)
    sys.exit(EXIT_PARTIAL if result.failures else EXIT_OK)


@cli.command()
@click.argument("out_dir", type=click.Path(exists=True, file_okay=False))
@click.option("--db", default=None, help="Store URL to load into.")
@click.pass_context
def load(ctx: click.Context, out_dir: str, db: str | None) -> None:
    """Put a finished batch's dataset (from `newsprism batch`) into the store; then `newsprism serve`."""
    from newsprism import scale
    from newsprism.store import open_store

    try:
        store = open_store(_config(ctx, db)["db"])
        try:
            new = scale.load(out_dir, store=store)
        finally:
            store.close()
    except NewsprismError as e:
        _fail(e)
        return
    click.echo(f"{new} new article(s) loaded from {out_dir}", err=True)


@cli.command("settings")
def settings_cmd() -> None:
    """List every setting with its default and help (usable in newsprism.toml, --set, NEWSPRISM_*)."""
    for s in SETTINGS:
        click.echo(f"{s.name} = {s.default!r}\n    {s.help}")


def main(argv: Sequence[str] | None = None) -> None:
    """Console entry point."""
    try:
        cli.main(args=list(argv) if argv is not None else None, prog_name="newsprism", standalone_mode=True)
    except KeyboardInterrupt:
        _err("interrupted")
        sys.exit(130)
