"""The table readers on the standard layout and its real variations: what is read, and where it stood.

Each test builds one variation (a workbook with openpyxl, or JSON/CSV bytes) and
asserts what a careful reader of the printed table would say: the cells with
their locations (``自评表!F12``), which rows exist, the points of the headings,
blank against missing (``row.cell("分值") is None`` when the table has no such
column, ``.blank`` when nobody filled it in), exact decimals, and the notes the
reader leaves (code and location). Every expected value is worked out by hand
from the table the test builds, never copied from perfrules' output.
"""

from __future__ import annotations

import codecs
import io
import json
import zipfile
from decimal import Decimal

import pytest

import perfrules
from perfrules import Cell, FundSource, Grid, TableError, parse_grid, read_records, read_table, read_workbook
from perfrules.tables import xlsx
from workbooks import cache, national, sheet_of, standard, to_bytes

D = Decimal
H8 = ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分", "偏差原因分析及改进措施"]


def names(table):
    return [r.name for r in table.rows]


def notes(table, code=None):
    return [(n.code, n.path) for n in table.notes if code is None or n.code == code]


def located(cell):
    return None if cell is None else (cell.text, cell.where)


def headings(table):
    return [(h.level, h.name, h.parent, h.points, h.cell.where if h.cell else None) for h in table.headings]


# ------------------------------------------------------------------ the national template, as a unit fills it in
@pytest.fixture(scope="module")
def nat():
    return read_table(to_bytes(national()))


def test_national_title_project_and_goal(nat):
    assert nat.title == "项目支出绩效自评表（2020年度）"  # the year line under the title belongs to it
    assert located(nat.project_field("项目名称")) == ("社区养老服务", "自评表!B3")
    assert located(nat.project_field("主管部门")) == ("示范区民政局", "自评表!B4")
    assert located(nat.project_field("实施单位")) == ("示范街道办事处", "自评表!F4")
    assert located(nat.goal_expected) == ("开展养老服务培训，提升服务质量", "自评表!B11")
    assert located(nat.goal_actual) == ("完成培训800人次，服务质量提升", "自评表!F11")
    assert nat.funds_unit == "万元"


def test_national_funds_block(nat):
    assert [(f.source, f.label.where, f.where) for f in nat.funds] == [
        (FundSource.TOTAL, "自评表!B6", "自评表!6"),
        (FundSource.APPROPRIATION, "自评表!B7", "自评表!7"),
        (FundSource.CARRY_OVER, "自评表!B8", "自评表!8"),
        (FundSource.OTHER, "自评表!B9", "自评表!9"),
    ]
    total = nat.fund(FundSource.TOTAL)
    assert (total.cell("全年预算数").number, total.cell("全年预算数").where) == (D(100), "自评表!E6")
    rate = total.cell("执行率")  # 0.95 stored, formatted 0.00%: shown 95.00%
    assert (rate.text, rate.number, rate.where) == ("95.00%", D("0.95"), "自评表!H6")
    assert (rate.figure.value, rate.figure.percent, rate.figure.places, rate.figure.ratio) == (D("95.00"), True, 2, D("0.95"))
    dash = nat.fund(FundSource.APPROPRIATION).cell("分值")  # — : stated as not applicable, neither blank nor a number
    assert (dash.text, dash.blank, dash.number, dash.figure) == ("—", False, None, None)
    carried = nat.fund(FundSource.CARRY_OVER).cell("全年预算数")
    assert carried.blank and carried.where == "自评表!E8"


def test_national_indicator_rows_exist_as_printed(nat):
    assert nat.columns == ("一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分", "偏差原因")
    # 指标2： (row 14) and …… (row 18) are the template's empty rows: not read, and said so
    assert [(r.where, r.name) for r in nat.rows] == [
        ("自评表!13", "培训人次"), ("自评表!15", "验收合格率"), ("自评表!16", "完成时间"),
        ("自评表!17", "受益人数"), ("自评表!19", "培训对象满意度"),
    ]  # fmt: skip
    assert notes(nat, "table.template_row") == [("table.template_row", "自评表!14"), ("table.template_row", "自评表!18")]
    # the 绩效指标 cell merged down column A is a label over the block, not an unknown column
    assert notes(nat, "table.unknown_column") == [] and all(r.extra == () for r in nat.rows)


def test_national_labels_merged_over_rows_are_carried_with_their_location(nat):
    row = nat.rows[1]  # 验收合格率, row 15: 产出指标 printed once in B13:B16
    assert located(row.cell("一级指标")) == ("产出指标", "自评表!B13")
    assert row.cell("一级指标").merged == "B13:B16"
    assert located(row.cell("二级指标")) == ("质量指标", "自评表!C15")
    assert located(row.cell("年度指标值")) == ("100%", "自评表!E15")
    assert (row.cell("分值").number, row.cell("分值").where) == (D(15), "自评表!G15")
    reason = nat.rows[3].cell("偏差原因")
    assert located(reason) == ("疫情影响，部分培训延期", "自评表!I17")
    assert nat.rows[0].cell("偏差原因").blank  # the column is there, nobody filled it in


