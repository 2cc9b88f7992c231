"""Text on a news page that is not the story: photo captions and credits, bylines, "Related:"
lines, share widgets and navigation. Normalise applies :func:`split` to every reader's text
(plain text, HTML, feeds, JSON lines, WARC) so none of it becomes a claim; the plain text reader
uses :func:`is_credit` for its top lines too.

The rules are general, not tuned to one outlet:

- **credit lines** ("Photo: depositphotos", "Image credit: Reuters", "(AP Photo/Jane Doe)", a short
  line naming a picture agency, "© 2024 ...");
- **captions**: a short paragraph that ends in a credit, in brackets ("... in December.
  (Joshua Roberts/Reuters)") or glued on by the page's markup ("... at the
  Capitol.CreditJoshua Roberts/Reuters"); a long paragraph keeps its text, only the credit goes;
- **bylines** ("By Jane Doe and John Roe, Reuters"): "By" and names only, no sentence;
- **cross-links**: "Related:", "Read more:", "See also:", "Recommended", "Advertisement" lines;
- **share widgets** and **navigation**: lines made only of words such as Share, Facebook, Email,
  Copy link, Skip to content, Menu, or of short items between "›", "»", "|" or ">".

A line that says something ("By Tuesday, the board had voted.") is never any of these.
"""

from __future__ import annotations

import re

__all__ = ["split", "is_boilerplate", "is_credit", "strip_credit"]

_CREDIT_LABEL = re.compile(
    r"""^[\s(\[]*(?:main\s+|top\s+|lead\s+|cover\s+|header\s+|featured\s+)?
    (?:photo(?:graph)?s?|images?|pictures?|pics?|illustrations?|graphics?|credits?|
       foto)(?:\s+(?:credits?|by|source))?\s*[:：|/–—-]\s*\S""",
    re.IGNORECASE | re.VERBOSE,
)
_CREDIT_AGENCY = re.compile(
    r"""\b(?:getty\s*images|shutterstock|depositphotos|istock(?:photo)?|alamy|unsplash|pixabay|
    pexels|ap\s+photo|afp\s+photo|reuters/|epa(?:-efe)?/|sipa\s+usa|imago|dpa/|xinhua/|
    anadolu\s+agency\s+via|via\s+getty)\b""",
    re.IGNORECASE | re.VERBOSE,
)
_COPYRIGHT = re.compile(r"^\s*(?:©|\(c\)\s|copyright\b)", re.IGNORECASE)
_NAME = r"[A-Z][\w.'’-]*"
# A credit closing a caption: "Credit" glued on by the page's markup ("...Capitol.CreditJoshua
# Roberts/Reuters") or followed by a colon, or "Photo"/"Image" with a name and an agency.
_GLUED_CREDIT = re.compile(
    rf"(?<=[.!?”\"’)])\s?(?:Credit(?P<glue>:\s?|(?=[A-Z]))|(?:Photo|Image|Photograph)(?:\s+by)?:?\s)"
    rf"(?:{_NAME}[\s-]?){{1,6}}(?P<agency>/\s?{_NAME}(?:\s+{_NAME}){{0,3}})?\s*$"
)
# "(Joshua Roberts/Reuters)", "(AP Photo/Jane Doe)", "(Photo by Jane Doe/Getty Images)"
_BRACKET_CREDIT = re.compile(
    rf"\s*[(\[](?:(?:AP |AFP )?Photo(?:\s+by)?[:\s]\s*)?(?:{_NAME}\s?){{1,5}}/\s?(?:{_NAME}\s?){{1,4}}[)\]]\s*$"
)
_BYLINE = re.compile(
    r"^(?:By|Written by|Story by|Reporting by|Words by)\s+"
    rf"{_NAME}(?:\s+(?:{_NAME}|and|&|de|van|von|der|al|bin|la|le|da)|,\s*(?:{_NAME}(?:\s+{_NAME})*))*"
    r"\s*(?:[|•·-]\s*.{0,40})?$"
)
_CROSS_LINK = re.compile(
    r"^\W*(?:related(?:\s+(?:stories|articles|coverage|content))?|read\s+more|read\s+also|also\s+read|"
    r"more\s+on\s+this(?:\s+story)?|see\s+also|recommended(?:\s+stories)?|watch|listen|"
    r"advertisement|sponsored(?:\s+content)?|most\s+read|trending|latest\s+news)\b\s*(?P<sep>[:：|–—-])?",
    re.IGNORECASE,
)
_WIDGET_WORDS = frozenset(
    """share shares sharing this article story page post on via facebook twitter x email e-mail
    whatsapp linkedin reddit pinterest telegram messenger print copy link copied tweet save
    saved bookmark comment comments follow us subscribe sign in up log out register menu home
    search skip to content main navigation back top next previous close open newsletter
    more show hide gift the and or a an of""".split()
)
_WIDGET_MARKS = frozenset(
    """share facebook twitter email e-mail whatsapp linkedin reddit pinterest telegram messenger
    print tweet bookmark subscribe newsletter menu navigation skip copied""".split()
)
_NAV_SEPARATOR = re.compile(r"\s[›»|>/]\s")
_WORD = re.compile(r"[^\W\d_][\w'’-]*")
_SENTENCE = re.compile(r"[.!?][\"'”’)]*$")
CAPTION_WORDS = 50  # a paragraph ending in a credit and no longer than this is a caption


