"""Reading every target and actual as it is meant: the table of cases that were misread, and the
notation classes of real tables. Every expected figure is worked out by hand in the comment beside it.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D
from fractions import Fraction as F

import attrs
import pytest

import perfrules
from perfrules import (
    ActualKind,
    DateSpec,
    DeadlineRule,
    Direction,
    Equal,
    Funds,
    Indicator,
    NotationError,
    Positive,
    Quantity,
    ReadingPolicy,
    Reverse,
    RuleContext,
    Severity,
    parse_actual,
    parse_target,
)


def ctx(weight, target, actual, *, reading=None, year=2020, claimed=None, name="指标"):
    ind = Indicator(name=name, weight=weight, target=target, actual=actual, claimed_score=claimed)
    return RuleContext(weight=D(weight), path="output/指标", indicator=ind, reading=reading or ReadingPolicy(), year=year)


def codes(outcome):
    return [f.code for f in outcome.findings]


def half_up_2(q: F) -> F:
    return F(int(q * 100 + F(1, 2)), 100)


# ------------------------------------------------------------------ the table of misread cases
@pytest.mark.parametrize(
    ("rule", "weight", "target", "actual", "exact", "rounded", "finding"),
    [
        # ≥90% against 0.95: a fraction for a percentage -> 95 % ≥ 90 % -> 10
        (Positive(), 10, "≥90%", "0.95", F(10), D(10), "unit.assumed_fraction"),
        # ≥0.9 against 85%: 0.85 of 0.9 -> 10 × 0.85 / 0.9 = 85/9 = 9.444… -> 9.44
        (Positive(), 10, "≥0.9", "85%", F(85, 9), D("9.44"), "unit.assumed_fraction"),
        # ≤90万元 against 900000元 = 90万元 -> met, 5
        (Reverse(), 5, "≤90万元", "900000元", F(5), D(5), "unit.converted"),
        # ≥3.08万亩 against 24600亩 = 2.46万亩 -> 10 × 2.46 / 3.08 = 615/77 = 7.987… -> 7.99
        (Positive(), 10, "≥3.08万亩", "24600亩", F(615, 77), D("7.99"), "unit.converted"),
        # ≥25000人 against 2.4万人 = 24000人 -> 4 × 24000 / 25000 = 3.84
        (Positive(), 4, "≥25000人", "2.4万人", F(96, 25), D("3.84"), "unit.converted"),
        # ≤90万元 against 0.85亿元 = 8500万元 -> ratio 50 × 90 / 8500 = 9/17 = 0.529… -> 0.53
        (Reverse(), 50, "≤90万元", "0.85亿元", F(9, 17), D("0.53"), "unit.converted"),
        # ... linear: 8500 ≥ 2 × 90 -> 0
        (Reverse(variant="linear"), 50, "≤90万元", "0.85亿元", F(0), D(0), "unit.converted"),
        # ≥1次/月 against 6次/年 = 0.5次/月 -> 2 × 0.5 = 1
        (Positive(), 2, "≥1次/月", "6次/年", F(1), D(1), "unit.converted"),
        # ≥12次/年 against 1次/月 = 12次/年 -> 2
        (Positive(), 2, "≥12次/年", "1次/月", F(2), D(2), "unit.converted"),
        # ≥1次/月 against 线上线下一周一课: 1 a week = 365/84 ≈ 4.35 a month -> 2
        (Positive(), 2, "≥1次/月", "线上线下一周一课", F(2), D(2), "unit.converted"),
        # ≥0% growth against -0.21%: a fall is a miss, not a 0 -> 0
        (Positive(), 5, "≥0%", "-0.21%", F(0), D(0), None),
        # =0% two-sided against -3%: any deviation from 0 misses -> 0
        (Equal(variant="two_sided"), 2, "=0%", "-3%", F(0), D(0), None),
        # >100 against 100: default policy scores a strict bound like ≥ (share 1), and says so
        (Positive(), 2, ">100", "100", F(2), D(2), "target.strict_boundary"),
    ],
)
def test_misread_cases_score_as_meant(rule, weight, target, actual, exact, rounded, finding):
    o = rule.apply(ctx(weight, target, actual))
    assert o.value == exact
    assert D(half_up_2(o.value).numerator) / D(half_up_2(o.value).denominator) == rounded
    if finding:
        assert finding in codes(o)
    assert 0 <= o.value <= weight


def test_strict_boundary_by_policy():
    # reading.strict_boundary = 0: 100 against >100 is a miss -> 0, with a warning
    o = Positive().apply(ctx(2, ">100", "100", reading=ReadingPolicy(strict_boundary=0)))
    assert o.value == 0
    (f,) = [f for f in o.findings if f.code == "target.strict_boundary"]
    assert f.severity is Severity.WARNING


def test_bare_fraction_refused_by_policy():
    # reading.bare_against_percent = "refuse": 0.95 against ≥90% is unscored, with an error
    o = Positive().apply(ctx(10, "≥90%", "0.95", reading=ReadingPolicy(bare_against_percent="refuse")))
    assert o.value == 0
    assert codes(o) == ["unit.ambiguous"]


def test_bare_number_reads_by_the_nearer_reading():
    # 0.5 against ≤1%: 0.5 % (ratio 0.5) is nearer than 50 % (ratio 50) -> read as a percentage, met
    o = Reverse().apply(ctx(3, "≤1%", "0.5"))
    assert o.value == 3
    assert "unit.assumed_percent" in codes(o)


def test_full_points_for_a_lost_digit_are_flagged():
    # 1% against ≥100% with full points stated: scored 2 × 1/100 = 0.02, and the pair is suspicious
    o = Positive().apply(ctx(2, "≥100%", "1%", claimed=2))
    assert o.value == F(1, 50)
    assert {"pair.implausible", "pair.claimed_full"} <= set(codes(o))


def test_far_over_achievement_is_an_info_finding():
    # 1250 new places against ≥900? no; against ≥300: 1250 ≥ 3 × 300 -> info (F12), full points
    o = Positive().apply(ctx(4, "≥300个", "1250个"))
    assert o.value == 4
    (f,) = [f for f in o.findings if f.code == "actual.far_above_target"]
    assert f.severity is Severity.INFO


def test_units_of_different_dimensions_are_unscored():
    o = Positive().apply(ctx(2, "≥30人", "25%"))
    assert o.value == 0 and codes(o) == ["unit.incompatible"]


def test_negative_counts_are_clamped_negative_rates_are_not():
    # F9 for a count: -3人 is 0 -> 0 of 2; a change rate -3% against ≤5% is kept and meets it
    assert "actual.negative" in codes(Positive().apply(ctx(2, "≥10人", "-3人")))
    o = Reverse().apply(ctx(2, "≤5%", "-3%"))
    assert o.value == 2 and "actual.negative" not in codes(o)


def _table(*output):
    """A national table whose output group holds ``output``; benefit 30 and satisfaction 10 are met."""
    return perfrules.SelfEvaluation(
        project=perfrules.Project(name="p", year=2020),
        funds=Funds.single(adjusted=100, executed=100),
        indicators=(
            Indicator(name="产出指标", code="output", children=output),
            Indicator(name="效益指标", code="benefit", children=(Indicator(name="b", weight=30, target="≥1", actual="1"),)),
            Indicator(name="满意度指标", code="satisfaction", children=(Indicator(name="s", weight=10, target="≥90%", actual="90%"),)),
        ),
    )  # fmt: skip


def test_contingency_that_did_not_occur_is_not_applicable_and_rescaled():
    # ≥50车 (deliveries after a water outage) against 没有停水: N/A, rescaled away (F13)
    se = _table(
        Indicator(name="送水", weight=10, target="≥50车", actual="没有停水"),
        Indicator(name="其他", weight=40, target="≥1", actual="1"),
    )  # fmt: skip
    r = perfrules.evaluate(perfrules.NATIONAL_2020, se)
    assert r.excluded_points == 10 and r.total == 100  # 90 of 90 attainable -> 100
    assert r.findings_by_code("actual.not_occurred")


def test_cost_without_comparator_is_a_ceiling():
    # 成本指标 "200元/人" with actual 180元: read as ≤ 200 -> full (as ≥ it would score 18/20 × points)
    se = _table(
        Indicator(name="成本指标", children=(Indicator(name="培训成本", weight=10, target="200元/人", actual="180元"),)),
        Indicator(name="其他", weight=40, target="≥1", actual="1"),
    )  # fmt: skip
    r = perfrules.evaluate(perfrules.NATIONAL_2020, se)
    assert r.node("output/成本指标/培训成本").score == 10
    assert r.findings_by_code("target.cost_as_ceiling")


def test_zero_budget_unspent_is_not_applicable_spending_without_budget_scores_zero():
    unspent = perfrules.BudgetExecution().apply(RuleContext(weight=D(10), path="execution", funds=Funds.single(adjusted=0, executed=0)))
    assert not unspent.applicable
    spent = perfrules.BudgetExecution().apply(RuleContext(weight=D(10), path="execution", funds=Funds.single(adjusted=0, executed=5)))
    assert spent.applicable and spent.value == 0


# ------------------------------------------------------------------ notation classes
@pytest.mark.parametrize(
    ("text", "direction", "value", "unit"),
    [
        ("98%以上", Direction.GE, D(98), "%"),  # 以上 includes the number (Civil Code)
        ("1000人以上", Direction.GE, D(1000), "人"),
        ("百分之九十以上", Direction.GE, D(90), "%"),
        ("≥95%以上", Direction.GE, D(95), "%"),
        ("≥95%（含）", Direction.GE, D(95), "%"),
        ("不低于95%", Direction.GE, D(95), "%"),
        ("不少于30人", Direction.GE, D(30), "人"),
        ("至少2次", Direction.GE, D(2), "次"),
        ("达到85%", Direction.GE, D(85), "%"),
        ("不超过90万元", Direction.LE, D(90), "万元"),
        ("控制在5%以内", Direction.LE, D(5), "%"),
        ("5%以下", Direction.LE, D(5), "%"),
        ("30天内", Direction.LE, D(30), "天"),
        ("超过90%", Direction.GT, D(90), "%"),
        ("大于等于1次/月", Direction.GE, D(1), "次/月"),
        ("不足10%", Direction.LT, D(10), "%"),
        ("低于5%", Direction.LT, D(5), "%"),
        ("10个以上（不含10个）", Direction.GT, D(10), "个"),  # (不含) makes 以上 strict
        ("每月一次", Direction.EQ, D(1), "次/月"),
        ("两次", Direction.EQ, D(2), "次"),
        ("九十", Direction.EQ, D(90), ""),
        ("百分之九十五", Direction.EQ, D(95), "%"),
        ("一点五万元", Direction.EQ, D("1.5"), "万元"),
        ("三十日內", Direction.LE, D(30), "日"),  # traditional 內
        ("≥3.08萬畝", Direction.GE, D("3.08"), "万亩"),  # traditional 萬畝
        ("≥1:1", Direction.GE, D(1), ""),
    ],
)
def test_comparator_words_and_numerals(text, direction, value, unit):
    t = parse_target(text)
    assert (t.direction, t.value, t.unit) == (direction, value, unit)
    assert t.text == text


@pytest.mark.parametrize(
    ("text", "value", "approximate", "remark"),
    [
        ("约2.5万人", D("2.5"), True, ""),
        ("100余户", D(100), True, ""),
        ("2000多人", D(2000), True, ""),
        ("95%左右", D(95), True, ""),
        ("1.5万余元", D("1.5"), True, ""),
        ("16.12万/社区(疫情期间预算调)", D("16.12"), False, "疫情期间预算调"),
        ("数量完成達60.84%", D("60.84"), False, "数量完成"),
        ("由12个减少到2个", D(2), False, "由12个减少到"),
    ],
)
def test_approximations_and_remarks_are_kept(text, value, approximate, remark):
    a = parse_actual(text)
    assert (a.value, a.approximate, a.remark) == (value, approximate, remark)


@pytest.mark.parametrize("text", ["/", "—", "——", "-", "无", "不适用", "N/A", "不涉及"])
def test_not_applicable_marks(text):
    assert parse_target(text).direction is Direction.NOT_APPLICABLE
    assert parse_actual(text).kind is ActualKind.NOT_APPLICABLE


def test_none_in_context_is_zero():
    # 无 against ≤0起 (accidents): the number 0, text kept
    a = parse_actual("无", target=parse_target("≤0起"))
    assert (a.kind, a.value, a.text) == (ActualKind.NUMBER, D(0), "无")


@pytest.mark.parametrize(
    ("text", "spec"),
    [
        ("2020年12月底前", DateSpec(2020, 12, None)),
        ("年底前", DateSpec(None, 12, None)),
        ("12月31日前", DateSpec(None, 12, 31)),
        ("6月底前完成", DateSpec(None, 6, None)),
        ("12月前", DateSpec(None, 11, None)),  # before December begins
        ("2021年第三季度末", DateSpec(2021, 9, None)),
        ("按时", DateSpec()),
        ("按时完成", DateSpec()),
    ],
)
def test_deadlines(text, spec):
    t = parse_target(text)
    assert t.direction is Direction.DEADLINE and t.deadline == spec


@pytest.mark.parametrize(
    ("actual", "value", "code"),
    [
        ("2020年11月20日", F(4), None),  # before 2020-12-31: full
        ("2021年1月15日", F(0), "deadline.late"),  # 15 days late: the late share 0
        ("按时完成", F(4), "deadline.as_stated"),
        ("已延期", F(0), None),
        ("100%", F(4), "deadline.rate"),
        ("良好", F(0), "actual.not_a_date"),
    ],
)
def test_deadline_rule(actual, value, code):
    o = DeadlineRule().apply(ctx(4, "2020年12月底前", actual))
    assert o.value == value
    if code:
        assert code in codes(o)


def test_deadline_without_a_year_takes_the_budget_year():
    # 年底前 in a 2020 table is 2020-12-31: done 2020-12-20 -> full; late share 0.5 when done 2021-01-05
    assert DeadlineRule().apply(ctx(4, "年底前", "2020年12月20日", year=2020)).value == 4
    assert DeadlineRule(late="0.5").apply(ctx(4, "年底前", "2021年1月5日", year=2020)).value == 2
    assert DateSpec(None, 12, None).resolve(2020) == dt.date(2020, 12, 31)


def test_compound_target_scored_by_its_first_clause():
    o = Positive().apply(ctx(2, "≥4次/年、其中体育活动≥2次", "97次"))
    assert o.value == 2 and "target.compound" in codes(o)


@pytest.mark.parametrize(
    "text",
    ["#REF!", "#DIV/0!", "#N/A", "#VALUE!", "NaN", "Infinity", "inf", "-inf", "null", "None",
     "٣٠%", "३०%", "10²", "≥9 5%", "95\u200b%", "9\x005", "\ud800"],
)  # fmt: skip
def test_what_is_not_a_value_is_refused_naming_the_field(text):
    for parse in (parse_target, parse_actual):
        with pytest.raises(NotationError) as info:
            parse(text, path="indicators[3].年度指标值")
        assert str(info.value).startswith("indicators[3].年度指标值: ")
        assert info.value.value == text


def test_quantity_converts_exactly():
    assert Quantity.parse("2.4万人").to("人") == Quantity(24000, "人")
    assert Quantity.parse("一周一课").to("次/月").magnitude == F(365, 84)
    assert Quantity.parse("900000元").to("万元").decimal == D(90)
    with pytest.raises(perfrules.UnitError):
        Quantity.parse("30人").to("%")


def test_rubric_units_extend_the_table():
    # a sector's own unit: 头 (head of livestock) = count; 万头 converts to 头 exactly
    rubric = attrs.evolve(perfrules.NATIONAL_2020, units=(perfrules.UnitDefinition("头", "count-livestock", "1"),))
    table = rubric.unit_table
    assert table.known("万头") and not perfrules.DEFAULT_UNITS.known("头")
    assert perfrules.convert(D("1.2"), "万头", "头", table) == 12000


def test_lint_deadline_rules_fit_deadline_targets():
    # a quantitative rule on a deadline target, and a deadline slot holding a quantitative rule: both errors
    rules = attrs.evolve(perfrules.NATIONAL_2020.rules, deadline=Positive())
    found = perfrules.lint(attrs.evolve(perfrules.NATIONAL_2020, rules=rules))
    assert [f.path for f in found if f.code == "rule.kind_mismatch"] == ["rules.deadline"]
    block = attrs.evolve(
        perfrules.NATIONAL_2020.block("output"),
        indicators=(Indicator(name="时效", weight=50, target="年底前", rule=Positive()),),
    )
    blocks = tuple(block if b.code == "output" else b for b in perfrules.NATIONAL_2020.blocks)
    found = perfrules.lint(attrs.evolve(perfrules.NATIONAL_2020, blocks=blocks))
    assert "rule.kind_mismatch" in [f.code for f in found]


def test_superscripts_only_as_units():
    # m² and m³ are units (read as 平方米 / 立方米); a superscript anywhere else is a foreign digit
    assert parse_target("≥100m²").unit == "m²"
    assert perfrules.parse_unit("m²").dimension == "area"
    for text in ("10²", "≥R³", "³0%"):
        with pytest.raises(NotationError):
            parse_target(text)


# ------------------------------------------------------------------ cases a new user met (review)
def run(rule, weight, target, actual, **kw):
    return rule.apply(ctx(weight, target, actual, **kw))


@pytest.mark.parametrize(
    ("text", "value", "unit"),
    [
        ("一百零八人", D(108), "人"),  # 零 inside a numeral is not "none"
        ("一千零八十亩", D(1080), "亩"),
        ("零点五七万元", D("0.57"), "万元"),
        ("零投诉", D(0), ""),  # 零 before a noun is "none"
        ("100%完成", D(100), "%"),  # the words after the unit are the remark
        ("1200人参加", D(1200), "人"),
        ("10（个）", D(10), "个"),  # a unit in brackets
        ("两台", D(2), "台"),  # a measure word the table does not know
    ],
)
def test_review_actual_readings(text, value, unit):
    a = parse_actual(text)
    assert (a.value, a.unit) == (value, unit)


@pytest.mark.parametrize("text", ["唯一", "第一", "统一", "进一步提升", "一致好评"])
def test_numerals_inside_words_are_no_quantities(text):
    assert parse_actual(text).kind is ActualKind.TEXT


@pytest.mark.parametrize(
    ("text", "direction", "value", "unit"),
    [
        ("每月不超过3次", Direction.LE, D(3), "次/月"),
        ("每季度不少于1次", Direction.GE, D(1), "次/季度"),
        ("每月≥3次", Direction.GE, D(3), "次/月"),
        ("每两周一次", Direction.EQ, D(1), "次/2周"),
        ("在25-30人之间", Direction.RANGE, D(25), "人"),
        ("零事故", Direction.LE, D(0), ""),
    ],
)
def test_review_target_readings(text, direction, value, unit):
    t = parse_target(text)
    assert (t.direction, t.value, t.unit) == (direction, value, unit)


@pytest.mark.parametrize("text", ["此项不适用", "不适用（未发生）", "无此项", "N.A."])
def test_not_applicable_wordings(text):
    assert parse_target(text).direction is Direction.NOT_APPLICABLE


@pytest.mark.parametrize("text", ["#REF!%", "NaN%", "Infinity人", "#####"])
def test_not_a_value_with_a_unit_is_refused(text):
    with pytest.raises(NotationError):
        parse_target(text)


@pytest.mark.parametrize(
    ("rule", "target", "actual", "expected", "code"),
    [
        # an action left undone is a miss (0), not a contingency that did not occur
        (Positive(), "≥10个", "没有完成", F(0), "actual.not_numeric"),
        # 每月不超过3次 against 6次/月: ≤, ratio 10 × 3/6 = 5
        (Reverse(), "每月不超过3次", "6次/月", F(5), None),
        # <90% against ≥90%: the actual says it missed: 0 with an error
        (Positive(), "≥90%", "<90%", F(0), "actual.inequality_against_target"),
        (Reverse(), "≤5%", "超过5%", F(0), "actual.inequality_against_target"),
        # counts of different things keep their scales: 1.2万 ≤ 10万 -> full; 9800 of 10000 -> 9.8
        (Reverse(), "≤10万人", "12000人次", F(10), "unit.mismatch"),
        (Positive(), "≥1万人", "9800人次", F(49, 5), "unit.mismatch"),
        # a bare number against 万元: 850000 元 = 85万元 is nearer 90 than 850000 万元 -> met
        (Reverse(), "≤90万元", "850000", F(10), "unit.assumed_base"),
        # a year's total against a monthly rate: 24 a year = 2 a month -> 10 × 2/4 = 5
        (Positive(), "≥4次/月", "全年24次", F(5), "unit.assumed_per_year"),
        # a total against a per-person rate cannot be compared
        (Reverse(), "≤200元/人", "共计2万元", F(0), "unit.total_for_rate"),
        # a stated fall is a negative change
        (Positive(), "≥0%", "下降3%", F(0), "actual.decrease_as_negative"),
        # 1次/两周 against 2次/月: half a time a week... 1 per 14 days = 365/168 a month ≥ 2 -> full
        (Positive(), "≥2次/月", "1次/两周", F(10), "unit.converted"),
        # ±5%以内 against 6%: the range formula 10 × 5/6
        (perfrules.RangeRule(), "±5%以内", "6%", F(25, 3), None),
        # far below a ≤ target is no suspicion
        (Reverse(), "≤5%", "0.1%", F(10), None),
    ],
)
def test_review_pairs(rule, target, actual, expected, code):
    o = run(rule, 10, target, actual)
    assert o.value == expected
    if code:
        assert code in codes(o)
    else:
        assert "pair.implausible" not in codes(o)


@pytest.mark.parametrize(
    ("actual", "expected", "code"),
    [
        ("于2021年3月15日完成", F(0), "deadline.late"),  # a late date inside a sentence
        ("2021年3月15日已完成", F(0), "deadline.late"),
        ("部分完成", F(0), None),
        ("基本按时完成", F(0), None),
        ("完成时间晚于计划", F(0), None),
        ("于2020年11月完成", F(5), None),
    ],
)
def test_review_deadlines(actual, expected, code):
    o = DeadlineRule().apply(ctx(5, "2020年12月底前", actual))
    assert o.value == expected
    if code:
        assert code in codes(o)


def test_on_time_target_with_a_dated_actual_takes_the_budget_year():
    o = DeadlineRule().apply(ctx(5, "按时", "2020年11月", year=2020))
    assert o.value == 5 and "deadline.year_end_assumed" in codes(o)


@pytest.mark.parametrize(("text", "spec"), [("次年3月底前", DateSpec(None, 3, None, later=1)), ("12.31前", DateSpec(None, 12, 31)), ("四季度", DateSpec(None, 12, None))])
def test_more_deadlines(text, spec):
    assert parse_target(text).deadline == spec
    assert DateSpec(None, 3, None, later=1).resolve(2020) == dt.date(2021, 3, 31)


@pytest.mark.parametrize(("actual", "level"), [("達標", "achieved"), ("验收合格", "achieved"), ("合格。", "achieved"), ("不合格", "not_achieved")])
def test_judgements_read_through_their_wording(actual, level):
    o = perfrules.QualitativeBands().apply(ctx(10, "达到预期", actual))
    assert o.explanation.input("level") == level


def test_cost_found_by_group_name_and_only_for_money():
    # a 成本指标 group with a code: 200元/人 against 150元/人 is a ceiling (met); a rate under it keeps ≥
    se = _table(
        Indicator(name="成本指标", code="cost", children=(
            Indicator(name="培训成本", weight=10, target="200元/人", actual="150元/人"),
            Indicator(name="发放及时率", weight=10, target="100%", actual="80%"),
        )),
        Indicator(name="其他", weight=30, target="≥1", actual="1"),
    )  # fmt: skip
    r = perfrules.evaluate(perfrules.NATIONAL_2020, se)
    assert r.node("output/cost/培训成本").score == 10
    assert r.node("output/cost/发放及时率").score == 8  # 10 × 80/100, not a ceiling


def test_explanations_name_the_units_they_compare():
    o = Reverse().apply(ctx(50, "≤90万元", "0.85亿元"))
    assert o.explanation.reason("en") == "actual 8500万元 exceeds target 90万元: points × target / actual"
    assert o.explanation.input("conversion") == "0.85亿元 = 8500万元"
