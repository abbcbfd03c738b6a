"""How far two scores of the same row may differ before the difference is reported (a review's tolerance)."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from typing import Any

import attrs

from perfrules.exceptions import RubricError
from perfrules.values.decimals import decimal_field

__all__ = ["Tolerance"]


def _not_negative(instance: Any, attribute: attrs.Attribute, value: Decimal) -> None:
    if value < 0:
        raise RubricError(f"tolerance.{attribute.name} must not be negative, got {value}")


@attrs.frozen
class Tolerance:
    """A difference within ``absolute`` points, or within ``relative`` of the row's points, is tolerated.

    >>> Tolerance(absolute=Decimal("0.5")).allows(Decimal("-0.5"), Decimal(10))
    True
    >>> Tolerance(relative=Decimal("0.1")).allows(Decimal("-1.5"), Decimal(10))
    False
    """

    absolute: Decimal = decimal_field(default=Decimal(0), validator=_not_negative)
    relative: Decimal = decimal_field(default=Decimal(0), validator=_not_negative)

    def allows(self, difference: Decimal, points: Decimal | None) -> bool:
        """Whether ``difference`` (either sign) is tolerated for a row of ``points``."""
        limit = max(Fraction(self.absolute), Fraction(self.relative) * Fraction(points) if points is not None else Fraction(0))
        return abs(Fraction(difference)) <= limit
