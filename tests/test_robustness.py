"""Bad or odd input never crashes and never passes silently; numbers never depend on the caller's context."""

import decimal
import json
from decimal import Decimal
from fractions import Fraction
from typing import ClassVar

import attrs
import pytest

import perfrules
from perfrules import (
    AdjustmentPolicy,
    DocumentError,
    Explanation,
    Funds,
    Indicator,
    InvalidInputError,
    Outcome,
    PerfrulesError,
    Project,
    Rounding,
    RoundingPolicy,
    RubricError,
    SelfEvaluation,
    evaluate,
)
from perfrules.cli.main import main

D = Decimal
N = perfrules.NATIONAL_2020


def se(*groups, **kw):
    return SelfEvaluation(Project("p", 2020), Funds.single(adjusted=100, executed=100), groups, **kw)


def grp(code, name, *kids, **kw):
    return Indicator(name=name, code=code, children=kids, **kw)


def full(output=None):
    return (
        output or grp("output", "产出指标", Indicator(name="a", weight=50, target="≥1", actual="1")),
        grp("benefit", "效益指标", Indicator(name="b", weight=30, target="≥1", actual="1")),
        grp("satisfaction", "满意度指标", Indicator(name="c", weight=10, target="≥1", actual="1")),
    )


# ------------------------------------------------------------------ numbers
def test_one_group_fills_one_block():
    """A group matched to a block by code is not matched again by name to another block."""
    r = evaluate(perfrules.HUBEI_2020, se(grp("output", "效益指标", Indicator(name="a", weight=40, target="≥1", actual="1"))))
    assert r.block("output").score == 40 and r.block("benefit").score == 0
    assert r.total == 60  # 20 + 40 + 0
    assert [f.get("block") for f in r.findings_by_code("structure.missing_block")] == ["benefit"]


def test_rounding_never_lifts_a_score_above_its_points():
    """2.5 points rounded to whole points is 3 half-up: capped at 2.5 and said so."""
    rubric = attrs.evolve(N, rounding=RoundingPolicy(item=Rounding(0)))
    out = grp("output", "产出指标", Indicator(name="a", weight="47.5", target="≥1", actual="1"), Indicator(name="b", weight="2.5", target="≥1", actual="1"))
    r = evaluate(rubric, se(*full(out)))
    assert r.node("output/b").score == D("2.5") and r.node("output/b").points_lost == 0
    assert r.total == 100
    assert {f.path for f in r.findings_by_code("score.rounded_above_max")} == {"output/a", "output/b"}


def test_grade_follows_the_declared_total():
    """With total rounding declared, the grade is read from the rounded (official) total; both are kept."""
    rubric = attrs.evolve(N, rounding=RoundingPolicy(total=Rounding(0)))
    out = grp("output", "产出指标", Indicator(name="a", weight=50, target="≥100", actual="99"))
    sat = grp("satisfaction", "满意度指标", Indicator(name="c", weight=10, target="≥1", actual="0"))
    r = evaluate(rubric, se(out, full()[1], sat))
    # 10 + 49.5 + 30 + 0 = 89.5 → 90 half-up
    assert r.total_before_rounding == Fraction(179, 2) and r.total == 90 and r.grade.label_zh == "优"


def test_fingerprint_is_the_same_for_equal_numbers_spelled_differently():
    """100, 100.0 and 1E+2 are one rubric: one fingerprint, in any order of computing."""
    spellings = [attrs.evolve(N, base=D(s)) for s in ("100.0", "1E+2", "100")]
    assert len({perfrules.canonical_form(r) for r in spellings}) == 1
    assert len({perfrules.fingerprint(r) for r in spellings}) == 1


def test_not_applicable_wins_over_an_explicit_rule():
    """applicable=False excludes the item even when it names its own rule."""
    out = grp("output", "产出指标", Indicator(name="a", weight=40, target="≥1", actual="1"), Indicator(name="b", weight=10, target="≤1", rule=perfrules.Reverse("linear"), applicable=False))
    r = evaluate(N, se(*full(out)))
    assert r.node("output/b").applicable is False and r.total == 100 and r.rescaled


