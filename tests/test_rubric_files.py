"""Rubrics as data: built-in files, lint, overlays, templates, fingerprints, selection, replay."""

import datetime as dt
import re
from decimal import Decimal
from pathlib import Path

import attrs
import pytest

import perfrules
from perfrules import (
    Assessment,
    Band,
    Checklist,
    ChecklistItem,
    DocumentError,
    GradeBand,
    GradeScale,
    Indicator,
    Overlay,
    QualitativeBands,
    RubricError,
    RubricLintError,
    Severity,
    apply_overlay,
    evaluate,
    fingerprint,
    lint,
    loads_rubric,
    replay,
    select_rubric,
)
from perfrules.examples import huashan_2020
from perfrules.rubrics.fingerprint import canonical_form
from perfrules.rubrics.overlays import merge_documents
from perfrules.rubrics.selection import NoRubricInForceError

D = Decimal
ROOT = Path(__file__).resolve().parents[1]


def _doc_blocks(lang: str) -> list[str]:
    text = (ROOT / "docs" / "file-formats.md").read_text(encoding="utf-8")
    return re.findall(rf"```{lang}\n(.*?)```", text, flags=re.S)


# ------------------------------------------------------------------ built-in files
@pytest.mark.parametrize("code", ["cn-national-project-2020", "cn-hubei-project-2020", "cn-provincial-grades-80-70-60"])
def test_builtin_rubrics_load_and_lint_clean(code):
    """Every built-in rubric file loads through the public API with no lint finding at all."""
    rubric = perfrules.get_rubric(code)
    assert rubric.code == code
    assert lint(rubric) == ()
    assert rubric.blocks_total == rubric.base == 100


def test_builtin_shapes():
    """National 10/50/30/10, Hubei 20/40/40 (an overlay), provincial grades 80/70/60."""
    national = perfrules.NATIONAL_2020
    hubei = perfrules.HUBEI_2020
    provincial = perfrules.get_rubric("cn-provincial-grades-80-70-60")
    assert [(b.code, b.weight) for b in national.blocks] == [("execution", 10), ("output", 50), ("benefit", 30), ("satisfaction", 10)]
    assert [(b.code, b.weight) for b in hubei.blocks] == [("execution", 20), ("output", 40), ("benefit", 40)]
    assert hubei.lineage == ("cn-national-project-2020@1.0.0", "cn-hubei-project-2020@1.0.0")
    assert [b.lower for b in provincial.grades.bands] == [80, 70, 60, 0]
    assert provincial.blocks == national.blocks
    assert hubei.grades == national.grades
    assert national.references == ("财预〔2020〕10号",)


def test_builtin_files_parse_without_the_library_cache():
    """The data files are plain TOML that a user could copy and edit."""
    folder = ROOT / "src" / "perfrules" / "rubrics" / "data"
    national = perfrules.load_rubric(folder / "cn-national-project-2020.toml")
    assert national == perfrules.NATIONAL_2020
    hubei = perfrules.load_rubric(folder / "cn-hubei-project-2020.toml", resolve={"cn-national-project-2020": national}.__getitem__)
    assert hubei == perfrules.HUBEI_2020


# ------------------------------------------------------------------ docs example
def test_docs_rubric_overlay_and_self_evaluation_examples():
    """The examples in docs/file-formats.md load and score as the page says (95.12, 优)."""
    rubric_text, limits_text, overlay_text, se_text = _doc_blocks("toml")
    rubric = loads_rubric(rubric_text)
    assert lint(rubric) == ()
    # the limits fragment, added to that rubric, loads with what it says
    limited = loads_rubric(rubric_text + "\n" + limits_text)
    assert (limited.limits.over_target.ratio, limited.limits.execution_caps[0].max_total) == (D("1.3"), D(89))
    assert limited.limits.vetoes[0].max_grade == "good" and lint(limited) == ()
    assert loads_rubric(overlay_text) == perfrules.HUBEI_2020
    se = perfrules.loads(se_text, perfrules.SelfEvaluation, format="toml")
    result = evaluate(rubric, se)
    # 10×114.6/120 = 9.55; 30×700/735 = 28.571… → 28.57; 20×(1 − 30/200) = 17; 30; 10
    assert [n.score for n in result.leaves()] == [D("9.55"), D("28.57"), D(17), D(30), D(10)]
    assert result.total == D("95.12") and result.grade.label_zh == "优"
    # 230元 against ≤200元/人 is read per person: an assumption, said as a warning
    assert [(f.code, f.severity.value) for f in result.findings] == [("unit.omitted", "warning")]


