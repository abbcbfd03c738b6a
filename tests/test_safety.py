"""Safe to automate: each escape found by fuzzing, as a regression test with the expected perfrules
error, finding or result."""

from __future__ import annotations

import json
from decimal import Decimal as D

import attrs
import pytest

import perfrules
from perfrules import (
    DocumentError,
    Funds,
    Indicator,
    InvalidInputError,
    PerfrulesError,
    Project,
    SelfEvaluation,
    Target,
    evaluate,
)
from perfrules.model.indicators import MAX_DEPTH


def _card(*output: Indicator) -> SelfEvaluation:
    return SelfEvaluation(
        project=Project(name="p", year=2020),
        funds=Funds.single(adjusted=1, executed=1),
        indicators=(
            Indicator(name="产出指标", code="output", children=output),
            Indicator(name="效益指标", code="benefit", children=(Indicator(name="b", weight=30, target="≥1", actual="1"),)),
            Indicator(name="满意度指标", code="satisfaction", children=(Indicator(name="s", weight=10, target="≥1", actual="1"),)),
        ),
    )


# 1. a zero with a huge exponent skipped the range check and was written out in full
@pytest.mark.parametrize("text", ["0E-999999999", "0E+30", "-0E-100"])
def test_zero_with_a_huge_exponent_is_refused(text):
    with pytest.raises(DocumentError, match="outside the range"):
        perfrules.loads(json.dumps({"name": "x", "weight": text}), Indicator)
    with pytest.raises(InvalidInputError):
        Indicator(name="x", weight=text)


# 2. a huge int skipped the range check on the int path
@pytest.mark.parametrize("build", [
    lambda: Funds.single(adjusted=10**30, executed=1),
    lambda: Indicator(name="x", weight=10**30),
    lambda: Target("≥", 10**30),
    lambda: perfrules.Adjustment(code="a", name="n", points=10**30),
])  # fmt: skip
def test_huge_ints_are_refused_in_the_api(build):
    with pytest.raises(InvalidInputError, match="outside the range"):
        build()


def test_huge_int_in_a_document_is_refused():
    doc = '{"name": "x", "weight": "1", "target": "≥1", "actual": 1000000000000000000000000000000}'
    with pytest.raises(DocumentError, match=r"\$\.actual\S*: .*outside the range"):
        perfrules.loads(doc, Indicator)


# 3./4. lone surrogates: refused in documents; from the API, fingerprinted and written safely
def test_lone_surrogate_in_a_document_is_refused():
    with pytest.raises(DocumentError, match="lone surrogate"):
        perfrules.loads('{"name": "\\ud800", "year": 2020}', Project)


def test_lone_surrogate_from_the_api_fingerprints_and_refuses_to_be_written(tmp_path):
    rubric = attrs.evolve(perfrules.NATIONAL_2020, title_en="\ud800")
    assert perfrules.fingerprint(rubric).startswith("sha256:")
    se = attrs.evolve(_card(Indicator(name="i", weight=50, target="≥1", actual="1")), project=Project(name="\ud800", year=2020))
    assert evaluate(rubric, se).total == 100
    with pytest.raises(InvalidInputError, match="lone surrogate"):
        perfrules.dump(se, tmp_path / "se.json")


# 5. depth: a documented limit, enforced when building, loading and evaluating
def test_depth_limit_when_building():
    node = Indicator(name="leaf", weight=1, target="≥1", actual="1")
    for i in range(MAX_DEPTH - 1):
        node = Indicator(name=f"g{i}", children=(node,))
    assert node.height == MAX_DEPTH
    with pytest.raises(InvalidInputError, match=f"at most {MAX_DEPTH}"):
        Indicator(name="one more", children=(node,))


@pytest.mark.parametrize("levels", [MAX_DEPTH + 1, 300, 5000])
def test_depth_limit_when_loading(levels):
    # written out by hand: json.dumps itself cannot nest this deep
    text = '{"name": "g", "children": [' * levels + '{"name": "leaf", "weight": "1", "target": "≥1", "actual": "1"}' + "]}" * levels
    with pytest.raises(DocumentError):
        perfrules.loads(text, Indicator)
    toml = "".join(f"[{'.'.join(['c'] * (i + 1))}]\nname = 'g'\n" for i in range(min(levels, 400)))
    with pytest.raises(DocumentError):
        perfrules.loads(toml, Indicator, format="toml")


def test_deepest_allowed_tree_evaluates_and_round_trips():
    node = Indicator(name="leaf", weight=50, target="≥1", actual="1")
    for i in range(MAX_DEPTH - 2):
        node = Indicator(name=f"g{i}", children=(node,))
    se = _card(node)
    r = evaluate(perfrules.NATIONAL_2020, se)
    assert r.total == 100
    assert perfrules.loads(perfrules.dumps(se), SelfEvaluation) == se
    assert perfrules.loads(perfrules.dumps(r), perfrules.EvaluationResult) == r


