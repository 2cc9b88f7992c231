"""The dossier contract: typed records -> JSON valid against ``schema/dossier.schema.json``.

The schema is newsprism's public output format. Required fields keep the meaning the schema gives
them; extra fields (reasons, chains, notes) are added where they help a reader.
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any, Iterable

from newsprism.types import (
    Article,
    ArticleOrigins,
    Claim,
    Dossier,
    Extraction,
    Failure,
    QuantityValue,
    StoryReport,
)

SCHEMA_ID = "newsprism.dossier/1"


@cache
def schema() -> dict[str, Any]:
    """The dossier JSON Schema shipped inside the package."""
    text = resources.files("newsprism").joinpath("schema/dossier.schema.json").read_text("utf-8")
    return json.loads(text)


def validation_errors(document: Any) -> list[str]:
    """Every way ``document`` breaks the contract, as short messages (empty when valid)."""
    import jsonschema

    validator = jsonschema.Draft202012Validator(schema())
    return [
        f"{'/'.join(str(p) for p in error.absolute_path) or '<root>'}: {error.message}"
        for error in validator.iter_errors(document)
    ]


def quantity_to_contract(quantity: QuantityValue | None) -> dict[str, Any] | None:
    if quantity is None:
        return None
    out = {
        "value": quantity.value,
        "low": quantity.low,
        "high": quantity.high,
        "unit": quantity.unit,
        "per": quantity.per,
        "hedge": quantity.hedge,
        "what": quantity.what,
    }
    if quantity.note:
        out["note"] = quantity.note
    return out


def _span(start: int, end: int, text: str) -> dict[str, Any]:
    return {"start": start, "end": end, "text": text}


def article_to_contract(
    article: Article, origins: ArticleOrigins | None, extraction: Extraction | None
) -> dict[str, Any]:
    """One article with its origins and extractions, as the contract's ``article``."""
    extraction = extraction or Extraction(article_id=article.id)
    out: dict[str, Any] = {
        "id": article.id,
        "source": article.source,
        "outlet": article.outlet,
        "title": article.title,
        "published": article.published,
        "language": article.language,
        "url": article.url,
        "author": article.author,
        "text": article.text,
        "boilerplate": list(article.boilerplate),
        "duplicate_of": origins.duplicate_of if origins else None,
        "cites": list(origins.cites) if origins else [],
        "entities": [
            {**_span(m.start, m.end, m.text), "type": m.type, "entity_id": m.entity_id}
            for m in extraction.mentions
        ],
        "quantities": [
            {**_span(q.start, q.end, q.text), **(quantity_to_contract(q.quantity) or {})}
            for q in extraction.quantities
        ],
        "quotes": [
            {**_span(q.start, q.end, q.text), "speaker": q.speaker, "kind": q.kind}
            for q in extraction.quotes
        ],
        # added to the contract's article (additional fields are allowed): how it was read
        "extraction_level": extraction.level,
    }
    if origins is not None:
        out["origin"] = {
            "root": origins.root,
            "name": origins.root_name,
            "chain": list(origins.chain),
            "rewrite_of": origins.rewrite_of,
            "rewrite_coverage": origins.rewrite_coverage,
            "duplicate_score": origins.duplicate_score,
            "citations": [
                {**_span(c.start, c.end, c.surface), "name": c.name, "via": c.via, "pattern": c.pattern}
                for c in origins.citations
            ],
        }
    return out


def claim_to_contract(claim: Claim) -> dict[str, Any]:
    return {
        "id": claim.id,
        "kind": claim.kind,
        "text": claim.text,
        "status": claim.status,
        "reason": claim.reason,
        "independent_origins": claim.independent_origins,
        "origins": list(claim.origins),
        "mentions": [
            {"article_id": m.article_id, **_span(m.start, m.end, m.text),
             "attribution": m.attribution, "origin": m.origin} for m in claim.mentions
        ],
        "attribution": claim.attribution,
        "quantity": quantity_to_contract(claim.quantity),
        "conflicts_with": list(claim.conflicts_with),
        "conflict_reasons": dict(claim.conflict_reasons),
        "updates": list(claim.updates),
    }


def story_to_contract(report: StoryReport) -> dict[str, Any]:
    """One story report as the contract's ``story`` object (also the web API's story)."""
    story = report.story
    flow_claims = list(report.flow_claims) + [()] * (len(report.flows) - len(report.flow_claims))
    return {
        "id": story.id,
        "title": story.title,
        "article_ids": list(story.article_ids),
        "first_seen": story.first_seen,
        "last_seen": story.last_seen,
        "merged_from": list(story.merged_from),
        "independent_origins": report.independent_origins,
        "origins": [
            {"name": g.name, "article_ids": list(g.article_ids), "reason": g.reason}
            for g in report.origins
        ],
        "entities": [
            {"id": e.id, "name": e.name, "type": e.type, "aliases": list(e.aliases)}
            for e in report.entities
        ],
        "claims": [claim_to_contract(c) for c in report.claims],
        "flows": [
            {
                "source": f.source,
                "target": f.target,
                "what": f.what,
                "quantity": quantity_to_contract(f.quantity),
                "claim_ids": list(ids),
                "text": f.text,
            }
            for f, ids in zip(report.flows, flow_claims)
        ],
        "checks": [
            {
                "claim_ids": list(c.claim_ids),
                "expression": c.expression,
                "computed": c.computed,
                "stated_low": c.stated_low,
                "stated_high": c.stated_high,
                "consistent": c.consistent,
                "explanation": c.explanation,
            }
            for c in report.checks
        ],
        "brief": [
            {
                "text": s.text,
                "claim_ids": list(s.claim_ids),
                "article_ids": list(s.article_ids),
                "status": s.status,
                "section": s.section,
                "language": s.language,
            }
            for s in report.brief
        ],
    }


def failures_to_contract(failures: Iterable[Failure]) -> list[dict[str, str]]:
    return [{"source": f.source, "error": f.error, "stage": f.stage} for f in failures]


def dossier_to_contract(dossier: Dossier) -> dict[str, Any]:
    """The whole dossier as a JSON-ready dict."""
    origin_of = {o.article_id: o for o in dossier.origins}
    extraction_of = {e.article_id: e for e in dossier.extractions}
    return {
        "schema": SCHEMA_ID,
        "articles": [
            article_to_contract(a, origin_of.get(a.id), extraction_of.get(a.id))
            for a in dossier.articles
        ],
        "stories": [story_to_contract(r) for r in dossier.stories],
        "failures": failures_to_contract(dossier.failures),
        "stats": dict(dossier.stats),
    }


def render(dossier: Dossier) -> str:
    """The dossier as pretty-printed JSON text."""
    return json.dumps(dossier_to_contract(dossier), ensure_ascii=False, indent=2) + "\n"
