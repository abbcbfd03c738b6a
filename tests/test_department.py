"""Department-overall (部门整体) evaluation: the rate rules, the two built-in rubrics, the checks of
shared seed 002's defects, and F16 merging.

Every expected figure is worked out by hand, as a ``Fraction``, in the comment or the expression beside it.
"""

import datetime as dt
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import perfrules
import strategies as S
from perfrules import (
    ChangeRate,
    CheckStatus,
    CompletionRate,
    ControlRate,
    DeductionCounting,
    Indicator,
    InvalidInputError,
    Overlay,
    PartShare,
    Project,
    RubricError,
    RuleContext,
    SameCount,
    Scope,
    ScopeIs,
    ScoreAgainstParts,
    SelfEvaluation,
    Severity,
    UnitFigures,
    apply_overlay,
    evaluate,
    lint,
    merge_results,
    unit_figures,
)
from perfrules.explanation import CLAUSES
from perfrules.io.converter import structure, unstructure
from perfrules.rubrics.choice import choose_rubric
from perfrules.rubrics.rubric import Rubric
from perfrules.values.decimals import fraction_to_decimal

D = Decimal
F = Fraction
FIXTURE = Path(__file__).parent / "fixtures" / "department" / "002-jingmen.toml"
PROPERTY = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def apply(rule, actual, target=None, weight=5):
    """The outcome of ``rule`` on one indicator (``target=None``: the rate form with the rule's own standard)."""
    ind = Indicator(name="指标", weight=D(weight), target=target, actual=actual)
    return rule.apply(RuleContext(weight=D(weight), path="p", indicator=ind))


def codes(outcome_or_result):
    return [f.code for f in outcome_or_result.findings]


# ================================================================== control_rate (D2: 在职人员控制率)
STAFF = ControlRate(per_point=D("0.5"))  # 5 points, 100 %, 0.5 per percentage point over


@pytest.mark.parametrize(
    ("actual", "target", "expected"),
    [
        ("98%", None, F(5)),  # within 100 %
        ("100%", None, F(5)),  # at the limit
        ("104%", None, F(5) - F(1, 2) * 4),  # 3
        ("52人", "50人", F(5) - F(1, 2) * 4),  # figures form: 52 ÷ 50 = 104 %: 3
        ("52人", "≤50人", F(3)),  # the comparator of a figure does not matter
        ("53人", "51人", F(5) - F(1, 2) * (F(5300, 51) - 100)),  # 103.92…%: 5 − 100/51 = 155/51
        ("120%", None, F(0)),  # 5 − 0.5 × 20 = −5: floored at 0
        ("110%", None, F(0)),  # 5 − 0.5 × 10 = 0 exactly
        ("1040‰", None, F(3)),  # ‰: 104 %
    ],
)
def test_control_rate_by_hand(actual, target, expected):
    o = apply(STAFF, actual, target)
    assert o.value == expected and isinstance(o.value, Fraction)


def test_control_rate_explains_itself_with_its_formula():
    o = apply(STAFF, "52人", "50人")
    assert o.explanation.rule == "control_rate" and o.explanation.clause == "control_rate.deducted"
    assert o.explanation.formula == "5 − 0.5 × (52 ÷ 50 × 100 − 100)"
    assert o.explanation.reason("zh") == "控制率 104% 超过 100% 4 个百分点，每个百分点扣 0.5 分"
    assert o.explanation.input("form") == "figures" and o.explanation.input("rate") == D(104)
    floored = apply(STAFF, "120%")
    assert floored.explanation.clause == "control_rate.floored" and floored.explanation.formula.startswith("max(0, ")
    assert apply(STAFF, "98%").explanation.clause == "control_rate.within"


@pytest.mark.parametrize(
    ("counting", "expected"),
    [
        (DeductionCounting.PROPORTIONAL, F(5) - F(1, 2) * F(12, 10)),  # 1.2 points over: 4.4
        (DeductionCounting.STARTED_STEP, F(5) - F(1, 2) * 2),  # every started point: 4
        (DeductionCounting.FULL_STEP, F(5) - F(1, 2) * 1),  # whole points only: 4.5
    ],
)
def test_how_a_part_of_a_point_counts_is_a_parameter(counting, expected):
    assert apply(ControlRate(per_point="0.5", counting=counting), "101.2%").value == expected


def test_the_reports_own_rate_target_is_its_standard():
    """A target in % is the report's own 年度指标值: 98 % against ≤95 % loses 3 points × 0.5."""
    o = apply(STAFF, "98%", "≤95%")
    assert o.value == F(5) - F(1, 2) * 3
    assert codes(o) == ["department.own_standard"]
    assert codes(apply(STAFF, "98%", "≤100%")) == []  # the same as the rubric's: nothing to say


