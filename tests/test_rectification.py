"""Rectification (整改) lists: built from findings, moved through their statuses, followed up a year on,
and written to TOML, JSON and .xlsx and read back equal.

The seed reports of seed 001 that list rectification items are transcribed in
``tests/fixtures/rectification/001-rN.toml`` (the problems and actions as the
report words them, simplified from its traditional characters; each file's
``notes`` say where every item comes from):

==============  =====================================================================  ======================
fixture         seed / report                                                          items
==============  =====================================================================  ======================
001-r1.toml     001 report 1, Gansu district poverty funds, 存在问题 一至三              3, open
001-r2.toml     001 report 2, Guangxi township hospital, 存在问题 (一)(二) + 整改措施    10, open
001-r3.toml     001 report 3, city appearance bureau, last year's and mid-year problems  2, done
001-r5.toml     001 report 5, Longyan energy office, 存在问题 1–2 with their own actions  2, open
001-r7.toml     001 report 7, Zhangqiu school, 存在问题 (一)(二) + 整改措施             6, open
==============  =====================================================================  ======================

Reports 4, 6 and 8 list none (:data:`NO_ITEMS`). The reports print no
reviewer's scores (they are the units' own self-checks); their self-scores are
the table fixtures of ``tests/fixtures/tables/`` (reports 1, 2, 4, 5), whose
audits give the lists checked here by hand.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import re
from pathlib import Path

import openpyxl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import perfrules
from perfrules import DocumentError, Finding, Severity, audit, read_records, read_table
from perfrules.exceptions import InvalidInputError, TableError
from perfrules.cycle import (
    ACTIONS,
    Change,
    RectificationItem,
    RectificationList,
    Status,
    TransitionError,
    follow_up,
    read_rectification_xlsx,
    rectification_list,
    write_rectification_xlsx,
)
from perfrules.cycle.rectification import GENERIC_ACTION, indicator_at

ROOT = Path(__file__).resolve().parents[1]
TABLES = ROOT / "tests" / "fixtures" / "tables"
LISTS = ROOT / "tests" / "fixtures" / "rectification"
DUE = dt.date(2021, 6, 30)
R1 = "001-r1.json."

#: (report, why it gives no rectification list)
NO_ITEMS = (
    ("001 report 4", "its 意见及建议 are two general proposals (财务管理制度, 效益考评制度) with no problem named"),
    ("001 report 6", "a self-assessment of office efficiency that names no problem and no action"),
    ("001 report 8", "a website self-check that names no problem; it only promises to keep improving"),
)


def _audit(name: str):
    return audit(read_table(TABLES / name))


def _load(name: str) -> RectificationList:
    return perfrules.load(LISTS / name, RectificationList)


def _round_trips(rl: RectificationList) -> None:
    for fmt in ("json", "toml"):
        assert perfrules.loads(perfrules.dumps(rl, format=fmt), RectificationList, format=fmt) == rl, fmt
    assert read_rectification_xlsx(write_rectification_xlsx(rl)) == rl


# ------------------------------------------------------------------ from an audit, by hand
def test_001_r1_audit_gives_three_items_at_their_cells():
    """001 report 1's table: (二) scores 20 of 15 points and not 7 + 2 + 2 + 2 = 13; the total 87 is not
    10 + 20 + 20 + 45 + 10 + 3 = 108. One item each, with its default action, the unit and the deadline."""
    rl = rectification_list(_audit("001-r1.json"), unit="xxx区财政局", deadline=DUE, year=2020, issued_by="市财政局")
    assert (rl.project, rl.year, rl.issued_by) == ("财政专项扶贫资金", 2020, "市财政局")  # the project from the table
    assert [(i.id, i.code, i.where, i.indicator) for i in rl.items] == [
        ("1", "heading.score_above_points", R1 + "指标[1].得分", "(二)项目支出进度"),
        ("2", "heading.score_sum", R1 + "指标[1].得分", "(二)项目支出进度"),
        ("3", "total.sum", R1 + "总分", "总分"),
    ]
    assert [i.action_zh for i in rl.items] == ["核减该部分得分，使其不超过该部分分值", "按其下各指标得分之和重新填报该部分得分", "按各项得分之和重新计算并填报总分"]
    assert rl.items[2].action_en == "Recompute the total as the sum of the stated scores and restate it"
    assert rl.items[0].problem_zh == "(二)项目支出进度：得分 20 高于其分值 15"
    assert "13" in rl.items[1].problem_zh and "108" in rl.items[2].problem_zh and "108" in rl.items[2].problem_en
    assert {(i.unit, i.deadline, i.status, i.history, i.notes) for i in rl.items} == {("xxx区财政局", DUE, Status.OPEN, (), "")}
    _round_trips(rl)


def test_001_r2_audit_gives_one_item_infos_left_out():
    """001 report 2's table: '免疫规划接种率 ≥ 90 %' states a target, not a value reached (a warning); the
    two missing columns (分值, 得分) are infos, listed only when asked, as two items (two problems)."""
    report = _audit("001-r2.json")
    (item,) = rectification_list(report, unit="卫生院", deadline=DUE).items
    assert (item.code, item.where, item.indicator) == ("actual.as_target", "001-r2.json.指标[2].实际完成值", "免疫规划接种率")
    assert (item.action_zh, item.action_en) == ("将实际完成值改填为实际达到的数值", "State the value actually reached, not the target")
    everything = rectification_list(report, unit="卫生院", deadline=DUE, min_severity=Severity.INFO).items
    assert [(i.code, i.where) for i in everything] == [
        ("actual.as_target", "001-r2.json.指标[2].实际完成值"),
        ("table.missing_column", "001-r2.json.columns"),
        ("table.missing_column", "001-r2.json.columns"),
    ]
    assert ("分值" in everything[1].problem_zh, "得分" in everything[2].problem_zh) == (True, True)
    assert everything[1].action_zh == "按自评表模板补齐缺少的栏目并据实填报"
    assert rectification_list(report, unit="卫生院", deadline=DUE, min_severity=Severity.ERROR).items == ()


@pytest.mark.parametrize("name", ["001-r4.json", "001-r5.json"])
def test_consistent_seed_tables_give_empty_lists(name):
    """001 reports 4 and 5: 12 + 8 + 9 + 20 + 29 + 19 = 97 and 30 + 30 + 35 = 95 reconcile; only infos."""
    rl = rectification_list(_audit(name), unit="本单位", deadline=DUE)
    assert rl.items == () and rl.project in ("港房屋协管经费、保障性住房工作经费", "工作经费")


def test_the_003_table_names_headings_rows_and_funds():
    """Seed 003: a heading finding is named by its heading (产出指标 and 数量指标 sit in one row), a row finding by its row."""
    report = _audit("003-huashan.json")
    rl = rectification_list(report, unit="花山街道办事处", deadline=DUE)
    named = {(i.code, i.indicator) for i in rl.items}
    H = "003-huashan.json."
    assert ("heading.points_sum", "产出指标") in named and ("heading.points_sum", "数量指标") in named
    assert ("row.duplicate", "开展文艺演出场次") in named and ("row.missed_full_points", "青少年活动参与人数") in named
    assert len(rl.items) == 16  # 9 heading sums, 4 misfiled rows, a duplicate, a missed target, an implausible pair
    assert indicator_at(report.table, Finding("x.y", Severity.INFO, H + "资金[0].执行率", "")) == "年度财政资金总额"  # the label as printed
    assert indicator_at(report.table, Finding("x.y", Severity.INFO, H + "指标[3]", "")) == "红色之旅党员学习活动次数"
    assert indicator_at(None, Finding("x.y", Severity.INFO, "p", "", data={"indicator": "满意度"})) == "满意度"


def test_actions_can_be_overridden_and_unknown_codes_get_the_generic_action():
    findings = [
        Finding("total.sum", Severity.ERROR, "t.总分", "sum", "总分不符"),
        Finding("funds.rate", Severity.ERROR, "t.资金[0].执行率", "rate", "执行率不符"),
        Finding("pension.coverage", Severity.WARNING, "t.指标[2]", "coverage", "覆盖率", data={"indicator": "参保率"}),
    ]
    rl = rectification_list(findings, unit="u", deadline=DUE, actions={"total.sum": "重新加总", "funds.rate": ("重算执行率", "recompute the rate")})
    assert [(i.action_zh, i.action_en) for i in rl.items] == [("重新加总", ""), ("重算执行率", "recompute the rate"), GENERIC_ACTION]
    assert rl.items[2].indicator == "参保率" and rl.items[0].indicator == "" and rl.project == ""
    default = rectification_list(findings, unit="u", deadline=DUE)
    assert default.items[1].action_zh == "按全年执行数÷全年预算数重新计算并填报执行率"


def test_one_item_per_finding_code_and_row():
    """The same finding twice (an audit's and a reviewer's) or at two cells of its row is one item, the other
    cell noted; the same code at two rows, or with another message, is two."""
    same = [Finding("row.x", Severity.WARNING, f"t.指标[0].{c}", "x", "问题甲") for c in ("分值", "得分", "得分")]
    other = [Finding("row.x", Severity.WARNING, "t.指标[1].得分", "x", "问题甲"), Finding("row.x", Severity.WARNING, "t.指标[0].得分", "y", "问题乙")]
    table = read_records({"指标": [{"一级指标": "产出", "三级指标": "甲", "分值": 10, "得分": 9}, {"一级指标": "产出", "三级指标": "乙", "分值": 10, "得分": 9}]}, source="t")
    rl = rectification_list([*same, *other], unit="u", deadline=DUE, table=table)
    assert [(i.where, i.indicator, i.problem_zh, i.notes) for i in rl.items] == [
        ("t.指标[0].分值", "甲", "问题甲", "另见 t.指标[0].得分"),
        ("t.指标[1].得分", "乙", "问题甲", ""),
        ("t.指标[0].得分", "甲", "问题乙", ""),
    ]


def test_a_reviewers_findings_join_the_audits():
    """A reviewer's finding, located at a cell of the audited table, is named by that table's row."""
    report = _audit("001-r1.json")
    reviewer = Finding("review.inflated", Severity.WARNING, R1 + "指标[0].得分", "self-scored 10, reviewed 8", "自评 10 分，复核 8 分，自评虚高 2 分")
    rl = rectification_list([*report.findings, reviewer], unit="xxx区", deadline=DUE, table=report.table)
    assert [i.code for i in rl.items] == ["heading.score_above_points", "heading.score_sum", "total.sum", "review.inflated"]
    assert (rl.items[3].indicator, rl.items[3].action_zh) == ("(一)资金投入", GENERIC_ACTION[0])


def test_bad_arguments_are_refused():
    with pytest.raises(InvalidInputError, match="expected a Finding"):
        rectification_list(["total.sum"], unit="u", deadline=DUE)
    with pytest.raises(InvalidInputError, match="expected a date"):
        rectification_list([Finding("a.b", Severity.ERROR, "p", "m")], unit="u", deadline="2021-06-30")
    with pytest.raises(InvalidInputError, match="unique"):
        RectificationList(items=[RectificationItem("1"), RectificationItem("1")])
    with pytest.raises(InvalidInputError, match="id"):
        RectificationItem(" 1")
    with pytest.raises(InvalidInputError, match="year"):
        RectificationList(year=True)


def test_actions_cover_every_table_and_audit_code_of_the_docs():
    doc = (ROOT / "docs" / "findings.md").read_text(encoding="utf-8")
    section = doc[doc.index("## Table and audit findings") :]
    section = section[: section.index("\n## ", 1)] if "\n## " in section[1:] else section
    codes = {code for line in section.splitlines() if line.startswith("| `") for code in re.findall(r"`([a-z_]+\.[a-z_0-9]+)`", line.split("|")[1])}
    assert len(codes) > 40
    assert sorted(codes - set(ACTIONS)) == []
    assert all(zh and en and zh != en for zh, en in ACTIONS.values())


# ------------------------------------------------------------------ statuses
ALLOWED = {("open", "in_progress"), ("open", "done"), ("in_progress", "done"), ("in_progress", "open"), ("done", "accepted"), ("done", "open"), ("accepted", "open")}


@pytest.mark.parametrize("before", [s.value for s in Status])
@pytest.mark.parametrize("after", [s.value for s in Status])
def test_the_moves_allowed(before, after):
    """Open → in progress → done → accepted (open → done too); back to open from any other status, with a reason."""
    if (before, after) in ALLOWED:
        change = Change(DUE, before, after, "原因")
        assert (change.previous, change.status) == (Status(before), Status(after))
    else:
        with pytest.raises(TransitionError, match="cannot move"):
            Change(DUE, before, after, "原因")


def test_moves_are_recorded_and_reopening_needs_a_reason():
    item = RectificationItem("1", "总分不符", code="total.sum")
    with pytest.raises(TransitionError, match="cannot move from open to accepted"):
        item.accept(on=DUE)
    day = dt.date(2021, 3, 1)
    item = item.start(on=day, by="财务科").complete(on=day, note="已更正").accept(on=dt.date(2021, 4, 1), by="财政局")
    assert item.status is Status.ACCEPTED
    assert [(c.previous.value, c.status.value, c.note, c.by) for c in item.history] == [
        ("open", "in_progress", "", "财务科"), ("in_progress", "done", "已更正", ""), ("done", "accepted", "", "财政局"),
    ]  # fmt: skip
    for reason in ("", "  "):
        with pytest.raises(TransitionError, match="needs a reason"):
            item.reopen(reason, on=DUE)
    reopened = item.reopen("抽查发现仍未更正", on=DUE)
    assert (reopened.status, reopened.history[-1].previous, len(reopened.history)) == (Status.OPEN, Status.ACCEPTED, 4)
    with pytest.raises(InvalidInputError, match=r"history\[3\]: change 3 on 2021-03-31 is dated before change 2 on 2021-04-01"):
        item.reopen("倒签", on=dt.date(2021, 3, 31))  # before the last change
    rl = RectificationList(items=[item, RectificationItem("2")]).moved("2", "done", on=DUE)
    assert rl.counts() == {Status.OPEN: 0, Status.IN_PROGRESS: 0, Status.DONE: 1, Status.ACCEPTED: 1}
    assert rl.open_items == () and rl.item("2").status is Status.DONE
    with pytest.raises(KeyError):
        rl.item("3")


def test_a_history_that_does_not_chain_is_refused_on_load():
    broken = '[[items]]\nid = "1"\nstatus = "done"\nhistory = [{on = 2021-03-01, previous = "open", status = "in_progress"}]\n'
    with pytest.raises(DocumentError, match="last change ends at in_progress"):
        perfrules.loads(broken, RectificationList, format="toml")
    skipped = '[[items]]\nid = "1"\nstatus = "accepted"\nhistory = [{on = 2021-03-01, previous = "open", status = "accepted"}]\n'
    with pytest.raises(DocumentError, match=r"\$\.items\[0\]\.history\[0\].*cannot move from open to accepted"):
        perfrules.loads(skipped, RectificationList, format="toml")


# ------------------------------------------------------------------ follow-up
def _r1_next_year(score_of_2: int, *, shift: bool) -> object:
    """001 report 1's table a year on: (二) restated, and (with ``shift``) a new row on top, so every row moves down."""
    document = json.loads((TABLES / "001-r1.json").read_text(encoding="utf-8"))
    document["指标"][1]["得分"] = score_of_2
    if shift:
        document["指标"].insert(0, {"一级指标": "(零)新增指标", "二级指标": "", "分值": 5, "得分": 5})
    return audit(read_records(document, source="2021.json"))


