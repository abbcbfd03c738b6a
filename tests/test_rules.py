"""Scoring rules (F1–F10): every rule at and around its boundaries, plus properties.

Expected numbers are worked out by hand (comments) or with ``fractions.Fraction``
in the test itself, never by calling perfrules a second way.
"""

from __future__ import annotations

import pathlib
import sys
from decimal import Decimal
from fractions import Fraction

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

sys.path.insert(0, str(pathlib.Path(__file__).parent))
import perfrules
import strategies as S
from perfrules import (
    Actual,
    ActualKind,
    Assessment,
    Band,
    BudgetExecution,
    Checklist,
    ChecklistItem,
    Deduction,
    DeductionCounting,
    Direction,
    Equal,
    EqualVariant,
    FloatRefusedError,
    FundLine,
    Funds,
    FundSource,
    Indicator,
    NotApplicable,
    OverBudget,
    Positive,
    QualitativeBands,
    RangeActual,
    RangeRule,
    Reverse,
    ReverseVariant,
    RubricError,
    RuleContext,
    Severity,
    Target,
    ZeroBudget,
)
from perfrules.values.pairing import ReadingPolicy

D = Decimal
F = Fraction


# ------------------------------------------------------------------ helpers
def ictx(
    weight,
    target=None,
    actual=None,
    *,
    assessment=None,
    claimed=None,
    checked=(),
    range_actual: RangeActual = RangeActual.LOWER,
) -> RuleContext:
    """A rule context around one leaf indicator (str target/actual are parsed as table notation)."""
    ind = Indicator(
        name="指标",
        weight=weight,
        target=target,
        actual=actual,
        assessment=assessment,
        claimed_score=claimed,
        checked=checked,
    )
    return RuleContext(weight=D(weight), path="output/指标", indicator=ind, range_actual=range_actual)


def fctx(weight, funds: Funds | None) -> RuleContext:
    return RuleContext(weight=D(weight), path="execution", funds=funds)


def codes(outcome) -> list[str]:
    return [f.code for f in outcome.findings]


def only_finding(outcome, code: str, severity: Severity):
    assert codes(outcome) == [code]
    f = outcome.findings[0]
    assert f.severity is severity
    assert f.path  # findings are located
    return f


def in_unit_interval(outcome, weight) -> bool:
    return 0 <= outcome.value <= F(weight)


# ================================================================== BudgetExecution (F1–F3)
class TestBudgetExecution:
    def test_rate_below_one_is_proportional(self):
        # 10 × 150 / 200 = 7.5
        o = BudgetExecution().apply(fctx(10, Funds.single(adjusted=200, executed=150)))
        assert o.value == F(15, 2)
        assert o.applicable
        assert o.findings == ()
        assert o.explanation.clause == "execution.proportional"

    def test_rate_below_one_inexact(self):
        # 20 × 2000 / 2440.91 = 4,000,000 / 244,091 (not terminating)
        o = BudgetExecution().apply(fctx(20, Funds.single(adjusted="2440.91", executed="2000")))
        assert o.value == F(20) * F(2000) / F("2440.91") == F(4_000_000, 244_091)

    def test_rate_exactly_one(self):
        o = BudgetExecution().apply(fctx(20, Funds.single(adjusted="2440.91", executed="2440.91")))
        assert o.value == 20
        assert o.findings == ()
        assert o.explanation.clause == "execution.full"

    def test_one_cent_below_budget(self):
        # 10 × 199.99 / 200 = 9.9995
        o = BudgetExecution().apply(fctx(10, Funds.single(adjusted=200, executed="199.99")))
        assert o.value == F("9.9995")

    @pytest.mark.parametrize("executed", ["200.01", "21680.25", "1000000"])
    def test_over_budget_flag_caps_and_warns(self, executed):
        o = BudgetExecution(over_budget=OverBudget.FLAG).apply(fctx(10, Funds.single(adjusted=200, executed=executed)))
        assert o.value == 10
        f = only_finding(o, "funds.over_budget", Severity.WARNING)
        assert f.get("rate") > 1
        assert o.explanation.clause == "execution.over_budget_capped"

    def test_over_budget_default_policy_is_flag(self):
        assert BudgetExecution().over_budget is OverBudget.FLAG
        o = BudgetExecution().apply(fctx(10, Funds.single(adjusted="11605.29", executed="21680.25")))
        assert o.value == 10
        assert codes(o) == ["funds.over_budget"]
        # 21680.25 / 11605.29 = 1.8681... -> the rate carried on the finding is that ratio
        assert abs(F(o.findings[0].get("rate")) - F("21680.25") / F("11605.29")) < F(1, 10**20)

    @pytest.mark.parametrize("executed", ["200.01", "21680.25"])
    def test_over_budget_cap_is_silent(self, executed):
        o = BudgetExecution(over_budget="cap").apply(fctx(10, Funds.single(adjusted=200, executed=executed)))
        assert o.value == 10
        assert o.findings == ()

    @pytest.mark.parametrize("executed", [0, 5])
    def test_zero_budget_policy_zero(self, executed):
        rule = BudgetExecution(zero_budget=ZeroBudget.ZERO, zero_budget_unspent=ZeroBudget.ZERO)
        o = rule.apply(fctx(10, Funds.single(adjusted=0, executed=executed)))
        assert o.value == 0
        assert o.applicable
        only_finding(o, "funds.zero_budget", Severity.WARNING)

    @pytest.mark.parametrize("executed", [0, 5])
    def test_zero_budget_policy_full(self, executed):
        o = BudgetExecution(zero_budget="full", zero_budget_unspent="full").apply(fctx(10, Funds.single(adjusted=0, executed=executed)))
        assert o.value == 10
        assert o.applicable
        only_finding(o, "funds.zero_budget", Severity.WARNING)

    @pytest.mark.parametrize("executed", [0, 5])
    def test_zero_budget_policy_not_applicable(self, executed):
        o = BudgetExecution(zero_budget=ZeroBudget.NOT_APPLICABLE).apply(
            fctx(10, Funds.single(adjusted=0, executed=executed))
        )
        assert o.value == 0
        assert o.applicable is False
        only_finding(o, "funds.zero_budget", Severity.WARNING)

    def test_zero_budget_default_is_zero(self):
        assert BudgetExecution().zero_budget is ZeroBudget.ZERO

    def test_nothing_budgeted_nothing_spent_is_not_applicable_by_default(self):
        o = BudgetExecution().apply(fctx(10, Funds.single(adjusted=0, executed=0)))
        assert o.applicable is False and o.value == 0
        assert only_finding(o, "funds.zero_budget", Severity.WARNING).get("policy") == "not_applicable"

    def test_spending_without_a_budget_scores_zero_by_default(self):
        o = BudgetExecution().apply(fctx(10, Funds.single(adjusted=0, executed=5)))
        assert o.applicable and o.value == 0

    def test_initial_base(self):
        # initial 120: 10 × 90 / 120 = 7.5; adjusted 100 would give 9
        funds = Funds.single(adjusted=100, executed=90, initial=120)
        assert BudgetExecution(base="initial").apply(fctx(10, funds)).value == F(15, 2)
        assert BudgetExecution().apply(fctx(10, funds)).value == 9

    def test_initial_base_over_initial_budget(self):
        funds = Funds.single(adjusted=100, executed=90, initial=80)
        o = BudgetExecution(base="initial").apply(fctx(10, funds))
        assert o.value == 10
        assert codes(o) == ["funds.over_budget"]

    def test_initial_base_missing_initial(self):
        o = BudgetExecution(base="initial").apply(fctx(10, Funds.single(adjusted=100, executed=90)))
        assert o.value == 0
        only_finding(o, "funds.no_initial_budget", Severity.ERROR)

    def test_initial_base_missing_on_one_line(self):
        funds = Funds(
            (
                FundLine(FundSource.APPROPRIATION, 80, 60, initial=80),
                FundLine(FundSource.CARRY_OVER, 20, 20),  # no 年初预算数 on this line
            )
        )
        o = BudgetExecution(base="initial").apply(fctx(10, funds))
        assert o.value == 0
        assert codes(o) == ["funds.no_initial_budget"]

    def test_initial_base_zero_initial_uses_zero_budget_policy(self):
        funds = Funds.single(adjusted=100, executed=90, initial=0)
        o = BudgetExecution(base="initial", zero_budget="full").apply(fctx(10, funds))
        assert o.value == 10
        assert codes(o) == ["funds.zero_budget"]

    def test_lines_are_added(self):
        # (60 + 20) / (80 + 20) = 0.8 -> 10 × 0.8 = 8
        funds = Funds((FundLine("appropriation", 80, 60), FundLine("carry_over", 20, 20)))
        assert BudgetExecution().apply(fctx(10, funds)).value == 8

    def test_missing_funds(self):
        o = BudgetExecution().apply(fctx(10, None))
        assert o.value == 0
        only_finding(o, "funds.missing", Severity.ERROR)

    def test_invalid_parameters(self):
        with pytest.raises(ValueError):
            BudgetExecution(base="planned")
        with pytest.raises(ValueError):
            BudgetExecution(over_budget="ignore")
        with pytest.raises(ValueError):
            BudgetExecution(zero_budget="half")

    @settings(max_examples=150, deadline=None)
    @given(
        w=S.weights(),
        budget=st.one_of(st.just(D(0)), S.decimals_2dp(0, 5000)),
        executed=st.one_of(st.just(D(0)), S.decimals_2dp(0, 10000)),
        over=st.sampled_from(list(OverBudget)),
        zero=st.sampled_from(list(ZeroBudget)),
    )
    def test_property_matches_f1(self, w, budget, executed, over, zero):
        o = BudgetExecution(over_budget=over, zero_budget=zero, zero_budget_unspent=zero).apply(
            fctx(w, Funds.single(adjusted=budget, executed=executed))
        )
        assert in_unit_interval(o, w)
        if budget == 0:
            expected = {ZeroBudget.ZERO: F(0), ZeroBudget.FULL: F(w), ZeroBudget.NOT_APPLICABLE: F(0)}[zero]
            assert o.applicable is (zero is not ZeroBudget.NOT_APPLICABLE)
        else:
            expected = F(w) * min(F(executed) / F(budget), F(1))
            flagged = over is OverBudget.FLAG and executed > budget
            assert ("funds.over_budget" in codes(o)) is flagged
        assert o.value == expected

    @settings(max_examples=100, deadline=None)
    @given(w=S.weights(), budget=S.decimals_2dp("0.01", 5000), e1=S.decimals_2dp(0, 10000), e2=S.decimals_2dp(0, 10000))
    def test_property_monotone_in_executed(self, w, budget, e1, e2):
        lo, hi = sorted((e1, e2))
        rule = BudgetExecution()
        v1 = rule.apply(fctx(w, Funds.single(adjusted=budget, executed=lo))).value
        v2 = rule.apply(fctx(w, Funds.single(adjusted=budget, executed=hi))).value
        assert v1 <= v2


