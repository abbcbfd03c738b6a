"""Declared, exact rounding: round_exact, Rounding, RoundingPolicy and where evaluation applies them."""

from __future__ import annotations

import pathlib
import sys
from decimal import ROUND_HALF_UP, Decimal, localcontext
from fractions import Fraction

import attrs
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

sys.path.insert(0, str(pathlib.Path(__file__).parent))
import perfrules
import strategies as S
from perfrules import Funds, Indicator, Positive, Rounding, RoundingMode, RoundingPolicy, RubricError, RuleContext
from perfrules.rules.rounding import round_exact

D = Decimal
F = Fraction

MODES = {
    "half_up": RoundingMode.HALF_UP,
    "half_even": RoundingMode.HALF_EVEN,
    "down": RoundingMode.DOWN,
    "up": RoundingMode.UP,
}


# ------------------------------------------------------------------ the 0.715 tie
def test_tie_positive_rule_rounds_half_up():
    # 3 × 1.43 / 6 = 4.29 / 6 = 0.715 exactly -> 0.72 half-up
    ctx = RuleContext(weight=D(3), indicator=Indicator(name="q", weight=3, target="≥6", actual="1.43"))
    value = Positive().apply(ctx).value
    assert value == F(715, 1000)
    assert Rounding().apply(value) == D("0.72")
    assert round_exact(value, 2, RoundingMode.HALF_UP) == D("0.72")


def test_naive_decimal_misses_the_tie():
    # Why exact arithmetic matters: dividing first in 28-digit Decimal gives 0.71499…9 -> 0.71
    naive = D(3) * (D("1.43") / D(6))
    assert naive < D("0.715")
    assert naive.quantize(D("0.01"), rounding=ROUND_HALF_UP) == D("0.71")


def test_tie_through_evaluate():
    out = Indicator(
        name="产出指标", code="output", children=(Indicator(name="q", weight=3, target="≥6", actual="1.43"),)
    )
    se = perfrules.SelfEvaluation(
        project=perfrules.Project(name="p", year=2023), funds=Funds.single(adjusted=1, executed=1), indicators=(out,)
    )
    r = perfrules.evaluate(perfrules.NATIONAL_2020, se)
    leaf = r.node("output/q")
    assert leaf.raw == D("0.715")
    assert leaf.score == D("0.72")
    assert r.total == D("10.72")  # execution 10 + 0.72; other blocks missing -> 0


# ------------------------------------------------------------------ round_exact by hand
@pytest.mark.parametrize(
    ("q", "places", "mode", "expected"),
    [
        # ties at 2 places
        (F(715, 1000), 2, "half_up", "0.72"),
        (F(715, 1000), 2, "half_even", "0.72"),  # 1 is odd -> up to 2
        (F(725, 1000), 2, "half_up", "0.73"),
        (F(725, 1000), 2, "half_even", "0.72"),  # 2 is even -> stays
        (F(715, 1000), 2, "down", "0.71"),
        (F(715, 1000), 2, "up", "0.72"),
        # not ties
        (F(719, 1000), 2, "down", "0.71"),
        (F(719, 1000), 2, "half_up", "0.72"),
        (F(711, 1000), 2, "up", "0.72"),
        (F(711, 1000), 2, "half_up", "0.71"),
        (F(711, 1000), 2, "half_even", "0.71"),
        (F(1, 3), 2, "half_up", "0.33"),
        (F(2, 3), 2, "half_up", "0.67"),
        (F(2, 3), 2, "down", "0.66"),
        (F(1, 3), 2, "up", "0.34"),
        # tiny distances from the tie
        (F(715, 1000) - F(1, 10**30), 2, "half_up", "0.71"),
        (F(725, 1000) + F(1, 10**30), 2, "half_even", "0.73"),
        # negatives: half_up/up away from zero, down toward zero, half_even to even
        (F(-715, 1000), 2, "half_up", "-0.72"),
        (F(-725, 1000), 2, "half_even", "-0.72"),
        (F(-735, 1000), 2, "half_even", "-0.74"),
        (F(-719, 1000), 2, "down", "-0.71"),
        (F(-711, 1000), 2, "up", "-0.72"),
        (F(-1, 3), 2, "half_up", "-0.33"),
        (F(-1, 1000), 2, "half_up", "0.00"),  # rounds to zero, no negative zero
        # 0 places
        (F(5, 2), 0, "half_up", "3"),
        (F(5, 2), 0, "half_even", "2"),
        (F(7, 2), 0, "half_even", "4"),
        (F(-5, 2), 0, "half_up", "-3"),
        (F(-5, 2), 0, "half_even", "-2"),
        (F(-5, 2), 0, "down", "-2"),
        (F(-5, 2), 0, "up", "-3"),
        # exact values are unchanged in every mode
        (F(98), 2, "down", "98.00"),
        (F(98), 2, "up", "98.00"),
        (F(0), 2, "half_up", "0.00"),
        (F("89.995"), 3, "half_up", "89.995"),
        (F("89.995"), 2, "half_up", "90.00"),
        (F("89.995"), 2, "half_even", "90.00"),  # 9 is odd -> up
        (F("89.985"), 2, "half_even", "89.98"),
        (F("89.995"), 2, "down", "89.99"),
        # more places
        (F(1, 7), 6, "half_up", "0.142857"),
        (F(1, 7), 6, "up", "0.142858"),
        (F(1, 8), 2, "half_up", "0.13"),
        (F(1, 8), 2, "half_even", "0.12"),
    ],
)
def test_round_exact_by_hand(q, places, mode, expected):
    got = round_exact(q, places, MODES[mode])
    assert got == D(expected)
    assert str(got) == expected  # also the written form: exactly `places` decimals


