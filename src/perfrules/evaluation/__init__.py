"""Scoring a self-evaluation with a rubric: :func:`evaluate`, its immutable result, its text, replay, archives, what-if."""

from perfrules.evaluation.archive import ARCHIVE_FORMAT_VERSION, Archive, archive, load_archive, replay_archive
from perfrules.evaluation.evaluate import evaluate
from perfrules.evaluation.replay import ReplayReport, replay
from perfrules.evaluation.result import EvaluationResult, NodeResult, load_result, render_text
from perfrules.evaluation.score import score
from perfrules.evaluation.whatif import GradeDistance, RowChange, WhatIf, next_grade, what_if

__all__ = [
    "ARCHIVE_FORMAT_VERSION",
    "Archive",
    "EvaluationResult",
    "GradeDistance",
    "NodeResult",
    "ReplayReport",
    "RowChange",
    "WhatIf",
    "archive",
    "evaluate",
    "load_archive",
    "load_result",
    "next_grade",
    "render_text",
    "replay",
    "replay_archive",
    "score",
    "what_if",
]
