"""Limits applied after the total: grade caps by execution rate, vetoes (一票否决) and the over-target deduction.

Some schemes do not stop at the sum of the points. A provincial platform caps
the total by the budget-execution rate (70–80 % → at most 89 … below 50 % →
at most 59); poverty-fund rules bar an excellent grade when serious problems
are found (财农〔2019〕89号); the same platform deducts points from an actual set far
above its target (a target set too low, F12). These come from secondary
sources, so perfrules ships them as *kinds a rubric may declare*, never as
national defaults: a rubric lists its own caps, vetoes and deduction, and
each one applied is a finding that says what it did and why.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from fractions import Fraction
from typing import Any

import attrs

from perfrules._fields import tuple_field
from perfrules.exceptions import RubricError
from perfrules.values.decimals import decimal_field, optional_decimal_field

__all__ = ["ExecutionCap", "Limits", "OverTargetDeduction", "Veto"]


def _ratio(instance: Any, attribute: attrs.Attribute, value: Decimal) -> None:
    if not 0 < value <= 10:
        raise RubricError(f"{attribute.name} is a ratio of execution (0.8 = 80 %), got {value}")


def _not_negative(instance: Any, attribute: attrs.Attribute, value: Decimal | None) -> None:
    if value is not None and value < 0:
        raise RubricError(f"{attribute.name} must not be negative, got {value}")


@attrs.frozen
class ExecutionCap:
    """A budget-execution rate below ``below`` caps the total at ``max_total``.

    ``ExecutionCap(below=Decimal("0.8"), max_total=Decimal(89))``: executed
    less than 80 % of the budget → the total is at most 89 (no 优 under the
    national bands). The rate is 全年执行数 ÷ 全年预算数, exactly.
    """

    below: Decimal = decimal_field(validator=_ratio)
    max_total: Decimal = decimal_field(validator=_not_negative)


def _triggers(instance: Veto, attribute: attrs.Attribute, value: tuple[str, ...]) -> None:
    if not instance.findings and not instance.facts:
        raise RubricError(f"veto {instance.code!r} needs finding codes or facts that trigger it")
    if instance.max_grade is None and instance.max_total is None and instance.deduct is None:
        raise RubricError(f"veto {instance.code!r} must cap the grade (max_grade) or the total (max_total), or deduct points")


@attrs.frozen
class Veto:
    """一票否决: a serious problem that bars a grade, whatever the points.

    Attributes:
        code: the veto's identifier (``serious_violation``).
        title_zh / title_en: what it is about.
        findings: finding codes that trigger it (a sector check's code, a
            finding of the evaluation) — any one, at any severity.
        facts: facts of the self-evaluation that trigger it when above 0
            (``misused_funds = 12.5``).
        max_grade: the best grade it allows (a band code: ``good`` bars 优).
        max_total: the highest total it allows.
        deduct: points taken off the total (never below 0) — a check that deducts rather than caps.
    """

    code: str
    title_zh: str
    title_en: str = ""
    findings: tuple[str, ...] = tuple_field(str, default=())
    facts: tuple[str, ...] = tuple_field(str, default=())
    max_grade: str | None = None
    max_total: Decimal | None = optional_decimal_field(validator=_not_negative)
    deduct: Decimal | None = optional_decimal_field(validator=[_not_negative, _triggers])


@attrs.frozen
class OverTargetDeduction:
    """An actual at least ``ratio`` times its ≥ target loses ``points`` (the target was set too low, F12).

    The platform manual that describes it uses 30 % above (``ratio = 1.3``)
    and 2 points; both are parameters. The deduction comes off the item's
    score, never below 0, and is reported at the item.
    """

    ratio: Decimal = decimal_field(default=Decimal("1.3"))
    points: Decimal = decimal_field(default=Decimal(2), validator=_not_negative)

    def __attrs_post_init__(self) -> None:
        if self.ratio <= 1:
            raise RubricError(f"over_target.ratio must be above 1 (1.3 = 30 % above the target), got {self.ratio}")


def _caps(value: Any) -> tuple[ExecutionCap, ...]:
    if isinstance(value, (str, bytes)) or not isinstance(value, Iterable):
        raise RubricError(f"execution_caps is a list of caps, got {type(value).__name__}")
    caps = tuple(value)
    belows = [c.below for c in caps if isinstance(c, ExecutionCap)]
    if len(set(belows)) != len(belows):
        raise RubricError("execution caps: each 'below' rate may appear once")
    return caps


@attrs.frozen
class Limits:
    """What a rubric applies after the total (all empty by default).

    Attributes:
        execution_caps: caps of the total by execution rate; the tightest that applies wins.
        vetoes: problems that bar a grade.
        over_target: the over-target deduction, if the rubric uses one.
    """

    execution_caps: tuple[ExecutionCap, ...] = attrs.field(default=(), converter=_caps)
    vetoes: tuple[Veto, ...] = tuple_field(Veto, default=())
    over_target: OverTargetDeduction | None = None

    def __attrs_post_init__(self) -> None:
        for cap in self.execution_caps:
            if not isinstance(cap, ExecutionCap):
                raise RubricError(f"execution_caps holds {type(cap).__name__}, not an ExecutionCap")
        codes = [v.code for v in self.vetoes]
        if len(set(codes)) != len(codes):
            raise RubricError(f"veto codes must be distinct: {codes}")

    def cap_for(self, rate: Fraction) -> ExecutionCap | None:
        """The tightest cap that applies to an execution ``rate`` (an exact ratio), or ``None``."""
        applying = [c for c in self.execution_caps if rate < Fraction(c.below)]
        return min(applying, key=lambda c: c.max_total, default=None)