def test_follow_up_closes_what_is_gone_and_keeps_what_persists():
    """(二) restated as 13 = 7 + 2 + 2 + 2 (≤ 15) at 指标[2] now: items 1 and 2 closed, matched by name; the
    total 87 still is not the sum (5 + 10 + 13 + 20 + 45 + 10 + 3 = 106): item 3 persists."""
    rl = rectification_list(_audit("001-r1.json"), unit="xxx区", deadline=DUE).moved("3", "in_progress", on=dt.date(2021, 3, 1))
    nxt = _r1_next_year(13, shift=True)
    assert [f.path for f in nxt.findings if f.code == "total.sum"] == ["2021.json.总分"]
    after, summary = follow_up(rl, nxt, on=dt.date(2021, 7, 1), by="复核组")
    assert (summary.closed, summary.persisting, summary.reopened, summary.confirmed, summary.unchecked, summary.new) == (("1", "2"), ("3",), (), (), (), ())
    assert [i.status for i in after.items] == [Status.DONE, Status.DONE, Status.IN_PROGRESS]
    change = after.item("1").history[-1]
    assert (change.on, change.previous, change.status, change.by) == (dt.date(2021, 7, 1), Status.OPEN, Status.DONE, "复核组")
    assert change.note == "复查未再发现该问题（heading.score_above_points），予以销号"
    assert after.item("3") == rl.item("3")
    assert summary.render() == "已销号 2 (1, 2); 重新打开 0; 仍存在 1 (3); 确认已整改 0; 无法核对 0; 新发现 0"
    assert summary.render("en").startswith("closed 2 (1, 2); re-opened 0; persisting 1 (3)")
    _round_trips(after)


