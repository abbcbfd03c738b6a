"""evaluate(): blocks, structure, N/A, adjustments, aggregators, rounding stages, claimed totals."""

from decimal import Decimal
from fractions import Fraction
from typing import ClassVar

import attrs
import pytest

import perfrules
from perfrules import (
    NATIONAL_2020,
    Adjustment,
    AdjustmentPolicy,
    Block,
    Checklist,
    ChecklistItem,
    Deduction,
    Explanation,
    Funds,
    Indicator,
    Minimum,
    NotApplicablePolicy,
    Outcome,
    Project,
    Rounding,
    RoundingMode,
    RoundingPolicy,
    Rubric,
    RubricError,
    SelfEvaluation,
    WeightedMean,
    evaluate,
)

D = Decimal
PROJECT = Project("测试项目", 2024)


def se(*, output=(), benefit=(), satisfaction=(), funds=None, **kw):
    groups = []
    for code, name, items in (("output", "产出指标", output), ("benefit", "效益指标", benefit), ("satisfaction", "满意度指标", satisfaction)):
        if items:
            groups.append(Indicator(name=name, code=code, children=tuple(items)))
    return SelfEvaluation(PROJECT, funds or Funds.single(adjusted=100, executed=100), tuple(groups), **kw)


def full_card(**kw):
    """A clean card on the national scheme: everything met → 100."""
    return se(
        output=[Indicator(name="o1", weight=30, target="≥10个", actual="10个"), Indicator(name="o2", weight=20, target="≤5万元", actual="4万元")],
        benefit=[Indicator(name="b1", weight=30, target="达成预期指标", actual="达成预期指标")],
        satisfaction=[Indicator(name="s1", weight=10, target="≥90%", actual="95%")],
        **kw,
    )


def test_clean_card_scores_100():
    """All targets met: 10 + 50 + 30 + 10 = 100, 优, no findings."""
    r = evaluate(NATIONAL_2020, full_card())
    assert r.total == D(100) and r.grade.code == "excellent"
    assert r.findings == ()
    assert [b.score for b in r.blocks] == [D(10), D(50), D(30), D(10)]
    assert r.rubric_code == "cn-national-project-2020" and r.perfrules_version == perfrules.__version__


def test_tie_rounds_exactly_in_a_full_evaluation():
    """w = 3, actual 1.43, target 6 → 0.715 → 0.72 half-up (naive Decimal gives 0.71)."""
    naive = (D(3) * (D("1.43") / D(6))).quantize(D("0.01"))
    assert naive == D("0.71")
    card = se(output=[Indicator(name="tie", weight=3, target="≥6", actual="1.43"), Indicator(name="rest", weight=47, target="≥1", actual="1")])
    r = evaluate(NATIONAL_2020, card)
    tie = r.node("output/tie")
    assert tie.exact_raw == Fraction(3) * Fraction("1.43") / 6 == Fraction(143, 200)
    assert tie.raw == D("0.715") and tie.score == D("0.72")


def test_half_even_rubric():
    """The same tie under half-even rounding gives 0.72 (2 is even); 0.725 → 0.72."""
    rubric = attrs.evolve(NATIONAL_2020, rounding=RoundingPolicy(item=Rounding(2, RoundingMode.HALF_EVEN)))
    card = se(output=[Indicator(name="t", weight=5, target="≥8", actual="1.16")])  # 5 × 1.16 / 8 = 0.725
    assert evaluate(rubric, card).node("output/t").score == D("0.72")
    assert evaluate(NATIONAL_2020, card).node("output/t").score == D("0.73")


def test_total_only_rounding_sums_exact_parts():
    """No item rounding, total truncated: 1/3 + 1/3 + 1/3 of points add to exactly 1 before rounding."""
    rubric = attrs.evolve(NATIONAL_2020, rounding=RoundingPolicy(item=None, total=Rounding(2, RoundingMode.DOWN)))
    items = [Indicator(name=f"i{k}", weight=1, target="≥3", actual="1") for k in range(3)]
    r = evaluate(rubric, se(output=items))
    out = r.block("output")
    assert out.exact_score == Fraction(1)
    # with item rounding half-up each third is 0.33 → 0.99
    assert evaluate(NATIONAL_2020, se(output=items)).block("output").score == D("0.99")
    assert r.total == D(11)  # 10 execution + 1


