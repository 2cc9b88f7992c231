"""Every record that crosses a stage boundary.

All records are frozen, slotted dataclasses. Sequences are tuples so records stay hashable and
immutable. Character offsets are Python ``str`` indices into ``Article.text``: for any record with
``start``/``end``/``text``, ``article.text[start:end] == text``.

Flow of records through the pipeline::

    RawDoc --normalise--> Article --origins--> ArticleOrigins
                                  --stories--> StoryAssignment / Story
                                  --extract--> Extraction (EntityMention, Quantity, Quote, Flow)
    (Story, Articles, Extractions, ArticleOrigins) --align/judge--> Claim
    Claims --brief--> BriefSentence
    everything --> StoryReport --> Dossier --render--> JSON / Markdown / HTML
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable


# --------------------------------------------------------------------------- ingest / normalise


@dataclass(frozen=True, slots=True)
class RawDoc:
    """One document as a reader found it, before normalisation.

    ``source`` is the path or URL as given; for inputs that hold many records (JSON Lines, feeds,
    WARC) it is ``path#N`` with N the 1-based record number. ``body`` is plain text when
    ``is_html`` is false, else an HTML page to be extracted. ``payload`` is the exact bytes the
    article id is derived from (the file, the JSON record, the feed entry, the WARC payload).
    """

    source: str
    reader: str
    body: str
    payload: bytes
    is_html: bool = False
    title: str | None = None
    published: str | None = None
    outlet: str | None = None
    url: str | None = None
    author: str | None = None
    language: str | None = None
    boilerplate: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Offsets:
    """A half-open character range ``[start, end)`` in an article's text."""

    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Article:
    """A clean article: the unit every later stage reads.

    ``id`` is a hash of the input payload (same bytes, same id). ``content_hash`` is a hash of the
    normalised text alone, so exact copies published by different outlets share it while keeping
    their own ids. ``published`` is ISO 8601 with offset where known.
    """

    id: str
    source: str
    reader: str
    text: str
    content_hash: str
    title: str | None = None
    outlet: str | None = None
    published: str | None = None
    language: str | None = None
    url: str | None = None
    author: str | None = None
    paragraphs: tuple[Offsets, ...] = ()
    sentences: tuple[Offsets, ...] = ()
    boilerplate: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Failure:
    """An input that did not become an article: where it came from, which stage gave up, why."""

    source: str
    stage: str
    error: str


@dataclass(frozen=True, slots=True)
class Progress:
    """One progress report: ``done`` of ``total`` (None when unknown) items of ``stage``. Batch
    mode adds the rate in items per second, the estimated seconds left (None when it cannot be
    told yet) and the articles and failures so far."""

    stage: str
    done: int
    total: int | None = None
    rate: float = 0.0
    eta_seconds: float | None = None
    articles: int = 0
    failures: int = 0


ProgressFn = Callable[[Progress], None]
"""What ``analyze``, ``ingest`` and ``batch`` call with each :class:`Progress` report."""


# --------------------------------------------------------------------------- origins


@dataclass(frozen=True, slots=True)
class Citation:
    """An in-text statement that the article reports from an outlet or agency.

    ``name`` is the canonical outlet name; ``surface`` the words used. ``via`` is the canonical
    name of the outlet this one reached the article through, so "as reported by A, citing B"
    gives Citation(name=A, via=None) and Citation(name=B, via=A): A took it from B.
    """

    name: str
    surface: str
    start: int
    end: int
    pattern: str
    via: str | None = None


@dataclass(frozen=True, slots=True)
class ArticleOrigins:
    """Where one article comes from.

    ``duplicate_of`` is the earliest exact or near copy; ``rewrite_of`` an earlier article it
    paraphrases sentence by sentence, with ``rewrite_coverage`` the share of this article's
    sentences matched there. ``cites`` are canonical outlet names, nearest first (the outlet the
    article names directly, then the one that outlet cited). ``root`` names the independent
    origin: an outlet name (its own outlet's for an original report), or ``article:<id>`` for an
    article that copies and cites nothing and whose outlet is unknown. ``chain`` is the path from
    this article to its root, for the report. ``outlet`` (canonical name) and ``site`` (the
    URL's site) identify the article's own outlet: reports from one outlet are never independent
    origins of each other (``newsprism.rules.independence``).
    """

    article_id: str
    cites: tuple[str, ...] = ()
    citations: tuple[Citation, ...] = ()
    duplicate_of: str | None = None
    duplicate_score: float | None = None
    rewrite_of: str | None = None
    rewrite_coverage: float | None = None
    root: str = ""
    root_name: str = ""
    chain: tuple[str, ...] = ()
    outlet: str = ""
    site: str = ""


@dataclass(frozen=True, slots=True)
class OriginGroup:
    """Articles that trace back to one independent origin, with why they were merged."""

    name: str
    article_ids: tuple[str, ...]
    reason: str


