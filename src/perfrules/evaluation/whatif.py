"""How far a result is from the next grade, and what a change would do: :func:`next_grade`, :func:`what_if`.

:func:`next_grade` answers a unit's question before it files: the fewest points
the total still needs for the next band up (at the rubric's total rounding), and
the fewest rows that would bring them — the rows that lost most, first — or what
bars the way (a cap by execution rate, a veto). :func:`what_if` rescores with
changed actuals (and, if asked, under another rubric) and explains the
difference row by row.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from fractions import Fraction
from typing import Any

import attrs

from perfrules.evaluation.evaluate import evaluate
from perfrules.evaluation.result import EvaluationResult, NodeResult
from perfrules.exceptions import InvalidInputError, WrongTypeError
from perfrules.model.indicators import MAX_DEPTH, Indicator
from perfrules.model.self_evaluation import SelfEvaluation
from perfrules.rubrics.rubric import Rubric
from perfrules.rules.grading import GradeBand
from perfrules.values.decimals import fraction_to_decimal
from perfrules.values.notation import Actual

__all__ = ["GradeDistance", "RowChange", "WhatIf", "next_grade", "what_if"]


@attrs.frozen
class GradeDistance:
    """How far a result is from the next grade up.

    Attributes:
        grade: the grade now.
        next: the next band up (``None`` at the top).
        points: the total still needed, exactly (0 when already there).
        item_points: the same in points of the items (more than ``points`` when N/A items
            were rescaled away: each item point is worth base ÷ attainable).
        rows: the fewest rows that, given full points, would bring it — ``(path, name, points lost)``,
            the rows that lost most first.
        barred_by: what no row can overcome (``limits.execution_cap``, ``limits.veto``), or ``""``.
        reachable: whether full points on the rows that lost any would reach it.
    """

    grade: GradeBand
    next: GradeBand | None
    points: Fraction = Fraction(0)
    item_points: Fraction = Fraction(0)
    rows: tuple[tuple[str, str, Decimal], ...] = ()
    barred_by: str = ""
    reachable: bool = True


def _threshold(result: EvaluationResult, lower: Decimal) -> Fraction:
    """The least exact total that the rubric's total rounding turns into ``lower`` or more."""
    rounding = result.total_rounding
    if rounding is None:
        return Fraction(lower)
    half = Fraction(1, 2) / Fraction(10) ** rounding.places
    for candidate in (Fraction(lower) - half, Fraction(lower)):
        if Fraction(rounding.apply(candidate)) >= Fraction(lower):
            return candidate
    return Fraction(lower)  # pragma: no cover - every mode reaches lower at lower itself


def next_grade(rubric: Rubric, result: EvaluationResult) -> GradeDistance:
    """The distance from ``result`` (scored by ``rubric``) to the next grade up (see :class:`GradeDistance`).

    Raises:
        WrongTypeError: the arguments are not a Rubric and an EvaluationResult.
        InvalidInputError: the result was not scored on the rubric's grade scale.
    """
    if not isinstance(rubric, Rubric):
        raise WrongTypeError(f"expected a Rubric, got {type(rubric).__name__}", path="rubric")
    if not isinstance(result, EvaluationResult):
        raise WrongTypeError(f"expected an EvaluationResult, got {type(result).__name__}", path="result")
    bands = rubric.grades.bands
    rank = next((i for i, band in enumerate(bands) if band == result.grade), None)
    if rank is None:
        raise InvalidInputError(f"the result's grade {result.grade.code!r} is not on the grade scale of {rubric.code}", path="result.grade")
    if rank == 0:
        return GradeDistance(result.grade, None)
    target = bands[rank - 1]
    barred = _barred(result, target)
    needed = max(_threshold(result, target.lower) - result.total_before_rounding, Fraction(0))
    if needed == 0 and not barred:
        return GradeDistance(result.grade, target, barred_by="")
    factor = Fraction(result.base) / (Fraction(result.base) - Fraction(result.excluded_points)) if result.rescaled else Fraction(1)
    item_points = needed / factor
    lost = sorted(
        ((leaf, Fraction(leaf.max_points) - leaf.exact_score) for leaf in result.leaves() if leaf.applicable),
        key=lambda pair: -pair[1],
    )
    rows: list[tuple[str, str, Decimal]] = []
    gained = Fraction(0)
    for leaf, points in lost:
        if gained >= item_points or points <= 0:
            break
        rows.append((leaf.path, leaf.name, fraction_to_decimal(points)))
        gained += points
    return GradeDistance(result.grade, target, needed, item_points, tuple(rows), barred, gained >= item_points and not barred)