def test_national_total_grade_and_footnotes(nat):
    # 总分 merged A20:F20: points in G20, score in H20
    assert located(nat.total.label) == ("总分", "自评表!A20")
    assert (nat.total.points.number, nat.total.points.where) == (D(100), "自评表!G20")
    assert (nat.total.score.number, nat.total.score.where) == (D("96.5"), "自评表!H20")
    assert located(nat.grade) == ("优", "自评表!A21")  # 评价等级：优 in one cell
    assert [located(c) for c in nat.footnotes] == [
        ("注：1.一级指标分值统一设置为：产出指标50分，效益指标30分，满意度指标10分，预算执行率10分。", "自评表!A22"),
        ("2.注册人数以系统数据为准。", "自评表!A23"),
    ]
    assert nat.headings == ()  # this template prints no group points


def test_a_footnote_declaring_the_scheme_is_kept_where_it_is_printed(nat):
    scheme = perfrules.table_scheme(nat)
    declared = [(p.code, p.points, p.where) for p in scheme.parts if p.origin == "footnote"]
    assert declared == [("output", D(50), "自评表!A22"), ("benefit", D(30), "自评表!A22"), ("satisfaction", D(10), "自评表!A22"), ("execution", D(10), "自评表!A22")]


def test_a_hidden_row_is_read_and_noted():
    table = read_table(to_bytes(national(hidden=[2])))  # the third row given: 验收合格率, sheet row 15
    assert [(r.name, r.hidden) for r in table.rows][:2] == [("培训人次", False), ("验收合格率", True)]
    (note,) = [n for n in table.notes if n.code == "table.hidden_row"]
    assert (note.path, note.severity) == ("自评表!15", perfrules.Severity.WARNING)


# ------------------------------------------------------------------ headings and their points
def test_headings_with_points_in_a_label_merged_over_rows():
    table = read_table(to_bytes(standard()))
    assert headings(table) == [(1, "产出指标", "", D(50), "自评表!A12"), (1, "效益指标", "", D(30), "自评表!A15"), (1, "满意度指标", "", D(10), "自评表!A16")]
    assert table.rows[2].cell("一级指标").merged == "A12:A14" and table.rows[2].cell("一级指标").where == "自评表!A12"


def test_only_points_in_a_merged_label_cell_belong_to_the_label_above():
    wb = sheet_of(
        [H8, ["产出指标", "数量指标", "培训人次", "≥735人次", "800人次", 20, 20], [None, "质量指标", "合格率", "100%", "100%", 15, 15], [None, "时效指标", "及时率", "100%", "100%", 15, 15]],
        merges=["A3:A4"],
    )
    wb.active["A3"] = "（50分）"
    table = read_table(to_bytes(wb))
    assert names(table) == ["培训人次", "合格率", "及时率"]
    assert [located(r.cell("一级指标")) for r in table.rows] == [("产出指标", "自评表!A2")] * 3
    assert headings(table) == [(1, "产出指标", "", D(50), "自评表!A3")]


def test_points_merged_over_a_groups_rows_are_the_groups():
    wb = sheet_of(
        [H8, ["产出指标", "数量指标", "培训人次", "≥735人次", "800人次", 20, 20], ["产出指标", "数量指标", "场次", "≥4场", "4场", None, 10], ["效益指标", "社会效益指标", "受益人数", "≥500人", "450人", 30, 27]],
        merges=["F2:F3"],
    )
    table = read_table(to_bytes(wb))
    first, second = table.rows[0].cell("分值"), table.rows[1].cell("分值")
    assert first.blank and second.blank and first.merged == "F2:F3"  # the rows have no points of their own
    assert table.rows[2].cell("分值").number == D(30)
    assert headings(table) == [(2, "数量指标", "产出指标", D(20), "自评表!F2")]
    assert notes(table, "table.group_points") == [("table.group_points", "自评表!F2")]


def test_a_points_cell_merged_across_分值_and_得分_in_one_row_is_the_rows_分值():
    wb = sheet_of([H8, ["满意度指标", "满意度", "满意度", "≥90%", "95%", 10, None]], merges=["F2:G2"])
    (row,) = read_table(to_bytes(wb)).rows
    assert (row.cell("分值").number, row.cell("得分").blank) == (D(10), True)


def test_heading_and_subtotal_rows_give_group_points_and_scores():
    wb = sheet_of([
        H8,
        ["产出指标", None, None, None, None, 50, 48],
        [None, "数量指标", None, None, None, 20, 18],
        [None, None, "培训人次", "≥735人次", "700人次", 20, 18, "疫情"],
        [None, "质量指标", "合格率", "100%", "100%", 30, 30],
        ["效益指标", "社会效益指标", "受益人数", "≥500人", "500人", 40, 40],
        ["小计", None, None, None, None, 40, 40],
    ])  # fmt: skip
    table = read_table(to_bytes(wb))
    assert names(table) == ["培训人次", "合格率", "受益人数"]
    assert [located(r.cell("一级指标")) for r in table.rows] == [("产出指标", "自评表!A2"), ("产出指标", "自评表!A2"), ("效益指标", "自评表!A6")]
    assert located(table.rows[0].cell("二级指标")) == ("数量指标", "自评表!B3")
    got = [(h.level, h.name, h.parent, h.points, h.cell.where, h.score, h.score_cell.where) for h in table.headings]
    assert got == [
        (1, "产出指标", "", D(50), "自评表!F2", D(48), "自评表!G2"),
        (2, "数量指标", "产出指标", D(20), "自评表!F3", D(18), "自评表!G3"),
        (1, "效益指标", "", D(40), "自评表!F7", D(40), "自评表!G7"),  # 小计 under 效益指标
    ]


