"""Serialisation: every model through plain data, JSON and TOML, losslessly and exactly.

What is pinned down here (the serialisation issue's requirements):

1. lossless round trips of rubrics, self-evaluations and evaluation results, as
   hypothesis properties over generated models (``tests/strategies.py``), through
   plain data and through JSON and TOML text;
2. decimals are written as strings (no float anywhere in the written data) and
   read back exactly, trailing zeros included (``'0.10'`` stays ``Decimal('0.10')``);
3. numbers in JSON/TOML text are read exactly from their text (``parse_float=Decimal``),
   NaN/Infinity are refused, and a Python ``float`` handed to :func:`structure` is
   refused with a located problem;
4. a bad document raises one :class:`DocumentError` listing every problem with its path;
   unknown keys are errors at every level;
5. notation shorthands for targets/actuals and the funds shorthand;
6. converters are built by a function (independent; extensible with third-party rules);
7. every built-in rubric round-trips.

Library bugs found while writing these tests are kept as regression tests, named
``test_bug_b<n>_...`` after the defect they pinned down.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
import pathlib
import re
import sys
from decimal import Decimal
from fractions import Fraction
from typing import Any, ClassVar

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

sys.path.insert(0, str(pathlib.Path(__file__).parent))
import perfrules
import strategies as S
from perfrules import (
    Actual,
    ActualKind,
    Assessment,
    Block,
    Deduction,
    Direction,
    EvaluationResult,
    Explanation,
    FundLine,
    Funds,
    FundSource,
    Indicator,
    Outcome,
    Project,
    Rounding,
    RoundingPolicy,
    Rubric,
    ScoringRules,
    SelfEvaluation,
    Target,
    parse_actual,
    parse_target,
)
from perfrules.io import documents as files
from perfrules.io.converter import RULE_KINDS, DocumentError, make_converter, structure, unstructure
from perfrules.rules.checks import ByYear, Term, Total, YearValue

D = Decimal
F = Fraction
FORMATS = ("json", "toml")

#: one converter shared by the properties (building one per call is what structure()/unstructure()
#: do by default, and costs ~5 ms); the default path is exercised by the example tests.
CONVERTER = make_converter()

PROPERTY = settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much, HealthCheck.data_too_large],
)


# ------------------------------------------------------------------ helpers
def through_text(obj: Any, cls: type, fmt: str, converter: Any = CONVERTER) -> Any:
    """``loads(dumps(obj))`` in ``fmt``."""
    return files.loads(files.dumps(obj, format=fmt, converter=converter), cls, format=fmt, converter=converter)


def walk(data: Any, path: str = "$"):
    """Yield ``(path, value)`` for every scalar of plain data (and every dict key as a value)."""
    if isinstance(data, dict):
        for k, v in data.items():
            yield f"{path}.<key>", k
            yield from walk(v, f"{path}.{k}")
    elif isinstance(data, list):
        for i, v in enumerate(data):
            yield from walk(v, f"{path}[{i}]")
    else:
        yield path, data


def assert_plain(data: Any) -> None:
    """Only dicts, lists, str, int, bool and None; no float, Decimal, Fraction, date or tuple."""
    for path, value in walk(data):
        assert type(value) in (str, int, bool, type(None)), (path, type(value), value)
        assert not isinstance(value, float), (path, value)


_EXPONENT = re.compile(r"-?\d+(\.\d+)?E[+-]?\d+")


def exponent_strings(data: Any) -> list[str]:
    """Decimal strings in exponent form (``'1E-8'``); numbers are written positionally, so there are none."""
    return [v for _, v in walk(data) if isinstance(v, str) and _EXPONENT.fullmatch(v)]


def assert_problems(err: DocumentError, expected: list[str | re.Pattern[str]]) -> None:
    """Every expected line matches exactly one problem (patterns: fullmatch) and nothing else is reported."""
    problems = list(err.problems)
    unmatched = []
    for want in expected:
        hit = next(
            (p for p in problems if (want.fullmatch(p) if isinstance(want, re.Pattern) else p == want)),
            None,
        )
        if hit is None:
            unmatched.append(want)
        else:
            problems.remove(hit)
    assert not unmatched and not problems, f"missing: {unmatched}\nunexpected: {problems}\nall: {err.problems}"


def missing_key(path: str, key: str) -> re.Pattern[str]:
    """The missing-key line; the key may or may not be repeated in the message."""
    return re.compile(re.escape(f"{path}: required key") + f"( '{re.escape(key)}')? is missing")


def known_rule_kinds() -> str:
    return ", ".join(sorted(RULE_KINDS))


# ================================================================== 1. lossless round trips
@PROPERTY
@given(S.rubrics())
def test_rubric_round_trips_through_plain_data(rubric):
    """structure(unstructure(r), Rubric) == r, with the compact and the canonical converter;
    writing the read-back rubric gives the same data again (trailing zeros kept)."""
    data = CONVERTER.unstructure(rubric)
    back = structure(data, Rubric, converter=CONVERTER)
    assert back == rubric
    assert CONVERTER.unstructure(back) == data
    canonical = make_converter(omit_defaults=False)
    assert structure(canonical.unstructure(rubric), Rubric, converter=canonical) == rubric


@PROPERTY
@pytest.mark.parametrize("fmt", FORMATS)
@given(rubric=S.rubrics())
def test_rubric_round_trips_through_text(fmt, rubric):
    """loads(dumps(r, format=f), Rubric, format=f) == r for JSON and TOML; TOML has no null, and every
    optional field defaults to ``None``, so leaving ``None`` out loses nothing (rounding stages, floor …)."""
    assert through_text(rubric, Rubric, fmt) == rubric


@PROPERTY
@given(S.self_evaluations())
def test_self_evaluation_round_trips_through_plain_data(se):
    """Project, funds (by source or one total line), indicator trees with targets/actuals of every
    kind (parsed notation and explicit records), judgements, stated scores, N/A flags, leaf rules,
    checked items, adjustments, stated totals/grades and facts all survive."""
    data = CONVERTER.unstructure(se)
    back = structure(data, SelfEvaluation, converter=CONVERTER)
    assert back == se
    assert CONVERTER.unstructure(back) == data


@PROPERTY
@pytest.mark.parametrize("fmt", FORMATS)
@given(se=S.self_evaluations())
def test_self_evaluation_round_trips_through_text(fmt, se):
    """JSON and TOML text (every ``None`` in a self-evaluation is a field default, so TOML is lossless)."""
    assert through_text(se, SelfEvaluation, fmt) == se


NATIONAL_CODES = ["output", "benefit", "satisfaction", "产出指标", "满意度指标"]
#: self-evaluations that evaluate() accepts: every qualitative rule has a band per level (a rule without one
#: is a RubricError by design)
SCORABLE_SE = S.self_evaluations(block_codes=NATIONAL_CODES, rules=S.any_rules(full_bands=True))


def _result_round_trips(result: EvaluationResult) -> None:
    data = CONVERTER.unstructure(result)
    assert_plain(data)
    assert not exponent_strings(data)
    assert structure(data, EvaluationResult, converter=CONVERTER) == result
    assert through_text(result, EvaluationResult, "json") == result


@PROPERTY
@given(SCORABLE_SE)
def test_result_round_trips_national(se):
    """Results of NATIONAL_2020 on generated self-evaluations: plain data and JSON text give back an
    equal result (exact rationals, explanations, findings with their data)."""
    _result_round_trips(perfrules.evaluate(perfrules.NATIONAL_2020, se))


@st.composite
def rubric_and_self_evaluation(draw):
    rubric = draw(S.rubrics(full_bands=True))
    codes = [b.code for b in rubric.blocks] + [b.name_zh for b in rubric.blocks if b.name_zh.strip()]
    se = draw(S.self_evaluations(block_codes=codes, rules=S.any_rules(full_bands=True)))
    return rubric, se


@PROPERTY
@given(rubric_and_self_evaluation())
def test_result_round_trips_generated_rubric(pair):
    """Results of generated rubrics (templates, every aggregator, rounding, N/A policy, checks) round-trip."""
    rubric, se = pair
    _result_round_trips(perfrules.evaluate(rubric, se))


def test_huashan_example_round_trips_everywhere():
    """The bundled Huashan table (compound target, remarked range actual) and its result."""
    se = perfrules.examples.huashan_2020()
    for fmt in FORMATS:
        assert files.loads(files.dumps(se, format=fmt), SelfEvaluation, format=fmt) == se
    result = perfrules.evaluate(perfrules.HUBEI_2020, se)
    assert structure(unstructure(result), EvaluationResult) == result
    assert files.loads(files.dumps(result), EvaluationResult) == result


def test_overlay_round_trips():
    """Overlays (a public model with free-form changes) round-trip too."""
    overlay = perfrules.Overlay(
        "cn-x-2024",
        "cn-national-project-2020",
        "1.2.0-rc.1",
        "标题",
        "title",
        changes={"base": "90", "blocks": [{"code": "satisfaction", "remove": True}]},
        regions=("CN-HB",),
        effective_from=dt.date(2024, 1, 1),
        references=("财预〔2020〕10号",),
    )
    for fmt in FORMATS:
        assert files.loads(files.dumps(overlay, format=fmt), perfrules.Overlay, format=fmt) == overlay


# ================================================================== 2. decimals are strings
@PROPERTY
@given(S.rubrics(), SCORABLE_SE)
def test_written_data_holds_no_float(rubric, se):
    """The unstructured data holds only dicts, lists, str, int, bool and None, and the JSON text has no
    non-integer number at all (decimals, dates and rationals are strings)."""

    def no_float(text: str) -> Any:
        raise AssertionError(f"a bare decimal number {text} was written")

    for obj in (rubric, se, perfrules.evaluate(perfrules.NATIONAL_2020, se)):
        data = CONVERTER.unstructure(obj)
        assert_plain(data)
        json.loads(files.dumps(obj, converter=CONVERTER), parse_float=no_float)


def test_decimal_fields_are_strings_in_the_data():
    """Spot checks: amounts, weights, scores and rationals are strings."""
    se = perfrules.examples.huashan_2020()
    data = unstructure(se)
    assert data["funds"]["lines"][0]["adjusted"] == "2440.91"
    assert data["indicators"][0]["weight"] == "40"
    assert data["indicators"][0]["claimed_score"] == "39"
    result = unstructure(perfrules.evaluate(perfrules.HUBEI_2020, se))
    assert result["base"] == "100"
    assert isinstance(result["total_exact"], str)
    assert dict(result["blocks"][0]["explanation"]["inputs"])["budget"] == {"decimal": "2440.91"}


@pytest.mark.parametrize("text", ["0.10", "100.00", "0", "0.0000", "2440.91", "-3.50", "1000000000000000000000.5"])
def test_decimal_text_is_kept_exactly(text):
    """'0.10' stays Decimal('0.10') (not 0.1): through plain data, JSON and TOML, as a string or a bare number."""
    line = FundLine(FundSource.TOTAL, D(text).copy_abs(), D(text).copy_abs())
    for fmt in FORMATS:
        back = through_text(Funds((line,)), Funds, fmt)
        assert str(back.lines[0].adjusted) == str(D(text).copy_abs())
    adjustment = structure({"code": "a", "name": "n", "points": text}, perfrules.Adjustment)
    assert str(adjustment.points) == text
    assert unstructure(adjustment)["points"] == text
    from_json = files.loads(f'{{"code": "a", "name": "n", "points": {text}}}', perfrules.Adjustment)
    assert type(from_json.points) is Decimal and str(from_json.points) == text
    from_toml = files.loads(f'code = "a"\nname = "n"\npoints = {text}\n', perfrules.Adjustment, format="toml")
    assert type(from_toml.points) is Decimal and str(from_toml.points) == text


@pytest.mark.parametrize(
    ("q", "written"),
    [(F(715, 1000), "0.715"), (F(5, 3), "5/3"), (F(-5, 3), "-5/3"), (F(0), "0"), (F(7), "7"), (F(1, 8), "0.125"), (F(1, 3), "1/3")],
)
def test_exact_rationals_are_written_as_decimal_or_fraction_text(q, written):
    """A terminating rational is written as its decimal, any other as 'p/q'; both read back exactly."""
    assert unstructure(q) == written
    assert structure(written, Fraction) == q
    node = attrs.evolve(_a_node(), exact_raw=q, exact_score=q)
    assert unstructure(node)["exact_raw"] == written
    assert files.loads(files.dumps(node), perfrules.NodeResult) == node


def _a_node() -> perfrules.NodeResult:
    result = perfrules.evaluate(perfrules.HUBEI_2020, perfrules.examples.huashan_2020())
    return next(result.leaves())


def test_fraction_with_zero_denominator_is_a_problem():
    """'1/0' is refused with its path."""
    data = unstructure(_a_node())
    data["exact_raw"] = "1/0"
    with pytest.raises(DocumentError) as info:
        structure(data, perfrules.NodeResult)
    assert_problems(info.value, ["$.exact_raw: zero denominator in '1/0'"])


# ================================================================== 3. numbers in input
def test_json_numbers_are_read_exactly_as_decimals():
    """Decision: a bare JSON number is read from its *text* as a Decimal (``parse_float=Decimal``), never
    through a binary float, so ``98.5`` is ``Decimal('98.5')`` and ``0.1`` is ``Decimal('0.1')``
    (``Decimal(0.1)`` would be 0.1000000000000000055511151231257827...). Integers stay integers."""
    text = '{"source": "total", "adjusted": 98.5, "executed": 0.1, "initial": 2440}'
    line = files.loads(text, FundLine)
    assert (line.adjusted, line.executed, line.initial) == (D("98.5"), D("0.1"), D(2440))
    assert all(type(v) is Decimal for v in (line.adjusted, line.executed, line.initial))
    assert line.executed != D(0.1)
    data = files.parse_document(text)
    assert type(data["adjusted"]) is Decimal and type(data["initial"]) is int
    # a bare number for an actual value becomes a numeric actual, exactly
    leaf = files.loads('{"name": "x", "weight": 2, "actual": 98.5}', Indicator)
    assert leaf.actual == Actual.number(D("98.5"))


def test_toml_numbers_are_read_exactly_as_decimals():
    """Same decision for TOML: ``weight = 2.5`` is Decimal('2.5'); integers and dates are native."""
    text = 'code = "b"\nname_zh = "产出"\nname_en = "output"\nweight = 49.95\n'
    block = files.loads(text, Block, format="toml")
    assert block.weight == D("49.95") and type(block.weight) is Decimal
    rubric = files.loads(
        files.dumps(perfrules.NATIONAL_2020, format="toml").replace('effective_from = "2020-01-01"', "effective_from = 2020-01-01"),
        Rubric,
        format="toml",
    )
    assert rubric == perfrules.NATIONAL_2020


@pytest.mark.parametrize("constant", ["NaN", "Infinity", "-Infinity"])
def test_json_nan_and_infinity_are_refused(constant):
    """NaN/Infinity are not exact numbers: refused as a DocumentError naming the constant."""
    with pytest.raises(DocumentError) as info:
        files.loads(f'{{"source": "total", "adjusted": {constant}, "executed": "1"}}', FundLine)
    (problem,) = info.value.problems
    assert problem.startswith("$: not valid JSON") and "is not an exact number" in problem


@pytest.mark.parametrize("constant", ["nan", "inf", "-inf", "+inf"])
def test_toml_nan_and_infinity_are_refused(constant):
    """TOML's nan/inf arrive as Decimal('NaN')/Decimal('Infinity') and are refused at their path."""
    with pytest.raises(DocumentError) as info:
        files.loads(f'source = "total"\nadjusted = {constant}\nexecuted = "1"\n', FundLine, format="toml")
    (problem,) = info.value.problems
    assert re.fullmatch(r"\$\.adjusted: -?(NaN|Infinity) is not a finite number", problem), problem


