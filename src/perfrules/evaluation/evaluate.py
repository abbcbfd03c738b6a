"""Scoring a self-evaluation with a rubric: :func:`evaluate`, the one pass from inputs to a result.

Values are exact rationals until the rubric's declared rounding; every leaf
carries its explanation, every node its raw and rounded score, and anything
noticed on the way is a coded :class:`~perfrules.findings.Finding`.
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

from perfrules._version import __version__
from perfrules.evaluation.limits import apply_vetoes, cap_by_execution, deduct_over_target
from perfrules.evaluation.result import RESULT_FORMAT_VERSION, EvaluationResult, NodeResult
from perfrules.evaluation.tree import Run
from perfrules.exceptions import WrongTypeError
from perfrules.explanation import fmt
from perfrules.findings import Severity
from perfrules.model.self_evaluation import SelfEvaluation
from perfrules.rubrics.fingerprint import fingerprint
from perfrules.rubrics.rubric import NotApplicablePolicy, Rubric
from perfrules.rules.checks import run_checks
from perfrules.rules.grading import GradeBand
from perfrules.rules.rounding import RoundingMode, round_exact
from perfrules.values.decimals import exact_difference, exact_sum, fraction_to_decimal
from perfrules.messages import en_zh

__all__ = ["evaluate"]


def _adjustments(run: Run) -> tuple[Decimal, Decimal]:
    policy = run.rubric.adjustments
    bonus = exact_sum(a.points for a in run.se.adjustments if a.points > 0)
    penalty = -exact_sum(a.points for a in run.se.adjustments if a.points < 0)
    if policy.max_bonus is not None and bonus > policy.max_bonus:
        run.note(
            "adjustments.bonus_capped",
            Severity.INFO,
            "adjustments",
            *en_zh("adjustments.bonus_capped", bonus=fmt(bonus), policy_max_bonus=fmt(policy.max_bonus)),
            bonus=bonus,
        )
        bonus = policy.max_bonus
    if policy.max_penalty is not None and penalty > policy.max_penalty:
        run.note(
            "adjustments.penalty_capped",
            Severity.INFO,
            "adjustments",
            *en_zh("adjustments.penalty_capped", penalty=fmt(penalty), policy_max_penalty=fmt(policy.max_penalty)),
            penalty=penalty,
        )
        penalty = policy.max_penalty
    return bonus, penalty


def evaluate(rubric: Rubric, self_evaluation: SelfEvaluation) -> EvaluationResult:
    """Score ``self_evaluation`` with ``rubric``.

    Returns:
        An immutable :class:`EvaluationResult`: a score per node (raw and
        rounded), the total, the grade, an explanation per leaf and the
        findings.

    Raises:
        WrongTypeError: the arguments are not a Rubric and a SelfEvaluation.
        RubricError: a rule returned a value outside ``[0, weight]``.
    """
    if not isinstance(rubric, Rubric):
        raise WrongTypeError(f"expected a Rubric, got {type(rubric).__name__}", path="rubric", value=rubric)
    if not isinstance(self_evaluation, SelfEvaluation):
        raise WrongTypeError(f"expected a SelfEvaluation, got {type(self_evaluation).__name__}", path="self_evaluation", value=self_evaluation)
    run = Run(rubric, self_evaluation)
    if rubric.blocks_total != rubric.base:
        run.note(
            "rubric.blocks_sum",
            Severity.ERROR,
            "rubric",
            *en_zh("rubric.blocks_sum", rubric_blocks_total=fmt(rubric.blocks_total), rubric_base=fmt(rubric.base)),
        )
    used: set[str] = set()
    blocks = tuple(run.block(b, used) for b in rubric.blocks)
    for ind in self_evaluation.indicators:
        if ind.code not in used:
            run.note(
                "structure.unknown_block",
                Severity.ERROR,
                ind.code,
                *en_zh("structure.unknown_block", ind_name=ind.name, rubric_code=rubric.code),
            )
    base_exact = sum((b.exact_score for b in blocks if b.applicable), Fraction(0))
    excluded = exact_sum(b.excluded for b in blocks)
    total = base_exact
    rescaled = False
    if blocks and not any(b.applicable for b in blocks):
        run.note(
            "not_applicable.everything",
            Severity.ERROR,
            "total",
            *en_zh("not_applicable.everything"),
        )
    if excluded and rubric.not_applicable is NotApplicablePolicy.RESCALE:
        attainable = exact_difference(rubric.base, excluded)
        if attainable > 0:
            total = base_exact * Fraction(rubric.base) / Fraction(attainable)
            rescaled = True
            run.note(
                "not_applicable.rescaled",
                Severity.INFO,
                "total",
                *en_zh("not_applicable.rescaled", excluded=fmt(excluded), rubric_base=fmt(rubric.base)),
                excluded=excluded,
            )
    bonus, penalty = _adjustments(run)
    total += Fraction(bonus) - Fraction(penalty)
    most = Fraction(rubric.base) + Fraction(bonus)
    if total > most:  # only a declared bonus lifts a total above the base
        run.note(
            "total.above_base",
            Severity.ERROR,
            "total",
            *en_zh("total.above_base", fraction_to_decimal_total=fmt(fraction_to_decimal(total)), rubric_base=fmt(rubric.base), bonus=fmt(bonus)),
            total=fraction_to_decimal(total),
        )
        total = most
    policy = rubric.adjustments
    for limit, beyond, word_en, word_zh in (
        (policy.floor, lambda t, lim: t < lim, "floor", "下限"),
        (policy.ceiling, lambda t, lim: t > lim, "ceiling", "上限"),
    ):
        if limit is not None and beyond(total, Fraction(limit)):
            run.note(
                f"total.{word_en}_applied",
                Severity.INFO,
                "total",
                *en_zh("evaluation.evaluate.evaluate", fraction_to_decimal_total=fmt(fraction_to_decimal(total)), word_en=word_en, limit=fmt(limit), word_zh=word_zh),
                limit=limit,
            )
            total = Fraction(limit)
    total, deducted = deduct_over_target(run, blocks, total)
    penalty = exact_sum((penalty, deducted))
    total = cap_by_execution(run, total)
    total_before_rounding = total
    rounding = rubric.rounding.total
    if rounding is not None:
        total = Fraction(rounding.apply(total))
        if total > most:  # rounding up never lifts a total above the base plus the bonus: the last step down
            total = Fraction(round_exact(most, rounding.places, RoundingMode.DOWN))
    grade = rubric.grades.grade(total)
    check_results, check_findings = run_checks(rubric.checks, self_evaluation)
    run.findings.extend(check_findings)
    if rubric.limits.vetoes:
        total, grade = apply_vetoes(run, tuple(run.findings), total, grade)
    _check_totals(run, blocks, total, grade)
    return EvaluationResult(
        format_version=RESULT_FORMAT_VERSION,
        rubric_code=rubric.code,
        rubric_version=rubric.version,
        rubric_fingerprint=fingerprint(rubric),
        rubric_lineage=rubric.lineage,
        project=self_evaluation.project,
        base=rubric.base,
        blocks=blocks,
        base_exact=base_exact,
        excluded_points=excluded,
        rescaled=rescaled,
        bonus=bonus,
        penalty=penalty,
        total_exact=total,
        total_before_rounding=total_before_rounding,
        total_rounding=rounding,
        grade=grade,
        claimed_total=self_evaluation.claimed_total,
        claimed_grade=self_evaluation.claimed_grade,
        findings=tuple(run.findings),
        perfrules_version=__version__,
        rubric_origin=rubric.origin,
        checks=check_results,
    )


def _check_totals(run: Run, blocks: tuple[NodeResult, ...], total: Fraction, grade: GradeBand) -> None:
    se = run.se
    claimed_parts = [b.claimed for b in blocks if b.applicable]
    if se.claimed_total is None:
        if se.claimed_grade is not None and se.claimed_grade not in (grade.code, grade.label_zh, grade.label_en):
            run.note(
                "grade.claimed_differs",
                Severity.WARNING,
                "grade",
                *en_zh("grade.claimed_differs", se_claimed_grade=se.claimed_grade, grade_label_en=grade.label_en, grade_label_zh=grade.label_zh),
            )
        return
    computed = fraction_to_decimal(total)
    if all(c is not None for c in claimed_parts) and claimed_parts:
        parts_sum = exact_sum([*(c for c in claimed_parts if c is not None), *(a.points for a in se.adjustments)])
        if parts_sum != se.claimed_total:
            run.note(
                "total.claimed_parts_sum",
                Severity.ERROR,
                "total",
                *en_zh("total.claimed_parts_sum", se_claimed_total=fmt(se.claimed_total), parts_sum=fmt(parts_sum)),
                claimed=se.claimed_total,
                parts_sum=parts_sum,
            )
    if Fraction(se.claimed_total) != total:
        run.note(
            "total.claimed_differs",
            Severity.WARNING,
            "total",
            *en_zh("total.claimed_differs", se_claimed_total=fmt(se.claimed_total), computed=fmt(computed)),
            claimed=se.claimed_total,
            computed=computed,
        )
    if se.claimed_grade is not None:
        expected = run.rubric.grades.grade(se.claimed_total)
        if se.claimed_grade not in (expected.code, expected.label_zh, expected.label_en):
            run.note(
                "grade.claimed_inconsistent",
                Severity.ERROR,
                "grade",
                *en_zh("grade.claimed_inconsistent", se_claimed_grade=se.claimed_grade, se_claimed_total=fmt(se.claimed_total), expected_label_en=expected.label_en, expected_label_zh=expected.label_zh),
            )
