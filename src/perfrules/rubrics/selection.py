"""Which rubric is in force: selection by region (most specific wins) and date (effective range, newest version)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from perfrules.exceptions import PerfrulesError, RubricError
from perfrules.rubrics.rubric import Rubric
from perfrules.values.versions import version_key

__all__ = ["NoRubricInForceError", "select_rubric"]


class NoRubricInForceError(PerfrulesError, LookupError):
    """No rubric of a set is in force for the region and date asked."""


def _region_specificity(rubric: Rubric, region: str) -> int | None:
    """Segments of the longest scope covering ``region``; None if none does (or the rubric has no scope)."""
    best = None
    for scope in rubric.regions:
        if region == scope or region.startswith(scope + "-"):
            depth = scope.count("-") + 1
            best = depth if best is None else max(best, depth)
    return best


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
        candidates.append(((spec, r.effective_from or dt.date.min, version_key(r.version)), r))
    if not candidates:
        raise NoRubricInForceError(f"no rubric is in force for region {region or '(any)'!r} on {on.isoformat()}")
    candidates.sort(key=lambda item: item[0], reverse=True)
    (top_key, top), *rest = candidates
    for key, other in rest:
        if key == top_key and other != top:
            raise RubricError(f"rubrics {top.key} and {other.key} are equally applicable for {region!r} on {on.isoformat()}")
    return top
