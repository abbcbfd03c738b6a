"""Why an item got its points: rule, clause, inputs and formula, in data and in words.

Each rule returns an :class:`Explanation`. Its ``clause`` is a stable code
(``positive.below_target``) whose Chinese and English sentences live in
:data:`CLAUSES`; ``params`` fill them. ``formula`` is the arithmetic with the
numbers filled in (``3 × 1.43 ÷ 6``); the evaluation adds the exact value,
the rounding and the points lost.
"""

from __future__ import annotations

import decimal
from decimal import Decimal
from fractions import Fraction
from typing import Any

import attrs

from perfrules._fields import freeze_pairs
from perfrules.exceptions import RubricError

__all__ = ["CLAUSES", "Explanation", "fmt", "register_clauses"]

_CONTEXT = decimal.Context(prec=decimal.MAX_PREC)

#: clause code -> (Chinese, English) sentence templates
CLAUSES: dict[str, tuple[str, str]] = {
    "execution.proportional": ("执行率 {rate} 未达 100%，按执行率计分", "execution rate {rate} is below 100 %: points in proportion"),
    "execution.full": ("执行数等于预算数，得满分", "executed equals the budget: full points"),
    "execution.over_budget_capped": ("执行率 {rate} 超过 100%，按满分封顶", "execution rate {rate} exceeds 100 %: capped at full points"),
    "execution.zero_budget": ("预算数为 0，按规则计 {policy}", "budget is 0: scored by the '{policy}' policy"),
    "execution.no_initial_budget": ("缺少年初预算数，无法计算执行率", "no initial budget given: execution rate cannot be computed"),
    "positive.met": ("实际值 {actual} 达到目标 {target}，得满分", "actual {actual} meets target {target}: full points"),
    "positive.below_target": ("实际值 {actual} 未达目标 {target}，按完成比例计分", "actual {actual} is below target {target}: points in proportion"),
    "positive.below_zero": ("实际值 {actual} 为负，未达目标 {target}，不得分", "actual {actual} is negative, below target {target}: no points"),
    "strict.boundary": ("实际值 {actual} 恰为严格目标 {target} 的边界，按规则得分值的 {share} 倍", "actual {actual} sits exactly at the strict bound of {target}: {share} of the points"),
    "positive.zero_target": ("目标值为 0，任何非负实际值均达标", "target is 0: any non-negative actual meets it"),
    "reverse.met": ("实际值 {actual} 不超过目标 {target}，得满分", "actual {actual} does not exceed target {target}: full points"),
    "reverse.ratio": ("实际值 {actual} 超过目标 {target}，按 目标/实际 计分", "actual {actual} exceeds target {target}: points × target / actual"),
    "reverse.linear": ("实际值 {actual} 超过目标 {target}，按超出比例线性扣减", "actual {actual} exceeds target {target}: points decay linearly with the excess"),
    "reverse.beyond_twice": ("实际值 {actual} 达到目标 {target} 的两倍及以上，不得分", "actual {actual} is at least twice target {target}: no points"),
    "reverse.zero_target": ("目标值为 0 而实际值 {actual} 大于 0，不得分", "target is 0 and actual {actual} is above it: no points"),
    "equal.met": ("实际值 {actual} 等于目标 {target}，得满分", "actual {actual} equals target {target}: full points"),
    "equal.as_positive": ("实际值 {actual} 与目标 {target} 不等，按正向指标计分", "actual {actual} differs from target {target}: scored as a ≥ indicator"),
    "equal.deviation": ("实际值 {actual} 偏离目标 {target}，按偏离比例扣减", "actual {actual} deviates from target {target}: points reduced by the relative deviation"),
    "equal.zero_target": ("目标值为 0 而实际值 {actual} 不为 0，不得分", "target is 0 and actual {actual} is not: no points"),
    "range.within": ("实际值 {actual} 在区间 {target} 内，得满分", "actual {actual} lies in range {target}: full points"),
    "range.below": ("实际值 {actual} 低于区间 {target} 下限，按比例计分", "actual {actual} is below range {target}: points × actual / lower bound"),
    "range.above": ("实际值 {actual} 高于区间 {target} 上限，按比例计分", "actual {actual} is above range {target}: points × upper bound / actual"),
    "qualitative.default": ("定性评价为“{level}”，取该档默认分 {share}", "judged '{level_en}': the band's default share {share}"),
    "qualitative.claimed_in_band": ("定性评价为“{level}”，填报得分 {claimed} 在该档区间 {band} 内，采用填报得分", "judged '{level_en}': the stated score {claimed} lies in the band {band} and is used"),
    "qualitative.claimed_out_of_band": ("填报得分 {claimed} 不在“{level}”档区间 {band} 内，按规则调整（不高于填报得分）", "the stated score {claimed} lies outside the '{level_en}' band {band}: brought to the band by the rule (never above the stated score)"),
    "qualitative.no_judgement": ("未给出定性评价，且实际值“{actual}”无法识别，不得分", "no judgement given and the actual '{actual}' is not a known label: no points"),
    "negative.met": ("目标 {target} 为负数，实际值 {actual} 已达到，得满分", "negative target {target} is met by actual {actual}: full points"),
    "negative.missed": ("目标 {target} 为负数，实际值 {actual} 未达到，不得分", "negative target {target} is missed by actual {actual}: no points"),
    "rule.kind_mismatch": ("{rule}规则不适用于目标“{target}”，不得分", "rule {rule} does not fit target '{target}': no points"),
    "judged.as_stated": ("按评分标准评定得分 {claimed}", "scored as judged: {claimed}"),
    "judged.capped": ("评定得分 {claimed} 超过分值，按分值封顶", "the judged score {claimed} exceeds the points: capped"),
    "judged.missing": ("评分项未给出得分，不得分", "no judged score given: no points"),
    "deduction.none": ("无差额，不扣分", "no shortfall: nothing deducted"),
    "deduction.applied": ("差额 {gap}{unit}，每{step}{unit}扣 {per_unit} 分", "shortfall {gap} {unit}: {per_unit} points per {step} {unit} deducted"),
    "deduction.floored": ("扣分超过分值，最低为 0", "deductions exceed the points: floored at 0"),
    "checklist.items": ("满足 {count} 项：{items}", "{count} item(s) satisfied: {items}"),
    "control_rate.within": ("控制率 {rate} 不超过 {limit}，得满分", "control rate {rate} is within {limit}: full points"),
    "control_rate.deducted": ("控制率 {rate} 超过 {limit} {over} 个百分点，每个百分点扣 {per_point} 分", "control rate {rate} exceeds {limit} by {over} percentage points: {per_point} points off per point"),
    "control_rate.floored": ("控制率 {rate} 超过 {limit} {over} 个百分点，扣分超过分值，得 0 分", "control rate {rate} exceeds {limit} by {over} percentage points: the deductions exceed the points, 0"),
    "change_rate.within": ("变动率 {rate} 不超过 {limit}，得满分", "change {rate} is within {limit}: full points"),
    "change_rate.deducted": ("变动率 {rate} 超过 {limit} {over} 个百分点，每个百分点扣 {per_point} 分", "change {rate} exceeds {limit} by {over} percentage points: {per_point} points off per point"),
    "change_rate.floored": ("变动率 {rate} 超过 {limit} {over} 个百分点，扣分超过分值，得 0 分", "change {rate} exceeds {limit} by {over} percentage points: the deductions exceed the points, 0"),
    "completion_rate.met": ("比率 {rate} 达到标准 {standard}，得满分", "rate {rate} reaches the standard {standard}: full points"),
    "completion_rate.proportional": ("比率 {rate} 未达标准 {standard}，按完成比例计分", "rate {rate} is below the standard {standard}: points in proportion"),
    "completion_rate.missed": ("比率 {rate} 未达标准 {standard}，不得分", "rate {rate} misses the standard {standard}: no points"),
    "completion_rate.within": ("比率 {rate} 不高于标准 {standard}，得满分", "rate {rate} does not exceed the standard {standard}: full points"),
    "completion_rate.above": ("比率 {rate} 高于标准 {standard}，按 标准/比率 计分", "rate {rate} exceeds the standard {standard}: points × standard ÷ rate"),
    "completion_rate.fall_partly": ("变动率 {rate} 未达到要求的降幅 {standard}，按已实现的降幅比例计分", "change {rate} falls short of the required fall {standard}: points in proportion to the fall achieved"),
    "department.zero_reference": ("参照数 {reference} 不是正数，无法计算比率，不得分", "the reference figure {reference} is not positive: no rate, no points"),
    "deadline.met": ("完成时间 {actual} 不晚于时限 {deadline}，得满分", "done {actual}, by the deadline {deadline}: full points"),
    "deadline.missed": ("完成时间 {actual} 晚于时限 {deadline}，按逾期规则计分", "done {actual}, after the deadline {deadline}: the late share"),
    "deadline.met_as_stated": ("“{actual}”：按已在时限内完成计分", "'{actual}': done by the deadline, as stated"),
    "deadline.missed_as_stated": ("“{actual}”：未在时限内完成，按逾期规则计分", "'{actual}': the deadline was missed, as stated: the late share"),
    "deadline.rate": ("以完成率 {rate}% 计分", "scored by the stated rate {rate}%"),
    "deadline.no_date": ("完成时间“{actual}”无法与时限“{deadline}”比较，不得分", "'{actual}' cannot be compared with the deadline '{deadline}': no points"),
    "actual.not_a_date": ("实际完成值“{actual}”不是日期，无法判断是否在时限“{deadline}”内完成，不得分", "actual '{actual}' is not a date and does not say whether '{deadline}' was met: no points"),
    "actual.inequality_against_target": ("实际完成值“{actual}”只给出不利方向的界限，无法达到目标 {target}，不得分", "actual '{actual}' is bounded on the wrong side of target '{target}': no points"),
    "unit.incompatible": ("实际值“{actual}”与目标“{target}”单位无法比较，不得分", "actual '{actual}' and target '{target}' are in units that cannot be compared: no points"),
    "not_applicable": ("不适用，不参与计分", "not applicable: excluded from scoring"),
    "actual.missing": ("缺少实际完成值，不得分", "no actual value given: no points"),
    "actual.not_numeric": ("实际完成值“{actual}”不是数值，无法按{rule}规则计分，不得分", "actual '{actual}' is not a number; the {rule} rule cannot score it: no points"),
    "target.missing": ("缺少目标值，不得分", "no target given: no points"),
}


