"""Quantitative rules: ≥ (positive), ≤ (reverse, ratio or linear), = (as ≥ or two-sided) and range."""

from __future__ import annotations

import enum
from fractions import Fraction
from typing import ClassVar

import attrs

from perfrules._fields import enum_field
from perfrules.explanation import fmt
from perfrules.findings import Severity
from perfrules.model.indicators import Outcome, RuleContext
from perfrules.rules._common import (
    ZERO,
    choice,
    make_outcome,
    negative_target,
    read_quantitative,
    rule_finding,
    strict_boundary,
    zero_outcome,
)
from perfrules.values.notation import Direction
from perfrules.messages import en_zh

__all__ = ["Equal", "EqualVariant", "Positive", "RangeRule", "Reverse", "ReverseVariant"]

# ------------------------------------------------------------------ quantitative rules
@attrs.frozen
class Positive:
    """F4, ≥ / >: ``weight × min(actual ÷ target, 1)``; no bonus above the target.

    Args:
        zero_target: ``"full"`` (default: any non-negative actual meets a 0
            target) or ``"zero"``.
    """

    kind: ClassVar[str] = "positive"
    zero_target: str = attrs.field(default="full", validator=choice("full", "zero"))

    def apply(self, ctx: RuleContext) -> Outcome:
        got = read_quantitative(self.kind, ctx)
        if isinstance(got, Outcome):
            return got
        w, t, a, inputs, findings = got
        p = {"actual": a, "target": t}
        if t < 0:
            return negative_target(self.kind, ctx, a >= t, inputs, findings, **p)
        if t == 0:
            if a < 0:  # a fall against "no fall" (≥0% growth): missed
                return make_outcome(self.kind, "positive.below_zero", ZERO, "0", inputs, findings, **p)
            value = w if self.zero_target == "full" else ZERO
            return make_outcome(self.kind, "positive.zero_target", value, fmt(value and ctx.weight), inputs, findings, **p)
        if a >= t:
            if a == t and ctx.indicator is not None and ctx.indicator.target is not None and ctx.indicator.target.direction.is_strict:
                return strict_boundary(self.kind, ctx, inputs, findings, **p)
            return make_outcome(self.kind, "positive.met", w, f"{fmt(ctx.weight)} × min({fmt(a)} ÷ {fmt(t)}, 1)", inputs, findings, **p)
        if a < 0:
            return make_outcome(self.kind, "positive.below_zero", ZERO, f"max(0, {fmt(ctx.weight)} × {fmt(a)} ÷ {fmt(t)})", inputs, findings, **p)
        return make_outcome(
            self.kind, "positive.below_target", w * Fraction(a) / Fraction(t), f"{fmt(ctx.weight)} × {fmt(a)} ÷ {fmt(t)}", inputs, findings, **p
        )


class ReverseVariant(enum.Enum):
    """The two published reverse (≤) formulas."""

    RATIO = "ratio"
    """F5, the central template — ``weight × target ÷ actual`` above the target (default)."""
    LINEAR = "linear"
    """F6, a vendor's variant — ``weight × (1 − (actual − target) ÷ target)``, 0 at twice the target."""


@attrs.frozen
class Reverse:
    """≤ / <: full points at or below the target; above it, by ``variant``.

    A 0 target with a positive actual scores 0 in both variants.
    """

    kind: ClassVar[str] = "reverse"
    variant: ReverseVariant = enum_field(ReverseVariant, default=ReverseVariant.RATIO)

    def apply(self, ctx: RuleContext) -> Outcome:
        got = read_quantitative(self.kind, ctx)
        if isinstance(got, Outcome):
            return got
        w, t, a, inputs, findings = got
        inputs["variant"] = self.variant.value
        p = {"actual": a, "target": t}
        if t < 0:
            return negative_target(self.kind, ctx, a <= t, inputs, findings, **p)
        if a <= t:
            if a == t and ctx.indicator is not None and ctx.indicator.target is not None and ctx.indicator.target.direction.is_strict:
                return strict_boundary(self.kind, ctx, inputs, findings, **p)
            return make_outcome(self.kind, "reverse.met", w, fmt(ctx.weight), inputs, findings, **p)
        if t == 0:
            return make_outcome(self.kind, "reverse.zero_target", ZERO, "0", inputs, findings, **p)
        if self.variant is ReverseVariant.RATIO:
            return make_outcome(
                self.kind, "reverse.ratio", w * Fraction(t) / Fraction(a), f"{fmt(ctx.weight)} × {fmt(t)} ÷ {fmt(a)}", inputs, findings, **p
            )
        if Fraction(a) >= 2 * Fraction(t):
            return make_outcome(self.kind, "reverse.beyond_twice", ZERO, "0", inputs, findings, **p)
        value = w * (2 * Fraction(t) - Fraction(a)) / Fraction(t)
        return make_outcome(
            self.kind, "reverse.linear", value, f"{fmt(ctx.weight)} × (1 − ({fmt(a)} − {fmt(t)}) ÷ {fmt(t)})", inputs, findings, **p
        )