def test_a_heading_merged_across_the_label_columns_is_no_row():
    wb = sheet_of([H8, ["产出指标（50分）", None, None, None, None, 50, 48], ["产出指标", "数量指标", "培训人次", "≥735人次", "700人次", 50, 48]], merges=["A2:E2"])
    table = read_table(to_bytes(wb))
    assert names(table) == ["培训人次"]
    assert headings(table) == [(1, "产出指标", "", D(50), "自评表!A2")]


def test_a_one_level_table_keeps_its_items_as_rows():
    """A heading row with no rows under it is an item: 一级 items with blank 二级 and their own points."""
    table = read_records({"指标": [{"一级指标": "(一)资金投入", "二级指标": "", "分值": 10, "得分": 10}, {"一级指标": "(二)项目管理", "二级指标": "", "分值": 20, "得分": 18}]}, source="t")
    assert names(table) == ["(一)资金投入", "(二)项目管理"] and table.headings == ()


# ------------------------------------------------------------------ columns: missing, split, unknown
def test_a_missing_column_is_none_and_a_blank_cell_is_blank():
    wb = sheet_of([["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "得分"], ["产出指标", "数量指标", "培训人次", "≥735人次", "800人次", None]])
    table = read_table(to_bytes(wb))
    (row,) = table.rows
    assert row.cell("分值") is None  # the table has no 分值 column
    assert row.cell("得分") is not None and row.cell("得分").blank and row.cell("得分").where == "自评表!F2"
    assert "分值" not in table.columns
    assert notes(table, "table.missing_column") == [("table.missing_column", "自评表!1")]


def test_the_target_split_in_three_columns():
    wb = sheet_of([
        ["一级指标", "二级指标", "三级指标", "指标性质", "指标值", "度量单位", "实际完成值", "分值", "得分"],
        ["产出指标", "数量指标", "培训人次", "≥", 735, "人次", "800人次", 20, 20],
        ["效益指标", "社会效益指标", "群众满意", "定性", None, None, "好", 10, 9],
    ])  # fmt: skip
    table = read_table(to_bytes(wb))
    first, second = table.rows
    assert (first.cell("指标值").number, first.cell("指标值").where) == (D(735), "自评表!E2")
    assert first.target_text == "≥735人次" and first.cell("年度指标值") is None
    assert second.cell("指标值").blank and second.target_text == ""  # a qualitative row states no value


def test_the_target_split_under_a_merged_header_over_two_rows():
    wb = sheet_of(
        [
            ["一级指标", "二级指标", "三级指标", "年度指标值", None, None, "实际完成值", "分值", "得分"],
            [None, None, None, "指标性质", "指标值", "度量单位", None, None, None],
            ["产出指标", "数量指标", "培训人次", "≥", 735, "人次", "800人次", 20, 20],
        ],
        merges=["A1:A2", "B1:B2", "C1:C2", "D1:F1", "G1:G2", "H1:H2", "I1:I2"],
    )
    table = read_table(to_bytes(wb))
    assert table.columns == ("一级指标", "二级指标", "三级指标", "指标性质", "指标值", "度量单位", "实际完成值", "分值", "得分")
    assert [r.where for r in table.rows] == ["自评表!3"]  # the sub-header row is no indicator
    assert table.rows[0].target_text == "≥735人次"


def test_绩效指标_merged_over_the_three_levels():
    wb = sheet_of(
        [["绩效指标", None, None, "年度指标值", "实际完成值", "分值", "得分"], ["一级指标", "二级指标", "三级指标", None, None, None, None], ["产出指标", "数量指标", "培训人次", "≥735人次", "800人次", 20, 20]],
        merges=["A1:C1", "D1:D2", "E1:E2", "F1:F2", "G1:G2"],
    )
    table = read_table(to_bytes(wb))
    assert table.columns == ("一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分")
    assert [(r.where, r.name) for r in table.rows] == [("自评表!3", "培训人次")]
    assert notes(table, "table.unknown_column") == [] and table.title == ""


def test_unknown_columns_are_kept_and_reported_never_dropped():
    wb = sheet_of([
        [*H8, "佐证材料", "佐证材料", "得分"],
        ["产出指标", "数量指标", "培训人次", "≥735人次", "800人次", 20, 20, None, "签到表", "照片", 19, "未列明"],
    ])  # fmt: skip
    table = read_table(to_bytes(wb))
    (row,) = table.rows
    assert [(k, located(c)) for k, c in row.extra] == [
        ("佐证材料", ("签到表", "自评表!I2")),
        ("佐证材料#2", ("照片", "自评表!J2")),
        ("得分#2", ("19", "自评表!K2")),  # a second 得分 column: kept beside the first, not read as it
        ("column 12", ("未列明", "自评表!L2")),  # no header at all
    ]
    assert row.cell("得分").number == D(20)
    assert notes(table, "table.unknown_column") == [("table.unknown_column", "自评表!I1"), ("table.unknown_column", "自评表!J1"), ("table.unknown_column", "自评表!K1"), ("table.unknown_column", "自评表!L2")]


# ------------------------------------------------------------------ rows: qualitative, N/A, template, continuation
def test_qualitative_na_and_template_rows():
    wb = sheet_of([
        H8,
        ["效益指标", "社会效益指标", "群众满意度提升", None, "达成预期指标", 10, 10],
        ["效益指标", "经济效益指标", "成本节约", "—", "—", "—", "—", "不适用"],
        ["效益指标", "生态效益指标", "指标1：", None, None, None, None],
        ["效益指标", "可持续影响指标", "指标一：……", None, None, None, None],
        ["满意度指标", "服务对象满意度指标", "指标2: ……", None, None, None, None],
    ])  # fmt: skip
    table = read_table(to_bytes(wb))
    assert names(table) == ["群众满意度提升", "成本节约"]
    qualitative, na = table.rows
    assert qualitative.cell("年度指标值").blank and qualitative.target_text == ""
    assert located(qualitative.cell("实际完成值")) == ("达成预期指标", "自评表!E2")
    assert [(na.cell(c).text, na.cell(c).blank, na.cell(c).figure, na.cell(c).not_applicable) for c in ("年度指标值", "分值", "得分")] == [("—", False, None, True)] * 3
    assert na.cell("偏差原因").not_applicable and not qualitative.cell("得分").not_applicable
    assert notes(table, "table.template_row") == [("table.template_row", "自评表!4"), ("table.template_row", "自评表!5"), ("table.template_row", "自评表!6")]


def test_labels_blank_in_continuation_rows_are_carried_within_their_group():
    text = "一级指标,二级指标,三级指标,年度指标值,实际完成值,分值,得分\n产出指标,数量指标,培训人次,≥735人次,800人次,20,20\n,,注册人数,≥100人,120人,10,10\n产出指标,,场次,≥4场,4场,10,10\n效益指标,,受益人数,≥500人,500人,30,30\n"
    table = read_table(text.encode(), format="csv")
    # 注册人数 starts with 注 but is an indicator, not a footnote
    assert names(table) == ["培训人次", "注册人数", "场次", "受益人数"]
    assert [located(r.cell("二级指标")) for r in table.rows] == [
        ("数量指标", "<bytes>:2:2"), ("数量指标", "<bytes>:2:2"), ("数量指标", "<bytes>:2:2"),  # 产出指标 repeated: same group
        ("", "<bytes>:5:2"),  # a new 一级指标: the 二级 above is not its own
    ]
    assert located(table.rows[1].cell("一级指标")) == ("产出指标", "<bytes>:2:1")
    assert table.footnotes == ()


# ------------------------------------------------------------------ totals and grades as real tables print them
def test_a_合计_total_with_its_label_merged_over_the_points_column():
    wb = sheet_of([H8, ["产出指标", "数量指标", "培训人次", "≥735人次", "800人次", 100, 98], ["合计", None, None, None, None, None, 98]], merges=["A3:F3"])
    table = read_table(to_bytes(wb))
    assert located(table.total.label) == ("合计", "自评表!A3")
    assert table.total.points is None  # the label covers the 分值 column: nothing is printed there
    assert (table.total.score.number, table.total.score.where) == (D(98), "自评表!G3")


def test_a_blank_total_score_is_not_taken_from_the_points():
    wb = sheet_of([H8, ["产出指标", "数量指标", "培训人次", "≥735人次", "800人次", 100, 98], ["总分", None, None, None, None, 100, None]])
    total = read_table(to_bytes(wb)).total
    assert total.points.number == D(100) and total.score.blank and total.score.where == "自评表!G3"


def test_grades_in_one_cell_beside_a_label_and_never_out_of_a_footnote():
    rows = [H8, ["产出指标", "数量指标", "培训人次", "≥735人次", "800人次", 100, 97], ["总分", None, None, None, None, 100, 97]]
    beside = read_table(to_bytes(sheet_of([*rows, ["自评等级", "良"]]))).grade
    assert located(beside) == ("良", "自评表!B4")
    one_cell = read_table(to_bytes(sheet_of([*rows, ["评价等级：优秀"]]))).grade
    assert located(one_cell) == ("优秀", "自评表!A4")
    prose = read_table(to_bytes(sheet_of([*rows, ["注：评价等级：优（90分以上）、良（80-90分）；总分为100分"]])))
    assert prose.grade is None and prose.total.score.number == D(97)
    assert [c.where for c in prose.footnotes] == ["自评表!A4"]
    named = read_table(to_bytes(sheet_of([H8, ["产出指标", "数量指标", "评价结果", "良好", "良好", 100, 100]])))
    assert names(named) == ["评价结果"] and named.grade is None  # an indicator named 评价结果 is no grade


def test_a_total_and_grade_printed_above_the_table():
    wb = sheet_of([["项目支出绩效自评表"], ["项目名称", "社区养老"], ["自评得分", 97, "自评等级", "优"], H8, ["产出指标", "数量指标", "培训人次", "≥735人次", "800人次", 100, 97]])
    table = read_table(to_bytes(wb))
    assert (table.total.label.where, table.total.score.number, table.total.score.where) == ("自评表!A3", D(97), "自评表!B3")
    assert located(table.grade) == ("优", "自评表!D3")


def test_funds_headers_with_formula_tails_and_a_unit_line():
    wb = sheet_of([
        ["单位：元"],
        ["资金来源", "年初预算数", "全年预算数（A）", "全年执行数（B）", "分值", "执行率（B/A）", "得分"],
        ["年度资金总额", 1000000, 1000000, 955000, 10, "95.5%", 9.55],
        H8,
        ["产出指标", "数量指标", "培训人次", "≥735人次", "800人次", 90, 90],
    ])  # fmt: skip
    table = read_table(to_bytes(wb))
    (row,) = table.funds
    assert table.funds_unit == "元"
    assert [(k, c.text) for k, c in row.cells] == [("年初预算数", "1000000"), ("全年预算数", "1000000"), ("全年执行数", "955000"), ("分值", "10"), ("执行率", "95.5%"), ("得分", "9.55")]
    assert row.cell("执行率").figure.ratio == D("0.955")


def test_a_target_written_with_an_equals_sign_is_text_not_a_formula():
    wb = sheet_of([H8, ["产出指标", "质量指标", "合格率", "=100%", "100%", 10, 10]], text=["D2"])
    table = read_table(to_bytes(wb))
    assert located(table.rows[0].cell("年度指标值")) == ("=100%", "自评表!D2")
    assert notes(table, "table.formula_without_value") == []


# ------------------------------------------------------------------ numbers: exact, as shown, as text
def test_numbers_are_exact_from_the_shortest_repr_and_the_number_format():
    wb = sheet_of(
        [H8, ["产出指标", "数量指标", "a", 0.1 + 0.2, 2440.91, 0.955, 12345.6, None]],
        formats={"F2": "0.00%", "G2": "#,##0.00"},
    )
    (row,) = read_table(to_bytes(wb)).rows
    target = row.cell("年度指标值")  # 0.30000000000000004 stored: the 0.3 typed
    assert (target.number, target.text) == (D("0.3"), "0.3")
    assert row.cell("实际完成值").number == D("2440.91")
    points = row.cell("分值")
    assert (points.text, points.number, points.number_format) == ("95.50%", D("0.955"), "0.00%")
    assert (points.figure.value, points.figure.percent, points.figure.places) == (D("95.50"), True, 2)
    assert row.cell("得分").text == "12,345.60" and row.cell("得分").number == D("12345.6")


def test_exact_number_edges():
    assert xlsx.exact_number(0.1 + 0.2) == D("0.3")
    assert xlsx.exact_number(9.5500000000000007) == D("9.55")
    assert xlsx.exact_number(1.0000000000000001e300) == D("1E+300")  # too large to quantize: kept, not an error
    assert xlsx.exact_number(123456789012345678) == D(123456789012345678)  # an int is exact as it is
    assert xlsx.shown(D(100), "0." + "0" * 40) == "100"  # a format no context can print: shown as stored


def test_numbers_stored_as_text():
    wb = sheet_of([H8, ["产出指标", "数量指标", "a", "≥735人次", "1,234.50", "20", "９５．５０％", "18.5分"]])
    (row,) = read_table(to_bytes(wb)).rows
    points = row.cell("分值")
    assert (points.number, points.figure.value) == (None, D(20))  # text stays text; its figure is read exactly
    assert (row.cell("实际完成值").figure.value, row.cell("实际完成值").figure.places) == (D("1234.50"), 2)
    score = row.cell("得分").figure
    assert (score.value, score.percent, score.ratio) == (D("95.50"), True, D("0.9550"))
    assert row.cell("偏差原因").figure.value == D("18.5")
    assert row.cell("年度指标值").figure is None and row.cell("年度指标值").text == "≥735人次"


def test_a_formula_without_a_cached_value_is_blank_and_says_so():
    wb = standard()
    wb.active["F12"] = "=10+10"
    table = read_table(to_bytes(wb))
    cell = table.rows[0].cell("分值")
    assert (cell.blank, cell.formula, cell.where) == (True, "=10+10", "自评表!F12")
    (note,) = [n for n in table.notes if n.code == "table.formula_without_value"]
    assert (note.path, note.get("formula")) == ("自评表!F12", "=10+10")


def test_a_formula_with_a_cached_value_reads_the_value_exactly():
    wb = standard()
    wb.active["G13"] = "=0.1+0.2"
    wb.active["E12"] = '="800"&"人次"'
    table = read_table(cache(to_bytes(wb), {"G13": 0.1 + 0.2, "E12": "800人次"}))
    assert table.rows[1].cell("得分").number == D("0.3")  # cached 0.30000000000000004
    assert located(table.rows[0].cell("实际完成值")) == ("800人次", "自评表!E12")
    assert notes(table, "table.formula_without_value") == []


# ------------------------------------------------------------------ several sheets
def _two_sheets(first_title="填表说明", first_has_table=False, hidden=False):
    wb = standard(sheet="自评表")
    ws = wb.create_sheet(first_title, 0)
    if first_has_table:
        for row in [H8, ["产出指标", "数量指标", "其他", "≥1个", "1个", 100, 100]]:
            ws.append(row)
    else:
        ws.append(["请按要求填写自评表"])
    if hidden:
        ws.sheet_state = "hidden"
    return to_bytes(wb)


def test_the_first_sheet_holding_a_table_is_read():
    table = read_table(_two_sheets())
    assert table.source == "<bytes>:自评表" and len(table.rows) == 5 and notes(table, "table.other_sheets") == []


def test_a_sheet_is_chosen_by_name_and_others_are_noted():
    data = _two_sheets("另一项目", first_has_table=True)
    first = read_table(data)
    assert names(first) == ["其他"] and notes(first, "table.other_sheets") == [("table.other_sheets", "<bytes>:另一项目")]
    chosen = read_table(data, sheet="自评表")
    assert len(chosen.rows) == 5 and notes(chosen, "table.other_sheets") == []
    assert [t.source for t in read_workbook(data)] == ["<bytes>:另一项目", "<bytes>:自评表"]
    with pytest.raises(TableError) as exc:
        read_table(data, sheet="没有")
    assert exc.value.path == "<bytes>" and "'另一项目', '自评表'" in exc.value.reason


def test_a_visible_sheet_comes_before_a_hidden_one():
    assert read_table(_two_sheets("旧表", first_has_table=True, hidden=True)).source == "<bytes>:自评表"


# ------------------------------------------------------------------ files that are no table
def _error(tmp_path, name, data, **kwargs) -> TableError:
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(TableError) as exc:
        read_table(path, **kwargs)
    return exc.value


def test_broken_files_are_located_errors(tmp_path):
    book = to_bytes(standard())
    assert _error(tmp_path, "cut.xlsx", book[: len(book) // 2]).path == "cut.xlsx"
    assert _error(tmp_path, "noise.xlsx", bytes(range(256)) * 4).path == "noise.xlsx"
    old = _error(tmp_path, "old.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504)
    assert old.path == "old.xls" and ".xls" in old.reason
    assert _error(tmp_path, "renamed.xlsx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504).path == "renamed.xlsx"
    assert _error(tmp_path, "empty.xlsx", b"").path == "empty.xlsx"
    assert _error(tmp_path, "empty.csv", b"").path == "empty.csv"
    assert _error(tmp_path, "empty.json", b"").path == "empty.json:1:1"
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("hello.txt", "not a workbook")
    assert _error(tmp_path, "notbook.xlsx", archive.getvalue()).path == "notbook.xlsx"
    assert _error(tmp_path, "table.dat", archive.getvalue()).path == "table.dat"  # a zip is read as a workbook, by name
    with pytest.raises(TableError) as exc:
        read_table(tmp_path / "missing.xlsx")
    assert exc.value.path.endswith("missing.xlsx")


def test_streams_and_bytes_are_located_by_their_name():
    stream = io.BytesIO(b"\x00\x01garbage")
    stream.name = "/uploads/自评表.xlsx"
    with pytest.raises(TableError) as exc:
        read_table(stream)
    assert exc.value.path == "自评表.xlsx"
    with pytest.raises(TableError) as exc:
        read_table(b"PK\x03\x04truncated")
    assert exc.value.path == "<bytes>"
    with pytest.raises(TableError):
        read_table(12345)  # type: ignore[arg-type]


def _with_merge(data: bytes, ref: str) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            body = src.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                body = body.replace(b"</sheetData>", f'</sheetData><mergeCells count="1"><mergeCell ref="{ref}"/></mergeCells>'.encode(), 1)
            dst.writestr(info.filename, body)
    return out.getvalue()


def test_very_large_sheets_are_refused_before_they_are_built(tmp_path, monkeypatch):
    far = standard()
    far.active["XFD1048576"] = "x"  # one stray cell: 1048576 × 16384 cells
    error = _error(tmp_path, "far.xlsx", to_bytes(far))
    assert error.path == "far.xlsx:自评表" and "1048576 × 16384" in error.reason
    # openpyxl would make an object for every cell of this merge: refused from the file's XML
    error = _error(tmp_path, "merged.xlsx", _with_merge(to_bytes(standard()), "A30:XFD1048576"))
    # A30:XFD1048576 covers 16384 columns × (1048576 − 29) rows = 17179394048 cells, and the standard
    # sheet's own title A1:H1 (8) and 产出指标 A12:A14 (3) make 17179394059
    assert (error.path, error.reason) == ("merged.xlsx", "merged ranges cover 17179394059 cells, more than the 2000000 perfrules reads")
    monkeypatch.setattr(xlsx, "MAX_UNCOMPRESSED", 1000)
    error = _error(tmp_path, "bomb.xlsx", to_bytes(standard()))
    assert error.path == "bomb.xlsx" and error.reason.startswith("the workbook unpacks to ") and error.reason.endswith("more than the 1000 perfrules reads")


def test_stray_formatting_far_away_does_not_widen_the_grid():
    wb = standard()
    wb.active["Z5000"].number_format = "0.00"  # a styled empty cell, as real files carry
    table = read_table(to_bytes(wb))
    assert len(table.rows) == 5 and all(len(r.extra) == 0 for r in table.rows)


# ------------------------------------------------------------------ flat rows: JSON and CSV in any encoding
DOCUMENT = {
    "标题": "2020年度项目支出绩效自评表",
    "项目名称": "社区养老服务",
    "资金": [{"资金来源": "年度资金总额", "全年预算数": 100, "全年执行数": 95, "执行率": "95%", "分值": 10, "得分": 9.5}],
    "指标": [
        {"一级指标": "产出指标(50分)", "二级指标": "数量指标", "三级指标": "培训人次", "年度指标值": "≥735人次", "实际完成值": "800人次", "分值": 50, "得分": 50, "备忘": "签到表"},
        {"一级指标": "效益指标", "二级指标": "社会效益指标", "三级指标": "受益人数", "年度指标值": "≥500人", "实际完成值": "450人", "分值": 40, "得分": 36.5},
    ],
    "总分": 96,
    "评价等级": "优",
    "注": ["注：1.一级指标分值统一设置为：产出指标50分"],
}  # fmt: skip
CSV = (
    "项目名称,社区养老服务\n"
    "一级指标,二级指标,三级指标,年度指标值,实际完成值,分值,得分,偏差原因分析及改进措施\n"
    '产出指标(50分),数量指标,培训人次,≥735人次,800人次,50,50,\n'
    '效益指标,社会效益指标,受益人数,≥500人,450人,40,36.5,"疫情影响，\n部分培训延期"\n'
    "总分,,,,,90,86.5,\n"
    "评价等级：良\n"
)
ENCODINGS = {
    "utf-8": lambda t: t.encode("utf-8"),
    "utf-8 BOM": lambda t: codecs.BOM_UTF8 + t.encode("utf-8"),
    "utf-16 LE BOM": lambda t: codecs.BOM_UTF16_LE + t.encode("utf-16-le"),
    "utf-16 BE BOM": lambda t: codecs.BOM_UTF16_BE + t.encode("utf-16-be"),
    "utf-16 LE": lambda t: t.encode("utf-16-le"),
    "utf-16 BE": lambda t: t.encode("utf-16-be"),
    "gb18030": lambda t: t.encode("gb18030"),
    "gbk": lambda t: t.encode("gbk"),
}


def content(table):
    """Everything a table states, located."""

    def cell(c):
        return None if c is None else (c.text, c.number, c.where)

    return (
        table.title, [(k, cell(c)) for k, c in table.project], [(f.source, [(k, cell(c)) for k, c in f.cells]) for f in table.funds],
        [([(k, cell(c)) for k, c in r.cells], [(k, cell(c)) for k, c in r.extra], r.where) for r in table.rows],
        [(h.level, h.name, h.points) for h in table.headings], table.total and (cell(table.total.points), cell(table.total.score)),
        cell(table.grade), [cell(c) for c in table.footnotes], [(n.code, n.path) for n in table.notes],
    )  # fmt: skip


@pytest.mark.parametrize("encoding", list(ENCODINGS))
def test_the_same_json_reads_the_same_in_every_encoding(encoding):
    text = json.dumps(DOCUMENT, ensure_ascii=False, indent=1)
    assert content(read_table(ENCODINGS[encoding](text))) == content(read_table(text.encode("utf-8")))


@pytest.mark.parametrize("encoding", list(ENCODINGS))
def test_the_same_csv_reads_the_same_in_every_encoding(encoding):
    assert content(read_table(ENCODINGS[encoding](CSV), format="csv")) == content(read_table(CSV.encode("utf-8"), format="csv"))


def test_json_rows_read_as_stated():
    table = read_table(json.dumps(DOCUMENT, ensure_ascii=False).encode("gb18030"))
    assert table.title == "2020年度项目支出绩效自评表"
    assert located(table.project_field("项目名称")) == ("社区养老服务", "<bytes>.项目名称")
    first, second = table.rows
    assert located(first.cell("年度指标值")) == ("≥735人次", "<bytes>.指标[0].年度指标值")
    assert second.cell("得分").number == D("36.5")  # a JSON number read from its text, exactly
    assert second.cell("偏差原因") is None  # no such field anywhere: missing, not blank
    assert [(k, located(c)) for k, c in first.extra] == [("备忘", ("签到表", "<bytes>.指标[0].备忘"))]
    assert located(second.extra[0][1]) == ("", "<bytes>.指标[1].备忘")  # the column exists, this row left it blank
    assert headings(table) == [(1, "产出指标", "", D(50), "<bytes>.指标[0].一级指标")]
    assert table.total.score.number == D(96) and table.total.points is None  # no 总分值 given: not blank, missing
    assert located(table.grade) == ("优", "<bytes>.评价等级")
    fund = table.fund(FundSource.TOTAL)
    assert (fund.cell("得分").number, fund.cell("年初预算数")) == (D("9.5"), None)
    assert [located(c) for c in table.footnotes] == [("注：1.一级指标分值统一设置为：产出指标50分", "<bytes>.注[0]")]


def test_csv_rows_read_as_printed():
    table = read_table(CSV.encode("gbk"), format="csv")
    assert located(table.project_field("项目名称")) == ("社区养老服务", "<bytes>:1:2")
    first, second = table.rows
    assert (first.where, second.where) == ("<bytes>:3", "<bytes>:4")
    assert located(second.cell("偏差原因")) == ("疫情影响，\n部分培训延期", "<bytes>:4:8")  # a quoted line break stays in its cell
    assert (table.total.points.text, table.total.score.text, table.total.where) == ("90", "86.5", "<bytes>:6")  # record 2 spans lines 4–5
    assert located(table.grade) == ("良", "<bytes>:7:1")
    assert headings(table) == [(1, "产出指标", "", D(50), "<bytes>:3:1")]


def test_a_total_given_as_a_row_keeps_its_points():
    rows = [{"一级指标": "产出指标", "二级指标": "数量", "三级指标": "a", "分值": 100, "得分": 97}, {"一级指标": "总分", "分值": 100, "得分": 97}]
    total = read_records({"指标": rows}, source="t").total
    assert (total.points.number, total.points.where, total.score.number) == (D(100), "t.指标[1].分值", D(97))
    given = read_records({"指标": rows[:1], "总分": 97, "总分值": 100}, source="t").total
    assert (given.points.number, given.score.number) == (D(100), D(97))


def test_project_fields_are_no_unknown_columns_but_other_fields_are():
    rows = [{"一级指标": "产出指标", "二级指标": "数量", "三级指标": "a", "实际完成值": "1个", "分值": 100, "得分": 97}]
    table = read_records({"项目名称": "x", "预算年度": "2020", "填报人": "张三", "指标": rows}, source="t")
    assert located(table.project_field("预算年度")) == ("2020", "t.预算年度")
    assert notes(table, "table.unknown_column") == [("table.unknown_column", "t.填报人")]


def test_json_syntax_errors_name_the_line_and_column(tmp_path):
    text = '{\n  "指标": [\n    {"一级指标": "产出指标",}\n  ]\n}'
    # line 3: four blanks, then {"一级指标": "产出指标", — 16 characters — so the stray } is column 21
    for encoding in ("utf-8", "utf-16", "gb18030"):
        error = _error(tmp_path, "table.json", text.encode(encoding))
        assert error.path == "table.json:3:21", encoding


def test_csv_errors_name_the_line(tmp_path):
    text = "一级指标,二级指标,三级指标,实际完成值,分值,得分\n产出,数量,a,\"" + "x" * 200_000 + '",1,1\n'
    assert _error(tmp_path, "big.csv", text.encode()).path == "big.csv:2"


def test_bytes_no_encoding_can_read_are_refused():
    with pytest.raises(TableError) as exc:
        perfrules.decode(b"\x81\x30\x81", name="t.csv")  # a truncated GB18030 four-byte sequence
    assert exc.value.path == "t.csv"


def test_json_numbers_beyond_any_table_are_refused_where_they_stand():
    with pytest.raises(TableError) as exc:
        read_table('{"指标": [{"一级指标": "产出", "二级指标": "a", "三级指标": "b", "得分": 1e999999999}]}'.encode())
    assert exc.value.path == "<bytes>.指标[0].得分"
    with pytest.raises(TableError) as exc:
        read_records({"指标": [{"三级指标": "b", "得分": 10**5000}]}, source="t")
    assert exc.value.path == "t.指标[0].得分"


# ------------------------------------------------------------------ the grid itself
def test_a_grid_of_plain_values_reads():
    table = parse_grid(Grid([["一级指标", "二级指标", "三级指标", "实际完成值", "分值", "得分"], ["产出指标", "数量", "a", "1个", 10, None]], (), "g"))
    (row,) = table.rows
    assert (row.cell("分值").number, row.cell("分值").where, row.cell("得分").blank, row.where) == (D(10), "g:2:5", True, "g:2")


def test_a_grid_that_is_no_grid_is_refused():
    with pytest.raises(TableError):
        Grid([["a"]], ("one", "two"), "g")  # two names for one row
    with pytest.raises(TableError):
        Grid([[1.5]], ("one",), "g")  # a float is no exact number
    with pytest.raises(perfrules.PerfrulesError):
        Cell("x", number=D("NaN"))


def test_the_target_split_under_an_unmerged_header_over_two_rows():
    wb = sheet_of([
        ["一级指标", "二级指标", "三级指标", "年度指标值", None, None, "实际完成值", "分值", "得分"],
        [None, None, None, "指标性质", "指标值", "度量单位"],
        ["产出指标", "数量指标", "培训人次", "≤", 90, "万元", "85万元", 20, 20],
    ])  # fmt: skip
    table = read_table(to_bytes(wb))
    assert table.columns == ("一级指标", "二级指标", "三级指标", "指标性质", "指标值", "度量单位", "实际完成值", "分值", "得分")
    assert [(r.where, r.target_text) for r in table.rows] == [("自评表!3", "≤90万元")]


def test_an_indicator_typed_after_the_templates_numbering_is_named_without_it():
    (row,) = read_table(to_bytes(sheet_of([H8, ["产出指标", "数量指标", "指标1：培训人次", "≥735人次", "800人次", 20, 20]]))).rows
    assert (row.name, row.cell("三级指标").text) == ("培训人次", "指标1：培训人次")


def test_a_header_merged_over_two_columns_keeps_the_second_columns_values():
    wb = sheet_of([H8, ["产出指标", "数量指标", "培训人次", "≥735", "人次", 20, 20, "总分为95分，扣分因疫情"]], merges=["D1:E1"])
    table = read_table(to_bytes(wb))
    (row,) = table.rows
    assert located(row.cell("年度指标值")) == ("≥735", "自评表!D2")
    # E1 sits under the merged 年度指标值 header: its cell is kept (and said so), not dropped
    assert [(k, located(c)) for k, c in row.extra] == [("年度指标值#2", ("人次", "自评表!E2"))]
    assert notes(table, "table.unknown_column") == [("table.unknown_column", "自评表!E2")]
    assert table.total is None  # a 偏差原因 that opens with 总分为95分 is no 总分 row


def test_a_title_field_is_the_title_whatever_it_says():
    rows = [{"一级指标": "产出指标", "二级指标": "数量", "三级指标": "a", "实际完成值": "1个", "分值": 100, "得分": 97}]
    assert read_records({"标题": "2021年社区养老服务项目绩效自评", "指标": rows}).title == "2021年社区养老服务项目绩效自评"
    assert read_records({"标题": "社区养老", "指标": rows}).title == "社区养老"