def test_control_rate_without_a_reference_scores_nothing():
    o = apply(STAFF, "3人", "0人")
    assert o.value == 0 and codes(o) == ["department.zero_reference"]
    assert o.explanation.reason("en") == "the reference figure 0人 is not positive: no rate, no points"


def test_control_rate_reads_what_the_other_rules_read():
    assert codes(apply(STAFF, "基本控制")) == ["actual.not_numeric"]
    assert codes(apply(STAFF, None)) == ["actual.missing"]
    assert codes(apply(STAFF, "52人")) == ["unit.incompatible"]  # a figure needs its reference as the target
    o = apply(STAFF, "/")
    assert not o.applicable and codes(o) == ["actual.not_applicable"]


# ================================================================== change_rate (D2: "三公经费"变动率)
THREE_PUBLIC = ChangeRate(per_point=D("0.8"))  # 8 points, limit 0 %, 0.8 per percentage point over


@pytest.mark.parametrize(
    ("actual", "target", "expected"),
    [
        ("5%", None, F(8) - F(4, 5) * 5),  # 4
        ("126万元", "120万元", F(8) - F(4, 5) * 5),  # (126 − 120) ÷ 120 = 5 %: 4
        ("1260000元", "≤120万元", F(4)),  # converted exactly into 万元
        ("130万元", "120万元", F(8) - F(4, 5) * F(25, 3)),  # 8.33…%: 8 − 20/3 = 4/3
        ("同比下降3%", None, F(8)),  # a fall is within
        ("-3%", None, F(8)),
        ("114万元", "120万元", F(8)),  # −5 %
        ("0万元", "0万元", F(8)),  # nothing in either year: no change
        ("20%", None, F(0)),  # 8 − 16: floored
    ],
)
def test_change_rate_by_hand(actual, target, expected):
    o = apply(THREE_PUBLIC, actual, target, weight=8)
    assert o.value == expected and isinstance(o.value, Fraction)


def test_change_rate_formula_and_limit():
    o = apply(THREE_PUBLIC, "126万元", "120万元", weight=8)
    assert o.explanation.formula == "8 − 0.8 × ((126 − 120) ÷ 120 × 100 − 0)"
    assert o.explanation.reason("en") == "change 5% exceeds 0% by 5 percentage points: 0.8 points off per point"
    # a required fall of 5 % (limit −5): a 2 % fall is 3 points short
    assert apply(ChangeRate(per_point="0.8", limit="-5"), "-2%", weight=8).value == F(8) - F(4, 5) * 3
    zero = apply(THREE_PUBLIC, "3万元", "0万元", weight=8)  # from nothing to something: no rate
    assert zero.value == 0 and codes(zero) == ["department.zero_reference"]


# ================================================================== completion_rate (D5)
SPENDING = CompletionRate(ceiling="100")  # 预算完成率: spending ÷ 年初预算数, up to full marks
CARRY_OVER = CompletionRate(standard="9", better="lower")
CARRY_OVER_CHANGE = CompletionRate(standard="-30", better="lower", figures="change")


def test_expenditure_completion_above_100_is_full_and_reported():
    """Seed 002: 21680.25 ÷ 11605.29 = 186.81 %, printed as 100 %."""
    o = apply(SPENDING, "21680.25万元", "11605.29万元", weight=8)
    assert o.value == 8
    rate = F(216802500, 1160529)  # 21680.25 ÷ 11605.29 × 100 = 186.8135…
    assert o.explanation.input("rate") == fraction_to_decimal(rate)
    (f,) = o.findings
    assert f.code == "department.rate_above_ceiling" and f.severity is Severity.WARNING
    assert f.get("rate") == fraction_to_decimal(rate)
    assert "≈186.81%" in f.message("en")
    assert o.explanation.formula == "8 × min(21680.25 ÷ 11605.29 × 100 ÷ 100, 1)"


@pytest.mark.parametrize(
    ("rule", "actual", "target", "expected"),
    [
        (SPENDING, "10000万元", "11605.29万元", F(8) * F(10000) / F(1160529, 100)),  # 8000000/1160529
        (SPENDING, "90%", None, F(8) * F(90, 100)),  # 36/5
        (SPENDING, "93%", "≥90%", F(8)),  # the report's own 90 %
        (SPENDING, "0%", None, F(0)),
        (CARRY_OVER, "12%", None, F(8) * 9 / 12),  # 6
        (CARRY_OVER, "30万元", "250万元", F(8) * 9 / 12),  # 30 ÷ 250 = 12 %: 6
        (CARRY_OVER, "9%", None, F(8)),
        (CARRY_OVER, "7%", None, F(8)),
        (CARRY_OVER_CHANGE, "80万元", "100万元", F(8) * F(-20) / F(-30)),  # −20 % of a required −30 %: 16/3
        (CARRY_OVER_CHANGE, "60万元", "100万元", F(8)),  # −40 %
        (CARRY_OVER_CHANGE, "105万元", "100万元", F(0)),  # a rise
        (CARRY_OVER_CHANGE, "-20%", None, F(16, 3)),
        (CompletionRate(standard="0", better="lower"), "1%", None, F(0)),
    ],
)
def test_completion_rate_by_hand(rule, actual, target, expected):
    o = apply(rule, actual, target, weight=8)
    assert o.value == expected and isinstance(o.value, Fraction)
    assert codes(o) in ([], ["department.own_standard"])