# --------------------------------------------------------------------------- stories


@dataclass(frozen=True, slots=True)
class StoryAssignment:
    """The online decision for one article: which story it joined (or started), and how sure."""

    article_id: str
    story_id: str
    score: float
    started: bool


@dataclass(frozen=True, slots=True)
class StoryMerge:
    """Two stories found to be one when ``article_id`` bridged them; ``absorbed`` now lives in ``kept``."""

    kept: str
    absorbed: str
    article_id: str
    score: float


@dataclass(frozen=True, slots=True)
class Story:
    """A group of articles reporting one event."""

    id: str
    title: str
    article_ids: tuple[str, ...]
    first_seen: str | None = None
    last_seen: str | None = None
    merged_from: tuple[str, ...] = ()


# --------------------------------------------------------------------------- extraction


@dataclass(frozen=True, slots=True)
class EntityMention:
    """A named entity in an article's text, linked to its canonical entity by ``entity_id``."""

    start: int
    end: int
    text: str
    type: str
    entity_id: str


@dataclass(frozen=True, slots=True)
class Entity:
    """A canonical entity: one person, organisation, government or place, with every alias seen."""

    id: str
    name: str
    type: str
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class QuantityValue:
    """A number pinned down: point value or range, unit, rate period, hedge and what is counted.

    Field meanings follow the dossier contract's ``quantity``. ``note`` carries caveats such as
    the short/metric ton ambiguity.
    """

    value: float | None
    low: float | None
    high: float | None
    unit: str | None
    per: str | None
    hedge: str | None
    what: str | None = None
    note: str | None = None


@dataclass(frozen=True, slots=True)
class Quantity:
    """A quantity mention in an article: its span and its pinned-down value."""

    start: int
    end: int
    text: str
    quantity: QuantityValue


@dataclass(frozen=True, slots=True)
class Quote:
    """A quote or reported statement with its speaker (canonical name, or None if unknown).

    ``kind`` is ``direct`` (quotation marks), ``dash`` (dash-introduced), ``reported``
    ("X said that ..."), ``according_to`` or ``transcript`` ("SPEAKER: ..." in an interview).
    The span covers the quoted content.
    """

    start: int
    end: int
    text: str
    speaker: str | None
    kind: str
    speaker_start: int | None = None
    speaker_end: int | None = None
    cue: str | None = None


@dataclass(frozen=True, slots=True)
class Flow:
    """Something moving between two actors: "A provides X to B", with a quantity when given."""

    source: str
    target: str
    what: str
    start: int
    end: int
    text: str
    quantity: QuantityValue | None = None


@dataclass(frozen=True, slots=True)
class Extraction:
    """Everything extracted from one article. ``entities`` are the canonical entities it mentions.
    ``level`` says how it was read: "full" (a parser and entity recogniser of the article's
    language: English, French) or "names and figures" (no model for the language: names by
    rule, quantities, direct quotes; no reported speech, no flows)."""

    article_id: str
    mentions: tuple[EntityMention, ...] = ()
    entities: tuple[Entity, ...] = ()
    quantities: tuple[Quantity, ...] = ()
    quotes: tuple[Quote, ...] = ()
    flows: tuple[Flow, ...] = ()
    level: str = "full"


# --------------------------------------------------------------------------- claims and verdicts


@dataclass(frozen=True, slots=True)
class Mention:
    """Where a claim is said: a span in one article. ``attribution`` is whom that report gives
    the claim to (each report's own, never merged with another's); ``origin`` is where that
    report has it from: the outlet it cites for this claim ("The New York Times reported ..."),
    else the article's own root."""

    article_id: str
    start: int
    end: int
    text: str
    attribution: str | None = None
    origin: str | None = None


@dataclass(frozen=True, slots=True)
class Claim:
    """A checkable claim of a story with its verdict.

    ``status`` is one of corroborated / repeated / single-source / conflicting, and ``reason``
    says why in a sentence. ``conflict_reasons`` maps a conflicting claim id to the reason.
    """

    id: str
    kind: str
    text: str
    status: str
    reason: str
    independent_origins: int
    mentions: tuple[Mention, ...]
    attribution: str | None = None
    quantity: QuantityValue | None = None
    conflicts_with: tuple[str, ...] = ()
    conflict_reasons: tuple[tuple[str, str], ...] = ()
    origins: tuple[str, ...] = ()
    updates: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class ArithmeticCheck:
    """A check between claims: e.g. rate x count x period against a stated total."""

    claim_ids: tuple[str, ...]
    expression: str
    computed: float
    stated_low: float | None
    stated_high: float | None
    consistent: bool
    explanation: str


