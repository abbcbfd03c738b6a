"""复核 and 抽查: a reviewer's scores against the unit's, and reproducible spot checks — by hand and by property."""

from __future__ import annotations

import math
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import perfrules
from perfrules.cycle import Review, ReviewRow, SampleRule, draw_rows, draw_tables, read_review, review
from perfrules.rules.tolerance import Tolerance
from workbooks import sheet_of, to_bytes

D = Decimal


def _table(rows, **scalars):
    return perfrules.read_records({**scalars, "指标": rows}, source="t")


ROWS = [
    {"一级指标": "产出指标", "二级指标": "数量指标", "三级指标": "培训人次", "年度指标值": "≥100人次", "实际完成值": "90人次", "分值": 40, "得分": 40},
    {"一级指标": "产出指标", "二级指标": "质量指标", "三级指标": "合格率", "年度指标值": "100%", "实际完成值": "100%", "分值": 20, "得分": 20},
    {"一级指标": "效益指标", "二级指标": "社会效益指标", "三级指标": "受益人数", "年度指标值": "≥500人", "实际完成值": "450人", "分值": 30, "得分": 27},
    {"一级指标": "满意度指标", "二级指标": "满意度", "三级指标": "满意度", "年度指标值": "≥90%", "实际完成值": "95%", "分值": 10, "得分": 10},
]


def test_a_review_finds_inflated_self_scores_and_gives_the_total_before_and_after():
    table = _table(ROWS, 总分=97, 评级="优")  # 40 + 20 + 27 + 10 = 97
    rev = Review("区财政局", (
        ReviewRow(indicator="培训人次", score=D(36), comment="90人次未达100人次，按比例计 36 分"),  # 40 × 90/100
        ReviewRow(indicator="受益人数", score=D("26.5")),  # within 0.5 of 27: tolerated
        ReviewRow(indicator="满意度", score=D(10)),
    ), total=D("92.5"), grade="优")  # fmt: skip
    result = review(table, rev, tolerance=Tolerance(absolute=D("0.5")))
    assert [(r.name, r.difference, r.beyond_tolerance, r.inflated) for r in result.rows] == [
        ("培训人次", D(-4), True, True), ("受益人数", D("-0.5"), False, False), ("满意度", D(0), False, False),
    ]  # fmt: skip
    # after: 36 + 20 + 26.5 + 10 = 92.5 — the reviewer's total agrees, 优 stays 优 (≥ 90)
    assert (result.total_before, result.total_after) == (D(97), D("92.5"))
    assert (result.grade_before.label_zh, result.grade_after.label_zh) == ("优", "优")
    assert [(f.code, f.path) for f in result.findings] == [("review.inflated", "t.指标[0].得分")]
    assert result.findings[0].get("comment") == "90人次未达100人次，按比例计 36 分"


def test_a_relative_tolerance_scales_with_the_row_points():
    table = _table(ROWS)
    rev = Review("第三方", (ReviewRow(indicator="培训人次", score=D(37)), ReviewRow(indicator="受益人数", score=D(26))))
    result = review(table, rev, tolerance=Tolerance(relative=D("0.05")))  # 5 % of 40 = 2, of 30 = 1.5
    assert [(r.name, r.beyond_tolerance) for r in result.rows] == [("培训人次", True), ("受益人数", False)]


def test_the_rubric_declares_the_tolerance_when_the_caller_does_not():
    import attrs

    rubric = attrs.evolve(perfrules.NATIONAL_2020, review_tolerance=Tolerance(absolute=D(5)))
    result = review(_table(ROWS), Review("局", (ReviewRow(indicator="培训人次", score=D(36)),)), rubric=rubric)
    assert result.rows[0].beyond_tolerance is False and result.tolerance.absolute == D(5)


def test_the_reviewers_own_arithmetic_is_audited():
    table = _table(ROWS, 总分=97)
    rev = Review("局", (ReviewRow(indicator="培训人次", score=D(36)),), total=D(95), grade="良")
    codes = {f.code: f for f in review(table, rev).findings}
    # 36 + 20 + 27 + 10 = 93, not 95; 95 is 优, not 良
    assert (codes["review.total_sum"].get("stated"), codes["review.total_sum"].get("recomputed")) == (D(95), D(93))
    assert codes["review.grade_band"].get("recomputed") == "优"


def test_unmatched_duplicate_and_above_points_rows_are_errors():
    rev = Review("局", (
        ReviewRow(indicator="不存在的指标", score=D(1)),
        ReviewRow(indicator="合格率", score=D(25)),  # above its 20 points
        ReviewRow(where="t.指标[1]", score=D(20)),  # the same row again, by its location
    ))  # fmt: skip
    codes = [f.code for f in review(_table(ROWS), rev).findings]
    assert codes == ["review.unmatched", "review.above_points", "review.raised", "review.duplicate"]


