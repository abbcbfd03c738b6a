"""The table-checkable defects of the shared seeds (domain brief §1), each found with its code at its cell.

Every seed document is transcribed as a flat-row table in ``tests/fixtures/tables/``:

==================  ==================================================================  ===========
fixture             seed / report                                                       form
==================  ==================================================================  ===========
003-huashan.json    003, Huashan street office, 2020 社会保障专项 self-evaluation table  printed table
002-jingmen.json    002, Jingmen civil affairs, 2022 department overall                 narrative
000-p1.json         000 篇一, Wuzhishan social insurance, 社会化管理 project (29 万元)    narrative
000-p3.json         000 篇三, Dongying district, production trusteeship (164 万元)      narrative
000-p4.json         000 篇四, Luxian, production socialisation (400 + 734 万元)         narrative
000-p6.json         000 篇六, Ningguo elderly care, 基准分/自评分 for 28 items          item scores
000-p8.json         000 篇八 (= 篇九), Jixi elderly care                                narrative
000-p10.json        000 篇十, Lu'an childcare                                           narrative
001-r1.json         001 report 1, Gansu district poverty funds, section scores          narrative
001-r2.json         001 report 2, Guangxi township hospital                             narrative
001-r4.json         001 report 4, Yizhang housing, six second-level scores              narrative
001-r5.json         001 report 5, Longyan energy office, three block scores             narrative
==================  ==================================================================  ===========

Only what a seed states is transcribed (blank where it states nothing; its own
numbers and wording, seeds 000 and 001 turned from their traditional-character
conversion back into simplified characters). A narrative seed becomes the
smallest table stating the figures its prose states; each fixture's ``注``
says where every figure comes from. Each test names the defect of the
domain brief it encodes (``§1.1.1`` = section 1.1, item 1).

Stated and recomputed figures are worked out by hand in the comments or with
``fractions.Fraction`` in the test, never copied from perfrules' output. Each
fixture's test also pins the complete list of its warning- and error-level
findings, so a defect found at a wrong cell, or a finding nobody expects,
fails.

The defects no table can show are listed in :data:`OUT_OF_SCOPE` with the reason;

"""

from __future__ import annotations

import json
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import pytest

import perfrules
from perfrules import CheckState, Severity, audit, read_records, read_table
from perfrules.tables.cells import Figure
from perfrules.tables.checks import printed_match

D = Decimal
FIXTURES = Path(__file__).parent / "fixtures" / "tables"

