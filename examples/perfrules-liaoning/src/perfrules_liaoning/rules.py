"""A rule kind of Liaoning's own, usable by name in any rubric or self-evaluation file once the
distribution is installed (entry point group ``perfrules.rules``)."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from typing import ClassVar

import attrs

from perfrules import Explanation, Outcome, RuleContext


@attrs.frozen
class Stepped:
    """Full points at or above ``full``, half at or above ``half``, none below."""

    kind: ClassVar[str] = "ln_stepped"
    clauses: ClassVar[dict[str, tuple[str, str]]] = {
        "ln_stepped.full": ("实际值 {actual} 不低于 {full}，得满分", "actual {actual} reaches {full}: full points"),
        "ln_stepped.half": ("实际值 {actual} 不低于 {half}，得一半分", "actual {actual} reaches {half}: half the points"),
        "ln_stepped.none": ("实际值 {actual} 低于 {half}，不得分", "actual {actual} is below {half}: no points"),
    }
    full: Decimal = attrs.field(converter=Decimal)
    half: Decimal = attrs.field(converter=Decimal)

    def apply(self, ctx: RuleContext) -> Outcome:
        actual = ctx.indicator.actual if ctx.indicator is not None else None
        a = actual.value if actual is not None and actual.value is not None else Decimal(0)
        w = Fraction(ctx.weight)
        if a >= self.full:
            clause, value = "ln_stepped.full", w
        elif a >= self.half:
            clause, value = "ln_stepped.half", w / 2
        else:
            clause, value = "ln_stepped.none", Fraction(0)
        params = {"actual": a, "full": self.full, "half": self.half}
        return Outcome(value, Explanation(self.kind, clause, {"weight": ctx.weight, "actual": a}, str(value), params))
