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
from perfrules.messages import en_zh

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
            *en_zh("rules._common._unreadable_actual", actual_text=actual.text),
            actual=actual.text,
        )  # fmt: skip
    if actual.kind is ActualKind.TEXT and NOT_OCCURRED.match(simplify(normalize_text(actual.text))):
        return _na(
            ctx, rule, "actual.not_occurred",
            *en_zh("rules._common._unreadable_actual.2", actual_text=actual.text, target=target),
            actual=actual.text, target=str(target),
        )  # fmt: skip
    if actual.kind in (ActualKind.TEXT, ActualKind.DATE):
        f = rule_finding(
            "actual.not_numeric",
            Severity.ERROR,
            ctx,
            *en_zh("actual.not_numeric", actual_text=actual.text, target=target),
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
                    *en_zh("rules._common._text_mismatches", what=what, given_text=given.text, reread_0=fmt(reread[0]), given_value=fmt(given.value), 目标_if_what_target_else_实际='目标' if what == 'target' else '实际'),
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
                    *en_zh("rules._common._wording", what=what, v_text=v.text, v_value=fmt(v.value), zh=zh), text=v.text,
                )  # fmt: skip
            )
        if v.remark and not getattr(v, "compound", False):
            findings.append(
                rule_finding(
                    f"{what}.remark", Severity.WARNING, ctx,
                    *en_zh("rules._common._wording.2", what=what, v_text=v.text, v_remark=v.remark, zh=zh), text=v.text, remark=v.remark,
                )  # fmt: skip
            )
    if target.compound:
        findings.append(
            rule_finding(
                "target.compound", Severity.WARNING, ctx,
                *en_zh("target.compound", target_text=target.text, target_value=fmt(target.value), target_unit=target.unit, target_remark=target.remark),
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
        f = rule_finding("target.missing", Severity.ERROR, ctx, *en_zh("target.missing.2"))
        return zero_outcome(ctx, rule, "target.missing", (f,))
    target = ind.target
    actual = ind.actual
    if actual is None:
        f = rule_finding("actual.missing", Severity.ERROR, ctx, *en_zh("actual.missing"))
        return zero_outcome(ctx, rule, "actual.missing", (f,))
    actual = in_context(actual, target)  # 无 against ≤0起 (no accidents): none is the number 0
    as_written = actual
    if (decrease := _decrease(actual, target)) is not None:
        actual = decrease
        findings_before = [
            rule_finding(
                "actual.decrease_as_negative", Severity.INFO, ctx,
                *en_zh("actual.decrease_as_negative", actual_text=actual.text, actual_value=fmt(actual.value), actual_unit=actual.unit),
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
                *en_zh("actual.range", actual=actual, ctx_range_actual_value=ctx.range_actual.value, exact_value=fmt(exact(value)), lower_下限_midpoint_中点_upper_上限_ctx_range_={'lower': '下限', 'midpoint': '中点', 'upper': '上限'}[ctx.range_actual.value]),
                actual=str(actual),
                used=exact(value),
            )
        )
    if actual.qualifier is not None and _against(target.direction, actual.qualifier):
        # <90% against ≥90%: the actual only bounds itself on the side the target needs: never met, no points
        f = rule_finding(
            "actual.inequality_against_target", Severity.ERROR, ctx,
            *en_zh("actual.inequality_against_target", actual_text=actual.text, actual_qualifier_value=actual.qualifier.value, actual_value=fmt(actual.value), target=target),
            actual=actual.text, target=str(target),
        )  # fmt: skip
        return zero_outcome(ctx, rule, "actual.inequality_against_target", (*findings, f), actual=actual.text, target=str(target))
    if actual.qualifier is not None:
        findings.append(
            rule_finding(
                "actual.inequality",
                Severity.WARNING,
                ctx,
                *en_zh("actual.inequality", actual_text=actual.text, exact_value=fmt(exact(value))),
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
            *en_zh("target.negative", params_target=params['target']),
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
            *en_zh("target.strict_boundary", params_actual=fmt(params['actual']), params_target=params['target'], share=fmt(share)),
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