def test_numbers_do_not_depend_on_the_callers_decimal_context():
    """A narrow or trapping ambient context changes neither scores nor explanations."""
    card = se(*full(grp("output", "产出指标", Indicator(name="a", weight=50, target="≥12345678.9", actual="11111111.1"))))
    expected = evaluate(N, card)
    with decimal.localcontext() as ctx:
        ctx.prec = 4
        ctx.traps[decimal.Inexact] = True
        got = evaluate(N, card)
    assert got == expected
    assert "50 × 11111111.1 ÷ 12345678.9" in got.explain("en")


# ------------------------------------------------------------------ silence
def test_template_rule_is_not_replaced_by_the_self_evaluation():
    """A self-evaluation cannot swap the rubric's rule for its own; the attempt is a finding."""
    template = Indicator(code="cost", name="成本", weight=50, target="≤200元/人", rule=perfrules.Reverse("linear"))
    blocks = tuple(attrs.evolve(b, indicators=(template,)) if b.code == "output" else b for b in N.blocks)
    rubric = attrs.evolve(N, blocks=blocks)
    out = grp("output", "产出指标", Indicator(code="cost", name="成本", actual="230元", rule=perfrules.Judged(), claimed_score=50))
    r = evaluate(rubric, se(*full(out)))
    assert r.node("output/cost").score == D("42.5")  # 50 × (1 − 30/200)
    assert r.findings_by_code("rule.template_override_ignored")


def test_floor_and_ceiling_are_reported_and_validated():
    """Limits that change the total say so; nonsensical limits are refused."""
    capped = attrs.evolve(N, adjustments=AdjustmentPolicy(ceiling=100))
    r = evaluate(capped, se(*full(), adjustments=(perfrules.Adjustment("b", "创新", 5),)))
    assert r.total == 100 and r.findings_by_code("total.ceiling_applied")
    with pytest.raises(RubricError):
        AdjustmentPolicy(max_bonus=-5)
    with pytest.raises(RubricError):
        AdjustmentPolicy(floor=80, ceiling=50)


def test_stated_grade_without_total_and_nothing_applicable():
    """A stated grade is compared even without a stated total; all-N/A is an error finding."""
    r = evaluate(N, se(*full(), claimed_grade="差"))
    assert r.findings_by_code("grade.claimed_differs")
    na = grp("output", "产出指标", Indicator(name="a", weight=50, target="≥1", applicable=False))
    everything = SelfEvaluation(
        Project("p", 2020),
        Funds.single(adjusted=0, executed=0),
        (na, grp("benefit", "效益指标", Indicator(name="b", weight=30, target="≥1", applicable=False)), grp("satisfaction", "满意度指标", Indicator(name="c", weight=10, target="≥1", applicable=False))),
    )
    rubric = attrs.evolve(N, execution=perfrules.BudgetExecution(zero_budget="not_applicable"))
    assert evaluate(rubric, everything).findings_by_code("not_applicable.everything")


@pytest.mark.parametrize(
    "build",
    [
        lambda: attrs.evolve(N, regions="CN-AH"),
        lambda: Indicator(name="x", weight=1, rule=perfrules.Checklist((perfrules.ChecklistItem("a", "a", 1),)), checked="abc"),
        lambda: Funds(lines=5),
        lambda: SelfEvaluation(project=None),
        lambda: SelfEvaluation(Project("p", 2020), funds={"adjusted": 1}),
        lambda: SelfEvaluation(Project("p", 2020), adjustments=[{"code": "a"}]),
        lambda: RoundingPolicy(item=2),
        lambda: perfrules.Block("o", "o", "o", 1, indicators="ab"),
        lambda: Indicator(name="x", weight=1, target="≥1", assessment="good"),
        lambda: perfrules.FundLine("bogus", 1, 1),
        lambda: Rounding(2, "nearest"),
        lambda: Funds.single(adjusted=1, executed=1, unit=1.5),
    ],
)
def test_wrong_types_are_located_errors(build):
    """Wrong shapes and values are perfrules errors naming the field, not AttributeError or bare ValueError."""
    with pytest.raises(InvalidInputError) as info:
        build()
    assert info.value.path


