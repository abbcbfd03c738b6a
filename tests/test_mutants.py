"""Tests that kill mutants which survived the rest of the suite: each asserts a figure or a text a
changed line would alter (worked out by hand in the comments)."""

from __future__ import annotations

from decimal import Decimal as D
from fractions import Fraction as F

import attrs
import pytest

import perfrules
from perfrules import (
    Adjustment,
    Band,
    Equal,
    Funds,
    Indicator,
    Minimum,
    NotationError,
    Positive,
    Project,
    Reverse,
    Rounding,
    RubricError,
    RuleContext,
    SelfEvaluation,
    WeightedMean,
    evaluate,
    parse_target,
)


def ctx(weight, target, actual):
    return RuleContext(weight=D(weight), path="x", indicator=Indicator(name="x", weight=weight, target=target, actual=actual))


# negative targets: met -> full, missed -> 0 (never inverted, never zeroed)
@pytest.mark.parametrize(
    ("rule", "target", "actual", "expected"),
    [
        (Positive(), "≥-5%", "-3%", F(4)),  # -3 ≥ -5: met
        (Positive(), "≥-5%", "-7%", F(0)),  # -7 < -5: missed
        (Reverse(), "≤-5%", "-7%", F(4)),  # -7 ≤ -5: met
        (Reverse(), "≤-5%", "-3%", F(0)),
        (Equal(), "=-5%", "-5%", F(4)),
        (Equal(), "=-5%", "-4%", F(0)),
    ],
)
def test_negative_targets(rule, target, actual, expected):
    o = rule.apply(ctx(4, target, actual))
    assert o.value == expected
    assert o.explanation.clause == ("negative.met" if expected else "negative.missed") or o.explanation.clause == "equal.met"


def _card(claimed_total, adjustments=()):
    return SelfEvaluation(
        project=Project(name="p", year=2020),
        funds=Funds.single(adjusted=1, executed=1),
        claimed_execution_score=10,
        indicators=(
            Indicator(name="产出指标", code="output", claimed_score=50, children=(Indicator(name="o", weight=50, target="≥1", actual="1"),)),
            Indicator(name="效益指标", code="benefit", claimed_score=30, children=(Indicator(name="b", weight=30, target="≥1", actual="1"),)),
            Indicator(name="满意度指标", code="satisfaction", claimed_score=10, children=(Indicator(name="s", weight=10, target="≥1", actual="1"),)),
        ),
        claimed_total=claimed_total,
        adjustments=adjustments,
    )


def test_claimed_parts_sum_counts_adjustments():
    # parts 10 + 50 + 30 + 10 = 100, a penalty of -2 stated: the stated total 98 adds up; 100 does not
    penalty = (Adjustment(code="p", name="扣分", points=-2),)
    policy = attrs.evolve(perfrules.NATIONAL_2020, adjustments=perfrules.AdjustmentPolicy(floor=D(0), max_penalty=D(5)))
    assert not evaluate(policy, _card(98, penalty)).findings_by_code("total.claimed_parts_sum")
    (f,) = evaluate(policy, _card(100, penalty)).findings_by_code("total.claimed_parts_sum")
    assert f.get("parts_sum") == D(98)


def test_total_exactly_at_the_ceiling_is_not_reported():
    at = attrs.evolve(perfrules.NATIONAL_2020, adjustments=perfrules.AdjustmentPolicy(floor=D(0), ceiling=D(100)))
    r = evaluate(at, _card(None))
    assert r.total == 100 and not r.findings_by_code("total.ceiling_applied")
    below = attrs.evolve(at, adjustments=perfrules.AdjustmentPolicy(floor=D(0), ceiling=D(99)))
    assert evaluate(below, _card(None)).findings_by_code("total.ceiling_applied")


def test_range_with_two_units_is_not_a_range():
    with pytest.raises(NotationError):
        parse_target("25人~30次")


def test_aggregator_formulas():
    children = [("3", "4"), ("1", "2")]
    assert WeightedMean().formula(children, D(10)) == "10 × (3 + 1) ÷ (4 + 2)"
    assert WeightedMean().formula(children, None) == "(4 + 2) × (3 + 1) ÷ (4 + 2)"
    assert Minimum().formula(children, D(10)) == "10 × min(3 ÷ 4, 1 ÷ 2)"
    assert Minimum().formula(children, None) == "Σmax × min(3 ÷ 4, 1 ÷ 2)"
    assert perfrules.PointSum().formula(children, D(10)) == "3 + 1"
    assert perfrules.PointSum().formula([], D(10)) == "0"


@pytest.mark.parametrize(
    ("build", "message"),
    [
        (lambda: Band("achieved", "0.9", "0.8", "0.85"), "band achieved: lower 0.9 above upper 0.8"),
        (lambda: Band("partly_achieved", "0.6", "0.8", "0.5"), "band partly_achieved: default 0.5 lies outside the band"),
        (lambda: Band("achieved", "0.8", "1.2", "1"), "upper: a band share must lie in [0, 1], got 1.2"),
        (lambda: Rounding(11), "rounding places must be an int in 0..10, got 11"),
    ],
)
def test_definition_error_messages(build, message):
    with pytest.raises(RubricError) as info:
        build()
    assert str(info.value) == message
