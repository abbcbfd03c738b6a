"""Regressions from trying the table stage as a demanding user and an adversary.

Each test builds the layout a published table used (or the misuse a caller tried) and states what a
careful reader of the printed table says, worked out by hand in the comments — never copied from
perfrules' output: the state every check ends in, the cell it is located at, what survives writing
back, and the clear refusal of what is no table.
"""

from __future__ import annotations

import time
from decimal import Decimal

import pytest

import perfrules
from perfrules import CheckState, audit, read_records, read_table, write_xlsx
from perfrules.tables.derive import Derived
from workbooks import sheet_of, to_bytes

D = Decimal
H8 = ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分", "偏差原因分析及改进措施"]
FUNDS = ["项目资金（万元）", None, "全年预算数", "全年执行数", "分值", "执行率", "得分"]


def states(report, code):
    return [(c.where, c.state) for c in report.checks if c.code == code]


def codes(report):
    return {f.code for f in report.findings}


# ------------------------------------------------------------------ the funds block: — and blanks end in a state
def test_a_dash_in_the_funds_block_is_not_applicable_and_a_blank_rate_is_recorded():
    wb = sheet_of([
        FUNDS,
        ["年度资金总额", None, 200, 190, 10, "95%", 9.5],  # 190 ÷ 200 = 95 %; 10 × 95 % = 9.5
        ["其中：当年财政拨款", None, 200, 190, "—", "—", "—"],  # the national template's — : nothing applies
        ["上年结转资金", None, None, None, "—", None, "—"],
        H8,
        ["产出指标", "数量指标", "培训人次", "≥1人次", "1人次", 90, 90],
    ])  # fmt: skip
    report = audit(read_table(to_bytes(wb)))
    assert states(report, "funds.rate") == [("自评表!F2", CheckState.PASSED), ("自评表!F3", CheckState.NOT_APPLICABLE), ("自评表!F4", CheckState.NOT_APPLICABLE)]
    assert states(report, "funds.score") == [("自评表!G2", CheckState.PASSED)]  # the source rows score nothing


def test_a_funds_row_without_rate_or_score_is_not_a_silent_skip():
    wb = sheet_of([FUNDS, ["年度资金总额", None, 200, 190, 10, None, None], H8, ["产出指标", "数量指标", "培训人次", "≥1人次", "1人次", 90, 90]])
    report = audit(read_table(to_bytes(wb)))
    assert states(report, "funds.rate") == [("自评表!F2", CheckState.NOT_APPLICABLE)]
    assert states(report, "funds.score") == [("自评表!G2", CheckState.NOT_APPLICABLE)]  # 分值 10 printed, no score


def test_a_rate_formula_without_a_value_is_short_of_data_and_says_which_formula():
    wb = sheet_of([FUNDS, ["年度资金总额", None, 200, 190, 10, "=D2/C2", "=E2*F2"], H8, ["产出指标", "数量指标", "培训人次", "≥1人次", "1人次", 90, 90]])
    report = audit(read_table(to_bytes(wb)))
    (rate,) = [c for c in report.checks if c.code == "funds.rate"]
    (score,) = [c for c in report.checks if c.code == "funds.score"]
    assert (rate.where, rate.state, "=D2/C2" in rate.message_en) == ("自评表!F2", CheckState.INSUFFICIENT_DATA, True)
    assert (score.where, score.state, "=E2*F2" in score.message_en) == ("自评表!G2", CheckState.INSUFFICIENT_DATA, True)


def test_a_total_formula_without_a_value_says_so():
    wb = sheet_of([H8, ["产出指标", "数量指标", "培训人次", "≥1人次", "1人次", 100, 100], ["总分", None, None, None, None, 100, "=SUM(G2:G2)"]])
    (check,) = [c for c in audit(read_table(to_bytes(wb))).checks if c.code == "total.sum"]
    assert (check.where, check.state, "=SUM(G2:G2)" in check.message_en) == ("自评表!G3", CheckState.INSUFFICIENT_DATA, True)