#: (seed / report, defect in domain brief §1, why a self-evaluation table cannot show it)
OUT_OF_SCOPE: tuple[tuple[str, str, str], ...] = (
    ("003", "§1.1.5 停水慰问 (≥50车, '没有停水') scored full",
     ("whether a target whose trigger never occurred is met or not applicable is a scoring rule, not arithmetic; "
      "found with a rubric (actual.not_occurred, score.claimed_not_applicable), see test_003_rescored_by_the_hubei_rubric")),
    ("003", "§1.1.5 社区惠民资金 adjusted during COVID yet scored full",
     "the actual 16.12万/社区 meets the target 16.12万元/社区; the adjustment is a remark in words"),
    ("003", "§1.1.6 shortfalls in the deviation box not reflected in any deduction",
     "the deviation box is prose at the foot of the table, tied to no row"),
    ("003", "§1.1.7 no 满意度 dimension (the Hubei 20/40/40 template)",
     "not a defect of the table against itself; found against the national rubric, see test_003_against_the_national_scheme"),
    ("002", "§1.2.2 income 21,475.67 below expenditure 21,680.25",
     "the funds block has budget and execution columns, no income column; the sources are given for income only"),
    ("002", "§1.2.3–6 counts that differ between the evidence and the output sections (2,500 vs 3,633; 98 vs 100; 95 vs 50; 45 vs 38; 10多 vs 10)",
     "two counts of different things in different sections of prose; a table holds each indicator once"),
    ("002", "§1.2.8 96 (优) beside slow progress and falling satisfaction",
     "the report states no row scores or targets, so no deduction can be recomputed; the judgement is prose"),
    ("000 篇一", "§1.3.1.2 temporary-staff wages 23,092.82 vs 38,032.02",
     "two paragraphs listing spending lines; a table has no spending-line rows"),
    ("000 篇一", "§1.3.1.3 quantity completed 60.84 % beside 'fully implemented', a score of 98",
     "no row states its points or score, so the 98 cannot be recomputed; 'fully implemented' is another indicator's prose"),
    ("000 篇四", "§1.3.4.1–2 area target 3.08 万亩 'including' 3 + 1.34 + 0.2 = 4.54; completed 2.46 vs the link figures",
     "a part-of relation between indicators stated in prose; a table's rows have none (the agriculture sector pack checks it from facts)"),
    ("000 篇四", "§1.3.4.3 the fruit sub-project 'fully completed' with 100 of 200 万元 spent",
     "sub-project money is no funds-block source (the sources are 财政拨款/其他资金)"),
    ("000 篇四", "§1.3.4.4–5 economic benefits double-counted (690 + 200 = 890 …); 260 万元 at 200 元/亩 = 1.3 万亩",
     "arithmetic inside one benefit paragraph; a table states a benefit as one value"),
    ("000 篇六", "§1.3.6.2–4 62 beds × 5,000 元 = 31 万元 vs 6.2 万元; 2,647 vs 2,851 recipients; 241 万元 'first three quarters' vs 'all by year end'",
     "unit price × count and figures repeated in two items' prose; one item's row holds one value"),
    ("000 篇六", "§1.3.6.6 item numbering gaps", "a parse hazard of the prose, not a figure"),
    ("000 篇八", "§1.3.8.1–4 57.6 % vs 60.5 %; 15/18 vs 17; 8 township centres vs 5; 70 vs 78 premises",
     "the rates' numerators and denominators are prose; a table row states the rate only"),
    ("000 篇八", "§1.3.8.6–9 32 % vs Ningguo's 41 %; section numbering; 100 with sub-rates below 100 %; data 'as of November'",
     "a comparison across reports, a parse hazard, no row points or targets, a date in prose"),
    ("000 篇十", "§1.3.10 138 % = 1,250 / 900 truncated, score 100 with >100 % completion",
     "not a defect: truncation is an accepted printing (test_000_p10_over_completion_is_no_defect) and completion above 100 % is allowed"),
    ("001 report 1", "§1.4.1.3–8 growth −0.3 % vs −0.21 %; 1,414 / 2,733 = 51.7 % vs 15.01 %; carry-over and targeting shares; 3,649.8 vs 3,621; 387/1,321 vs 356/1,137",
     "ratios and sums of figures stated in prose; the table has no columns for their parts"),
    ("001 report 2", "§1.4.2.1–2 '2 reported, 21 on time, 95.4 %'; 11 staff 'all qualified' vs 'only 2 licensed'",
     "the rate's parts and the staff counts are prose; a table row states only the rate"),
    ("001 report 4", "§1.4.4 output loses 1 point although every output rate is 100 %; 成本节约率 100 %",
     "the maxima are never printed, so no lost point can be located; whether a 100 % saving is meaningful is judgement"),
    ("001 report 5", "§1.4.5 开工 7 = 350 % (target 2 implied); 9 projects vs 4 described; blank years",
     "the ratio's target is not stated; counts and dates in prose"),
)

def _audit(name: str, rubric=None, **kwargs):
    return audit(read_table(FIXTURES / name), rubric, **kwargs)


def _flagged(report) -> list[tuple[str, str]]:
    """(code, cell) of every warning- and error-level finding, sorted."""
    return sorted((f.code, f.path) for f in report.findings if f.severity is not Severity.INFO)


def _checks(report, code: str, state: CheckState | None = None) -> list:
    return [c for c in report.checks if c.code == code and (state is None or c.state is state)]


def _one(report, code: str, where: str, state: CheckState = CheckState.FAILED):
    found = [c for c in report.checks if c.code == code and c.where == where]
    assert len(found) == 1, (code, where, [(c.code, c.where, c.state) for c in report.checks])
    assert found[0].state is state, found[0]
    return found[0]


def test_every_fixture_is_a_table_with_a_note_of_its_source():
    names = sorted(p.name for p in FIXTURES.glob("*.json"))
    assert names == sorted(EXPECTED)
    for name in names:
        document = json.loads((FIXTURES / name).read_text(encoding="utf-8"))
        assert document["注"][0].startswith(("转录自种子文档", "由叙述转录")), name
        read_table(FIXTURES / name)  # reads