# ================================================================== Positive (F4, F9)
class TestPositive:
    def test_below_target_tie_value(self):
        # 3 × 1.43 / 6 = 4.29 / 6 = 0.715 exactly
        o = Positive().apply(ictx(3, "≥6", "1.43"))
        assert o.value == F(715, 1000)
        assert o.findings == ()
        assert o.explanation.clause == "positive.below_target"

    def test_just_below_target(self):
        # 3 × 5.99 / 6 = 2.995
        assert Positive().apply(ictx(3, "≥6", "5.99")).value == F("2.995")

    def test_at_target(self):
        o = Positive().apply(ictx(3, "≥6", "6"))
        assert o.value == 3
        assert o.explanation.clause == "positive.met"

    @pytest.mark.parametrize("actual", ["6.01", "7", "23333.56"])
    def test_above_target_no_bonus(self, actual):
        assert Positive().apply(ictx(3, "≥6", actual)).value == 3

    def test_greater_than_same_as_at_least(self):
        # 2 × 1 / 2 = 1 for '>' as for '≥'
        assert Positive().apply(ictx(2, ">2次/年", "1次/年")).value == 1
        assert Positive().apply(ictx(2, "≥2次/年", "1次/年")).value == 1

    def test_real_table_half_points(self):
        # Huashan cultural activities: target ≥2/yr, actual 1 -> 2 × 1/2 = 1
        assert Positive().apply(ictx(2, "≥2次/年", "1次/年")).value == 1

    @pytest.mark.parametrize("actual", ["0", "5", "0.01"])
    def test_zero_target_full_policy(self, actual):
        o = Positive().apply(ictx(4, "≥0", actual))
        assert o.value == 4
        assert o.explanation.clause == "positive.zero_target"

    @pytest.mark.parametrize("actual", ["0", "5"])
    def test_zero_target_zero_policy(self, actual):
        o = Positive(zero_target="zero").apply(ictx(4, "≥0", actual))
        assert o.value == 0

    def test_zero_target_default_is_full(self):
        assert Positive().zero_target == "full"

    def test_zero_actual(self):
        assert Positive().apply(ictx(4, "≥10", "0")).value == 0

    def test_negative_count_is_clamped_with_finding(self):
        # F9: a count cannot be negative: -5人 is read as 0 -> 0 points
        o = Positive().apply(ictx(4, "≥10人", "-5人"))
        assert o.value == 0
        f = only_finding(o, "actual.negative", Severity.WARNING)
        assert f.get("actual") == D(-5)

    def test_negative_rate_is_a_miss_not_a_zero(self):
        # a bare or % value may be a change: -5 stays -5, and scores 0 (not clamped, nothing to report)
        o = Positive().apply(ictx(4, "≥10", "-5"))
        assert o.value == 0 and codes(o) == []
        assert o.explanation.clause == "positive.below_zero"

    def test_negative_growth_against_zero_target_is_missed(self):
        # ≥0% growth, actual -0.21%: a fall, 0 points (issue table row)
        o = Positive().apply(ictx(5, "≥0%", "-0.21%"))
        assert o.value == 0 and o.explanation.clause == "positive.below_zero"

    @pytest.mark.parametrize(
        ("mode", "expected"),
        [
            (RangeActual.LOWER, F(2) * 25 / 30),  # 5/3
            (RangeActual.MIDPOINT, F(2) * F(55, 2) / 30),  # midpoint 27.5 -> 11/6
            (RangeActual.UPPER, F(2)),  # 30 meets ≥30
        ],
    )
    def test_range_actual(self, mode, expected):
        o = Positive().apply(ictx(2, "≥30人/次", Actual("range", 25, 30, unit="人"), range_actual=mode))
        assert o.value == expected
        assert codes(o) == ["unit.omitted", "actual.range"]  # 人 read as 人/次 (info), then the range
        f = o.findings[1]
        assert F(f.get("used")) == {RangeActual.LOWER: 25, RangeActual.MIDPOINT: F(55, 2), RangeActual.UPPER: 30}[mode]

    def test_range_actual_parsed_from_text(self):
        # '25~30人' is a range; default LOWER -> 2 × 25/30
        ind_actual = perfrules.parse_actual("25~30人")
        assert ind_actual.kind is ActualKind.RANGE
        o = Positive().apply(ictx(2, "≥30人", ind_actual))
        assert o.value == F(5, 3)

    def test_inequality_actual_scores_its_bound(self):
        # '>90%' is read as 90: 2 × 90 / 95 = 36/19
        o = Positive().apply(ictx(2, "≥95%", ">90%"))
        assert o.value == F(36, 19)
        only_finding(o, "actual.inequality", Severity.WARNING)

    def test_inequality_actual_meeting_target(self):
        o = Positive().apply(ictx(2, "≥90%", ">90%"))
        assert o.value == 2
        assert codes(o) == ["actual.inequality"]

    def test_contingency_that_did_not_occur_is_not_applicable(self):
        # ≥50车 deliveries after a water outage; there was none: N/A (F13), not 0
        o = Positive().apply(ictx(2, "≥50车", "没有停水"))
        assert not o.applicable and o.value == 0
        only_finding(o, "actual.not_occurred", Severity.WARNING)

    @pytest.mark.parametrize("text", ["合格", "已完成", "良好"])
    def test_text_actual_scores_zero(self, text):
        o = Positive().apply(ictx(2, "≥50车", text))
        assert o.value == 0
        f = only_finding(o, "actual.not_numeric", Severity.ERROR)
        assert f.get("actual") == text
        assert o.explanation.clause == "actual.not_numeric"

    def test_missing_actual(self):
        o = Positive().apply(ictx(2, "≥50车", None))
        assert o.value == 0
        only_finding(o, "actual.missing", Severity.ERROR)

    @pytest.mark.parametrize("target", [None, Target.qualitative("合格")])
    def test_missing_numeric_target(self, target):
        o = Positive().apply(ictx(2, target, "5"))
        assert o.value == 0
        only_finding(o, "target.missing", Severity.ERROR)

    def test_no_indicator_in_context(self):
        o = Positive().apply(RuleContext(weight=D(2)))
        assert o.value == 0
        assert codes(o) == ["target.missing"]

    def test_units_of_different_dimensions_are_refused(self):
        # 25% against ≥30人: never compared as numbers under the default policy
        o = Positive().apply(ictx(2, "≥30人", "25%"))
        assert o.value == 0
        only_finding(o, "unit.incompatible", Severity.ERROR)

    def test_units_of_different_dimensions_assumed_by_policy(self):
        # reading.incompatible_units = "assume": compared as numbers, 2 × 25 / 30, with a warning
        ctx = attrs.evolve(ictx(2, "≥30人", "25%"), reading=ReadingPolicy(incompatible_units="assume"))
        o = Positive().apply(ctx)
        assert o.value == F(5, 3)
        only_finding(o, "unit.mismatch", Severity.WARNING)

    def test_compatible_units_only_informed(self):
        # '万' for '万元', omitted '/年': scored in full, only info findings say what was read
        for target, actual in (("≥16.12万元/社区", "16.12万/社区"), ("≥2次/年", "2次")):
            o = Positive().apply(ictx(2, target, actual))
            assert o.value == 2
            assert [f.severity for f in o.findings] == [Severity.INFO]

    def test_invalid_zero_target_policy(self):
        with pytest.raises(ValueError):
            Positive(zero_target="half")

    @settings(max_examples=200, deadline=None)
    @given(w=S.weights(), t=S.targets(), a=S.actuals(), policy=st.sampled_from(["full", "zero"]))
    def test_property_matches_f4(self, w, t, a, policy):
        o = Positive(zero_target=policy).apply(ictx(w, Target("≥", t), Actual.number(a)))
        assert in_unit_interval(o, w)
        fa = F(a)  # a bare number may be a change: never clamped (F9 is for quantities that cannot be negative)
        if t == 0:
            expected = F(0) if fa < 0 else F(w) if policy == "full" else F(0)
        else:
            expected = F(w) * min(max(fa, F(0)) / F(t), F(1))
        assert o.value == expected
        assert "actual.negative" not in codes(o)

    @settings(max_examples=100, deadline=None)
    @given(w=S.weights(), t=S.targets(), a=S.actuals())
    def test_property_counts_are_clamped(self, w, t, a):
        # F9 for a count (人): a negative actual is read as 0, with a finding
        o = Positive().apply(ictx(w, Target("≥", t, unit="人"), Actual.number(a, "人")))
        fa = max(F(a), F(0))
        expected = F(w) if t == 0 else F(w) * min(fa / F(t), F(1))
        assert o.value == expected
        assert ("actual.negative" in codes(o)) is (a < 0)

    @settings(max_examples=150, deadline=None)
    @given(w=S.weights(), t=S.targets(), a1=S.actuals(), a2=S.actuals(), policy=st.sampled_from(["full", "zero"]))
    def test_property_monotone_non_decreasing(self, w, t, a1, a2, policy):
        lo, hi = sorted((a1, a2))
        rule = Positive(zero_target=policy)
        v_lo = rule.apply(ictx(w, Target("≥", t), Actual.number(lo))).value
        v_hi = rule.apply(ictx(w, Target("≥", t), Actual.number(hi))).value
        assert v_lo <= v_hi