def test_docs_error_example_is_what_the_library_says():
    """The error block of the docs is produced verbatim by the matching document."""
    (expected,) = _doc_blocks("text")
    doc = {
        "project": {"name": "x", "year": 2020, "colour": "red"},
        "funds": {"adjusted": 1.5, "executed": "1"},
        "indicators": [{"name": "产出", "code": "output", "children": [{"name": "a", "weight": "2", "target": "≥1"}, {"name": "b", "weight": "2", "target": "≧x人"}]}],
    }
    with pytest.raises(DocumentError) as info:
        perfrules.io.converter.structure(doc, perfrules.SelfEvaluation)
    assert str(info.value) == expected.strip()


# ------------------------------------------------------------------ broken rubric files
BROKEN = """
code = "broken"
version = "1.0"
title_zh = "坏方案"
title_en = "broken"
colour = "red"

[[blocks]]
code = "execution"
name_zh = "预算执行"
name_en = "execution"
weight = 10.5
source = "money"

[[blocks]]
code = "output"
name_zh = "产出"
weight = "abc"
indicators = [{ name = "x", weight = "2", target = "≧x人" }]

[rules.reverse]
kind = "reverse"
variant = "sideways"

[rules.equal]
kind = "telepathy"

[[grades.bands]]
code = "a"
label_zh = "优"
label_en = "a"
lower = "90"
shade = "gold"
"""


def test_broken_rubric_lists_every_located_problem():
    """One DocumentError with every problem and its path; unknown keys are errors."""
    with pytest.raises(DocumentError) as info:
        loads_rubric(BROKEN)
    problems = info.value.problems
    expected_paths = {
        "$": "unknown key 'colour'",
        "$.version": "version must be a semantic version such as '1.2.0', got '1.0'",
        "$.blocks[0].source": "'money' is not one of 'funds', 'indicators'",
        "$.blocks[1].name_en": "required key is missing",
        "$.blocks[1].weight": "cannot read 'abc' as a number",
        "$.blocks[1].indicators[0].target": "cannot parse '≧x人'",
        "$.rules.reverse.variant": "'sideways' is not one of 'ratio', 'linear'",
        "$.rules.equal": "unknown rule kind 'telepathy'",
        "$.grades.bands[0]": "unknown key 'shade'",
    }
    for path, fragment in expected_paths.items():
        assert any(p.startswith(path + ":") and fragment in p for p in problems), (path, problems)
    # a TOML float is read exactly from its text, so 10.5 is not a problem
    assert not any(p.startswith("$.blocks[0].weight") for p in problems)
    assert len(problems) == len(expected_paths)
    assert str(info.value).startswith(f"{len(problems)} problems in rubric document:")


def test_invalid_toml_is_a_document_error():
    """Syntax errors are reported the same way."""
    with pytest.raises(DocumentError, match="not valid TOML"):
        loads_rubric("code = ")


# ------------------------------------------------------------------ lint
def _seed_003_template_rubric():
    """Seed 003's printed structure as a rubric template: the labels and the items disagree."""

    def strip(ind: Indicator) -> Indicator:
        if ind.children:
            return attrs.evolve(ind, children=tuple(strip(c) for c in ind.children), claimed_score=None)
        return attrs.evolve(ind, actual=None, claimed_score=None, assessment=None)

    se = huashan_2020()
    groups = {g.code: g for g in se.indicators}
    blocks = tuple(attrs.evolve(b, indicators=strip(groups[b.code]).children) if b.code in groups else b for b in perfrules.HUBEI_2020.blocks)
    return attrs.evolve(perfrules.HUBEI_2020, code="seed-003-template", blocks=blocks)


def test_lint_seed_003_labels():
    """数量指标 labelled 20 over eight 2-point items, and the other label defects of §1.1."""
    findings = lint(_seed_003_template_rubric())
    mismatches = {f.path: (f.get("declared"), f.get("children_sum")) for f in findings if f.code == "weights.sum_mismatch"}
    assert mismatches == {
        "blocks.output/数量指标": (D(20), D(16)),
        "blocks.output/质量指标": (D(10), D(9)),
        "blocks.output/时效指标": (D(3), D(5)),
        "blocks.output/成本指标": (D(7), D(10)),
        "blocks.benefit": (D(40), D(25)),
        "blocks.benefit/环境效益指标": (D(5), D(20)),
    }
    assert all(f.severity is Severity.ERROR for f in findings if f.code == "weights.sum_mismatch")
    dup = [f for f in findings if f.code == "structure.duplicate_name"]
    assert [f.get("name") for f in dup] == ["开展文艺演出场次"]
    units = sorted(f.get("unit") for f in findings if f.code == "unit.unknown")
    assert units == []  # 个 车 次 次/月 次/年 场/年 人/次 次/周 % 万元/社区 元/人 are all known


