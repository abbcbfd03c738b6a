"""Checks of department-overall (部门整体) reports over their facts: data, like every sector check.

Three kinds join those of :mod:`perfrules.rules.checks` (which already say whether a printed rate
agrees with its figures, a total with its parts, one figure with another):

- ``scope`` (:class:`ScopeIs`) — the report evaluates what the rubric is for (a department rubric
  applied to a project's self-evaluation is a mistake the rubric itself can report);
- ``same_count`` (:class:`SameCount`) — the same thing counted alike wherever the report counts it
  (98 orphans in the evidence, 100 in the output analysis: the Jingmen Civil Affairs Bureau's 2022
  department-overall self-evaluation report). Facts named
  ``thing@place`` are compared by ``thing``;
- ``score_against_parts`` (:class:`ScoreAgainstParts`) — a stated self-score against the most its
  parts allow, given how far the report says each part was met (96 points while the annual
  targets were "basically" met, i.e. below the 80 % edge of the qualitative bands (F10): the same
  Jingmen report).
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from typing import ClassVar

import attrs

from perfrules._fields import enum_field, tuple_field
from perfrules.exceptions import RubricError
from perfrules.explanation import fmt
from perfrules.model.project import Scope
from perfrules.model.self_evaluation import SelfEvaluation
from perfrules.rules.checks import CheckResult, CheckStatus, _CheckBase
from perfrules.values.decimals import decimal_field, exact_sum, fraction_to_decimal
from perfrules.messages import en_zh

__all__ = ["PartShare", "SameCount", "ScopeIs", "ScoreAgainstParts"]


@attrs.frozen(kw_only=True)
class ScopeIs(_CheckBase):
    """The self-evaluation's ``project.scope`` is the one the rubric is for (default: a department)."""

    kind: ClassVar[str] = "scope"
    scope: Scope = enum_field(Scope, default=Scope.DEPARTMENT)

    def run(self, se: SelfEvaluation) -> CheckResult:
        given = se.project.scope
        status = CheckStatus.PASSED if given is self.scope else CheckStatus.FAILED
        return self._result(
            status,
            *en_zh("rules.department_checks.run", given_value=given.value, self_scope_value=self.scope.value),
            scope=given.value,
            required=self.scope.value,
        )


@attrs.frozen(kw_only=True)
class SameCount(_CheckBase):
    """Every fact named ``thing<separator>place`` agrees with the others of its ``thing`` (± tolerance).

    ``orphans@evidence = 98`` and ``orphans@output = 100`` disagree. A thing counted in one
    place only is not checked; with no such facts at all the check is skipped.
    """

    kind: ClassVar[str] = "same_count"
    separator: str = attrs.field(default="@")
    tolerance: Decimal = decimal_field(default=Decimal(0))

    def __attrs_post_init__(self) -> None:
        if not self.separator:
            raise RubricError(f"check {self.code!r}: the separator may not be empty")
        if self.tolerance < 0:
            raise RubricError(f"check {self.code!r}: tolerance must not be negative")

    def run(self, se: SelfEvaluation) -> CheckResult:
        things: dict[str, list[tuple[str, Decimal]]] = {}
        for name, value in se.facts:
            thing, sep, place = name.partition(self.separator)
            if sep and thing and place:
                things.setdefault(thing, []).append((place, value))
        counted = {t: places for t, places in things.items() if len(places) > 1}
        if not counted:
            return self._result(
                CheckStatus.SKIPPED,
                *en_zh("rules.department_checks.run.4", self_separator=self.separator),
            )
        tol = Fraction(self.tolerance)
        bad = {t: p for t, p in counted.items() if max(Fraction(v) for _, v in p) - min(Fraction(v) for _, v in p) > tol}
        shown_en = "; ".join(f"{t}: " + " vs ".join(f"{fmt(v)} ({pl})" for pl, v in p) for t, p in bad.items())
        shown_zh = "；".join(f"{t}：" + " 与 ".join(f"{fmt(v)}（{pl}）" for pl, v in p) for t, p in bad.items())
        if not bad:
            listed = ", ".join(sorted(counted))
            return self._result(CheckStatus.PASSED, *en_zh("rules.department_checks.run.5", listed=listed), things=listed)
        return self._result(
            CheckStatus.FAILED,
            *en_zh("rules.department_checks.run.2", len_bad=len(bad), len_counted=len(counted), en=shown_en, zh=shown_zh),
            things=",".join(bad),
        )


@attrs.frozen
class PartShare:
    """A part of the score: its points and the fact holding how far (in %) the report says it was met."""

    fact: str
    points: Decimal = decimal_field()

    def __attrs_post_init__(self) -> None:
        if self.points < 0:
            raise RubricError(f"part {self.fact!r}: points must not be negative")


@attrs.frozen(kw_only=True)
class ScoreAgainstParts(_CheckBase):
    """A stated score within what its parts allow: ``stated ≤ (base − Σ points) + Σ points × min(shareᵢ, 100 %)``.

    Parts not listed count in full. With ``strict`` a share is an upper bound the part does not
    reach (F10: "partly achieved" is *below* 80 %), so the stated score must stay below the
    allowance.
    """

    kind: ClassVar[str] = "score_against_parts"
    stated: str
    parts: tuple[PartShare, ...] = tuple_field(PartShare)
    base: Decimal = decimal_field(default=Decimal(100))
    strict: bool = False
    tolerance: Decimal = decimal_field(default=Decimal(0))

    def __attrs_post_init__(self) -> None:
        if not self.parts:
            raise RubricError(f"check {self.code!r}: name at least one part")
        if exact_sum(p.points for p in self.parts) > self.base:
            raise RubricError(f"check {self.code!r}: the parts' points exceed the base {self.base}")
        if self.tolerance < 0:
            raise RubricError(f"check {self.code!r}: tolerance must not be negative")

    def run(self, se: SelfEvaluation) -> CheckResult:
        got = self._facts(se, [self.stated, *(p.fact for p in self.parts)])
        if isinstance(got, CheckResult):
            return got
        stated, *shares = got
        listed = exact_sum(p.points for p in self.parts)
        allowed = Fraction(self.base) - Fraction(listed)
        terms = [fmt(fraction_to_decimal(allowed))]
        for part, share in zip(self.parts, shares, strict=True):
            allowed += Fraction(part.points) * min(Fraction(share), Fraction(100)) / 100
            terms.append(f"{fmt(part.points)} × {fmt(min(share, Decimal(100)))}%")
        margin = Fraction(stated) - allowed
        ok = margin < Fraction(self.tolerance) if self.strict else margin <= Fraction(self.tolerance)
        below = "below " if self.strict else "at most "
        expr = " + ".join(terms)
        shown = fmt(fraction_to_decimal(allowed))
        return self._result(
            CheckStatus.PASSED if ok else CheckStatus.FAILED,
            *en_zh("rules.department_checks.run.3", self_stated=self.stated, stated=fmt(stated), below=below, expr=expr, shown=shown, 不到_if_self_strict_else_为='不到' if self.strict else '为'),
            stated=stated,
            allowed=fraction_to_decimal(allowed),
        )
