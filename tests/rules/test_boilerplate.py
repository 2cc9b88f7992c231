"""Captions, credits, bylines, cross-links, share widgets and navigation are no part of a story;
each rule has a control it must leave alone."""

from __future__ import annotations

import pytest

from newsprism.normalise import normalise
from newsprism.rules.boilerplate import is_boilerplate, split, strip_credit
from newsprism.settings import default_config
from newsprism.types import RawDoc

BOILERPLATE = [
    "By Jane Doe and John Roe, Reuters",
    "Related: Trump says Fauci is a disaster",
    "Read more: the board's vote on masks",
    "Advertisement",
    "Share this article",
    "Facebook Twitter Email Copy link",
    "Home › World › Asia",
    "Skip to content",
    "Photo: depositphotos",
    "(AP Photo/Jane Doe)",
]
BODY = [  # the controls: sentences that start or end like boilerplate but say something
    "By Tuesday, the board had voted to close the schools.",
    "The deal was struck, said Credit Suisse.",
    "Related charges were filed against two other men on Monday.",
    "He will watch the game with the troops in Kabul.",
    "The post on Facebook was shared 20,000 times before it was removed.",
    "The Valley school board voted 5-2 on Wednesday to approve a new policy.",
    "The",
]


@pytest.mark.parametrize("line", BOILERPLATE)
def test_boilerplate_lines(line):
    assert is_boilerplate(line)


@pytest.mark.parametrize("line", BODY)
def test_body_lines_are_kept(line):
    assert not is_boilerplate(line)
    assert strip_credit(line) == (line, None)


def test_caption_with_glued_credit_goes_whole():
    caption = "Michael Flynn leaves court in December at the Capitol.CreditJoshua Roberts/Reuters"
    text, removed = split(f"Flynn pleaded guilty on Friday.\n\n{caption}\n\nHe will cooperate.")
    assert text == "Flynn pleaded guilty on Friday.\n\nHe will cooperate."
    assert removed == [caption]


def test_long_paragraph_keeps_its_text_and_loses_the_credit():
    body = " ".join(["The senator spoke about the bill for a long time on the floor."] * 6)
    text, removed = split(body + " (Joshua Roberts/Reuters)")
    assert text == body and removed == ["(Joshua Roberts/Reuters)"]


def test_bank_named_credit_is_not_a_credit():
    assert strip_credit("The deal was struck by the bank. Credit Suisse")[1] is None


@pytest.mark.parametrize("reader", ["text.v1", "html.v1", "feed.v1", "jsonl.v1", "warc.v1"])
def test_normalise_takes_boilerplate_out_for_every_reader(reader):
    body = ("By Jane Doe\n\nThe council approved the budget on Monday.\n\nShare this article\n\n"
            "The mayor speaks at city hall.CreditJane Roe/Reuters\n\nRelated: Budget fights\n\n"
            "Home › Local › Politics\n\nThe vote was 7-2.")
    article = normalise(RawDoc(source="x", reader=reader, body=body, payload=body.encode()),
                        config=default_config())
    assert article.text == "The council approved the budget on Monday.\n\nThe vote was 7-2."
    assert "Share this article" in article.boilerplate and "By Jane Doe" in article.boilerplate


def test_a_text_of_only_boilerplate_is_kept_rather_than_lost():
    article = normalise(RawDoc(source="x", reader="text.v1", body="Share this article", payload=b"x"),
                        config=default_config())
    assert article.text == "Share this article"