# ------------------------------------------------------------------ the complete findings of each fixture
H = "003-huashan.json."
EXPECTED: dict[str, list[tuple[str, str]]] = {
    "003-huashan.json": sorted([
        ("heading.points_sum", H + "指标[0].一级指标"),   # §1.1.3: 产出 40, its rows 36 (the cost caps sit under 效益)
        ("heading.points_sum", H + "指标[0].二级指标"),   # §1.1.1: 数量 20, eight items × 2 = 16
        ("heading.points_sum", H + "指标[12].二级指标"),  # §1.1.1: 时效 3, 2 + 3 = 5
        ("heading.points_sum", H + "指标[14].二级指标"),  # §1.1.1: 成本 7, 3 + 3 = 6
        ("heading.points_sum", H + "指标[16].一级指标"),  # §1.1.3: 效益 40, its rows 44
        ("heading.points_sum", H + "指标[16].二级指标"),  # §1.1.2: 社会效益 20, its rows 16
        ("heading.points_sum", H + "指标[21].二级指标"),  # §1.1.2: 环境效益 5, its rows 28
        ("heading.children_sum", H + "指标[16].一级指标"),  # §1.1.2: 效益 40, 社会效益 20 + 环境效益 5 = 25
        ("row.misfiled", H + "指标[12].三级指标"),  # §1.1.3: 党务宣传覆盖率 under 时效
        ("row.misfiled", H + "指标[14].三级指标"),  # §1.1.3: 福利经费发放及时率 under 成本
        ("row.misfiled", H + "指标[16].三级指标"),  # §1.1.3: 社区党员培训成本 under 社会效益
        ("row.misfiled", H + "指标[17].三级指标"),  # §1.1.3: 社区工作者体检成本 under 社会效益
        ("row.duplicate", H + "指标[6].三级指标"),  # §1.1.4: 开展文艺演出场次 twice
        ("row.missed_full_points", H + "指标[8].得分"),  # §1.1.5: ≥30人/次, actual 25~30, full 2 points
        ("pair.implausible", H + "指标[5].实际完成值"),  # not in the brief: 97 activities against ≥4 performances
        ("heading.points_sum", H + "指标[8].二级指标"),  # §1.1.1: 质量 (10), 2 + 2 + 3 + 2 = 9
    ]),
    "002-jingmen.json": sorted([
        ("funds.rate", "002-jingmen.json.资金[0].执行率"),  # §1.2.1
        ("funds.over_budget", "002-jingmen.json.资金[0]"),  # §1.2.1
        ("actual.as_target", "002-jingmen.json.指标[0].实际完成值"),  # §1.2.7 大于90%
        ("actual.as_target", "002-jingmen.json.指标[1].实际完成值"),  # §1.2.7 大于90%
        ("actual.as_target", "002-jingmen.json.指标[7].实际完成值"),  # §1.2.7's kind, satisfaction 大于85%
    ]),
    "000-p1.json": sorted([
        ("funds.rate", "000-p1.json.资金[0].执行率"),  # §1.3.1.1
        ("actual.points_not_rate", "000-p1.json.指标[3].实际完成值"),  # §1.3.1.4
    ]),
    "000-p3.json": [],  # §1.3.3: consistent
    "000-p4.json": [("funds.rate", "000-p4.json.资金[1].执行率")],  # §1.3.4.3
    "000-p6.json": sorted([
        ("row.score_above_points", "000-p6.json.指标[12].得分"),  # §1.3.6.1
        ("heading.score_sum", "000-p6.json.指标[6].一级指标"),  # §1.3.6.1: 过程 still prints 自评分 30, its items add to 31
        ("actual.as_target", "000-p6.json.指标[20].实际完成值"),  # §1.3.6.5 配建率 100%以上
        ("actual.as_target", "000-p6.json.指标[25].实际完成值"),  # §1.3.6.5's kind: 放大倍数 大于20倍
    ]),
    "000-p8.json": [],  # §1.3.8: every defect is in the prose; 156 % is allowed
    "000-p10.json": [],  # §1.3.10: no defect a table shows
    "001-r1.json": sorted([
        ("heading.score_above_points", "001-r1.json.指标[1].得分"),  # §1.4.1.1: (二) scored 20 of 15
        ("heading.score_sum", "001-r1.json.指标[1].得分"),  # §1.4.1.1: 20 against its sub-items 7 + 2 + 2 + 2 = 13
        ("total.sum", "001-r1.json.总分"),  # §1.4.1.2
    ]),
    "001-r2.json": [("actual.as_target", "001-r2.json.指标[2].实际完成值")],  # not in the brief: 接种率 ≥ 90 %
    "001-r4.json": [],  # §1.4.4: 12 + 8 + 9 + 20 + 29 + 19 = 97 reconciles
    "001-r5.json": [],  # §1.4.5: 30 + 30 + 35 = 95 reconciles
}  # fmt: skip


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_fixture_flags_exactly_its_defects(name):
    assert _flagged(_audit(name)) == EXPECTED[name]


# ------------------------------------------------------------------ seed 003 (a printed table)
@pytest.fixture(scope="module")
def huashan():
    return _audit("003-huashan.json")