def test_follow_up_reopens_what_comes_back():
    """Items marked done (and one accepted) whose defects are in next year's table again are re-opened, with
    the finding as the reason; the new location is in the reason."""
    day = dt.date(2021, 5, 1)
    rl = rectification_list(_audit("001-r1.json"), unit="xxx区", deadline=DUE)
    for id in ("1", "2", "3"):
        rl = rl.moved(id, "done", on=day)
    rl = rl.moved("3", "accepted", on=day)
    after, summary = follow_up(rl, _r1_next_year(20, shift=True), on=dt.date(2022, 7, 1))
    assert (summary.reopened, summary.closed, summary.persisting) == (("1", "2", "3"), (), ())
    assert [(i.status, i.history[-1].previous) for i in after.items] == [(Status.OPEN, Status.DONE), (Status.OPEN, Status.DONE), (Status.OPEN, Status.ACCEPTED)]
    assert after.item("1").history[-1].note == "复查再次发现：(二)项目支出进度：得分 20 高于其分值 15（2021.json.指标[2].得分）"
    assert "108 不符" not in after.item("3").history[-1].note and "113 不符" in after.item("3").history[-1].note  # 5 + 108
    gone, summary = follow_up(rl, _r1_next_year(13, shift=False), on=dt.date(2022, 7, 1))
    assert (summary.confirmed, summary.reopened) == (("1", "2"), ("3",))  # done stays done; the total came back