# ------------------------------------------------------------------ round_exact against the Fraction oracle
@settings(max_examples=400, deadline=None)
@given(case=S.rounding_cases(), mode=st.sampled_from(S.ORACLE_MODES))
@example(case=(F(715, 1000), 2), mode="half_up")
@example(case=(F(-715, 1000), 2), mode="half_up")
@example(case=(F(-725, 1000), 2), mode="half_even")
@example(case=(F(-1, 2), 0), mode="half_even")
def test_round_exact_matches_oracle(case, mode):
    q, places = case
    got = round_exact(q, places, MODES[mode])
    assert isinstance(got, Decimal)
    assert F(got) == S.oracle_round(q, places, mode)
    assert got.as_tuple().exponent == -places


@settings(max_examples=200, deadline=None)
@given(case=S.rounding_cases())
def test_half_even_matches_python_round(case):
    # Fraction.__round__ with ndigits rounds exactly, ties to even: an independent second oracle
    q, places = case
    assert F(round_exact(q, places, RoundingMode.HALF_EVEN)) == round(q, places)


@settings(max_examples=200, deadline=None)
@given(case=S.rounding_cases(), mode=st.sampled_from(S.ORACLE_MODES))
def test_round_exact_properties(case, mode):
    q, places = case
    unit = F(1, 10**places)
    r = F(round_exact(q, places, MODES[mode]))
    # on the grid, within one step
    assert (r / unit).denominator == 1
    assert abs(r - q) < unit
    if mode in ("half_up", "half_even"):
        assert abs(r - q) <= unit / 2
    if mode == "down":
        assert abs(r) <= abs(q)
    if mode == "up":
        assert abs(r) >= abs(q)
    # all four modes are symmetric about zero
    assert F(round_exact(-q, places, MODES[mode])) == -r
    # idempotent
    assert F(round_exact(r, places, MODES[mode])) == r


@settings(max_examples=100, deadline=None)
@given(case=S.rounding_cases(), mode=st.sampled_from(S.ORACLE_MODES), delta=st.fractions(0, 1000, max_denominator=1000))
def test_round_exact_monotone(case, mode, delta):
    q, places = case
    assert round_exact(q, places, MODES[mode]) <= round_exact(q + delta, places, MODES[mode])


def test_round_exact_independent_of_decimal_context():
    with localcontext() as ctx:
        ctx.prec = 4
        got = round_exact(F(12345, 100), 2, RoundingMode.HALF_UP)
    assert got == D("123.45")


def test_round_exact_exact_for_many_digits():
    q = F(123456789012345678901234567891)
    assert F(round_exact(q, 2, RoundingMode.DOWN)) == q


# ------------------------------------------------------------------ Rounding and RoundingPolicy
def test_rounding_defaults():
    r = Rounding()
    assert r.places == 2
    assert r.mode is RoundingMode.HALF_UP
    assert r.apply(F(715, 1000)) == D("0.72")


@pytest.mark.parametrize("mode", list(RoundingMode))
def test_rounding_mode_from_string(mode):
    assert Rounding(2, mode.value).mode is mode


@pytest.mark.parametrize("places", [-1, 11, True, "2", None])
def test_rounding_places_validated(places):
    with pytest.raises(RubricError):
        Rounding(places)


def test_rounding_places_float_refused():
    with pytest.raises((RubricError, TypeError)):
        Rounding(2.0)  # type: ignore[arg-type]


def test_rounding_bounds_accepted():
    assert Rounding(0).apply(F(5, 2)) == D(3)
    assert Rounding(10).apply(F(1, 3)) == D("0.3333333333")


def test_rounding_invalid_mode():
    with pytest.raises(ValueError):
        Rounding(2, "nearest")


