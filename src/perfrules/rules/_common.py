"""What the rule families share: reading numbers from a leaf, zero outcomes, findings."""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from decimal import Decimal
from fractions import Fraction
from typing import Any

import attrs

from perfrules.exceptions import InvalidInputError, RubricError
from perfrules.explanation import Explanation, fmt
from perfrules.findings import Finding, Severity
from perfrules.model.indicators import Outcome, RangeActual, RuleContext
from perfrules.values.lexicon import NOT_OCCURRED
from perfrules.values.notation import ActualKind, Direction, in_context, parse_actual, parse_target
from perfrules.values.reading import exact, read_pair
from perfrules.values.screening import normalize_text, simplify

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


def _na(ctx: RuleContext, rule: str, code: str, en: str, zh: str, **data: Any) -> Outcome:
    """The item is excluded (F13): the rubric's N/A policy rescales the rest."""
    f = rule_finding(code, Severity.WARNING, ctx, en, zh, **data)
    return Outcome(ZERO, Explanation(rule, "not_applicable", {"weight": ctx.weight}), (f,), applicable=False)


def _unreadable_actual(ctx: RuleContext, rule: str, target: Any, actual: Any) -> Outcome | None:
    """N/A, a contingency that did not occur, or text where a number is needed."""
    if actual.kind is ActualKind.NOT_APPLICABLE:
        return _na(
            ctx, rule, "actual.not_applicable",
            f"actual {actual.text!r} marks the item not applicable; it is excluded",
            f"实际完成值“{actual.text}”表示不适用，该项不计分并按规则折算",
            actual=actual.text,
        )  # fmt: skip
    if actual.kind is ActualKind.TEXT and NOT_OCCURRED.match(simplify(normalize_text(actual.text))):
        return _na(
            ctx, rule, "actual.not_occurred",
            f"actual {actual.text!r}: the event target {target} was set for did not occur; the item is excluded (F13)",
            f"实际完成值“{actual.text}”：目标 {target} 所针对的情形未发生，该项不适用并按规则折算",
            actual=actual.text, target=str(target),
        )  # fmt: skip
    if actual.kind in (ActualKind.TEXT, ActualKind.DATE):
        f = rule_finding(
            "actual.not_numeric",
            Severity.ERROR,
            ctx,
            f"actual {actual.text!r} is not a number, target {target} needs one",
            f"实际完成值“{actual.text}”不是数值，目标 {target} 需要数值",
            actual=actual.text,
            target=str(target),
        )
        return zero_outcome(ctx, rule, "actual.not_numeric", (f,), actual=actual.text or str(actual), rule=rule)
    return None


def _text_mismatches(ctx: RuleContext, target: Any, actual: Any) -> list[Finding]:
    findings = []
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
    return findings


def _wording(ctx: RuleContext, target: Any, actual: Any) -> list[Finding]:
    """Findings for what the cells say besides their numbers: approximations, remarks, compound targets."""
    findings = []
    for what, zh, v in (("target", "目标值", target), ("actual", "实际值", actual)):
        if v.approximate:
            findings.append(
                rule_finding(
                    f"{what}.approximate", Severity.WARNING, ctx,
                    f"the {what} {v.text!r} is approximate; its number {fmt(v.value)} is scored",
                    f"{zh}“{v.text}”为约数，按 {fmt(v.value)} 计分", text=v.text,
                )  # fmt: skip
            )
        if v.remark and not getattr(v, "compound", False):
            findings.append(
                rule_finding(
                    f"{what}.remark", Severity.WARNING, ctx,
                    f"the {what} {v.text!r} carries a remark beside its value: {v.remark!r}",
                    f"{zh}“{v.text}”附有说明：“{v.remark}”", text=v.text, remark=v.remark,
                )  # fmt: skip
            )
    if target.compound:
        findings.append(
            rule_finding(
                "target.compound", Severity.WARNING, ctx,
                f"the target {target.text!r} holds more than one clause; it is scored by its first, {fmt(target.value)}{target.unit} (the rest: {target.remark!r})",
                f"目标“{target.text}”含多项要求，按第一项 {fmt(target.value)}{target.unit} 计分（其余：“{target.remark}”）",
                text=target.text, rest=target.remark,
            )  # fmt: skip
        )
    return findings