def is_credit(line: str) -> bool:
    """A photo or image credit or copyright line rather than body text."""
    line = line.strip()
    if not line or len(line) > 160 or len(line.split()) > 20:
        return False
    if _CREDIT_LABEL.match(line) or _COPYRIGHT.match(line):
        return True
    match = _CREDIT_AGENCY.search(line)
    if not match:
        return False
    # A picture agency named in a short line, or in brackets after a caption, is a credit; a
    # headline may name one too ("...: Reuters/Ipsos poll").
    return len(line.split()) <= 8 or line[: match.start()].count("(") > line[: match.start()].count(")")


def strip_credit(paragraph: str) -> tuple[str, str | None]:
    """The paragraph without a credit at its end, and the credit (None when it has none)."""
    glued = _GLUED_CREDIT.search(paragraph)
    if glued and glued.start() > 0 and (glued.group("glue") is not None or glued.group("agency")):
        return paragraph[:glued.start()].rstrip(), paragraph[glued.start():].strip()
    bracket = _BRACKET_CREDIT.search(paragraph)
    if bracket and bracket.start() > 0:
        return paragraph[:bracket.start()].rstrip(), paragraph[bracket.start():].strip()
    return paragraph, None


def is_boilerplate(line: str) -> bool:
    """A byline, credit, cross-link, share widget or navigation line (see the module docstring)."""
    line = line.strip()
    if not line:
        return False
    words = _WORD.findall(line)
    if is_credit(line):
        return True
    if len(words) <= 12 and _BYLINE.match(line) and not _SENTENCE.search(line.rstrip(".")):
        return True
    link = _CROSS_LINK.match(line)
    if link and (len(words) <= 4 or (link.group("sep") and (len(words) <= 20 or not _SENTENCE.search(line)))):
        return True
    lowered = [w.lower() for w in words]
    if (words and len(words) <= 12 and all(w in _WIDGET_WORDS for w in lowered)
            and any(w in _WIDGET_MARKS for w in lowered)):
        return not _SENTENCE.search(line) or len(words) <= 4
    return len(_NAV_SEPARATOR.findall(line)) >= 2 and not _SENTENCE.search(line) and len(words) <= 15


def split(text: str) -> tuple[str, list[str]]:
    """(``text`` without boilerplate, the boilerplate taken out) for a normalised text whose
    paragraphs are separated by blank lines. Idempotent: the kept text has none left."""
    kept: list[str] = []
    removed: list[str] = []
    for paragraph in text.split("\n\n"):
        if is_boilerplate(paragraph):
            removed.append(paragraph.strip())
            continue
        body, credit = strip_credit(paragraph)
        if credit is not None:
            if len(_WORD.findall(body)) <= CAPTION_WORDS:
                removed.append(paragraph.strip())  # a caption with its credit
                continue
            removed.append(credit)
            paragraph = body
        if paragraph.strip():
            kept.append(paragraph)
    return "\n\n".join(kept), removed