def test_a_blank_score_on_both_sides_leaves_the_total_after_unknown():
    rows = [dict(ROWS[0]), {**ROWS[1], "得分": None}]
    result = review(_table(rows), Review("局", (ReviewRow(indicator="培训人次", score=D(36)),)))
    assert result.total_after is None and [f.code for f in result.findings] == ["review.inflated", "review.total_unknown"]


def test_a_self_evaluation_can_be_reviewed_by_path():
    se = perfrules.examples.huashan_2020()
    path = "output/数量指标/年组织开展群众文体活动"
    result = review(se, Review("局", (ReviewRow(indicator=path, score=D(0)),)))
    assert [(r.where, r.self_score, r.review_score) for r in result.rows] == [(path, D(1), D(0))]
    assert result.total_after == D(97)  # 98 stated parts: 20 + 39 + 39, one point fewer


def test_a_review_is_read_from_a_reviewed_copy_of_the_table():
    header = ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分", "复核得分", "复核意见"]
    wb = sheet_of([
        ["2021年度项目支出绩效自评表"],
        header,
        ["产出指标", "数量指标", "培训人次", "≥100人次", "90人次", 40, 40, 36, "未达目标"],
        ["产出指标", "质量指标", "合格率", "100%", "100%", 20, 20, None, None],
        ["效益指标", "社会效益指标", "受益人数", "≥500人", "450人", 40, 36, 36, "属实"],
    ])  # fmt: skip
    data = to_bytes(wb)
    rev = read_review(data, reviewer="区财政局")
    assert [(r.indicator, r.score, r.comment) for r in rev.rows] == [("培训人次", D(36), "未达目标"), ("受益人数", D(36), "属实")]
    result = review(perfrules.read_table(data), rev)
    assert [f.code for f in result.findings] == ["review.inflated"] and result.rows[0].where == "自评表!G3"


def test_review_refuses_what_it_cannot_compare():
    with pytest.raises(perfrules.WrongTypeError):
        review({"指标": []}, Review("局"))
    with pytest.raises(perfrules.WrongTypeError):
        review(_table(ROWS), {"rows": []})
    with pytest.raises(perfrules.InvalidInputError):
        ReviewRow(score=D(1))
    with pytest.raises(perfrules.FloatRefusedError):
        ReviewRow(indicator="x", score=1.5)


# ------------------------------------------------------------------ spot checks
def test_a_spot_check_takes_every_row_that_lost_points_and_a_seeded_share_of_the_rest():
    table = perfrules.read_table("tests/fixtures/tables/003-huashan.json")
    sample = draw_rows(table, SampleRule(share=D("0.2")), seed=2024)
    lost = [m for m in sample.members if m[2] == "lost_points"]
    # 年组织开展群众文体活动 1 of 2, 提供各类便民服务 3 of 4: the two rows that lost points
    assert [m[1] for m in lost] == ["年组织开展群众文体活动", "提供各类便民服务,惠及民生,改善居民日常生活环境"]
    drawn = [m for m in sample.members if m[2] == "drawn"]
    assert len(drawn) == math.ceil(D("0.2") * 25)  # 27 rows, 2 taken: a fifth of 25, rounded up = 5
    assert draw_rows(table, SampleRule(share=D("0.2")), seed=2024) == sample  # the same seed, the same draw
    big = draw_rows(table, SampleRule(lost_points=False, points_at_least=D(5), share=D(0)), seed=1)
    assert {m[2] for m in big.members} == {"points_at_least"} and len(big.members) == 4  # the four rows of 5 points (环境效益)


def test_tables_of_a_folder_are_drawn_whatever_the_order_they_are_listed_in(tmp_path):
    names = [f"{k:02d}.xlsx" for k in range(12)]
    one = draw_tables([tmp_path / n for n in names], share=D("0.25"), seed=9)
    two = draw_tables([tmp_path / n for n in reversed(names)], share=D("0.25"), seed=9)
    assert one == two and len(one.members) == 3 and one.population == 12


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.integers(1, 9), st.integers(0, 9)), min_size=1, max_size=30), st.decimals(0, 1, places=2), st.integers(0, 2**32))
def test_a_sample_is_a_reproducible_subset_holding_every_row_that_lost_points(rows, share, seed):
    table = _table([{"一级指标": "产出指标", "二级指标": "数量", "三级指标": f"r{i}", "分值": p, "得分": min(s, p)} for i, (p, s) in enumerate(rows)])
    rule = SampleRule(share=share)
    sample = draw_rows(table, rule, seed=seed)
    locations = [r.where for r in table.rows]
    assert set(sample.locations) <= set(locations) and len(set(sample.locations)) == len(sample.locations)
    lost = {r.where for r, (p, s) in zip(table.rows, rows, strict=True) if min(s, p) < p}
    assert lost <= set(sample.locations)
    rest = len(rows) - len(lost)
    assert len(sample.members) - len(lost) == min(rest, math.ceil(share * rest))
    assert draw_rows(table, rule, seed=seed) == sample
