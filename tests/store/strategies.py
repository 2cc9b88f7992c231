"""Hypothesis strategies for the records the store keeps."""

from __future__ import annotations

from hypothesis import strategies as st

from newsprism.types import (
    Article,
    ArticleOrigins,
    ArithmeticCheck,
    BriefSentence,
    Citation,
    Claim,
    Entity,
    EntityMention,
    Extraction,
    Flow,
    Mention,
    Offsets,
    OriginGroup,
    Quantity,
    QuantityValue,
    Quote,
    Story,
    StoryMerge,
    StoryReport,
)

# Any Unicode but surrogates and NUL (PostgreSQL text cannot hold NUL; normalised text never has it).
text = st.text(st.characters(exclude_categories=("Cs",), exclude_characters="\x00"), max_size=40)
long_text = st.text(st.characters(exclude_categories=("Cs",), exclude_characters="\x00"), min_size=1, max_size=400)
opt_text = st.none() | text
ints = st.integers(min_value=0, max_value=10**9)
floats = st.floats(allow_nan=False, allow_infinity=False, width=64)
opt_float = st.none() | floats
ids = st.text("abcdef0123456789", min_size=4, max_size=16)
times = st.none() | st.sampled_from(
    ["2024-11-04T18:19:00-05:00", "2024-11-05T09:00:00+09:00", "2024-11-03", "2023-01-01T00:00:00Z", "not a date"]
)


def tuples(strategy, max_size: int = 3):
    return st.lists(strategy, max_size=max_size).map(tuple)


offsets = st.builds(Offsets, start=ints, end=ints)
articles = st.builds(
    Article, id=ids, source=text, reader=text, text=long_text, content_hash=ids, title=opt_text,
    outlet=opt_text, published=times, language=opt_text, url=opt_text, author=opt_text,
    paragraphs=tuples(offsets), sentences=tuples(offsets), boilerplate=tuples(text),
)
citations = st.builds(Citation, name=text, surface=text, start=ints, end=ints, pattern=text, via=opt_text)
article_origins = st.builds(
    ArticleOrigins, article_id=ids, cites=tuples(text), citations=tuples(citations),
    duplicate_of=st.none() | ids, duplicate_score=opt_float, rewrite_of=st.none() | ids,
    rewrite_coverage=opt_float, root=text, root_name=text, chain=tuples(text),
)
quantity_values = st.builds(
    QuantityValue, value=opt_float, low=opt_float, high=opt_float, unit=opt_text, per=opt_text,
    hedge=opt_text, what=opt_text, note=opt_text,
)
entities = st.builds(Entity, id=ids, name=text, type=text, aliases=tuples(text))
flows = st.builds(
    Flow, source=text, target=text, what=text, start=ints, end=ints, text=text,
    quantity=st.none() | quantity_values,
)
extractions = st.builds(
    Extraction, article_id=ids,
    mentions=tuples(st.builds(EntityMention, start=ints, end=ints, text=text, type=text, entity_id=ids)),
    entities=tuples(entities),
    quantities=tuples(st.builds(Quantity, start=ints, end=ints, text=text, quantity=quantity_values)),
    quotes=tuples(st.builds(
        Quote, start=ints, end=ints, text=text, speaker=opt_text, kind=text,
        speaker_start=st.none() | ints, speaker_end=st.none() | ints, cue=opt_text,
    )),
    flows=tuples(flows),
)
stories = st.builds(
    Story, id=ids, title=text, article_ids=tuples(ids), first_seen=times, last_seen=times,
    merged_from=tuples(ids),
)
claims = st.builds(
    Claim, id=ids, kind=text, text=text, status=text, reason=text, independent_origins=ints,
    mentions=tuples(st.builds(Mention, article_id=ids, start=ints, end=ints, text=text)),
    attribution=opt_text, quantity=st.none() | quantity_values, conflicts_with=tuples(ids),
    conflict_reasons=tuples(st.tuples(ids, text)), origins=tuples(text), updates=tuples(text),
)
story_reports = st.builds(
    StoryReport, story=stories,
    origins=tuples(st.builds(OriginGroup, name=text, article_ids=tuples(ids), reason=text)),
    independent_origins=ints, entities=tuples(entities), claims=tuples(claims), flows=tuples(flows),
    flow_claims=tuples(tuples(ids)),
    checks=tuples(st.builds(
        ArithmeticCheck, claim_ids=tuples(ids), expression=text, computed=floats,
        stated_low=opt_float, stated_high=opt_float, consistent=st.booleans(), explanation=text,
    )),
    brief=tuples(st.builds(
        BriefSentence, text=long_text.filter(str.strip), claim_ids=st.lists(ids, min_size=1, max_size=3).map(tuple),
        article_ids=st.lists(ids, min_size=1, max_size=3).map(tuple), status=opt_text, section=text,
    )),
    merges=tuples(st.builds(StoryMerge, kept=ids, absorbed=ids, article_id=ids, score=floats)),
)
