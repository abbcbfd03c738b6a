"""What the rule families share: reading numbers from a leaf, zero outcomes, findings."""

from __future__ import annotations

import functools
from collections.abc import Mapping
from decimal import Decimal
from fractions import Fraction
from typing import Any

import attrs

from perfrules.exceptions import InvalidInputError, RubricError
from perfrules.explanation import Explanation, fmt
from perfrules.findings import Finding, Severity
from perfrules.model.rule import Outcome, RangeActual, RuleContext
from perfrules.values.decimals import fraction_to_decimal
from perfrules.values.notation import ActualKind, parse_actual, parse_target, units_compatible

ZERO = Fraction(0)
ONE = Fraction(1)


# ------------------------------------------------------------------ helpers
def choice(*choices: str) -> Any:
    def check(instance: Any, attribute: attrs.Attribute, value: Any) -> None:
        if value not in choices:
            raise RubricError(f"{attribute.name}: {value!r} is not one of {', '.join(map(repr, choices))}")

    return check


def rule_finding(code: str, severity: Severity, ctx: RuleContext, en: str, zh: str, **data: Any) -> Finding:
    return Finding(code, severity, ctx.path, en, zh, data)


def zero_outcome(ctx: RuleContext, kind: str, clause: str, findings: tuple[Finding, ...] = (), **params: Any) -> Outcome:
    return Outcome(ZERO, Explanation(kind, clause, {"weight": ctx.weight}, "0", params), findings)


@functools.lru_cache(maxsize=4096)
def _reread(parse: Any, text: str) -> tuple[Decimal, Decimal | None] | None:
    """The numbers a value's original text reads as, if it reads as numbers at all."""
    if not text:
        return None
    try:
        parsed = parse(text)
    except InvalidInputError:
        return None
    return None if parsed.value is None else (parsed.value, parsed.upper)


def read_numbers(ctx: RuleContext, rule: str) -> tuple[Decimal, Decimal, list[Finding]] | Outcome:
    """Target and actual as numbers, or a zero outcome explaining why not."""
    ind = ctx.indicator
    if ind is None or ind.target is None or ind.target.value is None:
        f = rule_finding("target.missing", Severity.ERROR, ctx, "no numeric target given", "缺少数值目标")
        return zero_outcome(ctx, rule, "target.missing", (f,))
    target = ind.target
    actual = ind.actual
    if actual is None:
        f = rule_finding("actual.missing", Severity.ERROR, ctx, "no actual value given", "缺少实际完成值")
        return zero_outcome(ctx, rule, "actual.missing", (f,))
    if actual.kind is ActualKind.TEXT:
        f = rule_finding(
            "actual.not_numeric",
            Severity.ERROR,
            ctx,
            f"actual {actual.text!r} is not a number, target {target} needs one",
            f"实际完成值“{actual.text}”不是数值，目标 {target} 需要数值",
            actual=actual.text,
            target=str(target),
        )
        return zero_outcome(ctx, rule, "actual.not_numeric", (f,), actual=actual.text, rule=rule)
    findings: list[Finding] = []
    for what, given, reread in (("target", target, _reread(parse_target, target.text)), ("actual", actual, _reread(parse_actual, actual.text))):
        if reread is not None and given.value is not None and reread != (given.value, given.upper):
            findings.append(
                rule_finding(
                    f"{what}.text_mismatch",
                    Severity.WARNING,
                    ctx,
                    f"the {what}'s text {given.text!r} reads {fmt(reread[0])}, but its value is {fmt(given.value)}; the value is scored",
                    f"{'目标' if what == 'target' else '实际'}值文字“{given.text}”为 {fmt(reread[0])}，与数值 {fmt(given.value)} 不一致，按数值计分",
                    text=given.text,
                    value=given.value,
                )
            )
    assert actual.value is not None
    value = actual.value
    if actual.kind is ActualKind.RANGE:
        assert actual.upper is not None
        if ctx.range_actual is RangeActual.MIDPOINT:
            value = fraction_to_decimal((Fraction(actual.value) + Fraction(actual.upper)) / 2)
        elif ctx.range_actual is RangeActual.UPPER:
            value = actual.upper
        findings.append(
            rule_finding(
                "actual.range",
                Severity.WARNING,
                ctx,
                f"actual is a range {actual}; its {ctx.range_actual.value} value {fmt(value)} is scored",
                f"实际完成值为区间 {actual}，按{ {'lower': '下限', 'midpoint': '中点', 'upper': '上限'}[ctx.range_actual.value] } {fmt(value)} 计分",
                actual=str(actual),
                used=value,
            )
        )
    if actual.qualifier is not None:
        findings.append(
            rule_finding(
                "actual.inequality",
                Severity.WARNING,
                ctx,
                f"actual is reported as an inequality {actual.text!r}; its bound {fmt(value)} is scored",
                f"实际完成值以不等式“{actual.text}”填报，按边界值 {fmt(value)} 计分",
                actual=actual.text,
            )
        )
    if value < 0 and target.value >= 0:
        # F9: negative actuals count as 0 — for measures that cannot be negative
        findings.append(
            rule_finding(
                "actual.negative",
                Severity.WARNING,
                ctx,
                f"negative actual {fmt(value)} is scored as 0",
                f"实际完成值 {fmt(value)} 为负，按 0 计分",
                actual=value,
            )
        )
        value = Decimal(0)
    if not units_compatible(target.unit, actual.unit):
        findings.append(
            rule_finding(
                "unit.mismatch",
                Severity.WARNING,
                ctx,
                f"actual unit {actual.unit!r} differs from target unit {target.unit!r}; compared as numbers",
                f"实际值单位“{actual.unit}”与目标单位“{target.unit}”不一致，按数值比较",
                target_unit=target.unit,
                actual_unit=actual.unit,
            )
        )
    return target.value, value, findings


def read_quantitative(rule: str, ctx: RuleContext) -> tuple[Fraction, Decimal, Decimal, dict[str, Any], list[Finding]] | Outcome:
    got = read_numbers(ctx, rule)
    if isinstance(got, Outcome):
        return got
    t, a, findings = got
    ind = ctx.indicator
    assert ind is not None and ind.target is not None
    inputs = {"weight": ctx.weight, "target": t, "actual": a, "direction": ind.target.direction.value}
    return Fraction(ctx.weight), t, a, inputs, findings


def negative_target(
    rule: str, ctx: RuleContext, met: bool, inputs: Mapping[str, Any], findings: list[Finding], **params: Any
) -> Outcome:
    """Targets below 0 (a change rate ≤ −5 %): ratios are meaningless, so met → full, missed → 0."""
    findings.append(
        rule_finding(
            "target.negative",
            Severity.WARNING,
            ctx,
            f"target {params['target']} is negative: scored full if met, else 0 (no proportional formula applies)",
            f"目标值 {params['target']} 为负数，比例公式不适用：达到得满分，未达到不得分",
            target=str(params["target"]),
        )
    )
    value = Fraction(ctx.weight) if met else ZERO
    return make_outcome(rule, "negative.met" if met else "negative.missed", value, fmt(ctx.weight) if met else "0", inputs, findings, **params)


def make_outcome(
    rule: str, clause: str, value: Fraction, formula: str, inputs: Mapping[str, Any], findings: list[Finding], **params: Any
) -> Outcome:
    return Outcome(value, Explanation(rule, clause, inputs, formula, params), tuple(findings))


