"""Scoring a self-evaluation with a rubric: :func:`evaluate`, its immutable result, its text, replay."""

from perfrules.evaluation.evaluate import evaluate
from perfrules.evaluation.replay import ReplayReport, replay
from perfrules.evaluation.result import EvaluationResult, NodeResult, load_result, render_text
from perfrules.evaluation.score import score

__all__ = ["EvaluationResult", "NodeResult", "ReplayReport", "evaluate", "load_result", "render_text", "replay", "score"]