class EqualVariant(enum.Enum):
    """How an ``=`` target is scored when missed."""

    AS_POSITIVE = "as_positive"
    """F7, a vendor's variant — like a ≥ indicator (proportional below, full at or above) (default)."""
    TWO_SIDED = "two_sided"
    """``weight × max(0, 1 − |actual − target| ÷ target)``: any deviation costs."""


@attrs.frozen
class Equal:
    """= targets (and bare values such as ``100%``); a 0 target is met only by ``actual ≤ 0``."""

    kind: ClassVar[str] = "equal"
    variant: EqualVariant = enum_field(EqualVariant, default=EqualVariant.AS_POSITIVE)

    def apply(self, ctx: RuleContext) -> Outcome:
        got = read_quantitative(self.kind, ctx)
        if isinstance(got, Outcome):
            return got
        w, t, a, inputs, findings = got
        inputs["variant"] = self.variant.value
        p = {"actual": a, "target": t}
        if t < 0:
            return negative_target(self.kind, ctx, a == t, inputs, findings, **p)
        if a == t:
            return make_outcome(self.kind, "equal.met", w, fmt(ctx.weight), inputs, findings, **p)
        if t == 0:
            if self.variant is EqualVariant.AS_POSITIVE and a < 0:
                # vendor F7: a 0 target is met by any actual ≤ 0
                return make_outcome(self.kind, "equal.met", w, fmt(ctx.weight), inputs, findings, **p)
            return make_outcome(self.kind, "equal.zero_target", ZERO, "0", inputs, findings, **p)
        ft, fa = Fraction(t), Fraction(a)
        if self.variant is EqualVariant.AS_POSITIVE:
            value = w if fa >= ft else max(ZERO, w * fa / ft)
            return make_outcome(self.kind, "equal.as_positive", value, f"{fmt(ctx.weight)} × min({fmt(a)} ÷ {fmt(t)}, 1)", inputs, findings, **p)
        value = max(ZERO, w * (ft - abs(fa - ft)) / ft)
        return make_outcome(
            self.kind, "equal.deviation", value, f"{fmt(ctx.weight)} × max(0, 1 − |{fmt(a)} − {fmt(t)}| ÷ {fmt(t)})", inputs, findings, **p
        )


@attrs.frozen
class RangeRule:
    """``a~b`` targets: full inside the range; below ``× actual ÷ lower``, above ``× upper ÷ actual``."""

    kind: ClassVar[str] = "range"

    def apply(self, ctx: RuleContext) -> Outcome:
        ind = ctx.indicator
        if ind is not None and ind.target is not None and ind.target.direction is not Direction.RANGE:
            f = rule_finding(
                "rule.kind_mismatch",
                Severity.ERROR,
                ctx,
                *en_zh("rule.kind_mismatch.9", ind_target=str(ind.target), ind_target_2=ind.target),
                target=str(ind.target),
            )
            return zero_outcome(ctx, self.kind, "rule.kind_mismatch", (f,), rule=self.kind, target=str(ind.target))
        got = read_quantitative(self.kind, ctx)
        if isinstance(got, Outcome):
            return got
        w, lo, a, inputs, findings = got
        assert ind is not None and ind.target is not None and ind.target.upper is not None
        hi = ind.target.upper
        inputs["upper"] = hi
        p = {"actual": a, "target": f"{fmt(lo)}~{fmt(hi)}"}
        if hi < 0:
            return negative_target(self.kind, ctx, lo <= a <= hi, inputs, findings, **p)
        if lo <= a <= hi:
            return make_outcome(self.kind, "range.within", w, fmt(ctx.weight), inputs, findings, **p)
        if a < lo < 0:  # ±5%: below a negative lower bound, by how far beyond it
            return make_outcome(self.kind, "range.below", w * Fraction(lo) / Fraction(a), f"{fmt(ctx.weight)} × {fmt(lo)} ÷ {fmt(a)}", inputs, findings, **p)
        if a < lo:
            return make_outcome(self.kind, "range.below", ZERO if a <= 0 else w * Fraction(a) / Fraction(lo), f"{fmt(ctx.weight)} × {fmt(a)} ÷ {fmt(lo)}", inputs, findings, **p)
        return make_outcome(self.kind, "range.above", w * Fraction(hi) / Fraction(a), f"{fmt(ctx.weight)} × {fmt(hi)} ÷ {fmt(a)}", inputs, findings, **p)


