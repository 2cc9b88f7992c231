"""What every view shows the same way: each arithmetic check once."""

from __future__ import annotations

from newsprism.render.view import checks_once
from newsprism.types import ArithmeticCheck

EXPR = "10,000 soldiers × $2,000 a month × 12 months = $240 million a year"


def _check(ids, against, consistent=True, expression=EXPR):
    return ArithmeticCheck(ids, expression, 240e6, None, None, consistent,
                           f"{expression} — consistent. Against {against}: consistent.")


def test_one_computation_against_several_reports_is_shown_once():
    shown = checks_once([_check(("c9", "c10", "c11"), "report 1's 'over $200 million'"),
                         _check(("c9", "c10", "c11"), "B's '$200 million'"),
                         _check(("c9", "c28", "c11"), "report 1's 'over $200 million'"),
                         _check(("c9", "c28", "c11"), "B's '$200 million'")])
    assert len(shown) == 1
    (check,) = shown
    assert check.claim_ids == ("c9", "c10", "c11", "c28")
    assert check.explanation.count("Against report 1's") == 1 and check.explanation.count("Against B's") == 1


def test_control_different_computations_stay_apart_and_inconsistency_is_kept():
    shown = checks_once([_check(("c1",), "A"), _check(("c2",), "B", consistent=False, expression="2 × 3 = 6")])
    assert [c.claim_ids for c in shown] == [("c1",), ("c2",)] and not shown[1].consistent


def test_each_reports_attribution_is_kept_apart():
    from newsprism.render.view import said_in
    from newsprism.types import Claim, Mention

    claim = Claim("c1", "quote", "North Korea is a bargaining chip", "repeated", "", 1, (
        Mention("a", 0, 5, "x", attribution="Nam Sung-wook"), Mention("b", 0, 5, "x", attribution="South Korea"),
        Mention("c", 0, 5, "x")))
    assert said_in(claim, {"a": "report 1", "b": "Korea Herald", "c": "report 3"}) == [
        "report 1 (Nam Sung-wook)", "Korea Herald (South Korea)", "report 3"]
