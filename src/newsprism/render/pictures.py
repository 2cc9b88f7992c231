"""Server-made SVG pictures of a story: who gives what to whom (flows), which independent origin
each report traces to, when each report came out, and which claims each outlet carried.

Every label is placed by its estimated width (:func:`text_width`, a little wider than DejaVu
Sans, the widest common sans-serif): labels never overlap each other or a box they do not belong
to, and never leave the picture. The browser tests check both in Chromium with ``getBBox``.
Every piece of text is escaped here; callers receive safe markup.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime
from html import escape
from typing import Iterable, Mapping, Sequence

from newsprism.rules.outlets import shorten
from newsprism.types import Article, Flow, OriginGroup

FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif"
WIDTH = 640
VERDICT_ORDER = ("corroborated", "repeated", "single-source", "conflicting")
VERDICT_FILLS = {
    "corroborated": "#2e7d32",
    "repeated": "#b26a00",
    "single-source": "#1565c0",
    "conflicting": "#c62828",
}
_NARROW = set("iljtfrI.,;:'|!() -")
_WIDE = set("mwMWOQGDH@%")


def text_width(text: str, size: float) -> float:
    """An upper estimate of ``text``'s width in pixels at font size ``size``."""
    em = 0.0
    for ch in text:
        if ch in _NARROW:
            em += 0.38
        elif ch in _WIDE:
            em += 0.92
        elif ch.isupper() or ch.isdigit() or not ch.isascii():
            em += 0.72
        else:
            em += 0.62
    return em * size


@dataclass(frozen=True, slots=True)
class Box:
    """An axis-aligned rectangle in picture coordinates."""

    x0: float
    y0: float
    x1: float
    y1: float

    def overlaps(self, other: "Box", pad: float = 2.0) -> bool:
        return not (self.x1 + pad <= other.x0 or other.x1 + pad <= self.x0
                    or self.y1 + pad <= other.y0 or other.y1 + pad <= self.y0)

    def inside(self, width: float, height: float) -> bool:
        return self.x0 >= 1 and self.y0 >= 1 and self.x1 <= width - 1 and self.y1 <= height - 1


def text_box(x: float, y: float, text: str, size: float, anchor: str = "middle") -> Box:
    """The box of a one-line text drawn at (x, baseline y) with ``text-anchor`` ``anchor``."""
    w = text_width(text, size)
    x0 = x - w / 2 if anchor == "middle" else x - w if anchor == "end" else x
    return Box(x0, y - size * 0.95, x0 + w, y + size * 0.3)


def _text(x: float, y: float, text: str, size: float, *, anchor: str = "middle", fill: str = "#222",
          weight: str | None = None, halo: bool = False) -> str:
    extra = f' font-weight="{weight}"' if weight else ""
    if halo:  # a white outline under the glyphs keeps a label readable where it crosses a line
        extra += ' stroke="#fff" stroke-width="3" stroke-linejoin="round" paint-order="stroke"'
    return (f'<text x="{x:.0f}" y="{y:.0f}" font-size="{size:g}" text-anchor="{anchor}" '
            f'fill="{fill}"{extra}>{escape(text)}</text>')


def svg(width: float, height: float, body: str, title: str, *, marker: str | None = None) -> str:
    """An SVG document scaled to its container's width; ``marker`` defines an arrow head by
    that id (ids are per picture: several pictures share one page)."""
    defs = ""
    if marker:
        defs = (f'<defs><marker id="{marker}" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" '
                'markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#555"/>'
                "</marker></defs>")
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width:.0f} {height:.0f}" width="100%" '
        f'font-family="{escape(FONT)}" role="img" aria-label="{escape(title)}" class="picture">'
        f"<title>{escape(title)}</title>{defs}{body}</svg>"
    )


# --------------------------------------------------------------------------- flows


