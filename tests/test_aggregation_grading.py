"""Aggregators (PointSum, WeightedMean, Minimum) and grade scales (national 90/80/60, provincial 80/70/60)."""

from __future__ import annotations

import pathlib
import sys
from decimal import Decimal
from fractions import Fraction

import attrs
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

sys.path.insert(0, str(pathlib.Path(__file__).parent))
import perfrules
import strategies as S
from perfrules import (
    NATIONAL_GRADES,
    PROVINCIAL_80_70_60,
    FloatRefusedError,
    Funds,
    GradeBand,
    GradeScale,
    Indicator,
    Minimum,
    PointSum,
    RubricError,
    WeightedMean,
)

D = Decimal
F = Fraction

CHILDREN = [(F(3), D(4)), (F(1), D(6))]  # 3 of 4 and 1 of 6


# ================================================================== PointSum
class TestPointSum:
    def test_sum(self):
        assert PointSum().combine(CHILDREN, None) == (F(4), D(10))

    def test_declared_points_do_not_change_the_sum(self):
        # the table convention: 得分 adds up; a declared group weight is only checked, not applied
        assert PointSum().combine(CHILDREN, D(20)) == (F(4), D(10))

    def test_empty(self):
        assert PointSum().combine([], None) == (F(0), D(0))

    def test_exact_fractions_kept(self):
        assert PointSum().combine([(F(1, 3), D(1)), (F(2, 3), D(1))], None) == (F(1), D(2))

    def test_formula(self):
        assert PointSum().formula([("3", "4"), ("1", "6")], None) == "3 + 1"
        assert PointSum().formula([], None) == "0"

    @settings(max_examples=150, deadline=None)
    @given(children=S.aggregator_children(), points=st.one_of(st.none(), S.decimals_2dp(0, 100)))
    def test_property_sum(self, children, points):
        value, mx = PointSum().combine(children, points)
        assert value == sum((s for s, _ in children), F(0))
        assert mx == sum((m for _, m in children), D(0))
        assert 0 <= value <= F(mx)


# ================================================================== WeightedMean
class TestWeightedMean:
    def test_to_declared_points(self):
        # 20 × (3 + 1) / (4 + 6) = 8
        assert WeightedMean().combine(CHILDREN, D(20)) == (F(8), D(20))

    def test_without_declared_points_equals_sum(self):
        # max = 4 + 6 = 10; 10 × 4/10 = 4
        assert WeightedMean().combine(CHILDREN, None) == (F(4), D(10))

    def test_inexact(self):
        # 10 × (1 + 1) / (3 + 3) = 10/3
        assert WeightedMean().combine([(F(1), D(3)), (F(1), D(3))], D(10)) == (F(10, 3), D(10))

    def test_empty(self):
        assert WeightedMean().combine([], D(20)) == (F(0), D(20))
        assert WeightedMean().combine([], None) == (F(0), D(0))

    def test_zero_maxima(self):
        assert WeightedMean().combine([(F(0), D(0)), (F(0), D(0))], D(5)) == (F(0), D(5))

    @settings(max_examples=150, deadline=None)
    @given(children=S.aggregator_children(), points=st.one_of(st.none(), S.decimals_2dp(0, 100)))
    def test_property_within_points(self, children, points):
        value, mx = WeightedMean().combine(children, points)
        total_max = sum((F(m) for _, m in children), F(0))
        assert mx == (points if points is not None else sum((m for _, m in children), D(0)))
        assert 0 <= value <= F(mx)
        if total_max:
            assert value == F(mx) * sum((s for s, _ in children), F(0)) / total_max
        else:
            assert value == 0