# ================================================================== Reverse (F5, F6)
class TestReverse:
    @pytest.mark.parametrize("variant", list(ReverseVariant))
    @pytest.mark.parametrize("actual", ["200", "150", "0"])
    def test_at_or_below_target_full(self, variant, actual):
        o = Reverse(variant=variant).apply(ictx(2, "≤200元/人", actual))
        assert o.value == 2
        assert o.explanation.clause == "reverse.met"

    def test_default_variant_is_ratio(self):
        assert Reverse().variant is ReverseVariant.RATIO

    def test_ratio_just_above(self):
        # 2 × 200 / 200.01 = 400 / 200.01 = 40000 / 20001
        o = Reverse().apply(ictx(2, "≤200元/人", "200.01"))
        assert o.value == F(40000, 20001)
        assert o.explanation.clause == "reverse.ratio"

    @pytest.mark.parametrize(
        ("actual", "expected"), [("300", F(4, 3)), ("400", F(1)), ("800", F(1, 2)), ("20000", F(1, 50))]
    )
    def test_ratio_above(self, actual, expected):
        # w × t / a with w=2, t=200
        assert Reverse(variant="ratio").apply(ictx(2, "≤200", actual)).value == expected

    def test_linear_just_above(self):
        # 2 × (1 − 0.01/200) = 2 × 199.99/200 = 1.9999
        o = Reverse(variant=ReverseVariant.LINEAR).apply(ictx(2, "≤200", "200.01"))
        assert o.value == F("1.9999")
        assert o.explanation.clause == "reverse.linear"

    @pytest.mark.parametrize(("actual", "expected"), [("250", F("1.5")), ("300", F(1)), ("399.99", F("0.0001"))])
    def test_linear_between(self, actual, expected):
        # 2 × (1 − (a − 200)/200): 250 -> 1.5, 300 -> 1, 399.99 -> 2 × 0.01/200 = 0.0001
        assert Reverse(variant="linear").apply(ictx(2, "≤200", actual)).value == expected

    @pytest.mark.parametrize("actual", ["400", "400.01", "1000"])
    def test_linear_zero_at_and_beyond_twice(self, actual):
        o = Reverse(variant="linear").apply(ictx(2, "≤200", actual))
        assert o.value == 0
        assert o.explanation.clause == "reverse.beyond_twice"

    def test_strict_less_than_scored_the_same(self):
        assert Reverse().apply(ictx(2, "<200", "400")).value == 1
        assert Reverse().apply(ictx(2, "<200", "200")).value == 2

    @pytest.mark.parametrize("variant", list(ReverseVariant))
    def test_zero_target_zero_actual_full(self, variant):
        assert Reverse(variant=variant).apply(ictx(3, "≤0", "0")).value == 3

    @pytest.mark.parametrize("variant", list(ReverseVariant))
    @pytest.mark.parametrize("actual", ["0.01", "5"])
    def test_zero_target_positive_actual_zero(self, variant, actual):
        o = Reverse(variant=variant).apply(ictx(3, "≤0", actual))
        assert o.value == 0
        assert o.explanation.clause == "reverse.zero_target"

    @pytest.mark.parametrize("variant", list(ReverseVariant))
    def test_negative_actual_meets(self, variant):
        o = Reverse(variant=variant).apply(ictx(3, "≤10", "-1"))
        assert o.value == 3
        assert codes(o) == []

    def test_none_against_zero_is_zero(self):
        # 无 (no accidents) against ≤0起: none is the number 0, met
        o = Reverse().apply(ictx(3, "≤0起", "无"))
        assert o.value == 3

    def test_none_against_a_positive_bound_is_not_applicable(self):
        o = Reverse().apply(ictx(3, "≤10", "无"))
        assert not o.applicable
        assert codes(o) == ["actual.not_applicable"]

    def test_text_actual(self):
        o = Reverse().apply(ictx(3, "≤10", "较少"))
        assert o.value == 0
        assert codes(o) == ["actual.not_numeric"]

    def test_invalid_variant(self):
        with pytest.raises(ValueError):
            Reverse(variant="quadratic")

    @settings(max_examples=200, deadline=None)
    @given(w=S.weights(), t=S.targets(), a=S.actuals(), variant=st.sampled_from(list(ReverseVariant)))
    def test_property_matches_f5_f6(self, w, t, a, variant):
        o = Reverse(variant=variant).apply(ictx(w, Target("≤", t), Actual.number(a)))
        assert in_unit_interval(o, w)
        fw, ft, fa = F(w), F(t), max(F(a), F(0))
        if fa <= ft:
            expected = fw
        elif ft == 0:
            expected = F(0)
        elif variant is ReverseVariant.RATIO:
            expected = fw * ft / fa
        else:
            expected = max(F(0), fw * (1 - (fa - ft) / ft))
        assert o.value == expected

    @settings(max_examples=150, deadline=None)
    @given(w=S.weights(), t=S.targets(), a1=S.actuals(), a2=S.actuals(), variant=st.sampled_from(list(ReverseVariant)))
    def test_property_monotone_non_increasing(self, w, t, a1, a2, variant):
        lo, hi = sorted((a1, a2))
        rule = Reverse(variant=variant)
        v_lo = rule.apply(ictx(w, Target("≤", t), Actual.number(lo))).value
        v_hi = rule.apply(ictx(w, Target("≤", t), Actual.number(hi))).value
        assert v_lo >= v_hi


