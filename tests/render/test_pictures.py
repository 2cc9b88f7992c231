"""The story pictures: labels placed clear of each other and inside the picture, for any flows.

The layout works on estimated text widths (``pictures.text_width``); the browser tests check that
the estimates are upper bounds in Chromium and that the drawn labels do not overlap."""

from __future__ import annotations

import re
from html import unescape

from hypothesis import given, settings
from hypothesis import strategies as st

from newsprism.render.pictures import Box, flow_svg, origins_svg, outlet_chart_svg, text_box, timeline_svg
from newsprism.types import Article, Flow, OriginGroup

_TEXT = re.compile(r'<text x="([-\d.]+)" y="([-\d.]+)" font-size="([\d.]+)" text-anchor="(\w+)"[^>]*>([^<]*)</text>')
_VIEW = re.compile(r'viewBox="0 0 (\d+) (\d+)"')


def label_boxes(svg: str) -> tuple[list[tuple[str, Box]], float, float]:
    width, height = map(float, _VIEW.search(svg).groups())
    boxes = [(unescape(t), text_box(float(x), float(y), unescape(t), float(size), anchor))
             for x, y, size, anchor, t in _TEXT.findall(svg)]
    return boxes, width, height


def assert_clear(svg: str) -> None:
    boxes, width, height = label_boxes(svg)
    assert boxes
    for i, (text, box) in enumerate(boxes):
        assert box.inside(width + 1, height + 1), f"{text!r} leaves the picture: {box}"
        for other, other_box in boxes[i + 1:]:
            assert not box.overlaps(other_box, pad=0), f"{text!r} overlaps {other!r}"


ACTORS = ["North Korea", "Russia", "Ukraine", "South Korea", "United States", "Democratic People's Republic"]
WHATS = ["soldiers", "rice", "air defence systems", "containers of artillery shells", "oil", "drones", "money"]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(ACTORS[:5]), st.sampled_from(ACTORS), st.sampled_from(WHATS)),
                min_size=1, max_size=7))
def test_flow_labels_never_overlap(triples):
    flows = [Flow(a, b, what, 0, 1, what) for a, b, what in triples if a != b]
    if flows:
        assert_clear(flow_svg(flows))


def test_two_way_flows_label_each_edge_on_its_own_side():
    svg = flow_svg([Flow("North Korea", "Russia", "soldiers", 0, 1, "x"), Flow("Russia", "North Korea", "rice", 0, 1, "x")])
    boxes = dict(label_boxes(svg)[0])
    lines = [float(y) for y in re.findall(r'<line x1="[-\d.]+" y1="([-\d.]+)"', svg)]
    assert len(lines) == 2 and lines[0] != lines[1]  # side by side, not on top of each other
    top, bottom = min(lines), max(lines)
    assert {boxes["soldiers"].y1 <= top, boxes["rice"].y1 <= top} == {True, False}
    assert all(b.y1 <= top or b.y0 >= bottom for b in (boxes["soldiers"], boxes["rice"]))  # never between


def test_origins_timeline_and_chart_labels_are_clear():
    articles = [Article(f"a{i}", f"in/{i}.txt", "text.v1", "t", "h", published=f"2024-11-0{i + 1}T10:00:00+00:00")
                for i in range(5)]
    labels = {a.id: f"A rather long outlet name number {i} with words" for i, a in enumerate(articles)}
    assert_clear(origins_svg([OriginGroup("Korea Herald and its syndication partners", ("a0", "a1", "a2"), ""),
                              OriginGroup("Yonhap", ("a3", "a4"), "")], labels))
    assert_clear(timeline_svg(articles, labels))
    verdicts = {"corroborated": "corroborated", "repeated": "repeated (one origin)",
                "single-source": "single source", "conflicting": "conflicting"}
    assert_clear(outlet_chart_svg([(labels["a0"], {"corroborated": 3, "conflicting": 1}),
                                   ("koreaherald.com", {"single-source": 9})], verdicts))