# ================================================================== Minimum
class TestMinimum:
    def test_weakest_child(self):
        # min(3/4, 1/6) = 1/6; 20 × 1/6 = 10/3
        assert Minimum().combine(CHILDREN, D(20)) == (F(10, 3), D(20))

    def test_without_declared_points(self):
        # max 10 × 1/6 = 5/3
        assert Minimum().combine(CHILDREN, None) == (F(5, 3), D(10))

    def test_zero_max_child_counts_as_achieved(self):
        # a 0-point child cannot be missed: achievement 1; min(1, 3/4) = 3/4 of 8 = 6
        assert Minimum().combine([(F(0), D(0)), (F(3), D(4))], D(8)) == (F(6), D(8))

    def test_empty(self):
        assert Minimum().combine([], D(20)) == (F(0), D(20))

    def test_all_full(self):
        assert Minimum().combine([(F(4), D(4)), (F(6), D(6))], D(20)) == (F(20), D(20))

    @settings(max_examples=150, deadline=None)
    @given(children=S.aggregator_children(), points=st.one_of(st.none(), S.decimals_2dp(0, 100)))
    def test_property_within_points(self, children, points):
        value, mx = Minimum().combine(children, points)
        assert 0 <= value <= F(mx)
        if children:
            shares = [s / F(m) if m else F(1) for s, m in children]
            assert value == F(mx) * min(shares)
            # never above the weighted mean when both carry the same points
            assert value <= WeightedMean().combine(children, mx)[0] or all(m == 0 for _, m in children)


def test_aggregators_are_aggregators():
    for agg in (PointSum(), WeightedMean(), Minimum()):
        assert isinstance(agg, perfrules.Aggregator)
    assert {PointSum.kind, WeightedMean.kind, Minimum.kind} == {"point_sum", "weighted_mean", "minimum"}


# ------------------------------------------------------------------ aggregators inside evaluate
def _se(*output_leaves: Indicator) -> perfrules.SelfEvaluation:
    return perfrules.SelfEvaluation(
        project=perfrules.Project(name="p", year=2023),
        funds=Funds.single(adjusted=1, executed=1),
        indicators=(Indicator(name="产出指标", code="output", children=output_leaves),),
    )


# two leaves of 10 under the 50-point output block: 10 (full) and 5 (half)
HALF_LEAVES = (
    Indicator(name="a", weight=10, target="≥2", actual="2"),
    Indicator(name="b", weight=10, target="≥2", actual="1"),
)


@pytest.mark.parametrize(
    ("aggregator", "output_score"),
    [
        (PointSum(), D(15)),  # 10 + 5
        (WeightedMean(), D("37.5")),  # 50 × 15/20
        (Minimum(), D(25)),  # 50 × min(1, 1/2)
    ],
)
def test_aggregator_in_evaluation(aggregator, output_score):
    r = perfrules.evaluate(attrs.evolve(perfrules.NATIONAL_2020, aggregator=aggregator), _se(*HALF_LEAVES))
    assert r.block("output").score == output_score
    assert r.total == 10 + output_score  # execution 10, other blocks missing
    # 20 points of items under a 50-point block
    assert [f.code for f in r.findings_by_code("weights.sum_mismatch")] == ["weights.sum_mismatch"]


def test_nested_groups_point_sum():
    out = (
        Indicator(
            name="数量指标",
            children=(
                Indicator(name="a", weight=25, target="≥2", actual="2"),  # 25
                Indicator(name="b", weight=15, target="≥3", actual="1"),  # 5
            ),
        ),
        Indicator(
            name="质量指标", children=(Indicator(name="c", weight=10, target="≤1", actual="4"),)
        ),  # 10 × 1/4 = 2.5
    )
    r = perfrules.evaluate(perfrules.NATIONAL_2020, _se(*out))
    assert r.node("output/数量指标").score == 30
    assert r.node("output/质量指标").score == D("2.5")
    assert r.block("output").score == D("32.5")
    assert r.block("output").max_points == 50


# ================================================================== grades
def grade_oracle(total: Fraction, edges: tuple) -> str:
    e1, e2, e3 = (F(e) for e in edges)
    if total >= e1:
        return "优"
    if total >= e2:
        return "良"
    if total >= e3:
        return "中"
    return "差"


RANK = {"优": 0, "良": 1, "中": 2, "差": 3}


@pytest.mark.parametrize(
    ("total", "label"),
    [
        (D(100), "优"),
        (D(120), "优"),
        (D(90), "优"),
        (D("90.00"), "优"),
        (90, "优"),
        (F(90), "优"),
        (D("89.999999"), "良"),
        (D("89.995"), "良"),  # exact: not rounded up to 90
        (D("89.99"), "良"),
        (F(179999, 2000), "良"),  # 89.9995
        (D(80), "良"),
        (D("79.99"), "中"),
        (F(80) - F(1, 10**12), "中"),
        (D(60), "中"),
        (60, "中"),
        (D("59.99"), "差"),
        (D(0), "差"),
        (D("-5"), "差"),
    ],
)
def test_national_grades(total, label):
    assert NATIONAL_GRADES.grade(total).label_zh == label