#: rule kinds as a Chinese reader knows them
RULE_NAMES_ZH = {
    "budget_execution": "预算执行率",
    "positive": "正向指标",
    "reverse": "反向指标",
    "equal": "等值指标",
    "range": "区间指标",
    "qualitative": "定性指标",
    "deduction": "扣分",
    "checklist": "清单计分",
    "judged": "评分标准",
    "not_applicable": "不适用",
    "deadline": "时效指标",
    "control_rate": "控制率",
    "change_rate": "变动率",
    "completion_rate": "完成比例",
}


def register_clauses(clauses: dict[str, tuple[str, str]]) -> None:
    """Add a rule's explanation sentences: clause code → (Chinese, English) templates.

    A clause perfrules already has keeps its text (a plugin cannot reword perfrules' own); a new
    one is added. Templates are filled from the explanation's ``params``.

    Raises:
        RubricError: a clause whose sentences are not two strings.
    """
    for clause, pair in clauses.items():
        if not (isinstance(clause, str) and isinstance(pair, tuple) and len(pair) == 2 and all(isinstance(p, str) for p in pair)):
            raise RubricError(f"clause {clause!r}: expected (Chinese, English) sentences, got {pair!r}")
        CLAUSES.setdefault(clause, pair)


def fmt(value: Any) -> str:
    """A number as a reader expects it: ``Decimal('2.50')`` → ``2.5``, ``100`` → ``100``, ``Fraction(1, 3)`` → ``1/3``."""
    if value is None:
        return "—"  # nothing given: never the word None in a message
    if isinstance(value, Decimal):
        # an explicit context: what the caller's decimal context says does not change the text
        return format(value.normalize(_CONTEXT), "f")
    if isinstance(value, Fraction):
        # exact: a terminating fraction as a decimal, any other as p/q
        den = value.denominator
        for p in (2, 5):
            while den % p == 0:
                den //= p
        if den == 1:
            return fmt(_CONTEXT.divide(Decimal(value.numerator), Decimal(value.denominator)))
        return f"{value.numerator}/{value.denominator}"
    return str(value)




class _Missing(dict):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


@attrs.frozen
class Explanation:
    """How one rule reached its value.

    Attributes:
        rule: the rule kind (``positive``, ``reverse``, ``qualitative`` …).
        clause: which branch applied, a key of :data:`CLAUSES`.
        inputs: what the rule read, as ``(name, value)`` pairs.
        formula: the arithmetic with numbers filled in (``2 × 1 ÷ 2``).
        params: values for the clause sentence.
    """

    rule: str
    clause: str
    inputs: tuple[tuple[str, Any], ...] = attrs.field(default=(), converter=freeze_pairs)
    formula: str = ""
    params: tuple[tuple[str, Any], ...] = attrs.field(default=(), converter=freeze_pairs)

    def reason(self, lang: str = "zh") -> str:
        """The clause as a sentence in ``"zh"`` or ``"en"``."""
        zh, en = CLAUSES.get(self.clause, (self.clause, self.clause))
        values = _Missing({k: RULE_NAMES_ZH.get(v, v) if lang == "zh" and k == "rule" else fmt(v) for k, v in self.params})
        return (zh if lang == "zh" else en).format_map(values)

    def input(self, name: str) -> Any:
        """The value of one input."""
        return dict(self.inputs)[name]