def test_loading_a_rubric_with_lint_errors_is_refused_unless_opted_out():
    """Lint runs on load; errors refuse the rubric; lint=False opts out."""
    text = perfrules.dumps(_seed_003_template_rubric(), format="toml")
    with pytest.raises(RubricLintError) as info:
        loads_rubric(text)
    assert {f.code for f in info.value.findings} == {"weights.sum_mismatch"}
    assert "blocks.output/数量指标" in str(info.value)
    assert loads_rubric(text, lint=False).code == "seed-003-template"


def _leaf(**kw):
    kw.setdefault("name", "x")
    kw.setdefault("weight", 10)
    return Indicator(**kw)


def _with_output(*leaves, **changes):
    blocks = tuple(attrs.evolve(b, indicators=leaves) if b.code == "output" else b for b in perfrules.NATIONAL_2020.blocks)
    return attrs.evolve(perfrules.NATIONAL_2020, blocks=blocks, **changes)


@pytest.mark.parametrize(
    ("leaves", "code", "severity"),
    [
        ((_leaf(weight=50, target="合格", rule=perfrules.Positive()),), "rule.kind_mismatch", Severity.ERROR),
        ((_leaf(weight=50, target="≥90%", rule=QualitativeBands()),), "rule.kind_mismatch", Severity.ERROR),
        ((_leaf(weight=50, target="≥90%", rule=perfrules.RangeRule()),), "rule.kind_mismatch", Severity.ERROR),
        ((_leaf(weight=50, target="≥3只猫"),), "unit.unknown", Severity.WARNING),
        ((_leaf(code="a", name="甲", weight=25, target="≥1"), _leaf(code="a", name="乙", weight=25, target="≥1")), "structure.duplicate_code", Severity.ERROR),
        ((_leaf(weight=50),), "template.unscorable", Severity.ERROR),
        ((_leaf(weight=50, rule=Checklist((ChecklistItem("a", "a", 20), ChecklistItem("b", "b", 20)))),), "rule.unreachable_max", Severity.ERROR),
        ((_leaf(weight=50, rule=Checklist((ChecklistItem("a", "a", 30), ChecklistItem("b", "b", 30)))),), "rule.capped", Severity.WARNING),
        ((_leaf(weight=50, target="≥1", rule=perfrules.Deduction(per_unit=0)),), "rule.never_deducts", Severity.WARNING),
        ((_leaf(weight=40, target="≥1"),), "weights.sum_mismatch", Severity.ERROR),
    ],
)
def test_lint_template_checks(leaves, code, severity):
    """Each definition-time check fires on a minimal bad template."""
    findings = lint(_with_output(*leaves))
    hits = [f for f in findings if f.code == code]
    assert hits and hits[0].severity is severity, findings
    assert hits[0].path.startswith("blocks.output")


def test_lint_clean_template():
    """A well-formed template has no findings."""
    assert lint(_with_output(_leaf(name="服务人次", weight=30, target="≥735人次"), _leaf(name="人均成本", weight=20, target="≤200元/人"))) == ()


def test_lint_rules_slots_and_qualitative_bands():
    """Rules in the wrong slot, and qualitative bands with a gap, an overlap or no full-points band."""
    rules = attrs.evolve(perfrules.NATIONAL_2020.rules, positive=QualitativeBands(), qualitative=perfrules.Positive())
    codes = {(f.code, f.path) for f in lint(attrs.evolve(perfrules.NATIONAL_2020, rules=rules))}
    assert ("rule.kind_mismatch", "rules.positive") in codes and ("rule.kind_mismatch", "rules.qualitative") in codes
    gap = QualitativeBands(bands=(Band(Assessment.ACHIEVED, "0.8", "1", "1", upper_inclusive=True), Band(Assessment.PARTLY, "0.5", "0.7", "0.6"), Band(Assessment.NOT_ACHIEVED, "0", "0.5", "0.3")))
    overlap = QualitativeBands(bands=(Band(Assessment.ACHIEVED, "0.8", "1", "1", upper_inclusive=True), Band(Assessment.PARTLY, "0.6", "0.8", "0.7", upper_inclusive=True), Band(Assessment.NOT_ACHIEVED, "0", "0.6", "0.3")))
    capped = QualitativeBands(bands=(Band(Assessment.ACHIEVED, "0.8", "0.9", "0.85"), Band(Assessment.PARTLY, "0.6", "0.8", "0.7"), Band(Assessment.NOT_ACHIEVED, "0.1", "0.6", "0.3")))
    for bands, expected in ((gap, {"qualitative.bands_gap"}), (overlap, {"qualitative.bands_overlap"}), (capped, {"rule.unreachable_max", "qualitative.bands_gap"})):
        rubric = attrs.evolve(perfrules.NATIONAL_2020, rules=attrs.evolve(perfrules.NATIONAL_2020.rules, qualitative=bands))
        assert {f.code for f in lint(rubric)} == expected