def _ellipse_layout(names: Sequence[str], width: float, height: float, margin_x: float,
                    margin_y: float, hub: str | None = None) -> dict[str, tuple[float, float]]:
    """Actors on an ellipse; ``hub`` (the actor in most flows, when there are many actors) in
    the middle, so a star of flows reads as one."""
    cx, cy = width / 2, height / 2
    if len(names) == 1:
        return {names[0]: (cx, cy)}
    if hub is not None:
        ring = _ellipse_layout([n for n in names if n != hub], width, height, margin_x, margin_y)
        return {hub: (cx, cy), **ring}
    rx, ry = cx - margin_x, cy - margin_y
    # start on the left so that two actors sit side by side and a third below them
    return {n: (cx - rx * math.cos(2 * math.pi * i / len(names)), cy + ry * math.sin(2 * math.pi * i / len(names)))
            for i, n in enumerate(names)}


def _place(candidates: Iterable[tuple[float, float]], text: str, size: float, taken: list[Box],
           width: float, height: float) -> tuple[float, float, Box]:
    """The first candidate position whose label box is inside the picture and clear of every
    taken box; else the one with the fewest collisions."""
    best = (math.inf, width / 2, height / 2, text_box(width / 2, height / 2, text, size))
    for x, y in candidates:
        box = text_box(x, y, text, size)
        clashes = sum(box.overlaps(t) for t in taken) + (0 if box.inside(width, height) else 100)
        if clashes == 0:
            return x, y, box
        if clashes < best[0]:
            best = (clashes, x, y, box)
    return best[1], best[2], best[3]


def _edge_label_spots(sx: float, sy: float, ex: float, ey: float, text: str, size: float,
                      outward: tuple[float, float] | None) -> list[tuple[float, float]]:
    """Places along an edge for its label, nearest the middle first, on the ``outward`` side
    (a unit normal) first; without one, above (or left of) the edge first. Each place keeps the
    whole label clear of its own edge, however steep the edge."""
    length = math.hypot(ex - sx, ey - sy) or 1.0
    nx, ny = outward or (-(ey - sy) / length, (ex - sx) / length)
    if outward is None and (ny > 0 or (ny == 0 and nx > 0)):
        nx, ny = -nx, -ny  # the normal pointing up (or left)
    # how far the label's centre must sit from the line for its box to clear it
    clear = abs(nx) * text_width(text, size) / 2 + abs(ny) * size * 0.65
    spots = []
    for gap in (4, 16, 30, 46, 64):
        for t in (0.5, 0.38, 0.62, 0.26, 0.74):
            for sign in (1, -1):
                d = (clear + gap) * sign
                # (x, baseline): the box's middle sits about 0.3 em above the baseline
                spots.append((sx + (ex - sx) * t + nx * d, sy + (ey - sy) * t + ny * d + size * 0.33))
    return spots


def flow_svg(flows: Sequence[Flow]) -> str:
    """Who gives what to whom, as a directed graph (empty string when there are no flows)."""
    if not flows:
        return ""
    names = list(dict.fromkeys([f.source for f in flows] + [f.target for f in flows]))
    width, size = WIDTH, 12
    height = 170 if len(names) <= 2 else 380 if len(names) <= 6 else 520
    labels = {n: shorten(n, 20) for n in names}
    half = {n: max(44.0, text_width(labels[n], size) / 2 + 10) for n in names}
    degree = {n: sum(n in (f.source, f.target) for f in flows) for n in names}
    hub = max(names, key=lambda n: degree[n]) if len(names) >= 4 else None
    pos = _ellipse_layout(names, width, height, max(half.values()) + 6, 40, hub)
    nodes = {n: Box(x - half[n], y - 16, x + half[n], y + 16) for n, (x, y) in pos.items()}
    edges: dict[tuple[str, str], list[str]] = {}
    for f in flows:
        if f.source != f.target:
            edges.setdefault((f.source, f.target), []).append(f.what)
    taken = list(nodes.values())
    lines, texts = [], []
    for (src, dst), whats in edges.items():
        both_ways = (dst, src) in edges
        sx, sy, ex, ey = _edge_ends(nodes[src], nodes[dst], pos[src], pos[dst], shift=9 if both_ways else 0)
        length = math.hypot(ex - sx, ey - sy) or 1.0
        # two edges between one pair run side by side: each label goes on its edge's outer side
        outward = (-(ey - sy) / length, (ex - sx) / length) if both_ways else None
        lines.append(f'<line x1="{sx:.0f}" y1="{sy:.0f}" x2="{ex:.0f}" y2="{ey:.0f}" stroke="#555" '
                     'stroke-width="1.6" marker-end="url(#arrow-flows)"/>')
        label = shorten("; ".join(dict.fromkeys(whats)), 34)
        x, y, box = _place(_edge_label_spots(sx, sy, ex, ey, label, 11, outward), label, 11, taken, width, height)
        taken.append(box)
        texts.append(_text(x, y, label, 11, fill="#333", halo=True))
    boxes = [
        f'<rect x="{b.x0:.0f}" y="{b.y0:.0f}" width="{b.x1 - b.x0:.0f}" height="32" rx="8" fill="#eef" '
        f'stroke="#446"/>' + _text(pos[n][0], pos[n][1] + 4, labels[n], size)
        for n, b in nodes.items()
    ]
    return svg(width, height, "".join(lines + boxes + texts), "Flow graph: who gives what to whom", marker="arrow-flows")


