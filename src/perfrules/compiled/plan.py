"""A rubric compiled once into a flat plan, then many inputs scored fast and exactly.

:func:`compile_rubric` checks once that the rubric uses only what the plan executes itself and
precomputes everything (rule kinds and variants, rounding quanta, grade bounds, N/A policy);
:meth:`Plan.score` / :meth:`Plan.score_many` then score plain inputs (see
:mod:`perfrules.compiled.inputs`) with the same results as :func:`perfrules.evaluate <perfrules.evaluation.evaluate.evaluate>`, item by item,
and :meth:`Scored.explain` re-derives the full :class:`~perfrules.EvaluationResult` on demand.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from decimal import Decimal
from typing import Any

from perfrules.compiled.fast import UNSUPPORTED, Kernel
from perfrules.compiled.inputs import DEFAULT_PROJECT, from_self_evaluation, to_self_evaluation
from perfrules.compiled.special import RETRY, build_fast
from perfrules.evaluation.evaluate import evaluate
from perfrules.evaluation.result import EvaluationResult
from perfrules.exceptions import WrongTypeError
from perfrules.model.project import Project
from perfrules.model.self_evaluation import SelfEvaluation
from perfrules.rubrics.rubric import Rubric
from perfrules.rules.grading import GradeBand

__all__ = ["Plan", "Scored", "compile_rubric"]


class Scored:
    """One input's score from a :class:`Plan`.

    Attributes:
        total: the total (a Decimal, rounded as the rubric says).
        grade: the grade band.
        findings: the codes of the findings, in :func:`perfrules.evaluate <perfrules.evaluation.evaluate.evaluate>`'s order.
        item_scores: ``(path, score)`` of every scored leaf, the execution block first when the
            rubric lists it first — the order of :meth:`EvaluationResult.leaves`.
    """

    __slots__ = ("_input", "_items", "_plan", "findings", "grade", "total")
    #: scored (a :class:`perfrules.scale.RowError <perfrules.scale.stream.RowError>` in a stream of results says ``False``)
    ok = True

    def __init__(self, total: Decimal, grade: GradeBand, findings: tuple[str, ...], items: Any, plan: Plan, data: Any) -> None:
        self.total = total
        self.grade = grade
        self.findings = findings
        self._items = items
        self._plan = plan
        self._input = data

    @property
    def item_scores(self) -> tuple[tuple[str, Decimal], ...]:
        items = self._items
        if callable(items):  # built on first use: the fast path keeps the bare scores only
            items = self._items = items()
        return items

    def explain(self) -> EvaluationResult:
        """The full explained result: :func:`perfrules.evaluate <perfrules.evaluation.evaluate.evaluate>` on the same input."""
        return self._plan.explain(self._input)

    def __repr__(self) -> str:
        return f"Scored(total={self.total}, grade={self.grade.label_zh}, findings={self.findings})"


class Plan:
    """A rubric compiled for batch scoring; build it with :func:`compile_rubric`.

    Attributes:
        rubric: the compiled rubric.
        project: the project a converted input is labelled with when it names none.
    """

    def __init__(self, rubric: Rubric, project: Project = DEFAULT_PROJECT) -> None:
        if not isinstance(rubric, Rubric):
            raise WrongTypeError(f"expected a Rubric, got {type(rubric).__name__}", path="rubric", value=rubric)
        self.rubric = rubric
        self.project = project
        self._kernel = Kernel(rubric)
        self._run = self._kernel.run
        self._fast = build_fast(self._kernel)

    def to_self_evaluation(self, data: Any) -> SelfEvaluation:
        """The :class:`SelfEvaluation` an input stands for (a SelfEvaluation is returned as it is)."""
        if isinstance(data, SelfEvaluation):
            return data
        return to_self_evaluation(data, self.project)

    def explain(self, data: Any) -> EvaluationResult:
        """The full explained result of one input: :func:`perfrules.evaluate <perfrules.evaluation.evaluate.evaluate>` on it, converted."""
        return evaluate(self.rubric, self.to_self_evaluation(data))

    def _fallback(self, data: Any) -> Scored:
        r = evaluate(self.rubric, self.to_self_evaluation(data))
        items = tuple((n.path, n.score) for n in r.leaves())
        return Scored(r.total, r.grade, tuple(f.code for f in r.findings), items, self, data)

    def score(self, data: Mapping[str, Any] | SelfEvaluation) -> Scored:
        """Score one input (a plan input mapping or a :class:`SelfEvaluation`)."""
        plain = data
        if type(data) is dict:
            pass
        elif isinstance(data, SelfEvaluation):
            plain = from_self_evaluation(data)
            if plain is None:
                return self._fallback(data)
        elif not isinstance(data, Mapping):
            raise WrongTypeError(f"expected a mapping or a SelfEvaluation, got {type(data).__name__}", path="input", value=data)
        funds, items = plain.get("funds"), plain.get("items", ())
        if not (funds is None or isinstance(funds, Mapping)) or not isinstance(items, (list, tuple)):
            return self._fallback(data)  # the general reading names what is wrong
        fast = self._fast
        try:
            if fast is None or (got := fast(funds, items)) is RETRY:
                got = self._run(funds, items)
        except (TypeError, ValueError, AttributeError, KeyError, IndexError):
            got = UNSUPPORTED  # an input of another shape than the plan's: read it the general way, which names the problem
        if got is UNSUPPORTED:
            return self._fallback(data)
        total, grade, codes, items = got
        return Scored(total, grade, codes, items, self, data)

    def score_many(self, inputs: Iterable[Mapping[str, Any] | SelfEvaluation]) -> Iterator[Scored]:
        """Score every input, lazily, in order."""
        score = self.score
        for data in inputs:
            yield score(data)

    def __repr__(self) -> str:
        return f"Plan({self.rubric.key})"


def compile_rubric(rubric: Rubric, *, project: Project = DEFAULT_PROJECT) -> Plan:
    """Compile ``rubric`` into a :class:`Plan`.

    Supported (checked once, here): a budget-execution block (:class:`~perfrules.BudgetExecution`,
    any policies), indicator blocks without templates, the stock rules for ``≥ > ≤ < =`` and
    qualitative targets (:class:`~perfrules.Positive`, :class:`~perfrules.Reverse`,
    :class:`~perfrules.Equal`, :class:`~perfrules.QualitativeBands`, every variant),
    :class:`~perfrules.PointSum`, item/subtotal/total rounding in any mode, block overflow,
    N/A rescale or drop, total floor/ceiling, any grade scale and reading policy. Anything else
    — another aggregator or rule type, sector checks, limits (execution caps, vetoes, over-target
    deduction), block templates — raises :class:`~perfrules.exceptions.RubricError` naming it.

    Per input, the plan scores itself two-level inputs (``block/item`` paths, distinct within a
    block, each block a rubric indicator block); anything else — nested paths, unknown blocks,
    duplicate items, a missing weight, magnitudes beyond the fast arithmetic — and every input of a
    rubric without item rounding falls back to :func:`perfrules.evaluate <perfrules.evaluation.evaluate.evaluate>` on the converted input, so
    the result is the same either way. ``project`` labels converted inputs in explanations.
    """
    if not isinstance(rubric, Rubric):
        raise WrongTypeError(f"expected a Rubric, got {type(rubric).__name__}", path="rubric", value=rubric)
    return Plan(rubric, project)