def test_003_funds_block_reconciles(huashan):
    """§1.1 (what reconciles): 2,440.91 / 2,440.91 = 100 % → 20 × 100 % = 20; nothing flagged in the funds block."""
    rate = _one(huashan, "funds.rate", H + "资金[0].执行率", CheckState.PASSED)
    assert Fraction(rate.recomputed) == Fraction(D("2440.91")) / Fraction(D("2440.91")) * 100 == 100
    score = _one(huashan, "funds.score", H + "资金[0].得分", CheckState.PASSED)
    assert Fraction(score.recomputed) == 20 * Fraction(1)
    assert not [f for f in huashan.findings if f.path.startswith(H + "资金")]


def test_003_points_and_total_reconcile(huashan):
    """§1.1: 20 + 40 + 40 = 100 points; stated scores 20 + 39 + 39 = 98 = the stated 总分."""
    output_points = 8 * 2 + (2 + 2 + 3 + 2) + (2 + 3) + (3 + 3)  # 16 + 9 + 5 + 6 = 36 printed under 产出
    benefit_points = (2 + 2 + 4 + 4 + 4) + (4 + 4 + 5 + 5 + 5 + 5)  # 16 + 28 = 44 printed under 效益
    points = _one(huashan, "points.total", H + "总分", CheckState.PASSED)
    assert (points.stated, points.recomputed) == (D(100), D(20 + output_points + benefit_points))
    output_scores = (2 + 2 + 2 + 2 + 1 + 2 + 2 + 2) + 9 + 5 + 6  # 15 + 9 + 5 + 6 = 35
    benefit_scores = (2 + 2 + 4 + 3 + 4) + (4 + 4 + 5 + 5 + 5 + 5)  # 15 + 28 = 43
    total = _one(huashan, "total.sum", H + "总分", CheckState.PASSED)
    assert (total.stated, total.recomputed) == (D(98), D(20 + output_scores + benefit_scores))


@pytest.mark.parametrize(
    ("where", "printed", "rows"),
    [
        ("指标[0].二级指标", 20, [2] * 8),  # 数量指标(20分): eight items of 2 = 16
        ("指标[12].二级指标", 3, [2, 3]),  # 时效指标(3分): 5
        ("指标[14].二级指标", 7, [3, 3]),  # 成本指标(7分): 6 (10 with the two cost caps printed under 社会效益)
        ("指标[16].二级指标", 20, [2, 2, 4, 4, 4]),  # 社会效益指标(20分) as printed: 16
        ("指标[21].二级指标", 5, [4, 4, 5, 5, 5, 5]),  # 环境效益指标(5分) as printed: 28
        ("指标[0].一级指标", 40, [2] * 8 + [2, 2, 3, 2] + [2, 3] + [3, 3]),  # 产出指标(40分): 36
        ("指标[16].一级指标", 40, [2, 2, 4, 4, 4] + [4, 4, 5, 5, 5, 5]),  # 效益指标(40分): 44
    ],
)
def test_003_1_headings_do_not_match_their_items(huashan, where, printed, rows):
    """§1.1.1–3: second-level headers against the weights under them; the first-level 40s miss by the 4 points of the
    two cost caps (§1.1.3) printed under 社会效益 — 36 + 4 = 40 and 44 − 4 = 40."""
    check = _one(huashan, "heading.points_sum", H + where)
    assert (check.stated, check.recomputed, check.severity) == (D(printed), D(sum(rows)), Severity.ERROR)


def test_003_1_quality_header_of_10_over_items_of_9(huashan):
    """§1.1.1: 质量指标 is labelled (10) — without 分 — over items of 2 + 2 + 3 + 2 = 9."""
    check = _one(huashan, "heading.points_sum", H + "指标[8].二级指标")
    assert (check.stated, check.recomputed) == (D(10), D(2 + 2 + 3 + 2))


def test_003_2_benefit_subheadings_add_to_25_not_40(huashan):
    """§1.1.2: 社会效益指标(20分) + 环境效益指标(5分) = 25 under 效益指标(40分)."""
    check = _one(huashan, "heading.children_sum", H + "指标[16].一级指标")
    assert (check.stated, check.recomputed) == (D(40), D(20 + 5))
    # 产出's sub-headings add to 20 + 10 + 3 + 7 = 40 (质量指标 prints its 10 without 分)
    check = _one(huashan, "heading.children_sum", H + "指标[0].一级指标", CheckState.PASSED)
    assert (check.stated, check.recomputed) == (D(40), D(20 + 10 + 3 + 7))


