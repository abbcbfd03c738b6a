"""audit(): each check of a filled table, on tables small enough to work out by hand.

Every expected figure below is computed in the test with ``fractions.Fraction``
or by hand in the comment beside it, never copied from perfrules' output.
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import perfrules
from perfrules import CheckState, Severity, audit, read_records


def _table(rows=None, funds=None, **scalars):
    document = dict(scalars)
    if funds is not None:
        document["资金"] = funds
    document["指标"] = rows if rows is not None else [
        {"一级指标": "产出指标", "二级指标": "数量指标", "三级指标": "培训人次", "年度指标值": "≥100人次", "实际完成值": "100人次", "分值": 50, "得分": 50, "偏差原因": ""},
        {"一级指标": "效益指标", "二级指标": "社会效益指标", "三级指标": "受益人数", "年度指标值": "≥500人", "实际完成值": "500人", "分值": 30, "得分": 30, "偏差原因": ""},
        {"一级指标": "满意度指标", "二级指标": "服务对象满意度指标", "三级指标": "满意度", "年度指标值": "≥90%", "实际完成值": "95%", "分值": 10, "得分": 10, "偏差原因": ""},
    ]
    return read_records(document, source="t")


def _funds(budget, spent, rate, score, points=10):
    return [{"资金来源": "年度资金总额", "全年预算数": budget, "全年执行数": spent, "分值": points, "执行率": rate, "得分": score}]


def _check(report, code, state=None):
    found = [c for c in report.checks if c.code == code]
    assert found, f"no {code} check in {[c.code for c in report.checks]}"
    if state is not None:
        assert [c.state for c in found] == [state] * len(found), found
    return found


def test_a_consistent_table_passes_every_check():
    report = audit(_table(funds=_funds("100", "95", "95%", "9.5"), 总分="99.5", 评级="优"))
    assert report.ok and not [f for f in report.findings if f.severity is not Severity.INFO]
    assert report.states()[CheckState.FAILED] == 0
    assert {c.code for c in report.checks} >= {"funds.rate", "funds.score", "points.total", "total.sum", "grade.band"}


# ------------------------------------------------------------------ funds
@pytest.mark.parametrize(
    ("budget", "spent", "rate", "state"),
    [
        ("900", "1250", "138%", CheckState.PASSED),  # 138.88…% truncated (seed 000 篇十's way)
        ("900", "1250", "138.9%", CheckState.PASSED),  # rounded
        ("900", "1250", "139%", CheckState.PASSED),  # rounded half-up at 0 places
        ("900", "1250", "138.8%", CheckState.PASSED),  # truncated at 1 place
        ("11605.29", "21680.25", "100%", CheckState.FAILED),  # seed 002: 186.8 % printed as 100 %
        ("290000", "167567.68", "60.84%", CheckState.FAILED),  # seed 000 篇一: 57.78 %, not 60.84 %
        ("100", "95", "0.95", CheckState.PASSED),  # a bare ratio
        ("100", "95", "95", CheckState.PASSED),  # a bare percentage
        ("100", "95", "9.5", CheckState.FAILED),
    ],
)
def test_the_stated_execution_rate_is_recomputed_at_its_printed_places(budget, spent, rate, state):
    report = audit(_table(funds=_funds(budget, spent, rate, None)))
    (check,) = _check(report, "funds.rate", state)
    exact = Fraction(Decimal(spent)) / Fraction(Decimal(budget)) * 100
    assert abs(Fraction(check.recomputed) - exact) < Fraction(1, 10**4)
    assert check.where == "t.资金[0].执行率"


def test_execution_above_budget_is_flagged_and_an_honest_rate_above_100_still_matches():
    report = audit(_table(funds=_funds("11605.29", "21680.25", "186.81%", None)))
    (over,) = _check(report, "funds.over_budget", CheckState.FAILED)
    assert over.severity is Severity.WARNING
    _check(report, "funds.rate", CheckState.PASSED)  # 186.8107…% rounds to 186.81 %


@pytest.mark.parametrize(
    ("points", "budget", "spent", "score", "state"),
    [
        (20, "2440.91", "2440.91", "20", CheckState.PASSED),  # seed 003's funds block
        (20, "100", "83.5", "16.7", CheckState.PASSED),  # 20 × 83.5 %
        (20, "100", "83.5", "18", CheckState.FAILED),  # F17: 83.5 % scored 18 of 20 (16.7 by the formula)
        (10, "900", "1250", "10", CheckState.PASSED),  # capped at the points
        (10, "3", "2", "6.67", CheckState.PASSED),  # 6.666… rounded at 2 places
        (10, "3", "2", "6.66", CheckState.PASSED),  # truncated
        (10, "3", "2", "6.6", CheckState.PASSED),  # truncated at 1 place
        (10, "3", "2", "6.5", CheckState.FAILED),  # 0.1666… off: neither rounded nor truncated
    ],
)
def test_the_execution_score_is_points_times_rate(points, budget, spent, score, state):
    report = audit(_table(funds=_funds(budget, spent, None, score, points)))
    (check,) = _check(report, "funds.score", state)
    assert check.where == "t.资金[0].得分"
    expected = Fraction(points) * min(Fraction(Decimal(spent)) / Fraction(Decimal(budget)), Fraction(1))
    assert abs(Fraction(check.recomputed) - expected) < Fraction(1, 10**4)


def test_the_total_funds_row_is_the_sum_of_its_sources():
    funds = [
        {"资金来源": "年度资金总额", "全年预算数": "164", "全年执行数": "164"},
        {"资金来源": "当年财政拨款", "全年预算数": "140", "全年执行数": "140"},
        {"资金来源": "上年结转资金", "全年预算数": "24", "全年执行数": "20"},  # 140 + 20 = 160, not 164
    ]
    checks = _check(audit(_table(funds=funds)), "funds.sum")
    assert [(c.state, c.recomputed) for c in checks] == [(CheckState.PASSED, Decimal(164)), (CheckState.FAILED, Decimal(160))]


# ------------------------------------------------------------------ rows, headings, totals, grade
def test_a_row_scored_above_its_points_is_an_error_at_its_score_cell():
    rows = [{"一级指标": "产出指标", "二级指标": "质量指标", "三级指标": "资料报送情况", "年度指标值": "按时报送", "实际完成值": "按时报送", "分值": 2, "得分": 3}]
    report = audit(_table(rows))
    (f,) = report.findings_by_code("row.score_above_points")
    assert (f.severity, f.path, f.get("stated"), f.get("recomputed")) == (Severity.ERROR, "t.指标[0].得分", Decimal(3), Decimal(2))


def test_points_lost_without_a_deviation_reason_and_a_missed_target_with_full_points():
    rows = [
        {"一级指标": "产出指标", "二级指标": "数量指标", "三级指标": "文体活动", "年度指标值": "≥2次/年", "实际完成值": "1次/年", "分值": 2, "得分": 1, "偏差原因": ""},
        {"一级指标": "产出指标", "二级指标": "数量指标", "三级指标": "青少年参与", "年度指标值": "≥30人", "实际完成值": "25人", "分值": 2, "得分": 2, "偏差原因": ""},
    ]
    report = audit(_table(rows))
    assert [f.path for f in report.findings_by_code("row.no_deviation_reason")] == ["t.指标[0].偏差原因"]
    assert [f.path for f in report.findings_by_code("row.missed_full_points")] == ["t.指标[1].得分"]


def test_the_same_indicator_twice_is_reported_at_the_second_row():
    rows = [
        {"一级指标": "产出指标", "二级指标": "数量指标", "三级指标": "开展文艺演出场次", "年度指标值": "≥4次/年", "实际完成值": "4次", "分值": 2, "得分": 2},
        {"一级指标": "产出指标", "二级指标": "数量指标", "三级指标": "开展文艺演出场次", "年度指标值": "≥1场/年", "实际完成值": "1场", "分值": 2, "得分": 2},
    ]
    (f,) = audit(_table(rows)).findings_by_code("row.duplicate")
    assert (f.path, f.get("first")) == ("t.指标[1].三级指标", "t.指标[0].三级指标")


def test_an_actual_written_as_a_target_and_a_coverage_above_100():
    rows = [
        {"一级指标": "产出指标", "二级指标": "时效指标", "三级指标": "救助及时率", "年度指标值": "≥90%", "实际完成值": ">90%", "分值": 5, "得分": 5},
        {"一级指标": "产出指标", "二级指标": "数量指标", "三级指标": "农村设施覆盖率", "年度指标值": "≥90%", "实际完成值": "105%", "分值": 5, "得分": 5},
        {"一级指标": "产出指标", "二级指标": "数量指标", "三级指标": "城市配建率", "年度指标值": "≥100%", "实际完成值": "156%", "分值": 5, "得分": 5},
    ]
    report = audit(_table(rows))
    assert [f.path for f in report.findings_by_code("actual.as_target")] == ["t.指标[0].实际完成值"]
    assert [f.path for f in report.findings_by_code("actual.rate_above_100")] == ["t.指标[1].实际完成值"]  # 配建率 may exceed


def test_headings_are_checked_against_their_rows():
    rows = [
        {"一级指标": "产出指标(40分)", "二级指标": "数量指标(20分)", "三级指标": f"项目{i}", "年度指标值": "≥1个", "实际完成值": "1个", "分值": 2, "得分": 2}
        for i in range(8)
    ]  # seed 003: 数量指标 labelled 20, its eight items weigh 2 each = 16
    checks = _check(audit(_table(rows)), "heading.points_sum")
    assert sorted((c.stated, c.recomputed, c.state) for c in checks) == [(Decimal(20), Decimal(16), CheckState.FAILED), (Decimal(40), Decimal(16), CheckState.FAILED)]


@pytest.mark.parametrize(
    ("total", "state"),
    [("99.5", CheckState.PASSED), ("100", CheckState.PASSED), ("99", CheckState.PASSED), ("98", CheckState.FAILED), ("108", CheckState.FAILED)],
)
def test_the_stated_total_is_the_sum_of_the_stated_scores_within_rounding(total, state):
    # 9.5 + 50 + 30 + 10 = 99.5; 4 parts at 1 place may miss by 4 × 0.05 = 0.2, and the total at 0 places
    # by 0.5: 99 (99.5 truncated) and 100 (rounded) pass, 98 does not
    report = audit(_table(funds=_funds("100", "95", "95%", "9.5"), 总分=total))
    (check,) = _check(report, "total.sum", state)
    assert check.recomputed == Decimal("99.5")


def test_integer_scores_leave_no_room_for_rounding():
    rows = [
        {"一级指标": "产出指标", "二级指标": "数量", "三级指标": "a", "年度指标值": "≥1个", "实际完成值": "1个", "分值": 50, "得分": 49},
        {"一级指标": "效益指标", "二级指标": "社会", "三级指标": "b", "年度指标值": "≥1个", "实际完成值": "1个", "分值": 50, "得分": 49},
    ]
    _check(audit(_table(rows, 总分=99)), "total.sum", CheckState.FAILED)  # 98 ≠ 99, whole numbers are not rounded


def test_a_blank_score_is_not_zero():
    rows = [
        {"一级指标": "产出指标", "二级指标": "数量", "三级指标": "a", "年度指标值": "≥1个", "实际完成值": "1个", "分值": 50, "得分": 50},
        {"一级指标": "效益指标", "二级指标": "社会", "三级指标": "b", "年度指标值": "≥1个", "实际完成值": "1个", "分值": 50, "得分": None},
    ]
    (check,) = _check(audit(_table(rows, 总分=50)), "total.sum", CheckState.INSUFFICIENT_DATA)
    assert check.data and dict(check.data)["rows"] == ("t.指标[1]",)


@pytest.mark.parametrize(("total", "grade", "state"), [("96", "优", CheckState.PASSED), ("89.99", "优", CheckState.FAILED), ("80", "良好", CheckState.PASSED), ("59", "中", CheckState.FAILED), ("70", "甲", CheckState.INSUFFICIENT_DATA)])
def test_the_grade_is_the_band_of_the_total(total, grade, state):
    (check,) = _check(audit(_table(总分=total, 评级=grade)), "grade.band", state)
    assert check.where == "t.评级"


def test_points_must_add_up_to_100():
    rows = [{"一级指标": "产出指标", "二级指标": "数量", "三级指标": "a", "年度指标值": "≥1个", "实际完成值": "1个", "分值": 45, "得分": 45}]
    (check,) = _check(audit(_table(rows, funds=_funds("1", "1", "100%", "10"))), "points.total", CheckState.FAILED)
    assert (check.stated, check.recomputed) == (Decimal(100), Decimal(55))


# ------------------------------------------------------------------ with a rubric
def test_with_a_rubric_every_row_is_rescored_and_the_scheme_compared():
    rows = [
        {"一级指标": "产出指标(40分)", "二级指标": "数量指标", "三级指标": "文体活动", "年度指标值": "≥2次/年", "实际完成值": "1次/年", "分值": 40, "得分": 30, "偏差原因": "疫情"},
        {"一级指标": "效益指标(40分)", "二级指标": "社会效益指标", "三级指标": "受益人数", "年度指标值": "≥500人", "实际完成值": "500人", "分值": 40, "得分": 40},
    ]
    table = _table(rows, funds=_funds("100", "100", "100%", "20", points=20), 总分=90, 标题="2020年度项目支出绩效自评表")
    report = audit(table, perfrules.NATIONAL_2020)
    rescored = [c for c in report.checks if c.code == "row.rescored"]
    # execution: 10 × 100 % = 10 by the national rubric, stated 20; 1 of 2 → 40 × 1/2 = 20, stated 30; 500 of 500 → 40
    assert [(c.where, c.state, c.recomputed) for c in rescored] == [
        ("t.资金[0].得分", CheckState.FAILED, Decimal(10)),
        ("t.指标[0].得分", CheckState.FAILED, Decimal(20)),
        ("t.指标[1].得分", CheckState.PASSED, Decimal(40)),
    ]
    points = {(f.get("block"), f.get("stated"), f.get("rubric")) for f in report.findings_by_code("scheme.block_points")}
    assert points == {("execution", Decimal(20), Decimal(10)), ("output", Decimal(40), Decimal(50)), ("benefit", Decimal(40), Decimal(30))}
    assert [f.get("block") for f in report.findings_by_code("scheme.block_missing")] == ["satisfaction"]
    assert audit(table, perfrules.HUBEI_2020).findings_by_code("scheme.block_points") == ()  # the table's own 20/40/40


def test_without_a_year_the_table_is_audited_but_not_rescored():
    report = audit(_table(), perfrules.NATIONAL_2020)
    assert report.evaluation is None
    assert [f.code for f in report.findings if f.code == "table.not_rescored"] == ["table.not_rescored"]
    assert audit(_table(), perfrules.NATIONAL_2020, year=2021).evaluation is not None


def test_rows_without_points_are_audited_without_inventing_weights():
    rows = [
        {"一级指标": "产出指标(50分)", "二级指标": "数量", "三级指标": "a", "年度指标值": "≥1个", "实际完成值": "1个", "得分": 25},
        {"一级指标": "产出指标(50分)", "二级指标": "数量", "三级指标": "b", "年度指标值": "≥1个", "实际完成值": "1个", "得分": 25},
    ]
    report = audit(_table(rows))
    _check(report, "heading.points_sum", CheckState.INSUFFICIENT_DATA)
    (total,) = _check(report, "points.total", CheckState.FAILED)  # the heading's 50 stands for its rows: 50 ≠ 100
    assert total.recomputed == Decimal(50)
    assert not report.findings_by_code("scheme.points_inferred")
    inferred = audit(_table(rows), infer_points=True)
    assert [f.get("inferred") for f in inferred.findings_by_code("scheme.points_inferred")] == [Decimal(25), Decimal(25)]
    assert all(c.state is CheckState.PASSED for c in inferred.checks if c.code == "heading.points_sum")


def test_audit_refuses_what_is_no_table():
    with pytest.raises(perfrules.WrongTypeError):
        audit({"指标": []})
    with pytest.raises(perfrules.WrongTypeError):
        audit(_table(), "cn-national-project-2020")


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.tuples(st.integers(0, 40), st.integers(0, 40), st.integers(0, 2)), min_size=1, max_size=8),
    st.integers(0, 3),
)
def test_total_sum_passes_exactly_when_the_stated_total_is_the_sum_of_whole_scores(rows, offset):
    """Whole-number scores: 总分 passes iff it equals the sum (no rounding slack without decimals)."""
    records = [
        {"一级指标": "产出指标", "二级指标": "数量", "三级指标": f"r{i}", "年度指标值": "≥1个", "实际完成值": "1个", "分值": max(p, s), "得分": s}
        for i, (p, s, _) in enumerate(rows)
    ]
    stated = sum(s for _, s, _ in rows) + offset
    (check,) = _check(audit(_table(records, 总分=stated)), "total.sum")
    assert (check.state is CheckState.PASSED) == (offset == 0)