def test_follow_up_without_names_matches_by_location_and_reports_new_findings():
    """Findings with no table give items with no indicator: they match by location, without the file name."""
    this_year = _audit("001-r1.json")
    rl = rectification_list(this_year.findings, unit="xxx区", deadline=DUE)  # no table: no names
    assert {i.indicator for i in rl.items} == {""}
    extra = Finding("funds.rate", Severity.ERROR, "2021.json.资金[0].执行率", "rate", "执行率不符")
    info = Finding("table.missing_column", Severity.INFO, "2021.json.columns", "c", "缺列")
    after, summary = follow_up(rl, [*_r1_next_year(13, shift=False).findings, extra, info], on=dt.date(2021, 7, 1))
    assert (summary.closed, summary.persisting) == (("1", "2"), ("3",))  # 001-r1.json.总分 ~ 2021.json.总分
    assert summary.new == (extra,)  # the info is not new business
    assert summary.render().endswith("新发现 1")


def test_follow_up_leaves_hand_written_items_alone():
    """The items a report lists carry no finding code: a table cannot tell whether they were fixed."""
    report = _load("001-r1.toml")
    after, summary = follow_up(report, _r1_next_year(13, shift=False), on=dt.date(2021, 7, 1))
    assert after == report and summary.unchecked == ("1", "2", "3")
    assert [f.code for f in summary.new] == ["total.sum"]