@pytest.mark.parametrize(
    ("row", "group", "expected"),
    [
        (14, "成本指标", "时效指标"),  # 福利经费发放及时率: a disbursement-timeliness rate under 成本
        (12, "时效指标", "数量指标/质量指标"),  # 党务宣传覆盖率: a coverage rate under 时效
        (16, "社会效益指标", "成本指标"),  # 社区党员培训成本 ≤200元/人
        (17, "社会效益指标", "成本指标"),  # 社区工作者体检成本 ≤500元/人
    ],
)
def test_003_3_misclassified_indicators(huashan, row, group, expected):
    """§1.1.3: indicators under a second-level group their names contradict."""
    check = _one(huashan, "row.misfiled", H + f"指标[{row}].三级指标")
    assert (check.stated, check.recomputed, check.severity) == (group, expected, Severity.WARNING)


def test_003_4_the_same_indicator_twice(huashan):
    """§1.1.4: 开展文艺演出场次 with ≥4次/年 and again with ≥1场/年."""
    check = _one(huashan, "row.duplicate", H + "指标[6].三级指标")
    assert dict(check.data)["first"] == H + "指标[5].三级指标"


def test_003_5_scoring_not_applied_consistently(huashan):
    """§1.1.5: 青少年活动参与人数 ≥30人/次, actual 25~30 (lower bound 25 < 30), full 2 points; while
    年组织开展群众文体活动 ≥2次/年, actual 1次/年, got 1 of 2 = 2 × 1/2 — consistent, and not flagged."""
    check = _one(huashan, "row.missed_full_points", H + "指标[8].得分")
    assert (check.stated, check.severity) == (D(2), Severity.WARNING)
    assert Fraction(2) * Fraction(1, 2) == 1  # the proportional rule the table applied to the cultural activities
    assert not [c for c in huashan.checks if c.where.startswith(H + "指标[4]") and c.state is CheckState.FAILED]


def test_003_rescored_by_the_hubei_rubric():
    """§1.1.5 with the rules in force (cn-hubei-project-2020, the table's own 20/40/40): the youth item is
    2 × 25/30 = 1.666… → 1.67, not 2; the water-outage item is not applicable (F13), not 2 of 2; the
    qualitative benefit rows cannot be re-scored (a table has no judgement column), so neither can the total."""
    report = _audit("003-huashan.json", perfrules.HUBEI_2020)
    failed = [(c.where, c.stated, c.recomputed) for c in _checks(report, "row.rescored", CheckState.FAILED)]
    youth = Fraction(2) * Fraction(25, 30)
    assert failed == [(H + "指标[8].得分", D(2), D("1.67"))]
    assert abs(youth - Fraction(D("1.67"))) < Fraction(1, 200)
    assert [f.path for f in report.findings_by_code("score.claimed_not_applicable")] == [H + "指标[1]"]
    assert [f.path for f in report.findings_by_code("actual.not_occurred")] == [H + "指标[1]"]
    assert [c.where for c in _checks(report, "row.rescored", CheckState.INSUFFICIENT_DATA)] == [H + f"指标[{i}].得分" for i in range(18, 27)]
    assert [c.state for c in _checks(report, "total.rescored")] == [CheckState.INSUFFICIENT_DATA]
    assert _one(report, "row.rescored", H + "资金[0].得分", CheckState.PASSED).recomputed == D(20)  # 20 × 100 %
    assert not [f for f in report.findings if f.code.startswith("scheme.")]  # the table's scheme is Hubei's


def test_003_against_the_national_scheme():
    """§1.1.7: the table is the Hubei 20/40/40 template, not 财预〔2020〕10号's 10/50/30/10: no 满意度 block."""
    report = _audit("003-huashan.json", perfrules.NATIONAL_2020)
    points = sorted((f.path, f.get("stated"), f.get("rubric")) for f in report.findings_by_code("scheme.block_points"))
    assert points == sorted([(H + "资金[0].分值", D(20), D(10)), (H + "指标[0].一级指标", D(40), D(50)), (H + "指标[16].一级指标", D(40), D(30))])
    assert [f.get("block") for f in report.findings_by_code("scheme.block_missing")] == ["satisfaction"]


# ------------------------------------------------------------------ seed 002 (narrative)
def test_002_1_execution_rate_stated_as_100_percent():
    """§1.2.1, transcribed from narrative: budget 11,605.29, execution 21,680.25 → 186.81…%, stated 100 %."""
    report = _audit("002-jingmen.json")
    exact = Fraction(D("21680.25")) / Fraction(D("11605.29")) * 100
    assert 186 < exact < 187  # 100 % is neither the rate rounded nor truncated, nor a cap the table says it applied
    rate = _one(report, "funds.rate", "002-jingmen.json.资金[0].执行率")
    assert rate.stated == "100%" and abs(Fraction(rate.recomputed) - exact) < Fraction(1, 10**4)
    over = _one(report, "funds.over_budget", "002-jingmen.json.资金[0]")
    assert over.severity is Severity.WARNING and abs(Fraction(over.recomputed) - exact) < Fraction(1, 10**4)


