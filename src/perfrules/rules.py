"""Scoring rules: each turns one item's inputs into points in ``[0, weight]``.

A rule is a small frozen class whose parameters are plain data, so a rubric
made of rules can be compared, serialised and linted. Every rule returns an
:class:`Outcome`: the exact value (a :class:`~fractions.Fraction`, rounded
later where the rubric declares it), an
:class:`~perfrules.explanation.Explanation` and any findings.

Formulas follow ``shared`` domain notes §2.2 (F1–F10); where the sources
disagree or are silent the choice is a parameter with a documented default.
"""

from __future__ import annotations

import enum
import functools
from collections.abc import Mapping
from decimal import Decimal
from fractions import Fraction
from typing import Any, ClassVar

import attrs

from perfrules._fields import enum_field, tuple_field
from perfrules.decimals import decimal_field, fraction_to_decimal, to_decimal
from perfrules.exceptions import InvalidInputError, RubricError
from perfrules.explanation import Explanation, fmt
from perfrules.findings import Finding, Severity
from perfrules.indicators import Assessment
from perfrules.notation import ActualKind, Direction, parse_actual, parse_target, units_compatible
from perfrules.protocols import Outcome, RangeActual, Rule, RuleContext

__all__ = [
    "Band",
    "BudgetExecution",
    "Checklist",
    "ChecklistItem",
    "Deduction",
    "DeductionCounting",
    "Equal",
    "EqualVariant",
    "Judged",
    "NotApplicable",
    "OverBudget",
    "Outcome",
    "Positive",
    "QualitativeBands",
    "RangeActual",
    "RangeRule",
    "Reverse",
    "ReverseVariant",
    "Rule",
    "RuleContext",
    "ZeroBudget",
]

ZERO = Fraction(0)
ONE = Fraction(1)


# ------------------------------------------------------------------ helpers
def _choice(*choices: str) -> Any:
    def check(instance: Any, attribute: attrs.Attribute, value: Any) -> None:
        if value not in choices:
            raise RubricError(f"{attribute.name}: {value!r} is not one of {', '.join(map(repr, choices))}")

    return check


def _finding(code: str, severity: Severity, ctx: RuleContext, en: str, zh: str, **data: Any) -> Finding:
    return Finding(code, severity, ctx.path, en, zh, data)


def _zero(ctx: RuleContext, kind: str, clause: str, findings: tuple[Finding, ...] = (), **params: Any) -> Outcome:
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


