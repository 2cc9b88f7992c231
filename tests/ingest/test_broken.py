"""A corpus of broken inputs next to good ones: every broken input ends as a Failure with a
one-line reason, and every good input of the same run comes out as an article."""

from __future__ import annotations

import gzip
import json
import os
import random
from pathlib import Path

import pytest

from newsprism.settings import default_config
from newsprism.types import Failure

from .builders import page, read_all, write_warc

CAP = 4_000
GOOD_TEXT = "Rice deal signed\nRussia will send up to 700,000 tonnes of rice a year, officials said on Monday."
WESTERN = "Café owners in Zürich say the “new rules” are naïve — and costly."
ITEM = "<item><title>{t}</title><link>https://x.example/{t}</link><description>{t} happened today, officials said.</description></item>"


def _rss(items: str) -> str:
    return f'<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title>{items}</channel></rss>'


def _build(root: Path) -> tuple[dict[str, str], set[str]]:
    """Write the corpus; return (broken source -> expected words in the reason, good sources)."""
    broken: dict[str, str] = {}
    good: set[str] = set()

    def put(name: str, data: bytes | str, reason: str | None) -> str:
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data.encode() if isinstance(data, str) else data)
        if reason is None:
            good.add(str(path))
        else:
            broken[str(path)] = reason
        return str(path)

    put("good/plain.txt", GOOD_TEXT, None)
    put("good/cp1252.txt", ("Zürich café rules\n" + WESTERN).encode("cp1252"), None)
    put("good/latin1.txt", "Élève naïf à Noël, le café est très bon.".encode("latin-1"), None)
    put("good/utf16.txt", GOOD_TEXT.encode("utf-16"), None)
    put("good/page.html", page("Troops sent", ["Thousands of soldiers were sent abroad, the agency said on Monday."]), None)
    put("good/feed.rss", _rss(ITEM.format(t="Launch") + ITEM.format(t="Pact")), None)
    good.discard(str(root / "good/feed.rss"))
    good |= {f"{root / 'good/feed.rss'}#1", f"{root / 'good/feed.rss'}#2"}

    put("bad/empty.txt", b"", "empty")
    put("bad/blank.txt", "  \n\t\n", "whitespace")
    put("bad/image.png", b"\x89PNG\r\n\x1a\n" + bytes(200), "PNG")
    rng = random.Random(7)
    put("bad/random.bin", bytes(rng.randrange(256) for _ in range(2000)), "binary")
    put("bad/notes.txt.gz", gzip.compress(GOOD_TEXT.encode()), "gzip")
    put("bad/oversized.txt", "word " * (CAP // 4), "max_input_bytes")
    put("bad/mixed.txt", ("Café “Zürich” — " * 20).encode() + ("naïve “quotes” " * 30).encode("cp1252"), "mixes UTF-8")
    put("bad/truncated.json", '{"title": "Cut", "text": "The file ends in the mid', "invalid JSON")
    put("bad/no_text.json", '{"title": "Only a title", "url": "https://x.example/a"}', "no text")
    put("bad/empty_list.json", '{"articles": []}', "empty list")
    put("bad/truncated.html", "<html><head><title>Cut</title></head><body><p>The page stops here and never", "truncated")
    put("bad/script_only.html", "<html><body><script>var x = 1;</script></body></html>", "no article text")
    put("bad/broken.rss", '<?xml version="1.0"?><rss version="2.0"><channel><title>W</title><item><title>A</ti', "malformed")
    put("bad/catalog.xml", '<?xml version="1.0"?><catalog><book id="1"/></catalog>', "not an RSS or Atom feed")
    put("bad/no_entries.rss", _rss(""), "no entries")
    put("bad/garbage.warc", b"WARC/1.0\r\nthis is not a WARC header block\r\n\r\n", "WARC")

    lines = [json.dumps({"text": "Line one is a good record."}), '{"text": "cut', json.dumps({"text": "Line three is good."})]
    jsonl = put("mixed/records.jsonl", "\n".join(lines), None)
    good.discard(jsonl)
    good |= {f"{jsonl}#1", f"{jsonl}#3"}
    broken[f"{jsonl}#2"] = "invalid JSON"

    partial = put("mixed/partial.rss", _rss(ITEM.format(t="Whole"))[:-len("</channel></rss>")] + "<item><title>Cut", None)
    good.discard(partial)
    good.add(f"{partial}#1")
    broken[partial] = "malformed"

    warc = write_warc(root / "mixed/cut.warc.gz", [
        ("https://a.example/1", "text/html", page("First page", ["The first page is complete and has a body."]).encode()),
        ("https://a.example/2", "text/html", page("Second page", ["The second page " * 40]).encode()),
    ])
    data = warc.read_bytes()
    warc.write_bytes(data[: len(data) - 300])  # cut inside the last record
    good.add(f"{warc}#2")
    broken[str(warc)] = "truncated"

    (root / "hidden_only").mkdir()
    (root / "hidden_only" / ".DS_Store").write_bytes(b"\x00\x00\x00\x01Bud1")
    broken[str(root / "hidden_only")] = "no readable files"
    os.symlink(root / "nowhere.txt", root / "bad" / "dangling.txt")
    broken[str(root / "bad" / "dangling.txt")] = "no such file"
    broken[str(root / "missing.txt")] = "no such file"
    return broken, good


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    root = tmp_path_factory.mktemp("corpus")
    broken, good = _build(root)
    inputs = [root / "good", root / "bad", root / "mixed", root / "hidden_only", root / "missing.txt"]
    articles, failures = read_all(inputs, default_config().replace(max_input_bytes=CAP))
    return broken, good, articles, failures


def test_every_good_input_becomes_an_article(corpus) -> None:
    _, good, articles, _ = corpus
    assert {a.source for a in articles} == good


def test_every_broken_input_is_a_failure_with_its_reason(corpus) -> None:
    broken, _, _, failures = corpus
    by_source = {f.source: f for f in failures}
    assert set(by_source) == set(broken)
    for source, words in broken.items():
        assert words.lower() in by_source[source].error.lower(), (source, by_source[source].error)


def test_failures_are_one_line_with_stage(corpus) -> None:
    _, _, _, failures = corpus
    for failure in failures:
        assert isinstance(failure, Failure) and failure.stage == "ingest"
        assert failure.error and "\n" not in failure.error and len(failure.error) <= 300


def test_encodings_of_good_inputs_are_right(corpus) -> None:
    _, _, articles, _ = corpus
    texts = {Path(a.source).name: a for a in articles}
    assert texts["cp1252.txt"].text == WESTERN and texts["cp1252.txt"].title == "Zürich café rules"
    assert texts["latin1.txt"].text == "Élève naïf à Noël, le café est très bon."
    assert texts["utf16.txt"].title == "Rice deal signed"


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their permissions")
def test_unreadable_file(tmp_path: Path, config) -> None:
    path = tmp_path / "locked.txt"
    path.write_text(GOOD_TEXT)
    path.chmod(0)
    _, [failure] = read_all([path], config)
    assert "permission denied" in failure.error


def test_unreadable_file_even_as_root(tmp_path: Path, config, monkeypatch) -> None:
    locked = tmp_path / "locked.txt"
    locked.write_text(GOOD_TEXT)
    (tmp_path / "fine.txt").write_text(GOOD_TEXT)
    real_open = Path.open

    def deny(self: Path, *args, **kwargs):
        if self.name == "locked.txt":
            raise PermissionError(13, "Permission denied", str(self))
        return real_open(self, *args, **kwargs)

    monkeypatch.setattr(Path, "open", deny)
    articles, [failure] = read_all([tmp_path], config)
    assert [Path(a.source).name for a in articles] == ["fine.txt"]
    assert failure.source == str(locked) and "permission denied" in failure.error