def _float_problem(path: str, value: float) -> str:
    return (
        f"{path}: float {value!r} refused; money, rates and scores must be exact: "
        f"pass Decimal({str(value)!r}) or the string {str(value)!r}"
    )


SE_DOC: dict[str, Any] = {
    "project": {"name": "社区养老服务", "year": 2024},
    "funds": {"lines": [{"source": "appropriation", "adjusted": "120.00", "executed": "114.60"}]},
    "indicators": [
        {
            "code": "output",
            "name": "产出指标",
            "children": [
                {"code": "visits", "name": "上门服务人次", "weight": "30", "target": "≥735人次", "actual": "700人次"},
                {"code": "cost", "name": "人均服务成本", "weight": "20", "target": "≤200元/人", "actual": "230元"},
            ],
        }
    ],
    "adjustments": [{"code": "bonus", "name": "加分", "points": "1"}],
    "facts": {"beds_total": "100"},
}


def _set(doc: dict, keys: tuple, value: Any) -> dict:
    doc = copy.deepcopy(doc)
    target = doc
    for k in keys[:-1]:
        target = target[k]
    target[keys[-1]] = value
    return doc


@pytest.mark.parametrize(
    ("keys", "path"),
    [
        (("funds", "lines", 0, "executed"), "$.funds.lines[0].executed"),
        (("indicators", 0, "children", 1, "weight"), "$.indicators[0].children[1].weight"),
        (("indicators", 0, "children", 0, "claimed_score"), "$.indicators[0].children[0].claimed_score"),
        (("indicators", 0, "children", 0, "actual"), "$.indicators[0].children[0].actual"),
        (("indicators", 0, "children", 0, "target"), "$.indicators[0].children[0].target"),
        (("adjustments", 0, "points"), "$.adjustments[0].points"),
        (("claimed_total",), "$.claimed_total"),
    ],
)
def test_python_float_is_refused_with_its_path(keys, path):
    """Decision: a Python float handed to structure() is refused (its decimal text is already lost,
    ``0.1`` is not 0.1); the problem line names the path and says 'float ... refused'."""
    with pytest.raises(DocumentError) as info:
        structure(_set(SE_DOC, keys, 99.5), SelfEvaluation)
    assert_problems(info.value, [_float_problem(path, 99.5)])


