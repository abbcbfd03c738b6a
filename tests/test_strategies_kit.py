"""The public document strategies (``perfrules.testing.documents`` and ``perfrules.testing.units``)
hold what their docstrings promise: trees add up at every level, unit pairs read to their oracle,
filled tables audit clean or with exactly their planted defect, overlays load and lint clean."""

from __future__ import annotations

import io
import json
import tomllib
from decimal import Decimal
from fractions import Fraction
from importlib import resources

import pytest
import tomli_w
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import perfrules
from perfrules.findings import Severity
from perfrules.model.funds import FundLine, Funds, FundSource
from perfrules.model.project import Project
from perfrules.model.self_evaluation import SelfEvaluation
from perfrules.rubrics.builtin import builtin_rubrics
from perfrules.testing import strategies as prs
from perfrules.testing.documents import TABLE_DEFECTS, national_grade, split_points
from perfrules.testing.units import UNIT_FACTORS, in_target_unit, unit_factor

SLOW = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


def test_the_new_strategies_are_exported():
    for name in ("balanced_trees", "unit_pairs", "filled_tables", "defective_tables", "overlays", "in_target_unit", "TABLE_DEFECTS"):
        assert name in prs.__all__ and hasattr(prs, name)
    assert len(set(prs.__all__)) == len(prs.__all__)


# ------------------------------------------------------------------ trees
def _check_sums(nodes, points: Decimal, places: int) -> int:
    """Every level adds up exactly; returns the number of leaves."""
    assert sum((n.weight for n in nodes), Decimal(0)) == points
    assert len({n.code for n in nodes}) == len(nodes) and len({n.name for n in nodes}) == len(nodes)
    leaves = 0
    for n in nodes:
        assert n.weight > 0
        exponent = n.weight.as_tuple().exponent
        assert isinstance(exponent, int) and -exponent <= places
        if n.children:
            leaves += _check_sums(n.children, n.weight, places)
        else:
            assert n.target is not None and n.actual is not None
            assert perfrules.parse_target(n.target.text) == n.target  # the text is table notation
            leaves += 1
    return leaves


@given(
    st.data(),
    st.integers(0, 3),
    st.integers(1, 4),
    st.integers(1, 5),
    st.booleans(),
)
@settings(max_examples=80, deadline=None)
def test_balanced_trees_add_up_at_every_level(data, places, depth, max_children, ragged):
    points = Decimal(data.draw(st.integers(1, 100 * 10**places))).scaleb(-places)
    tree = data.draw(prs.balanced_trees(points, depth=depth, max_children=max_children, places=places, ragged=ragged))
    assert 1 <= len(tree) <= max_children
    leaves = _check_sums(tree, points, places)
    if not ragged:
        def heights(n):
            return {1} if not n.children else {h + 1 for c in n.children for h in heights(c)}
        assert set().union(*(heights(n) for n in tree)) == {depth}
    names = []
    stack = list(tree)
    while stack:
        n = stack.pop()
        stack += n.children
        names += [] if n.children else [n.name]
    assert len(names) == leaves == len(set(names))


@given(st.data())
@settings(max_examples=1, deadline=None)
def test_balanced_trees_refuse_points_finer_than_places(data):
    with pytest.raises(ValueError):
        data.draw(prs.balanced_trees(Decimal("0.005"), places=2))
    with pytest.raises(ValueError):
        split_points(Decimal("0.01"), [1, 1], places=2)


def _funds(adjusted: str, executed: str) -> Funds:
    return Funds((FundLine(FundSource.TOTAL, Decimal(adjusted), Decimal(adjusted), Decimal(executed)),))


@given(
    prs.balanced_trees(Decimal(50)),
    prs.balanced_trees(Decimal(30), depth=2),
    prs.balanced_trees(Decimal(10), depth=2, ragged=True),
    prs.decimals_2dp(1, 1000),
    st.integers(0, 120),
)
@SLOW
def test_balanced_trees_score_within_their_points_under_the_national_rubric(output, benefit, satisfaction, budget, percent):
    rubric = perfrules.NATIONAL_2020
    blocks = {"output": output, "benefit": benefit, "satisfaction": satisfaction}
    se = SelfEvaluation(
        project=Project(name="测试项目", year=2024),
        funds=_funds(str(budget), str(budget * percent / 100)),
        indicators=tuple(perfrules.Indicator(name=b.name_zh, code=b.code, weight=b.weight, children=blocks[b.code]) for b in rubric.blocks if b.code in blocks),
    )
    result = perfrules.evaluate(rubric, se)
    for node in result.nodes():
        assert 0 <= node.exact_score <= Fraction(node.max_points), node.path
    assert 0 <= result.total_exact <= 100
    weights = {b.code: b.max_points for b in result.blocks}
    assert weights == {"execution": 10, "output": 50, "benefit": 30, "satisfaction": 10}
    assert not [f for f in result.findings if f.code == "weights.sum_mismatch"]


# ------------------------------------------------------------------ units
def test_the_units_restated_agree_with_perfrules_table():
    table = tomllib.loads(resources.files("perfrules.values").joinpath("units.toml").read_text("utf-8"))
    for dimension, units in UNIT_FACTORS.items():
        for unit, factor in units.items():
            entry = table[dimension].get(unit) or next(e for e in table[dimension].values() if unit in e.get("aliases", []))
            assert Fraction(entry["factor"]) == factor, unit
    assert unit_factor("万人次") == 10_000 and unit_factor("次/月") == 12 and unit_factor("万元/人") == 10_000
    assert in_target_unit("6", "次/年", "次/月") == Fraction(1, 2)
    assert in_target_unit("1", "公顷", "亩") == 15