# ------------------------------------------------------------------ every row check ends in a state
def _consistent():
    rows = [{"一级指标": "产出指标", "二级指标": "质量指标", "三级指标": "验收合格率", "年度指标值": "≥90%", "实际完成值": "95%", "分值": 90, "得分": 90, "偏差原因": ""}]
    funds = [{"资金来源": "年度资金总额", "全年预算数": "100", "全年执行数": "95", "分值": 10, "执行率": "95%", "得分": "9.5"}]
    return read_records({"标题": "2021年度项目支出绩效自评表", "资金": funds, "指标": rows, "总分": "99.5", "评级": "优"}, source="t")


def test_each_row_check_of_a_consistent_row_ends_passed_or_not_applicable():
    report = audit(_consistent())
    row = {(c.code, c.where): c.state for c in report.checks if c.where.startswith("t.指标[0]")}
    # 95 % ≥ 90 %: met, not twice the target, a share within 100 %, % against %, no points lost, named once
    assert row == {
        ("row.score_above_points", "t.指标[0].得分"): CheckState.PASSED,
        ("row.no_deviation_reason", "t.指标[0].偏差原因"): CheckState.NOT_APPLICABLE,
        ("row.duplicate", "t.指标[0].三级指标"): CheckState.PASSED,
        ("actual.as_target", "t.指标[0].实际完成值"): CheckState.PASSED,
        ("actual.rate_above_100", "t.指标[0].实际完成值"): CheckState.PASSED,
        ("pair.incompatible", "t.指标[0].实际完成值"): CheckState.PASSED,
        ("actual.far_above_target", "t.指标[0].实际完成值"): CheckState.PASSED,
        ("row.missed_full_points", "t.指标[0].得分"): CheckState.PASSED,
    }
    assert report.states()[CheckState.FAILED] == 0


def test_a_passed_check_says_what_passed():
    report = audit(_consistent())
    passed = {c.code: c.message_en for c in report.checks if c.state is CheckState.PASSED}
    assert passed["points.total"] == "分值 add up to 100"  # 90 + 10
    assert passed["grade.band"] == "the grade 优 is the band of the total 99.5"  # 9.5 + 90 = 99.5 ≥ 90
    assert passed["total.sum"] == "总分 99.5 = the sum of the stated scores"
    assert not [m for m in passed.values() if " not " in m or "differs" in m]


def test_points_lost_with_a_reason_pass_and_without_fail():
    rows = [
        {"一级指标": "产出指标", "二级指标": "数量指标", "三级指标": "培训人次", "年度指标值": "≥100人次", "实际完成值": "90人次", "分值": 50, "得分": 45, "偏差原因": "疫情"},
        {"一级指标": "效益指标", "二级指标": "社会效益指标", "三级指标": "就业人数", "年度指标值": "≥100人", "实际完成值": "90人", "分值": 50, "得分": 45, "偏差原因": ""},
    ]
    report = audit(read_records({"指标": rows}, source="t"))
    assert states(report, "row.no_deviation_reason") == [("t.指标[0].偏差原因", CheckState.PASSED), ("t.指标[1].偏差原因", CheckState.FAILED)]
    # 90 < 100 with 45 of 50: the miss is deducted, not given full points
    assert states(report, "row.missed_full_points") == [("t.指标[0].得分", CheckState.PASSED), ("t.指标[1].得分", CheckState.PASSED)]


# ------------------------------------------------------------------ rows marked not applicable
def _with_na_row(**scalars):
    rows = [
        {"一级指标": "产出指标", "二级指标": "数量指标", "三级指标": "培训人次", "年度指标值": "≥1人次", "实际完成值": "1人次", "分值": 50, "得分": 50},
        {"一级指标": "产出指标", "二级指标": "成本指标", "三级指标": "成本控制", "年度指标值": "—", "实际完成值": "—", "分值": "—", "得分": "—"},
        {"一级指标": "效益指标", "二级指标": "社会效益指标", "三级指标": "受益人数", "年度指标值": "≥1人", "实际完成值": "1人", "分值": 30, "得分": 30},
        {"一级指标": "满意度指标", "二级指标": "服务对象满意度指标", "三级指标": "满意度", "年度指标值": "≥90%", "实际完成值": "95%", "分值": 10, "得分": 10},
    ]
    funds = [{"资金来源": "年度资金总额", "全年预算数": "100", "全年执行数": "100", "分值": 10, "执行率": "100%", "得分": "10"}]
    return read_records({"标题": "2021年度项目支出绩效自评表", "资金": funds, "指标": rows, "总分": 100, **scalars}, source="t")