def test_python_float_in_a_target_table_and_in_facts_is_refused():
    """Inside a target written as a table, and among the facts."""
    doc = _set(SE_DOC, ("indicators", 0, "children", 0, "target"), {"direction": "≥", "value": 0.1})
    doc = _set(doc, ("facts",), {"beds_total": 0.5})
    with pytest.raises(DocumentError) as info:
        structure(doc, SelfEvaluation)
    assert_problems(
        info.value,
        [_float_problem("$.indicators[0].children[0].target.value", 0.1), _float_problem("$.facts.beds_total", 0.5)],
    )


def test_python_float_in_free_form_data_is_refused():
    """Findings' and explanations' data are free-form tables, but a float is refused there too."""
    finding = {"code": "c", "severity": "info", "path": "p", "message_en": "m", "data": {"x": 1.5}}
    with pytest.raises(DocumentError) as info:
        structure(finding, perfrules.Finding)
    (problem,) = info.value.problems
    assert problem.startswith("$.data") and "float 1.5 refused" in problem  # not located at the key: B11


# ================================================================== 4. bad documents
def test_bad_self_evaluation_lists_every_problem_with_its_path():
    """One DocumentError with (a) an unknown key in project, (b) a float amount, (c) an unparseable target
    deep in the tree, (d) a bad enum value in a rule variant, (e) an unknown rule kind, (f) missing keys."""
    doc = {
        "project": {"name": "p", "year": 2020, "colour": "red"},  # (a)
        "funds": {"lines": [{"source": "total", "adjusted": "100", "executed": 99.5}]},  # (b)
        "indicators": [
            {
                "code": "output",
                "name": "产出指标",
                "children": [
                    {"name": "a", "weight": "5", "target": "≥1个", "actual": "1个", "rule": {"kind": "reverse", "variant": "sideways"}},  # (d)
                    {"name": "b", "weight": "5", "target": "≧x人", "actual": "1人"},  # (c)
                    {"weight": "5", "target": "≥2人"},  # (f) no name
                ],
            },
            {"name": "e", "weight": "5", "rule": {"kind": "magic"}},  # (e)
        ],
        "adjustments": [{"code": "x", "points": "1"}],  # (f) no name
    }
    with pytest.raises(DocumentError) as info:
        structure(doc, SelfEvaluation)
    err = info.value
    assert_problems(
        err,
        [
            "$.project: unknown key 'colour'",
            _float_problem("$.funds.lines[0].executed", 99.5),
            "$.indicators[0].children[0].rule.variant: 'sideways' is not one of 'ratio', 'linear'",
            "$.indicators[0].children[1].target: cannot parse '≧x人' as a target: a comparator must be followed by a number",
            missing_key("$.indicators[0].children[2].name", "name"),
            f"$.indicators[1].rule: unknown rule kind 'magic'; known: {known_rule_kinds()}",
            missing_key("$.adjustments[0].name", "name"),
        ],
    )
    assert str(err).startswith("7 problems in SelfEvaluation document:\n  $.")
    assert isinstance(err, ValueError) and isinstance(err, perfrules.PerfrulesError)


def test_bad_self_evaluation_text_names_the_same_paths():
    """Through JSON text the float is read exactly (not a problem); the other problems are reported the same way."""
    text = json.dumps(
        {
            "project": {"name": "p", "year": 2020, "colour": "red"},
            "funds": {"adjusted": "100", "executed": "99"},
            "indicators": [{"name": "x", "children": [{"name": "y", "children": [{"name": "z", "weight": "1", "target": "≧x人"}]}]}],
        },
        ensure_ascii=False,
    ).replace('"executed": "99"', '"executed": 99.5')
    with pytest.raises(DocumentError) as info:
        files.loads(text, SelfEvaluation)
    assert_problems(
        info.value,
        [
            "$.project: unknown key 'colour'",
            "$.indicators[0].children[0].children[0].target: cannot parse '≧x人' as a target: a comparator must be followed by a number",
        ],
    )


