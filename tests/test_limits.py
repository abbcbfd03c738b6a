"""Limits after the total — caps by execution rate, vetoes, the over-target deduction — at their boundaries.

Every expected total is worked out by hand in the comment beside it.
"""

from __future__ import annotations

from decimal import Decimal

import attrs
import pytest

import perfrules
from perfrules import (
    NATIONAL_2020,
    ExecutionCap,
    Funds,
    Indicator,
    Limits,
    OverTargetDeduction,
    Project,
    RubricError,
    SelfEvaluation,
    Veto,
    evaluate,
)

D = Decimal


def _card(executed="100", actual="10个", facts=None):
    """National scheme, every item met except what the arguments change: 10 + 50 + 30 + 10 = 100 when all met."""
    return SelfEvaluation(
        Project("测试项目", 2024),
        Funds.single(adjusted="100", executed=executed),
        (
            Indicator("产出指标", code="output", children=(Indicator("o1", weight=50, target="≥10个", actual=actual),)),
            Indicator("效益指标", code="benefit", children=(Indicator("b1", weight=30, target="达成预期指标", actual="达成预期指标"),)),
            Indicator("满意度指标", code="satisfaction", children=(Indicator("s1", weight=10, target="≥90%", actual="95%"),)),
        ),
        facts=facts or {},
    )


def _with(**limits):
    return attrs.evolve(NATIONAL_2020, limits=Limits(**limits))


CAPS = (ExecutionCap(below=D("0.8"), max_total=D(89)), ExecutionCap(below=D("0.5"), max_total=D(59)))


@pytest.mark.parametrize(
    ("executed", "total", "grade", "capped"),
    [
        ("80", D(98), "优", False),  # 80 % is not below 80 %: 8 + 90 = 98
        ("79.99", D(89), "良", True),  # 7.999 + 90 = 97.999 → capped at 89
        ("50", D(89), "良", True),  # 5 + 90 = 95, below 80 % → 89 (50 % is not below 50 %)
        ("49.99", D(59), "差", True),  # 4.999 + 90 = 94.999; both caps apply, the tighter 59 wins
    ],
)
def test_the_total_is_capped_by_the_execution_rate(executed, total, grade, capped):
    result = evaluate(_with(execution_caps=CAPS), _card(executed=executed))
    assert (result.total, result.grade.label_zh) == (total, grade)
    assert bool(result.findings_by_code("limits.execution_cap")) is capped


def test_a_cap_needs_a_budget_to_compute_the_rate():
    card = attrs.evolve(_card(), funds=None)
    result = evaluate(_with(execution_caps=CAPS), card)
    assert [f.code for f in result.findings if f.code.startswith("limits.")] == ["limits.execution_unknown"]


SERIOUS = Veto("serious_problem", "存在严重问题", "serious problems", findings=("check.misuse",), facts=("misused_funds",), max_grade="good")


@pytest.mark.parametrize(
    ("facts", "grade", "severity"),
    [
        ({}, "优", None),  # not triggered: 100, 优
        ({"misused_funds": 0}, "优", None),  # a fact of 0 does not trigger
        ({"misused_funds": "12.5"}, "良", perfrules.Severity.ERROR),  # 100 points, yet at most 良
    ],
)
def test_a_veto_by_fact_bars_the_excellent_grade(facts, grade, severity):
    result = evaluate(_with(vetoes=(SERIOUS,)), _card(facts=facts))
    assert result.total == D(100) and result.grade.label_zh == grade
    assert [f.severity for f in result.findings_by_code("limits.veto")] == ([severity] if severity else [])


def test_a_veto_already_satisfied_is_reported_without_changing_the_grade():
    # o1 at 7 of 10: 50 × 0.7 = 35 → 10 + 35 + 30 + 10 = 85, 良 — the veto allows 良
    result = evaluate(_with(vetoes=(SERIOUS,)), _card(actual="7个", facts={"misused_funds": 1}))
    assert (result.total, result.grade.label_zh) == (D(85), "良")
    (finding,) = result.findings_by_code("limits.veto")
    assert finding.severity is perfrules.Severity.WARNING


def test_a_veto_can_cap_the_total_and_is_triggered_by_a_finding_code():
    veto = Veto("estimated", "实际值为估计数", findings=("actual.approximate",), max_total=D(59))
    result = evaluate(_with(vetoes=(veto,)), _card(actual="约10个"))  # 100 points, but the actual is an estimate
    assert (result.total, result.grade.label_zh) == (D(59), "差")
    assert dict(result.findings_by_code("limits.veto")[0].data)["triggers"] == ("actual.approximate",)