def test_a_row_marked_not_applicable_adds_nothing_to_the_sums():
    report = audit(_with_na_row())
    (points,) = [c for c in report.checks if c.code == "points.total"]
    (total,) = [c for c in report.checks if c.code == "total.sum"]
    assert (points.state, points.recomputed) == (CheckState.PASSED, D(100))  # 10 + 50 + 30 + 10, the — row none
    assert (total.state, total.recomputed) == (CheckState.PASSED, D(100))
    assert states(report, "row.score_above_points")[1] == ("t.指标[1].得分", CheckState.NOT_APPLICABLE)


def test_a_row_marked_not_applicable_is_not_scored_by_the_rubric_as_missing_points():
    report = audit(_with_na_row(), perfrules.NATIONAL_2020)
    assert "weights.missing" not in codes(report)
    rescored = dict(states(report, "row.rescored"))
    assert rescored["t.指标[1].得分"] is CheckState.NOT_APPLICABLE
    # execution 10 × 100 %, output 50 (1 of ≥1), benefit 30, satisfaction 10 (95 % ≥ 90 %): 100, as stated
    (total,) = [c for c in report.checks if c.code == "total.rescored"]
    assert (total.state, total.recomputed) == (CheckState.PASSED, D(100))


# ------------------------------------------------------------------ a 分值 merged over a group's rows
def _grouped_workbook():
    return sheet_of(
        [
            ["2021年度项目支出绩效自评表"],
            H8,
            ["产出指标（50分）", "数量指标", "服务人次", "≥5000人次", "5600人次", 20, 10, None],
            [None, None, "活动场次", "≥24场", "26场", None, 10, None],
            [None, "质量指标", "服务合格率", "≥95%", "98%", 15, 15, None],
            [None, "时效指标", "服务响应及时率", "≥90%", "92%", 15, 15, None],
            ["效益指标（40分）", "社会效益指标", "居民参与率", "≥60%", "65%", 40, 40, None],
            ["满意度指标（10分）", "服务对象满意度指标", "居民满意度", "≥90%", "95%", 10, 10, None],
            ["总分", None, None, None, None, 100, 100, None],
        ],
        merges=["A3:A6", "B3:B4", "F3:F4"],
    )


def test_group_points_merged_over_rows_count_once_in_the_heading_and_total():
    report = audit(read_table(to_bytes(_grouped_workbook())))
    got = [(c.where, c.state, c.recomputed) for c in report.checks if c.code == "heading.points_sum"]
    assert got == [
        ("自评表!A3", CheckState.PASSED, D(50)),  # 20 (merged over 服务人次 and 活动场次) + 15 + 15
        ("自评表!A7", CheckState.PASSED, D(40)),
        ("自评表!A8", CheckState.PASSED, D(10)),
        ("自评表!F3", CheckState.NOT_APPLICABLE, None),  # the merged 20 is the only statement of 数量指标's points
    ]
    children = [(c.where, c.state, c.recomputed) for c in report.checks if c.code == "heading.children_sum"]
    assert children == [("自评表!A3", CheckState.PASSED, D(50)), ("自评表!A7", CheckState.NOT_APPLICABLE, None), ("自评表!A8", CheckState.NOT_APPLICABLE, None)]
    assert [(c.state, c.recomputed) for c in report.checks if c.code == "points.total"] == [(CheckState.PASSED, D(100))]  # 20 + 15 + 15 + 40 + 10
    assert report.ok


def test_rows_under_merged_group_points_cannot_be_rescored_alone_and_no_error_says_they_have_no_points():
    report = audit(read_table(to_bytes(_grouped_workbook())), perfrules.NATIONAL_2020)
    assert "weights.missing" not in codes(report)
    rescored = dict(states(report, "row.rescored"))
    assert (rescored["自评表!G3"], rescored["自评表!G4"]) == (CheckState.INSUFFICIENT_DATA, CheckState.INSUFFICIENT_DATA)
    assert states(report, "total.rescored") == [("自评表!G9", CheckState.INSUFFICIENT_DATA)]


