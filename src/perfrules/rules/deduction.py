"""Rules that count: deduction per shortfall, checklists of satisfied items, scores judged by a written standard."""

from __future__ import annotations

import enum
from decimal import Decimal
from fractions import Fraction
from typing import Any, ClassVar

import attrs

from perfrules._fields import enum_field, tuple_field
from perfrules.exceptions import RubricError
from perfrules.explanation import fmt
from perfrules.findings import Severity
from perfrules.model.indicators import Outcome, RuleContext
from perfrules.rules._common import ZERO, make_outcome, read_quantitative, rule_finding
from perfrules.values.decimals import decimal_field, fraction_to_decimal
from perfrules.values.notation import Direction
from perfrules.messages import en_zh

__all__ = ["Checklist", "ChecklistItem", "Deduction", "DeductionCounting", "Judged"]

# ------------------------------------------------------------------ deduction, checklist, N/A
class DeductionCounting(enum.Enum):
    """How a shortfall turns into deduction units."""

    PROPORTIONAL = "proportional"
    """``gap ÷ step`` exactly (default)."""
    STARTED_STEP = "started_step"
    """Every started step counts (ceiling)."""
    FULL_STEP = "full_step"
    """Only complete steps count (floor)."""


def _positive_decimal(instance: Any, attribute: attrs.Attribute, value: Decimal) -> None:
    if value <= 0:
        raise RubricError(f"{attribute.name} must be positive, got {value}")


def _non_negative_decimal(instance: Any, attribute: attrs.Attribute, value: Decimal) -> None:
    if value < 0:
        raise RubricError(f"{attribute.name} must not be negative, got {value}")


@attrs.frozen
class Deduction:
    """扣分: ``weight − per_unit × units of shortfall``, floored at 0.

    The shortfall is measured against the target in its direction (below a
    ≥ target, above a ≤ target, either side of = or a range).
    """

    kind: ClassVar[str] = "deduction"
    per_unit: Decimal = decimal_field(validator=_non_negative_decimal)
    step: Decimal = decimal_field(default=Decimal(1), validator=_positive_decimal)
    counting: DeductionCounting = enum_field(DeductionCounting, default=DeductionCounting.PROPORTIONAL)

    def apply(self, ctx: RuleContext) -> Outcome:
        got = read_quantitative(self.kind, ctx)
        if isinstance(got, Outcome):
            return got
        w, t, a, inputs, findings = got
        ind = ctx.indicator
        assert ind is not None and ind.target is not None
        d = ind.target.direction
        ft, fa = Fraction(t), Fraction(a)
        if d.is_positive:
            gap = max(ZERO, ft - fa)
        elif d.is_reverse:
            gap = max(ZERO, fa - ft)
        elif d is Direction.RANGE:
            assert ind.target.upper is not None
            gap = max(ZERO, ft - fa, fa - Fraction(ind.target.upper))
        else:
            gap = abs(fa - ft)
        inputs.update(per_unit=self.per_unit, step=self.step, counting=self.counting.value)
        unit = ind.target.unit
        if gap == 0:
            return make_outcome(self.kind, "deduction.none", w, fmt(ctx.weight), inputs, findings)
        units = gap / Fraction(self.step)
        if self.counting is DeductionCounting.STARTED_STEP:
            units = Fraction(-((-units.numerator) // units.denominator))
        elif self.counting is DeductionCounting.FULL_STEP:
            units = Fraction(units.numerator // units.denominator)
        points = Fraction(self.per_unit) * units
        gap_d = fraction_to_decimal(gap)
        formula = f"{fmt(ctx.weight)} − {fmt(self.per_unit)} × {fmt(fraction_to_decimal(units))}"
        p = {"gap": gap_d, "unit": unit, "step": self.step, "per_unit": self.per_unit}
        if points >= w:
            return make_outcome(self.kind, "deduction.floored", ZERO, f"max(0, {formula})", inputs, findings, **p)
        return make_outcome(self.kind, "deduction.applied", w - points, formula, inputs, findings, **p)


@attrs.frozen
class ChecklistItem:
    """One item of a checklist: satisfied → ``points``."""

    code: str
    name: str
    points: Decimal = decimal_field(validator=_non_negative_decimal)


@attrs.frozen
class Checklist:
    """Points per satisfied item (the indicator's ``checked`` codes), capped at the weight."""

    kind: ClassVar[str] = "checklist"
    items: tuple[ChecklistItem, ...] = tuple_field(ChecklistItem)

    def __attrs_post_init__(self) -> None:
        codes = [i.code for i in self.items]
        if not codes or len(set(codes)) != len(codes):
            raise RubricError("a checklist needs items with distinct codes")

    def apply(self, ctx: RuleContext) -> Outcome:
        checked = ctx.indicator.checked if ctx.indicator else ()
        by_code = {i.code: i for i in self.items}
        findings = [
            rule_finding(
                "checklist.unknown_item",
                Severity.ERROR,
                ctx,
                *en_zh("checklist.unknown_item", code=code),
                item=code,
            )
            for code in checked
            if code not in by_code
        ]
        hits = [by_code[c] for c in dict.fromkeys(checked) if c in by_code]
        total = sum((Fraction(i.points) for i in hits), ZERO)
        value = min(total, Fraction(ctx.weight))
        formula = " + ".join(fmt(i.points) for i in hits) or "0"
        if total > Fraction(ctx.weight):
            formula = f"min({formula}, {fmt(ctx.weight)})"
        inputs = {"weight": ctx.weight, "checked": ",".join(checked)}
        return make_outcome(
            self.kind, "checklist.items", value, formula, inputs, findings, count=len(hits), items="、".join(i.name for i in hits) or "-"
        )


@attrs.frozen
class Judged:
    """Points as judged by the evaluator (按评分标准酌情评分), e.g. the 自评分 of Anhui 民生工程 tables.

    The stated score is the score; it must lie in ``[0, weight]``: above the
    weight it is capped (error finding), and without one the item scores 0
    (error finding).
    """

    kind: ClassVar[str] = "judged"

    def apply(self, ctx: RuleContext) -> Outcome:
        claimed = ctx.indicator.claimed_score if ctx.indicator else None
        inputs = {"weight": ctx.weight, "claimed": claimed}
        if claimed is None:
            f = rule_finding("judged.missing", Severity.ERROR, ctx, *en_zh("judged.missing"))
            return make_outcome(self.kind, "judged.missing", ZERO, "0", inputs, [f])
        if claimed > ctx.weight:
            f = rule_finding(
                "score.claimed_above_max",
                Severity.ERROR,
                ctx,
                *en_zh("score.claimed_above_max.2", claimed=fmt(claimed), ctx_weight=fmt(ctx.weight)),
                claimed=claimed,
                max_points=ctx.weight,
            )
            return make_outcome(self.kind, "judged.capped", Fraction(ctx.weight), f"min({fmt(claimed)}, {fmt(ctx.weight)})", inputs, [f], claimed=claimed)
        return make_outcome(self.kind, "judged.as_stated", Fraction(claimed), fmt(claimed), inputs, [], claimed=claimed)