def test_completion_rate_formulas():
    assert apply(CARRY_OVER, "30万元", "250万元", weight=8).explanation.formula == "8 × 9 ÷ (30 ÷ 250 × 100)"
    partly = apply(CARRY_OVER_CHANGE, "80万元", "100万元", weight=8)
    assert partly.explanation.clause == "completion_rate.fall_partly"
    assert partly.explanation.formula == "8 × ((80 − 100) ÷ 100 × 100) ÷ (-30)"
    assert apply(SPENDING, "90%", weight=8).explanation.formula == "8 × 90 ÷ 100"


def test_every_clause_of_the_department_rules_reads_in_both_languages():
    cases = [
        apply(STAFF, "98%"), apply(STAFF, "104%"), apply(STAFF, "120%"),
        apply(THREE_PUBLIC, "-3%", weight=8), apply(THREE_PUBLIC, "5%", weight=8), apply(THREE_PUBLIC, "30%", weight=8),
        apply(SPENDING, "100%"), apply(SPENDING, "50%"), apply(SPENDING, "-5%"),
        apply(CARRY_OVER, "5%"), apply(CARRY_OVER, "10%"), apply(CARRY_OVER_CHANGE, "-10%"),
        apply(STAFF, "1人", "0人"),
    ]  # fmt: skip
    seen = {o.explanation.clause for o in cases}
    assert {c for c in CLAUSES if c.split(".")[0] in ("control_rate", "change_rate", "completion_rate")} <= seen
    for o in cases:
        assert o.explanation.clause in CLAUSES
        for lang in ("zh", "en"):
            text = o.explanation.reason(lang)
            assert text and "{" not in text, text
        for f in o.findings:
            assert f.message("zh") and f.message("en")


def test_parameters_are_checked_when_built():
    with pytest.raises(RubricError):
        ControlRate(per_point="-0.5")
    with pytest.raises(RubricError):
        CompletionRate(better="sideways")
    with pytest.raises(perfrules.FloatRefusedError):
        ChangeRate(per_point=0.8)


# ------------------------------------------------------------------ properties
rates = S.exact_decimals(0, 400, max_places=2)
points = S.exact_decimals(0, 3, max_places=2)
weights = S.exact_decimals(1, 20, max_places=1)


@PROPERTY
@given(a=rates, b=rates, per_point=points, limit=S.exact_decimals(50, 150, max_places=1), w=weights, counting=st.sampled_from(list(DeductionCounting)))
def test_control_rate_is_exact_bounded_and_monotone_in_the_excess(a, b, per_point, limit, w, counting):
    rule = ControlRate(per_point=per_point, limit=limit, counting=counting)
    lo, hi = sorted((a, b))
    v_lo, v_hi = (apply(rule, f"{x}%", weight=w).value for x in (lo, hi))
    assert 0 <= v_hi <= v_lo <= F(w)  # more over the limit never scores more
    if counting is DeductionCounting.PROPORTIONAL:
        assert v_lo == max(F(0), F(w) - F(per_point) * max(F(0), F(lo) - F(limit)))


@PROPERTY
@given(last=S.exact_decimals(1, 1000, max_places=2), a=S.exact_decimals(0, 2000, max_places=2), b=S.exact_decimals(0, 2000, max_places=2), per_point=points, w=weights)
def test_change_rate_from_figures_is_exact_bounded_and_monotone(last, a, b, per_point, w):
    rule = ChangeRate(per_point=per_point)
    lo, hi = sorted((a, b))
    v_lo, v_hi = (apply(rule, f"{x}万元", f"{last}万元", weight=w).value for x in (lo, hi))
    assert 0 <= v_hi <= v_lo <= F(w)
    change = (F(lo) - F(last)) / F(last) * 100
    assert v_lo == max(F(0), F(w) - F(per_point) * max(F(0), change))


@PROPERTY
@given(staff=st.integers(0, 500), establishment=st.integers(1, 500), per_point=points, w=weights)
def test_control_rate_figures_form_is_the_rate_form_of_their_ratio(staff, establishment, per_point, w):
    rule = ControlRate(per_point=per_point)
    by_figures = apply(rule, f"{staff}人", f"{establishment}人", weight=w).value
    rate = F(staff, establishment) * 100
    assert by_figures == max(F(0), F(w) - F(per_point) * max(F(0), rate - 100))


