"""A rule kind of Liaoning's own, usable by name in any rubric or self-evaluation file once the
distribution is installed (entry point group ``perfrules.rules``)."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from typing import ClassVar

import attrs

from perfrules import Explanation, Outcome, RuleContext, to_decimal


@attrs.frozen
class Stepped:
    """Full points at or above ``full``, half at or above ``half``, none below."""

    kind: ClassVar[str] = "ln_stepped"
    clauses: ClassVar[dict[str, tuple[str, str]]] = {
        "ln_stepped.full": ("实际值 {actual} 不低于 {full}，得满分", "actual {actual} reaches {full}: full points"),
        "ln_stepped.half": ("实际值 {actual} 不低于 {half}，得一半分", "actual {actual} reaches {half}: half the points"),
        "ln_stepped.none": ("实际值 {actual} 低于 {half}，不得分", "actual {actual} is below {half}: no points"),
        "ln_stepped.unread": ("实际值“{actual}”无法按目标单位读取，不得分", "the actual '{actual}' cannot be read in the target's unit: no points"),
    }
    full: Decimal = attrs.field(converter=to_decimal)  # a float is refused
    half: Decimal = attrs.field(converter=to_decimal)  # a float is refused

    def apply(self, ctx: RuleContext) -> Outcome:
        w = Fraction(ctx.weight)
        # the actual read in the target's unit (元 vs 万元, 0.95 vs 95 %), with a finding for each assumption
        reading = ctx.read_actual()
        shown, unit = ("", "") if reading is None else (ctx.indicator.actual.text, ctx.indicator.target.unit or "")
        if reading is None or reading.refused or reading.value is None:
            clause, value = "ln_stepped.unread", Fraction(0)
        elif reading.value >= self.full:
            clause, value = "ln_stepped.full", w
        elif reading.value >= self.half:
            clause, value = "ln_stepped.half", w / 2
        else:
            clause, value = "ln_stepped.none", Fraction(0)
        params = {"actual": shown, "full": f"{self.full}{unit}", "half": f"{self.half}{unit}"}
        why = Explanation(self.kind, clause, {"weight": ctx.weight, "actual": shown}, str(value), params)
        return Outcome(value, why, findings=() if reading is None else reading.findings)
