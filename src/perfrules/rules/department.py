"""Department-overall (部门整体) rules: the ratio indicators of the common framework, by their definitions.

Three rule kinds score the rates of department-overall evaluation, as local tables built on the
department-overall framework of 财预〔2013〕53号 define them:

- ``control_rate`` (:class:`ControlRate`) — a rate that may not exceed a limit, e.g. 在职人员控制率 =
  in-post staff ÷ authorised establishment (a published local table): full points at or under
  ``limit`` (100 %), ``per_point`` deducted per percentage point above it (that table: 0.5 of 5
  points), never below 0;
- ``change_rate`` (:class:`ChangeRate`) — a year-on-year change that may not exceed a limit, e.g.
  "三公经费"变动率 = (this year − last year) ÷ last year (the same table): full points at or under
  ``limit`` (0 %), ``per_point`` per percentage point above it (that table: 0.8 of 8 points), never
  below 0;
- ``completion_rate`` (:class:`CompletionRate`) — 按完成比例计算得分，满分为止 (a local
  budget-management table): expenditure completion = spending ÷ initial budget, carry-over rate = carry-over ÷ spending
  (``better = "lower"``), carry-over change rate (``figures = "change"``).

Where a rule reads its figures
------------------------------
The rule protocol gives a rule the indicator it scores (:class:`~perfrules.model.indicators.RuleContext`
holds no facts of the report), so each rule reads that indicator's target and actual, in one of two
forms told apart by their unit:

* **rate form** — the actual is the rate in % (``104%``, ``同比下降3%``, read exactly). With no target
  the rule's parameter is the standard; a target the report gives in % is its own standard (年度指标值)
  and replaces the parameter (info finding ``department.own_standard`` when they differ).
* **figures form** — target and actual are the two figures the rate is made of, in one unit (converted
  exactly, ``126万元`` against ``≤120万元``): the target is the reference — the establishment, last
  year's amount, the initial budget, the year's spending — and the actual the figure measured against
  it. The rate is computed exactly by the rule's definition; the standard is the rule's parameter.

Every number stays a :class:`~fractions.Fraction` until the rubric rounds the item. The explanation
carries the formula with the figures filled in, and a rate above a declared ``ceiling`` (an expenditure
completion of 186.8 %, which a report may print as 100 %) is scored as full points and reported
(``department.rate_above_ceiling``).
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from typing import Any, ClassVar

import attrs

from perfrules._fields import enum_field
from perfrules.exceptions import RubricError
from perfrules.explanation import fmt
from perfrules.findings import Finding, Severity
from perfrules.model.indicators import Outcome, RuleContext
from perfrules.rules._common import ZERO, choice, make_outcome, read_numbers, rule_finding, zero_outcome
from perfrules.rules.deduction import DeductionCounting
from perfrules.rules.rounding import RoundingMode, round_exact
from perfrules.values.decimals import decimal_field, fraction_to_decimal, optional_decimal_field
from perfrules.values.notation import parse_target
from perfrules.messages import en_zh

__all__ = ["ChangeRate", "CompletionRate", "ControlRate", "rate_text"]

#: units of the rate form, and what one of them is in percent
_RATE_UNITS = {"%": Fraction(1), "‰": Fraction(1, 10)}


def rate_text(rate: Fraction) -> str:
    """A rate in percent as a reader sees it: ``186.81%``, marked ``≈`` when two places do not hold it exactly.

    >>> rate_text(Fraction(2168025, 100) / Fraction(1160529, 100) * 100)  # 21680.25 ÷ 11605.29
    '≈186.81%'
    >>> rate_text(Fraction(104))
    '104%'
    """
    shown = round_exact(rate, 2, RoundingMode.HALF_UP)
    return f"{'' if Fraction(shown) == rate else '≈'}{fmt(shown)}%"


def _not_negative(instance: Any, attribute: attrs.Attribute, value: Decimal) -> None:
    if value < 0:
        raise RubricError(f"{type(instance).kind}: {attribute.name} must not be negative, got {value}")


@attrs.frozen
class _Reading:
    """A rate read from one indicator: the rate and its standard in percent, how it was made, what was noticed."""

    rate: Fraction
    standard: Fraction
    expr: str
    """The rate as arithmetic in percent (``52 ÷ 50 × 100``, ``104``)."""
    inputs: dict[str, Any]
    findings: list[Finding]


def _read(kind: str, ctx: RuleContext, default: Decimal, comparator: str, figures: str) -> _Reading | Outcome:
    """The rate of the indicator in ``ctx`` (rate or figures form) and the standard it is held to."""
    ind = ctx.indicator
    own = ind is not None and ind.target is not None
    if ind is not None and ind.target is None:
        # no target: the rule's own standard, written as the target a table would print
        ctx = attrs.evolve(ctx, indicator=attrs.evolve(ind, target=parse_target(f"{comparator}{fmt(default)}%")))
    got = read_numbers(ctx, kind)
    if isinstance(got, Outcome):
        return got
    t, a, findings, unit, conversion = got
    ft, fa = Fraction(t), Fraction(a)
    inputs: dict[str, Any] = {"weight": ctx.weight, "target": t, "actual": a, "unit": unit}
    if conversion:
        inputs["conversion"] = conversion
    if unit in _RATE_UNITS:
        scale = _RATE_UNITS[unit]
        rate, standard = fa * scale, (ft * scale if own else Fraction(default))
        expr = fmt(a) if scale == 1 else f"{fmt(a)} ÷ 10"
        inputs["form"] = "rate"
        if own and standard != Fraction(default):
            findings.append(
                rule_finding(
                    "department.own_standard", Severity.INFO, ctx,
                    *en_zh("department.own_standard", rate_text_standard=rate_text(standard), default=fmt(default)),
                    own=fraction_to_decimal(standard), rubric=default,
                )
            )
    else:
        standard = Fraction(default)
        inputs["form"] = "figures"
        if ft <= 0 and not (figures == "change" and ft == fa == 0):
            f = rule_finding(
                "department.zero_reference", Severity.ERROR, ctx,
                *en_zh("department.zero_reference", t=fmt(t), unit=unit),
                reference=t, actual=a,
            )
            return zero_outcome(ctx, kind, "department.zero_reference", (*findings, f), reference=f"{fmt(t)}{unit}")
        if figures == "ratio":
            rate, expr = fa / ft * 100, f"{fmt(a)} ÷ {fmt(t)} × 100"
        elif ft == 0:  # nothing either year: no change
            rate, expr = ZERO, "0"
        else:
            rate, expr = (fa - ft) / ft * 100, f"({fmt(a)} − {fmt(t)}) ÷ {fmt(t)} × 100"
    inputs.update(rate=fraction_to_decimal(rate), standard=fraction_to_decimal(standard))
    return _Reading(rate, standard, expr, inputs, findings)


def _counted(over: Fraction, counting: DeductionCounting) -> tuple[Fraction, str]:
    """Percentage points over the limit as deduction units, and their notation around an expression."""
    if counting is DeductionCounting.STARTED_STEP:
        return Fraction(-((-over.numerator) // over.denominator)), "⌈{}⌉"
    if counting is DeductionCounting.FULL_STEP:
        return Fraction(over.numerator // over.denominator), "⌊{}⌋"
    return over, "({})"


def _over_limit(rule: ControlRate | ChangeRate, ctx: RuleContext, figures: str) -> Outcome:
    """Full points at or under the limit; ``per_point`` off per percentage point above it; never below 0."""
    got = _read(rule.kind, ctx, rule.limit, "≤", figures)
    if isinstance(got, Outcome):
        return got
    w = Fraction(ctx.weight)
    over = max(ZERO, got.rate - got.standard)
    inputs = {**got.inputs, "per_point": rule.per_point, "counting": rule.counting.value, "over": fraction_to_decimal(over)}
    p = {"rate": rate_text(got.rate), "limit": rate_text(got.standard), "per_point": rule.per_point, "over": rate_text(over)[:-1]}
    if over == 0:
        return make_outcome(rule.kind, f"{rule.kind}.within", w, f"{fmt(ctx.weight)} ({got.expr} ≤ {fmt(got.standard)})", inputs, got.findings, **p)
    units, notation = _counted(over, rule.counting)
    formula = f"{fmt(ctx.weight)} − {fmt(rule.per_point)} × {notation.format(f'{got.expr} − {fmt(got.standard)}')}"
    deduction = Fraction(rule.per_point) * units
    if deduction >= w:
        return make_outcome(rule.kind, f"{rule.kind}.floored", ZERO, f"max(0, {formula})", inputs, got.findings, **p)
    return make_outcome(rule.kind, f"{rule.kind}.deducted", w - deduction, formula, inputs, got.findings, **p)


@attrs.frozen
class ControlRate:
    """A rate held under a limit, e.g. 在职人员控制率 = 在职人员数 ÷ 编制数 (a published local table).

    ``max(0, weight − per_point × percentage points above limit)``.

    Args:
        per_point: points deducted per percentage point above the limit (that table: 0.5; another
            province's table: 0.1 of 1 point — a parameter, never a constant).
        limit: the rate in % at or under which the item has full points (default 100 %; a
            target in % the report gives replaces it).
        counting: how a part of a percentage point counts (UNCERTAIN: ``proportional`` by
            default, or ``started_step`` / ``full_step``).

    Figures form: target = the establishment (编制数), actual = staff in post; rate = actual ÷ target.
    """

    kind: ClassVar[str] = "control_rate"
    per_point: Decimal = decimal_field(validator=_not_negative)
    limit: Decimal = decimal_field(default=Decimal(100))
    counting: DeductionCounting = enum_field(DeductionCounting, default=DeductionCounting.PROPORTIONAL)

    def apply(self, ctx: RuleContext) -> Outcome:
        return _over_limit(self, ctx, "ratio")


@attrs.frozen
class ChangeRate:
    """A year-on-year change held under a limit, e.g. "三公经费"变动率 (a published local table).

    ``max(0, weight − per_point × percentage points above limit)``.

    Args:
        per_point: points deducted per percentage point above the limit (that table: 0.8).
        limit: the change in % at or under which the item has full points (default 0 %: no rise;
            a target in % the report gives replaces it).
        counting: how a part of a percentage point counts (default ``proportional``).

    Figures form: target = last year's amount, actual = this year's; change = (actual − target) ÷ target
    (nothing in either year is no change).
    """

    kind: ClassVar[str] = "change_rate"
    per_point: Decimal = decimal_field(validator=_not_negative)
    limit: Decimal = decimal_field(default=Decimal(0))
    counting: DeductionCounting = enum_field(DeductionCounting, default=DeductionCounting.PROPORTIONAL)

    def apply(self, ctx: RuleContext) -> Outcome:
        return _over_limit(self, ctx, "change")


@attrs.frozen
class CompletionRate:
    """按完成比例计算得分，满分为止 (a local table): points in proportion to a standard, up to full marks.

    * ``better = "higher"`` (expenditure completion, 实际完成率): ``weight × min(rate ÷ standard, 1)``
      (a standard of 0 or below: full when reached, else 0);
    * ``better = "lower"`` (carry-over rate, its change): full at or under the standard; above it
      ``weight × standard ÷ rate`` for a positive standard; for a required fall (a negative standard,
      −30 %) ``weight × rate ÷ standard`` while the rate is still a fall, else 0; a standard of 0 gives
      0 to any rise.

    Args:
        standard: the rate in % for full marks (default 100 %; a target in % the report gives replaces it).
        better: ``"higher"`` (default) or ``"lower"``.
        figures: how the figures form makes the rate: ``"ratio"`` = actual ÷ target (spending ÷ 年初预算数;
            结转结余 ÷ spending), ``"change"`` = (actual − target) ÷ target (this year's carry-over
            against last year's).
        ceiling: a rate above it (in %) cannot be honest (spending above the budget: 100): it is
            scored as full points all the same and reported (``department.rate_above_ceiling``).
    """

    kind: ClassVar[str] = "completion_rate"
    standard: Decimal = decimal_field(default=Decimal(100))
    better: str = attrs.field(default="higher", validator=choice("higher", "lower"))
    figures: str = attrs.field(default="ratio", validator=choice("ratio", "change"))
    ceiling: Decimal | None = optional_decimal_field()

    def apply(self, ctx: RuleContext) -> Outcome:
        got = _read(self.kind, ctx, self.standard, "≥" if self.better == "higher" else "≤", self.figures)
        if isinstance(got, Outcome):
            return got
        w, r, s, e = Fraction(ctx.weight), got.rate, got.standard, got.expr
        inputs = {**got.inputs, "better": self.better, "figures": self.figures}
        findings = got.findings
        if self.ceiling is not None and r > Fraction(self.ceiling):
            findings.append(
                rule_finding(
                    "department.rate_above_ceiling", Severity.WARNING, ctx,
                    *en_zh("department.rate_above_ceiling", e=e, rate_text_r=rate_text(r), self_ceiling=fmt(self.ceiling)),
                    rate=fraction_to_decimal(r), ceiling=self.ceiling,
                )
            )
        p = {"rate": rate_text(r), "standard": rate_text(s)}
        if self.better == "higher":
            if r >= s:
                formula = f"{fmt(ctx.weight)} × min({e} ÷ {fmt(s)}, 1)" if s > 0 else f"{fmt(ctx.weight)} ({e} ≥ {fmt(s)})"
                return make_outcome(self.kind, "completion_rate.met", w, formula, inputs, findings, **p)
            if s <= 0 or r <= 0:
                return make_outcome(self.kind, "completion_rate.missed", ZERO, "0", inputs, findings, **p)
            return make_outcome(self.kind, "completion_rate.proportional", w * r / s, f"{fmt(ctx.weight)} × {e} ÷ {fmt(s)}", inputs, findings, **p)
        if r <= s:
            return make_outcome(self.kind, "completion_rate.within", w, f"{fmt(ctx.weight)} ({e} ≤ {fmt(s)})", inputs, findings, **p)
        if s > 0:
            return make_outcome(self.kind, "completion_rate.above", w * s / r, f"{fmt(ctx.weight)} × {fmt(s)} ÷ ({e})", inputs, findings, **p)
        if s < 0 and r < 0:
            return make_outcome(self.kind, "completion_rate.fall_partly", w * r / s, f"{fmt(ctx.weight)} × ({e}) ÷ ({fmt(s)})", inputs, findings, **p)
        return make_outcome(self.kind, "completion_rate.missed", ZERO, "0", inputs, findings, **p)
