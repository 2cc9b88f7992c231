"""The CLI end to end on the seeds and on broken input: contract, exit codes, nothing lost."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from newsprism.cli import EXIT_FATAL, EXIT_OK, EXIT_PARTIAL, cli

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "examples" / "seeds"

SEED_000 = "000_950007d2726c287a.txt"
SEED_003 = "003_dabc40df9440d71a.txt"


def run(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


@pytest.fixture(scope="module")
def seeds_dossier(tmp_path_factory) -> dict:
    out = tmp_path_factory.mktemp("seeds")
    result = run("analyze", str(SEEDS), "--format", "json", "--output", str(out / "d.json"),
                 "--db", f"sqlite:///{out / 's.db'}", "--quiet")
    assert result.exit_code == EXIT_OK, result.output
    return json.loads((out / "d.json").read_text())


def _by_name(dossier: dict, name: str) -> dict:
    return next(a for a in dossier["articles"] if a["source"].endswith(name))


def test_seeds_dossier_validates(seeds_dossier, assert_valid_dossier):
    assert_valid_dossier(seeds_dossier)
    assert len(seeds_dossier["articles"]) == 2
    assert seeds_dossier["failures"] == []


def test_seed_headline_and_published_time(seeds_dossier):
    first = _by_name(seeds_dossier, SEED_000)
    assert first["title"] == "Russia backs North Korea with aid, rice, and military ties"
    assert first["published"] == "2024-11-04T18:19:00-05:00"
    assert "6:19 PM EST" not in first["text"]
    assert first["language"] == "en"


def test_photo_credit_is_not_body_text(seeds_dossier):
    second = _by_name(seeds_dossier, SEED_003)
    assert "Photo: depositphotos" not in second["text"]
    assert "depositphotos" in " ".join(second.get("boilerplate", []))


def test_markdown_and_html_render(tmp_path):
    db = f"sqlite:///{tmp_path / 's.db'}"
    md = run("analyze", str(SEEDS), "--format", "markdown", "--db", db, "--quiet")
    assert md.exit_code == EXIT_OK and md.output.startswith("# newsprism dossier")
    page = run("analyze", str(SEEDS), "--format", "html", "--db", db, "--quiet")
    assert page.exit_code == EXIT_OK
    assert "<script" not in page.output.lower()
    assert "Russia backs North Korea" in page.output


def test_html_escapes_article_text(tmp_path):
    evil = tmp_path / "evil.txt"
    evil.write_text("A <script>alert(1)</script> headline\n\nBody with <b>tags</b> and "
                    "<a href=\"javascript:alert(2)\">a link</a> in it, long enough to be an article.\n")
    page = run("analyze", str(evil), "--format", "html", "--db", f"sqlite:///{tmp_path / 's.db'}", "--quiet")
    assert page.exit_code == EXIT_OK, page.output
    assert "<script>alert" not in page.output
    assert "&lt;script&gt;" in page.output
    assert 'href="javascript:' not in page.output


def test_broken_inputs_are_failures_and_good_inputs_are_stored(tmp_path, assert_valid_dossier):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good.txt").write_text("A good headline\n\nA body paragraph that says something useful.\n")
    (folder / "empty.txt").write_bytes(b"")
    (folder / "binary.txt").write_bytes(bytes(range(256)) * 8)
    db = tmp_path / "s.db"
    result = run("analyze", str(folder), "--format", "json", "--output", str(tmp_path / "d.json"),
                 "--db", f"sqlite:///{db}", "--quiet")
    assert result.exit_code == EXIT_PARTIAL
    dossier = assert_valid_dossier(json.loads((tmp_path / "d.json").read_text()))
    failed = {Path(f["source"]).name for f in dossier["failures"]}
    assert {"empty.txt", "binary.txt"} <= failed
    assert all(f["error"] for f in dossier["failures"])
    assert [Path(a["source"]).name for a in dossier["articles"]] == ["good.txt"]
    with sqlite3.connect(db) as conn:
        assert conn.execute("select count(*) from articles").fetchone()[0] == 1


def test_ingest_twice_adds_nothing(tmp_path):
    db = f"sqlite:///{tmp_path / 's.db'}"
    assert run("ingest", str(SEEDS), "--db", db, "--quiet").exit_code == EXIT_OK
    assert run("ingest", str(SEEDS), "--db", db, "--quiet").exit_code == EXIT_OK
    with sqlite3.connect(tmp_path / "s.db") as conn:
        assert conn.execute("select count(*) from articles").fetchone()[0] == 2


def test_search_finds_stored_articles(tmp_path):
    db = f"sqlite:///{tmp_path / 's.db'}"
    run("ingest", str(SEEDS), "--db", db, "--quiet")
    result = run("search", "rice", "--db", db)
    assert result.exit_code == EXIT_OK
    assert "950007d2" in result.output or "Russia backs" in result.output


def test_unknown_store_url_is_a_clean_fatal_error(tmp_path):
    result = run("analyze", str(SEEDS), "--db", "mysql://nope", "--quiet")
    assert result.exit_code == EXIT_FATAL
    assert "unknown store URL" in result.output


def test_nothing_readable_is_fatal(tmp_path):
    result = run("analyze", str(tmp_path / "missing.txt"), "--db", f"sqlite:///{tmp_path / 's.db'}", "--quiet")
    assert result.exit_code == EXIT_FATAL


def test_a_later_run_finds_a_copy_of_a_stored_article(tmp_path):
    db = f"sqlite:///{tmp_path / 's.db'}"
    assert run("analyze", str(SEEDS / SEED_000), "--db", db, "--quiet").exit_code == EXIT_OK
    copy = tmp_path / "copy"
    copy.mkdir()
    lines = (SEEDS / SEED_000).read_text(encoding="utf-8").splitlines()
    (copy / "copy.txt").write_text("\n".join(["A new headline for a re-published copy"] + lines[1:]) + "\n")
    result = run("analyze", str(copy), "--db", db, "--format", "json", "--output", str(tmp_path / "d.json"), "--quiet")
    assert result.exit_code == EXIT_OK
    dossier = json.loads((tmp_path / "d.json").read_text())
    by_name = {Path(a["source"]).name: a for a in dossier["articles"]}
    original = by_name[SEED_000]
    assert by_name["copy.txt"]["duplicate_of"] == original["id"]
    assert len(dossier["stories"]) == 1 and dossier["stories"][0]["independent_origins"] == 1


def test_stories_lists_the_seed_story(tmp_path):
    db = f"sqlite:///{tmp_path / 's.db'}"
    assert run("analyze", str(SEEDS), "--db", db, "--quiet").exit_code == EXIT_OK
    result = CliRunner().invoke(cli, ["stories", "--db", db], catch_exceptions=False, env={"COLUMNS": "240"})
    assert result.exit_code == EXIT_OK
    row = next(line for line in result.output.splitlines() if "Russia backs North Korea" in line)
    assert row.split()[-2] == "2"  # the title, then the article count (no outlets known), last seen


# --------------------------------------------------------------------------- reading a store


@pytest.fixture(scope="module")
def seed_db(tmp_path_factory) -> str:
    """The web tests' store: the seeds with a hand-written story report (claims, brief, flows)."""
    from web.conftest import build_seed_store  # tests/ is on sys.path: the module pytest loaded

    db = f"sqlite:///{tmp_path_factory.mktemp('story') / 'seeds.db'}"
    build_seed_store(db)
    return db