def test_002_7_timeliness_stated_as_inequalities():
    """§1.2.7, transcribed from narrative: 按时发放率/发放及时率 '大于90%' are targets, not values reached
    (and so is the funeral-facility satisfaction '大于85%'); '100%' and '95%' are values."""
    report = _audit("002-jingmen.json")
    flagged = {c.where: c.stated for c in _checks(report, "actual.as_target", CheckState.FAILED)}
    assert flagged == {f"002-jingmen.json.指标[{i}].实际完成值": text for i, text in ((0, "大于90%"), (1, "大于90%"), (7, "大于85%"))}


# ------------------------------------------------------------------ seed 000
def test_000_p1_1_spending_lines_are_57_78_percent_not_60_84():
    """§1.3.1.1, transcribed from narrative: the 14 spending lines add to 167,567.68 元 = 57.78 % of 290,000 元;
    60.84 % would be 176,436 元."""
    lines = ["23092.82", "8200", "5608", "1188", "50", "4000", "4895.24", "2320.60", "16276", "8005", "38032.02", "24000", "13952", "17948"]
    spent = sum((Fraction(D(x)) for x in lines), Fraction(0))
    assert spent == Fraction(D("167567.68"))
    document = json.loads((FIXTURES / "000-p1.json").read_text(encoding="utf-8"))
    assert Fraction(D(document["资金"][0]["全年执行数"])) == spent  # the fixture's execution is the lines' sum
    assert Fraction(D("60.84")) / 100 * 290000 == 176436
    rate = _one(_audit("000-p1.json"), "funds.rate", "000-p1.json.资金[0].执行率")
    assert rate.stated == "60.84%" and abs(Fraction(rate.recomputed) - spent / 290000 * 100) < Fraction(1, 10**4)


def test_000_p1_4_satisfaction_given_as_points():
    """§1.3.1.4, transcribed from narrative: '自评满意度分数为100分' — a score, not a satisfaction rate."""
    check = _one(_audit("000-p1.json"), "actual.points_not_rate", "000-p1.json.指标[3].实际完成值")
    assert (check.stated, check.severity) == ("100分", Severity.WARNING)


def test_000_p3_a_consistent_trusteeship_table():
    """§1.3.3, transcribed from narrative (a positive fixture): no warning or error; the area 24,532.27 亩 meets
    ≥ 2 万亩 and the small-farmer area share 73.36 % meets > 60 %. The seed's own arithmetic, kept in its 注:"""
    assert 412 + 28 + 382 + 16 + 491 + 9 == 1338
    assert round(Fraction(1285, 1338) * 100, 2) == Fraction(D("96.04"))
    area = Fraction(D("8969.8")) + Fraction(D("7524.87")) + Fraction(D("8037.6"))
    assert area == Fraction(D("24532.27")) >= 20000
    assert round(Fraction(D("17997.7")) / area * 100, 2) == Fraction(D("73.36"))
    assert Fraction(D("54.67")) + Fraction(D("54.67")) + Fraction(D("54.66")) == 140 + 24 == 164
    assert Fraction(164 * 10000) / area <= 82  # 66.85 元/亩 under the 82 元/亩 cap (no actual is stated for it)
    report = _audit("000-p3.json")
    assert report.ok and _flagged(report) == []


def test_000_p4_3_completion_80_percent_counts_unspent_claims():
    """§1.3.4.3 and 6, transcribed from narrative: of the 400 万元 central funds 210 are spent (52.5 %); the stated
    80 % is 320 = 210 + 110.01 of claims submitted. The totals reconcile: 400 + 734 = 1,134, 210 + 650 = 860."""
    report = _audit("000-p4.json")
    rate = _one(report, "funds.rate", "000-p4.json.资金[1].执行率")
    assert (rate.stated, Fraction(rate.recomputed)) == ("80%", Fraction(210, 400) * 100)
    assert Fraction(D("320")) / 400 == Fraction(80, 100) and abs(210 + Fraction(D("10.01")) + 100 - 320) < 1
    sums = {c.where: (c.stated, c.recomputed) for c in _checks(report, "funds.sum", CheckState.PASSED)}
    assert sums == {"000-p4.json.资金[0].全年预算数": (D(1134), D(400 + 734)), "000-p4.json.资金[0].全年执行数": (D(860), D(210 + 650))}


