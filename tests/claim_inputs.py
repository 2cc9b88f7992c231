"""Hand-built inputs for the claims stages (align, judge, brief): the seeds as Articles with a
careful reader's extraction (tests/data/claims/seeds_extraction.json), small builders for
synthetic stories, and ``run``: align and judge over such a story with a stand-in judge. The
claims logic is tested on these independently of the real extraction stage. The ``seeds`` and
``config`` fixtures (tests/conftest.py) are built from here."""

from __future__ import annotations

import json
from pathlib import Path

from newsprism import align, judge
from newsprism.models import Models
from newsprism.testing import FakeJudge
from newsprism.types import (
    Article,
    ArticleOrigins,
    Entity,
    EntityMention,
    Extraction,
    Flow,
    Quantity,
    QuantityValue,
    Quote,
    Story,
)

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "examples" / "seeds"
DATA = ROOT / "tests" / "data" / "claims"


def locate(text: str, surface: str, nth: int = 1) -> int:
    """Start of the nth occurrence of ``surface`` (fails loudly when the data drifts)."""
    start = -1
    for _ in range(nth):
        start = text.find(surface, start + 1)
        if start < 0:
            raise AssertionError(f"{surface!r} (occurrence {nth}) not in the text")
    return start


def seed_article(path: Path, *, article_id: str, published: str | None) -> Article:
    """The seed as normalise would give it: headline as title, dateline and credit lines out."""
    lines = path.read_text(encoding="utf-8").splitlines()
    title = lines[0].strip()
    body = [ln for ln in lines[1:] if ln.strip() and not ln.startswith("Photo:")
            and not ln.strip().startswith("6:19 PM")]
    if path.name.startswith("003"):
        title, body = None, [ln for ln in lines if ln.strip() and not ln.startswith("Photo:")]
    text = "\n".join(body)
    return Article(id=article_id, source=str(path), reader="text", text=text, content_hash=article_id,
                   title=title, published=published)


def build_extraction(article: Article, spec: dict, entities: dict) -> Extraction:
    text = article.text
    mentions = []
    for surface, entity_id, *rest in spec.get("mentions", []):
        nth = rest[0] if rest else 0
        occurrences = [nth] if nth else range(1, text.count(surface) + 1)
        for n in occurrences:
            start = locate(text, surface, n)
            mentions.append(EntityMention(start, start + len(surface), surface, entities[entity_id]["type"], entity_id))
    quantities = []
    for q in spec.get("quantities", []):
        start = locate(text, q["surface"], q.get("nth", 1))
        value = QuantityValue(q.get("value"), q.get("low"), q.get("high"), q.get("unit"), q.get("per"),
                              q.get("hedge"), q.get("what"))
        quantities.append(Quantity(start, start + len(q["surface"]), q["surface"], value))
    quotes = []
    for q in spec.get("quotes", []):
        start = locate(text, q["content"], q.get("nth", 1))
        quotes.append(Quote(start, start + len(q["content"]), q["content"], q["speaker"], q["kind"]))
    flows = []
    for f in spec.get("flows", []):
        start = locate(text, f["surface"])
        flows.append(Flow(f["source"], f["target"], f["what"], start, start + len(f["surface"]), f["surface"]))
    used = {m.entity_id for m in mentions}
    ents = tuple(Entity(eid, e["name"], e["type"], tuple(e.get("aliases", ()))) for eid, e in entities.items() if eid in used)
    return Extraction(article.id, tuple(mentions), ents, tuple(quantities), tuple(quotes), tuple(flows))


def hand_built_seeds():
    """(story, articles, extractions, origins) for the two seeds, both tracing to the Korea Herald."""
    spec = json.loads((DATA / "seeds_extraction.json").read_text(encoding="utf-8"))
    a = seed_article(SEEDS / "000_950007d2726c287a.txt", article_id="a000", published="2024-11-04T18:19:00-05:00")
    b = seed_article(SEEDS / "003_dabc40df9440d71a.txt", article_id="a003", published=None)
    articles = [a, b]
    extractions = {
        a.id: build_extraction(a, spec["a000"], spec["entities"]),
        b.id: build_extraction(b, spec["a003"], spec["entities"]),
    }
    origins = {
        a.id: ArticleOrigins(a.id, cites=("The Korea Herald",), root="outlet:The Korea Herald", root_name="The Korea Herald"),
        b.id: ArticleOrigins(b.id, cites=("TimeUkraineIsrael", "The Korea Herald"), root="outlet:The Korea Herald",
                             root_name="The Korea Herald"),
    }
    story = Story(id="s1", title="Russia backs North Korea", article_ids=(a.id, b.id))
    return story, articles, extractions, origins


def make_article(article_id: str, text: str, *, published: str | None = None, outlet: str | None = None) -> Article:
    return Article(id=article_id, source=f"{article_id}.txt", reader="text", text=text,
                   content_hash=article_id, outlet=outlet or article_id.upper(), published=published)


def q(text: str, surface: str, value=None, *, low=None, high=None, unit=None, per=None, hedge=None,
      what=None, nth: int = 1) -> Quantity:
    start = locate(text, surface, nth)
    return Quantity(start, start + len(surface), surface, QuantityValue(value, low, high, unit, per, hedge, what))


def quote(text: str, content: str, speaker: str | None, kind: str = "reported") -> Quote:
    start = locate(text, content)
    return Quote(start, start + len(content), content, speaker, kind)


def mentions(text: str, table: dict[str, str]) -> tuple[EntityMention, ...]:
    out = []
    for surface, entity_id in table.items():
        start = text.find(surface)
        while start >= 0:
            out.append(EntityMention(start, start + len(surface), surface, "ORG", entity_id))
            start = text.find(surface, start + 1)
    return tuple(sorted(out, key=lambda m: m.start))


def rice_articles() -> tuple[list[Article], dict[str, Extraction]]:
    """Two reports of one rice delivery, worded a little differently, with their extractions."""
    a = make_article("a", "Russia will deliver 600,000 tons of rice to North Korea this winter.")
    b = make_article("b", "Russia will deliver 600,000 tons of rice to North Korea this winter, officials said.")
    ex = {
        "a": Extraction("a", quantities=(q(a.text, "600,000 tons", 6e5, unit="t", what="rice"),)),
        "b": Extraction("b", quantities=(q(b.text, "600,000 tons", 6e5, unit="t", what="rice"),)),
    }
    return [a, b], ex


def independent(*article_ids: str) -> dict[str, ArticleOrigins]:
    return {a: ArticleOrigins(a, root=f"article:{a}", root_name=a.upper()) for a in article_ids}


def one_origin(*article_ids: str, name: str = "Wire") -> dict[str, ArticleOrigins]:
    return {a: ArticleOrigins(a, cites=(name,), root=f"outlet:{name}", root_name=name) for a in article_ids}


def SameVector():
    """A judge that calls every pair the same statement: only the decision rules can keep
    claims apart."""
    return FakeJudge(fixed=(1.0, 0.0, 0.0))


def run(articles, extractions, origins, config, *, embedder=None):
    """The align and judge stages with a stand-in judge (word overlap unless ``embedder`` gives
    another)."""
    story = Story("s", "t", tuple(a.id for a in articles))
    models = Models.with_(judge=embedder or FakeJudge())
    topics = align.run(story, articles, extractions, config=config, models=models)
    claims, checks = judge.run(topics, origins, config=config)
    return topics, claims, checks

