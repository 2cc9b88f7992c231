"""Units, hedges, ranges and rounding: when two figures can both be true."""

from __future__ import annotations

import math

import pytest
from hypothesis import given, strategies as st

from newsprism.rules import quantity_math as qm
from newsprism.types import QuantityValue


def Q(value=None, *, low=None, high=None, unit=None, per=None, hedge=None, what=None) -> QuantityValue:
    return QuantityValue(value, low, high, unit, per, hedge, what)


@pytest.mark.parametrize(
    "a, b, expected",
    [
        (Q(200e6, unit="USD", hedge="min"), Q(200e6, unit="USD"), True),  # "over $200 million" / "$200 million"
        (Q(12), Q(30), False),  # "12" and "30" at the same time
        (Q(49), Q(50), True),  # a round "50" stands for what rounds to it, within 10%
        (Q(10_000), Q(12_000), False),  # but a round 10,000 is not 12,000
        (Q(10_000, hedge="approx"), Q(10_000, hedge="min"), True),
        (Q(9_000), Q(10_000, hedge="approx"), True),
        (Q(8_000), Q(10_000, hedge="approx"), False),
        (Q(low=6e5, high=7e5, unit="tons"), Q(low=6e5, high=7e5, unit="tonnes"), True),  # tons / tonnes
        (Q(650, unit="kg"), Q(0.65, unit="t"), True),  # one dimension, converted
        (Q(19_000, hedge="approx_below"), Q(20_000, hedge="approx_below"), True),  # nearly 20,000
        (Q(21_000), Q(20_000, hedge="approx_below"), False),  # "nearly" stays below
        (Q(5, hedge="max"), Q(7), False),  # "up to 5" against 7
        (Q(2000, unit="USD", per="month"), Q(24_000, unit="USD", per="annually"), True),  # rate periods
        (Q(2000, unit="USD", per="month"), Q(2000, unit="USD", per="year"), False),
    ],
)
def test_compatible(a, b, expected):
    assert qm.compatible(a, b) is expected
    assert qm.compatible(b, a) is expected


@pytest.mark.parametrize(
    "a, b",
    [
        (Q(5, unit="USD"), Q(5, unit="t")),  # money against mass
        (Q(5, unit="USD"), Q(5)),  # money against a bare count
        (Q(None), Q(5)),  # no number at all
        (Q(5, unit="USD", per="soldier"), Q(5, unit="USD", per="month")),  # not a time period
    ],
)
def test_incomparable_is_none(a, b):
    assert qm.compatible(a, b) is None


def test_canonical_units_and_periods():
    assert qm.canonical_unit("tonnes") == qm.canonical_unit("tons") == qm.canonical_unit("t") == "t"
    assert qm.canonical_unit("$") == "USD"
    assert qm.canonical_period("annually") == qm.canonical_period("per year") == "year"
    assert qm.canonical_period("a month") == "month"


def test_rounding_widens_round_figures_only():
    assert qm.rounding_step(200_000_000) == 100_000_000
    assert qm.rounding_step(240_000_000) == 10_000_000
    assert qm.rounding_step(12) == 1
    loose = qm.interval(Q(200e6, unit="USD"), rounding=True)
    assert (loose.low, loose.high) == (150e6, 250e6)
    floor = qm.interval(Q(200e6, unit="USD", hedge="min"), rounding=True)
    assert floor.low == 200e6 and math.isinf(floor.high)


def test_magnitude_ratio_compares_rates_per_month():
    assert qm.magnitude_ratio(Q(2000, unit="USD", per="month"), Q(200e6, unit="USD", per="year")) > 1000
    assert qm.magnitude_ratio(Q(12), Q(30)) == pytest.approx(2.5)


def test_describe_and_explain():
    assert qm.describe(Q(2000, unit="USD", per="month", hedge="approx")) == "about $2,000 a month"
    assert qm.describe(Q(low=6e5, high=7e5, unit="tonnes")) == "600,000-700,000 t"
    why = qm.why_compatible(Q(200e6, unit="USD", hedge="min"), Q(200e6, unit="USD"))
    assert "floor" in why


values = st.floats(min_value=1, max_value=1e9, allow_nan=False)
hedges = st.sampled_from([None, "exact", "approx", "min", "max", "approx_below", "approx_above"])


@given(values, hedges, values, hedges)
def test_compatibility_is_symmetric(v1, h1, v2, h2):
    assert qm.compatible(Q(v1, hedge=h1), Q(v2, hedge=h2)) == qm.compatible(Q(v2, hedge=h2), Q(v1, hedge=h1))


@given(values, hedges)
def test_a_figure_agrees_with_itself(value, hedge):
    assert qm.compatible(Q(value, hedge=hedge), Q(value, hedge=hedge)) is True
