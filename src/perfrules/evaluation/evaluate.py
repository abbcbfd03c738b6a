"""Scoring a self-evaluation with a rubric: :func:`evaluate`, the one pass from inputs to a result.

Values are exact rationals until the rubric's declared rounding; every leaf
carries its explanation, every node its raw and rounded score, and anything
noticed on the way is a coded :class:`~perfrules.findings.Finding`.
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import attrs

from perfrules._version import __version__
from perfrules.evaluation.result import EvaluationResult, NodeResult
from perfrules.exceptions import RubricError
from perfrules.explanation import Explanation, fmt
from perfrules.findings import Finding, Severity
from perfrules.model.indicators import Indicator
from perfrules.model.rule import Outcome, RuleContext
from perfrules.model.self_evaluation import SelfEvaluation
from perfrules.rubrics.fingerprint import fingerprint
from perfrules.rubrics.rubric import Block, BlockSource, NotApplicablePolicy, Rubric
from perfrules.rubrics.template import fit_to_template
from perfrules.rules.checks import run_checks
from perfrules.rules.grading import GradeBand
from perfrules.rules.not_applicable import NotApplicable
from perfrules.rules.rounding import Rounding
from perfrules.values.decimals import exact_difference, exact_sum, fraction_to_decimal

__all__ = ["evaluate"]



@attrs.define
class _Run:
    rubric: Rubric
    se: SelfEvaluation
    findings: list[Finding] = attrs.field(factory=list)

    @property
    def _block_codes(self) -> set[str]:
        return {b.code for b in self.rubric.blocks}

    def note(self, finding_code: str, severity: Severity, path: str, en: str, zh: str, **data: object) -> None:
        self.findings.append(Finding(finding_code, severity, path, en, zh, data))

    # -- leaves -------------------------------------------------------------
    def _round(self, value: Fraction, rounding: Rounding | None) -> Fraction:
        return value if rounding is None else Fraction(rounding.apply(value))

    def _capped(self, score: Fraction, max_points: Decimal, path: str) -> Fraction:
        """Rounding to fewer places than the points have may not lift a score above them."""
        if score > Fraction(max_points):
            self.note(
                "score.rounded_above_max",
                Severity.WARNING,
                path,
                f"rounding gave {fmt(fraction_to_decimal(score))}, above the maximum {fmt(max_points)}; capped",
                f"舍入后得分 {fmt(fraction_to_decimal(score))} 超过分值 {fmt(max_points)}，按分值计",
            )
            return Fraction(max_points)
        return score

    def _check_claimed(self, path: str, claimed: Decimal | None, max_points: Decimal, score: Fraction) -> None:
        if claimed is None:
            return
        if claimed > max_points:
            self.note(
                "score.claimed_above_max",
                Severity.ERROR,
                path,
                f"stated score {fmt(claimed)} exceeds the maximum {fmt(max_points)}",
                f"填报得分 {fmt(claimed)} 超过分值 {fmt(max_points)}",
                claimed=claimed,
                max_points=max_points,
            )
        if Fraction(claimed) != score:
            computed = fraction_to_decimal(score)
            self.note(
                "score.claimed_differs",
                Severity.WARNING,
                path,
                f"stated score {fmt(claimed)} differs from the computed {fmt(computed)}",
                f"填报得分 {fmt(claimed)} 与按规则计算的 {fmt(computed)} 不一致",
                claimed=claimed,
                computed=computed,
            )

    def leaf(self, outcome: Outcome, *, code: str, name: str, path: str, weight: Decimal, claimed: Decimal | None, rule: str) -> NodeResult:
        if not isinstance(outcome.value, Fraction):
            raise RubricError(f"rule {rule!r} returned a {type(outcome.value).__name__} for {path}; a rule returns a Fraction")
        if not (0 <= outcome.value <= Fraction(weight)):
            raise RubricError(
                f"rule {rule!r} returned {outcome.value} for {path}, outside [0, {weight}]; a rule must stay within its weight"
            )
        self.findings.extend(outcome.findings)
        rounding = self.rubric.rounding.item
        score = self._capped(self._round(outcome.value, rounding), weight, path)
        if not outcome.applicable:
            score = Fraction(0)
            if claimed:
                self.note(
                    "score.claimed_not_applicable",
                    Severity.WARNING,
                    path,
                    f"stated score {fmt(claimed)} for an item that is not applicable; its points are excluded instead",
                    f"不适用的指标填报了得分 {fmt(claimed)}，该项分值应予剔除",
                    claimed=claimed,
                )
        elif outcome.explanation.clause not in ("qualitative.claimed_in_band", "judged.capped", "judged.as_stated"):
            self._check_claimed(path, claimed, weight, score)
        formula = outcome.explanation.formula
        return NodeResult(
            code=code,
            name=name,
            path=path,
            max_points=weight if outcome.applicable else Decimal(0),
            declared_points=weight,
            exact_raw=outcome.value,
            exact_score=score,
            rounding=rounding if outcome.applicable else None,
            applicable=outcome.applicable,
            claimed=claimed,
            rule=rule,
            explanation=outcome.explanation,
            formula=formula,
            excluded=Decimal(0) if outcome.applicable else weight,
        )

    def indicator_leaf(self, ind: Indicator, path: str) -> NodeResult:
        if ind.weight is None:
            self.note(
                "weights.missing",
                Severity.ERROR,
                path,
                f"'{ind.name}' has no points (分值) and the rubric's template gives none; it scores 0 of 0",
                f"“{ind.name}”未填分值，评分方案模板也未规定，按 0 分计",
            )
            ind = attrs.evolve(ind, weight=Decimal(0))
        assert ind.weight is not None
        ctx = RuleContext(weight=ind.weight, path=path, indicator=ind, range_actual=self.rubric.range_actual)
        if not ind.applicable:
            rule = NotApplicable()
        elif ind.rule is not None:
            rule = ind.rule
        elif ind.target is None:
            self.note("target.missing", Severity.ERROR, path, "no target given and no rule named", "缺少目标值且未指定规则")
            outcome = Outcome(Fraction(0), Explanation("none", "target.missing", {"weight": ind.weight}, "0"))
            return self.leaf(outcome, code=ind.code, name=ind.name, path=path, weight=ind.weight, claimed=ind.claimed_score, rule="none")
        else:
            rule = self.rubric.rules.for_direction(ind.target.direction)
        return self.leaf(rule.apply(ctx), code=ind.code, name=ind.name, path=path, weight=ind.weight, claimed=ind.claimed_score, rule=rule.kind)

    # -- groups ------------------------------------------------------------
    def group(self, ind: Indicator, path: str, declared: Decimal | None, *, severity: Severity = Severity.WARNING) -> NodeResult:
        codes = [c.code for c in ind.children]
        names = [c.name for c in ind.children]
        for dup in sorted({n for n in names if names.count(n) > 1}):
            self.note(
                "structure.duplicate_name",
                Severity.WARNING,
                path,
                f"{names.count(dup)} sibling indicators are named {dup!r}",
                f"同级有 {names.count(dup)} 个指标同名“{dup}”",
                name=dup,
            )
        for dup in sorted({c for c in codes if codes.count(c) > 1}):
            self.note(
                "structure.duplicate_code",
                Severity.WARNING,
                path,
                f"two children share the code {dup!r}; address them by position",
                f"存在两个同名子指标“{dup}”",
                code=dup,
            )
        children = []
        for i, child in enumerate(ind.children):
            child_path = f"{path}/{child.code}" if codes.count(child.code) == 1 else f"{path}/{child.code}#{i + 1}"
            children.append(self.node(child, child_path, child.weight))
        nominal = exact_sum(c.declared_points or Decimal(0) for c in children)
        if declared is not None and nominal != declared:
            self.note(
                "weights.sum_mismatch",
                severity,
                path,
                f"'{ind.name}' is declared {fmt(declared)} points but its children add up to {fmt(nominal)}",
                f"“{ind.name}”标注 {fmt(declared)} 分，其下指标分值合计 {fmt(nominal)} 分",
                declared=declared,
                children_sum=nominal,
            )
        live = [c for c in children if c.applicable]
        agg = self.rubric.aggregator
        value, max_points = agg.combine([(c.exact_score, c.max_points) for c in live], declared)
        rounding = self.rubric.rounding.subtotal
        score = self._capped(self._round(value, rounding), max_points, path)
        applicable = bool(live) or not children
        if not applicable:
            excluded = declared if declared is not None else nominal
        elif agg.redistributes and declared is not None:
            excluded = Decimal(0)
        else:
            excluded = exact_sum(c.excluded for c in children)
        if applicable:
            # the table's own maximum still counts the points of its N/A items
            self._check_claimed(path, ind.claimed_score, max_points + excluded, score)
        return NodeResult(
            code=ind.code,
            name=ind.name,
            path=path,
            max_points=max_points,
            declared_points=declared if declared is not None else nominal,
            exact_raw=value,
            exact_score=score,
            rounding=rounding,
            applicable=applicable,
            claimed=ind.claimed_score,
            rule=agg.kind,
            explanation=None,
            formula=agg.formula([(fmt(c.score), fmt(c.max_points)) for c in live], declared),
            children=tuple(children),
            excluded=excluded,
        )

    def node(self, ind: Indicator, path: str, declared: Decimal | None) -> NodeResult:
        if ind.children:
            return self.group(ind, path, declared)
        return self.indicator_leaf(ind, path)

    # -- blocks ------------------------------------------------------------
    def block(self, block: Block, used: set[str]) -> NodeResult:
        if block.source is BlockSource.FUNDS:
            ctx = RuleContext(weight=block.weight, path=block.code, funds=self.se.funds)
            outcome = self.rubric.execution.apply(ctx)
            return self.leaf(
                outcome,
                code=block.code,
                name=block.name_zh,
                path=block.code,
                weight=block.weight,
                claimed=self.se.claimed_execution_score,
                rule=self.rubric.execution.kind,
            )
        free = [i for i in self.se.indicators if i.code not in used]
        match = next((i for i in free if i.code == block.code), None) or next(
            (i for i in free if i.name == block.name_zh and i.code not in self._block_codes), None
        )
        if match is None:
            self.note(
                "structure.missing_block",
                Severity.ERROR,
                block.code,
                f"no indicators fill the rubric block '{block.code}' ({block.name_zh}); it scores 0",
                f"缺少“{block.name_zh}”部分的指标，该部分计 0 分",
                block=block.code,
            )
            return NodeResult(
                code=block.code,
                name=block.name_zh,
                path=block.code,
                max_points=block.weight,
                declared_points=block.weight,
                exact_raw=Fraction(0),
                exact_score=Fraction(0),
                rule="none",
                formula="0",
            )
        used.add(match.code)
        if block.indicators:
            match, fitted = fit_to_template(block.indicators, match, block.code)
            self.findings.extend(fitted)
        if match.is_leaf:
            if match.weight != block.weight:
                self.note(
                    "weights.sum_mismatch",
                    Severity.ERROR,
                    block.code,
                    f"block '{block.code}' is worth {fmt(block.weight)} points but its single item '{match.name}' "
                    f"is worth {fmt(match.weight)}; scored out of the block's {fmt(block.weight)}",
                    f"“{block.name_zh}”分值 {fmt(block.weight)}，其唯一指标“{match.name}”分值 {fmt(match.weight)}，按 {fmt(block.weight)} 分计",
                    declared=block.weight,
                    children_sum=match.weight,
                )
                match = attrs.evolve(match, weight=block.weight)
            result = self.indicator_leaf(match, block.code)
            return attrs.evolve(result, code=block.code, name=match.name)
        result = self.group(match, block.code, block.weight, severity=Severity.ERROR)
        return attrs.evolve(result, code=block.code)


def _adjustments(run: _Run) -> tuple[Decimal, Decimal]:
    policy = run.rubric.adjustments
    bonus = exact_sum(a.points for a in run.se.adjustments if a.points > 0)
    penalty = -exact_sum(a.points for a in run.se.adjustments if a.points < 0)
    if policy.max_bonus is not None and bonus > policy.max_bonus:
        run.note(
            "adjustments.bonus_capped",
            Severity.INFO,
            "adjustments",
            f"bonus {fmt(bonus)} capped at {fmt(policy.max_bonus)}",
            f"加分 {fmt(bonus)} 超过上限，按 {fmt(policy.max_bonus)} 计",
            bonus=bonus,
        )
        bonus = policy.max_bonus
    if policy.max_penalty is not None and penalty > policy.max_penalty:
        run.note(
            "adjustments.penalty_capped",
            Severity.INFO,
            "adjustments",
            f"penalty {fmt(penalty)} capped at {fmt(policy.max_penalty)}",
            f"减分 {fmt(penalty)} 超过上限，按 {fmt(policy.max_penalty)} 计",
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
        RubricError: a rule returned a value outside ``[0, weight]``.
    """
    if not isinstance(rubric, Rubric):
        raise TypeError(f"rubric must be a Rubric, got {type(rubric).__name__}")
    if not isinstance(self_evaluation, SelfEvaluation):
        raise TypeError(f"self_evaluation must be a SelfEvaluation, got {type(self_evaluation).__name__}")
    run = _Run(rubric, self_evaluation)
    if rubric.blocks_total != rubric.base:
        run.note(
            "rubric.blocks_sum",
            Severity.ERROR,
            "rubric",
            f"the rubric's blocks add up to {fmt(rubric.blocks_total)}, not its base {fmt(rubric.base)}",
            f"评分方案各部分分值合计 {fmt(rubric.blocks_total)}，不等于基准分 {fmt(rubric.base)}",
        )
    used: set[str] = set()
    blocks = tuple(run.block(b, used) for b in rubric.blocks)
    for ind in self_evaluation.indicators:
        if ind.code not in used:
            run.note(
                "structure.unknown_block",
                Severity.ERROR,
                ind.code,
                f"top-level indicator '{ind.name}' matches no block of rubric {rubric.code}; it is not scored",
                f"一级指标“{ind.name}”不属于评分方案 {rubric.code} 的任何部分，未计分",
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
            "every item is not applicable: no points could be earned",
            "所有指标均不适用，无可得分",
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
                f"{fmt(excluded)} points are not applicable; the rest is rescaled to {fmt(rubric.base)}",
                f"{fmt(excluded)} 分指标不适用，其余得分折算为 {fmt(rubric.base)} 分制",
                excluded=excluded,
            )
    bonus, penalty = _adjustments(run)
    total += Fraction(bonus) - Fraction(penalty)
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
                f"the total {fmt(fraction_to_decimal(total))} is set to the rubric's {word_en} {fmt(limit)}",
                f"总分 {fmt(fraction_to_decimal(total))} 按评分方案{word_zh}计为 {fmt(limit)}",
                limit=limit,
            )
            total = Fraction(limit)
    total_before_rounding = total
    rounding = rubric.rounding.total
    if rounding is not None:
        total = Fraction(rounding.apply(total))
    grade = rubric.grades.grade(total)
    _check_totals(run, blocks, total, grade)
    check_results, check_findings = run_checks(rubric.checks, self_evaluation)
    run.findings.extend(check_findings)
    return EvaluationResult(
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


def _check_totals(run: _Run, blocks: tuple[NodeResult, ...], total: Fraction, grade: GradeBand) -> None:
    se = run.se
    claimed_parts = [b.claimed for b in blocks if b.applicable]
    if se.claimed_total is None:
        if se.claimed_grade is not None and se.claimed_grade not in (grade.code, grade.label_zh, grade.label_en):
            run.note(
                "grade.claimed_differs",
                Severity.WARNING,
                "grade",
                f"the stated grade {se.claimed_grade!r} differs from the computed {grade.label_en} ({grade.label_zh})",
                f"填报等级“{se.claimed_grade}”与计算等级“{grade.label_zh}”不一致",
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
                f"the stated total {fmt(se.claimed_total)} is not the sum of the stated parts {fmt(parts_sum)}",
                f"填报总分 {fmt(se.claimed_total)} 不等于各部分填报得分之和 {fmt(parts_sum)}",
                claimed=se.claimed_total,
                parts_sum=parts_sum,
            )
    if Fraction(se.claimed_total) != total:
        run.note(
            "total.claimed_differs",
            Severity.WARNING,
            "total",
            f"the stated total {fmt(se.claimed_total)} differs from the computed {fmt(computed)}",
            f"填报总分 {fmt(se.claimed_total)} 与计算总分 {fmt(computed)} 不一致",
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
                f"the stated grade {se.claimed_grade!r} does not match the stated total {fmt(se.claimed_total)} ({expected.label_en})",
                f"填报等级“{se.claimed_grade}”与填报总分 {fmt(se.claimed_total)} 对应的“{expected.label_zh}”不符",
            )