BROKEN_RUBRIC = """
code = "broken"
title_zh = "坏"
title_en = "broken"
base = 100.5
colour = "red"

[[blocks]]
code = "execution"
name_zh = "预算执行"
name_en = "execution"
weight = "10"
source = "money"

[[blocks]]
code = "output"
name_en = "output"
weight = "x10"
indicators = [{ name = "q", weight = "2", target = "≧x人" }, { name = "r", weight = 2.5, rule = { kind = "deduction" } }]

[execution]
kind = "budget_execution"
over_budget = "explode"
extra = 1

[rules.reverse]
kind = "frobnicate"

[rules.equal]
kind = "equal"
variant = "as_positive"
tolerance = "1"

[aggregator]
kind = "weighted_mean"
points = 3

[[grades.bands]]
code = "a"
label_zh = "优"
label_en = "a"
lower = "90"
colour = "gold"

[rounding.item]
places = 2
mode = "sideways"

[[checks]]
kind = "bound"
code = "c"
title_zh = "c"
title_en = "c"
fact = "f"
maximum = "1"
severity = "fatal"
"""


def test_broken_rubric_text_lists_every_problem_with_its_path():
    """A TOML rubric with a dozen problems: each is reported once, at its path; bare TOML decimals
    (``base = 100.5``, ``weight = 2.5``) are read exactly and are not problems."""
    with pytest.raises(DocumentError) as info:
        files.loads(BROKEN_RUBRIC, Rubric, format="toml")
    assert_problems(
        info.value,
        [
            "$: unknown key 'colour'",
            "$.blocks[0].source: 'money' is not one of 'funds', 'indicators'",
            missing_key("$.blocks[1].name_zh", "name_zh"),
            "$.blocks[1].weight: cannot read 'x10' as a number",
            "$.blocks[1].indicators[0].target: cannot parse '≧x人' as a target: a comparator must be followed by a number",
            missing_key("$.blocks[1].indicators[1].rule.per_unit", "per_unit"),
            "$.execution.over_budget: 'explode' is not one of 'cap', 'flag'",
            "$.execution: unknown key 'extra'",
            f"$.rules.reverse: unknown rule kind 'frobnicate'; known: {known_rule_kinds()}",
            "$.rules.equal: unknown key 'tolerance'",
            "$.aggregator: unknown key 'points'",
            "$.grades.bands[0]: unknown key 'colour'",
            "$.rounding.item.mode: 'sideways' is not one of 'half_up', 'half_even', 'down', 'up'",
            "$.checks[0].severity: 'fatal' is not one of 'error', 'warning', 'info'",
        ],
    )
    assert str(info.value).startswith("14 problems in Rubric document:")


def test_a_rule_of_the_wrong_kind_for_execution_is_a_problem():
    """The rubric's execution field takes a budget-execution rule only."""
    data = unstructure(perfrules.NATIONAL_2020)
    data["execution"] = {"kind": "positive"}
    with pytest.raises(DocumentError) as info:
        structure(data, Rubric)
    assert_problems(info.value, ["$.execution: expected a rule of kind 'budget_execution' here, got 'positive'"])


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        ({"version": "1.0"}, "$.version: version must be a semantic version such as '1.2.0', got '1.0'"),
        ({"effective_to": "2019-01-01"}, "$: effective_to 2019-01-01 is before effective_from 2020-01-01"),
        ({"effective_from": "2019-13-01"}, "$.effective_from: expected a date such as '2020-01-01', got '2019-13-01'"),
        ({"effective_from": dt.datetime(2020, 1, 1, 8, 0)}, "$.effective_from: expected a date, got a date-time datetime.datetime(2020, 1, 1, 8, 0)"),
    ],
)
def test_invariant_problems_of_a_table_are_reported(change, problem):
    """A table's own invariants (semantic version, date order) and date syntax are problems too."""
    with pytest.raises(DocumentError) as info:
        structure({**unstructure(perfrules.NATIONAL_2020), **change}, Rubric)
    assert_problems(info.value, [problem])


def test_invalid_target_table_is_located():
    """A target table that breaks the model's invariants (a range without upper bound) names the field."""
    doc = _set(SE_DOC, ("indicators", 0, "children", 0, "target"), {"direction": "~", "value": "1"})
    with pytest.raises(DocumentError) as info:
        structure(doc, SelfEvaluation)
    assert_problems(info.value, ["$.indicators[0].children[0].target.upper: a range target needs an upper bound"])


def test_not_a_document_at_all():
    """Syntax errors are a single '$' problem; a document of the wrong shape is located too."""
    with pytest.raises(DocumentError, match=r"\$: not valid JSON"):
        files.loads("{", SelfEvaluation)
    with pytest.raises(DocumentError, match=r"\$: not valid TOML"):
        files.loads("code = ", Rubric, format="toml")
    with pytest.raises(DocumentError) as info:
        files.loads('{"project": "p", "funds": [], "indicators": {}}', SelfEvaluation)
    assert {p.split(":")[0] for p in info.value.problems} >= {"$.project", "$.funds"}
    with pytest.raises(ValueError, match="format must be one of"):
        files.loads("{}", Rubric, format="yaml")


# ---- unknown keys at every level
RULE_TABLES = {
    "positive": {"kind": "positive"},
    "reverse": {"kind": "reverse", "variant": "linear"},
    "equal": {"kind": "equal"},
    "range": {"kind": "range"},
    "qualitative": {"kind": "qualitative"},
    "deduction": {"kind": "deduction", "per_unit": "0.5"},
    "checklist": {"kind": "checklist", "items": [{"code": "a", "name": "A", "points": "1"}]},
    "not_applicable": {"kind": "not_applicable"},
    "budget_execution": {"kind": "budget_execution"},
    "judged": {"kind": "judged"},
}


@pytest.mark.parametrize("kind", sorted(RULE_TABLES))
def test_unknown_key_inside_every_rule_kind(kind):
    """A misspelt rule parameter is an error, never silently ignored (rules without parameters too)."""
    rule = dict(RULE_TABLES[kind], zzz=1)
    doc = _set(SE_DOC, ("indicators", 0, "children", 1, "rule"), rule)
    with pytest.raises(DocumentError) as info:
        structure(doc, SelfEvaluation)
    assert_problems(info.value, ["$.indicators[0].children[1].rule: unknown key 'zzz'"])
    # and without the typo the table is read
    structure(_set(SE_DOC, ("indicators", 0, "children", 1, "rule"), RULE_TABLES[kind]), SelfEvaluation)


def _with_unknown(doc: Any, keys: tuple) -> Any:
    doc = copy.deepcopy(doc)
    target = doc
    for k in keys:
        target = target[k]
    target["zzz"] = 1
    return doc