# ================================================================== Equal (F7)
class TestEqual:
    def test_default_variant(self):
        assert Equal().variant is EqualVariant.AS_POSITIVE

    @pytest.mark.parametrize("variant", list(EqualVariant))
    @pytest.mark.parametrize("target", ["100%", "=100%", "═100%"])
    def test_met(self, variant, target):
        o = Equal(variant=variant).apply(ictx(3, target, "100%"))
        assert o.value == 3
        assert o.explanation.clause == "equal.met"

    def test_as_positive_below(self):
        # 3 × 95 / 100 = 2.85
        assert Equal().apply(ictx(3, "100%", "95%")).value == F("2.85")

    @pytest.mark.parametrize("actual", ["100.01%", "105%", "300%"])
    def test_as_positive_above_full(self, actual):
        assert Equal(variant="as_positive").apply(ictx(3, "100%", actual)).value == 3

    @pytest.mark.parametrize(
        ("actual", "expected"),
        [
            ("95%", F("2.85")),  # 3 × (1 − 5/100)
            ("105%", F("2.85")),  # 3 × (1 − 5/100)
            ("100.01%", F("2.9997")),  # 3 × (1 − 0.01/100)
            ("150%", F("1.5")),
            ("200%", F(0)),  # deviation equals the target
            ("250%", F(0)),  # beyond: floored at 0
            ("0%", F(0)),
        ],
    )
    def test_two_sided(self, actual, expected):
        o = Equal(variant=EqualVariant.TWO_SIDED).apply(ictx(3, "100%", actual))
        assert o.value == expected

    @pytest.mark.parametrize("variant", list(EqualVariant))
    def test_zero_target_met_by_zero(self, variant):
        assert Equal(variant=variant).apply(ictx(3, "=0", "0")).value == 3

    def test_zero_target_met_by_negative_as_positive(self):
        # F7 (vendor): a 0 target is met by any actual ≤ 0
        o = Equal(variant=EqualVariant.AS_POSITIVE).apply(ictx(3, "=0", "-2"))
        assert o.value == 3
        assert codes(o) == []

    def test_zero_target_missed_by_negative_two_sided(self):
        # two-sided: any deviation from 0 is a miss (=0% against -3%: issue table row)
        o = Equal(variant=EqualVariant.TWO_SIDED).apply(ictx(2, "=0%", "-3%"))
        assert o.value == 0 and o.explanation.clause == "equal.zero_target"

    @pytest.mark.parametrize("variant", list(EqualVariant))
    @pytest.mark.parametrize("actual", ["0.01", "1"])
    def test_zero_target_missed(self, variant, actual):
        o = Equal(variant=variant).apply(ictx(3, "=0", actual))
        assert o.value == 0
        assert o.explanation.clause == "equal.zero_target"

    def test_bare_value_with_unit(self):
        # 16.12万元/社区 target, 16.12万/社区 actual: equal, no unit finding
        o = Equal().apply(ictx(3, "16.12万元/社区", "16.12万/社区(疫情期间预算调)"))
        assert o.value == 3

    def test_invalid_variant(self):
        with pytest.raises(ValueError):
            Equal(variant="exact")

    @settings(max_examples=200, deadline=None)
    @given(w=S.weights(), t=S.targets(), a=S.actuals(), variant=st.sampled_from(list(EqualVariant)))
    def test_property_matches_f7(self, w, t, a, variant):
        o = Equal(variant=variant).apply(ictx(w, Target("=", t), Actual.number(a)))
        assert in_unit_interval(o, w)
        fw, ft, fa = F(w), F(t), F(a)
        if fa == ft:
            expected = fw
        elif ft == 0:
            expected = fw if variant is EqualVariant.AS_POSITIVE and fa < 0 else F(0)  # F7
        elif variant is EqualVariant.AS_POSITIVE:
            expected = fw * min(max(fa, F(0)) / ft, F(1))
        else:
            expected = fw * max(F(0), 1 - abs(fa - ft) / ft)
        assert o.value == expected

    @settings(max_examples=100, deadline=None)
    @given(w=S.weights(), t=S.targets(), d1=S.decimals_2dp(0, 1000), d2=S.decimals_2dp(0, 1000), up=st.booleans())
    def test_property_two_sided_non_increasing_in_deviation(self, w, t, d1, d2, up):
        lo, hi = sorted((d1, d2))
        sign = 1 if up else -1
        rule = Equal(variant="two_sided")
        v_near = rule.apply(ictx(w, Target("=", t), Actual.number(t + sign * lo))).value
        v_far = rule.apply(ictx(w, Target("=", t), Actual.number(t + sign * hi))).value
        assert v_near >= v_far


# ================================================================== RangeRule
class TestRangeRule:
    @pytest.mark.parametrize(
        ("actual", "expected"),
        [
            ("0", F(0)),
            ("20", F(8, 5)),  # 2 × 20/25
            ("24.99", F(2) * F("24.99") / 25),  # 1.9992
            ("25", F(2)),  # lower edge belongs to the range
            ("27", F(2)),
            ("30", F(2)),  # upper edge belongs to the range
            ("30.01", F(2) * 30 / F("30.01")),  # 6000/3001
            ("36", F(5, 3)),  # 2 × 30/36
        ],
    )
    def test_below_within_edges_above(self, actual, expected):
        o = RangeRule().apply(ictx(2, "25~30人", actual))
        assert o.value == expected

    def test_clauses(self):
        assert RangeRule().apply(ictx(2, "25~30", "20")).explanation.clause == "range.below"
        assert RangeRule().apply(ictx(2, "25~30", "25")).explanation.clause == "range.within"
        assert RangeRule().apply(ictx(2, "25~30", "31")).explanation.clause == "range.above"

    def test_degenerate_range(self):
        # 10~10: only 10 is within; 8 -> 2 × 8/10; 12.5 -> 2 × 10/12.5
        assert RangeRule().apply(ictx(2, Target("~", 10, 10), "10")).value == 2
        assert RangeRule().apply(ictx(2, Target("~", 10, 10), "8")).value == F(8, 5)
        assert RangeRule().apply(ictx(2, Target("~", 10, 10), "12.5")).value == F(8, 5)

    def test_zero_lower_bound(self):
        # 0~5: 0 is inside
        assert RangeRule().apply(ictx(2, Target("~", 0, 5), "0")).value == 2
        assert RangeRule().apply(ictx(2, Target("~", 0, 5), "10")).value == 1

    def test_range_actual_against_range_target(self):
        # actual 20~28 against 25~30: LOWER 20 -> 2 × 20/25 = 1.6; UPPER 28 -> 2
        t = "25~30"
        a = Actual("range", 20, 28)
        assert RangeRule().apply(ictx(2, t, a)).value == F(8, 5)
        assert RangeRule().apply(ictx(2, t, a, range_actual=RangeActual.UPPER)).value == 2

    def test_missing_and_text_actual(self):
        assert codes(RangeRule().apply(ictx(2, "25~30", None))) == ["actual.missing"]
        o = RangeRule().apply(ictx(2, "25~30", "若干"))
        assert o.value == 0
        assert codes(o) == ["actual.not_numeric"]

    @settings(max_examples=200, deadline=None)
    @given(w=S.weights(), lo=S.targets(), width=S.decimals_2dp(0, 1000), a=S.actuals())
    def test_property(self, w, lo, width, a):
        hi = lo + width
        o = RangeRule().apply(ictx(w, Target("~", lo, hi), Actual.number(a)))
        assert in_unit_interval(o, w)
        fw, fa = F(w), F(a)
        if lo <= fa <= hi:
            expected = fw
        elif fa < lo:
            expected = F(0) if fa <= 0 else fw * fa / F(lo)
        else:
            expected = fw * F(hi) / fa
        assert o.value == expected


# ================================================================== QualitativeBands (F10, F11)
QUAL = Target.qualitative("达成预期目标")


