"""Scoring a self-evaluation with a rubric: :func:`evaluate`, its immutable result, its text, replay, what-if."""

from perfrules.evaluation.evaluate import evaluate
from perfrules.evaluation.replay import ReplayReport, replay
from perfrules.evaluation.result import EvaluationResult, NodeResult, load_result, render_text
from perfrules.evaluation.score import score
from perfrules.evaluation.whatif import GradeDistance, RowChange, WhatIf, next_grade, what_if

__all__ = [
    "EvaluationResult",
    "GradeDistance",
    "NodeResult",
    "ReplayReport",
    "RowChange",
    "WhatIf",
    "evaluate",
    "load_result",
    "next_grade",
    "render_text",
    "replay",
    "score",
    "what_if",
]
