"""The plugin's own tests, with perfrules' testing kit (``pip install perfrules[testing]``): discovery, the
conformance check (fixture ``perfrules_conformance``), the rule kind worked by hand, and hypothesis
properties built on ``perfrules.testing.strategies``. The case file beside this one is collected by
perfrules' pytest plugin."""

import datetime as dt
from decimal import Decimal

from hypothesis import given, reject, settings

import perfrules
from perfrules import Indicator, Project, RuleContext, SelfEvaluation
from perfrules.testing import strategies as prs
from perfrules_myprovince import PACK, RUBRIC, Stepped

CODE = "cn-myprovince-mysector"


def test_the_plugin_is_discovered_and_in_force_in_its_province():
    registry = perfrules.Registry()
    assert CODE in registry.codes()
    assert registry.rubric(CODE).origin == "perfrules-myprovince 0.1.0"
    assert CODE in registry.sectors()["mysector"]
    assert registry.get(CODE).rubric == PACK.rubric == RUBRIC
    assert registry.rule_kinds()["myprovince_stepped"] is Stepped
    on = dt.date(2024, 12, 31)
    assert perfrules.rubric_in_force("CN-XX-Capital", on, sector="mysector").code == CODE
    assert perfrules.rubric_in_force("CN-XX-Capital", dt.date(2023, 12, 31), sector="mysector").code != CODE  # before effective_from


def test_the_rubric_conforms(perfrules_conformance):
    perfrules_conformance(perfrules.get_rubric(CODE), examples=30)


def _survey(actual: str | None) -> SelfEvaluation:
    leaf = Indicator(name="服务对象满意度", code="survey", actual=actual)
    return SelfEvaluation(Project("某行业项目", 2024, region="CN-XX-Capital", sector="mysector"), indicators=(Indicator(name="满意度指标", code="satisfaction", children=(leaf,)),))


def test_the_stepped_rule_by_hand_in_both_languages():
    # 20 points: 90 ≥ 90 → 20; 89.99 ≥ 80 → 20 ÷ 2 = 10; 79.99 < 80 → 0; nothing given → 0
    scores = {a: perfrules.evaluate(RUBRIC, _survey(a)).node("satisfaction/survey") for a in ("90%", "89.99%", "79.99%", None)}
    assert [n.score for n in scores.values()] == [Decimal(20), Decimal(10), Decimal(0), Decimal(0)]
    half = scores["89.99%"].explanation
    assert (half.rule, half.clause) == ("myprovince_stepped", "myprovince_stepped.half")
    assert half.reason("zh") == "实际值 89.99% 不低于 80%，得一半分"
    assert half.reason("en") == "actual 89.99% reaches 80%: half the points"
    assert scores[None].explanation.reason("en") == "no actual value: no points"


def test_the_actual_is_read_in_the_targets_unit_or_not_scored():
    # 0.85 against ≥90% is read as 85 % (said by a finding) → half; 85人 is no percentage → 0, and why
    fraction = perfrules.evaluate(RUBRIC, _survey("0.85"))
    assert fraction.node("satisfaction/survey").score == Decimal(10)
    assert "unit.assumed_fraction" in {f.code for f in fraction.findings}
    people = perfrules.evaluate(RUBRIC, _survey("85人"))
    assert people.node("satisfaction/survey").score == Decimal(0)
    assert people.node("satisfaction/survey").explanation.clause == "myprovince_stepped.unread"
    assert "unit.incompatible" in {f.code for f in people.findings}



def test_nothing_to_compare_scores_nothing_and_says_why():
    rule = Stepped(full="90", half="80")
    for leaf, code in (
        (Indicator(name="满意度", weight=20, target="≥90%"), "myprovince_stepped.missing"),
        (Indicator(name="满意度", weight=20, actual="95%"), "myprovince_stepped.no_target"),
    ):
        outcome = rule.apply(RuleContext(weight=leaf.weight, indicator=leaf, path="satisfaction/survey"))
        assert outcome.value == 0 and outcome.explanation.clause == code
        assert [(f.code, f.path) for f in outcome.findings] == [(code, "satisfaction/survey")]


@given(weight=prs.weights(), low=prs.decimals_2dp(0, 120), rise=prs.decimals_2dp(0, 50))
def test_stepped_points_are_none_half_or_all_and_never_fall_as_the_actual_rises(weight, low, rise):
    rule = Stepped(full="90", half="80")

    def points(actual: Decimal):
        leaf = Indicator(name="满意度", weight=weight, target="≥90%", actual=f"{actual}%")
        return rule.apply(RuleContext(weight=weight, indicator=leaf)).value

    lower, higher = points(low), points(low + rise)
    assert lower in {0, weight / 2, weight}
    assert lower <= higher <= weight


@settings(deadline=None)  # a whole evaluation, twice: its time varies with the table drawn
@given(se=prs.self_evaluations(block_codes=[b.code for b in RUBRIC.blocks]))
def test_the_blocks_the_rubric_does_not_change_score_as_under_the_national_rubric(se):
    try:
        national = perfrules.evaluate(perfrules.NATIONAL_2020, se)
    except (perfrules.RubricError, perfrules.InvalidInputError):
        reject()  # a table the national rubric refuses (a drawn leaf rule with a band missing …): not this property's
    ours = perfrules.evaluate(RUBRIC, se)
    for code in ("execution", "benefit"):
        assert ours.node(code).score == national.node(code).score