def test_subtotal_rounding():
    """Subtotal rounding applies to groups, leaves stay exact."""
    rubric = attrs.evolve(NATIONAL_2020, rounding=RoundingPolicy(item=None, subtotal=Rounding(1)))
    items = [Indicator(name="a", weight=1, target="≥3", actual="1"), Indicator(name="b", weight=1, target="≥3", actual="1")]
    r = evaluate(rubric, se(output=items))
    assert r.node("output/a").exact_score == Fraction(1, 3)
    assert r.block("output").score == D("0.7")  # 2/3 → 0.7


def test_not_applicable_rescaled():
    """F13: an N/A item of 10 points is dropped and the rest rescaled to 100."""
    card = se(
        output=[Indicator(name="o1", weight=40, target="≥10", actual="5"), Indicator(name="na", weight=10, target="≥1", applicable=False)],
        benefit=[Indicator(name="b", weight=30, target="是", actual="是")],
        satisfaction=[Indicator(name="s", weight=10, target="≥90%", actual="90%")],
    )
    r = evaluate(NATIONAL_2020, card)
    # base: 10 + 20 + 30 + 10 = 70 of 90 attainable → 70 × 100/90 = 77.77…
    assert r.base_exact == Fraction(70)
    assert r.excluded_points == D(10) and r.rescaled
    # 70 × 100 / 90 = 700/9 = 77.777…, and the national rubric rounds the total half-up to 2 places
    assert r.total_exact == Fraction(7778, 100)
    assert r.grade.label_zh == "中"
    assert r.node("output/na").applicable is False
    assert r.block("output").max_points == D(40)
    assert r.findings_by_code("not_applicable.rescaled")
    rounded = attrs.evolve(NATIONAL_2020, rounding=RoundingPolicy(total=Rounding(2)))
    assert evaluate(rounded, card).total == D("77.78")


def test_not_applicable_dropped():
    """With the DROP policy the attainable total simply shrinks."""
    rubric = attrs.evolve(NATIONAL_2020, not_applicable=NotApplicablePolicy.DROP)
    card = full_card()
    card = attrs.evolve(card, indicators=(attrs.evolve(card.indicators[0], children=(card.indicators[0].children[0], attrs.evolve(card.indicators[0].children[1], applicable=False))),) + card.indicators[1:])
    r = evaluate(rubric, card)
    assert r.total == D(80) and not r.rescaled


def test_adjustments_with_caps_and_floor():
    """加减分 outside the base, capped as the rubric declares, total floored at 0."""
    rubric = attrs.evolve(NATIONAL_2020, adjustments=AdjustmentPolicy(max_bonus=3, max_penalty=None))
    card = full_card(adjustments=(Adjustment("b1", "机制创新", 2), Adjustment("b2", "典型经验", 2), Adjustment("p1", "违规使用资金", -1)))
    r = evaluate(rubric, card)
    assert (r.bonus, r.penalty) == (D(3), D(1))
    assert r.total == D(102)
    assert r.findings_by_code("adjustments.bonus_capped")
    ceiling = attrs.evolve(rubric, adjustments=AdjustmentPolicy(ceiling=100))
    assert evaluate(ceiling, card).total == D(100)
    crushed = full_card(adjustments=(Adjustment("p", "数据造假", -500),))
    assert evaluate(NATIONAL_2020, crushed).total == D(0)


def test_missing_and_unknown_blocks():
    """A block without indicators scores 0; a group matching no block is reported."""
    card = se(output=[Indicator(name="o", weight=50, target="≥1", actual="1")])
    card = attrs.evolve(card, indicators=card.indicators + (Indicator(name="决策", code="decision", children=(Indicator(name="d", weight=5, target="是", actual="是"),)),))
    r = evaluate(NATIONAL_2020, card)
    assert {f.get("block") for f in r.findings_by_code("structure.missing_block")} == {"benefit", "satisfaction"}
    assert [f.path for f in r.findings_by_code("structure.unknown_block")] == ["decision"]
    assert r.total == D(60)