def test_lint_grade_bands():
    """Integer bands 优 90–100, 良 80–89 … leave gaps for non-integer totals; overlaps are errors."""
    published = GradeScale((GradeBand("excellent", "优", "excellent", 90, 100), GradeBand("good", "良", "good", 80, 89), GradeBand("fair", "中", "fair", 60, 79), GradeBand("poor", "差", "poor", 0, 59)))
    findings = lint(attrs.evolve(perfrules.NATIONAL_2020, grades=published))
    assert [(f.code, f.severity, f.path) for f in findings] == [
        ("grades.gap", Severity.WARNING, "grades.bands[1]"),
        ("grades.gap", Severity.WARNING, "grades.bands[2]"),
        ("grades.gap", Severity.WARNING, "grades.bands[3]"),
    ]
    assert "89.5" in findings[0].message_en
    overlapping = GradeScale((GradeBand("a", "优", "a", 90), GradeBand("b", "良", "b", 80, 90), GradeBand("c", "差", "c", 10)))
    codes = {f.code for f in lint(attrs.evolve(perfrules.NATIONAL_2020, grades=overlapping))}
    assert codes == {"grades.overlap", "grades.gap"}  # 良 reaches 90; nothing below 10


def test_lint_blocks_sum():
    """The blocks must add up to the base."""
    rubric = attrs.evolve(perfrules.NATIONAL_2020, blocks=perfrules.NATIONAL_2020.blocks[:3])
    (f,) = lint(rubric)
    assert (f.code, f.path, f.get("children_sum")) == ("weights.sum_mismatch", "blocks", D(90))


def test_lint_catches_a_rule_that_leaves_its_range():
    """A third-party rule that escapes [0, weight] is found at definition time."""

    @attrs.frozen
    class Doubling:
        kind = "doubling"

        def apply(self, ctx):
            from fractions import Fraction

            from perfrules import Explanation, Outcome

            return Outcome(2 * Fraction(ctx.weight), Explanation("doubling", "x"))

    findings = lint(_with_output(_leaf(weight=50, target="≥1", rule=Doubling())))
    assert [f.code for f in findings] == ["rule.out_of_range"]


# ------------------------------------------------------------------ templates at evaluation time
def test_template_fills_points_and_reports_what_does_not_fit():
    """A self-evaluation supplies actuals; the template supplies points and rules; misfits are findings."""
    rubric = _with_output(
        _leaf(code="visits", name="上门服务人次", weight=30, target="≥735人次"),
        _leaf(code="cost", name="人均服务成本", weight=20, target="≤200元/人"),
    )
    se = perfrules.SelfEvaluation(
        perfrules.Project("p", 2024),
        perfrules.Funds.single(adjusted=1, executed=1),
        (
            Indicator(
                name="产出指标",
                code="output",
                children=(
                    Indicator(name="上门服务人次", actual="735人次", weight=25),  # matched by name; wrong points
                    Indicator(name="额外指标", weight=5, target="≥1", actual="1"),  # not in the template
                ),
            ),
        ),
    )
    r = evaluate(rubric, se)
    assert r.node("output/visits").score == D(30) and r.node("output/visits").max_points == D(30)
    codes = {(f.code, f.path) for f in r.findings}
    assert ("weights.template_mismatch", "output/visits") in codes
    assert ("structure.unknown_indicator", "output/额外指标") in codes
    assert ("structure.missing_indicator", "output/cost") in codes
    assert r.node("output/cost").score == 0


