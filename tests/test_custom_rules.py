"""A rule kind of one's own, as first-class as perfrules' own: named in rubric and self-evaluation
files, linted, and explained in both languages by its own sentences."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from typing import ClassVar

import attrs
import pytest

import perfrules
from perfrules import Explanation, Outcome, PluginError, RuleContext


@attrs.frozen
class Stepped:
    """Full points at or above ``full``, half at or above ``half``, else none (a plugin's own rule)."""

    kind: ClassVar[str] = "x_stepped"
    clauses: ClassVar[dict[str, tuple[str, str]]] = {
        "x_stepped.full": ("实际值 {actual} 不低于 {full}，得满分", "actual {actual} reaches {full}: full points"),
        "x_stepped.half": ("实际值 {actual} 不低于 {half}，得一半分", "actual {actual} reaches {half}: half the points"),
        "x_stepped.none": ("实际值 {actual} 低于 {half}，不得分", "actual {actual} is below {half}: no points"),
    }
    full: Decimal = attrs.field(converter=Decimal)
    half: Decimal = attrs.field(converter=Decimal)

    def apply(self, ctx: RuleContext) -> Outcome:
        a = ctx.indicator.actual.value
        w = Fraction(ctx.weight)
        clause, value = ("x_stepped.full", w) if a >= self.full else ("x_stepped.half", w / 2) if a >= self.half else ("x_stepped.none", Fraction(0))
        return Outcome(value, Explanation(self.kind, clause, {"actual": a}, str(value), {"actual": a, "full": self.full, "half": self.half}))


@pytest.fixture
def registered():
    perfrules.default_registry.cache_clear()
    perfrules.default_registry().register_rule(Stepped)
    yield
    perfrules.default_registry.cache_clear()


RUBRIC = """
[overlay]
base = "cn-national-project-2020"
code = "x-stepped-2024"
version = "1.0.0"
title_zh = "阶梯计分"
title_en = "Stepped scoring"
references = ["test"]
effective_from = "2024-01-01"

[overlay.changes.rules]
positive = {kind = "x_stepped", full = "100", half = "80"}
"""

TABLE = """
[project]
name = "p"
year = 2024

[funds]
adjusted = "1"
executed = "1"

[[indicators]]
name = "产出指标"
code = "output"
children = [
  {name = "a", weight = "25", target = "≥100", actual = "90"},
  {name = "b", weight = "25", target = "≥100", actual = "90", rule = {kind = "x_stepped", full = "95", half = "85"}},
]

[[indicators]]
name = "效益指标"
code = "benefit"
children = [{name = "c", weight = "30", target = "≥100", actual = "100"}]

[[indicators]]
name = "满意度指标"
code = "satisfaction"
children = [{name = "d", weight = "10", target = "≥100", actual = "50"}]
"""


def test_a_custom_rule_by_name_in_rubric_and_table_files(registered, tmp_path):
    (tmp_path / "rubric.toml").write_text(RUBRIC, encoding="utf-8")
    (tmp_path / "table.toml").write_text(TABLE, encoding="utf-8")
    rubric = perfrules.load_rubric(tmp_path / "rubric.toml")
    se = perfrules.load_self_evaluation(tmp_path / "table.toml")
    assert rubric.rules.positive == Stepped(full=100, half=80)
    r = perfrules.evaluate(rubric, se)
    # a: 90 ≥ 80 -> 12.5 (rubric's rule); b: 90 ≥ 85 -> 12.5 (its own rule); c: 30; d: 50 < 80 -> 0; execution 10
    assert [n.score for n in r.leaves()] == [10, Decimal("12.5"), Decimal("12.5"), 30, 0]
    b = r.node("output/b").explanation
    assert b.reason("zh") == "实际值 90 不低于 85，得一半分"
    assert b.reason("en") == "actual 90 reaches 85: half the points"
    assert r.node("satisfaction/d").explanation.reason("en") == "actual 50 is below 80: no points"
    # and it writes back out by name
    assert perfrules.loads(perfrules.dumps(se), perfrules.SelfEvaluation, converter=perfrules.default_registry().converter()) == se


def test_an_unregistered_kind_is_a_located_error(tmp_path):
    perfrules.default_registry.cache_clear()
    (tmp_path / "table.toml").write_text(TABLE, encoding="utf-8")
    with pytest.raises(perfrules.DocumentError, match=r"\$\.indicators\[0\]\.children\[1\]\.rule: unknown rule kind 'x_stepped'"):
        perfrules.load_self_evaluation(tmp_path / "table.toml")


def test_a_kind_cannot_take_another_ones_name():
    @attrs.frozen
    class Impostor:
        kind: ClassVar[str] = "positive"

        def apply(self, ctx):
            raise AssertionError

    with pytest.raises(PluginError, match="already"):
        perfrules.Registry(discover=False).register_rule(Impostor)
    with pytest.raises(PluginError, match="not a rule kind"):
        perfrules.Registry(discover=False).register_rule(object)