def test_000_p6_1_an_item_scored_above_its_base():
    """§1.3.6.1: 资料报送情况, base 2, the text's self-score 3; the four sections still weigh 20/30/25/25 = 100."""
    report = _audit("000-p6.json")
    check = _one(report, "row.score_above_points", "000-p6.json.指标[12].得分")
    assert (check.stated, check.recomputed, check.severity) == (D(3), D(2), Severity.ERROR)
    sections = {c.stated: c.recomputed for c in _checks(report, "heading.points_sum", CheckState.PASSED)}
    assert sections == {D(20): D(5 + 2 + 3 + 4 + 3 + 3), D(30): D(2 + 2 + 3 + 2 + 3 + 3 + 2 + 3 + 2 + 4 + 2 + 2), D(25): D(8 + 5 + 6 + 6)}
    assert 5 + 4 + 3 + 9 + 2 + 2 == 25  # 产出 — the same 25 as 效果, one entry in the dict above
    assert _one(report, "points.total", "000-p6.json.指标[27]", CheckState.PASSED).recomputed == D(100)
    # the section title still prints 自评分 30 for 过程, whose items now add to 31 with the 3 above
    process = _one(report, "heading.score_sum", "000-p6.json.指标[6].一级指标")
    assert (process.stated, process.recomputed) == (D(30), D(2 + 2 + 3 + 2 + 3 + 3 + 2 + 3 + 2 + 4 + 2 + 2 + 1))


def test_000_p6_5_a_rate_stated_as_100_percent_or_more():
    """§1.3.6.5: '农村社区养老服务设施配建率达100%以上' is an inequality, not a value (and so is '大于20倍')."""
    report = _audit("000-p6.json")
    assert _one(report, "actual.as_target", "000-p6.json.指标[20].实际完成值").severity is Severity.WARNING
    assert _one(report, "actual.as_target", "000-p6.json.指标[25].实际完成值").stated == "大于20倍"


def test_000_p8_rates_above_100_that_may_be_and_nothing_a_table_shows():
    """§1.3.8.5, transcribed from narrative: 城区配建率 156 % = 4,215 / 2,700 ㎡ is allowed (an allocation rate,
    not a share); 32 % = 545 / 1,726 rounded. Every other §1.3.8 defect lives in the prose (OUT_OF_SCOPE)."""
    assert round(Fraction(4215, 2700) * 100) == 156 and round(Fraction(545, 1726) * 100) == 32
    report = _audit("000-p8.json")
    assert not report.findings_by_code("actual.rate_above_100")
    assert report.ok and _flagged(report) == []


def test_000_p10_over_completion_is_no_defect():
    """§1.3.10, transcribed from narrative: 1,250 / 900 = 138.88…% printed 138 % (truncated, an accepted printing);
    1,250 is 1.39 times 900, under the 2× at which a target is suspected of being set too low."""
    assert printed_match(Figure(D(138), True, 0), Fraction(1250, 900), scale=2) == "truncated"
    assert Fraction(1250, 900) < 2
    report = _audit("000-p10.json")
    assert report.ok and _flagged(report) == [] and not report.findings_by_code("actual.far_above_target")


# ------------------------------------------------------------------ seed 001
def test_001_r1_1_section_scored_above_its_maximum():
    """§1.4.1.1, transcribed from narrative: (二) 项目支出进度 (15分) self-scored 20, its sub-items 7 + 2 + 2 + 2."""
    report = _audit("001-r1.json")
    check = _one(report, "heading.score_above_points", "001-r1.json.指标[1].得分")
    assert (check.stated, check.recomputed) == (D(20), D(15))
    check = _one(report, "heading.score_sum", "001-r1.json.指标[1].得分")
    assert (check.stated, check.recomputed) == (D(20), D(7 + 2 + 2 + 2))


def test_001_r1_2_three_totals_that_disagree():
    """§1.4.1.2, transcribed from narrative: the sections add to 10 + 20 + 20 + 45 + 10 + 3 = 108; the summary
    says 87 and the conclusion 101 — neither is the sum."""
    sections = 10 + 20 + 20 + 45 + 10 + 3
    check = _one(_audit("001-r1.json"), "total.sum", "001-r1.json.总分")
    assert (check.stated, check.recomputed) == (D(87), D(sections))
    document = json.loads((FIXTURES / "001-r1.json").read_text(encoding="utf-8"))
    document["总分"] = 101  # the conclusion's figure
    conclusion = audit(read_records(document, source="001-r1.json"))
    check = _one(conclusion, "total.sum", "001-r1.json.总分")
    assert (check.stated, check.recomputed) == (D(101), D(sections))