@PROPERTY
@given(a=rates, b=rates, standard=S.exact_decimals(1, 200, max_places=2), w=weights, better=st.sampled_from(["higher", "lower"]))
def test_completion_rate_is_exact_bounded_and_monotone(a, b, standard, w, better):
    rule = CompletionRate(standard=standard, better=better)
    lo, hi = sorted((a, b))
    v_lo, v_hi = (apply(rule, f"{x}%", weight=w).value for x in (lo, hi))
    s = F(standard)
    if better == "higher":
        assert 0 <= v_lo <= v_hi <= F(w)
        assert v_lo == F(w) * min(F(lo) / s, F(1))
    else:
        assert 0 <= v_hi <= v_lo <= F(w)
        assert v_hi == (F(w) if F(hi) <= s else F(w) * s / F(hi))


# ================================================================== the built-in department rubrics
COMMON = "cn-department-common"
SICHUAN = "cn-sichuan-department"


@pytest.mark.parametrize("code", [COMMON, SICHUAN])
def test_department_rubrics_load_lint_clean_with_department_scope(code):
    rubric = perfrules.get_rubric(code)
    assert rubric.scope is Scope.DEPARTMENT
    assert lint(rubric) == ()
    assert rubric.blocks_total == rubric.base == 100
    assert code in perfrules.list_rubrics()


def _leaf(rubric, *path):
    nodes = rubric.block(path[0]).indicators
    node = None
    for code in path[1:]:
        node = next(n for n in nodes if n.code == code)
        nodes = node.children
    return node


def test_common_framework_shape_and_d2_parameters():
    rubric = perfrules.get_rubric(COMMON)
    assert [(b.code, b.weight) for b in rubric.blocks] == [("input", 13), ("process", 27), ("output", 30), ("effect", 30)]
    staff = _leaf(rubric, "input", "budget_allocation", "staff_control")
    assert (staff.weight, staff.rule) == (5, ControlRate(per_point=D("0.5"), limit=D(100)))
    three = _leaf(rubric, "input", "budget_allocation", "three_public_change")
    assert (three.weight, three.rule) == (8, ChangeRate(per_point=D("0.8"), limit=D(0)))
    completion = _leaf(rubric, "process", "budget_execution", "completion")
    assert completion.rule == CompletionRate(standard=D(100), ceiling=D(100))
    assert rubric.references == ("财预〔2013〕53号",) and rubric.regions == ("CN",)


def test_sichuan_scheme_shape():
    rubric = perfrules.get_rubric(SICHUAN)
    assert [(b.code, b.weight) for b in rubric.blocks] == [("decision", 25), ("management", 30), ("performance", 45)]
    decision = rubric.block("decision").indicators
    assert [(g.code, g.weight, [c.weight for c in g.children]) for g in decision] == [("targets", 15, [5, 5, 5]), ("budgeting", 10, [5, 5])]
    assert [i.weight for i in rubric.block("management").indicators] == [2, 2, 5, 2, 6, 2, 6, 5]
    assert rubric.regions == ("CN-SC",)


def test_an_overlay_changes_an_uncertain_parameter():
    """Another province's table: 在职人员控制率 worth 5 points with 0.1 off per point, counted per started point."""
    base = perfrules.get_rubric(COMMON)
    changes = {
        "blocks": [
            {"code": "input", "indicators": [{"code": "budget_allocation", "children": [{"code": "staff_control", "rule": {"per_point": "0.1", "counting": "started_step"}}]}]},
            {"code": "process", "indicators": [{"code": "budget_execution", "children": [{"code": "carry_over", "rule": {"figures": "change", "standard": "-30"}}]}]},
        ]
    }
    local = apply_overlay(base, Overlay(code="x-local", base=COMMON, version="1.0.0", title_zh="地方", title_en="local", changes=changes))
    assert lint(local) == ()
    assert _leaf(local, "input", "budget_allocation", "staff_control").rule == ControlRate(per_point=D("0.1"), counting=DeductionCounting.STARTED_STEP)
    assert _leaf(local, "process", "budget_execution", "carry_over").rule == CompletionRate(standard=D(-30), better="lower", figures="change")
    se = _department_se(input_children=[Indicator(name="在职人员控制率", code="staff_control", actual="102.5%")])
    got = evaluate(local, se).blocks[0]
    assert got.score == D(5) - D("0.1") * 3  # ⌈2.5⌉ = 3 points over: 4.7
    assert evaluate(base, se).blocks[0].children[0].children[0].score == F(5) - F(1, 2) * F(5, 2)  # 3.75


def _department_se(*, input_children=(), **kw):
    return SelfEvaluation(
        project=Project(name="部门整体", year=2022, region="CN-HB", scope=Scope.DEPARTMENT),
        indicators=[Indicator(name="投入", code="input", children=[Indicator(name="预算配置", code="budget_allocation", children=list(input_children))])],
        **kw,
    )


