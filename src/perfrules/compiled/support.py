"""What a rubric must be for the plan to score it itself: checked once, with the reason when not."""

from __future__ import annotations

from decimal import Decimal

from perfrules.exceptions import RubricError
from perfrules.rubrics.rubric import BlockSource, Rubric
from perfrules.rules.aggregation import PointSum
from perfrules.rules.execution import BudgetExecution
from perfrules.rules.qualitative import QualitativeBands
from perfrules.rules.quantitative import Equal, Positive, Reverse

__all__ = ["check_supported"]

_RULES = (("positive", Positive), ("reverse", Reverse), ("equal", Equal), ("qualitative", QualitativeBands))


def check_supported(rubric: Rubric) -> None:
    """Raise :class:`~perfrules.exceptions.RubricError` naming the first part of ``rubric`` the plan does not execute."""
    where = f"rubric {rubric.key}"
    if type(rubric.aggregator) is not PointSum:
        raise RubricError(f"{where}: the compiled plan supports the point_sum aggregator only, not {rubric.aggregator.kind!r}")
    if type(rubric.execution) is not BudgetExecution:
        raise RubricError(f"{where}: the compiled plan supports the stock budget-execution rule only, not {type(rubric.execution).__name__}")
    for name, cls in _RULES:
        rule = getattr(rubric.rules, name)
        if type(rule) is not cls:
            raise RubricError(f"{where}: the compiled plan supports the stock {name} rule ({cls.__name__}) only, not {type(rule).__name__}")
    if rubric.checks:
        raise RubricError(f"{where}: the compiled plan does not run sector checks ({', '.join(c.code for c in rubric.checks)})")
    limits = rubric.limits
    if limits.execution_caps or limits.vetoes or limits.over_target is not None:
        raise RubricError(f"{where}: the compiled plan does not apply limits (execution caps, vetoes, the over-target deduction)")
    for block in rubric.blocks:
        if block.indicators:
            raise RubricError(f"{where}: block {block.code!r} has an indicator template; the compiled plan does not fit templates")
        if block.source is BlockSource.INDICATORS and block.weight < Decimal(0):
            raise RubricError(f"{where}: block {block.code!r} has negative points")
