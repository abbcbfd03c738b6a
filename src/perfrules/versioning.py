"""Rubric identity over time: canonical form, fingerprint, selection by region and date, replay.

An evaluation result records the rubric's code, version and fingerprint and
the perfrules version that scored it, so an auditor can replay a stored
evaluation years later and either get the identical result or learn exactly
what changed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

import attrs

from perfrules.canonical import canonical_form, fingerprint
from perfrules.evaluation import EvaluationResult, evaluate
from perfrules.exceptions import PerfrulesError, RubricError
from perfrules.explanation import fmt
from perfrules.rubric import Rubric
from perfrules.self_evaluation import SelfEvaluation

__all__ = [
    "NoRubricInForceError",
    "ReplayReport",
    "canonical_form",
    "fingerprint",
    "replay",
    "select_rubric",
]


class NoRubricInForceError(PerfrulesError, LookupError):
    """No rubric of a set is in force for the region and date asked."""


# ------------------------------------------------------------------ selection
def _region_specificity(rubric: Rubric, region: str) -> int | None:
    """Segments of the longest scope covering ``region``; None if none does (or the rubric has no scope)."""
    best = None
    for scope in rubric.regions:
        if region == scope or region.startswith(scope + "-"):
            depth = scope.count("-") + 1
            best = depth if best is None else max(best, depth)
    return best


def _semver(version: str) -> tuple[int, ...]:
    core = version.split("-", 1)[0]
    return tuple(int(x) for x in core.split("."))


def select_rubric(rubrics: Iterable[Rubric], *, region: str = "", on: dt.date) -> Rubric:
    """The rubric in force for ``region`` on ``on``.

    Among rubrics effective on the date whose region scope covers the region
    (``"CN"`` covers ``"CN-HB"``, which covers ``"CN-HB-Wuhan"``), the most
    specific scope wins, then the latest ``effective_from``, then the highest
    version. A rubric without region scope is never selected this way; ask
    for it by code.

    Raises:
        NoRubricInForceError: none applies.
        RubricError: two different rubrics tie.
    """
    candidates = []
    for r in rubrics:
        if not r.in_force(on):
            continue
        spec = _region_specificity(r, region)
        if spec is None:
            continue
        candidates.append(((spec, r.effective_from or dt.date.min, _semver(r.version)), r))
    if not candidates:
        raise NoRubricInForceError(f"no rubric is in force for region {region or '(any)'!r} on {on.isoformat()}")
    candidates.sort(key=lambda item: item[0], reverse=True)
    (top_key, top), *rest = candidates
    for key, other in rest:
        if key == top_key and other != top:
            raise RubricError(f"rubrics {top.key} and {other.key} are equally applicable for {region!r} on {on.isoformat()}")
    return top


# ------------------------------------------------------------------ replay
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
    for name in ("rubric_code", "rubric_version", "rubric_fingerprint", "perfrules_version"):
        a, b = getattr(old, name), getattr(new, name)
        if a != b:
            out.append(f"{name}: {a} → {b}")
    if old.total_exact != new.total_exact:
        out.append(f"total: {fmt(old.total)} → {fmt(new.total)}")
    if old.grade != new.grade:
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
    comparable = attrs.evolve(stored, rubric_origin=new.rubric_origin)
    differences = _differences(comparable, new)
    return ReplayReport(
        identical=not differences and comparable == new,
        fingerprint_matches=stored.rubric_fingerprint == new.rubric_fingerprint,
        differences=tuple(differences),
        result=new,
    )
