"""A claim is a whole statement: fragments get the subject and verb they depend on; spans that
are statements already are left alone."""

from __future__ import annotations

import pytest

from newsprism.rules.units import is_statement, whole
from newsprism.types import Offsets

SHELLS = ("According to information from Seoul, North Korea has sent not only about 10,000 soldiers to the "
          "Ukrainian front but also nearly 20,000 containers, which may contain over 9 million 6-inch caliber shells.")
WORKERS = "In addition to the military, there are currently about 4,000 North Korean workers in Russia, earning about $800 a month."
RICE = ("According to Wi Sung Lak, Russia is also set to provide Pyongyang authorities with 600,000 to 700,000 "
        "tons of rice annually, covering over half of the shortages.")
MORE = ("North Korea has already sent thousands of soldiers to Russia, and thousands more are expected to "
        "arrive by the end of the year.")
VOTE = "The Valley school board voted 5-2 on Wednesday to approve a new policy on masks."


def _whole(text: str, piece: str, clause: str | None = None) -> str:
    start = text.index(piece)
    span = Offsets(start, start + len(piece))
    c_start = text.index(clause) if clause else start
    c = Offsets(c_start, c_start + len(clause)) if clause else span
    out = whole(text, span, c, Offsets(0, len(text)))
    return text[out.start:out.end]


@pytest.mark.parametrize("text, piece, clause", [
    (SHELLS, "which may contain over 9 million 6-inch caliber shells.", "which may contain over 9 million 6-inch caliber shells."),
    (WORKERS, "earning about $800 a month.", WORKERS),
    (RICE, "covering over half of the shortages.", RICE),
    (SHELLS, "6-inch caliber shells.", None),
])
def test_fragments_are_read_with_their_sentence(text, piece, clause):
    assert _whole(text, piece, clause) == text.rstrip(".") or _whole(text, piece, clause) == text


def test_a_piece_cut_mid_clause_gets_the_subject_and_verb_before_it():
    clause = SHELLS[:SHELLS.index(", which")]
    assert _whole(SHELLS, "to the Ukrainian front but also nearly 20,000 containers", clause) == clause


def test_a_clause_with_its_own_subject_only_loses_the_conjunction():
    piece = "and thousands more are expected to arrive by the end of the year."
    assert _whole(MORE, piece, piece) == "thousands more are expected to arrive by the end of the year."


def test_a_span_cut_before_its_object_runs_to_the_end_of_its_clause():
    piece = "The Valley school board voted 5-2 on Wednesday to approve a"
    assert _whole(VOTE, piece, VOTE) == VOTE.rstrip(".") or _whole(VOTE, piece, VOTE) == VOTE


@pytest.mark.parametrize("text, piece", [  # controls: statements already
    (WORKERS, "In addition to the military, there are currently about 4,000 North Korean workers in Russia"),
    (MORE, "North Korea has already sent thousands of soldiers to Russia"),
    ("He said that we will win the vote in March.", "we will win the vote in March."),
])
def test_statements_are_left_alone(text, piece):
    assert _whole(text, piece) == piece.rstrip(".") or _whole(text, piece) == piece


@pytest.mark.parametrize("words, expected", [
    ("a valid question.", False), ("Face the Nation.", False), ("6-inch caliber shells.", False),
    ("It is a valid question.", True), ("The board approved the plan.", True),
])
def test_is_statement(words, expected):
    assert is_statement(words) is expected


@pytest.mark.parametrize("text, piece, expected_whole", [
    ("Saudi Arabia has dismissed claims that the prince hacked the phone as absurd.",
     "claims that the prince hacked the phone as absurd", True),
    ('They said he should be investigated for "continuous and personal efforts to target opponents".',
     "continuous and personal efforts to target opponents", True),
    # controls: reported statements of their own
    ("The report had stressed that it was unclear what was taken.", "it was unclear what was taken.", False),
    ('The experts said the "possible involvement" had to be investigated.',
     'the "possible involvement" had to be investigated.', False),
])
def test_a_quote_that_is_the_object_of_another_verb_is_read_with_its_sentence(text, piece, expected_whole):
    start = text.index(piece)
    span = Offsets(start, start + len(piece))
    out = whole(text, span, span, Offsets(0, len(text)), quote=True)
    assert (out.start == 0) is expected_whole


def test_a_quote_read_with_its_sentence_keeps_the_closing_marks():
    text = "Saudi Arabia has dismissed claims that the prince hacked the phone as “absurd.”"
    piece = "claims that the prince hacked the phone as “absurd"
    start = text.index(piece)
    out = whole(text, Offsets(start, start + len(piece)), Offsets(start, start + len(piece)),
                Offsets(0, len(text)), quote=True)
    assert text[out.start:out.end] == text


def test_control_a_quote_opening_its_sentence_is_its_own_statement():
    text = "“None of the Marines arrested served in the border mission,” the release states."
    piece = "None of the Marines arrested served in the border mission,"
    start = text.index(piece)
    span = Offsets(start, start + len(piece))
    out = whole(text, span, span, Offsets(0, len(text)), quote=True)
    assert text[out.start:out.end] == "None of the Marines arrested served in the border mission"


def test_an_opening_condition_is_read_with_its_main_clause():
    text = "If Pyongyang sends at least 10,000 military personnel, as estimated by intelligence in Seoul, this amounts to $200 million."
    piece = "If Pyongyang sends at least 10,000 military personnel, as estimated by intelligence in Seoul,"
    assert _whole(text, piece, piece) == text
    # control: a main clause that opens its sentence keeps its own end
    text = "North Korea sent 10,000 soldiers, and Russia sent rice."
    assert _whole(text, "North Korea sent 10,000 soldiers,", "North Korea sent 10,000 soldiers,") == "North Korea sent 10,000 soldiers"