def test_inferred_shares_of_merged_group_points_rescore_the_rows():
    report = audit(read_table(to_bytes(_grouped_workbook())), perfrules.NATIONAL_2020, infer_points=True)
    inferred = [(f.path, f.get("inferred"), f.get("group")) for f in report.findings_by_code("scheme.points_inferred")]
    assert inferred == [("自评表!3", D(10), "数量指标"), ("自评表!4", D(10), "数量指标")]  # 20 ÷ 2
    assert [(c.where, c.state) for c in report.checks if c.code == "heading.points_sum" and c.where == "自评表!F3"] == [("自评表!F3", CheckState.PASSED)]
    rescored = {c.where: (c.state, c.recomputed) for c in report.checks if c.code == "row.rescored"}
    # 5600 ≥ 5000 and 26 ≥ 24: full 10 of 10 each, as stated
    assert rescored["自评表!G3"] == (CheckState.PASSED, D(10)) and rescored["自评表!G4"] == (CheckState.PASSED, D(10))


# ------------------------------------------------------------------ a rubric's findings, located and said once
def test_block_findings_are_located_at_the_block_and_a_missing_funds_block_at_the_table():
    rows = [
        {"一级指标": "产出指标", "二级指标": "数量指标", "三级指标": "a", "年度指标值": "≥1个", "实际完成值": "1个", "分值": 60, "得分": 60},
        {"一级指标": "效益指标", "二级指标": "社会效益指标", "三级指标": "b", "年度指标值": "≥1个", "实际完成值": "1个", "分值": 30, "得分": 30},
        {"一级指标": "满意度指标", "二级指标": "服务对象满意度指标", "三级指标": "c", "年度指标值": "≥90%", "实际完成值": "95%", "分值": 10, "得分": 10},
    ]
    report = audit(read_records({"标题": "2021年度项目支出绩效自评表", "指标": rows}, source="t"), perfrules.NATIONAL_2020)
    # output's rows weigh 60, the national rubric's block 50: said at the block's first 一级指标 cell
    assert [f.path for f in report.findings_by_code("score.above_declared")] == ["t.指标[0].一级指标"]
    assert [f.path for f in report.findings_by_code("funds.missing")] == ["t"]


def test_a_rubric_does_not_repeat_what_the_row_and_sum_checks_say():
    rows = [
        {"一级指标": "产出指标", "二级指标": "数量指标", "三级指标": "受益人数", "年度指标值": "≥500人", "实际完成值": "95%", "分值": 90, "得分": 90},
    ]
    table = read_records({"标题": "2021年度项目支出绩效自评表", "指标": rows, "总分": 96, "评级": "良"}, source="t")
    found = codes(audit(table, perfrules.NATIONAL_2020))
    assert {"pair.incompatible", "grade.band"} <= found  # % against 人 at the actual; 96 is 优, not 良
    assert not {"unit.incompatible", "grade.claimed_inconsistent"} & found


def test_a_qualitative_row_without_a_target_cannot_be_rescored():
    rows = [
        {"一级指标": "产出指标", "二级指标": "数量指标", "三级指标": "场次", "年度指标值": "≥40场", "实际完成值": "42场", "分值": 50, "得分": 50},
        {"一级指标": "效益指标", "二级指标": "社会效益指标", "三级指标": "丰富群众文化生活", "年度指标值": "", "实际完成值": "效果明显", "分值": 50, "得分": 50},
    ]
    report = audit(read_records({"标题": "2021年度项目支出绩效自评表", "指标": rows, "总分": 100}, source="t"), perfrules.NATIONAL_2020)
    rescored = dict(states(report, "row.rescored"))
    assert rescored["t.指标[1].得分"] is CheckState.INSUFFICIENT_DATA  # not "differs from 0"
    assert states(report, "total.rescored") == [("t.总分", CheckState.INSUFFICIENT_DATA)]


# ------------------------------------------------------------------ written back, read the same
def test_a_funds_column_the_table_lacks_stays_missing_after_writing():
    funds = [{"资金来源": "年度资金总额", "全年预算数": "100", "全年执行数": "95", "分值": 10, "执行率": "95%", "得分": "9.5"}]
    table = read_records({"资金": funds, "指标": [{"一级指标": "产出指标", "二级指标": "数量", "三级指标": "a", "分值": 90, "得分": 90}]}, source="t")
    back = read_table(write_xlsx(table))
    assert table.funds[0].cell("年初预算数") is None and back.funds[0].cell("年初预算数") is None
    assert [k for k, _ in back.funds[0].cells] == ["全年预算数", "全年执行数", "分值", "执行率", "得分"]