SE_WITH_TABLES = _set(
    _set(
        _set(SE_DOC, ("indicators", 0, "children", 0, "target"), {"direction": "≥", "value": "4", "text": "≥4次、另≥2次"}),
        ("indicators", 0, "children", 0, "actual"),
        {"kind": "number", "value": "97", "text": "97次及其他"},
    ),
    ("indicators", 0, "children", 1, "rule"),
    {
        "kind": "qualitative",
        "bands": [{"level": "achieved", "lower": "0", "upper": "1", "default": "1", "upper_inclusive": True}],
    },
)
SE_WITH_TABLES["indicators"].append(
    {"code": "benefit", "name": "效益", "weight": "5", "rule": RULE_TABLES["checklist"], "checked": ["a"]}
)


@pytest.mark.parametrize(
    ("keys", "path"),
    [
        ((), "$"),
        (("project",), "$.project"),
        (("funds",), "$.funds"),
        (("funds", "lines", 0), "$.funds.lines[0]"),
        (("indicators", 0), "$.indicators[0]"),
        (("indicators", 0, "children", 0), "$.indicators[0].children[0]"),
        (("indicators", 0, "children", 0, "target"), "$.indicators[0].children[0].target"),
        (("indicators", 0, "children", 0, "actual"), "$.indicators[0].children[0].actual"),
        (("indicators", 0, "children", 1, "rule", "bands", 0), "$.indicators[0].children[1].rule.bands[0]"),
        (("indicators", 1, "rule", "items", 0), "$.indicators[1].rule.items[0]"),
        (("adjustments", 0), "$.adjustments[0]"),
    ],
)
def test_unknown_keys_in_a_self_evaluation_at_every_level(keys, path):
    """Unknown keys are errors at every level of a self-evaluation."""
    structure(SE_WITH_TABLES, SelfEvaluation)  # the document itself is valid
    with pytest.raises(DocumentError) as info:
        structure(_with_unknown(SE_WITH_TABLES, keys), SelfEvaluation)
    assert_problems(info.value, [f"{path}: unknown key 'zzz'"])


def test_unknown_key_in_the_funds_shorthand():
    """The funds shorthand is checked like a fund line."""
    with pytest.raises(DocumentError) as info:
        structure(_set(SE_DOC, ("funds",), {"adjusted": "1", "executed": "1", "zzz": 1}), SelfEvaluation)
    assert_problems(info.value, ["$.funds: unknown key 'zzz'"])


def _full_rubric_document() -> dict:
    rubric = attrs.evolve(
        perfrules.NATIONAL_2020,
        blocks=(
            *perfrules.NATIONAL_2020.blocks[:1],
            attrs.evolve(
                perfrules.NATIONAL_2020.blocks[1],
                indicators=(Indicator("数量", weight=50, children=(Indicator("q", weight=50, rule=Deduction(D(1))),)),),
            ),
            *perfrules.NATIONAL_2020.blocks[2:],
        ),
        rules=ScoringRules(qualitative=perfrules.QualitativeBands(labels={"好": Assessment.ACHIEVED})),
        rounding=RoundingPolicy(Rounding(), Rounding(1), Rounding(0)),
        checks=(
            ByYear(code="y", title_zh="y", title_en="y", fact="f", table=(YearValue(2020, D(1)),)),
            Total(code="t", title_zh="t", title_en="t", terms=(Term("a"),), equals="b"),
        ),
    )
    return make_converter(omit_defaults=False).unstructure(rubric)


RUBRIC_DOC = _full_rubric_document()


@pytest.mark.parametrize(
    ("keys", "path"),
    [
        ((), "$"),
        (("blocks", 0), "$.blocks[0]"),
        (("blocks", 1, "indicators", 0), "$.blocks[1].indicators[0]"),
        (("blocks", 1, "indicators", 0, "children", 0, "rule"), "$.blocks[1].indicators[0].children[0].rule"),
        (("execution",), "$.execution"),
        (("rules",), "$.rules"),
        (("rules", "reverse"), "$.rules.reverse"),
        (("rules", "qualitative", "bands", 1), "$.rules.qualitative.bands[1]"),
        (("aggregator",), "$.aggregator"),
        (("grades",), "$.grades"),
        (("grades", "bands", 2), "$.grades.bands[2]"),
        (("rounding",), "$.rounding"),
        (("rounding", "total"), "$.rounding.total"),
        (("adjustments",), "$.adjustments"),
        (("checks", 0), "$.checks[0]"),
        (("checks", 0, "table", 0), "$.checks[0].table[0]"),
        (("checks", 1, "terms", 0), "$.checks[1].terms[0]"),
    ],
)
def test_unknown_keys_in_a_rubric_at_every_level(keys, path):
    """Unknown keys are errors at every level of a rubric (including inside rules, bands and checks)."""
    assert structure(RUBRIC_DOC, Rubric) is not None
    with pytest.raises(DocumentError) as info:
        structure(_with_unknown(RUBRIC_DOC, keys), Rubric)
    assert_problems(info.value, [f"{path}: unknown key 'zzz'"])


RESULT_DOC = unstructure(perfrules.evaluate(perfrules.HUBEI_2020, perfrules.examples.huashan_2020()))


@pytest.mark.parametrize(
    ("keys", "path"),
    [
        ((), "$"),
        (("project",), "$.project"),
        (("blocks", 1), "$.blocks[1]"),
        (("blocks", 1, "children", 0), "$.blocks[1].children[0]"),
        (("blocks", 0, "explanation"), "$.blocks[0].explanation"),
        (("blocks", 0, "rounding"), "$.blocks[0].rounding"),
        (("grade",), "$.grade"),
        (("findings", 0), "$.findings[0]"),
    ],
)
def test_unknown_keys_in_a_result_at_every_level(keys, path):
    """Stored results are checked the same way."""
    with pytest.raises(DocumentError) as info:
        structure(_with_unknown(RESULT_DOC, keys), EvaluationResult)
    assert_problems(info.value, [f"{path}: unknown key 'zzz'"])


# ================================================================== 5. shorthands
@PROPERTY
@given(S.target_texts())
def test_target_notation_round_trips_to_the_same_text(text):
    """A target that came from table notation is written back as that very text and reads back equal."""
    target = parse_target(text)
    assert unstructure(target, converter=CONVERTER) == text
    assert structure(text, Target, converter=CONVERTER) == target
    leaf = Indicator("x", weight=1, target=target)
    for fmt in FORMATS:
        assert files.loads(files.dumps(leaf, format=fmt, converter=CONVERTER), Indicator, format=fmt, converter=CONVERTER) == leaf


@PROPERTY
@given(S.actual_texts())
def test_actual_notation_round_trips_to_the_same_text(text):
    """The same for actual values (numbers, ranges, inequalities, text)."""
    actual = parse_actual(text)
    assert unstructure(actual, converter=CONVERTER) == text
    assert structure(text, Actual, converter=CONVERTER) == actual


@PROPERTY
@given(S.explicit_targets(), S.explicit_actuals())
def test_explicit_targets_and_actuals_round_trip(target, actual):
    """A record whose text does not parse back to it is written as a table; either way it reads back equal."""
    for obj, cls, parse in ((target, Target, parse_target), (actual, Actual, parse_actual)):
        data = unstructure(obj, converter=CONVERTER)
        if isinstance(data, str):
            assert data == obj.text and parse(data) == obj
        else:
            assert isinstance(data, dict)
        assert structure(data, cls, converter=CONVERTER) == obj