# ------------------------------------------------------------------ the seed reports' own items
def test_each_seed_list_notes_its_source():
    assert sorted(p.name for p in LISTS.glob("*.toml")) == ["001-r1.toml", "001-r2.toml", "001-r3.toml", "001-r5.toml", "001-r7.toml"]
    for path in sorted(LISTS.glob("*.toml")):
        rl = _load(path.name)
        n = path.stem.split("-r")[1]
        assert rl.notes[0].startswith(f"由叙述转录：种子文档 001 报告{n}"), path.name
        assert all(i.code == "" and i.deadline is None and i.problem_zh and i.action_zh and i.unit for i in rl.items), path.name
        _round_trips(rl)
    assert {r for r, _ in NO_ITEMS} == {"001 report 4", "001 report 6", "001 report 8"}


def test_001_r1_three_problems():
    """一 富民产业支撑力不强 (its own action: 壮大规模、提升效益), 二 报账率低 (none of its own: the closing
    '针对上述问题' sentence), 三 扶贫方式单一 (需进一步拓宽); the unit is the district."""
    rl = _load("001-r1.toml")
    assert [i.id for i in rl.items] == ["1", "2", "3"] and rl.year is None
    assert [i.problem_zh.split("：")[0] for i in rl.items] == ["富民产业支撑贫困村增收的能力还不强", "扶贫资金报账率低", "扶贫方式还需进一步创新"]
    assert [i.action_zh for i in rl.items] == [
        "在壮大规模、提升效益上持续用力",
        "进一步加大资金整合力度，改进工作方式，提高工作效率，创新工作机制，加强资金管理，提高资金使用效益",
        "扶贫方式需进一步拓宽",
    ]
    assert {i.unit for i in rl.items} == {"xxx区"} and rl.notes[2].startswith("针对上述问题")