def test_block_matched_by_chinese_name():
    """A top-level group named like the block fills it even without the code."""
    card = SelfEvaluation(PROJECT, Funds.single(adjusted=1, executed=1), (Indicator(name="产出指标", children=(Indicator(name="o", weight=50, target="≥1", actual="1"),)),))
    assert evaluate(NATIONAL_2020, card).block("output").score == D(50)


def test_block_weight_mismatch_is_an_error_finding():
    """Leaves of a block that do not add up to the block's points are flagged."""
    card = se(output=[Indicator(name="o", weight=45, target="≥1", actual="1")])
    f = [x for x in evaluate(NATIONAL_2020, card).findings_by_code("weights.sum_mismatch") if x.path == "output"]
    assert f and f[0].severity is perfrules.Severity.ERROR and f[0].get("children_sum") == D(45)


def test_rubric_blocks_not_adding_to_base():
    """A rubric whose blocks miss the base gets a finding on every evaluation."""
    rubric = attrs.evolve(NATIONAL_2020, blocks=NATIONAL_2020.blocks[:3])
    assert evaluate(rubric, full_card()).findings_by_code("rubric.blocks_sum")


def test_claimed_parts_sum_and_grade_defects():
    """Gansu-style defects: stated parts 108 vs stated total 87; 优 claimed for 87."""
    card = full_card(claimed_execution_score=10, claimed_total=87, claimed_grade="优")
    parts = {"output": 50, "benefit": 30, "satisfaction": 18}
    card = attrs.evolve(card, indicators=tuple(attrs.evolve(g, claimed_score=parts[g.code]) for g in card.indicators))
    r = evaluate(NATIONAL_2020, card)
    (s,) = r.findings_by_code("total.claimed_parts_sum")
    assert s.get("parts_sum") == D(108)
    assert r.findings_by_code("grade.claimed_inconsistent")
    above = [f for f in r.findings_by_code("score.claimed_above_max") if f.path == "satisfaction"]
    assert above and above[0].get("claimed") == D(18)


def test_weighted_mean_and_minimum_aggregators():
    """A rubric can aggregate groups by weighted mean or by the weakest child."""
    items = [Indicator(name="a", weight=20, target="≥10", actual="5"), Indicator(name="b", weight=20, target="≥10", actual="10")]
    card = se(output=items)
    wm = evaluate(attrs.evolve(NATIONAL_2020, aggregator=WeightedMean()), card).block("output")
    # achievement (10 + 20) / 40 = 0.75 of the block's 50 points
    assert wm.score == D("37.5") and wm.max_points == D(50)
    mn = evaluate(attrs.evolve(NATIONAL_2020, aggregator=Minimum()), card).block("output")
    assert mn.score == D(25)  # 50 × min(0.5, 1)


def test_indicator_rule_override_deduction_and_checklist():
    """An indicator can name its own rule: deduction, checklist."""
    items = [
        Indicator(name="人员控制率", weight=5, target="≤100%", actual="103%", rule=Deduction(per_unit="0.5")),
        Indicator(
            name="制度健全",
            weight=4,
            rule=Checklist((ChecklistItem("a", "制度", 2), ChecklistItem("b", "台账", 1), ChecklistItem("c", "公开", 1))),
            checked=("a", "c"),
        ),
        Indicator(name="rest", weight=41, target="≥1", actual="1"),
    ]
    r = evaluate(NATIONAL_2020, se(output=items))
    assert r.node("output/人员控制率").score == D("3.5")  # 5 − 0.5 × 3
    assert r.node("output/制度健全").score == D(3)


@attrs.frozen
class _Broken:
    kind: ClassVar[str] = "broken"

    def apply(self, ctx):
        return Outcome(Fraction(ctx.weight) + 1, Explanation("broken", "x"))


@attrs.frozen
class _Half:
    kind: ClassVar[str] = "half"

    def apply(self, ctx):
        return Outcome(Fraction(ctx.weight) / 2, Explanation("half", "custom.half", formula=f"{ctx.weight} ÷ 2"))


