"""Rules that several stages apply; none of them is a stage, and none imports one.

- ``outlets``: canonical names of news outlets and agencies, and whether a name is one
  (origins, extraction, the claims stages);
- ``independence``: how many independent origins a set of reports has (origins, judge);
- ``boilerplate``: captions, credits, bylines, cross-links, share and navigation lines, which
  are no part of a story (normalise, the plain text reader);
- ``claimtext``: small text rules of the claims stages (content words, specific speakers,
  sentence offsets) (extraction, align, judge, brief);
- ``units``: a claim is a whole statement, never a fragment of one (align, judge);
- ``contrasts``: when two statements about one thing cannot both hold, from their words (judge);
- ``quantity_math``: numbers as intervals: units, periods, hedges, compatibility and
  rate x count x period (align, judge).
"""