# ------------------------------------------------------------------ overlays
def test_overlay_merge_rules():
    """Tables merge, coded lists merge by code (update, remove, append), a changed kind replaces."""
    base = {"a": {"x": 1, "y": 2}, "items": [{"code": "p", "w": 1}, {"code": "q", "w": 2}], "rule": {"kind": "reverse", "variant": "ratio"}, "n": 1}
    changes = {"a": {"y": 3}, "items": [{"code": "q", "remove": True}, {"code": "r", "w": 5}, {"code": "p", "w": 9}], "rule": {"kind": "positive"}, "n": 2}
    assert merge_documents(base, changes) == {
        "a": {"x": 1, "y": 3},
        "items": [{"code": "p", "w": 9}, {"code": "r", "w": 5}],
        "rule": {"kind": "positive"},
        "n": 2,
    }
    with pytest.raises(RubricError, match="cannot remove 'zz'"):
        merge_documents(base, {"items": [{"code": "zz", "remove": True}]})


def test_overlay_changes_rule_variant_and_na_policy_only():
    """An overlay that switches the reverse formula and the N/A policy changes nothing else."""
    overlay = Overlay(
        code="test-linear",
        base="cn-national-project-2020",
        version="2.0.0",
        title_zh="线性反向",
        title_en="linear reverse",
        changes={"rules": {"reverse": {"variant": "linear"}}, "not_applicable": "drop"},
        regions=("CN-ZJ",),
    )
    merged = apply_overlay(perfrules.NATIONAL_2020, overlay)
    assert merged.rules.reverse == perfrules.Reverse(variant="linear")
    assert merged.not_applicable is perfrules.NotApplicablePolicy.DROP
    assert merged.rules.positive == perfrules.NATIONAL_2020.rules.positive
    assert merged.blocks == perfrules.NATIONAL_2020.blocks and merged.grades == perfrules.NATIONAL_2020.grades
    assert merged.regions == ("CN-ZJ",) and merged.effective_from == perfrules.NATIONAL_2020.effective_from
    assert merged.lineage == ("cn-national-project-2020@1.0.0", "test-linear@2.0.0")
    # a chain: an overlay on the overlay
    again = apply_overlay(merged, Overlay("test-chain", "test-linear", "1.0.0", "链", "chain", {"base": "90"}))
    assert again.lineage == ("cn-national-project-2020@1.0.0", "test-linear@2.0.0", "test-chain@1.0.0")


def test_overlay_errors():
    """Wrong base, identity in changes, and a merged document that is not a rubric."""
    with pytest.raises(RubricError, match="applies to"):
        apply_overlay(perfrules.NATIONAL_2020, Overlay("x", "other", "1.0.0", "x", "x"))
    with pytest.raises(RubricError, match="may not set code"):
        Overlay("x", "cn-national-project-2020", "1.0.0", "x", "x", {"code": "y"})
    with pytest.raises(DocumentError) as info:
        apply_overlay(perfrules.NATIONAL_2020, Overlay("x", "cn-national-project-2020", "1.0.0", "x", "x", {"rounding": {"item": {"mode": "sideways"}}}))
    assert info.value.problems == ("$.rounding.item.mode: 'sideways' is not one of 'half_up', 'half_even', 'down', 'up'",)


def test_result_shows_the_overlay_chain():
    """An evaluation under an overlaid rubric records its lineage and fingerprint."""
    r = evaluate(perfrules.HUBEI_2020, huashan_2020())
    assert r.rubric_lineage == perfrules.HUBEI_2020.lineage
    assert r.rubric_fingerprint == fingerprint(perfrules.HUBEI_2020)
    assert r.perfrules_version == perfrules.__version__


# ------------------------------------------------------------------ fingerprints
def test_fingerprint_is_stable_and_sensitive():
    """Same content, same fingerprint; any change to the rules, a different one."""
    national = perfrules.NATIONAL_2020
    fp = fingerprint(national)
    assert re.fullmatch(r"sha256:[0-9a-f]{64}", fp)
    rebuilt = perfrules.loads(perfrules.dumps(national, format="json"), perfrules.Rubric)
    assert fingerprint(rebuilt) == fp
    assert fingerprint(attrs.evolve(national, lineage=("x@1.0.0",))) == fp  # provenance only
    changed = [
        attrs.evolve(national, rules=attrs.evolve(national.rules, reverse=perfrules.Reverse(variant="linear"))),
        attrs.evolve(national, grades=perfrules.PROVINCIAL_80_70_60),
        attrs.evolve(national, version="1.0.1"),
        attrs.evolve(national, rounding=perfrules.RoundingPolicy(item=perfrules.Rounding(2, "half_even"))),
        attrs.evolve(national, rules=attrs.evolve(national.rules, qualitative=QualitativeBands(labels={"好": Assessment.ACHIEVED}))),
    ]
    prints = {fingerprint(r) for r in changed}
    assert fp not in prints and len(prints) == len(changed)
    assert '"code":"cn-national-project-2020"' in canonical_form(national)


