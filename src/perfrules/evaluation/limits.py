"""Applying a rubric's limits after the total: the over-target deduction, caps by execution rate, vetoes.

Order, each step a finding that says what it did: items whose actual is far
above their ``≥`` target lose the declared points (the total falls by as much);
the total is capped by the budget-execution rate; after rounding and grading,
a veto triggered by a finding or a fact caps the grade (and the total where
it says so). See :mod:`perfrules.rules.limits`.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from fractions import Fraction

from perfrules.evaluation.result import NodeResult
from perfrules.evaluation.tree import Run
from perfrules.explanation import fmt
from perfrules.findings import Finding, Severity
from perfrules.rules.grading import GradeBand
from perfrules.values.decimals import fraction_to_decimal
from perfrules.messages import en_zh

__all__ = ["cap_by_execution", "deduct_over_target", "apply_vetoes"]

_AT_LEAST = ("≥", ">", "=")


def _leaves(nodes: Iterable[NodeResult]) -> Iterable[NodeResult]:
    for node in nodes:
        yield from (n for n in node.walk() if n.is_leaf)


def deduct_over_target(run: Run, blocks: tuple[NodeResult, ...], total: Fraction) -> tuple[Fraction, Decimal]:
    """The total less the over-target deductions, and the points deducted."""
    rule = run.rubric.limits.over_target
    if rule is None:
        return total, Decimal(0)
    deducted = Fraction(0)
    for leaf in _leaves(blocks):
        if not leaf.applicable or leaf.explanation is None:
            continue
        inputs = dict(leaf.explanation.inputs)
        target, actual = inputs.get("target"), inputs.get("actual")
        if inputs.get("direction") not in _AT_LEAST or target is None or actual is None:
            continue
        if Fraction(target) <= 0 or Fraction(actual) < Fraction(target) * Fraction(rule.ratio):
            continue
        cut = min(Fraction(rule.points), leaf.exact_score)
        deducted += cut
        run.note(
            "limits.over_target", Severity.WARNING, leaf.path,
            *en_zh("limits.over_target", actual=fmt(actual), rule_ratio=fmt(rule.ratio), target=fmt(target), fraction_to_decimal_cut=fmt(fraction_to_decimal(cut))),
            actual=actual, target=target, deducted=fraction_to_decimal(cut),
        )  # fmt: skip
    return max(total - deducted, Fraction(0)), fraction_to_decimal(deducted)


def cap_by_execution(run: Run, total: Fraction) -> Fraction:
    """The total capped by the budget-execution rate, where the rubric declares caps."""
    limits, funds = run.rubric.limits, run.se.funds
    if not limits.execution_caps:
        return total
    rate = None if funds is None else funds.execution_ratio(run.rubric.execution.base)
    if rate is None:
        run.note(
            "limits.execution_unknown", Severity.WARNING, "total",
            *en_zh("limits.execution_unknown"),
        )  # fmt: skip
        return total
    cap = limits.cap_for(rate)
    if cap is None or total <= Fraction(cap.max_total):
        return total
    shown = fraction_to_decimal(rate * 100)
    run.note(
        "limits.execution_cap", Severity.WARNING, "total",
        *en_zh("limits.execution_cap", shown=fmt(shown), cap_below_100=fmt(cap.below * 100), fraction_to_decimal_total=fmt(fraction_to_decimal(total)), cap_max_total=fmt(cap.max_total)),
        rate=shown, cap=cap.max_total, total=fraction_to_decimal(total),
    )  # fmt: skip
    return Fraction(cap.max_total)


def apply_vetoes(run: Run, findings: Iterable[Finding], total: Fraction, grade: GradeBand) -> tuple[Fraction, GradeBand]:
    """The total and grade after every triggered veto; each veto applied is a finding."""
    seen = {f.code for f in findings}
    bands = run.rubric.grades.bands
    rank = {band.code: i for i, band in enumerate(bands)}  # 0 is the best grade
    for veto in run.rubric.limits.vetoes:
        codes = [c for c in veto.findings if c in seen]
        facts = [name for name in veto.facts if (value := run.se.fact(name)) is not None and value > 0]
        if not codes and not facts:
            continue
        why = "、".join([*codes, *facts])
        before_total, before_grade = total, grade
        if veto.deduct is not None and veto.deduct > 0:
            total = max(total - Fraction(veto.deduct), Fraction(0))
            grade = run.rubric.grades.grade(total)
        if veto.max_total is not None and total > Fraction(veto.max_total):
            total = Fraction(veto.max_total)
            grade = run.rubric.grades.grade(total)
        if veto.max_grade is not None and veto.max_grade in rank and rank[grade.code] < rank[veto.max_grade]:
            grade = bands[rank[veto.max_grade]]
        if veto.max_grade is not None and veto.max_grade not in rank:
            run.note("limits.veto_unknown_grade", Severity.ERROR, "grade", *en_zh("limits.veto_unknown_grade", veto_code=veto.code, veto_max_grade=veto.max_grade))
        changed = (total, grade.code) != (before_total, before_grade.code)
        run.note(
            "limits.veto", Severity.ERROR if changed else Severity.WARNING, "grade",
            f"{veto.title_en or veto.code} ({why}): " + (f"the grade is at most {grade.label_en}, the total {fmt(fraction_to_decimal(total))}" if changed else "triggered; the result is already within it"),
            f"{veto.title_zh}（{why}）：" + (f"等级至多为“{grade.label_zh}”，总分 {fmt(fraction_to_decimal(total))}" if changed else "已触发，结果已在其限度内"),
            veto=veto.code, triggers=tuple([*codes, *facts]), grade_before=before_grade.code, grade_after=grade.code,
        )  # fmt: skip
    return total, grade
