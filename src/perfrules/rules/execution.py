"""Budget execution (预算执行率): points in proportion to executed over budget, with declared cap and zero-budget policies."""

from __future__ import annotations

import enum
from fractions import Fraction
from typing import ClassVar

import attrs

from perfrules._fields import enum_field
from perfrules.explanation import Explanation, fmt
from perfrules.findings import Severity
from perfrules.model.indicators import Outcome, RuleContext
from perfrules.rules._common import ZERO, choice, make_outcome, rule_finding, zero_outcome
from perfrules.rules.rounding import RoundingMode, round_exact
from perfrules.values.decimals import fraction_to_decimal
from perfrules.messages import en_zh

__all__ = ["BudgetExecution", "OverBudget", "ZeroBudget"]

# ------------------------------------------------------------------ budget execution
class OverBudget(enum.Enum):
    """What to do when executed > budget (the rate exceeds 100 %)."""

    CAP = "cap"
    """Full points, silently capped."""
    FLAG = "flag"
    """Full points, capped, and a warning finding (default)."""


class ZeroBudget(enum.Enum):
    """What to do when the budget is 0."""

    ZERO = "zero"
    """No points (default)."""
    FULL = "full"
    """Full points."""
    NOT_APPLICABLE = "not_applicable"
    """Exclude the execution item (N/A)."""


@attrs.frozen
class BudgetExecution:
    """F1: ``weight × min(executed ÷ budget, 1)``.

    Args:
        base: ``"adjusted"`` (全年预算数, default; F2) or ``"initial"`` (年初预算数).
        over_budget: policy above 100 % (UNCERTAIN F3; default: cap and flag).
        zero_budget: policy when spending has no budget (budget 0, executed above 0;
            default: no points, always flagged).
        zero_budget_unspent: policy when nothing was budgeted and nothing spent
            (default: not applicable, the rest rescaled; always flagged).
    """

    kind: ClassVar[str] = "budget_execution"
    base: str = attrs.field(default="adjusted", validator=choice("adjusted", "initial"))
    over_budget: OverBudget = enum_field(OverBudget, default=OverBudget.FLAG)
    zero_budget: ZeroBudget = enum_field(ZeroBudget, default=ZeroBudget.ZERO)
    zero_budget_unspent: ZeroBudget = enum_field(ZeroBudget, default=ZeroBudget.NOT_APPLICABLE)

    def apply(self, ctx: RuleContext) -> Outcome:
        funds = ctx.funds
        w = Fraction(ctx.weight)
        if funds is None:
            f = rule_finding("funds.missing", Severity.ERROR, ctx, *en_zh("funds.missing"))
            return zero_outcome(ctx, self.kind, "actual.missing", (f,))
        budget = funds.adjusted if self.base == "adjusted" else funds.initial
        executed = funds.executed
        inputs = {"weight": ctx.weight, "budget": budget, "executed": executed, "base": self.base}
        if budget is None:
            f = rule_finding("funds.no_initial_budget", Severity.ERROR, ctx, *en_zh("funds.no_initial_budget"))
            return make_outcome(self.kind, "execution.no_initial_budget", ZERO, "0", inputs, [f])
        if budget == 0:
            policy = self.zero_budget_unspent if executed == 0 else self.zero_budget
            f = rule_finding(
                "funds.zero_budget",
                Severity.WARNING,
                ctx,
                *en_zh("funds.zero_budget", executed=fmt(executed), policy_value=policy.value),
                executed=executed,
                policy=policy.value,
            )
            if policy is ZeroBudget.NOT_APPLICABLE:
                return Outcome(ZERO, Explanation(self.kind, "not_applicable", inputs), (f,), applicable=False)
            value = w if policy is ZeroBudget.FULL else ZERO
            return make_outcome(self.kind, "execution.zero_budget", value, fmt(value and ctx.weight), inputs, [f], policy=policy.value)
        rate = Fraction(executed) / Fraction(budget)
        rate_text = _percent(rate)
        if rate > 1:
            findings = []
            if self.over_budget is OverBudget.FLAG:
                findings.append(
                    rule_finding(
                        "funds.over_budget",
                        Severity.WARNING,
                        ctx,
                        *en_zh("funds.over_budget", executed=fmt(executed), budget=fmt(budget), rate_text=rate_text),
                        rate=fraction_to_decimal(rate),
                    )
                )
            return make_outcome(
                self.kind, "execution.over_budget_capped", w, f"{fmt(ctx.weight)} × min({fmt(executed)} ÷ {fmt(budget)}, 1)", inputs, findings, rate=rate_text
            )
        if rate == 1:
            return make_outcome(self.kind, "execution.full", w, f"{fmt(ctx.weight)} × {fmt(executed)} ÷ {fmt(budget)}", inputs, [])
        return make_outcome(
            self.kind,
            "execution.proportional",
            w * rate,
            f"{fmt(ctx.weight)} × {fmt(executed)} ÷ {fmt(budget)}",
            inputs,
            [],
            rate=rate_text,
        )


def _percent(rate: Fraction) -> str:
    """``Fraction(1868, 1000)`` → ``186.8%`` (two decimals at most, truncated, marked ≈ if inexact)."""
    shown = round_exact(rate * 100, 2, RoundingMode.DOWN)
    exact = Fraction(shown) == rate * 100
    return f"{'' if exact else '≈'}{fmt(shown)}%"


