"""Hostile news-like text, and a harness that runs the whole pipeline on it.

What real pages hold and tidy test data never does: URLs split into tokens, dates and times with
slashes and colons ("3 / 27 / 2012 @ 10: 05AM"), runs of numbers and currency signs, tables
flattened into lines, sentences hundreds of words long without punctuation, nothing but digits or
punctuation, mixed scripts, right-to-left marks, zero-width characters, emoji. ``GENERATORS``
holds one hypothesis strategy for each, plus ``mixed`` (a page of lines drawn from all of them
and ordinary sentences); :func:`inputs` turns texts into input files (plain text, HTML, JSON
Lines). :func:`trial` runs ``pipeline.analyze`` on a list of inputs and checks what must hold
whatever the input: no exception escapes, the dossier meets the contract, every input is an
article or a failure, and no failure is a stage crash or a stage running over its time budget.

The test suite runs a bounded fuzz (``tests/test_fuzz.py``); ``bench/fuzz.py`` a longer one.
Needs hypothesis (the ``dev`` extra).
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass, field
from html import escape
from pathlib import Path
from typing import Sequence

from newsprism.errors import MissingExtra

try:
    from hypothesis import strategies as st
except ImportError as e:  # pragma: no cover - the dev extra is not installed
    raise MissingExtra("fuzzing", "dev", "hypothesis") from e

from newsprism import pipeline
from newsprism.models import Models
from newsprism.render import render
from newsprism.render.json import validation_errors
from newsprism.settings import Config
from newsprism.testing import MemoryStore
from newsprism.types import Dossier, Failure

# ---------------------------------------------------------------------------------- pieces

WORDS = ("the council said on Tuesday that about people were killed in the city of Seoul Moscow "
         "Pyongyang government officials reported according to Reuters AP rice tons soldiers "
         "million billion percent per month year more than nearly over at least up to").split()
NAMES = ["Kim Jong Un", "Wi Sung Lak", "Yonhap", "The Korea Herald", "NIS", "U.S.", "Mr. Smith", "Dr. Lee"]
CURRENCY = ["$", "€", "£", "¥", "₩", "₽", "US$", "USD", "EUR", "%", "per cent", "bn", "m", "k"]
INVISIBLE = ["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u200e", "\u200f", "\u202a", "\u202b",
             "\u202c", "\u202d", "\u202e", "\u2066", "\u2067", "\u2069", "\u00ad", "\u061c"]
SCRIPTS = {
    "cyrillic": "абвгдежзийклмнопрстуфхцчшщыэюя", "greek": "αβγδεζηθικλμνξοπρστυφχψω",
    "arabic": "ابتثجحخدذرزسشصضطظعغفقكلمنهوي", "hebrew": "אבגדהוזחטיכלמנסעפצקרשת",
    "cjk": "北朝鲜俄罗斯援助大米士兵首尔莫斯科新闻报道", "devanagari": "कखगघचछजझटठडढणतथदधनपफबभमयरलवशसह",
    "hangul": "가나다라마바사아자차카타파하북한러시아", "thai": "กขคงจฉชซญดตถทธนบปผพฟภมยรลวศสหอ",
}
EMOJI = "😀😂🤣😍🙏👍🔥💥🚀🇰🇵🇷🇺🇺🇦🏳️‍🌈👨‍👩‍👧‍👦🧑🏽‍💻✊🏿⚠️❗️💯🎉"
PUNCTUATION = ".,;:!?…—–-_/\\|()[]{}<>«»\"'“”‘’`~@#$%^&*+=§¶•·"

word = st.sampled_from(WORDS)
number = st.one_of(st.integers(0, 10**12).map(str), st.integers(0, 10**6).map(lambda n: f"{n:,}"),
                   st.floats(0, 1e9, allow_nan=False).map(lambda x: f"{x:.2f}"), st.sampled_from(["0", "00", "1e9", "½", "3/4"]))


def _join(parts: Sequence[str], sep: str = " ") -> str:
    return sep.join(parts)


@st.composite
def split_urls(draw) -> str:
    """A page that starts with its own URL split into tokens, as some crawls give it."""
    host = draw(st.lists(st.sampled_from(["www", "news", "example", "m", "cdn", "co", "uk", "com"]), min_size=2, max_size=4))
    path = draw(st.lists(st.one_of(word, number, st.sampled_from(["2012", "03", "27", "story.html", "index.php?id=7&x=%20"])),
                         max_size=8))
    scheme = draw(st.sampled_from(["http", "https", "hxxp", ""]))
    url = f"{scheme} : / / " + " . ".join(host) + " / " + " / ".join(path)
    tail = draw(st.lists(st.one_of(word, number), max_size=20))
    return url + draw(st.sampled_from(["\n", " ", "\n\n"])) + _join(tail)


@st.composite
def dates_and_times(draw) -> str:
    """Date and time lines with slashes, colons and spaces in odd places."""
    month, day, year = draw(st.integers(0, 13)), draw(st.integers(0, 32)), draw(st.integers(0, 3000))
    hour, minute = draw(st.integers(0, 25)), draw(st.integers(0, 61))
    forms = [f"{month} / {day} / {year} @ {hour}: {minute:02d}AM", f"{day}/{month}/{year}", f"{hour}:{minute}",
             f"{year}-{month:02d}-{day:02d}T{hour:02d}:{minute:02d}:00Z", f"@ {hour} : {minute} PM EST",
             f"{hour}: {minute}", f"{month}/{day}", f"{year} / {month}", f"Updated {month} / {day} / {year} {hour}:{minute} GMT+9"]
    lines = draw(st.lists(st.sampled_from(forms), min_size=1, max_size=6))
    return _join(lines, draw(st.sampled_from(["\n", " ", " | "])))


@st.composite
def numbers_and_currency(draw) -> str:
    """Runs of numbers and currency signs with no words to hold them."""
    parts = draw(st.lists(st.one_of(number, st.sampled_from(CURRENCY), st.sampled_from(["-", "–", "to", ",", "."])),
                          min_size=1, max_size=60))
    return _join(parts, draw(st.sampled_from([" ", "", "  "])))


@st.composite
def flattened_tables(draw) -> str:
    """A table flattened into lines: cells split by bars, tabs or runs of spaces."""
    columns = draw(st.integers(1, 8))
    cell = st.one_of(word, number, st.sampled_from(NAMES), st.sampled_from(CURRENCY), st.just(""))
    rows = draw(st.lists(st.lists(cell, min_size=columns, max_size=columns), min_size=1, max_size=25))
    sep = draw(st.sampled_from([" | ", "\t", "   ", ",", " "]))
    return "\n".join(sep.join(row) for row in rows)


@st.composite
def run_on_sentences(draw) -> str:
    """Very long sentences with no punctuation at all."""
    words = draw(st.lists(st.one_of(word, number, st.sampled_from(NAMES)), min_size=50, max_size=1500))
    return _join(words)


def only_digits() -> st.SearchStrategy[str]:
    return st.text(alphabet="0123456789 \n", min_size=1, max_size=2000)


def only_punctuation() -> st.SearchStrategy[str]:
    return st.text(alphabet=PUNCTUATION + " \n", min_size=1, max_size=2000)


@st.composite
def mixed_scripts(draw) -> str:
    """Words of several scripts, with English news words between them."""
    scripts = st.sampled_from(sorted(SCRIPTS)).flatmap(lambda s: st.text(alphabet=SCRIPTS[s], min_size=1, max_size=12))
    return _join(draw(st.lists(st.one_of(scripts, word, number), min_size=1, max_size=200)))


@st.composite
def invisible_marks(draw) -> str:
    """Right-to-left marks, embedding controls and zero-width characters inside words and numbers."""
    parts = draw(st.lists(st.one_of(word, number, st.sampled_from(NAMES)), min_size=1, max_size=120))
    marks = st.sampled_from(INVISIBLE)
    out = []
    for part in parts:
        cut = draw(st.integers(0, len(part)))
        out.append(part[:cut] + draw(marks) * draw(st.integers(1, 3)) + part[cut:])
    return _join(out, draw(st.sampled_from([" ", "\u00a0", "\u2009", "\u3000"])))


@st.composite
def emoji_text(draw) -> str:
    """Emoji (with joiners, skin tones and flags) in and between words."""
    parts = draw(st.lists(st.one_of(word, number, st.text(alphabet=EMOJI, min_size=1, max_size=6)), min_size=1, max_size=150))
    return _join(parts, draw(st.sampled_from([" ", ""])))


SENTENCES = [
    "North Korea has sent about 10,000 soldiers to Russia, South Korean intelligence said on Monday.",
    "Each soldier is paid around $2,000 a month, according to the NIS.",
    "\"We will not back down,\" Kim Jong Un said, according to KCNA.",
    "Russia will deliver 600,000 to 700,000 tons of rice to Pyongyang every year, Yonhap reported.",
    "The ministry said more than 3 million people were affected.",
]


@st.composite
def news_like(draw) -> str:
    """A page: a headline, then lines drawn from every generator and from ordinary sentences."""
    pieces = st.one_of(*[g for name, g in _BASIC.items()], st.sampled_from(SENTENCES))
    lines = draw(st.lists(pieces, min_size=1, max_size=8))
    return "\n".join([draw(st.sampled_from(["", "Breaking news", "3 / 27 / 2012 @ 10: 05AM", "http : / / x . com"]))] + lines)


_BASIC: dict[str, st.SearchStrategy[str]] = {
    "split URLs": split_urls(), "dates and times": dates_and_times(), "numbers and currency": numbers_and_currency(),
    "flattened tables": flattened_tables(), "run-on sentences": run_on_sentences(), "only digits": only_digits(),
    "only punctuation": only_punctuation(), "mixed scripts": mixed_scripts(), "invisible marks": invisible_marks(),
    "emoji": emoji_text(),
}
GENERATORS: dict[str, st.SearchStrategy[str]] = {**_BASIC, "mixed page": news_like()}
FORMATS = ("txt", "html", "jsonl")


@dataclass(frozen=True, slots=True)
class Input:
    """One generated input: its text and the file format it is written in."""

    text: str
    format: str = "txt"


def inputs(texts: st.SearchStrategy[str]) -> st.SearchStrategy[Input]:
    return st.builds(Input, texts, st.sampled_from(FORMATS))


def write(item: Input, path: Path) -> Path:
    """The input as a file of its format (``path`` without suffix); returns the file's path."""
    path = path.with_suffix("." + item.format)
    if item.format == "html":
        body = "".join(f"<p>{escape(line)}</p>\n" for line in item.text.split("\n"))
        path.write_text(f"<!doctype html><html><head><title>{escape(item.text[:60])}</title></head>"
                        f"<body><article>{body}</article></body></html>", encoding="utf-8", errors="surrogatepass")
    elif item.format == "jsonl":
        path.write_text(json.dumps({"title": item.text[:60], "text": item.text}) + "\n", encoding="utf-8")
    else:
        path.write_bytes(item.text.encode("utf-8", errors="surrogatepass"))
    return path