def test_001_r2_ten_problems_five_measures():
    """(一) 公共卫生 1–5 and (二) 医疗质量 1–5; 11 staff with only 2 licensed; measures (二)–(五) by topic."""
    rl = _load("001-r2.toml")
    assert [i.id for i in rl.items] == ["1-1", "1-2", "1-3", "1-4", "1-5", "2-1", "2-2", "2-3", "2-4", "2-5"]
    assert "11人，只有2人有执业资格" in rl.item("1-4").problem_zh and "无妇保室和儿保室" in rl.item("1-5").problem_zh
    by_action = {}
    for i in rl.items:
        by_action.setdefault(i.action_zh, []).append(i.id)
    assert by_action == {
        "对公共卫生项目，加大在资金、物力、人力的投入，要全院人员的动员和参与": ["1-1", "1-2", "1-4", "1-5"],
        "加强慢病的管理，特别是要加强筛查的力度，加强管理力度，主动发现病人，主动管理病人": ["1-3"],
        "加强医病质量的管理": ["2-1", "2-2", "2-4", "2-5"],
        "加强进修与培训，加强“三基”“三严”培训，提高人员素质，提高医疗技术水平": ["2-3"],
    }
    assert {i.unit for i in rl.items} == {"卫生院"} and rl.counts()[Status.OPEN] == 10


def test_001_r3_two_problems_already_rectified():
    """Last year's weak public appraisal (this year's live appraisal scored 89.57) and the mid-year check's
    website problems (redesigned by 局办公室、信息宣传办): both done, undated."""
    rl = _load("001-r3.toml")
    assert (rl.year, rl.issued_by) == (2012, "XX市市容管理局")
    assert [(i.id, i.status, i.history) for i in rl.items] == [("1", Status.DONE, ()), ("2", Status.DONE, ())]
    assert "89.57" in rl.item("1").notes and rl.item("2").unit == "局办公室、信息宣传办"
    accepted = rl.moved("2", "accepted", on=dt.date(2013, 1, 15), by="市效能办")
    assert accepted.item("2").history == (Change(dt.date(2013, 1, 15), Status.DONE, Status.ACCEPTED, "", "市效能办"),)


def test_001_r5_two_problems_with_their_own_units():
    rl = _load("001-r5.toml")
    assert [(i.id, i.unit) for i in rl.items] == [("1", "龙岩市发改委"), ("2", "能源领域各项目工作组")]
    assert "十三五" in rl.item("1").problem_zh and "9个能源项目中5个属华电集团" in rl.item("2").problem_zh
    assert rl.item("2").action_zh == "加强与央企集团层面的沟通联络，推进项目审批流程"
    assert rl.notes[2].startswith("对策措施：1. 加强与项目前期有关部门")


