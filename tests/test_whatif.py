"""next_grade and what_if: the distance to the next grade checked by brute force on small tables."""

from __future__ import annotations

import itertools
from decimal import Decimal
from fractions import Fraction

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import perfrules
from perfrules import NATIONAL_2020, Block, Funds, Indicator, Project, SelfEvaluation, evaluate, next_grade, what_if

D = Decimal
#: one block of 100 points, so every point an item regains is a point of the total
ONE_BLOCK = attrs.evolve(NATIONAL_2020, code="one-block", blocks=(Block("output", "产出指标", "output", D(100)),))


def _card(weights, actuals):
    leaves = tuple(Indicator(f"i{k}", weight=w, target="≥10个", actual=f"{a}个") for k, (w, a) in enumerate(zip(weights, actuals, strict=True)))
    return SelfEvaluation(Project("测试", 2024), Funds.single(adjusted=1, executed=1), (Indicator("产出指标", code="output", children=leaves),))


@st.composite
def _tables(draw):
    n = draw(st.integers(1, 5))
    cuts = sorted(draw(st.lists(st.integers(1, 99), min_size=n - 1, max_size=n - 1, unique=True)))
    weights = [b - a for a, b in zip([0, *cuts], [*cuts, 100], strict=True)]
    actuals = draw(st.lists(st.integers(0, 10), min_size=n, max_size=n))
    return weights, actuals


@settings(max_examples=60, deadline=None)
@given(_tables())
def test_the_fewest_rows_to_the_next_grade_match_brute_force(table):
    weights, actuals = table
    result = evaluate(ONE_BLOCK, _card(weights, actuals))
    distance = next_grade(ONE_BLOCK, result)
    bands = ONE_BLOCK.grades.bands
    better = {b.code for b in bands[: [b.code for b in bands].index(result.grade.code)]}
    if not better:
        assert distance.next is None and distance.rows == ()
        return
    # brute force: every set of rows given full points (10 of 10), the smallest that lifts the grade
    smallest = None
    for size in range(len(weights) + 1):
        for rows in itertools.combinations(range(len(weights)), size):
            lifted = [10 if k in rows else a for k, a in enumerate(actuals)]
            if evaluate(ONE_BLOCK, _card(weights, lifted)).grade.code in better:
                smallest = size
                break
        if smallest is not None:
            break
    assert distance.reachable is (smallest is not None)
    if smallest is not None:
        assert len(distance.rows) == smallest
    # the points needed: the next band's lower bound (at the total's 2-place half-up rounding) less the total
    assert distance.points == max(Fraction(distance.next.lower) - Fraction(1, 200) - result.total_before_rounding, Fraction(0))


def test_rescaled_away_points_make_each_item_point_worth_more():
    # 40 + 20 points scored of 60 applicable, 40 N/A: rescaled 60/60 × 100 = 100 … lower it: 30 of 40, 20 of 20
    card = SelfEvaluation(
        Project("测试", 2024), Funds.single(adjusted=1, executed=1),
        (Indicator("产出指标", code="output", children=(
            Indicator("a", weight=40, target="≥10个", actual="7个"),  # 28 of 40
            Indicator("b", weight=20, target="≥10个", actual="10个"),  # 20 of 20
            Indicator("c", weight=40, target="/", actual="/"),  # not applicable
        )),),
    )  # fmt: skip
    result = evaluate(ONE_BLOCK, card)
    assert result.total == D(80)  # 48 of 60 → 80, 良
    distance = next_grade(ONE_BLOCK, result)
    # 优 from 89.995: 9.995 more in the total, each item point worth 100/60: 9.995 × 60/100 = 5.997 item points
    assert distance.points == Fraction("89.995") - 80
    assert distance.item_points == (Fraction("89.995") - 80) * Fraction(60, 100)
    assert [r[0] for r in distance.rows] == ["output/a"] and distance.reachable


def test_a_cap_by_execution_bars_the_next_grade():
    rubric = attrs.evolve(NATIONAL_2020, limits=perfrules.Limits(execution_caps=(perfrules.ExecutionCap(D("0.8"), D(89)),)))
    card = SelfEvaluation(
        Project("测试", 2024), Funds.single(adjusted=100, executed=70),
        (Indicator("产出指标", code="output", children=(Indicator("o", weight=50, target="≥10个", actual="10个"),)),
         Indicator("效益指标", code="benefit", children=(Indicator("b", weight=30, target="≥10个", actual="10个"),)),
         Indicator("满意度指标", code="satisfaction", children=(Indicator("s", weight=10, target="≥90%", actual="95%"),))),
    )  # fmt: skip
    result = evaluate(rubric, card)
    assert (result.total, result.grade.label_zh) == (D(89), "良")  # 7 + 90 = 97, capped at 89
    distance = next_grade(rubric, result)
    assert (distance.barred_by, distance.reachable) == ("limits.execution_cap", False)


def test_what_if_explains_the_difference_row_by_row():
    se = perfrules.examples.huashan_2020()
    change = what_if(perfrules.HUBEI_2020, se, actuals={"output/数量指标/年组织开展群众文体活动": "2次/年"})
    (row,) = change.rows
    assert (row.before, row.after, row.clause_before, row.clause_after) == (D(1), D(2), "positive.below_target", "positive.met")
    # 95.67 + 1 = 96.67 of 98 applicable points, rescaled: 96.67 × 100 / 98 = 98.6428… → 98.64
    assert change.after.total == D("98.64") and change.total_change == D("98.64") - D("97.62")
    with pytest.raises(perfrules.InvalidInputError):
        what_if(perfrules.HUBEI_2020, se, actuals={"output/没有这一项": "1"})


def test_what_if_under_another_rubric():
    se = perfrules.examples.huashan_2020()
    change = what_if(perfrules.HUBEI_2020, se, rubric_after=perfrules.NATIONAL_2020)
    assert change.before.rubric_code == "cn-hubei-project-2020" and change.after.rubric_code == "cn-national-project-2020"
    assert {r.path for r in change.rows} >= {"execution"}  # 20 points of execution become 10
