"""The rule protocol and the records a rule reads and returns.

Kept apart from the built-in rules so that the model (an indicator may name
its own rule) can refer to the protocol without importing every rule.
"""

from __future__ import annotations

import enum
from decimal import Decimal
from fractions import Fraction
from typing import TYPE_CHECKING, ClassVar, Protocol, runtime_checkable

import attrs

from perfrules.explanation import Explanation
from perfrules.findings import Finding
from perfrules.values.decimals import decimal_field
from perfrules.values.pairing import ReadingPolicy
from perfrules.values.units import DEFAULT_UNITS, UnitTable

if TYPE_CHECKING:
    from perfrules.model.funds import Funds
    from perfrules.model.indicators import Indicator

__all__ = ["Outcome", "RangeActual", "Rule", "RuleContext"]


class RangeActual(enum.Enum):
    """Which number of a range actual (``25~30人``) a quantitative rule reads."""

    LOWER = "lower"
    MIDPOINT = "midpoint"
    UPPER = "upper"


@attrs.frozen
class RuleContext:
    """What a rule may read.

    Attributes:
        weight: the item's points (分值).
        path: where the item sits, for findings.
        indicator: the leaf being scored (indicator rules).
        funds: the funds block (budget-execution rule).
        range_actual: how to read a range actual.
        reading: how an actual is read against its target (units, ambiguity, strict bounds).
        units: the unit table (perfrules' own, extended by the rubric).
        year: the budget year, for deadlines written without one (``年底前``).
    """

    weight: Decimal = decimal_field()
    path: str = ""
    indicator: Indicator | None = None
    funds: Funds | None = None
    range_actual: RangeActual = RangeActual.LOWER
    reading: ReadingPolicy = attrs.field(factory=ReadingPolicy)
    units: UnitTable = attrs.field(default=DEFAULT_UNITS, eq=False)
    year: int | None = None


@attrs.frozen
class Outcome:
    """What a rule concluded.

    Attributes:
        value: the exact, unrounded points, in ``[0, weight]``.
        explanation: why.
        findings: anything noticed on the way.
        applicable: ``False`` if the item is excluded (N/A).
    """

    value: Fraction
    explanation: Explanation
    findings: tuple[Finding, ...] = ()
    applicable: bool = True


@runtime_checkable
class Rule(Protocol):
    """The rule protocol: ``apply(context) -> Outcome`` with the value in ``[0, weight]``.

    ``kind`` names the rule in files and explanations.
    """

    kind: ClassVar[str]

    def apply(self, ctx: RuleContext) -> Outcome:  # pragma: no cover - protocol
        ...
