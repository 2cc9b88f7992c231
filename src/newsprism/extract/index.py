"""An article's entities after merging, with the look-ups quotes and flows need:
which entity a span names, and which person or organisation a pronoun most likely points to."""

from __future__ import annotations

import bisect
from collections import Counter
from dataclasses import dataclass
from typing import Sequence

from newsprism.extract import canonical
from newsprism.extract.entities import RawMention
from newsprism.types import Entity, EntityMention

_ACTOR_TYPES = ("PERSON", "ORG", "OUTLET", "GOV", "NORP")


@dataclass
class EntityIndex:
    """Mentions (document order) and canonical entities of one article."""

    mentions: list[EntityMention]
    entities: list[Entity]
    by_id: dict[str, Entity]
    starts: list[int]

    @classmethod
    def build(cls, raw: Sequence[RawMention], *, threshold: float = 85) -> "EntityIndex":
        position = {id(m): i for i, m in enumerate(raw)}
        items = []
        for m in raw:
            links = {position[id(m.link)]} if m.link is not None and id(m.link) in position else set()
            items.append(canonical.Item(m.type, m.key, Counter({m.text: 1}), links))
        groups = canonical.cluster(items, threshold=threshold)
        members: dict[int, list[int]] = {}
        for i, group in enumerate(groups):
            members.setdefault(group, []).append(i)
        entity_of: dict[int, Entity] = {}
        for group, indices in members.items():
            names: Counter[str] = Counter()
            for i in indices:
                names[raw[i].text] += 1
            kind = _group_type([raw[i].type for i in indices])
            keys = [raw[i].key for i in indices]
            name = canonical.canonical_name(kind, names, _best_key(keys))
            key = canonical.stable_key(kind, name)
            entity_of[group] = Entity(
                id=canonical.entity_id(kind, key), name=name, type=kind,
                aliases=tuple(sorted(names, key=lambda s: (-names[s], s))),
            )
        mentions = [
            EntityMention(m.start, m.end, m.text, m.type, entity_of[groups[i]].id)
            for i, m in enumerate(raw)
        ]
        entities = list({e.id: e for e in entity_of.values()}.values())
        return cls(mentions, entities, {e.id: e for e in entities}, [m.start for m in mentions])

    def entity_in(self, start: int, end: int, *, head: int | None = None,
                  types: Sequence[str] = _ACTOR_TYPES) -> Entity | None:
        """The entity named inside ``[start, end)``: the mention holding ``head`` if given,
        else the first one of an actor type."""
        found = [m for m in self.mentions if m.start >= start and m.end <= end and m.type in types]
        if head is not None:
            for m in found:
                if m.start <= head < m.end:
                    return self.by_id[m.entity_id]
            return None
        return self.by_id[found[0].entity_id] if found else None

    def last_before(self, pos: int, types: Sequence[str] = ("PERSON",)) -> Entity | None:
        """The most recent entity of ``types`` mentioned before ``pos`` (for pronouns)."""
        i = bisect.bisect_left(self.starts, pos) - 1
        while i >= 0:
            m = self.mentions[i]
            if m.type in types and m.end <= pos:
                return self.by_id[m.entity_id]
            i -= 1
        return None


def _group_type(types: list[str]) -> str:
    # an acronym mention takes its expansion's type; a government beats a place of the same name
    counts = Counter(types)
    for preferred in ("OUTLET", "GOV", "PERSON", "ORG"):
        if preferred in counts:
            return preferred
    return counts.most_common(1)[0][0]


def _best_key(keys: list[str]) -> str:
    for prefix in ("gov:", "country:", "outlet:"):
        for k in keys:
            if k.startswith(prefix):
                return k
    return keys[0]