def test_a_target_whose_text_does_not_parse_back_is_written_as_a_table():
    """The Huashan compound target keeps its text, value and unit as a table."""
    target = Target("≥", 4, unit="次/年", text="≥4次/年、其中体育活动≥2次")
    assert unstructure(target) == {"direction": "≥", "value": "4", "unit": "次/年", "text": "≥4次/年、其中体育活动≥2次"}
    for fmt in FORMATS:
        leaf = Indicator("开展文艺演出场次", weight=2, target=target, actual=S.REMARKED_ACTUAL)
        assert files.loads(files.dumps(leaf, format=fmt), Indicator, format=fmt) == leaf
    # a text that parses, but to something else (here: a different unit), is a table too
    other = Target("≥", 4, unit="次", text="≥4次/年")
    assert isinstance(unstructure(other), dict)
    assert structure(unstructure(other), Target) == other
    # a target without text is a table
    assert unstructure(Target("≤", D("0.5"), unit="%")) == {"direction": "≤", "value": "0.5", "unit": "%"}


def test_shorthand_texts_and_numbers_read_as_notation():
    """In a document, target/actual text is parsed; a bare number is a numeric actual."""
    leaf = structure({"name": "x", "weight": "2", "target": "≧100％", "actual": 98}, Indicator)
    assert leaf.target == Target(Direction.GE, D(100), unit="%", text="≧100％")
    assert leaf.actual == Actual(ActualKind.NUMBER, D(98))
    assert unstructure(leaf)["target"] == "≧100％"
    with pytest.raises(DocumentError) as info:
        structure({"name": "x", "weight": "2", "target": 5}, Indicator)
    assert_problems(info.value, ["$.target: expected text or a table, got int"])


def test_funds_shorthand_reads_as_one_total_line():
    """``{adjusted, executed[, initial, unit]}`` is the single 年度资金总额 row."""
    assert structure({"adjusted": "120.00", "executed": "114.60"}, Funds) == Funds.single(adjusted="120.00", executed="114.60")
    full = structure({"adjusted": "120", "executed": "114.6", "initial": "100", "unit": "元"}, Funds)
    assert full == Funds((FundLine(FundSource.TOTAL, D(120), D("114.6"), D(100)),), unit="元")
    from_toml = files.loads(
        '[project]\nname = "p"\nyear = 2024\n\n[funds]\nadjusted = "120.00"\nexecuted = 114.60\n\n'
        '[[indicators]]\nname = "产出指标"\nchildren = [{ name = "a", weight = "1" }]\n',
        SelfEvaluation,
        format="toml",
    )
    assert from_toml.funds.lines == (FundLine(FundSource.TOTAL, D("120.00"), D("114.60")),)
    assert str(from_toml.funds.executed) == "114.60"
    # written back in the long form, read back equal
    assert unstructure(from_toml.funds) == {"lines": [{"source": "total", "adjusted": "120.00", "executed": "114.60"}]}
    with pytest.raises(DocumentError) as info:
        structure({"adjusted": "1"}, Funds)
    assert_problems(info.value, [missing_key("$.executed", "executed")])


# ================================================================== 6. converters are built by a function
def test_make_converter_gives_independent_converters():
    """Registering a hook on one converter affects neither another one nor the default path."""
    one, two = make_converter(), make_converter()
    assert one is not two
    project = Project("p", 2020)
    one.register_unstructure_hook(Project, lambda p: f"<{p.name}>")
    one.register_structure_hook(Project, lambda v, _: Project(v.strip("<>"), 1999))
    assert one.unstructure(project) == "<p>"
    assert one.structure("<q>", Project) == Project("q", 1999)
    assert two.unstructure(project) == {"name": "p", "year": 2020}
    assert make_converter().unstructure(project) == {"name": "p", "year": 2020}
    assert unstructure(project) == {"name": "p", "year": 2020}
    assert structure({"name": "p", "year": 2020}, Project) == project
    se = perfrules.examples.huashan_2020()
    assert files.loads(files.dumps(se), SelfEvaluation) == se


def test_rubric_origin_never_comes_from_a_document():
    """``origin`` is set by whoever loaded the rubric (the registry): it is not written, and a document
    that names one is refused, so a file cannot claim to come from another distribution."""
    rubric = attrs.evolve(perfrules.NATIONAL_2020, origin="perfrules-hubei 2.0")
    for fmt in FORMATS:
        back = through_text(rubric, Rubric, fmt)
        assert back == rubric and back.origin == ""
    with pytest.raises(DocumentError) as info:
        structure({**unstructure(rubric), "origin": "perfrules-hubei 2.0"}, Rubric)
    assert info.value.problems == ("$: unknown key 'origin'",)


def test_omit_defaults_false_writes_everything():
    """The canonical converter writes every field; both forms read back equal."""
    compact, canonical = make_converter(), make_converter(omit_defaults=False)
    rubric = perfrules.NATIONAL_2020
    small, full = compact.unstructure(rubric), canonical.unstructure(rubric)
    assert set(small) < set(full) and set(full) == {a.name for a in attrs.fields(Rubric)} - {"origin"}
    assert structure(small, Rubric) == structure(full, Rubric) == rubric


@attrs.frozen
class CustomHalf:
    """A third-party rule: half the weight, whatever the inputs."""

    kind: ClassVar[str] = "custom_half"
    note: str = ""

    def apply(self, ctx: perfrules.RuleContext) -> Outcome:
        half = Fraction(ctx.weight) / 2
        return Outcome(half, Explanation(self.kind, "custom_half", {"weight": ctx.weight}, f"{ctx.weight} ÷ 2"))


def _custom_rubric() -> Rubric:
    national = perfrules.NATIONAL_2020
    template = (Indicator("数量", code="q", weight=50, rule=CustomHalf(note="模板")),)
    return attrs.evolve(
        national,
        code="custom",
        rules=ScoringRules(positive=CustomHalf()),
        blocks=(national.blocks[0], attrs.evolve(national.blocks[1], indicators=template), *national.blocks[2:]),
    )


def test_extra_rule_kind_with_its_converter():
    """make_converter(rule_kinds=...) writes and reads a rubric using a third-party rule, in both formats,
    and the rubric scores with it."""
    rubric = _custom_rubric()
    converter = make_converter(rule_kinds={**RULE_KINDS, "custom_half": CustomHalf})
    data = converter.unstructure(rubric)
    assert data["rules"]["positive"] == {"kind": "custom_half"}
    assert data["blocks"][1]["indicators"][0]["rule"] == {"kind": "custom_half", "note": "模板"}
    assert structure(data, Rubric, converter=converter) == rubric
    for fmt in FORMATS:
        assert through_text(rubric, Rubric, fmt, converter=converter) == rubric
    se = SelfEvaluation(
        Project("p", 2020),
        Funds.single(adjusted=10, executed=10),
        (
            Indicator("产出", code="output", children=(Indicator("数量", code="q", target="≥10个", actual="10个"),)),
            Indicator("效益", code="benefit", children=(Indicator("x", weight=30, target="≥1次", actual="1次"),)),
        ),
    )
    result = perfrules.evaluate(rubric, se)
    assert result.block("output").score == 25 and result.block("benefit").score == 15
    assert files.loads(files.dumps(result, converter=converter), EvaluationResult, converter=converter) == result


