"""Scoring rules, one module per family, and what turns their points into a total and a grade.

- :mod:`~perfrules.rules.execution` — budget execution (预算执行率);
- :mod:`~perfrules.rules.quantitative` — ≥, ≤ (ratio / linear), =, range;
- :mod:`~perfrules.rules.qualitative` — judgement bands (优/良/中/差);
- :mod:`~perfrules.rules.deduction` — deduction, checklist, judged by a standard;
- :mod:`~perfrules.rules.deadline` — deadlines (时效: 年底前, 按时);
- :mod:`~perfrules.rules.not_applicable` — N/A;
- :mod:`~perfrules.rules.aggregation`, :mod:`~perfrules.rules.rounding`, :mod:`~perfrules.rules.grading`;
- :mod:`~perfrules.rules.checks` — sector checks over a report's facts;
- :mod:`~perfrules.rules.limits` — caps, vetoes and deductions applied after the total.

The rule protocol itself (:class:`~perfrules.model.indicators.Rule`) sits in the model, beside what it reads.
"""

from perfrules.model.indicators import Outcome, RangeActual, Rule, RuleContext
from perfrules.rules.aggregation import Aggregator, Minimum, PointSum, WeightedMean
from perfrules.rules.checks import (
    AnyOf,
    Bound,
    ByYear,
    Check,
    CheckResult,
    CheckStatus,
    Compare,
    Product,
    RateMatches,
    Ratio,
    Shares,
    Term,
    Total,
    YearValue,
)
from perfrules.rules.deadline import DeadlineRule
from perfrules.rules.deduction import Checklist, ChecklistItem, Deduction, DeductionCounting, Judged
from perfrules.rules.department import ChangeRate, CompletionRate, ControlRate
from perfrules.rules.department_checks import PartShare, SameCount, ScopeIs, ScoreAgainstParts
from perfrules.rules.execution import BudgetExecution, OverBudget, ZeroBudget
from perfrules.rules.grading import NATIONAL_GRADES, PROVINCIAL_80_70_60, GradeBand, GradeScale
from perfrules.rules.merging import MergedFigure, MergedFigures, UnitFigures, merge_results, unit_figures
from perfrules.rules.limits import ExecutionCap, Limits, OverTargetDeduction, Veto
from perfrules.rules.tolerance import Tolerance
from perfrules.rules.not_applicable import NotApplicable
from perfrules.rules.qualitative import Band, QualitativeBands
from perfrules.rules.quantitative import Equal, EqualVariant, Positive, RangeRule, Reverse, ReverseVariant
from perfrules.rules.rounding import Rounding, RoundingMode, RoundingPolicy

__all__ = [
    "Aggregator",
    "AnyOf",
    "Band",
    "Bound",
    "BudgetExecution",
    "ByYear",
    "ChangeRate",
    "Check",
    "Checklist",
    "ChecklistItem",
    "CheckResult",
    "CheckStatus",
    "Compare",
    "CompletionRate",
    "ControlRate",
    "DeadlineRule",
    "Deduction",
    "DeductionCounting",
    "Equal",
    "EqualVariant",
    "ExecutionCap",
    "GradeBand",
    "GradeScale",
    "Judged",
    "Limits",
    "MergedFigure",
    "MergedFigures",
    "Minimum",
    "NATIONAL_GRADES",
    "NotApplicable",
    "Outcome",
    "OverBudget",
    "OverTargetDeduction",
    "PartShare",
    "PointSum",
    "Positive",
    "Product",
    "PROVINCIAL_80_70_60",
    "QualitativeBands",
    "RangeActual",
    "RangeRule",
    "RateMatches",
    "Ratio",
    "Reverse",
    "ReverseVariant",
    "Rounding",
    "RoundingMode",
    "RoundingPolicy",
    "Rule",
    "RuleContext",
    "SameCount",
    "ScopeIs",
    "ScoreAgainstParts",
    "Shares",
    "Term",
    "Tolerance",
    "Total",
    "UnitFigures",
    "Veto",
    "WeightedMean",
    "YearValue",
    "ZeroBudget",
    "merge_results",
    "unit_figures",
]