def test_deeply_nested_json_is_a_document_error():
    with pytest.raises(DocumentError):
        perfrules.loads("[" * 100_000 + "]" * 100_000, Indicator)


# 6. sibling checks are linear (counted, not timed: 20,000 siblings evaluate and lint)
def test_many_siblings_evaluate_with_their_duplicates_reported():
    leaves = tuple(Indicator(name=f"i{i % 10_000}", code=f"c{i}", weight=D("0.0025"), target="≥1", actual="1") for i in range(20_000))
    exact = attrs.evolve(perfrules.NATIONAL_2020, rounding=perfrules.RoundingPolicy())
    r = evaluate(exact, _card(*leaves))
    assert r.block("output").score == 50
    dupes = r.findings_by_code("structure.duplicate_name")
    assert len(dupes) == 10_000 and {f.message_en.split()[0] for f in dupes} == {"2"}


# 7. a block never scores above its points; a total above the base only with a declared bonus
def test_block_over_its_points_is_capped_with_an_error():
    # ten rows of 10 points under the 50-point output block: 100 -> capped at 50; total 100, not 150
    r = evaluate(perfrules.NATIONAL_2020, _card(*(Indicator(name=f"i{i}", weight=10, target="≥1", actual="1") for i in range(10))))
    assert r.block("output").score == 50 and r.total == 100
    (f,) = r.findings_by_code("score.above_declared")
    assert (f.get("declared"), f.get("children_sum"), f.severity.value) == (D(50), D(100), "error")


def test_block_over_its_points_rescaled_by_policy():
    # the same under block_overflow = rescale: 100 × 50/100 = 50 (all met); half met -> 25
    rubric = attrs.evolve(perfrules.NATIONAL_2020, block_overflow="rescale")
    rows = [Indicator(name=f"i{i}", weight=10, target="≥1", actual="1" if i < 5 else "0") for i in range(10)]
    r = evaluate(rubric, _card(*rows))
    assert r.block("output").score == 25


# 8. wrong types are located perfrules errors, not bare TypeErrors
@pytest.mark.parametrize("build", [
    lambda: Indicator(name="x", children=5),
    lambda: SelfEvaluation(project=Project(name="x", year=2020), indicators=None),
    lambda: Indicator(name="x", children="ab"),
    lambda: Indicator(name="x", children={"a": 1}),
])  # fmt: skip
def test_wrong_types_are_perfrules_errors(build):
    with pytest.raises(PerfrulesError):
        build()


# the CLI and plugin authors merge overlays through a converter that omits defaults
def test_overlay_merges_through_any_converter():
    registry_converter = perfrules.default_registry().converter()
    for name in ("cn-provincial-grades-80-70-60", "cn-hubei-project-2020"):
        path = perfrules.rubrics.builtin.resources.files("perfrules.rubrics").joinpath("data", f"{name}.toml")
        rubric = perfrules.load_rubric(str(path), converter=registry_converter)
        assert rubric == perfrules.get_rubric(name)
        assert perfrules.lint(rubric) == ()


def test_converter_structure_gives_located_document_errors():
    with pytest.raises(DocumentError) as info:
        perfrules.make_converter().structure({"name": 5, "year": "x"}, Project)
    assert info.value.problems == ("$.name: expected text, got int 5", "$.year: cannot read 'x' as a number")


def test_loads_and_dumps_share_one_converter():
    from perfrules.io.converter import default_converter

    assert default_converter() is default_converter()
    assert perfrules.make_converter() is not perfrules.make_converter()


def test_lint_probes_the_rules_of_the_rubric_slots():
    # a custom rule that returns 180 of 50 points lints with an error, not only at evaluate
    @attrs.frozen
    class Generous:
        kind = "generous"

        def apply(self, ctx):
            from fractions import Fraction

            return perfrules.Outcome(Fraction(ctx.weight) * 18 / 5, perfrules.Explanation("generous", "generous"))

    rubric = attrs.evolve(perfrules.NATIONAL_2020, rules=attrs.evolve(perfrules.NATIONAL_2020.rules, positive=Generous()))
    found = [(f.code, f.path) for f in perfrules.lint(rubric)]
    assert ("rule.out_of_range", "rules.positive") in found


def test_unknown_keys_suggest_the_key_meant():
    with pytest.raises(DocumentError) as info:
        perfrules.loads('{"name": "x", "weigth": "1", "zzz": 1}', Indicator)
    assert info.value.problems == ("$: unknown keys 'weigth', 'zzz' (did you mean 'weigth' → 'weight'?)",)


@pytest.mark.parametrize(("text", "fmt", "where"), [('{"name": "x",\n "weight": }', "json", "line 2 column"), ('name = "x"\nweight = \n', "toml", "line 2")])
def test_syntax_errors_carry_line_and_column(text, fmt, where):
    with pytest.raises(DocumentError, match=where):
        perfrules.loads(text, Indicator, format=fmt)