@given(prs.unit_pairs())
@settings(max_examples=400, deadline=None)
def test_unit_pairs_read_to_their_oracle(pair):
    target_text, actual_text, expected = pair
    target, actual = perfrules.parse_target(target_text), perfrules.parse_actual(actual_text)
    assert target.unit != actual.unit
    reading = perfrules.read_pair(target, actual)
    assert reading.value == expected
    codes = {f.code for f in reading.findings}
    if actual.unit:  # two units: converted (or equal factors under two spellings)
        assert "unit.incompatible" not in codes and "unit.omitted" not in codes
    else:  # 0.95 against ≥95%: the fraction, said as an assumption
        assert "unit.assumed_fraction" in codes


@pytest.mark.parametrize(
    ("target", "actual", "expected"),
    [("≥4次/半年", "1次/月", 6), ("≥1千元/人", "500元/人", Fraction(1, 2)), ("≥1百万元/人", "500000元/人", Fraction(1, 2)), ("≥5千元", "4500元", Fraction(9, 2))],
)
def test_scale_words_and_half_years_inside_a_rate_are_units(target, actual, expected):
    """4 a half-year is 1 a month × 6; 500 元/人 is 0.5 千元/人 and 0.0005 百万元/人 — never '次/0.5年' or '1000元/人'."""
    assert perfrules.read_pair(perfrules.parse_target(target), perfrules.parse_actual(actual)).value == expected


# ------------------------------------------------------------------ filled tables
def _read(doc) -> perfrules.FilledTable:
    return perfrules.read_table(io.BytesIO(json.dumps(doc, ensure_ascii=False).encode()), format="json")


def _errors(report) -> list[str]:
    return [f.code for f in report.findings if f.severity is Severity.ERROR]


@given(st.one_of(st.just(Decimal(100)), prs.decimals_2dp(10, 100)).flatmap(lambda p: st.tuples(st.just(p), prs.filled_tables(points=p))))
@SLOW
def test_consistent_filled_tables_audit_with_no_error(args):
    points, doc = args
    table = _read(doc)
    report = perfrules.audit(table)
    assert _errors(report) == [], [f.render("en") for f in report.findings if f.severity is Severity.ERROR]
    assert report.ok
    for code in ("points.total", "total.sum", "funds.rate", "funds.score"):  # the first: the 年度资金总额 row's
        assert next(c for c in report.checks if c.code == code).state.value == "passed", code
    # the 分值 (rows and the funds row) add up to the points, exactly, and no 得分 is above its 分值
    rows = [(Decimal(r["分值"]), Decimal(r["得分"])) for r in doc["指标"]]
    execution = next(f for f in doc["资金"] if "分值" in f)
    assert sum((p for p, _ in rows), Decimal(execution["分值"])) == points
    assert all(s <= p for p, s in rows)
    assert Decimal(doc["总分"]) == sum((s for _, s in rows), Decimal(execution["得分"]))
    if "评级" in doc:
        assert doc["评级"] == national_grade(Decimal(doc["总分"]))


@given(prs.defective_tables())
@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
def test_inconsistent_filled_tables_audit_with_their_planted_defect(planted):
    doc, code = planted
    assert code in TABLE_DEFECTS
    report = perfrules.audit(_read(doc))
    assert _errors(report) == [code], [f.render("en") for f in report.findings if f.severity is Severity.ERROR]


@given(st.data())
@settings(max_examples=1, deadline=None)
def test_filled_tables_refuse_points_out_of_range(data):
    with pytest.raises(ValueError):
        data.draw(prs.filled_tables(points=Decimal(120)))


def test_national_grade_is_the_national_scale():
    for total in ("0", "59.99", "60", "79.99", "80", "89.99", "90", "100"):
        assert national_grade(Decimal(total)) == perfrules.NATIONAL_2020.grades.grade(Decimal(total)).label_zh


# ------------------------------------------------------------------ overlays
@given(st.sampled_from(sorted(builtin_rubrics())).flatmap(lambda base: st.tuples(st.just(base), prs.overlays(base=base))), st.sampled_from(["toml", "json"]))
@SLOW
def test_overlays_load_lint_clean_and_keep_their_blocks_adding_up(args, fmt):
    base_code, doc = args
    text = tomli_w.dumps(doc) if fmt == "toml" else json.dumps(doc, ensure_ascii=False)
    rubric = perfrules.loads_rubric(text, format=fmt)
    base = perfrules.get_rubric(base_code)
    assert not [f for f in perfrules.lint(rubric) if f.severity is Severity.ERROR]
    assert sum((b.weight for b in rubric.blocks), Decimal(0)) == rubric.base == base.base
    assert rubric.lineage[-1] == f"{doc['overlay']['code']}@{doc['overlay']['version']}"
    changes = doc["overlay"]["changes"]
    assert changes
    weights = {b.code: b.weight for b in rubric.blocks}
    for entry in changes.get("blocks", []):
        if entry.get("remove"):
            assert entry["code"] not in weights
        else:
            assert weights[entry["code"]] == Decimal(entry["weight"])
    lowers = [b.lower for b in rubric.grades.bands]
    assert lowers == sorted(lowers, reverse=True) and len(set(lowers)) == len(lowers)
    for band in changes.get("grades", {}).get("bands", []):
        assert next(b.lower for b in rubric.grades.bands if b.code == band["code"]) == Decimal(band["lower"])
    if "rounding" in changes:
        assert rubric.rounding.item.places == changes["rounding"]["item"]["places"]
        assert rubric.rounding.total.mode.value == changes["rounding"]["total"]["mode"]
    if "rules" in changes:
        assert rubric.rules.reverse.variant.value == changes["rules"]["reverse"]["variant"]