def test_a_total_printed_without_points_stays_without_points_after_writing():
    wb = sheet_of([["2021年度项目支出绩效自评表"], ["项目名称", "校舍维修", None, "自评得分", 95], H8, ["产出指标", "数量指标", "面积", "≥1平方米", "1平方米", 100, 95]])
    table = read_table(to_bytes(wb))
    assert (table.total.points, table.total.score.number) == (None, D(95))
    back = read_table(write_xlsx(table))
    assert (back.total.points, back.total.score.number) == (None, D(95))


def test_heading_scores_from_heading_rows_and_subtotals_survive_writing():
    wb = sheet_of([
        H8,
        ["产出指标", None, None, None, None, 50, 48],
        [None, "数量指标", "礼堂数", "≥30个", "30个", 25, 25],
        [None, "时效指标", "完工及时率", "100%", "90%", 25, 23, "2个延期"],
        ["效益指标（50分）", "社会效益指标", "活动场次", "≥300场", "320场", 50, 50],
        ["小计", None, None, None, None, 50, 50],
    ])  # fmt: skip
    table = read_table(to_bytes(wb))
    expected = [("产出指标", D(50), D(48)), ("效益指标", D(50), D(50))]  # the 小计 under 效益指标 prints 50 / 50
    assert sorted((h.name, h.points, h.score) for h in table.headings) == expected
    back = read_table(write_xlsx(table))
    assert sorted((h.name, h.points, h.score) for h in back.headings) == expected


# ------------------------------------------------------------------ the reader: hidden columns, header merges, fields
def test_a_hidden_column_is_read_and_noted():
    wb = sheet_of([[*H8, "指标编码"], ["产出指标", "数量指标", "培训人次", "≥1人次", "1人次", 100, 100, None, "CZ001"]])
    wb.active.column_dimensions["I"].hidden = True
    table = read_table(to_bytes(wb))
    assert [(n.code, n.path) for n in table.notes if n.code == "table.hidden_column"] == [("table.hidden_column", "自评表!I1")]
    assert dict(table.rows[0].extra)["指标编码"].text == "CZ001"  # read, not dropped


def test_a_header_cell_merged_down_into_the_body_is_no_value_of_the_row():
    wb = sheet_of([["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分"], ["产出指标", "数量指标", "a", "≥1个", "1个", None, 10]], merges=["F1:F2"])
    (row,) = read_table(to_bytes(wb)).rows
    assert row.cell("分值").blank and row.cell("分值").where == "自评表!F2"  # not the header's text '分值'


def test_a_label_and_its_value_in_one_cell_are_a_field_and_a_fill_in_date_is_no_budget_year():
    wb = sheet_of([
        ["项目支出绩效自评表"],
        ["填报单位（盖章）：某县农业农村局", None, None, None, "填报日期：2022年3月"],
        ["项目名称", "高标准农田建设"],
        H8,
        ["产出指标", "数量指标", "建设面积", "≥1亩", "1亩", 100, 100],
    ])  # fmt: skip
    table = read_table(to_bytes(wb))
    assert [(k, c.text, c.where) for k, c in table.project] == [
        ("填报单位", "某县农业农村局", "自评表!A2"), ("填报日期", "2022年3月", "自评表!E2"), ("项目名称", "高标准农田建设", "自评表!B3"),
    ]  # fmt: skip
    assert not [n for n in table.notes if n.code == "table.unknown_column"]  # both are fields tables print
    with pytest.raises(perfrules.TableError, match="budget year"):
        perfrules.to_self_evaluation(table)  # 2022 is when the table was filled in, not its budget year
    assert [(k, c.text) for k, c in read_table(write_xlsx(table)).project] == [("填报单位", "某县农业农村局"), ("填报日期", "2022年3月"), ("项目名称", "高标准农田建设")]