def test_third_party_rule_plugs_in_and_is_policed():
    """Any object with kind and apply() is a rule; one that escapes [0, weight] is a RubricError."""
    ok = evaluate(NATIONAL_2020, se(output=[Indicator(name="x", weight=50, rule=_Half())]))
    assert ok.node("output/x").score == D(25) and ok.node("output/x").rule == "half"
    with pytest.raises(RubricError, match="outside"):
        evaluate(NATIONAL_2020, se(output=[Indicator(name="x", weight=50, rule=_Broken())]))


def test_leaf_without_target_or_rule():
    """A leaf with neither target nor rule scores 0 with an error finding."""
    r = evaluate(NATIONAL_2020, se(output=[Indicator(name="x", weight=50)]))
    assert r.node("output/x").score == 0 and r.findings_by_code("target.missing")


def test_result_is_immutable_and_typed():
    """Results are frozen; every number in them is a Decimal."""
    r = evaluate(NATIONAL_2020, full_card())
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        r.blocks = ()  # type: ignore[misc]
    for n in r.nodes():
        assert isinstance(n.score, Decimal) and isinstance(n.raw, Decimal) and isinstance(n.max_points, Decimal)
    assert isinstance(r.total, Decimal)


def test_evaluate_type_checks():
    """Wrong argument types are perfrules errors that are also TypeErrors, naming the argument."""
    with pytest.raises(TypeError, match="^rubric: expected a Rubric"):
        evaluate(full_card(), NATIONAL_2020)  # type: ignore[arg-type]
    with pytest.raises(perfrules.exceptions.WrongTypeError, match="^self_evaluation: "):
        evaluate(NATIONAL_2020, {})  # type: ignore[arg-type]


def test_provincial_grade_scale():
    """The same total grades differently under 80/70/60."""
    card = se(output=[Indicator(name="o", weight=50, target="≥10", actual="3")], benefit=[Indicator(name="b", weight=30, target="是", actual="是")], satisfaction=[Indicator(name="s", weight=10, target="≥90%", actual="90%")])
    total = evaluate(NATIONAL_2020, card).total
    assert total == D(65)
    provincial = attrs.evolve(NATIONAL_2020, grades=perfrules.PROVINCIAL_80_70_60)
    assert evaluate(NATIONAL_2020, card).grade.label_zh == "中"
    assert evaluate(provincial, card).grade.label_zh == "中"
    card2 = attrs.evolve(card, funds=Funds.single(adjusted=100, executed=100))
    card2 = se(output=[Indicator(name="o", weight=50, target="≥10", actual="8")], benefit=[Indicator(name="b", weight=30, target="是", actual="是")], satisfaction=[Indicator(name="s", weight=10, target="≥90%", actual="90%")])
    assert evaluate(NATIONAL_2020, card2).total == D(90)
    card3 = se(output=[Indicator(name="o", weight=50, target="≥10", actual="6")], benefit=[Indicator(name="b", weight=30, target="是", actual="是")], satisfaction=[Indicator(name="s", weight=10, target="≥90%", actual="90%")])
    assert evaluate(NATIONAL_2020, card3).total == D(80)
    assert evaluate(NATIONAL_2020, card3).grade.label_zh == "良"
    assert evaluate(provincial, card3).grade.label_zh == "优"


def test_custom_block_layout():
    """Any block layout works, e.g. Anhui 民生工程 投入/过程/产出/效果 without a funds block."""
    rubric = Rubric(
        code="anhui-test",
        title_zh="投入过程产出效果",
        title_en="input/process/output/effect",
        blocks=(Block("input", "投入", "input", 20), Block("process", "过程", "process", 30), Block("output", "产出", "output", 25), Block("effect", "效果", "effect", 25)),
    )
    groups = tuple(
        Indicator(name=name, code=code, children=(Indicator(name=f"{code}1", weight=w, target="是", actual="是"),))
        for code, name, w in (("input", "投入", 20), ("process", "过程", 30), ("output", "产出", 25), ("effect", "效果", 25))
    )
    r = evaluate(rubric, SelfEvaluation(PROJECT, Funds.single(adjusted=1, executed=1), groups))
    assert r.total == D(100) and r.findings == ()