def test_a_string_is_not_a_list_in_documents():
    """regions = "CN-AH" is refused, not split into characters."""
    doc = perfrules.io.converter.unstructure(N)
    with pytest.raises(DocumentError) as info:
        perfrules.io.converter.structure({**doc, "regions": "CN-AH"}, perfrules.Rubric)
    assert info.value.problems[0].startswith("$.regions:")


def test_duplicate_json_keys_are_refused():
    """JSON that says two things of one key is refused (TOML refuses it by itself)."""
    text = '{"project": {"name": "p", "year": 2020}, "funds": {"adjusted": "100", "executed": "50", "executed": "100"}}'
    with pytest.raises(DocumentError, match="duplicate key 'executed'"):
        perfrules.loads(text, SelfEvaluation)


def test_text_and_value_that_disagree_are_a_finding():
    """A target table whose text reads otherwise than its value is scored by its value, with a warning."""
    doc = {"name": "x", "weight": "10", "target": {"direction": "≥", "value": "1", "text": "≥100%"}, "actual": {"kind": "number", "value": "95", "text": "59%"}}
    leaf = perfrules.io.converter.structure(doc, Indicator)
    r = evaluate(N, se(*full(grp("output", "产出指标", attrs.evolve(leaf, weight=D(50))))))
    # and an actual 95 times its target is reported as a probable unit or digit error
    assert {f.code for f in r.findings} == {"target.text_mismatch", "actual.text_mismatch", "pair.implausible"}


# ------------------------------------------------------------------ crashes
def test_shares_with_zero_ratios_is_refused():
    """Cost shares need ratios that are not all 0."""
    with pytest.raises(RubricError):
        perfrules.Shares(code="s", title_zh="s", title_en="s", parts=("a", "b"), ratios=("0", "0"))


@pytest.mark.parametrize("text", ["[1]", '"x"', "1"])
def test_documents_that_are_not_tables(text):
    """A document whose top is not a table is a DocumentError."""
    with pytest.raises(DocumentError, match="expected a table"):
        perfrules.loads(text, SelfEvaluation)
    with pytest.raises(DocumentError):
        perfrules.loads_rubric(text, format="json")


def test_deeply_nested_documents():
    """Absurd nesting is refused, not a RecursionError."""
    text = '{"a": ' * 5000 + "1" + "}" * 5000
    with pytest.raises(DocumentError, match="nested too deeply|not valid JSON"):
        perfrules.loads(text, SelfEvaluation)


def test_a_plugin_rule_returning_a_decimal_is_a_rubric_error():
    """Rules return exact Fractions; anything else is the plugin's error, named."""

    @attrs.frozen
    class Sloppy:
        kind: ClassVar[str] = "sloppy"

        def apply(self, ctx):
            return Outcome(Decimal("0.5"), Explanation("sloppy", "x"))

    with pytest.raises(RubricError, match="returned a Decimal"):
        evaluate(N, se(*full(grp("output", "产出指标", Indicator(name="a", weight=50, rule=Sloppy())))))


def test_every_error_is_a_perfrules_error():
    """What the library raises for bad input can be caught as PerfrulesError."""
    for bad in ("≧x人", "≥", ""):
        with pytest.raises(PerfrulesError):
            perfrules.parse_target(bad)


# ------------------------------------------------------------------ CLI
def test_cli_errors_are_messages_with_exit_code_2(tmp_path, capsys):
    """Unknown formats, folders and non-UTF-8 files end in a message and exit code 2."""
    (tmp_path / "se.txt").write_text("x", encoding="utf-8")
    (tmp_path / "latin.toml").write_bytes("name = 'caf\xe9'".encode("latin-1"))
    for args in (["score", str(tmp_path / "se.txt")], ["score", str(tmp_path)], ["lint", str(tmp_path / "se.txt")], ["score", str(tmp_path / "latin.toml")]):
        assert main(args) == 2, args
        err = capsys.readouterr().err
        assert err.startswith("perfrules: ") and "Traceback" not in err


def test_cli_json_output_is_valid_json(capsys):
    """--json prints one JSON document."""
    assert main(["example", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["rubric_code"] == "cn-hubei-project-2020"