@pytest.mark.parametrize(
    ("actual", "total", "deducted"),
    [
        ("12.99个", D(100), D(0)),  # 1.299 × the target: no deduction
        ("13个", D(98), D(2)),  # exactly 1.3 × 10: 2 points off
        ("30个", D(98), D(2)),
    ],
)
def test_an_actual_far_above_its_target_loses_points(actual, total, deducted):
    result = evaluate(_with(over_target=OverTargetDeduction()), _card(actual=actual))
    assert result.total == total and result.penalty == deducted
    assert len(result.findings_by_code("limits.over_target")) == (1 if deducted else 0)


def test_the_deduction_never_takes_more_than_the_item_scored():
    tiny = OverTargetDeduction(ratio=D("1.5"), points=D(80))
    result = evaluate(_with(over_target=tiny), _card(actual="20个"))  # o1 scores 50; 80 off would go below 0
    assert result.total == D(50) and result.penalty == D(50)


def test_limits_are_validated():
    with pytest.raises(RubricError):
        Veto("v", "无触发", max_grade="good")
    with pytest.raises(RubricError):
        Veto("v", "无限度", facts=("x",))
    with pytest.raises(RubricError):
        OverTargetDeduction(ratio=D(1))
    with pytest.raises(RubricError):
        Limits(execution_caps=(ExecutionCap(D("0.8"), D(89)), ExecutionCap(D("0.8"), D(79))))
    with pytest.raises(RubricError):
        ExecutionCap(D(0), D(89))


def test_limits_load_from_a_rubric_file(tmp_path):
    """A province declares its limits in an overlay document; the loaded rubric applies them."""
    text = """
code = "cn-test-limits"
title_zh = "测试"
title_en = "test"
base = "100"
[[blocks]]
code = "execution"
name_zh = "预算执行"
name_en = "execution"
weight = "10"
source = "funds"
[[blocks]]
code = "output"
name_zh = "产出指标"
name_en = "output"
weight = "50"
[[blocks]]
code = "benefit"
name_zh = "效益指标"
name_en = "benefit"
weight = "30"
[[blocks]]
code = "satisfaction"
name_zh = "满意度指标"
name_en = "satisfaction"
weight = "10"
[limits.over_target]
ratio = "1.3"
points = "2"
[[limits.execution_caps]]
below = "0.8"
max_total = "89"
[[limits.vetoes]]
code = "serious"
title_zh = "存在严重问题"
facts = ["misused_funds"]
max_grade = "good"
"""
    path = tmp_path / "limits.toml"
    path.write_text(text, encoding="utf-8")
    rubric = perfrules.load_rubric(path)
    assert rubric.limits.execution_caps == (ExecutionCap(D("0.8"), D(89)),)
    result = evaluate(rubric, _card(executed="70", actual="13个", facts={"misused_funds": 1}))
    # 7 + 50 + 30 + 10 = 97; 2 off for 13 against ≥10 → 95; 70 % < 80 % → 89; the veto allows 良: 89, 良
    assert (result.total, result.grade.label_zh) == (D(89), "良")
    assert perfrules.loads(perfrules.dumps(rubric, format="toml"), perfrules.Rubric, format="toml") == rubric


def test_lint_catches_a_veto_to_no_grade_and_a_cap_that_never_bites():
    rubric = _with(vetoes=(Veto("v", "否决", facts=("x",), max_grade="gold"),), execution_caps=(ExecutionCap(D("0.8"), D(100)),))
    codes = {f.code: f.severity for f in perfrules.lint(rubric)}
    assert codes["limits.unknown_grade"] is perfrules.Severity.ERROR
    assert codes["limits.cap_never_applies"] is perfrules.Severity.WARNING
    assert not [f for f in perfrules.lint(_with(vetoes=(SERIOUS,), execution_caps=CAPS)) if f.code.startswith("limits.")]


@pytest.mark.parametrize(("deduct", "total", "grade"), [(D(5), D(95), "优"), (D("10.01"), D("89.99"), "良"), (D(200), D(0), "差")])
def test_a_check_that_deducts_takes_points_off_the_total(deduct, total, grade):
    """100 points; a triggered deduction of 5 keeps 优, of 10.01 crosses to 良, of 200 stops at 0."""
    veto = Veto("late_report", "资料报送逾期", facts=("late_days",), deduct=deduct)
    result = evaluate(_with(vetoes=(veto,)), _card(facts={"late_days": 3}))
    assert (result.total, result.grade.label_zh) == (total, grade)
    assert result.findings_by_code("limits.veto")[0].severity is perfrules.Severity.ERROR