def test_selection_keeps_department_and_project_rubrics_apart():
    on = dt.date(2022, 12, 31)
    assert choose_rubric("CN-HB-Jingmen", on, scope=Scope.DEPARTMENT).rubric.code == COMMON
    assert choose_rubric("CN-SC-Dazhou", on, scope=Scope.DEPARTMENT).rubric.code == SICHUAN
    assert choose_rubric("CN-SC-Dazhou", on).rubric.code == "cn-national-project-2020"
    assert choose_rubric("CN-HB", dt.date(2015, 12, 31), scope=Scope.DEPARTMENT).rubric.code == COMMON
    with pytest.raises(perfrules.NoRubricInForceError):
        choose_rubric("CN-HB", dt.date(2015, 12, 31))  # no project rubric before 2020


def test_rule_kinds_round_trip_through_documents():
    for rule in (STAFF, THREE_PUBLIC, SPENDING, CARRY_OVER_CHANGE, ControlRate(per_point="0.1", counting="full_step")):
        data = unstructure(Indicator(name="x", weight=D(5), rule=rule))
        assert structure(data, Indicator) == Indicator(name="x", weight=D(5), rule=rule)
    assert structure({"name": "x", "rule": {"kind": "control_rate", "per_point": "0.5"}}, Indicator).rule == STAFF


# ================================================================== lint of the department rules
def _lint_leaf(rule, target=None):
    block = {"code": "b", "name_zh": "部分", "name_en": "block", "weight": "100", "indicators": [{"name": "率", "weight": "100", "rule": rule, **({"target": target} if target else {})}]}
    rubric = structure({"code": "t", "title_zh": "t", "title_en": "t", "blocks": [block]}, Rubric)
    return [(f.code, f.severity) for f in lint(rubric)]


@pytest.mark.parametrize(
    ("rule", "target", "expected"),
    [
        ({"kind": "control_rate", "per_point": "0.5"}, None, []),
        ({"kind": "control_rate", "per_point": "0.5", "limit": "0"}, None, [("rule.parameter_out_of_range", Severity.ERROR)]),
        ({"kind": "change_rate", "per_point": "0"}, None, [("rule.never_deducts", Severity.WARNING)]),
        ({"kind": "completion_rate", "standard": "0"}, None, [("rule.parameter_out_of_range", Severity.ERROR)]),
        ({"kind": "completion_rate", "standard": "0", "better": "lower"}, None, [("rule.all_or_nothing", Severity.WARNING)]),
        ({"kind": "completion_rate", "ceiling": "90"}, None, [("rule.parameter_out_of_range", Severity.ERROR)]),
        ({"kind": "control_rate", "per_point": "0.5"}, "≥100%", [("rule.kind_mismatch", Severity.ERROR)]),
        ({"kind": "completion_rate"}, "≤100%", [("rule.kind_mismatch", Severity.ERROR)]),
        ({"kind": "completion_rate", "better": "lower", "standard": "9"}, "≤9%", []),
        ({"kind": "change_rate", "per_point": "0.8"}, "达成预期指标", [("rule.kind_mismatch", Severity.ERROR)]),
        ({"kind": "control_rate", "per_point": "0.5"}, "90%~100%", [("rule.kind_mismatch", Severity.ERROR)]),
    ],
)
def test_lint_checks_the_parameters_of_department_rules(rule, target, expected):
    assert _lint_leaf(rule, target) == expected


def test_lint_keeps_department_rules_out_of_the_range_slot():
    rubric = perfrules.get_rubric(COMMON)
    bad = attrs.evolve(rubric, rules=attrs.evolve(rubric.rules, range=CARRY_OVER))
    assert ("rule.kind_mismatch", "rules.range") in [(f.code, f.path) for f in lint(bad)]


