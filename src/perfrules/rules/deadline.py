"""Deadlines (时效指标): ``2020年12月底前``, ``年底前``, ``12月31日前``, ``按时``.

Done by the day (an actual date on or before it, or wording that says so:
``按时完成``, ``提前完成``) → full points; late (a later date, ``延期``,
``滞后``) → the rule's ``late`` share (default 0). A rate written as the
actual (``完成及时率 100%``) scores in proportion, with a warning. A date
without a year takes the project's budget year.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from fractions import Fraction
from typing import Any, ClassVar

import attrs

from perfrules.exceptions import RubricError
from perfrules.explanation import Explanation, fmt
from perfrules.findings import Severity
from perfrules.model.indicators import Outcome, RuleContext
from perfrules.rules._common import ZERO, make_outcome, rule_finding, zero_outcome
from perfrules.values.dates import find_date
from perfrules.values.decimals import decimal_field
from perfrules.values.notation import ActualKind, Direction
from perfrules.values.screening import normalize_text, simplify
from perfrules.messages import en_zh

__all__ = ["MET_WORDS", "MISSED_WORDS", "DeadlineRule"]

#: words of an actual that say a deadline was met (the missed words are checked first)
MET_WORDS = ("按时", "按期", "如期", "提前", "及时", "准时", "已完成", "全部完成", "完成", "达成", "已到位", "到位", "已落实", "落实", "是")
#: words of an actual that say a deadline was missed
MISSED_WORDS = (
    "未按时", "未按期", "未如期", "未及时", "未完成", "尚未", "延期", "延迟", "滞后", "推迟", "逾期", "超期", "拖延",
    "晚于", "未到位", "否", "没有完成", "部分完成", "基本完成", "基本按时", "基本如期", "大部分完成", "正在", "进行中",
)  # fmt: skip


def _share(instance: Any, attribute: attrs.Attribute, value: Decimal) -> None:
    if not 0 <= value <= 1:
        raise RubricError(f"{attribute.name} must be between 0 and 1, got {value}")


@attrs.frozen
class DeadlineRule:
    """A deadline target: full points when done by the day, ``late`` × points when not.

    Args:
        late: share of the points for a missed deadline (default 0).
    """

    kind: ClassVar[str] = "deadline"
    late: Decimal = decimal_field(default=Decimal(0), validator=_share)

    def apply(self, ctx: RuleContext) -> Outcome:
        ind = ctx.indicator
        target = None if ind is None else ind.target
        if target is None or target.direction is not Direction.DEADLINE or target.deadline is None:
            f = rule_finding("rule.kind_mismatch", Severity.ERROR, ctx, *en_zh("rule.kind_mismatch.8"), target=str(target))
            return zero_outcome(ctx, self.kind, "rule.kind_mismatch", (f,), rule=self.kind, target=str(target))
        actual = ind.actual if ind is not None else None
        if actual is None:
            f = rule_finding("actual.missing", Severity.ERROR, ctx, *en_zh("actual.missing"))
            return zero_outcome(ctx, self.kind, "actual.missing", (f,))
        due = target.deadline.resolve(ctx.year)
        findings = []
        if due is None and target.deadline.on_time_only and ctx.year is not None:
            due = dt.date(ctx.year, 12, 31)  # 按时 names no day: within the budget year
            findings.append(
                rule_finding(
                    "deadline.year_end_assumed", Severity.INFO, ctx,
                    *en_zh("deadline.year_end_assumed", target=target, due_isoformat=due.isoformat()),
                )  # fmt: skip
            )
        inputs = {"weight": ctx.weight, "deadline": str(target.deadline), "due": None if due is None else due.isoformat(), "actual": str(actual)}
        w = Fraction(ctx.weight)
        late = w * Fraction(self.late)
        if actual.kind is ActualKind.NOT_APPLICABLE:
            f = rule_finding("actual.not_applicable", Severity.WARNING, ctx, *en_zh("actual.not_applicable", actual_text=actual.text), actual=actual.text)
            return Outcome(ZERO, Explanation(self.kind, "not_applicable", {"weight": ctx.weight}), (f,), applicable=False)
        date = actual.date if actual.kind is ActualKind.DATE else find_date(actual.text) if actual.kind is ActualKind.TEXT else None
        if date is not None:
            done = date.resolve(ctx.year if due is None or target.deadline.year is None else due.year)
            if due is None or done is None:
                f = rule_finding(
                    "deadline.no_date", Severity.ERROR, ctx,
                    *en_zh("deadline.no_date", actual=actual, target=target),
                    actual=str(actual), target=str(target),
                )  # fmt: skip
                return zero_outcome(ctx, self.kind, "deadline.no_date", (f,), actual=str(actual), deadline=str(target))
            p = {"actual": done.isoformat(), "deadline": due.isoformat()}
            if done <= due:
                return make_outcome(self.kind, "deadline.met", w, fmt(ctx.weight), inputs, findings, **p)
            f = rule_finding(
                "deadline.late", Severity.WARNING, ctx,
                *en_zh("deadline.late", done_isoformat=done.isoformat(), done_due_days=(done - due).days, due_isoformat=due.isoformat()),
                days=(done - due).days,
            )  # fmt: skip
            return make_outcome(self.kind, "deadline.missed", late, f"{fmt(ctx.weight)} × {fmt(self.late)}", inputs, [*findings, f], **p)
        if actual.kind is ActualKind.NUMBER and actual.unit == "%" and actual.value is not None:
            rate = min(Fraction(actual.value) / 100, Fraction(1))
            value = max(ZERO, w * rate)
            f = rule_finding(
                "deadline.rate", Severity.WARNING, ctx,
                *en_zh("deadline.rate", actual_text_or_str_actual=actual.text or str(actual), target=target, actual_text_or_actual=actual.text or actual),
                actual=str(actual),
            )  # fmt: skip
            return make_outcome(self.kind, "deadline.rate", value, f"{fmt(ctx.weight)} × min({fmt(actual.value)}% , 100%)", inputs, [f], rate=actual.value)
        words = simplify(normalize_text(actual.text)) if actual.text else ""
        if words and any(m in words for m in MISSED_WORDS):
            return make_outcome(self.kind, "deadline.missed_as_stated", late, f"{fmt(ctx.weight)} × {fmt(self.late)}", inputs, [], actual=actual.text)
        if words and any(m in words for m in MET_WORDS):
            f = rule_finding(
                "deadline.as_stated", Severity.INFO, ctx,
                *en_zh("deadline.as_stated", actual_text=actual.text, target=target),
                actual=actual.text,
            )  # fmt: skip
            return make_outcome(self.kind, "deadline.met_as_stated", w, fmt(ctx.weight), inputs, [f], actual=actual.text)
        f = rule_finding(
            "actual.not_a_date", Severity.ERROR, ctx,
            *en_zh("actual.not_a_date", actual_text_or_str_actual=actual.text or str(actual), target=target, actual_text_or_actual=actual.text or actual),
            actual=str(actual),
        )  # fmt: skip
        return zero_outcome(ctx, self.kind, "actual.not_a_date", (f,), actual=str(actual), deadline=str(target))
