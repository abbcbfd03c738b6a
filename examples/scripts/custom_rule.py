"""A rule of your own: full points at or above a level, half at or above another, none below — used by a
rubric like any built-in rule, explained in both languages by its own sentences.

    python examples/scripts/custom_rule.py
"""

from decimal import Decimal
from fractions import Fraction
from typing import ClassVar

import attrs

import perfrules
from perfrules import Explanation, Outcome, RuleContext


@attrs.frozen
class Stepped:
    kind: ClassVar[str] = "my_stepped"
    clauses: ClassVar[dict[str, tuple[str, str]]] = {
        "my_stepped.full": ("实际值 {actual} 不低于 {full}，得满分", "actual {actual} reaches {full}: full points"),
        "my_stepped.half": ("实际值 {actual} 不低于 {half}，得一半分", "actual {actual} reaches {half}: half the points"),
        "my_stepped.none": ("实际值 {actual} 低于 {half}，不得分", "actual {actual} is below {half}: no points"),
    }
    full: Decimal = attrs.field(converter=Decimal)
    half: Decimal = attrs.field(converter=Decimal)

    def apply(self, ctx: RuleContext) -> Outcome:
        actual = ctx.indicator.actual.value if ctx.indicator is not None and ctx.indicator.actual is not None else Decimal(0)
        w = Fraction(ctx.weight)
        clause, value = ("my_stepped.full", w) if actual >= self.full else ("my_stepped.half", w / 2) if actual >= self.half else ("my_stepped.none", Fraction(0))
        return Outcome(value, Explanation(self.kind, clause, {"weight": ctx.weight, "actual": actual}, str(value), {"actual": actual, "full": self.full, "half": self.half}))


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