# ================================================================== seed 002 under the common framework
def test_seed_002_scores_under_the_common_framework_with_its_defects_found():
    se = perfrules.load_self_evaluation(FIXTURE)
    assert se.project.scope is Scope.DEPARTMENT
    result = evaluate(perfrules.get_rubric(COMMON), se)
    by_block = {b.code: b.exact_score for b in result.blocks}
    key_work = F(6) * F(72, 81)  # 16/3 = 5.333… → 5.33 (items half-up to 2 places)
    satisfaction = F(10) * F(85, 90)  # 85/9 = 9.444… → 9.44
    assert by_block == {
        "input": 0,  # not reported
        "process": F(8),  # 预算完成率 186.81 %: full, flagged; nothing else reported
        "output": F(72, 10) + F(533, 100),  # 8 × 90 ÷ 100 = 7.2 and 5.33 (= round(16/3))
        "effect": F(84, 10) + F(944, 100),  # 12 × 0.7 = 8.4 and 9.44 (= round(85/9))
    }
    assert round(key_work, 2) == F(533, 100) and round(satisfaction, 2) == F(944, 100)
    base = F(0) + 8 + F(1253, 100) + F(1784, 100)  # 38.37
    assert result.base_exact == base and result.excluded_points == 8  # economic, ecological: N/A
    assert result.total_before_rounding == base * 100 / 92  # 3837/92 = 41.7065…
    assert result.total == D("41.71") and result.grade.label_zh == "差"
    found = codes(result)
    for code in (
        "structure.missing_block",  # 投入: no staff or 三公经费 figures
        "department.rate_above_ceiling",  # 186.81 % scored as 100 %
        "actual.inequality",  # ">90%", ">85%" (defect 7)
        "actual.not_numeric",  # "基本完成" is no completion rate
        "department.execution_rate_printed",  # defect 1
        "department.execution_above_budget",  # defect 1
        "department.income_below_expenditure",  # defect 2
        "department.counts_disagree",  # defects 4–6
        "department.self_score_above_parts",  # defect 8
        "total.claimed_differs",  # 96 against 41.71
    ):
        assert code in found, code
    checks = {c.code: c for c in result.checks}
    assert checks["department.scope"].status is CheckStatus.PASSED
    assert checks["department.income_sum"].status is CheckStatus.PASSED  # 4235.15 + 17240.52 = 21475.67
    assert checks["department.expenditure_sum"].status is CheckStatus.PASSED  # 16273.16 + 5407.09 = 21680.25
    printed = checks["department.execution_rate_printed"]
    assert printed.status is CheckStatus.FAILED and printed.get("stated") == 100
    assert printed.get("computed") == fraction_to_decimal(F(216802500, 1160529))  # 186.8135… %
    disagree = checks["department.counts_disagree"]
    assert disagree.get("things") == "elderly_stations,orphans,social_organisations_checked"
    parts = checks["department.self_score_above_parts"]
    assert parts.get("allowed") == 40 + 60 * D("0.8")  # 88; 96 is not below it


def test_seed_002_is_chosen_the_common_framework_by_its_scope():
    se = perfrules.load_self_evaluation(FIXTURE)
    choice = choose_rubric(se.project.region, dt.date(se.project.year, 12, 31), scope=se.project.scope)
    assert choice.rubric.code == COMMON


def test_score_chooses_a_department_rubric_for_a_department():
    assert perfrules.score(perfrules.load_self_evaluation(FIXTURE)).rubric_code == COMMON


# ================================================================== the Sichuan scheme, by hand
def test_sichuan_scheme_by_hand():
    judged = lambda name, code, score, weight=None: Indicator(name=name, code=code, weight=weight, claimed_score=D(score), rule=perfrules.Judged())
    se = SelfEvaluation(
        project=Project(name="部门整体", year=2023, region="CN-SC-Dazhou", scope=Scope.DEPARTMENT),
        indicators=[
            Indicator(name="部门决策", code="decision", children=[
                Indicator(name="目标任务", code="targets", children=[judged("相关性", "relevance", 5), judged("明确性", "clarity", 4), judged("合理性", "reasonableness", 5)]),
                Indicator(name="预算编制", code="budgeting", children=[judged("测算依据", "calculation_basis", "4.5"), judged("目标管理", "target_management", 5)]),
            ]),
            Indicator(name="综合管理", code="management", children=[
                judged(n, c, s) for n, c, s in [
                    ("专项资金分配时限", "allocation_time_limits", 2), ("中期评估", "midterm_evaluation", 2), ("绩效监控", "performance_monitoring", 5),
                    ("非税收入", "non_tax_revenue", 2), ("资产管理", "asset_management", 5), ("内部控制", "internal_control", 2),
                    ("信息公开", "disclosure", 6), ("绩效评价", "performance_evaluation", 4),
                ]
            ]),
            Indicator(name="部门绩效情况", code="performance", children=[
                Indicator(name="履职成效", code="duties", weight=D(20), children=[
                    Indicator(name="项目完成率", weight=D(10), target="≥100%", actual="95%"),
                    Indicator(name="整改完成率", weight=D(10), target="81个", actual="72个", rule=CompletionRate()),
                ]),
                Indicator(name="可持续发展能力", code="sustainability", weight=D(15), children=[judged("重点改革", "reform", 5, 5), judged("创新", "innovation", 3, 5), judged("人才", "talent", 5, 5)]),
                Indicator(name="满意度", code="satisfaction", weight=D(10), children=[
                    Indicator(name="协作部门满意度", weight=D(3), target="≥90%", actual="95%"),
                    Indicator(name="管理对象满意度", weight=D(3), target="≥90%", actual="81%"),
                    Indicator(name="社会公众满意度", weight=D(4), target="≥90%", actual="90%"),
                ]),
            ]),
        ],
    )  # fmt: skip
    result = evaluate(perfrules.get_rubric(SICHUAN), se)
    decision = F(5 + 4 + 5) + F(45, 10) + 5  # 23.5
    management = F(2 + 2 + 5 + 2 + 5 + 2 + 6 + 4)  # 28
    duties = F(10) * F(95, 100) + F(889, 100)  # 9.5 + 10 × 72 ÷ 81 = 80/9 = 8.888… → 8.89
    sustainability = F(13)
    satisfaction = F(3) + F(3) * F(81, 90) + F(4)  # 3 + 2.7 + 4 = 9.7
    assert [b.exact_score for b in result.blocks] == [decision, management, duties + sustainability + satisfaction]
    assert round(F(10) * F(72, 81), 2) == F(889, 100)
    assert result.total == D("92.59") and result.grade.label_zh == "优"  # 23.5 + 28 + (18.39 + 13 + 9.7)