def _barred(result: EvaluationResult, target: GradeBand) -> str:
    for finding in result.findings:
        if finding.code == "limits.execution_cap" and Fraction(finding.get("cap")) < Fraction(target.lower):
            return "limits.execution_cap"
        if finding.code == "limits.veto" and finding.get("grade_after") != finding.get("grade_before"):
            return "limits.veto"
    return ""


@attrs.frozen
class RowChange:
    """One row's score before and after a what-if."""

    path: str
    name: str
    before: Decimal | None
    after: Decimal | None
    clause_before: str = ""
    clause_after: str = ""

    @property
    def delta(self) -> Decimal:
        return (self.after or Decimal(0)) - (self.before or Decimal(0))


@attrs.frozen
class WhatIf:
    """A result before and after a change, and every row whose score moved."""

    before: EvaluationResult
    after: EvaluationResult
    rows: tuple[RowChange, ...]

    @property
    def total_change(self) -> Decimal:
        return self.after.total - self.before.total

    def explain(self, lang: str = "zh") -> str:
        head = (
            f"总分 {self.before.total} → {self.after.total}（{self.before.grade.label_zh} → {self.after.grade.label_zh}）"
            if lang == "zh"
            else f"total {self.before.total} → {self.after.total} ({self.before.grade.label_en} → {self.after.grade.label_en})"
        )
        lines = [head]
        for row in self.rows:
            lines.append(f"  {row.path}: {row.before} → {row.after} ({row.clause_before} → {row.clause_after})")
        return "\n".join(lines)


def _leaf_index(result: EvaluationResult) -> dict[str, NodeResult]:
    return {n.path: n for n in result.leaves()}


def _replace(ind: Indicator, path: str, changes: Mapping[str, Any], used: set[str], depth: int) -> Indicator:
    if depth > MAX_DEPTH:
        raise InvalidInputError(f"indicators nest deeper than {MAX_DEPTH} levels", path=path)
    if ind.is_leaf:
        if path not in changes:
            return ind
        used.add(path)
        new = changes[path]
        actual = new if isinstance(new, Actual) else str(new)
        try:
            return attrs.evolve(ind, actual=actual)
        except InvalidInputError as exc:
            raise exc.at(f"actuals[{path!r}]") from None
    children = tuple(_replace(c, f"{path}/{c.code}", changes, used, depth + 1) for c in ind.children)
    return ind if all(a is b for a, b in zip(children, ind.children, strict=True)) else attrs.evolve(ind, children=children)


def _block_key(ind: Indicator, rubric: Rubric) -> str:
    for block in rubric.blocks:
        if ind.code == block.code or ind.name == block.name_zh:
            return block.code
    return ind.code


def what_if(rubric: Rubric, self_evaluation: SelfEvaluation, *, actuals: Mapping[str, Any] | None = None, rubric_after: Rubric | None = None) -> WhatIf:
    """Rescore ``self_evaluation`` with changed ``actuals`` (by result path) and/or under ``rubric_after``.

    Raises:
        InvalidInputError: a path names no leaf, or a new actual cannot be read.
    """
    if not isinstance(rubric, Rubric):
        raise WrongTypeError(f"expected a Rubric, got {type(rubric).__name__}", path="rubric")
    if not isinstance(self_evaluation, SelfEvaluation):
        raise WrongTypeError(f"expected a SelfEvaluation, got {type(self_evaluation).__name__}", path="self_evaluation")
    if rubric_after is not None and not isinstance(rubric_after, Rubric):
        raise WrongTypeError(f"expected a Rubric, got {type(rubric_after).__name__}", path="rubric_after")
    if actuals is not None and not isinstance(actuals, Mapping):
        raise WrongTypeError(f"actuals map result paths to new actuals, got {type(actuals).__name__}", path="actuals")
    changes = dict(actuals or {})
    used: set[str] = set()
    indicators = tuple(_replace(i, _block_key(i, rubric), changes, used, 1) for i in self_evaluation.indicators)
    unknown = sorted(set(changes) - used)
    if unknown:
        raise InvalidInputError(f"no leaf at {', '.join(map(repr, unknown))}", path="actuals")
    changed = attrs.evolve(self_evaluation, indicators=indicators) if changes else self_evaluation
    before = evaluate(rubric, self_evaluation)
    after = evaluate(rubric_after or rubric, changed)
    old, new = _leaf_index(before), _leaf_index(after)
    rows = []
    for path in dict.fromkeys([*old, *new]):
        a, b = old.get(path), new.get(path)
        sa, sb = (a.score if a else None), (b.score if b else None)
        if sa != sb:
            clause = lambda n: n.explanation.clause if n is not None and n.explanation is not None else ""  # noqa: E731
            rows.append(RowChange(path, (b or a).name, sa, sb, clause(a), clause(b)))  # type: ignore[union-attr]
    return WhatIf(before, after, tuple(rows))