def test_default_converter_refuses_an_unknown_rule_kind():
    """The default converter writes the third-party rule all the same (tagged by its kind), but reading it
    back is refused with an 'unknown rule kind' problem."""
    rubric = attrs.evolve(perfrules.NATIONAL_2020, rules=ScoringRules(positive=CustomHalf(), equal=CustomHalf("=")))
    for fmt in FORMATS:
        text = files.dumps(rubric, format=fmt)
        with pytest.raises(DocumentError) as info:
            files.loads(text, Rubric, format=fmt)
        assert_problems(
            info.value,
            [
                f"$.rules.positive: unknown rule kind 'custom_half'; known: {known_rule_kinds()}",
                f"$.rules.equal: unknown rule kind 'custom_half'; known: {known_rule_kinds()}",
            ],
        )


def test_a_rule_class_without_attrs_fields_cannot_be_written():
    """Writing a rule needs a string ``kind`` and attrs fields; a plain class is refused, not guessed at."""

    class NotAttrs:
        kind = "not_attrs"

        def apply(self, ctx):  # pragma: no cover - never called
            raise AssertionError

    with pytest.raises(perfrules.PerfrulesError, match="needs a string 'kind' and attrs fields"):
        unstructure(ScoringRules(positive=NotAttrs()))  # type: ignore[arg-type]


# ================================================================== 7. built-in rubrics, files
@pytest.mark.parametrize("code", perfrules.list_rubrics())
@pytest.mark.parametrize("fmt", FORMATS)
def test_builtin_rubrics_round_trip(code, fmt):
    """Every built-in rubric, compact and canonical, through JSON and TOML; the fingerprint is unchanged."""
    rubric = perfrules.get_rubric(code)
    assert structure(unstructure(rubric), Rubric) == rubric
    for converter in (CONVERTER, make_converter(omit_defaults=False)):
        back = through_text(rubric, Rubric, fmt, converter=converter)
        assert back == rubric
        assert perfrules.fingerprint(back) == perfrules.fingerprint(rubric)


def test_dump_and_load_files(tmp_path):
    """dump/load pick the format from the suffix; a problem in a file names the file."""
    se = perfrules.examples.huashan_2020()
    for suffix in FORMATS:
        path = tmp_path / f"se.{suffix}"
        files.dump(se, path)
        assert files.load(path, SelfEvaluation) == se
        assert files.load_self_evaluation(path) == se
    result = perfrules.evaluate(perfrules.HUBEI_2020, se)
    files.dump(result, tmp_path / "result.json")
    assert perfrules.load_result(tmp_path / "result.json") == result
    (tmp_path / "bad.json").write_text('{"name": "p"}', encoding="utf-8")
    with pytest.raises(DocumentError) as info:
        files.load(tmp_path / "bad.json", Project)
    assert info.value.what == "bad.json (Project)"
    assert_problems(info.value, [missing_key("$.year", "year")])
    with pytest.raises(ValueError, match="cannot tell the format"):
        files.dump(se, tmp_path / "se.yaml")
    files.dump(se, tmp_path / "se.txt", format="toml")
    assert files.load(tmp_path / "se.txt", SelfEvaluation, format="toml") == se


@pytest.mark.parametrize("text", ["1e29", "1e-5000", "1e400000000", "-2e25"])
def test_out_of_range_numbers_are_refused_with_their_path(text):
    """Magnitudes beyond 10^±24 are refused, located, and fast (no huge expansion)."""
    with pytest.raises(DocumentError) as info:
        structure({"code": "a", "name": "n", "points": text}, perfrules.Adjustment)
    assert info.value.problems[0].startswith("$.points:") and "outside the range" in info.value.problems[0]


# ================================================================== regressions: bugs found here, since fixed
# B1 (fixed): decimals were written with str(), i.e. in exponent form ('1E-8', '1E+2'), which could not be read.
@PROPERTY
@given(st.decimals(allow_nan=False, allow_infinity=False).filter(lambda d: not d or -24 <= d.adjusted() <= 24))
def test_any_finite_decimal_round_trips(d):
    """Any finite Decimal in range (tiny, huge, negative zero, trailing zeros) is written positionally and read
    back equal; one with a non-positive exponent keeps its exact digits ('0.10', '0E-7')."""
    adjustment = perfrules.Adjustment("a", "n", d)
    written = CONVERTER.unstructure(adjustment)["points"]
    assert "E" not in written.upper()
    for fmt in FORMATS:
        back = through_text(adjustment, perfrules.Adjustment, fmt)
        assert back.points == d
        if d.as_tuple().exponent <= 0:
            assert back.points.as_tuple() == d.as_tuple()


def test_small_decimal_round_trips():
    """'0.00000001' is Decimal('1E-8') inside; it is written as '0.00000001' and read back."""
    block = structure({"code": "b", "name_zh": "b", "name_en": "b", "weight": "0.00000001"}, Block)
    assert unstructure(block)["weight"] == "0.00000001"
    assert structure(unstructure(block), Block) == block


def test_json_exponent_number_round_trips():
    """A JSON 1e2 is read exactly (Decimal('1E+2') == 100) and written back readably."""
    block = files.loads('{"code": "b", "name_zh": "b", "name_en": "b", "weight": 1e2}', Block)
    assert block.weight == 100
    assert unstructure(block)["weight"] == "100"
    assert files.loads(files.dumps(block), Block) == block


def test_tiny_exact_score_round_trips():
    """An exact rational 1/10^7 in a result is written '0.0000001'."""
    node = attrs.evolve(_a_node(), exact_raw=F(1, 10**7))
    assert unstructure(node)["exact_raw"] == "0.0000001"
    assert structure(unstructure(node), perfrules.NodeResult) == node


# B2 (fixed): TOML dropped None, which read back as a non-None default (RoundingPolicy.item, AdjustmentPolicy.floor).
@pytest.mark.parametrize(
    "change",
    [
        {"rounding": RoundingPolicy(item=None)},
        {"rounding": RoundingPolicy(None, Rounding(1), None)},
        {"adjustments": perfrules.AdjustmentPolicy(floor=None)},
        {"adjustments": perfrules.AdjustmentPolicy(max_bonus=D(5), floor=None, ceiling=D(100))},
    ],
)
def test_toml_keeps_none_stages_and_limits(change):
    rubric = attrs.evolve(perfrules.NATIONAL_2020, **change)
    for fmt in FORMATS:
        assert through_text(rubric, Rubric, fmt) == rubric


# B3 (fixed): a float or fractional number in an int field was truncated by int().
@pytest.mark.parametrize(
    ("data", "cls", "problem"),
    [
        ({"name": "p", "year": 2020.7}, Project, _float_problem("$.year", 2020.7)),
        ({"name": "p", "year": 2020.0}, Project, _float_problem("$.year", 2020.0)),
        ({"name": "p", "year": True}, Project, "$.year: expected an integer, got True"),
        ({"places": 2.5}, Rounding, _float_problem("$.places", 2.5)),
    ],
)
def test_float_or_bool_in_an_int_field_is_refused(data, cls, problem):
    with pytest.raises(DocumentError) as info:
        structure(data, cls)
    assert_problems(info.value, [problem])