def narrow(*args: str):
    """The command's output in a terminal 80 columns wide."""
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False, env={"COLUMNS": "80"})
    lines = result.output.splitlines()
    assert lines and max(len(line) for line in lines) <= 80, "a line is wider than 80 columns"
    return result


def test_story_shows_brief_verdicts_claims_and_outlets_in_80_columns(seed_db):
    result = narrow("story", "s-seeds", "--db", seed_db)
    assert result.exit_code == EXIT_OK
    text = " ".join(result.output.split())
    assert text.startswith("North Korea sends troops to Russia Story s-seeds · 2 report(s) · 1 independent")
    assert "1 corroborated · 1 repeated (one origin) · 2 single source · 1 conflicting" in text.replace("\u00a0", " ")
    assert "• Each is paid about $2,000 a month. — single source [2] c2" in text
    for heading in ("Brief", "Claims", "Reports", "Outlets"):
        assert heading in result.output.splitlines()
    claims = result.output.split("\nClaims\n")[1].split("\nReports\n")[0]  # table cells wrap: look per row
    c3 = claims[claims.index("c3 "):claims.index("c4 ")]
    assert "corroborated" in c3 and "2 origin(s)" in c3 and "[1] [2]" in c3
    assert "Sung-luck)" in claims[claims.index("c2 "):claims.index("c3 ")]
    assert "military ties" in result.output.split("\nReports\n")[1]  # the whole headline, not cut
    assert "report 2" in text and ".txt" not in text  # reports are never named by their files


def test_story_follows_a_merge_and_refuses_unknown_ids(seed_db, tmp_path):
    merged = narrow("story", "s-old", "--db", seed_db)
    assert merged.exit_code == EXIT_OK and "s-old was merged into s-seeds" in merged.output
    unknown = run("story", "s-nope", "--db", seed_db)
    assert unknown.exit_code == EXIT_FATAL and "no story 's-nope' in the store" in unknown.output
    missing = run("story", "s-seeds", "--db", f"sqlite:///{tmp_path / 'none.db'}")
    assert missing.exit_code == EXIT_FATAL and "no store at" in missing.output
    assert not (tmp_path / "none.db").exists()  # a read command never creates a store


def test_stories_gives_verdict_counts_in_80_columns(seed_db):
    result = narrow("stories", "--db", seed_db)
    assert result.exit_code == EXIT_OK
    text = " ".join(result.output.replace("\u00a0", " ").split())
    assert "North Korea sends troops to Russia 2 2024-11-05 s-seeds" in text
    assert "1 corroborated · 1 repeated · 2 single-source · 1 conflicting" in text
    assert "s-evil" in text and "1 conflicting" in text


def test_csv_gives_one_row_per_claim_per_report(tmp_path):
    import csv
    import io

    from newsprism import api
    from newsprism.render.csv import COLUMNS

    db = f"sqlite:///{tmp_path / 's.db'}"
    result = run("analyze", str(SEEDS), "--format", "csv", "--db", db, "--quiet")
    assert result.exit_code == EXIT_OK, result.output
    reader = csv.DictReader(io.StringIO(result.output, newline=""))
    rows = list(reader)
    assert tuple(reader.fieldnames) == COLUMNS
    expected = set()
    for row in api.list_stories(db=db):
        for claim in api.get_story(row.story.id, db=db).report.claims:
            expected |= {(row.story.id, claim.id, m.article_id) for m in claim.mentions}
    assert expected and {(r["story_id"], r["claim_id"], r["article_id"]) for r in rows} == expected
    assert len(rows) == len(expected)
    assert all(r["verdict"] in {"corroborated", "repeated", "single-source", "conflicting"} for r in rows)
    assert all(r["said"] and r["report"] and ".txt" not in r["report"] for r in rows)
