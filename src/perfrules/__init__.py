"""perfrules: exact, explainable budget-performance evaluation rules.

Describe a self-evaluation (自评表) — project, funds, indicator tree — score
it with a :class:`Rubric`, and get an exact, explained
:class:`EvaluationResult` with a grade::

    >>> import perfrules
    >>> result = perfrules.evaluate(perfrules.HUBEI_2020, perfrules.examples.huashan_2020())
    >>> result.total, result.grade.label_zh
    (Decimal('93.67'), '优')
"""

from perfrules import examples, exceptions, files, rubrics
from perfrules._version import __version__
from perfrules.aggregation import Aggregator, Minimum, PointSum, WeightedMean
from perfrules.checks import (
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
from perfrules.evaluation import EvaluationResult, NodeResult, evaluate
from perfrules.exceptions import (
    FloatRefusedError,
    InvalidInputError,
    NotationError,
    PerfrulesError,
    PerfrulesWarning,
    RubricError,
)
from perfrules.explanation import Explanation
from perfrules.files import dump, dumps, load, load_result, load_self_evaluation, loads
from perfrules.findings import Finding, Severity
from perfrules.funds import FundLine, Funds, FundSource
from perfrules.grading import NATIONAL_GRADES, PROVINCIAL_80_70_60, GradeBand, GradeScale
from perfrules.indicators import Assessment, Indicator
from perfrules.lint import lint
from perfrules.notation import Actual, ActualKind, Direction, Target, parse_actual, parse_target
from perfrules.overlays import Overlay, apply_overlay
from perfrules.project import Project, Scope
from perfrules.registry import (
    DuplicatePluginError,
    PluginError,
    Registry,
    SectorPack,
    UnknownRubricError,
    default_registry,
)
from perfrules.report import render_text
from perfrules.rounding import Rounding, RoundingMode, RoundingPolicy
from perfrules.rubric import AdjustmentPolicy, Block, BlockSource, NotApplicablePolicy, Rubric, ScoringRules
from perfrules.rubrics import RubricLintError, get_rubric, list_rubrics, load_rubric, loads_rubric, rubric_in_force
from perfrules.rules import (
    Band,
    BudgetExecution,
    Checklist,
    ChecklistItem,
    Deduction,
    DeductionCounting,
    Equal,
    EqualVariant,
    Judged,
    NotApplicable,
    Outcome,
    OverBudget,
    Positive,
    QualitativeBands,
    RangeActual,
    RangeRule,
    Reverse,
    ReverseVariant,
    Rule,
    RuleContext,
    ZeroBudget,
)
from perfrules.self_evaluation import Adjustment, SelfEvaluation
from perfrules.serialize import DocumentError, make_converter
from perfrules.versioning import NoRubricInForceError, ReplayReport, canonical_form, fingerprint, replay, select_rubric

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