def test_rounding_describe():
    assert Rounding().describe() == "四舍五入保留2位小数"
    assert Rounding(2, "half_even").describe() == "银行家舍入保留2位小数"
    assert Rounding(1, "down").describe("en") == "down to 1 places"
    assert {m.label_zh for m in RoundingMode} == {"四舍五入", "银行家舍入", "截尾", "进位"}


def test_rounding_policy_defaults():
    """A policy rounds nowhere unless told; a rubric defaults to items half-up to 2 places."""
    p = RoundingPolicy()
    assert p.item is None and p.subtotal is None and p.total is None
    # the national rubric rounds items and the total half-up to 2 places (F14, vendor round/toFixed(2))
    assert perfrules.NATIONAL_2020.rounding == RoundingPolicy(item=Rounding(2, RoundingMode.HALF_UP), total=Rounding(2, RoundingMode.HALF_UP))
    assert perfrules.Rubric("x", "x", "x", blocks=()).rounding == RoundingPolicy(item=Rounding(2, RoundingMode.HALF_UP))


# ------------------------------------------------------------------ where evaluation rounds
def _se(*leaves: Indicator) -> perfrules.SelfEvaluation:
    return perfrules.SelfEvaluation(
        project=perfrules.Project(name="p", year=2023),
        funds=Funds.single(adjusted=3, executed=2),  # 10 × 2/3 = 6.666…
        indicators=(Indicator(name="产出指标", code="output", children=leaves),),
    )


LEAVES = (
    Indicator(name="a", weight=3, target="≥6", actual="1.43"),  # 0.715
    Indicator(name="b", weight=1, target="≥3", actual="1"),  # 1/3
    Indicator(name="c", weight=1, target="≥3", actual="2"),  # 2/3
)


def _rubric(policy: RoundingPolicy) -> perfrules.Rubric:
    return attrs.evolve(perfrules.NATIONAL_2020, rounding=policy)


def test_items_rounded_then_added():
    r = perfrules.evaluate(perfrules.NATIONAL_2020, _se(*LEAVES))
    # 6.67 + 0.72 + 0.33 + 0.67 = 8.39
    assert [n.score for n in r.leaves()] == [D("6.67"), D("0.72"), D("0.33"), D("0.67")]
    assert r.total == D("8.39")


def test_no_rounding_is_exact():
    r = perfrules.evaluate(_rubric(RoundingPolicy(item=None)), _se(*LEAVES))
    # 20/3 + 143/200 + 1/3 + 2/3 = 23/3 + 143/200
    assert r.total_exact == F(20, 3) + F(1, 3) + F(2, 3) + F(143, 200)


def test_total_rounding_only():
    r = perfrules.evaluate(_rubric(RoundingPolicy(item=None, total=Rounding(1))), _se(*LEAVES))
    # 23/3 + 0.715 = 8.38166… -> 8.4
    assert r.total == D("8.4")
    assert r.total_rounding == Rounding(1)


def test_item_rounding_down():
    r = perfrules.evaluate(_rubric(RoundingPolicy(item=Rounding(2, "down"))), _se(*LEAVES))
    # 6.66 + 0.71 + 0.33 + 0.66 = 8.36
    assert r.total == D("8.36")


def test_subtotal_rounding():
    policy = RoundingPolicy(item=None, subtotal=Rounding(1, "half_even"))
    r = perfrules.evaluate(_rubric(policy), _se(*LEAVES))
    # output group: 0.715 + 1/3 + 2/3 = 1.715 -> 1.7; execution leaf 20/3 unrounded
    assert r.block("output").score == D("1.7")
    assert r.total_exact == F(20, 3) + F(17, 10)


@settings(max_examples=60, deadline=None)
@given(
    parts=st.lists(
        st.tuples(S.positive_weights(), S.decimals_2dp("0.01", 500), S.decimals_2dp(0, 500)), min_size=1, max_size=5
    ),
    mode=st.sampled_from(S.ORACLE_MODES),
    places=st.integers(0, 4),
)
def test_item_rounding_property(parts, mode, places):
    leaves = tuple(
        Indicator(name=f"q{i}", weight=w, target=perfrules.Target("≥", t), actual=a)
        for i, (w, t, a) in enumerate(parts)
    )
    r = perfrules.evaluate(_rubric(RoundingPolicy(item=Rounding(places, mode))), _se(*leaves))
    # an item rounded to fewer places than its points have is capped at its points, and the output
    # block (50 points) never scores above its points, whatever its items add up to
    output = sum((min(S.oracle_round(F(w) * min(F(a) / F(t), F(1)), places, mode), F(w)) for w, t, a in parts), F(0))
    expected = min(S.oracle_round(F(20, 3), places, mode), F(10)) + min(output, F(50))
    assert r.total_exact == expected