def test_a_sum_that_fails_only_because_of_a_hidden_row_says_so():
    wb = sheet_of(
        [H8, ["产出指标", "数量指标", "a", "≥1个", "1个", 95, 95], ["产出指标", "数量指标", "旧指标", "≥1个", "1个", 5, 5], ["总分", None, None, None, None, 95, 95]],
        hidden_rows=[3],
    )
    report = audit(read_table(to_bytes(wb)))
    (points,) = report.findings_by_code("points.total")  # 95 + 5 = 100, not the printed 95; 95 without row 3
    assert "without the hidden rows 自评表!3 it would match" in points.message_en
    assert "若不计隐藏行 自评表!3 则相符" in points.message_zh


# ------------------------------------------------------------------ misuse: clear refusals, never a crash
def test_an_audit_policy_refuses_floats_junk_and_negative_tolerances():
    with pytest.raises(perfrules.FloatRefusedError):
        perfrules.AuditPolicy(over_achievement=2.5)
    with pytest.raises(perfrules.InvalidInputError):
        perfrules.AuditPolicy(over_achievement="abc")
    with pytest.raises(perfrules.InvalidInputError):
        perfrules.AuditPolicy(score_tolerance=D(-1))
    with pytest.raises(perfrules.InvalidInputError):
        perfrules.AuditPolicy(bounded_rates="覆盖率")
    assert perfrules.AuditPolicy(over_achievement="3").over_achievement == D(3)
    with pytest.raises(perfrules.WrongTypeError):
        audit(_consistent(), policy={"score_tolerance": 1})


def test_the_api_refuses_what_is_no_table_with_a_located_error(tmp_path):
    table = _consistent()
    for call in (lambda: write_xlsx(None), lambda: write_xlsx(table, audit="x"), lambda: perfrules.table_scheme(None), lambda: perfrules.to_self_evaluation({})):
        with pytest.raises(perfrules.WrongTypeError):
            call()
    with pytest.raises(perfrules.TableError, match="sheet"):
        write_xlsx(table, sheet="a/b")
    with pytest.raises(perfrules.TableError):
        write_xlsx(table, sheet="x" * 32)
    with pytest.raises(perfrules.TableError) as caught:
        write_xlsx(table, tmp_path)  # a directory
    assert caught.value.path == str(tmp_path)
    with pytest.raises(perfrules.TableError, match="a directory, not a file"):
        read_table(tmp_path)


def test_locating_evaluation_paths_is_a_lookup_not_a_scan():
    """20,000 rows located 20,000 times: a scan per lookup (4 × 10^8 steps) would take minutes."""
    where = tuple((f"output/数量指标/r{i}", f"自评表!{i}") for i in range(20_000))
    derived = Derived(perfrules.examples.huashan_2020(), where)
    start = time.perf_counter()
    found = [derived.locate(f"indicators.output/数量指标/r{i}") for i in range(20_000)]
    assert found[12_345] == "自评表!12345" and time.perf_counter() - start < 2


def test_a_budget_year_field_needs_no_年():
    rows = [{"一级指标": "产出指标", "二级指标": "数量", "三级指标": "a", "年度指标值": "≥1个", "实际完成值": "1个", "分值": 100, "得分": 100}]
    for year in ("2021", 2021, "2021年度"):
        table = read_records({"项目名称": "社区养老", "预算年度": year, "指标": rows}, source="t")
        assert perfrules.to_self_evaluation(table).self_evaluation.project.year == 2021
    with pytest.raises(perfrules.TableError, match="budget year"):  # a number in any other field is no year
        perfrules.to_self_evaluation(read_records({"项目编码": "2021", "指标": rows}, source="t"))


def test_a_deviation_reason_of_无_or_a_dash_is_no_reason():
    rows = [
        {"一级指标": "产出指标", "二级指标": "数量指标", "三级指标": f"指标{i}", "年度指标值": "≥100人次", "实际完成值": "90人次", "分值": 25, "得分": 20, "偏差原因": reason}
        for i, reason in enumerate(("无", "—", "/", "疫情影响"))
    ]
    report = audit(read_records({"指标": rows}, source="t"))
    assert [s for _, s in states(report, "row.no_deviation_reason")] == [CheckState.FAILED, CheckState.FAILED, CheckState.FAILED, CheckState.PASSED]