# ------------------------------------------------------------------ selection
def test_rubric_in_force_by_region_and_date():
    """Hubei's overlay wins in Hubei in 2020–2021; the national scheme elsewhere and later."""
    assert perfrules.rubric_in_force("CN-HB-Wuhan", dt.date(2020, 12, 31)).code == "cn-hubei-project-2020"
    assert perfrules.rubric_in_force("CN-HB", dt.date(2021, 12, 31)).code == "cn-hubei-project-2020"
    assert perfrules.rubric_in_force("CN-HB", dt.date(2022, 1, 1)).code == "cn-national-project-2020"
    assert perfrules.rubric_in_force("CN-AH", dt.date(2020, 6, 1)).code == "cn-national-project-2020"
    assert perfrules.rubric_in_force("CN", dt.date(2024, 6, 1)).code == "cn-national-project-2020"
    with pytest.raises(NoRubricInForceError):
        perfrules.rubric_in_force("CN-HB", dt.date(2019, 12, 31))
    with pytest.raises(LookupError):
        perfrules.rubric_in_force("US", dt.date(2024, 1, 1))


def test_select_prefers_later_then_higher_version_and_refuses_ties():
    """Latest effective_from, then the highest version; two different rubrics tied is an error."""
    base = perfrules.NATIONAL_2020
    v2 = attrs.evolve(base, version="1.2.0")
    v10 = attrs.evolve(base, version="1.10.0")
    later = attrs.evolve(base, code="later", effective_from=dt.date(2023, 1, 1))
    assert select_rubric([base, v2, v10], region="CN", on=dt.date(2022, 1, 1)) is v10
    assert select_rubric([base, v10, later], region="CN", on=dt.date(2023, 6, 1)) is later
    twin = attrs.evolve(base, code="twin")
    with pytest.raises(RubricError, match="equally applicable"):
        select_rubric([base, twin], region="CN", on=dt.date(2022, 1, 1))
    unscoped = perfrules.get_rubric("cn-provincial-grades-80-70-60")
    assert select_rubric([base, unscoped], region="CN-XX", on=dt.date(2022, 1, 1)) is base


def test_effective_dates_validated():
    """effective_to may not precede effective_from; versions are semantic."""
    with pytest.raises(RubricError):
        attrs.evolve(perfrules.NATIONAL_2020, effective_to=dt.date(2019, 1, 1))
    with pytest.raises(RubricError):
        attrs.evolve(perfrules.NATIONAL_2020, version="v1")


# ------------------------------------------------------------------ replay
def test_replay_from_stored_files_is_identical(tmp_path):
    """A stored result and its stored inputs replay to the identical result."""
    rubric = perfrules.HUBEI_2020
    result = evaluate(rubric, huashan_2020())
    perfrules.dump(result, tmp_path / "result.json")
    perfrules.dump(huashan_2020(), tmp_path / "inputs.toml")
    perfrules.dump(rubric, tmp_path / "rubric.json")
    stored = perfrules.load_result(tmp_path / "result.json")
    assert stored == result
    inputs = perfrules.load_self_evaluation(tmp_path / "inputs.toml")
    report = replay(stored, inputs, perfrules.load(tmp_path / "rubric.json", perfrules.Rubric))
    assert report.identical and report.fingerprint_matches and report.differences == ()


def test_replay_detects_a_changed_rubric():
    """A rubric changed since scoring is caught by fingerprint, and the differences are listed."""
    stored = evaluate(perfrules.HUBEI_2020, huashan_2020())
    changed = attrs.evolve(perfrules.HUBEI_2020, range_actual=perfrules.RangeActual.UPPER)
    report = replay(stored, huashan_2020(), changed)
    assert not report.identical and not report.fingerprint_matches
    # upper end of 25~30人 meets ≥30人/次: 1.67 → 2; total (20 + 37 + 39) × 100 / 98 = 97.959… → 97.96
    assert "total: 97.62 → 97.96" in report.differences
    assert "output/质量指标/青少年活动参与人数: 1.67 → 2" in report.differences
    assert any(d.startswith("rubric_fingerprint:") for d in report.differences)