@dataclass(frozen=True, slots=True)
class BriefSentence:
    """One sentence of the brief. A sentence always cites at least one claim and one article."""

    text: str
    claim_ids: tuple[str, ...]
    article_ids: tuple[str, ...]
    status: str | None = None
    section: str = "summary"
    language: str | None = None  # the language the sentence is quoted in (its report's), when one

    def __post_init__(self) -> None:
        # The brief's promise is that nothing in it is uncited: refuse to build one that is.
        if not self.text.strip():
            raise ValueError("a brief sentence needs text")
        if not self.claim_ids or not all(isinstance(c, str) and c for c in self.claim_ids):
            raise ValueError(f"a brief sentence must cite at least one claim: {self.text[:60]!r}")
        if not self.article_ids or not all(isinstance(a, str) and a for a in self.article_ids):
            raise ValueError(f"a brief sentence must cite at least one article: {self.text[:60]!r}")


@dataclass(frozen=True, slots=True)
class StoryReport:
    """A story with everything later stages found: origins, entities, claims, flows and brief."""

    story: Story
    origins: tuple[OriginGroup, ...] = ()
    independent_origins: int = 0
    entities: tuple[Entity, ...] = ()
    claims: tuple[Claim, ...] = ()
    flows: tuple[Flow, ...] = ()
    flow_claims: tuple[tuple[str, ...], ...] = ()
    checks: tuple[ArithmeticCheck, ...] = ()
    brief: tuple[BriefSentence, ...] = ()
    merges: tuple[StoryMerge, ...] = ()


@dataclass(frozen=True, slots=True)
class Dossier:
    """The whole result of a run: articles with their origins and extractions, stories, failures."""

    articles: tuple[Article, ...]
    origins: tuple[ArticleOrigins, ...] = ()
    extractions: tuple[Extraction, ...] = ()
    stories: tuple[StoryReport, ...] = ()
    failures: tuple[Failure, ...] = ()
    stats: tuple[tuple[str, float], ...] = field(default_factory=tuple)


# --------------------------------------------------------------------------- claims (align -> judge)


@dataclass(frozen=True, slots=True)
class ClaimCandidate:
    """One checkable claim as one article states it, before verdicts.

    ``kind`` follows the contract (quantity / quote / event / statement). ``start``/``end``/
    ``text`` are the mention (non-overlapping within an article); ``context`` is the whole clause
    it was read from (what is embedded and compared). ``modality`` is ``done`` (stated as having
    happened), ``expected`` (expected, planned, conditional, possible) or ``stated``
    (neither). ``increment`` marks "N more" quantities, which add to a total and are never
    compared with one. ``role`` names who or what the number is about (soldier, worker ...).
    ``judged`` is the claim as the judge model reads it (canonical names, a leading pronoun
    replaced by who it stands for, one spelling; a lone quote with its whole sentence);
    ``antecedent`` the sentence before, when this one leans on it in a way not so resolved.
    ``statement`` is the whole statement the mention belongs to, verbatim (subject and verb
    included: "... North Korean workers in Russia, earning about $800 a month", never
    "earning about $800 a month"): what a reader is shown. ``language``: its report's language
    (claims in two languages are read by the cross-lingual reader, not the English judge).
    """

    id: str
    article_id: str
    kind: str
    start: int
    end: int
    text: str
    context: str
    sentence: Offsets
    attribution: str | None = None
    quantity: QuantityValue | None = None
    quantity_text: str | None = None
    entity_ids: tuple[str, ...] = ()
    modality: str = "stated"
    modality_cue: str | None = None
    negated: bool = False
    increment: bool = False
    role: str | None = None
    published: str | None = None
    position: int = 0
    outlet: str | None = None
    attribution_text: str | None = None
    judged: str | None = None
    antecedent: str | None = None
    statement: str | None = None
    language: str | None = None  # the report's language (ISO 639-1), as its article gives it

    @property
    def own_text(self) -> str:
        """The claim as the judge reads it alone (``judged``, else the context)."""
        return self.judged or self.context

    @property
    def judged_text(self) -> str:
        """What the claim judge reads against another report's claim: the claim, after the
        sentence before it when this one leans on it for who "they" are."""
        return f"{self.antecedent} {self.own_text}" if self.antecedent else self.own_text


@dataclass(frozen=True, slots=True)
class ClaimTopic:
    """Candidates from a story's articles found to be about the same thing (align's output).

    Whether they agree is the judge's call: one topic may hold an agreeing set, a conflict, or a
    figure and its later update. ``scores`` keeps the alignment score of each joined pair.
    """

    id: str
    candidates: tuple[ClaimCandidate, ...]
    scores: tuple[tuple[str, str, float], ...] = ()
    judgements: tuple["PairJudgement", ...] = ()


@dataclass(frozen=True, slots=True)
class PairJudgement:
    """The claim judge's calibrated probabilities for two candidates of one topic: they state the
    same fact, they conflict about the same thing, or they say different things."""

    a: str
    b: str
    same: float
    conflicting: float
    different: float