def read_numbers(ctx: RuleContext, rule: str) -> tuple[Decimal, Decimal | Fraction, list[Finding], str, str] | Outcome:
    """Target and actual as numbers in one unit, or an outcome explaining why not.

    The actual is converted into the target's unit (:func:`~perfrules.values.pairing.reconcile`);
    what was assumed on the way is a finding; a pair that cannot be compared is unscored.
    """
    ind = ctx.indicator
    if ind is None or ind.target is None or ind.target.value is None:
        f = rule_finding("target.missing", Severity.ERROR, ctx, "no numeric target given", "缺少数值目标")
        return zero_outcome(ctx, rule, "target.missing", (f,))
    target = ind.target
    actual = ind.actual
    if actual is None:
        f = rule_finding("actual.missing", Severity.ERROR, ctx, "no actual value given", "缺少实际完成值")
        return zero_outcome(ctx, rule, "actual.missing", (f,))
    actual = in_context(actual, target)  # 无 against ≤0起 (no accidents): none is the number 0
    as_written = actual
    if (decrease := _decrease(actual, target)) is not None:
        actual = decrease
        findings_before = [
            rule_finding(
                "actual.decrease_as_negative", Severity.INFO, ctx,
                f"the actual {actual.text!r} states a fall; read as the change {fmt(actual.value)}{actual.unit}",
                f"实际完成值“{actual.text}”表示下降，按变动 {fmt(actual.value)}{actual.unit} 计",
                actual=actual.text,
            )  # fmt: skip
        ]
    else:
        findings_before = []
    if (stop := _unreadable_actual(ctx, rule, target, actual)) is not None:
        return stop
    findings = findings_before + _text_mismatches(ctx, target, as_written)
    findings += _wording(ctx, target, actual)
    pair = read_pair(target, actual, claimed=ind.claimed_score, weight=ctx.weight, policy=ctx.reading, units=ctx.units, path=ctx.path)
    if pair.refused or pair.value is None:
        return zero_outcome(ctx, rule, "unit.incompatible", (*findings, *pair.findings), actual=str(actual), target=str(target))
    findings += pair.findings
    value: Fraction = pair.value
    if actual.kind is ActualKind.RANGE:
        assert pair.upper is not None
        if ctx.range_actual is RangeActual.MIDPOINT:
            value = (pair.value + pair.upper) / 2
        elif ctx.range_actual is RangeActual.UPPER:
            value = pair.upper
        findings.append(
            rule_finding(
                "actual.range",
                Severity.WARNING,
                ctx,
                f"actual is a range {actual}; its {ctx.range_actual.value} value {fmt(exact(value))} is scored",
                f"实际完成值为区间 {actual}，按{ {'lower': '下限', 'midpoint': '中点', 'upper': '上限'}[ctx.range_actual.value] } {fmt(exact(value))} 计分",
                actual=str(actual),
                used=exact(value),
            )
        )
    if actual.qualifier is not None and _against(target.direction, actual.qualifier):
        # <90% against ≥90%: the actual only bounds itself on the side the target needs: never met, no points
        f = rule_finding(
            "actual.inequality_against_target", Severity.ERROR, ctx,
            f"the actual {actual.text!r} only says it is {actual.qualifier.value} {fmt(actual.value)}; the target {target} needs the other side: no points",
            f"实际完成值“{actual.text}”只说明其{actual.qualifier.value}{fmt(actual.value)}，无法达到目标 {target}，不得分",
            actual=actual.text, target=str(target),
        )  # fmt: skip
        return zero_outcome(ctx, rule, "actual.inequality_against_target", (*findings, f), actual=actual.text, target=str(target))
    if actual.qualifier is not None:
        findings.append(
            rule_finding(
                "actual.inequality",
                Severity.WARNING,
                ctx,
                f"actual is reported as an inequality {actual.text!r}; its bound {fmt(exact(value))} is scored",
                f"实际完成值以不等式“{actual.text}”填报，按边界值 {fmt(exact(value))} 计分",
                actual=actual.text,
            )
        )
    return target.value, exact(value), findings, pair.unit, pair.conversion


_DECREASE = re.compile(r"(?:下降|减少|降低|下滑|回落|降幅|减幅|缩减|压减|下降了|减少了|降低了)(?:为|到|了)?$")


def _decrease(actual: Any, target: Any) -> Any | None:
    """``同比下降3%`` as the change -3 % — unless the target is itself written as a fall (降幅≥5%)."""
    if actual.kind is not ActualKind.NUMBER or not actual.value or actual.value < 0 or not _DECREASE.search(actual.remark):
        return None
    unit = actual.unit or target.unit
    if unit not in ("", "%", "‰") or "下降" in target.text or "降" in target.remark or "减" in target.remark:
        return None
    return attrs.evolve(actual, value=-actual.value)


def _against(target: Direction, qualifier: Direction) -> bool:
    """An inequality actual bounded on the side its target does not need (<90% against ≥90%)."""
    if target.is_positive or target is Direction.EQ:
        return qualifier.is_reverse
    if target.is_reverse:
        return qualifier.is_positive
    return False


def read_quantitative(rule: str, ctx: RuleContext) -> tuple[Fraction, Decimal, Decimal, dict[str, Any], list[Finding]] | Outcome:
    got = read_numbers(ctx, rule)
    if isinstance(got, Outcome):
        return got
    t, a, findings, unit, conversion = got
    ind = ctx.indicator
    assert ind is not None and ind.target is not None
    inputs = {"weight": ctx.weight, "target": t, "actual": a, "direction": ind.target.direction.value, "unit": unit}
    if conversion:
        inputs["conversion"] = conversion
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


def strict_boundary(rule: str, ctx: RuleContext, inputs: Mapping[str, Any], findings: list[Finding], **params: Any) -> Outcome:
    """An actual exactly at a strict bound (``>100`` against 100): the rubric's ``strict_boundary`` share."""
    share = ctx.reading.strict_boundary
    findings.append(
        rule_finding(
            "target.strict_boundary",
            Severity.INFO if share == 1 else Severity.WARNING,
            ctx,
            f"actual {fmt(params['actual'])} sits exactly at the strict bound of {params['target']}; scored {fmt(share)} of the points (reading.strict_boundary)",
            f"实际值 {fmt(params['actual'])} 恰为严格不等式目标的边界，按规则得分值的 {fmt(share)} 倍",
            share=share,
        )
    )
    return make_outcome(rule, "strict.boundary", Fraction(ctx.weight) * Fraction(share), f"{fmt(ctx.weight)} × {fmt(share)}", inputs, findings, share=share, **params)


def make_outcome(
    rule: str, clause: str, value: Fraction, formula: str, inputs: Mapping[str, Any], findings: list[Finding], **params: Any
) -> Outcome:
    unit = inputs.get("unit", "")
    if unit:  # the explanation says "actual 8500万元 exceeds target 90万元", not bare numbers
        params = {k: f"{fmt(v)}{unit}" if k in ("actual", "target") and isinstance(v, (Decimal, Fraction)) else v for k, v in params.items()}
    return Outcome(value, Explanation(rule, clause, inputs, formula, params), tuple(findings))


