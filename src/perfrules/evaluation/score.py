"""Score a self-evaluation with the rubric in force for it, chosen from every source, and say why.

:func:`score` is :func:`~perfrules.evaluation.evaluate.evaluate` with the rubric chosen by
:func:`~perfrules.rubrics.choice.choose_rubric` from the project's region, year and sector; the
choice is the result's ``rubric_choice`` and its first finding (``rubric.chosen``, or the warning
``rubric.fallback``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from pathlib import Path

import attrs

from perfrules.evaluation.evaluate import evaluate
from perfrules.evaluation.result import EvaluationResult
from perfrules.exceptions import WrongTypeError
from perfrules.model.self_evaluation import SelfEvaluation
from perfrules.rubrics.choice import choose_rubric
from perfrules.rubrics.registry import Registry
from perfrules.rubrics.rubric import Rubric

__all__ = ["rubric_and_score", "score"]


def score(
    self_evaluation: SelfEvaluation,
    rubric: Rubric | None = None,
    *,
    folders: Iterable[str | Path] = (),
    registry: Registry | None = None,
) -> EvaluationResult:
    """Score ``self_evaluation``; without a ``rubric``, with the one in force for its project.

    The rubric in force is the one for the project's region (``CN`` when none is given), sector,
    scope (a project, or a department as a whole) and budget year (on 31 December), among
    built-ins, sector packs, plugins and ``folders``.

    Raises:
        NoRubricInForceError: no rubric of any source is in force for the project.
    """
    return rubric_and_score(self_evaluation, rubric, folders=folders, registry=registry)[1]


def rubric_and_score(
    self_evaluation: SelfEvaluation,
    rubric: Rubric | None = None,
    *,
    folders: Iterable[str | Path] = (),
    registry: Registry | None = None,
) -> tuple[Rubric, EvaluationResult]:
    """:func:`score`, and the rubric it scored with (the one given, or the one it chose).

    Raises:
        NoRubricInForceError: no rubric of any source is in force for the project.
    """
    if not isinstance(self_evaluation, SelfEvaluation):
        raise WrongTypeError(f"expected a SelfEvaluation, got {type(self_evaluation).__name__}", path="self_evaluation", value=self_evaluation)
    if rubric is not None:
        return rubric, evaluate(rubric, self_evaluation)
    project = self_evaluation.project
    choice = choose_rubric(project.region, dt.date(project.year, 12, 31), sector=project.sector, folders=folders, registry=registry, scope=project.scope)
    result = evaluate(choice.rubric, self_evaluation)
    return choice.rubric, attrs.evolve(result, findings=(choice.finding(), *result.findings), rubric_choice=choice.reason_en)