# ---------------------------------------------------------------------------------- harness


@dataclass
class Trial:
    """What one run of the whole pipeline over some inputs gave, and what went wrong."""

    inputs: int
    articles: int = 0
    failures: list[Failure] = field(default_factory=list)
    seconds: float = 0.0
    problems: list[str] = field(default_factory=list)  # each one a broken promise

    @property
    def hangs(self) -> list[Failure]:
        return [f for f in self.failures if "took longer than" in f.error]

    @property
    def crashes(self) -> list[Failure]:
        """Failures that are bugs: a stage crashed (not an input that holds no article)."""
        return [f for f in self.failures if f not in self.hangs
                and (f.stage not in {"ingest", "normalise"} or f.error.startswith("unexpected"))]


def trial(items: Sequence[Input], *, folder: Path, config: Config, models: Models) -> Trial:
    """``pipeline.analyze`` over ``items`` written as files in ``folder`` (which must be empty)."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = [str(write(item, folder / f"input-{n:03d}")) for n, item in enumerate(items)]
    result = Trial(inputs=len(items))
    t0 = time.perf_counter()
    try:
        dossier = pipeline.analyze([str(folder)], config=config, store=MemoryStore(), models=models)
    except Exception as e:  # noqa: BLE001 - what the fuzz is looking for
        result.problems.append(f"analyze raised {type(e).__name__}: {e}")
        return result
    finally:
        result.seconds = time.perf_counter() - t0
    _check(dossier, paths, result)
    return result


def _check(dossier: Dossier, paths: Sequence[str], result: Trial) -> None:
    result.articles = len(dossier.articles)
    result.failures = list(dossier.failures)
    sources = [a.source for a in dossier.articles] + [f.source for f in dossier.failures]
    for path in paths:
        if not any(s == path or s.startswith(path + "#") for s in sources):
            result.problems.append(f"{path} is neither an article nor a failure")
    try:
        errors = validation_errors(json.loads(render(dossier, "json")))
        render(dossier, "markdown")
        render(dossier, "html")
    except Exception as e:  # noqa: BLE001 - rendering must not fail either
        errors = [f"rendering raised {type(e).__name__}: {e}"]
    result.problems += [f"dossier breaks the contract: {e}" for e in errors[:5]]
    result.problems += [f"stage crash: {f.stage}: {f.error}" for f in result.crashes]
    result.problems += [f"over budget: {f.stage}: {f.error}" for f in result.hangs]