def test_001_r7_six_problems_four_measures():
    rl = _load("001-r7.toml")
    assert [i.id for i in rl.items] == ["1-1", "1-2", "1-3", "2-1", "2-2", "2-3"]
    assert "只有一名专业美术教师" in rl.item("1-3").problem_zh
    assert rl.item("1-3").action_zh == "加强薄弱学科的管理，特别是要加强音体美教学的力度，加强管理力度"
    assert {i.action_zh for i in rl.items if i.id in ("1-1", "1-2", "2-1")} == {"加强进修与培训，加强年轻教师的培训，提高教师素质，提高学校管理水平"}
    assert {i.unit for i in rl.items} == {"学校"}


# ------------------------------------------------------------------ .xlsx
def test_the_workbook_layout():
    rl = rectification_list(_audit("001-r1.json"), unit="xxx区", deadline=DUE, year=2020, issued_on=dt.date(2021, 1, 10))
    rl = rl.moved("1", "in_progress", on=dt.date(2021, 2, 1), note="=SUM(A1)", by="财务科")
    wb = openpyxl.load_workbook(io.BytesIO(write_rectification_xlsx(rl)))
    assert wb.sheetnames == ["整改清单", "整改记录", "清单信息"]
    ws = wb["整改清单"]
    assert [c.value for c in ws[1]][:9] == ["序号", "问题", "位置", "指标", "整改要求", "责任单位", "整改期限", "状态", "备注"]
    assert [c.value for c in ws[2]][:9] == ["1", rl.items[0].problem_zh, R1 + "指标[1].得分", "(二)项目支出进度", "核减该部分得分，使其不超过该部分分值", "xxx区", dt.datetime(2021, 6, 30), "整改中", None]
    assert [ws.cell(row=r, column=8).value for r in (2, 3, 4)] == ["整改中", "未整改", "未整改"]
    history = wb["整改记录"]
    assert [c.value for c in history[2]] == ["1", dt.datetime(2021, 2, 1), "未整改", "整改中", "=SUM(A1)", "财务科"]
    assert history.cell(row=2, column=5).data_type == "s"  # text, not a formula
    assert [[c.value for c in row] for row in wb["清单信息"].iter_rows()] == [["项目", "财政专项扶贫资金"], ["年度", 2020], ["下发单位", None], ["下发日期", dt.datetime(2021, 1, 10)]]


