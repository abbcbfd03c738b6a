"""The self-evaluation as data: project, funds, indicator tree, and the rule protocol that reads them."""

from perfrules.model.funds import FundLine, Funds, FundSource
from perfrules.model.indicators import Assessment, Indicator, Outcome, RangeActual, Rule, RuleContext
from perfrules.model.project import Project, Scope
from perfrules.model.self_evaluation import Adjustment, SelfEvaluation

__all__ = [
    "Adjustment",
    "Assessment",
    "FundLine",
    "FundSource",
    "Funds",
    "Indicator",
    "Outcome",
    "Project",
    "RangeActual",
    "Rule",
    "RuleContext",
    "Scope",
    "SelfEvaluation",
]
