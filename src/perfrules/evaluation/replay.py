"""Replay: re-evaluate a stored result's inputs and learn whether the result is identical or exactly what changed.

An evaluation result records the rubric's code, version and fingerprint and
the perfrules version that scored it, so an auditor can replay a stored
evaluation years later. What says where the result came from rather than what
it concluded is not compared: the rubric's origin, the perfrules version that
scored it (an upgrade that changes no score replays identical; one that does
shows what it changed), the stored format's version
(a result stored before results were versioned replays like one that has it),
and, for a result of :func:`~perfrules.evaluation.score.score`, why its rubric
was chosen (``rubric_choice`` and the ``rubric.chosen`` / ``rubric.fallback``
finding it put first) — :func:`replay` is given the rubric.
"""

from __future__ import annotations

import attrs

from perfrules.evaluation.evaluate import evaluate
from perfrules.evaluation.result import EvaluationResult
from perfrules.explanation import fmt
from perfrules.model.self_evaluation import SelfEvaluation
from perfrules.rubrics.rubric import Rubric

__all__ = ["ReplayReport", "replay"]

#: the finding :func:`~perfrules.evaluation.score.score` puts first, saying why it chose the rubric
_CHOICE_CODES = ("rubric.chosen", "rubric.fallback")


@attrs.frozen
class ReplayReport:
    """What replaying a stored evaluation found.

    Attributes:
        identical: the new result equals the stored one in every field.
        fingerprint_matches: the rubric given is the one the stored result was scored with.
        differences: what differs, one line each.
        result: the new result.
    """

    identical: bool
    fingerprint_matches: bool
    differences: tuple[str, ...]
    result: EvaluationResult


def _differences(old: EvaluationResult, new: EvaluationResult) -> list[str]:
    out = []
    for name in ("rubric_code", "rubric_version", "rubric_fingerprint"):
        a, b = getattr(old, name), getattr(new, name)
        if a != b:
            out.append(f"{name}: {a} → {b}")
    if old.total_exact != new.total_exact:
        out.append(f"total: {fmt(old.total)} → {fmt(new.total)}")
    if old.grade != new.grade:
        if old.grade.code == new.grade.code:  # the same grade, its band moved: say how
            out.append(f"grade {old.grade.label_zh}: from {fmt(old.grade.lower)} → from {fmt(new.grade.lower)}")
        else:
            out.append(f"grade: {old.grade.label_zh} → {new.grade.label_zh}")
    before = {n.path: n for n in old.nodes()}
    after = {n.path: n for n in new.nodes()}
    for path in sorted(before.keys() | after.keys()):
        a_node, b_node = before.get(path), after.get(path)
        if a_node is None or b_node is None:
            out.append(f"{path}: {'added' if a_node is None else 'removed'}")
        elif a_node.exact_score != b_node.exact_score:
            out.append(f"{path}: {fmt(a_node.score)} → {fmt(b_node.score)}")
    old_codes = sorted(f"{f.code}@{f.path}" for f in old.findings)
    new_codes = sorted(f"{f.code}@{f.path}" for f in new.findings)
    if old_codes != new_codes:
        out.append("findings changed: " + ", ".join(sorted(set(old_codes) ^ set(new_codes))))
    if not out and old != new:
        out.append("explanations or findings differ in detail")
    return out


def replay(stored: EvaluationResult, inputs: SelfEvaluation, rubric: Rubric) -> ReplayReport:
    """Re-evaluate ``inputs`` with ``rubric`` and compare with the ``stored`` result.

    The rubric's origin (package, plugin or file) may differ; its fingerprint is
    what says whether it is the same rubric.
    """
    new = evaluate(rubric, inputs)
    # where the rubric was loaded from (a package, a file) is provenance, not part of the result's content
    comparable = attrs.evolve(stored, rubric_origin=new.rubric_origin, format_version=new.format_version, perfrules_version=new.perfrules_version)
    if stored.rubric_choice and stored.findings and stored.findings[0].code in _CHOICE_CODES:
        # score() chose the rubric and said why first; replay is handed the rubric instead
        comparable = attrs.evolve(comparable, rubric_choice="", findings=stored.findings[1:])
    differences = _differences(comparable, new)
    return ReplayReport(
        identical=not differences and comparable == new,
        fingerprint_matches=stored.rubric_fingerprint == new.rubric_fingerprint,
        differences=tuple(differences),
        result=new,
    )