def test_fractional_json_number_in_an_int_field_is_refused():
    """JSON ``places: 2.9`` arrives as Decimal('2.9'): refused, not truncated; ``2.0`` and ``"2"`` are 2."""
    with pytest.raises(DocumentError) as info:
        files.loads('{"places": 2.9}', Rounding)
    assert_problems(info.value, ["$.places: expected an integer, got Decimal('2.9')"])
    assert files.loads('{"places": 2.0}', Rounding) == Rounding(2)
    assert structure({"name": "p", "year": "2020"}, Project) == Project("p", 2020)


# B4 (fixed): bool fields were read with bool(), so the string 'false' was True.
@pytest.mark.parametrize("value", ["false", "true", 0, 1, "no"])
def test_only_true_and_false_are_booleans(value):
    with pytest.raises(DocumentError) as info:
        structure({"name": "x", "weight": "1", "applicable": value}, Indicator)
    assert_problems(info.value, [f"$.applicable: expected true or false, got {value!r}"])


# B5 (fixed): a choice-field problem was reported with the repr of an attrs Attribute.
def test_choice_field_problem_is_readable():
    data = unstructure(perfrules.NATIONAL_2020)
    data["rules"] = {"positive": {"kind": "positive", "zero_target": "maybe"}}
    data["execution"] = {"kind": "budget_execution", "base": "planned"}
    with pytest.raises(DocumentError) as info:
        structure(data, Rubric)
    assert_problems(
        info.value,
        [
            re.compile(r"\$\.rules\.positive(\.zero_target)?: (zero_target: )?'maybe' is not one of 'full', 'zero'"),
            re.compile(r"\$\.execution(\.base)?: (base: )?'planned' is not one of 'adjusted', 'initial'"),
        ],
    )


# B6 (fixed): a bad version was not reported when the document had another problem.
def test_version_problem_is_listed_with_the_others():
    data = {**unstructure(perfrules.NATIONAL_2020), "version": "1.0", "colour": "red"}
    with pytest.raises(DocumentError) as info:
        structure(data, Rubric)
    assert_problems(
        info.value, ["$.version: version must be a semantic version such as '1.2.0', got '1.0'", "$: unknown key 'colour'"]
    )


# B7 (fixed for ㎡): NFKC normalisation turned '㎡' into 'm2', which the unit pattern could not read.
@pytest.mark.parametrize("text", ["≥100㎡", "100㎡", "1~2㎡"])
def test_square_metre_targets_read_and_round_trip(text):
    leaf = structure({"name": "x", "weight": "1", "target": text}, Indicator)
    assert leaf.target.unit == "㎡" and leaf.target.text == text
    assert unstructure(leaf)["target"] == text


# B8 (fixed): an indicator's own rule was written by its runtime class, without the kind tag.
def test_unknown_rule_on_an_indicator_keeps_its_kind():
    assert unstructure(Indicator("x", weight=1, rule=CustomHalf("n")))["rule"] == {"kind": "custom_half", "note": "n"}


def test_unknown_rule_on_a_template_indicator_is_reported_as_unknown():
    with pytest.raises(DocumentError) as info:
        files.loads(files.dumps(_custom_rubric()), Rubric)
    assert_problems(
        info.value,
        [
            f"$.blocks[1].indicators[0].rule: unknown rule kind 'custom_half'; known: {known_rule_kinds()}",
            f"$.rules.positive: unknown rule kind 'custom_half'; known: {known_rule_kinds()}",
        ],
    )


def test_an_indicator_refuses_a_rule_without_kind():
    class NoKind:
        def apply(self, ctx):  # pragma: no cover - never called
            raise AssertionError

    with pytest.raises(perfrules.InvalidInputError, match="rule must be a perfrules rule"):
        Indicator("x", weight=1, rule=NoKind())  # type: ignore[arg-type]


# B9 (fixed; evaluation, found by the result properties): duplicate sibling codes crashed evaluate() with
#     TypeError "_Run.note() got multiple values for argument 'code'".
def test_duplicate_sibling_codes_are_a_finding():
    leaf = Indicator("a", weight=1, target="≥1个", actual="1个")
    se = SelfEvaluation(Project("p", 2020), Funds.single(adjusted=1, executed=1), (Indicator("产出", code="output", children=(leaf, leaf)),))
    result = perfrules.evaluate(perfrules.NATIONAL_2020, se)
    assert result.findings_by_code("structure.duplicate_code")
    assert files.loads(files.dumps(result), EvaluationResult) == result


# B10 (fixed; evaluation): a top-level leaf with checked items under a template block made evaluate() raise
#     InvalidInputError "a group takes no checked items".
def test_checked_leaf_under_a_template_block_is_scored():
    national = perfrules.NATIONAL_2020
    template = (Indicator("数量", code="q", weight=50),)
    rubric = attrs.evolve(national, blocks=(national.blocks[0], attrs.evolve(national.blocks[1], indicators=template), *national.blocks[2:]))
    se = SelfEvaluation(Project("p", 2020), Funds.single(adjusted=1, executed=1), (Indicator("产出", code="output", weight=50, checked=("a",)),))
    result = perfrules.evaluate(rubric, se)
    assert result.block("output") is not None
    assert files.loads(files.dumps(result), EvaluationResult) == result


# ================================================================== regressions found late
# B2': TOML writes a table's plain values before its sub-tables, so a free-form table of named values
#      (Explanation.inputs/params, Finding.data, CheckResult.data: ordered pairs) comes back reordered, e.g.
#      inputs (weight, budget, executed, base) -> (base, weight, budget, executed); the result is then unequal.
def test_bug_b2_result_round_trips_through_toml():
    result = perfrules.evaluate(perfrules.HUBEI_2020, perfrules.examples.huashan_2020())
    assert files.loads(files.dumps(result, format="toml"), EvaluationResult, format="toml") == result


# B7': NFKC still turns '℃' into '°C', which the unit pattern cannot read ('℃' is in its word class).
def test_bug_b7_celsius_target_reads():
    leaf = structure({"name": "x", "weight": "1", "target": "≥30℃"}, Indicator)
    assert leaf.target == Target(Direction.GE, D(30), unit="℃", text="≥30℃")


# B11: a float inside a free-form table (Finding.data, Explanation.inputs/params, CheckResult.data) is located
#     at the table ("$.data"), not at its key ("$.data.x") as it is for facts ("$.facts.beds_total").
def test_bug_b11_float_in_free_form_data_names_the_key():
    finding = {"code": "c", "severity": "info", "path": "p", "message_en": "m", "data": {"x": 1.5}}
    with pytest.raises(DocumentError) as info:
        structure(finding, perfrules.Finding)
    assert_problems(info.value, [_float_problem("$.data.x", 1.5)])


# B12: str fields are read with str(), so a float (or int) becomes text: {"name": 1.5} is the project '1.5'.
def test_bug_b12_float_in_a_text_field_is_refused():
    with pytest.raises(DocumentError) as info:
        structure({"name": 1.5, "year": 2020}, Project)
    assert "float 1.5 refused" in info.value.problems[0]


# B13: Overlay.changes (dict[str, Any]) accepts a float, and then writes it back as a bare JSON float.
def test_bug_b13_float_in_overlay_changes_is_refused():
    data = {"code": "x", "base": "b", "version": "1.0.0", "title_zh": "t", "title_en": "t", "changes": {"base": 90.5}}
    with pytest.raises(DocumentError) as info:
        structure(data, perfrules.Overlay)
    assert "float 90.5 refused" in info.value.problems[0]