# ================================================================== the checks of seed 002's defects
def _se(facts, scope=Scope.DEPARTMENT):
    return SelfEvaluation(project=Project(name="x", year=2022, scope=scope), facts=facts)


def test_scope_check():
    check = ScopeIs(code="department.scope", title_zh="部门", title_en="department")
    assert check.run(_se({})).status is CheckStatus.PASSED
    failed = check.run(_se({}, Scope.PROJECT))
    assert failed.status is CheckStatus.FAILED and failed.get("scope") == "project"


def test_department_rubric_on_a_project_says_so():
    se = attrs.evolve(perfrules.load_self_evaluation(FIXTURE), project=Project(name="x", year=2022))
    result = evaluate(perfrules.get_rubric(COMMON), se)
    assert ("department.scope", Severity.WARNING) in [(f.code, f.severity) for f in result.findings]


def test_same_count_check():
    check = SameCount(code="c", title_zh="c", title_en="c")
    assert check.run(_se({"a@x": 1, "b": 2})).status is CheckStatus.SKIPPED
    assert check.run(_se({"a@x": 1, "a@y": "1.0"})).status is CheckStatus.PASSED
    failed = check.run(_se({"a@x": 98, "a@y": 100, "a@z": 98, "b@x": 5, "b@y": 5}))
    assert failed.status is CheckStatus.FAILED and failed.get("things") == "a"
    assert "98 (x) vs 100 (y) vs 98 (z)" in failed.detail_en
    assert SameCount(code="c", title_zh="c", title_en="c", tolerance="2").run(_se({"a@x": 98, "a@y": 100})).status is CheckStatus.PASSED
    with pytest.raises(RubricError):
        SameCount(code="c", title_zh="c", title_en="c", separator="")


def test_score_against_parts_check():
    check = ScoreAgainstParts(code="s", title_zh="s", title_en="s", stated="score", parts=[PartShare("goals", "60"), PartShare("execution", "20")])
    # allowed = (100 − 80) + 60 × 75 % + 20 × min(186.8 %, 100 %) = 20 + 45 + 20 = 85
    assert check.run(_se({"score": 85, "goals": 75, "execution": "186.8"})).status is CheckStatus.PASSED
    failed = check.run(_se({"score": "85.5", "goals": 75, "execution": "186.8"}))
    assert failed.status is CheckStatus.FAILED and failed.get("allowed") == 85
    strict = attrs.evolve(check, strict=True)  # the share is a bound the part does not reach
    assert strict.run(_se({"score": 85, "goals": 75, "execution": 100})).status is CheckStatus.FAILED
    assert strict.run(_se({"score": "84.99", "goals": 75, "execution": 100})).status is CheckStatus.PASSED
    assert check.run(_se({"score": 85})).status is CheckStatus.SKIPPED
    with pytest.raises(RubricError):
        ScoreAgainstParts(code="s", title_zh="s", title_en="s", stated="x", parts=[PartShare("a", "101")])
    with pytest.raises(RubricError):
        ScoreAgainstParts(code="s", title_zh="s", title_en="s", stated="x", parts=[])


# ================================================================== F16: merging units' figures
def test_merge_by_hand():
    units = [
        UnitFigures("A", funds="100", amounts={"households": "10", "spent_wan": "95.5"}, rates={"satisfaction_pct": "90", "timely_pct": "100"}),
        UnitFigures("B", funds="300", amounts={"households": "5", "spent_wan": "280"}, rates={"satisfaction_pct": "80"}),
        UnitFigures("C", funds="50", amounts={"households": "7"}, rates={"satisfaction_pct": "97", "timely_pct": "91"}),
    ]
    merged = merge_results(units)
    assert merged.funds == 450
    assert merged["households"] == 10 + 5 + 7  # absolute: added
    assert merged["spent_wan"] == F(955, 10) + 280  # 375.5, over A and B only
    # percentages weighted by funds: (100 × 90 + 300 × 80 + 50 × 97) ÷ 450 = 37850 / 450 = 757/9
    assert merged["satisfaction_pct"] == F(100 * 90 + 300 * 80 + 50 * 97, 450) == F(757, 9)
    assert merged["timely_pct"] == F(100 * 100 + 50 * 91, 150)  # 14550/150 = 97
    assert merged.figure("satisfaction_pct").formula == "(100 × 90 + 300 × 80 + 50 × 97) ÷ (100 + 300 + 50)"
    assert merged.figure("households").formula == "10 + 5 + 7" and merged.figure("households").kind == "amount"
    assert merged.facts() == {"households": D(22), "spent_wan": D("375.5"), "satisfaction_pct": D("84.1111"), "timely_pct": D(97)}
    assert [(f.code, f.path) for f in merged.findings] == [("merge.figure_missing", "merge.spent_wan"), ("merge.figure_missing", "merge.timely_pct")]
    assert merged.figure("timely_pct").units == ("A", "C")