def test_national_band_data():
    assert [(b.code, b.label_zh, b.label_en, b.lower) for b in NATIONAL_GRADES.bands] == [
        ("excellent", "优", "excellent", D(90)),
        ("good", "良", "good", D(80)),
        ("fair", "中", "fair", D(60)),
        ("poor", "差", "poor", D(0)),
    ]
    assert NATIONAL_GRADES.code == "national"
    assert perfrules.NATIONAL_2020.grades == NATIONAL_GRADES


@pytest.mark.parametrize(
    ("total", "label"),
    [
        (D(100), "优"),
        (D(80), "优"),
        (D("79.99"), "良"),
        (D("79.995"), "良"),
        (D(70), "良"),
        (D("69.99"), "中"),
        (D(60), "中"),
        (D("59.99"), "差"),
        (D(0), "差"),
    ],
)
@pytest.mark.parametrize(
    "scale", [PROVINCIAL_80_70_60, GradeScale.from_edges(80, 70, 60), GradeScale.from_edges("80", "70.00", D(60))]
)
def test_provincial_grades(scale, total, label):
    assert scale.grade(total).label_zh == label


def test_from_edges_equals_constant():
    assert GradeScale.from_edges(80, 70, 60, code="provincial-80-70-60") == PROVINCIAL_80_70_60
    assert GradeScale.from_edges(90, 80, 60, code="national") == NATIONAL_GRADES


def test_fractional_edges():
    scale = GradeScale.from_edges("85.5", "75.25", "60.01")
    assert scale.grade(D("85.5")).label_zh == "优"
    assert scale.grade(D("85.49")).label_zh == "良"
    assert scale.grade(D("75.25")).label_zh == "良"
    assert scale.grade(D("60.01")).label_zh == "中"
    assert scale.grade(D(60)).label_zh == "差"


def test_custom_scale_below_every_band_gets_the_lowest():
    scale = GradeScale((GradeBand("pass", "合格", "pass", 60), GradeBand("fail", "不合格", "fail", 30)))
    assert scale.grade(60).code == "pass"
    assert scale.grade(30).code == "fail"
    assert scale.grade(10).code == "fail"


@pytest.mark.parametrize(
    "make",
    [
        lambda: GradeScale.from_edges(90, 80),
        lambda: GradeScale.from_edges(90, 80, 60, 40),
        lambda: GradeScale.from_edges(80, 90, 60),  # not descending
        lambda: GradeScale.from_edges(90, 90, 60),  # not strictly descending
        lambda: GradeScale.from_edges(90, 80, 0),  # 中 edge equals 差's 0
        lambda: GradeScale(()),
        lambda: GradeScale((GradeBand("a", "优", "a", 90), GradeBand("a", "良", "b", 80))),  # duplicate codes
    ],
)
def test_invalid_scales(make):
    with pytest.raises(RubricError):
        make()


def test_grade_refuses_float():
    with pytest.raises(FloatRefusedError) as exc:
        NATIONAL_GRADES.grade(89.995)
    assert isinstance(exc.value, TypeError)
    assert exc.value.path == "total"


def test_edges_refuse_float():
    with pytest.raises(FloatRefusedError) as exc:
        GradeScale.from_edges(90.0, 80, 60)
    assert exc.value.path == "edges"
    with pytest.raises(FloatRefusedError) as exc2:
        GradeBand("a", "优", "a", 90.5)
    assert exc2.value.path == "lower"


@settings(max_examples=300, deadline=None)
@given(total=S.grade_totals())
@example(total=F("89.995"))
@example(total=F(90))
@example(total=F(80))
@example(total=F(60))
def test_property_national_consistent_with_edges(total):
    assert NATIONAL_GRADES.grade(total).label_zh == grade_oracle(total, (90, 80, 60))


@settings(max_examples=200, deadline=None)
@given(total=S.grade_totals())
def test_property_provincial_consistent_with_edges(total):
    assert PROVINCIAL_80_70_60.grade(total).label_zh == grade_oracle(total, (80, 70, 60))


@settings(max_examples=200, deadline=None)
@given(edges=S.descending_edges(), total=st.one_of(S.grade_totals(), S.decimals_2dp(0, 100).map(F)))
def test_property_from_edges_consistent(edges, total):
    scale = GradeScale.from_edges(*edges)
    assert scale.grade(total).label_zh == grade_oracle(total, edges)
    # each edge itself belongs to its own band (inclusive lower bounds)
    for edge, label in zip(edges, ("优", "良", "中"), strict=True):
        assert scale.grade(edge).label_zh == label