class TestQualitativeBands:
    @pytest.mark.parametrize(
        ("level", "expected"),
        [(Assessment.ACHIEVED, F(4)), (Assessment.PARTLY, F("2.8")), (Assessment.NOT_ACHIEVED, F("1.2"))],
    )
    def test_default_share_from_assessment(self, level, expected):
        # defaults 100 % / 70 % / 30 % of 4
        o = QualitativeBands().apply(ictx(4, QUAL, "全面规范机制", assessment=level))
        assert o.value == expected
        assert o.findings == ()
        assert o.explanation.clause == "qualitative.default"

    @pytest.mark.parametrize(
        ("label", "expected"),
        [
            ("达成预期指标", F(4)),
            ("达成年度指标", F(4)),
            ("达成", F(4)),
            ("合格", F(4)),
            ("是", F(4)),
            ("部分达成", F("2.8")),
            ("部分达成年度指标并具有一定效果", F("2.8")),
            ("基本完成", F("2.8")),
            ("未达成", F("1.2")),
            ("未达成年度指标且效果较差", F("1.2")),
            ("否", F("1.2")),
        ],
    )
    def test_level_from_label(self, label, expected):
        o = QualitativeBands().apply(ictx(4, QUAL, label))
        assert o.value == expected
        assert o.findings == ()

    def test_label_with_surrounding_blanks(self):
        assert QualitativeBands().apply(ictx(4, QUAL, " 部分达成 ")).value == F("2.8")

    def test_assessment_wins_over_label(self):
        assert QualitativeBands().apply(ictx(4, QUAL, "达成", assessment="partly_achieved")).value == F("2.8")

    @pytest.mark.parametrize(
        ("claimed", "level"),
        [
            ("5", Assessment.ACHIEVED),  # 100 %
            ("4", Assessment.ACHIEVED),  # exactly 80 % belongs to achieved
            ("3.99", Assessment.PARTLY),  # 79.8 %
            ("3", Assessment.PARTLY),  # exactly 60 % belongs to partly
            ("2.99", Assessment.NOT_ACHIEVED),  # 59.8 %
            ("0", Assessment.NOT_ACHIEVED),
        ],
    )
    def test_level_inferred_from_claimed_score(self, claimed, level):
        # only when the rule says so (infer_from_claimed=True)
        o = QualitativeBands(infer_from_claimed=True).apply(ictx(5, QUAL, "聘请教师授课辅导", claimed=claimed))
        # the stated score lies in the inferred band, so it is used
        assert o.value == F(claimed)
        f = only_finding(o, "qualitative.level_inferred", Severity.INFO)
        assert f.get("claimed") == D(claimed)
        assert o.explanation.input("level") == level.value
        assert o.explanation.clause == "qualitative.claimed_in_band"

    def test_level_inferred_without_actual(self):
        o = QualitativeBands(infer_from_claimed=True).apply(ictx(4, QUAL, None, claimed=3))
        assert o.value == 3
        assert codes(o) == ["qualitative.level_inferred"]

    def test_level_not_inferred_by_default(self):
        # a stated 3 of 4 with no judgement: no level is guessed; a warning, no points
        o = QualitativeBands().apply(ictx(4, QUAL, None, claimed=3))
        assert o.value == 0
        only_finding(o, "qualitative.no_judgement", Severity.WARNING)

    @pytest.mark.parametrize(
        ("level", "claimed"),
        [
            (Assessment.ACHIEVED, "3.5"),  # 87.5 %
            (Assessment.ACHIEVED, "4"),  # 100 %, upper edge inclusive
            (Assessment.ACHIEVED, "3.2"),  # 80 % edge
            (Assessment.PARTLY, "3"),  # 75 %
            (Assessment.PARTLY, "2.4"),  # 60 % edge
            (Assessment.NOT_ACHIEVED, "2.39"),
            (Assessment.NOT_ACHIEVED, "0"),
        ],
    )
    def test_claimed_inside_band_is_used(self, level, claimed):
        o = QualitativeBands().apply(ictx(4, QUAL, "x", assessment=level, claimed=claimed))
        assert o.value == F(claimed)
        assert o.findings == ()
        assert o.explanation.clause == "qualitative.claimed_in_band"

    @pytest.mark.parametrize(
        ("level", "claimed", "clamped", "default"),
        [
            # weight 4: above the band -> its upper edge; below it -> the stated score, never raised
            (Assessment.ACHIEVED, "3.19", F("3.19"), F(4)),  # 79.75 % < 80 %: kept at 3.19
            (Assessment.PARTLY, "3.2", F("3.19"), F("2.8")),  # 80 % is not partly: one step (0.01) inside
            (Assessment.PARTLY, "2.39", F("2.39"), F("2.8")),  # below 60 %: kept
            (Assessment.PARTLY, "4", F("3.19"), F("2.8")),  # 100 % -> 80 % × 4 − 0.01
            (Assessment.NOT_ACHIEVED, "2.4", F("2.39"), F("1.2")),  # 60 % is not 'not achieved': one step inside
            (Assessment.NOT_ACHIEVED, "4", F("2.39"), F("1.2")),  # 100 % -> 60 % × 4 − 0.01
        ],
    )
    def test_claimed_outside_band(self, level, claimed, clamped, default):
        o = QualitativeBands().apply(ictx(4, QUAL, "x", assessment=level, claimed=claimed))
        assert o.value == clamped <= F(claimed)
        f = only_finding(o, "qualitative.out_of_band", Severity.ERROR)
        assert f.get("claimed") == D(claimed)
        assert o.explanation.clause == "qualitative.claimed_out_of_band"
        by_default = QualitativeBands(out_of_band="default").apply(ictx(4, QUAL, "x", assessment=level, claimed=claimed))
        assert by_default.value == default

    def test_label_and_claimed_outside_band(self):
        # '部分达成' with 3 of 3 stated: 100 % is outside partly -> the highest score inside, 80 % × 3 − 0.01 = 2.39
        o = QualitativeBands().apply(ictx(3, QUAL, "部分达成", claimed=3))
        assert o.value == F("2.39")
        assert codes(o) == ["qualitative.out_of_band"]

    @pytest.mark.parametrize("actual", ["各社区公共文化服务基础设施建设不足", None])
    def test_no_judgement(self, actual):
        o = QualitativeBands().apply(ictx(4, QUAL, actual))
        assert o.value == 0
        only_finding(o, "qualitative.no_judgement", Severity.WARNING)

    def test_claimed_above_weight_cannot_infer(self):
        # 5 of 4 = 125 % lies in no band
        o = QualitativeBands().apply(ictx(4, QUAL, "xx", claimed=5))
        assert o.value == 0
        assert codes(o) == ["qualitative.no_judgement"]

    def test_zero_weight(self):
        o = QualitativeBands().apply(ictx(0, QUAL, "xx", assessment="achieved", claimed=0))
        assert o.value == 0

    def test_custom_bands_and_labels(self):
        bands = (
            Band("achieved", "0.9", "1", "0.95", upper_inclusive=True),
            Band("partly_achieved", "0.5", "0.9", "0.5"),
            Band("not_achieved", "0", "0.5", "0"),
        )
        rule = QualitativeBands(bands=bands, labels={"好": Assessment.ACHIEVED})
        assert rule.apply(ictx(10, QUAL, "好")).value == F("9.5")
        assert rule.apply(ictx(10, QUAL, "达成")).value == 0  # not a label of this rule
        assert rule.apply(ictx(10, QUAL, "x", assessment="not_achieved")).value == 0
        # 8 of 10 = 80 % is 'partly' under these bands, and used when the rule infers levels
        assert attrs.evolve(rule, infer_from_claimed=True).apply(ictx(10, QUAL, "x", claimed=8)).value == 8
        assert rule.apply(ictx(10, QUAL, "x", claimed=8)).value == 0

    def test_missing_band_for_level(self):
        rule = QualitativeBands(bands=(Band("achieved", "0.8", "1", "1", upper_inclusive=True),))
        with pytest.raises(RubricError):
            rule.apply(ictx(4, QUAL, "x", assessment="partly_achieved"))

    def test_band_contains_edges(self):
        achieved = Band("achieved", "0.8", "1", "1", upper_inclusive=True)
        partly = Band("partly_achieved", "0.6", "0.8", "0.7")
        assert achieved.contains(F(4, 5)) and achieved.contains(F(1))
        assert not achieved.contains(F(4, 5) - F(1, 10**12))
        assert not achieved.contains(F(1) + F(1, 10**12))
        assert partly.contains(F(3, 5)) and not partly.contains(F(4, 5))
        assert partly.contains(F(4, 5) - F(1, 10**12))
        assert partly.describe() == "[60%, 80%)"
        assert achieved.describe() == "[80%, 100%]"

    @pytest.mark.parametrize(
        "make",
        [
            lambda: Band("achieved", "0.9", "0.8", "0.85"),  # lower above upper
            lambda: Band("partly_achieved", "0.6", "0.8", "0.8"),  # default at the excluded upper edge
            lambda: Band("partly_achieved", "0.6", "0.8", "0.5"),  # default below
            lambda: Band("achieved", "0.8", "1.2", "1", upper_inclusive=True),  # share > 1
            lambda: Band("achieved", "-0.1", "1", "1"),
            lambda: QualitativeBands(bands=()),
            lambda: QualitativeBands(
                bands=(Band("achieved", "0.8", "1", "1", upper_inclusive=True), Band("achieved", "0.6", "0.8", "0.7"))
            ),
        ],
    )
    def test_invalid_bands(self, make):
        with pytest.raises(RubricError):
            make()

    @settings(max_examples=200, deadline=None)
    @given(
        w=S.weights(),
        level=st.one_of(st.none(), st.sampled_from(list(Assessment))),
        claimed=st.one_of(st.none(), S.decimals_2dp(0, 120)),
        actual=st.sampled_from([None, "达成", "部分达成", "未达成", "有进展", "100%"]),
    )
    def test_property_within_weight_and_band(self, w, level, claimed, actual):
        o = QualitativeBands().apply(ictx(w, QUAL, actual, assessment=level, claimed=claimed))
        assert in_unit_interval(o, w)
        if claimed is not None and o.explanation.clause.startswith("qualitative.claimed"):
            assert o.value <= F(claimed)  # never above what the unit stated
        if w > 0 and o.explanation.clause == "qualitative.claimed_in_band":
            # the score always lies in the band of the level it was judged at
            share = o.value / F(w)
            lvl = o.explanation.input("level")
            lo, hi, inclusive = {
                "achieved": (F(4, 5), F(1), True),
                "partly_achieved": (F(3, 5), F(4, 5), False),
                "not_achieved": (F(0), F(3, 5), False),
            }[lvl]
            assert lo <= share and (share <= hi if inclusive else share < hi)


