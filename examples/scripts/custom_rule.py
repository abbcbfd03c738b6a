"""A rule of your own: full points at or above a level, half at or above another, none below — used by a
rubric like any built-in rule, explained in both languages by its own sentences.

    python examples/scripts/custom_rule.py
"""

from decimal import Decimal
from fractions import Fraction
from typing import ClassVar

import attrs

import perfrules
from perfrules import Explanation, Outcome, RuleContext, to_decimal


@attrs.frozen
class Stepped:
    kind: ClassVar[str] = "my_stepped"
    clauses: ClassVar[dict[str, tuple[str, str]]] = {
        "my_stepped.full": ("实际值 {actual} 不低于 {full}，得满分", "actual {actual} reaches {full}: full points"),
        "my_stepped.half": ("实际值 {actual} 不低于 {half}，得一半分", "actual {actual} reaches {half}: half the points"),
        "my_stepped.none": ("实际值 {actual} 低于 {half}，不得分", "actual {actual} is below {half}: no points"),
        "my_stepped.unread": ("实际值“{actual}”无法按目标单位读取，不得分", "the actual '{actual}' cannot be read in the target's unit: no points"),
    }
    full: Decimal = attrs.field(converter=to_decimal)  # a float is refused
    half: Decimal = attrs.field(converter=to_decimal)  # a float is refused

    def apply(self, ctx: RuleContext) -> Outcome:
        w = Fraction(ctx.weight)
        # the actual read in the target's unit (元 vs 万元, 0.95 vs 95 %), with a finding for each assumption
        reading = ctx.read_actual()
        shown, unit = ("", "") if reading is None else (ctx.indicator.actual.text, ctx.indicator.target.unit or "")
        if reading is None or reading.refused or reading.value is None:
            clause, value = "my_stepped.unread", Fraction(0)
        elif reading.value >= self.full:
            clause, value = "my_stepped.full", w
        elif reading.value >= self.half:
            clause, value = "my_stepped.half", w / 2
        else:
            clause, value = "my_stepped.none", Fraction(0)
        params = {"actual": shown, "full": f"{self.full}{unit}", "half": f"{self.half}{unit}"}
        why = Explanation(self.kind, clause, {"weight": ctx.weight, "actual": shown}, str(value), params)
        return Outcome(value, why, findings=() if reading is None else reading.findings)

perfrules.default_registry().register_rule(Stepped)  # so rubric and table files can name "my_stepped" too
se = perfrules.SelfEvaluation(
    perfrules.Project("示例", 2024),
    perfrules.Funds.single(adjusted=100, executed=100),
    (
        perfrules.Indicator(name="产出指标", code="output", children=(
            perfrules.Indicator(name="培训人次", weight=50, target="≥100", actual="90", rule=Stepped(full=95, half=85)),
        )),
    ),
)
result = perfrules.evaluate(perfrules.NATIONAL_2020, se)
leaf = result.node("output/培训人次")
print(leaf.score, "|", leaf.explanation.reason("zh"), "|", leaf.explanation.reason("en"))