def test_a_workbook_typed_by_hand():
    """A title row, the columns in another order, a number for 序号, statuses by label or value, dates as text."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "整改清单"
    ws.append(["2021年度整改清单"])
    ws.append(["状态", "序号", "问题", "整改期限", "责任单位", "整改要求", "无关列"])
    ws.append(["已验收", 1, "总分不符", "2021年6月30日", "财务科", "重新加总", "x"])
    ws.append(["done", 2, "执行率不符", "2021/7/1", None, None, None])
    ws.append([None, None, None, None, None, None, None])
    ws.append([None, "3", "未填", None, None, None, None])
    buffer = io.BytesIO()
    wb.save(buffer)
    rl = read_rectification_xlsx(buffer.getvalue())
    assert rl == RectificationList(items=[
        RectificationItem("1", "总分不符", action_zh="重新加总", unit="财务科", deadline=dt.date(2021, 6, 30), status="accepted"),
        RectificationItem("2", "执行率不符", deadline=dt.date(2021, 7, 1), status="done"),
        RectificationItem("3", "未填"),
    ])  # fmt: skip
    ws.cell(row=4, column=1).value = "搁置"
    buffer = io.BytesIO()
    wb.save(buffer)
    with pytest.raises(TableError, match=r"整改清单!4.*unknown status '搁置'"):
        read_rectification_xlsx(buffer.getvalue())


def test_unreadable_workbooks_are_table_errors(tmp_path):
    with pytest.raises(TableError, match="not a readable"):
        read_rectification_xlsx(b"not a zip")
    wb = openpyxl.Workbook()
    wb.active.title = "其他"
    path = tmp_path / "x.xlsx"
    wb.save(path)
    with pytest.raises(TableError, match="no 整改清单 sheet"):
        read_rectification_xlsx(path)
    rl = RectificationList(items=[RectificationItem("1", "问题")])
    write_rectification_xlsx(rl, tmp_path / "ok.xlsx")
    with (tmp_path / "ok.xlsx").open("rb") as handle:
        assert read_rectification_xlsx(handle) == rl


# ------------------------------------------------------------------ round trips of generated lists
ODD = "_x0D5F:=+-@#'\"\\\t\n\r\x00\x01\x0b\x1f\x7f\x85\u2028\ufeff\ufffe\uffff 问题整改未验收，“”（）①²é😀"
TEXTS = st.one_of(st.text(alphabet=ODD, max_size=20), st.text(st.characters(exclude_categories=("Cs",)), max_size=20))
DATES = st.dates(min_value=dt.date(1800, 1, 1), max_value=dt.date(2200, 12, 31))
IDS = st.text(alphabet="0123456789-一二三ABCx_", min_size=1, max_size=5)


@st.composite
def items(draw, id: str) -> RectificationItem:
    item = RectificationItem(
        id, draw(TEXTS), draw(TEXTS), draw(st.sampled_from(["", "total.sum", "funds.rate", "review.inflated"])), draw(TEXTS), draw(TEXTS),
        draw(TEXTS), draw(TEXTS), draw(TEXTS), draw(st.none() | DATES), draw(st.sampled_from(list(Status))), draw(TEXTS),
    )  # fmt: skip
    if item.status is not Status.OPEN or not draw(st.booleans()):
        return item
    day = draw(DATES)
    for _ in range(draw(st.integers(0, 5))):
        moves = {Status.OPEN: [Status.IN_PROGRESS, Status.DONE], Status.IN_PROGRESS: [Status.DONE, Status.OPEN], Status.DONE: [Status.ACCEPTED, Status.OPEN], Status.ACCEPTED: [Status.OPEN]}
        to = draw(st.sampled_from(moves[item.status]))
        note = draw(TEXTS) if to is not Status.OPEN else "原因" + draw(TEXTS)
        day = min(day + dt.timedelta(days=draw(st.integers(0, 40))), dt.date(2200, 12, 31))
        item = item.moved(to, on=day, note=note, by=draw(TEXTS))
    return item


@st.composite
def lists(draw) -> RectificationList:
    ids = draw(st.lists(IDS, unique=True, max_size=5))
    return RectificationList(draw(TEXTS), draw(st.none() | st.integers(1, 9999)), [draw(items(i)) for i in ids], draw(TEXTS), draw(st.none() | DATES), draw(st.lists(TEXTS, max_size=3)))


@given(lists())
def test_generated_lists_round_trip_through_json_and_toml(rl):
    for fmt in ("json", "toml"):
        assert perfrules.loads(perfrules.dumps(rl, format=fmt), RectificationList, format=fmt) == rl


@settings(max_examples=60)
@given(lists())
def test_generated_lists_round_trip_through_xlsx(rl):
    assert read_rectification_xlsx(write_rectification_xlsx(rl)) == rl


# ------------------------------------------------------------------ docs
def test_the_review_cycle_page_runs_and_prints_what_it_says(monkeypatch):
    """docs/review-cycle.md, one review cycle end to end: every example prints what the page shows."""
    import doctest

    monkeypatch.chdir(ROOT)
    text = (ROOT / "docs" / "review-cycle.md").read_text(encoding="utf-8")
    code = "\n".join(re.findall(r"```python\n(.*?)```", text, re.S))
    test = doctest.DocTestParser().get_doctest(code, {}, "review-cycle.md", "docs/review-cycle.md", 0)
    runner = doctest.DocTestRunner()
    runner.run(test)
    assert runner.summarize(verbose=False) == doctest.TestResults(failed=0, attempted=len(test.examples))
    assert len(test.examples) > 30