@settings(max_examples=200, deadline=None)
@given(
    t1=S.grade_totals(),
    t2=S.grade_totals(),
    scale=st.sampled_from([NATIONAL_GRADES, PROVINCIAL_80_70_60]),
)
def test_property_grade_monotone(t1, t2, scale):
    lo, hi = sorted((t1, t2))
    assert RANK[scale.grade(lo).label_zh] >= RANK[scale.grade(hi).label_zh]


@settings(max_examples=100, deadline=None)
@given(total=S.decimals_2dp(-10, 120))
def test_property_decimal_fraction_int_agree(total):
    g = NATIONAL_GRADES.grade(total)
    assert NATIONAL_GRADES.grade(F(total)) == g
    if total == total.to_integral_value():
        assert NATIONAL_GRADES.grade(int(total)) == g


def test_grade_in_evaluation_uses_rubric_scale():
    # execution 10 + output (50 × 2/3 -> 33.33) = 43.33 → 差 nationally; a lenient custom scale gives 中
    out = (Indicator(name="a", weight=50, target="≥3", actual="2"),)
    lenient = GradeScale.from_edges(60, 50, 40)
    r = perfrules.evaluate(attrs.evolve(perfrules.NATIONAL_2020, grades=lenient), _se(*out))
    assert r.total == D("43.33")
    assert r.grade.label_zh == "中"
    assert perfrules.evaluate(perfrules.NATIONAL_2020, _se(*out)).grade.label_zh == "差"


# ------------------------------------------------------------------ aggregators and N/A items
def _full_marks_with_na() -> perfrules.SelfEvaluation:
    """Every applicable item fully met; 10 of output's 50 points are N/A."""
    out = Indicator(
        name="产出指标",
        code="output",
        children=(
            Indicator(name="a", weight=40, target="≥1", actual="1"),
            Indicator(name="b", weight=10, target="≥1", actual="0", applicable=False),
        ),
    )
    return perfrules.SelfEvaluation(
        project=perfrules.Project(name="p", year=2023),
        funds=Funds.single(adjusted=1, executed=1),
        indicators=(
            out,
            Indicator(
                name="效益指标", code="benefit", children=(Indicator(name="c", weight=30, target="≥1", actual="1"),)
            ),
            Indicator(
                name="满意度指标",
                code="satisfaction",
                children=(Indicator(name="d", weight=10, target="≥1", actual="1"),),
            ),
        ),
    )


def test_point_sum_na_rescaled_to_base():
    # 10 + 40 + 30 + 10 = 90 of an attainable 90 -> rescaled to 100
    r = perfrules.evaluate(perfrules.NATIONAL_2020, _full_marks_with_na())
    assert r.total == 100


@pytest.mark.parametrize("aggregator", [WeightedMean(), Minimum()], ids=["weighted_mean", "minimum"])
def test_rescaling_aggregators_with_na_do_not_exceed_base(aggregator):
    r = perfrules.evaluate(attrs.evolve(perfrules.NATIONAL_2020, aggregator=aggregator), _full_marks_with_na())
    assert r.total == 100


def test_leaf_block_weight_checked_against_block():
    sat = Indicator(name="满意度指标", code="satisfaction", weight=20, target="≥90%", actual="95%")
    se = perfrules.SelfEvaluation(
        project=perfrules.Project(name="p", year=2023), funds=Funds.single(adjusted=1, executed=1), indicators=(sat,)
    )
    r = perfrules.evaluate(perfrules.NATIONAL_2020, se)
    assert r.block("satisfaction").score <= 10 or r.findings_by_code("weights.sum_mismatch")


def test_leaf_block_with_matching_weight():
    sat = Indicator(name="满意度指标", code="satisfaction", weight=10, target="≥90%", actual="72%")
    se = perfrules.SelfEvaluation(
        project=perfrules.Project(name="p", year=2023), funds=Funds.single(adjusted=1, executed=1), indicators=(sat,)
    )
    r = perfrules.evaluate(perfrules.NATIONAL_2020, se)
    # 10 × 72/90 = 8
    assert r.block("satisfaction").score == 8
    assert r.total == 18