def _edge_ends(a: Box, b: Box, pa: tuple[float, float], pb: tuple[float, float],
               shift: float) -> tuple[float, float, float, float]:
    """A line from box ``a``'s border to box ``b``'s, moved sideways by ``shift`` (two edges
    between the same pair run side by side rather than on top of each other)."""
    (x1, y1), (x2, y2) = pa, pb
    dx, dy = x2 - x1, y2 - y1
    dist = math.hypot(dx, dy) or 1.0
    ux, uy = dx / dist, dy / dist
    nx, ny = -uy * shift, ux * shift

    def exit_distance(box: Box) -> float:  # from the centre to the border along (ux, uy)
        hw, hh = (box.x1 - box.x0) / 2, (box.y1 - box.y0) / 2
        return min(hw / abs(ux) if ux else math.inf, hh / abs(uy) if uy else math.inf) + 3

    da, db = exit_distance(a), exit_distance(b)
    return x1 + ux * da + nx, y1 + uy * da + ny, x2 - ux * db + nx, y2 - uy * db + ny


# --------------------------------------------------------------------------- origins


def origins_svg(groups: Sequence[OriginGroup], labels: Mapping[str, str]) -> str:
    """Reports on the left, each linked to the independent origin it traces to on the right.
    ``labels``: article id -> how the report is named."""
    if not groups:
        return ""
    size, row_h = 12, 34
    rows = sum(len(g.article_ids) for g in groups)
    height = max(70, row_h * rows + 24)
    names = {aid: shorten(labels.get(aid, aid), 34) for g in groups for aid in g.article_ids}
    left_w = max(text_width(n, size) for n in names.values())
    origin_names = [shorten(g.name, 28) for g in groups]
    box_w = max(120.0, max(text_width(n, size) for n in origin_names) + 20)
    box_x = WIDTH - box_w - 8
    body, row = [], 0
    for group, origin in zip(groups, origin_names):
        # the origin box sits level with the middle of its reports
        ty = 26 + row_h * (row + (len(group.article_ids) - 1) / 2)
        for aid in group.article_ids:
            y = 26 + row_h * row
            body.append(_text(8, y + 4, names[aid], size, anchor="start"))
            body.append(f'<line x1="{min(8 + left_w + 10, box_x - 40):.0f}" y1="{y}" x2="{box_x - 4:.0f}" '
                        f'y2="{ty:.0f}" stroke="#777" marker-end="url(#arrow-origins)"/>')
            row += 1
        body.append(
            f'<rect x="{box_x:.0f}" y="{ty - 15:.0f}" width="{box_w:.0f}" height="30" rx="8" fill="#fff3e0" '
            f'stroke="#a65"/>' + _text(box_x + box_w / 2, ty + 4, origin, size)
        )
    return svg(WIDTH, height, "".join(body), "Origins: which independent source each report traces to",
               marker="arrow-origins")


# --------------------------------------------------------------------------- timeline


def _parse_time(text: str | None) -> datetime | None:
    if not text:
        return None
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        return None


def _when(moment: datetime, text: str) -> str:
    return moment.strftime("%Y-%m-%d %H:%M") if len(text) > 10 else moment.strftime("%Y-%m-%d")