# ================================================================== Deduction
class TestDeduction:
    @pytest.mark.parametrize(
        ("counting", "expected"),
        [
            # ≥100, actual 97: gap 3, step 2 -> 1.5 units; 0.5 points per unit; weight 5
            (DeductionCounting.PROPORTIONAL, F("4.25")),  # 5 − 0.5 × 1.5
            (DeductionCounting.STARTED_STEP, F(4)),  # 5 − 0.5 × 2
            (DeductionCounting.FULL_STEP, F("4.5")),  # 5 − 0.5 × 1
        ],
    )
    def test_counting_modes(self, counting, expected):
        o = Deduction(per_unit="0.5", step=2, counting=counting).apply(ictx(5, "≥100", "97"))
        assert o.value == expected
        assert o.explanation.clause == "deduction.applied"

    @pytest.mark.parametrize("counting", list(DeductionCounting))
    def test_whole_steps_same_in_every_mode(self, counting):
        # gap 4, step 2 -> 2 units -> 5 − 1 = 4
        assert Deduction(per_unit="0.5", step=2, counting=counting).apply(ictx(5, "≥100", "96")).value == 4

    @pytest.mark.parametrize("counting", list(DeductionCounting))
    def test_small_gap(self, counting):
        # gap 0.01, step 1: proportional 0.01 units -> 5 − 0.01; started 1 unit -> 4; full 0 units -> 5
        o = Deduction(per_unit=1, counting=counting).apply(ictx(5, "≥100", "99.99"))
        assert (
            o.value
            == {
                DeductionCounting.PROPORTIONAL: F("4.99"),
                DeductionCounting.STARTED_STEP: F(4),
                DeductionCounting.FULL_STEP: F(5),
            }[counting]
        )

    def test_default_counting(self):
        d = Deduction(per_unit=1)
        assert d.counting is DeductionCounting.PROPORTIONAL
        assert d.step == 1

    @pytest.mark.parametrize(
        ("target", "actual", "expected"),
        [
            ("≥100", "100", F(5)),  # no shortfall
            ("≥100", "120", F(5)),  # above a ≥ target: nothing deducted
            (">100", "98", F(4)),  # gap 2 × 0.5
            ("≤10", "13", F("3.5")),  # above a ≤ target: gap 3
            ("≤10", "8", F(5)),  # below a ≤ target: fine
            ("<10", "12", F(4)),
            ("=10", "7", F("3.5")),  # either side of '='
            ("=10", "13", F("3.5")),
            ("10", "10", F(5)),
            ("25~30", "20", F("2.5")),  # 5 below the range
            ("25~30", "33", F("3.5")),  # 3 above the range
            ("25~30", "27", F(5)),
        ],
    )
    def test_each_direction(self, target, actual, expected):
        assert Deduction(per_unit="0.5").apply(ictx(5, target, actual)).value == expected

    def test_no_shortfall_clause(self):
        assert Deduction(per_unit=1).apply(ictx(5, "≥10", "10")).explanation.clause == "deduction.none"

    @pytest.mark.parametrize(
        ("actual", "clause"), [("95", "deduction.floored"), ("90", "deduction.floored"), ("0", "deduction.floored")]
    )
    def test_floor_at_zero(self, actual, clause):
        # per_unit 1 on weight 5: a gap of 5 (exactly the weight) or more floors at 0
        o = Deduction(per_unit=1).apply(ictx(5, "≥100", actual))
        assert o.value == 0
        assert o.explanation.clause == clause

    def test_one_below_floor(self):
        assert Deduction(per_unit=1).apply(ictx(5, "≥100", "95.01")).value == F("0.01")

    def test_zero_per_unit_never_deducts(self):
        assert Deduction(per_unit=0).apply(ictx(5, "≥100", "0")).value == 5

    def test_text_actual(self):
        o = Deduction(per_unit=1).apply(ictx(5, "≥100", "部分"))
        assert o.value == 0
        assert codes(o) == ["actual.not_numeric"]

    def test_negative_count_counts_from_zero(self):
        # -3人 is read as 0 (F9, a count): gap 10 × 0.1 = 1 -> 4
        o = Deduction(per_unit="0.1").apply(ictx(5, "≥10人", "-3人"))
        assert o.value == 4
        assert codes(o) == ["actual.negative"]

    def test_negative_bare_value_counts_in_full(self):
        # -3 (bare: possibly a change) stays -3: gap 13 × 0.1 = 1.3 -> 3.7
        o = Deduction(per_unit="0.1").apply(ictx(5, "≥10", "-3"))
        assert o.value == F(37, 10)
        assert codes(o) == []

    @pytest.mark.parametrize(
        "kwargs",
        [{"per_unit": -1}, {"per_unit": 1, "step": 0}, {"per_unit": 1, "step": -2}],
    )
    def test_invalid(self, kwargs):
        with pytest.raises(RubricError):
            Deduction(**kwargs)

    def test_invalid_counting(self):
        with pytest.raises(ValueError):
            Deduction(per_unit=1, counting="rounded")

    @settings(max_examples=200, deadline=None)
    @given(
        w=S.weights(),
        t=S.targets(),
        a=S.actuals(),
        per_unit=S.decimals_2dp(0, 20),
        step=S.decimals_2dp("0.01", 50),
        counting=st.sampled_from(list(DeductionCounting)),
        direction=st.sampled_from(["≥", ">", "≤", "<", "="]),
    )
    def test_property(self, w, t, a, per_unit, step, counting, direction):
        o = Deduction(per_unit=per_unit, step=step, counting=counting).apply(
            ictx(w, Target(direction, t), Actual.number(a))
        )
        assert in_unit_interval(o, w)
        ft, fa = F(t), F(a)
        gap = {"≥": max(F(0), ft - fa), ">": max(F(0), ft - fa), "≤": max(F(0), fa - ft), "<": max(F(0), fa - ft)}.get(
            direction, abs(fa - ft)
        )
        units = gap / F(step)
        if counting is DeductionCounting.STARTED_STEP:
            units = F(-((-units.numerator) // units.denominator))
        elif counting is DeductionCounting.FULL_STEP:
            units = F(units.numerator // units.denominator)
        assert o.value == max(F(0), F(w) - F(per_unit) * units)


# ================================================================== Checklist
ITEMS = (ChecklistItem("a", "制度健全", 2), ChecklistItem("b", "资料完整", 3), ChecklistItem("c", "按时报送", "5"))


class TestChecklist:
    @pytest.mark.parametrize(
        ("checked", "expected"),
        [
            ((), F(0)),
            (("a",), F(2)),
            (("a", "b"), F(5)),
            (("b", "c"), F(8)),  # exactly the weight
            (("a", "b", "c"), F(8)),  # 10 capped at 8
            (("a", "a"), F(2)),  # a duplicate counts once
        ],
    )
    def test_points_per_item_capped(self, checked, expected):
        o = Checklist(ITEMS).apply(ictx(8, None, None, checked=checked))
        assert o.value == expected
        assert o.findings == ()

    def test_cap_shows_in_formula(self):
        o = Checklist(ITEMS).apply(ictx(8, None, None, checked=("a", "b", "c")))
        assert o.explanation.formula.startswith("min(")

    def test_unknown_item(self):
        o = Checklist(ITEMS).apply(ictx(8, None, None, checked=("a", "z")))
        assert o.value == 2
        f = only_finding(o, "checklist.unknown_item", Severity.ERROR)
        assert f.get("item") == "z"

    def test_no_indicator(self):
        assert Checklist(ITEMS).apply(RuleContext(weight=D(8))).value == 0

    def test_invalid(self):
        with pytest.raises(RubricError):
            Checklist(())
        with pytest.raises(RubricError):
            Checklist((ChecklistItem("a", "x", 1), ChecklistItem("a", "y", 2)))
        with pytest.raises(RubricError):
            ChecklistItem("a", "x", -1)

    @settings(max_examples=150, deadline=None)
    @given(
        w=S.weights(),
        pts=st.lists(S.decimals_2dp(0, 10), min_size=1, max_size=5),
        data=st.data(),
    )
    def test_property(self, w, pts, data):
        items = tuple(ChecklistItem(f"i{k}", f"项{k}", p) for k, p in enumerate(pts))
        pool = [i.code for i in items] + ["unknown"]
        checked = data.draw(st.lists(st.sampled_from(pool), max_size=8))
        o = Checklist(items).apply(ictx(w, None, None, checked=checked))
        assert in_unit_interval(o, w)
        hit = {c for c in checked if c != "unknown"}
        expected = min(F(w), sum((F(pts[int(c[1:])]) for c in hit), F(0)))
        assert o.value == expected
        assert ("checklist.unknown_item" in codes(o)) is ("unknown" in checked)


# ================================================================== NotApplicable
class TestNotApplicable:
    def test_excluded(self):
        o = NotApplicable().apply(ictx(5, "≥10", "3"))
        assert o.applicable is False
        assert o.value == 0
        assert o.findings == ()
        assert o.explanation.clause == "not_applicable"

    def test_kinds_are_named(self):
        kinds = {
            r.kind
            for r in (
                BudgetExecution(),
                Positive(),
                Reverse(),
                Equal(),
                RangeRule(),
                QualitativeBands(),
                Deduction(per_unit=1),
                Checklist(ITEMS),
                NotApplicable(),
            )
        }
        assert len(kinds) == 9
        for r in (Positive(), NotApplicable(), Checklist(ITEMS)):
            assert isinstance(r, perfrules.Rule)


# ================================================================== floats are refused
FLOAT_CASES = [
    ("Deduction.per_unit", lambda: Deduction(per_unit=0.5), "per_unit"),
    ("Deduction.step", lambda: Deduction(per_unit=1, step=0.5), "step"),
    ("ChecklistItem.points", lambda: ChecklistItem("a", "x", 1.5), "points"),
    ("Indicator.weight", lambda: Indicator(name="x", weight=2.5), "weight"),
    ("Indicator.actual", lambda: Indicator(name="x", weight=2, actual=1.5), "actual"),
    ("Indicator.claimed_score", lambda: Indicator(name="x", weight=2, claimed_score=1.5), "claimed_score"),
    ("Target.value", lambda: Target("≥", 0.5), "value"),
    ("Target.upper", lambda: Target("~", 1, 2.5), "upper"),
    ("Actual.number", lambda: Actual.number(0.1), "value"),
    ("Actual.upper", lambda: Actual("range", 1, 2.5), "upper"),
    ("Funds.adjusted", lambda: Funds.single(adjusted=0.1, executed=1), "adjusted"),
    ("Funds.executed", lambda: Funds.single(adjusted=1, executed=0.1), "executed"),
    ("Funds.initial", lambda: Funds.single(adjusted=1, executed=1, initial=0.1), "initial"),
]


@pytest.mark.parametrize(("make", "field"), [c[1:] for c in FLOAT_CASES], ids=[c[0] for c in FLOAT_CASES])
def test_float_refused(make, field):
    with pytest.raises(FloatRefusedError) as exc:
        make()
    assert isinstance(exc.value, TypeError)
    assert exc.value.path == field
    assert field in str(exc.value)


@pytest.mark.parametrize("field", ["lower", "upper", "default"])
def test_float_refused_band_names_field(field):
    args = {"lower": "0.6", "upper": "0.8", "default": "0.7"}
    args[field] = float(args[field])
    with pytest.raises(FloatRefusedError) as exc:
        Band("partly_achieved", **args)
    assert exc.value.path == field


def test_float_refused_band_at_all():
    with pytest.raises(FloatRefusedError):
        Band("partly_achieved", 0.6, "0.8", "0.7")


def test_float_refused_rule_context_weight():
    with pytest.raises(FloatRefusedError) as exc:
        RuleContext(weight=0.1)
    assert exc.value.path == "weight"


# ================================================================== robustness bugs (negative targets, misuse)
def _outcome_or_refused(make_ctx, rule):
    """Either the input is refused with a perfrules error, or the value lies in [0, weight]."""
    try:
        ctx = make_ctx()
    except perfrules.PerfrulesError:
        return
    o = rule.apply(ctx)
    assert 0 <= o.value <= F(ctx.weight), o


@pytest.mark.parametrize("actual", ["3", "0"])
def test_reverse_ratio_negative_target(actual):
    _outcome_or_refused(lambda: ictx(3, "≤-5", actual), Reverse())


def test_equal_two_sided_negative_target():
    _outcome_or_refused(lambda: ictx(3, Target("=", -10), "0"), Equal(variant="two_sided"))


@pytest.mark.parametrize("actual", ["2", "0"])
def test_range_negative_bounds(actual):
    _outcome_or_refused(lambda: ictx(3, Target("~", -10, -5), actual), RangeRule())


def test_range_rule_on_non_range_target():
    try:
        o = RangeRule().apply(ictx(3, "≥30", "20"))
    except perfrules.PerfrulesError:
        return
    assert o.value == 0 and o.findings


# ================================================================== all rules stay in [0, weight]
@settings(max_examples=300, deadline=None)
@given(
    w=S.weights(),
    t=S.targets(),
    width=S.decimals_2dp(0, 500),
    a=S.actuals(),
    rule=st.sampled_from(
        [
            Positive(),
            Positive(zero_target="zero"),
            Reverse(),
            Reverse(variant="linear"),
            Equal(),
            Equal(variant="two_sided"),
            Deduction(per_unit="0.5", step=2),
            Deduction(per_unit=3, counting="started_step"),
            Deduction(per_unit=1, counting="full_step"),
        ]
    ),
    direction=st.sampled_from(["≥", ">", "≤", "<", "=", "~"]),
    range_actual=st.sampled_from(list(RangeActual)),
    actual_is_range=st.booleans(),
    actual_width=S.decimals_2dp(0, 100),
)
def test_every_quantitative_rule_in_unit_interval(
    w, t, width, a, rule, direction, range_actual, actual_is_range, actual_width
):
    target = Target("~", t, t + width) if direction == "~" else Target(direction, t)
    actual = Actual("range", a, a + actual_width) if actual_is_range else Actual.number(a)
    for r in (rule, RangeRule()) if direction == "~" else (rule,):
        o = r.apply(ictx(w, target, actual, range_actual=range_actual))
        assert in_unit_interval(o, w)
        assert o.applicable


# ================================================================== end to end with NATIONAL_2020
def _national_indicator(spec: S.LeafSpec, code: str) -> Indicator:
    if spec.kind == "qualitative":
        return Indicator(
            name=code,
            weight=spec.weight,
            target=Target.qualitative("达成预期目标"),
            actual="工作开展情况",
            assessment=spec.level,
        )
    direction = {"positive": "≥", "reverse": "≤", "equal": "=", "range": "~"}[spec.kind]
    target = Target(direction, spec.target, spec.upper)
    return Indicator(name=code, weight=spec.weight, target=target, actual=Actual.number(spec.actual))


def _national_oracle(spec: S.LeafSpec) -> Fraction:
    """NATIONAL_2020's default rules, from the formulas alone."""
    w = F(spec.weight)
    if spec.kind == "qualitative":
        return w * {"achieved": F(1), "partly_achieved": F(7, 10), "not_achieved": F(3, 10)}[spec.level]
    t, a = F(spec.target), F(spec.actual)  # bare numbers: never clamped (they may be changes)
    if spec.kind == "positive":
        return (F(0) if a < 0 else w) if t == 0 else w * min(max(a, F(0)) / t, F(1))
    if spec.kind == "reverse":
        return w if a <= t else (F(0) if t == 0 else w * t / a)
    if spec.kind == "equal":  # vendor F7: as positive; a 0 target met by any actual ≤ 0
        return w if a == t else ((w if a < 0 else F(0)) if t == 0 else w * min(max(a, F(0)) / t, F(1)))
    hi = F(spec.upper)
    return w if t <= a <= hi else ((F(0) if a <= 0 else w * a / t) if a < t else w * hi / a)


@st.composite
def national_cases(draw):
    blocks = {}
    for code, weight in (("output", D(50)), ("benefit", D(30)), ("satisfaction", D(10))):
        parts = draw(S.partition_cents(weight, min_parts=1, max_parts=4))
        blocks[code] = [draw(S.leaf_specs(p)) for p in parts]
    budget = draw(st.one_of(st.just(D(0)), S.decimals_2dp(0, 5000)))
    executed = draw(S.decimals_2dp(0, 6000))
    return blocks, budget, executed


@settings(max_examples=60, deadline=None)
@given(case=national_cases())
def test_national_2020_end_to_end(case):
    blocks, budget, executed = case
    groups = []
    for code, specs in blocks.items():
        leaves = tuple(_national_indicator(s, f"{code}{i}") for i, s in enumerate(specs))
        groups.append(Indicator(name=code, code=code, children=leaves))
    se = perfrules.SelfEvaluation(
        project=perfrules.Project(name="测试项目", year=2023),
        funds=Funds.single(adjusted=budget, executed=executed),
        indicators=tuple(groups),
    )
    result = perfrules.evaluate(perfrules.NATIONAL_2020, se)

    leaves = list(result.leaves())
    assert len(leaves) == 1 + sum(len(s) for s in blocks.values())
    for leaf in leaves:
        assert 0 <= leaf.score <= leaf.max_points
        assert leaf.score == leaf.score.quantize(D("0.01"))  # rounded to 2 places
    # ... the items are what the formulas say; nothing budgeted and nothing spent is N/A (rescaled)
    unspent = budget == 0 and executed == 0
    execution = F(0) if budget == 0 else F(10) * min(F(executed) / F(budget), F(1))
    base = S.half_up_2(execution) + sum((S.half_up_2(_national_oracle(s)) for specs in blocks.values() for s in specs), F(0))
    if unspent:
        assert not result.block("execution").applicable
        # the rubric rescales 90 attainable points to 100 and rounds the total half-up to 2 places
        assert result.total_exact == S.half_up_2(base * 100 / 90)
    else:
        # the rubric rounds items half-up to 2 places and adds them
        assert result.total == sum((leaf.score for leaf in leaves), D(0))
        assert result.total_exact == base
    assert 0 <= result.total <= 100
    assert result.grade == perfrules.NATIONAL_GRADES.grade(result.total)
    assert result.grade == result_grade_oracle(result.total)


def result_grade_oracle(total: Decimal):
    g = perfrules.NATIONAL_GRADES
    code = "excellent" if total >= 90 else "good" if total >= 80 else "fair" if total >= 60 else "poor"
    return next(b for b in g.bands if b.code == code)


def test_national_2020_tie_item_end_to_end():
    # one output leaf 3 × 1.43/6 = 0.715 -> 0.72; the rest of output (47 points) full; others full
    output = Indicator(
        name="产出指标",
        code="output",
        children=(
            Indicator(name="q1", weight=3, target="≥6", actual="1.43"),
            Indicator(name="q2", weight=47, target="≥1", actual="1"),
        ),
    )
    benefit = Indicator(
        name="效益指标", code="benefit", children=(Indicator(name="b", weight=30, target="合格", actual="合格"),)
    )
    satisfaction = Indicator(
        name="满意度指标", code="satisfaction", children=(Indicator(name="s", weight=10, target="≥90%", actual="95%"),)
    )
    se = perfrules.SelfEvaluation(
        project=perfrules.Project(name="p", year=2023),
        funds=Funds.single(adjusted=100, executed=100),
        indicators=(output, benefit, satisfaction),
    )
    r = perfrules.evaluate(perfrules.NATIONAL_2020, se)
    assert r.node("output/q1").score == D("0.72")
    assert r.node("output/q1").exact_raw == F(715, 1000)
    # 10 + 0.72 + 47 + 30 + 10 = 97.72
    assert r.total == D("97.72")
    assert r.grade.label_zh == "优"


def test_national_2020_not_applicable_rescaled():
    # execution 10 full; output: 40 full + 10 N/A; benefit 30 full; satisfaction 10 × 80/100 = 8
    # base 88 of attainable 90 -> 88 × 100 / 90 = 97.777..., total rounded half-up to 2 places -> 97.78
    output = Indicator(
        name="产出指标",
        code="output",
        children=(
            Indicator(name="q1", weight=40, target="≥1", actual="1"),
            Indicator(name="q2", weight=10, target="≥1", actual="0", applicable=False),
        ),
    )
    se = perfrules.SelfEvaluation(
        project=perfrules.Project(name="p", year=2023),
        funds=Funds.single(adjusted=100, executed=100),
        indicators=(
            output,
            Indicator(
                name="效益指标",
                code="benefit",
                children=(Indicator(name="b", weight=30, target="合格", actual="达成"),),
            ),
            Indicator(
                name="满意度指标",
                code="satisfaction",
                children=(Indicator(name="s", weight=10, target="≥90%", actual="72%"),),
            ),
        ),
    )
    r = perfrules.evaluate(perfrules.NATIONAL_2020, se)
    assert r.excluded_points == 10
    assert r.rescaled
    assert r.total_exact == S.half_up_2(F(88) * 100 / 90) == F(9778, 100)
    assert r.node("output/q2").applicable is False
    assert r.grade.label_zh == "优"


def test_rule_override_on_indicator():
    # an indicator may carry its own rule: Deduction 1 per unit short on 5 points, ≥100, actual 98 -> 3
    ind = Indicator(name="q", weight=5, target="≥100", actual="98", rule=Deduction(per_unit=1))
    out = Indicator(
        name="产出指标", code="output", children=(ind, Indicator(name="r", weight=45, target="≥1", actual="1"))
    )
    se = perfrules.SelfEvaluation(
        project=perfrules.Project(name="p", year=2023), funds=Funds.single(adjusted=1, executed=1), indicators=(out,)
    )
    r = perfrules.evaluate(perfrules.NATIONAL_2020, se)
    assert r.node("output/q").score == 3
    assert r.node("output/q").rule == "deduction"


def test_direction_dispatch_uses_rubric_rules():
    rubric = attrs.evolve(
        perfrules.NATIONAL_2020,
        rules=perfrules.ScoringRules(reverse=Reverse(variant="linear"), equal=Equal(variant="two_sided")),
    )
    out = Indicator(
        name="产出指标",
        code="output",
        children=(
            Indicator(name="r", weight=2, target="≤200", actual="300"),  # linear: 2 × (1 − 100/200) = 1
            Indicator(name="e", weight=3, target="100%", actual="105%"),  # two-sided: 3 × 0.95 = 2.85
        ),
    )
    se = perfrules.SelfEvaluation(
        project=perfrules.Project(name="p", year=2023), funds=Funds.single(adjusted=1, executed=1), indicators=(out,)
    )
    r = perfrules.evaluate(rubric, se)
    assert r.node("output/r").score == 1
    assert r.node("output/e").score == D("2.85")
    assert Direction.EQ is perfrules.parse_target("100%").direction


# ================================================================== every outcome explains itself
def _explained_cases():
    funds = Funds.single
    yield "execution.proportional", BudgetExecution(), fctx(10, funds(adjusted=200, executed=150))
    yield "execution.full", BudgetExecution(), fctx(10, funds(adjusted=200, executed=200))
    yield "execution.over_budget_capped", BudgetExecution(), fctx(10, funds(adjusted=200, executed=300))
    yield "execution.zero_budget", BudgetExecution(), fctx(10, funds(adjusted=0, executed=3))
    yield "not_applicable", BudgetExecution(zero_budget="not_applicable"), fctx(10, funds(adjusted=0, executed=3))
    yield "execution.no_initial_budget", BudgetExecution(base="initial"), fctx(10, funds(adjusted=1, executed=1))
    yield "actual.missing", BudgetExecution(), fctx(10, None)
    yield "positive.met", Positive(), ictx(3, "≥6", "7")
    yield "positive.below_target", Positive(), ictx(3, "≥6", "1.43")
    yield "positive.zero_target", Positive(), ictx(3, "≥0", "1")
    yield "actual.missing", Positive(), ictx(3, "≥6", None)
    yield "actual.not_numeric", Positive(), ictx(3, "≥6", "合格")
    yield "positive.below_zero", Positive(), ictx(3, "≥0%", "-0.21%")
    yield "strict.boundary", Positive(), ictx(3, ">100", "100")
    yield "not_applicable", Positive(), ictx(3, "≥50车", "没有停水")
    yield "target.missing", Positive(), ictx(3, None, "1")
    yield "reverse.met", Reverse(), ictx(3, "≤6", "6")
    yield "reverse.ratio", Reverse(), ictx(3, "≤6", "8")
    yield "reverse.linear", Reverse(variant="linear"), ictx(3, "≤6", "8")
    yield "reverse.beyond_twice", Reverse(variant="linear"), ictx(3, "≤6", "12")
    yield "reverse.zero_target", Reverse(), ictx(3, "≤0", "1")
    yield "equal.met", Equal(), ictx(3, "100%", "100%")
    yield "equal.as_positive", Equal(), ictx(3, "100%", "90%")
    yield "equal.deviation", Equal(variant="two_sided"), ictx(3, "100%", "90%")
    yield "equal.zero_target", Equal(), ictx(3, "=0", "1")
    yield "range.within", RangeRule(), ictx(3, "25~30人", "27人")
    yield "range.below", RangeRule(), ictx(3, "25~30人", "20人")
    yield "range.above", RangeRule(), ictx(3, "25~30人", "40人")
    yield "qualitative.default", QualitativeBands(), ictx(4, QUAL, "部分达成")
    yield "qualitative.claimed_in_band", QualitativeBands(), ictx(4, QUAL, "部分达成", claimed=3)
    yield "qualitative.claimed_out_of_band", QualitativeBands(), ictx(4, QUAL, "部分达成", claimed=4)
    yield "qualitative.no_judgement", QualitativeBands(), ictx(4, QUAL, "有进展")
    yield "deduction.none", Deduction(per_unit=1), ictx(5, "≥10", "10")
    yield "deduction.applied", Deduction(per_unit=1, step=2), ictx(5, "≥10个", "7个")
    yield "deduction.floored", Deduction(per_unit=1), ictx(5, "≥10", "0")
    yield "checklist.items", Checklist(ITEMS), ictx(8, None, None, checked=("a", "c"))
    yield "not_applicable", NotApplicable(), ictx(8, "≥1", "1")


EXPLAINED = list(_explained_cases())


@pytest.mark.parametrize(("clause", "rule", "ctx"), EXPLAINED, ids=[f"{c}-{r.kind}" for c, r, _ in EXPLAINED])
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_outcome_explains_itself(clause, rule, ctx, lang):
    from perfrules.explanation import CLAUSES

    o = rule.apply(ctx)
    assert o.explanation.clause == clause
    assert clause in CLAUSES
    assert o.explanation.rule == rule.kind
    text = o.explanation.reason(lang)
    assert text and "{" not in text and "}" not in text, text
    for f in o.findings:
        assert f.message("zh") and f.message("en")


# ================================================================== equality of rule records
def test_qualitative_rules_with_different_labels_differ():
    # rules (and so rubrics) with different label maps must not compare equal
    custom = QualitativeBands(labels={"好": Assessment.ACHIEVED})
    assert custom.apply(ictx(4, QUAL, "达成")).value != QualitativeBands().apply(ictx(4, QUAL, "达成")).value
    assert custom != QualitativeBands()
    rubric = attrs.evolve(perfrules.NATIONAL_2020, rules=perfrules.ScoringRules(qualitative=custom))
    assert rubric != perfrules.NATIONAL_2020


def test_rule_records_compare_by_parameters():
    assert Positive() == Positive(zero_target="full")
    assert Positive() != Positive(zero_target="zero")
    assert Reverse() != Reverse(variant="linear")
    assert Deduction(per_unit="0.5") == Deduction(per_unit=D("0.50"))
    assert BudgetExecution(over_budget="cap") != BudgetExecution()