def test_001_r2_an_actual_written_as_a_target():
    """001 report 2, transcribed from narrative — not in the brief: '免疫规划接种率≥ 90 %' states no value reached.
    The brief's §1.4.2 defects (21 on time of 2 reported; 11 staff) are in the prose (OUT_OF_SCOPE)."""
    assert _one(_audit("001-r2.json"), "actual.as_target", "001-r2.json.指标[2].实际完成值").stated == "≥ 90 %"


def test_001_r4_six_scores_reconcile_with_97():
    """§1.4.4, transcribed from narrative: 12 + 8 + 9 + 20 + 29 + 19 = 97, the stated total; maxima unprinted."""
    report = _audit("001-r4.json")
    check = _one(report, "total.sum", "001-r4.json.总分", CheckState.PASSED)
    assert (check.stated, check.recomputed) == (D(97), D(12 + 8 + 9 + 20 + 29 + 19))
    assert _checks(report, "points.total", CheckState.INSUFFICIENT_DATA)


def test_001_r5_three_scores_reconcile_with_95_and_its_grade():
    """§1.4.5, transcribed from narrative: 30 + 30 + 35 = 95 (5 deducted from 产出与效益), 优."""
    report = _audit("001-r5.json")
    check = _one(report, "total.sum", "001-r5.json.总分", CheckState.PASSED)
    assert (check.stated, check.recomputed) == (D(95), D(30 + 30 + 35))
    assert _one(report, "grade.band", "001-r5.json.评级", CheckState.PASSED).recomputed == "优"


# ------------------------------------------------------------------ consistent tables
@pytest.mark.parametrize("name", ["000-p3.json", "000-p8.json", "000-p10.json", "001-r4.json", "001-r5.json"])
def test_consistent_tables_give_no_error(name):
    assert _audit(name).errors == ()


def test_out_of_scope_defects_name_their_seed_and_reason():
    seeds = {"003", "002", "000 篇一", "000 篇四", "000 篇六", "000 篇八", "000 篇十", "001 report 1", "001 report 2", "001 report 4", "001 report 5"}
    assert {seed for seed, _, _ in OUT_OF_SCOPE} == seeds
    assert all(defect.startswith("§1.") and len(why) > 20 for _, defect, why in OUT_OF_SCOPE)


def test_the_checks_added_for_the_seeds_leave_rightly_filed_tables_alone():
    """row.misfiled, heading.children_sum and actual.points_not_rate on rows they must not flag: a cost saving
    under an effect, a 及时率 under 时效, sub-headings that add up (20 + 10 + 3 + 7 = 40), a satisfaction in %."""
    rows = [
        {"一级指标": "产出指标(40分)", "二级指标": "数量指标(20分)", "三级指标": "培训人次", "年度指标值": "≥10人次", "实际完成值": "10人次", "分值": 20, "得分": 20},
        {"一级指标": "产出指标(40分)", "二级指标": "质量指标(10分)", "三级指标": "培训合格率", "年度指标值": "≥90%", "实际完成值": "95%", "分值": 10, "得分": 10},
        {"一级指标": "产出指标(40分)", "二级指标": "时效指标(3分)", "三级指标": "补贴发放及时率", "年度指标值": "100%", "实际完成值": "100%", "分值": 3, "得分": 3},
        {"一级指标": "产出指标(40分)", "二级指标": "成本指标(7分)", "三级指标": "人均培训成本", "年度指标值": "≤200元/人", "实际完成值": "180元/人", "分值": 7, "得分": 7},
        {"一级指标": "效益指标(50分)", "二级指标": "经济效益指标", "三级指标": "降低农户生产成本", "年度指标值": "≥10%", "实际完成值": "12%", "分值": 50, "得分": 50},
        {"一级指标": "满意度指标(10分)", "二级指标": "满意度指标", "三级指标": "服务对象满意度", "年度指标值": "≥90%", "实际完成值": "95%", "分值": 10, "得分": 10},
    ]
    report = audit(read_records({"指标": rows, "总分": 100}, source="t"))
    assert _flagged(report) == []
    check = _one(report, "heading.children_sum", "t.指标[0].一级指标", CheckState.PASSED)
    assert (check.stated, check.recomputed) == (D(40), D(20 + 10 + 3 + 7))
    assert not _checks(report, "heading.children_sum", CheckState.INSUFFICIENT_DATA)  # 效益's sub-heading prints no points
