"""perfrules: exact, explainable budget-performance evaluation rules.

Describe a self-evaluation (自评表) — project, funds, indicator tree — score
it with a :class:`Rubric`, and get an exact, explained
:class:`EvaluationResult` with a grade::

    >>> import perfrules
    >>> result = perfrules.evaluate(perfrules.HUBEI_2020, perfrules.examples.huashan_2020())
    >>> result.total, result.grade.label_zh
    (Decimal('93.67'), '优')
"""

from perfrules import examples, exceptions, rubrics
from perfrules.io import documents as files  # the name of the document functions' module before 0.2
from perfrules._version import __version__
from perfrules.evaluation.evaluate import evaluate
from perfrules.evaluation.replay import ReplayReport, replay
from perfrules.evaluation.result import EvaluationResult, NodeResult, load_result
from perfrules.evaluation.text import render_text
from perfrules.exceptions import (
    FloatRefusedError,
    InvalidInputError,
    NotationError,
    PerfrulesError,
    PerfrulesWarning,
    RubricError,
)
from perfrules.explanation import Explanation
from perfrules.findings import Finding, Severity
from perfrules.io.converter import DocumentError, make_converter
from perfrules.io.documents import dump, dumps, load, load_self_evaluation, loads
from perfrules.model.funds import FundLine, Funds, FundSource
from perfrules.model.indicators import Assessment, Indicator
from perfrules.model.project import Project, Scope
from perfrules.model.rule import Outcome, RangeActual, Rule, RuleContext
from perfrules.model.self_evaluation import Adjustment, SelfEvaluation
from perfrules.rubrics.builtin import list_rubrics, rubric_in_force
from perfrules.rubrics.documents import RubricLintError
from perfrules.rubrics.fingerprint import canonical_form, fingerprint
from perfrules.rubrics.lint import lint
from perfrules.rubrics.loading import get_rubric, load_rubric, loads_rubric
from perfrules.rubrics.overlays import Overlay, apply_overlay
from perfrules.rubrics.registry import (
    DuplicatePluginError,
    PluginError,
    Registry,
    SectorPack,
    UnknownRubricError,
    default_registry,
)
from perfrules.rubrics.rubric import AdjustmentPolicy, Block, BlockSource, NotApplicablePolicy, Rubric, ScoringRules
from perfrules.rubrics.selection import NoRubricInForceError, select_rubric
from perfrules.rules.aggregation import Aggregator, Minimum, PointSum, WeightedMean
from perfrules.rules.checks import (
    AnyOf,
    Bound,
    ByYear,
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
from perfrules.rules.deduction import Checklist, ChecklistItem, Deduction, DeductionCounting, Judged
from perfrules.rules.execution import BudgetExecution, OverBudget, ZeroBudget
from perfrules.rules.grading import NATIONAL_GRADES, PROVINCIAL_80_70_60, GradeBand, GradeScale
from perfrules.rules.not_applicable import NotApplicable
from perfrules.rules.qualitative import Band, QualitativeBands
from perfrules.rules.quantitative import Equal, EqualVariant, Positive, RangeRule, Reverse, ReverseVariant
from perfrules.rules.rounding import Rounding, RoundingMode, RoundingPolicy
from perfrules.values.notation import Actual, ActualKind, Direction, Target, parse_actual, parse_target

__all__ = [
    "HUBEI_2020",
    "NATIONAL_2020",
    "NATIONAL_GRADES",
    "PROVINCIAL_80_70_60",
    "Actual",
    "ActualKind",
    "Adjustment",
    "AdjustmentPolicy",
    "Aggregator",
    "Assessment",
    "Band",
    "Block",
    "BlockSource",
    "BudgetExecution",
    "Checklist",
    "ChecklistItem",
    "Deduction",
    "DeductionCounting",
    "Direction",
    "Equal",
    "EqualVariant",
    "EvaluationResult",
    "Explanation",
    "Finding",
    "FloatRefusedError",
    "FundLine",
    "FundSource",
    "Funds",
    "GradeBand",
    "GradeScale",
    "Indicator",
    "Judged",
    "InvalidInputError",
    "Minimum",
    "NodeResult",
    "NotApplicable",
    "NotApplicablePolicy",
    "NotationError",
    "Outcome",
    "OverBudget",
    "PerfrulesError",
    "PointSum",
    "Positive",
    "Project",
    "QualitativeBands",
    "RangeActual",
    "RangeRule",
    "Reverse",
    "ReverseVariant",
    "Rounding",
    "RoundingMode",
    "RoundingPolicy",
    "Rubric",
    "RubricError",
    "Rule",
    "RuleContext",
    "Scope",
    "ScoringRules",
    "SelfEvaluation",
    "Severity",
    "Target",
    "WeightedMean",
    "ZeroBudget",
    "__version__",
    "evaluate",
    "examples",
    "exceptions",
    "get_rubric",
    "parse_actual",
    "parse_target",
    "render_text",
    "rubrics",
]

__all__ += [
    "DocumentError",
    "NoRubricInForceError",
    "Overlay",
    "PerfrulesWarning",
    "ReplayReport",
    "RubricLintError",
    "apply_overlay",
    "canonical_form",
    "dump",
    "dumps",
    "fingerprint",
    "files",
    "lint",
    "list_rubrics",
    "load",
    "load_result",
    "load_rubric",
    "load_self_evaluation",
    "loads",
    "loads_rubric",
    "make_converter",
    "replay",
    "rubric_in_force",
    "select_rubric",
]

__all__ += [
    "AnyOf",
    "Bound",
    "ByYear",
    "CheckResult",
    "CheckStatus",
    "Compare",
    "DuplicatePluginError",
    "PluginError",
    "Product",
    "RateMatches",
    "Ratio",
    "Registry",
    "SectorPack",
    "Shares",
    "Term",
    "Total",
    "UnknownRubricError",
    "YearValue",
    "default_registry",
]


def __getattr__(name: str) -> object:
    # built-in rubrics are read from the package's data files on first use, not at import
    if name in ("NATIONAL_2020", "HUBEI_2020"):
        return getattr(rubrics, name)
    raise AttributeError(f"module 'perfrules' has no attribute {name!r}")