def test_merge_refuses_what_cannot_be_merged():
    merged = merge_results([
        UnitFigures("A", funds="0", amounts={"x": 1}, rates={"r_pct": 90}),
        UnitFigures("B", funds="0", rates={"x": 5, "r_pct": 80}),
    ])  # fmt: skip
    assert [f.code for f in merged.findings] == ["merge.kind_conflict", "merge.no_funds"]
    assert merged.figures == ()
    with pytest.raises(InvalidInputError):
        merge_results([])
    with pytest.raises(InvalidInputError):
        UnitFigures("A", funds="-1")
    with pytest.raises(perfrules.FloatRefusedError):
        UnitFigures("A", funds="1", rates={"r": 0.5})


def test_merge_of_project_self_evaluations():
    """Two projects' funds and facts as one department's: budgets added, rates weighted by 全年预算数 (or another amount)."""

    def project(name, adjusted, executed, initial, beds, satisfaction):
        return SelfEvaluation(
            project=Project(name=name, year=2022, unit=name),
            funds=perfrules.Funds.single(adjusted=adjusted, executed=executed, initial=initial),
            facts={"beds": beds, "satisfaction_pct": satisfaction},
        )

    p1, p2 = project("甲", "200", "180", "150", 40, "92"), project("乙", "600", "630", "600", 60, "88")
    merged = merge_results([unit_figures(p1), unit_figures(p2)])
    assert merged["funds.adjusted"] == 800 and merged["funds.executed"] == 810 and merged["funds.initial"] == 750
    assert merged["beds"] == 100
    assert merged["satisfaction_pct"] == F(200 * 92 + 600 * 88, 800)  # 71200/800 = 89
    by_spending = merge_results([unit_figures(p, weight_by="executed") for p in (p1, p2)])
    assert by_spending["satisfaction_pct"] == F(180 * 92 + 630 * 88, 810)  # 72000/810 = 800/9
    with pytest.raises(InvalidInputError):
        unit_figures(p1, weight_by="largest")
    with pytest.raises(InvalidInputError):
        unit_figures(SelfEvaluation(project=Project(name="x", year=2022)))


@PROPERTY
@given(st.lists(st.tuples(S.exact_decimals(0, 1000, max_places=2), S.exact_decimals(0, 100, max_places=2), st.integers(0, 100)), min_size=1, max_size=6))
def test_merged_rates_lie_between_the_units_and_amounts_add(rows):
    units = [UnitFigures(f"u{i}", funds=f, amounts={"n": n}, rates={"r_pct": r}) for i, (f, r, n) in enumerate(rows)]
    merged = merge_results(units)
    assert merged["n"] == sum(n for *_, n in rows)
    if sum(f for f, *_ in rows) == 0:
        assert [f.code for f in merged.findings] == ["merge.no_funds"]
    else:
        live = [F(r) for f, r, _ in rows if f > 0]
        assert min(live) <= merged["r_pct"] <= max(live)
        assert merged["r_pct"] == sum((F(f) * F(r) for f, r, _ in rows), F(0)) / sum((F(f) for f, *_ in rows), F(0))


# ================================================================== docs/department.md
DOC = Path(__file__).resolve().parents[1] / "docs" / "department.md"


def test_the_documented_overlay_loads_lints_clean_and_switches_the_items():
    import re

    (overlay_text,) = [b for b in re.findall(r"```toml\n(.*?)```", DOC.read_text(encoding="utf-8"), flags=re.DOTALL) if "[overlay]" in b]
    local = perfrules.loads_rubric(overlay_text)
    assert local.scope is Scope.DEPARTMENT and lint(local) == ()
    assert local.lineage == ("cn-department-common@1.0.0", "my-department@1.0.0")
    carry = _leaf(local, "process", "budget_execution", "carry_over")
    assert (carry.name, carry.rule) == ("结转结余变动率", CompletionRate(standard=D(-30), better="lower", figures="change"))
    assert _leaf(local, "input", "budget_allocation", "staff_control").rule == ControlRate(per_point=D("0.1"), counting=DeductionCounting.STARTED_STEP)