def _numbers(ctx: RuleContext, rule: str) -> tuple[Decimal, Decimal, list[Finding]] | Outcome:
    """Target and actual as numbers, or a zero outcome explaining why not."""
    ind = ctx.indicator
    if ind is None or ind.target is None or ind.target.value is None:
        f = _finding("target.missing", Severity.ERROR, ctx, "no numeric target given", "缺少数值目标")
        return _zero(ctx, rule, "target.missing", (f,))
    target = ind.target
    actual = ind.actual
    if actual is None:
        f = _finding("actual.missing", Severity.ERROR, ctx, "no actual value given", "缺少实际完成值")
        return _zero(ctx, rule, "actual.missing", (f,))
    if actual.kind is ActualKind.TEXT:
        f = _finding(
            "actual.not_numeric",
            Severity.ERROR,
            ctx,
            f"actual {actual.text!r} is not a number, target {target} needs one",
            f"实际完成值“{actual.text}”不是数值，目标 {target} 需要数值",
            actual=actual.text,
            target=str(target),
        )
        return _zero(ctx, rule, "actual.not_numeric", (f,), actual=actual.text, rule=rule)
    findings: list[Finding] = []
    for what, given, reread in (("target", target, _reread(parse_target, target.text)), ("actual", actual, _reread(parse_actual, actual.text))):
        if reread is not None and given.value is not None and reread != (given.value, given.upper):
            findings.append(
                _finding(
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
            _finding(
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
            _finding(
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
            _finding(
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
            _finding(
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


def _quantitative(rule: str, ctx: RuleContext) -> tuple[Fraction, Decimal, Decimal, dict[str, Any], list[Finding]] | Outcome:
    got = _numbers(ctx, rule)
    if isinstance(got, Outcome):
        return got
    t, a, findings = got
    ind = ctx.indicator
    assert ind is not None and ind.target is not None
    inputs = {"weight": ctx.weight, "target": t, "actual": a, "direction": ind.target.direction.value}
    return Fraction(ctx.weight), t, a, inputs, findings


def _negative(
    rule: str, ctx: RuleContext, met: bool, inputs: Mapping[str, Any], findings: list[Finding], **params: Any
) -> Outcome:
    """Targets below 0 (a change rate ≤ −5 %): ratios are meaningless, so met → full, missed → 0."""
    findings.append(
        _finding(
            "target.negative",
            Severity.WARNING,
            ctx,
            f"target {params['target']} is negative: scored full if met, else 0 (no proportional formula applies)",
            f"目标值 {params['target']} 为负数，比例公式不适用：达到得满分，未达到不得分",
            target=str(params["target"]),
        )
    )
    value = Fraction(ctx.weight) if met else ZERO
    return _outcome(rule, "negative.met" if met else "negative.missed", value, fmt(ctx.weight) if met else "0", inputs, findings, **params)


def _outcome(
    rule: str, clause: str, value: Fraction, formula: str, inputs: Mapping[str, Any], findings: list[Finding], **params: Any
) -> Outcome:
    return Outcome(value, Explanation(rule, clause, inputs, formula, params), tuple(findings))


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
        zero_budget: policy at budget 0 (default: no points, always flagged).
    """

    kind: ClassVar[str] = "budget_execution"
    base: str = attrs.field(default="adjusted", validator=_choice("adjusted", "initial"))
    over_budget: OverBudget = enum_field(OverBudget, default=OverBudget.FLAG)
    zero_budget: ZeroBudget = enum_field(ZeroBudget, default=ZeroBudget.ZERO)

    def apply(self, ctx: RuleContext) -> Outcome:
        funds = ctx.funds
        w = Fraction(ctx.weight)
        if funds is None:
            f = _finding("funds.missing", Severity.ERROR, ctx, "no funds given", "缺少资金情况")
            return _zero(ctx, self.kind, "actual.missing", (f,))
        budget = funds.adjusted if self.base == "adjusted" else funds.initial
        executed = funds.executed
        inputs = {"weight": ctx.weight, "budget": budget, "executed": executed, "base": self.base}
        if budget is None:
            f = _finding("funds.no_initial_budget", Severity.ERROR, ctx, "no initial budget (年初预算数) given", "缺少年初预算数")
            return _outcome(self.kind, "execution.no_initial_budget", ZERO, "0", inputs, [f])
        if budget == 0:
            f = _finding(
                "funds.zero_budget",
                Severity.WARNING,
                ctx,
                f"budget is 0 (executed {fmt(executed)}); scored by policy '{self.zero_budget.value}'",
                f"预算数为 0（执行数 {fmt(executed)}），按“{self.zero_budget.value}”规则计分",
                executed=executed,
            )
            if self.zero_budget is ZeroBudget.NOT_APPLICABLE:
                return Outcome(ZERO, Explanation(self.kind, "not_applicable", inputs), (f,), applicable=False)
            value = w if self.zero_budget is ZeroBudget.FULL else ZERO
            return _outcome(self.kind, "execution.zero_budget", value, fmt(value and ctx.weight), inputs, [f], policy=self.zero_budget.value)
        rate = Fraction(executed) / Fraction(budget)
        rate_text = _percent(rate)
        if rate > 1:
            findings = []
            if self.over_budget is OverBudget.FLAG:
                findings.append(
                    _finding(
                        "funds.over_budget",
                        Severity.WARNING,
                        ctx,
                        f"executed {fmt(executed)} exceeds budget {fmt(budget)} (rate {rate_text}); capped at full points",
                        f"执行数 {fmt(executed)} 超过预算数 {fmt(budget)}（执行率 {rate_text}），按满分封顶",
                        rate=fraction_to_decimal(rate),
                    )
                )
            return _outcome(
                self.kind, "execution.over_budget_capped", w, f"{fmt(ctx.weight)} × min({fmt(executed)} ÷ {fmt(budget)}, 1)", inputs, findings, rate=rate_text
            )
        if rate == 1:
            return _outcome(self.kind, "execution.full", w, f"{fmt(ctx.weight)} × {fmt(executed)} ÷ {fmt(budget)}", inputs, [])
        return _outcome(
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
    from perfrules.rounding import RoundingMode, round_exact

    shown = round_exact(rate * 100, 2, RoundingMode.DOWN)
    exact = Fraction(shown) == rate * 100
    return f"{'' if exact else '≈'}{fmt(shown)}%"


# ------------------------------------------------------------------ quantitative rules
@attrs.frozen
class Positive:
    """F4, ≥ / >: ``weight × min(actual ÷ target, 1)``; no bonus above the target.

    Args:
        zero_target: ``"full"`` (default: any non-negative actual meets a 0
            target) or ``"zero"``.
    """

    kind: ClassVar[str] = "positive"
    zero_target: str = attrs.field(default="full", validator=_choice("full", "zero"))

    def apply(self, ctx: RuleContext) -> Outcome:
        got = _quantitative(self.kind, ctx)
        if isinstance(got, Outcome):
            return got
        w, t, a, inputs, findings = got
        p = {"actual": a, "target": t}
        if t < 0:
            return _negative(self.kind, ctx, a >= t, inputs, findings, **p)
        if t == 0:
            value = w if self.zero_target == "full" else ZERO
            return _outcome(self.kind, "positive.zero_target", value, fmt(value and ctx.weight), inputs, findings, **p)
        if a >= t:
            return _outcome(self.kind, "positive.met", w, f"{fmt(ctx.weight)} × min({fmt(a)} ÷ {fmt(t)}, 1)", inputs, findings, **p)
        return _outcome(
            self.kind, "positive.below_target", w * Fraction(a) / Fraction(t), f"{fmt(ctx.weight)} × {fmt(a)} ÷ {fmt(t)}", inputs, findings, **p
        )


class ReverseVariant(enum.Enum):
    """The two published reverse (≤) formulas."""

    RATIO = "ratio"
    """F5, the central template: ``weight × target ÷ actual`` above the target (default)."""
    LINEAR = "linear"
    """F6, vendor: ``weight × (1 − (actual − target) ÷ target)``, 0 at twice the target."""


@attrs.frozen
class Reverse:
    """≤ / <: full points at or below the target; above it, by ``variant``.

    A 0 target with a positive actual scores 0 in both variants.
    """

    kind: ClassVar[str] = "reverse"
    variant: ReverseVariant = enum_field(ReverseVariant, default=ReverseVariant.RATIO)

    def apply(self, ctx: RuleContext) -> Outcome:
        got = _quantitative(self.kind, ctx)
        if isinstance(got, Outcome):
            return got
        w, t, a, inputs, findings = got
        inputs["variant"] = self.variant.value
        p = {"actual": a, "target": t}
        if t < 0:
            return _negative(self.kind, ctx, a <= t, inputs, findings, **p)
        if a <= t:
            return _outcome(self.kind, "reverse.met", w, fmt(ctx.weight), inputs, findings, **p)
        if t == 0:
            return _outcome(self.kind, "reverse.zero_target", ZERO, "0", inputs, findings, **p)
        if self.variant is ReverseVariant.RATIO:
            return _outcome(
                self.kind, "reverse.ratio", w * Fraction(t) / Fraction(a), f"{fmt(ctx.weight)} × {fmt(t)} ÷ {fmt(a)}", inputs, findings, **p
            )
        if Fraction(a) >= 2 * Fraction(t):
            return _outcome(self.kind, "reverse.beyond_twice", ZERO, "0", inputs, findings, **p)
        value = w * (2 * Fraction(t) - Fraction(a)) / Fraction(t)
        return _outcome(
            self.kind, "reverse.linear", value, f"{fmt(ctx.weight)} × (1 − ({fmt(a)} − {fmt(t)}) ÷ {fmt(t)})", inputs, findings, **p
        )


class EqualVariant(enum.Enum):
    """How an ``=`` target is scored when missed."""

    AS_POSITIVE = "as_positive"
    """F7, vendor: like a ≥ indicator (proportional below, full at or above) (default)."""
    TWO_SIDED = "two_sided"
    """``weight × max(0, 1 − |actual − target| ÷ target)``: any deviation costs."""


@attrs.frozen
class Equal:
    """= targets (and bare values such as ``100%``); a 0 target is met only by ``actual ≤ 0``."""

    kind: ClassVar[str] = "equal"
    variant: EqualVariant = enum_field(EqualVariant, default=EqualVariant.AS_POSITIVE)

    def apply(self, ctx: RuleContext) -> Outcome:
        got = _quantitative(self.kind, ctx)
        if isinstance(got, Outcome):
            return got
        w, t, a, inputs, findings = got
        inputs["variant"] = self.variant.value
        p = {"actual": a, "target": t}
        if t < 0:
            return _negative(self.kind, ctx, a == t, inputs, findings, **p)
        if a == t:
            return _outcome(self.kind, "equal.met", w, fmt(ctx.weight), inputs, findings, **p)
        if t == 0:
            # vendor F7: target 0 is met when actual <= 0; negative actuals were already set to 0
            return _outcome(self.kind, "equal.zero_target", ZERO, "0", inputs, findings, **p)
        ft, fa = Fraction(t), Fraction(a)
        if self.variant is EqualVariant.AS_POSITIVE:
            value = w if fa >= ft else w * fa / ft
            return _outcome(self.kind, "equal.as_positive", value, f"{fmt(ctx.weight)} × min({fmt(a)} ÷ {fmt(t)}, 1)", inputs, findings, **p)
        value = max(ZERO, w * (ft - abs(fa - ft)) / ft)
        return _outcome(
            self.kind, "equal.deviation", value, f"{fmt(ctx.weight)} × max(0, 1 − |{fmt(a)} − {fmt(t)}| ÷ {fmt(t)})", inputs, findings, **p
        )


@attrs.frozen
class RangeRule:
    """``a~b`` targets: full inside the range; below ``× actual ÷ lower``, above ``× upper ÷ actual``."""

    kind: ClassVar[str] = "range"

    def apply(self, ctx: RuleContext) -> Outcome:
        ind = ctx.indicator
        if ind is not None and ind.target is not None and ind.target.direction is not Direction.RANGE:
            f = _finding(
                "rule.kind_mismatch",
                Severity.ERROR,
                ctx,
                f"the range rule needs a range target (a~b), got {str(ind.target)!r}",
                f"区间规则需要区间目标（a~b），实际为“{ind.target}”",
                target=str(ind.target),
            )
            return _zero(ctx, self.kind, "rule.kind_mismatch", (f,), rule=self.kind, target=str(ind.target))
        got = _quantitative(self.kind, ctx)
        if isinstance(got, Outcome):
            return got
        w, lo, a, inputs, findings = got
        assert ind is not None and ind.target is not None and ind.target.upper is not None
        hi = ind.target.upper
        inputs["upper"] = hi
        p = {"actual": a, "target": f"{fmt(lo)}~{fmt(hi)}"}
        if lo < 0:
            return _negative(self.kind, ctx, lo <= a <= hi, inputs, findings, **p)
        if lo <= a <= hi:
            return _outcome(self.kind, "range.within", w, fmt(ctx.weight), inputs, findings, **p)
        if a < lo:
            return _outcome(self.kind, "range.below", w * Fraction(a) / Fraction(lo), f"{fmt(ctx.weight)} × {fmt(a)} ÷ {fmt(lo)}", inputs, findings, **p)
        return _outcome(self.kind, "range.above", w * Fraction(hi) / Fraction(a), f"{fmt(ctx.weight)} × {fmt(hi)} ÷ {fmt(a)}", inputs, findings, **p)


# ------------------------------------------------------------------ qualitative
def _share(value: Any, field: attrs.Attribute) -> Decimal:
    d = to_decimal(value, path=field.name)
    if not 0 <= d <= 1:
        raise RubricError(f"{field.name}: a band share must lie in [0, 1], got {d}")
    return d


@attrs.frozen
class Band:
    """One qualitative band: shares of the weight ``[lower, upper]`` and a default share.

    ``upper_inclusive`` says whether ``upper`` itself belongs to the band;
    ``lower`` always does.
    """

    level: Assessment = enum_field(Assessment)
    lower: Decimal = attrs.field(converter=attrs.Converter(_share, takes_field=True))
    upper: Decimal = attrs.field(converter=attrs.Converter(_share, takes_field=True))
    default: Decimal = attrs.field(converter=attrs.Converter(_share, takes_field=True))
    upper_inclusive: bool = False

    def __attrs_post_init__(self) -> None:
        if self.lower > self.upper:
            raise RubricError(f"band {self.level.value}: lower {self.lower} above upper {self.upper}")
        if not self.contains(self.default):
            raise RubricError(f"band {self.level.value}: default {self.default} lies outside the band")

    def contains(self, share: Decimal | Fraction) -> bool:
        """Whether ``share`` (points ÷ weight) lies in this band."""
        share = Fraction(share)
        lo, hi = Fraction(self.lower), Fraction(self.upper)
        return lo <= share and (share <= hi if self.upper_inclusive else share < hi)

    def describe(self) -> str:
        return f"[{fmt(self.lower * 100)}%, {fmt(self.upper * 100)}%{']' if self.upper_inclusive else ')'}"


#: F10 bands; the default shares (100 %, 70 %, 30 %) are a documented choice, not law.
DEFAULT_BANDS = (
    Band(Assessment.ACHIEVED, "0.8", "1", "1", upper_inclusive=True),
    Band(Assessment.PARTLY, "0.6", "0.8", "0.7"),
    Band(Assessment.NOT_ACHIEVED, "0", "0.6", "0.3"),
)

#: words in actual values that state a judgement (F10, F11 and common table wording)
DEFAULT_LABELS: dict[str, Assessment] = {
    **dict.fromkeys(
        ("达成", "达成年度指标", "达成预期指标", "达到预期", "达到预期目标", "已达成", "完成", "已完成",
         "是", "合格", "有效", "达标", "良好", "优秀", "符合", "符合要求", "效果明显", "显著", "明显提升"),
        Assessment.ACHIEVED,
    ),
    **dict.fromkeys(
        ("部分达成", "部分达成年度指标并具有一定效果", "基本达成", "基本完成", "基本合格", "基本达标", "部分完成", "一般"),
        Assessment.PARTLY,
    ),
    **dict.fromkeys(
        ("未达成", "未达成年度指标且效果较差", "未完成", "否", "不合格", "无效", "未达标", "较差", "差"),
        Assessment.NOT_ACHIEVED,
    ),
}


def _label_pairs(value: Any) -> tuple[tuple[str, Assessment], ...]:
    items = value.items() if isinstance(value, Mapping) else value
    return tuple(sorted((str(k), Assessment(v)) for k, v in items))


DEFAULT_LABEL_PAIRS = _label_pairs(DEFAULT_LABELS)


@functools.lru_cache(maxsize=32)
def _label_lookup(pairs: tuple[tuple[str, Assessment], ...]) -> dict[str, Assessment]:
    return dict(pairs)


def _bands(value: Any) -> tuple[Band, ...]:
    bands = tuple(value)
    levels = [b.level for b in bands]
    if len(set(levels)) != len(levels) or not bands:
        raise RubricError("qualitative bands need one band per level, none twice")
    return bands


@attrs.frozen
class QualitativeBands:
    """F10: 达成 [80 %, 100 %] / 部分达成 [60 %, 80 %) / 未达成 [0, 60 %) of the weight.

    The level comes from the indicator's ``assessment``, else from a known
    word in its actual value (``labels``), else from the band of the stated
    score. A stated score inside the level's band is used as the score (the
    reviewer's judgement); outside it, or without one, the band's default
    share applies.
    """

    kind: ClassVar[str] = "qualitative"
    bands: tuple[Band, ...] = attrs.field(default=DEFAULT_BANDS, converter=_bands)
    labels: tuple[tuple[str, Assessment], ...] = attrs.field(default=DEFAULT_LABEL_PAIRS, converter=_label_pairs, repr=False)

    def band(self, level: Assessment) -> Band | None:
        return next((b for b in self.bands if b.level is level), None)

    def apply(self, ctx: RuleContext) -> Outcome:
        ind = ctx.indicator
        w = Fraction(ctx.weight)
        findings: list[Finding] = []
        level = ind.assessment if ind else None
        actual_text = ind.actual.text if ind and ind.actual else ""
        claimed = ind.claimed_score if ind else None
        if level is None and actual_text:
            level = _label_lookup(self.labels).get(actual_text.strip())
        if level is None and claimed is not None and ctx.weight > 0:
            share = Fraction(claimed) / w
            hit = next((b for b in self.bands if b.contains(share)), None)
            if hit is not None:
                level = hit.level
                findings.append(
                    _finding(
                        "qualitative.level_inferred",
                        Severity.INFO,
                        ctx,
                        f"no judgement given; '{level.value}' inferred from the stated score {fmt(claimed)}",
                        f"未给出定性评价，依填报得分 {fmt(claimed)} 推定为“{level.label_zh}”",
                        claimed=claimed,
                    )
                )
        inputs = {"weight": ctx.weight, "actual": actual_text, "claimed": claimed}
        if level is None:
            findings.append(
                _finding(
                    "qualitative.no_judgement",
                    Severity.ERROR,
                    ctx,
                    f"no judgement given and actual {actual_text!r} is not a known label",
                    f"未给出定性评价，实际值“{actual_text}”无法识别",
                    actual=actual_text,
                )
            )
            return _outcome(self.kind, "qualitative.no_judgement", ZERO, "0", inputs, findings, actual=actual_text)
        band = self.band(level)
        if band is None:
            raise RubricError(f"qualitative rule has no band for level {level.value!r}")
        inputs["level"] = level.value
        p = {"level": level.label_zh, "level_en": level.value, "band": band.describe()}
        if claimed is not None and ctx.weight > 0:
            share = Fraction(claimed) / w
            if band.contains(share):
                return _outcome(self.kind, "qualitative.claimed_in_band", Fraction(claimed), fmt(claimed), inputs, findings, claimed=claimed, **p)
            findings.append(
                _finding(
                    "qualitative.out_of_band",
                    Severity.ERROR,
                    ctx,
                    f"stated score {fmt(claimed)} of {fmt(ctx.weight)} lies outside the '{level.value}' band {band.describe()}",
                    f"填报得分 {fmt(claimed)}（分值 {fmt(ctx.weight)}）不在“{level.label_zh}”档 {band.describe()} 内",
                    claimed=claimed,
                    band=band.describe(),
                )
            )
            return _outcome(
                self.kind,
                "qualitative.claimed_out_of_band",
                w * Fraction(band.default),
                f"{fmt(ctx.weight)} × {fmt(band.default)}",
                inputs,
                findings,
                claimed=claimed,
                **p,
            )
        return _outcome(
            self.kind,
            "qualitative.default",
            w * Fraction(band.default),
            f"{fmt(ctx.weight)} × {fmt(band.default)}",
            inputs,
            findings,
            share=f"{fmt(band.default * 100)}%",
            **p,
        )


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
        got = _quantitative(self.kind, ctx)
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
            return _outcome(self.kind, "deduction.none", w, fmt(ctx.weight), inputs, findings)
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
            return _outcome(self.kind, "deduction.floored", ZERO, f"max(0, {formula})", inputs, findings, **p)
        return _outcome(self.kind, "deduction.applied", w - points, formula, inputs, findings, **p)


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
            _finding(
                "checklist.unknown_item",
                Severity.ERROR,
                ctx,
                f"checked item {code!r} is not on the checklist",
                f"勾选项“{code}”不在清单中",
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
        return _outcome(
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
            f = _finding("judged.missing", Severity.ERROR, ctx, "no score was given for a judged item", "评分项未给出得分")
            return _outcome(self.kind, "judged.missing", ZERO, "0", inputs, [f])
        if claimed > ctx.weight:
            f = _finding(
                "score.claimed_above_max",
                Severity.ERROR,
                ctx,
                f"stated score {fmt(claimed)} exceeds the maximum {fmt(ctx.weight)}; capped at {fmt(ctx.weight)}",
                f"填报得分 {fmt(claimed)} 超过分值 {fmt(ctx.weight)}，按 {fmt(ctx.weight)} 计",
                claimed=claimed,
                max_points=ctx.weight,
            )
            return _outcome(self.kind, "judged.capped", Fraction(ctx.weight), f"min({fmt(claimed)}, {fmt(ctx.weight)})", inputs, [f], claimed=claimed)
        return _outcome(self.kind, "judged.as_stated", Fraction(claimed), fmt(claimed), inputs, [], claimed=claimed)


@attrs.frozen
class NotApplicable:
    """N/A: the item is excluded; the rubric says whether the rest is rescaled."""

    kind: ClassVar[str] = "not_applicable"

    def apply(self, ctx: RuleContext) -> Outcome:
        return Outcome(ZERO, Explanation(self.kind, "not_applicable", {"weight": ctx.weight}), applicable=False)