def timeline_svg(articles: Sequence[Article], labels: Mapping[str, str]) -> str:
    """Reports placed on a time axis by publication time (undated reports are left out)."""
    dated = [(t, a) for a in articles if (t := _parse_time(a.published))]
    if not dated:
        return ""
    dated.sort(key=lambda p: p[0].timestamp())
    stamps = [t.timestamp() for t, _ in dated]
    lo, hi = min(stamps), max(stamps)
    span = (hi - lo) or 1.0
    size, left, right = 11, 40, WIDTH - 40
    height = 60 + 22 * len(dated)
    body = [f'<line x1="{left}" y1="30" x2="{right}" y2="30" stroke="#444"/>']
    for i, (t, a) in enumerate(dated):
        x = left + (right - left) * ((t.timestamp() - lo) / span if hi > lo else 0.5)
        y = 52 + 22 * i
        label = f"{_when(t, a.published or '')} · {shorten(labels.get(a.id, a.id), 34)}"
        w = text_width(label, size)
        # beside its dot, on whichever side it fits; moved in where neither side does
        if x + 6 + w <= WIDTH - 4:
            tx, anchor = x + 6, "start"
        elif x - 6 - w >= 4:
            tx, anchor = x - 6, "end"
        else:
            tx, anchor = 4, "start"
        body.append(f'<circle cx="{x:.0f}" cy="30" r="5" fill="#1565c0"/>'
                    f'<line x1="{x:.0f}" y1="35" x2="{x:.0f}" y2="{y - 4}" stroke="#bbb"/>')
        body.append(_text(tx, y, label, size, anchor=anchor, halo=True))
    return svg(WIDTH, height, "".join(body), "Timeline of the reports")


# --------------------------------------------------------------------------- claims per outlet


CHART_WIDTH = 420  # narrow, so that a phone shows it whole at a readable size


def outlet_chart_svg(rows: Sequence[tuple[str, Mapping[str, int]]], labels: Mapping[str, str]) -> str:
    """Claims per outlet by verdict, as stacked horizontal bars, each outlet's name above its
    bar. ``rows``: (outlet, verdict -> claims carried); ``labels``: verdict -> legend name."""
    if not rows:
        return ""
    width, size, bar_h = CHART_WIDTH, 12, 14
    step = size + 6 + bar_h + 12  # name, bar, gap
    legend, legend_h = _legend(labels, size, width)
    top = legend_h + 10
    totals = [sum(counts.values()) for _, counts in rows]
    scale = (width - 16 - 40) / max(1, max(totals))
    body = [legend]
    for i, ((name, counts), total) in enumerate(zip(rows, totals)):
        y = top + step * i
        body.append(_text(8, y + size, shorten(name, 52), size, anchor="start"))
        x, bar_y = 8.0, y + size + 6
        for verdict in VERDICT_ORDER:
            n = counts.get(verdict, 0)
            if n:
                body.append(f'<rect x="{x:.1f}" y="{bar_y}" width="{n * scale:.1f}" height="{bar_h}" '
                            f'fill="{VERDICT_FILLS[verdict]}"><title>{escape(name)}: {n} '
                            f"{escape(labels.get(verdict, verdict))}</title></rect>")
                x += n * scale
        body.append(_text(x + 6, bar_y + bar_h - 2, str(total), size, anchor="start"))
    return svg(width, top + step * len(rows), "".join(body), "Claims carried by each outlet, by verdict")


def _legend(labels: Mapping[str, str], size: float, width: float) -> tuple[str, float]:
    """Verdict swatches in rows that fit the picture's width; returns (markup, height)."""
    parts, x, y = [], 8.0, 16.0
    for verdict in VERDICT_ORDER:
        label = labels.get(verdict, verdict)
        w = 16 + text_width(label, size) + 14
        if x + w > width - 4 and x > 8:
            x, y = 8.0, y + 20
        parts.append(f'<rect x="{x:.0f}" y="{y - 10:.0f}" width="12" height="12" fill="{VERDICT_FILLS[verdict]}"/>'
                     + _text(x + 16, y, label, size, anchor="start"))
        x += w
    return "".join(parts), y + 6
